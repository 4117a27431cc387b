package pipeline

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/time/rate"

	"seniorimporter/soap"
	"seniorimporter/templates"
	"seniorimporter/writers"
)

// Exit codes (DESIGN.md): 0 every row ok/queued/valid/skipped; 1 some rows not; 2 could not
// start or aborted (configuration, unreadable input, refused login); 130 interrupted.
const (
	ExitOK          = 0
	ExitSomeFailed  = 1
	ExitAborted     = 2
	ExitInterrupted = 130
)

// Settings is everything a run needs; cmd/importer builds it from flags and the environment.
type Settings struct {
	Validate      bool // validate: every check, no sending; outcome valid
	ShowEnvelopes int  // validate: print the first N envelopes (password masked)
	Files         []string
	Input         InputOptions
	CatalogueDir  string

	Endpoint    string // G5 base URL
	CRMEndpoint string // CRM full URL
	G5          soap.Credentials
	CRM         soap.Credentials
	Mode        soap.Mode
	Workers     int
	Rate        float64 // requests per second; 0 = unlimited
	Timeout     time.Duration
	Retries     int
	Backoff     time.Duration // first retry delay
	MaxBackoff  time.Duration // cap
	Batch       int
	Grace       time.Duration
	CAFile      string
	Insecure    bool

	Reports  []string // report paths, format by extension
	Reimport string   // re-import directory ("" = none): failed rows in files named like the inputs
	Summary  string   // summary JSON path ("" = none)
	Lang     string
	Quiet    bool

	Stdout, Stderr io.Writer
	Logger         *slog.Logger
	Terminal       bool          // stderr is a terminal: show a progress bar
	ProgressEvery  time.Duration // plain log lines when not a terminal; 0 = 10s
	HTTPClient     *http.Client  // tests may pass their own; nil = a tuned one
	Now            func() time.Time

	window int  // tests: how far sending may run ahead of the report (0: dispatcher.window)
	peak   *int // tests: receives the most records that ever waited for the report
}

func (s *Settings) defaults() {
	if s.Workers <= 0 {
		s.Workers = 8
	}
	if s.Timeout <= 0 {
		s.Timeout = 60 * time.Second
	}
	if s.Backoff <= 0 {
		s.Backoff = 500 * time.Millisecond
	}
	if s.MaxBackoff <= 0 {
		s.MaxBackoff = 30 * time.Second
	}
	if s.Batch <= 0 {
		s.Batch = 1
	}
	if s.Grace <= 0 {
		s.Grace = 10 * time.Second
	}
	if s.Mode == "" {
		s.Mode = soap.ModeSync
	}
	if s.Lang == "" {
		s.Lang = "pt"
	}
	if s.Stdout == nil {
		s.Stdout = io.Discard
	}
	if s.Stderr == nil {
		s.Stderr = io.Discard
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.NewTextHandler(s.Stderr, nil))
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.ProgressEvery <= 0 {
		s.ProgressEvery = 10 * time.Second
	}
}

// ConfigError is a problem with the run's settings or inputs that stops it before it starts.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// Run imports (or validates) the files and writes the reports. It returns the summary; its
// ExitCode is the process's exit code. An error is returned only when the run could not start
// (exit 2); every row's fate is in the reports.
func Run(ctx context.Context, st Settings) (writers.Summary, error) {
	st.defaults()
	started := st.Now()
	r := &run{st: st, tally: writers.NewTally(started)}
	sum, err := r.do(ctx)
	if st.peak != nil {
		*st.peak = r.peak
	}
	if err != nil {
		st.Logger.Error("run could not start", "error", err)
		return writers.Summary{Started: started, Finished: st.Now(), ExitCode: ExitAborted}, err
	}
	return sum, nil
}

type run struct {
	st      Settings
	tally   *writers.Tally
	reports []writers.Writer
	sender  *sender

	mu      sync.Mutex // guards the ordered emission below
	next    int
	waiting map[int][]*writers.Outcome
	emitted *sync.Cond // signalled (with mu) when next moves on
	peak    int        // most records ever waiting (tests check the window holds)
	werr    error

	rowsDone   atomic.Int64
	rowsBad    atomic.Int64
	aborted    atomic.Bool
	abortCause atomic.Value // string
	shown      int
}

func (r *run) do(ctx context.Context) (writers.Summary, error) {
	st := r.st
	cat, err := templates.Load(st.CatalogueDir)
	if err != nil {
		return writers.Summary{}, &ConfigError{err}
	}
	if len(st.Files) == 0 {
		return writers.Summary{}, &ConfigError{errors.New("no input files")}
	}
	// Opening reads only headers; an interrupt meanwhile is handled by process, which reports
	// every row not_sent, so opening does not stop for it.
	inputs, err := OpenInputs(context.WithoutCancel(ctx), cat, st.Files, st.Input)
	if err != nil {
		return writers.Summary{}, &ConfigError{err}
	}
	defer func() {
		for _, in := range inputs {
			in.Close()
		}
	}()
	// Dependency order: categories, contas, compromissos, orçamentos, then the read ports.
	sort.SliceStable(inputs, func(i, j int) bool { return inputs[i].Port.Order < inputs[j].Port.Order })
	var sources []writers.SourceInfo
	for _, in := range inputs {
		sources = append(sources, in.Sources()...)
		for _, w := range in.Warnings {
			st.Logger.Warn(w, "file", in.File)
		}
	}
	wopts := writers.Options{Lang: st.Lang, Sources: sources}
	for _, p := range st.Reports {
		w, err := writers.Open(p, wopts)
		if err != nil {
			r.closeReports()
			return writers.Summary{}, &ConfigError{err}
		}
		r.reports = append(r.reports, w)
	}
	if st.Reimport != "" {
		w, err := writers.OpenReimport(st.Reimport, wopts)
		if err != nil {
			r.closeReports()
			return writers.Summary{}, &ConfigError{err}
		}
		r.reports = append(r.reports, w)
	}
	if !st.Validate {
		if err := r.newSender(cat); err != nil {
			r.closeReports()
			return writers.Summary{}, &ConfigError{err}
		}
	}
	r.waiting = map[int][]*writers.Outcome{}
	r.emitted = sync.NewCond(&r.mu)

	stopProgress := r.progress(ctx, inputs)
	interrupted := r.process(ctx, inputs)
	stopProgress()

	werr := r.closeReports()
	if r.werr != nil {
		werr = r.werr
	}
	finished := st.Now()
	sum := r.tally.Summary(finished, 0, 10)
	code := writers.ExitCode(sum.Outcomes)
	switch {
	case interrupted:
		code = ExitInterrupted
	case r.aborted.Load():
		code = ExitAborted
	}
	if werr != nil {
		st.Logger.Error("writing a report failed", "error", werr)
		if code == ExitOK {
			code = ExitSomeFailed
		}
	}
	sum.ExitCode = code
	if !st.Quiet {
		sum.Print(st.Stdout, st.Lang)
		for _, p := range st.Reports {
			fmt.Fprintf(st.Stdout, "report: %s\n", p)
		}
		if st.Reimport != "" {
			fmt.Fprintf(st.Stdout, "rows to fix and import again: %s\n", st.Reimport)
		}
	}
	if st.Summary != "" {
		if err := sum.WriteJSON(st.Summary); err != nil {
			st.Logger.Error("writing the summary failed", "error", err)
		}
	}
	return sum, nil
}

func (r *run) closeReports() error {
	var first error
	for _, w := range r.reports {
		if err := w.Close(); err != nil && first == nil {
			first = err
		}
	}
	r.reports = nil
	return first
}

func (r *run) newSender(cat *templates.Catalogue) error {
	st := r.st
	client := st.HTTPClient
	if client == nil {
		c, err := newHTTPClient(st)
		if err != nil {
			return err
		}
		client = c
	}
	s := &sender{
		client:   &soap.Client{HTTP: client},
		g5Base:   strings.TrimRight(st.Endpoint, "/"),
		crmURL:   st.CRMEndpoint,
		mode:     st.Mode,
		g5Creds:  st.G5,
		crmCreds: st.CRM,
		timeout:  st.Timeout,
		retries:  st.Retries,
		backoff:  st.Backoff,
		maxDelay: st.MaxBackoff,
		readBack: cat.Port(readBackPort),
		lang:     st.Lang,
	}
	s.policy = s.newPolicy()
	if st.Rate > 0 {
		s.limiter = rate.NewLimiter(rate.Limit(st.Rate), max(1, int(st.Rate)))
	}
	r.sender = s
	return nil
}

// newHTTPClient builds one tuned transport for the whole run: enough idle connections per
// host for every worker, dial/TLS/response timeouts, TLS verified unless explicitly skipped.
func newHTTPClient(st Settings) (*http.Client, error) {
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if st.CAFile != "" {
		pem, err := os.ReadFile(st.CAFile)
		if err != nil {
			return nil, fmt.Errorf("--ca-file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--ca-file %s: no certificate found", st.CAFile)
		}
		tlsConf.RootCAs = pool
	}
	if st.Insecure {
		tlsConf.InsecureSkipVerify = true // explicit --insecure only
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: min(st.Timeout, 30*time.Second), KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       tlsConf,
		TLSHandshakeTimeout:   min(st.Timeout, 30*time.Second),
		ResponseHeaderTimeout: st.Timeout,
		MaxIdleConns:          st.Workers * 2,
		MaxIdleConnsPerHost:   st.Workers * 2,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     false, // Senior's SOAP stack speaks HTTP/1.1
	}
	return &http.Client{Transport: tr}, nil
}

// process reads every input and settles every row. It reports whether the run was interrupted.
func (r *run) process(ctx context.Context, inputs []*Input) bool {
	st := r.st
	// Rows keep being read after an interrupt or abort so every row gets its report line;
	// only sending stops. In-flight requests get the grace period, then are cancelled.
	readCtx := context.WithoutCancel(ctx)
	sendCtx, cancelSend := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelSend()
	stopGrace := context.AfterFunc(ctx, func() {
		t := time.NewTimer(st.Grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancelSend()
		case <-sendCtx.Done():
		}
	})
	defer stopGrace()

	d := &dispatcher{r: r, ctx: ctx, sendCtx: sendCtx, chains: map[string]chan struct{}{}, limit: max(1, st.Workers)}
	d.g.SetLimit(d.limit)
	seq := 0
	for _, in := range inputs {
		var batch []*Record
		var batchSeq []int
		flush := func() {
			if len(batch) > 0 {
				d.dispatch(unit{port: in.Port, recs: batch}, batchSeq)
				batch, batchSeq = nil, nil
			}
		}
		err := in.Records(readCtx, func(rec *Record) error {
			s := seq
			seq++
			r.waitWindow(s, d.window())
			r.tally.AddRecord()
			switch {
			case rec.Invalid():
				r.emit(s, r.invalidOutcomes(rec))
			case st.Validate:
				r.showEnvelope(rec)
				r.emit(s, r.rowOutcomes(rec, settled{outcome: writers.Valid}))
			case ctx.Err() != nil:
				r.emit(s, r.rowOutcomes(rec, settled{outcome: writers.NotSent, message: msg(st.Lang, "interrupted", nil)}))
			case r.aborted.Load():
				r.emit(s, r.rowOutcomes(rec, settled{outcome: writers.NotSent, message: msg(st.Lang, "aborted", nil)}))
			case in.Port.Batch && st.Batch > 1:
				for _, b := range batch {
					if b.Key == rec.Key {
						flush()
						break
					}
				}
				batch = append(batch, rec)
				batchSeq = append(batchSeq, s)
				if len(batch) >= st.Batch {
					flush()
				}
			default:
				d.dispatch(unit{port: in.Port, recs: []*Record{rec}}, []int{s})
			}
			return nil
		})
		flush()
		if err != nil {
			// A file that breaks mid-way (truncated zip, I/O error): the rows already read
			// are reported; the rest cannot be, and the run says so.
			st.Logger.Error("reading stopped", "file", in.File, "error", err)
			r.aborted.Store(true)
		}
		// Ports go in dependency order: the next port starts when this one is settled.
		d.wait()
	}
	d.wait()
	return ctx.Err() != nil
}

// dispatcher fans units out to a bounded pool. Units that share a record key run in file
// order, never at the same time: each waits for the previous unit of its keys.
type dispatcher struct {
	r       *run
	ctx     context.Context // cancelled on interrupt: stop taking new records
	sendCtx context.Context // cancelled after the grace period
	g       errgroup.Group
	limit   int         // workers
	jobs    chan func() // to the workers of the current input; nil before the first
	started int         // workers started for the current input
	mu      sync.Mutex
	chains  map[string]chan struct{}
	first   bool // the first request of the run has gone (alone)
}

func (d *dispatcher) dispatch(u unit, seqs []int) {
	if d.stopped(u, seqs) {
		return
	}
	// Chain on every key of the unit.
	done := make(chan struct{})
	var prev []chan struct{}
	d.mu.Lock()
	for _, rec := range u.recs {
		k := u.port.Name + "\x00" + rec.Key
		if p, ok := d.chains[k]; ok {
			prev = append(prev, p)
		}
		d.chains[k] = done
	}
	d.mu.Unlock()
	job := func() {
		defer func() {
			d.mu.Lock()
			for _, rec := range u.recs {
				k := u.port.Name + "\x00" + rec.Key
				if d.chains[k] == done {
					delete(d.chains, k)
				}
			}
			d.mu.Unlock()
			close(done)
		}()
		for _, p := range prev {
			<-p
		}
		d.run(u, seqs)
	}
	if !d.first {
		// The first request of a run goes alone, so a refused login costs one request.
		d.first = true
		job()
		return
	}
	d.handOut(job)
}

// stopped reports every row of the unit not_sent when the run is interrupted or aborted:
// checked when a unit is handed out and again when its turn comes.
func (d *dispatcher) stopped(u unit, seqs []int) bool {
	r := d.r
	if d.ctx.Err() == nil && !r.aborted.Load() {
		return false
	}
	why := "interrupted"
	if r.aborted.Load() {
		why = "aborted"
	}
	for i, rec := range u.recs {
		r.emit(seqs[i], r.rowOutcomes(rec, settled{outcome: writers.NotSent, message: msg(r.st.Lang, why, nil)}))
	}
	return true
}

func (d *dispatcher) run(u unit, seqs []int) {
	r := d.r
	if d.stopped(u, seqs) {
		return
	}
	res, err := r.sender.send(d.sendCtx, u)
	if err != nil && errors.Is(err, errAbort) {
		if !r.aborted.Swap(true) {
			r.st.Logger.Error("Senior refused the credentials: the run stops; the remaining rows are not sent", "answer", strings.TrimPrefix(err.Error(), errAbort.Error()+": "))
		}
	}
	for i, rec := range u.recs {
		r.emit(seqs[i], r.rowOutcomes(rec, res[i]))
	}
}

// wait lets every unit handed out finish, and the workers end.
func (d *dispatcher) wait() {
	if d.jobs != nil {
		close(d.jobs)
		d.jobs, d.started = nil, 0
	}
	_ = d.g.Wait()
}

// handOut gives a job to an idle worker, starting one while fewer than the limit run.
// Workers live for a whole input and take job after job: a goroutine per request would
// grow a fresh stack through the HTTP and retry layers every time.
func (d *dispatcher) handOut(job func()) {
	if d.jobs == nil {
		d.jobs = make(chan func())
	}
	select {
	case d.jobs <- job:
		return
	default:
	}
	if d.started < d.limit {
		d.started++
		jobs := d.jobs
		d.g.Go(func() error {
			for j := range jobs {
				j()
			}
			return nil // a unit's failure is data, never the group's error
		})
	}
	d.jobs <- job
}

// window bounds how far sending may run ahead of the report: rows finish out of order and
// wait in memory until every earlier row is written, so one record held up by long retries
// must not let the rest pile up without limit.
// It is wider than any batch, so the record the report waits for is always one already handed
// out, never one of the batch being filled.
func (d *dispatcher) window() int {
	if d.r.st.window > 0 {
		return max(d.r.st.window, 2*d.r.st.Batch)
	}
	return max(4096, 64*d.limit, 2*d.r.st.Batch)
}

// waitWindow blocks until the record numbered seq is within the window of the report.
func (r *run) waitWindow(seq, window int) {
	r.mu.Lock()
	for seq-r.next >= window {
		r.emitted.Wait()
	}
	r.mu.Unlock()
}

// emit hands a record's row outcomes to the reports in input order: records finish out of
// order, so finished ones wait until every earlier record is written.
func (r *run) emit(seq int, outs []*writers.Outcome) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waiting[seq] = outs
	r.peak = max(r.peak, len(r.waiting))
	for {
		o, ok := r.waiting[r.next]
		if !ok {
			r.emitted.Broadcast()
			return
		}
		delete(r.waiting, r.next)
		r.next++
		for _, x := range o {
			r.tally.Add(x)
			switch x.Outcome {
			case writers.OK, writers.Queued, writers.Valid, writers.Skipped:
			default:
				r.rowsBad.Add(1)
			}
			r.rowsDone.Add(1)
			for _, w := range r.reports {
				if err := w.Write(x); err != nil && r.werr == nil {
					r.werr = err
				}
			}
		}
	}
}

// rowOutcomes gives every row of a record the record's outcome.
func (r *run) rowOutcomes(rec *Record, s settled) []*writers.Outcome {
	outs := make([]*writers.Outcome, len(rec.Rows))
	for i, row := range rec.Rows {
		o := &writers.Outcome{
			File: row.File, Sheet: row.Sheet, Row: row.Line, Key: rec.Key, Port: rec.Port.Name,
			Outcome: s.outcome, Code: s.code, Message: s.message, ID: s.id,
			Attempts: s.attempts, LatencyMS: s.latency.Milliseconds(),
			Header: row.Header, Cells: row.Cells,
		}
		if i == 0 {
			o.Answer = s.answer
		}
		outs[i] = o
	}
	return outs
}

// invalidOutcomes reports every row of an invalid record as invalid: rows with problems of
// their own list them all; the others name the rows at fault.
func (r *run) invalidOutcomes(rec *Record) []*writers.Outcome {
	var atFault []string
	for i, row := range rec.Rows {
		if len(rec.Problems[i]) > 0 {
			atFault = append(atFault, strconv.Itoa(row.Line))
		}
	}
	outs := r.rowOutcomes(rec, settled{outcome: writers.Invalid})
	for i, o := range outs {
		ps := rec.Problems[i]
		if len(ps) == 0 {
			o.Message = msgf(r.st.Lang, "rowAtFault", strings.Join(atFault, ", "))
			continue
		}
		o.Problems = ps
		texts := make([]string, len(ps))
		for j, p := range ps {
			texts[j] = problemText(r.st.Lang, p)
		}
		o.Message = joinProblems(texts)
	}
	return outs
}

// showEnvelope prints the exact envelope of the first N valid records, password masked.
func (r *run) showEnvelope(rec *Record) {
	if r.shown >= r.st.ShowEnvelopes {
		return
	}
	r.shown++
	c := r.st.G5
	if rec.Port.Product == templates.ProductCRM {
		c = r.st.CRM
	}
	if c.Password != "" {
		c.Password = "********"
	}
	var b bytes.Buffer
	if err := soap.Encode(&b, rec.Port, c, rec.Wire); err != nil {
		fmt.Fprintf(r.st.Stdout, "# %s row %d: %v\n", rec.Rows[0].File, rec.Rows[0].Line, err)
		return
	}
	fmt.Fprintf(r.st.Stdout, "# %s row %d (%s %s)\n%s\n", rec.Rows[0].File, rec.Rows[0].Line, rec.Port.Name, rec.Key, b.String())
}

// problemText is one problem as a finance user reads it: the column (and cell), the value,
// and the reason: `coluna "preUni" (F3), valor "12.50": ...`.
func problemText(lang string, p writers.Problem) string {
	var b strings.Builder
	if p.Column != "" {
		if lang == "en" {
			fmt.Fprintf(&b, "column %q", p.Column)
		} else {
			fmt.Fprintf(&b, "coluna %q", p.Column)
		}
		if p.Cell != "" {
			fmt.Fprintf(&b, " (%s)", p.Cell)
		}
	}
	if p.Value != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if lang == "en" {
			fmt.Fprintf(&b, "value %q", p.Value)
		} else {
			fmt.Fprintf(&b, "valor %q", p.Value)
		}
	}
	if b.Len() == 0 {
		return p.Reason
	}
	return b.String() + ": " + p.Reason
}
