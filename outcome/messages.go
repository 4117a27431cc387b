package outcome

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Lang is the language of everything a person reads: row messages, report headers, the
// summary. Portuguese is the default; anything but EN reads as PT.
type Lang string

// Languages.
const (
	PT Lang = "pt"
	EN Lang = "en"
)

// ParseLang accepts "pt" or "en".
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case PT, EN:
		return Lang(s), nil
	}
	return "", fmt.Errorf("--lang %q: use pt or en", s)
}

// Every message below is one function with both languages side by side, so a translation is
// never far from its original and `go vet` checks every format against its arguments.

// --- Values (reasons of Problems; they never repeat the value or the field) ---

func (l Lang) NotNumber() string {
	if l == EN {
		return "is not a number"
	}
	return "não é um número"
}

// LetterInNumber: a number holding one letter among its figures: a zero typed as the letter
// O, a one as the letter l or I, are named as such. No position: in a number the letter is
// seen once named, and the summary's causes group the rows of one letter.
func (l Lang) LetterInNumber(letter rune) string {
	var meant string
	switch letter {
	case 'O', 'o':
		meant = "0"
	case 'l', 'I':
		meant = "1"
	}
	if l == EN {
		if meant != "" {
			return fmt.Sprintf("is not a number: it holds the letter %q (the figure %s typed as a letter?)", string(letter), meant)
		}
		return fmt.Sprintf("is not a number: it holds the letter %q", string(letter))
	}
	if meant != "" {
		return fmt.Sprintf("não é um número: tem a letra %q (o algarismo %s digitado como letra?)", string(letter), meant)
	}
	return fmt.Sprintf("não é um número: tem a letra %q", string(letter))
}

// LogWaitingForFile: an input file is being written when its rows are to be read.
func (l Lang) LogWaitingForFile(quiet, most time.Duration) string {
	if l == EN {
		return fmt.Sprintf("the file is being written: waiting until it has not changed for %s (at most %s)", quiet, most)
	}
	return fmt.Sprintf("o arquivo está sendo gravado: esperando que fique %s sem mudar (no máximo %s)", quiet, most)
}

// FileStillWritten: input files still changing after the wait: none of the input's rows went.
func (l Lang) FileStillWritten(files []string, most time.Duration) string {
	if l == EN {
		return fmt.Sprintf("%s still being written after %s of waiting: none of its rows was sent; import it once it is complete", strings.Join(files, ", "), most)
	}
	return fmt.Sprintf("%s ainda estava sendo gravado depois de %s de espera: nenhuma linha foi enviada; importe-o quando estiver completo", strings.Join(files, ", "), most)
}

// FileWrittenWhileRead: an input file that was written, replaced or removed while the run
// read it (pipeline/settle.go).
func (l Lang) FileWrittenWhileRead() string {
	if l == EN {
		return "the file changed while it was read (was it still being written?): its rows read are in the report as they went, and what was added later was not read; import it again once it is complete (what went in is not sent again)"
	}
	return "o arquivo mudou enquanto era lido (ainda estava sendo gravado?): as linhas lidas estão no relatório como foram, e o que entrou depois no arquivo não foi lido; importe-o de novo quando estiver completo (o que já entrou não é enviado de novo)"
}

// DashAlone: a number cell that holds a dash and nothing else.
func (l Lang) DashAlone() string {
	if l == EN {
		return "is a dash, not a number: if it is the zero of Excel's accounting format, write 0; if there is no value, leave the cell empty"
	}
	return "é um traço, não um número: se é o zero do formato Contábil do Excel, escreva 0; se não há valor, deixe a célula vazia"
}

// MoneyPercent: a percent (text with %, or a cell formatted as a percent) in a field of money.
func (l Lang) MoneyPercent() string {
	if l == EN {
		return "is a percentage, and the field is an amount of money (a value from another column?)"
	}
	return "é um percentual, e o campo é um valor em dinheiro (um valor de outra coluna?)"
}

// PartialDateInText: a date cell in a text field whose format shows no day, month or year:
// what Excel makes of text typed as 1/2 or 1-2.
func (l Lang) PartialDateInText(format string) string {
	if l == EN {
		return fmt.Sprintf("is a date cell whose format (%s) shows no day, month or year, in a text field: Excel makes a date of text typed as 1/2 or 1-2, and what was typed is lost; format the column as text and type the value again", format)
	}
	return fmt.Sprintf("é uma célula de data num campo de texto, e o formato dela (%s) não mostra o dia, o mês ou o ano: o Excel faz uma data do texto digitado como 1/2 ou 1-2, e o que foi digitado se perdeu; formate a coluna como texto e digite o valor de novo", format)
}

// CurrencyNotMoney: an amount in reais (text with R$) in a numeric field that is no money (a
// percentage, a quantity, a code).
func (l Lang) CurrencyNotMoney() string {
	if l == EN {
		return "is an amount of money (R$), and the field is not one (a value from another column?)"
	}
	return "é um valor em dinheiro (R$), e o campo não é (um valor de outra coluna?)"
}

// PercentNotCode: a percentage in a code or a count (an Integer field, or one of no decimals,
// not named as a percentage or a quantity).
func (l Lang) PercentNotCode() string {
	if l == EN {
		return "is a percentage, and the field is a code or a count (a value from another column?)"
	}
	return "é um percentual, e o campo é um código ou uma contagem (um valor de outra coluna?)"
}

// ApostropheNumber: a text cell written as Excel shows it being typed, '030; bare is 030.
func (l Lang) ApostropheNumber(bare string) string {
	if l == EN {
		return fmt.Sprintf("starts with an apostrophe: in Excel it only marks a text cell and is no part of the value, but written in the file it would be sent: write %s (a CSV keeps leading zeros as they are)", bare)
	}
	return fmt.Sprintf("começa com um apóstrofo: no Excel ele só marca a célula como texto e não faz parte do valor, mas escrito no arquivo ele seria enviado: escreva %s (um CSV mantém os zeros à esquerda como estão)", bare)
}

// GroupPoint: a pt-BR number written otherwise; suggestion is how to write it.
func (l Lang) GroupPoint(suggestion string) string {
	if l == EN {
		return fmt.Sprintf("is not a number in pt-BR: the point groups thousands in threes and the comma marks decimals (write %s)", suggestion)
	}
	return fmt.Sprintf("não é um número em pt-BR: o ponto separa milhares em grupos de três e a vírgula marca os decimais (escreva %s)", suggestion)
}

// GroupComma: an en-US number written otherwise.
func (l Lang) GroupComma(suggestion string) string {
	if l == EN {
		return fmt.Sprintf("is not a number in en-US: the comma groups thousands in threes and the point marks decimals (write %s)", suggestion)
	}
	return fmt.Sprintf("não é um número em en-US: a vírgula separa milhares em grupos de três e o ponto marca os decimais (escreva %s)", suggestion)
}

func (l Lang) TwoDecimalSeparators() string {
	if l == EN {
		return "has more than one decimal separator"
	}
	return "tem mais de um separador decimal"
}

// Decimals: more decimal places than the field's format allows. The advice comes in plain
// words before the flag that does it for the whole run.
func (l Lang) Decimals(places, scale int, format string) string {
	if l == EN {
		return fmt.Sprintf("has %d decimal places; the field takes %d (%s) — round it in the spreadsheet, or use --round half-even", places, scale, format)
	}
	return fmt.Sprintf("tem %d casas decimais; o campo aceita %d (%s) — arredonde na planilha, ou use --round half-even", places, scale, format)
}

// PercentCell: a percent cell's value (the stored fraction × 100) failed a check; shown is
// what the cell shows ("5,12%"), stored what it holds ("0,05123").
func (l Lang) PercentCell(shown, stored, reason string) string {
	if l == EN {
		return fmt.Sprintf("the cell shows %s and holds %s: %s", shown, stored, reason)
	}
	return fmt.Sprintf("a célula mostra %s e guarda %s: %s", shown, stored, reason)
}

func (l Lang) NotInteger(format string) string {
	if l == EN {
		return fmt.Sprintf("is not a whole number; the field takes no decimals (%s)", format)
	}
	return fmt.Sprintf("não é um número inteiro; o campo não aceita decimais (%s)", format)
}

// DoubleDigits: a value of more significant digits than a Double keeps.
func (l Lang) DoubleDigits(digits int) string {
	if l == EN {
		return fmt.Sprintf("has %d significant digits; the field is a Double, which keeps 15: Senior would store another number", digits)
	}
	return fmt.Sprintf("tem %d algarismos significativos; o campo é Double, que guarda 15: o Senior gravaria outro número", digits)
}

// IntegerRange: a value for a field Senior declares Integer with no documented size, past
// what an Integer holds (a 32-bit int, xsd:int in the services' WSDL).
func (l Lang) IntegerRange() string {
	if l == EN {
		return "is beyond what the field holds: it is an Integer (from -2147483648 to 2147483647), and Senior would refuse it"
	}
	return "passa do que o campo guarda: é Integer (de -2147483648 a 2147483647), e o Senior o recusaria"
}

func (l Lang) IntegerDigits(digits, limit int, format string) string {
	if l == EN {
		return fmt.Sprintf("has %d digits before the decimal separator; the field takes at most %d (%s)", digits, limit, format)
	}
	return fmt.Sprintf("tem %d dígitos antes da vírgula; o campo aceita no máximo %d (%s)", digits, limit, format)
}

func (l Lang) NotDate() string {
	if l == EN {
		return "is not a date (write DD/MM/YYYY)"
	}
	return "não é uma data (escreva DD/MM/AAAA)"
}

// WrongWeekday: a long date whose weekday is not the date's ("sexta-feira, 31 de dezembro de
// 2026"): one of the two was mistyped.
func (l Lang) WrongWeekday(day time.Weekday) string {
	if l == EN {
		return fmt.Sprintf("names another day of the week: that date is a %s; fix the day or the date", day)
	}
	pt := [7]string{"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"}
	return fmt.Sprintf("diz outro dia da semana: essa data é %s %s; corrija o dia ou a data", map[bool]string{true: "um", false: "uma"}[day == time.Sunday || day == time.Saturday], pt[day])
}

// DateSerial: a number where a date is expected, which is how Excel writes a date whose
// column was formatted as a number; day is the date it stands for.
func (l Lang) DateSerial(day string) string {
	if l == EN {
		return fmt.Sprintf("is not a date: it looks like the number Excel keeps for %s (the column was formatted as a number); format it as a date in the sheet and export again, or write DD/MM/YYYY", day)
	}
	return fmt.Sprintf("não é uma data: parece o número que o Excel guarda para %s (a coluna estava formatada como número); formate-a como data na planilha e exporte de novo, ou escreva DD/MM/AAAA", day)
}

// NumberNotDate: a spreadsheet's number cell (not formatted as a date) in a date field;
// day is the date its value stands for as Excel's serial.
func (l Lang) NumberNotDate(day string) string {
	if l == EN {
		return fmt.Sprintf("is a number, not a date: the cell is formatted as a number (as a date it would be %s); format it as a date, or write DD/MM/YYYY", day)
	}
	return fmt.Sprintf("é um número, não uma data: a célula está formatada como número (como data seria %s); formate-a como data, ou escreva DD/MM/AAAA", day)
}

func (l Lang) NoSuchDate() string {
	if l == EN {
		return "is not a day of the calendar"
	}
	return "não é um dia do calendário"
}

// MonthDayDate: a D/M date whose month is over 12 and whose day is not: written month
// first, as American exports do, so the file's dates whose day is 12 or less read two ways
// (refused where the file shows more such dates than dates only day first: DateTwoWays).
func (l Lang) MonthDayDate() string {
	if l == EN {
		return "is not a day of the calendar: it reads as month/day (an American export?); if the file was written so, its dates whose day is 12 or less read two ways: export them as DD/MM/YYYY"
	}
	return "não é um dia do calendário: parece mês/dia (uma exportação americana?); se o arquivo foi escrito assim, as datas dele com dia até 12 se leem dos dois jeitos: exporte-as como DD/MM/AAAA"
}

func (l Lang) NotTime() string {
	if l == EN {
		return "is not a time of day (write HH:MM)"
	}
	return "não é uma hora do dia (escreva HH:MM)"
}

// NumberNotTime: a number cell (General format) in a time field whose value, read as a
// fraction of a day, would be the time hm.
func (l Lang) NumberNotTime(hm string) string {
	if l == EN {
		return fmt.Sprintf("is a number, not a time: the cell is formatted as a number (as a time it would be %s); format it as a time, or write HH:MM", hm)
	}
	return fmt.Sprintf("é um número, não uma hora: a célula está formatada como número (como hora seria %s); formate-a como hora, ou escreva HH:MM", hm)
}

// CellNotTime: a date cell in a time field that shows a date, or hours past 24.
func (l Lang) CellNotTime(shown string) string {
	if l == EN {
		return fmt.Sprintf("the cell shows %s, not a time of day: this column takes the time alone (HH:MM)", shown)
	}
	return fmt.Sprintf("a célula mostra %s, não uma hora do dia: esta coluna leva só a hora (HH:MM)", shown)
}

// TooLong: text longer than the field's documented String(n).
func (l Lang) TooLong(chars, limit int) string {
	if l == EN {
		return fmt.Sprintf("has %d characters; the field takes at most %d (String(%03d))", chars, limit, limit)
	}
	return fmt.Sprintf("tem %d caracteres; o campo aceita no máximo %d (String(%03d))", chars, limit, limit)
}

// TooLongUndocumented: text longer than Excel's cell limit in a field whose length Senior does
// not document (the CRM ones).
func (l Lang) TooLongUndocumented(chars, limit int) string {
	if l == EN {
		return fmt.Sprintf("has %s characters; the importer sends at most %s (a spreadsheet cell's limit; Senior documents no length for this field)", l.Count(chars), l.Count(limit))
	}
	return fmt.Sprintf("tem %s caracteres; o importador envia no máximo %s (o limite de uma célula de planilha; o Senior não documenta o tamanho deste campo)", l.Count(chars), l.Count(limit))
}

func (l Lang) ForbiddenChar(r rune, pos int) string {
	if l == EN {
		return fmt.Sprintf("contains character U+%04X at position %d, which XML 1.0 forbids", r, pos)
	}
	return fmt.Sprintf("contém o caractere U+%04X na posição %d, que o XML 1.0 não aceita", r, pos)
}

// ControlChar: the text holds DEL or a C1 control (U+0080–U+009F), which XML lets through and
// no one sees; was is the Windows-1252 character of the same byte (0: none), what the text
// meant where a file's Windows-1252 text was converted as ISO-8859-1.
func (l Lang) ControlChar(r, was rune, pos int) string {
	if l == EN {
		if was != 0 {
			return fmt.Sprintf("contains the control character U+%04X at position %d, which no one sees: it is Windows-1252's %q converted as ISO-8859-1 (Latin-1) by whatever wrote the file; fix the text, or write the file again as UTF-8", r, pos, string(was))
		}
		return fmt.Sprintf("contains the control character U+%04X at position %d, which no one sees and is no text: delete it", r, pos)
	}
	if was != 0 {
		return fmt.Sprintf("contém o caractere de controle U+%04X na posição %d, que não se vê: é o %q do Windows-1252 convertido como ISO-8859-1 (Latin-1) por quem gerou o arquivo; corrija o texto, ou gere o arquivo de novo em UTF-8", r, pos, string(was))
	}
	return fmt.Sprintf("contém o caractere de controle U+%04X na posição %d, que não se vê e não é texto: apague-o", r, pos)
}

// ReplacementChar: the text holds U+FFFD, which a reader puts where a file's bytes were not text.
func (l Lang) ReplacementChar(pos int) string {
	if l == EN {
		return fmt.Sprintf("holds the character � at position %d, which stands for bytes that were not text: type the text again", pos)
	}
	return fmt.Sprintf("contém o caractere � na posição %d, que marca bytes que não eram texto: digite o texto de novo", pos)
}

// DoubleEncoded: the text shows the trace of accents converted twice ("Ã§" for "ç").
func (l Lang) DoubleEncoded(pair string) string {
	if l == EN {
		return fmt.Sprintf("holds %q, accented text converted twice (UTF-8 read as Windows-1252): fix the accents, or save the file again from its origin", pair)
	}
	return fmt.Sprintf("contém %q, acentos convertidos duas vezes (UTF-8 lido como Windows-1252): corrija os acentos, ou salve o arquivo de novo a partir da origem", pair)
}

// OtherCodePage: the text shows the trace of a DOS or Mac CSV file opened as Windows-1252
// ("a‡Æ" for "ação").
func (l Lang) OtherCodePage(trace string) string {
	if l == EN {
		return fmt.Sprintf("holds %q, accents of another charset (a CSV file saved as \"CSV (MS-DOS)\" or \"CSV (Macintosh)\" and opened as Windows-1252: ‡ for ç, Æ for ã, ‚ for é): fix the accents, or import that CSV file itself", trace)
	}
	return fmt.Sprintf("contém %q, acentos de outra codificação (um CSV salvo como \"CSV (MS-DOS)\" ou \"CSV (Macintosh)\" e aberto como Windows-1252: ‡ por ç, Æ por ã, ‚ por é): corrija os acentos, ou importe o próprio arquivo CSV", trace)
}

func (l Lang) NotUTF8() string {
	if l == EN {
		return "is not valid UTF-8 text"
	}
	return "não é texto UTF-8 válido"
}

// NotInList: accepted lists "code=label, ...".
func (l Lang) NotInList(accepted string) string {
	if l == EN {
		return fmt.Sprintf("is not one of the accepted values: %s", accepted)
	}
	return fmt.Sprintf("não é um dos valores aceitos: %s", accepted)
}

func (l Lang) DateCell() string {
	if l == EN {
		return "is a date cell where a number is expected"
	}
	return "é uma célula de data onde se espera um número"
}

func (l Lang) BoolCell() string {
	if l == EN {
		return "is a true/false cell where a number is expected"
	}
	return "é uma célula verdadeiro/falso onde se espera um número"
}

// BoolInText: a true/false cell in a text field with no list of values: Excel shows it
// VERDADEIRO or TRUE by its language, and Senior documents neither for the field.
func (l Lang) BoolInText() string {
	if l == EN {
		return "is a true/false cell, and the field is text with no documented values (TRUE, VERDADEIRO, S?): write the value Senior expects as text"
	}
	return "é uma célula verdadeiro/falso, e o campo é texto sem valores documentados (TRUE, VERDADEIRO, S?): escreva como texto o valor que o Senior espera"
}

func (l Lang) TimeNotDate() string {
	if l == EN {
		return "is a time of day where a date is expected"
	}
	return "é uma hora do dia onde se espera uma data"
}

func (l Lang) DateRange() string {
	if l == EN {
		return "is outside the years 1900 to 9999"
	}
	return "está fora dos anos 1900 a 9999"
}

func (l Lang) NotSerial() string {
	if l == EN {
		return "is not a spreadsheet date serial"
	}
	return "não é um número de série de data de planilha"
}

func (l Lang) SerialBug() string {
	if l == EN {
		return "is serial 60, the day 29/02/1900 that exists only in Excel's 1900 date system"
	}
	return "é o número de série 60, o dia 29/02/1900 que só existe no sistema de datas 1900 do Excel"
}

func (l Lang) BoolNotInSet(accepted string) string {
	if l == EN {
		return fmt.Sprintf("is a true/false cell but the field's values are not S/N: %s", accepted)
	}
	return fmt.Sprintf("é uma célula verdadeiro/falso mas os valores do campo não são S/N: %s", accepted)
}

// NotCNPJ: not 14 characters of a CNPJ (letters or digits, check digits last).
func (l Lang) NotCNPJ() string {
	if l == EN {
		return "is not a CNPJ: a CNPJ has 14 characters, 12 letters or digits and 2 check digits (12.345.678/0001-95)"
	}
	return "não é um CNPJ: um CNPJ tem 14 caracteres, 12 letras ou algarismos e 2 dígitos verificadores (12.345.678/0001-95)"
}

func (l Lang) NotCPF() string {
	if l == EN {
		return "is not a CPF: a CPF has 11 digits (123.456.789-09)"
	}
	return "não é um CPF: um CPF tem 11 algarismos (123.456.789-09)"
}

// CheckDigits: a CNPJ or CPF whose check digits do not match the rest.
func (l Lang) CheckDigits() string {
	if l == EN {
		return "the check digits do not match the number: check it for a typo"
	}
	return "os dígitos verificadores não conferem com o número: confira se há erro de digitação"
}

// RepeatedDigits: a CNPJ or CPF of one repeated digit (its check digits match, but no such
// number is issued).
func (l Lang) RepeatedDigits() string {
	if l == EN {
		return "is one digit repeated, which is never issued"
	}
	return "é um só algarismo repetido, que nunca é emitido"
}

func (l Lang) NotCEP() string {
	if l == EN {
		return "is not a CEP: a CEP has 8 digits (12345-678)"
	}
	return "não é um CEP: um CEP tem 8 algarismos (12345-678)"
}

func (l Lang) NotEmail() string {
	if l == EN {
		return "is not an e-mail address (name@company.com.br, without a display name)"
	}
	return "não é um endereço de e-mail (nome@empresa.com.br, sem nome de exibição)"
}

// EmailsMany: a cell of an e-mail field with several addresses.
func (l Lang) EmailsMany() string {
	if l == EN {
		return "holds more than one e-mail address; the field takes one (put the others in the notes, or in another field)"
	}
	return "tem mais de um endereço de e-mail; o campo leva um só (ponha os outros nas observações, ou em outro campo)"
}

// ExcelScientific: a value written as Excel shows a long number ("4,5997E+13"): its digits
// past the first few were lost when the sheet was saved as CSV.
func (l Lang) ExcelScientific() string {
	if l == EN {
		return "is a number as Excel shows a long one (scientific notation): the digits after the first few were lost in the export; format the column as text in the sheet, type the values again and export again"
	}
	return "é um número como o Excel mostra um número longo (notação científica): os algarismos depois dos primeiros se perderam na exportação; formate a coluna como texto na planilha, digite os valores de novo e exporte de novo"
}

// LongNumberCell: a number cell of more than 15 digits before its decimals: Excel keeps 15
// significant digits of a number, making the rest zeros as it is typed and showing it so (shown).
func (l Lang) LongNumberCell(shown string) string {
	if l == EN {
		return fmt.Sprintf("is a number cell of more than 15 digits, and Excel keeps only 15 of a number: the last ones were lost as it was typed (Excel shows %s); format the column as text and type the values again", shown)
	}
	return fmt.Sprintf("é uma célula de número com mais de 15 algarismos, e o Excel guarda só 15 de um número: os últimos se perderam ao digitar (o Excel mostra %s); formate a coluna como texto e digite os valores de novo", shown)
}

// LeadingZerosLost follows a length error of a code that came from a number cell.
func (l Lang) LeadingZerosLost() string {
	if l == EN {
		return "the cell is a number, and Excel drops a number's leading zeros: format the column as text and type it again"
	}
	return "a célula é um número, e o Excel apaga os zeros à esquerda de um número: formate a coluna como texto e digite de novo"
}

// --- Assembly (invalid rows and files) ---

// Lists in messages are capped, whatever the input: a header of a million columns or a record
// of a million rows gives a message of a few lines.
const (
	maxNames     = 10  // names (columns, fields, rows) listed before "+N more"
	maxProblems  = 10  // problems of one row listed before "+N more"
	maxNameRunes = 80  // a listed name longer than this is cut, with "…"
	maxValue     = 200 // a value quoted in a problem longer than this is cut, with "…"
)

// Count writes a number with the language's thousands separator: 999.990 (pt), 999,990 (en).
func (l Lang) Count(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	sep := "."
	if l == EN {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// More says how many items a capped list left out: "+999.990 mais", "+999,990 more".
func (l Lang) More(n int) string {
	if l == EN {
		return "+" + l.Count(n) + " more"
	}
	return "+" + l.Count(n) + " mais"
}

// Names lists names (columns, fields, rows) for a message: the first ten, each cut at 80
// characters, then how many more there are.
func (l Lang) Names(names []string) string {
	n := min(len(names), maxNames)
	cut := make([]string, n, n+1)
	for i := range n {
		cut[i] = clip(names[i], maxNameRunes)
	}
	if len(names) > n {
		cut = append(cut, l.More(len(names)-n))
	}
	return strings.Join(cut, ", ")
}

// clip cuts s at max characters, marking the cut with "…".
func clip(s string, max int) string {
	i, n := 0, 0
	for i = range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Problem is one problem as a finance user reads it: the column (and cell), the value, and
// the reason: `coluna "preUni" (F3), valor "12.50": ...`.
func (l Lang) Problem(p Problem) string {
	var b strings.Builder
	if p.Column != "" {
		if l == EN {
			fmt.Fprintf(&b, "column %q", p.Column)
		} else {
			fmt.Fprintf(&b, "coluna %q", p.Column)
		}
		if p.Cell != "" {
			fmt.Fprintf(&b, " (%s)", p.Cell)
		}
	}
	if p.Value != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if l == EN {
			fmt.Fprintf(&b, "value %q", clip(p.Value, maxValue))
		} else {
			fmt.Fprintf(&b, "valor %q", clip(p.Value, maxValue))
		}
	}
	if b.Len() == 0 {
		return p.Reason
	}
	return b.String() + ": " + p.Reason
}

// Problems joins a row's problems into its report message (the first ten; the report's
// problems field keeps them all).
func (l Lang) Problems(ps []Problem) string {
	texts := make([]string, min(len(ps), maxProblems), min(len(ps), maxProblems)+1)
	for i := range texts {
		texts[i] = l.Problem(ps[i])
	}
	if len(ps) > maxProblems {
		texts = append(texts, l.More(len(ps)-maxProblems))
	}
	return strings.Join(texts, "; ")
}

// RowAtFault: a valid row of an invalid record names the rows at fault.
func (l Lang) RowAtFault(rows []string) string {
	return l.rowAtFaultPrefix() + l.Names(rows)
}

// RowsAtFaultAsOriginal says, in a re-import file, that the rows a message names at fault are
// the input's rows (its "#linha original" column): the file renumbers its rows, and its cells
// are named where they now sit.
func (l Lang) RowsAtFaultAsOriginal(msg string) string {
	if l == EN {
		return strings.Replace(msg, l.rowAtFaultPrefix(), "record invalid because of original row(s) (column #original row) ", 1)
	}
	return strings.Replace(msg, l.rowAtFaultPrefix(), "registro inválido por causa da(s) linha(s) original(is) (coluna #linha original) ", 1)
}

// RowsAsOriginal says, in a re-import file, that a row an importer's reason names by its
// number ("itens com chave 1 repetida (já na linha 8)", "difere da linha 3", "(coluna
// "datOci", linha 7: 12/21/2026)") is the input's row, as RowsAtFaultAsOriginal does for the
// rows at fault: the file numbers its rows anew, and its own row 8 is another or none.
// Quoted values ("valor \"linha 3\"") are left as they are. So are several rows ("chave
// 1/9020/1 (linhas 3, 4)", the rows of no record a held record's reason names): "linhas
// originais 3, 4"; left as "linhas 3, 4", they sent the user to rows 3 and 4 of the file,
// which are others, or none.
func (l Lang) RowsAsOriginal(reason string) string {
	stem, words := "linha", [][2]string{{"linha ", "linha original "}, {"linhas ", "linhas originais "}}
	if l == EN {
		stem, words = "row", [][2]string{{"row ", "original row "}, {"rows ", "original rows "}}
	}
	if !strings.Contains(reason, stem) {
		return reason
	}
	var b strings.Builder
	quoted, escaped := false, false
outer:
	for i := 0; i < len(reason); i++ {
		c := reason[i]
		switch {
		case quoted && escaped:
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case c == '"':
			quoted = !quoted
		case !quoted && (i == 0 || !isLetter(reason[i-1])):
			for _, w := range words {
				word, original := w[0], w[1]
				if strings.HasPrefix(reason[i:], word) && i+len(word) < len(reason) &&
					reason[i+len(word)] >= '0' && reason[i+len(word)] <= '9' {
					b.WriteString(original)
					i += len(word) - 1
					continue outer
				}
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func (l Lang) rowAtFaultPrefix() string {
	if l == EN {
		return "record invalid because of row(s) "
	}
	return "registro inválido por causa da(s) linha(s) "
}

// rowAtFaultCauses is, per language, the cause of RowAtFault's rows, whatever rows they name:
// a file of 200,000 quotes each with a bad item made 200,000 causes of one row each, and the
// top ten said nothing.
var rowAtFaultCauses = map[Lang]string{
	PT: "registro inválido por causa de outra linha do mesmo registro",
	EN: "record invalid because of another row of the same record",
}

// rowAtFaultCause is the cause of a RowAtFault message; "" for another message.
func rowAtFaultCause(msg string) string {
	for l, c := range rowAtFaultCauses {
		if strings.HasPrefix(msg, l.rowAtFaultPrefix()) {
			return c
		}
	}
	return ""
}

// isRowAtFaultCause tells a cause rowAtFaultCause gives.
func isRowAtFaultCause(c string) bool {
	return c == rowAtFaultCauses[PT] || c == rowAtFaultCauses[EN]
}

func (l Lang) DuplicateColumn(where, first, second, field string) string {
	if l == EN {
		return fmt.Sprintf("%s: columns %q and %q both name field %s", where, first, second, field)
	}
	return fmt.Sprintf("%s: as colunas %q e %q indicam o mesmo campo %s", where, first, second, field)
}

// UnknownColumn: a header that names no field; suggestions are the nearest fields, each
// "name (description)", best first (none: nothing is near).
func (l Lang) UnknownColumn(column string, suggestions []string) string {
	column = clip(column, maxNameRunes)
	if len(suggestions) == 0 {
		if l == EN {
			return fmt.Sprintf("column %q: no field has that name", column)
		}
		return fmt.Sprintf("coluna %q: nenhum campo tem esse nome", column)
	}
	or := " ou "
	if l == EN {
		or = " or "
	}
	alts := suggestions[0]
	if n := len(suggestions); n > 1 {
		alts = strings.Join(suggestions[:n-1], ", ") + or + suggestions[n-1]
	}
	if l == EN {
		return fmt.Sprintf("column %q: no field has that name; did you mean %s?", column, alts)
	}
	return fmt.Sprintf("coluna %q: nenhum campo tem esse nome; quis dizer %s?", column, alts)
}

// UnknownColumns: a sheet's columns that name no field, which make every row of the file
// invalid; each is an UnknownColumn message of the first few, total how many there are.
func (l Lang) UnknownColumns(where string, each []string, total int) string {
	list := strings.Join(each, "; ")
	if total > len(each) {
		list += "; " + l.More(total-len(each))
	}
	if l == EN {
		return fmt.Sprintf("%s: %s (a column that is only a note may start with #; --ignore-unknown-columns ignores such columns)", where, list)
	}
	return fmt.Sprintf("%s: %s (uma coluna que é só anotação pode começar com #; --ignore-unknown-columns ignora essas colunas)", where, list)
}

// nameParts is a path's file name, and that name without and with its extension (ext when it
// has none), on Windows' separators too: a drop folder's files are named by either.
func nameParts(path, ext string) (base, stem, extension string) {
	base = path
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	stem, extension = base, ext
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		stem, extension = stem[:i], stem[i:]
	}
	return base, stem, extension
}

// SetSheetAlone: a record file whose columns are most of them a set's (cols): the set's sheet
// of a workbook saved alone, as CSV under the workbook's name (Excel and LibreOffice save the
// sheet on screen only). file is the input as dropped.
func (l Lang) SetSheetAlone(where, file, set string, cols []string) string {
	base, stem, ext := nameParts(file, "")
	if l == EN {
		return fmt.Sprintf("%s: its columns (%s) are those of %s: this is the %s sheet saved alone (saved as CSV, Excel and LibreOffice keep only the sheet on screen). Drop the workbook saved as .xlsx, or save the records' sheet as %s and this one as %s.%s%s beside it", where, l.Names(cols), set, set, base, stem, set, ext)
	}
	return fmt.Sprintf("%s: as colunas (%s) são de %s: este arquivo é a planilha %s salva sozinha (salvo como CSV, o Excel e o LibreOffice guardam só a planilha aberta). Solte a pasta de trabalho salva como .xlsx, ou salve a planilha dos registros como %s e esta como %s.%s%s ao lado", where, l.Names(cols), set, set, base, stem, set, ext)
}

// SetSheetMisnamed: a workbook's sheet, named after no set, whose header names a set's fields
// while the workbook has no visible sheet of that set: the set's sheet under another name.
// hidden: a sheet of the set's name is there, hidden.
func (l Lang) SetSheetMisnamed(file, sheet, set string, hidden bool) string {
	switch {
	case l == EN && hidden:
		return fmt.Sprintf("%s: sheet %q has the columns of %s, and the workbook's sheet %s is hidden: %s rows are read from a visible sheet of that name only, and without it the records would go without them. Delete or rename the hidden sheet and rename this one %s (or hide this one too, if its rows are not to be imported)", file, sheet, set, set, set, set)
	case l == EN:
		return fmt.Sprintf("%s: sheet %q has the columns of %s, and the workbook has no sheet named %s: %s rows are read from a sheet of that name only, and without it the records would go without them. Rename the sheet %s (or hide it, if its rows are not to be imported)", file, sheet, set, set, set, set)
	case hidden:
		return fmt.Sprintf("%s: a planilha %q tem as colunas de %s, e a planilha %s da pasta de trabalho está oculta: as linhas de %s são lidas só de uma planilha visível com esse nome, e sem ela os registros iriam sem elas. Apague ou renomeie a planilha oculta e renomeie esta para %s (ou oculte esta também, se as linhas dela não forem para importar)", file, sheet, set, set, set, set)
	}
	return fmt.Sprintf("%s: a planilha %q tem as colunas de %s, e a pasta de trabalho não tem planilha chamada %s: as linhas de %s são lidas só de uma planilha com esse nome, e sem ela os registros iriam sem elas. Renomeie a planilha para %s (ou oculte-a, se as linhas dela não forem para importar)", file, sheet, set, set, set, set)
}

// RecordSheetTwice: a workbook whose records were read from its first sheet, record, while
// another sheet, other, has their columns too: only one sheet of records is read (the one
// named after them, named, or else the first), and other's rows would go nowhere. differs,
// when not 0, is other's first row that holds what no row of record does (other is no copy
// of record made to check it, which would be only a warning: RecordSheetCopy).
func (l Lang) RecordSheetTwice(file, record, other, port, named string, differs int) string {
	if l == EN {
		which := "the first one"
		if named != "" {
			which = fmt.Sprintf("the one named %s or, with none, the first", named)
		}
		copyOf := ""
		if differs > 0 {
			copyOf = fmt.Sprintf(" (row %d of %q is not in %q: a sheet that only repeats rows of %q, made to check them, is not read, and warned of)", differs, other, record, record)
		}
		return fmt.Sprintf("%s: sheets %q and %q both have the columns of the records of %s, and one sheet of records is read (%s): the rows of %q would not go to Senior. Put the rows in one sheet (or each sheet in a file of its own), or hide %q if its rows are not to be imported%s", file, record, other, port, which, other, other, copyOf)
	}
	which := "a primeira"
	if named != "" {
		which = fmt.Sprintf("a chamada %s ou, sem ela, a primeira", named)
	}
	copyOf := ""
	if differs > 0 {
		copyOf = fmt.Sprintf(" (a linha %d de %q não está em %q: uma planilha que só repete linhas de %q, feita para conferência, não é lida, e sai num aviso)", differs, other, record, record)
	}
	return fmt.Sprintf("%s: as planilhas %q e %q têm, as duas, as colunas dos registros de %s, e uma planilha só de registros é lida (%s): as linhas de %q não iriam ao Senior. Junte as linhas numa planilha só (ou ponha cada planilha num arquivo), ou oculte %q, se as linhas dela não forem para importar%s", file, record, other, port, which, other, other, copyOf)
}

// SetSheetTwice: a sheet with a set's columns beside the set's own sheet (other rows of the set,
// not a copy of the set's: differs, when some of its rows are copies, names one that is not).
func (l Lang) SetSheetTwice(file, setSheet, other, set string, differs int) string {
	if l == EN {
		copyOf := ""
		if differs > 0 {
			copyOf = fmt.Sprintf(" (row %d of %q is not in %q: a sheet that only repeats rows of %q, made to check them, is not read, and warned of)", differs, other, setSheet, setSheet)
		}
		return fmt.Sprintf("%s: sheets %q and %q both have the columns of %s, and the rows of %s are read from sheet %q only: the rows of %q would not go to Senior, and their records would go without them. Put the rows in sheet %q, or hide %q if its rows are not to be imported%s", file, setSheet, other, set, set, setSheet, other, setSheet, other, copyOf)
	}
	copyOf := ""
	if differs > 0 {
		copyOf = fmt.Sprintf(" (a linha %d de %q não está em %q: uma planilha que só repete linhas de %q, feita para conferência, não é lida, e sai num aviso)", differs, other, setSheet, setSheet)
	}
	return fmt.Sprintf("%s: as planilhas %q e %q têm, as duas, as colunas de %s, e as linhas de %s são lidas só da planilha %q: as linhas de %q não iriam ao Senior, e os registros iriam sem elas. Junte as linhas na planilha %q, ou oculte %q, se as linhas dela não forem para importar%s", file, setSheet, other, set, set, setSheet, other, setSheet, other, copyOf)
}

// RecordSheetCopy: a sheet with the records' columns beside the records' sheet, record, whose
// every row repeats one of record's (a copy made to check them, "Conferir"): not read.
func (l Lang) RecordSheetCopy(sheet, record string) string {
	if l == EN {
		return fmt.Sprintf("sheet %q not read: each of its rows repeats one of %q (a copy to check them); the rows of %q are the ones sent", sheet, record, record)
	}
	return fmt.Sprintf("planilha %q não lida: cada linha dela repete uma de %q (uma cópia para conferência); as linhas enviadas são as de %q", sheet, record, record)
}

func (l Lang) ParentColumnsMissing(where string, columns []string) string {
	if l == EN {
		return fmt.Sprintf("%s: the columns naming the parent record are missing (%s)", where, l.Names(columns))
	}
	return fmt.Sprintf("%s: faltam as colunas que identificam o registro pai (%s)", where, l.Names(columns))
}

func (l Lang) MissingColumns(file string, columns []string) string {
	if l == EN {
		return fmt.Sprintf("%s: required columns are missing: %s", file, l.Names(columns))
	}
	return fmt.Sprintf("%s: faltam colunas obrigatórias: %s", file, l.Names(columns))
}

// DelimiterHint: a CSV file whose fields, split by used (sniffed, or named by a first line
// "sep="), give no row that names every field its port needs, while split by better, row line
// names them all (full) or more of them (named, against had): a file that gave the sniffer no
// sign of its delimiter, or a wrong one. Said first among the header's problems, which are
// then its consequence.
func (l Lang) DelimiterHint(where string, used, better rune, line, named, had int, full bool) string {
	if l == EN {
		if full {
			return fmt.Sprintf("%s: read with %s as the delimiter, no row names the fields the port needs; with %s, row %d names them all: use --delimiter %s", where, l.delimName(used), l.delimName(better), line, delimFlag(better))
		}
		return fmt.Sprintf("%s: read with %s as the delimiter, no row names every field the port needs; with %s, row %d names more of them (%d, against %d): try --delimiter %s", where, l.delimName(used), l.delimName(better), line, named, had, delimFlag(better))
	}
	if full {
		return fmt.Sprintf("%s: lido com %s como delimitador, nenhuma linha nomeia os campos que a porta exige; com %s, a linha %d nomeia todos: use --delimiter %s", where, l.delimName(used), l.delimName(better), line, delimFlag(better))
	}
	return fmt.Sprintf("%s: lido com %s como delimitador, nenhuma linha nomeia todos os campos que a porta exige; com %s, a linha %d nomeia mais deles (%d, contra %d): tente --delimiter %s", where, l.delimName(used), l.delimName(better), line, named, had, delimFlag(better))
}

// delimName names a CSV delimiter in a sentence.
func (l Lang) delimName(d rune) string {
	names := map[rune][2]string{';': {"ponto e vírgula (;)", "semicolon (;)"}, ',': {"vírgula (,)", "comma (,)"}, '\t': {"tabulação", "tab"}, '|': {"barra vertical (|)", "vertical bar (|)"}}
	n, ok := names[d]
	switch {
	case !ok:
		return strconv.QuoteRune(d)
	case l == EN:
		return n[1]
	}
	return n[0]
}

// delimFlag is --delimiter's value for d as a shell takes it: quoted, since ; and | mean
// something to a shell; tab by its name, which --delimiter takes.
func delimFlag(d rune) string {
	if d == '\t' {
		return "tab"
	}
	return strconv.Quote(string(d))
}

func (l Lang) Orphan(key string) string {
	if l == EN {
		return fmt.Sprintf("no record with key %s: a child row with no parent", key)
	}
	return fmt.Sprintf("nenhum registro com a chave %s: linha filha sem registro pai", key)
}

// FormulaNoValue: a formula cell saved without its value (a program that wrote the formula
// and never calculated it).
func (l Lang) FormulaNoValue() string {
	if l == EN {
		return "the formula has no saved value: open the workbook in Excel and save it"
	}
	return "a fórmula não tem valor salvo: abra e salve a planilha no Excel"
}

// NarrowColumn: a value of #s alone, what Excel shows (and writes in a CSV file saved from it)
// for a date or a number in a column too narrow for it.
func (l Lang) NarrowColumn() string {
	if l == EN {
		return "is what Excel shows for a date or a number in a column too narrow for it, and it saved the CSV file as shown: widen the column in the sheet and save the CSV file again"
	}
	return "é o que o Excel mostra de uma data ou um número numa coluna estreita demais para ele, e ele salvou o CSV como mostrava: alargue a coluna na planilha e salve o CSV de novo"
}

// ErrorCell: an error cell (#DIV/0!, #REF!, #N/D), or its text in a CSV file saved from a
// workbook: the formula behind it is what to fix.
func (l Lang) ErrorCell(code string) string {
	if l == EN {
		return fmt.Sprintf("the cell holds an Excel error (%s): fix the formula that computes it, or type the value", code)
	}
	return fmt.Sprintf("a célula contém um erro do Excel (%s): corrija a fórmula que a calcula, ou digite o valor", code)
}

func (l Lang) ParentDiffers(row int, first string) string {
	if l == EN {
		return fmt.Sprintf("differs from row %d of the same record (%q): the parent's columns must repeat unchanged", row, first)
	}
	return fmt.Sprintf("difere da linha %d do mesmo registro (%q): as colunas do registro pai devem se repetir iguais", row, first)
}

// ConstantDiffers: a cell of a field the mapping (or the job's step) gives a constant, which
// says otherwise: neither is sent (which company did the file mean?).
func (l Lang) ConstantDiffers(field, value string) string {
	if l == EN {
		return fmt.Sprintf("differs from the constant %s=%s of the mapping or the job: empty the cell (it then takes the constant) or drop the constant", field, value)
	}
	return fmt.Sprintf("difere da constante %s=%s do mapeamento ou da tarefa: apague a célula (ela então recebe a constante) ou retire a constante", field, value)
}

func (l Lang) NoKey(fields string) string {
	if l == EN {
		return fmt.Sprintf("record without its key: %s empty", fields)
	}
	return fmt.Sprintf("registro sem chave: %s vazio", fields)
}

// ChildRowWithoutRecord: a row of the records' sheet holding a child of set (dotted columns,
// itens.seqOci) with the record's key columns (fields) empty: the record's columns were not
// repeated on its children's rows.
func (l Lang) ChildRowWithoutRecord(fields, set string) string {
	if l == EN {
		return fmt.Sprintf("record without its key: %s empty; the row is one of %s and lacks its record's columns: repeat on it those of the record it belongs to (%s and the others), as on the record's first row; each row of a record repeats them", fields, set, fields)
	}
	return fmt.Sprintf("registro sem chave: %s vazio; a linha é de %s e não tem as colunas do registro: repita nela as do registro a que pertence (%s e as demais), como na primeira linha dele; cada linha de um registro as repete", fields, set, fields)
}

func (l Lang) KeyRepeats(where, key string, row int) string {
	if l == EN {
		return fmt.Sprintf("%s: the rows of key %s were already given to the record at row %d; a key must not repeat when its sets are in their own sheets", where, key, row)
	}
	return fmt.Sprintf("%s: as linhas da chave %s já foram dadas ao registro da linha %d; a chave não pode se repetir quando os conjuntos estão em planilhas próprias", where, key, row)
}

// TooManyChildRows: a set sheet gives one record more rows than maxRecordRows (its parent key
// column copied down, most likely); the file is refused whole, every row reported.
func (l Lang) TooManyChildRows(where, key string, rows, most int) string {
	if l == EN {
		return fmt.Sprintf("%s: key %s has %s rows, and one record takes at most %s rows of a set (was the key column copied down?): no row of the file was sent", where, key, l.Count(rows), l.Count(most))
	}
	return fmt.Sprintf("%s: a chave %s tem %s linhas, e um registro aceita no máximo %s linhas de um conjunto (a coluna da chave foi copiada para baixo?): nenhuma linha do arquivo foi enviada", where, key, l.Count(rows), l.Count(most))
}

// TooManyRecordRows: a record of dotted set columns whose rows pass most (its key column
// copied down); none of its rows is sent.
func (l Lang) TooManyRecordRows(key string, most int) string {
	if l == EN {
		return fmt.Sprintf("the record with key %s has more than %s rows, and one record takes at most that many (was the key column copied down?): none of its rows was sent", key, l.Count(most))
	}
	return fmt.Sprintf("o registro com a chave %s tem mais de %s linhas, e um registro aceita no máximo isso (a coluna da chave foi copiada para baixo?): nenhuma linha dele foi enviada", key, l.Count(most))
}

func (l Lang) NoParentColumns(set, parent string) string {
	if l == EN {
		return fmt.Sprintf("%s without the columns of %s that identify its parent", set, parent)
	}
	return fmt.Sprintf("%s sem as colunas de %s que o identificam", set, parent)
}

func (l Lang) NoChildKey(set, keys string) string {
	if l == EN {
		return fmt.Sprintf("%s without its key (%s empty)", set, keys)
	}
	return fmt.Sprintf("%s sem chave (%s vazio)", set, keys)
}

func (l Lang) DuplicateChild(set, key string, row int) string {
	if l == EN {
		return fmt.Sprintf("%s key %s repeated (already on row %d)", set, key, row)
	}
	return fmt.Sprintf("%s com chave %s repetida (já na linha %d)", set, key, row)
}

func (l Lang) NoParentChild(set, key string) string {
	if l == EN {
		return fmt.Sprintf("child with no parent: no %s with key %s in this record", set, key)
	}
	return fmt.Sprintf("filho sem pai: não há %s com chave %s neste registro", set, key)
}

func (l Lang) Required(field string) string {
	if l == EN {
		return fmt.Sprintf("required field %s is empty", field)
	}
	return fmt.Sprintf("campo obrigatório %s vazio", field)
}

// --- Configuration (the run does not start) ---

// OutputIsInput: an output path (--report, --summary) names an input file.
func (l Lang) OutputIsInput(flag, output, input string) string {
	if l == EN {
		return fmt.Sprintf("%s %s is the input %s: writing it would destroy the input before it is read; choose another path", flag, output, input)
	}
	return fmt.Sprintf("%s %s é a entrada %s: gravá-lo apagaria a entrada antes de ela ser lida; escolha outro caminho", flag, output, input)
}

// OutputIsRead: an output path that is a file the run reads, named by its flag (--mapping,
// --password-file, --journal).
func (l Lang) OutputIsRead(flag, output, readFlag string) string {
	if l == EN {
		return fmt.Sprintf("%s %s is the file of %s: writing it would destroy that file; choose another path", flag, output, readFlag)
	}
	return fmt.Sprintf("%s %s é o arquivo de %s: gravá-lo apagaria esse arquivo; escolha outro caminho", flag, output, readFlag)
}

// OutputIsOutput: two outputs of different kinds (a report and the summary, a report and the
// metrics file) named at one path: the one written last would replace the other.
func (l Lang) OutputIsOutput(flag, output, otherFlag, other string) string {
	if l == EN {
		return fmt.Sprintf("%s %s is the file of %s %s too: the one written last would replace the other; choose another path", flag, output, otherFlag, other)
	}
	return fmt.Sprintf("%s %s é também o arquivo de %s %s: o gravado por último apagaria o outro; escolha outro caminho", flag, output, otherFlag, other)
}

// OutputNotWritable: an output whose folder cannot be written (reason: the system's), found
// before anything was sent.
func (l Lang) OutputNotWritable(flag, output, reason string) string {
	if l == EN {
		return fmt.Sprintf("%s %s: its folder cannot be written (%s); nothing was sent: choose another path, or let the user running the importer write there", flag, output, reason)
	}
	return fmt.Sprintf("%s %s: a pasta não pode ser escrita (%s); nada foi enviado: escolha outro caminho, ou dê ao usuário que roda o importador permissão de escrever nela", flag, output, reason)
}

// OutputThroughLink: an output not written because a link stands on its way that leads out of
// the folder the outputs are written in (a watcher's work folder, its corrigir/ made a link by
// whoever writes to the share): never followed.
func (l Lang) OutputThroughLink(link string) string {
	if l == EN {
		return fmt.Sprintf("%s is a link leading out of the folder the outputs are written in (put there by whoever can write to it): it is never followed, and this output was not written", link)
	}
	return fmt.Sprintf("%s é um link que leva para fora da pasta em que as saídas são gravadas (posto lá por quem pode gravar nela): nunca é seguido, e esta saída não foi gravada", link)
}

// OutputIsFolder: an output's path is a folder where a file goes, found before anything was
// sent ("its folder cannot be written" sent the operator to the permissions of a folder that
// could be written).
func (l Lang) OutputIsFolder(flag, output string) string {
	if l == EN {
		return fmt.Sprintf("%s %s is a folder, not a file; nothing was sent: give the path of a file (in that folder, if you like)", flag, output)
	}
	return fmt.Sprintf("%s %s é uma pasta, não um arquivo; nada foi enviado: dê o caminho de um arquivo (dentro dessa pasta, se quiser)", flag, output)
}

// OutputIsFile: a folder output's path (--reimport) is a file, found before anything was sent.
func (l Lang) OutputIsFile(flag, output string) string {
	if l == EN {
		return fmt.Sprintf("%s %s is a file, not a folder; nothing was sent: give the path of a folder (made if missing)", flag, output)
	}
	return fmt.Sprintf("%s %s é um arquivo, não uma pasta; nada foi enviado: dê o caminho de uma pasta (criada se não existir)", flag, output)
}

// ReimportHoldsInput: the re-import folder is the folder of an input, whose files it would
// overwrite with their failed rows.
func (l Lang) ReimportHoldsInput(dir, input string) string {
	if l == EN {
		return fmt.Sprintf("--reimport %s holds the input %s: the failed rows would overwrite it; choose another folder", dir, input)
	}
	return fmt.Sprintf("--reimport %s contém a entrada %s: as linhas com problema a sobrescreveriam; escolha outra pasta", dir, input)
}

// NoPortForName: a file whose name starts with no port's name (and no --op).
func (l Lang) NoPortForName(file string, ports []string) string {
	if l == EN {
		return fmt.Sprintf("%s: cannot tell which port it is for: its name starts with no port's name (%s); rename the file to start with its port's name (setContas-novembro.xlsx), or name the port with --op", file, strings.Join(ports, ", "))
	}
	return fmt.Sprintf("%s: não se sabe para qual porta é: o nome não começa com o nome de uma porta (%s); renomeie o arquivo para começar com o nome da porta (setContas-novembro.xlsx), ou indique a porta com --op", file, strings.Join(ports, ", "))
}

// SetFileAlone: a set file (NAME.itens.csv) whose record file (NAME.csv) is not beside it.
func (l Lang) SetFileAlone(file, set, record string) string {
	if l == EN {
		return fmt.Sprintf("%s is the %s file of %s, which is not there: put the record file beside it", file, set, record)
	}
	return fmt.Sprintf("%s é o arquivo de %s de %s, que não está lá: ponha o arquivo dos registros ao lado dele", file, set, record)
}

// SetFileMisnamed: beside a record CSV file, its set's file under another name (other; want:
// the name it must have).
func (l Lang) SetFileMisnamed(file, other, want, set string) string {
	if l == EN {
		return fmt.Sprintf("%s: %s beside it looks like its %s file, which is read only under the name %s: without it the records would go without their %s rows. Rename it %s and import the two again", file, other, set, want, set, want)
	}
	return fmt.Sprintf("%s: %s, ao lado dele, parece ser o arquivo de %s dele, que só é lido com o nome %s: sem ele os registros iriam sem as linhas de %s. Renomeie-o para %s e importe os dois de novo", file, other, set, want, set, want)
}

// NoSheetNamed: --sheet (or a job step's sheet) names sheets the workbook does not have.
func (l Lang) NoSheetNamed(file string, missing, has []string) string {
	if l == EN {
		return fmt.Sprintf("%s: no sheet named %s (its sheets: %s)", file, strings.Join(missing, ", "), strings.Join(has, ", "))
	}
	return fmt.Sprintf("%s: nenhuma planilha chamada %s (as suas: %s)", file, strings.Join(missing, ", "), strings.Join(has, ", "))
}

// NoRecordSheet: a workbook none of whose visible sheets can hold the port's records.
func (l Lang) NoRecordSheet(file, port, want string) string {
	if l == EN {
		return fmt.Sprintf("%s: no sheet holds the records of %s (a sheet named %q, or the first visible sheet)", file, port, want)
	}
	return fmt.Sprintf("%s: nenhuma planilha tem os registros de %s (uma planilha chamada %q, ou a primeira visível)", file, port, want)
}

// IsReport: a workbook report of the importer's own given as an input.
func (l Lang) IsReport(file string) string {
	if l == EN {
		return fmt.Sprintf("%s is a report of the importer, not a file to import: the rows to fix are in the corrigir folder (failed/corrigir/ in a watched folder), in the file's own sheets and columns; fix them there and import that file", file)
	}
	return fmt.Sprintf("%s é um relatório do importador, não um arquivo a importar: as linhas a corrigir estão na pasta corrigir (failed\\corrigir\\ na pasta compartilhada), nas planilhas e colunas do próprio arquivo; corrija-as lá e importe aquele arquivo", file)
}

// --- Files refused whole (the run does not start; each reason follows the file's name) ---

// FileMissing: an input that is not there.
func (l Lang) FileMissing() string {
	if l == EN {
		return "no such file"
	}
	return "arquivo não encontrado"
}

// FileIsLink: a dropped file that was a symbolic link when the import opened it (put in its
// place after the watcher looked at it).
func (l Lang) FileIsLink() string {
	if l == EN {
		return "is a link (put in the file's place after the watcher took it): a link is never followed in the drop folder, not read"
	}
	return "é um link (posto no lugar do arquivo depois que o vigia o pegou): um link nunca é seguido na pasta de entrada, não foi lido"
}

// NoFileMatches: a pattern among the inputs (setContas*.csv) that matches no file.
func (l Lang) NoFileMatches(pattern string) string {
	if l == EN {
		return fmt.Sprintf("%s: no file matches this pattern", pattern)
	}
	return fmt.Sprintf("%s: nenhum arquivo corresponde a este padrão", pattern)
}

// FileNoPermission: an input the importer may not read.
func (l Lang) FileNoPermission() string {
	if l == EN {
		return "not allowed to read it (permission denied)"
	}
	return "sem permissão para lê-lo"
}

func (l Lang) FileZipBomb() string {
	if l == EN {
		return "a part inflates past 64 MiB at more than 100 times its compressed size (a zip bomb?); nothing of it was read"
	}
	return "uma parte se expande além de 64 MiB, mais de 100 vezes o seu tamanho comprimido (uma bomba zip?); nada dele foi lido"
}

// FilePartTooLarge: a part (a sheet, the workbook, its styles, its shared strings) past its
// cap.
func (l Lang) FilePartTooLarge(limit int64) string {
	if l == EN {
		return fmt.Sprintf("a part of the workbook is larger than the %s the importer reads; nothing of it was read", sizeText(limit))
	}
	return fmt.Sprintf("uma parte da pasta de trabalho passa dos %s que o importador lê; nada dela foi lido", sizeText(limit))
}

func (l Lang) FileSizeMismatch() string {
	if l == EN {
		return "a part does not inflate to the size it declares (a damaged file); open it in Excel and save it again"
	}
	return "uma parte não se expande ao tamanho que declara (arquivo danificado); abra-o no Excel e salve-o de novo"
}

func (l Lang) FileTooManyParts() string {
	if l == EN {
		return "its zip directory is too large to read safely"
	}
	return "o diretório do zip é grande demais para ser lido com segurança"
}

func (l Lang) FileTooManySheets(limit int64) string {
	if l == EN {
		return fmt.Sprintf("more than %d sheets", limit)
	}
	return fmt.Sprintf("mais de %d planilhas", limit)
}

func (l Lang) FileNoSheet() string {
	if l == EN {
		return "the workbook has no sheet"
	}
	return "a pasta de trabalho não tem planilha"
}

func (l Lang) NotWorkbook() string {
	if l == EN {
		return "not an XLSX workbook"
	}
	return "não é uma pasta de trabalho XLSX"
}

func (l Lang) NotWorkbookEmpty() string {
	if l == EN {
		return "not an XLSX workbook: an empty file"
	}
	return "não é uma pasta de trabalho XLSX: um arquivo vazio"
}

func (l Lang) NotWorkbookHTML() string {
	if l == EN {
		return "not an XLSX workbook: an HTML page (what some systems export as \"Excel\"): open it in Excel and save it as .xlsx"
	}
	return "não é uma pasta de trabalho XLSX: é uma página HTML (o que alguns sistemas exportam como \"Excel\"): abra-a no Excel e salve-a como .xlsx"
}

func (l Lang) NotWorkbookText() string {
	if l == EN {
		return "not an XLSX workbook: text, not a workbook (a CSV file named .xlsx?): give it the .csv extension"
	}
	return "não é uma pasta de trabalho XLSX: é texto (um CSV com nome .xlsx?): dê a ele a extensão .csv"
}

func (l Lang) NotWorkbookODS() string {
	if l == EN {
		return "not an XLSX workbook: an OpenDocument spreadsheet (LibreOffice's own format) named .xlsx: save it as .xlsx (Excel 2007-365)"
	}
	return "não é uma pasta de trabalho XLSX: é uma planilha OpenDocument (o formato do LibreOffice) com nome .xlsx: salve-a como .xlsx (Excel 2007-365)"
}

func (l Lang) NotWorkbookZipOnly() string {
	if l == EN {
		return "not an XLSX workbook: a zip without a workbook part"
	}
	return "não é uma pasta de trabalho XLSX: um zip sem pasta de trabalho"
}

// NotWorkbookCutShort: a workbook whose zip starts but never ends: a copy to a share or a
// download that did not finish.
func (l Lang) NotWorkbookCutShort() string {
	if l == EN {
		return "a workbook cut short (a copy or a download that did not finish: its end is missing); nothing of it was read: copy it again"
	}
	return "uma pasta de trabalho cortada antes do fim (uma cópia ou um download que não terminou: falta o final dela); nada dela foi lido: copie-a de novo"
}

func (l Lang) FormatXLS() string {
	if l == EN {
		return "the old Excel 97-2003 format (.xls) is not read; save it as .xlsx"
	}
	return "o formato antigo do Excel 97-2003 (.xls) não é lido; salve-o como .xlsx"
}

func (l Lang) FormatODS() string {
	if l == EN {
		return "an OpenDocument spreadsheet (LibreOffice's own format) is not read; save it as .xlsx (Excel 2007-365)"
	}
	return "uma planilha OpenDocument (o formato do LibreOffice) não é lida; salve-a como .xlsx (Excel 2007-365)"
}

func (l Lang) FormatXLSB() string {
	if l == EN {
		return "Excel's binary workbook (.xlsb) is not read; save it as .xlsx (Excel Workbook)"
	}
	return "a pasta de trabalho binária do Excel (.xlsb) não é lida; salve-a como .xlsx (Pasta de Trabalho do Excel)"
}

func (l Lang) FormatNumbers() string {
	if l == EN {
		return "an Apple Numbers document is not read; export it as Excel (.xlsx): File → Export To → Excel"
	}
	return "um documento do Numbers (Apple) não é lido; exporte-o como Excel (.xlsx): Arquivo → Exportar Para → Excel"
}

func (l Lang) FormatUnknown() string {
	if l == EN {
		return "unknown input format (use .xlsx or .csv)"
	}
	return "formato de entrada desconhecido (use .xlsx ou .csv)"
}

func (l Lang) FileEncryptedOrXLS() string {
	if l == EN {
		return "a password-protected workbook or an old .xls file: open it in Excel, remove the password and save it as .xlsx"
	}
	return "uma pasta de trabalho protegida por senha ou um arquivo .xls antigo: abra-o no Excel, tire a senha e salve-o como .xlsx"
}

// TempCause is why the temporary folder could not be used, as far as the system said.
type TempCause int

const (
	TempOther    TempCause = iota // something else (a file where the folder should be, a bad name)
	TempMissing                   // the folder does not exist
	TempFull                      // no space left on its disk
	TempReadOnly                  // no permission to write there, or a read-only disk
)

// TempFolderUnusable: the temporary folder (TMPDIR) is missing, full or not writable; the
// advice is the one for the cause (a missing folder was told to free space in it).
func (l Lang) TempFolderUnusable(dir string, cause TempCause) string {
	if l == EN {
		what := "could not be used: check that it exists, has free space and may be written to"
		switch cause {
		case TempMissing:
			what = "does not exist: create it"
		case TempFull:
			what = "is full: free space there"
		case TempReadOnly:
			what = "may not be written to (no permission, or a read-only disk): allow writing there"
		}
		return fmt.Sprintf("the temporary folder %s (TMPDIR) %s, or point TMPDIR at another folder (the file is not at fault)", dir, what)
	}
	what := "não pôde ser usada: confira se ela existe, tem espaço livre e aceita escrita"
	switch cause {
	case TempMissing:
		what = "não existe: crie-a"
	case TempFull:
		what = "está cheia: libere espaço nela"
	case TempReadOnly:
		what = "não aceita escrita (sem permissão, ou um disco só de leitura): permita a escrita nela"
	}
	return fmt.Sprintf("a pasta temporária %s (TMPDIR) %s, ou aponte TMPDIR para outra pasta (o arquivo não tem culpa)", dir, what)
}

// FewOpenFiles: the limit on open files (ulimit -n, LimitNOFILE=) leaves room for fewer
// requests in flight than --workers asks; most go at once, and a limit of need gives them all.
func (l Lang) FewOpenFiles(limit uint64, workers, most int, need uint64) string {
	if l == EN {
		return fmt.Sprintf("this process may hold only %d open files (ulimit -n; a systemd service's LimitNOFILE=), too few for --workers %d: each request in flight holds a connection, so at most %d go at once; raise the limit to %d to have them all", limit, workers, most, need)
	}
	return fmt.Sprintf("este processo só pode manter %d arquivos abertos (ulimit -n; num serviço do systemd, LimitNOFILE=), pouco para --workers %d: cada envio em andamento ocupa uma conexão, então vão no máximo %d por vez; aumente o limite para %d para ter todos", limit, workers, most, need)
}

func (l Lang) FileCorrupt() string {
	if l == EN {
		return "damaged workbook: open it in Excel and save it again"
	}
	return "pasta de trabalho danificada: abra-a no Excel e salve-a de novo"
}

// FileZeroTail: a CSV that ends in n zero bytes, or at least n (a copy cut short, a crash's
// unwritten blocks): refused whole.
func (l Lang) FileZeroTail(n int64, atLeast bool) string {
	if l == EN {
		more := ""
		if atLeast {
			more = "at least "
		}
		return fmt.Sprintf("ends in %s%d zero bytes, not text: a copy cut short, or a file a crash left half written; nothing of it was read: copy or export it again", more, n)
	}
	more := ""
	if atLeast {
		more = "pelo menos "
	}
	return fmt.Sprintf("termina em %s%d bytes zero, não em texto: uma cópia interrompida, ou um arquivo que uma queda deixou gravado pela metade; nada dele foi lido: copie-o ou exporte-o de novo", more, n)
}

func (l Lang) FileNotText() string {
	if l == EN {
		return "not a text file (a workbook named .csv?): give it the .xlsx extension, or save it as CSV"
	}
	return "não é um arquivo de texto (uma pasta de trabalho com nome .csv?): dê a ela a extensão .xlsx, ou salve-a como CSV"
}

func (l Lang) FileNotUTF16() string {
	if l == EN {
		return "read as UTF-16 (its first bytes say so), but it is not UTF-16 text; save it again as CSV UTF-8"
	}
	return "lido como UTF-16 (os primeiros bytes o dizem), mas não é texto UTF-16; salve-o de novo como CSV UTF-8"
}

func (l Lang) FileChanged() string {
	if l == EN {
		return "the file changed or went away while it was being read; leave it alone until the import ends"
	}
	return "o arquivo mudou ou sumiu enquanto era lido; não o altere até o fim da importação"
}

// sizeText is a cap in MiB or GiB.
func sizeText(n int64) string {
	if n >= 1<<30 && n%(1<<30) == 0 {
		return fmt.Sprintf("%d GiB", n>>30)
	}
	return fmt.Sprintf("%d MiB", n>>20)
}

// --- Rows that could not be read as written (their reasons) ---

func (l Lang) UnpairedQuote() string {
	if l == EN {
		return "unpaired quote: a quote inside a field must be doubled (\"\") or the field quoted whole; the line was not read"
	}
	return "aspas sem par: uma aspa dentro do campo deve ser dobrada (\"\") ou o campo inteiro ficar entre aspas; a linha não foi lida"
}

func (l Lang) NotUTF8Bytes(offset int64) string {
	if l == EN {
		return fmt.Sprintf("bytes that are not UTF-8 at byte %d of the file, which is read as UTF-8; save it again as UTF-8, or read it with --charset windows-1252", offset)
	}
	return fmt.Sprintf("bytes que não são UTF-8 no byte %d do arquivo, lido como UTF-8; salve-o de novo em UTF-8, ou leia-o com --charset windows-1252", offset)
}

// LooksUTF8: UTF-8 text in a row of a file read in the single-byte charset (readers'
// names: windows-1252, cp850, macintosh).
func (l Lang) LooksUTF8(charset string) string {
	name := charsetNames[charset]
	if name == "" {
		name = charset
	}
	if l == EN {
		return fmt.Sprintf("UTF-8 text in a file read as %s (it would reach Senior garbled: Ã§ for ç); read it with --charset utf-8", name)
	}
	return fmt.Sprintf("texto UTF-8 num arquivo lido como %s (chegaria ao Senior estragado: Ã§ por ç); leia-o com --charset utf-8", name)
}

// charsetNames are the single-byte charsets as people know them.
var charsetNames = map[string]string{"windows-1252": "Windows-1252", "cp850": "DOS 850", "macintosh": "Mac Roman"}

func (l Lang) LineTooLong(limit int) string {
	if l == EN {
		return fmt.Sprintf("line longer than %d bytes; it was not read", limit)
	}
	return fmt.Sprintf("linha com mais de %d bytes; não foi lida", limit)
}

func (l Lang) FieldTooLong(limit int) string {
	if l == EN {
		return fmt.Sprintf("a cell of more than %d characters (Excel's own limit)", limit)
	}
	return fmt.Sprintf("uma célula com mais de %d caracteres (o limite do próprio Excel)", limit)
}

func (l Lang) TooManyColumns(limit int) string {
	if l == EN {
		return fmt.Sprintf("more than %d columns (Excel's own limit)", limit)
	}
	return fmt.Sprintf("mais de %d colunas (o limite do próprio Excel)", limit)
}

func (l Lang) RowTooLarge(limit int) string {
	if l == EN {
		return fmt.Sprintf("a row holding more than %d bytes of text; its cells were not read", limit)
	}
	return fmt.Sprintf("uma linha com mais de %d bytes de texto; suas células não foram lidas", limit)
}

func (l Lang) HeaderUnreadable(where, reason string) string {
	if l == EN {
		return fmt.Sprintf("%s: the header row cannot be read: %s", where, reason)
	}
	return fmt.Sprintf("%s: a linha de cabeçalho não pode ser lida: %s", where, reason)
}

// HeaderRowPastEnd: --header-row names a row below a sheet's last one.
func (l Lang) HeaderRowPastEnd(where string, headerRow, last int) string {
	if l == EN {
		return fmt.Sprintf("%s: --header-row %d, but its last row is %d: give the row number of the header as Excel shows it", where, headerRow, last)
	}
	return fmt.Sprintf("%s: --header-row %d, mas a última linha é a %d: dê o número da linha do cabeçalho como o Excel a mostra", where, headerRow, last)
}

// --- Warnings about inputs (logged) ---

// HiddenRecordSheetIgnored: a hidden sheet named after the port's record is not read
// (another sheet is taken for the records, or the file has none).
func (l Lang) HiddenRecordSheetIgnored(sheet string) string {
	if l == EN {
		return fmt.Sprintf("hidden sheet %q, named as the records' sheet, not read: its rows do not go to Senior (show the sheet, or name every sheet to read with --sheet, to import them)", sheet)
	}
	return fmt.Sprintf("planilha oculta %q, com o nome da planilha dos registros, não lida: as linhas dela não vão ao Senior (reexiba a planilha, ou indique cada planilha a ler com --sheet, para importá-las)", sheet)
}

// HiddenSheetIgnored: a hidden sheet named after one of the port's sets is not read
// (DESIGN.md: hidden sheets are ignored unless named).
func (l Lang) HiddenSheetIgnored(sheet string) string {
	if l == EN {
		return fmt.Sprintf("hidden sheet %q not read: none of its rows goes to Senior, so the records go without them (show the sheet, or name every sheet to read with --sheet, to import them)", sheet)
	}
	return fmt.Sprintf("planilha oculta %q não lida: nenhuma linha dela vai ao Senior, e os registros vão sem elas (reexiba a planilha, ou indique cada planilha a ler com --sheet, para importá-las)", sheet)
}

// PortReplaced: a --catalogue file declares a port the importer has built in, and takes its
// place.
func (l Lang) PortReplaced(file, port string) string {
	if l == EN {
		return fmt.Sprintf("%s takes the place of the built-in port %s (--catalogue): if it is meant as a port of its own, give it a name of its own", file, port)
	}
	return fmt.Sprintf("%s toma o lugar da porta %s embutida (--catalogue): se é uma porta à parte, dê a ela um nome próprio", file, port)
}

// FieldNotReadBack: a write port's field that its read-back's answer does not carry.
func (l Lang) FieldNotReadBack(port, field, readPort string) string {
	if l == EN {
		return fmt.Sprintf("%s.%s is not in the answer of %s, which reads a record back when an answer is lost: a record Senior holds with another %s is reported already imported; add the field to that port's answer too (--catalogue), if Senior's answers carry it", port, field, readPort, field)
	}
	return fmt.Sprintf("%s.%s não está na resposta de %s, que confere um registro quando uma resposta se perde: um registro que o Senior tem com outro %s sai como já gravado; acrescente o campo também à resposta dessa porta (--catalogue), se a do Senior o traz", port, field, readPort, field)
}

// SheetsIgnored: the visible sheets of a workbook that hold neither its records nor a set,
// in one warning however many (the first few named).
func (l Lang) SheetsIgnored(sheets []string, port string) string {
	switch {
	case l == EN && len(sheets) == 1:
		return fmt.Sprintf("sheet %q ignored: it is named after no set of %s", sheets[0], port)
	case l == EN:
		return fmt.Sprintf("%d sheets ignored: they are named after no set of %s: %s", len(sheets), port, l.Names(sheets))
	case len(sheets) == 1:
		return fmt.Sprintf("planilha %q ignorada: seu nome não é o de nenhum conjunto de %s", sheets[0], port)
	}
	return fmt.Sprintf("%d planilhas ignoradas: seus nomes não são os de nenhum conjunto de %s: %s", len(sheets), port, l.Names(sheets))
}

// ColumnsIgnored: with --ignore-unknown-columns, the columns that name no field.
func (l Lang) ColumnsIgnored(where, port string, columns []string) string {
	if l == EN {
		return fmt.Sprintf("%s: columns ignored, they name no field of %s: %s", where, port, l.Names(columns))
	}
	return fmt.Sprintf("%s: colunas ignoradas, não correspondem a nenhum campo de %s: %s", where, port, l.Names(columns))
}

// BeyondHeader: a CSV row with fields past the header's columns, the first at cell.
func (l Lang) BeyondHeader(fields, columns int, cell string) string {
	if l == EN {
		return fmt.Sprintf("the row has %d fields and the header %d columns: this one (%s) is under no header; a delimiter inside a value shifts the fields after it: put that value in quotes (a note there needs a header that starts with #)", fields, columns, cell)
	}
	return fmt.Sprintf("a linha tem %d campos e o cabeçalho %d colunas: este (%s) fica sem cabeçalho; um delimitador dentro de um valor desloca os campos seguintes: ponha esse valor entre aspas (uma anotação ali precisa de um cabeçalho que comece com #)", fields, columns, cell)
}

// ShiftedRow: a CSV row with more fields than the file's other rows, empty from cell on. The
// cell goes in parentheses, as BeyondHeader's, so that the summary's causes count every such
// row as one cause (causeCell), not one cause per row.
func (l Lang) ShiftedRow(fields, usual int, cell string) string {
	if l == EN {
		return fmt.Sprintf("the row has %d fields where the file's other rows have %d, the last ones empty from this one (%s) on: a delimiter inside a value not in quotes shifts the fields after it, each into the next field; put that value in quotes (if no value holds one, the line ends in a delimiter too many: delete it)", fields, usual, cell)
	}
	return fmt.Sprintf("a linha tem %d campos onde as outras linhas do arquivo têm %d, os últimos vazios deste (%s) em diante: um delimitador dentro de um valor sem aspas desloca os campos seguintes, cada um para o campo seguinte; ponha esse valor entre aspas (se nenhum valor tem um, a linha termina com um delimitador a mais: apague-o)", fields, usual, cell)
}

// HiddenColumnRead: a column Excel hides whose values were read (and go to Senior) like any
// others; rows are the first few that hold one.
func (l Lang) HiddenColumnRead(where, letter, column, rows string) string {
	if l == EN {
		return fmt.Sprintf("%s: column %s (%q) is hidden in Excel, and its values are read like any others (%s); if they should not go to Senior, delete the column rather than hide it", where, letter, column, l.rowsWord(rows))
	}
	return fmt.Sprintf("%s: a coluna %s (%q) está oculta no Excel, e os seus valores são lidos como os outros (%s); se não devem ir ao Senior, apague a coluna em vez de ocultá-la", where, letter, column, l.rowsWord(rows))
}

// MergedCells: merged ranges that span rows, whose first value was given to each of their
// rows (Excel shows it on each; it stores it in the first cell only), or not, in a sheet too
// large to be looked at for them before its rows; ranges are the first few as written
// ("E2:E4"), n how many there are.
func (l Lang) MergedCells(where string, ranges []string, n int, filled bool) string {
	if l == EN {
		if !filled {
			return fmt.Sprintf("%s: merged cells (%s), in a sheet too large to fill them: each row of a merged range but its first was read empty; unmerge them and fill the value on each row", where, l.FirstOf(ranges, n))
		}
		return fmt.Sprintf("%s: merged cells (%s): each row of a merged range took its value, as Excel shows it; unmerge them if a row should be empty", where, l.FirstOf(ranges, n))
	}
	if !filled {
		return fmt.Sprintf("%s: células mescladas (%s), numa planilha grande demais para preenchê-las: as linhas de cada mesclagem, menos a primeira, foram lidas vazias; desfaça a mesclagem e preencha o valor em cada linha", where, l.FirstOf(ranges, n))
	}
	return fmt.Sprintf("%s: células mescladas (%s): cada linha de uma mesclagem recebeu o seu valor, como o Excel a mostra; desfaça a mesclagem se uma linha deve ficar vazia", where, l.FirstOf(ranges, n))
}

// FirstOf is the first few of n names, then how many more there are.
func (l Lang) FirstOf(names []string, n int) string {
	if n > len(names) {
		names = append(slices.Clip(names), l.More(n-len(names)))
	}
	return strings.Join(names, ", ")
}

// RepeatsHeader: a data row that is the header again.
// LooksAboveHeader: rows above the header (at line header) that may be data or titles,
// every value of theirs in a free text field: not read.
func (l Lang) LooksAboveHeader(where, rows string, header int) string {
	if l == EN {
		return fmt.Sprintf("%s: above the header (row %d), row(s) %s fill its columns like data and were not read, as titles; if they are data (the sheet sorted with its header row?), put the header back above them", where, header, rows)
	}
	return fmt.Sprintf("%s: acima do cabeçalho (linha %d), a(s) linha(s) %s preenche(m) as colunas como dados e não foi(ram) lida(s), como títulos; se forem dados (a planilha foi ordenada junto com o cabeçalho?), leve o cabeçalho para cima delas", where, header, rows)
}

// FooterNote is one note line under a CSV table, for FooterNotes: its line and its text.
func (l Lang) FooterNote(line int, text string) string {
	if l == EN {
		return fmt.Sprintf("line %d %q", line, clip(text, maxNameRunes))
	}
	return fmt.Sprintf("linha %d %q", line, clip(text, maxNameRunes))
}

// FooterNotes: note lines under a CSV table (one field, no delimiter, at the file's end), or
// note rows under a sheet's (one value, in column A, at the sheet's end: sheet), not read as
// records.
func (l Lang) FooterNotes(where, notes string, sheet bool) string {
	switch {
	case l == EN && sheet:
		return fmt.Sprintf("%s: under the table, %s: a note in one cell, column A, not read as a record; if it is a record, fill in another of its columns", where, notes)
	case l == EN:
		return fmt.Sprintf("%s: under the table, %s: a note of one field, with no delimiter, not read as a record; if it is a record, write its delimiters (as the rows above it have them)", where, notes)
	case sheet:
		return fmt.Sprintf("%s: sob a tabela, %s: nota numa só célula, na coluna A, não lida como registro; se for um registro, preencha outra coluna dele", where, notes)
	}
	return fmt.Sprintf("%s: sob a tabela, %s: nota de um só campo, sem separador, não lida como registro; se for um registro, escreva os separadores da linha (como as linhas acima os têm)", where, notes)
}

// FooterOrRecord: a row shaped as a note under the table (FooterNotes) whose first column holds
// values of several words above it: a record whose other fields were left out, or a note.
func (l Lang) FooterOrRecord(sheet bool) string {
	switch {
	case l == EN && sheet:
		return "a row of one cell, column A, under the table: a record with only its first field, or a note? The rows above hold several words in that column too, so it was not sent. If it is a record, fill in another of its columns; if it is a note, delete it"
	case l == EN:
		return "a line of one field, with no delimiter, under the table: a record whose delimiters were left out, or a note? The rows above hold several words in that column too, so it was not sent. If it is a record, write its delimiters (as the rows above have them); if it is a note, delete it"
	case sheet:
		return "linha de uma só célula, na coluna A, sob a tabela: um registro só com o primeiro campo, ou uma nota? As linhas acima também têm várias palavras nessa coluna, por isso não foi enviada. Se for um registro, preencha outra coluna dele; se for uma nota, apague-a"
	}
	return "linha de um só campo, sem separador, sob a tabela: um registro que ficou sem os separadores, ou uma nota? As linhas acima também têm várias palavras nessa coluna, por isso não foi enviada. Se for um registro, escreva os separadores da linha (como as linhas acima os têm); se for uma nota, apague-a"
}

// TotalsRowsUnsummed: rows marked as totals by a "total" label alone, with no money value
// to reconcile (rows lists them as FooterNote does), not read as records.
func (l Lang) TotalsRowsUnsummed(where, rows string) string {
	if l == EN {
		return fmt.Sprintf("%s: %s: read as a totals row (a \"total\" label, no sum to reconcile), not as a record; if it is a record, fill another of its columns (a text field)", where, rows)
	}
	return fmt.Sprintf("%s: %s: lida como linha de totais (rótulo \"total\", nenhuma soma a conferir), não como registro; se for um registro, preencha outra coluna dele (um campo de texto)", where, rows)
}

// AboveHeader: a row of data above the header row, which is at line header.
func (l Lang) AboveHeader(header int) string {
	if l == EN {
		return fmt.Sprintf("a row of data above the header (row %d): was the sheet sorted with its header row? Put the header back above the data, or delete the row", header)
	}
	return fmt.Sprintf("linha de dados acima do cabeçalho (linha %d): a planilha foi ordenada junto com o cabeçalho? Leve o cabeçalho de volta para cima dos dados, ou apague a linha", header)
}

func (l Lang) RepeatsHeader() string {
	if l == EN {
		return "the row repeats the header (files joined one after the other?): delete it"
	}
	return "a linha repete o cabeçalho (arquivos juntados um depois do outro?): apague-a"
}

// FilesSkipped: files of a folder given as input that name no port.
func (l Lang) FilesSkipped(folder string, names []string) string {
	if l == EN {
		return fmt.Sprintf("%s: files skipped, their names start with no port's name: %s", folder, l.Names(names))
	}
	return fmt.Sprintf("%s: arquivos ignorados, o nome não começa com o nome de uma porta: %s", folder, l.Names(names))
}

// LocaleUnused: the mapping's locales whose keys name no column of the files read (by its
// header, or its field).
func (l Lang) LocaleUnused(keys []string) string {
	if l == EN {
		return fmt.Sprintf("--mapping: locales names %s, which is no column of the files read (name a column by its header as written in the file, or by its field): that locale was applied to nothing, and the numbers were read in the run's locale", l.Names(keys))
	}
	return fmt.Sprintf("--mapping: locales nomeia %s, que não é nenhuma coluna dos arquivos lidos (nomeie a coluna pelo cabeçalho como está no arquivo, ou pelo campo): esse locale não valeu para nada, e os números foram lidos no locale da execução", l.Names(keys))
}

// SeparatorUnused: the mapping's separators whose keys name no field of the files read.
func (l Lang) SeparatorUnused(keys []string) string {
	if l == EN {
		return fmt.Sprintf("--mapping: separators names %s, which is no field of the files read (name a field as the documentation spells it, by its name or its dotted path): that separator was applied to nothing, and the numbers went by Senior's rule", l.Names(keys))
	}
	return fmt.Sprintf("--mapping: separators nomeia %s, que não é nenhum campo dos arquivos lidos (nomeie o campo como a documentação o escreve, pelo nome ou pelo caminho com pontos): esse separador não valeu para nada, e os números foram pela regra do Senior", l.Names(keys))
}

// NothingInFolder: a folder given as input with no file to import.
func (l Lang) NothingInFolder(folder string) string {
	if l == EN {
		return fmt.Sprintf("%s: no file to import in this folder (.xlsx or .csv named after a port, as importer ports lists)", folder)
	}
	return fmt.Sprintf("%s: nenhum arquivo a importar nesta pasta (.xlsx ou .csv com o nome de uma porta, como lista importer ports)", folder)
}

// RecordRowsApart: a record's rows (dotted set columns) that come again after other records'
// rows: the file out of order, not a second record.
func (l Lang) RecordRowsApart(key string, first int) string {
	if l == EN {
		return fmt.Sprintf("the record with key %s came first on row %d, and its rows must come together: sort the file by the key (these rows were not sent)", key, first)
	}
	return fmt.Sprintf("o registro com a chave %s veio antes na linha %d, e as linhas de um registro vêm juntas: ordene o arquivo pela chave (estas linhas não foram enviadas)", key, first)
}

// RecordRowsAgain: the first rows of a record (dotted set columns) whose rows come again,
// as an include, further down (from row again): the file out of order.
func (l Lang) RecordRowsAgain(key string, again int) string {
	if l == EN {
		return fmt.Sprintf("the record with key %s comes again on row %d, and its rows must come together: sort the file by the key (these rows were not sent)", key, again)
	}
	return fmt.Sprintf("o registro com a chave %s volta na linha %d, e as linhas de um registro vêm juntas: ordene o arquivo pela chave (estas linhas não foram enviadas)", key, again)
}

// NoHeader: a file (or record sheet) with no row at all, not even a header: an export or a
// copy that failed, which a run must not take for a day with nothing to import.
func (l Lang) NoHeader(where string) string {
	if l == EN {
		return fmt.Sprintf("%s: empty, not even a header: nothing to import (an export or a copy that failed?)", where)
	}
	return fmt.Sprintf("%s: vazio, sem nem mesmo o cabeçalho: nada a importar (uma exportação ou cópia que falhou?)", where)
}

// NoRows: a file with no data row; problems are what its header got wrong (each naming the
// file first: said once).
func (l Lang) NoRows(file string, problems []string) string {
	problems = slices.Clone(problems)
	for i, p := range problems {
		problems[i] = strings.TrimPrefix(p, file+": ")
	}
	if l == EN {
		if len(problems) > 0 {
			return fmt.Sprintf("%s: no data row, nothing to import; and its header: %s", file, strings.Join(problems, "; "))
		}
		return fmt.Sprintf("%s: no data row, nothing to import", file)
	}
	if len(problems) > 0 {
		return fmt.Sprintf("%s: nenhuma linha de dados, nada a importar; e o cabeçalho: %s", file, strings.Join(problems, "; "))
	}
	return fmt.Sprintf("%s: nenhuma linha de dados, nada a importar", file)
}

// RowList lists row numbers for a warning: the first few, then how many more there are.
func (l Lang) RowList(rows []int, total int) string {
	parts := make([]string, len(rows), len(rows)+1)
	for i, r := range rows {
		parts[i] = fmt.Sprint(r)
	}
	return l.FirstOf(parts, total)
}

// rowsWord is "linha 4" for one row and "linhas 4, 6" for more (rows as RowList writes them).
func (l Lang) rowsWord(rows string) string {
	one := rows != "" && strings.Trim(rows, "0123456789") == ""
	switch {
	case l == EN && one:
		return "row " + rows
	case l == EN:
		return "rows " + rows
	case one:
		return "linha " + rows
	}
	return "linhas " + rows
}

// rowsIn is "na linha 4", "nas linhas 4, 6" ("in row 4", "in rows 4, 6").
func (l Lang) rowsIn(rows string) string {
	if l == EN {
		return "in " + l.rowsWord(rows)
	}
	if w := l.rowsWord(rows); strings.HasPrefix(w, "linhas") {
		return "nas " + w
	}
	return "na " + l.rowsWord(rows)
}

// ZerosLost: number cells in a text column that looks like zero-padded codes (its other values
// have leading zeros, or the numbers are shorter than the field's documented length).
func (l Lang) ZerosLost(where, column, rows string, padded bool) string {
	why := "its other values have leading zeros"
	if l != EN {
		why = "os outros valores têm zeros à esquerda"
	}
	if !padded {
		why = "the numbers are shorter than the field's documented length"
		if l != EN {
			why = "os números são mais curtos que o tamanho documentado do campo"
		}
	}
	if l == EN {
		return fmt.Sprintf("%s: column %q holds numbers where a code is expected (%s) and %s: Excel drops a number's leading zeros; if these codes had any, format the column as text and type them again", where, column, l.rowsWord(rows), why)
	}
	return fmt.Sprintf("%s: a coluna %q tem números onde se espera um código (%s) e %s: o Excel apaga os zeros à esquerda de um número; se esses códigos tinham zeros, formate a coluna como texto e digite de novo", where, column, l.rowsWord(rows), why)
}

// DatesAsNumbers: 5-digit numbers that are date serials, in a text column that holds dates.
func (l Lang) DatesAsNumbers(where, column, rows string) string {
	if l == EN {
		return fmt.Sprintf("%s: column %q holds dates, and 5-digit numbers that look like dates Excel turned into numbers (%s); they are sent as those numbers: format the cells as dates (DD/MM/YYYY)", where, column, l.rowsWord(rows))
	}
	return fmt.Sprintf("%s: a coluna %q tem datas, e números de 5 algarismos que parecem datas que o Excel transformou em números (%s); eles são enviados como esses números: formate as células como data (DD/MM/AAAA)", where, column, l.rowsWord(rows))
}

// TimeDropped: a date column whose dates carry a time of day; the field takes the date alone.
func (l Lang) TimeDropped(where, column, rows string) string {
	if l == EN {
		return fmt.Sprintf("%s: column %q has dates with a time of day (%s); the field takes the date alone and the time is not sent: if it matters, put it in the time column", where, column, l.rowsWord(rows))
	}
	return fmt.Sprintf("%s: a coluna %q tem datas com hora (%s); o campo leva só a data, e a hora não é enviada: se ela importa, ponha-a na coluna de hora", where, column, l.rowsWord(rows))
}

// SecondsDropped: a time column whose values have seconds (rows), which Senior does not keep.
func (l Lang) SecondsDropped(where, column, rows string) string {
	if l == EN {
		return fmt.Sprintf("%s: column %q has times with seconds (%s); Senior keeps hours and minutes, and they go without the seconds (09:30:45 as 09:30)", where, column, l.rowsWord(rows))
	}
	return fmt.Sprintf("%s: a coluna %q tem horas com segundos (%s); o Senior guarda horas e minutos, e elas vão sem os segundos (09:30:45 como 09:30)", where, column, l.rowsWord(rows))
}

// DateTwoWays: a date that reads either way (dayFirst, monthFirst: as YYYY-MM-DD), in a file
// with a date above that reads only month first (column's row line: example): refused.
func (l Lang) DateTwoWays(dayFirst, monthFirst, column string, line int, example string) string {
	if l == EN {
		return fmt.Sprintf("reads two ways, the day first (%s) or the month first (%s), and the file has dates written month first (column %q, row %d: %s): write it one way only (%s or %s), or export the file's dates as DD/MM/YYYY", dayFirst, monthFirst, column, line, example, dayFirst, monthFirst)
	}
	return fmt.Sprintf("lê-se de dois jeitos, com o dia primeiro (%s) ou com o mês primeiro (%s), e o arquivo tem datas escritas com o mês primeiro (coluna %q, linha %d: %s): escreva-a de um jeito só (%s ou %s), ou exporte as datas do arquivo como DD/MM/AAAA", dayFirst, monthFirst, column, line, example, dayFirst, monthFirst)
}

// DaysSwapped: a date column whose dates that read either way were taken as day/month above
// the file's first date that reads only as month/day (column's row line: example).
func (l Lang) DaysSwapped(where, column, either, exColumn string, exLine int, example string) string {
	if l == EN {
		return fmt.Sprintf("%s: column %q has dates that read either way (%s), taken as day/month, above the file's first date that reads only as month/day (column %q, row %d: %s): the file was likely written month first, and they may be swapped: export its dates as DD/MM/YYYY", where, column, l.rowsWord(either), exColumn, exLine, example)
	}
	return fmt.Sprintf("%s: a coluna %q tem datas que se leem dos dois jeitos (%s), lidas como dia/mês, acima da primeira data do arquivo que só se lê como mês/dia (coluna %q, linha %d: %s): o arquivo foi escrito provavelmente com o mês primeiro, e elas podem estar trocadas: exporte as datas dele como DD/MM/AAAA", where, column, l.rowsWord(either), exColumn, exLine, example)
}

// TwoWays: a number with one kind of separator (sep: "." or ",") that the two locales read as
// two numbers, in a sheet that has numbers written in the other locale than the run's (other;
// column's row line: example): refused. groupLoc is the locale in which sep groups thousands,
// decLoc the one in which it marks decimals; asGroup and asDec are the number so read, written
// as the run reads numbers: the two ways to write it that read one way only.
func (l Lang) TwoWays(sep, groupLoc, asGroup, decLoc, asDec, other, column string, line int, example string) string {
	if l == EN {
		name := map[string]string{".": "the point", ",": "the comma"}[sep]
		return fmt.Sprintf("reads two ways: with %s grouping thousands, as in %s (%s), or marking decimals, as in %s (%s); the file has numbers written in %s (column %q, row %d: %s): write it one way only (%s or %s), or read the column in %s (--locale %s, or the column's locale in the mapping)",
			name, groupLoc, asGroup, decLoc, asDec, other, column, line, example, asGroup, asDec, other, other)
	}
	name := map[string]string{".": "o ponto", ",": "a vírgula"}[sep]
	return fmt.Sprintf("lê-se de dois jeitos: com %s separando milhares, como em %s (%s), ou marcando decimais, como em %s (%s); o arquivo tem números escritos em %s (coluna %q, linha %d: %s): escreva-o de um jeito só (%s ou %s), ou leia a coluna em %s (--locale %s, ou o locale da coluna no mapeamento)",
		name, groupLoc, asGroup, decLoc, asDec, other, column, line, example, asGroup, asDec, other, other)
}

// TwoWaysRead: a number column whose numbers that read two ways were read the run's way (a
// thousand times more or less than the other) above the sheet's first number written in the
// other locale (column's row line: example).
func (l Lang) TwoWaysRead(where, column, locale, other, exColumn string, exLine int, example, twoRows string) string {
	if l == EN {
		return fmt.Sprintf("%s: column %q has numbers that read two ways (%s), read as in %s, above the file's first number written in %s (column %q, row %d: %s): the file was likely written in %s, and they may be a thousand times more or less than was meant: check them, and read the file in %s (--locale %s, or the columns' locale in the mapping)",
			where, column, l.rowsWord(twoRows), locale, other, exColumn, exLine, example, other, other, other)
	}
	return fmt.Sprintf("%s: a coluna %q tem números que se leem dos dois jeitos (%s), lidos como em %s, acima do primeiro número do arquivo escrito em %s (coluna %q, linha %d: %s): o arquivo foi escrito provavelmente em %s, e eles podem estar mil vezes maiores ou menores do que se quis: confira-os, e leia o arquivo em %s (--locale %s, ou o locale das colunas no mapeamento)",
		where, column, l.rowsWord(twoRows), locale, other, exColumn, exLine, example, other, other, other)
}

// UnheadedValues: values in a column whose header cell is empty, which no field takes: a
// header deleted by mistake loses them without a word.
func (l Lang) UnheadedValues(where, column, rows string) string {
	if l == EN {
		return fmt.Sprintf("%s: column %s has no header, and values %s, which are not sent: give it a field's name, or a header that starts with # if it holds notes", where, column, l.rowsIn(rows))
	}
	return fmt.Sprintf("%s: a coluna %s não tem cabeçalho, e tem valores %s, que não são enviados: dê a ela o nome de um campo, ou um cabeçalho que comece com # se forem anotações", where, column, l.rowsIn(rows))
}

// KeysRepeat: rows of a port that saves over a record of the same key (a CRM set) whose key
// came already on a row above; pairs are a few of them: the repeating row, the row it repeats.
func (l Lang) KeysRepeat(where, port, keyColumns, rows string, pairs [][2]int) string {
	if len(pairs) == 1 && rows == strconv.Itoa(pairs[0][0]) {
		// One row: said as one, not as a list of one.
		p := pairs[0]
		if l == EN {
			return fmt.Sprintf("%s: row %d repeats the key of row %d: %s saves over the record of the same key, so in Senior only the last row of each key stays; check the key column (%s)", where, p[0], p[1], port, keyColumns)
		}
		return fmt.Sprintf("%s: a linha %d repete a chave da linha %d: %s grava por cima do registro de mesma chave, e no Senior fica só a última linha de cada chave; confira a coluna da chave (%s)", where, p[0], p[1], port, keyColumns)
	}
	ex := make([]string, len(pairs))
	for i, p := range pairs {
		ex[i] = fmt.Sprintf(pick(l == EN, "row %d repeats row %d", "a %d repete a %d"), p[0], p[1])
	}
	if l == EN {
		return fmt.Sprintf("%s: rows %s repeat the key of a row above (%s): %s saves over the record of the same key, so in Senior only the last row of each key stays; check the key column (%s)", where, rows, strings.Join(ex, ", "), port, keyColumns)
	}
	return fmt.Sprintf("%s: as linhas %s repetem a chave de uma linha acima (%s): %s grava por cima do registro de mesma chave, e no Senior fica só a última linha de cada chave; confira a coluna da chave (%s)", where, rows, strings.Join(ex, ", "), port, keyColumns)
}

// --- Sending ---

// withCause appends what went wrong on the wire, when known.
func withCause(s string, cause error) string {
	if cause == nil {
		return s
	}
	return s + ": " + cause.Error()
}

func (l Lang) Landed() string {
	if l == EN {
		return "already stored in Senior (confirmed by read-back after a transport fault)"
	}
	return "já gravado no Senior (confirmado por consulta após falha de comunicação)"
}

func (l Lang) Deleted() string {
	if l == EN {
		return "deleted (confirmed by read-back: the record no longer exists)"
	}
	return "excluído (confirmado por consulta: o registro não existe mais)"
}

func (l Lang) MayHaveLanded(cause error) string {
	if l == EN {
		return withCause("may have been stored: the confirming read-back failed too", cause)
	}
	return withCause("pode ter sido gravado: a consulta de confirmação também falhou", cause)
}

// MayHaveLandedRetriesSpent: a record that is not read back (an upsert, an alteration) whose
// requests went out and whose answers were lost, to the last retry.
func (l Lang) MayHaveLandedRetriesSpent(cause error) string {
	if l == EN {
		return withCause("may have been stored: the request went out and its answer was lost, to the last attempt; import it again to make sure (sent again, it is not duplicated)", cause)
	}
	return withCause("pode ter sido gravado: o envio foi feito e a resposta se perdeu, até a última tentativa; importe de novo para garantir (reenviado, não é duplicado)", cause)
}

func (l Lang) MayHaveLandedNoReadBack(cause error) string {
	if l == EN {
		return withCause("may have been stored: transport fault after sending, and async/scheduled mode allows no read-back", cause)
	}
	return withCause("pode ter sido gravado: falha de comunicação após o envio, e o modo assíncrono/agendado não permite consulta", cause)
}

// SentWithoutAnswer: an include that run (started at) sent, or was about to send, and left
// without an answer (in flight, killed; or unknown), not sent again by a run that cannot read
// it back: sent again, it could be stored twice. syncReadBack is the port a run in sync mode
// reads it back with: that run settles it by itself (sends it only if Senior lacks it). ""
// when the port has none, in any mode: then only the user can check, and send the row alone
// with --force (which sends without asking the journal).
func (l Lang) SentWithoutAnswer(run int64, at time.Time, syncReadBack string) string {
	if l == EN {
		s := fmt.Sprintf("not sent again: run %d on %s sent this include and got no answer; ", run, Stamp(at))
		if syncReadBack == "" {
			return s + "this port has no read-back to tell whether it was stored, and sent again it could be stored twice. " +
				"Check in Senior; if it is not there, import this row alone with --force (the --reimport file holds it)"
		}
		return s + "async/scheduled mode allows no read-back to tell whether it was stored, and sent again it could be stored twice. " +
			fmt.Sprintf("Run the same command with --mode sync: it asks Senior first (%s) and sends it only if it is not there; "+
				"or check in Senior and, if it is not there, import this row alone with --force (the --reimport file holds it)", syncReadBack)
	}
	s := fmt.Sprintf("não reenviado: a execução %d em %s enviou esta inclusão e ficou sem resposta; ", run, Stamp(at))
	if syncReadBack == "" {
		return s + "esta porta não tem consulta para saber se foi gravada, e reenviada ela poderia ficar em dobro. " +
			"Confira no Senior; se não estiver lá, importe só esta linha com --force (o arquivo de --reimport a traz)"
	}
	return s + "o modo assíncrono/agendado não permite consulta para saber se foi gravada, e reenviada ela poderia ficar em dobro. " +
		fmt.Sprintf("Rode o mesmo comando com --mode sync: ele consulta o Senior antes (%s) e só envia se não estiver lá; "+
			"ou confira no Senior e, se não estiver lá, importe só esta linha com --force (o arquivo de --reimport a traz)", syncReadBack)
}

// PassingFault says what a passing fault was (soap's kinds: connection, timeout, http, fault,
// truncated, not_xml), the technical detail in parentheses for whoever runs the servers.
func (l Lang) PassingFault(kind string, status int, detail string, timeout time.Duration) string {
	en := l == EN
	var s string
	switch kind {
	case "connection":
		s = pick(en, "no connection to Senior", "sem conexão com o Senior")
	case "timeout":
		return pick(en, fmt.Sprintf("Senior did not answer in full within %s (--timeout)", timeout),
			fmt.Sprintf("o Senior não respondeu por inteiro em %s (--timeout)", timeout))
	case "http":
		return pick(en, fmt.Sprintf("Senior answered HTTP %d", status), fmt.Sprintf("o Senior respondeu HTTP %d", status))
	case "fault":
		s = pick(en, "Senior answered with a fault", "o Senior respondeu com uma falha")
		if status != 0 && status != 200 {
			s += fmt.Sprintf(" (HTTP %d)", status)
		}
		return s + ": " + strings.TrimPrefix(detail, "SOAP Fault: ")
	case "truncated":
		s = pick(en, "Senior's answer was cut short", "a resposta do Senior veio cortada")
	default:
		s = pick(en, "Senior's answer is not the one expected", "a resposta do Senior não é a esperada")
	}
	if status != 0 && status != 200 {
		detail = fmt.Sprintf("HTTP %d: %s", status, detail)
	}
	if detail == "" {
		return s
	}
	return s + " (" + detail + ")"
}

// ThroughProxy follows a passing fault of a request that went through a proxy (from the
// environment variable named): the fault may be the proxy's, not Senior's. garbled: the
// variable's value does not read as a proxy's address (a password with # / ? or a space not
// written %XX), and proxy is what Go made of it.
func (l Lang) ThroughProxy(proxy, variable string, garbled bool) string {
	if l == EN {
		if garbled {
			return fmt.Sprintf("; the request goes through the proxy %s (%s), but that variable does not read as a proxy's address: in its user and password, write # as %%23, / as %%2F, ? as %%3F, @ as %%40, a space as %%20; or, if Senior is reached without it, put Senior's server in NO_PROXY", proxy, variable)
		}
		return fmt.Sprintf("; the request goes through the proxy %s (%s): check it, or, if Senior is reached without it, put Senior's server in NO_PROXY", proxy, variable)
	}
	if garbled {
		return fmt.Sprintf("; o envio passa pelo proxy %s (%s), mas essa variável não se lê como o endereço de um proxy: no usuário e na senha, escreva # como %%23, / como %%2F, ? como %%3F, @ como %%40, o espaço como %%20; ou, se o Senior se alcança sem ele, ponha o servidor do Senior em NO_PROXY", proxy, variable)
	}
	return fmt.Sprintf("; o envio passa pelo proxy %s (%s): confira-o, ou, se o Senior se alcança sem ele, ponha o servidor do Senior em NO_PROXY", proxy, variable)
}

// NotSOAPAnswer: an answer that is not a SOAP envelope, as a passing fault.
func (l Lang) NotSOAPAnswer(status int, form, detail string) string {
	return pick(l == EN, "Senior's address answered ", "o endereço do Senior respondeu ") + l.notSOAP(status, form, detail)
}

func pick(en bool, english, portuguese string) string {
	if en {
		return english
	}
	return portuguese
}

func (l Lang) TransportFailed(cause error) string {
	if l == EN {
		return withCause("transport errors outlasted the retries", cause)
	}
	return withCause("falha de comunicação persistiu após as tentativas", cause)
}

func (l Lang) Interrupted() string {
	if l == EN {
		return "not sent: the run was interrupted"
	}
	return "não enviado: a execução foi interrompida"
}

func (l Lang) InterruptedInFlight(cause error) string {
	if l == EN {
		return withCause("interrupted while sending", cause)
	}
	return withCause("interrompido durante o envio", cause)
}

// LoginRefused: Senior refused the credentials (answer: its words); spaced, the password
// given starts or ends with a space or a tab (never the password itself); worked, the same
// credentials were accepted earlier in the run (the CRM's pattern for a refused login also
// matches a message about a row's own data).
func (l Lang) LoginRefused(answer string, spaced, worked bool) string {
	msg := pick(l == EN, "Senior refused the credentials: ", "o Senior recusou as credenciais: ") + answer
	if spaced {
		msg += pick(l == EN, " (the password given starts or ends with a space or a tab, sent as part of it: if it is not, remove it from the file or the variable)",
			" (a senha dada começa ou termina com um espaço ou uma tabulação, enviado como parte dela: se não for parte dela, remova-o do arquivo ou da variável)")
	}
	if worked {
		msg += pick(l == EN, " (the same credentials were accepted earlier in this run: if this message is about the row's data rather than the login, fix that row, reported rejected with code login, and run again)",
			" (as mesmas credenciais foram aceitas antes nesta execução: se esta mensagem é sobre os dados da linha e não sobre o login, corrija essa linha, que está no relatório como rejected com o código login, e rode de novo)")
	}
	return msg
}

func (l Lang) AbortedLogin() string {
	if l == EN {
		return "not sent: the run stopped (login refused)"
	}
	return "não enviado: a execução parou (login recusado)"
}

// NoID: an answer without the element that carries the record's id (CRM idRegistro).
// MayHaveLandedStopped: the run stopped after the record's request was written, before an
// answer confirmed it. reason is the stop's, as the rows not sent read it ("não enviado: o
// endereço do G5 ... responde HTTP 200 com um corpo vazio"): its "não enviado: " is left
// off, or the row read "o envio foi feito, depois não enviado: ...".
func (l Lang) MayHaveLandedStopped(reason string) string {
	if l == EN {
		return "may have been stored: the request went out, then " + strings.TrimPrefix(reason, "not sent: ")
	}
	return "pode ter sido gravado: o envio foi feito, depois " + strings.TrimPrefix(reason, "não enviado: ")
}

// Redirected: an endpoint answered a later request with a redirect, which is never followed.
func (l Lang) Redirected(location string) string {
	if l == EN {
		return fmt.Sprintf("Senior's endpoint answered with a redirect to %q, which is not followed (the password would go there)", location)
	}
	return fmt.Sprintf("o endpoint do Senior respondeu redirecionando para %q, o que não é seguido (a senha iria junto)", location)
}

// RequestTooLarge: a record's request refused for its size (HTTP 413), alone in it. The size
// is in the log, not here: the summary groups rows by their message.
func (l Lang) RequestTooLarge() string {
	if l == EN {
		return "request refused as too large (HTTP 413): a proxy in front of Senior limits the size of requests; ask for a higher limit"
	}
	return "pedido recusado por ser grande demais (HTTP 413): um proxy à frente do Senior limita o tamanho dos pedidos; peça um limite maior"
}

// LogRequestTooLarge: the first request refused for its size: a batch's records go one by
// one; a record alone fails.
func (l Lang) LogRequestTooLarge() string {
	if l == EN {
		return "a request was refused as too large (HTTP 413): a batch so refused goes one record at a time (a smaller --batch spares the refused request), a record alone fails (said once per run)"
	}
	return "um pedido foi recusado por ser grande demais (HTTP 413): um lote assim recusado vai um registro por vez (um --batch menor evita o pedido recusado), um registro sozinho falha (dito uma vez por execução)"
}

// AnswerTooLarge: an answer longer than --max-answer; not retried.
func (l Lang) AnswerTooLarge(limit int64) string {
	if l == EN {
		return fmt.Sprintf("answer larger than %s (--max-answer); not retried", byteSize(limit))
	}
	return fmt.Sprintf("resposta maior que %s (--max-answer); não foi repetido", byteSize(limit))
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// --- What stopped a run (the reason of every row not sent) ---

// AbortedCertificate: a certificate signed by an authority not trusted; caGiven: the one
// --ca-file gave is not it.
func (l Lang) AbortedCertificate(caGiven bool) string {
	switch {
	case l == EN && caGiven:
		return "not sent: Senior's endpoint presented a certificate that the CA of --ca-file did not sign"
	case l == EN:
		return "not sent: Senior's endpoint presented a certificate that is not trusted (give its CA with --ca-file)"
	case caGiven:
		return "não enviado: o endpoint do Senior apresentou um certificado que a CA de --ca-file não assinou"
	}
	return "não enviado: o endpoint do Senior apresentou um certificado não confiável (informe a CA com --ca-file)"
}

// AbortedCertificateName: a certificate that is not for the host the endpoint names.
func (l Lang) AbortedCertificateName(host string, names []string) string {
	if l == EN {
		return fmt.Sprintf("not sent: Senior's certificate is not for %s, the host the endpoint names; it is for %s: name that one in the endpoint", host, strings.Join(names, ", "))
	}
	return fmt.Sprintf("não enviado: o certificado do Senior não vale para %s, o host do endpoint; ele vale para %s: use esse nome no endpoint", host, strings.Join(names, ", "))
}

// AbortedCertificateDates: a certificate used outside its dates (expired, or not yet valid).
func (l Lang) AbortedCertificateDates(from, until time.Time) string {
	if l == EN {
		return fmt.Sprintf("not sent: Senior's certificate is valid from %s to %s only (is this machine's clock right?): Senior must renew it", from.Format("02/01/2006"), until.Format("02/01/2006"))
	}
	return fmt.Sprintf("não enviado: o certificado do Senior só vale de %s a %s (o relógio desta máquina está certo?): o Senior precisa renová-lo", from.Format("02/01/2006"), until.Format("02/01/2006"))
}

// endpointFlag names the flag of an address: G5's, or the CRM's (crm) with its default.
func (l Lang) endpointFlag(crm bool) string {
	switch {
	case !crm:
		return "--endpoint"
	case l == EN:
		return "--crm-endpoint (or --endpoint + /crm/ws when not given)"
	}
	return "--crm-endpoint (ou --endpoint + /crm/ws quando omitido)"
}

func (l Lang) AbortedRedirect(crm bool, location string) string {
	flag := l.endpointFlag(crm)
	if l == EN {
		return fmt.Sprintf("not sent: the endpoint redirects to %q, and redirects are never followed: check %s", location, flag)
	}
	return fmt.Sprintf("não enviado: o endpoint redireciona para %q, e redirecionamentos nunca são seguidos: confira %s", location, flag)
}

// AbortedRedirectWall: n requests in a row to an address that answered as Senior earlier were
// redirected, the last to location (a single sign-on whose session ran out, Senior moved).
func (l Lang) AbortedRedirectWall(crm bool, n int, location string) string {
	where, flag := "G5", "--endpoint"
	if crm {
		where, flag = "CRM", "--crm-endpoint"
	}
	if l == EN {
		return fmt.Sprintf("not sent: the %s address (%s) answered as Senior earlier in this run, then redirected %d requests in a row, the last to %q: something in front of Senior (a single sign-on, a proxy) sends them elsewhere now; the run stopped, and running it again once that is sorted out sends the rows not sent", where, flag, n, location)
	}
	return fmt.Sprintf("não enviado: o endereço do %s (%s) respondeu como o Senior antes nesta execução, depois redirecionou %d pedidos seguidos, o último para %q: algo à frente do Senior (um login único, um proxy) os desvia agora; a execução parou, e rodá-la de novo depois de resolvido isso envia as linhas não enviadas", where, flag, n, location)
}

// notSOAP names what came instead of a SOAP envelope (soap.NotSOAPError's form and detail).
func (l Lang) notSOAP(status int, form, detail string) string {
	var what string
	switch {
	case form == "html" && l == EN:
		what = "an HTML page"
		if detail != "" {
			what += fmt.Sprintf(" titled %q", detail)
		}
	case form == "html":
		what = "uma página HTML"
		if detail != "" {
			what += fmt.Sprintf(" de título %q", detail)
		}
	case form == "xml" && l == EN:
		what = fmt.Sprintf("XML whose root is <%s>", detail)
	case form == "xml":
		what = fmt.Sprintf("um XML de raiz <%s>", detail)
	case form == "empty" && l == EN:
		what = "an empty body"
	case form == "empty":
		what = "um corpo vazio"
	case l == EN:
		what = fmt.Sprintf("the text %q", detail)
	default:
		what = fmt.Sprintf("o texto %q", detail)
	}
	auth := status == 401 || status == 407 // a proxy (or a server) that wants HTTP authentication
	switch {
	case auth && l == EN:
		return fmt.Sprintf("HTTP %d with %s (it asks for HTTP authentication: a proxy in front of Senior? Senior's user and password go inside the envelope, not in HTTP)", status, what)
	case auth:
		return fmt.Sprintf("HTTP %d com %s (pede autenticação HTTP: um proxy à frente do Senior? o usuário e a senha do Senior vão dentro do envelope, não no HTTP)", status, what)
	case l == EN:
		return fmt.Sprintf("HTTP %d with %s", status, what)
	}
	return fmt.Sprintf("HTTP %d com %s", status, what)
}

// AbortedNotSOAP: the run's first answers from an address were no SOAP envelope.
func (l Lang) AbortedNotSOAP(crm bool, status int, form, detail string) string {
	switch {
	case crm && l == EN:
		return fmt.Sprintf("not sent: the CRM address (--crm-endpoint, or --endpoint + /crm/ws when not given) answers %s, not as Senior's web service: check it", l.notSOAP(status, form, detail))
	case crm:
		return fmt.Sprintf("não enviado: o endereço do CRM (--crm-endpoint, ou --endpoint + /crm/ws quando omitido) responde %s, não como o serviço web do Senior: confira-o", l.notSOAP(status, form, detail))
	case l == EN:
		return fmt.Sprintf("not sent: the G5 address (--endpoint) answers %s, not as Senior's web service: check it", l.notSOAP(status, form, detail))
	}
	return fmt.Sprintf("não enviado: o endereço do G5 (--endpoint) responde %s, não como o serviço web do Senior: confira-o", l.notSOAP(status, form, detail))
}

// AbortedOtherAnswer: port (from its catalogue file at path; shipped: one the importer ships,
// embedded) was answered, in Senior's envelope, with element instead of want, saying said,
// and was never answered as its file says.
func (l Lang) AbortedOtherAnswer(port, path string, shipped bool, element, want, said string) string {
	if said != "" {
		said = fmt.Sprintf(" (%q)", said)
	}
	if l == EN {
		fix := "correct the file (or run a catalogue of this Senior's version) and run again"
		if shipped {
			// The user has no such file to correct: the importer's own, in its binary.
			fix = "copy that file of the importer's source into a --catalogue folder, correct it there (its operation, its response) and run again with --catalogue"
		}
		return fmt.Sprintf("not sent: Senior answers the port %s with <%s>%s, not <%s> as its catalogue file (%s) says: the operation or the response it names is not the one this Senior has; no retry changes that: %s", port, element, said, want, path, fix)
	}
	fix := "corrija o arquivo (ou use um catálogo da versão deste Senior) e rode de novo"
	if shipped {
		fix = "copie esse arquivo do código do importador para uma pasta --catalogue, corrija-o lá (operation, response) e rode de novo com --catalogue"
	}
	return fmt.Sprintf("não enviado: o Senior responde à porta %s com <%s>%s, não com <%s> como diz o arquivo dela no catálogo (%s): a operação (operation) ou a resposta (response) que ele nomeia não é a que este Senior tem; nenhuma nova tentativa muda isso: %s", port, element, said, want, path, fix)
}

// AbortedAuthWall: n answers in a row from addresses that answered as Senior earlier were no
// SOAP envelope, the last as said (something in front of Senior refusing every request).
func (l Lang) AbortedAuthWall(crm bool, n, status int, form, detail string) string {
	where, flag := "G5", "--endpoint"
	if crm {
		where, flag = "CRM", "--crm-endpoint"
	}
	if l == EN {
		return fmt.Sprintf("not sent: the %s address (%s) answered as Senior earlier in this run, then %d requests in a row with %s: something in front of Senior (a single sign-on, a proxy, a firewall) refuses them now; the run stopped, and running it again once that is sorted out sends the rows not sent", where, flag, n, l.notSOAP(status, form, detail))
	}
	return fmt.Sprintf("não enviado: o endereço do %s (%s) respondeu como o Senior antes nesta execução, depois %d pedidos seguidos com %s: algo à frente do Senior (um login único, um proxy, um firewall) os recusa agora; a execução parou, e rodá-la de novo depois de resolvido isso envia as linhas não enviadas", where, flag, n, l.notSOAP(status, form, detail))
}

// AbortedNotTLS: an https:// address whose server does not speak TLS there (plain: it
// answers plain HTTP): the run stops, the address named by its flag.
func (l Lang) AbortedNotTLS(crm, plain bool) string {
	flag := l.endpointFlag(crm)
	switch {
	case plain && l == EN:
		return fmt.Sprintf("not sent: the address of %s starts with https://, but the server there answers plain HTTP: write it with http://, or give Senior's HTTPS port", flag)
	case plain:
		return fmt.Sprintf("não enviado: o endereço de %s começa com https://, mas o servidor ali responde em HTTP simples: escreva-o com http://, ou dê a porta HTTPS do Senior", flag)
	case l == EN:
		return fmt.Sprintf("not sent: the address of %s starts with https://, but the server there does not speak TLS: check its port", flag)
	}
	return fmt.Sprintf("não enviado: o endereço de %s começa com https://, mas o servidor ali não fala TLS: confira a porta", flag)
}

// AbortedNotHTTP: an address whose server does not answer in valid HTTP (tls: it answers in
// TLS, an http:// address of an HTTPS port; else detail is what was refused): the run stops,
// the address named by its flag.
func (l Lang) AbortedNotHTTP(crm, tls bool, detail string) string {
	flag := l.endpointFlag(crm)
	switch {
	case tls && l == EN:
		return fmt.Sprintf("not sent: the server at the address of %s answers in TLS (HTTPS), not plain HTTP: write it with https://", flag)
	case tls:
		return fmt.Sprintf("não enviado: o servidor no endereço de %s responde em TLS (HTTPS), não em HTTP simples: escreva-o com https://", flag)
	case l == EN:
		return fmt.Sprintf("not sent: the server at the address of %s does not answer in valid HTTP (%s): check its port, or the proxy in front of Senior", flag, detail)
	}
	return fmt.Sprintf("não enviado: o servidor no endereço de %s não responde em HTTP válido (%s): confira a porta, ou o proxy à frente do Senior", flag, detail)
}

// AnsweredNotSOAP: an address that answered as Senior before answers a 4xx page; not retried.
func (l Lang) AnsweredNotSOAP(status int, form, detail string) string {
	if l == EN {
		return fmt.Sprintf("Senior's address answered %s, not a SOAP envelope (not retried)", l.notSOAP(status, form, detail))
	}
	return fmt.Sprintf("o endereço do Senior respondeu %s, não um envelope SOAP (sem nova tentativa)", l.notSOAP(status, form, detail))
}

func (l Lang) Unreachable(since time.Time) string {
	if l == EN {
		return fmt.Sprintf("not sent: Senior unreachable since %s (--give-up-after)", since.Format("15:04"))
	}
	return fmt.Sprintf("não enviado: Senior inacessível desde %s (--give-up-after)", since.Format("15:04"))
}

// UnreachableFault: Senior answered every request with a SOAP Fault (fault: its text, one
// line) for all of --give-up-after since since: the run gave up as for a Senior that does
// not answer, and the Fault is why.
func (l Lang) UnreachableFault(since time.Time, fault string) string {
	if l == EN {
		return fmt.Sprintf("not sent: Senior has answered every request with a SOAP Fault since %s (--give-up-after): %q; have its cause fixed in Senior (a user's permission, the ERP's database), then import again", since.Format("15:04"), fault)
	}
	return fmt.Sprintf("não enviado: o Senior respondeu a todos os pedidos com um SOAP Fault desde %s (--give-up-after): %q; resolva a causa no Senior (permissão do usuário, banco de dados do ERP) e importe de novo", since.Format("15:04"), fault)
}

func (l Lang) ReadingStopped(file string) string {
	if l == EN {
		return fmt.Sprintf("not sent: reading %s stopped (see the log)", file)
	}
	return fmt.Sprintf("não enviado: a leitura de %s parou (veja o log)", file)
}

// ReadBrokeOff: a file whose reading failed part of the way (a damaged sheet, an I/O
// error); err says why, naming the file; last is the last row read before it (0: not known,
// a file with set sheets). What follows has no report line: it could not be read.
func (l Lang) ReadBrokeOff(err string, last int) string {
	if l == EN {
		if last == 0 {
			return fmt.Sprintf("%s; what follows was not read and is not in the report", err)
		}
		return fmt.Sprintf("%s; the rows after row %d were not read and are not in the report", err, last)
	}
	if last == 0 {
		return fmt.Sprintf("%s; o que vem depois não foi lido e não está no relatório", err)
	}
	return fmt.Sprintf("%s; as linhas depois da linha %d não foram lidas e não estão no relatório", err, last)
}

// Finishing is shown on interrupt while requests are still in flight.
func (l Lang) Finishing(inFlight int, grace time.Duration) string {
	if l == EN {
		if inFlight == 1 {
			return fmt.Sprintf("finishing 1 request in flight (up to %s); interrupt again to stop now", grace)
		}
		return fmt.Sprintf("finishing %d requests in flight (up to %s); interrupt again to stop now", inFlight, grace)
	}
	if inFlight == 1 {
		return fmt.Sprintf("concluindo 1 envio em andamento (até %s); interrompa de novo para parar já", grace)
	}
	return fmt.Sprintf("concluindo %d envios em andamento (até %s); interrompa de novo para parar já", inFlight, grace)
}

// NoID: an answer without the element that carries the record's id (CRM idRegistro).
func (l Lang) NoID(element string) string {
	if l == EN {
		return fmt.Sprintf("Senior returned no %s", element)
	}
	return fmt.Sprintf("o Senior não devolveu %s", element)
}

// RefusedWithoutMessage: Senior refused the record with its return code (code, "" when none)
// and no text saying why.
func (l Lang) RefusedWithoutMessage(code string) string {
	switch {
	case code == "" && l == EN:
		return "Senior refused it without a message or a return code: look for the record's error in Senior's log, or ask whoever runs Senior"
	case code == "":
		return "o Senior recusou sem mensagem nem código de retorno: procure o erro do registro no log do Senior, ou pergunte a quem o administra"
	case l == EN:
		return fmt.Sprintf("Senior refused it without a message (return code %s): ask whoever runs Senior what that code means", code)
	}
	return fmt.Sprintf("o Senior recusou sem mensagem (código de retorno %s): pergunte a quem administra o Senior o que esse código quer dizer", code)
}

func (l Lang) NoAnswerForRecord() string {
	if l == EN {
		return "Senior returned no answer for this record"
	}
	return "o Senior não devolveu resposta para este registro"
}

// --- The journal ---

func (l Lang) JournalFailed() string {
	if l == EN {
		return "not sent: the journal could not record it (see the log); nothing goes out unrecorded"
	}
	return "não enviado: o diário de execuções não pôde registrá-lo (veja o log); nada sai sem registro"
}

// AlreadyImported: a record accepted by an earlier run with the same values.
func (l Lang) AlreadyImported(run int64, at time.Time) string {
	if l == EN {
		return fmt.Sprintf("already imported by run %d on %s with the same values: not sent again", run, Stamp(at))
	}
	return fmt.Sprintf("já importado na execução %d em %s com os mesmos valores: não enviado de novo", run, Stamp(at))
}

// AlreadyImportedThisRun: a row whose key an earlier row of the same run (in this file or
// another of its port) sent with the same values: "imported by run 12", run 12 being this
// one, read as an earlier import.
func (l Lang) AlreadyImportedThisRun() string {
	if l == EN {
		return "sent by an earlier row of this run with the same values: not sent again (the key is repeated in the input)"
	}
	return "enviado por uma linha anterior desta execução com os mesmos valores: não enviado de novo (a chave se repete na entrada)"
}

// ImportedWithOtherValuesThisRun: a row whose key an earlier row of the same run sent with
// other values (fields, as ImportedWithOtherValues).
func (l Lang) ImportedWithOtherValuesThisRun(fields []string, op, alter string) string {
	if l == EN {
		return "sent by an earlier row of this run with other values (the key is repeated in the input): " + l.Names(fields) + l.UseOnExistingAlter(op, alter)
	}
	return "enviado por uma linha anterior desta execução com outros valores (a chave se repete na entrada): " + l.Names(fields) + l.UseOnExistingAlter(op, alter)
}

// AlreadyTaken: this row (its place in the file, its operation and values) was imported by an
// earlier run, and the later rows of its key after it: a step already taken.
func (l Lang) AlreadyTaken(run int64, at time.Time) string {
	if l == EN {
		return fmt.Sprintf("already imported by run %d on %s, before the later rows of the same key: not sent again", run, Stamp(at))
	}
	return fmt.Sprintf("já importado na execução %d em %s, antes das linhas seguintes da mesma chave: não enviado de novo", run, Stamp(at))
}

// PassedByLaterRows: this row was tried by run tried and not accepted, but the rows of its key
// after it in the file were, by run later: Senior's record is past it.
func (l Lang) PassedByLaterRows(tried, later int64, at time.Time) string {
	if l == EN {
		return fmt.Sprintf("not imported by run %d, but the later rows of the same key were, by run %d on %s: sending it now would undo them; not sent", tried, later, Stamp(at))
	}
	return fmt.Sprintf("não importado na execução %d, mas as linhas seguintes da mesma chave foram, na execução %d em %s: enviá-lo agora as desfaria; não enviado", tried, later, Stamp(at))
}

// ImportedWithOtherValues: accepted before with other values, and --on-existing error; op
// and alter are the port's operation field and its value for an alteration.
func (l Lang) ImportedWithOtherValues(run int64, at time.Time, fields []string, op, alter string) string {
	if l == EN {
		return fmt.Sprintf("already imported by run %d on %s with other values: %s", run, Stamp(at), l.Names(fields)) + l.UseOnExistingAlter(op, alter)
	}
	return fmt.Sprintf("já importado na execução %d em %s com outros valores: %s", run, Stamp(at), l.Names(fields)) + l.UseOnExistingAlter(op, alter)
}

func (l Lang) AlreadyInSenior() string {
	if l == EN {
		return "already in Senior with the same values (read back)"
	}
	return "já estava no Senior com os mesmos valores (confirmado por consulta)"
}

// KeyImportedBefore ends the message of an invalid row whose key the journal holds as
// imported: by which run, and what that may mean.
func (l Lang) KeyImportedBefore(key string, run int64, at time.Time) string {
	if l == EN {
		return fmt.Sprintf(" (key %s was imported by run %d on %s: if that was this row, fixed in the re-import folder, nothing is missing; otherwise fix it here)", key, run, Stamp(at))
	}
	return fmt.Sprintf(" (a chave %s já foi importada na execução %d em %s: se foi esta linha, corrigida na pasta corrigir, não falta nada; senão, corrija-a aqui)", key, run, Stamp(at))
}

// InSeniorNotCompared: an include Senior refused because it holds the record, whose
// read-back (to compare the values) did not happen: the run stopped for reason.
//
// A stop's reason is said without its "não enviado: ", as MayHaveLandedStopped says it: the
// include was sent ("a comparação dos valores não foi feita: não enviado: Senior inacessível
// ..." read as if it had not been).
func (l Lang) InSeniorNotCompared(reason string) string {
	if l == EN {
		return "already in Senior (it refused the include); comparing its values did not happen: " + strings.TrimPrefix(reason, "not sent: ") + "; the next run compares them"
	}
	return "já está no Senior (recusou a inclusão); a comparação dos valores não foi feita: " + strings.TrimPrefix(reason, "não enviado: ") + "; a próxima execução os compara"
}

// InSeniorWithOtherValues: Senior holds the record with other values.
func (l Lang) InSeniorWithOtherValues(fields []string) string {
	if l == EN {
		return fmt.Sprintf("already in Senior with other values: %s", l.Names(fields))
	}
	return fmt.Sprintf("já está no Senior com outros valores: %s", l.Names(fields))
}

// UseOnExistingAlter is the advice that follows an include of a record Senior holds with other
// values: the row itself can say alter (op = alter: what a finance team dropping files in a
// folder can do), or the run can (--on-existing alter).
func (l Lang) UseOnExistingAlter(op, alter string) string {
	if op == "" || alter == "" { // a port that has no alteration
		return ""
	}
	if l == EN {
		return fmt.Sprintf("; to send it as an alteration, write %s %s in the row, or run with --on-existing alter", op, alter)
	}
	return fmt.Sprintf("; para enviá-lo como alteração, escreva %s %s na linha, ou importe com --on-existing alter", op, alter)
}

// --- Log lines (their keys stay English: they are for log shippers) ---

// LogRunNotStarted and the others below are log messages.
func (l Lang) LogRunNotStarted() string {
	if l == EN {
		return "the run could not start"
	}
	return "a execução não pôde começar"
}

func (l Lang) LogWatchNotStarted() string {
	if l == EN {
		return "the watcher could not start"
	}
	return "o vigia não pôde começar"
}

func (l Lang) LogReportFailed() string {
	if l == EN {
		return "writing a report failed"
	}
	return "a escrita de um relatório falhou"
}

// LogOwnReportFailed: the JSONL report a run writes for its metrics alone could not be
// written: the metrics lack Senior's latencies.
func (l Lang) LogOwnReportFailed() string {
	if l == EN {
		return "the metrics' latencies could not be kept (their temporary report failed)"
	}
	return "as latências das métricas não puderam ser guardadas (o relatório temporário delas falhou)"
}

// FileTooLargeHint: a report or summary refused as "file too large" (EFBIG).
func (l Lang) FileTooLargeHint() string {
	if l == EN {
		return "a file may not grow past a limit: this process's (ulimit -f, a systemd unit's LimitFSIZE=: lift it for the importer) or the file system's (FAT32: 4 GiB)"
	}
	return "um arquivo não pode passar de um limite: o deste processo (ulimit -f, LimitFSIZE= de uma unidade systemd: tire-o do importador) ou o do sistema de arquivos (FAT32: 4 GiB)"
}

func (l Lang) LogSummaryFailed() string {
	if l == EN {
		return "writing the summary failed"
	}
	return "a escrita do resumo falhou"
}

func (l Lang) LogJournal() string {
	if l == EN {
		return "journal"
	}
	return "diário de execuções"
}

// LogJournalUpgraded: the journal, written by an older importer, was brought up to this one's
// schema; a copy of it as it was serves the older one.
func (l Lang) LogJournalUpgraded() string {
	if l == EN {
		return "the journal was brought up to this importer's version: a copy of it as it was is kept for an older one (remove it once this version is kept)"
	}
	return "o diário de execuções foi atualizado para esta versão do importador: uma cópia dele como estava fica para uma versão anterior (apague-a quando ficar com esta)"
}

// LogJournalNotKept: the journal was brought up to this importer's schema, and no copy of it
// as it was could be made.
func (l Lang) LogJournalNotKept() string {
	if l == EN {
		return "the journal was brought up to this importer's version without a copy of it as it was: an older importer no longer reads it"
	}
	return "o diário de execuções foi atualizado para esta versão do importador sem uma cópia dele como estava: uma versão anterior não o lê mais"
}

// SeniorKnownElsewhere: the journal holds port's records under another address (known) of
// the same server (addr) as this run's (this), with the same path and user, and none under
// this one: the run would send them all again; nothing was sent.
func (l Lang) SeniorKnownElsewhere(port, known, this, user, addr string) string {
	if l == EN {
		return fmt.Sprintf("the journal knows this Senior by another address: it holds %s records sent to %s (user %s) and none to %s, a name of the same server (%s). To the journal they would be two Seniors, and everything sent there would be sent again. Nothing was sent: write the address as before (%s); or, if they are two Seniors on one server (two sites behind one address), run once with --force to start this address's history", port, known, user, this, addr, known)
	}
	return fmt.Sprintf("o diário de execuções conhece este Senior por outro endereço: guarda registros de %s enviados para %s (usuário %s) e nenhum para %s, outro nome do mesmo servidor (%s). Para o diário seriam dois Seniors, e tudo o que já foi enviado seria enviado de novo. Nada foi enviado: escreva o endereço como antes (%s); ou, se são mesmo dois Seniors no mesmo servidor (dois sites atrás de um endereço), rode uma vez com --force para começar o histórico deste endereço", port, known, user, this, addr, known)
}

// JournalNotWritable: the journal cannot be written where it is (cause: one of the Journal…
// causes below), found before anything was sent; path is the journal's file, "" when no
// place was found for it.
func (l Lang) JournalNotWritable(path, cause string) string {
	if l == EN {
		what := "the journal " + path + " cannot be written"
		if path == "" {
			what = "the journal has no place"
		}
		return fmt.Sprintf("%s: %s. Nothing was sent. Give it a place this user may write (--journal PATH in another folder; a systemd service: StateDirectory=senior-importer and Environment=XDG_STATE_HOME=/var/lib), or run with --no-journal, knowing that without a journal a later run sends again everything this one sends", what, cause)
	}
	what := "o diário de execuções " + path + " não pode ser gravado"
	if path == "" {
		what = "o diário de execuções não tem lugar"
	}
	return fmt.Sprintf("%s: %s. Nada foi enviado. Dê a ele um lugar onde este usuário possa gravar (--journal CAMINHO em outra pasta; num serviço systemd: StateDirectory=senior-importer e Environment=XDG_STATE_HOME=/var/lib), ou rode com --no-journal, sabendo que sem diário uma nova execução envia de novo tudo o que esta enviar", what, cause)
}

// JournalNoPermission, JournalReadOnly, JournalFolderMissing, JournalNoHome and
// JournalCannotOpen are the causes of JournalNotWritable; at is the file or folder the
// system named, user the user the importer runs as.
func (l Lang) JournalNoPermission(user, at string) string {
	if l == EN {
		return fmt.Sprintf("this user (%s) has no permission to write %s", user, at)
	}
	return fmt.Sprintf("este usuário (%s) não tem permissão de gravar em %s", user, at)
}

func (l Lang) JournalReadOnly(at string) string {
	if l == EN {
		return fmt.Sprintf("%s is on a read-only file system", at)
	}
	return fmt.Sprintf("%s está num sistema de arquivos somente leitura", at)
}

func (l Lang) JournalFolderMissing(at string) string {
	if l == EN {
		return fmt.Sprintf("the folder %s does not exist and could not be made (a disk not mounted, a broken symbolic link?)", at)
	}
	return fmt.Sprintf("a pasta %s não existe e não pôde ser criada (um disco não montado, um link simbólico quebrado?)", at)
}

func (l Lang) JournalNoHome() string {
	if l == EN {
		return "neither XDG_STATE_HOME nor HOME is set in the importer's environment (cron, systemd and env -i may set neither)"
	}
	return "nem XDG_STATE_HOME nem HOME estão definidos no ambiente do importador (cron, systemd e env -i podem não definir nenhum)"
}

// JournalNotAFolder: a cause of JournalNotWritable: a file stands where a folder of the
// journal's path goes.
func (l Lang) JournalNotAFolder(at string) string {
	if l == EN {
		return fmt.Sprintf("%s is a file, not a folder", at)
	}
	return fmt.Sprintf("%s é um arquivo, não uma pasta", at)
}

// JournalIsFolder: the journal's path (--journal) is a folder; file is the journal's file in it.
func (l Lang) JournalIsFolder(path, file string) string {
	if l == EN {
		return fmt.Sprintf("the journal %s is a folder, not a file. Nothing was sent: name the journal's file (--journal %s)", path, file)
	}
	return fmt.Sprintf("o diário de execuções %s é uma pasta, não um arquivo. Nada foi enviado: dê o arquivo do diário (--journal %s)", path, file)
}

// JournalDamaged: the journal's file is no SQLite database, or a damaged one.
func (l Lang) JournalDamaged(path string) string {
	if l == EN {
		return fmt.Sprintf("the journal %s is damaged or is no journal. Nothing was sent: move it aside and run again (the next run is then a first run: an include Senior already has is read back, and skipped when its values are the same)", path)
	}
	return fmt.Sprintf("o diário de execuções %s está danificado ou não é um diário. Nada foi enviado: tire-o do lugar (renomeie ou mova) e importe de novo (a próxima execução será então uma primeira execução: uma inclusão que o Senior já tem é consultada, e pulada quando os valores forem os mesmos)", path)
}

// JournalNewer: the journal was written by a newer importer (its schema, and the last this
// one knows); it was left as it was.
func (l Lang) JournalNewer(path string, schema, known int) string {
	if l == EN {
		return fmt.Sprintf("the journal %s was written by a newer importer (schema %d; this one knows up to %d). Nothing was sent, and the file was left as it was: use that version, or a newer one, with this journal (importer version prints this one's)", path, schema, known)
	}
	return fmt.Sprintf("o diário de execuções %s foi gravado por uma versão mais nova do importador (esquema %d; esta conhece até o %d). Nada foi enviado, e o arquivo ficou como estava: use aquela versão, ou uma mais nova, com este diário (importer version mostra a desta)", path, schema, known)
}

// JournalError names the journal in an error of it that no message above says (the
// system's or SQLite's words, in English).
func (l Lang) JournalError(path, err string) string {
	if l == EN {
		return fmt.Sprintf("journal %s: %s", path, err)
	}
	return fmt.Sprintf("diário de execuções %s: %s", path, err)
}

func (l Lang) JournalCannotOpen() string {
	if l == EN {
		return "SQLite could not open it for writing"
	}
	return "o SQLite não conseguiu abri-lo para gravação"
}

func (l Lang) LogRunEnded() string {
	if l == EN {
		return "run ended"
	}
	return "execução concluída"
}

func (l Lang) LogJournalBusy() string {
	if l == EN {
		return "another run is using the journal: this one waits for it to end"
	}
	return "outra execução está usando o diário de execuções: esta aguarda que ela termine"
}

// JournalBusyGaveUp: the run waited --give-up-after for another run that holds the journal
// (hung, or a load that outlasts the night): nothing was sent.
func (l Lang) JournalBusyGaveUp(holder string, waited time.Duration) string {
	if l == EN {
		return fmt.Sprintf("not sent: another run held the journal for all of --give-up-after (%s; %s): look at that run, then import again", waited, holder)
	}
	return fmt.Sprintf("não enviado: outra execução segurou o diário de execuções durante todo o --give-up-after (%s; %s): veja essa execução e importe de novo", waited, holder)
}

func (l Lang) LogJournalFree() string {
	if l == EN {
		return "the journal is free: the run goes on"
	}
	return "o diário de execuções está livre: a execução segue"
}

func (l Lang) LogJournalNoLock() string {
	if l == EN {
		return "the journal's folder takes no lock: make sure only one run at a time uses the journal"
	}
	return "a pasta do diário de execuções não aceita trava: garanta que só uma execução por vez use o diário"
}

func (l Lang) LogJournalWaitInterrupted() string {
	if l == EN {
		return "interrupted while waiting for the journal: nothing is sent"
	}
	return "interrompida enquanto aguardava o diário de execuções: nada é enviado"
}

// LogFileWarning and LogFileProblem are the log's message for what reading a file found
// worth a look, and for a file that could not be imported: the same for every file, the
// file and the text as attributes, so that a log store groups them (each file's text as the
// message made as many kinds of line as files).
func (l Lang) LogFileWarning() string {
	if l == EN {
		return "a file's warning"
	}
	return "aviso sobre um arquivo"
}

func (l Lang) LogFileProblem() string {
	if l == EN {
		return "a file could not be imported"
	}
	return "um arquivo não pôde ser importado"
}

// JournalSizeLimit: the journal could not be written ("disk I/O error", SQLite's only words)
// while this process may write files of at most n bytes (ulimit -f, a unit's LimitFSIZE=).
func (l Lang) JournalSizeLimit(n uint64) string {
	if l == EN {
		return fmt.Sprintf("this process may write files of at most %d bytes (ulimit -f, a systemd unit's LimitFSIZE=): lift that limit for the importer", n)
	}
	return fmt.Sprintf("este processo só pode gravar arquivos de até %d bytes (ulimit -f, LimitFSIZE= de uma unidade systemd): tire esse limite do importador", n)
}

// LogAbandoned: a third interrupt ends the process at once, its reports not written.
func (l Lang) LogAbandoned() string {
	if l == EN {
		return "third interrupt: the importer ends now, its reports not written (the journal keeps what went)"
	}
	return "terceira interrupção: o importador termina já, sem escrever os relatórios (o diário guarda o que foi enviado)"
}

func (l Lang) LogJournalFailed() string {
	if l == EN {
		return "the journal failed"
	}
	return "o diário de execuções falhou"
}

// LogUnreachable: Senior stopped answering (the circuit breaker opened): the run waits.
func (l Lang) LogUnreachable() string {
	if l == EN {
		return "Senior does not answer: sending waits for it, trying one request at a time"
	}
	return "o Senior não responde: os envios esperam por ele, tentando um pedido por vez"
}

// LogSlowHint: the requests that made Senior unreachable timed out; it may be slow, not down.
func (l Lang) LogSlowHint() string {
	if l == EN {
		return "the requests timed out: if Senior is only slow (a heavy night), give --timeout more time"
	}
	return "os pedidos passaram do tempo: se o Senior está só lento (uma noite pesada), dê mais tempo em --timeout"
}

// LogGoLibrary: a line the Go library's HTTP client wrote on its own (net/http logs a
// server's bytes past its answer), passwords blanked.
func (l Lang) LogGoLibrary() string {
	if l == EN {
		return "Go's HTTP client says"
	}
	return "o cliente HTTP do Go diz"
}

// LogFirstTimeout: the run's first request that had no answer within --timeout (said once:
// the next word is the breaker's, when Senior stops answering altogether).
func (l Lang) LogFirstTimeout() string {
	if l == EN {
		return "a request had no answer in time; it will be tried again (said once per run)"
	}
	return "um pedido ficou sem resposta a tempo; ele será tentado de novo (dito uma vez por execução)"
}

// LogFaultStorm: Senior failed a part of the requests of the last seconds (503s, resets,
// malformed answers): each is retried and the limit on requests in flight falls.
// LogFaultStorm says nothing of fewer requests at once: --fixed-workers keeps the limit, and
// resets or malformed answers lower no limit; the line's limit= says what it is.
func (l Lang) LogFaultStorm() string {
	if l == EN {
		return "Senior fails a part of the requests: each is tried again; rows may still end ok"
	}
	return "o Senior falha em parte dos pedidos: cada um é tentado de novo; as linhas ainda podem terminar ok"
}

func (l Lang) LogFaultStormGoesOn() string {
	if l == EN {
		return "Senior still fails a part of the requests"
	}
	return "o Senior continua falhando em parte dos pedidos"
}

func (l Lang) LogFaultStormOver() string {
	if l == EN {
		return "Senior's failures have passed: sending goes on at its pace"
	}
	return "as falhas do Senior passaram: os envios seguem no seu ritmo"
}

func (l Lang) LogStillUnreachable() string {
	if l == EN {
		return "Senior still does not answer"
	}
	return "o Senior continua sem responder"
}

func (l Lang) LogReachableAgain() string {
	if l == EN {
		return "Senior answers again: sending goes on"
	}
	return "o Senior voltou a responder: os envios continuam"
}

// LogJobOutputsNotWritten: validate of a job file leaves the job's own outputs alone.
// Stamp is a moment as the reports show it, in this machine's time zone, named: DD/MM/AAAA
// HH:MM and the zone (UTC, UTC-3, UTC+5:30). A report read far from the server that wrote it
// (a finance team in São Paulo, a server on UTC) said 00:01 for 21:01 of the day before.
func Stamp(t time.Time) string {
	return t.Local().Format("02/01/2006 15:04") + " " + Zone(t)
}

// Zone names the local time zone of a moment by its offset from UTC: UTC, UTC-3, UTC+5:30.
func Zone(t time.Time) string {
	_, off := t.Local().Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	z := fmt.Sprintf("UTC%s%d", sign, off/3600)
	if m := off % 3600 / 60; m != 0 {
		z += fmt.Sprintf(":%02d", m)
	}
	return z
}

// ReportOfUnfinishedRun heads the warnings of a report rebuilt from the journal for a run that
// wrote no end: killed (or the machine went down), or still going (running).
func (l Lang) ReportOfUnfinishedRun(running bool) string {
	switch {
	case running && l == EN:
		return "this run is still going: the counts, and the exit code, are those of the rows it reported so far, not its end"
	case running:
		return "esta execução ainda está em andamento: as contagens, e o código de saída, são os das linhas que ela relatou até agora, não os do seu fim"
	case l == EN:
		return "this run never finished (its process was killed, or the machine went down): the counts, and the exit code, are those of the rows it reported before it stopped, not its own; its records in flight then are checked with Senior by the next run (importer history RUN lists them)"
	}
	return "esta execução não terminou (o processo foi morto, ou a máquina caiu): as contagens, e o código de saída, são os das linhas que ela relatou antes de parar, não os dela; os registros em andamento então são conferidos no Senior pela próxima execução (importer history EXECUÇÃO os lista)"
}

// ProxyVariableUnread: a proxy variable whose value does not read as a proxy's address, which
// Go ignores (requests go straight to Senior). Its value is not repeated: it may hold a password.
func (l Lang) ProxyVariableUnread(variable string) string {
	if l == EN {
		return fmt.Sprintf("%s is set, but does not read as a proxy's address, and is ignored: requests go straight to Senior; in its user and password, write %% as %%25, # as %%23, / as %%2F, ? as %%3F, @ as %%40, a space as %%20", variable)
	}
	return fmt.Sprintf("%s está definida, mas não se lê como o endereço de um proxy, e é ignorada: os pedidos vão direto ao Senior; no usuário e na senha, escreva %% como %%25, # como %%23, / como %%2F, ? como %%3F, @ como %%40, o espaço como %%20", variable)
}

// LogPasswordInAnswers: a password was found in the messages of Senior's answers and blanked
// there; the words around it may give it away, in every report line.
func (l Lang) LogPasswordInAnswers() string {
	if l == EN {
		return "Senior's messages hold the password itself: reports and log show it as ***, but the words around it may tell it (\"Registro gravado com ***.\"), in every report line: change it for one that is no word Senior writes"
	}
	return "as mensagens do Senior contêm a própria senha: os relatórios e o log a mostram como ***, mas as palavras em volta podem revelá-la (\"Registro gravado com ***.\"), em cada linha do relatório: troque-a por uma que não seja palavra que o Senior escreve"
}

// LogPasswordFileOpen: a password file other users may read (its mode, as ls shows it).
func (l Lang) LogPasswordFileOpen(mode string) string {
	if l == EN {
		return fmt.Sprintf("the password file may be read by other users of this machine (%s): chmod 600 it, owned by the user the importer runs as", mode)
	}
	return fmt.Sprintf("o arquivo de senha pode ser lido por outros usuários desta máquina (%s): chmod 600 nele, do usuário com que o importador roda", mode)
}

// LogJobFileWritable: a job file (or its folder) other users may write (its mode, as ls shows it).
func (l Lang) LogJobFileWritable(mode string) string {
	if l == EN {
		return fmt.Sprintf("the job file may be changed by other users of this machine (%s): whoever changes it chooses the on-finish command, run as the importer's user, and the endpoint the password goes to: chmod go-w it and its folder", mode)
	}
	return fmt.Sprintf("o arquivo de tarefa pode ser alterado por outros usuários desta máquina (%s): quem o altera escolhe o comando de on-finish, que roda com o usuário do importador, e o endpoint para onde a senha vai: chmod go-w nele e na sua pasta", mode)
}

// LogMappingWritable: a mapping file other users may write (its mode).
func (l Lang) LogMappingWritable(mode string) string {
	if l == EN {
		return fmt.Sprintf("the mapping file may be changed by other users of this machine (%s): whoever changes it decides which column goes to which field, and the constants sent (codEmp): chmod go-w it", mode)
	}
	return fmt.Sprintf("o arquivo de mapeamento pode ser alterado por outros usuários desta máquina (%s): quem o altera decide que coluna vai para que campo, e as constantes enviadas (codEmp): chmod go-w nele", mode)
}

// LogCatalogueWritable: a catalogue folder or file other users may write (its mode).
func (l Lang) LogCatalogueWritable(mode string) string {
	if l == EN {
		return fmt.Sprintf("the catalogue may be changed by other users of this machine (%s): whoever changes a port file changes what is sent to Senior and how its answers are read (what counts as accepted): chmod go-w the folder and its files", mode)
	}
	return fmt.Sprintf("o catálogo pode ser alterado por outros usuários desta máquina (%s): quem altera um arquivo de porta muda o que é enviado ao Senior e como as respostas são lidas (o que conta como aceito): chmod go-w na pasta e nos seus arquivos", mode)
}

func (l Lang) LogJobOutputsNotWritten() string {
	if l == EN {
		return "validate does not write the job's outputs (they hold its last run's results); --report PATH or --out DIR to have a validation's"
	}
	return "validate não escreve as saídas do job (elas guardam os resultados da última execução); --report CAMINHO ou --out PASTA para ter os de uma validação"
}

// HeldBack: a row not sent because an earlier row of its key (row) ended failed or unknown.
func (l Lang) HeldBack(row string) string {
	if l == EN {
		return fmt.Sprintf("not sent: row %s, of the same key and before it, was not imported (failed, or its fate unknown): sent now, it would go out of order; importing the file again sends both in order", row)
	}
	return fmt.Sprintf("não enviado: a linha %s, da mesma chave e anterior a esta, não foi importada (falhou, ou não se sabe se chegou): enviado agora, iria fora de ordem; importar o arquivo de novo envia as duas em ordem", row)
}

// LogFinishing: interrupted, the requests in flight are given --grace to finish.
func (l Lang) LogFinishing() string {
	if l == EN {
		return "interrupted: finishing the requests in flight"
	}
	return "interrompida: concluindo os envios em andamento"
}

func (l Lang) LogRunStops() string {
	if l == EN {
		return "the run stops; the rows not sent yet are reported not_sent"
	}
	return "a execução parou; as linhas ainda não enviadas ficam não enviadas (not_sent)"
}

func (l Lang) LogReadingStopped() string {
	if l == EN {
		return "reading stopped"
	}
	return "a leitura parou"
}

func (l Lang) LogProgress() string {
	if l == EN {
		return "progress"
	}
	return "andamento"
}

// Log lines of the drop folder (watch), jobs, --on-finish and --metrics-file.

func (l Lang) LogWatching() string {
	if l == EN {
		return "watching"
	}
	return "vigiando a pasta"
}

func (l Lang) LogNoFileEvents() string {
	if l == EN {
		return "no file events: polling only"
	}
	return "sem avisos de arquivo do sistema: só a listagem periódica"
}

func (l Lang) LogFileEvents() string {
	if l == EN {
		return "file events"
	}
	return "avisos de arquivo"
}

func (l Lang) LogWatchStopped() string {
	if l == EN {
		return "stopped"
	}
	return "parou"
}

func (l Lang) LogListingFolder() string {
	if l == EN {
		return "listing the folder failed (tried again at every poll; said again every 5 minutes)"
	}
	return "a listagem da pasta falhou (tentada de novo a cada verificação; dita de novo a cada 5 minutos)"
}

func (l Lang) LogFolderBack() string {
	if l == EN {
		return "the folder can be listed again"
	}
	return "a pasta pode ser listada de novo"
}

func (l Lang) LogNoticed() string {
	if l == EN {
		return "noticed"
	}
	return "arquivo notado"
}

// LogGone: a file noticed in the drop folder went from it before it was taken (removed,
// renamed, moved away by someone): without it the log says it was noticed and nothing more.
func (l Lang) LogGone() string {
	if l == EN {
		return "the file left the folder before it was taken (removed, renamed or moved away): not imported"
	}
	return "o arquivo saiu da pasta antes de ser tomado (apagado, renomeado ou movido): não foi importado"
}

// LogNotRegular: an entry of the drop folder that is not a regular file nor a folder (a
// link, a pipe): never read, since a link could make the reports show a file of the server's.
// LogFolderNotRead: a folder in the drop folder (not the watcher's own), whose files are not
// imported.
func (l Lang) LogFolderNotRead() string {
	if l == EN {
		return "a folder in the drop folder is not read: the files in it are not imported; drop the files themselves"
	}
	return "uma pasta dentro da pasta de entrada não é lida: os arquivos dentro dela não são importados; solte os próprios arquivos"
}

func (l Lang) LogNotRegular() string {
	if l == EN {
		return "not a regular file (a link?): left alone, not read"
	}
	return "não é um arquivo comum (um link?): deixado como está, não lido"
}

// WatchSetLate: a set file dropped after its record file, which was imported without it.
func (l Lang) WatchSetLate(set, record, at string) string {
	if l == EN {
		return fmt.Sprintf("%s came after %s, which was imported at %s without it: none of its rows was sent. Drop the two files together again (the records already in Senior take these rows only as an alteration: on-existing: alter)", set, record, at)
	}
	return fmt.Sprintf("%s chegou depois de %s, que foi importado às %s sem ele: nenhuma linha dele foi enviada. Solte os dois arquivos juntos de novo (os registros que já estão no Senior só recebem estas linhas como alteração: on-existing: alter)", set, record, at)
}

func (l Lang) LogSetWaits() string {
	if l == EN {
		return "a set file waits for its record file"
	}
	return "um arquivo de conjunto espera o arquivo do seu registro"
}

func (l Lang) LogCouldNotClaim() string {
	if l == EN {
		return "could not claim the file (open in another program?); tried again when it changes and every minute (said once)"
	}
	return "não foi possível tomar o arquivo (aberto em outro programa?); nova tentativa quando ele mudar e a cada minuto (dito uma vez)"
}

// LogNameInProcessing: a dropped file whose name is held in processing/ by a file that could
// not be moved out: it waits in the folder rather than replace that one.
func (l Lang) LogNameInProcessing() string {
	if l == EN {
		return "a file of the same name is still in processing/ (it could not be moved out: see the log before this): this one waits in the folder, tried again every minute (said once); move the one in processing/ away to let it go"
	}
	return "um arquivo de mesmo nome ainda está em processing/ (não pôde ser tirado de lá: veja o log anterior): este espera na pasta, com nova tentativa a cada minuto (dito uma vez); tire o de processing/ para liberá-lo"
}

func (l Lang) LogClaimed() string {
	if l == EN {
		return "claimed"
	}
	return "arquivo tomado"
}

func (l Lang) LogListingProcessing() string {
	if l == EN {
		return "listing processing/"
	}
	return "a listagem de processing/ falhou"
}

func (l Lang) LogSetLeftInProcessing() string {
	if l == EN {
		return "a set file in processing/ without its record file, and one of the same name in the folder: left in processing/"
	}
	return "um arquivo de conjunto em processing/ sem o arquivo do seu registro, e outro de mesmo nome na pasta: fica em processing/"
}

func (l Lang) LogMovingSetBack() string {
	if l == EN {
		return "moving a set file back to the folder"
	}
	return "a volta de um arquivo de conjunto para a pasta falhou"
}

func (l Lang) LogFinishingLeft() string {
	if l == EN {
		return "finishing a file a stopped watcher left in processing/"
	}
	return "concluindo um arquivo que um vigia parado deixou em processing/"
}

func (l Lang) LogFinishingSort() string {
	if l == EN {
		return "finishing the sorting of a file a stopped watcher had imported: under the name it had chosen"
	}
	return "concluindo a separação de um arquivo que um vigia parado já tinha importado: com o nome que ele tinha escolhido"
}

// WatchGaveUp: a dropped file during whose import the watcher stopped (crashed) n times.
func (l Lang) WatchGaveUp(n int) string {
	if l == EN {
		return fmt.Sprintf("the watcher stopped %d times while importing this file: not tried again (see its log)", n)
	}
	return fmt.Sprintf("o vigia parou %d vezes enquanto importava este arquivo: não é tentado de novo (veja o seu log)", n)
}

// InFlightWhenKilled: a record a killed run left in flight, as history lists it.
func (l Lang) InFlightWhenKilled() string {
	if l == EN {
		return "in flight when the run stopped (it may have landed): the next run reads it back from Senior"
	}
	return "em andamento quando a execução parou (pode ter sido gravado): a próxima execução confere no Senior"
}

// NotAFile: an input's set file that is a pipe or a device, not a file.
func (l Lang) NotAFile(name string) string {
	if l == EN {
		return fmt.Sprintf("%s is not a regular file (a pipe or a device): not read", name)
	}
	return fmt.Sprintf("%s não é um arquivo comum (um pipe ou um dispositivo): não foi lido", name)
}

// FolderNotFile: an input read in a folder held open (the watcher's processing/) that is a
// folder there: a file put in its place as a folder after the watcher looked. Never listed
// as a folder given to run is (its path may lead elsewhere by then).
func (l Lang) FolderNotFile(name string) string {
	if l == EN {
		return fmt.Sprintf("%s is not a regular file (a folder): not read", name)
	}
	return fmt.Sprintf("%s não é um arquivo comum (uma pasta): não foi lido", name)
}

// WatchNotRegular: a dropped name that became a link (or another kind of file) in processing/.
func (l Lang) WatchNotRegular(name, kind string) string {
	if l == EN {
		return fmt.Sprintf("%s is not a regular file (%s): not read", name, kind)
	}
	return fmt.Sprintf("%s não é um arquivo comum (%s): não foi lido", name, kind)
}

// WatchPanicked: the import of a dropped file panicked (a defect of the importer).
func (l Lang) WatchPanicked(p any) string {
	if l == EN {
		return fmt.Sprintf("the import panicked: %v", p)
	}
	return fmt.Sprintf("a importação falhou por um defeito do importador (panic: %v)", p)
}

func (l Lang) LogGivingUp() string {
	if l == EN {
		return "giving up on a file"
	}
	return "desistindo de um arquivo"
}

func (l Lang) LogInterruptedStays() string {
	if l == EN {
		return "interrupted: the file stays in processing/ and is finished at the next start"
	}
	return "interrompido: o arquivo fica em processing/ e é concluído no próximo início"
}

func (l Lang) LogCouldNotMoveOut() string {
	if l == EN {
		return "could not move the file out of processing/"
	}
	return "não foi possível tirar o arquivo de processing/"
}

// WatchStuck: a dropped file, imported, that could not be moved out of processing/ (in its
// summary, for the on-finish command and whoever reads it).
func (l Lang) WatchStuck(err string) string {
	if l == EN {
		return fmt.Sprintf("the file could not be moved out of processing/ (%s): it stays there, and a file of the same name dropped into the folder waits until this one is moved away; see the watcher's log", err)
	}
	return fmt.Sprintf("o arquivo não pôde ser tirado de processing/ (%s): fica lá, e um arquivo de mesmo nome solto na pasta espera até que este seja tirado; veja o log do vigia", err)
}

// WatchWorkSwapped: a dropped file's work folder (work, processing/.NAME.work), where its
// reports were being written, renamed away while the file was imported and another folder or
// a link put in its place (by whoever writes to the share). Nothing went through the link: the
// reports were written in the folder as it was made, and copied back to their place (rescued);
// or that folder was deleted, and they went with it.
func (l Lang) WatchWorkSwapped(work string, rescued bool) string {
	if l == EN {
		if !rescued {
			return fmt.Sprintf("the file's work folder (%s), where its reports were being written, was deleted, renamed or replaced by another folder or a link while the file was imported: nothing was written through it, and no report of the file was left to put back (the folder deleted with them?); the file goes to failed/ whatever its rows: drop it again for its reports", work)
		}
		return fmt.Sprintf("the file's work folder (%s), where its reports were being written, was renamed or replaced by another folder or a link while the file was imported: nothing was written through it; the reports were written in the folder as it was made and copied back, and the file goes to failed/ whatever its rows", work)
	}
	if !rescued {
		return fmt.Sprintf("a pasta de trabalho do arquivo (%s), onde os seus relatórios eram gravados, foi apagada, renomeada ou trocada por outra pasta ou por um link durante a importação: nada foi gravado por ela, e não restou relatório do arquivo para pôr de volta (apagados com a pasta?); o arquivo vai para failed/, sejam quais forem as suas linhas: solte-o de novo para ter os relatórios", work)
	}
	return fmt.Sprintf("a pasta de trabalho do arquivo (%s), onde os seus relatórios eram gravados, foi renomeada ou trocada por outra pasta ou por um link durante a importação: nada foi gravado por ela; os relatórios foram gravados na pasta como foi criada e copiados de volta, e o arquivo vai para failed/, sejam quais forem as suas linhas", work)
}

func (l Lang) LogWorkSwapped() string {
	if l == EN {
		return "the file's work folder was replaced while it was imported: nothing was written through the new one; to failed/"
	}
	return "a pasta de trabalho do arquivo foi trocada durante a importação: nada foi gravado pela nova; vai para failed/"
}

func (l Lang) LogChangedAfterTaken() string {
	if l == EN {
		return "the file changed after it was taken (still being written?): to failed/, whatever its rows; drop it again once it is complete (what went in is not sent again)"
	}
	return "o arquivo mudou depois de tomado (ainda estava sendo gravado?): vai para failed/, sejam quais forem as suas linhas; solte-o de novo quando estiver completo (o que já entrou não é enviado de novo)"
}

func (l Lang) LogRemovedWhileImported() string {
	if l == EN {
		return "the file was deleted from processing/ while it was imported: its reports go to failed/"
	}
	return "o arquivo foi apagado de processing/ enquanto era importado: seus relatórios vão para failed/"
}

// FileRemovedWhileImported: a dropped file deleted from processing/ while it was imported (in
// its summary).
func (l Lang) FileRemovedWhileImported() string {
	if l == EN {
		return "the file was deleted from processing/ while it was imported: the report says which rows went in; drop it again to import the rest (what went in is not sent again)"
	}
	return "o arquivo foi apagado de processing/ enquanto era importado: o relatório diz quais linhas entraram; solte-o de novo para importar o resto (o que já entrou não é enviado de novo)"
}

func (l Lang) LogSummaryNotAmended() string {
	if l == EN {
		return "could not add to the file's summary why it failed"
	}
	return "não foi possível acrescentar ao resumo do arquivo por que ele falhou"
}

// LogNotSynced: a folder of the drop folder could not be synced to the disk after a file was
// moved in or out of it (a failing disk, a share gone): the move is done, but a power cut
// might undo it.
func (l Lang) LogNotSynced() string {
	if l == EN {
		return "could not sync a folder to the disk after a move: a power cut now might undo the move"
	}
	return "não foi possível gravar no disco uma pasta depois de mover um arquivo: uma queda de energia agora pode desfazer a movimentação"
}

func (l Lang) LogOutputsNotMoved() string {
	if l == EN {
		return "some outputs could not be moved"
	}
	return "algumas saídas não puderam ser movidas"
}

// LogFixedRemoved: a file of rows to fix dropped back went to done/, every row ok: its copy
// in failed/corrigir/ is removed.
func (l Lang) LogFixedRemoved() string {
	if l == EN {
		return "rows to fix imported: their file in failed/corrigir/ removed"
	}
	return "linhas a corrigir importadas: o arquivo delas em failed/corrigir/ foi removido"
}

// LogFixedInFileRemoved: a file of the same name as rows left to fix, no file of rows to fix,
// went to done/ with every one of those rows (by key) ok: its copy in failed/corrigir/ is
// removed.
func (l Lang) LogFixedInFileRemoved() string {
	if l == EN {
		return "rows to fix imported, fixed in the file dropped again: their file in failed/corrigir/ removed"
	}
	return "linhas a corrigir importadas, corrigidas no próprio arquivo enviado de novo: o arquivo delas em failed/corrigir/ foi removido"
}

// LogFixedSuperseded: a file of rows to fix dropped back (or the file itself, fixed in part and
// dropped again) went to failed/, some rows still to fix: the copy in failed/corrigir/ is
// removed, those rows being in the new one.
func (l Lang) LogFixedSuperseded() string {
	if l == EN {
		return "rows to fix dropped back, some still to fix: their old file in failed/corrigir/ removed, the rows still to fix are in the new one (rows_to_fix)"
	}
	return "linhas a corrigir reenviadas, algumas ainda a corrigir: o arquivo antigo delas em failed/corrigir/ foi removido, as que faltam estão no novo (rows_to_fix)"
}

func (l Lang) LogImported() string {
	if l == EN {
		return "imported: every row ok, skipped or queued"
	}
	return "importado: toda linha aceita, já importada ou enfileirada"
}

func (l Lang) LogFailedSeeReport() string {
	if l == EN {
		return "failed: see its report and summary"
	}
	return "com falhas: veja o relatório e o resumo"
}

func (l Lang) LogImportPanicked() string {
	if l == EN {
		return "the import panicked"
	}
	return "a importação parou num erro interno (panic)"
}

func (l Lang) LogNoLock() string {
	if l == EN {
		return "the folder takes no lock: make sure only one watcher uses it"
	}
	return "a pasta não aceita trava: garanta que só um vigia a use"
}

func (l Lang) LogHookOutput() string {
	if l == EN {
		return "on-finish output"
	}
	return "saída do comando on-finish"
}

// LogHookBackground: the on-finish command exited 0, leaving a process of its own in the
// background with the output it was given still open.
func (l Lang) LogHookBackground() string {
	if l == EN {
		return "on-finish command done, but what it started in the background kept its output open (left running, its output no longer logged): redirect it, as in cmd >/dev/null 2>&1 &"
	}
	return "comando on-finish concluído, mas o que ele deixou rodando em segundo plano manteve a saída aberta (continua rodando, sua saída já não vai para o log): redirecione-a, como em cmd >/dev/null 2>&1 &"
}

func (l Lang) LogHookFailed() string {
	if l == EN {
		return "on-finish command failed (the import's exit code stands)"
	}
	return "o comando on-finish falhou (o código de saída da importação não muda)"
}

// HookTimedOut: the on-finish command (command) outlasted its timeout and was killed.
func (l Lang) HookTimedOut(timeout time.Duration, command string) string {
	if l == EN {
		return fmt.Sprintf("on-finish command timed out after %s: %s", timeout, command)
	}
	return fmt.Sprintf("o comando on-finish passou do tempo limite de %s e foi encerrado: %s", timeout, command)
}

// HookStopped: the on-finish command (command) stopped by the signal that stopped the run.
func (l Lang) HookStopped(command string) string {
	if l == EN {
		return "on-finish command stopped by a signal: " + command
	}
	return "o comando on-finish foi parado por um sinal: " + command
}

func (l Lang) LogHookDone() string {
	if l == EN {
		return "on-finish command done"
	}
	return "comando on-finish concluído"
}

// JobStepsRun heads a job's printed summary: how many of its steps ran.
func (l Lang) JobStepsRun(job string, ran, steps int) string {
	if l == EN {
		return fmt.Sprintf("job %s: %d of %d steps run", job, ran, steps)
	}
	return fmt.Sprintf("job %s: %d de %d etapas executadas", job, ran, steps)
}

// --- Flags whose value cannot work (said with the flag first: a job file's refusal names
// the key's line by it) ---

func (l Lang) NoInputFiles() string {
	return pick(l == EN, "no input files", "nenhum arquivo de entrada")
}

// FlagChoice: a flag's value that is none of choices.
func (l Lang) FlagChoice(flag, value string, choices ...string) string {
	or := pick(l == EN, " or ", " ou ")
	list := choices[len(choices)-1]
	if len(choices) > 1 {
		list = strings.Join(choices[:len(choices)-1], ", ") + or + list
	}
	return fmt.Sprintf("%s %q: use %s", flag, value, list) // "use" is both languages' word
}

func (l Lang) HeaderRowNegative(n int) string {
	if l == EN {
		return fmt.Sprintf("--header-row %d: a row number, 1 or more (leave it out to have the header found)", n)
	}
	return fmt.Sprintf("--header-row %d: um número de linha, 1 ou mais (deixe-o de fora para o cabeçalho ser encontrado)", n)
}

func (l Lang) DelimiterOneChar(v string) string {
	return fmt.Sprintf("--delimiter %q: %s", v, pick(l == EN, "one character", "um caractere só"))
}

// UnknownOp: --op names no port of the catalogue (ports: those it has).
func (l Lang) UnknownOp(op, ports string) string {
	if l == EN {
		return fmt.Sprintf("--op %q is not a known port (%s)", op, ports)
	}
	return fmt.Sprintf("--op %q não é uma porta conhecida (%s)", op, ports)
}

func (l Lang) EncryptionChoice(n int) string {
	if l == EN {
		return fmt.Sprintf("--encryption %d: use 0 (plain password) or 2 (integrated-logon token)", n)
	}
	return fmt.Sprintf("--encryption %d: use 0 (senha simples) ou 2 (token de logon integrado)", n)
}

func (l Lang) EncryptionSyncOnly() string {
	if l == EN {
		return "--encryption 2 (integrated-logon token) works only with --mode sync"
	}
	return "--encryption 2 (token de logon integrado) só funciona com --mode sync"
}

// FlagMust: a number or duration out of its range; rule is one of the Rule… below.
func (l Lang) FlagMust(flag string, value any, rule string) string {
	return fmt.Sprintf("%s %v: %s %s", flag, value, pick(l == EN, "must be", "precisa ser"), rule)
}

func (l Lang) RuleAtLeast(n int) string {
	return fmt.Sprintf(pick(l == EN, "at least %d", "pelo menos %d"), n)
}

func (l Lang) RuleAtLeastFlag(flag, value string) string {
	return fmt.Sprintf(pick(l == EN, "at least %s (%s)", "pelo menos %s (%s)"), flag, value)
}

func (l Lang) RuleMostWorkers(n int) string {
	if l == EN {
		return fmt.Sprintf("at most %d (the importer finds how many requests Senior takes at once, up to --workers)", n)
	}
	return fmt.Sprintf("no máximo %d (o importador descobre quantos pedidos o Senior aceita de uma vez, até --workers)", n)
}

func (l Lang) RuleMostBatch(n int) string {
	return fmt.Sprintf(pick(l == EN, "at most %d orçamentos per request", "no máximo %d orçamentos por pedido"), n)
}

func (l Lang) RuleZeroOrMore() string {
	return pick(l == EN, "0 or more", "0 ou mais")
}

func (l Lang) RuleNoLimitOrMore() string {
	return pick(l == EN, "0 (no limit) or more", "0 (sem limite) ou mais")
}

func (l Lang) RuleMoreThanZero() string {
	return pick(l == EN, "more than zero", "mais que zero")
}

func (l Lang) SettlePollPositive() string {
	return pick(l == EN, "--settle and --poll must be more than 0", "--settle e --poll precisam ser mais que 0")
}

// --- What a run needs to send: Senior's address, a user, a password ---

func (l Lang) EndpointNeeded() string {
	if l == EN {
		return "--endpoint (G5 base URL) or --crm-endpoint is needed to send"
	}
	return "--endpoint (URL base do G5) ou --crm-endpoint é necessário para enviar"
}

func (l Lang) UserNeeded() string {
	if l == EN {
		return "--user is needed to send"
	}
	return "--user é necessário para enviar"
}

func (l Lang) PasswordNeeded() string {
	if l == EN {
		return "a password is needed: --password-env NAME or --password-file PATH"
	}
	return "uma senha é necessária: --password-env NOME ou --password-file CAMINHO"
}

// EndpointRefused: an endpoint flag's value that cannot be Senior's address (what: which
// fault, base the base URL a service's address holds). The URL is never repeated: a mistyped
// one may hold a password.
func (l Lang) EndpointRefused(flag, what, base string) string {
	en := l == EN
	var why string
	switch what {
	case "not-url":
		why = pick(en, "not a URL: write it as https://host:port", "não é uma URL: escreva-a como https://servidor:porta")
	case "user":
		why = pick(en, "a user or password in the URL is refused (it would be written to the log and the summary): give them with --user and --password-env or --password-file",
			"um usuário ou senha na URL é recusado (seria gravado no log e no resumo): dê-os com --user e --password-env ou --password-file")
	case "scheme":
		why = pick(en, "the URL must start with http:// or https://", "a URL precisa começar com http:// ou https://")
	case "host":
		why = pick(en, "the URL names no host", "a URL não nomeia um servidor")
	case "service":
		why = fmt.Sprintf(pick(en, "give the server's base URL (%s): the importer adds /g5-senior-services/ and each port's service to it",
			"dê a URL base do servidor (%s): o importador acrescenta a ela /g5-senior-services/ e o serviço de cada porta"), base)
	case "query":
		why = pick(en, "a base URL has no query or fragment (the ports' paths are added to it)", "uma URL base não tem consulta nem fragmento (os caminhos das portas são acrescentados a ela)")
	}
	return flag + ": " + why
}

// --- Passwords (flag: the flag or job key that says where the password comes from) ---

func (l Lang) PasswordEnvAndFile() string {
	if l == EN {
		return "give the password by environment variable or by file, not both"
	}
	return "dê a senha por variável de ambiente ou por arquivo, não pelos dois"
}

// PasswordEnvNotSet: the classic trap of a scheduled run (fileFlag: the other way to give it).
func (l Lang) PasswordEnvNotSet(envFlag, fileFlag string) string {
	if l == EN {
		return fmt.Sprintf("the variable named by %s is not set (or is empty) in the importer's environment (cron and systemd do not read a shell's profile: set it in the crontab, or in the unit's Environment= or EnvironmentFile=; or give %s)", envFlag, fileFlag)
	}
	return fmt.Sprintf("a variável indicada por %s não está definida (ou está vazia) no ambiente do importador (cron e systemd não leem o perfil de um shell: defina-a no crontab, ou em Environment= ou EnvironmentFile= da unidade; ou use %s)", envFlag, fileFlag)
}

func (l Lang) PasswordEnvNotUTF8(envFlag string) string {
	if l == EN {
		return fmt.Sprintf("the variable named by %s is not UTF-8 text (set from a file saved as Windows-1252?): save that file as UTF-8", envFlag)
	}
	return fmt.Sprintf("a variável indicada por %s não é texto UTF-8 (definida a partir de um arquivo salvo como Windows-1252?): salve esse arquivo como UTF-8", envFlag)
}

// PasswordFileUnreadable: reason is why (FileMissing, FileNoPermission, or the system's words).
func (l Lang) PasswordFileUnreadable(fileFlag, reason string) string {
	if l == EN {
		return fmt.Sprintf("the file named by %s cannot be read: %s", fileFlag, reason)
	}
	return fmt.Sprintf("o arquivo indicado por %s não pode ser lido: %s", fileFlag, reason)
}

func (l Lang) PasswordFileTooLong(fileFlag string) string {
	if l == EN {
		return fmt.Sprintf("the first line of the file named by %s is over 64 KiB: is it the password file?", fileFlag)
	}
	return fmt.Sprintf("a primeira linha do arquivo indicado por %s passa de 64 KiB: é mesmo o arquivo da senha?", fileFlag)
}

func (l Lang) PasswordFileUTF16(fileFlag string) string {
	if l == EN {
		return fmt.Sprintf("the file named by %s is UTF-16 (Notepad's \"Unicode\"): save it as UTF-8", fileFlag)
	}
	return fmt.Sprintf("o arquivo indicado por %s está em UTF-16 (o \"Unicode\" do Bloco de Notas): salve-o como UTF-8", fileFlag)
}

func (l Lang) PasswordFileEmpty(fileFlag string) string {
	if l == EN {
		return fmt.Sprintf("the file named by %s is empty (the password is its first line)", fileFlag)
	}
	return fmt.Sprintf("o arquivo indicado por %s está vazio (a senha é a primeira linha dele)", fileFlag)
}

func (l Lang) PasswordFileNotUTF8(fileFlag string) string {
	if l == EN {
		return fmt.Sprintf("the file named by %s is not UTF-8 text: save it as UTF-8", fileFlag)
	}
	return fmt.Sprintf("o arquivo indicado por %s não é texto UTF-8: salve-o como UTF-8", fileFlag)
}

// PasswordForbiddenChar: a password holding r, a character no request can carry.
func (l Lang) PasswordForbiddenChar(flag string, r rune) string {
	if l == EN {
		return fmt.Sprintf("the password named by %s holds the character U+%04X, which XML 1.0 forbids, so no request to Senior can carry it: was it pasted with the password?", flag, r)
	}
	return fmt.Sprintf("a senha indicada por %s contém o caractere U+%04X, que o XML 1.0 proíbe, e por isso nenhum pedido ao Senior pode levá-la: ele foi colado junto com a senha?", flag, r)
}

// --- The drop folder when the watcher starts (dir: the folder, absolute) ---

func (l Lang) DropFolderMissing(dir string) string {
	if l == EN {
		return fmt.Sprintf("the drop folder %s does not exist (a share not mounted yet? a path mistyped?): mount the share or make the folder, then start the watcher again", dir)
	}
	return fmt.Sprintf("a pasta de entrada %s não existe (um compartilhamento ainda não montado? um caminho digitado errado?): monte o compartilhamento ou crie a pasta, e inicie o vigia de novo", dir)
}

func (l Lang) DropFolderIsFile(dir string) string {
	if l == EN {
		return fmt.Sprintf("the drop folder %s is a file, not a folder: give a folder's path", dir)
	}
	return fmt.Sprintf("a pasta de entrada %s é um arquivo, não uma pasta: dê o caminho de uma pasta", dir)
}

// DropFolder names the drop folder before why it cannot be used (the system's words, or one
// of the messages below).
func (l Lang) DropFolder(dir, why string) string {
	if l == EN {
		return fmt.Sprintf("drop folder %s: %s", dir, why)
	}
	return fmt.Sprintf("pasta de entrada %s: %s", dir, why)
}

// DropFolderLink: a folder of the watcher's (processing, done, failed) that is a link (to
// where it leads), never followed.
func (l Lang) DropFolderLink(path, to string) string {
	if l == EN {
		return fmt.Sprintf("%s is a link (to %s), not a folder: remove the link, the watcher never follows one", path, to)
	}
	return fmt.Sprintf("%s é um link (para %s), não uma pasta: remova o link, o vigia nunca segue um", path, to)
}

func (l Lang) DropFolderNotFolder(path string) string {
	if l == EN {
		return fmt.Sprintf("%s is not a folder: remove it or move it away", path)
	}
	return fmt.Sprintf("%s não é uma pasta: apague-o ou tire-o de lá", path)
}

// DropFolderLockLink: the watcher's lock file is a link, never followed.
func (l Lang) DropFolderLockLink(name string) string {
	if l == EN {
		return fmt.Sprintf("%s is a link: remove it, the watcher never follows one", name)
	}
	return fmt.Sprintf("%s é um link: remova-o, o vigia nunca segue um", name)
}

// DropFolderBusy: another watcher holds the folder's lock (path).
func (l Lang) DropFolderBusy(path string) string {
	if l == EN {
		return fmt.Sprintf("another watcher is using this folder (%s is locked): stop that one first, or give this one another folder", path)
	}
	return fmt.Sprintf("outro vigia está usando esta pasta (%s está travado): pare aquele primeiro, ou dê a este outra pasta", path)
}

// ReportUnknownFormat: a report whose path's extension names no format.
func (l Lang) ReportUnknownFormat(path string) string {
	if l == EN {
		return fmt.Sprintf("report %s: unknown format (use .csv, .xlsx or .jsonl)", path)
	}
	return fmt.Sprintf("relatório %s: formato desconhecido (use .csv, .xlsx ou .jsonl)", path)
}

// UsageHint follows a command line that cannot work: where its usage is told (cmd: the
// command, "importer run").
func (l Lang) UsageHint(cmd string) string {
	if l == EN {
		return fmt.Sprintf("Run '%s --help' for usage.", cmd)
	}
	return fmt.Sprintf("Veja '%s --help' para o uso.", cmd)
}

// --- A job file that does not load (job.Error; its place, "job.yaml:4: key: ", comes first) ---

// JobUnknownKey: a key no flag has; meant is the key it looks like ("" for none).
func (l Lang) JobUnknownKey(meant string) string {
	s := pick(l == EN, "unknown key (job keys are spelled as the command's flags, plus steps)",
		"chave desconhecida (as chaves de uma tarefa se escrevem como as opções do comando, mais steps)")
	if meant != "" {
		s += fmt.Sprintf(pick(l == EN, "; did you mean %s?", "; quis dizer %s?"), meant)
	}
	return s
}

// JobStepUnknownKey: a key a step does not take (keys: those it takes).
func (l Lang) JobStepUnknownKey(keys, meant string) string {
	s := l.JobUnknownKey("") + fmt.Sprintf(pick(l == EN, ": a step takes %s", ": uma etapa aceita %s"), keys)
	if meant != "" {
		s += fmt.Sprintf(pick(l == EN, "; did you mean %s?", "; quis dizer %s?"), meant)
	}
	return s
}

func (l Lang) JobPassword() string {
	if l == EN {
		return "a job file never holds a password: say where it comes from with password-env (an environment variable) or password-file"
	}
	return "um arquivo de tarefa nunca contém uma senha: diga de onde ela vem com password-env (uma variável de ambiente) ou password-file"
}

func (l Lang) JobEnvName() string {
	if l == EN {
		return "not an environment variable name: give the variable's name (SENIOR_PASSWORD), never the password"
	}
	return "não é um nome de variável de ambiente: dê o nome da variável (SENIOR_PASSWORD), nunca a senha"
}

// JobTwice: a key given twice; first is the line it was first given on (0: not said).
func (l Lang) JobTwice(first int) string {
	s := pick(l == EN, "given twice", "dada duas vezes")
	if first > 0 {
		s += fmt.Sprintf(pick(l == EN, " (first on line %d)", " (a primeira na linha %d)"), first)
	}
	return s
}

func (l Lang) JobStepNamedTwice(name string, line int) string {
	if l == EN {
		return fmt.Sprintf("given twice: step %q is named on line %d too", name, line)
	}
	return fmt.Sprintf("dada duas vezes: a etapa %q também é nomeada na linha %d", name, line)
}

// JobShape: a value of the wrong shape; what says which (job's detail codes), constant the
// constant's field for "constant".
func (l Lang) JobShape(what, constant string) string {
	en := l == EN
	s := pick(en, "wrong shape", "formato errado")
	var d string
	switch what {
	case "root":
		d = pick(en, "a job file is a mapping of keys to values", "um arquivo de tarefa é um mapa de chaves para valores")
	case "null":
		d = pick(en, "needs a value", "precisa de um valor")
	case "list-values":
		d = pick(en, "a list of values", "uma lista de valores")
	case "one-value":
		d = pick(en, "takes one value, not a list", "aceita um valor, não uma lista")
	case "not-mapping":
		d = pick(en, "a value, not a mapping", "um valor, não um mapa")
	case "steps":
		d = pick(en, "a list of steps", "uma lista de etapas")
	case "step":
		d = pick(en, "a step is a mapping (file, op, mapping, constants, sheet)", "uma etapa é um mapa (file, op, mapping, constants, sheet)")
	case "step-name":
		d = pick(en, "a step's name is part of its reports' names: no slash, not starting with a dot", "o nome de uma etapa faz parte dos nomes dos relatórios dela: sem barras, sem começar com ponto")
	case "step-file":
		d = pick(en, "a step needs a file (a name or a glob)", "uma etapa precisa de um arquivo (um nome ou um padrão)")
	case "constants":
		d = pick(en, "constants are a mapping of field to value (codEmp: 1)", "constants é um mapa de campo para valor (codEmp: 1)")
	case "constant":
		d = fmt.Sprintf(pick(en, "constant %s needs one value", "a constante %s precisa de um valor"), constant)
	}
	if d == "" {
		return s
	}
	return s + ": " + d
}

// JobNoMatch: a step's file, a name or a glob, that matches no file; backslash: it separates
// folders with \ where / does.
func (l Lang) JobNoMatch(pattern string, backslash bool) string {
	s := pick(l == EN, "matches no file", "não corresponde a nenhum arquivo")
	if pattern != "" {
		s = fmt.Sprintf("%q %s", pattern, s)
	}
	if backslash {
		s += pick(l == EN, " (folders are separated by / here, not \\)", " (aqui as pastas se separam com /, não \\)")
	}
	return s
}

// JobTab: a line indented with a tab; yamlErr is YAML's own words.
func (l Lang) JobTab(yamlErr string) string {
	if l == EN {
		return "a tab indents this line, and YAML indents with spaces only: " + yamlErr
	}
	return "um tab recua esta linha, e o YAML só recua com espaços: " + yamlErr
}

func (l Lang) JobEmpty() string {
	if l == EN {
		return "empty job file: it holds no keys and no steps"
	}
	return "arquivo de tarefa vazio: não tem chaves nem etapas"
}

func (l Lang) JobDocuments() string {
	if l == EN {
		return "a second YAML document (after ---): a job file is one document, and the keys after it would be ignored"
	}
	return "um segundo documento YAML (depois de ---): um arquivo de tarefa é um documento só, e as chaves depois dele seriam ignoradas"
}

// JobJSONNotInput: an argument named .json, taken neither for an input nor for a job file.
func (l Lang) JobJSONNotInput(arg string) string {
	if l == EN {
		return fmt.Sprintf("%s: not an input (.xlsx, .csv) nor a job file (.yaml, .yml): a job file written in JSON is read as it is once named .yaml", arg)
	}
	return fmt.Sprintf("%s: não é uma entrada (.xlsx, .csv) nem um arquivo de tarefa (.yaml, .yml): um arquivo de tarefa escrito em JSON é lido como está, basta renomeá-lo para .yaml", arg)
}

// JobFileAlone: a job file given with other arguments (its steps name the files).
func (l Lang) JobFileAlone(job string) string {
	if l == EN {
		return fmt.Sprintf("a job file (%s) is the only argument: its steps name the files", job)
	}
	return fmt.Sprintf("um arquivo de tarefa (%s) é o único argumento: as etapas dele nomeiam os arquivos; tire os demais argumentos da linha de comando", job)
}

// JobNoSteps: a job file run by run or validate that has no steps.
func (l Lang) JobNoSteps(job string) string {
	if l == EN {
		return fmt.Sprintf("%s: no steps: a job run by run or validate names its files under steps", job)
	}
	return fmt.Sprintf("%s: nenhuma etapa: uma tarefa executada por run ou validate nomeia seus arquivos em steps", job)
}

// OutWithSummary: --out given with --summary or --reimport, which it sets itself.
func (l Lang) OutWithSummary() string {
	if l == EN {
		return "--out puts summary.json and corrigir/ in its folder: leave out --summary and --reimport"
	}
	return "--out põe summary.json e corrigir/ na pasta dele: tire --summary e --reimport"
}

func (l Lang) LogStep() string {
	if l == EN {
		return "step"
	}
	return "etapa"
}

// LogJobEnded ends a job of several steps (after each step's LogRunEnded): its exit code is
// the job's, the worst step's.
func (l Lang) LogJobEnded() string {
	if l == EN {
		return "job ended"
	}
	return "tarefa concluída"
}

func (l Lang) LogJobStopped() string {
	if l == EN {
		return "job stopped: the steps after this one are not run"
	}
	return "tarefa parada: as etapas seguintes não são executadas"
}

func (l Lang) LogJobSummaryFailed() string {
	if l == EN {
		return "writing the job's summary failed"
	}
	return "a escrita do resumo da tarefa falhou"
}

func (l Lang) LogHookSummaryFailed() string {
	if l == EN {
		return "on-finish: writing a summary for the command failed"
	}
	return "on-finish: a escrita de um resumo para o comando falhou"
}

func (l Lang) LogMetricsUnreadable() string {
	if l == EN {
		return "the metrics file could not be read: its counters start again"
	}
	return "o arquivo de métricas não pôde ser lido: seus contadores recomeçam"
}

func (l Lang) LogMetricsReport() string {
	if l == EN {
		return "metrics: a report could not be read for Senior's latency"
	}
	return "métricas: um relatório não pôde ser lido para a latência do Senior"
}

func (l Lang) LogMetricsFailed() string {
	if l == EN {
		return "writing the metrics file failed"
	}
	return "a escrita do arquivo de métricas falhou"
}

func (l Lang) LogWatchIgnoresKeys() string {
	if l == EN {
		return "job keys watch does not take (each file's outputs go beside it)"
	}
	return "chaves da tarefa que o watch não usa (as saídas de cada arquivo ficam ao lado dele)"
}

func (l Lang) LogFileSummaryUnreadable() string {
	if l == EN {
		return "reading the file's summary"
	}
	return "a leitura do resumo do arquivo falhou"
}

func (l Lang) LogRows() string {
	if l == EN {
		return "rows"
	}
	return "linhas"
}

func (l Lang) LogInsecure() string {
	if l == EN {
		return "--insecure: TLS certificates are not verified"
	}
	return "--insecure: os certificados TLS não são verificados"
}

// --- Reports and summary ---

// Label is an outcome as a person reads it in a summary.
func (l Lang) Label(k Kind) string {
	en := map[Kind]string{
		OK: "accepted", Queued: "queued", Valid: "valid", Skipped: "already imported",
		Rejected: "rejected by Senior", Invalid: "invalid (not sent)", Failed: "failed to send",
		Unknown: "unconfirmed", NotSent: "not sent",
	}
	pt := map[Kind]string{
		OK: "aceitas", Queued: "enfileiradas", Valid: "válidas", Skipped: "já importadas",
		Rejected: "recusadas pelo Senior", Invalid: "inválidas (não enviadas)", Failed: "falharam no envio",
		Unknown: "sem confirmação", NotSent: "não enviadas",
	}
	if l == EN {
		return en[k]
	}
	return pt[k]
}

// OutcomeWord is an outcome as one row's word in a workbook report (the JSONL and CSV reports
// keep the machine codes).
func (l Lang) OutcomeWord(k Kind) string {
	en := map[Kind]string{
		OK: "accepted", Queued: "queued", Valid: "valid", Skipped: "already imported",
		Rejected: "rejected by Senior", Invalid: "invalid", Failed: "failed",
		Unknown: "unconfirmed", NotSent: "not sent",
	}
	pt := map[Kind]string{
		OK: "aceita", Queued: "enfileirada", Valid: "válida", Skipped: "já importada",
		Rejected: "recusada pelo Senior", Invalid: "inválida", Failed: "falhou",
		Unknown: "sem confirmação", NotSent: "não enviada",
	}
	w := pt[k]
	if l == EN {
		w = en[k]
	}
	if w == "" {
		return string(k)
	}
	return w
}

// Decimal writes an exact decimal ("-1234567.5") as a person of the language reads it,
// thousands grouped: "-1.234.567,5" in Portuguese, "-1,234,567.5" in English. Anything that
// is not a plain decimal is returned as it is.
func (l Lang) Decimal(s string) string {
	sign, digits := "", s
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	whole, frac, hasFrac := strings.Cut(digits, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" || (hasFrac && frac == "") {
		return s
	}
	group, point := ".", ","
	if l == EN {
		group, point = ",", "."
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(point)
		b.WriteString(frac)
	}
	return b.String()
}

// ReportColumns are the report's own columns, after the original ones ("#"-prefixed, so a
// report or re-import file reads back as is).
func (l Lang) ReportColumns() []string {
	if l == EN {
		return []string{"#file", "#sheet", "#row", "#key", "#port", "#outcome", "#code", "#message", "#id", "#attempts", "#latency_ms"}
	}
	return []string{"#arquivo", "#planilha", "#linha", "#chave", "#porta", "#resultado", "#código", "#mensagem", "#id", "#tentativas", "#latência_ms"}
}

// ReimportColumns follow the original columns in a re-import file.
func (l Lang) ReimportColumns() []string {
	if l == EN {
		return []string{"#reason", "#original row"}
	}
	return []string{"#motivo", "#linha original"}
}

// SetRowsColumn heads a re-import file's column, on its record sheet, holding how many rows of
// set (its own sheet or file) each record had: "#linhas em itens". A note column like the
// others, so an older importer reads the file as before; this one checks it (SetRowsSet).
func (l Lang) SetRowsColumn(set string) string {
	if l == EN {
		return "#rows in " + set
	}
	return "#linhas em " + set
}

// SetRowsSet tells a header that SetRowsColumn wrote, in either language (a file written by
// a run in English dropped into a folder watched in Portuguese), and the set it names.
func SetRowsSet(header string) (set string, ok bool) {
	h := strings.TrimSpace(header)
	for _, l := range []Lang{PT, EN} {
		prefix := l.SetRowsColumn("")
		if len(h) > len(prefix) && strings.EqualFold(h[:len(prefix)], prefix) {
			if set = strings.TrimSpace(h[len(prefix):]); set != "" {
				return set, true
			}
		}
	}
	return "", false
}

// SetRowsMissing: a record of a re-import file came back with none of the rows of set that
// the file gave it (its SetRowsColumn's cell says how many): the workbook saved as CSV (Excel
// and LibreOffice save only the sheet on screen), its set sheet deleted, or its set file left
// behind. The record is not sent: it would go to Senior bare (a finance tester). file is the
// input as dropped, csv whether it is a CSV file (then its set file is named beside it). No
// count in the text: the cell's value shows it, and the summary's causes group every record's.
// counted is false for an empty cell (a record whose rows were never looked for, its key bad):
// the text then does not point at a count.
func (l Lang) SetRowsMissing(file, set string, csv, counted bool) string {
	said := map[bool]string{true: " (the cell says how many it had)"}
	if l != EN {
		said = map[bool]string{true: " (a célula diz quantas eram)"}
	}
	base, stem, ext := nameParts(file, ".csv")
	if l == EN {
		if csv {
			return fmt.Sprintf("this record came back without its rows in %s%s: saved as CSV, Excel and LibreOffice keep only the sheet on screen. Drop the workbook again saved as .xlsx (%s.xlsx, with its %s sheet), or %s with %s.%s%s beside it; to send the record without %s, write 0 in this cell", set, said[counted], stem, set, base, stem, set, ext, set)
		}
		return fmt.Sprintf("this record came back without its rows in %s%s: %s has no %s sheet (deleted?). Drop the workbook again with its %s sheet; to send the record without %s, write 0 in this cell", set, said[counted], base, set, set, set)
	}
	if csv {
		return fmt.Sprintf("este registro voltou sem as suas linhas em %s%s: salvo como CSV, o Excel e o LibreOffice guardam só a planilha aberta. Solte de novo a pasta de trabalho salva como .xlsx (%s.xlsx, com a planilha %s), ou %s com %s.%s%s ao lado; para enviar o registro sem %s, escreva 0 nesta célula", set, said[counted], stem, set, base, stem, set, ext, set)
	}
	return fmt.Sprintf("este registro voltou sem as suas linhas em %s%s: %s não tem a planilha %s (foi apagada?). Solte de novo a pasta de trabalho com a planilha %s; para enviar o registro sem %s, escreva 0 nesta célula", set, said[counted], base, set, set, set)
}

// SetRowsOtherKey: a record of a re-import file came back with none of the rows of set the
// file gave it, though set's sheet or file (where) is there: none of its rows carries the
// record's key, its rows deleted, or the key changed on the record's row or on its set rows
// (those are refused as rows without their record). Not SetRowsMissing: the sheet was not deleted, nor the workbook
// saved as CSV. No count in the text (SetRowsMissing).
func (l Lang) SetRowsOtherKey(set, where string) string {
	if l == EN {
		return fmt.Sprintf("this record came back without its rows in %s (the cell says how many it had): no row of %s holds this record's key (were they deleted, or the key changed here or there?). Put them back with the same key; to send the record without %s, write 0 in this cell", set, where, set)
	}
	return fmt.Sprintf("este registro voltou sem as suas linhas em %s (a célula diz quantas eram): nenhuma linha de %s tem a chave deste registro (foram apagadas, ou a chave mudou aqui ou lá?). Devolva-as com a mesma chave; para enviar o registro sem %s, escreva 0 nesta célula", set, where, set)
}

// SetRowsOrphaned: a record that came with no rows of set while set's sheet or file (where)
// has rows whose parent key names no record of the file (orphans: OrphanRows each, the first
// few): they may be this record's, their key mistyped. It is not sent: sent, the quote went to
// Senior without its items, reported ok, and its items, their key fixed and dropped again,
// met a quote already there. column is the count column (SetRowsColumn, or the file's) whose
// 0 sends it without them on purpose.
func (l Lang) SetRowsOrphaned(set, where, orphans, column string) string {
	if l == EN {
		return fmt.Sprintf("this record has no rows in %s, and %s has rows that name no record of the file: %s. They may be this record's, its key mistyped on them, so it was not sent: fix the key on those rows, or delete them; to send it without %s on purpose, write 0 in its cell of the column %s (add the column if there is none)", set, where, orphans, set, column)
	}
	return fmt.Sprintf("este registro está sem linhas em %s, e %s tem linhas que não são de nenhum registro do arquivo: %s. Podem ser as dele, com a chave digitada errada nelas, e por isso ele não foi enviado: corrija a chave nessas linhas, ou apague-as; para enviá-lo sem %s de propósito, escreva 0 na célula dele da coluna %s (crie a coluna se não houver)", set, where, orphans, set, column)
}

// OrphansTooMany follows SetRowsOrphaned when the set's rows name more keys of no record
// (keys) than the importer keeps to compare with each record's: every record with no rows of
// the set is held, not only those whose key is near one of theirs.
func (l Lang) OrphansTooMany(set string, keys int) string {
	if l == EN {
		return fmt.Sprintf("Those rows name %s keys, too many to compare with each record's: every record with no rows in %s was held, not only those whose key is like one of theirs", l.Count(keys), set)
	}
	return fmt.Sprintf("Essas linhas são de %s chaves, demais para comparar com a de cada registro: todo registro sem linhas em %s foi retido, não só os de chave parecida com uma delas", l.Count(keys), set)
}

// OrphanRows is one key of SetRowsOrphaned's list with its rows (as RowList writes them).
func (l Lang) OrphanRows(key, rows string) string {
	if l == EN {
		return fmt.Sprintf("key %s (%s)", key, l.rowsWord(rows))
	}
	return fmt.Sprintf("chave %s (%s)", key, l.rowsWord(rows))
}

// SetRowsFewer: a record of a re-import file came back with some of the rows of set the file
// gave it, not all: rows taken out, by mistake or to leave a bad item out. Refused all the
// same (a quote's total changes); the user says it was meant by writing the new count.
func (l Lang) SetRowsFewer(set string) string {
	if l == EN {
		return fmt.Sprintf("this record came back with fewer rows in %s than the cell says it had: if you took rows of %s out on purpose, write in this cell how many are left; otherwise put them back", set, set)
	}
	return fmt.Sprintf("este registro voltou com menos linhas em %s do que a célula diz que tinha: se tirou linhas de %s de propósito, escreva nesta célula quantas ficaram; senão, devolva-as", set, set)
}

// SetRowsNotCount: a re-import file's SetRowsColumn holds something other than a count.
func (l Lang) SetRowsNotCount(set string) string {
	if l == EN {
		return fmt.Sprintf("not a number of rows: write how many rows in %s this record has, or empty the cell", set)
	}
	return fmt.Sprintf("não é um número de linhas: escreva quantas linhas em %s este registro tem, ou apague a célula", set)
}

// AnswerRowColumn heads the column of an answer sheet that names the input row.
func (l Lang) AnswerRowColumn() string {
	if l == EN {
		return "#row"
	}
	return "#linha"
}

// SummaryHead is the summary's first line.
func (l Lang) SummaryHead(rows, records int, took string, rowsPerS float64) string {
	if l == EN {
		return fmt.Sprintf("%d rows, %d records in %s (%.0f rows/s)", rows, records, took, rowsPerS)
	}
	return fmt.Sprintf("%d linhas, %d registros em %s (%.0f linhas/s)", rows, records, took, rowsPerS)
}

// RowsSent: how many rows went out to Senior (after an interrupt, of how many read).
func (l Lang) RowsSent(sent, rows int) string {
	if l == EN {
		return fmt.Sprintf("%d of %d rows sent to Senior", sent, rows)
	}
	return fmt.Sprintf("%d de %d linhas enviadas ao Senior", sent, rows)
}

// LimitAtEnd: the requests allowed in flight when the run ended.
func (l Lang) LimitAtEnd(n int) string {
	if l == EN {
		return fmt.Sprintf("requests in flight at the end: %d at most", n)
	}
	return fmt.Sprintf("envios simultâneos ao final: no máximo %d", n)
}

// PassingFaults: the requests that met a passing fault (total), by kind (faults), each tried
// again unless its rows say why not.
func (l Lang) PassingFaults(total int, faults map[string]int) string {
	kinds := slices.Sorted(maps.Keys(faults))
	slices.SortStableFunc(kinds, func(a, b string) int { return faults[b] - faults[a] })
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", l.faultKind(k), faults[k])
	}
	if l == EN {
		return fmt.Sprintf("passing faults: %d requests (%s), each tried again", total, strings.Join(parts, ", "))
	}
	return fmt.Sprintf("falhas passageiras: %d pedidos (%s), cada um tentado de novo", total, strings.Join(parts, ", "))
}

// faultKind names a kind of passing fault (Summary.PassingFaults' keys).
func (l Lang) faultKind(k string) string {
	if status, ok := strings.CutPrefix(k, "http_"); ok {
		return "HTTP " + status
	}
	names := map[string][2]string{
		"connection":         {"connection dropped", "conexão caída"},
		"connection_refused": {"connection refused", "conexão recusada"},
		"timeout":            {"no answer in time", "sem resposta a tempo"},
		"http":               {"HTTP error", "erro HTTP"},
		"fault":              {"SOAP Fault", "SOAP Fault"},
		"truncated":          {"answer cut short", "resposta cortada"},
		"not_xml":            {"answer not XML", "resposta que não é XML"},
	}
	n, ok := names[k]
	if !ok {
		return k
	}
	return pick(l == EN, n[0], n[1])
}

// Charsets heads the list of CSV inputs and the charset each was read in.
// FileProblemsTitle heads the files that could not be imported as they are (Summary.FileProblems).
func (l Lang) FileProblemsTitle() string {
	if l == EN {
		return "Files that could not be imported:"
	}
	return "Arquivos que não puderam ser importados:"
}

func (l Lang) WarningsTitle() string {
	if l == EN {
		return "Warnings (no row failed for them; worth a look):"
	}
	return "Avisos (nenhuma linha falhou por eles; vale conferir):"
}

func (l Lang) Charsets() string {
	if l == EN {
		return "Charsets read:"
	}
	return "Codificação lida:"
}

func (l Lang) ReconciliationTitle() string {
	if l == EN {
		return "Reconciliation:"
	}
	return "Conciliação:"
}

// ReconciliationRows: a file's rows read, sent and accepted.
func (l Lang) ReconciliationRows(file string, rows, sent, accepted, already int) string {
	switch {
	case l == EN && already > 0:
		return fmt.Sprintf("%s: %d rows, %d sent, %d accepted, %d already imported", file, rows, sent, accepted, already)
	case l == EN:
		return fmt.Sprintf("%s: %d rows, %d sent, %d accepted", file, rows, sent, accepted)
	case already > 0:
		return fmt.Sprintf("%s: %d linhas, %d enviadas, %d aceitas, %d já importadas", file, rows, sent, accepted, already)
	}
	return fmt.Sprintf("%s: %d linhas, %d enviadas, %d aceitas", file, rows, sent, accepted)
}

// ReconciliationSums: one money column's sums, already written as the language reads them;
// the column is followed by its field where it names it otherwise ("preUni (itens.preUni)",
// "Valor (vlrBru)"), not repeated where it is the field ("vlrBru (vlrBru)").
// already, the sum of the rows already in Senior (skipped), is "" when there are none.
func (l Lang) ReconciliationSums(column, field, read, sent, accepted, already string) string {
	if !strings.EqualFold(column, field) {
		column += " (" + field + ")"
	}
	switch {
	case l == EN && already != "":
		return fmt.Sprintf("%s: read %s · sent %s · accepted %s · already imported %s", column, read, sent, accepted, already)
	case l == EN:
		return fmt.Sprintf("%s: read %s · sent %s · accepted %s", column, read, sent, accepted)
	case already != "":
		return fmt.Sprintf("%s: lido %s · enviado %s · aceito %s · já importado %s", column, read, sent, accepted, already)
	}
	return fmt.Sprintf("%s: lido %s · enviado %s · aceito %s", column, read, sent, accepted)
}

// Unreadable: cells of a money column that held no number and are in no sum.
func (l Lang) Unreadable(n int) string {
	if l == EN {
		return fmt.Sprintf("%d cell(s) without a number, left out of the sums", n)
	}
	return fmt.Sprintf("%d célula(s) sem número, fora das somas", n)
}

// TotalCheck: a file's own totals cell against the sum read. subtotals: the cells are the
// subtotal rows of a sheet of groups with no grand total (TotalCheck.Subtotals), added up.
func (l Lang) TotalCheck(cell, value string, matches, perRow bool, read string, subtotals bool) string {
	switch {
	case l == EN && subtotals:
		return fmt.Sprintf("sheet subtotals %s = %s: they match, added up (no grand total row)", cell, value)
	case subtotals:
		return fmt.Sprintf("subtotais da planilha %s = %s: conferem, somados (não há linha de total geral)", cell, value)
	case l == EN && perRow:
		return fmt.Sprintf("sheet total %s = %s: matches, counting each record's value once per row of it (its children's rows repeat it; the sum read, once per record, is %s)", cell, value, read)
	case perRow:
		return fmt.Sprintf("total da planilha %s = %s: confere, contando o valor de cada registro uma vez por linha dele (as linhas dos seus filhos o repetem; a soma lida, uma vez por registro, é %s)", cell, value, read)
	case l == EN && matches:
		return fmt.Sprintf("sheet total %s = %s: matches", cell, value)
	case l == EN:
		return fmt.Sprintf("sheet total %s = %s: does not match the sum read (%s)", cell, value, read)
	case matches:
		return fmt.Sprintf("total da planilha %s = %s: confere", cell, value)
	}
	return fmt.Sprintf("total da planilha %s = %s: não confere com a soma lida (%s)", cell, value, read)
}

// TotalNoValue: a file's totals cell is a formula the file holds no value of
// (TotalCheck.NoValue): not compared.
func (l Lang) TotalNoValue(cell string) string {
	if l == EN {
		return fmt.Sprintf("sheet total %s: its formula has no saved value (the file was written by a program that does not calculate formulas), so it was not checked; open the file in Excel or LibreOffice and save it to have it checked", cell)
	}
	return fmt.Sprintf("total da planilha %s: a fórmula está sem valor salvo (o arquivo foi gravado por um programa que não calcula fórmulas), e o total não foi conferido; abra o arquivo no Excel ou no LibreOffice e salve-o para que seja conferido", cell)
}

// NotChecked: the Resumo sheet's word for a TotalCheck.NoValue.
func (l Lang) NotChecked() string {
	if l == EN {
		return "not checked: the formula has no saved value (open and save the file in Excel or LibreOffice)"
	}
	return "não conferido: a fórmula está sem valor salvo (abra e salve o arquivo no Excel ou no LibreOffice)"
}

// TotalLeftOut says why a formula total does not match the sum read (TotalCheck.TextCells):
// diff, the sum read less the total, written for the language, is what the formula leaves
// out and the importer reads: the cells (first few, then how many more) holding numbers as
// text, and the hidden rows a SUBTOTAL skips.
func (l Lang) TotalLeftOut(diff string, textCells []string, textMore int, hiddenRows []int, hiddenMore int) string {
	var text, hidden string
	if len(textCells) > 0 {
		text = l.FirstOf(textCells, len(textCells)+textMore)
	}
	if len(hiddenRows) > 0 {
		hidden = l.RowList(hiddenRows, len(hiddenRows)+hiddenMore)
	}
	one := func(list string) bool { return !strings.Contains(list, ",") }
	var parts, todo []string
	if l == EN {
		if text != "" {
			w := "of cells " + text + ", numbers written as text, which the total's formula does not add"
			if one(text) {
				w = "of cell " + text + ", a number written as text, which the total's formula does not add"
			}
			parts, todo = append(parts, w), append(todo, "make the text cells numbers so that the total adds them")
		}
		if hidden != "" {
			parts, todo = append(parts, "of "+l.rowsWord(hidden)+", hidden in the sheet, which SUBTOTAL does not add"), append(todo, "delete, rather than hide, the rows that should not go")
		}
		return fmt.Sprintf("the difference, %s, is that %s; the importer reads them like the others: %s", diff, strings.Join(parts, ", and that "), strings.Join(todo, "; "))
	}
	if text != "" {
		w := "das células " + text + ", números escritos como texto, que a fórmula do total não soma"
		if one(text) {
			w = "da célula " + text + ", um número escrito como texto, que a fórmula do total não soma"
		}
		parts, todo = append(parts, w), append(todo, "converta em número as células de texto, para que o total as some")
	}
	if hidden != "" {
		w := "das " + l.rowsWord(hidden) + ", ocultas na planilha, que o SUBTOTAL não soma"
		if one(hidden) {
			w = "da " + l.rowsWord(hidden) + ", oculta na planilha, que o SUBTOTAL não soma"
		}
		parts, todo = append(parts, w), append(todo, "apague, em vez de ocultar, as linhas que não devem ir")
	}
	return fmt.Sprintf("a diferença, %s, é a %s; o importador as lê como as demais: %s", diff, strings.Join(parts, ", e a "), strings.Join(todo, "; "))
}

// SubtotalsAdded follows Matches in the summary sheet when the totals cells are a sheet's
// subtotals added up (TotalCheck.Subtotals).
func (l Lang) SubtotalsAdded() string {
	if l == EN {
		return "the subtotals added up (no grand total row)"
	}
	return "somados os subtotais (não há linha de total geral)"
}

// Matches is the yes/no of a totals check in the summary sheet; perRow, a match counting each
// record's value once per row of it (TotalCheck.PerRow).
func (l Lang) Matches(ok, perRow bool) string {
	switch {
	case l == EN && perRow:
		return "matches, counting each record once per row"
	case perRow:
		return "confere, contando cada registro uma vez por linha"
	case l == EN && ok:
		return "matches"
	case l == EN:
		return "does not match"
	case ok:
		return "confere"
	}
	return "não confere"
}

// --- The summary sheet of a workbook report ---

// SummarySheet names the first sheet of a workbook report.
func (l Lang) SummarySheet() string {
	if l == EN {
		return "Summary"
	}
	return "Resumo"
}

// SummaryTitle heads the summary sheet.
func (l Lang) SummaryTitle(started, took string) string {
	if l == EN {
		return fmt.Sprintf("Import of %s (%s)", started, took)
	}
	return fmt.Sprintf("Importação de %s (%s)", started, took)
}

// FilesColumns head the counts per file (outcome words follow).
func (l Lang) FilesColumns() []string {
	if l == EN {
		return []string{"File", "Rows"}
	}
	return []string{"Arquivo", "Linhas"}
}

func (l Lang) Total() string {
	if l == EN {
		return "Total"
	}
	return "Total"
}

// ReconciliationColumns head the reconciliation table of the summary sheet.
func (l Lang) ReconciliationColumns() []string {
	if l == EN {
		return []string{"File", "Column", "Field", "Rows", "Rows sent", "Rows accepted", "Sum read", "Sum sent", "Sum accepted", "Cells without a number", "Sheet total", "Total cell", "Check", "Rows already imported", "Sum already imported"}
	}
	return []string{"Arquivo", "Coluna", "Campo", "Linhas", "Linhas enviadas", "Linhas aceitas", "Soma lida", "Soma enviada", "Soma aceita", "Células sem número", "Total da planilha", "Célula do total", "Conferência", "Linhas já importadas", "Soma já importada"}
}

// CausesColumns head the causes table of the summary sheet.
func (l Lang) CausesColumns() []string {
	if l == EN {
		return []string{"Rows", "Cause"}
	}
	return []string{"Linhas", "Causa"}
}

// RunFacts heads the facts of the run in the summary sheet, in this order: rows, records,
// rows sent, requests in flight at the end, exit code.
func (l Lang) RunFacts() []string {
	if l == EN {
		return []string{"Rows read", "Records", "Rows sent", "Requests in flight at the end", "Exit code", "Run in the journal (importer report N)"}
	}
	return []string{"Linhas lidas", "Registros", "Linhas enviadas", "Envios simultâneos ao final", "Código de saída", "Execução no diário (importer report N)"}
}

// CharsetColumns head the charsets table of the summary sheet.
func (l Lang) CharsetColumns() []string {
	if l == EN {
		return []string{"File", "Charset"}
	}
	return []string{"Arquivo", "Codificação"}
}

// OtherSheet names the report sheet of rows from no known input sheet.
func (l Lang) OtherSheet() string {
	if l == EN {
		return "others"
	}
	return "outros"
}

// AnswerSheet names the sheet of a read port's answers: the port's own answer, or one of
// its nested sets.
func (l Lang) AnswerSheet(port, set string) string {
	if set != "" {
		return port + " " + set
	}
	if l == EN {
		return port + " answer"
	}
	return port + " resposta"
}

func (l Lang) FrequentCauses() string {
	if l == EN {
		return "Most frequent causes:"
	}
	return "Causas mais frequentes:"
}

// HiddenRows: a workbook had hidden rows, read as data like any other.
func (l Lang) HiddenRows(file string, n int) string {
	switch {
	case l == EN && n == 1:
		return fmt.Sprintf("%s: 1 hidden row (a filter's, or hidden by hand), read like the others: delete, rather than hide, a row that should not go", file)
	case l == EN:
		return fmt.Sprintf("%s: %d hidden rows (a filter's, or hidden by hand), read like the others: delete, rather than hide, the rows that should not go", file, n)
	case n == 1:
		return fmt.Sprintf("%s: 1 linha oculta (por um filtro, ou à mão), lida como as demais: apague, em vez de ocultar, uma linha que não deve ir", file)
	}
	return fmt.Sprintf("%s: %d linhas ocultas (por um filtro, ou à mão), lidas como as demais: apague, em vez de ocultar, as linhas que não devem ir", file, n)
}

func (l Lang) ReportAt(path string) string {
	if l == EN {
		return "report: " + path
	}
	return "relatório: " + path
}

// OutputsAt: the --out folder a run's outputs went to, printed last.
func (l Lang) OutputsAt(dir string) string {
	if l == EN {
		return "outputs: " + dir
	}
	return "saídas: " + dir
}

// PartialReportMoved: a JSONL report whose writing failed (a full disk) after lines lines,
// renamed to moved so that it is not taken for the run's whole report.
func (l Lang) PartialReportMoved(moved string, lines int) string {
	if l == EN {
		return fmt.Sprintf("the report stopped after %d lines: what was written was moved to %s, so that it is not taken for the whole report", lines, moved)
	}
	return fmt.Sprintf("o relatório parou depois de %d linhas: o que foi gravado foi renomeado para %s, para não passar pelo relatório inteiro", lines, moved)
}

// PartialReportRemoved: the same, when it could not be renamed: removed.
func (l Lang) PartialReportRemoved(lines int) string {
	if l == EN {
		return fmt.Sprintf("the report stopped after %d lines: what was written was removed, so that it is not taken for the whole report", lines)
	}
	return fmt.Sprintf("o relatório parou depois de %d linhas: o que foi gravado foi apagado, para não passar pelo relatório inteiro", lines)
}

// StaleOutputMoved: an output (a CSV or XLSX report, a re-import file, the summary) whose
// writing failed while a file of its name stood at path, an earlier run's: renamed to moved,
// so that it is not read as this run's.
func (l Lang) StaleOutputMoved(path, moved string) string {
	if l == EN {
		return fmt.Sprintf("the file that was at %s, an earlier run's, was renamed %s, so that it is not taken for this run's", path, moved)
	}
	return fmt.Sprintf("o arquivo que estava em %s, de uma execução anterior, foi renomeado para %s, para não passar pelo desta execução", path, moved)
}

// StaleOutputRemoved: the same, when it could not be renamed: removed.
func (l Lang) StaleOutputRemoved(path string) string {
	if l == EN {
		return fmt.Sprintf("the file that was at %s, an earlier run's, was removed, so that it is not taken for this run's", path)
	}
	return fmt.Sprintf("o arquivo que estava em %s, de uma execução anterior, foi apagado, para não passar pelo desta execução", path)
}

// StaleOutputKept: the same, when it could be neither renamed nor removed: it stays, and
// whoever reads it must know it is not this run's.
func (l Lang) StaleOutputKept(path string) string {
	if l == EN {
		return fmt.Sprintf("ATTENTION: the file at %s is an earlier run's, not this run's (it could be neither renamed nor removed)", path)
	}
	return fmt.Sprintf("ATENÇÃO: o arquivo em %s é de uma execução anterior, não desta (não pôde ser renomeado nem apagado)", path)
}

// AbandonedPartial: a JSON Lines report whose process ended at once (a third interrupt),
// renamed to moved: it holds the rows reached, not the run's whole report.
func (l Lang) AbandonedPartial(moved string) string {
	if l == EN {
		return fmt.Sprintf("the JSON Lines report, which holds only the rows reached, was renamed %s, so that it is not taken for the whole report", moved)
	}
	return fmt.Sprintf("o relatório JSON Lines, que tem só as linhas alcançadas, foi renomeado para %s, para não passar pelo relatório inteiro", moved)
}

// ReportInUse: a JSON Lines report another run is writing now (the run does not start).
func (l Lang) ReportInUse(path string) string {
	if l == EN {
		return fmt.Sprintf("--report %s: another run is writing this report now (a cron run started while the one before still goes?); nothing was sent and no report written, so as not to replace that run's: let it end, or give this one another --report", path)
	}
	return fmt.Sprintf("--report %s: outra execução está escrevendo este relatório agora (uma execução do cron começou enquanto a anterior ainda roda?); nada foi enviado e nenhum relatório foi escrito, para não substituir o daquela execução: deixe-a terminar, ou dê a esta outro --report", path)
}

// ReportNotWritten: a report whose writing failed (the log says why and how to write it again).
func (l Lang) ReportNotWritten(path string) string {
	if l == EN {
		return "report NOT written (see the log): " + path
	}
	return "relatório NÃO escrito (veja o log): " + path
}

// SummaryNotWritten: the summary file whose writing failed (the log says why).
func (l Lang) SummaryNotWritten(path string) string {
	if l == EN {
		return "summary NOT written (see the log): " + path
	}
	return "resumo NÃO escrito (veja o log): " + path
}

// NoReportAsked: rows did not succeed and no --report was given; where they can still be seen:
// history and report are the commands that show them from the journal (empty: the run kept none).
// validated: the rows were only checked (validate sends nothing, and keeps no journal).
func (l Lang) NoReportAsked(history, report string, validated bool) string {
	switch {
	case l == EN && validated:
		return "no report was asked for (--report): validate again with --report report.xlsx to see which rows are invalid and why"
	case validated:
		return "nenhum relatório foi pedido (--report): valide de novo com --report relatorio.xlsx para ver quais linhas são inválidas, e por quê"
	case l == EN && history == "":
		// Without a journal, running again would send every row again: not suggested.
		return "no report was asked for (--report), and without a journal the rows cannot be seen later: give --report report.xlsx to the next import (running this one again would send every row again)"
	case l == EN:
		return "no report was asked for (--report): the rows that did not succeed: " + history + "; the report: " + report
	case history == "":
		return "nenhum relatório foi pedido (--report), e sem diário as linhas não podem ser vistas depois: dê --report relatorio.xlsx na próxima importação (rodar esta de novo enviaria todas as linhas de novo)"
	}
	return "nenhum relatório foi pedido (--report): as linhas que não deram certo: " + history + "; o relatório: " + report
}

// ReportName is the report file named in a suggested command.
func (l Lang) ReportName() string {
	if l == EN {
		return "report.xlsx"
	}
	return "relatorio.xlsx"
}

func (l Lang) RowsToFixAt(dir string) string {
	if l == EN {
		return "rows to fix and import again: " + dir
	}
	return "linhas para corrigir e importar de novo: " + dir
}

// RowsToFixNotWritten: a re-import folder whose files could not all be written (the log says
// which and why): what it holds is not every row to fix.
func (l Lang) RowsToFixNotWritten(dir string) string {
	if l == EN {
		return "rows to fix NOT written, or not all (see the log): " + dir
	}
	return "linhas para corrigir NÃO escritas, ou não todas (veja o log): " + dir
}

// LimitNow is the current limit on requests in flight, on the progress bar.
func (l Lang) LimitNow(n int) string {
	if l == EN {
		return fmt.Sprintf("%d requests at once", n)
	}
	return fmt.Sprintf("%d envios simultâneos", n)
}

// ProgressRows describes the progress bar's count.
func (l Lang) ProgressRows(notOK int64) string {
	switch {
	case l == EN && notOK == 0:
		return "rows"
	case l == EN:
		return fmt.Sprintf("rows (%d not ok)", notOK)
	case notOK == 0:
		return "linhas"
	}
	return fmt.Sprintf("linhas (%d com problema)", notOK)
}

// LogStarted is a command's first log line: what starts (version, command, inputs, where it
// sends, the journal), so that a log appended to night after night says which run each
// block of lines is, before anything else is said of it.
func (l Lang) LogStarted() string {
	if l == EN {
		return "importer started"
	}
	return "importador iniciado"
}

// LogRunAgain is the end line's next step when rows were not sent, failed or were left
// unknown and the run kept a journal: running the same command again resumes.
func (l Lang) LogRunAgain() string {
	if l == EN {
		return "once the cause is fixed, run the same command again: the journal resumes (what Senior accepted is not sent again; unknown rows are read back first)"
	}
	return "resolvida a causa, rode o mesmo comando de novo: o diário retoma (o que o Senior aceitou não é reenviado; as linhas incertas são consultadas antes)"
}

// --- history, report and prune: the journal's own commands (cmd/importer's journal.go, prune.go) ---

// HistoryRunsHeader heads the table of recent runs (importer history).
func (l Lang) HistoryRunsHeader() []string {
	if l == EN {
		return []string{"RUN", "STARTED", "COMMAND", "INPUTS", "ROWS", "OUTCOMES", "EXIT"}
	}
	return []string{"EXECUÇÃO", "INÍCIO", "COMANDO", "ENTRADAS", "LINHAS", "RESULTADOS", "SAÍDA"}
}

// HistoryRowsHeader heads the table of one run's rows that did not succeed (importer history RUN).
func (l Lang) HistoryRowsHeader() []string {
	if l == EN {
		return []string{"FILE", "SHEET", "ROW", "KEY", "OUTCOME", "MESSAGE"}
	}
	return []string{"ARQUIVO", "PLANILHA", "LINHA", "CHAVE", "RESULTADO", "MENSAGEM"}
}

// HistoryRunning: history's exit column of the run holding the journal's lock now.
func (l Lang) HistoryRunning() string { return pick(l == EN, "running", "em andamento") }

// HistoryKilled: history's exit column of a run that never wrote its end and is not running.
func (l Lang) HistoryKilled() string { return pick(l == EN, "killed", "interrompida") }

// HistoryPruned follows a pruned run's exit column ("0, pruned").
func (l Lang) HistoryPruned() string { return pick(l == EN, "pruned", "expurgada") }

// HistoryMoreInputs ends a run's list of inputs past the first ones: n more.
func (l Lang) HistoryMoreInputs(n int) string {
	return fmt.Sprintf(pick(l == EN, "+%d more", "+%d outras"), n)
}

// HistoryArgs: history given more than one argument; use is its usage line.
func (l Lang) HistoryArgs(use string, n int) string {
	if l == EN {
		return fmt.Sprintf("at most one argument, a run's number RUN: %s (%d given)", use, n)
	}
	return fmt.Sprintf("no máximo um argumento, o número RUN de uma execução: %s (%d dados)", use, n)
}

// RunNumberBad: history's or report's RUN that is no run's number.
func (l Lang) RunNumberBad(arg string) string {
	if l == EN {
		return fmt.Sprintf("RUN %q: give a run's number, as history lists them", arg)
	}
	return fmt.Sprintf("RUN %q: dê o número de uma execução, como o history as lista", arg)
}

// RunNotInJournal: history RUN or report RUN of a number the journal has no run of.
func (l Lang) RunNotInJournal(id int64, path string) string {
	if l == EN {
		return fmt.Sprintf("no run %d in the journal %s (importer history lists its runs)", id, path)
	}
	return fmt.Sprintf("não há execução %d no diário de execuções %s (importer history lista as execuções dele)", id, path)
}

// RunPruned: history RUN or report RUN of a run whose report lines importer prune dropped.
func (l Lang) RunPruned(id int64, when string) string {
	if l == EN {
		return fmt.Sprintf("run %d's report lines were pruned on %s (importer prune): only its summary is kept (importer history)", id, when)
	}
	return fmt.Sprintf("as linhas de relatório da execução %d foram expurgadas em %s (importer prune): só o resumo dela fica (importer history)", id, when)
}

// JournalMissing: history, report or prune of a journal that is not there (a misspelt
// --journal, or a machine where no run kept one): never made anew by a command that reads it.
func (l Lang) JournalMissing(path string) string {
	if l == EN {
		return fmt.Sprintf("no journal at %s: no run has kept one there (--journal names another)", path)
	}
	return fmt.Sprintf("nenhum diário de execuções em %s: nenhuma execução guardou um ali (--journal indica outro)", path)
}

// JournalNoHomeRead: history, report or prune with no --journal, and no folder to find the
// run's default journal in.
func (l Lang) JournalNoHomeRead() string {
	return l.JournalNoHome() + pick(l == EN, ": name the journal with --journal PATH", ": indique o diário com --journal PATH")
}

// JournalDamagedRead: history, report or prune of a journal that is no SQLite database, or a
// damaged one (JournalDamaged is a run's: it says that nothing was sent).
func (l Lang) JournalDamagedRead(path string) string {
	if l == EN {
		return fmt.Sprintf("the journal %s is damaged or is no journal: move it aside (the next run is then a first run: an include Senior already has is read back, and skipped when its values are the same)", path)
	}
	return fmt.Sprintf("o diário de execuções %s está danificado ou não é um diário: tire-o do lugar (renomeie ou mova; a próxima execução será então uma primeira execução: uma inclusão que o Senior já tem é consultada, e pulada quando os valores forem os mesmos)", path)
}

// JournalNewerRead: history, report or prune of a journal a newer importer wrote (its schema,
// and the last this one knows); it was left as it was.
func (l Lang) JournalNewerRead(path string, schema, known int) string {
	if l == EN {
		return fmt.Sprintf("the journal %s was written by a newer importer (schema %d; this one knows up to %d), and was left as it was: read it with that version, or a newer one (importer version prints this one's)", path, schema, known)
	}
	return fmt.Sprintf("o diário de execuções %s foi gravado por uma versão mais nova do importador (esquema %d; esta conhece até o %d), e ficou como estava: leia-o com aquela versão, ou uma mais nova (importer version mostra a desta)", path, schema, known)
}

// JournalIsFolderRead: history, report or prune given a folder as the journal; file is the
// journal's file in it.
func (l Lang) JournalIsFolderRead(path, file string) string {
	if l == EN {
		return fmt.Sprintf("the journal %s is a folder, not a file: name the journal's file (--journal %s)", path, file)
	}
	return fmt.Sprintf("o diário de execuções %s é uma pasta, não um arquivo: dê o arquivo do diário (--journal %s)", path, file)
}

// PruneArgs: prune given an argument (the age, most likely: importer prune 90d).
func (l Lang) PruneArgs(arg string) string {
	if l == EN {
		return fmt.Sprintf("%q: prune takes no argument; the age is given as --older-than AGE (importer prune --older-than 90d)", arg)
	}
	return fmt.Sprintf("%q: o prune não aceita argumentos; a idade vai em --older-than AGE (importer prune --older-than 90d)", arg)
}

// PruneAgeNeeded: prune without --older-than.
func (l Lang) PruneAgeNeeded() string {
	if l == EN {
		return "--older-than AGE is needed (90d, 26w, 2160h)"
	}
	return "falta --older-than AGE: a idade das execuções a expurgar (90d, 26w, 2160h)"
}

// PruneAgeBad: an --older-than that reads as no age.
func (l Lang) PruneAgeBad(s string) string {
	if l == EN {
		return fmt.Sprintf("--older-than %q: give days (90d), weeks (26w) or a Go duration (2160h)", s)
	}
	return fmt.Sprintf("--older-than %q: dê dias (90d), semanas (26w) ou uma duração do Go (2160h)", s)
}

// PruneAgeMonths: an --older-than of n "m", meant as months and read by Go as minutes; days,
// weeks are the months as such, minutes how minutes are written.
func (l Lang) PruneAgeMonths(s string, days, weeks int, minutes string) string {
	if l == EN {
		return fmt.Sprintf("--older-than %q: m is minutes in a Go duration, not months: give days (%dd) or weeks (%dw); for minutes, %s", s, days, weeks, minutes)
	}
	return fmt.Sprintf("--older-than %q: m são minutos numa duração do Go, não meses: dê dias (%dd) ou semanas (%dw); para minutos, %s", s, days, weeks, minutes)
}

// PruneAgeNotPositive: an --older-than of zero or less (it would prune every run).
func (l Lang) PruneAgeNotPositive(s string) string {
	if l == EN {
		return fmt.Sprintf("--older-than %q: the age must be more than zero", s)
	}
	return fmt.Sprintf("--older-than %q: a idade precisa ser maior que zero", s)
}

// PruneWaiting: prune waits for the run that holds the journal (holder: who, since when).
func (l Lang) PruneWaiting(holder string) string {
	if l == EN {
		return fmt.Sprintf("another run is using the journal (%s): waiting for it to end", holder)
	}
	return fmt.Sprintf("outra execução está usando o diário de execuções (%s): esperando que ela termine", holder)
}

// PruneNoLock: the journal's file system takes no locks, so prune cannot wait for a run.
func (l Lang) PruneNoLock() string {
	if l == EN {
		return "the journal's folder takes no lock: make sure no run uses the journal while it is pruned"
	}
	return "a pasta do diário de execuções não aceita travas (lock): garanta que nenhuma execução use o diário enquanto ele é expurgado"
}

// PruneDone: what a prune forgot (runs started before cut) and the journal's size before and
// after (sizes as l.Size writes them).
func (l Lang) PruneDone(cut string, runs int, states, lines int64, path, before, after string) string {
	if l == EN {
		return fmt.Sprintf("runs started before %s: %d pruned now; %d record states and %d records' report lines removed; %s: %s → %s", cut, runs, states, lines, path, before, after)
	}
	return fmt.Sprintf("execuções iniciadas antes de %s: %d expurgadas agora; %d estados de registros e as linhas de relatório de %d registros removidos; %s: %s → %s", cut, runs, states, lines, path, before, after)
}

// PruneNoRoom: the prune forgot what it was to, and the disk had no room to rewrite the
// journal smaller; before is its size, about the room that takes.
func (l Lang) PruneNoRoom(before string) string {
	if l == EN {
		return fmt.Sprintf("journal: pruned, but the disk has no room to rewrite it smaller (that needs about its size free beside it); the space freed inside it takes the next runs' records, so it does not grow meanwhile: free about %s (its size before) on its disk and prune again to give the space back", before)
	}
	return fmt.Sprintf("diário de execuções: expurgado, mas o disco não tem espaço para regravá-lo menor (isso pede cerca do tamanho dele livre ao lado); o espaço liberado dentro dele recebe os registros das próximas execuções, e ele não cresce enquanto isso: libere cerca de %s (o tamanho de antes) no disco dele e expurgue de novo para devolver o espaço", before)
}

// MiB is a size in mebibytes, one decimal, as the language writes it ("1,5 MiB").
func (l Lang) MiB(n int64) string {
	return l.Decimal(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)) + " MiB"
}

// --- A command line the flag parser refused (cmd/importer's flagError) ---

// FlagUnknown: a long flag the command does not have ("--wokers"); hint is what it may have
// meant (FlagMeant, FlagOfOtherCommands), "" for nothing.
func (l Lang) FlagUnknown(flag, hint string) string {
	s := pick(l == EN, "unknown flag: ", "opção desconhecida: ") + flag
	if hint != "" {
		s += " (" + hint + ")"
	}
	return s
}

// FlagUnknownShorthand: a letter after one dash the command has no flag for; shown is the
// argument as far as it may be repeated (never a value glued to it: a password can be),
// hint as FlagUnknown's.
func (l Lang) FlagUnknownShorthand(letter rune, shown, hint string) string {
	s := fmt.Sprintf(pick(l == EN, "unknown shorthand flag: '%c' in -%s", "opção curta desconhecida: '%c' em -%s"), letter, shown)
	if hint != "" {
		s += " (" + hint + ")"
	}
	return s
}

// FlagTwoDashes: a long flag written with one dash (-locale): the flag it is.
func (l Lang) FlagTwoDashes(name string) string {
	return pick(l == EN, "a long flag takes two dashes: --", "uma opção longa leva dois traços: --") + name
}

// FlagTwoDashesMeant: a long flag misspelt with one dash (-wokers); meant is FlagMeant's.
func (l Lang) FlagTwoDashesMeant(meant string) string {
	return pick(l == EN, "a long flag takes two dashes; ", "uma opção longa leva dois traços; ") + meant
}

// FlagMeant: the command's flags an unknown one is near ("--workers", or two of them).
func (l Lang) FlagMeant(flags []string) string {
	return pick(l == EN, "did you mean ", "quis dizer ") + strings.Join(flags, pick(l == EN, " or ", " ou ")) + "?"
}

// FlagOfOtherCommands: a flag the command lacks and others have (validate --endpoint).
func (l Lang) FlagOfOtherCommands(flag string, others []string, cmd string) string {
	if l == EN {
		return fmt.Sprintf("%s is a flag of importer %s, not of %s", flag, strings.Join(others, " and "), cmd)
	}
	return fmt.Sprintf("%s é uma opção de importer %s, não de %s", flag, strings.Join(others, " e "), cmd)
}

// FlagNeedsValue: a flag given last with no value after it; flag is "--output", or "'o' in
// -o" for a letter (FlagNeedsValueShort).
func (l Lang) FlagNeedsValue(flag string) string {
	return pick(l == EN, "flag needs an argument: ", "falta o valor da opção ") + flag
}

// FlagNeedsValueShort is FlagNeedsValue's flag for a letter after one dash.
func (l Lang) FlagNeedsValueShort(letter rune, group string) string {
	return fmt.Sprintf(pick(l == EN, "'%c' in -%s", "'%c' em -%s"), letter, group)
}

// FlagBadValue: a flag's value its type cannot take (--workers many); reason is one of the
// FlagValue... below, or the value type's own words.
func (l Lang) FlagBadValue(flag, value, reason string) string {
	return fmt.Sprintf("%s %q: %s", flag, value, reason)
}

func (l Lang) FlagValueNotWhole() string {
	return pick(l == EN, "is not a whole number", "não é um número inteiro")
}

func (l Lang) FlagValueTooLarge() string {
	return pick(l == EN, "is too large", "é grande demais")
}

func (l Lang) FlagValueNotDuration() string {
	return pick(l == EN, "is not a duration: write it as 30s, 5m or 1h30m", "não é uma duração: escreva como 30s, 5m ou 1h30m")
}

func (l Lang) FlagValueNotBool() string {
	return pick(l == EN, "is neither true nor false", "não é true nem false")
}

func (l Lang) FlagValueNotSize() string {
	return pick(l == EN, "is not a size: write it as 16MiB, 512KiB or a number of bytes", "não é um tamanho: escreva como 16MiB, 512KiB ou um número de bytes")
}

// FlagBadSyntax: an argument that reads as no flag (---x, -=x).
func (l Lang) FlagBadSyntax(arg string) string {
	return pick(l == EN, "bad flag syntax: ", "opção mal escrita: ") + arg
}

// ReportOutputNeeded: importer report without -o.
func (l Lang) ReportOutputNeeded() string {
	return pick(l == EN, "-o FILE is needed (.xlsx, .csv or .jsonl)", "falta -o FILE: o arquivo do relatório (.xlsx, .csv ou .jsonl)")
}

// ReportOutputIsFolder: importer report's -o names a folder.
func (l Lang) ReportOutputIsFolder(path string) string {
	if l == EN {
		return fmt.Sprintf("-o %s is a folder: name the report's file in it (.xlsx, .csv or .jsonl)", path)
	}
	return fmt.Sprintf("-o %s é uma pasta: dê o arquivo do relatório dentro dela (.xlsx, .csv ou .jsonl)", path)
}

// ReportOutputIsInput: importer report's -o names an input of the run it is the report of.
func (l Lang) ReportOutputIsInput(path string, run int64) string {
	if l == EN {
		return fmt.Sprintf("-o %s is an input of run %d: name another file for its report", path, run)
	}
	return fmt.Sprintf("-o %s é uma entrada da execução %d: dê outro arquivo para o relatório dela", path, run)
}

// OneArgument: a command that takes one argument (what: ArgRunNumber, ArgDropFolder) given
// none or several; use is its usage line.
func (l Lang) OneArgument(what, use string, n int) string {
	if l == EN {
		return fmt.Sprintf("one argument, %s: %s (%d given)", what, use, n)
	}
	return fmt.Sprintf("um argumento, %s: %s (%d dados)", what, use, n)
}

// ArgRunNumber: report's argument, as OneArgument names it.
func (l Lang) ArgRunNumber() string {
	return pick(l == EN, "the run's number RUN (importer history lists them)", "o número RUN da execução (importer history lista as execuções)")
}

// ArgDropFolder: watch's argument, as OneArgument names it.
func (l Lang) ArgDropFolder() string {
	return pick(l == EN, "the drop folder DIR", "a pasta de entrada DIR")
}

// CommandInterrupted: history, report or prune stopped by SIGINT, SIGTERM or SIGHUP (exit
// 130); the cause, Go's words, follows it.
func (l Lang) CommandInterrupted() string { return pick(l == EN, "interrupted", "interrompido") }

// --- template and ports (cmd/importer's template.go, ports.go) ---

// TemplateNamePort: template without a port (the ports are listed above it).
func (l Lang) TemplateNamePort() string {
	return pick(l == EN, "name a port: importer template PORT -o FILE.xlsx", "dê uma porta: importer template PORT -o FILE.xlsx")
}

// TemplateUnknownPort: template of a port the catalogue does not have; ports are its ports.
func (l Lang) TemplateUnknownPort(port, ports string) string {
	if l == EN {
		return fmt.Sprintf("%q is not a known port (%s)", port, ports)
	}
	return fmt.Sprintf("%q não é uma porta conhecida (%s)", port, ports)
}

// TemplateOutputNeeded: template without -o.
func (l Lang) TemplateOutputNeeded() string {
	return pick(l == EN, "-o FILE.xlsx is needed", "falta -o FILE.xlsx: o arquivo do modelo")
}

// TemplateOtherPortsName: template of port to a file whose name says another port, other:
// an import would read it as other's.
func (l Lang) TemplateOtherPortsName(file, other, port string) string {
	if l == EN {
		return fmt.Sprintf("%s would be read as a file of %s, not %s: name it %s-....xlsx", file, other, port, port)
	}
	return fmt.Sprintf("%s seria lido como um arquivo de %s, não de %s: dê a ele o nome %s-....xlsx", file, other, port, port)
}

// TemplateNotNamedAfterPort: a template written to a file whose name names no port.
func (l Lang) TemplateNotNamedAfterPort(file, port string) string {
	if l == EN {
		return fmt.Sprintf("warning: %s does not start with the port's name: rename it (%s-nov.xlsx) before importing it, or import it with --op %s", file, port, port)
	}
	return fmt.Sprintf("aviso: %s não começa com o nome da porta: renomeie-o (%s-nov.xlsx) antes de importá-lo, ou importe-o com --op %s", file, port, port)
}

// TemplateExists: template to a file that is there, without --force.
func (l Lang) TemplateExists(file string) string {
	if l == EN {
		return fmt.Sprintf("%s exists (a sheet filled in, perhaps): a template is written as a new file; name another, or give --force to replace it", file)
	}
	return fmt.Sprintf("%s já existe (uma planilha preenchida, talvez): um modelo é gravado como um arquivo novo; dê outro nome, ou use --force para substituí-lo", file)
}

// PortsNoArgs: ports given an argument (a port's name, most likely).
func (l Lang) PortsNoArgs(arg string) string {
	if l == EN {
		return fmt.Sprintf("%q: ports takes no argument; it lists every port (importer template PORT -o FILE.xlsx writes a port's template)", arg)
	}
	return fmt.Sprintf("%q: o ports não aceita argumentos; ele lista todas as portas (importer template PORT -o FILE.xlsx grava o modelo de uma porta)", arg)
}

// SchemaChange: the journal's schema before and after an upgrade, as history, report and prune
// say it after LogJournalUpgraded or LogJournalNotKept.
func (l Lang) SchemaChange(from, to int) string {
	return fmt.Sprintf(pick(l == EN, "schema %d → %d", "esquema %d → %d"), from, to)
}

// --- cobra's own texts (cmd/importer's cobratexts.go): the usage's headings, the help flag,
// the help and completion commands cobra adds, an unknown command, a wrong number of
// arguments. The English is cobra's own, word for word. ---

func (l Lang) UsageHeading() string    { return pick(l == EN, "Usage:", "Uso:") }
func (l Lang) AliasesHeading() string  { return pick(l == EN, "Aliases:", "Outros nomes:") }
func (l Lang) ExamplesHeading() string { return pick(l == EN, "Examples:", "Exemplos:") }
func (l Lang) CommandsHeading() string {
	return pick(l == EN, "Available Commands:", "Comandos disponíveis:")
}
func (l Lang) MoreCommandsHeading() string {
	return pick(l == EN, "Additional Commands:", "Outros comandos:")
}
func (l Lang) FlagsHeading() string       { return pick(l == EN, "Flags:", "Opções:") }
func (l Lang) GlobalFlagsHeading() string { return pick(l == EN, "Global Flags:", "Opções globais:") }
func (l Lang) HelpTopicsHeading() string {
	return pick(l == EN, "Additional help topics:", "Outros tópicos de ajuda:")
}

// CommandShort is the one line that describes a command of the importer (name: "run", or
// "importer" for the root) in the list of commands and the completion's descriptions; "" for
// a command not known here. simulate's help is English (as everything it says): its line is
// said in the list of commands only.
func (l Lang) CommandShort(name string) string {
	var en, pt string
	switch name {
	case "importer":
		en, pt = "Load spreadsheets and CSV files into Senior's CRM and ERP (G5) web services", "Carrega planilhas e arquivos CSV nos web services de CRM e ERP (G5) do Senior"
	case "run":
		en, pt = "Import files into Senior", "Importa arquivos no Senior"
	case "validate":
		en, pt = "Every check, nothing sent; the same report, outcome \"valid\"", "Todas as verificações, nada enviado; o mesmo relatório, resultado \"valid\""
	case "watch":
		en, pt = "Import every spreadsheet or CSV file dropped into a folder", "Importa cada planilha ou arquivo CSV deixado numa pasta"
	case "history":
		en, pt = "List recent runs from the journal, or one run's rows that did not succeed", "Lista as execuções recentes do diário, ou as linhas de uma execução que não tiveram sucesso"
	case "report":
		en, pt = "Write a run's report again from the journal", "Grava de novo o relatório de uma execução, a partir do diário"
	case "prune":
		en, pt = "Forget what only old runs hold, so the journal does not grow without end", "Esquece o que só as execuções antigas guardam, para que o diário não cresça sem fim"
	case "template":
		en, pt = "Write an input template for a port", "Grava um modelo de entrada para uma porta"
	case "ports":
		en, pt = "List every port with its description", "Lista todas as portas com a descrição de cada uma"
	case "simulate":
		en, pt = "Run the embedded Senior simulator", "Roda o simulador do Senior embutido no importador"
	case "version":
		en, pt = "Print the importer's version", "Mostra a versão do importador"
	}
	return pick(l == EN, en, pt)
}

// CommandLong is the help's description of a command of the importer (name: "run", or
// "importer" for the root); "" for a command not known here (simulate's is English, as
// everything it says). The help of run and validate adds JobHelp, and that of the root, run
// and validate ExitHelp, after a blank line.
func (l Lang) CommandLong(name string) string {
	var en, pt string
	switch name {
	case "importer":
		en = `importer loads spreadsheets and CSV files into Senior Sistemas' CRM and ERP (G5) SOAP web
services: every value checked and normalised to Senior's formats, sent with bounded
concurrent workers and safe retries, and a report with one line per input row.`
		pt = `o importer carrega planilhas e arquivos CSV nos web services SOAP de CRM e ERP (G5) da
Senior Sistemas: cada valor verificado e normalizado nos formatos do Senior, enviado por um
número limitado de envios simultâneos com novas tentativas seguras, e um relatório com uma
linha para cada linha de entrada.`
	case "run":
		en = `Import XLSX and CSV files into Senior's web services: every row checked, sent, and written to
the reports with its outcome. The port of a file comes from --op or from its name. A folder
stands for the .xlsx and .csv files in it (not its subfolders) whose names name a port. A
pattern no shell expanded (a systemd unit's, a quoted 'in/setContas*.csv') stands for the
files it matches; one that matches none stops the run (exit 2).

Passwords come only from --password-env or --password-file, never from a flag value.

The journal keeps what every run sent, so a run again sends nothing twice. One run at a
time uses a journal: a second one waits, saying which run holds it, then goes on.`
		pt = `Importa arquivos XLSX e CSV nos web services do Senior: cada linha verificada, enviada e
gravada nos relatórios com o seu resultado. A porta de um arquivo vem de --op ou do nome
dele. Uma pasta vale pelos arquivos .xlsx e .csv dentro dela (não nas subpastas) cujos nomes
nomeiam uma porta. Um padrão que nenhum shell expandiu (o de uma unit do systemd, um
'in/setContas*.csv' entre aspas) vale pelos arquivos que casam com ele; se nenhum casar, a
execução para (saída 2).

As senhas vêm só de --password-env ou --password-file, nunca do valor de uma opção.

O diário de execuções guarda o que cada execução enviou: rodar de novo não envia nada duas
vezes. Uma execução por vez usa um diário: uma segunda espera, dizendo qual execução o está
usando, e depois segue.`
	case "validate":
		en = `Read and check XLSX and CSV files as run does, without sending: the same reports, with the
outcome "valid" for every row that run would send. --show-envelopes prints the exact
envelopes of the first records, the password masked. A folder stands for the .xlsx and .csv
files in it whose names name a port; a pattern no shell expanded, for the files it matches.`
		pt = `Lê e verifica arquivos XLSX e CSV como o run faz, sem enviar: os mesmos relatórios, com o
resultado "valid" para cada linha que o run enviaria. --show-envelopes mostra os envelopes
exatos dos primeiros registros, com a senha mascarada. Uma pasta vale pelos arquivos .xlsx e
.csv dentro dela cujos nomes nomeiam uma porta; um padrão que nenhum shell expandiu, pelos
arquivos que casam com ele.`
	case "watch":
		en = `Import every spreadsheet or CSV file dropped into DIR, one at a time, as run would:

    DIR/processing/          the file being imported (claimed by moving it here)
    DIR/done/NAME            every row ok, skipped or queued
    DIR/failed/NAME          otherwise (bad rows, not a spreadsheet, missing columns, ...)
    NAME.report.xlsx, NAME.report.jsonl, NAME.summary.json   beside it
    DIR/failed/corrigir/NAME the rows to fix: fix them and drop the file back into DIR

A file is taken once its size and modification time have not changed for --settle; the
folder is watched for file events and also listed every --poll (network shares send no
events). A file that cannot be taken (on a Windows share, a workbook still open in Excel) is
tried again every minute. Set files (NAME.itens.csv) travel with their record file NAME.csv; one alone waits
for it. A name already in done/ or failed/ is never overwritten: the newcomer becomes
NAME_2.xlsx, its reports following. Names starting with ~$ or . (Excel's lock files, partial
copies) or ending in .part, .partial, .crdownload, .download or .tmp (downloads and copies
under way) are left alone, and so are links: a link is never followed. A file whose writing
pauses longer than --settle is taken as it stands (a CSV at a line's end: the rows written so
far): programs should write NAME.tmp or .NAME and rename it to NAME when done.

With --job, the job file's keys are the settings (flags given here win) and its steps are
rules: a dropped file takes the port, mapping, constants and sheets of the first step whose
file names or globs match its name (in any case, with or without accents: orcamento*.xlsx
takes Orçamento-Janeiro.XLSX).

SIGINT, SIGTERM or SIGHUP stops the watcher: the file in progress gets --grace for its
requests in flight and stays in processing/; the next start imports it again, as it does any
file a killed watcher left there. --metrics-file and --on-finish work after every file; the
command also gets IMPORTER_FILE (where the file went) and IMPORTER_RESULT (done or failed);
IMPORTER_FILE and IMPORTER_SUMMARY are absolute paths, whatever DIR was given as.

Exit codes: 0 stopped by SIGINT, SIGTERM or SIGHUP; 2 could not start (the folder, the settings).`
		pt = `Importa cada planilha ou arquivo CSV deixado em DIR, um de cada vez, como o run faria:

    DIR/processing/          o arquivo em importação (tomado ao ser movido para cá)
    DIR/done/NAME            todas as linhas ok, skipped ou queued
    DIR/failed/NAME          senão (linhas com erro, não é planilha, faltam colunas, ...)
    NAME.report.xlsx, NAME.report.jsonl, NAME.summary.json   ao lado dele
    DIR/failed/corrigir/NAME as linhas a corrigir: corrija-as e deixe o arquivo de novo em DIR

Um arquivo é tomado quando o tamanho e a hora de modificação dele ficam --settle sem mudar; a
pasta é vigiada pelos eventos de arquivo e também listada a cada --poll (compartilhamentos de
rede não mandam eventos). Um arquivo que não pode ser tomado (num compartilhamento do Windows,
uma pasta de trabalho ainda aberta no Excel) é tentado de novo a cada minuto. Os arquivos de
conjunto (NAME.itens.csv) vão junto com o arquivo de registros NAME.csv; um sozinho espera
por ele. Um nome que já está em done/ ou failed/ nunca é sobrescrito: o recém-chegado vira
NAME_2.xlsx, e os relatórios dele também. Nomes que começam com ~$ ou . (arquivos de trava do
Excel, cópias parciais) ou terminam em .part, .partial, .crdownload, .download ou .tmp
(downloads e cópias em andamento) são deixados de lado, assim como links: um link nunca é
seguido. Um arquivo cuja gravação para por mais que --settle é tomado como está (um CSV no
fim de uma linha: as linhas gravadas até ali): os programas devem gravar NAME.tmp ou .NAME e
renomeá-lo para NAME ao terminar.

Com --job, as chaves do arquivo de tarefa são as configurações (as opções dadas aqui valem
mais) e os passos dele são regras: um arquivo deixado na pasta toma a porta, o mapeamento, as
constantes e as planilhas do primeiro passo cujos nomes de arquivo ou padrões casam com o
nome dele (em qualquer caixa, com ou sem acentos: orcamento*.xlsx toma Orçamento-Janeiro.XLSX).

SIGINT, SIGTERM ou SIGHUP param o vigia: o arquivo em andamento recebe --grace para os envios
em andamento e fica em processing/; o próximo início o importa de novo, como faz com qualquer
arquivo que um vigia morto deixou lá. --metrics-file e --on-finish agem depois de cada
arquivo; o comando recebe também IMPORTER_FILE (para onde o arquivo foi) e IMPORTER_RESULT
(done ou failed); IMPORTER_FILE e IMPORTER_SUMMARY são caminhos absolutos, seja qual for a
forma como DIR foi dado.

Códigos de saída: 0 parado por SIGINT, SIGTERM ou SIGHUP; 2 não pôde começar (a pasta, as configurações).`
	case "history":
		en = `Without RUN: the recent runs, newest first: when, command, inputs (of more than three, the
first two and how many more), rows per outcome and exit code (a run with no exit code is
running, if it holds the journal's lock now, or was killed: it shows - for its rows, which
it never counted, and its records per outcome, in_flight among them, its invalid rows
not). With RUN: that run's rows that did not succeed, with their message.`
		pt = `Sem RUN: as execuções recentes, da mais nova para a mais antiga: quando, comando, entradas
(de mais de três, as duas primeiras e quantas mais), linhas por resultado e código de saída
(uma execução sem código de saída está rodando, se tem a trava do diário agora, ou foi
morta: mostra - nas linhas, que nunca contou, e os registros por resultado, in_flight entre
eles, mas não as linhas inválidas). Com RUN: as linhas dessa execução que não tiveram
sucesso, com a mensagem de cada uma.`
	case "report":
		en = `Write the report of a run again, from the journal: .xlsx, .csv or .jsonl by the file's
extension. A run that was killed gets a line for every row it settled.`
		pt = `Grava de novo o relatório de uma execução, a partir do diário: .xlsx, .csv ou .jsonl pela
extensão do arquivo. Uma execução que foi morta tem uma linha para cada linha que resolveu.`
	case "prune":
		en = `Forget, of the runs started more than AGE ago, their report lines (history RUN and report RUN
no longer show them) and their record states that a later run replaced. Each record's last
state stays, however old, so a later run still skips what was imported and reads back what
was left in flight; every run's summary stays too (history marks it pruned). The file is
then rewritten to give the space back. A run in progress is waited for. For a nightly load,
a weekly cron line: importer prune --older-than 90d`
		pt = `Esquece, das execuções iniciadas há mais de AGE, as linhas de relatório (history RUN e
report RUN deixam de mostrá-las) e os estados de registro que uma execução posterior
substituiu. O último estado de cada registro fica, por mais antigo que seja: uma execução
posterior ainda pula o que foi importado e consulta o que ficou em andamento; o resumo de
cada execução também fica (o history a marca como expurgada). O arquivo é então regravado
para devolver o espaço. Uma execução em andamento é esperada. Para uma carga noturna, uma
linha semanal do cron: importer prune --older-than 90d`
	case "template":
		en = `Write an XLSX input template for a port: a sheet per set, a header per field, notes saying
each field's type and whether it is required. Name the file after the port
(GravarOrcamentos-nov.xlsx): the importer tells a file's port by its name. Without a port,
it lists the ports and exits 2.`
		pt = `Grava um modelo de entrada XLSX para uma porta: uma planilha por conjunto, um cabeçalho por
campo, notas dizendo o tipo de cada campo e se ele é obrigatório. Dê ao arquivo o nome da
porta (GravarOrcamentos-nov.xlsx): o importador reconhece a porta de um arquivo pelo nome
dele. Sem uma porta, lista as portas e sai com o código 2.`
	case "ports":
		en = `List every port the importer knows (the embedded catalogue and --catalogue) with its
description. A file's port comes from --op or from the start of its name.`
		pt = `Lista todas as portas que o importador conhece (o catálogo embutido e --catalogue) com a
descrição de cada uma. A porta de um arquivo vem de --op ou do começo do nome dele.`
	}
	return pick(l == EN, en, pt)
}

// JobHelp: a job file in place of the files, in the help of run and validate.
func (l Lang) JobHelp() string {
	if l == EN {
		return `A job file (JOB.yaml, the only argument) holds the settings, its keys spelled as the flags
(password-env: SENIOR_PASSWORD, workers: 8, report: [...]), and the steps, run in order, each
a run of its own: files or globs, their port (op), mapping, constants and sheets. Flags given
on the command line win over the file. Paths in it are read from the job file's folder. See
samples/job.yaml.`
	}
	return `Um arquivo de tarefa (JOB.yaml, o único argumento) guarda as configurações, com as chaves
escritas como as opções (password-env: SENIOR_PASSWORD, workers: 8, report: [...]), e os
passos (steps), rodados em ordem, cada um uma execução: arquivos ou padrões, a porta deles
(op), o mapeamento, as constantes e as planilhas. As opções dadas na linha de comando valem
mais que o arquivo. Os caminhos nele são lidos a partir da pasta do arquivo de tarefa. Veja
samples/job.yaml.`
}

// ExitHelp ends the help of the commands that import. Indented by four spaces after a blank
// line, so that the Markdown reference and the man pages keep its columns; the outcomes are
// the reports' own words.
func (l Lang) ExitHelp() string {
	if l == EN {
		return `Exit codes:

    0    every row ok, queued, valid or skipped
    1    some rows were not (see the report)
    2    could not start or aborted (configuration, unreadable input, refused login)
    130  interrupted (SIGINT, SIGTERM, SIGHUP): in-flight requests finished, every report written`
	}
	return `Códigos de saída:

    0    todas as linhas ok, queued, valid ou skipped
    1    algumas linhas não (veja o relatório)
    2    não pôde começar ou parou (configuração, entrada ilegível, login recusado)
    130  interrompida (SIGINT, SIGTERM, SIGHUP): envios em andamento concluídos, todos os relatórios gravados`
}

// FlagUsage is a flag's help line (en: its English, as the flag is defined) in the language;
// the English itself for a flag not translated here (TestFlagUsagesTranslated finds those).
// A `NAME` in backquotes is the name of the flag's value: the same in both languages.
func (l Lang) FlagUsage(en string) string {
	if l == EN {
		return en
	}
	var pt string
	switch en {
	// run and validate
	case "`PORT` of every file (setContas, GravarOrcamentos, CarregarOrcamentos_3, ...); default: by file name":
		pt = "`PORT` de todos os arquivos (setContas, GravarOrcamentos, CarregarOrcamentos_3, ...); padrão: pelo nome do arquivo"
	case "how text numbers are read: pt-BR (1.234,56) or en-US (1,234.56)":
		pt = "como são lidos os números escritos como texto: pt-BR (1.234,56) ou en-US (1,234.56)"
	case "more decimals than a field allows: reject, half-even or half-up":
		pt = "mais casas decimais do que um campo permite: reject (recusar), half-even ou half-up (arredondar)"
	case "decimal separator of every number sent: point or comma (default: Senior's rule, a point for Double and Integer fields, a comma for String ones; per field: --mapping)":
		pt = "separador decimal de todos os números enviados: point (ponto) ou comma (vírgula) (padrão: a regra do Senior, ponto nos campos Double e Integer, vírgula nos String; por campo: --mapping)"
	case "language of row messages and report headers: pt or en":
		pt = "idioma das mensagens das linhas e dos cabeçalhos dos relatórios: pt ou en"
	case "`DIR` of extra port files (*.yaml) added to the embedded catalogue, one port a file, written as templates/ports/*.yaml (README: Catalogue files)":
		pt = "`DIR` com arquivos de portas extras (*.yaml) somados ao catálogo embutido, uma porta por arquivo, escritos como templates/ports/*.yaml (README: Catalogue files)"
	case "mapping `FILE` (CSV or YAML): extra column names, constants (codEmp=1), per-column locales":
		pt = "`FILE` de mapeamento (CSV ou YAML): outros nomes de colunas, constantes (codEmp=1), locale por coluna"
	case "`NAME` of a sheet to read (repeatable; hidden ones too); the visible sheets of the port's sets are read with it, no other":
		pt = "`NAME` de uma planilha a ler (pode ser repetida; ocultas também); as planilhas visíveis dos conjuntos da porta são lidas junto, nenhuma outra"
	case "row number of the header (default: the row, among the first 30, that names the most fields; rows above it are titles, not data)":
		pt = "número da linha do cabeçalho (padrão: a linha, entre as 30 primeiras, que nomeia mais campos; as linhas acima dela são títulos, não dados)"
	case "CSV delimiter `C` (default: sniffed among ; , tab |)":
		pt = "delimitador `C` do CSV (padrão: descoberto entre ; , tab |)"
	case "CSV charset: utf-8, windows-1252 (Excel's \"CSV\"), cp850 (Excel's \"CSV (MS-DOS)\") or macintosh (Excel's \"CSV (Macintosh)\", Excel for Mac's \"CSV\") (default: detected; a UTF-16 file, Excel's \"Texto Unicode\", is read as such whatever this says)":
		pt = "codificação do CSV: utf-8, windows-1252 (o \"CSV\" do Excel), cp850 (o \"CSV (MS-DOS)\" do Excel) ou macintosh (o \"CSV (Macintosh)\" do Excel, o \"CSV\" do Excel para Mac) (padrão: detectada; um arquivo UTF-16, o \"Texto Unicode\" do Excel, é lido como tal, diga esta opção o que disser)"
	case "a column that names no field is a warning and its values are ignored (default: every row of its file is invalid, the message naming the fields it may have meant)":
		pt = "uma coluna que não nomeia nenhum campo é um aviso e os valores dela são ignorados (padrão: todas as linhas do arquivo são inválidas, e a mensagem nomeia os campos que ela pode querer dizer)"
	case "accepted for old scripts; changes nothing: a column that names no field is already an error (see --ignore-unknown-columns)":
		pt = "aceita por scripts antigos; não muda nada: uma coluna que não nomeia nenhum campo já é um erro (veja --ignore-unknown-columns)"
	case "report `PATH`; format by extension .csv .xlsx .jsonl (repeatable)":
		pt = "`PATH` de um relatório; formato pela extensão .csv .xlsx .jsonl (pode ser repetida)"
	case "write the rows that did not succeed into this `DIR`, in files named and shaped like the inputs, ready to fix and import again":
		pt = "grava as linhas que não tiveram sucesso nesta `DIR`, em arquivos com o nome e a forma das entradas, prontos para corrigir e importar de novo"
	case "write the run summary as JSON to this `PATH`":
		pt = "grava o resumo da execução em JSON neste `PATH`"
	case "no progress and no printed summary":
		pt = "sem progresso e sem resumo impresso"
	case "log format on stderr: text or json":
		pt = "formato do log no stderr: text ou json"
	case "G5 user":
		pt = "usuário do G5"
	case "`NAME` of the environment variable holding the G5 password":
		pt = "`NAME` da variável de ambiente com a senha do G5"
	case "`FILE` holding the G5 password (first line)":
		pt = "`FILE` com a senha do G5 (primeira linha)"
	case "CRM user (default: --user)":
		pt = "usuário do CRM (padrão: --user)"
	case "`NAME` of the environment variable holding the CRM password (default: the G5 one)":
		pt = "`NAME` da variável de ambiente com a senha do CRM (padrão: a do G5)"
	case "`FILE` holding the CRM password (default: the G5 one)":
		pt = "`FILE` com a senha do CRM (padrão: a do G5)"
	case "G5 encryption: 0 plain password, 2 integrated-logon token":
		pt = "criptografia do G5: 0 senha simples, 2 token de logon integrado"
	case "print the exact envelopes of the first `N` records (password masked)":
		pt = "mostra os envelopes exatos dos `N` primeiros registros (senha mascarada)"
	case "G5 base `URL` (e.g. https://senior.example:8443)":
		pt = "`URL` base do G5 (ex.: https://senior.example:8443)"
	case "CRM web service full `URL` (default: the --endpoint URL + /crm/ws, where the simulator serves it)":
		pt = "`URL` completa do web service do CRM (padrão: a URL de --endpoint + /crm/ws, onde o simulador o serve)"
	case "G5 execution mode: sync, async or scheduled":
		pt = "modo de execução do G5: sync, async ou scheduled"
	case "most requests in flight: the importer finds how many Senior takes at once, up to `N` (1 to 1024)":
		pt = "máximo de pedidos em andamento: o importador descobre quantos o Senior aceita ao mesmo tempo, até `N` (1 a 1024)"
	case "keep exactly --workers requests in flight instead of finding Senior's capacity":
		pt = "mantém exatamente --workers pedidos em andamento em vez de descobrir a capacidade do Senior"
	case "at most this many requests per second (0: no limit)":
		pt = "no máximo este número de pedidos por segundo (0: sem limite)"
	case "timeout of one request":
		pt = "tempo limite de um pedido"
	case "retries of a request after a passing fault (5xx, 429, timeout, dropped connection)":
		pt = "novas tentativas de um pedido depois de uma falha passageira (5xx, 429, tempo esgotado, conexão caída)"
	case "retry delay: the first retry waits ten round trips (at most this), the second this, doubling each retry after, with jitter":
		pt = "espera entre tentativas: a primeira nova tentativa espera dez idas e voltas (no máximo isto), a segunda isto, dobrando a cada tentativa depois, com variação aleatória"
	case "longest retry delay (Retry-After is honoured while Senior sheds load; a lone 503 among answers is retried on the backoff)":
		pt = "maior espera entre tentativas (o Retry-After é respeitado enquanto o Senior alivia a carga; um 503 isolado entre as respostas é tentado de novo pelo --backoff)"
	case "orçamentos per GravarOrcamentos request (1 to 1000); a request refused for its size (HTTP 413: a proxy's limit) goes one orçamento at a time":
		pt = "orçamentos por pedido de GravarOrcamentos (1 a 1000); um pedido recusado pelo tamanho (HTTP 413: o limite de um proxy) vai um orçamento por vez"
	case "PEM `FILE` of the CA that signs Senior's certificate":
		pt = "`FILE` PEM da CA que assina o certificado do Senior"
	case "skip TLS verification (explicit only; never the default)":
		pt = "pula a verificação TLS (só quando pedida; nunca é o padrão)"
	case "on SIGINT, SIGTERM or SIGHUP, time given to in-flight requests (a second interrupt ends it; 0: none, they are cancelled at once)":
		pt = "em SIGINT, SIGTERM ou SIGHUP, o tempo dado aos pedidos em andamento (uma segunda interrupção o encerra; 0: nenhum, eles são cancelados na hora)"
	case "Senior unreachable this long (or another run holding the journal): stop, exit 2, the rest not_sent":
		pt = "o Senior inalcançável por este tempo (ou outra execução com o diário): para, saída 2, o resto not_sent"
	case "most of an answer read (`SIZE`: 16MiB, 512KiB, bytes); a longer answer settles its rows without a retry: failed, or unknown for an include (Senior may have stored it)":
		pt = "o máximo lido de uma resposta (`SIZE`: 16MiB, 512KiB, bytes); uma resposta maior resolve as linhas dela sem nova tentativa: failed, ou unknown numa inclusão (o Senior pode tê-la gravado)"
	// the journal (journal.go)
	case "the journal `PATH` (default: $XDG_STATE_HOME/senior-importer/journal.db, ~/.local/state/... when unset)":
		pt = "`PATH` do diário de execuções (padrão: $XDG_STATE_HOME/senior-importer/journal.db, ~/.local/state/... quando não definida)"
	case "keep no journal: a run then knows nothing of earlier runs and sends every record":
		pt = "sem diário de execuções: a execução não sabe nada das anteriores e envia todos os registros"
	case "send every record, whatever the journal says an earlier run did with it":
		pt = "envia todos os registros, diga o diário o que disser do que uma execução anterior fez com eles"
	case "a G5 include imported before with other values: error (report it invalid) or alter (send it as an alteration)":
		pt = "uma inclusão do G5 já importada antes com outros valores: error (relatá-la como inválida) ou alter (enviá-la como alteração)"
	// unattended runs (job.go)
	case "put the outputs in a new folder `DIR`/AAAA-MM-DD_HH-MM-SS/ (local time): report.xlsx, report.jsonl, summary.json and corrigir/":
		pt = "põe as saídas numa pasta nova `DIR`/AAAA-MM-DD_HH-MM-SS/ (hora local): report.xlsx, report.jsonl, summary.json e corrigir/"
	case "after the run, write Prometheus metrics (rows per outcome, duration, last success, Senior's latency) to this `PATH`, atomically: a .prom file in node_exporter's textfile folder":
		pt = "depois da execução, grava as métricas do Prometheus (linhas por resultado, duração, último sucesso, latência do Senior) neste `PATH`, de uma vez: um arquivo .prom na pasta textfile do node_exporter"
	case "after the run, run `COMMAND` with sh -c, with IMPORTER_SUMMARY (the summary file), IMPORTER_EXIT (the exit code) and IMPORTER_RUN (the run's number in the journal) in its environment; its failure is logged and never changes the exit code":
		pt = "depois da execução, roda `COMMAND` com sh -c, com IMPORTER_SUMMARY (o arquivo de resumo), IMPORTER_EXIT (o código de saída) e IMPORTER_RUN (o número da execução no diário) no ambiente; uma falha dele vai para o log e nunca muda o código de saída"
	case "kill the --on-finish command after this long":
		pt = "encerra o comando de --on-finish depois deste tempo"
	// watch
	case "job `FILE` (YAML): the settings, and steps as rules for the dropped files' names":
		pt = "`FILE` de tarefa (YAML): as configurações, e os passos como regras para os nomes dos arquivos deixados na pasta"
	case "take a file once its size and modification time have not changed for this long (raise it for slow network copies)":
		pt = "toma um arquivo quando o tamanho e a hora de modificação dele ficam este tempo sem mudar (aumente para cópias lentas pela rede)"
	case "list the folder this often, events or not (SMB and NFS mounts send no file events)":
		pt = "lista a pasta com esta frequência, haja eventos ou não (montagens SMB e NFS não mandam eventos de arquivo)"
	case "Senior unreachable this long (or another run holding the journal): the file being imported fails, the rows it has not sent not_sent (until then it waits, and the files dropped meanwhile wait their turn)":
		pt = "o Senior inalcançável por este tempo (ou outra execução com o diário): o arquivo em importação falha, as linhas que ele não enviou not_sent (até lá ele espera, e os arquivos deixados enquanto isso esperam a vez)"
	// history, report, prune
	case "the journal `PATH` (default: the run's default)":
		pt = "`PATH` do diário de execuções (padrão: o mesmo do run)"
	case "show the last `N` runs (0: every run)":
		pt = "mostra as `N` últimas execuções (0: todas)"
	case "language of the tables and messages: pt or en":
		pt = "idioma das tabelas e das mensagens: pt ou en"
	case "the report `FILE` (.xlsx, .csv or .jsonl)":
		pt = "`FILE` do relatório (.xlsx, .csv ou .jsonl)"
	case "language of the report's headers: pt or en":
		pt = "idioma dos cabeçalhos do relatório: pt ou en"
	case "`AGE` of the runs to prune: days (90d), weeks (26w) or a Go duration (2160h)":
		pt = "`AGE` das execuções a expurgar: dias (90d), semanas (26w) ou uma duração do Go (2160h)"
	case "language of the messages: pt or en":
		pt = "idioma das mensagens: pt ou en"
	// template and ports
	case "output XLSX `FILE`":
		pt = "`FILE` XLSX de saída"
	case "language of header notes: pt or en":
		pt = "idioma das notas dos cabeçalhos: pt ou en"
	case "`DIR` of extra port files (*.yaml), one port a file, written as templates/ports/*.yaml (README: Catalogue files)":
		pt = "`DIR` com arquivos de portas extras (*.yaml), uma porta por arquivo, escritos como templates/ports/*.yaml (README: Catalogue files)"
	case "replace FILE if it exists (without it, an existing file is never written over: it may be a filled sheet)":
		pt = "substitui FILE se ele existir (sem isto, um arquivo existente nunca é sobrescrito: pode ser uma planilha preenchida)"
	case "language of the list: pt or en":
		pt = "idioma da lista: pt ou en"
	default:
		return en
	}
	return pt
}

// FlagDefault is how a flag's help line gives its default ("default": pflag's own word, which
// cmd/importer's usage says again in the language).
func (l Lang) FlagDefault() string { return pick(l == EN, "default", "padrão") }

// MoreHelp ends the usage of a command that has commands (path: "importer").
func (l Lang) MoreHelp(path string) string {
	if l == EN {
		return fmt.Sprintf("Use \"%s [command] --help\" for more information about a command.", path)
	}
	return fmt.Sprintf("Use \"%s [command] --help\" para mais informações sobre um comando.", path)
}

// HelpFlag is the usage of a command's -h, --help (name: "run").
func (l Lang) HelpFlag(name string) string {
	return pick(l == EN, "help for ", "ajuda do ") + name
}

// HelpCommandShort and HelpCommandLong describe the help command (root: "importer").
func (l Lang) HelpCommandShort() string {
	return pick(l == EN, "Help about any command", "Ajuda sobre qualquer comando")
}

func (l Lang) HelpCommandLong(root string) string {
	if l == EN {
		return "Help provides help for any command in the application.\nSimply type " + root + " help [path to command] for full details."
	}
	return "help mostra a ajuda de qualquer comando do programa.\nDigite " + root + " help [caminho do comando] para ver todos os detalhes."
}

// UnknownHelpTopic: the help command asked for a command there is not (args as given).
func (l Lang) UnknownHelpTopic(args []string) string {
	return fmt.Sprintf(pick(l == EN, "Unknown help topic %#q", "Tópico de ajuda desconhecido %#q"), args)
}

// UnknownCommand: a word where a command was expected (path: the command it was given to,
// "importer"); meant are the commands it may have meant, none for no suggestion.
func (l Lang) UnknownCommand(name, path string, meant []string) string {
	s := fmt.Sprintf(pick(l == EN, "unknown command %q for %q", "comando desconhecido %q para %q"), name, path)
	if len(meant) > 0 {
		s += pick(l == EN, "\n\nDid you mean this?\n", "\n\nVocê quis dizer?\n")
		for _, m := range meant {
			s += "\t" + m + "\n"
		}
	}
	return s
}

// ArgsAtLeast, ArgsAtMost, ArgsExactly and ArgsBetween: a command given too few or too many
// arguments (cobra's validators).
func (l Lang) ArgsAtLeast(n, got int) string {
	return fmt.Sprintf(pick(l == EN, "requires at least %d arg(s), only received %d", "pede pelo menos %d argumento(s), recebeu só %d"), n, got)
}

func (l Lang) ArgsAtMost(n, got int) string {
	return fmt.Sprintf(pick(l == EN, "accepts at most %d arg(s), received %d", "aceita no máximo %d argumento(s), recebeu %d"), n, got)
}

func (l Lang) ArgsExactly(n, got int) string {
	return fmt.Sprintf(pick(l == EN, "accepts %d arg(s), received %d", "aceita %d argumento(s), recebeu %d"), n, got)
}

func (l Lang) ArgsBetween(least, most, got int) string {
	return fmt.Sprintf(pick(l == EN, "accepts between %d and %d arg(s), received %d", "aceita de %d a %d argumentos, recebeu %d"), least, most, got)
}

// CompletionShort and CompletionLong describe the completion command (root: "importer").
func (l Lang) CompletionShort() string {
	return pick(l == EN, "Generate the autocompletion script for the specified shell", "Gera o script de autocompletar para o shell indicado")
}

func (l Lang) CompletionLong(root string) string {
	if l == EN {
		return fmt.Sprintf("Generate the autocompletion script for %s for the specified shell.\nSee each sub-command's help for details on how to use the generated script.\n", root)
	}
	return fmt.Sprintf("Gera o script de autocompletar do %s para o shell indicado.\nVeja a ajuda de cada subcomando para saber como usar o script gerado.\n", root)
}

// CompletionShellShort: the completion command of one shell (bash, zsh, fish, powershell).
func (l Lang) CompletionShellShort(shell string) string {
	return pick(l == EN, "Generate the autocompletion script for ", "Gera o script de autocompletar para ") + shell
}

// CompletionShellLong: how to load the script of shell; "" for a shell not known here.
func (l Lang) CompletionShellLong(shell, root string) string {
	var en, pt string
	switch shell {
	case "bash":
		en = `Generate the autocompletion script for the bash shell.

This script depends on the 'bash-completion' package.
If it is not installed already, you can install it via your OS's package manager.

To load completions in your current shell session:

	source <(%[1]s completion bash)

To load completions for every new session, execute once:

#### Linux:

	%[1]s completion bash > /etc/bash_completion.d/%[1]s

#### macOS:

	%[1]s completion bash > $(brew --prefix)/etc/bash_completion.d/%[1]s

You will need to start a new shell for this setup to take effect.
`
		pt = `Gera o script de autocompletar para o shell bash.

Este script depende do pacote 'bash-completion'.
Se ele ainda não estiver instalado, instale-o pelo gerenciador de pacotes do sistema.

Para carregar o autocompletar na sessão atual do shell:

	source <(%[1]s completion bash)

Para carregá-lo em toda nova sessão, execute uma vez:

#### Linux:

	%[1]s completion bash > /etc/bash_completion.d/%[1]s

#### macOS:

	%[1]s completion bash > $(brew --prefix)/etc/bash_completion.d/%[1]s

Abra um novo shell para que a configuração tenha efeito.
`
	case "zsh":
		en = `Generate the autocompletion script for the zsh shell.

If shell completion is not already enabled in your environment you will need
to enable it.  You can execute the following once:

	echo "autoload -U compinit; compinit" >> ~/.zshrc

To load completions in your current shell session:

	source <(%[1]s completion zsh)

To load completions for every new session, execute once:

#### Linux:

	%[1]s completion zsh > "${fpath[1]}/_%[1]s"

#### macOS:

	%[1]s completion zsh > $(brew --prefix)/share/zsh/site-functions/_%[1]s

You will need to start a new shell for this setup to take effect.
`
		pt = `Gera o script de autocompletar para o shell zsh.

Se o autocompletar ainda não estiver ativado no seu ambiente, será preciso
ativá-lo. Para isso, execute uma vez:

	echo "autoload -U compinit; compinit" >> ~/.zshrc

Para carregar o autocompletar na sessão atual do shell:

	source <(%[1]s completion zsh)

Para carregá-lo em toda nova sessão, execute uma vez:

#### Linux:

	%[1]s completion zsh > "${fpath[1]}/_%[1]s"

#### macOS:

	%[1]s completion zsh > $(brew --prefix)/share/zsh/site-functions/_%[1]s

Abra um novo shell para que a configuração tenha efeito.
`
	case "fish":
		en = `Generate the autocompletion script for the fish shell.

To load completions in your current shell session:

	%[1]s completion fish | source

To load completions for every new session, execute once:

	%[1]s completion fish > ~/.config/fish/completions/%[1]s.fish

You will need to start a new shell for this setup to take effect.
`
		pt = `Gera o script de autocompletar para o shell fish.

Para carregar o autocompletar na sessão atual do shell:

	%[1]s completion fish | source

Para carregá-lo em toda nova sessão, execute uma vez:

	%[1]s completion fish > ~/.config/fish/completions/%[1]s.fish

Abra um novo shell para que a configuração tenha efeito.
`
	case "powershell":
		en = `Generate the autocompletion script for powershell.

To load completions in your current shell session:

	%[1]s completion powershell | Out-String | Invoke-Expression

To load completions for every new session, add the output of the above command
to your powershell profile.
`
		pt = `Gera o script de autocompletar para o powershell.

Para carregar o autocompletar na sessão atual do shell:

	%[1]s completion powershell | Out-String | Invoke-Expression

Para carregá-lo em toda nova sessão, acrescente a saída do comando acima
ao seu perfil do powershell.
`
	default:
		return ""
	}
	return fmt.Sprintf(pick(l == EN, en, pt), root)
}

// CompletionNoDescriptions is the usage of the completion commands' --no-descriptions.
func (l Lang) CompletionNoDescriptions() string {
	return pick(l == EN, "disable completion descriptions", "desativa as descrições no autocompletar")
}

// --- A mapping file (--mapping, a job step's mapping) that cannot be read or applied
// (pipeline's mapping.go) ---

// MappingAtLine is where in a mapping CSV file a refusal is: "--mapping m.csv line 3".
func (l Lang) MappingAtLine(path string, line int) string {
	return fmt.Sprintf(pick(l == EN, "--mapping %s line %d", "--mapping %s linha %d"), path, line)
}

func (l Lang) MappingStripNoField() string {
	return pick(l == EN, "strip needs the field it applies to", "strip precisa do campo a que se aplica")
}

func (l Lang) MappingStripValue(v string) string {
	return fmt.Sprintf(pick(l == EN, "strip %q: use sim or não", "strip %q: use sim ou não"), v)
}

func (l Lang) MappingSeparatorNoField() string {
	return pick(l == EN, "a separator needs the field it applies to", "um separador precisa do campo a que se aplica")
}

func (l Lang) MappingConstantNoField() string {
	return pick(l == EN, "a constant needs a field and a value", "uma constante precisa de um campo e de um valor")
}

// MappingBadKind: a mapping file named neither .yaml, .yml nor .csv.
func (l Lang) MappingBadKind(path string) string {
	return fmt.Sprintf(pick(l == EN, "--mapping %s: use a .yaml or .csv file", "--mapping %s: use um arquivo .yaml ou .csv"), path)
}

func (l Lang) MappingBadLocale(path, locale, column string) string {
	return fmt.Sprintf(pick(l == EN, "--mapping %s: locale %q of column %q: use pt-BR or en-US", "--mapping %s: locale %q da coluna %q: use pt-BR ou en-US"), path, locale, column)
}

func (l Lang) MappingBadSeparator(path, sep, field string) string {
	return fmt.Sprintf(pick(l == EN, "--mapping %s: separator %q of field %q: use point or comma", "--mapping %s: separador %q do campo %q: use point ou comma"), path, sep, field)
}

// MappingPastHeader: a mapping CSV row with a value past the header's last column (last),
// what is left of a value cut at the delimiter (comma).
func (l Lang) MappingPastHeader(line int, value, last string, comma rune) string {
	if l == EN {
		return fmt.Sprintf("line %d: %q is past the header's last column (%s): a value holding '%c' goes in quotes", line, value, last, comma)
	}
	return fmt.Sprintf("linha %d: %q está além da última coluna do cabeçalho (%s): um valor com '%c' vai entre aspas", line, value, last, comma)
}

// MappingUnknownKey: a YAML mapping's key that is none of keys; meant is the key it looks like,
// "" for none.
func (l Lang) MappingUnknownKey(line, key string, keys []string, meant string) string {
	s := fmt.Sprintf(pick(l == EN, "line %s: unknown key %q: a mapping file's keys are %s", "linha %s: chave desconhecida %q: as chaves de um arquivo de mapeamento são %s"), line, key, strings.Join(keys, ", "))
	if meant != "" {
		return s + " (" + meant + "?)"
	}
	return s + pick(l == EN, " (a field's constant goes under constants:, a column's name under columns:)", " (a constante de um campo vai em constants:, o nome de uma coluna em columns:)")
}

// MappingWrongShape: a YAML mapping's value of the wrong shape: got is "seq" (a list), "map"
// (keys and values) or another (one value, value); want is "list", "map" or "value".
func (l Lang) MappingWrongShape(line, got, value, want string) string {
	en := l == EN
	var g, w string
	switch got {
	case "seq":
		g = pick(en, "a list", "uma lista")
	case "map":
		g = pick(en, "keys and values", "chaves e valores")
	default:
		g = pick(en, "one value ", "um valor ") + value
	}
	switch want {
	case "list":
		w = pick(en, "a list (- one per line, or [a, b])", "uma lista (- um por linha, ou [a, b])")
	case "map":
		w = pick(en, "keys and values (one per line: Name: value)", "chaves e valores (um por linha: Nome: valor)")
	default:
		w = pick(en, "one value", "um valor")
	}
	return fmt.Sprintf(pick(en, "line %s: %s where %s goes", "linha %s: %s onde vai %s"), line, g, w)
}

// MappingColumnNoField: a mapping's column whose field (target) port does not have; meant is
// the field it names in another case, "" for none.
func (l Lang) MappingColumnNoField(column, target, port, meant string) string {
	return fmt.Sprintf(pick(l == EN, "--mapping: column %q → %q: %s has no such field", "--mapping: coluna %q → %q: %s não tem esse campo"), column, target, port) + l.meantField(meant)
}

// MappingConstantNoSuchField: a mapping's constant for a field port does not have; meant as
// MappingColumnNoField's.
func (l Lang) MappingConstantNoSuchField(path, port, meant string) string {
	return fmt.Sprintf(pick(l == EN, "--mapping: constant %s: %s has no such field", "--mapping: constante %s: %s não tem esse campo"), path, port) + l.meantField(meant)
}

func (l Lang) meantField(meant string) string {
	if meant == "" {
		return ""
	}
	return " (" + l.FlagMeant([]string{meant}) + ")"
}

// MappingConstantBad: a mapping's constant its field cannot take (reason).
func (l Lang) MappingConstantBad(path, value, reason string) string {
	return fmt.Sprintf(pick(l == EN, "--mapping: constant %s=%q: %s", "--mapping: constante %s=%q: %s"), path, value, reason)
}
