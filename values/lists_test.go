package values

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"seniorimporter/outcome"
	"seniorimporter/templates"
)

func TestMatchList(t *testing.T) {
	op, _ := templates.ParseList("1=Incluir;2=Alterar;3=Excluir")
	yn, _ := templates.ParseList("S=Sim;N=Não")
	ori, _ := templates.ParseList("C=Preço Custo;M=Preço Médio;N=Não Calcular")
	ret, _ := templates.ParseList("0=Processado;-1=Erro na Solicitação")
	rot, _ := templates.ParseList("24=Contas a Pagar - Entrada;27=Contas a Pagar - Baixa")
	bare, _ := templates.ParseList("A=;B=Bloqueado") // an entry without a label
	cases := []struct {
		name string
		in   string
		list []templates.ListValue
		want string // "" = refused
	}{
		{"code", "1", op, "1"},
		{"label", "Alterar", op, "2"},
		{"label any case and spaces", "  eXcLuIr ", op, "3"},
		{"drop-down choice", "1 - Incluir", op, "1"},
		{"choice without spaces", "1-Incluir", op, "1"},
		{"choice with en dash", "2 – Alterar", op, "2"},
		{"choice with em dash", "3 — Excluir", op, "3"},
		{"choice with minus sign", "3 − Excluir", op, "3"},
		{"choice with non-breaking hyphen", "3 \u2011 Excluir", op, "3"},
		{"choice lower case", "1 - incluir", op, "1"},
		{"choice extra spaces", " 1   -   Incluir ", op, "1"},
		{"choice with NBSP", "1\u00a0-\u00a0Incluir", op, "1"},
		{"choice without accents", "N - Nao", yn, "N"},
		{"choice with accents", "N - Não", yn, "N"},
		{"choice S", "S - Sim", yn, "S"},
		{"choice label of two words", "M - Preço Médio", ori, "M"},
		{"choice label without accent", "C - preco custo", ori, "C"},
		{"code that is a negative number", "-1", ret, "-1"},
		{"choice whose code has a minus", "-1 - Erro na Solicitação", ret, "-1"},
		{"label with a dash in it", "Contas a Pagar - Entrada", rot, "24"},
		{"choice whose label has a dash", "24 - Contas a Pagar - Entrada", rot, "24"},
		{"choice whose label has a dash, en dashes", "27 – Contas a Pagar – Baixa", rot, "27"},
		{"code and label disagree", "1 - Alterar", op, ""},
		{"code of one, label of none", "1 - Mudar", op, ""},
		{"unknown code", "4", op, ""},
		{"unknown code in choice form", "4 - Incluir", op, ""},
		{"half a choice", "1 -", op, ""},
		{"dash and label only", "- Incluir", op, ""},
		{"other separator is not a choice", "1 / Incluir", op, ""},
		{"label then code", "Incluir - 1", op, ""},
		{"empty", "", op, ""},
		{"code of an entry without a label", "a", bare, "A"},
		{"nothing to fold, an entry without a label", "_", bare, ""},
		{"code and a dash, an entry without a label", "A -", bare, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := MatchList(c.in, c.list)
			if c.want == "" {
				var e *Error
				if !errors.As(err, &e) || !strings.HasPrefix(e.Message(outcome.EN), "is not one of the accepted values") {
					t.Fatalf("MatchList(%q) = %q, %v; want a notInList error", c.in, got, err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("MatchList(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}

// TestMatchListChoicesOfEveryPort: every drop-down choice a template shows, as the template
// writes it, reads back as its code, for every list field of every port.
func TestMatchListChoicesOfEveryPort(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func([]*templates.Field)
	walk = func(fs []*templates.Field) {
		for _, f := range fs {
			walk(f.Fields)
			for _, v := range f.List {
				choice := templates.Choice(v)
				got, err := MatchList(choice, f.List)
				if err != nil || got != v.Code {
					t.Errorf("%s: %q → %q, %v; want %q", f.Path, choice, got, err, v.Code)
				}
				n++
			}
		}
	}
	for _, p := range c.Ports() {
		walk(p.Fields)
	}
	if n == 0 {
		t.Fatal("no list field in the catalogue")
	}
}

// FuzzMatchList: whatever is typed, an accepted value is a code of the list; and every
// entry's choice "code - label", as the template writes it and with other dashes and case,
// is accepted, as that entry's code or as the code of an entry that the typed text names
// just as well (two entries may fold alike; MatchList never refuses a shown choice).
func FuzzMatchList(f *testing.F) {
	for _, s := range []string{"1", "Incluir", "1 - Incluir", "2 – alterar", "-1 - Erro", "x-y", "—", "S - Não"} {
		f.Add(s, "1=Incluir;2=Alterar;-1=Erro;S=Sim;N=Não")
	}
	f.Fuzz(func(t *testing.T, s, spec string) {
		list, err := templates.ParseList(spec)
		if err != nil || !utf8.ValidString(spec) { // a catalogue is YAML: valid UTF-8
			return
		}
		if got, err := MatchList(s, list); err == nil {
			found := false
			for _, v := range list {
				found = found || v.Code == got
			}
			if !found {
				t.Fatalf("MatchList(%q) = %q, not a code of %v", s, got, list)
			}
		}
		for _, v := range list {
			if Fold(v.Code) == "" || Fold(v.Label) == "" {
				continue
			}
			choices := []string{templates.Choice(v), v.Code + " — " + v.Label}
			if Fold(strings.ToLower(v.Label)) == Fold(v.Label) {
				choices = append(choices, v.Code+"–"+strings.ToLower(v.Label))
			}
			for _, choice := range choices {
				got, err := MatchList(choice, list)
				if err != nil {
					t.Fatalf("MatchList(%q) refused a choice: %v (list %v)", choice, err, list)
				}
				k := Fold(choice)
				fits := false
				for _, w := range list {
					if w.Code == got && (Fold(w.Code) == k || Fold(w.Label) == k ||
						foldDashes(Fold(w.Code))+"-"+foldDashes(Fold(w.Label)) == foldDashes(k)) {
						fits = true
					}
				}
				if !fits {
					t.Fatalf("MatchList(%q) = %q, an entry the text does not name (list %v)", choice, got, list)
				}
			}
		}
	})
}

// Fold gives what stripping the accents of the whole text then folding it gives, for ASCII
// (no stripping) and for text with accents, composed or not, from several goroutines at once
// (its transformers are pooled).
func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Incluir":            "incluir",
		"1 - Incluir":        "1-incluir",
		"Código_do Produto":  "codigodoproduto",
		"Ação\u00a0Já":       "acaoja",
		"Cafe\u0301":         "cafe", // decomposed é
		"ÇÃO":                "cao",
		"":                   "",
		"UN":                 "un",
		"\u200eCodPro\u200b": "codpro", // copied from a web page
	} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			for range 50 {
				if got := Fold(in); got != want {
					t.Fatalf("Fold(%q) = %q, want %q", in, got, want)
				}
			}
		})
	}
}

func BenchmarkMatchList(b *testing.B) {
	list := []templates.ListValue{{Code: "D", Label: "Digitado"}, {Code: "T", Label: "Tabela de preço"}, {Code: "C", Label: "Cálculo"}}
	for _, in := range []string{"D", "Cálculo"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := MatchList(in, list); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
