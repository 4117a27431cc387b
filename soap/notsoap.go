package soap

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"unicode"
)

// NotSOAPError is an answer that is no SOAP envelope at all: an HTML page (a proxy's login, a
// web server's "not found", a portal's home page), plain text, an empty body, or XML of
// another kind. From an address that never answered as Senior, it means the address is not
// Senior's web service. With an HTTP 4xx status (other than 408 and 429) it is returned as is,
// not a passing fault; otherwise it comes wrapped in a *TransientError of kind NotXML.
type NotSOAPError struct {
	Status int    // the HTTP status
	Form   string // "html", "text", "xml" or "empty"
	// Detail is the page's title, the text's start (at most detailBytes of each), the XML's
	// root element, as the answer has them; may be empty. Shown is what a log or a report
	// shows of it: a caller that blanks a password in it does so here, before Shown cuts it
	// to a line and collapses its spaces (after, a long one or one across the cut slipped
	// through).
	Detail string
}

// detailBytes is how much of a page's title or text Detail keeps.
const detailBytes = 4 << 10

// Shown is Detail fit for one line of a log or a report: see clean.
func (e *NotSOAPError) Shown() string { return clean(e.Detail) }

func (e *NotSOAPError) Error() string {
	var what string
	switch e.Form {
	case "html":
		what = "an HTML page"
		if d := e.Shown(); d != "" {
			what += fmt.Sprintf(" titled %q", d)
		}
	case "xml":
		what = fmt.Sprintf("XML whose root is <%s>", e.Shown())
	case "empty":
		what = "an empty body"
	default:
		what = fmt.Sprintf("the text %q", e.Shown())
	}
	if standalone(e.Status) {
		return fmt.Sprintf("HTTP %d with %s, not a SOAP envelope", e.Status, what)
	}
	return "answer is " + what + ", not a SOAP envelope" // the TransientError around it names the status
}

var (
	reTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title`)
	reSpace = regexp.MustCompile(`\s+`)
)

// notSOAP tells whether body is no SOAP envelope at all, and what it is instead; root is the
// parsed document (nil when it did not parse). XML that fails to parse and is not HTML is
// not judged here: it may be Senior's answer, cut or garbled.
func notSOAP(status int, body []byte, root *node) (*NotSOAPError, bool) {
	if root != nil && root.name == "Envelope" {
		return nil, false // every answer of Senior's: nothing more to look at
	}
	trim := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	head := bytes.ToLower(trim[:min(len(trim), 1024)])
	e := &NotSOAPError{Status: status}
	switch {
	case len(trim) == 0:
		e.Form = "empty"
	case bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		head[0] == '<' && bytes.Contains(head, []byte("<html")):
		e.Form = "html"
		if m := reTitle.FindSubmatch(trim[:min(len(trim), 64<<10)]); m != nil {
			t := m[1][:min(len(m[1]), detailBytes)]
			e.Detail = strings.ToValidUTF8(html.UnescapeString(string(t)), "?")
		}
	case trim[0] != '<':
		e.Form, e.Detail = "text", strings.ToValidUTF8(string(trim[:min(len(trim), detailBytes)]), "?")
	case root != nil && root.name != "Envelope":
		e.Form, e.Detail = "xml", root.name
	default:
		return nil, false
	}
	return e, true
}

// plain is s, a text Senior (or a server in its place) wrote, fit for one line of a log or a
// report, at most max characters: when it holds markup (a proxy's or an application server's
// HTML page inside a Fault or an answer's element), its scripts and styles are dropped, its
// tags made spaces and its entities read, so that the line quotes the page's words; then
// clean. A stop's reason quoted "<html><head><style>body{font:12px}</style></head><body><h1>"
// and no word of the page within its 200 characters.
func plain(s string, max int) string {
	if reTag.MatchString(s) {
		s = reCode.ReplaceAllString(s, " ")
		s = reTag.ReplaceAllString(s, " ")
		s = html.UnescapeString(s)
	}
	return cleanTo(s, max)
}

var (
	// reTag is a tag: "<" then a letter, "/", "!" or "?" ("a <= b" is none).
	reTag = regexp.MustCompile(`<[A-Za-z/!?][^<>]*>`)
	// reCode is a page's script or style, whose text is no word of the page.
	reCode = regexp.MustCompile(`(?is)<(script|style)\b[^>]*>.*?</(script|style)\s*>`)
)

// clean makes a piece of an answer fit for one line of a log or a report: valid UTF-8, no
// control characters, spaces collapsed, at most 80 characters.
func clean(s string) string { return cleanTo(s, 80) }

// cleanTo is clean to at most max characters.
func cleanTo(s string, max int) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(reSpace.ReplaceAllString(s, " "))
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}

// notSOAPError is the error for an answer that is no SOAP envelope: as is for a 4xx status
// (the address has no such service: no retry helps), a passing fault otherwise.
func notSOAPError(e *NotSOAPError) error {
	if standalone(e.Status) {
		return e
	}
	return &TransientError{Kind: NotXML, Status: e.Status, Err: e}
}

func standalone(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
}
