package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"seniorimporter/outcome"
)

// manDate is the date every generated man page carries: fixed, so that generating the pages
// again gives the same bytes (docs_test.go compares them with docs/cli/).
const manDate = "2026-11-01"

func newGenDocsCmd(e env) *cobra.Command {
	return &cobra.Command{
		Use:    "gen-docs DIR",
		Short:  "Write the Markdown command reference and the man pages into DIR (make docs)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := genDocs(docsRoot(e), args[0]); err != nil {
				return &failure{err: err}
			}
			fmt.Fprintln(e.stdout, args[0])
			return nil
		},
	}
}

// docsRoot is the command tree the reference is generated from: in English whatever the
// command line's language. cobra/doc writes its own headings (Synopsis, Options, SEE ALSO; a
// man page's NAME, SYNOPSIS, OPTIONS) in English with no hook to change them, and the
// commands' descriptions and flags are English: cobra's texts in Portuguese among them (the
// help flag's "ajuda do run") would make pages of two languages, and docs/cli/ would change
// with the language of whoever ran make docs.
func docsRoot(e env) *cobra.Command { return newRootCmdIn(e, outcome.EN) }

// genDocs writes root's command reference into dir (importer*.md) and its man pages into
// dir/man (importer*.1), first removing the files an earlier generation wrote there, so a
// command that is gone leaves no page behind.
func genDocs(root *cobra.Command, dir string) error {
	manDir := filepath.Join(dir, "man")
	for _, pattern := range []string{filepath.Join(dir, "importer*.md"), filepath.Join(manDir, "importer*.1")} {
		old, err := filepath.Glob(pattern)
		if err != nil {
			return err
		}
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	if err := os.MkdirAll(manDir, 0o755); err != nil {
		return err
	}
	disableAutoGenTag(root)
	if err := doc.GenMarkdownTree(root, dir); err != nil {
		return err
	}
	date, err := time.Parse(time.DateOnly, manDate)
	if err != nil {
		return err
	}
	return doc.GenManTree(root, &doc.GenManHeader{Title: "IMPORTER", Section: "1", Source: "seniorimporter", Manual: "Senior importer", Date: &date}, manDir)
}

// disableAutoGenTag keeps cobra's "Auto generated on DATE" line out of every page.
func disableAutoGenTag(c *cobra.Command) {
	c.DisableAutoGenTag = true
	for _, sub := range c.Commands() {
		disableAutoGenTag(sub)
	}
}
