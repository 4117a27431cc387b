package values

import (
	"errors"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/templates"
)

// field builds a catalogue field the way the loader does.
func field(t testing.TB, typ, format, list string) *templates.Field {
	t.Helper()
	y := "name: T\nproduct: g5\noperation: T\naccess: write\nkey: [f]\nfields:\n  - {name: f, type: " + typ
	if format != "" {
		y += ", format: \"" + format + "\""
	}
	if list != "" {
		y += ", values: \"" + list + "\""
	}
	y += "}\n"
	p, err := templates.ParsePort([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	return p.Fields[0]
}

func TestNormaliseNumbers(t *testing.T) {
	cases := []struct {
		name, typ, format string
		in                Input
		opt               Options
		want, err         string // err: the English reason
	}{
		{"Number(021,10) Double keeps 21 digits", "Double", "Number(021,10)", Input{Text: "12345678901,1234567891"}, Options{}, "12345678901.1234567891", ""},
		{"+-5 is a typo", "Double", "Number(015,5)", Input{Text: "+-5"}, Options{}, "", "is not a number"},
		{"a decimal comma and no decimals", "Double", "Number(015,2)", Input{Text: "5,"}, Options{}, "", "is not a number"},
		{"a true/false cell into a number", "Double", "Number(015,2)", Input{Text: "1", Source: FromBool}, Options{}, "", "is a true/false cell where a number is expected"},
		{"-+5 is a typo", "Double", "Number(015,5)", Input{Text: "-+5"}, Options{}, "", "is not a number"},
		{"++5 is a typo", "Double", "Number(015,5)", Input{Text: "++5"}, Options{}, "", "is not a number"},
		{"+5 is 5", "Double", "Number(015,5)", Input{Text: "+5"}, Options{}, "5.00000", ""},
		{"+R$ 5", "Double", "Number(015,2)", Input{Text: "+R$ 5"}, Options{}, "5.00", ""},
		{"a Double of no scale keeps 15 digits", "Double", "", Input{Text: "123456789012,345"}, Options{}, "123456789012.345", ""},
		{"a Double of no scale, 16 digits", "Double", "", Input{Text: "1234567890123,456"}, Options{}, "", "has 16 significant digits; the field is a Double, which keeps 15: Senior would store another number"},
		{"a Double of no scale, 20 digits", "Double", "", Input{Text: "12345678901234567891"}, Options{}, "", "has 20 significant digits; the field is a Double, which keeps 15: Senior would store another number"},
		{"a Double of no scale, trailing zeros", "Double", "", Input{Text: "1,1000000000000000000"}, Options{}, "1.1000000000000000000", ""},
		{"350,2 into Number(005,2)", "Double", "Number(005,2)", Input{Text: "350,2"}, Options{}, "350.20", ""},
		{"pt-BR 1.234 is 1234", "Double", "Number(015,2)", Input{Text: "1.234"}, Options{}, "1234.00", ""},
		{"pt-BR grouped", "Double", "Number(015,2)", Input{Text: "1.234.567,89"}, Options{}, "1234567.89", ""},
		{"pt-BR 12.50 names the locale", "Double", "Number(015,2)", Input{Text: "12.50"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 12,50)"},
		{"pt-BR 1234.567", "Double", "Number(015,2)", Input{Text: "1234.567"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 1234,567)"},
		// A group of other than three digits is no thousands' group, by point or by space: read
		// as one, "1.2345,00" went as 12345.00 and "1 23,50" as 123.50.
		{"pt-BR a group of four digits", "Double", "Number(015,2)", Input{Text: "1.2345,00"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 12345,00)"},
		{"pt-BR a space that groups two digits", "Double", "Number(015,2)", Input{Text: "1 23,50"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 123,50)"},
		{"pt-BR spaces that group thousands", "Double", "Number(015,2)", Input{Text: "1 234 567,89"}, Options{}, "1234567.89", ""},
		// A field of whole numbers is told the whole number, not a decimal it refuses in turn.
		{"pt-BR 5001.0 into a code", "Double", "Number(009)", Input{Text: "5001.0"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 5001)"},
		{"pt-BR 1,234,567 into a code", "Integer", "Number(009)", Input{Text: "1,234,567"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 1234567)"},
		{"pt-BR -1,234,567 into a code", "Integer", "", Input{Text: "-1,234,567"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write -1234567)"},
		{"pt-BR 12.5 into a code: decimals either way", "Double", "Number(009)", Input{Text: "12.5"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 12,5)"},
		{"en-US 5001,00 into a code", "Double", "Number(009)", Input{Text: "5001,00"}, Options{Locale: EnUS}, "", "is not a number in en-US: the comma groups thousands in threes and the point marks decimals (write 5001)"},
		{"en-US grouped", "Double", "Number(015,2)", Input{Text: "1,234.56"}, Options{Locale: EnUS}, "1234.56", ""},
		{"en-US plain", "Double", "Number(015,2)", Input{Text: "1234.56"}, Options{Locale: EnUS}, "1234.56", ""},
		{"en-US 12,50", "Double", "Number(015,2)", Input{Text: "12,50"}, Options{Locale: EnUS}, "", "is not a number in en-US: the comma groups thousands in threes and the point marks decimals (write 12.50)"},
		{"pt-BR 0.750: no thousands grouped", "Double", "Number(015,3)", Input{Text: "0.750"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 0,750)"},
		{"pt-BR -0.500 keeps its sign", "Double", "Number(015,3)", Input{Text: "-0.500"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write -0,500)"},
		{"pt-BR (12.50) keeps its sign", "Double", "Number(015,2)", Input{Text: "(12.50)"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write -12,50)"},
		{"en-US 0,5 grouped: no", "Double", "Number(015,3)", Input{Text: "0,500"}, Options{Locale: EnUS}, "", "is not a number in en-US: the comma groups thousands in threes and the point marks decimals (write 0.500)"},
		{"pt-BR 10.000 still ten thousand", "Double", "Number(015,2)", Input{Text: "10.000"}, Options{}, "10000.00", ""},
		{"currency", "Double", "Number(015,2)", Input{Text: "R$ 1.234,56"}, Options{}, "1234.56", ""},
		{"negative currency", "Double", "Number(015,2)", Input{Text: "-R$ 1.234,56"}, Options{}, "-1234.56", ""},
		{"percent kept as written", "Double", "Number(005,2)", Input{Text: "12,5%"}, Options{}, "12.50", ""},
		{"parentheses negative", "Double", "Number(015,2)", Input{Text: "(1.234,56)"}, Options{}, "-1234.56", ""},
		{"accounting negative, currency outside", "Double", "Number(015,2)", Input{Text: "R$ (1.234,56)"}, Options{}, "-1234.56", ""},
		{"accounting negative, currency inside", "Double", "Number(015,2)", Input{Text: "(R$ 1.234,56)"}, Options{}, "-1234.56", ""},
		{"parentheses and a minus", "Double", "Number(015,2)", Input{Text: "R$ (-1.234,56)"}, Options{}, "", "is not a number"},
		{"parentheses twice", "Double", "Number(015,2)", Input{Text: "((1,00))"}, Options{}, "", "is not a number"},
		{"minus negative", "Double", "Number(015,2)", Input{Text: "-1.234,56"}, Options{}, "-1234.56", ""},
		{"trailing minus negative", "Double", "Number(015,2)", Input{Text: "1.234,56-"}, Options{}, "-1234.56", ""},
		{"trailing minus after currency", "Double", "Number(015,2)", Input{Text: "R$ 1.234,56 -"}, Options{}, "-1234.56", ""},
		{"the minus sign U+2212", "Double", "Number(015,2)", Input{Text: "−1.234,56"}, Options{}, "-1234.56", ""},
		{"the minus sign after currency", "Double", "Number(015,2)", Input{Text: "R$ −12,50"}, Options{}, "-12.50", ""},
		{"an en dash is no minus", "Double", "Number(015,2)", Input{Text: "–12,50"}, Options{}, "", "is not a number"},
		{"accounting zero", "Double", "Number(015,2)", Input{Text: " R$ -   "}, Options{}, "0.00", ""},
		{"accounting zero, no space", "Double", "Number(015,2)", Input{Text: "R$-"}, Options{}, "0.00", ""},
		{"accounting zero without its symbol", "Double", "Number(015,2)", Input{Text: " -   "}, Options{}, "", "is a dash, not a number: if it is the zero of Excel's accounting format, write 0; if there is no value, leave the cell empty"},
		{"two dashes", "Double", "Number(015,2)", Input{Text: "R$ - -"}, Options{}, "", "is not a number"},
		// A sign and the symbol are read twice ("-R$ 1,00", "R$ -1,00"), no more: a third is a typo.
		{"the symbol three times", "Double", "Number(015,2)", Input{Text: "R$ R$ R$ 5"}, Options{}, "", "is not a number"},
		{"the symbol twice, then the sign", "Double", "Number(015,2)", Input{Text: "R$ R$ -5"}, Options{}, "", "is not a number"},
		{"minus at both ends", "Double", "Number(015,2)", Input{Text: "-1.234,56-"}, Options{}, "", "is not a number"},
		{"trailing minus in parentheses", "Double", "Number(015,2)", Input{Text: "(1.234,56-)"}, Options{}, "", "is not a number"},
		{"spaces and NBSP", "Double", "Number(015,2)", Input{Text: "\u00a0 1\u00a0234,5 "}, Options{}, "1234.50", ""},
		{"both separators both ways", "Double", "Number(015,2)", Input{Text: "1,234.56"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 1234,56)"},
		{"two decimal commas", "Double", "Number(015,2)", Input{Text: "1,2,3"}, Options{}, "", "is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write 12,3)"},
		{"letters", "Double", "Number(015,2)", Input{Text: "12a"}, Options{}, "", `is not a number: it holds the letter "a"`},
		// One letter among the figures is named, the two a figure is typed as by mistake with
		// the figure: "não é um número" alone sent the team looking at a value that reads right.
		{"a zero typed as the letter O", "Double", "Number(015,2)", Input{Text: "1.2O0,00"}, Options{}, "", `is not a number: it holds the letter "O" (the figure 0 typed as a letter?)`},
		{"a one typed as the letter l, after R$", "Double", "Number(015,2)", Input{Text: "R$ l.500,00"}, Options{}, "", `is not a number: it holds the letter "l" (the figure 1 typed as a letter?)`},
		{"a zero typed as the letter o, an integer", "Integer", "Number(009)", Input{Text: "1000o"}, Options{}, "", `is not a number: it holds the letter "o" (the figure 0 typed as a letter?)`},
		{"a unit after the number", "Double", "Number(014,5)", Input{Text: "2,5 un"}, Options{}, "", "is not a number"},
		{"a word", "Double", "Number(015,2)", Input{Text: "isento"}, Options{}, "", "is not a number"},
		{"a letter alone", "Double", "Number(015,2)", Input{Text: "O"}, Options{}, "", "is not a number"},
		{"another currency", "Double", "Number(015,2)", Input{Text: "US$ 10,00"}, Options{}, "", "is not a number"},
		{"too many decimals", "Double", "Number(005,2)", Input{Text: "1,005"}, Options{}, "", "has 3 decimal places; the field takes 2 (Number(005,2)) — round it in the spreadsheet, or use --round half-even"},
		{"half-even", "Double", "Number(005,2)", Input{Text: "1,005"}, Options{Rounding: RoundHalfEven}, "1.00", ""},
		{"half-up", "Double", "Number(005,2)", Input{Text: "1,005"}, Options{Rounding: RoundHalfUp}, "1.01", ""},
		{"trailing zeros are not precision", "Double", "Number(005,2)", Input{Text: "1,5000"}, Options{}, "1.50", ""},
		{"too many integer digits", "Double", "Number(005,2)", Input{Text: "1.234,5"}, Options{}, "", "has 4 digits before the decimal separator; the field takes at most 3 (Number(005,2))"},
		{"String declared goes with comma", "String", "Number(015,2)", Input{Text: "1234,5"}, Options{}, "1234,50", ""},
		{"separator override", "Double", "Number(015,2)", Input{Text: "1234,5"}, Options{Separator: SepComma}, "1234,50", ""},
		// --separator point overrides a String field's comma too, in a number field and in a
		// number cell sent to a text field.
		{"separator override, point for a String", "String", "Number(015,2)", Input{Text: "1234,5"}, Options{Separator: SepPoint}, "1234.50", ""},
		{"separator override, point for a number cell into text", "String", "", Input{Text: "1234.5", Source: FromNumber}, Options{Separator: SepPoint}, "1234.5", ""},
		{"scale 0", "Integer", "Number(004)", Input{Text: "0123"}, Options{}, "123", ""},
		{"scale 0 with zero decimals", "Integer", "Number(004)", Input{Text: "12,00"}, Options{}, "12", ""},
		{"scale 0 never rounds", "Integer", "Number(004)", Input{Text: "12,5"}, Options{Rounding: RoundHalfUp}, "", "is not a whole number; the field takes no decimals (Number(004))"},
		{"integer digits", "Integer", "Number(004)", Input{Text: "12345"}, Options{}, "", "has 5 digits before the decimal separator; the field takes at most 4 (Number(004))"},
		{"Double without format keeps decimals", "Double", "", Input{Text: "12,3400"}, Options{}, "12.3400", ""},
		{"Integer without format", "Integer", "", Input{Text: "42"}, Options{}, "42", ""},
		// An Integer of no documented format takes no decimals, as Number(p) does: "12.5" to
		// an xsd:int is Senior's error, naming no cell.
		{"Integer without format: decimals", "Integer", "", Input{Text: "12,5"}, Options{Rounding: RoundHalfUp}, "", "is not a whole number; the field takes no decimals (Integer)"},
		{"Integer without format: zero decimals", "Integer", "", Input{Text: "12,00"}, Options{}, "12", ""},
		{"Integer without format: its largest", "Integer", "", Input{Text: "2.147.483.647"}, Options{}, "2147483647", ""},
		{"Integer without format: its smallest", "Integer", "", Input{Text: "-2147483648"}, Options{}, "-2147483648", ""},
		{"Integer without format: past its largest", "Integer", "", Input{Text: "2147483648"}, Options{}, "", "is beyond what the field holds: it is an Integer (from -2147483648 to 2147483647), and Senior would refuse it"},
		{"Integer without format: a cell of 20 digits", "Integer", "", Input{Text: "99999999999999999999"}, Options{}, "", "is beyond what the field holds: it is an Integer (from -2147483648 to 2147483647), and Senior would refuse it"},
		{"Integer without format: past its smallest", "Integer", "", Input{Text: "-2147483649"}, Options{}, "", "is beyond what the field holds: it is an Integer (from -2147483648 to 2147483647), and Senior would refuse it"},
		{"negative zero", "Double", "Number(005,2)", Input{Text: "-0,00"}, Options{}, "0.00", ""},
		{"Excel binary noise", "Double", "Number(015,2)", Input{Text: "1234.5599999999999", Source: FromNumber}, Options{}, "1234.56", ""},
		// Excel shows a cell at 15 significant digits, a tie at the 16th rounded up (not to even).
		{"a cell's 16th digit a tie", "Double", "Number(021,15)", Input{Text: "1.000000000000025", Source: FromNumber}, Options{}, "1.000000000000030", ""},
		{"Excel 0.1+0.2", "Double", "Number(015,2)", Input{Text: "0.30000000000000004", Source: FromNumber}, Options{}, "0.30", ""},
		{"Excel exponent", "Double", "Number(014,5)", Input{Text: "1.5E-3", Source: FromNumber}, Options{}, "0.00150", ""},
		{"Excel cell ignores locale", "Double", "Number(015,2)", Input{Text: "12.5", Source: FromNumber}, Options{}, "12.50", ""},
		{"date cell into a number", "Double", "Number(015,2)", Input{Text: "46022", Source: FromDate}, Options{}, "", "is a date cell where a number is expected"},
		{"blank", "Double", "Number(015,2)", Input{Text: "  "}, Options{}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Normalise(field(t, c.typ, c.format, ""), c.in, c.opt)
			checkResult(t, got, err, c.want, c.err)
		})
	}
}

// TestPercentCells (12.11): a percent cell holds a fraction of one; its value is the stored
// number × 100, exactly, for every numeric field, and then the field's rules apply.
func TestPercentCells(t *testing.T) {
	pct := func(raw, format string) Input {
		return Input{Text: raw, Source: FromNumber, Percent: true, Format: format}
	}
	cases := []struct {
		name, typ, format string
		in                Input
		opt               Options
		want, err         string // err: the Portuguese reason
	}{
		{"5% into Number(005,2)", "Double", "Number(005,2)", pct("0.05", "0.00%"), Options{}, "5.00", ""},
		{"12,5% into Number(005,2)", "Double", "Number(005,2)", pct("0.125", "0.00%"), Options{}, "12.50", ""},
		{"100%", "Double", "Number(005,2)", pct("1", "0%"), Options{}, "100.00", ""},
		{"binary noise first, as Excel shows it", "Double", "Number(005,2)", pct("0.30000000000000004", "0%"), Options{}, "30.00", ""},
		{"negative", "Double", "Number(005,2)", pct("-0.025", "0.0%"), Options{}, "-2.50", ""},
		{"exponent", "Double", "Number(009,6)", pct("1.5E-5", "0.0000%"), Options{}, "0.001500", ""},
		{"String declared, comma", "String", "Number(005,2)", pct("0.05", "0%"), Options{}, "5,00", ""},
		{"Integer field, a code by all it says", "Integer", "Number(003)", pct("0.07", "0%"), Options{}, "",
			"é um percentual, e o campo é um código ou uma contagem (um valor de outra coluna?)"},
		{"Double without a format keeps the digits", "Double", "", pct("0.0525", "0.00%"), Options{}, "5.25", ""},
		{"Double without a format, a whole 50", "Double", "", pct("0.5", "0%"), Options{}, "50", ""},
		{"a half shown rounded up, as Excel shows it", "Double", "Number(005,1)", pct("0.1225", "0.0%"), Options{}, "",
			"a célula mostra 12,3% e guarda 0,1225: tem 2 casas decimais; o campo aceita 1 (Number(005,1)) — arredonde na planilha, ou use --round half-even"},
		{"more decimals than the field: what it shows and holds", "Double", "Number(005,2)", pct("0.05123", "0.00%"), Options{}, "",
			"a célula mostra 5,12% e guarda 0,05123: tem 3 casas decimais; o campo aceita 2 (Number(005,2)) — arredonde na planilha, ou use --round half-even"},
		{"what it shows, by its format", "Double", "Number(005,2)", pct("0.05125", "0%"), Options{}, "",
			"a célula mostra 5% e guarda 0,05125: tem 3 casas decimais; o campo aceita 2 (Number(005,2)) — arredonde na planilha, ou use --round half-even"},
		{"no format known: shown with the field's decimals", "Double", "Number(005,2)", pct("0.05125", ""), Options{}, "",
			"a célula mostra 5,13% e guarda 0,05125: tem 3 casas decimais; o campo aceita 2 (Number(005,2)) — arredonde na planilha, ou use --round half-even"},
		{"en-US numbers in the message", "Double", "Number(005,2)", pct("0.05123", "0.00%"), Options{Locale: EnUS}, "",
			"a célula mostra 5.12% e guarda 0.05123: tem 3 casas decimais; o campo aceita 2 (Number(005,2)) — arredonde na planilha, ou use --round half-even"},
		{"too large", "Double", "Number(005,2)", pct("12.5", "0%"), Options{}, "",
			"a célula mostra 1.250% e guarda 12,5: tem 4 dígitos antes da vírgula; o campo aceita no máximo 3 (Number(005,2))"},
		{"--round rounds it", "Double", "Number(005,2)", pct("0.05125", "0.00%"), Options{Rounding: RoundHalfEven}, "5.12", ""},
		{"text 5% is kept as written", "Double", "Number(005,2)", Input{Text: "5%", Percent: true}, Options{}, "5.00", ""},
		{"a percent cell in a text field is the percentage it shows", "String", "String(010)", pct("0.05", "0%"), Options{}, "5%", ""},
		{"with the decimals it shows", "String", "String(010)", pct("0.1555", "0.0%"), Options{Locale: PtBR}, "15,6%", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Normalise(field(t, c.typ, c.format, ""), c.in, c.opt)
			if c.err == "" {
				if err != nil || got != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %q, %v; want error %q", got, err, c.err)
			}
			if e.Message("pt") != c.err {
				t.Fatalf("error\n got %q\nwant %q", e.Message("pt"), c.err)
			}
		})
	}
}

func TestPercentDecimals(t *testing.T) {
	for format, want := range map[string]int{"0%": 0, "0.00%": 2, "#,##0.0%": 1, `0.000"%"`: -1, "0.00;[Red]-0.00%": 2, `0.0\.0%`: 2, "General": -1, ".00%": 2, `"n.º"0%`: 0, "0.0?%": 2} {
		n, ok := percentDecimals(format)
		if !ok {
			n = -1
		}
		if n != want {
			t.Errorf("%q: %d, want %d", format, n, want)
		}
	}
}

func checkResult(t *testing.T, got string, err error, want, wantErr string) {
	t.Helper()
	if wantErr != "" {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("got %q, %v; want error %q", got, err, wantErr)
		}
		if e.Message("en") != wantErr {
			t.Fatalf("error\n got %q\nwant %q", e.Message("en"), wantErr)
		}
		if e.Field != "f" {
			t.Fatalf("error field %q", e.Field)
		}
		return
	}
	if err != nil || got != want {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
}

func TestNormaliseDatesTimesTextLists(t *testing.T) {
	yn := "S=Sim;N=Não"
	op := "1=Incluir;2=Alterar;3=Excluir"
	cases := []struct {
		name, typ, format, list, temporal string
		in                                Input
		want, err                         string
	}{
		{"DD/MM/YYYY", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/12/2026"}, "31/12/2026", ""},
		{"D/M/YY", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "1/2/26"}, "01/02/2026", ""},
		{"D/M/YY pivot", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "1/2/75"}, "01/02/1975", ""},
		// 30-99 are 19yy and 00-29 20yy, as Excel and LibreOffice read them: a birthday saved by
		// LibreOffice as 15/03/48 is 1948.
		{"D/M/YY 48", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "15/03/48"}, "15/03/1948", ""},
		{"D/M/YY 30", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "01/07/30"}, "01/07/1930", ""},
		{"D/M/YY 29", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/12/29"}, "31/12/2029", ""},
		{"named month YY 35", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "01-jul-35"}, "01/07/1935", ""},
		{"DD-MM-YYYY", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31-12-2026"}, "31/12/2026", ""},
		{"DD.MM.YYYY", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31.12.2026"}, "31/12/2026", ""},
		{"YYYY-MM-DD", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "2026-12-31"}, "31/12/2026", ""},
		{"ISO date-time", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "2026-12-31T23:30:00-03:00"}, "31/12/2026", ""},
		{"date and time", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/12/2026 10:00"}, "31/12/2026", ""},
		{"date and a 12-hour time", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/12/2026 2:30 PM"}, "31/12/2026", ""},
		{"date and 12:05 AM", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/12/2026 12:05 AM"}, "31/12/2026", ""},
		{"date and 13:00 PM", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/12/2026 13:00 PM"}, "", "is not a day of the calendar"},
		{"impossible date", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/02/2026"}, "", "is not a day of the calendar"},
		{"a year before 1900", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/12/1899"}, "", "is outside the years 1900 to 9999"},
		{"the year 1900", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "01/01/1900"}, "01/01/1900", ""},
		{"a month/day date", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "12/31/2026"}, "", outcome.EN.MonthDayDate()},
		{"a month/day date that is no day either way", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "02/30/2026"}, "", "is not a day of the calendar"},
		{"an ISO date with a month over 12", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "2026-13-01"}, "", "is not a day of the calendar"},
		{"mixed separators", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/12-2026"}, "", "is not a date (write DD/MM/YYYY)"},
		{"not a date", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "amanhã"}, "", "is not a date (write DD/MM/YYYY)"},
		// Excel's date formats with the month's name, as a CSV file saved from them holds them.
		{"31/dez/2026", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/dez/2026"}, "31/12/2026", ""},
		{"1-mar-27", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "1-mar-27"}, "01/03/2027", ""},
		{"15.Fev.2026", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "15.Fev.2026"}, "15/02/2026", ""},
		{"31 dez. 2026", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31 dez. 2026"}, "31/12/2026", ""},
		{"long date", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31 de dezembro de 2026"}, "31/12/2026", ""},
		{"long date, 1º and março", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "1º de Março de 2027"}, "01/03/2027", ""},
		{"long date with its weekday", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "quinta-feira, 31 de dezembro de 2026"}, "31/12/2026", ""},
		{"long date, its weekday and no space after the comma", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "quinta-feira,31 de dezembro de 2026"}, "31/12/2026", ""},
		{"long date, another weekday and no space after the comma", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "sexta-feira,31 de dezembro de 2026"}, "", "names another day of the week: that date is a Thursday; fix the day or the date"},
		{"long date, Saturday", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "Sábado, 2 de janeiro de 2027"}, "02/01/2027", ""},
		{"long date with another weekday", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "sexta-feira, 31 de dezembro de 2026"}, "", "names another day of the week: that date is a Thursday; fix the day or the date"},
		{"not a weekday", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "amanhã, 31 de dezembro de 2026"}, "", "is not a date (write DD/MM/YYYY)"},
		{"weekday abbreviated, DDD DD/MM/AAAA", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "qui 31/12/2026"}, "31/12/2026", ""},
		{"weekday abbreviated with a point and a time", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "Sáb. 02/01/2027 09:30"}, "02/01/2027", ""},
		{"weekday in full before digits", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "sexta-feira, 01/01/2027"}, "01/01/2027", ""},
		{"weekday without -feira", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "quinta 31.12.2026"}, "31/12/2026", ""},
		{"weekday abbreviated, another day", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "sex 31/12/2026"}, "", "names another day of the week: that date is a Thursday; fix the day or the date"},
		{"a word that is no weekday before digits", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "dia 31/12/2026"}, "", "is not a date (write DD/MM/YYYY)"},
		{"English abbreviation", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31-Dec-2026"}, "31/12/2026", ""},
		{"a named month that is no day", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/fev/2026"}, "", "is not a day of the calendar"},
		{"named month, mixed separators", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/dez-2026"}, "", "is not a date (write DD/MM/YYYY)"},
		{"no such month", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "31/xyz/2026"}, "", "is not a date (write DD/MM/YYYY)"},
		{"a month and a year", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "dez/26"}, "", "is not a date (write DD/MM/YYYY)"},
		{"year first with slashes", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "2026/12/31"}, "31/12/2026", ""},
		{"year first, no such day", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "2026/31/12"}, "", "is not a day of the calendar"},
		{"Excel serial 1900", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "46022", Source: FromDate}, "31/12/2025", ""},
		{"Excel serial with time", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "46022.75", Source: FromDate}, "31/12/2025", ""},
		{"Excel serial 1904", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "44560", Source: FromDate, Date1904: true}, "31/12/2025", ""},
		{"Excel phantom 29/02/1900", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "60", Source: FromNumber}, "", "is serial 60, the day 29/02/1900 that exists only in Excel's 1900 date system"},
		{"Excel serial 59", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "59", Source: FromDate}, "28/02/1900", ""},
		{"Excel serial 61", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "61", Source: FromDate}, "01/03/1900", ""},
		{"a number cell into a date", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "46022", Source: FromNumber}, "", "is a number, not a date: the cell is formatted as a number (as a date it would be 31/12/2025); format it as a date, or write DD/MM/YYYY"},
		{"a small number cell into a date", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "5", Source: FromNumber}, "", "is a number, not a date: the cell is formatted as a number (as a date it would be 05/01/1900); format it as a date, or write DD/MM/YYYY"},
		// Five digits typed where a date goes: the serial of a day from 1960 to 2100 is said so.
		{"a serial typed, 01/01/1960", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "21916"}, "", "is not a date: it looks like the number Excel keeps for 01/01/1960 (the column was formatted as a number); format it as a date in the sheet and export again, or write DD/MM/YYYY"},
		{"a serial typed, 31/12/2100", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "73415"}, "", "is not a date: it looks like the number Excel keeps for 31/12/2100 (the column was formatted as a number); format it as a date in the sheet and export again, or write DD/MM/YYYY"},
		{"a serial typed, 31/12/1959", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "21915"}, "", "is not a date (write DD/MM/YYYY)"},
		{"a serial typed, 01/01/2101", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "73416"}, "", "is not a date (write DD/MM/YYYY)"},
		{"time cell into a date", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "0.5", Source: FromDate}, "", "is a time of day where a date is expected"},
		// A date cell at 23:59:59.999 (an export's end of day) is the day it shows.
		{"a date cell at the day's last millisecond", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "46022.99999998843", Source: FromDate, Format: "dd/mm/yyyy"}, "31/12/2025", ""},
		{"a time cell at the day's last millisecond", "String", "", "", "time", Input{Text: "0.99999998843", Source: FromDate, Format: "hh:mm"}, "23:59", ""},
		{"time cell into a date, 1904 system", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "0.75", Source: FromDate, Date1904: true}, "", "is a time of day where a date is expected"},
		{"the 1904 system's last second of a time alone", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "0.9999", Source: FromDate, Date1904: true}, "", "is a time of day where a date is expected"},
		{"the 1904 system's first day after", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "1", Source: FromDate, Date1904: true}, "02/01/1904", ""},
		{"CRM date", "String", "", "", "date", Input{Text: "1980-02-29"}, "29/02/1980", ""},
		{"CRM impossible date", "String", "", "", "date", Input{Text: "30/02/1980"}, "", "is not a day of the calendar"},
		{"CRM time", "String", "", "", "time", Input{Text: "9:05"}, "09:05", ""},
		// A 12-hour clock, as an English export writes it.
		{"2:30 PM", "String", "", "", "time", Input{Text: "2:30 PM"}, "14:30", ""},
		{"9:00 AM", "String", "", "", "time", Input{Text: "9:00 AM"}, "09:00", ""},
		{"1:30 PM", "String", "", "", "time", Input{Text: "1:30 PM"}, "13:30", ""},
		{"1 AM", "String", "", "", "time", Input{Text: "1 AM"}, "01:00", ""},
		{"12:15 a.m.", "String", "", "", "time", Input{Text: "12:15 a.m."}, "00:15", ""},
		{"12:00 PM", "String", "", "", "time", Input{Text: "12:00 PM"}, "12:00", ""},
		{"9pm", "String", "", "", "time", Input{Text: "9pm"}, "21:00", ""},
		{"11:59:59 PM", "String", "", "", "time", Input{Text: "11:59:59 PM"}, "23:59", ""},
		{"13:00 PM", "String", "", "", "time", Input{Text: "13:00 PM"}, "", "is not a time of day (write HH:MM)"},
		{"0:30 AM", "String", "", "", "time", Input{Text: "0:30 AM"}, "", "is not a time of day (write HH:MM)"},
		{"CRM time seconds", "String", "", "", "time", Input{Text: "09:05:59"}, "09:05", ""},
		{"CRM time as said: 9h", "String", "", "", "time", Input{Text: "9h"}, "09:00", ""},
		{"CRM time as said: 14H", "String", "", "", "time", Input{Text: "14H"}, "14:00", ""},
		{"CRM time as said: 9:30h", "String", "", "", "time", Input{Text: "9:30h"}, "09:30", ""},
		{"CRM time 24h", "String", "", "", "time", Input{Text: "24h"}, "", "is not a time of day (write HH:MM)"},
		{"CRM time h alone", "String", "", "", "time", Input{Text: "h"}, "", "is not a time of day (write HH:MM)"},
		{"CRM time 25:00", "String", "", "", "time", Input{Text: "25:00"}, "", "is not a time of day (write HH:MM)"},
		// The last minute and second of a day are times; a 60th is not, on either clock.
		{"CRM time 23:59", "String", "", "", "time", Input{Text: "23:59"}, "23:59", ""},
		{"time cell of no serial", "String", "", "", "time", Input{Text: "-1", Source: FromDate}, "", "is not a spreadsheet date serial"},
		{"time cell past 9999", "String", "", "", "time", Input{Text: "3000000", Source: FromDate}, "", "is outside the years 1900 to 9999"},
		{"CRM time 09:60", "String", "", "", "time", Input{Text: "09:60"}, "", "is not a time of day (write HH:MM)"},
		{"CRM time 09:05:60", "String", "", "", "time", Input{Text: "09:05:60"}, "", "is not a time of day (write HH:MM)"},
		{"2:30:60 PM", "String", "", "", "time", Input{Text: "2:30:60 PM"}, "", "is not a time of day (write HH:MM)"},
		{"2:60 PM", "String", "", "", "time", Input{Text: "2:60 PM"}, "", "is not a time of day (write HH:MM)"},
		{"CRM time cell", "String", "", "", "time", Input{Text: "0.375", Source: FromDate}, "09:00", ""},
		{"time cell of a format without seconds", "String", "", "", "time", Input{Text: "0.396342592592593", Source: FromDate, Format: "hh:mm"}, "09:30", ""},
		// A number cell is no time, as it is no date: 930 went as 00:00, 0.39583 as 09:30
		// unseen; a cell that shows a date or a duration is no time of day.
		{"a number cell into a time", "String", "", "", "time", Input{Text: "930", Source: FromNumber}, "", "is not a time of day (write HH:MM)"},
		{"a fraction cell into a time", "String", "", "", "time", Input{Text: "0.395833333333333", Source: FromNumber}, "", "is a number, not a time: the cell is formatted as a number (as a time it would be 09:30); format it as a time, or write HH:MM"},
		{"a date cell into a time", "String", "", "", "time", Input{Text: "46387", Source: FromDate, Format: "dd/mm/yyyy"}, "", "the cell shows 31/12/2026, not a time of day: this column takes the time alone (HH:MM)"},
		{"a date-time cell into a time", "String", "", "", "time", Input{Text: "46387.75", Source: FromDate, Format: "dd/mm/yyyy hh:mm"}, "", "the cell shows 31/12/2026 18:00, not a time of day: this column takes the time alone (HH:MM)"},
		{"a duration cell into a time", "String", "", "", "time", Input{Text: "1.75", Source: FromDate, Format: "[h]:mm"}, "", "the cell shows 42:00, not a time of day: this column takes the time alone (HH:MM)"},
		// A date cell in a text field goes as the sheet shows it (a time went as 30/12/1899).
		{"a time cell into text", "String", "String(010)", "", "", Input{Text: "0.0625", Source: FromDate, Format: "hh:mm"}, "01:30", ""},
		{"a time cell with seconds into text", "String", "String(010)", "", "", Input{Text: "0.0625115740740741", Source: FromDate, Format: "hh:mm:ss"}, "01:30:01", ""},
		{"a duration cell into text", "String", "String(010)", "", "", Input{Text: "1.5", Source: FromDate, Format: "[h]:mm"}, "36:00", ""},
		{"a date cell into text", "String", "String(010)", "", "", Input{Text: "46387", Source: FromDate, Format: "dd/mm/yyyy"}, "31/12/2026", ""},
		{"a date-time cell into text", "String", "String(020)", "", "", Input{Text: "46387.5", Source: FromDate, Format: "dd/mm/yyyy hh:mm"}, "31/12/2026 12:00", ""},
		{"a date cell of no known format into text", "String", "String(020)", "", "", Input{Text: "0.5", Source: FromDate}, "12:00", ""},
		// A code whose format shows its zeros goes as shown (000001 went as 1).
		{"a code in format 000000", "String", "String(014)", "", "", Input{Text: "1", Source: FromNumber, Format: "000000"}, "000001", ""},
		{"a CEP in Excel's Especial format", "String", "String(009)", "", "", Input{Text: "1310100", Source: FromNumber, Format: `00000\-000`}, "01310-100", ""},
		// A phone in Excel pt-BR's "Especial → Telefone" formats goes as shown (went as
		// 4733334444).
		{"a phone in Telefone, # and a condition", "String", "String(020)", "", "", Input{Text: "4733334444", Source: FromNumber, Format: `[<=99999999]####-####;(##) ####-####`}, "(47) 3333-4444", ""},
		{"a phone in Telefone, # alone", "String", "String(020)", "", "", Input{Text: "4733334444", Source: FromNumber, Format: `(##) ####-####`}, "(47) 3333-4444", ""},
		{"a phone in Telefone, 0 and a condition", "String", "String(020)", "", "", Input{Text: "4733334444", Source: FromNumber, Format: `[<=99999999]0000-0000;(00) 0000-0000`}, "(47) 3333-4444", ""},
		{"a short phone in Telefone, its first section", "String", "String(020)", "", "", Input{Text: "33334444", Source: FromNumber, Format: `[<=99999999]####-####;(##) ####-####`}, "3333-4444", ""},
		{"a phone of 0 in Telefone: the number", "String", "String(020)", "", "", Input{Text: "0", Source: FromNumber, Format: `(##) ####-####`}, "0", ""},
		{"a negative phone in Telefone: the number", "String", "String(020)", "", "", Input{Text: "-4733334444", Source: FromNumber, Format: `[<=99999999]####-####;(##) ####-####`}, "-4733334444", ""},
		{"String(005) by runes", "String", "String(005)", "", "", Input{Text: "ação!"}, "ação!", ""},
		{"String(005) too long", "String", "String(005)", "", "", Input{Text: "açãoçã"}, "", "has 6 characters; the field takes at most 5 (String(005))"},
		{"String trimmed", "String", "String(005)", "", "", Input{Text: "  abc  "}, "abc", ""},
		{"no documented length: a cell's limit", "String", "", "", "", Input{Text: strings.Repeat("ç", 32767)}, strings.Repeat("ç", 32767), ""},
		{"no documented length: one past a cell's limit", "String", "", "", "", Input{Text: strings.Repeat("ç", 32768)}, "", "has 32,768 characters; the importer sends at most 32,767 (a spreadsheet cell's limit; Senior documents no length for this field)"},
		{"XML forbidden char", "String", "", "", "", Input{Text: "a\x01b"}, "", "contains character U+0001 at position 2, which XML 1.0 forbids"},
		{"invalid UTF-8", "String", "", "", "", Input{Text: "a\xffb"}, "", "is not valid UTF-8 text"},
		{"markup is not escaped here", "String", "", "", "", Input{Text: "<a & b>"}, "<a & b>", ""},
		{"leading zeros kept in text", "String", "String(014)", "", "", Input{Text: "00123"}, "00123", ""},
		{"number cell into text", "String", "String(014)", "", "", Input{Text: "12345678901234", Source: FromNumber}, "12345678901234", ""},
		{"number cell noise into text", "String", "", "", "", Input{Text: "123.00000000000001", Source: FromNumber}, "123", ""},
		{"number cell with decimals into text", "String", "String(014)", "", "", Input{Text: "1234.5", Source: FromNumber}, "1234,5", ""},
		{"number cell, negative, into text", "String", "", "", "", Input{Text: "-0.25", Source: FromNumber, Format: "#,##0.00"}, "-0,25", ""},
		{"number cell noise with decimals into text", "String", "", "", "", Input{Text: "1.1000000000000001", Source: FromNumber}, "1,1", ""},
		{"list label", "String", "String(001)", yn, "", Input{Text: "Sim"}, "S", ""},
		{"list label lower", "String", "String(001)", yn, "", Input{Text: "sim"}, "S", ""},
		{"list code", "String", "String(001)", yn, "", Input{Text: "S"}, "S", ""},
		{"list accents", "String", "String(001)", yn, "", Input{Text: "nao"}, "N", ""},
		{"list bool cell", "String", "String(001)", yn, "", Input{Text: "1", Source: FromBool}, "S", ""},
		{"list bool cell, the values not S/N", "String", "Number(001)", op, "", Input{Text: "1", Source: FromBool}, "", "is a true/false cell but the field's values are not S/N: 1=Incluir, 2=Alterar, 3=Excluir"},
		{"list bool cell, N but no S", "String", "String(001)", "N=Não;T=Talvez", "", Input{Text: "0", Source: FromBool}, "", "is a true/false cell but the field's values are not S/N: N=Não, T=Talvez"},
		{"list bool cell, S but no N", "String", "String(001)", "S=Sim;T=Talvez", "", Input{Text: "0", Source: FromBool}, "", "is a true/false cell but the field's values are not S/N: S=Sim, T=Talvez"},
		{"bool cell into text", "String", "String(010)", "", "", Input{Text: "TRUE", Source: FromBool}, "", "is a true/false cell, and the field is text with no documented values (TRUE, VERDADEIRO, S?): write the value Senior expects as text"},
		{"list bool as a pt-BR CSV writes it", "String", "String(001)", yn, "", Input{Text: "VERDADEIRO"}, "S", ""},
		{"list bool as a CSV writes it", "String", "String(001)", yn, "", Input{Text: " false "}, "N", ""},
		{"list bool as an English CSV writes it", "String", "String(001)", yn, "", Input{Text: "TRUE"}, "S", ""},
		{"list bool text, not S/N", "String", "Number(001)", op, "", Input{Text: "FALSO"}, "", "is not one of the accepted values: 1=Incluir, 2=Alterar, 3=Excluir"},
		{"list Incluir", "String", "Number(001)", op, "", Input{Text: "Incluir"}, "1", ""},
		{"list incluir", "String", "Number(001)", op, "", Input{Text: " incluir "}, "1", ""},
		{"list number cell", "String", "Number(001)", op, "", Input{Text: "2", Source: FromNumber}, "2", ""},
		{"list unknown", "String", "Number(001)", op, "", Input{Text: "Mudar"}, "", "is not one of the accepted values: 1=Incluir, 2=Alterar, 3=Excluir"},
		// Characters Excel shows not at all, copied in from a web page or a PDF: what goes is
		// what the cell shows.
		{"invisible: a code", "String", "String(014)", "", "", Input{Text: "QD-100\u200b"}, "QD-100", ""},
		{"invisible: a number", "Integer", "Number(009)", "", "", Input{Text: "3101\u200b"}, "3101", ""},
		{"invisible: money", "Double", "Number(015,2)", "", "", Input{Text: "\ufeffR$ 12.450,00"}, "12450.00", ""},
		{"invisible: a date", "DateTime", "Date(DD/MM/YYYY)", "", "", Input{Text: "15/12/2026\u200e"}, "15/12/2026", ""},
		{"invisible: text", "String", "String(040)", "", "", Input{Text: "Reforma\u200b do qua\u00addro\u2060"}, "Reforma do quadro", ""},
		{"invisible: a list", "String", "String(001)", yn, "", Input{Text: "\u200eSim"}, "S", ""},
		{"invisible alone is blank", "String", "String(014)", "", "", Input{Text: "\u200b\u200c"}, "", ""},
		{"visible signs stay", "String", "String(040)", "", "", Input{Text: "Ação «já» – d’água"}, "Ação «já» – d’água", ""},
		{"an accent typed apart goes composed", "String", "String(005)", "", "", Input{Text: "Se\u0301rie"}, "S\u00e9rie", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := field(t, c.typ, c.format, c.list)
			f.Temporal = c.temporal
			if c.temporal == templates.TemporalDate {
				f.Date = true
			}
			got, err := Normalise(f, c.in, Options{})
			checkResult(t, got, err, c.want, c.err)
		})
	}
}

func TestMessagesPortuguese(t *testing.T) {
	cases := []struct {
		typ, format, in, want string
	}{
		{"Double", "Number(015,2)", "12.50", "não é um número em pt-BR: o ponto separa milhares em grupos de três e a vírgula marca os decimais (escreva 12,50)"},
		{"Double", "Number(005,2)", "1,005", "tem 3 casas decimais; o campo aceita 2 (Number(005,2)) — arredonde na planilha, ou use --round half-even"},
		{"Double", "Number(005,2)", ".5", "não é um número em pt-BR: o ponto separa milhares em grupos de três e a vírgula marca os decimais (escreva ,5)"},
		{"DateTime", "Date(DD/MM/YYYY)", "31/02/2026", "não é um dia do calendário"},
		{"String", "String(003)", "abcd", "tem 4 caracteres; o campo aceita no máximo 3 (String(003))"},
		{"Double", "Number(015,2)", "1.2O0,00", `não é um número: tem a letra "O" (o algarismo 0 digitado como letra?)`},
		{"Double", "Number(015,2)", "1.200,0X", `não é um número: tem a letra "X"`},
	}
	for _, c := range cases {
		_, err := Normalise(field(t, c.typ, c.format, ""), Input{Text: c.in}, Options{})
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%q: no error", c.in)
		}
		if got := e.Message("pt"); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
		if e.Error() == "" || e.Input != c.in {
			t.Errorf("%q: Error() %q Input %q", c.in, e.Error(), e.Input)
		}
	}
}

func TestDateFromSerialTimes(t *testing.T) {
	got, err := DateFromSerial("46022.5", false)
	if err != nil || !got.Equal(time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("got %v %v", got, err)
	}
	if _, err := DateFromSerial("-1", false); err == nil {
		t.Fatal("negative serial accepted")
	}
}

func BenchmarkNormaliseDecimal(b *testing.B) {
	f := field(b, "Double", "Number(015,2)", "")
	in := Input{Text: "R$ 1.234.567,89"}
	for b.Loop() {
		if _, err := Normalise(f, in, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestChecks (15.9): CNPJ (alphanumeric ones included) and CPF check digits, CEP and e-mail;
// the text goes as written, trimmed, unless Strip keeps only letters and digits.
func TestChecks(t *testing.T) {
	cases := []struct {
		name, check string
		in          Input
		opt         Options
		want, err   string // err: the Portuguese reason
	}{
		{"CNPJ with punctuation, sent as written", "cnpj", Input{Text: " 11.222.333/0001-81 "}, Options{}, "11.222.333/0001-81", ""},
		{"CNPJ digits only", "cnpj", Input{Text: "11444777000161"}, Options{}, "11444777000161", ""},
		{"alphanumeric CNPJ (Receita's example)", "cnpj", Input{Text: "12.ABC.345/01DE-35"}, Options{}, "12.ABC.345/01DE-35", ""},
		{"alphanumeric CNPJ in small letters goes in capitals", "cnpj", Input{Text: "12abc34501de35"}, Options{}, "12ABC34501DE35", ""},
		{"alphanumeric CNPJ, stripped", "cnpj", Input{Text: "12.ABC.345/01DE-35"}, Options{Strip: true}, "12ABC34501DE35", ""},
		{"CNPJ check digits", "cnpj", Input{Text: "11.222.333/0001-82"}, Options{}, "", "os dígitos verificadores não conferem com o número: confira se há erro de digitação"},
		{"alphanumeric CNPJ check digits", "cnpj", Input{Text: "12ABC34501DE53"}, Options{}, "", "os dígitos verificadores não conferem com o número: confira se há erro de digitação"},
		{"CNPJ with letters in its check digits", "cnpj", Input{Text: "12ABC34501DEAB"}, Options{}, "", "não é um CNPJ: um CNPJ tem 14 caracteres, 12 letras ou algarismos e 2 dígitos verificadores (12.345.678/0001-95)"},
		{"CNPJ too short", "cnpj", Input{Text: "1122233300018"}, Options{}, "", "não é um CNPJ: um CNPJ tem 14 caracteres, 12 letras ou algarismos e 2 dígitos verificadores (12.345.678/0001-95)"},
		{"CNPJ of zeros", "cnpj", Input{Text: "00.000.000/0000-00"}, Options{}, "", "é um só algarismo repetido, que nunca é emitido"},
		{"CNPJ with other characters", "cnpj", Input{Text: "11 222 333 0001 81"}, Options{}, "", "não é um CNPJ: um CNPJ tem 14 caracteres, 12 letras ou algarismos e 2 dígitos verificadores (12.345.678/0001-95)"},
		{"CNPJ with a symbol among its 14", "cnpj", Input{Text: "11.222.333/00#1-81"}, Options{}, "", "não é um CNPJ: um CNPJ tem 14 caracteres, 12 letras ou algarismos e 2 dígitos verificadores (12.345.678/0001-95)"},
		{"alphanumeric CNPJ with a Z (the last letter)", "cnpj", Input{Text: "12ABCZ34501D63"}, Options{}, "12ABCZ34501D63", ""},
		{"CNPJ from a number cell that lost its zero", "cnpj", Input{Text: "1222333000180", Source: FromNumber}, Options{}, "",
			"não é um CNPJ: um CNPJ tem 14 caracteres, 12 letras ou algarismos e 2 dígitos verificadores (12.345.678/0001-95); a célula é um número, e o Excel apaga os zeros à esquerda de um número: formate a coluna como texto e digite de novo"},
		{"CNPJ from a number cell, whole", "cnpj", Input{Text: "11444777000161", Source: FromNumber}, Options{}, "11444777000161", ""},
		{"CPF", "cpf", Input{Text: "529.982.247-25"}, Options{}, "529.982.247-25", ""},
		{"CPF digits", "cpf", Input{Text: "11144477735"}, Options{}, "11144477735", ""},
		{"CPF check digits", "cpf", Input{Text: "529.982.247-52"}, Options{}, "", "os dígitos verificadores não conferem com o número: confira se há erro de digitação"},
		{"CPF of ones", "cpf", Input{Text: "111.111.111-11"}, Options{}, "", "é um só algarismo repetido, que nunca é emitido"},
		{"CPF of ones but its second digit", "cpf", Input{Text: "121.111.111-11"}, Options{}, "", "os dígitos verificadores não conferem com o número: confira se há erro de digitação"},
		{"CPF of ones but its first digit", "cpf", Input{Text: "211.111.111-11"}, Options{}, "", "os dígitos verificadores não conferem com o número: confira se há erro de digitação"},
		{"CNPJ with a letter for its first check digit", "cnpj", Input{Text: "12ABC34501DEA5"}, Options{}, "", "não é um CNPJ: um CNPJ tem 14 caracteres, 12 letras ou algarismos e 2 dígitos verificadores (12.345.678/0001-95)"},
		{"CPF with a letter", "cpf", Input{Text: "529.982.247-2X"}, Options{}, "", "não é um CPF: um CPF tem 11 algarismos (123.456.789-09)"},
		{"CPF from a number cell that lost its zeros", "cpf", Input{Text: "4482247025", Source: FromNumber}, Options{}, "",
			"não é um CPF: um CPF tem 11 algarismos (123.456.789-09); a célula é um número, e o Excel apaga os zeros à esquerda de um número: formate a coluna como texto e digite de novo"},
		{"CEP", "cep", Input{Text: "01310-100"}, Options{}, "01310-100", ""},
		// A number cell in a format that shows the zeros (Excel's "Especial" formats): the
		// code as the sheet shows it, not refused as one whose zeros Excel dropped.
		{"CEP from a number cell of format CEP", "cep", Input{Text: "1310100", Source: FromNumber, Format: `00000\-000`}, Options{}, "01310-100", ""},
		{"CPF from a number cell of format CPF", "cpf", Input{Text: "1234567890", Source: FromNumber, Format: `000\.000\.000\-00`}, Options{}, "012.345.678-90", ""},
		{"CNPJ from a number cell of format CNPJ", "cnpj", Input{Text: "1234567000195", Source: FromNumber, Format: `00\.000\.000\/0000\-00`}, Options{}, "01.234.567/0001-95", ""},
		{"CPF from a number cell of format 0, zeros lost", "cpf", Input{Text: "4482247025", Source: FromNumber, Format: "0"}, Options{}, "",
			"não é um CPF: um CPF tem 11 algarismos (123.456.789-09); a célula é um número, e o Excel apaga os zeros à esquerda de um número: formate a coluna como texto e digite de novo"},
		{"CPF from a number cell of a format of #, zeros lost", "cpf", Input{Text: "4482247025", Source: FromNumber, Format: `###\.###\.###\-##`}, Options{}, "",
			"não é um CPF: um CPF tem 11 algarismos (123.456.789-09); a célula é um número, e o Excel apaga os zeros à esquerda de um número: formate a coluna como texto e digite de novo"},
		{"CPF from a number cell of format ###.###.###-00, zeros lost", "cpf", Input{Text: "4482247025", Source: FromNumber, Format: `###\.###\.###\-00`}, Options{}, "",
			"não é um CPF: um CPF tem 11 algarismos (123.456.789-09); a célula é um número, e o Excel apaga os zeros à esquerda de um número: formate a coluna como texto e digite de novo"},
		{"CPF from a number cell of a format of #", "cpf", Input{Text: "52998224725", Source: FromNumber, Format: `###\.###\.###\-##`}, Options{}, "529.982.247-25", ""},
		{"CPF from a number cell of format CPF, too long", "cpf", Input{Text: "144822470251", Source: FromNumber, Format: `000\.000\.000\-00`}, Options{}, "", "não é um CPF: um CPF tem 11 algarismos (123.456.789-09)"},
		{"CEP digits", "cep", Input{Text: "01310100"}, Options{}, "01310100", ""},
		{"CEP stripped", "cep", Input{Text: "01310-100"}, Options{Strip: true}, "01310100", ""},
		{"CEP short", "cep", Input{Text: "1310-100"}, Options{}, "", "não é um CEP: um CEP tem 8 algarismos (12345-678)"},
		{"CEP from a number cell", "cep", Input{Text: "1310100", Source: FromNumber}, Options{}, "",
			"não é um CEP: um CEP tem 8 algarismos (12345-678); a célula é um número, e o Excel apaga os zeros à esquerda de um número: formate a coluna como texto e digite de novo"},
		{"e-mail", "email", Input{Text: " financeiro@empresa.com.br "}, Options{}, "financeiro@empresa.com.br", ""},
		{"e-mail with a display name", "email", Input{Text: "Financeiro <financeiro@empresa.com.br>"}, Options{}, "", "não é um endereço de e-mail (nome@empresa.com.br, sem nome de exibição)"},
		// The address in angle brackets, as a mail client copies it: it would go with them.
		{"e-mail in angle brackets", "email", Input{Text: "<financeiro@empresa.com.br>"}, Options{}, "", "não é um endereço de e-mail (nome@empresa.com.br, sem nome de exibição)"},
		{"e-mail without @", "email", Input{Text: "financeiro.empresa.com.br"}, Options{}, "", "não é um endereço de e-mail (nome@empresa.com.br, sem nome de exibição)"},
		{"two e-mails", "email", Input{Text: "a@b.com; c@d.com"}, Options{}, "", "tem mais de um endereço de e-mail; o campo leva um só (ponha os outros nas observações, ou em outro campo)"},
		{"two e-mails by a comma", "email", Input{Text: "a@b.com,c@d.com"}, Options{}, "", "tem mais de um endereço de e-mail; o campo leva um só (ponha os outros nas observações, ou em outro campo)"},
		{"a trailing semicolon is no second address", "email", Input{Text: "a@b.com;"}, Options{}, "", "não é um endereço de e-mail (nome@empresa.com.br, sem nome de exibição)"},
		{"empty is the caller's business", "cnpj", Input{Text: "  "}, Options{}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := field(t, "String", "", "")
			f.Check = c.check
			got, err := Normalise(f, c.in, c.opt)
			if c.err == "" {
				if err != nil || got != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %q, %v; want error %q", got, err, c.err)
			}
			if e.Message("pt") != c.err {
				t.Fatalf("error\n got %q\nwant %q", e.Message("pt"), c.err)
			}
		})
	}
}

// TestMoneyIsNoPercent: an amount of money written or formatted as a percent is a value from
// another column, an error, as it is in a code ("5%" went as client 5); the same text in a
// percentage or quantity field is kept. The other way round, reais written in a field that is
// no money (a percentage, a quantity, a code) are an error too.
func TestMoneyIsNoPercent(t *testing.T) {
	named := func(name string) *templates.Field {
		format := `, format: "Number(015,2)"`
		switch name {
		case "vlrIvc": // valoresComplementares.vlrIvc: a Double of no documented Number(p,s)
			format = ""
		case "codCli", "perCom", "vlrTot", "usu_percom":
			format = `, format: "Number(009)"`
		case "desconto":
			format = `, format: "Number(003)", description: "Percentual de desconto"`
		}
		p, err := templates.ParsePort([]byte("name: T\nproduct: g5\noperation: T\naccess: write\nkey: [" + name + "]\nfields:\n  - {name: " + name + ", type: Double" + format + "}\n"))
		if err != nil {
			t.Fatal(err)
		}
		return p.Fields[0]
	}
	const refused = "é um percentual, e o campo é um valor em dinheiro (um valor de outra coluna?)"
	const currency = "é um valor em dinheiro (R$), e o campo não é (um valor de outra coluna?)"
	const percentCode = "é um percentual, e o campo é um código ou uma contagem (um valor de outra coluna?)"
	for _, c := range []struct {
		name, field string
		in          Input
		want, err   string
	}{
		{"text with % in a money field", "vlrBru", Input{Text: "12,5%"}, "", refused},
		{"a percent cell in a money field", "vlrBru", Input{Text: "0.125", Source: FromNumber, Percent: true, Format: "0.0%"}, "", refused},
		{"a price with %", "preUni", Input{Text: " 10 % "}, "", refused},
		{"text with % in money of no documented format", "vlrIvc", Input{Text: "12,5%"}, "", refused},
		{"a percent cell in money of no documented format", "vlrIvc", Input{Text: "0.125", Source: FromNumber, Percent: true, Format: "0.0%"}, "", refused},
		{"money of no documented format as money", "vlrIvc", Input{Text: "R$ 12,5"}, "12.5", ""},
		{"money as money", "vlrBru", Input{Text: "R$ 12,50"}, "12.50", ""},
		{"a percentage field keeps it", "perDsc", Input{Text: "12,5%"}, "12.50", ""},
		{"a quantity keeps it", "qtdOci", Input{Text: "50%"}, "50.00", ""},
		{"reais in a percentage", "perDsc", Input{Text: "R$ 5,00"}, "", currency},
		{"reais in a quantity", "qtdOci", Input{Text: "R$5"}, "", currency},
		{"reais in a code", "codCli", Input{Text: "R$ 10"}, "", currency},
		{"a percentage in a code", "codCli", Input{Text: "5%"}, "", percentCode},
		{"a percent cell in a code", "codCli", Input{Text: "0.05", Source: FromNumber, Percent: true, Format: "0%"}, "", percentCode},
		{"a code as a code", "codCli", Input{Text: "5"}, "5", ""},
		{"a whole percentage by its name", "perCom", Input{Text: "5%"}, "5", ""},
		{"money in whole reais (a --catalogue port's) takes R$", "vlrTot", Input{Text: "R$ 1.500"}, "1500", ""},
		{"money in whole reais refuses a %", "vlrTot", Input{Text: "5%"}, "", refused},
		{"a whole percentage by its description", "desconto", Input{Text: "0.05", Source: FromNumber, Percent: true, Format: "0%"}, "5", ""},
		{"reais in a rate", "aliImp", Input{Text: "R$ 10"}, "", currency},
		{"reais in a field whose name says nothing", "valor", Input{Text: "R$ 10"}, "10.00", ""},
		{"the accounting zero in a quantity", "qtdOci", Input{Text: "R$ -"}, "", currency},
		{"a cell formatted as reais in a quantity goes as stored", "qtdOci", Input{Text: "5", Source: FromNumber, Format: `"R$" #,##0.00`}, "5.00", ""},
		// A customer's own fields (usu_…) are named as Senior names its own after the usu_,
		// for percentages, rates and quantities as for money (usu_vlr…).
		{"reais in a customer's percentage", "usu_perdsc", Input{Text: "R$ 5,00"}, "", currency},
		{"reais in a customer's rate", "usu_aliext", Input{Text: "R$ 10"}, "", currency},
		{"reais in a customer's quantity", "usu_qtdemb", Input{Text: "R$5"}, "", currency},
		{"a customer's whole percentage by its name", "usu_percom", Input{Text: "5%"}, "5", ""},
		{"a customer's percentage keeps it", "usu_perdsc", Input{Text: "12,5%"}, "12.50", ""},
		{"a customer's money refuses a %", "usu_vlrfre", Input{Text: "12,5%"}, "", refused},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Normalise(named(c.field), c.in, Options{})
			if c.err == "" {
				if err != nil || got != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Message("pt") != c.err {
				t.Fatalf("got %q, %v; want error %q", got, err, c.err)
			}
		})
	}
}

// TestExcelScientific: a long number as Excel's CSV export writes it ("4,5997E+13") has lost
// digits: an error in a text field (a CNPJ, a telephone) and in a number field alike.
func TestExcelScientific(t *testing.T) {
	for in, want := range map[string]bool{
		"4,5997E+13": true, "1.23457E+15": true, " -1,5E-05 ": true, "4,5997e+13": true,
		"45997418000153": false, "1E-03": false, "1E+15": false, "4,5997E+": false, "4,E+13": false,
		"4,5997E+1234": false, "1,23E+x5": false, "4,x5E+13": false, "4,5E+123": true, "Ação 4,5E+13": false, "": false, "12,5E+13": false,
		"1,5E+3": true, // the shortest: a digit, the separator, a digit, E, a sign, a digit
	} {
		if got := excelScientific(in); got != want {
			t.Errorf("excelScientific(%q) = %v, want %v", in, got, want)
		}
	}
	const reason = "é um número como o Excel mostra um número longo (notação científica): os algarismos depois dos primeiros se perderam na exportação; formate a coluna como texto na planilha, digite os valores de novo e exporte de novo"
	for _, f := range []*templates.Field{field(t, "String", "String(020)", ""), field(t, "Double", "Number(015,2)", "")} {
		_, err := Normalise(f, Input{Text: "1,13322E+11"}, Options{})
		var e *Error
		if !errors.As(err, &e) || e.Message("pt") != reason {
			t.Errorf("%s: %v", f.Type, err)
		}
	}
	// A numeric cell of a workbook holds every digit: no accident.
	if got, err := Normalise(field(t, "String", "String(020)", ""), Input{Text: "45997418000153", Source: FromNumber}, Options{}); err != nil || got != "45997418000153" {
		t.Errorf("a number cell: %q, %v", got, err)
	}
}

// TestApostropheNumber: '030 (Excel's mark of a text cell, written into a CSV) is an error
// naming 030, not a code of its own sent with its apostrophe; an apostrophe in words is text.
func TestApostropheNumber(t *testing.T) {
	f := field(t, "String", "String(020)", "")
	for _, c := range []struct {
		in   Input
		want string // "": refused
		bare string
	}{
		{Input{Text: "'030"}, "", "030"},
		{Input{Text: " '12.345.678/0001-95"}, "", "12.345.678/0001-95"},
		{Input{Text: "'0"}, "", "0"},
		{Input{Text: "'9015"}, "", "9015"}, // a 9 first is a digit too (s[1] > '9', not >=)
		{Input{Text: "030"}, "030", ""},
		{Input{Text: "'"}, "'", ""},
		{Input{Text: "'Tá bom', disse"}, "'Tá bom', disse", ""},
		{Input{Text: "'98 edição"}, "'98 edição", ""},
		{Input{Text: "d'água"}, "d'água", ""},
	} {
		got, err := Normalise(f, c.in, Options{})
		var e *Error
		switch {
		case c.want == "" && (!errors.As(err, &e) || !strings.Contains(e.Message("pt"), "apóstrofo") || !strings.Contains(e.Message("pt"), "escreva "+c.bare+" ")):
			t.Errorf("%q: %q, %v; want refused, naming %s", c.in.Text, got, err, c.bare)
		case c.want != "" && (err != nil || got != c.want):
			t.Errorf("%q: %q, %v; want %q", c.in.Text, got, err, c.want)
		}
	}
}

// TestDateSerialInText: a CSV date that is Excel's serial number ("46022") is an error naming
// the day it stands for; other numbers get the plain message.
func TestDateSerialInText(t *testing.T) {
	f := field(t, "String", "Date(DD/MM/YYYY)", "")
	for in, want := range map[string]string{
		"46022": "não é uma data: parece o número que o Excel guarda para 31/12/2025 (a coluna estava formatada como número); formate-a como data na planilha e exporte de novo, ou escreva DD/MM/AAAA",
		"5":     "não é uma data (escreva DD/MM/AAAA)",
		"99999": "não é uma data (escreva DD/MM/AAAA)",
	} {
		_, err := Normalise(f, Input{Text: in}, Options{})
		var e *Error
		if !errors.As(err, &e) || e.Message("pt") != want {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

func TestDayMonth(t *testing.T) {
	for _, c := range []struct {
		s    string
		d, m int
		ok   bool
	}{
		{"12/21/2026", 12, 21, true}, {"5.6.26", 5, 6, true}, {" 05-06-2026 10:00", 5, 6, true}, {"2026-12-31", 0, 0, false},
		{"12/21-2026", 0, 0, false}, {"12/21/", 0, 0, false}, {"123/1/2026", 0, 0, false}, {"", 0, 0, false}, {"a/b/c", 0, 0, false},
		// A year's first digit is enough to look (it may be 1/2/3, no date); anything else is not.
		{"1/2/3", 1, 2, true}, {"9/9/2026", 9, 9, true}, {"29/09/2026", 29, 9, true}, {"1/2/x3", 0, 0, false}, {"1/2/:", 0, 0, false}, {"1/2/+3", 0, 0, false},
	} {
		d, m, ok := DayMonth(c.s)
		if d != c.d || m != c.m || ok != c.ok {
			t.Errorf("DayMonth(%q) = %d, %d, %v", c.s, d, m, ok)
		}
	}
}

// TestHasInvisible holds the byte-level look to what it stands for: a value holds one of
// Unicode's format characters.
func TestHasInvisible(t *testing.T) {
	for _, s := range []string{"", "abc", "Serviço de manutenção nº 7", "ÀÉÎÕÜçãõ", "€ 10 – “x”", "a\u00adb", "x\u200b", "\ufeffR$", "\u2060", "a\u061cb", "\U000E0001", "\xC2", "\xC2\xAD"} {
		want := strings.ContainsFunc(s, templates.Invisible)
		if got := hasInvisible(s); got != want {
			t.Errorf("hasInvisible(%q) = %v, want %v", s, got, want)
		}
	}
}

// BenchmarkNormaliseText: a description with accents and a code, the text values of every
// row; no allocation when they are sent as written.
func BenchmarkNormaliseText(b *testing.B) {
	f := field(b, "String", "String(040)", "")
	desc, code := Input{Text: "Serviço de manutenção nº 123456"}, Input{Text: "S0123456"}
	b.ReportAllocs()
	for b.Loop() {
		Normalise(f, desc, Options{})
		Normalise(f, code, Options{})
	}
}

func TestTwoWays(t *testing.T) {
	for _, c := range []struct {
		s     string
		loc   Locale
		there string // "" when it does not read two ways
	}{
		{"1.234", PtBR, "1.234"},
		{"12.345", PtBR, "12.345"},
		{"R$ -1.000", PtBR, "-1.000"},
		{"1,234", EnUS, "1.234"},
		{"1.234", EnUS, "1234"},
		{"1,234", PtBR, "1234"},
		{"1.234.567", PtBR, ""}, // en-US refuses two points
		{"1.234,56", PtBR, ""},  // a decimal comma: one way
		{"12.50", PtBR, ""},     // refused in pt-BR
		{"1234", PtBR, ""},      // the same both ways
		{"000.000", PtBR, ""},   // zero both ways
		{"12,5", PtBR, ""},      // refused in en-US
	} {
		there, ok := TwoWays(c.s, c.loc)
		got := ""
		if ok {
			got = there.Text('f')
		}
		if got != c.there {
			t.Errorf("TwoWays(%q, %s) = %q, want %q", c.s, c.loc, got, c.there)
		}
	}
}

// TestLongNumberCell: a number cell of more than 15 digits before its decimals lost the digits
// past the 15th as it was typed in Excel: a code, a telephone or a number field refuses it,
// saying what Excel shows, rather than send the zeros; 15 digits, decimals and text pass.
func TestLongNumberCell(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	code, qty := cat.Port("setContas").RecordField("ContaIdERP"), cat.Port("GravarOrcamentos").RecordField("itens.qtdOci")
	if code == nil || qty == nil {
		t.Fatal("fields not found")
	}
	for _, c := range []struct {
		f     *templates.Field
		in    Input
		want  string
		shown string // refused: what Excel shows
	}{
		{code, Input{Text: "12345678901234567890", Source: FromNumber}, "", "12345678901234600000"},
		{code, Input{Text: "1.2345678901234567E+19", Source: FromNumber}, "", "12345678901234600000"},
		{code, Input{Text: "-1234567890123456", Source: FromNumber}, "", "-1234567890123460"},
		{code, Input{Text: "123456789012345", Source: FromNumber}, "123456789012345", ""},
		{code, Input{Text: "0.30000000000000004", Source: FromNumber}, "0,3", ""},
		{code, Input{Text: "12345678901234567890", Source: FromText}, "12345678901234567890", ""},
		{qty, Input{Text: "1.5E+16", Source: FromNumber}, "", "15000000000000000"},
	} {
		got, err := Normalise(c.f, c.in, Options{})
		switch {
		case c.shown != "":
			if err == nil || !strings.Contains(err.Error(), outcome.EN.LongNumberCell(c.shown)) {
				t.Errorf("%s %q: %q, %v; want refused showing %s", c.f.Path, c.in.Text, got, err, c.shown)
			}
		case err != nil || got != c.want:
			t.Errorf("%s %q: %q, %v; want %q", c.f.Path, c.in.Text, got, err, c.want)
		}
	}
}

// TestShownCells: what a number or a date cell shows by its format, as Excel shows it.
func TestShownCells(t *testing.T) {
	for _, c := range []struct {
		raw, code, want string
		ok              bool
	}{
		{"1310100", `00000\-000`, "01310-100", true},
		{"1234567000195", `00\.000\.000\/0000\-00`, "01.234.567/0001-95", true},
		{"1", "000000", "000001", true},
		{"1234567", "0000", "1234567", true}, // digits beyond the placeholders go first
		{"12", "#0000", "0012", true},
		{"123456789", `"BR-"0000`, "BR-123456789", true},
		{"5", "[$-416]000;[Red]-000", "005", true},
		{"0", "###", "", true},
		{"0", "000", "000", true},
		{"12345678", `(##) ####-####`, "() 1234-5678", true},
		{"1.5", "0000", "", false},                   // not a whole number
		{"-1", "000", "", false},                     // a sign
		{"1234", "#,##0", "", false},                 // grouping
		{"1234", "0.00", "", false},                  // decimals
		{"1234", "General", "", false},               // not placeholders
		{"1234", "[<=9999]0000;00000", "1234", true}, // conditions: the first section holds
		{"12345", "[<=9999]0000;00000", "12345", true},
		{"0", `(##) ####-####`, "() -", true},
		{"5", "0#0", "", false}, // 05 or 005: not settled
		{"123", "0#0", "123", true},
		{"5", "00#", "005", true},
		{"0", `000;-000;"-"`, "", false}, // 0 in the third section
		{"0", "000;-000;00", "00", true},
		{"5", `000;-000;"-"`, "005", true},
		{"1234", "[<=9999.5]0000;00000", "", false},
		{"1234", "000;-000;0;@;0", "", false}, // five sections
		{"1234", `00\#00`, "12#34", true},     // a # or a 0 escaped is a literal, no placeholder
		{"1000000", `\000`, "01000000", true},
		{"1234", "000%", "", false},
	} {
		got, ok := PaddedText(c.raw, c.code)
		if got != c.want || ok != c.ok {
			t.Errorf("PaddedText(%q, %q) = %q, %v; want %q, %v", c.raw, c.code, got, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct {
		code string
		pads bool
	}{{"000000", true}, {`00000\-000`, true}, {"0", false}, {"#0", false}, {"General", false}, {"0.00", false},
		{`[<=99999999]0000-0000;(00) 0000-0000`, true}, {`[<=99999999]####-####;(##) ####-####`, false},
		{`(##) ####-####`, false}, {`[<=99999999]0000-0000;(##) ####-####`, false},
		{`[<=99999999]0000-0000;[>=100000000](00) 0000-0000`, true}, {`[<=99999999]0000-0000;[>100000000](00) 0000-0000`, false},
		{`[<=99999999]0000-0000`, false}, {`[>=100]000;00`, true}, {`[>=100]000;0`, false},
		{`###\.###\.###\-00`, false}, {`#0000`, false}} { // a # first: no zero in front
		if PadsZeros(c.code) != c.pads {
			t.Errorf("PadsZeros(%q) = %v", c.code, !c.pads)
		}
	}
	for _, c := range []struct{ raw, code, want string }{
		{"46387", "dd/mm/yyyy", "31/12/2026"},
		{"46387.75", "dd/mm/yyyy hh:mm", "31/12/2026 18:00"},
		{"46387.75", "d-mmm-yy", "31/12/2026"},
		{"46387", "mmm-yy", "31/12/2026"},
		{"0.0625", "hh:mm", "01:30"},
		{"0.0625", "h:mm AM/PM", "01:30"},
		{"0.06252314814814815", "mm:ss", "01:30:02"}, // Excel shows 30:02; the hour too
		{"1.5", "[h]:mm", "36:00"},
		{"1.5", "[hh]:mm:ss", "36:00:00"},
		{"0.75", "", "18:00"},
		{"46387", "", "31/12/2026"},
		{"46387.75", "", "31/12/2026 18:00"},
		{"46387", `"Dia" dd/mm/yyyy`, "31/12/2026"},
		{"46387.75", `"às "h:mm`, "18:00"},                   // the h right after the quoted text
		{"46387.75", "DD/MM/YYYY HH:MM", "31/12/2026 18:00"}, // capitals, as LibreOffice writes a format
		{"46387.75", "DD/MM/YYYY", "31/12/2026"},
		{"46387.75", `""dd/mm/yyyy`, "31/12/2026"}, // an empty quoted text first
		{"0.75", "hh:mm", "18:00"},
		{"46387.75", "dd/mm/yyyy;@", "31/12/2026"}, // the first section alone
	} {
		if got, err := DateText(c.raw, c.code, false); err != nil || got != c.want {
			t.Errorf("DateText(%q, %q) = %q, %v; want %q", c.raw, c.code, got, err, c.want)
		}
	}
}

// TestPartialDateInText: a date cell in a text field whose format shows no day, month or
// year is what Excel made of text typed as 1/2 or 1-2 (01/fev, d-mmm): an error, not
// 01/02/2026, which no one typed. Full dates and times go as shown.
func TestPartialDateInText(t *testing.T) {
	for code, partial := range map[string]bool{
		"d-mmm": true, "mmm-yy": true, "dd/mm": true, "mm/yy": true, "yyyy": true, "mmmm": true, "dddd": true,
		`[$-416]d\-mmm;@`: true, "dd/mm hh:mm": true, "d": true, "[]d-mmm": true,
		"dd/mm/yyyy": false, "d-mmm-yy": false, "d/m/yy h:mm": false, "dd/mm/yyyy hh:mm": false,
		`[$-F800]dddd, mmmm dd, yyyy`: false, `"Dia" dd/mm/yyyy`: false, "yyyy-mm-dd": false,
		"hh:mm": false, "h:mm AM/PM": false, "mm:ss": false, "[h]:mm": false, "mm:ss.0": false, "": false,
		// A whole date with its hour alone: the month's mm is no minutes, nor AM/PM's m.
		"dd/mm/yyyy hh": false, `dd/mm/yyyy hh"h"`: false, "yyyy-mm-dd hh": false, "dd/mm/yyyy ss": false,
		"m/d/yyyy h AM/PM": false, "dd/mm/yyyy h:mm AM/PM": false, `dd/mm/yyyy hh\hmm`: false,
		"mm/yyyy": true, "mmm/yy": true, "dd/mm h AM/PM": true, "h AM/PM": false, "hh:mm:ss": false,
		"ddd mmm yyyy": true, // the weekday's name is no day of the month
	} {
		if got := PartialDate(code); got != partial {
			t.Errorf("PartialDate(%q) = %v, want %v", code, got, partial)
		}
	}
	text := field(t, "String", "String(010)", "")
	const reason = "é uma célula de data num campo de texto, e o formato dela (d-mmm) não mostra o dia, o mês ou o ano: o Excel faz uma data do texto digitado como 1/2 ou 1-2, e o que foi digitado se perdeu; formate a coluna como texto e digite o valor de novo"
	_, err := Normalise(text, Input{Text: "46054", Source: FromDate, Format: "d-mmm"}, Options{})
	var e *Error
	if !errors.As(err, &e) || e.Message("pt") != reason {
		t.Errorf("1/2 made 01/fev: %v", err)
	}
	for _, c := range []struct{ raw, code, want string }{
		{"46054", "dd/mm/yyyy", "01/02/2026"},
		{"0.0625", "hh:mm", "01:30"},
		{"1.5", "[h]:mm", "36:00"},
	} {
		if got, err := Normalise(text, Input{Text: c.raw, Source: FromDate, Format: c.code}, Options{}); err != nil || got != c.want {
			t.Errorf("%s in %s: %q, %v; want %q", c.raw, c.code, got, err, c.want)
		}
	}
	// A whole date with its hour alone goes as shown, date and time.
	wide := field(t, "String", "String(020)", "")
	if got, err := Normalise(wide, Input{Text: "46054.5833333333", Source: FromDate, Format: `dd/mm/yyyy hh"h"`}, Options{}); err != nil || got != "01/02/2026 14:00" {
		t.Errorf(`dd/mm/yyyy hh"h": %q, %v; want "01/02/2026 14:00"`, got, err)
	}
	// A date cell whose format says neither date nor time (one the reader could not name)
	// goes as its value is: the date, and the time with its seconds where it has them.
	if got, err := Normalise(wide, Input{Text: "46054.6046875", Source: FromDate}, Options{}); err != nil || got != "01/02/2026 14:30:45" {
		t.Errorf(`a date cell of no format: %q, %v; want "01/02/2026 14:30:45"`, got, err)
	}
}

// TestShownPhones: a number cell goes as its format shows it where the format has # digit
// placeholders besides 0 and sections of conditions, as Excel pt-BR's "Especial → Telefone"
// formats do (those went as bare digits); where Excel's way is not certain, or the format
// holds anything else, the number goes as it is.
func TestShownPhones(t *testing.T) {
	const (
		phoneHash  = `[<=99999999]####-####;(##) ####-####`
		phoneZeros = `[<=99999999]0000-0000;(00) 0000-0000`
	)
	for _, c := range []struct {
		raw, code, want string
		ok              bool
	}{
		// The finance tester's four.
		{"4733334444", phoneHash, "(47) 3333-4444", true},
		{"4733334444", `(##) ####-####`, "(47) 3333-4444", true},
		{"4733334444", phoneZeros, "(47) 3333-4444", true},
		{"4733334444", `(00) 0000-0000`, "(47) 3333-4444", true},
		// The first section while its condition holds, the second after.
		{"33334444", phoneHash, "3333-4444", true},
		{"99999999", phoneHash, "9999-9999", true},
		{"100000000", phoneHash, "(1) 0000-0000", true},
		{"3334444", phoneZeros, "0333-4444", true},
		{"100000000", phoneZeros, "(01) 0000-0000", true},
		// Fewer digits than placeholders: a # shows nothing, its literals stay.
		{"33334444", `(##) ####-####`, "() 3333-4444", true},
		{"123", `(##) ####-####`, "() -123", true},
		{"33334444", `(00) 0000-0000`, "(00) 3333-4444", true},
		// More digits: the extra ones go before the first placeholder.
		{"47333344445", `(##) ####-####`, "(473) 3334-4445", true},
		{"47333344445", phoneHash, "(473) 3334-4445", true},
		{"123456789", `####-####`, "12345-6789", true},
		// A condition on the second section too.
		{"4733334444", `[<=99999999]####-####;[>=100000000](##) ####-####`, "(47) 3333-4444", true},
		{"33334444", `[>=100000000](##) ####-####;####-####`, "3333-4444", true},
		{"4733334444", `[>=100000000](##) ####-####;####-####`, "(47) 3333-4444", true},
		{"50", `[<100]0000;[>1000]00000`, "0050", true},
		{"5000", `[<100]0000;[>1000]00000`, "05000", true},
		{"500", `[<100]0000;[>1000]00000`, "", false}, // neither section takes it
		{"1234", `[=1234]"n. "0000;00000`, "n. 1234", true},
		{"1235", `[=1234]"n. "0000;00000`, "01235", true},
		{"1235", `[<>1234]00-00;0`, "12-35", true},
		{"1234", `[<>1234]00-00`, "", false}, // one section, its condition fails
		{"5", `[>=-1]000`, "005", true},
		{"12", `[Red][<=99999999]0000-0000;[Blue](00) 0000-0000`, "0000-0012", true}, // a colour shows nothing
		{"12", `[Black]0000`, "0012", true}, {"12", `[Cyan]0000`, "0012", true}, {"12", `[Color10]0000`, "0012", true},
		{"12", `[Green]0000`, "0012", true}, {"12", `[Magenta]0000`, "0012", true}, {"12", `[White]0000`, "0012", true},
		{"12", `[Yellow]0000`, "0012", true},
		{"12", `[Orange]0000`, "", false}, // not one of Excel's eight colours
		// Nothing gained over the number: it goes as it is.
		{"0", `(##) ####-####`, "", false}, // Excel shows "() -"
		{"0", `[<=99999999]####-####;(##) ####-####`, "", false},
		{"0", `"55 "##`, "", false},
		{"1234", "####", "", false},
		{"1234", "[<=9999]#;00000", "", false},
		{"0", "0", "", false},
		// Not applied: negatives, fractions, Excel's way not certain, other shapes.
		{"-4733334444", phoneHash, "", false},
		{"4733334444.5", phoneHash, "", false},
		{"5", "0#0", "", false},
		{"5", `0#-##`, "", false},
		{"4733334444", `[<=99999999]####-####;(##) ####-####;0`, "", false}, // conditions and a third section
		{"4733334444", `0000;[<=99999999](##) ####-####`, "", false},        // a condition on the second alone
		{"1234", `[<=9999.5]0000;00000`, "", false},
		{"1234", `[<= 9999]0000;00000`, "", false},
		{"1234", `[<=9999][>0]0000;00000`, "", false},
		{"1234", `[<=99999999999999999999]0000;00000`, "", false},
		{"12", `[<=1000000000000000000]0000;00000`, "", false}, // 19 digits: an int64 still, but no code's
		{"1234", `[<=9999]0000;@`, "", false},
		{"1234", `[<=9999]#,##0;00000`, "", false},
		{"1234", `[<=9999]0000.00;00000`, "", false},
		{"1234", `[<=9999]0000%;00000`, "", false},
		{"1234", `[<=9999]00E+00;00000`, "", false},
		{"1234", `[<=9999]???-???;00000`, "", false},
		{"1234", `[<=9999][$R$-416]0000;00000`, "", false},
		{"1234", `[<=9999]0000;00000;0`, "", false},
	} {
		got, ok := ZeroPadded(c.raw, c.code)
		if got != c.want || ok != c.ok {
			t.Errorf("ZeroPadded(%q, %q) = %q, %v; want %q, %v", c.raw, c.code, got, ok, c.want, c.ok)
		}
		if p, pok := PaddedText(c.raw, c.code); c.ok && (p != c.want || !pok) {
			t.Errorf("PaddedText(%q, %q) = %q, %v; want %q", c.raw, c.code, p, pok, c.want)
		}
	}
}

// TestShowsSeconds: the times whose seconds are not sent, said by a warning.
func TestShowsSeconds(t *testing.T) {
	for _, c := range []struct {
		in   Input
		want bool
	}{
		{Input{Text: "09:30:45"}, true},
		{Input{Text: "09:30:00"}, false},
		{Input{Text: "09:30:00,5"}, true},
		{Input{Text: "09:30"}, false},
		{Input{Text: "9:30:01 PM"}, true},
		{Input{Text: "9:30 P.M."}, false},
		{Input{Text: "0.396342592592593", Source: FromDate, Format: "hh:mm:ss"}, true},
		{Input{Text: "0.396342592592593", Source: FromDate, Format: "hh:mm"}, false}, // shown 09:30
		{Input{Text: "0.375", Source: FromDate, Format: "hh:mm:ss"}, false},
	} {
		if got := ShowsSeconds(c.in); got != c.want {
			t.Errorf("ShowsSeconds(%+v) = %v", c.in, got)
		}
	}
}

// BenchmarkZeroPadded: a number cell's shown text, in a format that pads nothing (most cells:
// read once per format, not per cell) and in a CEP format.
func BenchmarkZeroPadded(b *testing.B) {
	for _, c := range []struct{ name, code string }{{"general", "General"}, {"decimals", "#,##0.00"}, {"cep", `00000\-000`}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ZeroPadded("1310100", c.code)
			}
		})
	}
}

// TestShownEdges: a number cell shown by its format at the edges of what is read: a < condition
// at its number, the section after it past; four sections (the fourth for text); an empty
// quoted literal; a format ending in a backslash or a bracket, read without a panic; 15
// digits (Excel's precision), not 16, be they written out or in its E notation; a condition of
// 18 digits. And a date cell whose format says "horas" in quotes: its s is no seconds.
func TestShownEdges(t *testing.T) {
	const phoneLess = `[<100000000]0000-0000;(00) 0000-0000`
	for _, c := range []struct {
		raw, code, want string
		ok              bool
	}{
		{"99999999", phoneLess, "9999-9999", true},
		{"100000000", phoneLess, "(01) 0000-0000", true}, // 100000000 is not < 100000000
		{"123", `00000;-00000;00000;@`, "00123", true},
		{"0", `00000;-00000;00000;@`, "00000", true},
		{"5", `0000""`, "0005", true},
		{"5", `0000;0[`, "0005", true},
		{"5", `0000\`, "", false},
		{"123456789012345", "0000000000000000", "0123456789012345", true},
		{"1.23456789012345E+14", "0000000000000000", "0123456789012345", true},
		{"1234567890123456", "0000000000000000", "", false},
		{"1.2E+15", "0000000000000000", "", false},
		{"12", `[<=999999999999999999]0000;00000`, "0012", true},
		{"12", `[<=9999999999999999999]0000;00000`, "", false},
	} {
		got, ok := PaddedText(c.raw, c.code)
		if got != c.want || ok != c.ok {
			t.Errorf("PaddedText(%q, %q) = %q, %v; want %q, %v", c.raw, c.code, got, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct{ raw, code, want string }{
		{"0.5", `hh:mm" horas"`, "12:00"},
		{"46387.5", `dd/mm/yyyy" às "hh:mm`, "31/12/2026 12:00"},
		{"0.5", `"s: "hh:mm`, "12:00"},
		{"0.5", `hh:mm"" "s"`, "12:00"}, // an empty quote, then one with an s
		{"1.0630787037037", "[h]:mm:ss", "25:30:50"},
	} {
		if got, err := DateText(c.raw, c.code, false); err != nil || got != c.want {
			t.Errorf("DateText(%q, %q) = %q, %v; want %q", c.raw, c.code, got, err, c.want)
		}
	}
	// A locale or a colour in brackets, an empty quote: the date parts after them still read.
	for _, c := range []struct {
		code string
		want bool
	}{
		{`[$-416]d-mmm`, true}, {`[Red]mmm-yy`, true}, {`""d-mmm`, true}, {`[$-416]dd/mm/yyyy`, false},
	} {
		if got := PartialDate(c.code); got != c.want {
			t.Errorf("PartialDate(%q) = %v", c.code, got)
		}
	}
}

// TestDateFromSerialEdges: the serials at the edges of each branch, and a time of day in the
// 1904 system (it starts at midnight: a second off turns 23:59:59 into the next day).
func TestDateFromSerialEdges(t *testing.T) {
	day := func(y int, m time.Month, d, hh, mm, ss int) time.Time {
		return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	}
	for _, c := range []struct {
		raw     string
		d1904   bool
		want    time.Time // zero: refused
		message string    // of the refusal, in English
	}{
		{"0", false, day(1899, 12, 30, 0, 0, 0), ""},
		{"1", false, day(1900, 1, 1, 0, 0, 0), ""},
		{"59", false, day(1900, 2, 28, 0, 0, 0), ""},
		{"60", false, time.Time{}, "29/02/1900"},
		{"61", false, day(1900, 3, 1, 0, 0, 0), ""},
		// A time of day on the days around Excel's phantom 29/02/1900: the day is the serial's
		// whole part, never rounded (59.75 is 28/02 18:00, 60.5 the phantom day's noon).
		{"59.75", false, day(1900, 2, 28, 18, 0, 0), ""},
		{"60.5", false, time.Time{}, "29/02/1900"},
		{"0.75", false, day(1899, 12, 30, 18, 0, 0), ""},
		// Rounding the seconds never changes the day Excel shows: 23:59:59.999 and .997 (a
		// database's last instant of a day) are 31/12/2025, shown so in dd/mm/yyyy; they went
		// to Senior as 01/01/2026. At Excel's millisecond a fraction that reaches midnight (46023
		// stored as 46022.999999999993, binary noise) is the next day.
		{"46022.99999998843", false, day(2025, 12, 31, 23, 59, 59), ""},
		{"46022.99999996528", false, day(2025, 12, 31, 23, 59, 59), ""},
		{"46022.999999999993", false, day(2026, 1, 1, 0, 0, 0), ""},
		{"2958465.999999", false, day(9999, 12, 31, 23, 59, 59), ""},
		{"2958465.999999999993", false, time.Time{}, "9999"},
		{"59.99999999", false, day(1900, 2, 28, 23, 59, 59), ""},
		{"59.999999999999", false, time.Time{}, "29/02/1900"},
		{"1.99999999", true, day(1904, 1, 2, 23, 59, 59), ""},
		{"0.5", true, day(1904, 1, 1, 12, 0, 0), ""},
		{"1.99998", true, day(1904, 1, 2, 23, 59, 58), ""},
		{"2958465", false, day(9999, 12, 31, 0, 0, 0), ""},
		{"2958466", false, time.Time{}, "9999"},
		{"100000000000000000", false, time.Time{}, "9999"}, // days past what a time can add
		{"1e30", false, time.Time{}, "9999"},               // not even an int64
	} {
		got, err := DateFromSerial(c.raw, c.d1904)
		if c.message == "" {
			if err != nil || !got.Equal(c.want) {
				t.Errorf("DateFromSerial(%q, %v) = %v, %v; want %v", c.raw, c.d1904, got, err, c.want)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Message(outcome.EN), c.message) {
			t.Errorf("DateFromSerial(%q, %v) = %v, %v; want an error saying %q", c.raw, c.d1904, got, err, c.message)
		}
	}
}

// TestParseDateTimes: the time a date is written with is read, its seconds too, and a
// second, minute or hour that is none refuses the date.
func TestParseDateTimes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time // zero: refused
	}{
		{"2026-12-31T10:30:45", time.Date(2026, 12, 31, 10, 30, 45, 0, time.UTC)},
		{"31/12/2026 10:30:45", time.Date(2026, 12, 31, 10, 30, 45, 0, time.UTC)},
		{"2026-12-31T10:30:60", time.Time{}},
		{"31/12/2026 10:30:60", time.Time{}},
		{"2026-12-31T10:60:00", time.Time{}},
		{"2026-12-31T24:00:00", time.Time{}},
	} {
		got, err := ParseDate(c.in, 0)
		if c.want.IsZero() != (err != nil) || !got.Equal(c.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// TestLocaleOrDefault: no locale is pt-BR, and the other of each is the other one (a column's
// locale keys the signs of how its file was written: "" and "pt-BR" are one).
func TestLocaleOrDefault(t *testing.T) {
	for _, c := range []struct{ l, def, other Locale }{
		{"", PtBR, EnUS}, {PtBR, PtBR, EnUS}, {EnUS, EnUS, PtBR},
	} {
		if got := c.l.OrDefault(); got != c.def {
			t.Errorf("Locale(%q).OrDefault() = %q, want %q", c.l, got, c.def)
		}
		if got := c.l.Other(); got != c.other {
			t.Errorf("Locale(%q).Other() = %q, want %q", c.l, got, c.other)
		}
	}
}

// TestExcelNumberEdges: a numeric cell's stored text that is no number is refused, not taken
// for nothing; a cell counts as long (digits Excel zeroed) past 15 digits before its
// decimals, not at 15 with decimals after them.
func TestExcelNumberEdges(t *testing.T) {
	for _, raw := range []string{"abc", "NaN", "Infinity", "", "1E+200000", "1E-200000", "9.99999999999999999E+100000"} {
		if d, err := ExcelNumber(raw); err == nil {
			t.Errorf("ExcelNumber(%q) = %v, nil; want an error", raw, d)
		}
	}
	for _, c := range []struct {
		raw   string
		shown string
		long  bool
	}{
		{"123456789012345.5", "", false},
		{"1.23456789012345E+14", "", false},
		{"1234567890123456", "1234567890123460", true},
		{"1.234567890123456E+15", "1234567890123460", true},
	} {
		if shown, long := longCell(c.raw); shown != c.shown || long != c.long {
			t.Errorf("longCell(%q) = %q, %v; want %q, %v", c.raw, shown, long, c.shown, c.long)
		}
	}
}

// TestErrorNamesItsField: an error Normalise returns names the field's path before the value
// (logs and the journal show Error(), not the report's columns).
func TestErrorNamesItsField(t *testing.T) {
	_, err := Normalise(field(t, "Double", "Number(005,2)", ""), Input{Text: "abc"}, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), `f: "abc" `) {
		t.Errorf("Error() = %v; want it to begin with the field and the value", err)
	}
	if e := newError("abc", outcome.Lang.NotNumber); !strings.HasPrefix(e.Error(), `"abc" `) {
		t.Errorf("Error() without a field = %q", e.Error())
	}
}

// TestComposed: a text goes composed (NFC), and Composed says whether it changed it: not for
// Portuguese's letters, nor for a character past U+0300 that is composed already.
func TestComposed(t *testing.T) {
	for _, c := range []struct {
		in, want string
		changed  bool
	}{
		{"Se\u0301rie", "S\u00e9rie", true}, {"Série", "Série", false}, {"abc", "abc", false},
		{"", "", false}, {"中文", "中文", false}, {"a\u0300", "\u00e0", true},
	} {
		got, changed := Composed([]byte(c.in))
		if string(got) != c.want || changed != c.changed {
			t.Errorf("Composed(%q) = %q, %v; want %q, %v", c.in, got, changed, c.want, c.changed)
		}
	}
}

// TestBlank: spaces and characters no one sees are blank; anything else is not.
func TestBlank(t *testing.T) {
	for in, want := range map[string]bool{
		"": true, " ": true, "\u00a0\t": true, "\u200b": true, " \u200b\ufeff ": true,
		"a": false, " 0 ": false, "\u200bx": false, "-": false,
	} {
		if got := Blank(in); got != want {
			t.Errorf("Blank(%q) = %v, want %v", in, got, want)
		}
	}
}
