package pipeline

import (
	"fmt"
	"strings"
)

// Row messages a finance user reads are Portuguese by default; --lang en switches them.
var messages = map[string][2]string{ // key → {pt, en}
	"landed":               {"já gravado no Senior (confirmado por consulta após falha de comunicação)", "already stored in Senior (confirmed by read-back after a transport fault)"},
	"deleted":              {"excluído (confirmado por consulta: o orçamento não existe mais)", "deleted (confirmed by read-back: the quote no longer exists)"},
	"unknown":              {"pode ter sido gravado: a consulta de confirmação também falhou", "may have been stored: the confirming read-back failed too"},
	"unknownAsync":         {"pode ter sido gravado: falha de comunicação após o envio, e o modo assíncrono/agendado não permite consulta", "may have been stored: transport fault after sending, and async/scheduled mode allows no read-back"},
	"failed":               {"falha de comunicação persistiu após as tentativas", "transport errors outlasted the retries"},
	"interrupted":          {"não enviado: a execução foi interrompida", "not sent: the run was interrupted"},
	"interruptedInFlight":  {"interrompido durante o envio", "interrupted while sending"},
	"aborted":              {"não enviado: a execução parou (login recusado)", "not sent: the run stopped (login refused)"},
	"noID":                 {"o Senior não devolveu idRegistro", "Senior returned no idRegistro"},
	"noResposta":           {"o Senior não devolveu resposta para este registro", "Senior returned no resposta for this record"},
	"rowAtFault":           {"registro inválido por causa da(s) linha(s) %s", "record invalid because of row(s) %s"},
	"valid":                {"", ""},
	"dupColumn":            {"%s: as colunas %q e %q indicam o mesmo campo %s", "%s: columns %q and %q both name field %s"},
	"unknownColumnsStrict": {"%s: colunas que não correspondem a nenhum campo (--strict): %s", "%s: columns that name no field (--strict): %s"},
	"parentColumns":        {"%s: faltam as colunas que identificam o registro pai (%s)", "%s: the columns naming the parent record are missing (%s)"},
	"missingColumns":       {"%s: faltam colunas obrigatórias: %s", "%s: required columns are missing: %s"},
	"orphan":               {"nenhum registro com a chave %s: linha filha sem registro pai", "no record with key %s: a child row with no parent"},
	"errorCell":            {"a célula contém um erro do Excel (%s)", "the cell holds an Excel error (%s)"},
	"parentDiffers":        {"difere da linha %v do mesmo registro (%q): as colunas do registro pai devem se repetir iguais", "differs from row %v of the same record (%q): the parent's columns must repeat unchanged"},
	"noKey":                {"registro sem chave: %s vazio", "record without its key: %s empty"},
	"keyRepeats":           {"%s: as linhas da chave %s já foram dadas ao registro da linha %v; a chave não pode se repetir quando os conjuntos estão em planilhas próprias", "%s: the rows of key %s were already given to the record at row %v; a key must not repeat when its sets are in their own sheets"},
	"noParentCols":         {"%s sem as colunas de %s que o identificam", "%s without the columns of %s that identify its parent"},
	"noChildKey":           {"%s sem chave (%s vazio)", "%s without its key (%s empty)"},
	"dupChild":             {"%s com chave %s repetida (já na linha %v)", "%s key %s repeated (already on row %v)"},
	"noParentChild":        {"filho sem pai: não há %s com chave %s neste registro", "child with no parent: no %s with key %s in this record"},
	"required":             {"campo obrigatório %s vazio", "required field %s is empty"},
}

func msg(lang, key string, err error) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if err != nil {
		s += ": " + err.Error()
	}
	return s
}

func msgf(lang, key string, args ...any) string {
	m := messages[key]
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	return fmt.Sprintf(s, args...)
}

func joinProblems(ps []string) string { return strings.Join(ps, "; ") }
