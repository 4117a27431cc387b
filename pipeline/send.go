package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
	"golang.org/x/time/rate"

	"seniorimporter/outcome"
	"seniorimporter/soap"
	"seniorimporter/templates"
)

// loginRefusedError is Senior refusing the credentials: the run stops.
type loginRefusedError struct{ answer string }

func (e *loginRefusedError) Error() string { return "Senior refused the credentials: " + e.answer }

// sender owns the wire side of a run: client, endpoints, credentials, pacing and retries.
// It is shared by all workers and holds no per-request state. What a port's answers mean,
// which operation a record performs and how to ask whether it landed all come from the
// catalogue.
type sender struct {
	client   *soap.Client
	cat      *templates.Catalogue
	g5Base   string
	crmURL   string
	mode     soap.Mode
	g5Creds  soap.Credentials
	crmCreds soap.Credentials
	timeout  time.Duration
	limiter  *rate.Limiter
	lang     outcome.Lang
	policy   retrypolicy.RetryPolicy[[]soap.Result] // built once; holds no per-request state
}

func newSender(cfg Settings, cat *templates.Catalogue) (*sender, error) {
	client := cfg.HTTPClient
	if client == nil {
		c, err := soap.NewHTTPClient(soap.TransportOptions{Timeout: cfg.Timeout, Conns: cfg.Workers, CAFile: cfg.CAFile, Insecure: cfg.Insecure})
		if err != nil {
			return nil, err
		}
		client = c
	}
	s := &sender{
		client:   &soap.Client{HTTP: client},
		cat:      cat,
		g5Base:   strings.TrimRight(cfg.Endpoint, "/"),
		crmURL:   cfg.CRMEndpoint,
		mode:     cfg.Mode,
		g5Creds:  cfg.G5,
		crmCreds: cfg.CRM,
		timeout:  cfg.Timeout,
		lang:     cfg.Lang,
		policy:   newPolicy(cfg.Retries, cfg.Backoff, cfg.MaxBackoff),
	}
	if cfg.Rate > 0 {
		s.limiter = rate.NewLimiter(rate.Limit(cfg.Rate), max(1, int(cfg.Rate)))
	}
	return s, nil
}

// newPolicy is the retry policy of every request: passing faults only, capped exponential
// backoff with jitter, Retry-After honoured (up to five minutes).
func newPolicy(retries int, backoff, maxDelay time.Duration) retrypolicy.RetryPolicy[[]soap.Result] {
	return retrypolicy.NewBuilder[[]soap.Result]().
		HandleIf(func(_ []soap.Result, err error) bool {
			_, ok := soap.IsTransient(err)
			return ok
		}).
		WithMaxRetries(retries).
		WithBackoff(backoff, maxDelay).
		WithJitterFactor(0.25).
		WithDelayFunc(func(exec failsafe.ExecutionAttempt[[]soap.Result]) time.Duration {
			if te, ok := soap.IsTransient(exec.LastError()); ok && te.RetryAfter > 0 {
				return min(te.RetryAfter, 5*time.Minute)
			}
			return -1
		}).
		Build()
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

// send delivers a unit and settles every record in it. It returns a *loginRefusedError when
// Senior refused the credentials: the caller stops the run.
//
// Retries follow DESIGN.md: passing faults are retried with capped exponential backoff and
// jitter, honouring Retry-After; business answers are final. An include that met a passing
// fault after its request was written is read back before it is resent; where there is no
// read-back (async and scheduled modes), it becomes unknown.
func (s *sender) send(ctx context.Context, u unit) ([]settled, error) {
	start := time.Now()
	p := u.port
	rb := s.readBack(p)
	out := make([]settled, len(u.recs))
	done := make([]bool, len(u.recs))
	pending := func() []int {
		var idx []int
		for i := range u.recs {
			if !done[i] {
				idx = append(idx, i)
			}
		}
		return idx
	}
	// mayHaveLanded marks records whose request was written when a passing fault struck.
	mayHaveLanded := make([]bool, len(u.recs))
	attempts := 0
	var lastErr error
	var sent []int // the records the last request carried, in the order of its results

	attempt := func() ([]soap.Result, error) {
		attempts++
		if err := s.wait(ctx); err != nil {
			return nil, err
		}
		// Settle what may have landed before sending again.
		for _, i := range pending() {
			r := u.recs[i]
			if !mayHaveLanded[i] || p.OperationOf(r.Wire.Values) != templates.OpInclude {
				continue
			}
			if rb == nil {
				out[i] = settled{outcome: outcome.Unknown, message: s.lang.MayHaveLandedNoReadBack(lastErr)}
				done[i] = true
				continue
			}
			landed, err := s.lookup(ctx, p, rb, r)
			if err != nil {
				return nil, err // a passing fault of the read-back: retried as any other
			}
			mayHaveLanded[i] = false
			if landed {
				out[i] = settled{outcome: outcome.OK, id: r.Key, message: s.lang.Landed()}
				done[i] = true
			}
		}
		sent = pending()
		if len(sent) == 0 {
			return nil, nil
		}
		recs := make([]*soap.Record, len(sent))
		for j, i := range sent {
			recs[j] = u.recs[i].Wire
		}
		var env bytes.Buffer
		if err := soap.Encode(&env, p, s.creds(p), recs...); err != nil {
			return nil, err
		}
		res, written, err := s.post(ctx, p, env.Bytes(), recs)
		if err != nil {
			if _, ok := soap.IsTransient(err); ok && written {
				for _, i := range sent {
					mayHaveLanded[i] = true
				}
			}
			lastErr = err
			return nil, err
		}
		return res, nil
	}

	res, err := failsafe.With[[]soap.Result](s.policy).WithContext(ctx).Get(attempt)
	latency := time.Since(start)
	finish := func() []settled {
		for i := range out {
			out[i].attempts = attempts
			out[i].latency = latency
		}
		return out
	}
	var lr *loginRefusedError
	if errors.As(err, &lr) { // refused while reading back
		for _, i := range pending() {
			out[i] = settled{outcome: outcome.Rejected, code: "login", message: lr.answer}
		}
		return finish(), lr
	}
	if err != nil {
		var cause error = err
		if te, ok := soap.IsTransient(err); ok {
			cause = te
		}
		for _, i := range pending() {
			include := p.OperationOf(u.recs[i].Wire.Values) == templates.OpInclude
			switch {
			case ctx.Err() != nil && attempts <= 1 && !mayHaveLanded[i]:
				out[i] = settled{outcome: outcome.NotSent, message: s.lang.Interrupted()}
			case mayHaveLanded[i] && include:
				out[i] = settled{outcome: outcome.Unknown, message: s.lang.MayHaveLanded(cause)}
			case ctx.Err() != nil:
				out[i] = settled{outcome: outcome.Failed, message: s.lang.InterruptedInFlight(cause)}
			default:
				out[i] = settled{outcome: outcome.Failed, message: s.lang.TransportFailed(cause)}
			}
		}
		return finish(), nil
	}
	if len(res) == 0 || len(sent) == 0 {
		return finish(), nil
	}
	if res[0].Status == soap.LoginRefused {
		for _, i := range sent {
			out[i] = settled{outcome: outcome.Rejected, code: "login", message: res[0].Message}
		}
		return finish(), &loginRefusedError{answer: res[0].Message}
	}
	// A request refused as a whole, with no answer of each record's own: when several went
	// together, each is sent alone so each gets its own answer.
	if p.Batch && len(sent) > 1 && allWhole(res) {
		for _, i := range sent {
			one, err := s.send(ctx, unit{port: p, recs: []*Record{u.recs[i]}})
			one[0].attempts += attempts
			out[i] = one[0]
			if err != nil {
				return finish(), err
			}
		}
		for i := range out {
			out[i].latency = time.Since(start)
		}
		return out, nil
	}
	for j, i := range sent {
		r := u.recs[i]
		out[i] = s.settle(p, r, res[j])
		// A delete resent after a fault may be refused because the first one landed: the
		// read-back settles it (absent = ok).
		if out[i].outcome == outcome.Rejected && attempts > 1 && rb != nil && p.OperationOf(r.Wire.Values) == templates.OpDelete {
			if landed, err := s.lookup(ctx, p, rb, r); err == nil && !landed {
				out[i] = settled{outcome: outcome.OK, id: r.Key, message: s.lang.Deleted()}
			}
		}
	}
	return finish(), nil
}

func allWhole(res []soap.Result) bool {
	for _, r := range res {
		if !r.Whole {
			return false
		}
	}
	return true
}

// settle turns what Senior answered of one record into its outcome.
func (s *sender) settle(p *templates.Port, r *Record, res soap.Result) settled {
	st := settled{code: res.Code, message: res.Message, id: r.Key}
	if res.Answer != nil {
		st.answer = res.Answer
	}
	switch res.Status {
	case soap.Accepted:
		st.outcome = outcome.OK
		if res.ID != "" {
			st.id = res.ID
		}
	case soap.Queued:
		st.outcome = outcome.Queued
	case soap.Refused:
		st.outcome, st.id = outcome.Rejected, ""
		if st.message == "" && p.Answer.AcceptElement() != "" {
			st.message = s.lang.NoID(p.Answer.AcceptElement())
		}
	default:
		// An answer with nothing about this record: Senior did not say what became of it.
		return settled{outcome: outcome.Unknown, message: s.lang.NoAnswerForRecord()}
	}
	return st
}

// lookup asks p's read-back port rb whether record r exists. A passing fault is returned as
// is (so the retry policy tries again); an answer that says neither yes nor no is a passing
// fault too, since guessing could duplicate or lose a record.
func (s *sender) lookup(ctx context.Context, p, rb *templates.Port, r *Record) (bool, error) {
	q := soap.ReadBackQuery(rb, r.Wire)
	var env bytes.Buffer
	if err := soap.Encode(&env, rb, s.creds(rb), q); err != nil {
		return false, err
	}
	res, _, err := s.post(ctx, rb, env.Bytes(), []*soap.Record{q})
	if err != nil {
		return false, err
	}
	if res[0].Status == soap.LoginRefused {
		return false, &loginRefusedError{answer: res[0].Message}
	}
	switch soap.ReadBackPresence(p, res[0]) {
	case soap.Present:
		return true, nil
	case soap.Absent:
		return false, nil
	}
	return false, &soap.TransientError{Kind: soap.NotXML, Err: fmt.Errorf("read-back of %s answered neither found nor absent", r.Key)}
}

// post sends one envelope carrying recs and decodes the answer, within the per-request
// timeout. written reports whether the request was written whole before any fault.
func (s *sender) post(ctx context.Context, p *templates.Port, env []byte, recs []*soap.Record) ([]soap.Result, bool, error) {
	rctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	resp, written, err := s.client.Post(rctx, s.url(p), env)
	if err != nil {
		return nil, written, err
	}
	res, err := soap.Decode(p, s.mode, resp.Status, resp.Body, recs)
	return res, true, err
}

func (s *sender) wait(ctx context.Context) error {
	if s.limiter == nil {
		return nil
	}
	return s.limiter.Wait(ctx)
}
