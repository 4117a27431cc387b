package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/failsafe-go/failsafe-go/circuitbreaker"

	"seniorimporter/outcome"
	"seniorimporter/simulator"
	"seniorimporter/soap"
)

// TestOutageNotEndedByAnOldAnswer: Senior stops answering with requests in flight; one of them
// answers after the breaker opened. The log said "o Senior voltou a responder" (down_for=0s)
// three milliseconds after "o Senior não responde", then "não responde" again ten seconds on
// (the log tester, stopping the simulator under a 50,000-row run). An answer to a request that
// left before the outage began ends nothing; one that left since does, and says how long.
func TestOutageNotEndedByAnOldAnswer(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	now := t0
	var log strings.Builder
	s := &sender{
		log: slog.New(slog.NewTextHandler(&log, nil)), lang: outcome.EN, now: func() time.Time { return now },
		giveUpAfter: 5 * time.Minute, timeout: time.Minute,
		breaker: circuitbreaker.NewBuilder[any]().WithFailureThreshold(10).WithSuccessThreshold(1).WithDelay(2 * time.Second).Build(),
	}
	refused := &soap.TransientError{Kind: soap.Connection, Err: errors.New("connect: connection refused")}
	old := t0 // a request leaves; Senior goes
	now = t0.Add(time.Second)
	for range 10 {
		s.noteReach(refused, now)
	}
	now = now.Add(3 * time.Millisecond)
	s.noteReach(nil, old) // the old request's answer
	now = t0.Add(5 * time.Second)
	s.noteReach(nil, t0.Add(4*time.Second)) // a request that left since: Senior is back
	got := logLines(&log)
	if len(got) != 2 || !strings.HasPrefix(got[0], `"`+outcome.EN.LogUnreachable()+`"`) || got[1] != `"`+outcome.EN.LogReachableAgain()+`" down_for=4s` {
		t.Errorf("log: %q", got)
	}
}

// TestFaultStormSaid: Senior failing a part of the requests (a 503 in three, the simulator's
// http503=0.3) went unsaid for the 1m37s it lasted: "andamento" lines at limit=1 and a count
// at the end. The log says it once it fills a window, again every ten minutes while it lasts,
// and once when a window passes without it; a fault now and then, and the failed connections
// of an outage the breaker tells of, are no storm.
func TestFaultStormSaid(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	now := t0
	var log strings.Builder
	s := &sender{
		log: slog.New(slog.NewTextHandler(&log, nil)), lang: outcome.EN, now: func() time.Time { return now },
		lim: newFixedLimiter(4),
	}
	busy := &soap.TransientError{Kind: soap.HTTP, Status: 503, Err: errors.New("HTTP 503")}
	reset := &soap.TransientError{Kind: soap.Connection, Err: errors.New("connection reset by peer")}
	// window sends n requests over a window's time, one in every of them failing with err.
	window := func(n, every int, err error) {
		for i := range n {
			now = now.Add(stormWindow / time.Duration(n))
			var e error
			if every > 0 && i%every == 0 {
				e = err
			}
			s.noteFault(e, true)
		}
	}
	lines := func() []string { return logLines(&log) }
	// Each window is closed by the next one's first request.
	window(400, 100, busy) // 4 faults in 400: no storm
	window(400, 0, nil)
	window(400, 4, busy) // one in four
	if got := lines(); len(got) != 0 {
		t.Fatalf("a fault now and then was said: %q", got)
	}
	window(400, 4, busy)
	got := lines()
	if len(got) != 1 || got[0] != `"`+outcome.EN.LogFaultStorm()+`" faults=100 requests=400 window=10s kinds.http_503=100 limit=4` {
		t.Fatalf("the storm's beginning: %q", got)
	}
	for range 59 { // ten minutes of it, resets among the 503s
		window(200, 4, busy)
		window(200, 5, reset)
	}
	got = lines()
	if len(got) != 1 || !strings.HasPrefix(got[0], `"`+outcome.EN.LogFaultStormGoesOn()+`"`) || !strings.Contains(got[0], "since=2026-12-02T03:00:20.") {
		t.Fatalf("ten minutes on: %q", got)
	}
	window(400, 0, nil)
	window(400, 0, nil)
	got = lines()
	if len(got) != 1 || !strings.HasPrefix(got[0], `"`+outcome.EN.LogFaultStormOver()+`" lasted=20m0s faults=`) {
		t.Fatalf("the storm's end: %q", got)
	}
	// Refusals the breaker has told of as an outage are its to say, not a storm.
	s.saidDown = now
	window(50, 1, reset)
	window(50, 1, reset)
	window(50, 1, reset)
	if got := lines(); len(got) != 0 {
		t.Fatalf("an outage told of was said a storm too: %q", got)
	}
	// A request the breaker refused before it went counts in no window.
	s.saidDown = time.Time{}
	s.storm = storm{}
	for range 100 {
		now = now.Add(time.Second)
		s.noteFault(&errBreakerOpen{wait: time.Second}, false)
	}
	if s.storm.requests != 0 {
		t.Fatalf("requests that never went counted: %d", s.storm.requests)
	}
	// A few faults in a quiet window (4 in about 40 requests, a night's trickle) are no storm,
	// however large their share.
	window(20, 5, busy)
	window(400, 0, nil)
	if got := lines(); len(got) != 0 {
		t.Fatalf("4 faults in a quiet window were said a storm: %q", got)
	}
}

// logLines is what each line of a text log says from its message on, and empties the log.
func logLines(log *strings.Builder) []string {
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		if l != "" {
			_, msg, _ := strings.Cut(l, "msg=")
			got = append(got, msg)
		}
	}
	log.Reset()
	return got
}

// TestRunGatewayDownIsSeniorDown: Senior stopped for the night behind its reverse proxy, which
// answers every request with its page of 502 (nginx: "Bad Gateway"), 503 (Apache, HAProxy: no
// server behind) or 504 ("Gateway Time-out"). Reproduced as an operator: every row of 3,000
// was sent seven times (21,000 requests in 43 s) and reported unknown ("pode ter sido
// gravado"), exit 1, "rows to fix", for a load that never reached Senior; and a Senior back
// after a few minutes had the rows that met the outage left unknown. A Senior that refuses
// connections is waited for instead, up to --give-up-after, its rows not_sent, exit 2. Now a
// gateway's word that it could not reach Senior is the same: the run waits (no row's retries
// spent), goes on when Senior is back (every row ok, no quote stored twice), or stops past
// --give-up-after, exit 2, the rows not sent left for the next night.
func TestRunGatewayDownIsSeniorDown(t *testing.T) {
	gateway := func(t *testing.T, e *e2e, status int, down int64) (string, *atomic.Int64) {
		var left, requests atomic.Int64 // left: requests still to meet the gateway's page
		left.Store(down)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			if left.Add(-1) >= 0 {
				gatewayPage(w, status, "")
				return
			}
			e.sim.Handler().ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return srv.URL, &requests
	}
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(fmt.Sprintf("down all night %d", status), func(t *testing.T) {
			e := startSim(t, nil, nil)
			url, requests := gateway(t, e, status, 1<<40)
			dir := t.TempDir()
			const n = 300
			cfg := e.settings(dir, categorias(t, dir, n, 0))
			cfg.CRMEndpoint = url + "/crm/ws"
			cfg.Retries, cfg.GiveUpAfter = 3, 200*time.Millisecond
			sum, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if sum.ExitCode != outcome.ExitAborted || sum.Outcomes[outcome.NotSent]+sum.Outcomes[outcome.Unknown] != n || sum.Outcomes[outcome.NotSent] < n/2 {
				t.Fatalf("exit %d, outcomes %v: want exit 2, the rows not sent left not_sent", sum.ExitCode, sum.Outcomes)
			}
			// Before, each row went --retries + 1 times (1,200 requests); a busy machine lets
			// some rows more go before the breaker opens, never that many.
			if got := requests.Load(); got >= 2*n {
				t.Errorf("%d requests for %d rows: every row was tried again and again", got, n)
			}
			for _, l := range readJSONL(t, cfg.Reports[0]) {
				if l.Outcome == outcome.NotSent && !strings.Contains(l.Message, "Senior inacessível desde ") {
					t.Fatalf("row %d: %s %q", l.Row, l.Outcome, l.Message)
				}
			}
		})
	}
	t.Run("back midway", func(t *testing.T) {
		e := startSim(t, nil, nil)
		url, _ := gateway(t, e, http.StatusBadGateway, 100)
		dir := t.TempDir()
		const n = 60
		cfg := e.settings(dir, orcamentos(t, dir, n))
		cfg.Endpoint = url
		cfg.Retries, cfg.GiveUpAfter = 3, time.Minute
		sum, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		allOKOnce(t, e, sum, 2*n, n)
	})
}

// TestRunGatewayRetryAfterHonoured: a Senior in maintenance behind its gateway answers every
// request "503 Service Unavailable" with "Retry-After: 120". Since 502, 503 and 504 open the
// breaker, a record waited only the breaker's delay (2 s; --max-backoff here), not what the
// answer asked, and the breaker's probe went that often: a Senior asking for two minutes got
// a probe every 2 s, where a record alone waits what Retry-After asks. Now no probe goes
// before the Retry-After of the outage ends: here 1 s asked, down 1.5 s, 5 ms of backoff.
func TestRunGatewayRetryAfterHonoured(t *testing.T) {
	e := startSim(t, nil, nil)
	var start atomic.Int64 // when the first request came (unix ns)
	var refused, requests atomic.Int64
	const down = 1500 * time.Millisecond
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		now := time.Now().UnixNano()
		start.CompareAndSwap(0, now)
		if time.Duration(now-start.Load()) < down {
			refused.Add(1)
			gatewayPage(w, http.StatusServiceUnavailable, "1")
			return
		}
		e.sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	const n = 30
	cfg := e.settings(dir, orcamentos(t, dir, n))
	cfg.Endpoint = srv.URL
	cfg.GiveUpAfter = time.Minute
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	allOKOnce(t, e, sum, 2*n, n)
	// The first request goes alone; then, until the breaker opens, the records' first
	// requests (each then waits its second), at most ten in a row and those in flight; then
	// a probe a second while it lasts.
	if got, most := refused.Load(), int64(1+10+cfg.Workers+int(down/time.Second)+1); got > most {
		t.Errorf("%d requests answered 503 \"Retry-After: 1\" in %s (of %d): want at most %d", got, down, requests.Load(), most)
	}
}

// TestRunGatewayRetryAfterGiveUp: a gateway asking "Retry-After: 60" of every request, with
// --give-up-after 300ms: the run gives up when --give-up-after says, exit 2, not when the
// minute asked has passed (the records waited what was asked before the give-up was looked at).
func TestRunGatewayRetryAfterGiveUp(t *testing.T) {
	e := startSim(t, nil, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gatewayPage(w, http.StatusServiceUnavailable, "60")
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	const n = 30
	cfg := e.settings(dir, categorias(t, dir, n, 0))
	cfg.CRMEndpoint = srv.URL + "/crm/ws"
	cfg.GiveUpAfter = 300 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // half the minute asked
	defer cancel()
	sum, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ExitCode != outcome.ExitAborted || sum.Outcomes[outcome.NotSent] == 0 {
		t.Fatalf("exit %d, outcomes %v: want exit 2 at --give-up-after, the rows not sent not_sent", sum.ExitCode, sum.Outcomes)
	}
}

// TestRunGatewaySheddingIsNoOutage: a gateway that passes 4 requests at a time to Senior and
// answers the rest with its 503 (HAProxy past its maxconn, a load balancer's queue full),
// against 32 fixed workers. Since a gateway's 502, 503 and 504 opened the breaker, ten in a
// row among Senior's answers did so again and again, two seconds each, for a Senior that
// answered all along: 3,000 categories took 642 s instead of 7 (the reviewer's), the log
// saying "o Senior não responde" each time. A gateway's word for a request that left before
// Senior's last answer is load shed, a passing fault of its record, retried as ever.
func TestRunGatewaySheddingIsNoOutage(t *testing.T) {
	e := startSim(t, nil, func(c *simulator.Config) { c.Latency = 5 * time.Millisecond })
	var inFlight, shed atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if inFlight.Add(1) > 4 {
			inFlight.Add(-1)
			shed.Add(1)
			gatewayPage(w, http.StatusServiceUnavailable, "")
			return
		}
		defer inFlight.Add(-1)
		e.sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	const n = 200
	cfg := e.settings(dir, categorias(t, dir, n, 0))
	cfg.CRMEndpoint = srv.URL + "/crm/ws"
	cfg.Workers, cfg.FixedWorkers = 32, true
	cfg.Retries, cfg.Backoff, cfg.MaxBackoff = 20, 5*time.Millisecond, 20*time.Millisecond
	var log bytes.Buffer
	cfg.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: &log}, nil))
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if shed.Load() < 10 {
		t.Fatalf("the gateway shed %d requests: the test shows nothing", shed.Load())
	}
	if said := outcome.PT.LogUnreachable(); strings.Contains(log.String(), said) {
		t.Errorf("the log says %q of a Senior that answered throughout (%d requests shed):\n%s", said, shed.Load(), log.String())
	}
	if sum.Outcomes[outcome.OK]+sum.Outcomes[outcome.Unknown] != n {
		t.Errorf("outcomes %v", sum.Outcomes)
	}
	if s := e.stats(); s.DuplicateIncludes != 0 {
		t.Errorf("%d includes sent again", s.DuplicateIncludes)
	}
}

// TestRunGatewayDownMidway: Senior stops behind its gateway after answering 100 requests, for
// two seconds. For a second after its last answer a gateway's 502 is taken for load shed
// (TestRunGatewaySheddingIsNoOutage), each a retry of its record; then the breaker opens and
// the records wait for Senior without spending theirs. With --retries 6 and --backoff 100ms
// every row ends ok, none stored twice. (It does not pin the second down: retries of 100 ms
// doubling outlast this outage with a window of ten.)
func TestRunGatewayDownMidway(t *testing.T) {
	e := startSim(t, nil, func(c *simulator.Config) { c.Latency = 2 * time.Millisecond })
	var requests atomic.Int64
	var downAt atomic.Int64 // unix ns of the first 502
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) > 100 {
			now := time.Now().UnixNano()
			downAt.CompareAndSwap(0, now)
			if time.Duration(now-downAt.Load()) < 2*time.Second {
				gatewayPage(w, http.StatusBadGateway, "")
				return
			}
		}
		e.sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	const n = 300
	sum := categoriesVia(t, e, srv, n, func(cfg *Settings) {
		cfg.Retries, cfg.Backoff, cfg.MaxBackoff, cfg.GiveUpAfter = 6, 100*time.Millisecond, time.Second, time.Minute
	})
	allOKOnce(t, e, sum, n, n)
}

// gatewayPage answers as a reverse proxy in front of Senior does when it cannot reach it or
// sheds load: its own HTML page of status (nginx's), with Retry-After when retryAfter is set.
func gatewayPage(w http.ResponseWriter, status int, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	text := fmt.Sprintf("%d %s", status, http.StatusText(status))
	fmt.Fprintf(w, "<html><head><title>%s</title></head><body><center><h1>%s</h1></center><hr><center>nginx</center></body></html>", text, text)
}

// allOKOnce wants a run whose Senior came back to end exit 0, its rows ok, and Senior to hold
// its records each once (no include sent again).
func allOKOnce(t *testing.T, e *e2e, sum outcome.Summary, rows int, records int64) {
	t.Helper()
	if sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.OK] != rows {
		t.Fatalf("exit %d, outcomes %v: want every row ok once Senior is back", sum.ExitCode, sum.Outcomes)
	}
	if s := e.stats(); s.Stored != records || s.DuplicateIncludes != 0 {
		t.Errorf("stored %d records of %d, %d includes sent again", s.Stored, records, s.DuplicateIncludes)
	}
}

// TestRunFaultToEveryRequestIsSeniorDown: a Senior whose application server answers every
// request with a SOAP Fault in HTTP 200 (its database down: "Could not open JDBC
// Connection") and accepts nothing is out of reach, as one that does not answer: the breaker
// opens, the run waits --give-up-after and ends exit 2, the rows not sent not_sent. Each Fault
// was a passing fault of its record: every row was tried --retries + 1 times and ended
// unknown, exit 1 (3,000 categories: 21,000 requests). A Fault to one record among Senior's
// answers stays that record's: retried, then unknown, the others ok, exit 1.
func TestRunFaultToEveryRequestIsSeniorDown(t *testing.T) {
	const fault = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>` +
		`<faultcode>soapenv:Server</faultcode><faultstring>Could not open JDBC Connection for transaction</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
	for _, c := range []struct {
		name    string
		faulted func(body []byte) bool // the requests answered a Fault
		exit    int
	}{
		{"every request", func([]byte) bool { return true }, outcome.ExitAborted},
		{"one record's", func(b []byte) bool { return bytes.Contains(b, []byte(">S00007<")) }, outcome.ExitSomeFailed},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			var requests atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				body, _ := io.ReadAll(r.Body)
				if c.faulted(body) {
					w.Header().Set("Content-Type", "text/xml; charset=utf-8")
					io.WriteString(w, fault)
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
				e.sim.Handler().ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			const n = 300
			sum := categoriesVia(t, e, srv, n, func(cfg *Settings) {
				cfg.Retries, cfg.GiveUpAfter = 3, 300*time.Millisecond
			})
			if sum.ExitCode != c.exit {
				t.Errorf("exit %d, outcomes %v; want %d", sum.ExitCode, sum.Outcomes, c.exit)
			}
			if c.exit == outcome.ExitAborted {
				if sum.Outcomes[outcome.NotSent] < n/2 || sum.Outcomes[outcome.NotSent]+sum.Outcomes[outcome.Unknown] != n {
					t.Errorf("outcomes %v: want the rows not sent not_sent", sum.Outcomes)
				}
				if got := requests.Load(); got >= 2*n {
					t.Errorf("%d requests for %d rows: every row was tried again and again", got, n)
				}
				return
			}
			if sum.Outcomes[outcome.OK] != n-1 || sum.Outcomes[outcome.Unknown] != 1 {
				t.Errorf("outcomes %v: want the faulted record unknown, every other ok", sum.Outcomes)
			}
		})
	}
}

// TestGiveUpOnFaultsNamesTheFault: a run that gave up on a Senior answering every request
// with a SOAP Fault says what the Fault says, in the stop's log line, the rows' reason and the
// end line's first cause, one line, its passwords blanked: those said "Senior inacessível
// desde 03:29 (--give-up-after)" (the rows sent "pode ter sido gravado: o envio foi feito,
// depois Senior inacessível ..."), and only the outage's first warning quoted the Fault, so an
// operator reading the night's last line went looking for a network fault where Senior had
// refused the user ("Usuário sem permissão").
func TestGiveUpOnFaultsNamesTheFault(t *testing.T) {
	for _, c := range []struct {
		name  string
		lang  outcome.Lang
		fault string // the faultstring, as XML text
		want  string // what the reasons quote of it
		words string // the reason's words in lang
	}{
		{"pt", outcome.PT, "Usuário sem permissão para a operação", `"Usuário sem permissão para a operação"`, "respondeu a todos os pedidos com um SOAP Fault desde"},
		// An ERP's stack trace, lines and tabs and all, quoting the request (the password in
		// it): one line, the password blanked, cut.
		{"en, a stack trace", outcome.EN, "ERRO: ORA-00001 restrição exclusiva\n\tat com.senior.G5.gravar(G5.java:12)\n\tat senha s3cret\r\n" + strings.Repeat("\tat x.y(Z.java:1)\n", 50),
			`"ERRO: ORA-00001 restrição exclusiva at com.senior.G5.gravar(G5.java:12) at senha *** at x.y(Z.java:1)`, "answered every request with a SOAP Fault since"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fault := `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>` +
				`<faultcode>soapenv:Server</faultcode><faultstring>` + strings.NewReplacer(`\n`, "\n", `\t`, "\t", `\r`, "\r").Replace(c.fault) + `</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
			e := startSim(t, nil, nil)
			var requests atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "text/xml; charset=utf-8")
				io.WriteString(w, fault)
			}))
			t.Cleanup(srv.Close)
			var log bytes.Buffer
			const n = 40
			sum := categoriesVia(t, e, srv, n, func(cfg *Settings) {
				cfg.Retries, cfg.GiveUpAfter, cfg.Lang = 3, 300*time.Millisecond, c.lang
				cfg.Logger = slog.New(slog.NewTextHandler(&log, nil))
			})
			if sum.ExitCode != outcome.ExitAborted || len(sum.Causes) == 0 {
				t.Fatalf("exit %d, causes %v", sum.ExitCode, sum.Causes)
			}
			for _, cause := range sum.Causes {
				if !strings.Contains(cause.Message, c.want) || !strings.Contains(cause.Message, c.words) {
					t.Errorf("a cause lacks %q and %q:\n%s", c.want, c.words, cause.Message)
				}
			}
			var stop, end string
			for _, l := range strings.Split(log.String(), "\n") {
				switch {
				case strings.Contains(l, c.lang.LogRunStops()):
					stop = l
				case strings.Contains(l, c.lang.LogRunEnded()):
					end = l
				}
			}
			// The text handler escapes the quotes inside a value.
			quoted := strings.ReplaceAll(c.want, `"`, `\"`)
			if !strings.Contains(stop, "reason=") || !strings.Contains(stop, quoted) {
				t.Errorf("the stop's line does not quote the Fault (%s):\n%s", quoted, stop)
			}
			if !strings.Contains(end, "first_cause=") || !strings.Contains(end, quoted) {
				t.Errorf("the end line's first cause does not quote the Fault:\n%s", end)
			}
			if strings.Contains(log.String(), "s3cret") {
				t.Errorf("the password is in the log:\n%s", log.String())
			}
			// A give-up sends nothing: it is no passing fault (each Fault answered is one).
			if got, sent := sum.PassingFaultsTotal(), int(requests.Load()); got != sent {
				t.Errorf("%d passing faults for %d requests answered", got, sent)
			}
		})
	}
}

// TestFaultOfAPageSaysItsWords: a row whose requests met a SOAP Fault carrying an
// application server's HTML page (5 KB, its style and markup) says the page's words, on one
// line, cut: the rows' reason and the end line's first cause held the whole page, markup and
// all ("o Senior respondeu com uma falha (HTTP 500): <html><head><style>...").
func TestFaultOfAPageSaysItsWords(t *testing.T) {
	page := "<html><head><title>Erro 500</title><style>body{font:12px}</style></head><body><h1>Falha no servidor de aplicação</h1><p>" +
		strings.Repeat("detalhe ", 600) + "</p></body></html>"
	var text strings.Builder
	xmlEscape(&text, page)
	fault := `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>` +
		`<faultcode>soapenv:Server</faultcode><faultstring>` + text.String() + `</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
	e := startSim(t, nil, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, fault)
	}))
	t.Cleanup(srv.Close)
	var log bytes.Buffer
	sum := categoriesVia(t, e, srv, 3, func(cfg *Settings) {
		cfg.Retries, cfg.Backoff, cfg.GiveUpAfter = 1, time.Millisecond, time.Minute // three rows, six requests: no outage
		cfg.Logger = slog.New(slog.NewTextHandler(&log, nil))
	})
	if len(sum.Causes) == 0 || sum.Outcomes[outcome.OK] != 0 {
		t.Fatalf("outcomes %v, causes %v", sum.Outcomes, sum.Causes)
	}
	const words = "Erro 500 Falha no servidor de aplicação detalhe detalhe"
	for _, c := range sum.Causes {
		if !strings.Contains(c.Message, words) || strings.ContainsAny(c.Message, "<>{}") || len(c.Message) > 600 {
			t.Errorf("cause (%d bytes) lacks %q or holds markup:\n%.300s", len(c.Message), words, c.Message)
		}
	}
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, outcome.PT.LogRunEnded()) && (!strings.Contains(l, words) || strings.Contains(l, "<html>") || len(l) > 1500) {
			t.Errorf("the end line (%d bytes):\n%.500s", len(l), l)
		}
	}
}

func xmlEscape(b *strings.Builder, s string) {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	b.WriteString(r.Replace(s))
}

// TestRunSeniorDropsMidway: Senior stops after answering 100 requests, for two seconds, its
// connections dropped with the requests written. A connection that fails is Senior out of
// reach at once, whenever Senior last answered (only a gateway's 502, 503 or 504 may be load
// shed): ten in a row open the breaker, and the records wait for Senior without spending
// their retries. With --retries 3 and --backoff 50ms (retries spent in a fifth of a second)
// every row ends ok, none stored twice.
func TestRunSeniorDropsMidway(t *testing.T) {
	e := startSim(t, nil, func(c *simulator.Config) { c.Latency = 2 * time.Millisecond })
	var requests atomic.Int64
	var downAt atomic.Int64 // unix ns of the first dropped connection
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) > 100 {
			now := time.Now().UnixNano()
			downAt.CompareAndSwap(0, now)
			if time.Duration(now-downAt.Load()) < 2*time.Second {
				hangUp(t, w, r)
				return
			}
		}
		e.sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	const n = 300
	sum := categoriesVia(t, e, srv, n, func(cfg *Settings) {
		cfg.Retries, cfg.Backoff, cfg.MaxBackoff, cfg.GiveUpAfter = 3, 50*time.Millisecond, time.Second, time.Minute
	})
	allOKOnce(t, e, sum, n, n)
}

// TestRunGatewayRetryAfterOfOneRequest: a gateway answers the run's first request "503" with
// "Retry-After: 1", and passes every other one to Senior. One answer is no outage (the breaker
// opens after ten in a row): that record waits what was asked while its port's others wait for
// its first answer (a port's first request goes alone, and a 503 is no answer: b3ab08e), then
// they go and every row ends ok, none stored twice. The gateway's second request is the first
// record's again: before b3ab08e the others went at the first 503. A Retry-After past
// --give-up-after would stop the run (exit 2): Senior asked for longer than the operator
// allows.
func TestRunGatewayRetryAfterOfOneRequest(t *testing.T) {
	e := startSim(t, nil, nil)
	var requests atomic.Int64
	var bodies [2][]byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		n := requests.Add(1)
		if n <= 2 {
			bodies[n-1] = body
		}
		if n == 1 {
			gatewayPage(w, http.StatusServiceUnavailable, "1")
			return
		}
		e.sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	const n = 30
	sum := categoriesVia(t, e, srv, n, func(cfg *Settings) {
		cfg.GiveUpAfter = 5 * time.Second
	})
	allOKOnce(t, e, sum, n, n)
	if id := func(b []byte) string { // the envelope's record (its password not in the test's log)
		_, after, _ := bytes.Cut(b, []byte("<CategoriaServicoId>"))
		v, _, _ := bytes.Cut(after, []byte("<"))
		return string(v)
	}; id(bodies[0]) == "" || id(bodies[0]) != id(bodies[1]) {
		t.Errorf("the gateway's second request was %q, the first %q: the port's others went at the first request's 503", id(bodies[1]), id(bodies[0]))
	}
}

// TestRunTooManyRequestsToEveryRequest: a Senior (or its gateway) answering "429 Too Many
// Requests" to every request, a quota used up for the day. A 429 is no outage: the run's first
// request spends its retries, then every record its own, and the run ends: every row unknown
// (each request was written), exit 1. When the first request's 429s were tried again without
// spending its retries (as its 503s are, which the breaker and --give-up-after bound), the run
// never ended; the deadline here only turns such a hang into a failure.
func TestRunTooManyRequestsToEveryRequest(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		io.Copy(io.Discard, r.Body)
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	}))
	t.Cleanup(srv.Close)
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	const n = 5
	cfg := e.settings(dir, categorias(t, dir, n, 0))
	cfg.CRMEndpoint = srv.URL + "/crm/ws"
	cfg.Retries, cfg.Backoff, cfg.MaxBackoff = 2, time.Millisecond, 5*time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sum, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatalf("the run ended only at the test's deadline, after %d requests: outcomes %v", requests.Load(), sum.Outcomes)
	}
	if sum.ExitCode != outcome.ExitSomeFailed || sum.Outcomes[outcome.Unknown]+sum.Outcomes[outcome.Failed] != n {
		t.Errorf("exit %d, outcomes %v; want every row unknown or failed, exit 1", sum.ExitCode, sum.Outcomes)
	}
	if got := requests.Load(); got != n*3 {
		t.Errorf("%d requests; want %d (each record tried 1 + --retries 2 times)", got, n*3)
	}
}

// categoriesVia runs n categories against e's Senior behind srv (a gateway, a proxy: the CRM
// endpoint srv's), its settings tuned by tune (nil: as e's), and returns the summary.
func categoriesVia(t *testing.T, e *e2e, srv *httptest.Server, n int, tune func(cfg *Settings)) outcome.Summary {
	t.Helper()
	dir := t.TempDir()
	cfg := e.settings(dir, categorias(t, dir, n, 0))
	cfg.CRMEndpoint = srv.URL + "/crm/ws"
	if tune != nil {
		tune(&cfg)
	}
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestRunLoneRecordsFaultsAreNoOutage: the last record of a run, nothing else in flight, meets
// two dropped connections in a row, and its next retry waits --backoff (1 s), past
// --give-up-after (200 ms). That retry gave the run up ("Senior inacessível desde ...", exit 2,
// the row unknown) without a request: Senior had answered everything else, the breaker had not
// opened, and the log had not said that Senior stopped answering (a chaos run, --give-up-after
// 5s: one quote among 3,000 after a simulator restart). Two passing faults are no outage: the
// record is tried again as ever, and the run gives up only while the breaker is open or
// Senior asked to wait past --give-up-after.
func TestRunLoneRecordsFaultsAreNoOutage(t *testing.T) {
	e := startSim(t, nil, nil)
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := requests.Add(1); n == 2 || n == 3 { // the second record's first two requests
			hangUp(t, w, r)
			return
		}
		e.sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	const n = 2
	sum := categoriesVia(t, e, srv, n, func(cfg *Settings) {
		cfg.Workers, cfg.FixedWorkers = 1, true
		cfg.Backoff, cfg.MaxBackoff, cfg.GiveUpAfter = time.Second, time.Second, 200*time.Millisecond
	})
	allOKOnce(t, e, sum, n, n)
	if got := requests.Load(); got != 4 {
		t.Errorf("%d requests; want 4 (the second record's third one answered)", got)
	}
}

// hangUp drops the connection of the request w answers, its body read first: Senior gone.
func hangUp(t *testing.T, w http.ResponseWriter, r *http.Request) {
	t.Helper()
	io.Copy(io.Discard, r.Body)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	conn.Close()
}
