package values

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"seniorimporter/outcome"
	"seniorimporter/templates"
)

// MatchList accepts a list's code, its label, or both as the templates' drop-downs show them
// ("1 - Incluir"), in any case, with or without accents and spaces, and with any dash between
// code and label (-, –, —): "Sim", "sim", "S" and "S - Sim" → "S"; "Incluir" and
// "1 – incluir" → "1". In the "code - label" form both halves must name the same entry
// ("1 - Alterar" is refused, not guessed). It returns the code.
func MatchList(s string, list []templates.ListValue) (string, error) {
	k := Fold(s)
	for _, v := range list {
		if k == Fold(v.Code) {
			return v.Code, nil
		}
	}
	for _, v := range list {
		if v.Label != "" && k == Fold(v.Label) {
			return v.Code, nil
		}
	}
	// Fold has removed the spaces, so "1 - Incluir" is now "1-incluir".
	if d := foldDashes(k); strings.ContainsRune(d, '-') {
		for _, v := range list {
			if v.Label != "" && d == foldDashes(Fold(v.Code))+"-"+foldDashes(Fold(v.Label)) {
				return v.Code, nil
			}
		}
	}
	return "", newError(s, func(l outcome.Lang) string { return l.NotInList(listText(list)) })
}

// foldDashes writes every dash (hyphen, en and em dashes, the minus sign) as "-".
func foldDashes(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\u2212' || unicode.Is(unicode.Pd, r) {
			return '-'
		}
		return r
	}, s)
}

func listText(list []templates.ListValue) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = v.Code + "=" + v.Label
	}
	return strings.Join(parts, ", ")
}

// Fold is the comparison key of a name or label: lower case, without accents, spaces, "_" or
// characters no one sees (dropInvisible).
// A list field's every value folds the value and the list's entries, so this is on the path
// of every row: ASCII (most codes and labels) skips the accent stripping, and its
// transformers, whose making allocated some 12 KB of buffers each time (a fifth of a
// validate of 400,000 item rows), are pooled.
func Fold(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			t := accents.Get().(transform.Transformer)
			if out, _, err := transform.String(t, s); err == nil {
				s = out
			}
			accents.Put(t)
			break
		}
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '\u00a0' || invisible(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// accents strips a text's accents: decomposed, its combining marks removed, composed again.
var accents = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}
