package pipeline

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"seniorimporter/outcome"
	"seniorimporter/soap"
)

// redactor takes the passwords out of what Senior (or whatever answers in its place) says:
// its messages, its faults, the pages of an address that is not Senior's, the places a
// redirect points to and the answers kept from read ports. A server that echoes a request
// (a proxy's error page, a test server, a fault that quotes the envelope) would otherwise put
// the password in the reports, the log and the journal. Passwords shorter than minSecret are
// left alone: blanking every "123" in every message would say less and protect little.
type redactor struct{ secrets []string }

const (
	minSecret = 4
	blanked   = outcome.Blanked
)

func newRedactor(creds ...soap.Credentials) redactor {
	var r redactor
	for _, c := range creds {
		if len(c.Password) < minSecret {
			continue
		}
		// As read back (unescaped) and as sent (XML-escaped in the envelope), each also as a
		// message quotes it (%q: a quote or a backslash escaped); and as a URL carries it (a
		// redirect's Location that echoes the request).
		for _, s := range []string{c.Password, soap.EscapeText(c.Password), url.QueryEscape(c.Password), url.PathEscape(c.Password)} {
			q := strconv.Quote(s)
			for _, v := range []string{s, q[1 : len(q)-1]} {
				if !slices.Contains(r.secrets, v) {
					r.secrets = append(r.secrets, v)
				}
			}
		}
	}
	return r
}

// text is s without the passwords (outcome.Blank: blanked until none is left, the blank
// making none whole again of what is around it).
func (r redactor) text(s string) string { return outcome.Blank(s, r.secrets) }

// textCut is s without the passwords, nor what is left of one where a quoted excerpt was cut
// inside it: net/http quotes what its reader holds of a server's stray bytes, at most 4 KiB
// ("Unsolicited response ... starting with %q"), and that cut falls where it may, after
// "<password>Str4y" too. The start of a password right before a closing quote is blanked,
// however short (an escaped quote, \", closes nothing); the longest starts first, of every
// password, so that a short one ("S") does not blank the end of a longer one and leave the
// rest ("Str4y***").
func (r redactor) textCut(s string) string {
	s = r.text(s)
	longest := 0
	for _, p := range r.secrets {
		longest = max(longest, len(p))
	}
	for k := longest - 1; k > 0; k-- {
		for _, p := range r.secrets {
			if k >= len(p) || strings.HasSuffix(p[:k], `\`) {
				continue
			}
			if part := p[:k] + `"`; strings.Contains(s, part) {
				s = strings.ReplaceAll(s, part, blanked+`"`)
			}
		}
	}
	return s
}

func (r redactor) leaks(s string) bool {
	for _, p := range r.secrets {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// results takes the passwords out of decoded answers, in place, and reports whether a
// record's message or code held one.
func (r redactor) results(res []soap.Result) (blanked bool) {
	if len(r.secrets) == 0 {
		return false
	}
	for i := range res {
		m, c := r.text(res[i].Message), r.text(res[i].Code)
		blanked = blanked || m != res[i].Message || c != res[i].Code
		res[i].Message, res[i].Code = m, c
		if res[i].Answer != nil {
			r.answer(res[i].Answer)
		}
	}
	return blanked
}

func (r redactor) answer(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case string:
			m[k] = r.text(v)
		case []any:
			for i, e := range v {
				switch e := e.(type) {
				case string:
					v[i] = r.text(e)
				case map[string]any:
					r.answer(e)
				}
			}
		}
	}
}

// err is err without the passwords, its kind kept: the typed errors the sender tells apart
// are copied with their texts cleaned.
func (r redactor) err(err error) error {
	if err == nil || len(r.secrets) == 0 {
		return err
	}
	// A page's text is cut to a line where the error is written: the password is looked for in
	// all of it, or one across the cut would go out in part.
	var page *soap.NotSOAPError
	if !r.leaks(err.Error()) && !(errors.As(err, &page) && r.leaks(page.Detail)) {
		return err
	}
	var te *soap.TransientError
	var ns *soap.NotSOAPError
	var re *soap.RedirectError
	switch {
	case errors.As(err, &te):
		c := *te
		c.Err = r.inner(te.Err)
		return &c
	case errors.As(err, &ns):
		c := *ns
		c.Detail = r.text(ns.Detail)
		return &c
	case errors.As(err, &re):
		c := *re
		c.Location = r.text(re.Location)
		return &c
	}
	return errors.New(r.text(err.Error()))
}

// inner is a TransientError's cause, cleaned: a NotSOAPError, a NotHTTPError or an
// OtherAnswerError stays one (made a plain error, an answer with another element that held the
// password was no longer told apart, and each row was sent seven times instead of the run
// stopping: see judge).
func (r redactor) inner(err error) error {
	var ns *soap.NotSOAPError
	var nh *soap.NotHTTPError
	var oa *soap.OtherAnswerError
	var fe *soap.FaultError
	if errors.As(err, &fe) { // a Fault's text names why the run gave up (sender.unreachable)
		return &soap.FaultError{Text: r.text(fe.Text)}
	}
	if errors.As(err, &oa) {
		c := *oa
		c.Element, c.Said = r.text(oa.Element), r.text(oa.Said)
		return &c
	}
	if errors.As(err, &ns) {
		c := *ns
		c.Detail = r.text(ns.Detail)
		return &c
	}
	if errors.As(err, &nh) {
		c := *nh
		c.Detail, c.Err = r.text(nh.Detail), errors.New(r.text(nh.Err.Error()))
		return &c
	}
	if err == nil {
		return nil
	}
	return errors.New(r.text(err.Error()))
}

// answerText is how much of a text the server sent a row keeps (its message, code and id, a
// fault's text, a parse error quoting the answer). Senior's messages are a line or a few; a
// fault carrying a Java stack trace, or a server's megabytes, went whole into every row's
// report lines, the journal, the log and the summary: 200 rows of a 1 MB fault made 216 MB of
// JSONL and as much CSV, 443 MB of journal, and the run took 528 MB. Cut after the passwords
// are blanked, so that no part of one is left at the cut.
const answerText = 4 << 10

// clipText is s cut to answerText bytes (on a character's start), marked with "…".
func clipText(s string) string {
	if len(s) <= answerText {
		return s
	}
	cut := answerText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// clipResults cuts the texts of decoded answers, in place (a read port's whole answer, kept
// for its report line, is left whole).
func clipResults(res []soap.Result) {
	for i := range res {
		res[i].Message = clipText(res[i].Message)
		res[i].Code = clipText(res[i].Code)
		res[i].ID = clipText(res[i].ID)
	}
}

// clipErr is a passing fault whose text is cut to answerText, its kind kept (a page's
// Detail is cut already), or a redirect whose Location is (a header, up to
// soap.MaxAnswerHeader: it names every row's reason when the run stops on it).
func clipErr(err error) error {
	if re, ok := err.(*soap.RedirectError); ok && len(re.Location) > answerText {
		c := *re
		c.Location = clipText(re.Location)
		return &c
	}
	te, ok := err.(*soap.TransientError)
	if !ok || te.Err == nil {
		return err
	}
	var ns *soap.NotSOAPError
	var nh *soap.NotHTTPError
	if errors.As(te.Err, &ns) || len(te.Err.Error()) <= answerText {
		return err
	}
	if errors.As(te.Err, &nh) { // its kind kept: a line that is no status line stops the run
		c, h := *te, *nh
		h.Detail, h.Err = clipText(nh.Detail), errors.New(clipText(nh.Err.Error()))
		c.Err = &h
		return &c
	}
	c := *te
	if fe := (*soap.FaultError)(nil); errors.As(te.Err, &fe) {
		c.Err = &soap.FaultError{Text: clipText(fe.Text)}
		return &c
	}
	c.Err = errors.New(clipText(te.Err.Error()))
	return &c
}
