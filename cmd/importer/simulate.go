package main

import (
	"flag"
	"strings"

	"github.com/spf13/cobra"

	"seniorimporter/simulator"
)

func newSimulateCmd(e env) *cobra.Command {
	var o simulator.Options
	cmd := &cobra.Command{
		Use:   "simulate [flags]",
		Short: e.describe.CommandShort("simulate"), // in the list of commands: its help is English
		Long: "A strict, fault-injecting Senior SOAP server (G5 and CRM) on loopback: it checks envelopes\n" +
			"as strictly as Senior's documentation reads, keeps what it accepts, and answers the read\n" +
			"ports from what it keeps. It prints 127.0.0.1:PORT as the first line on stdout and serves\n" +
			"until SIGINT, SIGTERM or SIGHUP.\n\n" +
			"GET /_stats: counters; GET /_records?port=P: what it keeps; POST /_config\n" +
			"{\"latency\": \"40ms\", \"capacity\": 2, \"reset_max_in_flight\": true}: change them mid-run.\n\n" +
			"Exit codes: 0 stopped, 2 bad flags or address.",
		Example: "  importer simulate --addr 127.0.0.1:0 --fault http503=0.1 --latency 20ms",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return result(simulator.Serve(cmd.Context(), o, e.stdout, e.stderr, e.getenv), nil)
		},
	}
	// The simulator defines its flags on a standard flag set; pflag takes them as long flags.
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	o.AddFlags(fs)
	cmd.Flags().AddGoFlagSet(fs)
	kinds := make([]cobra.Completion, len(simulator.AllFaults()))
	for i, k := range simulator.AllFaults() {
		kinds[i] = string(k) + "="
	}
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("fault", func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, k := range kinds {
			if strings.HasPrefix(k, toComplete) {
				out = append(out, k)
			}
		}
		return out, cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	}))
	cobra.CheckErr(cmd.RegisterFlagCompletionFunc("state", extensions("json")))
	return cmd
}
