package pipeline

import (
	"fmt"
	"strings"
	"sync/atomic"

	"seniorimporter/writers"
)

// abandoning is the abandon of the run in progress (nil: none): see Abandon.
var abandoning atomic.Pointer[func()]

// Abandon is for a process about to end at once while a run is unfinished (a third
// interrupt, after which the command exits 130 without waiting for the reports): the run in
// progress, if any, says in its log which reports it did not write and how to write them
// again from the journal, and moves out of their paths what would be read as them (an earlier
// run's CSV or XLSX report at the same path, renamed NAME.anterior; this run's JSON Lines
// report, which holds the rows reached so far, renamed NAME.incompleto; an earlier summary
// too). Before, the process
// ended without a word after "interrompida: concluindo os envios em andamento", and in the
// morning the night before's report stood at the report's path, or a JSON Lines report of the
// first 5,120 rows of 60,000, each line whole. It only renames files and logs: it waits for
// nothing the stuck run holds.
func Abandon() {
	if f := abandoning.Load(); f != nil {
		(*f)()
	}
}

// abandon is Abandon for r, once its reports are open.
func (r *run) abandon() {
	cfg := r.cfg
	var notWritten, said []string
	for i, p := range cfg.asked() {
		if i < len(r.closed) && r.closed[i].Load() {
			continue // written whole already
		}
		notWritten = append(notWritten, p)
		if m := writers.Abandon(cfg.Outputs, p, true, cfg.Lang); m != "" {
			said = append(said, m)
		}
	}
	// The summary, written after the reports: an earlier run's at its path (a monitor reads
	// its exit_code) is moved likewise.
	if cfg.Summary != "" && !r.summaryDone.Load() {
		notWritten = append(notWritten, cfg.Summary)
		if m := writers.Abandon(cfg.Outputs, cfg.Summary, false, cfg.Lang); m != "" {
			said = append(said, m)
		}
	}
	args := []any{"not_written", notWritten}
	if len(said) > 0 {
		args = append(args, "moved", strings.Join(said, "; "))
	}
	if id := r.logRun.Load(); id > 0 && cfg.Journal != nil {
		args = append(args, "again", fmt.Sprintf("importer report %d --journal %s -o %s", id, shellWord(cfg.Journal.Path()), cfg.Lang.ReportName()))
	}
	cfg.Logger.Error(cfg.Lang.LogAbandoned(), args...)
}
