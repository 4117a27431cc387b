package soap

import (
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"seniorimporter/templates"
)

// Status is what an answer says of one record.
type Status int

// Statuses.
const (
	// NotUnderstood: the answer says nothing usable about the record (no answer element
	// for it); whether it landed is not known.
	NotUnderstood Status = iota
	Accepted             // Senior took the record; ID may carry the id it gave it
	Refused              // a business error: Code and Message say why; never retried
	Queued               // an asynchronous or scheduled endpoint took the request
	LoginRefused         // Senior refused the credentials: the run stops
)

// Result is what an answer says of one record sent.
type Result struct {
	Status  Status
	ID      string // the id Senior gave the record (the catalogue's answer.id), if any
	Code    string // the answer's code (codigoRetorno, retorno, tipoRetorno; "OK" when queued)
	Message string // the answer's text
	// Exists is set on a Refused result whose message means the record already exists (the
	// catalogue's answer.exists).
	Exists bool
	// Whole is set on a Refused result when the request as a whole was refused (the
	// catalogue's request_error with no answer of the record's own): sent alone, the record
	// might get an answer of its own; asked by a read-back, it says nothing of the record.
	Whole bool
	// Answer is a read port's whole answer (the catalogue's answer.keep): element → text,
	// elements with children → []any of map[string]any.
	Answer map[string]any
}

// node is a parsed element, by local name.
type node struct {
	name string
	text string
	kids []*node
}

func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

func (n *node) find(name string) *node {
	if n.name == name {
		return n
	}
	for _, k := range n.kids {
		if f := k.find(name); f != nil {
			return f
		}
	}
	return nil
}

func (n *node) childText(name string) string {
	if c := n.child(name); c != nil {
		return strings.TrimSpace(c.text)
	}
	return ""
}

func snippet(b []byte) string {
	s := string(b)
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}

var reVersion = regexp.MustCompile(`_\d+$`)

// Decode turns the HTTP answer of port p to a request that carried recs into one Result per
// record, in order, reading the answer through the catalogue's description of it
// (p.Answer). Not-XML and truncated bodies, HTTP errors and SOAP Faults are *TransientError;
// an answer that is no SOAP envelope at all is a *NotSOAPError (wrapped in a *TransientError
// unless its status is a 4xx: see notSOAPError).
func Decode(p *templates.Port, mode Mode, status int, body []byte, recs []*Record) ([]Result, error) {
	res, err := decode(p, mode, status, body, recs)
	if te, ok := IsTransient(err); ok {
		te.Written = true // an answer came: the request was written, and may have landed
	}
	return res, err
}

func decode(p *templates.Port, mode Mode, status int, body []byte, recs []*Record) ([]Result, error) {
	root, err := parse(body)
	if err != nil {
		if e, ok := notSOAP(status, body, nil); ok {
			return nil, notSOAPError(e)
		}
		if te, ok := IsTransient(err); ok && status != 0 && status != http.StatusOK {
			te.Status = status
		}
		return nil, err
	}
	if e, ok := notSOAP(status, body, root); ok {
		return nil, notSOAPError(e)
	}
	bodyEl := root.find("Body")
	if bodyEl == nil || len(bodyEl.kids) == 0 {
		return nil, &TransientError{Kind: NotXML, Status: status, Err: errors.New("answer has no SOAP Body")}
	}
	resp := bodyEl.kids[0]
	if resp.name == "Fault" {
		return nil, &TransientError{Kind: Fault, Status: status, Err: &FaultError{Text: firstText(resp, "faultstring", "Text", "Reason")}}
	}
	if status != 0 && status != http.StatusOK {
		return nil, &TransientError{Kind: HTTP, Status: status, Err: fmt.Errorf("HTTP %d", status)}
	}
	if !responseName(p, resp.name) && !crmAnswer(p, resp) {
		// What it says is named: an operation a --catalogue file got wrong ("Serviço ContaDados
		// desconhecido.") was otherwise seen only as another element's name.
		return nil, &TransientError{Kind: NotXML, Status: status, Err: &OtherAnswerError{Port: p.Name, Element: resp.name, Want: p.Response, Said: leafTexts(resp, 200)}}
	}
	a := &p.Answer
	top := resp
	if a.Within != "" {
		if top = resp.child(a.Within); top == nil {
			return nil, &TransientError{Kind: NotXML, Status: status, Err: fmt.Errorf("%s has no <%s>", resp.name, a.Within)}
		}
	}
	all := func(r Result) []Result {
		out := make([]Result, max(1, len(recs)))
		for i := range out {
			out[i] = r
		}
		return out
	}
	if mode != ModeSync && a.Queued != "" {
		// Asynchronous and scheduled endpoints answer only the queued text or the error.
		text := strings.TrimSpace(top.text)
		reqErr := top.childText(a.RequestError) // a server that answers the synchronous shape anyway
		switch {
		case a.IsLoginRefused(text) || a.IsLoginRefused(reqErr):
			return all(Result{Status: LoginRefused, Message: firstNonEmpty(reqErr, text)}), nil
		case strings.EqualFold(text, a.Queued):
			return all(Result{Status: Queued, Code: text}), nil
		}
		return all(Result{Status: Refused, Message: firstNonEmpty(text, reqErr)}), nil
	}
	reqErr := ""
	if a.RequestError != "" {
		reqErr = top.childText(a.RequestError)
	}
	if a.IsLoginRefused(reqErr) {
		return all(Result{Status: LoginRefused, Message: reqErr}), nil
	}
	code, msg := top.childText(a.Code), top.childText(a.Message)
	switch {
	case a.Record != "":
		out := make([]Result, len(recs))
		for i, r := range recs {
			el, agree := matchRecord(top, a, r)
			switch {
			case el != nil && (el.childText(a.Code) == "" || !agree):
				// Its resposta with no code (codigoRetorno missing or empty) says neither 0
				// nor -1: taken for a refusal, an include Senior had stored ("Orçamento ...
				// incluído.") was reported rejected. Nor do two of its key that say
				// different codes (a key goes once per request): the first, -1, was
				// taken, and the quote the second said was stored was reported rejected.
				// Either says nothing usable of the record.
				out[i] = Result{Status: NotUnderstood, Message: el.childText(a.Message)}
			case el != nil:
				c, m := el.childText(a.Code), el.childText(a.Message)
				out[i] = Result{Status: Refused, Code: c, Message: m, Exists: a.IsExists(m)}
				if slices.Contains(a.Accepted, c) {
					out[i] = Result{Status: Accepted, Code: c, Message: m, ID: el.childText(a.ID)}
				}
			case reqErr != "":
				out[i] = Result{Status: Refused, Code: a.RequestError, Message: reqErr, Whole: true}
			default:
				out[i] = Result{Status: NotUnderstood}
			}
		}
		return out, nil
	case a.AcceptElement() != "":
		if top.childText(a.AcceptElement()) != "" {
			return all(Result{Status: Accepted, Code: code, Message: msg, ID: top.childText(a.ID)}), nil
		}
		// An accepted record is not a refused login: the (regular-expression) test runs
		// only for answers that were not accepted.
		if a.IsLoginRefused(msg) {
			return all(Result{Status: LoginRefused, Code: code, Message: msg}), nil
		}
		if code == "" && msg == "" {
			// No id, no code, no message (an empty RetornoDados): nothing of the record, not
			// a refusal. Taken for one, a record the CRM had saved was reported rejected.
			return all(Result{Status: NotUnderstood}), nil
		}
		return all(Result{Status: Refused, Code: code, Message: msg}), nil
	}
	r := Result{Status: Accepted, Code: code, Message: msg, ID: top.childText(a.ID)}
	if reqErr != "" || a.IsRefusedCode(code) {
		// Whole: refused as a request (erroExecucao) without the port's refusal code. With the
		// code (tipoRetorno -1) and no record found, a read-back says "absent" (DESIGN.md).
		r = Result{Status: Refused, Code: code, Message: firstNonEmpty(reqErr, msg), Whole: reqErr != "" && !a.IsRefusedCode(code)}
	}
	if a.Keep {
		r.Answer = tree(top)
	}
	return all(r), nil
}

// matchRecord finds the answer element of a record among those the answer holds, by the key
// fields it echoes, compared as numbers ("0001" is 1) where both are whole numbers. agree is
// false when several echo its key with different codes.
func matchRecord(top *node, a *templates.Answer, r *Record) (el *node, agree bool) {
	agree = true
	for _, k := range top.kids {
		if k.name != a.Record {
			continue
		}
		same := true
		for _, f := range a.Echo {
			if !sameNumber(k.childText(f), r.Values[f]) {
				same = false
				break
			}
		}
		switch {
		case !same:
		case el == nil:
			el = k
		case k.childText(a.Code) != el.childText(a.Code):
			agree = false
		}
	}
	return el, agree
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

// Presence is what a read-back says of a record.
type Presence int

// Presences.
const (
	Unclear Presence = iota // the answer says neither: guessing could duplicate or lose it
	Present
	Absent
)

// ReadBack reads the answer of p's read-back port (the catalogue's read_back) to a question
// about record rec: present, with what Senior holds of it (see Held), when a found element
// is rec; absent when the read port refused the question without one, by its code
// (tipoRetorno -1). An answer whose found elements are all other records (another version of
// the quote, a filter Senior ignored) is unclear: taken for rec, it would have settled as
// landed an include that never was. So is a request refused whole (erroExecucao: a user
// without the read port's permission, a server error): taken for "absent", an include that
// had landed was sent again after every fault, and ended rejected as existing.
func ReadBack(p *templates.Port, r Result, rec *Record) (Presence, map[string]any) {
	if p.ReadBack == nil {
		return Unclear, nil
	}
	var found []any
	switch v := r.Answer[p.ReadBack.Found].(type) {
	case []any:
		found = v
	case map[string]any:
		found = []any{v}
	}
	for _, f := range found {
		if m, ok := f.(map[string]any); ok && isRecord(p, m, rec) {
			return Present, m
		}
	}
	if len(found) == 0 && r.Status == Refused && !r.Whole {
		return Absent, nil
	}
	return Unclear, nil
}

// isRecord reports whether a found element is record rec: it holds every key field, each
// equal to rec's (as numbers, as Senior writes them: 0001 is 1). An element without its key
// cannot be told from another record: a read port that answered with any quote would settle
// a lost include as landed.
func isRecord(p *templates.Port, m map[string]any, rec *Record) bool {
	for _, k := range p.Key {
		if v, ok := m[k].(string); !ok || !sameNumber(v, rec.Values[k]) {
			return false
		}
	}
	return true
}

// ReadBackQuery is the request of p's read-back port rb about record r: rb's key fields,
// filled from the record's fields of the same names.
func ReadBackQuery(rb *templates.Port, r *Record) *Record {
	q := NewRecord()
	for _, k := range rb.Key {
		q.Set(k, r.Values[k])
	}
	return q
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func firstText(n *node, names ...string) string {
	for _, name := range names {
		if f := n.find(name); f != nil {
			if t := strings.TrimSpace(collect(f)); t != "" {
				return t
			}
		}
	}
	return "(no message)"
}

// leafTexts joins the non-empty texts of n's elements with "; ", cut at max runes.
func leafTexts(n *node, max int) string {
	var parts []string
	var walk func(*node)
	walk = func(n *node) {
		if t := strings.Join(strings.Fields(n.text), " "); t != "" {
			parts = append(parts, t)
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(n)
	return plain(strings.Join(parts, "; "), max)
}

func collect(n *node) string {
	s := n.text
	for _, k := range n.kids {
		s += collect(k)
	}
	return s
}

// crmAnswer reports whether el, the answer element of a CRM port not named as its file says,
// holds the port's answer all the same: one of the elements its answer names (retorno,
// mensagem, idRegistro) as a child. DESIGN: the CRM pages name the answer's elements, not
// always its wrapper (setContas' page is cut off before it), so they are found whatever the
// wrapper's name; a Senior answering ContaRetornoDados where the file guessed
// ContasRetornoDados stopped every setContas run. An answer holding none of them is another
// answer (OtherAnswerError). G5 names its answers by the port (GravarOrcamentosResponse).
func crmAnswer(p *templates.Port, el *node) bool {
	if p.Product != templates.ProductCRM {
		return false
	}
	a := &p.Answer
	if a.Within != "" {
		el = el.child(a.Within)
		if el == nil {
			return false
		}
	}
	for _, name := range []string{a.Code, a.Message, a.AcceptElement(), a.ID} {
		if name != "" && el.child(name) != nil {
			return true
		}
	}
	return false
}

// responseName accepts the port's response element, or the operation's name with or without
// its _N suffix followed by "Response".
func responseName(p *templates.Port, name string) bool {
	if name == p.Response || name == p.Operation+"Response" {
		return true
	}
	return name == reVersion.ReplaceAllString(p.Operation, "")+"Response"
}

// tree turns an element's children into a JSON-able map: leaves are text (repeated leaves a
// list of texts), elements with children are lists of maps.
func tree(n *node) map[string]any {
	m := map[string]any{}
	for _, k := range n.kids {
		if len(k.kids) > 0 {
			list, _ := m[k.name].([]any)
			m[k.name] = append(list, tree(k))
			continue
		}
		text := strings.TrimSpace(k.text)
		switch prev := m[k.name].(type) {
		case nil:
			m[k.name] = text
		case string:
			m[k.name] = []any{prev, text}
		case []any:
			m[k.name] = append(prev, text)
		}
	}
	return m
}
