// Package monitor is what a finished run shows the world outside it, for runs nobody watches:
// the metrics file that node_exporter's textfile collector serves to Prometheus (metrics.go),
// the on-finish command that mails, posts or opens a ticket (hook.go), and the summary file
// written atomically, with the reason when a run could not start (summary.go).
//
// It is its own package, not a file of cmd/importer, because two commands use it (run after a
// run or a job, watch after every dropped file), because it keeps the Prometheus client out of
// the command and the pipeline, and because it is tested on its own: the metrics file is
// parsed back with Prometheus' own text parser. It reads a run only through its summary and its
// JSONL report lines (package outcome's types), never the pipeline's insides.
//
// What lives elsewhere: the run itself (package pipeline), the reports (package writers), when
// a command calls what is here (cmd/importer).
package monitor
