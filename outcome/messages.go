package outcome

import (
	"fmt"
	"strings"
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

func (l Lang) NoSuchDate() string {
	if l == EN {
		return "is not a day of the calendar"
	}
	return "não é um dia do calendário"
}

func (l Lang) NotTime() string {
	if l == EN {
		return "is not a time of day (write HH:MM)"
	}
	return "não é uma hora do dia (escreva HH:MM)"
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
	if l == EN {
		return fmt.Sprintf("record invalid because of row(s) %s", l.Names(rows))
	}
	return fmt.Sprintf("registro inválido por causa da(s) linha(s) %s", l.Names(rows))
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

func (l Lang) ErrorCell(code string) string {
	if l == EN {
		return fmt.Sprintf("the cell holds an Excel error (%s)", code)
	}
	return fmt.Sprintf("a célula contém um erro do Excel (%s)", code)
}

// --- Rows the readers could not read as written (never sent) ---

func (l Lang) UnpairedQuote() string {
	if l == EN {
		return `unpaired quote: a field holds a quote (") that does not close, or text after its closing quote; put the field in quotes and double the quotes inside it ("3/4""")`
	}
	return `aspas sem par: um campo tem uma aspa (") que não fecha, ou texto depois da aspa que fecha; ponha o campo entre aspas e dobre as aspas de dentro ("3/4""")`
}

// InvalidBytes: bytes that are not UTF-8 in a file read as UTF-8; offset is the first, -1 unknown.
func (l Lang) InvalidBytes(offset int64) string {
	at := ""
	if offset >= 0 {
		if l == EN {
			at = fmt.Sprintf(" (byte %s of the file)", l.Count(int(offset)))
		} else {
			at = fmt.Sprintf(" (byte %s do arquivo)", l.Count(int(offset)))
		}
	}
	if l == EN {
		return "bytes that are not UTF-8" + at + ": the row was not sent, so as not to reach Senior garbled; save the file as CSV UTF-8"
	}
	return "bytes que não são UTF-8" + at + ": a linha não foi enviada, para não chegar ao Senior com caracteres trocados; salve o arquivo como CSV UTF-8"
}

func (l Lang) LooksUTF8() string {
	if l == EN {
		return "UTF-8 text (Ã§ where ç was meant) in a file read as Windows-1252: the row was not sent; save the whole file in one charset, or use --charset utf-8"
	}
	return "texto UTF-8 (Ã§ no lugar de ç) num arquivo lido como Windows-1252: a linha não foi enviada; salve o arquivo todo em um só formato, ou use --charset utf-8"
}

func (l Lang) LineTooLong(limit int) string {
	if l == EN {
		return fmt.Sprintf("line longer than %s bytes: not read", l.Count(limit))
	}
	return fmt.Sprintf("linha com mais de %s bytes: não foi lida", l.Count(limit))
}

func (l Lang) FieldTooLong(limit int) string {
	if l == EN {
		return fmt.Sprintf("a field of more than %s characters, a spreadsheet cell's limit", l.Count(limit))
	}
	return fmt.Sprintf("um campo com mais de %s caracteres, o limite de uma célula de planilha", l.Count(limit))
}

func (l Lang) TooManyColumns(limit int) string {
	if l == EN {
		return fmt.Sprintf("more than %s columns, a spreadsheet's limit", l.Count(limit))
	}
	return fmt.Sprintf("mais de %s colunas, o limite de uma planilha", l.Count(limit))
}

func (l Lang) RowTooLarge(limit int) string {
	if l == EN {
		return fmt.Sprintf("a row holding more than %s bytes of text: not read", l.Count(limit))
	}
	return fmt.Sprintf("uma linha com mais de %s bytes de texto: não foi lida", l.Count(limit))
}

func (l Lang) ParentDiffers(row int, first string) string {
	if l == EN {
		return fmt.Sprintf("differs from row %d of the same record (%q): the parent's columns must repeat unchanged", row, first)
	}
	return fmt.Sprintf("difere da linha %d do mesmo registro (%q): as colunas do registro pai devem se repetir iguais", row, first)
}

func (l Lang) NoKey(fields string) string {
	if l == EN {
		return fmt.Sprintf("record without its key: %s empty", fields)
	}
	return fmt.Sprintf("registro sem chave: %s vazio", fields)
}

func (l Lang) KeyRepeats(where, key string, row int) string {
	if l == EN {
		return fmt.Sprintf("%s: the rows of key %s were already given to the record at row %d; a key must not repeat when its sets are in their own sheets", where, key, row)
	}
	return fmt.Sprintf("%s: as linhas da chave %s já foram dadas ao registro da linha %d; a chave não pode se repetir quando os conjuntos estão em planilhas próprias", where, key, row)
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

// ReimportHoldsInput: the re-import folder is the folder of an input, whose files it would
// overwrite with their failed rows.
func (l Lang) ReimportHoldsInput(dir, input string) string {
	if l == EN {
		return fmt.Sprintf("--reimport %s holds the input %s: the failed rows would overwrite it; choose another folder", dir, input)
	}
	return fmt.Sprintf("--reimport %s contém a entrada %s: as linhas com problema a sobrescreveriam; escolha outra pasta", dir, input)
}

// --- Warnings about inputs (logged) ---

func (l Lang) HiddenSheetIgnored(sheet string) string {
	if l == EN {
		return fmt.Sprintf("hidden sheet %q ignored (name it with --sheet to read it)", sheet)
	}
	return fmt.Sprintf("planilha oculta %q ignorada (indique-a com --sheet para lê-la)", sheet)
}

func (l Lang) SheetIgnored(sheet, port string) string {
	if l == EN {
		return fmt.Sprintf("sheet %q ignored: it is named after no set of %s", sheet, port)
	}
	return fmt.Sprintf("planilha %q ignorada: seu nome não é o de nenhum conjunto de %s", sheet, port)
}

// ColumnsIgnored: with --ignore-unknown-columns, the columns that name no field.
func (l Lang) ColumnsIgnored(where, port string, columns []string) string {
	if l == EN {
		return fmt.Sprintf("%s: columns ignored, they name no field of %s: %s", where, port, l.Names(columns))
	}
	return fmt.Sprintf("%s: colunas ignoradas, não correspondem a nenhum campo de %s: %s", where, port, l.Names(columns))
}

// RowList lists row numbers for a warning: the first few, then how many more there are.
func (l Lang) RowList(rows []int, total int) string {
	parts := make([]string, len(rows), len(rows)+1)
	for i, r := range rows {
		parts[i] = fmt.Sprint(r)
	}
	if total > len(rows) {
		parts = append(parts, l.More(total-len(rows)))
	}
	return strings.Join(parts, ", ")
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
		return fmt.Sprintf("%s: column %q holds numbers where a code is expected (rows %s) and %s: Excel drops a number's leading zeros; if these codes had any, format the column as text and type them again", where, column, rows, why)
	}
	return fmt.Sprintf("%s: a coluna %q tem números onde se espera um código (linhas %s) e %s: o Excel apaga os zeros à esquerda de um número; se esses códigos tinham zeros, formate a coluna como texto e digite de novo", where, column, rows, why)
}

// DatesAsNumbers: 5-digit numbers that are date serials, in a text column that holds dates.
func (l Lang) DatesAsNumbers(where, column, rows string) string {
	if l == EN {
		return fmt.Sprintf("%s: column %q holds dates, and 5-digit numbers that look like dates Excel turned into numbers (rows %s); they are sent as those numbers: format the cells as dates (DD/MM/YYYY)", where, column, rows)
	}
	return fmt.Sprintf("%s: a coluna %q tem datas, e números de 5 algarismos que parecem datas que o Excel transformou em números (linhas %s); eles são enviados como esses números: formate as células como data (DD/MM/AAAA)", where, column, rows)
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

func (l Lang) MayHaveLandedNoReadBack(cause error) string {
	if l == EN {
		return withCause("may have been stored: transport fault after sending, and async/scheduled mode allows no read-back", cause)
	}
	return withCause("pode ter sido gravado: falha de comunicação após o envio, e o modo assíncrono/agendado não permite consulta", cause)
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

func (l Lang) AbortedLogin() string {
	if l == EN {
		return "not sent: the run stopped (login refused)"
	}
	return "não enviado: a execução parou (login recusado)"
}

// NoID: an answer without the element that carries the record's id (CRM idRegistro).
func (l Lang) NoID(element string) string {
	if l == EN {
		return fmt.Sprintf("Senior returned no %s", element)
	}
	return fmt.Sprintf("o Senior não devolveu %s", element)
}

func (l Lang) NoAnswerForRecord() string {
	if l == EN {
		return "Senior returned no answer for this record"
	}
	return "o Senior não devolveu resposta para este registro"
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
		Rejected: "rejeitadas pelo Senior", Invalid: "inválidas (não enviadas)", Failed: "falharam no envio",
		Unknown: "sem confirmação", NotSent: "não enviadas",
	}
	if l == EN {
		return en[k]
	}
	return pt[k]
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

func (l Lang) FrequentCauses() string {
	if l == EN {
		return "Most frequent causes:"
	}
	return "Causas mais frequentes:"
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
