package values

import (
	"fmt"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"

	"seniorimporter/outcome"
)

// What a spreadsheet shows of a number cell, by its number format: the leading zeros of a
// code (CEP 01310-100 in Excel's "Especial" format 00000-000, a product 000001 in 000000),
// and the time or date of a date cell. A text field takes the cell as it is shown, not its
// stored number.

// section is the first section of a number format code (the one for positive numbers).
func section(code string) string {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == ';':
			return code[:i]
		}
	}
	return code
}

// padded reads a format that shows a whole number with its digits in placeholders and
// literal text between them: 000000, 00000\-000 (CEP), 000\.000\.000\-00 (CPF),
// 00\.000\.000\/0000\-00 (CNPJ), "BR-"0000. It returns the format's parts, each a placeholder
// ('0' or '#') or a literal, and the number of placeholders; ok is false for any other format
// (decimals, grouping, fractions, exponents, text, conditions, padding).
func padded(code string) (parts []string, places int, ok bool) {
	code = section(code)
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, lit.String())
			lit.Reset()
		}
	}
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '0', '#':
			flush()
			parts = append(parts, code[i:i+1])
			places++
		case '\\':
			if i+1 >= len(code) {
				return nil, 0, false
			}
			lit.WriteByte(code[i+1])
			i++
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				return nil, 0, false
			}
			lit.WriteString(code[i+1 : i+1+j])
			i += j + 1
		case '[':
			// A locale ([$-416]) or a colour ([Red]) changes nothing shown here; a
			// condition or a currency symbol does.
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return nil, 0, false
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if !strings.HasPrefix(inner, "$-") && !colour(inner) {
				return nil, 0, false
			}
			i += j
		case ' ', '-', '(', ')', ':', '+':
			lit.WriteByte(c)
		default:
			return nil, 0, false
		}
	}
	flush()
	return parts, places, places > 0
}

func colour(s string) bool {
	switch s {
	case "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow":
		return true
	}
	return strings.HasPrefix(s, "color")
}

// PadsZeros reports a number format that shows leading zeros (000000, 00000\-000): a number
// cell of such a format is a code shown whole, not one whose zeros Excel dropped.
func PadsZeros(code string) bool {
	parts, _, ok := padded(code)
	return ok && zeros(parts) > 1
}

func zeros(parts []string) int {
	n := 0
	for _, p := range parts {
		if p == "0" {
			n++
		}
	}
	return n
}

// ZeroPadded is PaddedText for a format that PadsZeros only: a code as the sheet shows it,
// its zeros in front.
func ZeroPadded(raw, code string) (string, bool) {
	parts, places, ok := padded(code)
	if !ok || zeros(parts) < 2 {
		return "", false
	}
	return fill(raw, parts, places)
}

// PaddedText is a number cell's value as its format shows it when the format puts a whole
// number into placeholders (see padded): 1310100 in 00000\-000 is "01310-100". Digits beyond
// the placeholders go before the first, as Excel shows them. ok is false for any other format,
// or a value that is not a whole number of at most 15 digits, not negative.
func PaddedText(raw, code string) (string, bool) {
	parts, places, ok := padded(code)
	if !ok {
		return "", false
	}
	return fill(raw, parts, places)
}

// fill puts raw's digits into the placeholders of a format read by padded.
func fill(raw string, parts []string, places int) (string, bool) {
	d, err := ExcelNumber(raw)
	if err != nil || d.Negative || d.Exponent < 0 || d.NumDigits()+int64(d.Exponent) > 15 {
		return "", false
	}
	digits := d.Text('f')
	if d.IsZero() {
		digits = "" // 0 in ##0 is "0", in ### nothing: the placeholders say
	}
	var out []string
	k := len(digits)
	for i := len(parts) - 1; i >= 0; i-- {
		p := parts[i]
		if p != "0" && p != "#" {
			out = append(out, p)
			continue
		}
		places--
		switch {
		case places == 0 && k > 0: // the first placeholder takes every digit left
			out = append(out, digits[:k])
			k = 0
		case k > 0:
			out = append(out, digits[k-1:k])
			k--
		case p == "0":
			out = append(out, "0")
		}
	}
	var b strings.Builder
	for i := len(out) - 1; i >= 0; i-- {
		b.WriteString(out[i])
	}
	return b.String(), true
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
