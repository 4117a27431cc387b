package values

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/cockroachdb/apd/v3"

	"seniorimporter/templates"

	"seniorimporter/outcome"
)

type decimal = apd.Decimal

// arith is wide enough for every documented Number(p,s) (p ≤ 21) with room to spare; nothing
// is rounded by it implicitly.
var arith = apd.BaseContext.WithPrecision(200)

// notNumber is the error of orig, a number holding something else. A lone letter among its
// figures is named: "1.2O0,00", a zero typed as the letter O, or "l.500,00", a one typed as
// the letter l, read right to whoever looks for the fault, and "não é um número" alone sent
// the team looking at a value that seemed to be one. The R of "R$" is no such letter; words
// ("isento", "2,5 un") keep the plain message.
func notNumber(orig string) *Error {
	letters, digits := 0, false
	var letter rune
	rs := []rune(orig)
	for i, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r == 'R' && i+1 < len(rs) && rs[i+1] == '$':
		case unicode.IsLetter(r):
			letters++
			letter = r
		}
	}
	if letters != 1 || !digits {
		return newError(orig, outcome.Lang.NotNumber)
	}
	return newError(orig, func(l outcome.Lang) string { return l.LetterInNumber(letter) })
}

// ParseDecimal reads a number written as text by the locale's rules. Ambiguity is an error,
// never a guess.
func ParseDecimal(s string, loc Locale) (*apd.Decimal, error) {
	orig := s
	s = strings.TrimSpace(strings.Map(nbspToSpace, s))
	if strings.ContainsRune(s, '−') { // the minus sign of a PDF, a web page or Word: −1.234,56
		s = strings.ReplaceAll(s, "−", "-")
	}
	switch strings.ReplaceAll(s, " ", "") {
	case "R$-":
		// Excel's accounting format ("Contábil") shows zero as "R$ -", and a CSV file saved
		// from it has that text for every zero.
		return new(apd.Decimal), nil
	case "-":
		// The same format without its symbol, or a dash for "no value": which, the sheet does
		// not say.
		return nil, newError(orig, outcome.Lang.DashAlone)
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if t, ok := strings.CutSuffix(s, "-"); ok && !neg { // "1.234,56-", as SAP and bank statements write it
		neg = true
		s = strings.TrimSpace(t)
	}
	plus := false
	for i := 0; i < 2; i++ { // "-R$ 1,00", "R$ -1,00" and "R$ (1,00)", Excel's accounting format
		if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
			if neg || plus { // "--5", "+-5": a typo, not a sign
				return nil, newError(orig, outcome.Lang.NotNumber)
			}
			neg = true
			if s[0] == '(' {
				s = s[:len(s)-1]
			}
			s = strings.TrimSpace(s[1:])
		} else if strings.HasPrefix(s, "+") {
			if neg || plus {
				return nil, newError(orig, outcome.Lang.NotNumber)
			}
			plus = true
			s = strings.TrimSpace(s[1:])
		}
		if t, ok := strings.CutPrefix(s, "R$"); ok {
			s = strings.TrimSpace(t)
		}
	}
	grp, dec := loc.separators()
	groupMsg := func(suggestion string) func(outcome.Lang) string {
		return func(l outcome.Lang) string { return l.GroupPoint(suggestion) }
	}
	if loc == EnUS {
		groupMsg = func(suggestion string) func(outcome.Lang) string {
			return func(l outcome.Lang) string { return l.GroupComma(suggestion) }
		}
	}
	// Spaces inside the number group thousands like the locale's group separator.
	s = strings.ReplaceAll(s, " ", string(grp))
	if s == "" {
		return nil, newError(orig, outcome.Lang.NotNumber)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != dec && c != grp {
			return nil, notNumber(orig)
		}
	}
	if strings.Count(s, string(dec)) > 1 {
		// "1,234,567" in pt-BR or "1.234.567" in en-US: written in the other locale.
		if !strings.Contains(s, string(grp)) {
			return nil, otherLocale(newError(orig, groupMsg(signed(neg, suggest(s, dec, grp, loc)))), loc)
		}
		return nil, newError(orig, outcome.Lang.TwoDecimalSeparators)
	}
	intPart, frac, hasDec := strings.Cut(s, string(dec))
	if strings.Contains(frac, string(grp)) {
		return nil, otherLocale(newError(orig, groupMsg(signed(neg, suggest(s, dec, grp, loc)))), loc)
	}
	if strings.Contains(intPart, string(grp)) {
		groups := strings.Split(intPart, string(grp))
		// A first group of 0 groups no thousands: "0.750" is the other locale's 0,750.
		ok := len(groups[0]) >= 1 && len(groups[0]) <= 3 && groups[0][0] != '0'
		for _, g := range groups[1:] {
			ok = ok && len(g) == 3
		}
		if !ok {
			return nil, otherLocale(newError(orig, groupMsg(signed(neg, suggest(s, dec, grp, loc)))), loc)
		}
		intPart = strings.ReplaceAll(intPart, string(grp), "")
	}
	if intPart == "" && frac == "" || hasDec && frac == "" {
		return nil, newError(orig, outcome.Lang.NotNumber)
	}
	if intPart == "" {
		intPart = "0"
	}
	text := intPart
	if frac != "" {
		text += "." + frac
	}
	if neg {
		text = "-" + text
	}
	d, _, err := apd.NewFromString(text)
	if err != nil {
		return nil, newError(orig, outcome.Lang.NotNumber)
	}
	return d, nil
}

// OrDefault is the locale, pt-BR when none is set.
func (l Locale) OrDefault() Locale {
	if l == "" {
		return PtBR
	}
	return l
}

// Other is the other locale: en-US for pt-BR ("" included), pt-BR for en-US.
func (l Locale) Other() Locale {
	if l == EnUS {
		return PtBR
	}
	return EnUS
}

// TwoWays tells a number with one kind of separator, points or commas, that the two locales
// read as two numbers: "1.234" is 1234 in pt-BR and 1.234 in en-US, "1,234" the other way
// round; other is its reading in the other locale. A byte scan for every other value.
func TwoWays(s string, loc Locale) (other *apd.Decimal, ok bool) {
	if (strings.IndexByte(s, '.') < 0) == (strings.IndexByte(s, ',') < 0) {
		return nil, false
	}
	here, err := ParseDecimal(s, loc)
	if err != nil {
		return nil, false
	}
	there, err := ParseDecimal(s, loc.Other())
	if err != nil || here.Cmp(there) == 0 {
		return nil, false
	}
	return there, true
}

// OwnOnly tells, of a number that loc reads, whether the other locale refuses it ("12,50",
// "1.234,56" in pt-BR): the column that holds it was written in loc. Only for values loc
// read (what it says of others means nothing); one with loc's decimal separator followed by
// other than three digits is decided by its bytes, without parsing.
func OwnOnly(s string, loc Locale) bool {
	grp, dec := loc.separators()
	i := strings.IndexByte(s, dec)
	if i < 0 {
		// Digits and one group read in both, or in neither; two groups ("1.234.567") or a
		// group and spaces may read in loc alone.
		if strings.Count(s, string(grp)) < 2 && !strings.ContainsAny(s, " \u00a0\u202f\u2007") {
			return false
		}
	} else {
		k := i + 1
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k-i-1 != 3 { // the other locale groups by three: this it cannot read
			return true
		}
	}
	_, err := ParseDecimal(s, loc.Other())
	return err != nil
}

// separators are the bytes that group thousands and mark decimals in l.
func (l Locale) separators() (grp, dec byte) {
	if l.OrDefault() == EnUS {
		return ',', '.'
	}
	return '.', ','
}

// ReadsTwoWays is TwoWays's verdict, decided by bytes where it can: a number reads two ways
// only with one separator, followed by exactly three digits (1.234, 12,345), and digits, one
// to three of them not starting with 0, the separator and three digits do. It runs for every
// number of a file, where TwoWays would parse most of them twice.
func ReadsTwoWays(s string, loc Locale) bool {
	sep := byte('.')
	switch dots, commas := strings.Count(s, "."), strings.Count(s, ","); {
	case dots+commas != 1:
		return false
	case commas == 1:
		sep = ','
	}
	i := strings.IndexByte(s, sep)
	k := i + 1
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	if k-i-1 != 3 {
		return false
	}
	j := i
	for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
		j--
	}
	if j == 0 && k == len(s) && i >= 1 && i <= 3 && s[0] != '0' {
		return true
	}
	_, ok := TwoWays(s, loc) // signs, R$, spaces, a percent: the parser says
	return ok
}

// OtherWay tells a number that loc refuses and the other locale reads ("12.50", "3.5" in
// pt-BR): the column that holds it was likely written there. (A number refused for another
// reason, too many digits for its field, is not one.) Meant for values already refused.
func OtherWay(s string, loc Locale) bool {
	if _, err := ParseDecimal(s, loc); err == nil {
		return false
	}
	_, err := ParseDecimal(s, loc.Other())
	return err == nil
}

// signed puts the minus sign a number had back on the suggestion written for it.
func signed(neg bool, s string) string {
	if neg {
		return "-" + s
	}
	return s
}

// otherLocale marks e as a number written in the way of the locale other than loc (whose
// message suggests how to write it), for Normalise to suggest a whole number to a field of
// whole numbers.
func otherLocale(e *Error, loc Locale) *Error {
	e.written = loc.Other()
	return e
}

// suggest rewrites a number the user wrote in the other locale's way: its last separator is
// taken for the decimal one. It is only a hint in the message, never a value that is sent.
func suggest(s string, dec, grp byte, loc Locale) string {
	i := strings.LastIndexAny(s, ".,")
	if i < 0 {
		return s
	}
	ip := strings.NewReplacer(".", "", ",", "").Replace(s[:i])
	return ip + string(dec) + s[i+1:]
}

// ExcelNumber reads a numeric cell's raw stored text ("1234.5599999999999", "1.5E-3") and
// rounds it to 15 significant digits, as Excel shows it, dropping trailing zeros.
func ExcelNumber(raw string) (*apd.Decimal, error) {
	d, _, err := apd.NewFromString(strings.TrimSpace(raw))
	if err != nil || d.Form != apd.Finite {
		return nil, newError(raw, outcome.Lang.NotNumber)
	}
	c := apd.BaseContext.WithPrecision(15)
	c.Rounding = apd.RoundHalfUp
	if _, err := c.Round(d, d); err != nil {
		return nil, newError(raw, outcome.Lang.NotNumber)
	}
	if _, _, err := arith.Reduce(d, d); err != nil {
		return nil, newError(raw, outcome.Lang.NotNumber)
	}
	if d.Exponent > 0 { // 1.2E+3 → 1200: keep integers plain
		if _, err := arith.Quantize(d, d, 0); err != nil {
			return nil, newError(raw, outcome.Lang.NotNumber)
		}
	}
	return d, nil
}

// longCell reports a number cell's value of more than 15 digits before its decimals (1E+15 and
// more): Excel turns every digit past the 15th into a zero as it is typed, so what the cell
// holds is not what was typed; shown is what Excel shows. A number cell only: text keeps every
// digit.
func longCell(raw string) (shown string, long bool) {
	if len(raw) <= 15 && !strings.ContainsAny(raw, "eE") { // the usual cell: no parse
		return "", false
	}
	d, _, err := apd.NewFromString(strings.TrimSpace(raw))
	if err != nil || d.Form != apd.Finite || d.IsZero() || d.NumDigits()+int64(d.Exponent) <= 15 {
		return "", false
	}
	if r, err := ExcelNumber(raw); err == nil {
		return r.Text('f'), true
	}
	return raw, true
}

// FormatDecimal writes d as a person reads it in loc: "1234,5" (pt-BR) or "1234.5" (en-US),
// and with group "1.234,5" or "1,234.5". ParseDecimal reads it back as the same number.
func FormatDecimal(d *apd.Decimal, loc Locale, group bool) string {
	s := d.Text('f')
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, frac, hasFrac := strings.Cut(s, ".")
	dec, grp := ",", "."
	if loc == EnUS {
		dec, grp = ".", ","
	}
	if group {
		for i := len(ip) - 3; i > 0; i -= 3 {
			ip = ip[:i] + grp + ip[i:]
		}
	}
	out := ip
	if hasFrac {
		out += dec + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// The range of Senior's Integer (see FormatNumber).
var maxInt32, minInt32 = apd.New(math.MaxInt32, 0), apd.New(math.MinInt32, 0)

// FormatNumber writes d by Senior's numeric rule for a field declared declaredType with the
// documented format nf (nil when none is documented).
func FormatNumber(d *apd.Decimal, nf *templates.NumberFormat, declaredType string, sep Separator, r Rounding) (string, error) {
	in := d.Text('f')
	comma := declaredType == templates.TypeString
	switch sep {
	case SepPoint:
		comma = false
	case SepComma:
		comma = true
	}
	var x apd.Decimal
	x.Set(d)
	scale := int32(-1) // keep the decimals it came with
	if nf != nil {
		scale = int32(nf.Scale)
	} else if declaredType == templates.TypeInteger {
		scale = 0
	}
	// format names the field's format in messages; built only for one (a Sprintf per value
	// was a tenth of reading a file of numbers).
	format := func() string {
		switch {
		case nf == nil:
			return declaredType
		case nf.Scale == 0:
			return fmt.Sprintf("Number(%03d)", nf.Precision)
		}
		return fmt.Sprintf("Number(%03d,%d)", nf.Precision, nf.Scale)
	}
	if scale >= 0 {
		var red apd.Decimal
		if _, _, err := arith.Reduce(&red, &x); err != nil {
			return "", newError(in, outcome.Lang.NotNumber)
		}
		places := int32(0)
		if red.Exponent < 0 {
			places = -red.Exponent
		}
		if places > scale {
			if scale == 0 {
				return "", newError(in, func(l outcome.Lang) string { return l.NotInteger(format()) })
			}
			if r != RoundHalfEven && r != RoundHalfUp {
				return "", newError(in, func(l outcome.Lang) string { return l.Decimals(int(places), int(scale), format()) })
			}
		}
		c := *arith
		c.Rounding = apd.RoundHalfEven
		if r == RoundHalfUp {
			c.Rounding = apd.RoundHalfUp
		}
		if _, err := c.Quantize(&x, &x, -scale); err != nil {
			return "", newError(in, outcome.Lang.NotNumber)
		}
	}
	if nf != nil {
		intDigits := int64(x.NumDigits()) + int64(x.Exponent)
		if x.Coeff.Sign() == 0 || intDigits < 0 {
			intDigits = 0
		}
		if max := int64(nf.Precision - nf.Scale); intDigits > max {
			return "", newError(in, func(l outcome.Lang) string { return l.IntegerDigits(int(intDigits), int(max), format()) })
		}
	}
	if nf == nil && declaredType == templates.TypeInteger {
		// An Integer of no documented size is a 32-bit int to Senior (Java's Integer, xsd:int
		// in the WSDL): a 20-digit order number would only come back as Senior's error,
		// naming no cell (CalculaImpostosOrcamento's request documents no Number(p)).
		if x.Cmp(maxInt32) > 0 || x.Cmp(minInt32) < 0 {
			return "", newError(in, outcome.Lang.IntegerRange)
		}
	}
	if nf == nil && declaredType == templates.TypeDouble {
		// A Double of no documented scale keeps 15 significant digits for certain: beyond
		// them, Senior would store another number than the one sent.
		var red apd.Decimal
		if _, _, err := arith.Reduce(&red, &x); err == nil && red.NumDigits() > 15 {
			return "", newError(in, func(l outcome.Lang) string { return l.DoubleDigits(int(red.NumDigits())) })
		}
	}
	if x.IsZero() {
		x.Negative = false
	}
	out := x.Text('f')
	if comma {
		out = strings.Replace(out, ".", ",", 1)
	}
	return out, nil
}
