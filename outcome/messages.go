package outcome

import (
	"fmt"
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

// Decimals: more decimal places than the field's format allows.
func (l Lang) Decimals(places, scale int, format string) string {
	if l == EN {
		return fmt.Sprintf("has %d decimal places; the field takes %d (%s); --round half-even or half-up rounds it", places, scale, format)
	}
	return fmt.Sprintf("tem %d casas decimais; o campo aceita %d (%s); --round half-even ou half-up arredonda", places, scale, format)
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

// --- Assembly (invalid rows and files) ---

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
			fmt.Fprintf(&b, "value %q", p.Value)
		} else {
			fmt.Fprintf(&b, "valor %q", p.Value)
		}
	}
	if b.Len() == 0 {
		return p.Reason
	}
	return b.String() + ": " + p.Reason
}

// Problems joins a row's problems into its report message.
func (l Lang) Problems(ps []Problem) string {
	texts := make([]string, len(ps))
	for i, p := range ps {
		texts[i] = l.Problem(p)
	}
	return strings.Join(texts, "; ")
}

// RowAtFault: a valid row of an invalid record names the rows at fault.
func (l Lang) RowAtFault(rows string) string {
	if l == EN {
		return fmt.Sprintf("record invalid because of row(s) %s", rows)
	}
	return fmt.Sprintf("registro inválido por causa da(s) linha(s) %s", rows)
}

func (l Lang) DuplicateColumn(where, first, second, field string) string {
	if l == EN {
		return fmt.Sprintf("%s: columns %q and %q both name field %s", where, first, second, field)
	}
	return fmt.Sprintf("%s: as colunas %q e %q indicam o mesmo campo %s", where, first, second, field)
}

func (l Lang) UnknownColumnsStrict(where, columns string) string {
	if l == EN {
		return fmt.Sprintf("%s: columns that name no field (--strict): %s", where, columns)
	}
	return fmt.Sprintf("%s: colunas que não correspondem a nenhum campo (--strict): %s", where, columns)
}

func (l Lang) ParentColumnsMissing(where, columns string) string {
	if l == EN {
		return fmt.Sprintf("%s: the columns naming the parent record are missing (%s)", where, columns)
	}
	return fmt.Sprintf("%s: faltam as colunas que identificam o registro pai (%s)", where, columns)
}

func (l Lang) MissingColumns(file, columns string) string {
	if l == EN {
		return fmt.Sprintf("%s: required columns are missing: %s", file, columns)
	}
	return fmt.Sprintf("%s: faltam colunas obrigatórias: %s", file, columns)
}

func (l Lang) Orphan(key string) string {
	if l == EN {
		return fmt.Sprintf("no record with key %s: a child row with no parent", key)
	}
	return fmt.Sprintf("nenhum registro com a chave %s: linha filha sem registro pai", key)
}

func (l Lang) ErrorCell(code string) string {
	if l == EN {
		return fmt.Sprintf("the cell holds an Excel error (%s)", code)
	}
	return fmt.Sprintf("a célula contém um erro do Excel (%s)", code)
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

func (l Lang) LooksUTF8() string {
	if l == EN {
		return "UTF-8 text in a file read as Windows-1252 (it would reach Senior garbled: Ã§ for ç); read it with --charset utf-8"
	}
	return "texto UTF-8 num arquivo lido como Windows-1252 (chegaria ao Senior estragado: Ã§ por ç); leia-o com --charset utf-8"
}

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

func (l Lang) ColumnsIgnored(where, port, columns string) string {
	if l == EN {
		return fmt.Sprintf("%s: columns ignored, they name no field of %s: %s", where, port, columns)
	}
	return fmt.Sprintf("%s: colunas ignoradas, não correspondem a nenhum campo de %s: %s", where, port, columns)
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
// MayHaveLandedStopped: the run stopped after the record's request was written, before an
// answer confirmed it.
func (l Lang) MayHaveLandedStopped(reason string) string {
	if l == EN {
		return "may have been stored: the request went out, then " + reason
	}
	return "pode ter sido gravado: o envio foi feito, depois " + reason
}

// Redirected: an endpoint answered a later request with a redirect, which is never followed.
func (l Lang) Redirected(location string) string {
	if l == EN {
		return fmt.Sprintf("Senior's endpoint answered with a redirect to %q, which is not followed (the password would go there)", location)
	}
	return fmt.Sprintf("o endpoint do Senior respondeu redirecionando para %q, o que não é seguido (a senha iria junto)", location)
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

func (l Lang) AbortedCertificate() string {
	if l == EN {
		return "not sent: Senior's endpoint presented a certificate that is not trusted (give its CA with --ca-file)"
	}
	return "não enviado: o endpoint do Senior apresentou um certificado não confiável (informe a CA com --ca-file)"
}

func (l Lang) AbortedRedirect(location string) string {
	if l == EN {
		return fmt.Sprintf("not sent: the endpoint redirects to %q; check --endpoint (redirects are never followed)", location)
	}
	return fmt.Sprintf("não enviado: o endpoint redireciona para %q; confira --endpoint (redirecionamentos nunca são seguidos)", location)
}

func (l Lang) Unreachable(since time.Time) string {
	if l == EN {
		return fmt.Sprintf("not sent: Senior unreachable since %s (--give-up-after)", since.Format("15:04"))
	}
	return fmt.Sprintf("não enviado: Senior inacessível desde %s (--give-up-after)", since.Format("15:04"))
}

func (l Lang) ReadingStopped(file string) string {
	if l == EN {
		return fmt.Sprintf("not sent: reading %s stopped (see the log)", file)
	}
	return fmt.Sprintf("não enviado: a leitura de %s parou (veja o log)", file)
}

// Finishing is shown on interrupt while requests are still in flight.
func (l Lang) Finishing(inFlight int, grace time.Duration) string {
	if l == EN {
		return fmt.Sprintf("finishing %d requests in flight (up to %s); interrupt again to stop now", inFlight, grace)
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

// Charsets heads the list of CSV inputs and the charset each was read in.
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
func (l Lang) ReconciliationRows(file string, rows, sent, accepted int) string {
	if l == EN {
		return fmt.Sprintf("%s: %d rows, %d sent, %d accepted", file, rows, sent, accepted)
	}
	return fmt.Sprintf("%s: %d linhas, %d enviadas, %d aceitas", file, rows, sent, accepted)
}

// ReconciliationSums: one money column's sums, already written as the language reads them.
func (l Lang) ReconciliationSums(column, field, read, sent, accepted string) string {
	if l == EN {
		return fmt.Sprintf("%s (%s): read %s · sent %s · accepted %s", column, field, read, sent, accepted)
	}
	return fmt.Sprintf("%s (%s): lido %s · enviado %s · aceito %s", column, field, read, sent, accepted)
}

// Unreadable: cells of a money column that held no number and are in no sum.
func (l Lang) Unreadable(n int) string {
	if l == EN {
		return fmt.Sprintf("%d cell(s) without a number, left out of the sums", n)
	}
	return fmt.Sprintf("%d célula(s) sem número, fora das somas", n)
}

// TotalCheck: a file's own totals cell against the sum read.
func (l Lang) TotalCheck(cell, value string, matches bool, read string) string {
	switch {
	case l == EN && matches:
		return fmt.Sprintf("sheet total %s = %s: matches", cell, value)
	case l == EN:
		return fmt.Sprintf("sheet total %s = %s: does not match the sum read (%s)", cell, value, read)
	case matches:
		return fmt.Sprintf("total da planilha %s = %s: confere", cell, value)
	}
	return fmt.Sprintf("total da planilha %s = %s: não confere com a soma lida (%s)", cell, value, read)
}

// Matches is the yes/no of a totals check in the summary sheet.
func (l Lang) Matches(ok bool) string {
	switch {
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
		return []string{"File", "Column", "Field", "Rows", "Rows sent", "Rows accepted", "Sum read", "Sum sent", "Sum accepted", "Cells without a number", "Sheet total", "Total cell", "Check"}
	}
	return []string{"Arquivo", "Coluna", "Campo", "Linhas", "Linhas enviadas", "Linhas aceitas", "Soma lida", "Soma enviada", "Soma aceita", "Células sem número", "Total da planilha", "Célula do total", "Conferência"}
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
		return []string{"Rows read", "Records", "Rows sent", "Requests in flight at the end", "Exit code"}
	}
	return []string{"Linhas lidas", "Registros", "Linhas enviadas", "Envios simultâneos ao final", "Código de saída"}
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

func (l Lang) ReportAt(path string) string {
	if l == EN {
		return "report: " + path
	}
	return "relatório: " + path
}

func (l Lang) RowsToFixAt(dir string) string {
	if l == EN {
		return "rows to fix and import again: " + dir
	}
	return "linhas para corrigir e importar de novo: " + dir
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
