// Package soap is the wire: it turns checked records into the exact SOAP envelopes of
// Senior's ports (G5 RPC/literal and CRM "set"), sends them over HTTP and turns any answer
// into a typed outcome. It knows the catalogue, nothing about files.
//
// Envelopes are written by hand (not encoding/xml.Marshal) because the order of elements is
// the catalogue's, the prefixes are Senior's, and the encoder sits on the hot path. Text is
// escaped with encoding/xml.EscapeText semantics except that newlines and tabs are kept as
// they are (they are legal in element content and Senior's multi-line observations keep them).
package soap

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"seniorimporter/templates"
)

// Namespaces of the wire.
const (
	EnvelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"
	ServiceNS  = "http://services.senior.com.br"
)

// Credentials are what a request carries to log in. Encryption 0 sends the password as is
// (the default); 2 sends an integrated-logon token in its place.
type Credentials struct {
	User       string
	Password   string
	Encryption int
}

// Mode is the G5 execution mode: one endpoint each.
type Mode string

// Modes.
const (
	ModeSync      Mode = "sync"
	ModeAsync     Mode = "async"
	ModeScheduled Mode = "scheduled"
)

// G5URL is the endpoint of a G5 service in a mode:
// <base>/g5-senior-services/sapiens_Synccom_senior_g5_co_mcm_ven_orcamento.
func G5URL(base string, mode Mode, service string) string {
	m := "Sync"
	switch mode {
	case ModeAsync:
		m = "Async"
	case ModeScheduled:
		m = "Scheduled"
	}
	return strings.TrimRight(base, "/") + "/g5-senior-services/sapiens_" + m + strings.ReplaceAll(service, ".", "_")
}

// Encode writes the envelope of port p carrying recs: one record, or several when the port
// takes batches (each becomes one <orcamento>). Fields go in catalogue order, empty values
// and empty sets are omitted, and a value the catalogue does not know is an error.
func Encode(w io.Writer, p *templates.Port, c Credentials, recs ...*Record) error {
	if len(recs) == 0 {
		return fmt.Errorf("%s: no record to encode", p.Name)
	}
	if len(recs) > 1 && !(p.Batch && p.Record != "") {
		return fmt.Errorf("%s: takes one record per request", p.Name)
	}
	// A bytes.Buffer (the usual destination) is written directly; anything else through a
	// bufio.Writer, flushed at the end.
	var e *encoder
	var bw *bufio.Writer
	if s, ok := w.(sink); ok {
		e = &encoder{w: s}
	} else {
		bw = bufio.NewWriter(w)
		e = &encoder{w: bw}
	}
	flush := func() error {
		if bw == nil {
			return nil
		}
		return bw.Flush()
	}
	if p.Product == templates.ProductCRM {
		e.raw(`<soapenv:Envelope xmlns:soapenv="` + EnvelopeNS + `"><soapenv:Body><` + p.Operation + `>`)
		// Both travel first in every request (the page), even empty: so --show-envelopes of a
		// validation without --user shows them, as G5's shows <password>.
		if len(p.Login) > 0 {
			e.always(p.Login[0], c.User)
		}
		if len(p.Login) > 1 {
			e.always(p.Login[1], c.Password)
		}
		if err := e.fields(p.Fields, recs[0], p.Name); err != nil {
			return err
		}
		e.raw(`</` + p.Operation + `></soapenv:Body></soapenv:Envelope>`)
		return flush()
	}
	e.raw(`<soapenv:Envelope xmlns:soapenv="` + EnvelopeNS + `" xmlns:ser="` + ServiceNS + `"><soapenv:Body><ser:` + p.Operation + `>`)
	e.leaf("user", c.User)
	e.always("password", c.Password)
	e.always("encryption", strconv.Itoa(c.Encryption))
	e.raw(`<parameters>`)
	if p.Record != "" {
		set := findField(p.Fields, p.Record)
		if set == nil {
			return fmt.Errorf("%s: record set %q is not a field", p.Name, p.Record)
		}
		for _, r := range recs {
			e.raw(`<` + set.Name + `>`)
			if err := e.fields(set.Fields, r, set.Name); err != nil {
				return err
			}
			e.raw(`</` + set.Name + `>`)
		}
	} else if err := e.fields(p.Fields, recs[0], p.Name); err != nil {
		return err
	}
	e.raw(`</parameters></ser:` + p.Operation + `></soapenv:Body></soapenv:Envelope>`)
	return flush()
}

// sink is what the encoder writes to: *bytes.Buffer and *bufio.Writer both are.
type sink interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

type encoder struct {
	w sink
}

func (e *encoder) raw(s string) { e.w.WriteString(s) }

func (e *encoder) leaf(name, v string) {
	if v == "" {
		return
	}
	e.always(name, v)
}

func (e *encoder) always(name, v string) {
	e.w.WriteByte('<')
	e.w.WriteString(name)
	e.w.WriteByte('>')
	escape(e.w, v)
	e.w.WriteString("</")
	e.w.WriteString(name)
	e.w.WriteByte('>')
}

// fields writes r's values and sets in the order of fields.
func (e *encoder) fields(fields []*templates.Field, r *Record, where string) error {
	known := 0
	for _, f := range fields {
		if f.IsSet() {
			kids := r.Sets[f.Name]
			if len(kids) > 0 {
				known++
			}
			for _, k := range kids {
				e.raw(`<` + f.Name + `>`)
				if err := e.fields(f.Fields, k, where+"."+f.Name); err != nil {
					return err
				}
				e.raw(`</` + f.Name + `>`)
			}
			continue
		}
		v, ok := r.Values[f.Name]
		if ok {
			known++
		}
		e.leaf(f.Name, v)
	}
	if known != len(r.Values)+countSets(r) {
		for name := range r.Values {
			if f := findField(fields, name); f == nil || f.IsSet() {
				return fmt.Errorf("%s: %q is not a field of the catalogue", where, name)
			}
		}
		for name, kids := range r.Sets {
			if f := findField(fields, name); len(kids) > 0 && (f == nil || !f.IsSet()) {
				return fmt.Errorf("%s: %q is not a set of the catalogue", where, name)
			}
		}
	}
	return nil
}

func countSets(r *Record) int {
	n := 0
	for _, kids := range r.Sets {
		if len(kids) > 0 {
			n++
		}
	}
	return n
}

func findField(fields []*templates.Field, name string) *templates.Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// EscapeText is s as an envelope carries it (escape): what a server that echoes the
// envelope shows of a value.
func EscapeText(s string) string {
	var b strings.Builder
	escape(&b, s)
	return b.String()
}

// escape writes s with &, <, >, " and \r escaped (\r would otherwise be normalised away by
// XML parsers); newlines and tabs are kept.
func escape(w sink, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\r':
			esc = "&#xD;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

var (
	reG5Password = regexp.MustCompile(`(<password>)[^<]*(</password>)`)
)

// Mask returns the envelope with the password's text replaced by "********", for logs and
// --show-envelopes.
func Mask(env []byte, p *templates.Port) []byte {
	if p.Product == templates.ProductCRM && len(p.Login) > 1 {
		re := regexp.MustCompile(`(<` + regexp.QuoteMeta(p.Login[1]) + `>)[^<]*(</` + regexp.QuoteMeta(p.Login[1]) + `>)`)
		return re.ReplaceAll(env, []byte("${1}********${2}"))
	}
	return reG5Password.ReplaceAll(bytes.Clone(env), []byte("${1}********${2}"))
}
