//go:build ignore

// gen writes a migration of every set the importer knows into DIR (arg 1), ~140,000 rows,
// and DIR/../expected.json: every good record as Senior should hold it, and every input row
// with whether it is good (must land) or bad (must be absent and named in the report).
// go run scripts/chaos/gen.go /tmp/chaos-w/in (from the repository root)
package main

import (
	"encoding/json"
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

type rec struct {
	Values map[string]string              `json:"values"`
	Sets   map[string][]map[string]string `json:"sets,omitempty"`
}

type rowRef struct {
	File  string `json:"file"`
	Sheet string `json:"sheet"`
	Row   int    `json:"row"`
	Good  bool   `json:"good"`
	Key   string `json:"key"`
}

type expected struct {
	Records map[string]map[string]*rec `json:"records"` // port → key → record
	Rows    []rowRef                   `json:"rows"`
}

var (
	dir string
	exp = expected{Records: map[string]map[string]*rec{}}
)

func put(port, key string, r *rec) {
	if exp.Records[port] == nil {
		exp.Records[port] = map[string]*rec{}
	}
	exp.Records[port][key] = r
}

func row(file, sheet string, n int, good bool, key string) {
	exp.Rows = append(exp.Rows, rowRef{file, sheet, n, good, key})
}

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

func write(name string, b []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		log.Fatal(err)
	}
}

// money formats cents as Senior's Double with 2 decimals, and as a pt-BR "R$ 1.234,56".
func money(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }
func brl(c int64) string {
	ip := fmt.Sprint(c / 100)
	var b strings.Builder
	for i, ch := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(ch)
	}
	return fmt.Sprintf("R$ %s,%02d", b.String(), c%100)
}

var meses = []string{"jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"}

func categorias() {
	// Despesa: UTF-8 BOM, ";", CRLF; bad: no key every 997th.
	c := &csvFile{sep: ";", crlf: true}
	c.row("CategoriaDespesaId", "CategoriaDespesaDescricao", "CategoriaDespesaEmpresaId")
	for i := 1; i <= 10000; i++ {
		id := fmt.Sprintf("D-%06d", i)
		desc := fmt.Sprintf("Despesa nº %d – Ação & São João <%d>", i, i%7)
		typed := desc
		if i%10 == 0 {
			typed = "\u00a0 " + desc + "  " // trimmed
		}
		good := i%997 != 0
		if !good {
			id = ""
		} else {
			put("setCategoriaDespesa", id, &rec{Values: map[string]string{"CategoriaDespesaId": id, "CategoriaDespesaDescricao": desc, "CategoriaDespesaEmpresaId": "1"}})
		}
		c.row(id, typed, "1")
		row("setCategoriaDespesa.csv", "", i+1, good, id)
	}
	write("setCategoriaDespesa.csv", append([]byte("\ufeff"), c.text()...))

	// Produto: ",", quoted fields with commas and inch marks; bad: a vertical tab every 1009th.
	c = &csvFile{sep: ","}
	c.row("CategoriaProdutoId", "CategoriaProdutoDescricao", "CategoriaProdutoEmpresaId")
	for i := 1; i <= 10000; i++ {
		id := fmt.Sprintf("P-%06d", i)
		desc := fmt.Sprintf(`Peças, linha %d: parafusos 3/4" e porcas`, i)
		good := i%1009 != 0
		if !good {
			desc = "Peças\vlinha " + fmt.Sprint(i)
		} else {
			put("setCategoriaProduto", id, &rec{Values: map[string]string{"CategoriaProdutoId": id, "CategoriaProdutoDescricao": desc, "CategoriaProdutoEmpresaId": "2"}})
		}
		c.row(id, desc, "2")
		row("setCategoriaProduto.csv", "", i+1, good, id)
	}
	write("setCategoriaProduto.csv", []byte(c.text()))

	// Serviço: Windows-1252, ";", CRLF; bad: no key every 1013th.
	c = &csvFile{sep: ";", crlf: true}
	c.row("CategoriaServicoId", "CategoriaServicoDescricao", "CategoriaServicoEmpresaId")
	for i := 1; i <= 10000; i++ {
		id := fmt.Sprintf("S-%06d", i)
		desc := fmt.Sprintf("Manutenção preventiva nº %d — inspeção “NR-12” €", i)
		good := i%1013 != 0
		if !good {
			id = ""
		} else {
			put("setCategoriaServico", id, &rec{Values: map[string]string{"CategoriaServicoId": id, "CategoriaServicoDescricao": desc, "CategoriaServicoEmpresaId": "1"}})
		}
		c.row(id, desc, "1")
		row("setCategoriaServico.csv", "", i+1, good, id)
	}
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(c.text()))
	if err != nil {
		log.Fatal(err)
	}
	write("setCategoriaServico.csv", b)
}

func compromissos() {
	c := &csvFile{sep: ";"}
	c.row("CompromissosId", "CompromissosEmpresaId", "CompromissosUsuarioId", "CompromissosAssunto", "CompromissosData",
		"CompromissosHoraInicio", "CompromissosContaId", "CompromissosDuracao", "CompromissosLocal", "CompromissosDescricao")
	for i := 1; i <= 15000; i++ {
		id := fmt.Sprintf("C-%06d", i)
		d := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%700)
		want := d.Format("02/01/2006")
		var typed string
		switch i % 4 {
		case 0:
			typed = want
		case 1:
			typed = d.Format("2006-01-02")
		case 2:
			typed = fmt.Sprintf("%02d/%s/%d", d.Day(), meses[d.Month()-1], d.Year())
		case 3:
			typed = d.Format("2006/01/02")
		}
		h, m := 7+i%11, (i*7)%60
		wantH := fmt.Sprintf("%02d:%02d", h, m)
		var typedH string
		switch i % 3 {
		case 0:
			typedH = wantH
		case 1:
			typedH = fmt.Sprintf("%dh%02d", h, m)
		case 2:
			typedH = fmt.Sprintf("%d:%02d", h, m)
		}
		good := true
		if i%1019 == 0 {
			typed, good = "31/02/2027", false
		}
		if i%1021 == 0 {
			typedH, good = "25:00", false
		}
		assunto := fmt.Sprintf("Visita técnica nº %d: conceição", i)
		desc := fmt.Sprintf("Revisão do contrato; cláusula %d", i)
		if good {
			put("setCompromissos", id, &rec{Values: map[string]string{"CompromissosId": id, "CompromissosEmpresaId": "1", "CompromissosUsuarioId": fmt.Sprint(7 + i%3),
				"CompromissosAssunto": assunto, "CompromissosData": want, "CompromissosHoraInicio": wantH, "CompromissosContaId": fmt.Sprint(200001 + i%10000),
				"CompromissosDuracao": fmt.Sprint(30 + i%90), "CompromissosLocal": "Joinville/SC", "CompromissosDescricao": desc}})
		}
		c.row(id, "1", fmt.Sprint(7+i%3), assunto, typed, typedH, fmt.Sprint(200001+i%10000), fmt.Sprint(30+i%90), "Joinville/SC", desc)
		row("setCompromissos.csv", "", i+1, good, id)
	}
	write("setCompromissos.csv", []byte(c.text()))
}

func cnpj(base string, wrong bool) string {
	dv := values.CNPJCheckDigits(base)
	if wrong {
		dv = dv[:1] + string('0'+(dv[1]-'0'+1)%10)
	}
	s := base + dv
	return s[0:2] + "." + s[2:5] + "." + s[5:8] + "/" + s[8:12] + "-" + s[12:14]
}

func cpf(base string, wrong bool) string {
	dv := values.CPFCheckDigits(base)
	if wrong {
		dv = dv[:1] + string('0'+(dv[1]-'0'+1)%10)
	}
	s := base + dv
	return s[0:3] + "." + s[3:6] + "." + s[6:9] + "-" + s[9:11]
}

type streamBook struct {
	f                 *excelize.File
	date, money, text int
	qty, vlr          int
}

func newStreamBook() *streamBook {
	f := excelize.NewFile()
	b := &streamBook{f: f}
	mk := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil {
			log.Fatal(err)
		}
		return id
	}
	fmtp := func(s string) *string { return &s }
	b.date = mk(&excelize.Style{CustomNumFmt: fmtp("dd/mm/yyyy")})
	b.money = mk(&excelize.Style{CustomNumFmt: fmtp(`"R$" #,##0.00`)})
	b.text = mk(&excelize.Style{NumFmt: 49})
	b.qty = mk(&excelize.Style{CustomNumFmt: fmtp("#,##0.00###")})
	return b
}

func (b *streamBook) sheet(name string, head []string, rows func(emit func([]any))) {
	f := b.f
	if idx, _ := f.GetSheetIndex(name); idx < 0 {
		if _, err := f.NewSheet(name); err != nil {
			log.Fatal(err)
		}
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		log.Fatal(err)
	}
	h := make([]any, len(head))
	for i, s := range head {
		h[i] = s
	}
	if err := sw.SetRow("A1", h); err != nil {
		log.Fatal(err)
	}
	n := 1
	rows(func(r []any) {
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, r); err != nil {
			log.Fatal(err)
		}
	})
	if err := sw.Flush(); err != nil {
		log.Fatal(err)
	}
}

func (b *streamBook) save(name string) {
	if idx, _ := b.f.GetSheetIndex("Sheet1"); idx >= 0 {
		b.f.DeleteSheet("Sheet1")
	}
	b.f.SetActiveSheet(0)
	if err := b.f.SaveAs(filepath.Join(dir, name)); err != nil {
		log.Fatal(err)
	}
}

func contas() {
	b := newStreamBook()
	b.f.SetSheetName("Sheet1", "contas")
	bad := map[int]bool{}
	b.sheet("contas", []string{"ContaIdERP", "ContaEmpresaId", "ContaRazaoSocial", "ContaTipoPessoaId", "ContaEndereco", "ContaCep",
		"ContaCnpj", "ContaCpf", "ContaAniversario", "ContaEmail", "ContaObservacoes"}, func(emit func([]any)) {
		for i := 1; i <= 10000; i++ {
			id := fmt.Sprint(200000 + i)
			good := i%503 != 0
			bad[i] = !good
			tp := "J"
			var cn, cp string
			if i%5 == 0 {
				tp = "F"
				cp = cpf(fmt.Sprintf("%09d", 100000000+i*37), !good)
			} else {
				cn = cnpj(fmt.Sprintf("%08d0001", 10000000+i*91), !good)
			}
			d := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*3)
			razao := fmt.Sprintf("Indústria Ação & Conceição %d Ltda", i)
			cep := fmt.Sprintf("%05d-%03d", 10000+i, i%1000)
			v := map[string]string{"ContaIdERP": id, "ContaEmpresaId": "1", "ContaRazaoSocial": razao, "ContaTipoPessoaId": tp,
				"ContaEndereco": "Rua São José, " + fmt.Sprint(i), "ContaCep": cep, "ContaAniversario": d.Format("02/01/2006"),
				"ContaEmail": fmt.Sprintf("conta%d@exemplo.com.br", i), "ContaObservacoes": "Observação: “aspas” e ½"}
			if cn != "" {
				v["ContaCnpj"] = cn
			} else {
				v["ContaCpf"] = cp
			}
			r := &rec{Values: v}
			if i%2 == 0 {
				r.Sets = map[string][]map[string]string{"ContaResponsavel": {{"ContasResponsavelUsuarioId": fmt.Sprint(7 + i%5), "ContasResponsavelGrupoId": "2"}}}
			}
			if good {
				put("setContas", id, r)
			}
			var cnv, cpv any
			if cn != "" {
				cnv = excelize.Cell{StyleID: b.text, Value: cn}
			}
			if cp != "" {
				cpv = excelize.Cell{StyleID: b.text, Value: cp}
			}
			emit([]any{excelize.Cell{StyleID: b.text, Value: id}, excelize.Cell{StyleID: b.text, Value: "1"}, razao, tp, v["ContaEndereco"],
				excelize.Cell{StyleID: b.text, Value: cep}, cnv, cpv, excelize.Cell{StyleID: b.date, Value: d}, v["ContaEmail"], v["ContaObservacoes"]})
			row("setContas.xlsx", "contas", i+1, good, id)
		}
	})
	b.sheet("ContaResponsavel", []string{"ContaIdERP", "ContasResponsavelUsuarioId", "ContasResponsavelGrupoId"}, func(emit func([]any)) {
		n := 1
		for i := 2; i <= 10000; i += 2 {
			n++
			emit([]any{excelize.Cell{StyleID: b.text, Value: fmt.Sprint(200000 + i)}, excelize.Cell{StyleID: b.text, Value: fmt.Sprint(7 + i%5)}, excelize.Cell{StyleID: b.text, Value: "2"}})
			row("setContas.xlsx", "ContaResponsavel", n, !bad[i], fmt.Sprint(200000+i))
		}
	})
	b.save("setContas.xlsx")
}

// item values of quote q, item s.
type item struct {
	seq        int
	codPro     string
	date       time.Time
	qtdMilli   int64 // thousandths
	vlrUniTenK int64 // ten-thousandths
	bruCents   int64
	uniMed     string
}

func items(q int) []item {
	n := 1 + q%4
	var out []item
	for s := 1; s <= n; s++ {
		qtd := int64(1000 + (q*s)%9000) // 1.000..9.999
		if s%2 == 0 {
			qtd = int64(((q+s)%50)+1) * 1000
		}
		uni := int64(12345 + (q*7+s*13)%900000) // 1.2345..
		bru := qtd * uni / 100000               // cents
		out = append(out, item{seq: s, codPro: fmt.Sprintf("%05d", (q*s)%100000), date: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (q+s)%300),
			qtdMilli: qtd, vlrUniTenK: uni, bruCents: bru, uniMed: []string{"UN", "M", "KG", "L"}[s%4]})
	}
	return out
}

func fix(n int64, scale int, want int) string { // n / 10^scale with want decimals
	p := int64(1)
	for i := 0; i < scale; i++ {
		p *= 10
	}
	frac := fmt.Sprintf("%0*d", scale, n%p)
	frac += strings.Repeat("0", want-scale)
	return fmt.Sprintf("%d.%s", n/p, frac)
}

func ptBR(n int64, scale int) string { // n / 10^scale as pt-BR, no thousands
	p := int64(1)
	for i := 0; i < scale; i++ {
		p *= 10
	}
	return fmt.Sprintf("%d,%0*d", n/p, scale, n%p)
}

func quoteRec(num int, desc string, its []item) *rec {
	var tot int64
	var sets []map[string]string
	for _, it := range its {
		tot += it.bruCents
		sets = append(sets, map[string]string{"seqOci": fmt.Sprint(it.seq), "codPro": it.codPro, "datOci": it.date.Format("02/01/2006"),
			"qtdOci": fix(it.qtdMilli, 3, 5), "uniMed": it.uniMed, "vlrUni": fix(it.vlrUniTenK, 4, 10), "oriUni": "D",
			"vlrBru": money(it.bruCents), "vlrLiq": money(it.bruCents)})
	}
	return &rec{Values: map[string]string{"tipOpe": "1", "codEmp": "1", "numOct": fmt.Sprint(num), "verOct": "1", "desOct": desc,
		"codCli": fmt.Sprint(200001 + num%10000), "codCpg": "030", "vlrBru": money(tot), "vlrLiq": money(tot)}, Sets: map[string][]map[string]string{"itens": sets}}
}

func total(its []item) int64 {
	var t int64
	for _, it := range its {
		t += it.bruCents
	}
	return t
}

// orcamentosA: a workbook, sheets orcamento and itens; numbers as number cells. Bad: every
// 401st quote has an item dated 31/02/2027 (text); every 409th is an alter of a quote Senior
// does not have (rejected).
func orcamentosA() {
	b := newStreamBook()
	b.f.SetSheetName("Sheet1", "orcamento")
	const file = "GravarOrcamentos-a.xlsx"
	type qinfo struct {
		good bool
		its  []item
	}
	qs := map[int]qinfo{}
	b.sheet("orcamento", []string{"tipOpe", "codEmp", "numOct", "verOct", "desOct", "codCli", "codCpg", "vlrBru", "vlrLiq"}, func(emit func([]any)) {
		for q := 1; q <= 8000; q++ {
			num := 100000 + q
			its := items(q)
			good := q%401 != 0 && q%409 != 0
			qs[q] = qinfo{good, its}
			desc := fmt.Sprintf("Orçamento %d – manutenção “linha 3” & peças <São João>", num)
			tip := "1"
			if q%409 == 0 {
				tip = "2"
			}
			t := total(its)
			emit([]any{tip, 1, num, 1, desc, 200001 + num%10000, excelize.Cell{StyleID: b.text, Value: "030"},
				excelize.Cell{StyleID: b.money, Value: float64(t) / 100}, excelize.Cell{StyleID: b.money, Value: float64(t) / 100}})
			if good {
				put("GravarOrcamentos", fmt.Sprintf("1/%d/1", num), quoteRec(num, desc, its))
			}
			row(file, "orcamento", q+1, good, fmt.Sprintf("1/%d/1", num))
		}
	})
	b.sheet("itens", []string{"codEmp", "numOct", "verOct", "seqOci", "codPro", "datOci", "qtdOci", "uniMed", "vlrUni", "oriUni", "vlrBru", "vlrLiq"}, func(emit func([]any)) {
		n := 1
		for q := 1; q <= 8000; q++ {
			num := 100000 + q
			for _, it := range qs[q].its {
				n++
				var dv any = excelize.Cell{StyleID: b.date, Value: it.date}
				if q%401 == 0 && it.seq == 1 {
					dv = "31/02/2027"
				}
				emit([]any{1, num, 1, it.seq, excelize.Cell{StyleID: b.text, Value: it.codPro}, dv, excelize.Cell{StyleID: b.qty, Value: float64(it.qtdMilli) / 1000},
					it.uniMed, float64(it.vlrUniTenK) / 10000, "D", excelize.Cell{StyleID: b.money, Value: float64(it.bruCents) / 100}, excelize.Cell{StyleID: b.money, Value: float64(it.bruCents) / 100}})
				row(file, "itens", n, qs[q].good, fmt.Sprintf("1/%d/1", num))
			}
		}
	})
	b.save(file)
}

// orcamentosB: a CSV with dotted item columns; money "R$ 1.234,56". Bad: every 397th quote has
// an item quantity with 6 decimals.
func orcamentosB() {
	const file = "GravarOrcamentos-b.csv"
	c := &csvFile{sep: ";"}
	c.row("tipOpe", "codEmp", "numOct", "verOct", "desOct", "codCli", "codCpg", "vlrBru", "vlrLiq",
		"itens.seqOci", "itens.codPro", "itens.datOci", "itens.qtdOci", "itens.uniMed", "itens.vlrUni", "itens.oriUni", "itens.vlrBru", "itens.vlrLiq")
	n := 1
	for q := 1; q <= 8000; q++ {
		num := 200000 + q
		its := items(q + 7)
		good := q%397 != 0
		desc := fmt.Sprintf("Reforma do quadro nº %d; São João – “urgente”", num)
		t := total(its)
		for _, it := range its {
			n++
			qtd := ptBR(it.qtdMilli, 3)
			if !good && it.seq == 1 {
				qtd = "1,123456"
			}
			c.row("1", "1", fmt.Sprint(num), "1", desc, fmt.Sprint(200001+num%10000), "030", brl(t), brl(t),
				fmt.Sprint(it.seq), it.codPro, it.date.Format("02/01/2006"), qtd, it.uniMed, ptBR(it.vlrUniTenK, 4), "D", brl(it.bruCents), brl(it.bruCents))
			row(file, "", n, good, fmt.Sprintf("1/%d/1", num))
		}
		if good {
			put("GravarOrcamentos", fmt.Sprintf("1/%d/1", num), quoteRec(num, desc, its))
		}
	}
	write(file, []byte(c.text()))
}

// orcamentosC: two files, the quotes and GravarOrcamentos-c.itens.csv beside them. Bad: every
// 389th quote has a description of 95 characters.
func orcamentosC() {
	const file = "GravarOrcamentos-c.csv"
	c := &csvFile{sep: ";"}
	it := &csvFile{sep: ";"}
	c.row("tipOpe", "codEmp", "numOct", "verOct", "desOct", "codCli", "codCpg", "vlrBru", "vlrLiq")
	it.row("codEmp", "numOct", "verOct", "seqOci", "codPro", "datOci", "qtdOci", "uniMed", "vlrUni", "oriUni", "vlrBru", "vlrLiq")
	n := 1
	for q := 1; q <= 6000; q++ {
		num := 300000 + q
		its := items(q + 13)
		good := q%389 != 0
		desc := fmt.Sprintf("Instalação elétrica %d: açougue, padaria & cia", num)
		if !good {
			desc += strings.Repeat("ã", 95-len([]rune(desc)))
		}
		t := total(its)
		c.row("1", "1", fmt.Sprint(num), "1", desc, fmt.Sprint(200001+num%10000), "030", brl(t), brl(t))
		row(file, "", q+1, good, fmt.Sprintf("1/%d/1", num))
		for _, x := range its {
			n++
			it.row("1", fmt.Sprint(num), "1", fmt.Sprint(x.seq), x.codPro, x.date.Format("02/01/2006"), ptBR(x.qtdMilli, 3), x.uniMed,
				ptBR(x.vlrUniTenK, 4), "D", brl(x.bruCents), brl(x.bruCents))
			row("GravarOrcamentos-c.itens.csv", "", n, good, fmt.Sprintf("1/%d/1", num))
		}
		if good {
			put("GravarOrcamentos", fmt.Sprintf("1/%d/1", num), quoteRec(num, desc, its))
		}
	}
	write(file, []byte(c.text()))
	write("GravarOrcamentos-c.itens.csv", []byte(it.text()))
}

func main() {
	dir = os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	categorias()
	compromissos()
	contas()
	orcamentosA()
	orcamentosB()
	orcamentosC()
	b, _ := json.Marshal(exp)
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "expected.json"), b, 0o644); err != nil {
		log.Fatal(err)
	}
	good := 0
	for _, r := range exp.Rows {
		if r.Good {
			good++
		}
	}
	fmt.Printf("rows %d (good %d, bad %d)\n", len(exp.Rows), good, len(exp.Rows)-good)
}
