// Command importer loads spreadsheets and CSV files into Senior Sistemas' CRM and ERP (G5) SOAP
// web services. root.go assembles the commands (one file each, docs/cli/ their reference); the
// work is done by package pipeline.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"seniorimporter/pipeline"
	"seniorimporter/scratch"
	"syscall"
	"time"

	"golang.org/x/term"
)

// An import's live heap is small and bounded (records stream), while every request allocates
// short-lived buffers: collecting less often (GOGC 400) cuts the collector's share of the CPU,
// and the soft limit keeps the heap bounded whatever happens. Only run and validate are tuned:
// the simulator keeps every record it accepts, and a soft limit under its live heap would have
// it collect without pause. GOGC and GOMEMLIMIT in the environment take precedence.
const (
	gcPercent   = 400
	memoryLimit = 256 << 20
)

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "run" || os.Args[1] == "validate" || os.Args[1] == "watch") {
		// A run's own output is its reports, its journal and its summary: a reader of stdout or
		// stderr that went away (a pipe into head, a log shipper restarted) must not kill it
		// midway. The writes fail instead, and are dropped.
		signal.Ignore(syscall.SIGPIPE)
	}
	if len(os.Args) > 1 && (os.Args[1] == "run" || os.Args[1] == "validate") {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(gcPercent)
		}
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(memoryLimit)
		}
	}
	// The first SIGINT, SIGTERM or SIGHUP (the terminal closed, an SSH session dropped) cancels
	// ctx: no new request goes, those in flight get the grace period, and every report is
	// written. A second one ends the grace at once. A third ends the process, exit 130: one
	// stuck where no cancellation reaches (opening a --password-file that is a pipe nobody
	// writes) heard two and went on waiting, only kill -9 stopping it.
	ctx, cancel := context.WithCancelCause(context.Background())
	hurry := make(chan struct{})
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		// The signal is the cancellation's cause: the end line of an interrupted run names it
		// (systemd's stop, a dropped SSH session, a Ctrl-C).
		cancel(pipeline.Interrupted(signalName(<-sigs)))
		<-sigs
		close(hurry)
		<-sigs
		// The run in progress says what it leaves unwritten, and moves out of the reports'
		// paths what would be read as them; a second at most, the process ending regardless.
		said := make(chan struct{})
		go func() { pipeline.Abandon(); close(said) }()
		select {
		case <-said:
		case <-time.After(time.Second):
		}
		scratch.RemoveAll()
		os.Exit(130)
	}()
	code := cli(ctx, os.Args[1:], env{
		stdout:   os.Stdout,
		stderr:   os.Stderr,
		getenv:   os.Getenv,
		terminal: term.IsTerminal(int(os.Stderr.Fd())),
		hurry:    hurry,
	})
	signal.Stop(sigs)
	cancel(nil)
	// What the run kept in its temporary folder (scratch: a killed run's is removed by the next).
	scratch.RemoveAll()
	os.Exit(code)
}

// signalName is a stopping signal as kill and systemctl name it.
func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return s.String()
}
