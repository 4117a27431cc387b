package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/failsafe-go/failsafe-go"
	"github.com/failsafe-go/failsafe-go/retrypolicy"
	"golang.org/x/time/rate"

	"seniorimporter/soap"
	"seniorimporter/templates"
	"seniorimporter/writers"
)

// Operation codes of GravarOrcamentos' tipOpe (1=Incluir;2=Alterar;3=Excluir).
const (
	opInclude = "1"
	opDelete  = "3"
)

// readBackPort is the port asked before an include that may have landed is resent.
const readBackPort = "CarregarOrcamentos"

// errAbort marks an answer that stops the whole run (a refused login).
var errAbort = errors.New("run aborted")

// sender owns the wire side of a run: client, endpoints, credentials, pacing and retries.
// It is shared by all workers and holds no per-request state.
type sender struct {
	client   *soap.Client
	g5Base   string
	crmURL   string
	mode     soap.Mode
	g5Creds  soap.Credentials
	crmCreds soap.Credentials
	timeout  time.Duration
	retries  int
	backoff  time.Duration
	maxDelay time.Duration
	limiter  *rate.Limiter
	readBack *templates.Port // nil when the catalogue has no CarregarOrcamentos
	lang     string
	policy   retrypolicy.RetryPolicy[*soap.Answer] // built once by newPolicy; holds no per-request state
}

// newPolicy is the retry policy of every request: passing faults only, capped exponential
// backoff with jitter, Retry-After honoured (up to five minutes).
func (s *sender) newPolicy() retrypolicy.RetryPolicy[*soap.Answer] {
	return retrypolicy.NewBuilder[*soap.Answer]().
		HandleIf(func(_ *soap.Answer, err error) bool {
			_, ok := soap.IsTransient(err)
			return ok
		}).
		WithMaxRetries(s.retries).
		WithBackoff(s.backoff, s.maxDelay).
		WithJitterFactor(0.25).
		WithDelayFunc(func(exec failsafe.ExecutionAttempt[*soap.Answer]) time.Duration {
			if te, ok := soap.IsTransient(exec.LastError()); ok && te.RetryAfter > 0 {
				return min(te.RetryAfter, 5*time.Minute)
			}
			return -1
		}).
		Build()
}

// settled is the outcome of one record after sending.
type settled struct {
	outcome  string
	code     string
	message  string
	id       string
	answer   any
	attempts int
	latency  time.Duration
}

// unit is one request's worth of records: one record, or a GravarOrcamentos batch.
type unit struct {
	port *templates.Port
	recs []*Record
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

// isInclude reports whether a record creates something that a blind resend could duplicate.
func isInclude(r *Record) bool {
	return r.Port.Record != "" && r.Wire != nil && r.Wire.Values["tipOpe"] == opInclude
}

func isDelete(r *Record) bool {
	return r.Port.Record != "" && r.Wire != nil && r.Wire.Values["tipOpe"] == opDelete
}

// send delivers a unit and settles every record in it. It returns errAbort (wrapped) when
// Senior refused the credentials: the caller stops the run.
//
// Retries follow DESIGN.md: passing faults are retried with capped exponential backoff and
// jitter, honouring Retry-After; business answers are final. An include (tipOpe 1) that met a
// passing fault after its request was written is read back (CarregarOrcamentos) before it is
// resent; in async and scheduled modes, where there is no read-back, it becomes unknown.
func (s *sender) send(ctx context.Context, u unit) ([]settled, error) {
	start := time.Now()
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

	attempt := func() (*soap.Answer, error) {
		attempts++
		if err := s.wait(ctx); err != nil {
			return nil, err
		}
		// Settle what may have landed before sending again.
		for _, i := range pending() {
			r := u.recs[i]
			if !mayHaveLanded[i] || !isInclude(r) {
				continue
			}
			if s.mode != soap.ModeSync || s.readBack == nil {
				out[i] = settled{outcome: writers.Unknown, message: msg(s.lang, "unknownAsync", lastErr)}
				done[i] = true
				continue
			}
			landed, err := s.lookup(ctx, r)
			if err != nil {
				return nil, err // a passing fault of the read-back: retried as any other
			}
			mayHaveLanded[i] = false
			if landed {
				out[i] = settled{outcome: writers.OK, id: r.Key, message: msg(s.lang, "landed", nil)}
				done[i] = true
			}
		}
		idx := pending()
		if len(idx) == 0 {
			return nil, nil
		}
		recs := make([]*soap.Record, len(idx))
		for j, i := range idx {
			recs[j] = u.recs[i].Wire
		}
		var env bytes.Buffer
		if err := soap.Encode(&env, u.port, s.creds(u.port), recs...); err != nil {
			return nil, err
		}
		ans, written, err := s.post(ctx, u.port, env.Bytes())
		if err != nil {
			if _, ok := soap.IsTransient(err); ok && written {
				for _, i := range idx {
					mayHaveLanded[i] = true
				}
			}
			lastErr = err
			return nil, err
		}
		return ans, nil
	}

	ans, err := failsafe.With[*soap.Answer](s.policy).WithContext(ctx).Get(attempt)
	latency := time.Since(start)

	finish := func() []settled {
		for i := range out {
			out[i].attempts = attempts
			out[i].latency = latency
		}
		return out
	}

	if err != nil {
		var cause error = err
		if te, ok := soap.IsTransient(err); ok {
			cause = te
		}
		for _, i := range pending() {
			switch {
			case ctx.Err() != nil && attempts <= 1 && !mayHaveLanded[i]:
				out[i] = settled{outcome: writers.NotSent, message: msg(s.lang, "interrupted", nil)}
			case mayHaveLanded[i] && isInclude(u.recs[i]):
				out[i] = settled{outcome: writers.Unknown, message: msg(s.lang, "unknown", cause)}
			case ctx.Err() != nil:
				out[i] = settled{outcome: writers.Failed, message: msg(s.lang, "interruptedInFlight", cause)}
			default:
				out[i] = settled{outcome: writers.Failed, message: msg(s.lang, "failed", cause)}
			}
		}
		return finish(), nil
	}
	idx := pending()
	if ans == nil || len(idx) == 0 {
		return finish(), nil
	}
	if ans.LoginRefused {
		for _, i := range idx {
			out[i] = settled{outcome: writers.Rejected, code: "login", message: firstNonEmpty(ans.ErroExecucao, ans.Mensagem, ans.Result)}
		}
		return finish(), fmt.Errorf("%w: %s", errAbort, firstNonEmpty(ans.ErroExecucao, ans.Mensagem, ans.Result))
	}
	// A request-level business error with no per-record answer rejects every record of the
	// request: when several went together, each is sent alone so each gets its own answer.
	if u.port.Batch && ans.ErroExecucao != "" && len(ans.Respostas) == 0 && len(idx) > 1 {
		for _, i := range idx {
			res, err := s.send(ctx, unit{port: u.port, recs: []*Record{u.recs[i]}})
			res[0].attempts += attempts
			out[i] = res[0]
			if err != nil {
				return finish(), err
			}
		}
		for i := range out {
			out[i].latency = time.Since(start)
		}
		return out, nil
	}
	for _, i := range idx {
		r := u.recs[i]
		out[i] = s.settle(u.port, r, ans)
		// A delete resent after a fault may answer "not found" because the first one landed:
		// the read-back settles it (absent = ok).
		if out[i].outcome == writers.Rejected && attempts > 1 && isDelete(r) && s.readBack != nil && s.mode == soap.ModeSync {
			if landed, err := s.lookup(ctx, r); err == nil && !landed {
				out[i] = settled{outcome: writers.OK, id: r.Key, message: msg(s.lang, "deleted", nil)}
			}
		}
	}
	return finish(), nil
}

// settle reads one record's outcome out of an answer.
func (s *sender) settle(p *templates.Port, r *Record, a *soap.Answer) settled {
	if s.mode != soap.ModeSync && p.Product == templates.ProductG5 {
		if strings.EqualFold(strings.TrimSpace(a.Result), "OK") {
			return settled{outcome: writers.Queued, code: "OK", id: r.Key}
		}
		return settled{outcome: writers.Rejected, message: firstNonEmpty(a.Result, a.ErroExecucao)}
	}
	if p.Product == templates.ProductCRM {
		if a.Accepted {
			return settled{outcome: writers.OK, code: a.Retorno, id: a.IDRegistro, message: a.Mensagem}
		}
		return settled{outcome: writers.Rejected, code: a.Retorno, message: firstNonEmpty(a.Mensagem, msg(s.lang, "noID", nil))}
	}
	if p.Access == "read" {
		if a.Accepted {
			return settled{outcome: writers.OK, code: a.TipoRetorno, id: r.Key, message: a.MensagemRetorno, answer: a.Tree}
		}
		return settled{outcome: writers.Rejected, code: a.TipoRetorno, message: firstNonEmpty(a.ErroExecucao, a.MensagemRetorno), answer: a.Tree}
	}
	if rs := matchResposta(r, a.Respostas); rs != nil {
		if strings.TrimSpace(rs.CodigoRetorno) == "0" {
			return settled{outcome: writers.OK, code: "0", id: r.Key, message: rs.Retorno}
		}
		return settled{outcome: writers.Rejected, code: rs.CodigoRetorno, message: rs.Retorno}
	}
	if a.ErroExecucao != "" {
		return settled{outcome: writers.Rejected, code: "erroExecucao", message: a.ErroExecucao}
	}
	// An answer with no resposta for this record: Senior did not say what became of it.
	return settled{outcome: writers.Unknown, message: msg(s.lang, "noResposta", nil)}
}

// matchResposta finds the resposta of a record by its echoed codEmp/numOct/verOct, compared
// as numbers ("0001" is 1).
func matchResposta(r *Record, rs []soap.Resposta) *soap.Resposta {
	for i := range rs {
		if sameNumber(rs[i].CodEmp, r.KeyValues["codEmp"]) &&
			sameNumber(rs[i].NumOct, r.KeyValues["numOct"]) &&
			sameNumber(rs[i].VerOct, r.KeyValues["verOct"]) {
			return &rs[i]
		}
	}
	return nil
}

func sameNumber(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == b {
		return true
	}
	x, ok1 := new(big.Int).SetString(a, 10)
	y, ok2 := new(big.Int).SetString(b, 10)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// lookup asks CarregarOrcamentos whether a quote exists. A passing fault is returned as is
// (so the retry policy tries again); an answer that says neither yes nor no is a passing
// fault too, since guessing could duplicate or lose a record.
func (s *sender) lookup(ctx context.Context, r *Record) (bool, error) {
	q := soap.NewRecord()
	for _, k := range []string{"codEmp", "numOct", "verOct"} {
		q.Set(k, r.KeyValues[k])
	}
	var env bytes.Buffer
	if err := soap.Encode(&env, s.readBack, s.g5Creds, q); err != nil {
		return false, err
	}
	ans, _, err := s.post(ctx, s.readBack, env.Bytes())
	if err != nil {
		return false, err
	}
	if ans.LoginRefused {
		return false, fmt.Errorf("%w: %s", errAbort, ans.ErroExecucao)
	}
	if _, ok := ans.Tree["orcamento"]; ok {
		return true, nil
	}
	if strings.TrimSpace(ans.TipoRetorno) == "-1" {
		return false, nil
	}
	return false, &soap.TransientError{Kind: soap.NotXML, Err: fmt.Errorf("read-back of %s answered neither found nor absent", r.Key)}
}

// post sends one envelope and decodes the answer, within the per-request timeout.
func (s *sender) post(ctx context.Context, p *templates.Port, env []byte) (*soap.Answer, bool, error) {
	rctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	resp, written, err := s.client.Post(rctx, s.url(p), env)
	if err != nil {
		return nil, written, err
	}
	ans, err := soap.Decode(p, s.mode, resp.Status, resp.Header, resp.Body)
	if errors.Is(err, soap.ErrLoginRefused) && ans != nil {
		ans.LoginRefused = true
		return ans, true, nil
	}
	return ans, true, err
}

func (s *sender) wait(ctx context.Context) error {
	if s.limiter == nil {
		return nil
	}
	return s.limiter.Wait(ctx)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}
