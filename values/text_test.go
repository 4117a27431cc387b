package values

import (
	"strings"
	"testing"

	"seniorimporter/outcome"
)

// Text that would reach Senior garbled is refused: the replacement character a reader puts
// for bytes that were not text, and accents converted twice.
// Spaces of every kind around a text are trimmed, as the no-break space always was: an em
// space copied from a web page in front of a key made it another record.
func TestCheckTextTrimsEverySpace(t *testing.T) {
	for in, want := range map[string]string{
		" C1 ": "C1", "\u00a0C1\u202f": "C1", "\u2003C1": "C1", "QD-100\u3000": "QD-100", "\u2002x\u2009": "x",
		"\u205fA\u1680": "A", "\t\r\nA B\n": "A B", "A\u2003B": "A\u2003B",
	} {
		if got, err := CheckText(in, 0); err != nil || got != want {
			t.Errorf("CheckText(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestCheckTextRefusesGarbled(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" = accepted as is
	}{
		{"Instalação", ""},
		{"SÃO PAULO", ""},
		{"Â", ""},
		{"Instala\uFFFDo", "contém o caractere � na posição 8"},
		{"InstalaÃ§Ã£o", `contém "Ã§", acentos convertidos duas vezes`},
		{"AÃ©reo", `contém "Ã©"`},
		{"Â£ 10", `contém "Â£"`},
		{"preÃ‡o", `contém "Ã‡"`},
		// A DOS or Mac CSV file opened as Windows-1252 and saved (as a workbook, say).
		{"Alimenta‡Æo em servi‡o", `contém "a‡Æ", acentos de outra codificação`},
		{"Combust’vel & ped‡gios", `contém "d‡g"`},
		{"Vistoria t‚cnica", `contém "t‚c"`},
		{"Cota‡ões", `contém "a‡õ"`},
		{"Item ‡ vista", ""},
		{"“Entrega” rápida – d’água", ""},
		{"R$ 10 ‰", ""},
		// Windows-1252 text converted as ISO-8859-1 (Latin-1): C1 controls no one sees.
		{"Olho d\u0092água", `contém o caractere de controle U+0092 na posição 7, que não se vê: é o "’" do Windows-1252`},
		{"Manutenção \u0096 revisão", `U+0096 na posição 12, que não se vê: é o "–"`},
		{"\u0080 10", `é o "€"`},
		{"Caf\u0081", "contém o caractere de controle U+0081 na posição 4, que não se vê e não é texto: apague-o"},
		{"x\u007fy", "contém o caractere de controle U+007F na posição 2, que não se vê e não é texto: apague-o"},
		{"line\u0085break", "U+0085"},
		{"InstalaÃ\u0087Ã\u0083o", `contém "Ã\u0087", acentos convertidos duas vezes`},
		{"Ã\u0080", `contém "Ã\u0080", acentos convertidos duas vezes`},
		{"Ã¿", `contém "Ã¿", acentos convertidos duas vezes`}, // ÿ's second byte, BF, the last continuation byte
		{"ÃÀ", ""}, // C0 begins a character: no trace of one read twice
		{"Ã\u007f", "contém o caractere de controle U+007F na posição 2"}, // DEL: no continuation byte
		// A tab and line breaks inside a text (an address typed with Alt+Enter) are XML's.
		{"Rua A, 10\nApto 2", ""}, {"Rua A, 10\r\nApto 2", ""}, {"A\tB", ""},
		// The edges of the controls refused: "~" before DEL and the no-break space after U+009F
		// are text (a no-break space between two words is sent as written).
		{"a~b", ""}, {"a\u009fb", "U+009F"}, {"R$\u00a010", ""},
		// The edges of the characters XML 1.0 allows (xmlChar): inside them, sent as is.
		{"a\ud7ffb", ""}, {"a\ue000b", ""}, {"a\U00010000b", ""}, {"a\U0010ffffb", ""},
		{"a\ufffeb", "contém o caractere U+FFFE na posição 2, que o XML 1.0 não aceita"},
		{"a\uffffb", "U+FFFF"}, {"a\x1fb", "U+001F"},
	}
	for _, c := range cases {
		got, err := CheckText(c.in, 0)
		var msg string
		if e, ok := err.(*Error); ok {
			msg = e.Message(outcome.PT)
		}
		switch {
		case c.want == "" && (err != nil || got != c.in):
			t.Errorf("%q: %q, %v", c.in, got, err)
		case c.want != "" && !strings.Contains(msg, c.want):
			t.Errorf("%q: %q, want %q", c.in, msg, c.want)
		}
	}
}

func TestLevenshtein(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"workers", "workers", 0}, {"wokers", "workers", 1}, {"", "abc", 3}, {"abc", "", 3},
		{"descricao", "descrição", 2}, // by characters, not bytes
		{"kitten", "sitting", 3}, {"flaw", "lawn", 2},
	} {
		if got := Levenshtein([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Levenshtein([]rune(c.b), []rune(c.a)); got != c.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", c.b, c.a, got, c.want)
		}
	}
}
