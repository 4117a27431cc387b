package soap

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"seniorimporter/templates"
)

// Kind classifies a passing fault.
type Kind string

// Kinds of passing faults.
const (
	Connection Kind = "connection" // the connection failed or dropped
	Timeout    Kind = "timeout"    // no answer in time
	HTTP       Kind = "http"       // HTTP 5xx or 429
	Fault      Kind = "fault"      // a SOAP Fault
	Truncated  Kind = "truncated"  // XML cut short
	NotXML     Kind = "not_xml"    // HTML, empty or otherwise not the expected XML
)

// TransientError is a passing fault: the request may be retried (after read-back when it
// may have landed).
type TransientError struct {
	Kind       Kind
	Status     int
	RetryAfter time.Duration
	Err        error
}

func (e *TransientError) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Kind))
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *TransientError) Unwrap() error { return e.Err }

// IsTransient reports whether err is (or wraps) a passing fault.
func IsTransient(err error) (*TransientError, bool) {
	var te *TransientError
	if errors.As(err, &te) {
		return te, true
	}
	return nil, false
}

// ErrLoginRefused is returned with the Answer when Senior refused the credentials.
var ErrLoginRefused = errors.New("login refused")

// Resposta is one record's answer in GravarOrcamentos.
type Resposta struct {
	CodEmp, NumOct, VerOct, CodigoRetorno, Retorno string
}

// Answer is a decoded business answer (HTTP 200 with the port's response element).
type Answer struct {
	ErroExecucao string
	LoginRefused bool
	// G5 GravarOrcamentos: every resposta, in order.
	Respostas []Resposta
	// G5 read ports.
	TipoRetorno, MensagemRetorno string
	// Async and scheduled modes: the text of <result> ("OK" or the error).
	Result string
	// CRM.
	Retorno, Mensagem, IDRegistro string
	// Accepted: CRM by the port's accept rule; G5 read ports when there is no erroExecucao
	// and tipoRetorno is not negative.
	Accepted bool
	// Tree is a G5 read port's whole <result>: element → text, elements with children →
	// []any of map[string]any.
	Tree map[string]any
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

// Decode turns an HTTP answer of port p into an Answer. Not-XML and truncated bodies and SOAP
// Faults are *TransientError; a refused login returns the Answer and ErrLoginRefused.
func Decode(p *templates.Port, mode Mode, status int, header http.Header, body []byte) (*Answer, error) {
	root, err := parse(body)
	if err != nil {
		if te, ok := IsTransient(err); ok && status != 0 && status != http.StatusOK {
			te.Status = status
		}
		return nil, err
	}
	bodyEl := root.find("Body")
	if bodyEl == nil || len(bodyEl.kids) == 0 {
		return nil, &TransientError{Kind: NotXML, Status: status, Err: errors.New("answer has no SOAP Body")}
	}
	resp := bodyEl.kids[0]
	if resp.name == "Fault" {
		msg := firstText(resp, "faultstring", "Text", "Reason")
		return nil, &TransientError{Kind: Fault, Status: status, Err: fmt.Errorf("SOAP Fault: %s", msg)}
	}
	if status != 0 && status != http.StatusOK {
		return nil, &TransientError{Kind: HTTP, Status: status, Err: fmt.Errorf("HTTP %d", status)}
	}
	if !responseName(p, resp.name) {
		return nil, &TransientError{Kind: NotXML, Status: status, Err: fmt.Errorf("answer element %s is not %s's", resp.name, p.Name)}
	}
	a := &Answer{}
	if p.Product == templates.ProductCRM {
		a.Retorno = resp.childText("retorno")
		a.Mensagem = resp.childText("mensagem")
		a.IDRegistro = resp.childText("idRegistro")
		if f := p.AcceptField(); f != "" {
			a.Accepted = resp.childText(f) != ""
		}
		// An accepted record is not a refused login; the (regular-expression) test runs only
		// for answers that were not accepted.
		if !a.Accepted && p.IsLoginRefused(a.Mensagem) {
			a.LoginRefused = true
			return a, ErrLoginRefused
		}
		return a, nil
	}
	result := resp.child("result")
	if result == nil {
		return nil, &TransientError{Kind: NotXML, Status: status, Err: fmt.Errorf("%s has no <result>", resp.name)}
	}
	if mode == ModeAsync || mode == ModeScheduled {
		a.Result = strings.TrimSpace(result.text)
		if len(result.kids) > 0 { // a server that answers the synchronous shape anyway
			a.ErroExecucao = result.childText("erroExecucao")
		}
		if p.IsLoginRefused(a.Result) || p.IsLoginRefused(a.ErroExecucao) {
			a.LoginRefused = true
			return a, ErrLoginRefused
		}
		return a, nil
	}
	a.ErroExecucao = result.childText("erroExecucao")
	if p.IsLoginRefused(a.ErroExecucao) {
		a.LoginRefused = true
		return a, ErrLoginRefused
	}
	for _, k := range result.kids {
		if k.name == "resposta" {
			a.Respostas = append(a.Respostas, Resposta{
				CodEmp: k.childText("codEmp"), NumOct: k.childText("numOct"), VerOct: k.childText("verOct"),
				CodigoRetorno: k.childText("codigoRetorno"), Retorno: k.childText("retorno"),
			})
		}
	}
	if p.Access == "read" {
		a.TipoRetorno = result.childText("tipoRetorno")
		a.MensagemRetorno = result.childText("mensagemRetorno")
		a.Tree = tree(result)
		a.Accepted = a.ErroExecucao == "" && !strings.HasPrefix(a.TipoRetorno, "-")
	}
	return a, nil
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

func collect(n *node) string {
	s := n.text
	for _, k := range n.kids {
		s += collect(k)
	}
	return s
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
