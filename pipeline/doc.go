// Package pipeline runs an import: it takes the input files from the command line to the
// reports, one stage after the other, every row ending in exactly one report line.
//
// The stages, in order, and where each lives:
//
//  1. Inputs (input.go, plan.go, columns.go, mapping.go, scope.go): each file is opened
//     with package readers, bound to its port (by --op or its name), its record sheet and
//     set sheets chosen, its header found (the row among the first 30 that names the most
//     fields) and every column mapped onto a field of the port (by name, documented
//     description or the mapping file); file-level problems (missing required columns, a
//     column that names no field) are noted once; no output may be an input.
//  2. Assembly (join.go, parse.go, tree.go, spill.go): set sheets are streamed beside the record
//     sheet and joined by the parent's key (rows read ahead of their record wait on disk
//     past a few thousand); every cell is normalised by package values;
//     each record's rows become one nested Record, checked whole (keys, required fields,
//     children without a parent); totals rows and title rows are not data.
//  3. The journal (resume.go): a window of checked records at a time, each record's last
//     state (package journal) says to skip it, refuse it, read it back first or send it;
//     those sent are marked in flight, durably, before they go, and settled with their
//     report lines.
//  4. Dispatch (process.go, dispatch.go): records are handed to long-lived workers,
//     batched where the port allows; records that share a key go in file order; the first
//     request of a run goes alone; a record waiting for its retry waits in a delay queue,
//     holding no worker; a stop (refused login, untrusted certificate, Senior unreachable
//     too long) settles every record not sent at once.
//  5. Sending (attempt.go, send.go, limit.go): one attempt encodes the unit (package
//     soap), reads back what may have landed, posts it through the circuit breaker, the
//     rate limit and the limit on requests in flight (adaptive: it finds how many requests
//     Senior takes at once), and settles each record from the typed answer.
//  6. Outcomes and emission (outcomes.go, emit.go): a settled record becomes one
//     outcome.Line per row; lines go to the reports (package writers) in input order,
//     within a bounded window; the tally becomes the summary and the exit code (run.go).
//
// What Senior's ports are, what their answers mean and which operations they take all come
// from the catalogue (package templates): nothing here names a Senior port or field.
// settings.go holds the run's Settings and their defaults; progress.go the progress bar or
// log lines.
package pipeline
