package readers

import (
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// encodeIn is s in the single-byte charset named.
func encodeIn(t testing.TB, name, s string) []byte {
	t.Helper()
	c, ok := singleByteNamed(name)
	if !ok {
		t.Fatalf("no charset %s", name)
	}
	b, err := c.cm.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("%q in %s: %v", s, name, err)
	}
	return []byte(b)
}

// TestSingleByte: Excel saves a CSV file in Windows-1252 ("CSV"), the DOS code page 850 ("CSV
// (MS-DOS)") or Mac Roman ("CSV (Macintosh)", Excel for Mac's "CSV"); each turns the others'
// accented letters into other letters and signs, which would reach Senior so. Rows of finance
// data, a few accents each, are read in the charset they were written in; Windows-1252 text
// with what the others' letters look like (curly quotes, a no-break space, ’, –, €, º) stays
// Windows-1252.
func TestSingleByte(t *testing.T) {
	rows := []string{
		"DESP-002;Alimentação em serviço;1",
		"DESP-003;Combustível & pedágios;1",
		"1;1;2003;1;Óleo lubrificante a granel;10004;030;R$ 1.851,85",
		"1;2009;1;1;M;Observação de um orçamento que não está no arquivo.;02/12/2026",
		"C-10;Construtora São João Ltda.;12.345.678/0001-90;São Paulo",
		"S1;Instalação elétrica;1",
		"P7;Peça de reposição;2",
		"3;Reunião de orçamento;31/12/2026;09:30",
		"X;Manutenção preventiva - março;1",
		"Y;Serviço de limpeza (área externa);1",
		"Z;Ação corretiva no compressor;1",
		"W;Vistoria técnica;1",
		"V;Consultoria jurídica;1",
		"U;Frete até o depósito;1",
		"T;Material de escritório;1",
	}
	for _, charset := range []string{"windows-1252", "cp850", "macintosh"} {
		for _, row := range rows {
			if got := singleByte(encodeIn(t, charset, row)); got != charset {
				t.Errorf("%q written in %s is read as %s", row, charset, got)
			}
		}
	}
	for _, row := range []string{
		"Q;“Entrega” rápida;1",
		"Q;Copo d’água;1",
		"Q;Sant’Ana do Livramento\u00A0– RS;1",
		"Q;Total: € 1.000,00 – 1º lote, 25°C;1",
		"Q;São\u00A0Paulo;R$\u00A010,00",
		"Q;2020–2021;—Sim",
		"Q;Müller & Peña;1",
		"P1;Men’s shirt;1", // an English possessive, and no accent at all
		"P2;Levi’s 501 – don’t wash hot;1",
		// One odd letter (a capital after a small one) against one good: another charset that
		// reads both as neither ("JOS…", "caf…" in Mac Roman) is no better, and the tie
		// keeps Windows-1252.
		"Q;JOSÉ;cafÉ",
		// An accent or an apostrophe's word as the text's last bytes.
		"Q;Café",
		"P3;I don’t",
	} {
		b, err := charmap.Windows1252.NewEncoder().String(row)
		if err != nil {
			t.Fatal(err)
		}
		if got := singleByte([]byte(b)); got != "windows-1252" {
			t.Errorf("%q written in Windows-1252 is read as %s", row, got)
		}
	}
}

func TestSingleByteNamed(t *testing.T) {
	for name, want := range map[string]string{
		"windows-1252": "windows-1252", "CP1252": "windows-1252", "latin_1": "windows-1252",
		"cp850": "cp850", "IBM850": "cp850", "MS-DOS": "cp850",
		"macintosh": "macintosh", "MacRoman": "macintosh", " mac ": "macintosh",
	} {
		if c, ok := singleByteNamed(name); !ok || c.name != want {
			t.Errorf("%q: %v %v, want %s", name, c, ok, want)
		}
	}
	for _, name := range []string{"", "utf-8", "ebcdic", "1252,cp850"} {
		if c, ok := singleByteNamed(name); ok {
			t.Errorf("%q names %s", name, c.name)
		}
	}
}

// TestSingleByteNeedsFewerFaults: another charset is taken over Windows-1252 only when it
// reads the text with fewer implausible characters, not with as many and more letters: here
// one fault in each, "aŠ" (a capital after a small letter) in Windows-1252 and "aè" (a letter
// Portuguese has not) in code page 850, which also reads "XÁ" four times; Windows-1252 stays.
func TestSingleByteNeedsFewerFaults(t *testing.T) {
	b := []byte("a\x8a X\xb5 X\xb5 X\xb5 X\xb5")
	if got := singleByte(b); got != "windows-1252" {
		t.Errorf("%q read as %s, want windows-1252", b, got)
	}
}
