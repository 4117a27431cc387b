package values

import (
	"strings"
	"unicode/utf8"

	"seniorimporter/outcome"
)

// MaxUndocumented is the most characters sent to a field whose length Senior does not
// document (the CRM ones): a spreadsheet cell's own limit.
const MaxUndocumented = 32767

// CheckText trims surrounding spaces and checks the text against String(maxRunes) (0: no
// documented length, so at most MaxUndocumented) and XML 1.0's character range. Over-long
// text is an error, never cut.
func CheckText(s string, maxRunes int) (string, error) {
	orig := s
	if !utf8.ValidString(s) {
		return "", newError(orig, outcome.Lang.NotUTF8)
	}
	s = strings.Trim(s, " \t\r\n\u00a0\u202f")
	pos := 0
	for _, r := range s {
		pos++
		if !xmlChar(r) {
			return "", newError(orig, func(l outcome.Lang) string { return l.ForbiddenChar(r, pos) })
		}
	}
	if maxRunes > 0 && pos > maxRunes {
		return "", newError(orig, func(l outcome.Lang) string { return l.TooLong(pos, maxRunes) })
	}
	if maxRunes <= 0 && pos > MaxUndocumented {
		return "", newError(orig, func(l outcome.Lang) string { return l.TooLongUndocumented(pos, MaxUndocumented) })
	}
	return s, nil
}

// xmlChar reports whether XML 1.0 allows r: #x9 | #xA | #xD | [#x20-#xD7FF] |
// [#xE000-#xFFFD] | [#x10000-#x10FFFF].
func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}
