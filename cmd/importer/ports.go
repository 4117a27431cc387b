package main

import (
	"context"
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"seniorimporter/templates"
)

// portsOptions are the flags of ports.
type portsOptions struct {
	env
	catalogue string
	lang      string
}

func newPortsCmd(e env) *cobra.Command {
	o := &portsOptions{env: e}
	cmd := &cobra.Command{
		Use:   "ports",
		Short: e.describe.CommandShort("ports"),
		Long:  e.describe.CommandLong("ports"),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				lang := cmdLang(cmd)
				return &usageError{errors.New(lang.PortsNoArgs(args[0])), lang}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return result(0, runPorts(cmd.Context(), o))
		},
	}
	cmd.Flags().StringVar(&o.catalogue, "catalogue", "", "`DIR` of extra port files (*.yaml), one port a file, written as templates/ports/*.yaml (README: Catalogue files)")
	cmd.Flags().StringVar(&o.lang, "lang", "pt", "language of the list: pt or en")
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("catalogue", dirs))
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("lang", fixed("pt", "en")))
	return cmd
}

// runPorts prints every port with its description.
func runPorts(_ context.Context, o *portsOptions) error {
	if _, err := langFlag(o.lang); err != nil {
		return err
	}
	cat, err := templates.Load(o.catalogue)
	if err != nil {
		return err
	}
	return templates.WritePortList(o.stdout, cat, o.lang)
}

// portNames is the names of every port, for an error message.
func portNames(cat *templates.Catalogue) string {
	var names []string
	for _, p := range cat.Ports() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

// completePorts offers the port names (with their descriptions) that start with toComplete,
// from the embedded catalogue and the command's --catalogue.
func completePorts(cmd *cobra.Command, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	dir, _ := cmd.Flags().GetString("catalogue")
	cat, err := templates.Load(dir)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, p := range cat.Ports() {
		if strings.HasPrefix(strings.ToLower(p.Name), strings.ToLower(toComplete)) {
			out = append(out, cobra.CompletionWithDesc(p.Name, p.Description))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completePortFlag completes the value of --op.
func completePortFlag(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return completePorts(cmd, toComplete)
}

// completePortArg completes template's one argument.
func completePortArg(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return completePorts(cmd, toComplete)
}
