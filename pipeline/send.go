package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/failsafe-go/failsafe-go/circuitbreaker"
	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"

	"seniorimporter/outcome"
	"seniorimporter/soap"
	"seniorimporter/templates"
)

// sender owns the wire side of a run: client, endpoints, credentials, pacing (the limit on
// requests in flight, --rate), the circuit breaker, and one attempt at a unit. It is shared by
// all workers. What a port's answers mean, which operation a record performs and how to ask
// whether it landed all come from the catalogue.
type sender struct {
	client *soap.Client
	own    bool // the HTTP client is the run's own: its connections close with the run
	// proxy is the client's choice of proxy for a request (nil: none; see viaProxy)
	proxy    func(*http.Request) (*url.URL, error)
	cat      *templates.Catalogue
	g5Base   string
	crmURL   string
	mode     soap.Mode
	g5Creds  soap.Credentials
	crmCreds soap.Credentials
	timeout  time.Duration
	rate     *rate.Limiter
	lim      limiter
	breaker  circuitbreaker.CircuitBreaker[any]
	lang     outcome.Lang
	now      func() time.Time

	onExisting          string // a record Senior holds with other values: "error" or "alter"
	caGiven             bool   // --ca-file was given (a certificate refused is then not for want of it)
	retries             int
	backoff, maxBackoff time.Duration
	// rtt is a running average of answered requests' round trips (s.mu): a first retry waits
	// ten of them (see retryDelay).
	rtt time.Duration
	// shed is the share of the last answers (about minWindow of them) that said Senior had too
	// much (503, 429, Retry-After, a timeout), heard how many answers there were in all (s.mu):
	// whether a Retry-After is Senior shedding load or a passing fault (see retryDelay).
	shed        float64
	heard       int
	giveUpAfter time.Duration

	log *slog.Logger

	mu   sync.Mutex
	down time.Time // when the current streak of unreachable answers began; zero: reachable
	// downErr is the streak's last error (its passwords blanked): a give-up names it when it
	// is Senior's own word, a SOAP Fault to every request.
	downErr error
	// asked is when the gateway's Retry-After of the current outage ends (zero: none asked):
	// while the breaker is not closed, no probe goes before it (outageWait).
	asked time.Time
	// answered is when Senior last answered a request (any answer but a gateway's word that it
	// could not reach Senior, or a failed connection): a gateway's 502, 503 or 504 to a request
	// that left before it is a gateway shedding load, not Senior out of reach (see noteReach).
	answered time.Time
	// saidDown is when the outage the log has told of began (zero: none told), saidAt when
	// it was last told: once when the breaker opens, again every unreachableReminder, and
	// when Senior answers again, so that a night's wait is in the log, not a silence.
	saidDown, saidAt time.Time
	// saidUp is when the log last said Senior answers again: another outage within
	// flapQuiet of it is said only once it lasts outageLong (see noteReach).
	saidUp       time.Time
	saidTimeout  bool // the run's first timeout was logged
	saidTooLarge bool // the run's first request refused for its size was logged
	saidSecret   bool // a password found in Senior's messages was logged
	tooLarge     int  // the smallest request refused for its size (HTTP 413); 0: none
	// faults counts the requests that met a passing fault, by kind (Summary.PassingFaults):
	// every row may end ok after retries, and only the summary then shows Senior failing.
	faults    map[string]int
	storm     storm // the passing faults of the last stormWindow, for the log (noteFault)
	rnd       *rand.Rand
	firstSent bool // the run's first request has gone
	// proven holds the addresses that answered as Senior (a SOAP envelope) in this run: an
	// address that never did and answers something else is not Senior's (wrongEndpointError).
	proven sync.Map // string → true
	// understood holds the ports whose answers came back as their catalogue says (their own
	// answer element) in this run: a port that never did and is answered with another element
	// is not the port Senior has (otherAnswerError).
	understood sync.Map // port name → true
	// walls counts the answers in a row, from addresses that answered as Senior before, that
	// were no SOAP envelope (a page; see judge); a SOAP answer sets it back to 0.
	walls atomic.Int64
	// loginWorked holds the products whose credentials Senior accepted in this run (an answer
	// that was no refused login).
	loginWorked sync.Map // templates.Product → true
	// redact takes the passwords out of what comes back (redact.go).
	redact redactor
	parses *semaphore.Weighted // turns to decode a large answer (parseTurn)
	// waits is cancelled when the run stops sending (dispatcher.halt): a request still waiting
	// for its turn (the rate, a slot) then gives up instead of going out after the stop. Nil:
	// the request's own context.
	waits context.Context
}

// Decoding an answer builds its tree, up to 14 times the answer's size for one of many small
// elements (soap's maxNodes and maxDepth bound the rest): answers past parseFree bytes take a
// turn weighted 16 times their size from parseBudget, so that however many large answers come
// back at once, their trees take no more than it together. Senior's answers to the set ports
// are a few KiB and never wait.
const (
	parseFree   = 64 << 10
	parseBudget = 64 << 20
)

// parseTurn waits for an answer of n bytes' turn to be decoded and returns what ends it. The
// wait has no context: turns end as soon as the decodes holding them do.
func (s *sender) parseTurn(n int) (done func()) {
	if n <= parseFree || s.parses == nil {
		return func() {}
	}
	w := min(16*int64(n), parseBudget)
	s.parses.Acquire(context.Background(), w)
	return func() { s.parses.Release(w) }
}

// close closes the run's idle connections to Senior: a watcher runs one import after another
// in one process, and each run's kept-alive connections stayed open for the transport's
// idle timeout (90 s): 220 files dropped in two minutes held 843 descriptors, and under a
// limit of 1,024 the runs failed with "too many open files", blamed on Senior.
func (s *sender) close() {
	if s.own {
		s.client.HTTP.CloseIdleConnections()
	}
}

// errRunStopped: the run stopped sending while the request waited for its turn; nothing was
// tried.
var errRunStopped = errors.New("the run stopped sending")

func newSender(cfg Settings, cat *templates.Catalogue) (*sender, error) {
	client, own := cfg.HTTPClient, cfg.HTTPClient == nil
	if own {
		c, err := soap.NewHTTPClient(soap.TransportOptions{Timeout: cfg.Timeout, Conns: cfg.Workers, CAFile: cfg.CAFile, Insecure: cfg.Insecure})
		if err != nil {
			return nil, err
		}
		client = c
	}
	s := &sender{
		own:         own,
		client:      &soap.Client{HTTP: client, MaxAnswer: cfg.MaxAnswer, Budget: answerBudget(cfg.MaxAnswer)},
		cat:         cat,
		g5Base:      strings.TrimRight(cfg.Endpoint, "/"),
		crmURL:      cfg.CRMEndpoint,
		mode:        cfg.Mode,
		g5Creds:     cfg.G5,
		crmCreds:    cfg.CRM,
		timeout:     cfg.Timeout,
		lang:        cfg.Lang,
		now:         cfg.Now,
		retries:     cfg.Retries,
		backoff:     cfg.Backoff,
		maxBackoff:  cfg.MaxBackoff,
		giveUpAfter: cfg.GiveUpAfter,
		log:         cfg.Logger,
		onExisting:  cfg.OnExisting,
		caGiven:     cfg.CAFile != "",
		redact:      newRedactor(cfg.G5, cfg.CRM),
		parses:      semaphore.NewWeighted(parseBudget),
		rnd:         rand.New(rand.NewPCG(uint64(cfg.Now().UnixNano()), 0x5e41)),
		// Ten unreachable answers in a row across workers open the breaker: requests then
		// wait instead of spending their retries on a Senior that is down, and one probe at a
		// time finds when it is back.
		breaker: circuitbreaker.NewBuilder[any]().WithFailureThreshold(10).WithSuccessThreshold(1).WithDelay(min(cfg.MaxBackoff, 2*time.Second)).Build(),
	}
	switch tr := client.Transport.(type) {
	case nil:
		s.proxy = http.ProxyFromEnvironment // http.DefaultTransport's
	case *http.Transport:
		s.proxy = tr.Proxy
	}
	if cfg.FixedWorkers {
		s.lim = newFixedLimiter(cfg.Workers)
	} else {
		s.lim = newAdaptiveLimiter(cfg.Workers, cfg.Now, cfg.Logger)
	}
	if cfg.Rate > 0 {
		s.rate = rate.NewLimiter(rate.Limit(cfg.Rate), max(1, int(cfg.Rate)))
	}
	return s, nil
}

// answerBudget bounds the bytes that the answers being read hold together: 128 MiB (so that 64
// requests whose answers never end stay well under 300 MB), or one whole answer if
// --max-answer is larger.
func answerBudget(maxAnswer int64) *semaphore.Weighted {
	if maxAnswer <= 0 {
		maxAnswer = soap.DefaultMaxAnswer
	}
	return semaphore.NewWeighted(max(128<<20, maxAnswer))
}

func (s *sender) url(p *templates.Port) string {
	if p.Product == templates.ProductCRM {
		return s.crmURL
	}
	return soap.G5URL(s.g5Base, s.mode, p.Service)
}

func (s *sender) creds(p *templates.Port) soap.Credentials {
	if p.Product == templates.ProductCRM {
		return s.crmCreds
	}
	return s.g5Creds
}

// readBack is the port that tells whether a record of p landed, or nil when there is none
// to ask: the catalogue declares none, or the mode (async, scheduled) answers only "OK".
func (s *sender) readBack(p *templates.Port) *templates.Port {
	if s.mode != soap.ModeSync {
		return nil
	}
	return s.cat.ReadBackPort(p)
}

// retryDelay is how long a record waits before its next attempt: what Retry-After asks (up
// to five minutes), or capped exponential backoff with a quarter of jitter, from --backoff at
// the second retry. The first retry comes after ten round trips (at least 20 ms, at most
// --backoff): a passing fault among answered requests (a dropped connection, an answer cut
// short) cost half a second, and the report, written in input order, waited for it: 10%
// resets made a run of 5 ms requests eight times slower while Senior answered the rest at
// once. A Senior that fails again gets the backoff as before (--retries counts both).
//
// Retry-After is waited out while Senior sheds load: before it has answered a window of
// requests, while such answers are busyCut of the last ones or more, or while the breaker is
// not closed. A lone 503 "Retry-After: 1" among answered requests (a node behind the load
// balancer restarting) is a passing fault: its record goes again on its backoff, as Senior
// went on answering the others meanwhile. Waited out, each such record held the run's end
// for a second or two while the rest was done: 10% passing faults (2% of them 503s) cost 0.6
// of the fault-free run's throughput, the last second idle.
func (s *sender) retryDelay(attempts int, err error) time.Duration {
	if te, ok := soap.IsTransient(err); ok && te.RetryAfter > 0 && !s.passing() {
		return min(te.RetryAfter, 5*time.Minute)
	}
	d := s.backoff << min(max(attempts-2, 0), 30)
	if attempts <= 1 {
		s.mu.Lock()
		rtt := s.rtt
		s.mu.Unlock()
		if rtt > 0 {
			d = min(s.backoff, max(firstRetryMin, 10*rtt))
		}
	}
	if d <= 0 || d > s.maxBackoff {
		d = s.maxBackoff
	}
	s.mu.Lock()
	j := 1 + (s.rnd.Float64()-0.5)/2
	s.mu.Unlock()
	return time.Duration(float64(d) * j)
}

// firstRetryMin is the shortest wait before a record's first retry.
const firstRetryMin = 20 * time.Millisecond

// errBreakerOpen: Senior has been unreachable; the request was not tried.
type errBreakerOpen struct{ wait time.Duration }

func (e *errBreakerOpen) Error() string { return "Senior unreachable: waiting before trying again" }

// errGiveUp: Senior stayed unreachable past --give-up-after; last is the outage's last
// error (nil: not known). It does not unwrap to last: nothing was sent, and a passing fault
// (noteFault, IsTransient) is an answer's.
type errGiveUp struct {
	since  time.Time
	last   error
	target string // the address of the request given up (its proxy is named)
}

func (e *errGiveUp) Error() string {
	if e.last != nil {
		return "Senior unreachable since " + e.since.Format("15:04") + ": " + e.last.Error()
	}
	return "Senior unreachable since " + e.since.Format("15:04")
}

// post sends one envelope carrying recs and decodes the answer: through the circuit breaker,
// the rate limit and the limit on requests in flight, within the per-request timeout.
// began, when not nil and zero, receives when the request left (its slot taken): a row's latency
// counts from its record's first request, not from when it was read.
func (s *sender) post(ctx context.Context, p *templates.Port, env []byte, recs []*soap.Record, began *time.Time) (res []soap.Result, err error) {
	went := false // the request left (a turn in the storm's count)
	defer func() { s.noteFault(err, went) }()
	// Unreachable past --give-up-after: checked before the breaker, not only when it refuses.
	// A Senior slower than --timeout is never refused by it: its delay (2 s at most) passes
	// while each probe waits out the timeout, so every probe got its permit, failed without
	// costing a retry, and the run probed for good (timeout 2.5 s against 6 s answers, give-up
	// 10 s: still probing at 60 s).
	if at := s.giveUpAt(); !at.IsZero() && s.now().After(at) {
		s.mu.Lock()
		down, downErr := s.down, s.downErr
		s.mu.Unlock()
		return nil, &errGiveUp{since: down, last: downErr, target: s.url(p)}
	}
	if wait := s.askedWait(); wait > 0 || !s.breaker.TryAcquirePermit() {
		return nil, &errBreakerOpen{wait: s.outageWait()}
	}
	wctx := ctx
	if s.waits != nil {
		wctx = s.waits
	}
	gaveUp := func(err error) error {
		s.breaker.RecordSuccess() // nothing was tried: release the probe
		if ctx.Err() == nil {
			return errRunStopped
		}
		return &soap.InterruptedError{Err: err}
	}
	if s.rate != nil {
		if err := s.rate.Wait(wctx); err != nil {
			return nil, gaveUp(err)
		}
	}
	pm, err := s.lim.acquire(wctx, placeOf(ctx))
	if err != nil {
		return nil, gaveUp(err)
	}
	if began != nil && began.IsZero() {
		*began = time.Now()
	}
	rctx, cancel := context.WithTimeout(ctx, s.timeout)
	u := s.url(p)
	sent := time.Now()
	left := s.now()
	resp, err := s.client.Post(rctx, u, env)
	went = true
	took := time.Since(sent)
	cancel()
	pm.done(loadSignal(err))
	s.hear(loadSignal(err))
	if err != nil {
		s.noteReach(err, left) // an answer's reach is judged once it is decoded, below
	}
	s.mu.Lock()
	s.firstSent = true
	if err == nil {
		if s.rtt == 0 {
			s.rtt = took
		}
		s.rtt += (took - s.rtt) / 16
	}
	s.mu.Unlock()
	if err != nil {
		if isKind(err, soap.Fault) {
			s.proven.Store(u, true) // a SOAP Fault (in a 5xx) is Senior's too
		}
		return nil, s.judgeRedirect(p, u, s.judgeTLS(p, u, clipErr(s.redact.err(err))))
	}
	defer resp.Release() // the body counts against the answers' budget until it is decoded
	defer s.parseTurn(len(resp.Body))()
	res, err = soap.Decode(p, s.mode, resp.Status, resp.Body, recs)
	if isKind(err, soap.Fault) {
		s.noteReach(err, left) // a SOAP Fault in HTTP 200: Senior out of reach when it answers nothing else
	} else {
		s.noteReach(nil, left)
	}
	if s.redact.results(res) {
		// Blanked where Senior's own words hold it, the words around it may tell it ("Registro
		// gravado com ***." of the password sucesso), in every report line.
		s.mu.Lock()
		s.warnOnce(&s.saidSecret, s.lang.LogPasswordInAnswers(), "port", p.Name)
		s.mu.Unlock()
	}
	clipResults(res)
	return res, s.judge(p, u, clipErr(s.redact.err(err)))
}

// noteFault counts a request that met a passing fault; went: the request left (one refused
// before it went, by the breaker or a stop, is no answer of Senior's).
func (s *sender) noteFault(err error, went bool) {
	te, ok := soap.IsTransient(err)
	if oa := (*otherAnswerError)(nil); errors.As(err, &oa) {
		// The answer of another element that stops the run: not tried again, and the summary's
		// "falhas passageiras … cada um tentado de novo" counted it as an answer not XML.
		ok = false
	}
	k := ""
	if ok {
		k = string(te.Kind)
		if te.Kind == soap.HTTP && te.Status != 0 {
			k = fmt.Sprintf("http_%d", te.Status)
		}
		if te.Kind == soap.Connection && errors.Is(err, syscall.ECONNREFUSED) {
			// Nothing listens there (Senior's service down, the wrong port): no connection was
			// made to drop, and "conexão caída 74" read as a Senior that dropped them.
			k = "connection_refused"
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok {
		if s.faults == nil {
			s.faults = map[string]int{}
		}
		s.faults[k]++
	}
	if went {
		s.noteStorm(k)
	}
}

// storm counts the requests of the current stormWindow and those among them that met a
// passing fault. Senior failing a part of the requests (a 503 in three, resets, malformed
// answers) costs retries and a lower limit, and every row may still end ok: the log showed
// only "andamento" lines at limit=1 for as long as it lasted, and the summary's count at the
// end. The log says when it begins (WARN), every unreachableReminder while it lasts, and when
// it ends (INFO).
type storm struct {
	from             time.Time      // when the window began
	requests, faults int            // in the window
	kinds            map[string]int // the window's faults by kind
	said, saidAt     time.Time      // when the storm told of began, and was last told (zero: none)
	total            int            // the faults since said
}

const (
	stormWindow = 10 * time.Second
	// A window is stormy with at least stormFaults faults, one request in stormShare or more:
	// a fault now and then (one in thousands on a good night) is not the operator's concern.
	stormFaults = 5
	stormShare  = 20
)

// noteStorm counts a request that left, with the passing fault it met (kind, "" for none).
// The first request past a window's end closes it (endStorm) and opens the next. s.mu is held.
func (s *sender) noteStorm(kind string) {
	w := &s.storm
	now := s.now()
	if !w.from.IsZero() && now.Sub(w.from) >= stormWindow {
		s.endStorm(now)
	}
	if w.from.IsZero() {
		w.from = now
	}
	w.requests++
	if kind != "" {
		w.faults++
		if w.kinds == nil {
			w.kinds = map[string]int{}
		}
		w.kinds[kind]++
	}
}

// endStorm closes the storm's window at now and says in the log a storm that begins, lasts or
// ends with it. While an outage is told (the breaker's lines) its failed connections are no
// storm. s.mu is held.
func (s *sender) endStorm(now time.Time) {
	w := &s.storm
	stormy := w.faults >= stormFaults && w.faults*stormShare >= w.requests && s.saidDown.IsZero()
	if stormy {
		w.total += w.faults
	}
	if s.log != nil {
		args := []any{"faults", w.faults, "requests", w.requests, "window", now.Sub(w.from).Round(time.Second).String(), stormKinds(w.kinds), "limit", s.lim.limit()}
		switch {
		case stormy && w.said.IsZero():
			w.said, w.saidAt = w.from, now
			s.log.Warn(s.lang.LogFaultStorm(), args...)
		case stormy && now.Sub(w.saidAt) >= unreachableReminder:
			w.saidAt = now
			s.log.Warn(s.lang.LogFaultStormGoesOn(), append(args, "since", w.said, "faults_since", w.total)...)
		case !stormy && !w.said.IsZero():
			s.log.Info(s.lang.LogFaultStormOver(), "lasted", w.from.Sub(w.said).Round(time.Second), "faults", w.total, "limit", s.lim.limit())
		}
	}
	if !stormy {
		w.said, w.saidAt, w.total = time.Time{}, time.Time{}, 0
	}
	w.from, w.requests, w.faults = time.Time{}, 0, 0
	clear(w.kinds)
}

// stormKinds is a window's faults by kind, the most first, as a group: kinds.http_503=60
// kinds.connection=3 (JSON: "kinds":{"http_503":60,"connection":3}).
func stormKinds(kinds map[string]int) slog.Attr {
	ks := slices.Collect(maps.Keys(kinds))
	slices.SortFunc(ks, func(a, b string) int { return cmp.Or(kinds[b]-kinds[a], strings.Compare(a, b)) })
	args := make([]any, 0, 2*len(ks))
	for _, k := range ks {
		args = append(args, k, kinds[k])
	}
	return slog.Group("kinds", args...)
}

// passingFaults is how many requests met a passing fault, by kind.
func (s *sender) passingFaults() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.faults)
}

// judge learns from a decoded answer whether address u is Senior's: an answer in a SOAP
// envelope proves it; an answer that is none (an HTML page, plain text) from an address that
// never proved itself means the address is wrong, and every request to it would meet the same:
// the run stops (wrongEndpointError) instead of retrying each record for hours.
func (s *sender) judge(p *templates.Port, u string, err error) error {
	var ns *soap.NotSOAPError
	var oa *soap.OtherAnswerError
	isNot := errors.As(err, &ns)
	switch {
	case err == nil:
		if _, ok := s.understood.Load(p.Name); !ok {
			s.understood.Store(p.Name, true)
		}
	case errors.As(err, &oa):
		if _, ok := s.understood.Load(p.Name); !ok {
			return &otherAnswerError{port: p, answer: oa, cause: err}
		}
	}
	switch {
	case !isNot && (err == nil || isKind(err, soap.Fault) || isKind(err, soap.HTTP)):
		if _, ok := s.proven.Load(u); !ok {
			s.proven.Store(u, true)
		}
		s.walls.Store(0)
	case isNot:
		if _, ok := s.proven.Load(u); !ok {
			return &wrongEndpointError{crm: p.Product == templates.ProductCRM, target: u, answer: ns, written: soap.Written(err) && ns.Form == "empty"}
		}
		if s.walls.Add(1) >= wallAnswers {
			return &authWallError{crm: p.Product == templates.ProductCRM, target: u, answer: ns, written: soap.Written(err) && ns.Form == "empty"}
		}
	}
	return err
}

// wallAnswers is how many answers in a row may be a page instead of Senior's envelope (an
// HTTP 401, 403 or 407, a 200 login page, a 404) from addresses that answered as Senior
// earlier in the run before the run stops: something in front of Senior (a single sign-on
// whose session ran out, a proxy asking for its own login, Senior moved) refuses every
// request from then on. Each row was sent and refused one by one (a page in 4xx at once, a
// 200 one after its retries): a night's 600,000 rows became as many failed rows, and as many
// lines to fix, where none was wrong. A few in a row are a firewall refusing a row's text (a
// description that reads like an attack) or a proxy's hiccup, which stay those rows'.
const wallAnswers = 20

// authWallError: answers in a row were pages of something in front of Senior: no retry in
// this run can pass it, and the rows not sent are sent by the next run.
type authWallError struct {
	crm     bool
	target  string // the address asked
	answer  *soap.NotSOAPError
	written bool // an empty 2xx answer: the request may have landed (see written)
}

func (e *authWallError) Error() string {
	return fmt.Sprintf("%d answers in a row were no SOAP envelope, the last HTTP %d: %v", wallAnswers, e.answer.Status, e.answer)
}
func (e *authWallError) Unwrap() error { return e.answer }

// judgeTLS learns from a failed request whether https:// address u has a TLS server behind
// it: one that never answered as Senior and answers plain HTTP (or anything but TLS) stops the
// run (notTLSError), as no retry can change that.
func (s *sender) judgeTLS(p *templates.Port, u string, err error) error {
	var nt *soap.NotTLSError
	var nh *soap.NotHTTPError
	switch {
	case errors.As(err, &nt):
		if _, ok := s.proven.Load(u); !ok {
			return &notTLSError{crm: p.Product == templates.ProductCRM, target: u, err: nt}
		}
	case errors.As(err, &nh):
		if _, ok := s.proven.Load(u); !ok {
			return &notHTTPError{crm: p.Product == templates.ProductCRM, err: nh, cause: err}
		}
	}
	return err
}

// judgeRedirect learns from a redirect whether address u is Senior's, as judge does from a
// page: one that never answered as Senior in this run is the wrong address (http:// for a
// Senior that redirects to https://), and one that did and now redirects request after request
// has something in front of it that sends them elsewhere (a single sign-on whose session ran
// out redirects to its login). Both stop the run (redirectStopError). Only the run's first
// request stopped it: the G5 address redirecting after the CRM's had answered, every quote was
// sent and failed one by one, each saying it was redirected.
func (s *sender) judgeRedirect(p *templates.Port, u string, err error) error {
	var re *soap.RedirectError
	if !errors.As(err, &re) {
		return err
	}
	crm := p.Product == templates.ProductCRM
	if _, ok := s.proven.Load(u); !ok {
		return &redirectStopError{crm: crm, redirect: re, cause: err}
	}
	if s.walls.Add(1) >= wallAnswers {
		return &redirectStopError{crm: crm, redirect: re, wall: true, cause: err}
	}
	return err
}

// redirectStopError: an address redirects, and no retry in this run can change that: it never
// answered as Senior, or (wall) it did and then redirected wallAnswers requests in a row.
type redirectStopError struct {
	crm      bool // the CRM address (--crm-endpoint), else G5's (--endpoint)
	wall     bool
	redirect *soap.RedirectError
	cause    error
}

func (e *redirectStopError) Error() string { return e.cause.Error() }
func (e *redirectStopError) Unwrap() error { return e.cause }

// notHTTPError: an address that never answered as Senior in this run answers in TLS (an
// http:// address of an HTTPS port) or in no HTTP at all: no retry can change that.
type notHTTPError struct {
	crm   bool // the CRM address (--crm-endpoint), else G5's (--endpoint)
	err   *soap.NotHTTPError
	cause error // the passing fault around it, which says whether the request was written
}

func (e *notHTTPError) Error() string { return e.err.Error() }
func (e *notHTTPError) Unwrap() error { return e.cause }

// notTLSError: an https:// address that never answered as Senior in this run has no TLS
// server behind it (a plain HTTP one, say): no retry can change that.
type notTLSError struct {
	crm    bool   // the CRM address (--crm-endpoint), else G5's (--endpoint)
	target string // the address asked
	err    *soap.NotTLSError
}

func (e *notTLSError) Error() string { return e.err.Error() }
func (e *notTLSError) Unwrap() error { return e.err }

// written reports whether err says the request had been written whole (soap.Written), so
// that it may have landed. judge's errors keep what the answer they stand for said: a 2xx
// with an empty body (a proxy that passed the request on and lost Senior's answer) stopped
// the run with its records not_sent, "never went out", and the next run sent them as new. A
// page (a proxy's login, a portal) is that server's own answer, and a 4xx one says the
// request was refused before any Senior saw it: not_sent.
func written(err error) bool {
	var we *wrongEndpointError
	var aw *authWallError
	switch {
	case errors.As(err, &we):
		return we.written
	case errors.As(err, &aw):
		return aw.written
	}
	return soap.Written(err)
}

func isKind(err error, k soap.Kind) bool {
	te, ok := soap.IsTransient(err)
	return ok && te.Kind == k
}

// wrongEndpointError: an address that never answered as Senior in this run answered with
// something that is no SOAP envelope.
type wrongEndpointError struct {
	crm     bool   // the CRM address (--crm-endpoint), else G5's (--endpoint)
	target  string // the address asked
	answer  *soap.NotSOAPError
	written bool // an empty 2xx answer: the request may have landed (see written)
}

func (e *wrongEndpointError) Error() string {
	return "the address is not Senior's web service: " + e.answer.Error()
}
func (e *wrongEndpointError) Unwrap() error { return e.answer }

// otherAnswerError: a port that was never answered as its catalogue file says in this run
// was answered, in a SOAP envelope, with another element. Senior answers the same to every
// request of it (an operation it does not know, a response name the file got wrong): each
// record was sent seven times over, a few seconds apart, and ended unknown, "may have been
// stored" (4 rows of a --catalogue port with a mistyped operation: 28 requests, 17 s). The run
// stops at the first, the request that met it unknown (Senior answered: with a wrong response
// name the record was stored).
type otherAnswerError struct {
	port   *templates.Port
	answer *soap.OtherAnswerError
	cause  error
}

func (e *otherAnswerError) Error() string { return e.cause.Error() }
func (e *otherAnswerError) Unwrap() error { return e.cause }

// loadSignal is what an answer (or its absence) says of Senior's load.
func loadSignal(err error) signal {
	te, ok := soap.IsTransient(err)
	switch {
	case err == nil:
		return answered
	case ok && (te.Kind == soap.Timeout || te.RetryAfter > 0 || te.Status == 503 || te.Status == 429):
		return overloaded
	case ok && (te.Kind == soap.HTTP || te.Kind == soap.Fault):
		return answered
	}
	return dropped
}

// warnOnce logs a warning the first time only; *said remembers it. s.mu is held.
func (s *sender) warnOnce(said *bool, msg string, args ...any) {
	if !*said && s.log != nil {
		*said = true
		s.log.Warn(msg, args...)
	}
}

// refusedForSize remembers a request of size bytes (records records) refused as too large,
// and says the first one in the log.
func (s *sender) refusedForSize(size, records int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.warnOnce(&s.saidTooLarge, s.lang.LogRequestTooLarge(), "bytes", size, "records", records)
	if s.tooLarge == 0 || size < s.tooLarge {
		s.tooLarge = size
	}
}

// refusedSize reports whether a request of n bytes is as large as one refused for its size.
func (s *sender) refusedSize(n int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooLarge > 0 && n >= s.tooLarge
}

// outOfReach tells a passing fault that says Senior is out of reach, not there and failing:
// a connection that fails or times out, and a gateway's word that it could not reach the
// server behind it (HTTP 502, 503 or 504 with no SOAP Fault: nginx's "Bad Gateway" and
// "Gateway Time-out", Apache's and HAProxy's "Service Unavailable" when no server behind them
// answers). Those were answers, each its row's retry: a Senior stopped for the night behind
// its reverse proxy had every row of 3,000 sent seven times (21,000 requests in 43 s) and
// reported unknown, exit 1, where a Senior that refuses connections waits for it up to
// --give-up-after and stops, exit 2. A Senior busy now and then answers some 503s among its
// answers: the breaker opens only after ten in a row.
func outOfReach(te *soap.TransientError) bool {
	switch te.Kind {
	case soap.Connection, soap.Timeout:
		return true
	case soap.HTTP:
		return te.Status == http.StatusBadGateway || te.Status == http.StatusServiceUnavailable || te.Status == http.StatusGatewayTimeout
	}
	return false
}

// hear counts an answer for shed: what it says of Senior's load (loadSignal).
func (s *sender) hear(sig signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch sig {
	case overloaded:
		s.shed += (1 - s.shed) / minWindow
	case answered:
		s.shed -= s.shed / minWindow
	default:
		return
	}
	s.heard++
}

// passing reports whether an answer asking to wait is a passing fault, not Senior shedding
// load: a window of answers heard, few of them such, or the adaptive limit found them to
// come as often whatever the limit (a dead node behind the load balancer: see shed); and the
// breaker closed (see retryDelay).
func (s *sender) passing() bool {
	s.mu.Lock()
	quiet := s.heard >= minWindow && s.shed < busyCut
	s.mu.Unlock()
	return (quiet || s.lim.noLoad()) && s.breaker.IsClosed()
}

// askedWait is how long the gateway's Retry-After of the current outage still asks to wait
// while the breaker is not closed (0: none). The breaker probes again after its own delay (2 s
// at most; --max-backoff in tests): a 503 "Retry-After: 120" of a Senior in maintenance was
// probed every 2 s, where a record alone waited what it asked, as passing faults do.
func (s *sender) askedWait() time.Duration {
	s.mu.Lock()
	asked := s.asked
	s.mu.Unlock()
	if asked.IsZero() || s.breaker.IsClosed() {
		return 0
	}
	return max(asked.Sub(s.now()), 0)
}

// outageWait is how long a record waits while Senior is out of reach: until the breaker lets a
// probe through, and no sooner than the gateway asked (askedWait), but no later than
// --give-up-after ends the wait (a "Retry-After: 300" is not waited out past a give-up of 1m).
func (s *sender) outageWait() time.Duration {
	return s.untilGiveUp(max(s.breaker.RemainingDelay(), s.askedWait(), 10*time.Millisecond))
}

// untilGiveUp bounds a wait by --give-up-after, while Senior is out of reach: a record's
// outage wait, and a port's first request's retry delay (alone while it met 503s "Retry-After:
// 60", it waited the minute before the give-up was looked at, the others set aside).
func (s *sender) untilGiveUp(wait time.Duration) time.Duration {
	if at := s.giveUpAt(); !at.IsZero() {
		wait = min(wait, max(at.Sub(s.now()), 0)+10*time.Millisecond)
	}
	return wait
}

// giveUpAt is when the run gives up on Senior (zero: it does not): --give-up-after from when
// Senior stopped answering, while that is an outage: the breaker open (or probing), or Senior
// asking to wait (Retry-After). A record's passing faults while the breaker is closed are no
// outage, retried on their backoff as ever: the last record of a run, nothing else in flight
// to answer meanwhile, met two dropped connections, and its retry, once its backoff had
// passed --give-up-after, gave the run up (exit 2, the row unknown) without a request, the log
// never having said that Senior stopped answering.
func (s *sender) giveUpAt() time.Time {
	s.mu.Lock()
	down, asked := s.down, s.asked
	s.mu.Unlock()
	if down.IsZero() || s.giveUpAfter <= 0 || s.breaker.IsClosed() && !asked.After(s.now()) {
		return time.Time{}
	}
	return down.Add(s.giveUpAfter)
}

// noteReach feeds the circuit breaker: a connection that fails or times out, or a gateway
// that could not reach Senior (outOfReach), is Senior out of reach; so is a SOAP Fault while
// Senior answers nothing else (faultIsOutage); any other answer, even an error, is Senior
// there. left is when the request left: an answer to one that left before the outage the log
// told of began says nothing of Senior now.
func (s *sender) noteReach(err error, left time.Time) {
	te, ok := soap.IsTransient(err)
	unreachable := ok && outOfReach(te)
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok && te.Kind == soap.Fault {
		if !s.faultIsOutage() {
			// A Fault among answers (a record Senior's code fails on): that record's passing
			// fault, retried as ever; it says nothing of Senior's reach either way.
			return
		}
		unreachable = true
	}
	if unreachable && te.Kind == soap.HTTP && !s.answered.IsZero() && s.now().Sub(s.answered) < max(shedWindow, 4*s.rtt) {
		// A gateway's 502, 503 or 504 while Senior answers other requests (one answered in
		// the last second, or four round trips): the gateway sheds load (HAProxy past its
		// maxconn, a load balancer's queue full), Senior is there. Counted as out of reach, ten
		// in a row (64 fixed workers against a gateway that takes 8; a shed request comes back
		// at once, Senior's in their round trip) opened the breaker for two seconds at a time,
		// again and again: 3,000 categories took 642 s instead of 7 (the reviewer's). It is a
		// passing fault of its record, retried as ever, honouring its Retry-After. A gateway
		// whose Senior stopped answers so for more than that, and the breaker opens as before.
		return
	}
	if unreachable {
		if s.down.IsZero() {
			s.down = s.now()
		}
		s.downErr = s.redact.err(err)
		if te.RetryAfter > 0 {
			if until := s.now().Add(min(te.RetryAfter, 5*time.Minute)); until.After(s.asked) {
				s.asked = until
			}
		}
		if te.Kind == soap.Timeout {
			// The breaker speaks after ten in a row; with a minute's timeout that is minutes
			// of a log of progress lines at 0 rows. The first one is said at once.
			s.warnOnce(&s.saidTimeout, s.lang.LogFirstTimeout(), "timeout", s.timeout.String(), "hint", s.lang.LogSlowHint(), "error", s.redact.err(err))
		}
		s.breaker.RecordFailure()
		if now := s.now(); s.breaker.IsOpen() && s.log != nil {
			switch {
			case s.saidDown.IsZero() && !s.saidUp.IsZero() && now.Sub(s.saidUp) < flapQuiet && now.Sub(s.down) < outageLong:
				// Senior answering some requests and not others (timeouts among answers, a
				// node of several down): the breaker opens and closes within milliseconds, and
				// the log said "não responde" and "voltou a responder" (down_for=0s) four to
				// six times in a row. Said again once it lasts.
			case s.saidDown.IsZero():
				s.saidDown, s.saidAt = s.down, now
				args := []any{"since", s.down, "give_up_at", s.down.Add(s.giveUpAfter), "error", s.redact.err(err)}
				if te.Kind == soap.Timeout {
					// Slow, maybe, rather than down: the operator's knob is named.
					args = append(args, "timeout", s.timeout.String(), "hint", s.lang.LogSlowHint())
				}
				s.log.Warn(s.lang.LogUnreachable(), args...)
			case now.Sub(s.saidAt) >= unreachableReminder:
				s.saidAt = now
				s.log.Warn(s.lang.LogStillUnreachable(), "since", s.down, "give_up_at", s.down.Add(s.giveUpAfter), "error", s.redact.err(err))
			}
		}
		return
	}
	s.answered = s.now()
	if !s.saidDown.IsZero() && left.Before(s.down) {
		// Senior stopped answering with requests in flight; one of them answered after the
		// log said so (worked on before Senior went, or as it went). The log said "voltou a
		// responder" (down_for=0s) milliseconds after "não responde", then "não responde"
		// again. The outage goes on, as told, until a request that left since is answered.
		s.breaker.RecordSuccess()
		return
	}
	if !s.saidDown.IsZero() && s.log != nil {
		s.log.Info(s.lang.LogReachableAgain(), "down_for", s.now().Sub(s.saidDown).Round(time.Second))
		s.saidUp = s.now()
	}
	s.saidDown = time.Time{}
	s.down, s.asked, s.downErr = time.Time{}, time.Time{}, nil
	s.breaker.RecordSuccess()
}

// faultIsOutage tells (s.mu held) whether a SOAP Fault is Senior out of reach: no answer but
// a Fault in shedWindow (or four round trips) - every request faulted, nothing accepted, as
// when the database behind Senior's application server is down. Each was a passing fault of
// its record: 3,000 categories against a Senior answering every request "Could not open JDBC
// Connection" spent 21,000 requests in 46 s and ended all unknown, exit 1; the breaker now
// opens after ten in a row, the run waits for Senior (--give-up-after) as for one that does
// not answer, and ends exit 2 with the rows not sent not_sent. A Fault among Senior's other
// answers stays its record's.
func (s *sender) faultIsOutage() bool {
	return s.answered.IsZero() || s.now().Sub(s.answered) >= max(shedWindow, 4*s.rtt)
}

// shedWindow is how recently Senior must have answered for a gateway's 502, 503 or 504 to be
// load shed rather than Senior out of reach (four round trips, when longer).
const shedWindow = time.Second

// unreachableReminder is how often the log says again that Senior still does not answer.
const unreachableReminder = 10 * time.Minute

// flapQuiet and outageLong: within a minute of saying Senior answers again, another outage is
// said once it has lasted ten seconds.
const (
	flapQuiet  = time.Minute
	outageLong = 10 * time.Second
)

// inFlight is the number of requests in flight now.
func (s *sender) inFlight() int { return s.lim.inFlight() }

// first reports whether no request of the run has gone yet.
func (s *sender) first() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.firstSent
}

// lookup asks p's read-back port rb whether record r exists. A passing fault is returned as
// is (the unit is tried again later); an answer that says neither yes nor no is a passing
// fault too, since guessing could duplicate or lose a record.
// held is what Senior holds of the record when it is present.
func (s *sender) lookup(ctx context.Context, p, rb *templates.Port, r *Record) (present bool, held map[string]any, err error) {
	q := soap.ReadBackQuery(rb, r.Wire)
	var env bytes.Buffer
	if err := soap.Encode(&env, rb, s.creds(rb), q); err != nil {
		return false, nil, err
	}
	res, err := s.post(ctx, rb, env.Bytes(), []*soap.Record{q}, nil)
	if err != nil {
		return false, nil, err
	}
	if res[0].Status == soap.LoginRefused {
		return false, nil, s.loginRefused(rb, res[0].Message)
	}
	switch presence, held := soap.ReadBack(p, res[0], r.Wire); presence {
	case soap.Present:
		return true, held, nil
	case soap.Absent:
		return false, nil, nil
	}
	return false, nil, &soap.TransientError{Kind: soap.NotXML, Err: fmt.Errorf("read-back of %s answered neither it nor its absence", r.Key)}
}

// loginRefusedError is Senior refusing the credentials: the run stops.
type loginRefusedError struct {
	lang   outcome.Lang // of the run: the error is said in the log line that stops it
	answer string
	spaced bool // the password sent starts or ends with a space or a tab
	// worked: the same credentials were accepted earlier in this run. The CRM's pattern for a
	// refused login (DESIGN.md) also matches a message about a row's own data ("Usuário
	// responsável inválido"): the log says so, and which row to look at.
	worked bool
}

// Error says the refusal; a password that starts or ends with a space is said to without the
// password (a file saved with a space after it is a common slip).
func (e *loginRefusedError) Error() string { return e.lang.LoginRefused(e.answer, e.spaced, e.worked) }

// loginRefused is the error of Senior refusing the credentials of p's service.
func (s *sender) loginRefused(p *templates.Port, answer string) *loginRefusedError {
	pw := s.creds(p).Password
	_, worked := s.loginWorked.Load(p.Product)
	return &loginRefusedError{lang: s.lang, answer: answer, spaced: pw != strings.TrimSpace(pw), worked: worked}
}

// stopError is what stops a whole run from the send side: a refused login, a certificate
// Senior's endpoint does not prove, a redirect on the first request, Senior unreachable for
// too long, an address that answers but not as Senior. reason is the not_sent message of
// every row not sent.
type stopError struct {
	err    error
	reason string
}

func (e *stopError) Error() string { return e.err.Error() }
func (e *stopError) Unwrap() error { return e.err }

// certificateReason says why a certificate was refused, and so what to do: a name it is not
// for (use the name it is for), a date it is not valid at (Senior must renew it), or an
// authority not trusted (give it with --ca-file, or the --ca-file given is not it).
func (s *sender) certificateReason(ce *soap.CertificateError) string {
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(ce, &he) && he.Certificate != nil:
		names := slices.Clone(he.Certificate.DNSNames)
		for _, ip := range he.Certificate.IPAddresses {
			names = append(names, ip.String())
		}
		if len(names) == 0 && he.Certificate.Subject.CommonName != "" {
			names = append(names, he.Certificate.Subject.CommonName)
		}
		return s.lang.AbortedCertificateName(he.Host, names)
	case errors.As(ce, &ci) && ci.Reason == x509.Expired && ci.Cert != nil:
		return s.lang.AbortedCertificateDates(ci.Cert.NotBefore, ci.Cert.NotAfter)
	}
	return s.lang.AbortedCertificate(s.caGiven)
}

// fatal classifies an error of an attempt that no retry can fix and that stops the run.
func (s *sender) fatal(err error, first bool) *stopError {
	var lr *loginRefusedError
	var ce *soap.CertificateError
	var re *soap.RedirectError
	var gu *errGiveUp
	var we *wrongEndpointError
	var nt *notTLSError
	var nh *notHTTPError
	var rs *redirectStopError
	var aw *authWallError
	var oa *otherAnswerError
	switch {
	case errors.As(err, &lr):
		return &stopError{err, s.lang.AbortedLogin()}
	case errors.As(err, &ce):
		return &stopError{err, s.certificateReason(ce)}
	case errors.As(err, &rs) && rs.wall:
		return &stopError{err, s.lang.AbortedRedirectWall(rs.crm, wallAnswers, rs.redirect.Location)}
	case errors.As(err, &rs):
		return &stopError{err, s.lang.AbortedRedirect(rs.crm, rs.redirect.Location)}
	case errors.As(err, &re) && first:
		return &stopError{err, s.lang.AbortedRedirect(false, re.Location)}
	case errors.As(err, &gu):
		if fe := (*soap.FaultError)(nil); errors.As(gu.last, &fe) {
			// Senior answers, and what it answers is why nothing goes (a user without
			// permission, the ERP's database down): said to whoever reads the log's stop
			// and end lines and the rows' reason, not only in the outage's first warning.
			return &stopError{err, s.lang.UnreachableFault(gu.since, fe.Shown())}
		}
		reason := s.lang.Unreachable(gu.since)
		if te, ok := soap.IsTransient(gu.last); ok {
			// The outage's last error, as a row's passing fault says it: a connection
			// refused (Senior's service down), a timeout (slow), a gateway's 502. The reason
			// said only since when, and the operator had the log's first warning to find why.
			reason += ": " + s.said(te, gu.target).Error()
		}
		return &stopError{err, reason}
	case errors.As(err, &oa):
		return &stopError{err, s.lang.AbortedOtherAnswer(oa.port.Name, oa.port.Path(), oa.port.Shipped(), oa.answer.Element, oa.answer.Want, oa.answer.Said)}
	case errors.As(err, &we):
		return &stopError{err, s.lang.AbortedNotSOAP(we.crm, we.answer.Status, we.answer.Form, we.answer.Shown()) + s.proxyNote(we.target)}
	case errors.As(err, &nt):
		return &stopError{err, s.lang.AbortedNotTLS(nt.crm, nt.err.Plain) + s.proxyNote(nt.target)}
	case errors.As(err, &nh):
		return &stopError{err, s.lang.AbortedNotHTTP(nh.crm, nh.err.TLS, nh.err.Shown())}
	case errors.As(err, &aw):
		return &stopError{err, s.lang.AbortedAuthWall(aw.crm, wallAnswers, aw.answer.Status, aw.answer.Form, aw.answer.Shown()) + s.proxyNote(aw.target)}
	}
	return nil
}
