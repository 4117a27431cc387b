package main

import (
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"

	"seniorimporter/outcome"
)

// logStart logs a command's first line: the importer's version, the command, its inputs (the
// job file, or the files as given), where it sends (the endpoints, the user), the journal and
// the outputs' folder. Without it a nightly log (appended to, night after night) began each
// run with the journal's line: which version ran, against which Senior, with which inputs,
// was nowhere in it (a wrong endpoint's rows said "--endpoint", not its value). Never a
// password: an endpoint that holds one (or does not parse) is left out, as the run will
// refuse it, saying why.
func (o *runOptions) logStart(log *slog.Logger, command string, inputs []string) {
	if log == nil {
		return
	}
	args := []any{"version", version(), "command", command, "pid", os.Getpid()}
	if o.job != nil {
		args = append(args, "job", o.job.Path)
		var names []string
		for i, st := range o.job.Steps {
			if st.Name == "" {
				names = append(names, "step"+strconv.Itoa(i+1))
			} else {
				names = append(names, st.Name)
			}
		}
		if len(names) > 0 {
			args = append(args, "steps", strings.Join(names, ", "))
		}
	}
	if len(inputs) > 0 {
		args = append(args, "inputs", strings.Join(inputs, ", "))
	}
	if !o.validate {
		if e := endpointForLog(o.endpoint); e != "" {
			args = append(args, "endpoint", e)
		}
		if e := endpointForLog(o.crmEndpoint); e != "" {
			args = append(args, "crm_endpoint", e)
		}
		if o.user != "" {
			args = append(args, "user", o.user)
		}
		switch jp, err := journalPath(o.journalPath, o.getenv); {
		case o.noJournal:
			args = append(args, "journal", "none")
		case err == nil:
			args = append(args, "journal", jp)
		}
	}
	if o.out != "" && !o.outGivesWay() {
		// Not the job's out that --summary on the command line set aside: the line named a
		// folder the night then never made (its reports were nowhere, and the log said there).
		args = append(args, "out", o.out)
	}
	log.Info(outcome.Lang(o.lang).LogStarted(), args...)
	o.warnWritableByOthers(log)
}

// endpointForLog is an endpoint as the log may show it: scheme, host and path; "" for one
// that does not parse, names no host or holds a user or password (the run refuses those,
// without repeating them).
func endpointForLog(v string) string {
	u, err := url.Parse(v)
	if v == "" || err != nil || u.User != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.Scheme + "://" + u.Host + u.Path
}
