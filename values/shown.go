package values

import (
	"fmt"
	"iter"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/apd/v3"

	"seniorimporter/outcome"
)

// What a spreadsheet shows of a number cell, by its number format: the leading zeros of a
// code (CEP 01310-100 in Excel's "Especial" format 00000-000, a product 000001 in 000000), the
// literals of a phone (Excel pt-BR's Telefone, [<=99999999]####-####;(##) ####-####, shows
// 4733334444 as (47) 3333-4444), and the time or date of a date cell. A text field takes the
// cell as it is shown, not its stored number.

// section is the first section of a number format code (the one for positive numbers).
func section(code string) string {
	for i := range unquoted(code) {
		if code[i] == ';' {
			return code[:i]
		}
	}
	return code
}

// unquoted yields the places of a format code's characters that are neither quoted ("...")
// nor escaped (\x), nor the quotes and backslashes themselves.
func unquoted(code string) iter.Seq[int] {
	return func(yield func(int) bool) {
		quoted := false
		for i := 0; i < len(code); i++ {
			switch c := code[i]; {
			case c == '"':
				quoted = !quoted
			case quoted:
			case c == '\\':
				i++
			default:
				if !yield(i) {
					return
				}
			}
		}
	}
}

// sections splits a number format code into its sections, at the semicolons outside quotes
// and escapes.
func sections(code string) []string {
	var out []string
	start := 0
	for i := range unquoted(code) {
		if code[i] == ';' {
			out = append(out, code[start:i])
			start = i + 1
		}
	}
	return append(out, code[start:])
}

// condition is a section's condition, [<=99999999]: op is "" for a section without one.
type condition struct {
	op string // <, <=, >, >=, =, <>
	n  int64
}

// conditionOf reads what is between a condition's brackets: an operator and a whole number
// (of at most 18 digits, a sign allowed); ok is false for anything else.
func conditionOf(inner string) (condition, bool) {
	var c condition
	for _, op := range []string{"<=", ">=", "<>", "<", ">", "="} {
		if strings.HasPrefix(inner, op) {
			c.op = op
			break
		}
	}
	num := strings.TrimPrefix(inner[len(c.op):], "-")
	if c.op == "" || num == "" || len(num) > 18 || strings.Trim(num, "0123456789") != "" {
		return condition{}, false
	}
	n, err := strconv.ParseInt(inner[len(c.op):], 10, 64)
	if err != nil {
		return condition{}, false
	}
	c.n = n
	return c, true
}

// holds reports v meets the condition; a section without one takes every value.
func (c condition) holds(v int64) bool {
	switch c.op {
	case "<":
		return v < c.n
	case "<=":
		return v <= c.n
	case ">":
		return v > c.n
	case ">=":
		return v >= c.n
	case "=":
		return v == c.n
	case "<>":
		return v != c.n
	}
	return true
}

// hasCondition reports a section that holds a bracket beginning as a condition does ([<, [>,
// [=), well written or not.
func hasCondition(s string) bool {
	for i := range unquoted(s) {
		if s[i] == '[' && i+1 < len(s) && strings.IndexByte("<>=", s[i+1]) >= 0 {
			return true
		}
	}
	return false
}

// placed is one section of a format that shows a whole number with its digits in
// placeholders and literal text between them (see placedSection).
type placed struct {
	parts  []part
	places int // the placeholders
	cond   condition
}

// part is a placeholder ('0' or '#') or, place 0, a literal (which may be a 0 or a #: \0).
type part struct {
	place byte
	lit   string
}

// placedSection reads one section of a format that shows a whole number with its digits in
// placeholders and literal text between them: 000000, 00000\-000 (CEP), 000\.000\.000\-00
// (CPF), 00\.000\.000\/0000\-00 (CNPJ), "BR-"0000, (##) ####-####, with at most one
// condition ([<=99999999]); a locale ([$-416]) or a colour ([Red]) changes nothing shown. ok
// is false for any other section (decimals, grouping, fractions, exponents, percent, text,
// ?, padding, a currency symbol) and one without a placeholder.
func placedSection(code string) (sec placed, ok bool) {
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			sec.parts = append(sec.parts, part{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '0', '#':
			flush()
			sec.parts = append(sec.parts, part{place: c})
			sec.places++
		case '\\':
			if i+1 >= len(code) {
				return placed{}, false
			}
			lit.WriteByte(code[i+1])
			i++
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return placed{}, false
			}
			lit.WriteString(code[i+1 : i+1+j])
			i += j + 1
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return placed{}, false
			}
			inner := strings.ToLower(code[i+1 : i+j])
			switch {
			case strings.HasPrefix(inner, "$-") || colour(inner):
			case inner != "" && strings.IndexByte("<>=", inner[0]) >= 0:
				cond, ok := conditionOf(inner)
				if !ok || sec.cond.op != "" {
					return placed{}, false
				}
				sec.cond = cond
			default:
				return placed{}, false
			}
			i += j
		case ' ', '-', '(', ')', ':', '+':
			lit.WriteByte(c)
		default:
			return placed{}, false
		}
	}
	flush()
	return sec, sec.places > 0
}

func colour(s string) bool {
	switch s {
	case "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow":
		return true
	}
	return strings.HasPrefix(s, "color")
}

// sectionFor is the section of a format of placeholders (see placedSection) that shows the
// whole number v ≥ 0, as Excel picks it. Without conditions: the first section, but the
// third for 0 in a format of three or four. With conditions (Excel pt-BR's Telefone,
// [<=99999999]####-####;(##) ####-####): at most two sections, the first with a condition;
// the first where its condition holds, else the second where its own holds or it has none.
// ok is false for any other format, or where no section takes v.
func sectionFor(code string, v int64) (placed, bool) {
	secs := sections(code)
	if len(secs) > 4 {
		return placed{}, false
	}
	conditional := false
	for _, s := range secs {
		conditional = conditional || hasCondition(s)
	}
	if !conditional {
		i := 0
		if v == 0 && len(secs) >= 3 {
			i = 2
		}
		return placedSection(secs[i])
	}
	if len(secs) > 2 {
		return placed{}, false
	}
	first, ok := placedSection(secs[0])
	if !ok || first.cond.op == "" {
		return placed{}, false
	}
	if len(secs) == 1 {
		return first, first.cond.holds(v)
	}
	second, ok := placedSection(secs[1])
	switch {
	case !ok:
		return placed{}, false
	case first.cond.holds(v):
		return first, true
	case second.cond.holds(v):
		return second, true
	}
	return placed{}, false
}

// breaks are the whole numbers ≥ 1 to try a format's sections at: 1, the largest of 15
// digits, and each condition's number and its neighbours, where what a condition says can
// change.
func breaks(code string) []int64 {
	const most = 999_999_999_999_999
	out := []int64{1, most}
	for _, s := range sections(code) {
		if sec, ok := placedSection(s); ok && sec.cond.op != "" {
			for _, v := range []int64{sec.cond.n - 1, sec.cond.n, sec.cond.n + 1} {
				out = append(out, min(max(v, 1), most))
			}
		}
	}
	return out
}

// PadsZeros reports a number format that shows leading zeros (000000, 00000\-000, and
// [<=99999999]0000-0000;(00) 0000-0000, whose both sections do): every whole number above
// zero is shown by a section of at least two zeros, the first placeholder one of them (see
// padsLeft), so a number cell of such a format is a code shown whole, not one whose zeros
// Excel dropped. A format of # placeholders, (##) ####-####, shows no zeros a number has
// not, nor one whose first is a #: ###\.###\.###\-00.
func PadsZeros(code string) bool {
	if !mayPlace(code) {
		return false
	}
	for _, v := range breaks(code) {
		sec, ok := sectionFor(code, v)
		if !ok || !padsLeft(sec.parts) {
			return false
		}
	}
	return true
}

// placedFormats caches, per format code, whether any of its sections puts a whole number
// into placeholders (placedSection): the cells of a column share a handful of formats, and
// reading one anew for each number cell (with the number itself, as a decimal) made
// validating a million-row workbook some 15% slower. At most maxPlacedFormats are kept (a
// hostile workbook may declare many); past them each is read anew.
var (
	placedFormats    sync.Map // string → bool
	placedCount      atomic.Int64
	maxPlacedFormats = int64(4096)
)

// mayPlace reports whether some section of code puts a whole number into placeholders: when
// none does, no number is shown padded by it.
func mayPlace(code string) bool {
	if code == "" {
		return false
	}
	if v, ok := placedFormats.Load(code); ok {
		return v.(bool)
	}
	may := false
	for _, sec := range sections(code) {
		if _, ok := placedSection(sec); ok {
			may = true
			break
		}
	}
	if placedCount.Load() < maxPlacedFormats {
		if _, loaded := placedFormats.LoadOrStore(code, may); !loaded {
			placedCount.Add(1)
		}
	}
	return may
}

// padsLeft reports a section that shows a short number with zeros in front: its first
// placeholder a 0, and at least two of them. One whose first is a # (###\.###\.###\-00, a CPF
// showing only its check digits always) shows 04482247025 stored as 4482247025 as
// 44.822.470-25: the zero Excel dropped is not shown.
func padsLeft(parts []part) bool {
	for _, p := range parts {
		if p.place != 0 {
			return p.place == '0' && zeros(parts) >= 2
		}
	}
	return false
}

func zeros(parts []part) int {
	n := 0
	for _, p := range parts {
		if p.place == '0' {
			n++
		}
	}
	return n
}

// ZeroPadded is a number cell's value to send as the sheet shows it, where its format shows
// more than the number's digits (its name is from when only zeros did): a code with its
// zeros in front (1310100 in 00000\-000 is "01310-100", 1 in 000000 "000001"), a phone with
// its literals (4733334444 in (##) ####-#### or [<=99999999]####-####;(##) ####-####, Excel
// pt-BR's Telefone, is "(47) 3333-4444"). ok is false where PaddedText is, where the format
// shows no digit of the number (0 in (##) ####-####, "() -", goes as 0) and where it shows
// the bare digits (1234 in 0000, or in #).
func ZeroPadded(raw, code string) (string, bool) {
	s, _, ok := shownWhole(raw, code)
	return s, ok
}

// shownWhole is ZeroPadded, and whether the section that shows the number pads it with zeros
// (a number that lost its zeros in Excel shows them).
func shownWhole(raw, code string) (s string, pads bool, ok bool) {
	if !mayPlace(code) {
		return "", false, false
	}
	digits, v, ok := whole(raw)
	if !ok {
		return "", false, false
	}
	sec, ok := sectionFor(code, v)
	if !ok {
		return "", false, false
	}
	s, shown, ok := fill(digits, sec)
	bare := digits
	if bare == "" {
		bare = "0"
	}
	if !ok || shown == 0 || s == bare {
		return "", false, false
	}
	return s, padsLeft(sec.parts), true
}

// PaddedText is a number cell's value as its format shows it when the format puts a whole
// number into placeholders (see placedSection and sectionFor): 1310100 in 00000\-000 is
// "01310-100", 12345678 in (##) ####-#### is "() 1234-5678" and 0 in ### is "". Digits
// beyond the placeholders go before the first, as Excel shows them: 47333344445 in
// (##) ####-#### is "(473) 3334-4445". ok is false for any other format, a value that is not
// a whole number of at most 15 digits, not negative, and a # left empty to the right of a 0
// (0#0: whether Excel shows 5 as 05 or 005 is not settled here).
func PaddedText(raw, code string) (string, bool) {
	if !mayPlace(code) {
		return "", false
	}
	digits, v, ok := whole(raw)
	if !ok {
		return "", false
	}
	sec, ok := sectionFor(code, v)
	if !ok {
		return "", false
	}
	s, _, ok := fill(digits, sec)
	return s, ok
}

// whole reads a number cell's value as a whole number of at most 15 digits, not negative: its
// digits ("" for zero, which a # does not show) and its value.
func whole(raw string) (digits string, v int64, ok bool) {
	d, err := ExcelNumber(raw)
	if err != nil || d.Negative || d.Exponent < 0 || d.NumDigits()+int64(d.Exponent) > 15 {
		return "", 0, false
	}
	if d.IsZero() {
		return "", 0, true
	}
	digits = d.Text('f')
	v, err = strconv.ParseInt(digits, 10, 64)
	return digits, v, err == nil
}

// fill puts a whole number's digits into a section's placeholders, from the last one back:
// a placeholder takes the digit in its place, the first every digit left; one without a
// digit shows 0 if a 0, nothing if a #. shown counts the digits the placeholders show. ok is
// false for a # without a digit that has a 0 before it.
func fill(digits string, sec placed) (s string, shown int, ok bool) {
	var out []string
	k, places := len(digits), sec.places
	zerosLeft := zeros(sec.parts) // the 0 placeholders before this one
	for i := len(sec.parts) - 1; i >= 0; i-- {
		p := sec.parts[i]
		if p.place == 0 {
			out = append(out, p.lit)
			continue
		}
		places--
		if p.place == '0' {
			zerosLeft--
		}
		switch {
		case places == 0 && k > 0: // the first placeholder takes every digit left
			out = append(out, digits[:k])
			shown += k
			k = 0
		case k > 0:
			out = append(out, digits[k-1:k])
			shown++
			k--
		case p.place == '0':
			out = append(out, "0")
			shown++
		case zerosLeft > 0:
			return "", 0, false
		}
	}
	var b strings.Builder
	for i := len(out) - 1; i >= 0; i-- {
		b.WriteString(out[i])
	}
	return b.String(), shown, true
}

// shows is what a date format shows of a date cell.
type shows struct {
	date, clock, seconds bool
	elapsed              bool // [h]:mm: hours past 24, a duration
}

// showsOf reads a date or time format code's first section: d and y show a date, h, s and
// AM/PM a time (m is the month in a date, minutes beside h or s), [h] a duration.
func showsOf(code string) shows {
	code = strings.ToLower(section(code))
	var s shows
	month := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return s
			}
			inner := code[i+1 : i+j]
			if inner != "" && strings.Trim(inner, inner[:1]) == "" && strings.Contains("hms", inner[:1]) {
				s.clock, s.elapsed = true, true
				s.seconds = s.seconds || inner[0] == 's'
			}
			i += j
		case 'd', 'y':
			s.date = true
		case 'h':
			s.clock = true
		case 's':
			s.clock, s.seconds = true, true
		case 'm':
			month = true
		case 'a':
			if strings.HasPrefix(code[i:], "am/pm") || strings.HasPrefix(code[i:], "a/p") {
				s.clock = true
			}
		}
	}
	if month && !s.clock {
		s.date = true
	}
	return s
}

// PartialDate reports a date format that shows a date without its day of the month, its
// month or its year (d-mmm, mmm-yy, dd/mm, yyyy, dddd), the first section read: Excel's own
// format for what it made a date of as it was typed (1/2 or 1-2 in Excel pt-BR is 01/fev,
// d-mmm; 2/26 is fev-26, mmm-yy). A duration ([h]:mm) or a time is none. An m or mm is
// minutes, as Excel reads it, where the code's token before it is an h or the one after it
// an s (whatever stands between: "h:mm", "mm:ss", "hh\hmm"), and the month elsewhere: so
// "dd/mm/yyyy hh" (hours alone, or Brazil's 14h, hh"h") shows a whole date.
func PartialDate(code string) bool {
	code = strings.ToLower(section(code))
	type token struct {
		c byte // d, m, y, h, s, or a for AM/PM
		n int  // the run's length
	}
	var toks []token
	for i := 0; i < len(code); {
		c := code[i]
		switch {
		case c == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 2
			continue
		case c == '\\' || c == '_' || c == '*':
			i += 2
			continue
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			if inner := code[i+1 : i+j]; inner != "" && strings.Trim(inner, inner[:1]) == "" && strings.Contains("hms", inner[:1]) {
				return false // a duration
			}
			i += j + 1
			continue
		case strings.HasPrefix(code[i:], "am/pm"):
			toks = append(toks, token{'a', 1})
			i += len("am/pm")
			continue
		case strings.HasPrefix(code[i:], "a/p"):
			toks = append(toks, token{'a', 1})
			i += len("a/p")
			continue
		case strings.IndexByte("dmyhs", c) >= 0:
			j := i
			for j < len(code) && code[j] == c {
				j++
			}
			toks = append(toks, token{c, j - i})
			i = j
			continue
		}
		i++
	}
	var day, weekday, month, year bool
	for k, t := range toks {
		switch t.c {
		case 'd':
			day = day || t.n <= 2 // ddd and dddd are the weekday's name
			weekday = weekday || t.n > 2
		case 'y':
			year = true
		case 'm':
			minutes := t.n <= 2 && (k > 0 && toks[k-1].c == 'h' || k+1 < len(toks) && toks[k+1].c == 's')
			month = month || !minutes
		}
	}
	if !day && !weekday && !month && !year {
		return false // a time, or no date at all
	}
	return !day || !month || !year
}

// DateText is a date cell's value as the sheet shows it, for a text field or a report: the
// date DD/MM/YYYY, the time HH:MM (HH:MM:SS where the format shows seconds; hours past 24
// for a duration, [h]:mm), or both, as its format shows them (by its value where the format
// says neither: a serial under 1 is a time alone, a whole one a date alone).
func DateText(raw, code string, date1904 bool) (string, error) {
	t, err := DateFromSerial(raw, date1904)
	if err != nil {
		return "", err
	}
	s := showsOf(code)
	if !s.date && !s.clock {
		s.date = !timeAlone(t, date1904)
		s.clock = t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || !s.date
		s.seconds = t.Second() != 0
	}
	clock := "15:04"
	if s.seconds {
		clock = "15:04:05"
	}
	switch {
	case s.elapsed:
		secs, ok := serialSeconds(raw)
		if !ok {
			return "", newError(raw, outcome.Lang.NotSerial)
		}
		if s.seconds {
			return fmt.Sprintf("%d:%02d:%02d", secs/3600, secs/60%60, secs%60), nil
		}
		return fmt.Sprintf("%d:%02d", secs/3600, secs/60%60), nil
	case s.date && s.clock:
		return t.Format("02/01/2006 " + clock), nil
	case s.clock:
		return t.Format(clock), nil
	}
	return t.Format("02/01/2006"), nil
}

// timeAlone reports a serial under 1, a time of day with no date: 30/12/1899 in the 1900
// system, 01/01/1904 in the 1904 one.
func timeAlone(t time.Time, date1904 bool) bool {
	if date1904 {
		return t.Before(time.Date(1904, 1, 2, 0, 0, 0, 0, time.UTC))
	}
	return t.Year() < 1900
}

// serialSeconds is a serial as a number of seconds, rounded (a duration's).
func serialSeconds(raw string) (int64, bool) {
	d, _, err := apd.NewFromString(strings.TrimSpace(raw))
	if err != nil || d.Form != apd.Finite || d.Negative {
		return 0, false
	}
	var secs apd.Decimal
	c := *arith
	c.Rounding = apd.RoundHalfUp
	if _, err := c.Mul(&secs, d, apd.New(86400, 0)); err != nil {
		return 0, false
	}
	if _, err := c.RoundToIntegralValue(&secs, &secs); err != nil {
		return 0, false
	}
	n, err := secs.Int64()
	return n, err == nil
}
