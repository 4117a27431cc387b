// Package outcome is the vocabulary every stage of an import shares: what became of an input
// row (Kind: ok, rejected, invalid, ...), why a row cannot be sent (Problem), one report line
// (Line), the counts of a run (Tally, Summary) and its exit code, and every message a person
// reads, in Portuguese and English (messages.go, one function per message so `go vet` checks
// each format against its arguments).
//
// Assembly and sending produce these values; the writers consume them. The package knows
// nothing of Senior, files or the wire, and imports nothing of the project.
package outcome
