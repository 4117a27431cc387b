package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"seniorimporter/pipeline"
	"seniorimporter/templates"
	"seniorimporter/writers"
)

// templateOptions are the flags and argument of template.
type templateOptions struct {
	env
	port      string
	output    string
	lang      string
	catalogue string
	force     bool
}

func newTemplateCmd(e env) *cobra.Command {
	o := &templateOptions{env: e}
	cmd := &cobra.Command{
		Use:               "template PORT -o FILE.xlsx",
		Short:             e.describe.CommandShort("template"),
		Long:              e.describe.CommandLong("template"),
		Example:           "  importer template GravarOrcamentos -o GravarOrcamentos-nov.xlsx",
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completePortArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.port = args[0]
			}
			return result(0, runTemplate(cmd.Context(), o))
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "output XLSX `FILE`")
	cmd.Flags().StringVar(&o.lang, "lang", "pt", "language of header notes: pt or en")
	cmd.Flags().StringVar(&o.catalogue, "catalogue", "", "`DIR` of extra port files (*.yaml), one port a file, written as templates/ports/*.yaml (README: Catalogue files)")
	cmd.Flags().BoolVar(&o.force, "force", false, "replace FILE if it exists (without it, an existing file is never written over: it may be a filled sheet)")
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("output", extensions("xlsx")))
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("lang", fixed("pt", "en")))
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("catalogue", dirs))
	return cmd
}

// runTemplate writes the template of o.port to o.output and prints the file's name. Without a
// port it lists the ports on stderr (under their own heading) and returns a usage error.
func runTemplate(_ context.Context, o *templateOptions) error {
	lang, err := langFlag(o.lang)
	if err != nil {
		return err
	}
	refuse := func(msg string) error { return &usageError{errors.New(msg), lang} }
	cat, err := templates.Load(o.catalogue)
	if err != nil {
		return err
	}
	if o.port == "" {
		if err := templates.WritePortList(o.stderr, cat, o.lang); err != nil {
			return err
		}
		return refuse(lang.TemplateNamePort())
	}
	p := cat.Port(o.port)
	if p == nil {
		return refuse(lang.TemplateUnknownPort(o.port, portNames(cat)))
	}
	if o.output == "" {
		return refuse(lang.TemplateOutputNeeded())
	}
	// The importer tells a file's port by its name: a template named after another port would
	// be read as that one's (every header unknown), one named after none refused (a tester
	// named it orcamentos-nov.xlsx, as the guide once did).
	switch q := pipeline.PortNamed(cat, o.output); {
	case q != nil && q != p:
		return refuse(lang.TemplateOtherPortsName(o.output, q.Name, p.Name))
	case q == nil:
		fmt.Fprintln(o.stderr, lang.TemplateNotNamedAfterPort(o.output, p.Name))
	}
	// --force replaces the file only once the template is whole: a failure leaves it as it was.
	if o.force {
		var b bytes.Buffer
		if err := templates.RenderXLSX(p, &b, o.lang); err != nil {
			return err
		}
		if err := writers.WriteFile(o.output, b.Bytes()); err != nil {
			return err
		}
		fmt.Fprintln(o.stdout, o.output)
		return nil
	}
	// A template is a new file: the same name as the sheet someone filled in is a slip that
	// would lose their rows.
	f, err := os.OpenFile(o.output, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return errors.New(lang.TemplateExists(o.output))
	}
	if err != nil {
		return err
	}
	if err := templates.RenderXLSX(p, f, o.lang); err != nil {
		f.Close()
		os.Remove(o.output)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(o.output)
		return err
	}
	fmt.Fprintln(o.stdout, o.output)
	return nil
}
