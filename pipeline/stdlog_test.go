package pipeline

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
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

// net/http quotes at most what its reader holds of a server's stray bytes (4 KiB): the cut
// falls where it may, inside the password of an echoed envelope too. Blanking whole passwords
// left its start in the run's log ("<password>Str4yS"). Here the server's answer and the echo
// come in one write, and the reader's buffer ends 6 bytes into the password.
func TestStdLogPasswordCutByNetHTTP(t *testing.T) {
	const pw = "Str4yS3cretLong"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		req, err := http.ReadRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		io.ReadAll(req.Body)
		const body = "<ok/>"
		head := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		pre := "<user>demo</user><password>"
		fill := 4096 - len(head) - len(pre) - 6 // net/http's reader holds 4 KiB
		c.Write([]byte(head + strings.Repeat(" ", fill) + pre + pw + "</password>" + strings.Repeat("z", 200)))
		time.Sleep(500 * time.Millisecond)
	}()
	var b strings.Builder
	w := &syncWriter{w: &b}
	// An earlier run's password that starts as this one's cut does ("S..."), as in a process
	// of several runs (the watcher's): its start blanked the last letter only.
	defer adoptStdLog(slog.New(slog.DiscardHandler), outcome.EN, newRedactor(soap.Credentials{Password: "Sx-other"}))()
	done := adoptStdLog(slog.New(slog.NewTextHandler(w, nil)), outcome.EN, newRedactor(soap.Credentials{Password: pw}))
	defer done()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Post("http://"+ln.Addr().String()+"/", "text/xml", strings.NewReader("<x/>"))
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	said := func() string {
		w.mu.Lock()
		defer w.mu.Unlock()
		return b.String()
	}
	for deadline := time.Now().Add(2 * time.Second); !strings.Contains(said(), "Unsolicited response") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	text := said()
	if !strings.Contains(text, "Unsolicited response") {
		t.Fatalf("net/http logged no stray bytes: the test proves nothing\n%s", text)
	}
	if strings.Contains(text, pw[:4]) {
		t.Errorf("the run's log holds the start of the password:\n%s", text[max(0, len(text)-300):])
	}
}

// A run that starts while a line is being written (a line of an earlier run's transport, in
// the watcher's next file): adoptStdLog held stdLog's lock while it waited on the log
// package's (log.Writer), and the line held the package's while it waited on stdLog's in
// Write. Both waited for ever. Here lines are written without a pause while runs start and
// end; it hung within a few hundred.
func TestStdLogRunStartsWhileALineIsWritten(t *testing.T) {
	stuck := false
	takeStdLog(t, &stuck)
	adoptStdLog(slog.New(slog.DiscardHandler), outcome.EN, redactor{})() // taken over, as after a first run
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				log.Print("Unsolicited response received on idle HTTP channel")
			}
		}
	}()
	started := make(chan struct{})
	go func() {
		defer close(started)
		for range 20_000 {
			adoptStdLog(slog.New(slog.DiscardHandler), outcome.EN, redactor{})()
		}
	}()
	select {
	case <-started:
		close(stop)
	case <-time.After(10 * time.Second):
		stuck = true
		t.Fatal("a run's start and a line written wait on each other")
	}
}
