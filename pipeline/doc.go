// Package pipeline runs an import: it takes the input files from the command line to the
// reports, one stage after the other, every row ending in exactly one report line.
//
// The stages, in order, and where each lives:
//
//  1. Inputs (input.go, plan.go, columns.go, mapping.go, scope.go): each file is opened
//     with package readers, bound to its port (by --op or its name), its record sheet and
//     set sheets chosen, its header read and every column mapped onto a field of the port
//     (by name, documented description or the mapping file); file-level problems (missing
//     required columns) are noted once.
//  2. Assembly (join.go, parse.go, tree.go): set sheets are streamed beside the record
//     sheet and joined by the parent's key; every cell is normalised by package values;
//     each record's rows become one nested Record, checked whole (keys, required fields,
//     children without a parent).
//  3. Dispatch (dispatch.go): records are handed to a bounded pool of long-lived workers,
//     batched where the port allows; records that share a key go in file order; the first
//     request of a run goes alone.
//  4. Sending (send.go): each unit is encoded (package soap), posted, retried on passing
//     faults, read back before an include that may have landed is resent, and its answer
//     decoded into typed results that settle each record.
//  5. Outcomes and emission (outcomes.go, emit.go): a settled record becomes one
//     outcome.Line per row; lines go to the reports (package writers) in input order,
//     within a bounded window; the tally becomes the summary and the exit code (run.go).
//
// What Senior's ports are, what their answers mean and which operations they take all come
// from the catalogue (package templates): nothing here names a Senior port or field.
// settings.go holds the run's Settings and their defaults; progress.go the progress bar or
// log lines.
package pipeline
