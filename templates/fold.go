package templates

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold is the comparison key of a name or label: lower case, without accents, spaces, "_" or
// characters no one sees (Invisible). One rule for the catalogue, which refuses two fields or
// two list entries a column could not tell apart, and for the reader, which matches headers,
// file names and list values by it (values.Fold).
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
		if unicode.IsSpace(r) || r == '_' || r == '\u00a0' || Invisible(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// accents strips a text's accents: decomposed, its combining marks removed, composed again.
var accents = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Invisible tells a character no one sees: a soft hyphen, a zero-width space or joiner, a
// direction mark, a byte-order mark (Unicode's format characters from U+00AD on).
func Invisible(r rune) bool { return r >= 0xAD && unicode.Is(unicode.Cf, r) }
