package values

import (
	"fmt"
	"math/bits"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"

	"seniorimporter/outcome"
)

var (
	reDMY = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([AaPp])\.?\s*[Mm]\.?)?)?$`)
	reISO = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$`)
	// 2026/12/31: year first, as no one writes a day or a month.
	reYMD = regexp.MustCompile(`^(\d{4})([/.])(\d{1,2})([/.])(\d{1,2})$`)
	// A month by its name, as Excel's date formats show it and a CSV file saved from them
	// holds it: 31/dez/2026, 31-dez-26, 31 dez. 2026, 31 de dezembro de 2026 and "quinta-feira,
	// 31 de dezembro de 2026"; English abbreviations too (31-Dec-2026).
	reNamedMonth = regexp.MustCompile(`^(?:([\pL-]+),\s*)?(\d{1,2})º?(?:\s*([/.-])\s*|\s+(?:de\s+)?)(\pL+)\.?(?:\s*([/.-])\s*|\s+(?:de\s+)?)(\d{4}|\d{2})$`)
	// 09:30, 9h30, 09:30:00; and as people write an hour in Portuguese, 9h, 09h, 9:30h.
	reTime = regexp.MustCompile(`^(\d{1,2})(?:[:hH](\d{1,2})(?::(\d{1,2})(?:[.,]\d+)?)?[hH]?|[hH])$`)
)

// DefaultPivot is the first two-digit year read as 19yy: Excel's and LibreOffice's default.
const DefaultPivot = 30

// ParseDate reads a date written as text: DD/MM/YYYY, D/M/YY, DD-MM-YYYY, DD.MM.YYYY (each
// optionally followed by a time), YYYY-MM-DD and ISO date-times. A time zone is ignored: the
// date is the one written. Two-digit years below pivot are 20yy, others 19yy (pivot 0 = 30:
// 00-29 are 2000-2029 and 30-99 1930-1999, as Excel and LibreOffice read them, so that a
// file they saved with two-digit years means what they showed).
func ParseDate(s string, pivot int) (time.Time, error) {
	orig := s
	s = strings.TrimSpace(strings.Map(nbspToSpace, s))
	if pivot <= 0 {
		pivot = DefaultPivot
	}
	var y, m, d, hh, mm, ss int
	dmy := false
	// "qui 31/12/2026", "sexta-feira, 01/01/2027": a date format with the day of the week
	// (Excel's and LibreOffice's DDD and DDDD), as a CSV file saved from it holds the date.
	wd, hasWeekday := time.Weekday(0), false
	if g := reWeekdayFirst.FindStringSubmatch(s); g != nil {
		if wd, hasWeekday = weekdayNamed(g[1]); hasWeekday {
			s = g[2]
		}
	}
	if g := reDMY.FindStringSubmatch(s); g != nil && g[2] == g[4] {
		dmy = true
		d, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[3])
		y = fullYear(g[5], pivot)
		hh, mm, ss = atoi(g[6]), atoi(g[7]), atoi(g[8])
		if g[9] != "" { // 31/12/2026 2:30 PM
			var ok bool
			if hh, ok = hour24(hh, g[9]); !ok {
				return time.Time{}, newError(orig, outcome.Lang.NoSuchDate)
			}
		}
	} else if g := reISO.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
		d, _ = strconv.Atoi(g[3])
		hh, mm, ss = atoi(g[4]), atoi(g[5]), atoi(g[6])
	} else if g := reYMD.FindStringSubmatch(s); g != nil && g[2] == g[4] {
		y, m, d = atoi(g[1]), atoi(g[3]), atoi(g[5])
	} else if nd, ok := namedMonth(s, pivot); ok {
		if nd.weekday != "" {
			t := time.Date(nd.y, time.Month(nd.m), nd.d, 0, 0, 0, 0, time.UTC)
			if t.Day() == nd.d && weekdays[t.Weekday()] != nd.weekday {
				return time.Time{}, newError(orig, func(l outcome.Lang) string { return l.WrongWeekday(t.Weekday()) })
			}
		}
		y, m, d = nd.y, nd.m, nd.d
	} else {
		return time.Time{}, newError(orig, outcome.Lang.NotDate)
	}
	t := time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d || hh > 23 || mm > 59 || ss > 59 {
		if dmy && m > 12 && m <= 31 && d >= 1 && d <= 12 && time.Date(y, time.Month(d), m, 0, 0, 0, 0, time.UTC).Day() == m {
			return time.Time{}, newError(orig, outcome.Lang.MonthDayDate)
		}
		return time.Time{}, newError(orig, outcome.Lang.NoSuchDate)
	}
	if y < 1900 || y > 9999 {
		return time.Time{}, newError(orig, outcome.Lang.DateRange)
	}
	if hasWeekday && t.Weekday() != wd {
		return time.Time{}, newError(orig, func(l outcome.Lang) string { return l.WrongWeekday(t.Weekday()) })
	}
	return t, nil
}

// reWeekdayFirst: a word (the day of the week: qui, qui., quinta, quinta-feira) then a comma
// or a space, before a date that starts with its digits.
var reWeekdayFirst = regexp.MustCompile(`^([\pL]+(?:-feira)?)\.?,?\s+(\d.*)$`)

// weekdayNamed is the day of the week a word names in Portuguese: its three letters as Excel
// and LibreOffice abbreviate it (dom, seg, ter, qua, qui, sex, sáb), its name with or without
// "-feira"; ok is false for any other word.
func weekdayNamed(w string) (time.Weekday, bool) {
	f := Fold(w)
	for i, name := range weekdays {
		if f == name || f == strings.TrimSuffix(name, "-feira") || f == name[:3] {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// DayMonth reads the first two numbers of a date written D/M/Y (one or two digits each, the
// same separator, / . or -, after both, a year's digit next), as ParseDate takes them: day and
// month. ok is false for any other start. It only looks: the date may still be no date.
func DayMonth(s string) (day, month int, ok bool) {
	s = strings.TrimLeft(s, " \u00a0")
	num := func() (int, bool) {
		n, k := 0, 0
		for k < len(s) && k < 2 && s[k] >= '0' && s[k] <= '9' {
			n = n*10 + int(s[k]-'0')
			k++
		}
		s = s[k:]
		return n, k > 0
	}
	d, ok1 := num()
	if !ok1 || s == "" || !strings.ContainsRune("/.-", rune(s[0])) {
		return 0, 0, false
	}
	sep := s[0]
	s = s[1:]
	m, ok2 := num()
	if !ok2 || len(s) < 2 || s[0] != sep || s[1] < '0' || s[1] > '9' {
		return 0, 0, false
	}
	return d, m, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// DateFromSerial turns a spreadsheet date serial (its raw stored text) into a time.
// In the 1900 system serial 1 is 01/01/1900 and serial 60 is Excel's phantom 29/02/1900,
// which is an error; serial 0 (a time of day alone) is 30/12/1899 plus the fraction. In the
// 1904 system serial 0 is 01/01/1904. The fraction is the time of day, rounded to the second;
// the day is the one Excel shows, which the rounding never changes (see below).
func DateFromSerial(raw string, date1904 bool) (time.Time, error) {
	n, sec, err := serialDay(raw)
	if err != nil {
		return time.Time{}, err
	}
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case n == 60:
		return time.Time{}, newError(raw, outcome.Lang.SerialBug)
	case n == 0 || n > 60:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	default: // 1..59: Excel counts from 31/12/1899
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	t := base.AddDate(0, 0, int(n)).Add(time.Duration(sec) * time.Second)
	if t.Year() > 9999 { // the 1904 system's last serials
		return time.Time{}, newError(raw, outcome.Lang.DateRange)
	}
	return t, nil
}

// serialDay is a date serial's day (its whole part) and second of the day (its fraction,
// rounded as below). A whole serial, a date cell with no time (most of them), is read as the
// integer it is: through exact decimals, a 1,000,000-row workbook's two date columns took a
// fifth of validate's time.
func serialDay(raw string) (n, sec int64, err error) {
	s := strings.TrimSpace(raw)
	if len(s) > 0 && len(s) <= 7 && strings.Trim(s, "0123456789") == "" {
		if n, _ = strconv.ParseInt(s, 10, 64); n > 2958465 { // 31/12/9999
			return 0, 0, newError(raw, outcome.Lang.DateRange)
		}
		return n, 0, nil
	}
	// A plain serial with a fraction (46022.5, a time's 0.33333333333333331) of 18 digits at
	// most: the same rounding in integers, exact (a 128-bit product), without decimals.
	if i := strings.IndexByte(s, '.'); i > 0 && i <= 7 && len(s)-i-1 >= 1 && len(s)-i-1 <= 18 &&
		strings.Trim(s[:i], "0123456789") == "" && strings.Trim(s[i+1:], "0123456789") == "" {
		if n, _ = strconv.ParseInt(s[:i], 10, 64); n > 2958465 {
			return 0, 0, newError(raw, outcome.Lang.DateRange)
		}
		f, _ := strconv.ParseUint(s[i+1:], 10, 64)
		scale := uint64(1)
		for range len(s) - i - 1 {
			scale *= 10
		}
		return dayCarry(raw, n, roundShare(f, 86400, scale), roundShare(f, 86400000, scale))
	}
	d, _, err := apd.NewFromString(s)
	if err != nil || d.Form != apd.Finite || d.Negative {
		return 0, 0, newError(raw, outcome.Lang.NotSerial)
	}
	var days apd.Decimal
	c := *arith
	c.Rounding = apd.RoundDown
	if _, err := c.RoundToIntegralValue(&days, d); err != nil {
		return 0, 0, newError(raw, outcome.Lang.NotSerial)
	}
	n, err = days.Int64()
	if err != nil || n > 2958465 { // 31/12/9999
		return 0, 0, newError(raw, outcome.Lang.DateRange)
	}
	var frac, secs, ms apd.Decimal
	if _, err := arith.Sub(&frac, d, &days); err != nil {
		return 0, 0, newError(raw, outcome.Lang.NotSerial)
	}
	c.Rounding = apd.RoundHalfUp
	if _, err := arith.Mul(&secs, &frac, apd.New(86400, 0)); err != nil {
		return 0, 0, newError(raw, outcome.Lang.NotSerial)
	}
	if _, err := c.RoundToIntegralValue(&secs, &secs); err != nil {
		return 0, 0, newError(raw, outcome.Lang.NotSerial)
	}
	if _, err := arith.Mul(&ms, &frac, apd.New(86400000, 0)); err != nil {
		return 0, 0, newError(raw, outcome.Lang.NotSerial)
	}
	if _, err := c.RoundToIntegralValue(&ms, &ms); err != nil {
		return 0, 0, newError(raw, outcome.Lang.NotSerial)
	}
	sec, _ = secs.Int64()
	m, _ := ms.Int64()
	return dayCarry(raw, n, sec, m)
}

// dayCarry is a serial's day n and second sec once its millisecond of the day m (both rounded
// from its fraction) is known. Excel keeps a time to the millisecond and shows a date cell's
// day as the serial's whole part at that precision: a fraction that reaches midnight there
// (46023 stored as 46022.999999999993, binary noise) is the next day's 00:00; one short of it
// is the serial's own day, whose seconds, rounded, do not carry into the next (23:59:59.999,
// the last instant of a day as a database export writes it, is shown 31/12/2025 in
// dd/mm/yyyy, and went to Senior as 01/01/2026).
func dayCarry(raw string, n, sec, m int64) (int64, int64, error) {
	if m >= 86400000 {
		if n++; n > 2958465 {
			return 0, 0, newError(raw, outcome.Lang.DateRange)
		}
		return n, 0, nil
	}
	return n, min(sec, 86399), nil
}

// roundShare is f/scale of per, rounded half up: f < scale ≤ 10^18, per < 2^32, so the
// product fits 128 bits and the quotient 64.
func roundShare(f, per, scale uint64) int64 {
	hi, lo := bits.Mul64(f, per)
	q, r := bits.Div64(hi, lo, scale)
	if r >= scale-r { // r ≥ scale/2, without overflow
		q++
	}
	return int64(q)
}

// ParseTime reads a time of day ("9:05", "09:05:00", "9h05") and writes it HH:MM.
func ParseTime(s string) (string, error) {
	orig := s
	s = strings.TrimSpace(strings.Map(nbspToSpace, s))
	g := reTime.FindStringSubmatch(s)
	if g == nil {
		if t, ok := ampm(s); ok {
			return t, nil
		}
		return "", newError(orig, outcome.Lang.NotTime)
	}
	h, m, sec := atoi(g[1]), atoi(g[2]), atoi(g[3])
	if h > 23 || m > 59 || sec > 59 {
		return "", newError(orig, outcome.Lang.NotTime)
	}
	return fmt.Sprintf("%02d:%02d", h, m), nil
}

// ShowsSeconds reports a time field's value that shows seconds other than zero (09:30:45,
// 09:30:00,5, a cell of format hh:mm:ss): Senior keeps HH:MM, and they are not sent. A cell
// whose format shows no seconds shows 09:30 for 09:30:44, as it goes.
func ShowsSeconds(in Input) bool {
	switch in.Source {
	case FromDate:
		t, err := DateFromSerial(in.Text, in.Date1904)
		return err == nil && t.Second() != 0 && showsOf(in.Format).seconds
	case FromText:
		s := strings.TrimSpace(strings.Map(nbspToSpace, in.Text))
		g := reTime.FindStringSubmatch(s)
		if g == nil {
			g = reAMPM.FindStringSubmatch(s)
		}
		return g != nil && (atoi(g[3]) != 0 || fraction(s))
	}
	return false
}

// fraction reports a time written with a fraction of a second that is not zero
// (09:30:00,5).
func fraction(s string) bool {
	_, f, ok := strings.Cut(strings.ReplaceAll(s, ",", "."), ".")
	return ok && strings.Trim(f, "0 AaPpMm.") != ""
}

// reAMPM is a time of day on a 12-hour clock, as an English export writes it: 9:00 AM,
// 2:30 PM, 12:15 a.m., 9 PM.
var reAMPM = regexp.MustCompile(`^(\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*([AaPp])\.?\s*[Mm]\.?$`)

// ampm turns a 12-hour time into 24-hour text ("2:30 PM" → "14:30"); ok is false for any
// other text, or an hour that is not 1 to 12.
func ampm(s string) (string, bool) {
	g := reAMPM.FindStringSubmatch(s)
	if g == nil {
		return "", false
	}
	h, ok := hour24(atoi(g[1]), g[4])
	m, sec := atoi(g[2]), atoi(g[3])
	if !ok || m > 59 || sec > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

// hour24 is hour h (1 to 12) of a 12-hour clock on a 24-hour one, half the A or P of AM or PM:
// 12 AM is 0, 12 PM is 12. ok is false for an hour outside 1 to 12.
func hour24(h int, half string) (int, bool) {
	if h < 1 || h > 12 {
		return 0, false
	}
	h %= 12
	if half == "P" || half == "p" {
		h += 12
	}
	return h, true
}

// fullYear is a date's year as written: four digits as they are, two below pivot 20yy, others
// 19yy.
func fullYear(digits string, pivot int) int {
	y := atoi(digits)
	switch {
	case len(digits) != 2:
		return y
	case y < pivot:
		return y + 2000
	}
	return y + 1900
}

func dateOf(in Input, o Options) (time.Time, error) {
	switch in.Source {
	case FromNumber, FromDate:
		t, err := DateFromSerial(in.Text, in.Date1904)
		if err != nil {
			return t, err
		}
		// A time of day alone is a serial under 1: 30/12/1899 in the 1900 system, 01/01/1904
		// in the 1904 one (a Mac workbook's).
		if timeAlone(t, in.Date1904) {
			return time.Time{}, newError(in.Text, outcome.Lang.TimeNotDate)
		}
		if in.Source == FromNumber {
			// A number cell, shown as a number ("46022", "5"): the sheet does not say it is a
			// date, and read as one it would send a day nobody saw. Say the day it would be,
			// as for a CSV file's serial.
			day := t.Format("02/01/2006")
			return time.Time{}, newError(in.Text, func(l outcome.Lang) string { return l.NumberNotDate(day) })
		}
		return t, nil
	}
	t, err := ParseDate(in.Text, o.Pivot)
	if err != nil {
		// A date column formatted as a number before the export: Excel wrote the day's serial
		// number ("46022"). Say which day it stands for; guessing it would send a day nobody
		// typed if the number is something else.
		if s := strings.TrimSpace(in.Text); len(s) == 5 && strings.Trim(s, "0123456789") == "" {
			if d, serr := DateFromSerial(s, false); serr == nil && d.Year() >= 1960 && d.Year() <= 2100 {
				day := d.Format("02/01/2006")
				return t, newError(in.Text, func(l outcome.Lang) string { return l.DateSerial(day) })
			}
		}
	}
	return t, err
}

// timeOf is a time field's value: a time cell (a serial under 1), or text. A number cell
// (930, 0.395833) is refused as a date cell is in a date field, saying the time it would be;
// a cell that shows a date, or hours past 24, is no time of day. Seconds go as Senior keeps
// a time, HH:MM (the caller says which rows had them: ShowsSeconds).
func timeOf(in Input) (string, error) {
	switch in.Source {
	case FromNumber, FromDate:
		t, err := DateFromSerial(in.Text, in.Date1904)
		if err != nil || !timeAlone(t, in.Date1904) {
			if in.Source == FromNumber {
				return "", newError(in.Text, outcome.Lang.NotTime)
			}
			shown, serr := DateText(in.Text, in.Format, in.Date1904)
			if serr != nil {
				return "", serr
			}
			return "", newError(in.Text, func(l outcome.Lang) string { return l.CellNotTime(shown) })
		}
		if in.Source == FromNumber {
			hm := t.Format("15:04")
			return "", newError(in.Text, func(l outcome.Lang) string { return l.NumberNotTime(hm) })
		}
		return t.Format("15:04"), nil
	}
	return ParseTime(in.Text)
}

// months: a month's number by its name or abbreviation, folded (no accents, small letters),
// in Portuguese and English; no abbreviation is another month's in the other language.
var months = map[string]int{
	"janeiro": 1, "fevereiro": 2, "marco": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7,
	"agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
	"jan": 1, "fev": 2, "mar": 3, "abr": 4, "mai": 5, "jun": 6, "jul": 7, "ago": 8, "set": 9,
	"out": 10, "nov": 11, "dez": 12,
	"feb": 2, "apr": 4, "may": 5, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
}

// weekdays are the days of the week as a long date names them, folded.
var weekdays = [7]string{"domingo", "segunda-feira", "terca-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sabado"}

type named struct {
	y, m, d int
	weekday string // folded, "" when not written
}

// namedMonth reads a date whose month is written by its name (reNamedMonth). A weekday before
// it must be one; whether it is the date's is for the caller.
func namedMonth(s string, pivot int) (named, bool) {
	g := reNamedMonth.FindStringSubmatch(s)
	if g == nil || g[3] != g[5] { // one separator both times: 31/dez/2026, not 31/dez-2026
		return named{}, false
	}
	m, ok := months[Fold(g[4])]
	if !ok {
		return named{}, false
	}
	nd := named{y: fullYear(g[6], pivot), m: m, d: atoi(g[2])}
	if g[1] != "" {
		nd.weekday = Fold(g[1])
		if !slices.Contains(weekdays[:], nd.weekday) {
			return named{}, false
		}
	}
	return nd, true
}
