package values

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"seniorimporter/templates"

	"seniorimporter/outcome"
)

// MatchList accepts a list's code or its label, in any case, with or without accents and
// spaces ("Sim", "sim", "S" → "S"; "Incluir" → "1"), and returns the code.
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
	return "", newError(s, func(l outcome.Lang) string { return l.NotInList(listText(list)) })
}

func listText(list []templates.ListValue) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = v.Code + "=" + v.Label
	}
	return strings.Join(parts, ", ")
}

// Fold is the comparison key of a name or label: lower case, without accents, spaces or "_".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '\u00a0' {
			return -1
		}
		return unicode.ToLower(r)
	}, out)
}
