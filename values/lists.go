package values

import (
	"strings"
	"unicode"

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

// Fold is the comparison key of a name or label (templates.Fold: lower case, without
// accents, spaces, "_" or characters no one sees), the catalogue's rule too.
func Fold(s string) string { return templates.Fold(s) }
