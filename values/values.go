// Package values turns what a user typed (or what a spreadsheet stored) into the exact text
// Senior reads, or into a typed error that says why it cannot be sent.
//
// The rules follow Senior's documentation (see ../shared/seeds and DESIGN.md):
//
//   - Decimals are exact (cockroachdb/apd, never float64). Text is read by locale: pt-BR (the
//     default) has a decimal comma and a point that groups thousands in threes, so "1.234" is
//     1234 and "12.50" is an error naming the locale; en-US has a decimal point and a comma
//     that groups thousands. "R$", "%" (the number is kept as written: "12,5%" is 12.5),
//     spaces, non-breaking spaces, "(1,00)" and "-1,00" negatives are accepted. A numeric
//     spreadsheet cell is taken as its stored text rounded to 15 significant digits, as Excel
//     shows it ("1234.5599999999999" is 1234.56).
//   - Output follows Senior's numeric rule for fields with a documented Number(p,s): declared
//     Double or Integer → "1234.56" (point), declared String → "1234,56" (comma); no thousands
//     separator; exactly s decimals; neither separator nor decimals when s = 0; at most p−s
//     integer digits. More decimals than s are an error unless the run asks to round
//     (half-even or half-up); a field with s = 0 never rounds (a code is never guessed).
//   - Dates go out as DD/MM/YYYY, times as HH:MM; impossible dates are errors.
//   - Text is checked by characters (runes), never cut; characters XML 1.0 forbids are errors.
//     Escaping is the encoder's job, not this package's.
//   - Value lists accept the code or its label, in any case and with or without accents.
//
// An empty input normalises to "" without error: whether a field is required is the caller's
// business.
package values

import (
	"errors"
	"fmt"
	"strings"

	"seniorimporter/outcome"
	"seniorimporter/templates"
)

// Locale tells how numbers written as text are read.
type Locale string

// Locales.
const (
	PtBR Locale = "pt-BR"
	EnUS Locale = "en-US"
)

// Rounding says what to do with more decimal places than a field allows.
type Rounding string

// Roundings.
const (
	RoundReject   Rounding = "reject"
	RoundHalfEven Rounding = "half-even"
	RoundHalfUp   Rounding = "half-up"
)

// Separator overrides Senior's numeric rule for servers that differ.
type Separator string

// Separators: SepAuto follows the declared type (String → comma, else point).
const (
	SepAuto  Separator = ""
	SepPoint Separator = "point"
	SepComma Separator = "comma"
)

// Source is the kind of spreadsheet cell a value came from.
type Source int

// Sources.
const (
	FromText   Source = iota // text typed by the user (CSV fields are always text)
	FromNumber               // a numeric cell: Text is its raw stored text
	FromDate                 // a numeric cell styled as a date or time: Text is the serial
	FromBool                 // a boolean cell: Text is "1"/"0" or "TRUE"/"FALSE"
)

// Input is one value to normalise.
type Input struct {
	Text     string
	Source   Source
	Date1904 bool // the workbook uses the 1904 date system
}

// Options are the per-run (or per-column) reading and writing choices.
type Options struct {
	Locale    Locale    // default pt-BR
	Rounding  Rounding  // default reject
	Separator Separator // default: Senior's rule
	Pivot     int       // two-digit years below it are 20yy, others 19yy; default 50
}

// Error is a value Senior would misread or refuse.
type Error struct {
	Field  string // the field's path, filled by Normalise
	Input  string // the value as given
	reason func(outcome.Lang) string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %q %s", e.Field, e.Input, e.reason(outcome.EN))
	}
	return fmt.Sprintf("%q %s", e.Input, e.reason(outcome.EN))
}

// Message is the reason in the user's language. It does not repeat the value or the field
// (reports show them beside it).
func (e *Error) Message(lang outcome.Lang) string { return e.reason(lang) }

// newError builds an Error whose reason is one of outcome's messages.
func newError(in string, reason func(outcome.Lang) string) *Error {
	return &Error{Input: in, reason: reason}
}

// Normalise turns one input into the exact wire text for field f. Blank input gives "".
func Normalise(f *templates.Field, in Input, o Options) (string, error) {
	out, err := normalise(f, in, o)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Field = f.Path
			e.Input = in.Text
		}
		return "", err
	}
	return out, nil
}

func normalise(f *templates.Field, in Input, o Options) (string, error) {
	if strings.TrimSpace(strings.Map(nbspToSpace, in.Text)) == "" {
		return "", nil
	}
	if o.Locale == "" {
		o.Locale = PtBR
	}
	switch {
	case len(f.List) > 0:
		return listValue(f, in)
	case f.Date:
		t, err := dateOf(in, o)
		if err != nil {
			return "", err
		}
		return t.Format("02/01/2006"), nil
	case f.Temporal == templates.TemporalTime:
		return timeOf(in)
	case f.Number != nil || f.Type == templates.TypeDouble || f.Type == templates.TypeInteger:
		d, err := numberOf(in, o.Locale)
		if err != nil {
			return "", err
		}
		return FormatNumber(d, f.Number, f.Type, o.Separator, o.Rounding)
	}
	// Text.
	s := in.Text
	switch in.Source {
	case FromNumber:
		if d, err := ExcelNumber(s); err == nil {
			s = d.Text('f')
		}
	case FromDate:
		if t, err := DateFromSerial(s, in.Date1904); err == nil {
			s = t.Format("02/01/2006")
		}
	}
	return CheckText(s, f.Length)
}

func listValue(f *templates.Field, in Input) (string, error) {
	s := in.Text
	switch in.Source {
	case FromBool:
		yes := strings.EqualFold(s, "1") || strings.EqualFold(s, "true")
		var has = map[string]bool{}
		for _, v := range f.List {
			has[v.Code] = true
		}
		if !has["S"] || !has["N"] {
			return "", newError(in.Text, func(l outcome.Lang) string { return l.BoolNotInSet(listText(f.List)) })
		}
		if yes {
			return "S", nil
		}
		return "N", nil
	case FromNumber:
		if d, err := ExcelNumber(s); err == nil {
			s = d.Text('f')
		}
	}
	return MatchList(s, f.List)
}

func numberOf(in Input, loc Locale) (*decimal, error) {
	switch in.Source {
	case FromNumber:
		return ExcelNumber(in.Text)
	case FromDate:
		return nil, newError(in.Text, outcome.Lang.DateCell)
	case FromBool:
		return nil, newError(in.Text, outcome.Lang.BoolCell)
	}
	return ParseDecimal(in.Text, loc)
}

func nbspToSpace(r rune) rune {
	switch r {
	case '\u00a0', '\u202f', '\u2007':
		return ' '
	}
	return r
}
