package soap

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
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
// may have landed). Written reports whether the request had been written whole when the
// fault struck: then the record may have landed.
type TransientError struct {
	Kind       Kind
	Status     int
	RetryAfter time.Duration
	Written    bool
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

// FaultError is a SOAP Fault's text (faultstring; SOAP 1.2's Text or Reason), as Senior wrote
// it: what Senior said went wrong ("Usuário sem permissão", an ERP error), for whoever has it
// fixed.
type FaultError struct{ Text string }

func (e *FaultError) Error() string { return "SOAP Fault: " + e.Text }

// Shown is Text fit for one line of a log or a report (a stack trace's lines and tabs made
// spaces, an HTML page's markup taken out: see plain), at most faultShown characters.
func (e *FaultError) Shown() string { return plain(e.Text, faultShown) }

// faultShown is how much of a Fault's text Shown keeps: an ERP error's cause comes after its
// context ("Erro ao gravar o orçamento 7001: ORA-00001: restrição exclusiva ...").
const faultShown = 200

// IsTransient reports whether err is (or wraps) a passing fault.
func IsTransient(err error) (*TransientError, bool) {
	var te *TransientError
	if errors.As(err, &te) {
		return te, true
	}
	return nil, false
}

// OtherAnswerError is a SOAP envelope whose body holds another element than the port's
// answer: Senior answered, but not as the catalogue says this port answers (an operation it
// does not know: "Serviço ContaDado desconhecido."; a response name a --catalogue file got
// wrong). Said is the texts it holds, one line, markup taken out (see plain), cut at 200
// characters.
type OtherAnswerError struct {
	Port, Element, Want, Said string
}

func (e *OtherAnswerError) Error() string {
	said := ""
	if e.Said != "" {
		said = fmt.Sprintf(": it says %q", e.Said)
	}
	return fmt.Sprintf("answer element %s is not %s's (%s)%s", e.Element, e.Port, e.Want, said)
}

// InterruptedError is a request cut short because the run stopped (its context was
// cancelled). Written keeps what matters across the cancellation: whether the request had
// been written whole, so that the record may have landed.
type InterruptedError struct {
	Written bool
	Err     error
}

func (e *InterruptedError) Error() string { return "interrupted: " + e.Err.Error() }
func (e *InterruptedError) Unwrap() error { return e.Err }

// RedirectError is an endpoint that answered with a redirect. A SOAP endpoint has no reason
// to redirect, and following one would post the envelope (password included) to another
// address, perhaps in clear text: redirects are never followed.
type RedirectError struct {
	Status   int
	Location string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("HTTP %d redirect to %q (redirects are never followed)", e.Status, e.Location)
}

// CertificateError is a TLS certificate the endpoint does not prove (unknown authority, wrong
// name, expired): retrying cannot fix it.
type CertificateError struct{ Err error }

func (e *CertificateError) Error() string { return "TLS certificate not accepted: " + e.Err.Error() }
func (e *CertificateError) Unwrap() error { return e.Err }

// NotTLSError is an https:// address whose server does not speak TLS on that port: a plain
// HTTP server (Plain; the URL should say http://, or name the HTTPS port) or something else.
// The handshake fails the same way every time: it comes wrapped in a TransientError of kind
// Connection, and the pipeline stops the run when the address never answered as Senior
// (retried as a dropped connection, a run waited --give-up-after, 5 minutes, and the watcher
// 24 hours, for a URL mistyped https://).
type NotTLSError struct {
	Plain bool
	Err   error
}

func (e *NotTLSError) Error() string {
	if e.Plain {
		return "the server answers plain HTTP, not HTTPS, at this address: " + e.Err.Error()
	}
	return "the server does not speak TLS (HTTPS) at this address: " + e.Err.Error()
}
func (e *NotTLSError) Unwrap() error { return e.Err }

// notTLS tells a TLS handshake met by something that is no TLS server: plain HTTP (net/http's
// own words, its only trace) or another protocol (a record header that is no TLS record's).
func notTLS(err error) *NotTLSError {
	var rh tls.RecordHeaderError
	switch {
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return &NotTLSError{Plain: true, Err: err}
	case errors.As(err, &rh):
		return &NotTLSError{Err: err}
	}
	return nil
}

// NotHTTPError is an address whose server does not answer in HTTP: a TLS server (TLS; the URL
// should say https://: Senior's Tomcat on its HTTPS port answers a plain request with a TLS
// alert) or something else on that port. It comes wrapped in a TransientError of kind
// Connection, and the pipeline stops the run when the address never answered as Senior
// (retried as a dropped connection, a run waited --give-up-after, 5 minutes, saying Senior did
// not answer, then left every row unknown; the watcher would have waited 24 hours). A TLS
// server cannot have read the request: it is not Written.
type NotHTTPError struct {
	TLS    bool
	Detail string // what net/http's response parser refused
	Err    error
}

func (e *NotHTTPError) Error() string {
	if e.TLS {
		return "the server answers in TLS (HTTPS), not plain HTTP, at this address: " + e.Err.Error()
	}
	return "the server does not answer in HTTP at this address: " + e.Err.Error()
}
func (e *NotHTTPError) Unwrap() error { return e.Err }

// Shown is Detail fit for one line of a log or a report (see clean).
func (e *NotHTTPError) Shown() string { return clean(e.Detail) }

// notHTTP tells an answer that is no valid HTTP response (net/http's own words, its only
// trace: "transport connection broken" around what its response parser refused, such as a
// line that is no status line, or two Content-Length headers that disagree) and whether it is
// a TLS record: an alert (0x15) or a handshake (0x16) of TLS 1.x. A connection that broke
// (a read error, an end of file) is none of these.
func notHTTP(err error) *NotHTTPError {
	const broken = "transport connection broken: "
	msg := err.Error()
	i := strings.Index(msg, broken)
	if i < 0 {
		return nil
	}
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err // a url.Error is a net.Error itself
	}
	if u := errors.Unwrap(inner); u != nil {
		inner = u // what the parser refused, or why the connection broke
	}
	var ne net.Error
	if errors.As(inner, &ne) || errors.Is(inner, io.EOF) || errors.Is(inner, io.ErrUnexpectedEOF) || errors.Is(inner, syscall.ECONNRESET) ||
		strings.Contains(inner.Error(), "tls: ") { // a TLS connection that broke mid-answer
		return nil
	}
	line, _ := strings.CutPrefix(msg[i+len(broken):], "malformed HTTP response ")
	return &NotHTTPError{TLS: strings.HasPrefix(line, `"\x15\x03`) || strings.HasPrefix(line, `"\x16\x03`), Detail: msg[i+len(broken):], Err: err}
}

// AnswerTooLargeError is an answer longer than the client reads (Client.MaxAnswer). The
// request was written and answered: the record may have landed; retrying would read the
// same endless answer.
type AnswerTooLargeError struct{ Limit int64 }

func (e *AnswerTooLargeError) Error() string {
	return fmt.Sprintf("answer larger than %d bytes", e.Limit)
}

// RequestTooLargeError: the server refused the request for its size (HTTP 413) before
// working on it; a proxy in front of Senior usually (nginx's client_max_body_size is 1 MiB
// by default). Nothing landed.
type RequestTooLargeError struct{ Size int }

func (e *RequestTooLargeError) Error() string {
	return fmt.Sprintf("HTTP 413: a request of %d bytes is larger than the server takes", e.Size)
}

// Written reports whether err says the request had been written whole before it failed:
// the record may have landed.
func Written(err error) bool {
	var te *TransientError
	var ie *InterruptedError
	var al *AnswerTooLargeError
	switch {
	case errors.As(err, &te):
		return te.Written
	case errors.As(err, &ie):
		return ie.Written
	case errors.As(err, &al):
		return true
	}
	return false
}

// certificateProblem reports whether err is a failed TLS verification.
func certificateProblem(err error) bool {
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var cv *tls.CertificateVerificationError
	return errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci) || errors.As(err, &cv)
}
