package values

import (
	"fmt"
	"seniorimporter/templates"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/apd/v3"
	"golang.org/x/text/unicode/norm"
)

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1.234,56", "12.50", "R$ 1.234,56", "(1,00)", "-1", "12,5%", "1,234.56", "", "1..2", "+-1", "\u00a01 234,5", "1.234,56-", "-1-"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, en bool) {
		loc := PtBR
		if en {
			loc = EnUS
		}
		d, err := ParseDecimal(s, loc)
		// The two locales are mirror images: the text with its points and commas swapped
		// reads in the other locale as the same number, or is refused there as here.
		d3, err3 := ParseDecimal(swapSeparators(s), loc.Other())
		if (err == nil) != (err3 == nil) || err == nil && d.Cmp(d3) != 0 {
			t.Fatalf("%q in %s: %v %v; %q in %s: %v %v", s, loc, d, err, swapSeparators(s), loc.Other(), d3, err3)
		}
		if err != nil {
			return
		}
		// Written back plainly in the same locale, it reads as the same number.
		text := d.Text('f')
		if loc == PtBR {
			text = replaceDot(text)
		}
		d2, err := ParseDecimal(text, loc)
		if err != nil {
			t.Fatalf("%q → %s does not read back: %v", s, text, err)
		}
		if d.Cmp(d2) != 0 {
			t.Fatalf("%q → %s → %s", s, d.Text('f'), d2.Text('f'))
		}
	})
}

// swapSeparators turns every point into a comma and every comma into a point.
func swapSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.':
			return ','
		case ',':
			return '.'
		}
		return r
	}, s)
}

func replaceDot(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '.' {
			b[i] = ','
		}
	}
	return string(b)
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"31/12/2026", "1/2/26", "2026-12-31", "2026-12-31T10:00:00Z", "31.12.2026", "31/02/2026", "0/0/0",
		"31/dez/2026", "1º de março de 27", "quinta-feira, 31 de dezembro de 2026", "2026/12/31", "31/12/2026 2:30 PM", "qui 31/12/2026", "Sáb. 02/01/2027 09:30"} {
		f.Add(s, 50)
	}
	f.Fuzz(func(t *testing.T, s string, pivot int) {
		d, err := ParseDate(s, pivot%100)
		if err != nil {
			return
		}
		// DayMonth, the cheap look at a date's first two numbers, agrees with what was read.
		if day, month, ok := DayMonth(s); ok && (day != d.Day() || month != int(d.Month())) {
			t.Fatalf("%q: DayMonth %d/%d, ParseDate %s", s, day, month, d.Format("02/01/2006"))
		}
		out := d.Format("02/01/2006")
		d2, err := ParseDate(out, 50)
		if err != nil || !d2.Equal(d.Truncate(24*60*60*1e9)) {
			t.Fatalf("%q → %s → %v %v", s, out, d2, err)
		}
	})
}

func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"350,2", "12345678901,1234567891", "1.234", "-0", "9999999999999,99", "abc", "(1)", "1E5"} {
		f.Add(s, 15, 2, uint8(0))
		f.Add(s, 21, 10, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, p, sc int, src uint8) {
		if p < 1 || p > 30 || sc < 0 || sc > p {
			return
		}
		fld := field(t, "Double", "Number("+itoa(p)+","+itoa(sc)+")", "")
		in := Input{Text: s, Source: Source(src % 2)}
		out, err := Normalise(fld, in, Options{})
		if err != nil || out == "" {
			return
		}
		// Accepted output is Senior's form: it parses as a plain decimal with exactly sc places.
		d, _, perr := apd.NewFromString(out)
		if perr != nil {
			t.Fatalf("%q → %q not a decimal", s, out)
		}
		if int(-d.Exponent) != sc && !(sc == 0 && d.Exponent == 0) {
			t.Fatalf("%q → %q has not %d decimals", s, out, sc)
		}
		again, err := Normalise(fld, Input{Text: out, Source: FromNumber}, Options{})
		if err != nil && p <= 15 {
			t.Fatalf("%q → %q does not normalise again: %v", s, out, err)
		}
		if err == nil && p <= 15 && again != out {
			t.Fatalf("%q → %q → %q", s, out, again)
		}
	})
}

func itoa(n int) string {
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

// FuzzParseTime: what it accepts comes out HH:MM and reads back to itself.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"9:05", "09:05:00", "9h05", "14h", "25:00", " 23:59 ", "0:0", "2:30 PM", "12:15 a.m.", "9pm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := ParseTime(s)
		if err != nil {
			return
		}
		if len(out) != 5 || out[2] != ':' {
			t.Fatalf("%q → %q, not HH:MM", s, out)
		}
		if again, err := ParseTime(out); err != nil || again != out {
			t.Fatalf("%q → %q → %q %v", s, out, again, err)
		}
	})
}

// FuzzDateFromSerial: any text is an error or a date; a serial's date goes out DD/MM/YYYY and
// reads back to its calendar day.
func FuzzDateFromSerial(f *testing.F) {
	for _, s := range []string{"46387", "61", "60", "0", "0.5", "-1", "2958465", "2958465.999999", "1e3", "46387.999999", "2958466", " 046022 ", "9999999", "59", "0.33333333333333331", "46022.99999999999", "46022.999999999993", "45292.0000057870", "2958465.9999999", "46022.00015625"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, d1904 bool) {
		d, err := DateFromSerial(s, d1904)
		// A whole serial is read as an integer (serialDay): it must read as the same serial
		// with a fraction of zero does, through exact decimals, errors included.
		if w := strings.TrimSpace(s); w != "" && strings.Trim(w, "0123456789") == "" {
			dw, errw := DateFromSerial(w, d1904)
			d2, err2 := DateFromSerial(w+".0", d1904)
			same := func(a, b error) bool { // the same error, each naming its own value
				return (a == nil) == (b == nil) && (a == nil || a.Error() == strings.Replace(b.Error(), w+".0", w, 1))
			}
			if !d.Equal(d2) || !dw.Equal(d2) || (err == nil) != (err2 == nil) || !same(errw, err2) {
				t.Fatalf("%q → %v %v; %q → %v %v", s, d, err, w+".0", d2, err2)
			}
		}
		// So is a plain serial with a fraction, in integers: as the same number written with an
		// exponent (46022.5 as 460225E-1), which only exact decimals read.
		if w := strings.TrimSpace(s); strings.Count(w, ".") == 1 && strings.Trim(w, "0123456789.") == "" && w[0] != '.' && w[len(w)-1] != '.' {
			whole, frac, _ := strings.Cut(w, ".")
			alt := whole + frac + "E-" + strconv.Itoa(len(frac))
			d2, err2 := DateFromSerial(alt, d1904)
			if !d.Equal(d2) || (err == nil) != (err2 == nil) {
				t.Fatalf("%q → %v %v; %q → %v %v", s, d, err, alt, d2, err2)
			}
		}
		if err != nil {
			return
		}
		if d.Year() > 9999 {
			t.Fatalf("%q → year %d: past what a date field can carry", s, d.Year())
		}
		out := d.Format("02/01/2006")
		back, err := ParseDate(out, 50)
		// Before 1900 only a time of day (serial 0) or 1904 dates can come out: the date
		// fields refuse the former (timeNotDate); ParseDate reads 1900 onwards.
		if d.Year() >= 1900 && (err != nil || back.Format("02/01/2006") != out) {
			t.Fatalf("%q → %s → %v %v", s, out, back, err)
		}
	})
}

// FuzzFormatDecimal: a number read in a locale, written back by FormatDecimal in that locale
// (with and without grouping), reads back as the same number (pt-BR and en-US).
func FuzzFormatDecimal(f *testing.F) {
	for _, s := range []string{"1.234,56", "1,234.56", "-0,5", "(1.000.000,001)", "R$ 12", "0", "-0", "999999999999999999999,99"} {
		f.Add(s, false, true)
		f.Add(s, true, false)
	}
	f.Fuzz(func(t *testing.T, s string, en, group bool) {
		loc := PtBR
		if en {
			loc = EnUS
		}
		d, err := ParseDecimal(s, loc)
		if err != nil {
			return
		}
		out := FormatDecimal(d, loc, group)
		back, err := ParseDecimal(out, loc)
		if err != nil {
			t.Fatalf("%q → %q does not read back in %s: %v", s, out, loc, err)
		}
		if back.Cmp(d) != 0 {
			t.Fatalf("%q → %q → %s, want %s", s, out, back.Text('f'), d.Text('f'))
		}
	})
}

// FuzzPercentCell: a percent cell and the text of its value with a % sign are the same value
// to every numeric field: the cell's stored fraction × 100 is what goes out, or both fail.
func FuzzPercentCell(f *testing.F) {
	for _, s := range []string{"0.05", "0.125", "0.05123", "1", "-0.025", "1.5E-5", "0.30000000000000004", "12.5"} {
		f.Add(s, 5, 2)
		f.Add(s, 9, 6)
	}
	f.Fuzz(func(t *testing.T, raw string, p, sc int) {
		if p < 1 || p > 21 || sc < 0 || sc > p {
			return
		}
		fld := field(t, "Double", "Number("+itoa(p)+","+itoa(sc)+")", "")
		stored, err := ExcelNumber(raw)
		if err != nil {
			return
		}
		var hundred apd.Decimal
		if _, err := arith.Mul(&hundred, stored, apd.New(100, 0)); err != nil {
			return
		}
		text := FormatDecimal(&hundred, PtBR, true) + "%"
		cell, errCell := Normalise(fld, Input{Text: raw, Source: FromNumber, Percent: true}, Options{})
		typed, errText := Normalise(fld, Input{Text: text}, Options{})
		if (errCell == nil) != (errText == nil) || cell != typed {
			t.Fatalf("percent cell %q → %q, %v; text %q → %q, %v", raw, cell, errCell, text, typed, errText)
		}
	})
}

// FuzzDateLayouts: a date read from text, written in each layout the importer reads, reads
// back as the same day.
func FuzzDateLayouts(f *testing.F) {
	for _, s := range []string{"31/12/2026", "1/2/26", "2026-12-31T10:00:00Z", "29.02.2028", "01-01-1900"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s, 50)
		if err != nil {
			return
		}
		for _, layout := range []string{"02/01/2006", "2/1/2006", "02-01-2006", "02.01.2006", "2006-01-02", "2006-01-02T15:04:05"} {
			out := d.Format(layout)
			back, err := ParseDate(out, 50)
			if err != nil || back.Format("2006-01-02") != d.Format("2006-01-02") {
				t.Fatalf("%q → %q (%s) → %v %v", s, out, layout, back, err)
			}
		}
	})
}

// FuzzCNPJ: a base of 12 letters or digits with the check digits CNPJCheckDigits computes is
// a CNPJ, written bare or punctuated (AA.AAA.AAA/AAAA-DD); changing one of its check digits
// makes it one no more. Likewise for CPF (9 digits, NNN.NNN.NNN-DD).
func FuzzCNPJ(f *testing.F) {
	f.Add([]byte("12ABC34501DE"), uint8(1))
	f.Add([]byte("112223330001"), uint8(9))
	f.Add([]byte("000000000000"), uint8(0))
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	f.Fuzz(func(t *testing.T, seed []byte, bump uint8) {
		if len(seed) < 12 {
			return
		}
		b := make([]byte, 12)
		for i := range b {
			b[i] = alnum[int(seed[i])%len(alnum)]
		}
		cnpj := string(b) + CNPJCheckDigits(string(b))
		punct := cnpj[:2] + "." + cnpj[2:5] + "." + cnpj[5:8] + "/" + cnpj[8:12] + "-" + cnpj[12:]
		same := allSame([]byte(cnpj))
		for _, s := range []string{cnpj, punct} {
			if err := checkCNPJ(s, false); (err == nil) == same {
				t.Fatalf("%q: %v", s, err)
			}
		}
		wrong := []byte(cnpj)
		i := 12 + int(bump)%2
		wrong[i] = '0' + (wrong[i]-'0'+1+bump%9)%10
		if err := checkCNPJ(string(wrong), false); err == nil {
			t.Fatalf("%q (check digit %d changed) accepted", wrong, i-11)
		}

		d := make([]byte, 9)
		for i := range d {
			d[i] = '0' + seed[i]%10
		}
		cpf := string(d) + CPFCheckDigits(string(d))
		for _, s := range []string{cpf, cpf[:3] + "." + cpf[3:6] + "." + cpf[6:9] + "-" + cpf[9:]} {
			if err := checkCPF(s, false); (err == nil) == allSame([]byte(cpf)) {
				t.Fatalf("%q: %v", s, err)
			}
		}
	})
}

// FuzzPlainInteger: plainInteger, where it answers, answers what FormatNumber does.
func FuzzPlainInteger(f *testing.F) {
	for _, s := range []string{"0", "007", "1234", "000000000000000000", "999999999", "12345678901234567", "1.0", "-1", " 1"} {
		f.Add(s, 9, true)
	}
	f.Fuzz(func(t *testing.T, s string, precision int, cell bool) {
		precision = 1 + (precision%21+21)%21
		field := field(t, "Integer", fmt.Sprintf("Number(%03d)", precision), "")
		in := Input{Text: s}
		if cell {
			in.Source = FromNumber
		}
		fast, ok := plainInteger(field, in)
		if !ok {
			return
		}
		d, err := numberOf(in, PtBR)
		if err != nil {
			t.Fatalf("%q: fast %q, slow path refuses it: %v", s, fast, err)
		}
		slow, err := FormatNumber(d, field.Number, field.Type, "", "")
		if err != nil || slow != fast {
			t.Fatalf("%q in Number(%03d): fast %q, slow %q (%v)", s, precision, fast, slow, err)
		}
	})
}

// FuzzHasInvisible: the byte-level look finds a format character exactly where decoding every
// rune does, valid UTF-8 or not.
func FuzzHasInvisible(f *testing.F) {
	for _, s := range []string{"Serviço nº 7", "a\u00adb", "x\u200b", "\ufeff", "\xC2", "\xE2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasInvisible(s), strings.ContainsFunc(s, templates.Invisible); got != want {
			t.Fatalf("hasInvisible(%q) = %v, want %v", s, got, want)
		}
	})
}

// FuzzMayCompose: a text the byte-level look passes over is one NFC leaves as it is.
func FuzzMayCompose(f *testing.F) {
	for _, s := range []string{"Alimentação", "Se\u0301rie", "\u0340", "Ǆ ǅ", "\xC3", "ﬁ", "\u2126"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !mayCompose(s) && !norm.NFC.IsNormalString(s) {
			t.Fatalf("mayCompose(%q) = false, but NFC changes it to %q", s, norm.NFC.String(s))
		}
	})
}

// FuzzTwoWays: a number TwoWays finds reads in the run's locale as a thousand times its
// reading in the other, or a thousandth (one group of three digits taken for decimals);
// OtherWay finds only what the other locale reads, OwnOnly only what the run's reads.
func FuzzTwoWays(f *testing.F) {
	for _, s := range []string{"1.234", "1,234", "12.345", "-1.000", "R$ 1.234", "1 234.567", "0.001", "1.234.567", "12.50", "1.234,56", "000.000", ",234", ".234", "x1.234", "1.239", "9.999", "-.234", "1234.567", "1.2345"} {
		f.Add(s)
	}
	thousand := apd.New(1000, 0)
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range []Locale{PtBR, EnUS} {
			if _, ok := TwoWays(s, loc); ReadsTwoWays(s, loc) != ok {
				t.Fatalf("%q %s: ReadsTwoWays %v, TwoWays %v", s, loc, !ok, ok)
			}
			if there, ok := TwoWays(s, loc); ok {
				here, err := ParseDecimal(s, loc)
				if err != nil {
					t.Fatalf("%q %s: TwoWays but refused here: %v", s, loc, err)
				}
				var x, y apd.Decimal
				ctx := apd.BaseContext.WithPrecision(200)
				ctx.Mul(&x, there, thousand)
				ctx.Mul(&y, here, thousand)
				if x.Cmp(here) != 0 && y.Cmp(there) != 0 {
					t.Fatalf("%q %s: read %s here and %s there, not a thousand times more or less", s, loc, here, there)
				}
			}
			_, here := ParseDecimal(s, loc)
			_, there := ParseDecimal(s, loc.Other())
			if OtherWay(s, loc) != (here != nil && there == nil) {
				t.Fatalf("%q %s: OtherWay %v, read here: %v, there: %v", s, loc, OtherWay(s, loc), here, there)
			}
			if here == nil && OwnOnly(s, loc) != (there != nil) {
				t.Fatalf("%q %s: OwnOnly %v, read there: %v", s, loc, OwnOnly(s, loc), there)
			}
		}
	})
}

// FuzzShownCells: a number cell in a format of placeholders, and a date cell in any format,
// never panic. Where a format of 0 and # placeholders, literals and conditions shows a number,
// it shows it as Excel does (excelFill, written apart from fill): in the section whose
// condition holds, its literals in their places and, stripped of them, the number's digits
// with zeros in front; ZeroPadded sends it where it shows a digit and more than the number.
func FuzzShownCells(f *testing.F) {
	for _, c := range [][2]string{
		{"1310100", `00000\-000`}, {"1234567890", `000\.000\.000\-00`}, {"1", "000000"}, {"0", "###"},
		{"123456789", `"BR-"0000`}, {"1.5", "0000"}, {"-1", "000"}, {"1E+3", "00000"}, {"12", "[$-416]000;[Red]-000"},
		{"4733334444", `[<=99999999]####-####;(##) ####-####`}, {"33334444", `[<=99999999]####-####;(##) ####-####`},
		{"4733334444", `(##) ####-####`}, {"47333344445", `(##) ####-####`}, {"33334444", `(##) ####-####`},
		{"3334444", `[<=99999999]0000-0000;(00) 0000-0000`}, {"4733334444", `[<=99999999]0000-0000;[>=100000000](00) 0000-0000`},
		{"500", `[<100]0000;[>1000]00000`}, {"1234", `[=1234]"n. "0000;[<>5]00000`}, {"5", "[>=-1]0#0"}, {"0", `000;-000;"-"`},
		{"0", `"55 "##`}, {"1000000", `\000`}, {"1234", `00\#00`}, {"1234", `[<=9999.5]0000;00000`}, {"12", `0000;[<5]00`}, {"1", `[<=999999999999999999]0`},
		{"46387.5", "dd/mm/yyyy hh:mm"}, {"1.5", "[h]:mm:ss"}, {"0.0625", "hh:mm"}, {"0.5", `"x"\[h]`}, {"2", "[hh"},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, raw, code string) {
		_, _ = DateText(raw, code, false)
		pads := PadsZeros(code)
		got, ok := PaddedText(raw, code)
		z, zok := ZeroPadded(raw, code)
		if zok && (!ok || z != got) {
			t.Fatalf("%q in %q: ZeroPadded %q, PaddedText %q %v", raw, code, z, got, ok)
		}
		digits, v, whole := whole(raw)
		if !whole {
			if ok {
				t.Fatalf("%q in %q shows %q, but is no whole number", raw, code, got)
			}
			return
		}
		sec, secOK := sectionFor(code, v)
		if pads && v >= 1 && (!secOK || zeros(sec.parts) < 2) {
			t.Fatalf("%q in %q: PadsZeros, but its section %+v, %v", raw, code, sec, secOK)
		}
		if !secOK {
			if ok || zok {
				t.Fatalf("%q in %q shows %q with no section for it", raw, code, got)
			}
			return
		}
		if !sec.cond.holds(v) {
			t.Fatalf("%q in %q: section %+v, whose condition fails", raw, code, sec)
		}
		want, settled := excelFill(sec.parts, digits)
		if ok != settled || ok && got != want {
			t.Fatalf("%q in %q shows %q, %v; Excel %q, %v", raw, code, got, ok, want, settled)
		}
		if !ok {
			return
		}
		// Stripped of its literals (where they hold no digit), what is shown is the number's
		// digits, zeros in front at most as many as the 0 placeholders.
		var lits strings.Builder
		for _, p := range sec.parts {
			lits.WriteString(p.lit)
		}
		if strings.ContainsAny(lits.String(), "0123456789") {
			return
		}
		var digitsOf, restOf strings.Builder // bytes: a literal need not be UTF-8
		for i := 0; i < len(got); i++ {
			if got[i] >= '0' && got[i] <= '9' {
				digitsOf.WriteByte(got[i])
			} else {
				restOf.WriteByte(got[i])
			}
		}
		shownDigits, rest := digitsOf.String(), restOf.String()
		front := len(shownDigits) - len(digits)
		if rest != lits.String() || front < 0 || front > zeros(sec.parts) ||
			shownDigits != strings.Repeat("0", front)+digits {
			t.Fatalf("%q in %q shows %q: digits %q and %q besides, want %q and %q", raw, code, got, shownDigits, rest, digits, lits.String())
		}
		bare := digits
		if bare == "" {
			bare = "0"
		}
		if zok != (shownDigits != "" && got != bare) {
			t.Fatalf("%q in %q shows %q: ZeroPadded %v", raw, code, got, zok)
		}
	})
}

// excelFill is what Excel shows of a whole number's digits ("" for 0) in a section's parts:
// each placeholder takes the digit in its place counted from the right, the first also every
// digit beyond; one without a digit shows 0 if a 0, nothing if a #. settled is false for a #
// without a digit to the right of a 0, which fill refuses.
func excelFill(parts []part, digits string) (shown string, settled bool) {
	n := 0
	for _, p := range parts {
		if p.place != 0 {
			n++
		}
	}
	var b strings.Builder
	j, zeroSeen := 0, false
	for _, p := range parts {
		if p.place == 0 {
			b.WriteString(p.lit)
			continue
		}
		place := n - 1 - j // 0: the units
		if j == 0 && len(digits) > n {
			b.WriteString(digits[:len(digits)-n])
		}
		j++
		switch {
		case place < len(digits):
			b.WriteByte(digits[len(digits)-1-place])
		case p.place == '0':
			b.WriteByte('0')
		case zeroSeen:
			return "", false
		}
		zeroSeen = zeroSeen || p.place == '0'
	}
	return b.String(), true
}

// FuzzPartialDate holds PartialDate (a date format that shows no day, month or year) to what
// a format's first section says: it never panics; a second section changes nothing; a
// format of a full date (day, month and year, in any order, with or without a time after)
// is never partial, and one of a year alone, a day and month, or a month and year always is.
func FuzzPartialDate(f *testing.F) {
	for _, c := range []string{"dd/mm/yyyy", "d-mmm", "mmm-yy", "dd/mm", "yyyy", "h:mm", "[h]:mm", "dd/mm/yyyy hh:mm", `dd/mm/yyyy hh"h"`,
		"mm:ss", "h:mm AM/PM", `[$-416]d-mmm;@`, `"dia" dd`, `\dd/mm`, "dddd", "yyyy-mm-dd hh", "m/d/yy", "[", `"`, "mm"} {
		f.Add(c, "dd/mm/yyyy")
	}
	full := []string{"dd/mm/yyyy", "d/m/yy", "yyyy-mm-dd", "mm/dd/yyyy", "d-mmm-yyyy", "dd/mm/yyyy hh:mm", "dd/mm/yyyy hh", "yyyy-mm-dd hh:mm:ss"}
	partial := []string{"yyyy", "dd/mm", "d-mmm", "mmm-yy", "mm/yyyy", "dddd", "mmmm"}
	for _, c := range full {
		if PartialDate(c) {
			f.Errorf("%q: a full date taken for a partial one", c)
		}
	}
	for _, c := range partial {
		if !PartialDate(c) {
			f.Errorf("%q: a partial date not seen", c)
		}
	}
	f.Fuzz(func(t *testing.T, code, second string) {
		got := PartialDate(code)
		if !strings.ContainsAny(code, `;"\[_*`) {
			if with := PartialDate(code + ";" + second); with != got {
				t.Fatalf("%q: %v; with a second section %q: %v", code, got, second, with)
			}
		}
	})
}
