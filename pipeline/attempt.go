package pipeline

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"seniorimporter/journal"
	"seniorimporter/outcome"
	"seniorimporter/soap"
	"seniorimporter/templates"
)

// job is one unit on its way to Senior: its records, what each has become so far and what
// the attempts learnt. Between attempts it waits in the dispatcher's delay queue, holding no
// worker and no slot.
type job struct {
	u        unit
	seqs     []int
	places   []int // per record: its place among the run's records of its port (queued.place)
	keys     []string
	out      []settled
	done     []bool
	landed   []bool // a request carrying it was written when a fault struck: it may have landed
	written  []bool // a request carrying it was written whole at least once (rows_sent)
	attempts int
	start    time.Time // when its first request left; zero until then
	lastErr  error
	lead     bool          // its port's first job in the run: it goes alone
	first    chan struct{} // closed when its port's first job had its first answer (see turn)
	again    bool          // an earlier job of this run had one of its keys (dispatcher.noteSeen)
	recheck  []bool        // per record: read it back before sending it (the journal left it unsettled)
	hash     []string      // per record: its fingerprint as marked in the journal ("" if not)
	values   [][]byte
	// gone, per record: a delete refused as not found after a request of it may have landed,
	// whose read-back failed: read it back before sending it again. exists: an include
	// refused as existing whose read-back failed (recheck is set too): what Senior holds
	// decides, as a refusal.
	gone, exists []bool
	// heldBy, per record held back (dispatcher.holdBack): the journal's settlement of the row
	// of its key it waits for, which it repeats at its own place.
	heldBy []*journal.Settlement
	// unanswered: its last attempt was answered 503 or 429 (a Senior starting up, a gateway
	// asking to wait), or held by the open breaker: a port's first job so held keeps the
	// port's others waiting (dispatcher.run). Other faults (a 502, a refused connection) let
	// them go at once, as before: Senior down is the breaker's, which counts them together.
	unanswered bool
	leadTries  int          // attempts of a port's first job answered so (not counted in attempts)
	followed   *atomic.Bool // its port has a second job: a first job's attempts are its probes
}

func newJob(u unit, seqs []int) *job {
	n := len(u.recs)
	j := &job{u: u, seqs: seqs, places: make([]int, n), out: make([]settled, n), done: make([]bool, n), landed: make([]bool, n), written: make([]bool, n),
		recheck: make([]bool, n), gone: make([]bool, n), exists: make([]bool, n), hash: make([]string, n), values: make([][]byte, n)}
	for _, r := range u.recs {
		j.keys = append(j.keys, u.port.Name+"\x00"+r.Key)
	}
	return j
}

func (j *job) pending() []int {
	var idx []int
	for i := range j.u.recs {
		if !j.done[i] {
			idx = append(idx, i)
		}
	}
	return idx
}

// settleRest gives every record not yet settled the outcome f chooses.
func (j *job) settleRest(f func(i int) settled) {
	for _, i := range j.pending() {
		j.out[i] = f(i)
		j.done[i] = true
	}
}

// stop settles what a stopped run did not send: not_sent with the reason, unknown for a
// record whose request was written (it may have landed), rejected for an include Senior
// refused as existing whose values were not compared yet.
func (j *job) stop(lang outcome.Lang, reason string) {
	j.settleRest(func(i int) settled {
		if j.exists[i] {
			// Senior answered: it refused the include, holding the record; the read-back
			// that would compare the values did not happen. Not not_sent: it was sent.
			return settled{outcome: outcome.Rejected, message: lang.InSeniorNotCompared(reason)}
		}
		if j.landed[i] {
			return settled{outcome: outcome.Unknown, message: lang.MayHaveLandedStopped(reason)}
		}
		return settled{outcome: outcome.NotSent, message: reason}
	})
}

// step is what an attempt leaves a job with.
type step int

const (
	finished step = iota // every record is settled
	again                // try again after the delay
	split                // refused as a whole: send its records one by one
	halt                 // the run must stop (the job's records are settled)
)

// attempt makes one attempt at a job: it reads back what may have landed, sends the rest and
// settles what the answer says. On a passing fault it asks for another attempt after a delay;
// retries spent, it settles the rest as failed or unknown.
func (s *sender) attempt(ctx context.Context, j *job) (step, time.Duration, *stopError) {
	first := s.first()
	j.attempts++
	j.unanswered = false
	p := j.u.port
	rb := s.readBack(p)
	// A read-back that fails after others of this attempt were answered costs the job no
	// attempt: a batch's records are read back one by one, each may meet a passing fault of
	// its own, and 25 of them shared the batch's retries: whole batches ended failed after
	// 7 attempts with a read-back each (a chaos tester, --batch 25, 8% faults). Each such
	// attempt leaves fewer to read back; a send that fails still counts.
	looked := false
	lookupFailed := func(err error) (step, time.Duration, *stopError) {
		var open *errBreakerOpen
		if looked && !errors.As(err, &open) && !errors.Is(err, errRunStopped) { // failed takes those back itself
			j.attempts--
		}
		return s.failed(j, err, first)
	}
	// An include the journal left in flight or unknown: ask Senior first, and decide by what
	// it holds (issue 13: resume with nothing to remember).
	for _, i := range j.pending() {
		if !j.recheck[i] || rb == nil {
			continue
		}
		r := j.u.recs[i]
		present, held, err := s.lookup(ctx, p, rb, r)
		if err != nil {
			return lookupFailed(err)
		}
		looked = true
		j.recheck[i] = false
		if present {
			s.settleHeld(j, i, held, j.exists[i])
		}
		j.exists[i] = false
	}
	// Settle what may have landed before sending again.
	for _, i := range j.pending() {
		r := j.u.recs[i]
		if !j.landed[i] || p.OperationOf(r.Wire.Values) != templates.OpInclude {
			continue
		}
		if rb == nil {
			j.out[i] = settled{outcome: outcome.Unknown, message: s.lang.MayHaveLandedNoReadBack(j.lastErr)}
			j.done[i] = true
			continue
		}
		landed, held, err := s.lookup(ctx, p, rb, r)
		if err != nil {
			return lookupFailed(err)
		}
		looked = true
		j.landed[i] = false
		if !landed {
			continue
		}
		if diff := soap.Diff(p, rb, r.Wire.Tree(), held); len(diff) > 0 {
			// Senior holds the key with other values: not this include, which then did not
			// land (Senior refuses an include of a key it holds), but a record there before
			// (a consultant's migration run again with changed quotes, a 503 on the way):
			// it was reported ok, and the journal skipped it ever after. With --on-existing
			// alter it goes as an alteration, now.
			if s.altersExisting(p) {
				r.Wire.Values[p.OperationField.Name] = p.OperationField.Alter
				continue
			}
			j.out[i] = settled{outcome: outcome.Rejected, message: s.lang.InSeniorWithOtherValues(diff)}
		} else {
			j.out[i] = settled{outcome: outcome.OK, id: r.Key, message: s.lang.Landed()}
		}
		j.done[i] = true
	}
	// A delete refused as not found whose read-back failed: absent is done, present goes again.
	for _, i := range j.pending() {
		if !j.gone[i] {
			continue
		}
		present, _, err := s.lookup(ctx, p, rb, j.u.recs[i])
		if err != nil {
			return lookupFailed(err)
		}
		looked = true
		j.gone[i] = false
		if !present {
			j.out[i] = settled{outcome: outcome.OK, id: j.u.recs[i].Key, message: s.lang.Deleted()}
			j.done[i] = true
		}
	}
	sent := j.pending()
	if len(sent) == 0 {
		return finished, 0, nil
	}
	recs := make([]*soap.Record, len(sent))
	for k, i := range sent {
		recs[k] = j.u.recs[i].Wire
	}
	var env bytes.Buffer
	if err := soap.Encode(&env, p, s.creds(p), recs...); err != nil {
		j.settleRest(func(int) settled { return settled{outcome: outcome.Failed, message: err.Error()} })
		return finished, 0, nil
	}
	if len(sent) > 1 && p.Batch && s.refusedSize(env.Len()) {
		j.attempts--         // nothing was tried
		return split, 0, nil // as large as a request refused for its size: one by one at once
	}
	res, err := s.post(ctx, p, env.Bytes(), recs, &j.start)
	if err != nil {
		if written(err) {
			for _, i := range sent {
				j.landed[i], j.written[i] = true, true
			}
		}
		return s.failed(j, err, first)
	}
	for _, i := range sent {
		j.written[i] = true
	}
	if res[0].Status == soap.LoginRefused {
		lr := s.loginRefused(p, res[0].Message)
		j.settleRest(func(int) settled { return settled{outcome: outcome.Rejected, code: "login", message: lr.answer} })
		return halt, 0, s.fatal(lr, first)
	}
	s.loginWorked.LoadOrStore(p.Product, true) // the credentials work (see loginRefusedError)
	// A request refused as a whole, with no answer of each record's own: when several went
	// together, each is sent alone so each gets its own answer.
	if p.Batch && len(sent) > 1 && allWhole(res) {
		return split, 0, nil
	}
	more := false // records left for another attempt
	for k, i := range sent {
		r := j.u.recs[i]
		// Senior answered the request but said nothing of this record (no answer element of
		// its key): it may have landed. An include is read back, at once, before anything
		// else is decided; an alter, a delete or an upsert (CRM) is sent again, as after a
		// passing fault (a delete refused then as not found is read back below). Unknown
		// only when its retries are spent.
		if res[k].Status == soap.NotUnderstood && j.attempts <= s.retries {
			switch op := p.OperationOf(r.Wire.Values); {
			case op == templates.OpInclude && rb != nil:
				j.landed[i], more = true, true
				continue
			case op == templates.OpAlter || op == templates.OpDelete || op == templates.OpUpsert:
				j.landed[i], more = true, true
				continue
			}
		}
		j.out[i] = s.settle(p, r, res[k])
		j.done[i] = true
		if j.out[i].outcome != outcome.Rejected || rb == nil {
			continue
		}
		switch {
		case p.OperationOf(r.Wire.Values) == templates.OpDelete && j.landed[i]:
			// A delete sent again after a request of it may have landed, refused as not
			// found: the first one may have deleted it. The read-back settles it (absent =
			// ok); when the read-back fails too, it is tried again before the delete.
			present, _, err := s.lookup(ctx, p, rb, r)
			switch {
			case err != nil && j.attempts <= s.retries:
				j.done[i], j.gone[i], more = false, true, true
			case err != nil:
				if te, ok := soap.IsTransient(err); ok {
					err = s.said(te, s.url(p))
				}
				j.out[i] = settled{outcome: outcome.Unknown, message: s.lang.MayHaveLanded(err)}
			case !present:
				j.out[i] = settled{outcome: outcome.OK, id: r.Key, message: s.lang.Deleted()}
			}
		case res[k].Exists:
			// An include refused because the record exists (a journal that did not know it: a
			// first run, another machine): what Senior holds decides; when the read-back
			// fails, it is tried again before anything is sent.
			present, held, err := s.lookup(ctx, p, rb, r)
			switch {
			case err != nil && j.attempts <= s.retries:
				j.done[i], j.recheck[i], j.exists[i], more = false, true, true, true
			case err != nil:
				if te, ok := soap.IsTransient(err); ok {
					err = s.said(te, s.url(p))
				}
				j.out[i] = settled{outcome: outcome.Rejected, message: s.lang.InSeniorNotCompared(err.Error())}
			case present:
				s.settleHeld(j, i, held, true)
				more = more || !j.done[i] // --on-existing alter: the alteration goes next
			}
		}
	}
	if more {
		return again, 0, nil
	}
	return finished, 0, nil
}

// settleHeld settles record i of a job by what Senior holds of it: the same values are
// skipped; other values are sent as an alteration with --on-existing alter (left pending:
// before sending, or after Senior refused the include, which changed nothing), else refused
// (an include Senior refused) or invalid (--on-existing error, before sending). A chaos
// tester followed the invalid row's advice, --on-existing alter, and the next run's include,
// refused as existing, was rejected with the old values left in Senior.
func (s *sender) settleHeld(j *job, i int, held map[string]any, refused bool) {
	p, r := j.u.port, j.u.recs[i]
	diff := soap.Diff(p, s.readBack(p), r.Wire.Tree(), held)
	switch {
	case len(diff) == 0:
		j.out[i] = settled{outcome: outcome.Skipped, id: r.Key, message: s.lang.AlreadyInSenior()}
		j.done[i] = true
	case s.altersExisting(p):
		r.Wire.Values[p.OperationField.Name] = p.OperationField.Alter
		j.out[i], j.done[i] = settled{}, false
	case refused:
		j.out[i] = settled{outcome: outcome.Rejected, message: s.lang.InSeniorWithOtherValues(diff)}
		j.done[i] = true
	default:
		j.out[i] = settled{outcome: outcome.Invalid, message: s.lang.InSeniorWithOtherValues(diff) + s.lang.UseOnExistingAlter(alterBy(p))}
		j.done[i] = true
	}
}

// altersExisting: --on-existing alter, for a port whose operation field has an alteration.
func (s *sender) altersExisting(p *templates.Port) bool {
	return s.onExisting == "alter" && p.OperationField != nil && p.OperationField.Alter != ""
}

// failed decides what a failed attempt leads to.
func (s *sender) failed(j *job, err error, first bool) (step, time.Duration, *stopError) {
	var open *errBreakerOpen
	var ie *soap.InterruptedError
	var re *soap.RedirectError
	var al *soap.AnswerTooLargeError
	var tl *soap.RequestTooLargeError
	var ns *soap.NotSOAPError
	if errors.As(err, &open) {
		j.attempts-- // nothing was tried
		j.unanswered = true
		return again, open.wait, nil
	}
	if errors.Is(err, errRunStopped) {
		j.attempts-- // nothing was tried; the stopped run settles it (dispatcher.later)
		return again, 0, nil
	}
	if stop := s.fatal(err, first); stop != nil {
		j.stop(s.lang, stop.reason)
		return halt, 0, stop
	}
	// failedUnless settles a record failed with msg, or unknown when a request of it (this one
	// or an earlier attempt's) may have landed: failed says Senior does not have it.
	failedUnless := func(msg string) func(int) settled {
		return func(i int) settled {
			if j.exists[i] { // Senior refused it as existing; comparing its values failed
				return settled{outcome: outcome.Rejected, message: s.lang.InSeniorNotCompared(msg)}
			}
			if j.landed[i] {
				return settled{outcome: outcome.Unknown, message: s.lang.MayHaveLandedStopped(msg)}
			}
			return settled{outcome: outcome.Failed, message: msg}
		}
	}
	switch {
	case errors.As(err, &ie):
		j.stop(s.lang, s.lang.Interrupted())
		return finished, 0, nil
	case errors.As(err, &re):
		j.settleRest(failedUnless(s.lang.Redirected(re.Location)))
		return finished, 0, nil
	case errors.As(err, &al):
		// Senior answered: the record may have landed (a re-run reads an include back).
		j.settleRest(failedUnless(s.lang.AnswerTooLarge(al.Limit)))
		return finished, 0, nil
	case errors.As(err, &tl):
		// Refused for its size before anything was done with it: a batch goes one by one, and
		// so does every later one as large (each would be sent, whole, to be refused).
		s.refusedForSize(tl.Size, len(j.pending()))
		if j.u.port.Batch && len(j.pending()) > 1 {
			return split, 0, nil
		}
		j.settleRest(failedUnless(s.lang.RequestTooLarge()))
		return finished, 0, nil
	case errors.As(err, &ns) && !transientErr(err):
		// A 4xx page from an address that answered as Senior before: no retry helps.
		j.settleRest(failedUnless(s.lang.AnsweredNotSOAP(ns.Status, ns.Form, ns.Shown())))
		return finished, 0, nil
	}
	te, transient := soap.IsTransient(err)
	if !transient {
		j.settleRest(failedUnless(s.lang.TransportFailed(err)))
		return finished, 0, nil
	}
	j.lastErr = s.said(te, s.url(j.u.port))
	j.unanswered = te.Kind == soap.HTTP && (te.Status == http.StatusServiceUnavailable || te.Status == http.StatusTooManyRequests)
	if j.unanswered && outOfReach(te) && j.lead && j.followed != nil && j.followed.Load() {
		// Its port's first request, alone, was answered 503 (a Senior starting up): tried
		// again without spending its retries, the others of its port waiting for its answer
		// (dispatcher.run): it is their probe. Counted, it was left unknown by a Senior that
		// took longer to start than its retries, while the others, let go, went through. The
		// breaker and --give-up-after bound how long Senior is waited for. A file of one
		// record spends its retries as ever; so does a 429, which is no outage (outOfReach):
		// neither the breaker nor --give-up-after hears of it, and a Senior answering 429 to
		// every request (a quota used up for the day) kept the run trying its first record
		// for ever, the others set aside, a nightly run never ending
		// (TestRunTooManyRequestsToEveryRequest).
		j.attempts--
		j.leadTries++
		if s.breaker.IsOpen() {
			return again, s.outageWait(), nil
		}
		return again, s.untilGiveUp(s.retryDelay(j.leadTries, err)), nil
	}
	if (outOfReach(te) || te.Kind == soap.Fault) && s.breaker.IsOpen() {
		// Senior is down (the breaker is open, or this was its probe and failed): the wait is
		// the run's, bounded by --give-up-after, not this record's; a night's outage would
		// otherwise spend every record's retries one probe at a time and fail the file.
		j.attempts--
		return again, s.outageWait(), nil
	}
	if j.attempts <= s.retries {
		return again, s.untilGiveUp(s.retryDelay(j.attempts, err)), nil
	}
	j.settleRest(func(i int) settled {
		// A request of it may have landed (an include not read back, an upsert or an
		// alteration Senior may have saved before its answer was lost): unknown, as when the
		// run stops, not failed, which says Senior does not have it.
		readBack := s.readBack(j.u.port) != nil && j.u.port.OperationOf(j.u.recs[i].Wire.Values) == templates.OpInclude
		switch {
		case j.exists[i]:
			// Senior answered that it holds the record; the read-back that would compare the
			// values failed to the end: not failed, which says Senior does not have it.
			return settled{outcome: outcome.Rejected, message: s.lang.InSeniorNotCompared(s.lang.TransportFailed(j.lastErr))}
		case j.landed[i] && readBack || j.gone[i]:
			return settled{outcome: outcome.Unknown, message: s.lang.MayHaveLanded(j.lastErr)}
		case j.landed[i]:
			return settled{outcome: outcome.Unknown, message: s.lang.MayHaveLandedRetriesSpent(j.lastErr)}
		}
		return settled{outcome: outcome.Failed, message: s.lang.TransportFailed(j.lastErr)}
	})
	return finished, 0, nil
}

// said is a passing fault of a request to target as a report line says it: in the run's
// language, its technical detail in parentheses ("context deadline exceeded" becomes the
// timeout that passed), and the proxy the request went through, if any: a proxy that does
// not answer, refuses the connection or answers in its own way (407, 502) was blamed on
// Senior, and the operator looked at the wrong machine.
func (s *sender) said(te *soap.TransientError, target string) error {
	var msg string
	var ns *soap.NotSOAPError
	if errors.As(te, &ns) {
		msg = s.lang.NotSOAPAnswer(ns.Status, ns.Form, ns.Shown())
	} else {
		detail := ""
		if fe := (*soap.FaultError)(nil); errors.As(te.Err, &fe) {
			// What the Fault says, as words on one line: an application server's HTML page
			// or stack trace in it went whole (4 KB) into every row and the end line's
			// first cause.
			detail = fe.Shown()
		} else if te.Err != nil {
			detail = plainCause(te.Err)
		}
		msg = s.lang.PassingFault(string(te.Kind), te.Status, detail, s.timeout)
	}
	if te.Kind != soap.Fault { // a SOAP Fault is Senior's own answer
		msg += s.proxyNote(target)
	}
	return errors.New(msg)
}

// proxyNote says the proxy a request to target goes through, if any ("" for none): a stop
// for an answer that was no Senior's (a 407 asking for the proxy's own login, its error page)
// said "a proxy in front of Senior?" without naming the one HTTPS_PROXY set.
func (s *sender) proxyNote(target string) string {
	if proxy, garbled := s.viaProxy(target); proxy != "" {
		return s.lang.ThroughProxy(proxy, proxyVariable(target), garbled)
	}
	return ""
}

// viaProxy is the proxy that a request to target goes through (the transport's choice:
// HTTPS_PROXY or HTTP_PROXY, less NO_PROXY and loopback addresses), its password hidden; ""
// for none. Only its scheme, user and host are named: a variable whose password holds a
// character a URL must escape (http://integra:pa#ss@proxy:3128; / ? or a space too) does
// not read as a URL, and Go reads it with "http://" before it, the host "http" and the
// password in the path or the fragment, where Redacted leaves it; garbled says the proxy's
// URL holds more than a proxy's address (such a mistyped variable, most likely).
func (s *sender) viaProxy(target string) (string, bool) {
	if s.proxy == nil {
		return "", false
	}
	req, err := http.NewRequest(http.MethodPost, target, nil)
	if err != nil {
		return "", false
	}
	u, err := s.proxy(req)
	if err != nil || u == nil {
		return "", false
	}
	garbled := u.Opaque != "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery
	return (&url.URL{Scheme: u.Scheme, User: u.User, Host: u.Host}).Redacted(), garbled
}

// unreadProxies are the proxy variables set whose values Go cannot read as a proxy's address
// (httpproxy's parseProxy: as a URL with a scheme and a host, else with "http://" before it).
// Go ignores such a value without a word, and every request goes straight to Senior: on a
// network that needs the proxy, every row failed "sem conexão com o Senior", the proxy named
// nowhere (http://integra:50%off@proxy:3128, a % not written %25). Of each pair Go reads the
// upper-case one when it is set, and never the lower-case one then: an http_proxy beside a
// HTTP_PROXY Go reads was said ignored, "requests go straight to Senior", while they went
// through HTTP_PROXY's proxy. Only the pairs of the targets' schemes are looked at: an
// HTTPS_PROXY is no concern of a run whose addresses are http://.
func unreadProxies(getenv func(string) string, targets ...string) []string {
	var bad []string
	for _, pair := range [][2]string{{"HTTPS_PROXY", "https_proxy"}, {"HTTP_PROXY", "http_proxy"}} {
		if !slices.ContainsFunc(targets, func(t string) bool { return proxyVariable(t) == pair[0] }) {
			continue
		}
		v := pair[0]
		if getenv(v) == "" {
			v = pair[1]
		}
		if s := getenv(v); s != "" {
			if _, err := proxyURL(s); err != nil {
				bad = append(bad, v)
			}
		}
	}
	return bad
}

// proxyURL reads a proxy variable's value as Go does (httpproxy's parseProxy): as a URL with
// a scheme and a host, else with "http://" before it (127.0.0.2:3128; and a password with an
// unescaped # / ? or space, whose URL then has the host "http" and the password in its path),
// else as it parsed at first, if it did (integra:pa/ss@proxy:3128: the scheme "integra", a
// proxy every request then fails on, not one Go ignores).
func proxyURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		if v, err := url.Parse("http://" + s); err == nil {
			return v, nil
		}
	}
	return u, err
}

// proxyVariable is the environment variable that names the proxy of a request to target.
func proxyVariable(target string) string {
	if len(target) >= 6 && strings.EqualFold(target[:6], "https:") {
		return "HTTPS_PROXY"
	}
	return "HTTP_PROXY"
}

// plainCause is a transport error without what changes from one request to the next (the
// URL, the local port): "read: connection reset by peer", not `Post "http://…/sapiens_…":
// read tcp 127.0.0.1:33012->10.0.0.5:8080: read: connection reset by peer`, so that a row's
// message says what happened and the summary's causes count equal faults together (each
// reset was a cause of its own). The endpoint is in the log.
func plainCause(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
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
		if st.message == "" {
			// A G5 refusal with a code and no text: the row's reason and the end line's
			// first cause were empty (first_cause="").
			st.message = s.lang.RefusedWithoutMessage(st.code)
		}
	default:
		// An answer with nothing about this record: Senior did not say what became of it.
		return settled{outcome: outcome.Unknown, message: s.lang.NoAnswerForRecord()}
	}
	return st
}

func transientErr(err error) bool {
	_, ok := soap.IsTransient(err)
	return ok
}
