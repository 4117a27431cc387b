// Package values turns what a user typed (or what a spreadsheet stored) into the exact text
// Senior reads, or into a typed error that says why it cannot be sent.
//
// The rules follow Senior's documentation (see ../shared/seeds and DESIGN.md):
//
//   - Decimals are exact (cockroachdb/apd, never float64). Text is read by locale: pt-BR (the
//     default) has a decimal comma and a point that groups thousands in threes, so "1.234" is
//     1234 and "12.50" is an error naming the locale; en-US has a decimal point and a comma
//     that groups thousands. "R$" (an error in a code, a percentage or a quantity), "%"
//     (the number is kept as written: "12,5%" is 12.5; an amount of money, a code or a count
//     with a % is an error),
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
	"unicode"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
	"golang.org/x/text/unicode/norm"

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
	// Percent is true for a numeric cell whose number format shows a percentage: it holds a
	// fraction of one (0.05 shown as 5%), so a numeric field's value is the number × 100, as
	// the text "5%" would be.
	Percent bool
	// Format is the cell's number format code ("0.00%") when known; it only tells messages what
	// the cell shows.
	Format string
}

// Options are the per-run (or per-column) reading and writing choices.
type Options struct {
	Locale    Locale    // default pt-BR
	Rounding  Rounding  // default reject
	Separator Separator // default: Senior's rule
	Pivot     int       // two-digit years below it are 20yy, others 19yy; default DefaultPivot (30)
	// Strip keeps only the letters and digits of a text field's value (12.345.678/0001-95 is
	// sent 12345678000195), for servers that store codes without punctuation.
	Strip bool
}

// Error is a value Senior would misread or refuse.
type Error struct {
	Field  string // the field's path, filled by Normalise
	Input  string // the value as given
	reason func(outcome.Lang) string
	// written: the locale a number refused as not the run's seems written in ("" for other
	// errors), whose reading the message suggests
	written Locale
	// asText: the value came from a number cell and is to be typed again as text (its leading
	// zeros dropped, its digits past the 15th lost): the message says to format the column as
	// text (AsText).
	asText bool
}

// AsText tells an error whose message asks for the value to be typed again in a cell
// formatted as text: a number cell that lost a code's leading zeros (a CEP, a CNPJ) or the
// digits past its 15th. Typed again in a cell of another format, it is a number again.
func AsText(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.asText
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
	out, err := normalise(f, visible(in), o)
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
	o.Locale = o.Locale.OrDefault()
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
		if v, ok := plainInteger(f, in); ok {
			return v, nil
		}
		if in.Source == FromNumber {
			if shown, long := longCell(in.Text); long {
				e := newError(in.Text, func(l outcome.Lang) string { return l.LongNumberCell(shown) })
				e.asText = true
				return "", e
			}
		}
		if in.Source == FromText && excelScientific(in.Text) {
			return "", newError(in.Text, outcome.Lang.ExcelScientific)
		}
		// An amount of money written as a percent ("12,5%", or a cell formatted 0,0%) is a
		// value in the wrong column, not 12.50 reais.
		percent := (in.Source == FromText && strings.Contains(in.Text, "%")) || (in.Source == FromNumber && in.Percent)
		if percent && (f.Money() || moneyName(f)) {
			return "", newError(in.Text, outcome.Lang.MoneyPercent)
		}
		// And the other way round: "R$ 5" in a percentage, a quantity or a code is an amount
		// of money in the wrong column, not 5 %, 5 units or client 5.
		if in.Source == FromText && strings.Contains(in.Text, "R$") && noMoney(f) {
			return "", newError(in.Text, outcome.Lang.CurrencyNotMoney)
		}
		// A percentage in a code or a count ("5%" in codCli, a cell shown 5%) is not client 5.
		if percent && codeOrCount(f) {
			return "", newError(in.Text, outcome.Lang.PercentNotCode)
		}
		d, err := numberOf(in, o.Locale)
		if err != nil {
			return "", wholeSuggestion(f, in, o.Locale, err)
		}
		if !in.Percent || in.Source != FromNumber {
			return FormatNumber(d, f.Number, f.Type, o.Separator, o.Rounding)
		}
		return percentNumber(f, d, in, o)
	}
	// Text.
	s := in.Text
	if in.Source == FromText && excelScientific(s) {
		return "", newError(in.Text, outcome.Lang.ExcelScientific)
	}
	zerosShown := false
	switch in.Source {
	case FromNumber:
		if shown, long := longCell(s); long {
			e := newError(in.Text, func(l outcome.Lang) string { return l.LongNumberCell(shown) })
			e.asText = true
			return "", e
		}
		if p, pads, ok := shownWhole(s, in.Format); ok {
			// A code in a format that shows its zeros (000000, CEP 00000-000), a phone in
			// one of literals ((##) ####-####): as shown.
			s, zerosShown = p, pads
		} else if d, err := ExcelNumber(s); err == nil {
			// Senior's rule for a number in a String field: a comma (1,5, as a pt-BR sheet
			// shows it and a CSV saved from it says), never 1.5, which the same field would
			// hold for a text cell written 1,5; the decimals it has, no grouping.
			s = d.Text('f')
			if o.Separator != SepPoint { // FormatNumber's rule for a String field, without its arithmetic
				s = strings.Replace(s, ".", ",", 1)
			}
			if in.Percent { // a cell shown 15,00%: its text is the percentage, not 0.15
				var pct decimal
				if _, err := arith.Mul(&pct, d, apd.New(100, 0)); err == nil {
					arith.Reduce(&pct, &pct)
					shown := &pct
					if n, ok := percentDecimals(in.Format); ok {
						shown = roundTo(shown, n)
					}
					s = FormatDecimal(shown, o.Locale.OrDefault(), false) + "%"
				}
			}
		}
	case FromBool:
		// TRUE went (an auditor's CompromissosSolicitaAceite): the sheet shows VERDADEIRO
		// in Portuguese, and what the field takes for yes is not documented.
		return "", newError(in.Text, outcome.Lang.BoolInText)
	case FromDate: // as shown: 31/12/2026, 01:30, 31/12/2026 14:00
		if PartialDate(in.Format) {
			// 1/2 typed into an address's number, or 1-2 into a code, and Excel made it
			// 01/fev: what was typed is gone, and 01/02/2026 is no one's meaning.
			format := in.Format
			return "", newError(in.Text, func(l outcome.Lang) string { return l.PartialDateInText(format) })
		}
		if t, err := DateText(s, in.Format, in.Date1904); err == nil {
			s = t
		}
	}
	if mayCompose(s) && !norm.NFC.IsNormalString(s) {
		// An accent typed apart from its letter (e + U+0301, as text copied from a PDF or a
		// Mac's file name brings it) is one character to the user, and two to a length check
		// and to Senior's database: it goes composed, é.
		s = norm.NFC.String(s)
	}
	s, err := CheckText(s, f.Length)
	if err != nil {
		return "", err
	}
	if in.Source == FromText && apostropheNumber(s) {
		// '030: Excel's mark of a text cell, typed into a CSV by hand or kept by a tool that
		// wrote what Excel's formula bar shows (in a workbook's cell, typed twice). In Excel
		// it is no part of the value; sent, it is a code no one has ('030 beside 030).
		bare := s[1:]
		return "", newError(in.Text, func(l outcome.Lang) string { return l.ApostropheNumber(bare) })
	}
	if o.Strip {
		s = strip(s)
	}
	if f.Check == templates.CheckCNPJ {
		// The letters of an alphanumeric CNPJ are capitals: its check digits count them so.
		s = strings.ToUpper(s)
	}
	if err := checkText(f.Check, s, in.Source == FromNumber && !zerosShown); err != nil {
		return "", err
	}
	return s, nil
}

// apostropheNumber tells a text of an apostrophe and then digits, perhaps with the points,
// dashes and slashes of a CNPJ, a CEP or a date ('030, '12.345.678/0001-95).
func apostropheNumber(s string) bool {
	if len(s) < 2 || s[0] != '\'' || s[1] < '0' || s[1] > '9' {
		return false
	}
	return strings.Trim(s[1:], "0123456789./-") == ""
}

// noMoney tells a number field that by Senior's names holds no amount of money: a code or a
// count (an Integer, or no decimals), a percentage (per…, ali…: alíquota) or a quantity
// (qtd…). Other fields that are not Money (a --catalogue port's "valor") may be money
// named otherwise.
func noMoney(f *templates.Field) bool {
	switch {
	case f.Money() || moneyName(f):
		return false
	case wholeNumbers(f):
		return true
	}
	return ratioOrQuantity(f)
}

// ratioOrQuantity tells a field named as Senior names a percentage (per…), a rate (ali…:
// alíquota) or a quantity (qtd…), after a customer field's usu_ as money is (usu_perdsc):
// a customer's percentage took "R$ 5" as 5 %, and its whole one (Number(3)) refused "5%"
// as a code's.
func ratioOrQuantity(f *templates.Field) bool {
	n := strings.TrimPrefix(f.Name, "usu_")
	return strings.HasPrefix(n, "per") || strings.HasPrefix(n, "ali") || strings.HasPrefix(n, "qtd")
}

// wholeSuggestion: a number refused as written in the other locale's way, for a field of
// whole numbers, suggests the whole number it reads as there ("1,234,567" in pt-BR is
// 1234567 in en-US), not the decimal that the last separator would make of it ("escreva
// 1234,567", which the field refuses in turn); other errors are as they were.
func wholeSuggestion(f *templates.Field, in Input, loc Locale, err error) error {
	var e *Error
	if !wholeNumbers(f) || !errors.As(err, &e) || e.written == "" {
		return err
	}
	d, perr := ParseDecimal(in.Text, e.written)
	if perr != nil {
		return err
	}
	if _, _, rerr := arith.Reduce(d, d); rerr != nil || d.Exponent < 0 {
		return err // decimals either way: the message's suggestion stands
	}
	var n decimal
	if _, qerr := arith.Quantize(&n, d, 0); qerr != nil {
		return err
	}
	plain := n.Text('f')
	if loc.OrDefault() == EnUS {
		e.reason = func(l outcome.Lang) string { return l.GroupComma(plain) }
	} else {
		e.reason = func(l outcome.Lang) string { return l.GroupPoint(plain) }
	}
	return e
}

// codeOrCount tells a number field of whole numbers (an Integer, or no decimals) neither
// named as a percentage (per…, ali…) or a quantity (qtd…) nor described as a percentage (a
// --catalogue port's): a code, a key or a count, which a percentage never is.
func codeOrCount(f *templates.Field) bool {
	return wholeNumbers(f) && !f.Money() && !moneyName(f) && !ratioOrQuantity(f) && !strings.Contains(Fold(f.Description), "percent")
}

// wholeNumbers tells a number field of whole numbers: an Integer, or one of no decimals.
func wholeNumbers(f *templates.Field) bool {
	return f.Type == templates.TypeInteger || f.Number != nil && f.Number.Scale == 0
}

// moneyName tells a field named as Senior names money (vlr…, pre…, usu_vlr…) or marked
// money whatever its format: a --catalogue port's amount in whole reais (Number(9)) is not a
// code, and takes "R$ 1.500" as money (a % there is still refused, as money).
func moneyName(f *templates.Field) bool { return f.MoneyName() }

// plainInteger is the wire text of a whole number written as plain digits ("007", a
// numeric cell's "1234") for a field of no decimals, the most frequent number of all (codes,
// keys), without the exact-decimal arithmetic that FormatNumber does for the rest; ok is
// false where that arithmetic has something to say (a sign, a separator, too many digits).
// FuzzPlainInteger holds it to FormatNumber.
func plainInteger(f *templates.Field, in Input) (string, bool) {
	s := in.Text
	if f.Number == nil || f.Number.Scale != 0 || in.Percent || (in.Source != FromText && in.Source != FromNumber) ||
		len(s) == 0 || len(s) > 18 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	s = strings.TrimLeft(s, "0")
	if s == "" {
		s = "0"
	}
	if len(s) > f.Number.Precision || (in.Source == FromNumber && len(s) > 15) { // a cell: 15 digits, as Excel shows it
		return "", false
	}
	return s, true
}

// excelScientific tells a number as Excel shows a long one in a column of General format
// ("4,5997E+13", "1.23457E+15"), which its CSV export writes as shown: the digits past the
// first few are gone, so no field can take it (a CNPJ, a telephone, a code, an amount). A
// digit, a decimal separator, digits, E, a sign and one to three digits: a code such as
// "1E-03" (no decimals) is left alone.
func excelScientific(s string) bool {
	s = strings.TrimLeft(strings.TrimSpace(s), "+-")
	digits := func(i int) int { // the end of the digits from i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i
	}
	if len(s) < 6 || digits(0) != 1 || (s[1] != ',' && s[1] != '.') {
		return false
	}
	i := digits(2)
	if i == 2 || i+2 >= len(s) || (s[i] != 'E' && s[i] != 'e') || (s[i+1] != '+' && s[i+1] != '-') {
		return false
	}
	end := digits(i + 2)
	return end == len(s) && end-(i+2) <= 3
}

func listValue(f *templates.Field, in Input) (string, error) {
	s := in.Text
	switch in.Source {
	case FromBool:
		yes := strings.EqualFold(s, "1") || strings.EqualFold(s, "true")
		if !yesNo(f) {
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
	v, err := MatchList(s, f.List)
	if err != nil && in.Source == FromText && yesNo(f) {
		// A true/false cell as a CSV file saved from a spreadsheet writes it: VERDADEIRO or
		// FALSO (Excel and LibreOffice in Portuguese), TRUE or FALSE; the cell itself is S/N.
		switch strings.ToUpper(strings.TrimSpace(s)) {
		case "VERDADEIRO", "TRUE":
			return "S", nil
		case "FALSO", "FALSE":
			return "N", nil
		}
	}
	return v, err
}

// yesNo: a field whose values are S and N (Sim, Não), which a true/false cell fills.
func yesNo(f *templates.Field) bool {
	var s, n bool
	for _, v := range f.List {
		s, n = s || v.Code == "S", n || v.Code == "N"
	}
	return s && n
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

// percentNumber sends a percent cell's value, stored × 100 (exactly: 0.05 → 5, 0.125 → 12.5);
// when that value fails the field's format, the message says what the cell shows and holds.
func percentNumber(f *templates.Field, stored *decimal, in Input, o Options) (string, error) {
	var v decimal
	if _, err := arith.Mul(&v, stored, apd.New(100, 0)); err != nil {
		return "", newError(in.Text, outcome.Lang.NotNumber)
	}
	if _, _, err := arith.Reduce(&v, &v); err != nil {
		return "", newError(in.Text, outcome.Lang.NotNumber)
	}
	if v.Exponent > 0 {
		if _, err := arith.Quantize(&v, &v, 0); err != nil {
			return "", newError(in.Text, outcome.Lang.NotNumber)
		}
	}
	out, err := FormatNumber(&v, f.Number, f.Type, o.Separator, o.Rounding)
	var e *Error
	if err != nil && errors.As(err, &e) {
		decimals := -1
		if f.Number != nil {
			decimals = f.Number.Scale
		}
		if n, ok := percentDecimals(in.Format); ok {
			decimals = n
		}
		shown := FormatDecimal(roundTo(&v, decimals), o.Locale, true) + "%"
		held := FormatDecimal(stored, o.Locale, false)
		reason := e.reason
		e.reason = func(l outcome.Lang) string { return l.PercentCell(shown, held, reason(l)) }
	}
	return out, err
}

// percentDecimals counts the decimals a percent number format shows ("0.00%" → 2, "0%" → 0):
// the digit placeholders after the point of the first section that holds the %.
func percentDecimals(format string) (int, bool) {
	for _, sec := range strings.Split(format, ";") {
		if !strings.Contains(sec, "%") {
			continue
		}
		n, after, quoted := 0, false, false
		for i := 0; i < len(sec); i++ {
			c := sec[i]
			switch {
			case c == '"':
				quoted = !quoted
			case quoted:
			case c == '\\' || c == '_' || c == '*':
				i++
			case c == '.':
				after = true
			case after && (c == '0' || c == '#' || c == '?'):
				n++
			case c == '%':
				return n, true
			}
		}
	}
	return 0, false
}

// roundTo rounds half away from zero to n decimals, as a spreadsheet shows a number; n < 0
// keeps d as it is.
func roundTo(d *decimal, n int) *decimal {
	if n < 0 {
		return d
	}
	var r decimal
	c := *arith
	c.Rounding = apd.RoundHalfUp
	if _, err := c.Quantize(&r, d, int32(-n)); err != nil {
		return d
	}
	return &r
}

// visible is in with its text's invisible characters dropped. (Not done in normalise itself:
// a parameter assigned there would go to the heap, with every call, for the closures of its
// errors that capture it.)
func visible(in Input) Input {
	in.Text = dropInvisible(in.Text)
	return in
}

// dropInvisible removes Unicode's format characters (category Cf: the zero-width space and
// joiners, left-to-right and right-to-left marks, a byte-order mark, the soft hyphen, the word
// joiner), which text copied from a web page, a PDF or a chat brings into a cell and Excel
// shows not at all. Sent, "QD-100" with a zero-width space after it is a product Senior does
// not have (and its answer does not show why), "3101" with one is no number, and a key with
// one is another record than the row above's. What goes is what the cell shows.
func dropInvisible(s string) string {
	if !hasInvisible(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if templates.Invisible(r) {
			return -1
		}
		return r
	}, s)
}

// hasInvisible is on the path of every value, so it looks at bytes: ASCII and the accented
// letters of Latin-1 (C3 xx: Portuguese's) cannot be one, and of the rest (C2 xx) only the soft
// hyphen is; other characters are decoded and asked.
func hasInvisible(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0xC2 || c == 0xC3: // ASCII, a continuation byte, à to ÿ
		case c == 0xC2:
			if i+1 < len(s) && s[i+1] == 0xAD {
				return true
			}
		default:
			if r, _ := utf8.DecodeRuneInString(s[i:]); templates.Invisible(r) {
				return true
			}
		}
	}
	return false
}

// Composed is b in NFC, and whether that changed it: text values go composed (Normalise), and
// what an earlier version of the importer sent and kept (a journal's values) may not have.
func Composed(b []byte) ([]byte, bool) {
	if !mayCompose(string(b)) || norm.NFC.IsNormal(b) {
		return b, false
	}
	return norm.NFC.Bytes(b), true
}

// mayCompose tells a text NFC may change: one with a character from U+0300 on (combining
// marks begin there; every character below is its own composed form). It looks at bytes, as
// every text value passes here: Portuguese's accented letters (C3 xx) are below; the check
// that decodes cost 5% of a validate.
func mayCompose(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xCC {
			return true
		}
	}
	return false
}

// Blank tells a text that shows nothing: spaces (a no-break space too) and characters no one
// sees (dropInvisible), or nothing at all. A cell holding only a zero-width space is as empty
// as one holding a space.
func Blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !templates.Invisible(r) {
			return false
		}
	}
	return true
}

func nbspToSpace(r rune) rune {
	switch r {
	case '\u00a0', '\u202f', '\u2007':
		return ' '
	}
	return r
}
