package values

import (
	"net/mail"
	"strings"
	"unicode"

	"seniorimporter/outcome"
	"seniorimporter/templates"
)

// checkText applies a field's check (templates.Field.Check) to its trimmed text. The text is
// sent as written: punctuation is accepted here, never removed (Options.Strip removes it).
// fromNumber tells a value that came from a numeric cell, which may have lost leading zeros.
func checkText(check, s string, fromNumber bool) error {
	switch check {
	case templates.CheckCNPJ:
		return checkCNPJ(s, fromNumber)
	case templates.CheckCPF:
		return checkCPF(s, fromNumber)
	case templates.CheckCEP:
		d, ok := digitsOf(s, ".-")
		if !ok || len(d) != 8 {
			return lostZeros(s, fromNumber && ok && len(d) < 8, outcome.Lang.NotCEP)
		}
	case templates.CheckEmail:
		a, err := mail.ParseAddress(s)
		if err != nil || a.Name != "" || a.Address != s {
			// Two addresses in one cell ("a@x.com; b@x.com"): say that, not "not an address".
			if l, err := mail.ParseAddressList(strings.ReplaceAll(s, ";", ",")); err == nil && len(l) > 1 {
				return newError(s, outcome.Lang.EmailsMany)
			}
			return newError(s, outcome.Lang.NotEmail)
		}
	}
	return nil
}

// checkCNPJ: 14 characters, the first 12 letters or digits (the alphanumeric CNPJ the Receita
// Federal issues from July 2026) and the last 2 check digits by module 11 over the
// characters' values (ASCII code − 48: '0'..'9' are 0..9, 'A'..'Z' are 17..42); the usual
// punctuation (12.345.678/0001-95) is accepted.
func checkCNPJ(s string, fromNumber bool) error {
	var b []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '.' || r == '/' || r == '-':
		case r >= '0' && r <= '9' || r >= 'A' && r <= 'Z':
			b = append(b, byte(r))
		default:
			return newError(s, outcome.Lang.NotCNPJ)
		}
	}
	if len(b) != 14 {
		allDigits := strings.Trim(string(b), "0123456789") == ""
		return lostZeros(s, fromNumber && allDigits && len(b) < 14, outcome.Lang.NotCNPJ)
	}
	if b[12] < '0' || b[12] > '9' || b[13] < '0' || b[13] > '9' {
		return newError(s, outcome.Lang.NotCNPJ)
	}
	if allSame(b) {
		return newError(s, outcome.Lang.RepeatedDigits)
	}
	if CNPJCheckDigits(string(b[:12])) != string(b[12:]) {
		return newError(s, outcome.Lang.CheckDigits)
	}
	return nil
}

// CNPJCheckDigits computes the two check digits of a CNPJ's first 12 characters (digits or
// capital letters).
func CNPJCheckDigits(base string) string {
	dv := func(chars string) byte {
		sum, w := 0, 2
		for i := len(chars) - 1; i >= 0; i-- {
			sum += int(chars[i]-'0') * w
			if w++; w > 9 {
				w = 2
			}
		}
		if r := sum % 11; r >= 2 {
			return byte('0' + 11 - r)
		}
		return '0'
	}
	d1 := dv(base)
	d2 := dv(base + string(d1))
	return string([]byte{d1, d2})
}

// checkCPF: 11 digits, the last 2 check digits by module 11; 123.456.789-09 is accepted.
func checkCPF(s string, fromNumber bool) error {
	d, ok := digitsOf(s, ".-")
	if !ok || len(d) != 11 {
		return lostZeros(s, fromNumber && ok && len(d) < 11, outcome.Lang.NotCPF)
	}
	if allSame([]byte(d)) {
		return newError(s, outcome.Lang.RepeatedDigits)
	}
	if CPFCheckDigits(d[:9]) != d[9:] {
		return newError(s, outcome.Lang.CheckDigits)
	}
	return nil
}

// CPFCheckDigits computes the two check digits of a CPF's first 9 digits.
func CPFCheckDigits(base string) string {
	dv := func(digits string) byte {
		sum := 0
		for i := range len(digits) {
			sum += int(digits[i]-'0') * (len(digits) + 1 - i)
		}
		if r := sum * 10 % 11; r < 10 {
			return byte('0' + r)
		}
		return '0'
	}
	d1 := dv(base)
	d2 := dv(base + string(d1))
	return string([]byte{d1, d2})
}

// digitsOf returns s's digits, dropping the punctuation given; ok is false when anything else
// is there.
func digitsOf(s, punct string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(punct, r):
		default:
			return "", false
		}
	}
	return b.String(), true
}

func allSame(b []byte) bool {
	for _, c := range b[1:] {
		if c != b[0] {
			return false
		}
	}
	return true
}

// lostZeros is the error of a value of the wrong length; when it came from a numeric cell
// that is shorter than it should be, the message says Excel may have dropped its leading zeros.
func lostZeros(s string, short bool, reason func(outcome.Lang) string) error {
	if !short {
		return newError(s, reason)
	}
	e := newError(s, func(l outcome.Lang) string { return reason(l) + "; " + l.LeadingZerosLost() })
	e.asText = true
	return e
}

// strip keeps a text's letters and digits only (Options.Strip).
func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}
