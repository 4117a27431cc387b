//go:build ignore

// generate writes the XLSX samples of samples/ (run from the repository root:
// `go run samples/generate.go`). The CSV samples are hand-written text files. The workbooks
// mix real cell types, as finance users' files do: numeric cells, date-styled cells, text
// that looks like numbers (CNPJ, "00123"), and a pt-BR decimal typed as text.
package main

import (
	"log"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	if err := orcamentos("samples/GravarOrcamentos-nov.xlsx"); err != nil {
		log.Fatal(err)
	}
	if err := contas("samples/setContas.xlsx"); err != nil {
		log.Fatal(err)
	}
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func fill(f *excelize.File, sheet string, rows [][]any, dateStyle int) error {
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if v == nil {
				continue
			}
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
			if _, ok := v.(time.Time); ok {
				if err := f.SetCellStyle(sheet, cell, cell, dateStyle); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func orcamentos(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	ds, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "orcamento"); err != nil {
		return err
	}
	// Quote 1001: include with two items; 1002: include with one item and an observation;
	// 1003: an alter of a quote that does not exist (Senior rejects it); 1004: invalid
	// (perDsc "12.50" is ambiguous in pt-BR); 1005: invalid item (impossible date).
	head := []any{"tipOpe", "codEmp", "numOct", "verOct", "desOct", "codCli", "codCpg", "perDsc", "vlrBru", "vlrLiq", "somFre", "# observação interna"}
	rows := [][]any{head,
		{"Incluir", 1, 1001, 1, "Orçamento de manutenção – Indústria Ação Ltda", 10001, "30D", "5,00", 35000.2, "33.250,19", "Sim", "cliente antigo"},
		{1, 1, 1002, 1, "Peças de reposição & serviços", 10002, "A VISTA", nil, 1234.56, 1234.56, "N", ""},
		{"Alterar", 1, 1003, 1, "Alteração de orçamento inexistente", 10003, "30D", nil, 100, 100, "N", "Senior recusa: não existe"},
		{"Incluir", 1, 1004, 1, "Desconto ambíguo", 10004, "30D", "12.50", 200, 175, "N", "12.50 é ambíguo em pt-BR"},
		{"Incluir", 1, 1005, 1, "Item com data impossível", 10005, "30D", nil, 50, 50, "N", ""},
	}
	if err := fill(f, "orcamento", rows, ds); err != nil {
		return err
	}
	if _, err := f.NewSheet("itens"); err != nil {
		return err
	}
	items := [][]any{
		{"codEmp", "numOct", "verOct", "seqOci", "codPro", "codDer", "datOci", "qtdOci", "uniMed", "vlrUni", "oriUni", "obsOci"},
		{1, 1001, 1, 1, "00123", "U", date(2026, 12, 15), 2, "UN", "12345678901,1234567891", "Digitado", "valor com 10 decimais"},
		{1, 1001, 1, 2, "PRD-77", "", date(2026, 12, 20), 1.5, "KG", 350.2, "D", ""},
		{1, 1002, 1, 1, "PRD-88", "", "31/12/2026", 10, "UN", "R$ 123,456", "V", ""},
		{1, 1003, 1, 1, "PRD-99", "", date(2026, 12, 1), 1, "UN", 100, "D", ""},
		{1, 1004, 1, 1, "PRD-10", "", date(2026, 12, 1), 1, "UN", 200, "D", ""},
		{1, 1005, 1, 1, "PRD-11", "", "31/02/2026", 1, "UN", 50, "D", ""},
	}
	if err := fill(f, "itens", items, ds); err != nil {
		return err
	}
	if _, err := f.NewSheet("observacoes"); err != nil {
		return err
	}
	obs := [][]any{
		{"codEmp", "numOct", "verOct", "seqObs", "tipObs", "obsOct", "obsDat"},
		{1, 1002, 1, 1, "Manual", "Entregar na portaria 2; ligar antes.", date(2026, 11, 30)},
	}
	if err := fill(f, "observacoes", obs, ds); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func contas(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	ds, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "contas"); err != nil {
		return err
	}
	rows := [][]any{
		{"ContaIdERP", "ContaEmpresaId", "ContaRazaoSocial", "ContaFantasia", "ContaTipoPessoaId", "ContaEndereco", "ContaNumero", "ContaBairro", "ContaCidadeId", "ContaCep", "ContaCnpj", "ContaAniversario", "ContaTelefone", "ContaEmail"},
		{"10001", "1", "Indústria Ação Ltda", "Ação", "J", "Rua XV de Novembro", "1234", "Centro", "4209102", "89201-000", "12.345.678/0001-95", date(1998, 3, 15), "(47) 3333-4444", "contato@acao.com.br"},
		{"10002", "1", "Comércio São João & Filhos", "São João", "J", "Av. Brasil", "50", "Vila Nova", "4202404", "89010-100", "98.765.432/0001-10", "01/07/2005", "(47) 3222-1111", "financeiro@saojoao.com.br"},
		{"10003", "1", "Maria da Conceição", "", "F", "Rua das Flores", "7", "Garcia", "4202404", "89020-000", "", "30/02/1980", "(47) 99999-0000", "maria@example.com"},
	}
	if err := fill(f, "contas", rows, ds); err != nil {
		return err
	}
	if _, err := f.NewSheet("ContaResponsavel"); err != nil {
		return err
	}
	resp := [][]any{
		{"ContaIdERP", "ContasResponsavelUsuarioId", "ContasResponsavelGrupoId"},
		{"10001", "7", "2"},
		{"10001", "8", "2"},
		{"10002", "7", "3"},
	}
	if err := fill(f, "ContaResponsavel", resp, ds); err != nil {
		return err
	}
	if _, err := f.NewSheet("ContaCaracteristica"); err != nil {
		return err
	}
	car := [][]any{
		{"ContaIdERP", "ContaCaracteristicaIdCaracteristica", "ContaCaracteristicaDetalheId", "ContaCaracteristicaQuantidade", "ContaCaracteristicaDataDesde", "ContaCaracteristicaObservacoes"},
		{"10001", "3", "1", "12", date(2020, 1, 10), "Frota própria"},
	}
	if err := fill(f, "ContaCaracteristica", car, ds); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func ptr[T any](v T) *T { return &v }
