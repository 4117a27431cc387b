package readers

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// singleByteCharset is a charset of one byte a character that Excel saves CSV files in:
// "CSV (separado por vírgulas)" is Windows-1252 (Excel in Portuguese on Windows), "CSV
// (MS-DOS)" the DOS code page (850 where Windows is in Portuguese), "CSV (Macintosh)" and
// Excel for Mac's own CSV Mac Roman. Their bytes past ASCII are other letters in each: "ç" is
// E7 in the first, 87 in the second ("‡" in the first) and 8D in the third.
type singleByteCharset struct {
	name    string
	aliases []string
	cm      *charmap.Charmap

	once  sync.Once
	runes [256]rune
}

// singleByteCharsets: the first is the one a file is read in unless its text says otherwise.
var singleByteCharsets = []*singleByteCharset{
	{name: "windows-1252", aliases: []string{"cp1252", "iso-8859-1", "latin1", "latin-1"}, cm: charmap.Windows1252},
	{name: "cp850", aliases: []string{"ibm850", "850", "ms-dos", "dos"}, cm: charmap.CodePage850},
	{name: "macintosh", aliases: []string{"mac", "macroman", "mac-roman", "x-mac-roman"}, cm: charmap.Macintosh},
}

// table is the charset's rune of every byte.
func (c *singleByteCharset) table() *[256]rune {
	c.once.Do(func() {
		for i := range c.runes {
			c.runes[i] = c.cm.DecodeByte(byte(i))
		}
	})
	return &c.runes
}

// KnownCharset tells a charset the CSV reader takes as Options.Charset: "" (detected),
// utf-8, or a single-byte one by its name or an alias. The reader refuses any other when it
// opens a CSV file, in English; a command checks it first, to refuse it in its language.
func KnownCharset(name string) bool {
	_, ok := charsetNamed(name)
	return name == "" || ok
}

// charsetNamed is the charset the CSV reader reads for name (Options.Charset, not ""):
// "utf-8", or a single-byte charset's own name; false for one it does not know.
func charsetNamed(name string) (string, bool) {
	switch name {
	case "utf-8", "utf8":
		return "utf-8", true
	}
	sb, ok := singleByteNamed(name)
	if !ok {
		return "", false
	}
	return sb.name, true
}

// singleByteNamed finds a single-byte charset by its name or an alias, in any case, "_" for "-".
func singleByteNamed(name string) (*singleByteCharset, bool) {
	name = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), "_", "-"))
	for _, c := range singleByteCharsets {
		if name == c.name || slices.Contains(c.aliases, name) {
			return c, true
		}
	}
	return nil, false
}

// portuguese are the letters past ASCII that text in Portuguese (and its neighbours) is
// written with.
const portuguese = "áàâãéêíóôõúüçÁÀÂÃÉÊÍÓÔÕÚÜÇ"

// singleByte picks the charset of text b, which has bytes past ASCII and no UTF-8: the first
// (Windows-1252) unless b read in it holds what Portuguese text does not — a sign or a letter
// foreign to it inside a word: "Alimenta‡Æo" is a DOS file's "Alimentação", "Combust’vel"
// (where d’água may be) a Mac one's "Combustível" — and another charset reads it with fewer
// such and more letters that are. Read in the wrong one, every accented letter of the file
// would reach Senior changed. Windows-1252 is kept wherever its reading holds none of these;
// one accented word may read well in two charsets, a few rows of them decide.
func singleByte(b []byte) string {
	first := singleByteCharsets[0]
	good, bad := plausible(b, first.table())
	if bad == 0 {
		return first.name
	}
	best, bestScore := first, good-bad
	for _, c := range singleByteCharsets[1:] {
		g, bd := plausible(b, c.table())
		if bd < bad && g-bd > bestScore {
			best, bestScore = c, g-bd
		}
	}
	return best.name
}

// plausible counts, in b read through t, the letters past ASCII that Portuguese text has
// where it has them (good: in a word, in its case) and what it never has (bad: a capital
// after a small letter, a letter it does not use, a control or box-drawing character, a sign
// between two letters). A letter standing alone, or a sign outside a word, counts neither
// way: "–" in Windows-1252 is "û" in the DOS code page.
func plausible(b []byte, t *[256]rune) (good, bad int) {
	at := func(i int) rune {
		switch {
		case i < 0 || i >= len(b):
			return ' '
		case b[i] < utf8.RuneSelf:
			return rune(b[i])
		}
		return t[b[i]]
	}
	for i, c := range b {
		if c < utf8.RuneSelf {
			continue
		}
		r, prev, next := t[c], at(i-1), at(i+1)
		inWord := unicode.IsLetter(prev) || unicode.IsLetter(next)
		switch {
		case r == 'ç' || r == 'Ç':
			// Before a, o or u, never before e, i or a consonant: "rçpido" is not a word.
			if strings.ContainsRune("aouãõAOUÃÕ", next) {
				good++
			} else {
				bad++
			}
		case strings.ContainsRune(portuguese, r):
			switch {
			case unicode.IsUpper(r) && unicode.IsLower(prev),
				(r == 'à' || r == 'À') && unicode.IsLetter(next) && !strings.ContainsRune("qQsS", next): // à, às, àquele
				bad++
			case inWord, strings.ContainsRune("àéÀÉ", r): // à and é are words of their own
				good++
			}
		case r == '’':
			// d’água, Sant’Ana: an apostrophe inside a word comes before a vowel, or ends an
			// English word (Levi’s, don’t, we’ll, they’re, I’ve); "jur’dica" is neither.
			if unicode.IsLetter(prev) && unicode.IsLetter(next) && !isVowel(next) && !contraction(b[i+1:]) {
				bad++
			}
		case strings.ContainsRune("ºª°µ", r):
			// 1º, 25°C, µm: where they are, they may be.
		case strings.ContainsRune("¢£¥–—", r):
			// "s¢ " is "só " in the DOS code page, "s— " in Mac Roman: a word goes on
			// or ends in neither; 2020–2021 and "—Sim" may be.
			if unicode.IsLetter(prev) && !unicode.IsDigit(next) {
				bad++
			}
		case r == '…':
			if prev == ' ' { // "e, … direita": an ellipsis follows its word
				bad++
			}
		case r == '\u00A0': // a no-break space: São Paulo, R$ 10, never "lá:" nor "r pido"
			if unicode.IsLetter(prev) && (unicode.IsLower(next) || !unicode.IsLetter(next) && !unicode.IsDigit(next)) {
				bad++
			}
		case strings.ContainsRune("‚„†‡ˆ‰‹›˜¦¬¤¡¿", r):
			// Signs Brazilian data never has, wherever they stand: they are the DOS code
			// page's or Mac Roman's letters read in Windows-1252 (é, ã, ç, á, í, ...).
			bad++
		case unicode.IsLetter(r), unicode.IsControl(r), r >= 0x2500 && r <= 0x25FF, r == utf8.RuneError:
			bad++
		case unicode.IsLetter(prev) && unicode.IsLetter(next):
			bad++
		}
	}
	return good, bad
}

func isVowel(r rune) bool {
	return strings.ContainsRune("aeiouáàâãéêíóôõúAEIOUÁÀÂÃÉÊÍÓÔÕÚ", r)
}

// contraction tells whether b begins with the end of an English word after its apostrophe: s,
// t, d, m, ll, re or ve, then no letter.
func contraction(b []byte) bool {
	n := 0
	for n < len(b) && n < 3 && (b[n]|0x20 >= 'a' && b[n]|0x20 <= 'z') {
		n++
	}
	if n < len(b) && (b[n]|0x20 >= 'a' && b[n]|0x20 <= 'z' || b[n] >= utf8.RuneSelf) {
		return false // the word goes on
	}
	switch strings.ToLower(string(b[:n])) {
	case "s", "t", "d", "m", "ll", "re", "ve":
		return true
	}
	return false
}
