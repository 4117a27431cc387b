package values

import (
	"strings"
	"unicode"
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
	s = strings.TrimFunc(s, edgeSpace)
	// The errors' closures capture copies made where they are built (at, bad, pair, n): a
	// variable of the loop that a closure captured would go to the heap at every call.
	pos := 0
	var prev, prev2 rune
	for _, r := range s {
		pos++
		switch {
		case !xmlChar(r):
			bad, at := r, pos
			return "", newError(orig, func(l outcome.Lang) string { return l.ForbiddenChar(bad, at) })
		case r == utf8.RuneError:
			// What a reader puts where a file had bytes that are not text: never sent as such.
			at := pos
			return "", newError(orig, func(l outcome.Lang) string { return l.ReplacementChar(at) })
		case (prev == 'Ã' || prev == 'Â') && mojibake(prev, r):
			pair := string([]rune{prev, r})
			return "", newError(orig, func(l outcome.Lang) string { return l.DoubleEncoded(pair) })
		case prev >= 'ˆ' && otherCodePage(prev2, prev, r): // the test first: this is every rune of every text
			trace := string([]rune{prev2, prev, r})
			return "", newError(orig, func(l outcome.Lang) string { return l.OtherCodePage(trace) })
		case r >= 0x7F && r <= 0x9F:
			// DEL and the C1 controls: XML 1.0 lets them through, and no one sees them. In a
			// cell they are the trace of Windows-1252 text converted as ISO-8859-1 (Latin-1)
			// by whatever wrote the file: "d\u0092água" for "d’água", "\u0096" for "–".
			bad, at := r, pos
			return "", newError(orig, func(l outcome.Lang) string { return l.ControlChar(bad, latin1As1252(bad), at) })
		}
		prev2, prev = prev, r
	}
	n := pos
	if maxRunes > 0 && n > maxRunes {
		return "", newError(orig, func(l outcome.Lang) string { return l.TooLong(n, maxRunes) })
	}
	if maxRunes <= 0 && n > MaxUndocumented {
		return "", newError(orig, func(l outcome.Lang) string { return l.TooLongUndocumented(n, MaxUndocumented) })
	}
	return s, nil
}

// edgeSpace is a character trimmed from around a text: a tab, a line break, and every space
// of Unicode (category Zs: the no-break space, the em and en spaces and the thin one of a web
// page or a PDF, the ideographic space), which shows as a space: "\u2003C1" went as a CRM
// record of its own beside "C1". Other controls are not: they are errors wherever they are.
func edgeSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\n', '\u00a0':
		return true
	}
	return r >= 0x1680 && unicode.Is(unicode.Zs, r)
}

// mojibake reports whether two characters are the trace of UTF-8 text read as Windows-1252 or
// Latin-1 and saved again ("Ã§" for "ç", "Ã£" for "ã", "Ã©" for "é"): Ã or Â followed by a
// character that, in those charsets, stands for a UTF-8 continuation byte. Portuguese text
// never has them side by side (Ã only begins words like "ÃO" in capitals, followed by a
// letter).
func mojibake(prev, r rune) bool {
	if prev != 'Ã' && prev != 'Â' {
		return false
	}
	if r >= 0x80 && r <= 0xBF {
		return true
	}
	return strings.ContainsRune("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ", r)
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

// latin1As1252 is the character of Windows-1252 whose byte is the C1 control c (0x92 is ’),
// or 0 where Windows-1252 has none (0x81, 0x8D, 0x8F, 0x90, 0x9D) or for DEL.
func latin1As1252(c rune) rune {
	const c1 = "€\x00‚ƒ„…†‡ˆ‰Š‹Œ\x00Ž\x00\x00‘’“”•–—˜™š›œ\x00žŸ"
	if c < 0x80 || c > 0x9F {
		return 0
	}
	return []rune(c1)[c-0x80]
}

// otherCodePage reports whether a sign between two letters is the trace of a CSV file written
// in the DOS code page 850 or Mac Roman (Excel's "CSV (MS-DOS)" and "CSV (Macintosh)") and
// opened as Windows-1252, then saved: "Alimenta‡Æo" (ç and ã), "Servi‡o", "ped‡gios" (á in
// Mac Roman), "t‚cnica" (é). No word has these signs inside it.
func otherCodePage(before, sign, after rune) bool {
	return strings.ContainsRune("‚„†‡ˆ‰‹›", sign) && unicode.IsLetter(before) && unicode.IsLetter(after)
}

// Levenshtein is the edit distance between a and b: the fewest characters inserted, deleted
// or replaced to turn one into the other. What a name was likely meant to be (a column, a
// flag) is the known one nearest it.
func Levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
