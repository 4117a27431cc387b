//go:build ignore

// generate writes every sample input of samples/ (run from the repository root:
// `go run samples/generate.go`); the files are committed, so run it only after changing it.
//
// It writes:
//
//	setCategoriaDespesa.csv                UTF-8 with BOM, ";", CRLF
//	setCategoriaProduto.csv                UTF-8, ",", quoted fields
//	setCategoriaProduto-coluna-errada.csv  UTF-8, ";": a misnamed column (the whole file is invalid)
//	setCategoriaServico.csv                Windows-1252, ";", CRLF: as Excel in Portuguese saves
//	                                       "CSV (separado por vírgulas)"
//	setCompromissos.csv                    UTF-8, ";"
//	setContas.xlsx                         contas + ContaResponsavel, ContaCaracteristica,
//	                                       ContaAreaInteresse sheets
//	GravarOrcamentos-nov.xlsx              as finance keeps it: a title and a "Preparado por"
//	                                       line above the header (row 4), a hidden row, percent
//	                                       and currency cells, a TOTAL row with =SUM under the
//	                                       data; sheets itens, valoresComplementares,
//	                                       componentes, operacoes, observacoes
//	GravarOrcamentos-dez.csv               UTF-8, ";": items as dotted headers (itens.codPro)
//	GravarOrcamentos-dez.observacoes.csv   its observations, a set file beside it
//	CarregarOrcamentos.csv                 the read ports, asking for quotes the files above
//	CarregarOrcamentos_3.csv               store
//	CalculaImpostosOrcamento.csv
//
// Every file mixes good rows with a few deliberately bad ones; samples/README.md lists each
// bad row with what the importer says of it, and pipeline's TestRunEveryPortAgainstSimulator
// checks that exactly those rows come out invalid or rejected. The CNPJs and CPFs get their
// check digits from package values (the bad ones get wrong digits on purpose).
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"seniorimporter/values"
)

const dir = "samples"

func main() {
	for _, w := range []func() error{
		categoriaDespesa, categoriaProduto, categoriaProdutoColunaErrada, categoriaServico,
		compromissos, contas, orcamentosNov, orcamentosDez, leituras,
	} {
		if err := w(); err != nil {
			log.Fatal(err)
		}
	}
}

// --- CNPJ and CPF, with their check digits ---

// cnpj formats a CNPJ from its first 12 characters (digits, or capital letters for the
// alphanumeric CNPJ issued from July 2026) with the check digits the importer computes; wrong
// adds 1 to the last digit: a typo.
func cnpj(base string, wrong bool) string {
	s := base + typo(values.CNPJCheckDigits(base), wrong)
	return s[0:2] + "." + s[2:5] + "." + s[5:8] + "/" + s[8:12] + "-" + s[12:14]
}

// cpf formats a CPF from its first 9 digits, adding the check digits.
func cpf(base string, wrong bool) string {
	s := base + typo(values.CPFCheckDigits(base), wrong)
	return s[0:3] + "." + s[3:6] + "." + s[6:9] + "-" + s[9:11]
}

// typo adds 1 to the last of two check digits when wrong.
func typo(dv string, wrong bool) string {
	if !wrong {
		return dv
	}
	return dv[:1] + string('0'+(dv[1]-'0'+1)%10)
}

// --- CSV ---

// csvFile is a CSV file's text: lines of fields joined by sep, quoted where needed.
type csvFile struct {
	sep   string
	crlf  bool
	lines []string
}

func (c *csvFile) row(fields ...string) {
	q := make([]string, len(fields))
	for i, f := range fields {
		if strings.ContainsAny(f, c.sep+"\"\r\n") {
			f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
		q[i] = f
	}
	c.lines = append(c.lines, strings.Join(q, c.sep))
}

func (c *csvFile) text() string {
	nl := "\n"
	if c.crlf {
		nl = "\r\n"
	}
	return strings.Join(c.lines, nl) + nl
}

func write(name string, b []byte) error {
	return os.WriteFile(filepath.Join(dir, name), b, 0o644)
}

// categoriaDespesa: UTF-8 with a BOM (as Excel's "CSV UTF-8" saves), ";" and CRLF. Bad row:
// one without its id.
func categoriaDespesa() error {
	c := &csvFile{sep: ";", crlf: true}
	c.row("CategoriaDespesaId", "CategoriaDespesaDescricao", "CategoriaDespesaEmpresaId")
	c.row("DESP-001", "Viagens e hospedagem", "1")
	c.row("DESP-002", "Alimentação em serviço", "1")
	c.row("DESP-003", "Combustível & pedágios", "1")
	c.row("DESP-004", "Manutenção de veículos", "1")
	c.row("", "Material de escritório <papelaria>", "1")
	c.row("DESP-006", "Cursos e certificações", "1")
	return write("setCategoriaDespesa.csv", append([]byte("\uFEFF"), c.text()...))
}

// categoriaProduto: UTF-8 without a BOM, "," with quoted fields (a comma, an inch mark). Bad
// row: a description pasted from a PDF with a vertical tab in it, which XML (and so Senior)
// cannot carry.
func categoriaProduto() error {
	c := &csvFile{sep: ","}
	c.row("CategoriaProdutoId", "CategoriaProdutoDescricao", "CategoriaProdutoEmpresaId")
	c.row("PROD-01", "Máquinas e equipamentos", "1")
	c.row("PROD-02", "Peças de reposição, linha pesada", "1")
	c.row("PROD-03", "Parafusos 3/4\" e porcas", "1")
	c.row("PROD-04", "Insumos agrícolas", "1")
	c.row("PROD-05", "Tubos de aço\vgalvanizado", "1")
	return write("setCategoriaProduto.csv", []byte(c.text()))
}

// categoriaProdutoColunaErrada: a column named as a person would ("Categoria Descrição"),
// not as Senior's field: every row of the file is invalid, the message naming the field it
// may have meant. Kept apart and small so the rest of the demo imports.
func categoriaProdutoColunaErrada() error {
	c := &csvFile{sep: ";"}
	c.row("CategoriaProdutoId", "Categoria Descrição", "CategoriaProdutoEmpresaId")
	c.row("PROD-06", "Ferramentas manuais", "1")
	c.row("PROD-07", "Embalagens e etiquetas", "1")
	return write("setCategoriaProduto-coluna-errada.csv", []byte(c.text()))
}

// categoriaServico: Windows-1252, ";" and CRLF, as Excel in Portuguese saves "CSV (separado
// por vírgulas)". Bad row: the id missing.
func categoriaServico() error {
	c := &csvFile{sep: ";", crlf: true}
	c.row("CategoriaServicoId", "CategoriaServicoDescricao", "CategoriaServicoEmpresaId")
	c.row("SERV-01", "Manutenção preventiva", "1")
	c.row("SERV-02", "Instalação e montagem", "1")
	c.row("", "Consultoria técnica", "1")
	c.row("SERV-04", "Calibração de instrumentos", "1")
	c.row("SERV-05", "Inspeção de segurança (NR-12)", "1")
	b, err := charmap.Windows1252.NewEncoder().String(c.text())
	if err != nil {
		return err
	}
	return write("setCategoriaServico.csv", []byte(b))
}

// compromissos: UTF-8, ";", dates typed as text in several ways. Bad rows: an impossible date,
// an impossible hour, a date typed month first.
func compromissos() error {
	c := &csvFile{sep: ";"}
	c.row("CompromissosId", "CompromissosEmpresaId", "CompromissosUsuarioId", "CompromissosAssunto", "CompromissosData",
		"CompromissosHoraInicio", "CompromissosContaId", "CompromissosDuracao", "CompromissosLocal", "CompromissosDescricao")
	c.row("COMP-001", "1", "7", "Visita técnica", "15/12/2026", "09:30", "10001", "60", "Joinville/SC", "Revisão do contrato de manutenção")
	c.row("COMP-002", "1", "7", "Reunião de orçamento", "2026-12-16", "14:00", "10002", "30", "Blumenau/SC", "Apresentar a proposta 2001")
	c.row("COMP-003", "1", "8", "Treinamento da equipe", "31/02/2026", "10:00", "10001", "120", "Online", "Treinamento no novo painel")
	c.row("COMP-004", "1", "8", "Almoço com cliente", "17/12/2026", "25:00", "10003", "90", "Itajaí/SC", "Restaurante Conceição")
	c.row("COMP-005", "1", "7", "Entrega de equipamento", "18/12/26", "8:00", "10004", "45", "São João del-Rei/MG", "Levar nota fiscal e manual")
	c.row("COMP-006", "1", "8", "Renovação de contrato", "12/21/2026", "16:30", "10002", "60", "Blumenau/SC", "Data digitada mês primeiro")
	return write("setCompromissos.csv", []byte(c.text()))
}

// --- XLSX ---

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// book is a workbook being written, with the styles a finance user would give it.
type book struct {
	f                                    *excelize.File
	head, date, money, pct, text, qty, n int
	title, note                          int
}

func newBook() (*book, error) {
	f := excelize.NewFile()
	// Fixed properties: a workbook written again is the same file.
	when := "2026-11-28T09:00:00Z"
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "Controladoria", Created: when, Modified: when, Language: "pt-BR"}); err != nil {
		return nil, err
	}
	b := &book{f: f}
	styles := []struct {
		to *int
		s  *excelize.Style
	}{
		{&b.head, &excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 11}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}}},
		{&b.date, &excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")}},
		{&b.money, &excelize.Style{CustomNumFmt: ptr(`"R$" #,##0.00`)}},
		{&b.pct, &excelize.Style{NumFmt: 10}},  // 0.00%
		{&b.text, &excelize.Style{NumFmt: 49}}, // @: Excel keeps the text typed (00123)
		{&b.qty, &excelize.Style{CustomNumFmt: ptr("#,##0.00###")}},
		{&b.n, &excelize.Style{}},
		{&b.title, &excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 14}}},
		{&b.note, &excelize.Style{Font: &excelize.Font{Italic: true, Family: "Calibri", Size: 11, Color: "595959"}}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(s.s)
		if err != nil {
			return nil, err
		}
		*s.to = id
	}
	return b, nil
}

// col is a column of a sheet: its header, width and the style of its cells.
type col struct {
	head  string
	width float64
	style int
}

// sheet writes a header at row top and the rows under it. A value's type picks its cell:
// numbers are number cells, time.Time a date cell, strings text cells.
func (b *book) sheet(name string, top int, cols []col, rows [][]any) error {
	f := b.f
	if idx, _ := f.GetSheetIndex(name); idx < 0 {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	for j, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(j+1, top)
		if err := f.SetCellStr(name, cell, c.head); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, b.head); err != nil {
			return err
		}
		letter, _ := excelize.ColumnNumberToName(j + 1)
		width := max(c.width, float64(len(c.head))*1.2+1) // a bold header fits its column
		if err := f.SetColWidth(name, letter, letter, width); err != nil {
			return err
		}
	}
	for i, row := range rows {
		for j, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, top+1+i)
			if err := f.SetCellValue(name, cell, v); err != nil {
				return err
			}
			style := cols[j].style
			if _, ok := v.(time.Time); ok {
				style = b.date
			}
			if style != 0 {
				if err := f.SetCellStyle(name, cell, cell, style); err != nil {
					return err
				}
			}
		}
	}
	// Printed as finance prints it: landscape, every column on one page's width.
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}); err != nil {
		return err
	}
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: fmt.Sprintf("A%d", top+1), ActivePane: "bottomLeft"})
}

func (b *book) save(name string) error {
	if idx, _ := b.f.GetSheetIndex("Sheet1"); idx >= 0 {
		if err := b.f.DeleteSheet("Sheet1"); err != nil {
			return err
		}
	}
	b.f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := b.f.Write(&buf); err != nil {
		return err
	}
	if err := b.f.Close(); err != nil {
		return err
	}
	return write(name, buf.Bytes())
}

// contas: four sheets. Bad rows of contas: a CNPJ and a CPF with wrong check digits, a CEP of
// 7 digits, a CEP that was a number cell and lost its leading zero (01310-100 → 1310100), an
// e-mail pasted with its display name; of ContaResponsavel: a responsible for a conta that is
// not in the file.
func contas() error {
	b, err := newBook()
	if err != nil {
		return err
	}
	if err := b.f.SetSheetName("Sheet1", "contas"); err != nil {
		return err
	}
	cols := []col{
		{"ContaIdERP", 11, b.text}, {"ContaEmpresaId", 9, b.text}, {"ContaRazaoSocial", 38, 0}, {"ContaFantasia", 20, 0},
		{"ContaTipoPessoaId", 8, b.text}, {"ContaEndereco", 28, 0}, {"ContaNumero", 8, b.text}, {"ContaBairro", 16, 0},
		{"ContaCidadeId", 10, b.text}, {"ContaCep", 11, b.text}, {"ContaCnpj", 20, b.text}, {"ContaCpf", 16, b.text},
		{"ContaAniversario", 12, b.date}, {"ContaTelefone", 16, b.text}, {"ContaEmail", 28, 0}, {"ContaEmailFinanceiro", 30, 0},
		{"ContaObservacoes", 30, 0},
	}
	rows := [][]any{
		{"10001", "1", "Indústria Ação Ltda", "Ação", "J", "Rua XV de Novembro", "1234", "Centro", "4209102", "89201-000",
			cnpj("844176320001", false), nil, date(1998, 3, 15), "(47) 3433-4444", "contato@industriaacao.com.br", "financeiro@industriaacao.com.br", "Cliente desde 1998"},
		{"10002", "1", "Comércio São João & Filhos Ltda", "São João", "J", "Av. Brasil", "50", "Vila Nova", "4202404", "89010-100",
			cnpj("278657570001", false), nil, date(2005, 7, 1), "(47) 3222-1111", "compras@saojoao.com.br", "", ""},
		{"10003", "1", "Maria da Conceição Souza", "", "F", "Rua das Flores", "7", "Garcia", "4202404", "89020-000",
			nil, cpf("529982247", false), date(1980, 2, 29), "(47) 99999-0000", "maria.conceicao@example.com.br", "", "Pessoa física"},
		{"10004", "1", "Tecnologia Avançada Araújo S.A.", "TecAraújo", "J", "Av. Paulista", "1578", "Bela Vista", "3550308", "01310-200",
			cnpj("12ABC34501DE", false), nil, date(2026, 7, 1), "(11) 3030-4040", "ti@tecaraujo.com.br", "", "CNPJ alfanumérico (2026)"},
		{"10005", "1", "Distribuidora Paraná de Alimentos Ltda", "DPA", "J", "Rua Marechal Deodoro", "880", "Centro", "4106902", "80010-010",
			cnpj("459974180001", true), nil, nil, "(41) 3322-5566", "contato@dpa.com.br", "", "CNPJ com dígito errado"},
		{"10006", "1", "José Antônio Pereira", "", "F", "Rua Getúlio Vargas", "15", "Centro", "3162500", "36300-000",
			nil, cpf("123456789", true), date(1975, 11, 20), "(32) 98888-7777", "jose.pereira@example.com.br", "", "CPF com dígito errado"},
		{"10007", "1", "Supermercado Conceição Ltda", "Conceição", "J", "Rua Direita", "200", "Centro", "3117504", "3586-000",
			cnpj("334455660001", false), nil, nil, "(31) 3868-1000", "contato@superconceicao.com.br", "", "CEP com 7 algarismos"},
		{"10008", "1", "Padaria Pão Paulista Ltda", "Pão Paulista", "J", "Rua Augusta", "2100", "Jardins", "3550308", 1310100,
			cnpj("556677880001", false), nil, nil, "(11) 3081-2020", "padaria@paopaulista.com.br", "", "CEP digitado como número"},
		{"10009", "1", "Ótica São Sebastião Eireli", "Ótica São Sebastião", "J", "Rua Sete de Setembro", "33", "Centro", "4205407", "88010-060",
			cnpj("667788990001", false), nil, nil, "(48) 3224-5050", "Márcia Lopes <marcia@oticass.com.br>", "", "E-mail colado do Outlook"},
	}
	if err := b.sheet("contas", 1, cols, rows); err != nil {
		return err
	}
	resp := []col{{"ContaIdERP", 11, b.text}, {"ContasResponsavelUsuarioId", 14, b.text}, {"ContasResponsavelGrupoId", 14, b.text}}
	if err := b.sheet("ContaResponsavel", 1, resp, [][]any{
		{"10001", "7", "2"},
		{"10001", "8", "2"},
		{"10002", "7", "3"},
		{"10004", "9", "3"},
		{"10010", "7", "2"}, // no conta 10010 in the file: a child without its parent
	}); err != nil {
		return err
	}
	car := []col{{"ContaIdERP", 11, b.text}, {"ContaCaracteristicaIdCaracteristica", 14, b.text}, {"ContaCaracteristicaDetalheId", 12, b.text},
		{"ContaCaracteristicaQuantidade", 12, b.text}, {"ContaCaracteristicaDataDesde", 14, b.date}, {"ContaCaracteristicaObservacoes", 30, 0}}
	if err := b.sheet("ContaCaracteristica", 1, car, [][]any{
		{"10001", "3", "1", "12", date(2020, 1, 10), "Frota própria: 12 caminhões"},
		{"10002", "4", "2", "3", date(2018, 6, 1), "Três lojas na região"},
	}); err != nil {
		return err
	}
	area := []col{{"ContaIdERP", 11, b.text}, {"ContaAreaInteresseTipoInteresseId", 14, b.text}, {"ContaAreaInteresseAreaId", 12, b.text},
		{"ContaAreaInteresseObservacoes", 30, 0}}
	if err := b.sheet("ContaAreaInteresse", 1, area, [][]any{
		{"10001", "1", "5", "Automação de envase"},
		{"10004", "2", "8", "Integração com o ERP"},
	}); err != nil {
		return err
	}
	return b.save("setContas.xlsx")
}

// orcamentosNov: the orçamentos of November as finance keeps them. The orcamento sheet has a
// title, a "Preparado por" line and a blank row above the header (row 4), a hidden row (6),
// percent (perDsc) and currency (vlrBru, vlrLiq) cells, a notes column (#), and a TOTAL row
// with =SUM under the data (with its cached value, as Excel saves it). Bad records: 1003 an
// alter of a quote Senior does not have; 1004 a discount typed "12.50"; 1005 an item due on
// 31/02/2026; 1006 a description too long for String(090); 1007 a sitApr not in the list;
// 1008 no tipOpe; 1009 an item's vlrBru with 4 decimals (a formula's result, shown rounded);
// 1010 a complementary value of an item the quote does not have.
func orcamentosNov() error {
	b, err := newBook()
	if err != nil {
		return err
	}
	f := b.f
	const sh = "orcamento"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	cols := []col{
		{"tipOpe", 12, 0}, {"codEmp", 8, b.n}, {"numOct", 9, b.n}, {"verOct", 7, b.n}, {"desOct", 46, 0},
		{"codCli", 9, b.n}, {"codCpg", 8, b.text}, {"sitApr", 8, b.text}, {"perDsc", 9, b.pct},
		{"vlrBru", 15, b.money}, {"vlrLiq", 15, b.money}, {"somFre", 7, b.text}, {"# conferido por", 16, 0},
	}
	long := "Fornecimento e instalação de painel elétrico de comando para a linha de envase 3 da unidade São João, com testes"
	rows := [][]any{
		{"1 - Incluir", 1, 1001, 1, "Manutenção preventiva – Indústria Ação (linha de envase)", 10001, "030", "APR", 0.05, 48350.0, 47582.5, "S", "Ana"},
		{"1 - Incluir", 1, 1002, 1, "Peças de reposição & serviços – São João", 10002, "A VIS", "APR", 0.0, 1234.56, 1234.56, "N", "Ana"},
		{"2 - Alterar", 1, 1003, 1, "Revisão do orçamento de outubro", 10003, "030", "ANA", 0.0, 980.0, 980.0, "N", "Bruno"},
		{"1 - Incluir", 1, 1004, 1, "Calibração de balanças", 10004, "030", "APR", "12.50", 2200.0, 1925.0, "N", "Bruno"},
		{"1 - Incluir", 1, 1005, 1, "Conserto de esteira transportadora", 10001, "060", "ANA", 0.0, 3500.0, 3500.0, "N", "Carla"},
		{"1 - Incluir", 1, 1006, 1, long, 10002, "030", "APR", 0.025, 18900.0, 18427.5, "N", "Carla"},
		{"1 - Incluir", 1, 1007, 1, "Troca de rolamentos", 10004, "030", "OK", 0.0, 640.0, 640.0, "N", "Ana"},
		{nil, 1, 1008, 1, "Inspeção de segurança NR-12", 10001, "030", "APR", 0.0, 1500.0, 1500.0, "N", "Bruno"},
		{"1 - Incluir", 1, 1009, 1, "Mangueiras hidráulicas", 10002, "030", "APR", 0.0, 1234.57, 1234.57, "N", "Carla"},
		{"1 - Incluir", 1, 1010, 1, "Pintura epóxi do piso", 10003, "090", "PRE", 0.1, 7600.0, 6840.0, "N", "Ana"},
	}
	if err := b.sheet(sh, 4, cols, rows); err != nil {
		return err
	}
	if err := f.SetCellStr(sh, "A1", "Orçamentos de novembro/2026 — Filial Joinville"); err != nil {
		return err
	}
	if err := f.MergeCell(sh, "A1", "H1"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", "A1", b.title); err != nil {
		return err
	}
	if err := f.SetCellStr(sh, "A2", "Preparado por: Ana Conceição Ribeiro (Controladoria), 28/11/2026"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A2", "A2", b.note); err != nil {
		return err
	}
	if err := f.SetRowVisible(sh, 6, false); err != nil { // 1002, hidden by whoever checked it
		return err
	}
	// TOTAL under a blank row: the sums of the number cells, as Excel caches them.
	total := len(rows) + 6
	if err := f.SetCellStr(sh, fmt.Sprintf("A%d", total), "TOTAL"); err != nil {
		return err
	}
	for j, c := range []string{"J", "K"} {
		sum := sumExact(rows, 9+j)
		cell := fmt.Sprintf("%s%d", c, total)
		if err := f.SetCellValue(sh, cell, sum); err != nil {
			return err
		}
		if err := f.SetCellFormula(sh, cell, fmt.Sprintf("SUM(%s5:%s%d)", c, c, total-2)); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, cell, cell, b.money); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, fmt.Sprintf("A%d", total), fmt.Sprintf("A%d", total), b.head); err != nil {
		return err
	}

	item := []col{
		{"codEmp", 8, b.n}, {"numOct", 9, b.n}, {"verOct", 7, b.n}, {"seqOci", 7, b.n}, {"codPro", 12, b.text}, {"codDer", 8, b.text},
		{"datOci", 12, b.date}, {"qtdOci", 10, b.qty}, {"uniMed", 7, b.text}, {"vlrUni", 14, b.money}, {"oriUni", 8, b.text},
		{"vlrBru", 14, b.money}, {"vlrIvc", 12, b.money}, {"vlrLiq", 14, b.money}, {"obsOci", 34, 0},
	}
	if err := b.sheet("itens", 1, item, [][]any{
		{1, 1001, 1, 1, "00123", "U", date(2026, 12, 15), 2.0, "UN", 12500.0, "D", 25000.0, 1350.0, 26350.0, "Painel com inversor de frequência"},
		{1, 1001, 1, 2, "00456", "", date(2026, 12, 15), 10.0, "UN", 1735.0, "V", 17350.0, 300.0, 17650.0, ""},
		{1, 1001, 1, 3, 789, "", date(2026, 12, 20), 4.5, "M", 1333.3333333333, "D", 6000.0, 0.0, 6000.0, "Cabo flexível 10 mm² — código digitado como número"},
		{1, 1002, 1, 1, "PRD-77", "", date(2026, 12, 5), 1.0, "UN", 1234.56, "D", 1234.56, 0.0, 1234.56, ""},
		{1, 1003, 1, 1, "PRD-88", "", date(2026, 12, 1), 1.0, "UN", 980.0, "D", 980.0, 0.0, 980.0, ""},
		{1, 1004, 1, 1, "SRV-010", "", date(2026, 12, 10), 4.0, "UN", 550.0, "D", 2200.0, 0.0, 2200.0, "Balanças rodoviárias"},
		{1, 1005, 1, 1, "SRV-020", "", "31/02/2026", 1.0, "UN", 3500.0, "D", 3500.0, 0.0, 3500.0, "Data digitada como texto"},
		{1, 1006, 1, 1, "PNL-300", "", date(2027, 1, 20), 1.0, "UN", 18900.0, "D", 18900.0, 0.0, 18900.0, ""},
		{1, 1007, 1, 1, "ROL-6205", "", date(2026, 12, 3), 8.0, "UN", 80.0, "D", 640.0, 0.0, 640.0, ""},
		{1, 1008, 1, 1, "SRV-012", "", date(2026, 12, 8), 1.0, "UN", 1500.0, "D", 1500.0, 0.0, 1500.0, ""},
		{1, 1009, 1, 1, "MNG-025", "", date(2026, 12, 9), 15.0, "M", 82.3045, "D", 1234.5675, 0.0, 1234.57, "vlrBru = quantidade × preço (fórmula)"},
		{1, 1010, 1, 1, "SRV-050", "", date(2027, 1, 15), 380.0, "M2", 20.0, "D", 7600.0, 0.0, 7600.0, "Área do galpão 2"},
	}); err != nil {
		return err
	}
	vc := []col{
		{"codEmp", 8, b.n}, {"numOct", 9, b.n}, {"verOct", 7, b.n}, {"seqOci", 7, b.n}, {"codTvc", 9, b.text}, {"desTvc", 24, 0},
		{"tipTvc", 7, b.text}, {"vlrIvc", 13, b.money}, {"perTvc", 8, b.pct}, {"somTvc", 7, b.text},
	}
	if err := b.sheet("valoresComplementares", 1, vc, [][]any{
		{1, 1001, 1, 1, "FRETE", "Frete até Joinville", "D", 850.0, nil, "S"},
		{1, 1001, 1, 1, "SEGURO", "Seguro de transporte", "C", 500.0, 0.02, "S"},
		{1, 1001, 1, 2, "FRETE", "Frete até Joinville", "D", 300.0, nil, "S"},
		{1, 1010, 1, 2, "FRETE", "Frete (item que não existe)", "D", 200.0, nil, "S"},
	}); err != nil {
		return err
	}
	cmp := []col{
		{"codEmp", 8, b.n}, {"numOct", 9, b.n}, {"verOct", 7, b.n}, {"seqOci", 7, b.n}, {"seqCmn", 7, b.n}, {"codCmp", 12, b.text},
		{"derCmp", 8, b.text}, {"qtdUti", 10, b.qty}, {"vlrUni", 14, b.money}, {"oriUni", 7, b.text}, {"vlrTot", 14, b.money},
	}
	if err := b.sheet("componentes", 1, cmp, [][]any{
		{1, 1001, 1, 1, 1, "INV-075", "U", 1.0, 7200.0, "C", 7200.0},
		{1, 1001, 1, 1, 2, "DJ-3P40", "", 3.0, 410.0, "C", 1230.0},
	}); err != nil {
		return err
	}
	opr := []col{
		{"codEmp", 8, b.n}, {"numOct", 9, b.n}, {"verOct", 7, b.n}, {"seqOci", 7, b.n}, {"seqOmn", 7, b.n}, {"codOpr", 9, b.text},
		{"tmpPrp", 9, b.qty}, {"vlrUni", 14, b.money}, {"vlrTot", 14, b.money}, {"oriUni", 7, b.text},
	}
	if err := b.sheet("operacoes", 1, opr, [][]any{
		{1, 1001, 1, 1, 1, "MONT", 6.5, 180.0, 1170.0, "T"},
		{1, 1001, 1, 1, 2, "TESTE", 2.0, 180.0, 360.0, "T"},
	}); err != nil {
		return err
	}
	obs := []col{
		{"codEmp", 8, b.n}, {"numOct", 9, b.n}, {"verOct", 7, b.n}, {"seqObs", 7, b.n}, {"tipObs", 7, b.text}, {"obsOct", 50, 0}, {"obsDat", 12, b.date},
	}
	if err := b.sheet("observacoes", 1, obs, [][]any{
		{1, 1001, 1, 1, "M", "Entregar na portaria 2; ligar antes para o Sr. João.", date(2026, 11, 28)},
		{1, 1001, 1, 2, "M", "Instalação aos sábados, das 8h às 12h.", date(2026, 11, 28)},
		{1, 1002, 1, 1, "M", "Cliente retira no balcão.", date(2026, 11, 27)},
	}); err != nil {
		return err
	}
	return b.save("GravarOrcamentos-nov.xlsx")
}

// sumExact adds a column's number cells as Excel would show their sum (to 4 decimals, enough
// for these values), without float64 drift.
func sumExact(rows [][]any, j int) float64 {
	var n int64
	for _, r := range rows {
		if v, ok := r[j].(float64); ok {
			n += int64(v*10000 + 0.5)
		}
	}
	return float64(n) / 10000
}

// orcamentosDez: December's orçamentos as a CSV, items as dotted headers (one item per line,
// the quote's columns repeated), money typed as "R$ 1.234,56", dates as text; observations in a
// set file beside it. Bad: 2003 a quantity with 6 decimals (qtdOci takes 5); an observation of
// quote 2009, which the file does not have.
func orcamentosDez() error {
	c := &csvFile{sep: ";"}
	c.row("tipOpe", "codEmp", "numOct", "verOct", "desOct", "codCli", "codCpg", "vlrBru", "vlrLiq",
		"itens.seqOci", "itens.codPro", "itens.datOci", "itens.qtdOci", "itens.uniMed", "itens.vlrUni", "itens.oriUni", "itens.vlrBru", "itens.vlrLiq")
	c.row("1", "1", "2001", "1", "Reforma do quadro de distribuição – São João", "10002", "030", "R$ 12.450,00", "R$ 12.450,00",
		"1", "QD-100", "15/12/2026", "1", "UN", "R$ 9.800,00", "D", "R$ 9.800,00", "R$ 9.800,00")
	c.row("1", "1", "2001", "1", "Reforma do quadro de distribuição – São João", "10002", "030", "R$ 12.450,00", "R$ 12.450,00",
		"2", "00789", "15/12/2026", "2,5", "M", "R$ 1.060,00", "D", "R$ 2.650,00", "R$ 2.650,00")
	c.row("1", "1", "2002", "1", "Ação corretiva no compressor", "10001", "A VIS", "R$ 3.275,90", "R$ 3.275,90",
		"1", "SRV-030", "22/12/2026", "1", "UN", "R$ 3.275,90", "D", "R$ 3.275,90", "R$ 3.275,90")
	c.row("1", "1", "2003", "1", "Óleo lubrificante a granel", "10004", "030", "R$ 1.851,85", "R$ 1.851,85",
		"1", "OLE-068", "18/12/2026", "123,456789", "L", "R$ 15,00", "D", "R$ 1.851,85", "R$ 1.851,85")
	c.row("1", "1", "2004", "1", "Conceição: visita técnica e laudo", "10003", "030", "R$ 890,00", "R$ 890,00",
		"1", "SRV-040", "05/01/2027", "1", "UN", "R$ 890,00", "D", "R$ 890,00", "R$ 890,00")
	if err := write("GravarOrcamentos-dez.csv", []byte(c.text())); err != nil {
		return err
	}
	o := &csvFile{sep: ";"}
	o.row("codEmp", "numOct", "verOct", "seqObs", "tipObs", "obsOct", "obsDat")
	o.row("1", "2001", "1", "1", "M", "Desligar a energia com 48 h de aviso.", "01/12/2026")
	o.row("1", "2004", "1", "1", "M", "Laudo assinado por engenheiro (ART).", "02/12/2026")
	o.row("1", "2009", "1", "1", "M", "Observação de um orçamento que não está no arquivo.", "02/12/2026")
	return write("GravarOrcamentos-dez.observacoes.csv", []byte(o.text()))
}

// leituras: the read ports, asking for quotes stored above (the run sends the orçamentos
// before the read ports). Bad: quotes and items Senior does not have (1003's alter was
// refused; 1004 was invalid, never sent; no item 9).
func leituras() error {
	c := &csvFile{sep: ";"}
	c.row("codEmp", "numOct", "verOct")
	c.row("1", "1001", "1")
	c.row("1", "2001", "1")
	c.row("1", "1004", "1")
	if err := write("CarregarOrcamentos.csv", []byte(c.text())); err != nil {
		return err
	}
	c = &csvFile{sep: ";"}
	c.row("codEmp", "numOct", "verOct")
	c.row("1", "1002", "1")
	c.row("1", "1003", "1")
	if err := write("CarregarOrcamentos_3.csv", []byte(c.text())); err != nil {
		return err
	}
	c = &csvFile{sep: ";"}
	c.row("codEmp", "numOct", "verOct", "seqOci")
	c.row("1", "1001", "1", "1")
	c.row("1", "1001", "1", "2")
	c.row("1", "2001", "1", "2")
	c.row("1", "1001", "1", "9")
	return write("CalculaImpostosOrcamento.csv", []byte(c.text()))
}

func ptr[T any](v T) *T { return &v }
