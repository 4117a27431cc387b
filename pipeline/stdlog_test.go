package pipeline

import (
	"log"
	"log/slog"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/soap"
)

// takeStdLog points the log package at a buffer for one test and puts everything back after,
// stdLog's own memory of the output included (a later run would write outside its runs to a
// finished test's buffer). After *stuck is set, the log package is left alone: its lock is
// held for ever, and touching it would hang the test instead of failing it.
func takeStdLog(t *testing.T, stuck *bool) func() string {
	var b strings.Builder
	w := &syncWriter{w: &b}
	prevOut, prevFlags := log.Writer(), log.Flags()
	stdLog.Lock()
	was, wasFlags := stdLog.prev, stdLog.prevFlags
	stdLog.Unlock()
	log.SetOutput(w)
	t.Cleanup(func() {
		if *stuck {
			return
		}
		log.SetOutput(prevOut)
		log.SetFlags(prevFlags)
		stdLog.Lock()
		stdLog.prev, stdLog.prevFlags = was, wasFlags
		stdLog.Unlock()
	})
	return func() string {
		w.mu.Lock()
		defer w.mu.Unlock()
		return b.String()
	}
}

// A run whose logger is slog's default one (a program that passes slog.Default()) logs through
// the log package, whose lock is held while a taken-over line is written: handing net/http's
// line to that logger waited on the lock for ever, and the transport's reader (and every later
// log line of the process) with it. The guard meant for it (stdLogBusy) is never reached.
// Such a run's lines, net/http's and its own, go to the log package's output, blanked.
func TestStdLogRunOnSlogsDefaultLogger(t *testing.T) {
	stuck := false
	said := takeStdLog(t, &stuck)
	const pw = "D3faultPw"
	done := adoptStdLog(slog.Default(), outcome.EN, newRedactor(soap.Credentials{User: "u", Password: pw}))
	defer done()
	back := make(chan struct{})
	go func() {
		defer close(back)
		log.Printf("Unsolicited response received on idle HTTP channel starting with %q", "<password>"+pw+"</password>")
		slog.Default().Info("the run's own line")
	}()
	select {
	case <-back:
	case <-time.After(5 * time.Second):
		stuck = true
		t.Fatal("log.Printf never returned: the line waits on the log package's lock")
	}
	text := said()
	if strings.Contains(text, pw) || !strings.Contains(text, `<password>***</password>`) || !strings.Contains(text, "the run's own line") {
		t.Errorf("the log package's output:\n%s", text)
	}
}
