package templates

import (
	"fmt"
	"strings"
)

// words are the template's texts in one language.
type words struct {
	help, lists                        string // sheet names
	required, optional                 string
	seniorFormat, seniorType           string
	date, crmDate, time                string
	decimal, over15, integer, intAny   string
	doubleAny, numericCode, textLength string
	numericCodeAny, codeKeeps          string
	textAny, crmText, textKeeps        string
	crmFields                          string
	list, listAlso                     string
	recordKey, setKey, parentKey       string
	listErrTitle, listErr              string

	title, about, product, howTitle, steps           string
	stepRecord, stepSet, stepRead                    string
	legend, legendRequired, legendOptional           string
	legendParent, legendRequiredText                 string
	legendOptionalText, legendParentText             string
	fields, sheetHead, oneRowPer                     string
	colField, colRequired, colFormat, colHow, colDes string
	example, exampleIntro, exampleSheet, exampleCol  string
	exampleRow, noExample, yes, no                   string
	footer                                           string
}

func wordsFor(lang string) *words {
	if lang == "en" {
		return &words{
			help: "Read me", lists: "Lists",
			required: "required", optional: "optional",
			seniorFormat: "Senior's format: %s", seniorType: "Senior documents only the name and the type (%s).",
			date: "Date: DD/MM/YYYY (e.g. 15/03/2025).", crmDate: "Date: DD/MM/YYYY (e.g. 15/03/2025); the importer sends it that way.",
			time:    "Time: HH:MM (e.g. 14:30).",
			decimal: "Number: up to %d digits before the decimal separator and %d decimal places (e.g. %s).",
			over15:  " Excel keeps only 15 digits: for more, type the value as text, starting with an apostrophe (').",
			integer: "Whole number, up to %d digits.", intAny: "Whole number.",
			doubleAny:   "Number; Senior does not document its decimal places (they go as you type them).",
			numericCode: "Code: a whole number of up to %d digits.", numericCodeAny: "Code: a whole number.",
			textLength: "Text, up to %d characters.", textAny: "Text.",
			crmText:   "Text; its length is not documented.",
			textKeeps: " A text column: the leading zeros stay (00456).",
			crmFields: "Senior's CRM pages give only each field's name and type (String): no description, length or required flag. What this table says is what the importer knows.",
			codeKeeps: " A text column, so that Excel does not change the code you type.",
			list:      "Pick from the list: %s.", listAlso: " The code alone (%s) or the name alone (%s) is accepted too.",
			recordKey:    "Record key: the importer requires it (reports and retries are keyed on it).",
			setKey:       "Key of the row within its set: the importer requires it.",
			parentKey:    "Repeat here the %s of the row of sheet \"%s\" this row belongs to.",
			listErrTitle: "Not in the list", listErr: "Pick a value of %s's list. The importer accepts the code (%s), the name (%s) or both (%s).",

			title: "Import template: %s", about: "%s", product: "Senior %s, port %s version %d.",
			howTitle:   "How to fill it in",
			stepRecord: "Sheet \"%s\": one row per %s, from row 2 on. Keep the column names; optional columns may stay empty.",
			stepSet:    "Sheet \"%s\": one row per %s; its first columns (green) repeat the key of the row of sheet \"%s\" each row belongs to.",
			stepRead:   "Sheet \"%s\": one row per %s to look up; Senior's answer comes in the report.",
			steps: "Rest the mouse on a column's header to see what it takes: description, format, whether it is required, the values.\n" +
				"Columns with a list: pick from the drop-down (e.g. %s); the code alone or the name alone is accepted too.\n" +
				"Numbers as Excel shows them (1,234.56); dates DD/MM/YYYY; codes with their leading zeros (00456): code columns are already text.\n" +
				"Save the file under a name that starts with the port's (%[1]s-nov.xlsx): the name tells the importer what it holds. Check it with: importer validate %[1]s-nov.xlsx; import it with: importer run %[1]s-nov.xlsx. The report says, row by row, what was accepted and what to fix.",
			legend: "Header colours", legendRequired: "required", legendOptional: "optional", legendParent: "key of the parent",
			legendRequiredText: "always fill it in: a row without it is refused.",
			legendOptionalText: "may stay empty: empty fields are not sent.",
			legendParentText:   "repeat the key of the row this one belongs to (same values as on the parent's sheet).",
			fields:             "Fields", sheetHead: "Sheet \"%s\" — %s", oneRowPer: "one row per %s",
			colField: "column", colRequired: "required", colFormat: "Senior's format", colHow: "how to fill it in", colDes: "description",
			example:      "A filled example",
			exampleIntro: "Rows the importer accepts, as they would be typed on each sheet. Here each column is one row of the sheet (row 2, row 3, ...).",
			exampleSheet: "Sheet \"%s\"", exampleCol: "column", exampleRow: "row %d",
			noExample: "No example for this port: it was added to the catalogue by the user.",
			yes:       "yes", no: "no",
			footer: "&L%s&RPage &P of &N",
		}
	}
	return &words{
		help: "Leia-me", lists: "Listas",
		required: "obrigatório", optional: "opcional",
		seniorFormat: "Formato Senior: %s", seniorType: "A Senior documenta só o nome e o tipo (%s).",
		date: "Data: DD/MM/AAAA (ex.: 15/03/2025).", crmDate: "Data: DD/MM/AAAA (ex.: 15/03/2025); o importador a envia assim.",
		time:    "Hora: HH:MM (ex.: 14:30).",
		decimal: "Número: até %d dígitos antes da vírgula e %d casas decimais (ex.: %s).",
		over15:  " O Excel guarda só 15 dígitos: para mais, digite o valor como texto, começando com um apóstrofo (').",
		integer: "Número inteiro de até %d dígitos.", intAny: "Número inteiro.",
		doubleAny:   "Número; a Senior não documenta as casas decimais (vão as que você digitar).",
		numericCode: "Código: número inteiro de até %d dígitos.", numericCodeAny: "Código: número inteiro.",
		textLength: "Texto de até %d caracteres.", textAny: "Texto.",
		crmText:   "Texto; o tamanho não é documentado.",
		textKeeps: " Coluna de texto: os zeros à esquerda ficam (00456).",
		crmFields: "As páginas da Senior do CRM dão só o nome e o tipo (String) de cada campo: sem descrição, tamanho ou obrigatoriedade. O que esta tabela diz é o que o importador sabe.",
		codeKeeps: " Coluna de texto, para o Excel não mudar o código que você digitar.",
		list:      "Escolha na lista: %s.", listAlso: " Também vale só o código (%s) ou só o nome (%s).",
		recordKey:    "Chave do registro: o importador exige (relatório e novas tentativas usam a chave).",
		setKey:       "Chave da linha dentro do conjunto: o importador exige.",
		parentKey:    "Repita aqui o %s da linha da planilha «%s» a que esta linha pertence.",
		listErrTitle: "Valor fora da lista", listErr: "Escolha um valor da lista de %s. O importador aceita o código (%s), o nome (%s) ou os dois (%s).",

		title: "Modelo de importação: %s", about: "%s", product: "Senior %s, porta %s versão %d.",
		howTitle:   "Como preencher",
		stepRecord: "Planilha «%s»: uma linha por %s, a partir da linha 2. Não mude os nomes das colunas; as opcionais podem ficar vazias.",
		stepSet:    "Planilha «%s»: uma linha por %s; as primeiras colunas (verdes) repetem a chave da linha da planilha «%s» a que cada linha pertence.",
		stepRead:   "Planilha «%s»: uma linha por %s a consultar; a resposta da Senior vem no relatório.",
		steps: "Passe o mouse sobre o cabeçalho de uma coluna para ver o que ela aceita: descrição, formato, se é obrigatória, os valores.\n" +
			"Colunas com lista: escolha na lista suspensa (ex.: %s); também vale só o código ou só o nome.\n" +
			"Números como o Excel mostra (1.234,56); datas DD/MM/AAAA; códigos com os zeros à esquerda (00456): as colunas de código já são texto.\n" +
			"Salve o arquivo com um nome que comece pelo da porta (%[1]s-nov.xlsx): o nome diz ao importador o que ele contém. Confira-o com: importer validate %[1]s-nov.xlsx; importe com: importer run %[1]s-nov.xlsx. O relatório diz, linha a linha, o que foi aceito e o que corrigir.",
		legend: "Cores dos cabeçalhos", legendRequired: "obrigatório", legendOptional: "opcional", legendParent: "chave do pai",
		legendRequiredText: "preencha sempre: uma linha sem ele é recusada.",
		legendOptionalText: "pode ficar vazio: campos vazios não são enviados.",
		legendParentText:   "repita a chave da linha a que esta pertence (os mesmos valores da planilha do pai).",
		fields:             "Campos", sheetHead: "Planilha «%s» — %s", oneRowPer: "uma linha por %s",
		colField: "coluna", colRequired: "obrigatório", colFormat: "formato Senior", colHow: "como preencher", colDes: "descrição",
		example:      "Exemplo preenchido",
		exampleIntro: "Linhas que o importador aceita, como seriam digitadas em cada planilha. Aqui cada coluna é uma linha da planilha (linha 2, linha 3, ...).",
		exampleSheet: "Planilha «%s»", exampleCol: "coluna", exampleRow: "linha %d",
		noExample: "Sem exemplo para esta porta: ela foi acrescentada ao catálogo pelo usuário.",
		yes:       "sim", no: "não",
		footer: "&L%s&RPágina &P de &N",
	}
}

// thing names what one row of a sheet is, for the help texts ("orçamento", "item").
func thing(p *Port, set *Field, lang string) string {
	name := p.Name
	if set != nil {
		name = set.Name
	} else if p.Record != "" {
		name = p.Record
	}
	pt := map[string]string{
		"orcamento": "orçamento", "itens": "item", "valoresComplementares": "valor complementar",
		"componentes": "componente", "operacoes": "operação", "observacoes": "observação",
		"setCategoriaDespesa": "categoria de despesa", "setCategoriaProduto": "categoria de produto",
		"setCategoriaServico": "categoria de serviço", "setCompromissos": "compromisso", "setContas": "conta",
		"ContaResponsavel": "responsável", "ContaCaracteristica": "característica", "ContaAreaInteresse": "área de interesse",
		"CarregarOrcamentos": "orçamento", "CarregarOrcamentos_3": "orçamento", "CalculaImpostosOrcamento": "item de orçamento",
	}
	en := map[string]string{
		"orcamento": "quote", "itens": "item", "valoresComplementares": "complementary value",
		"componentes": "component", "operacoes": "operation", "observacoes": "note",
		"setCategoriaDespesa": "expense category", "setCategoriaProduto": "product category",
		"setCategoriaServico": "service category", "setCompromissos": "appointment", "setContas": "account",
		"ContaResponsavel": "person in charge", "ContaCaracteristica": "characteristic", "ContaAreaInteresse": "area of interest",
		"CarregarOrcamentos": "quote", "CarregarOrcamentos_3": "quote", "CalculaImpostosOrcamento": "quote item",
	}
	m := pt
	if lang == "en" {
		m = en
	}
	if s, ok := m[name]; ok {
		return s
	}
	if lang == "en" {
		return "record"
	}
	return "registro"
}

// exampleNumber is a number written the pt-BR way with ints integer digits and scale decimals.
func exampleNumber(ints, scale int, lang string) string {
	var s string
	switch {
	case ints >= 4:
		s = "1.234"
	case ints >= 2:
		s = "12"
	default:
		s = "1"
	}
	dec := "56789012345678901234"[:min(scale, 20)]
	if lang == "en" {
		s = strings.ReplaceAll(s, ".", ",")
		if dec != "" {
			return s + "." + dec
		}
		return s
	}
	if dec != "" {
		return s + "," + dec
	}
	return s
}

// how says how to fill a column, in the user's words: the format explained, the list of
// values, and (unless brief) that a code column keeps its leading zeros.
func (t *words) how(c Column, crm bool, lang string, brief bool) string {
	f := c.Field
	switch c.Kind() {
	case KindDate:
		if crm {
			return t.crmDate
		}
		return t.date
	case KindTime:
		return t.time
	}
	if len(f.List) > 0 {
		choices := make([]string, len(f.List))
		for i, v := range f.List {
			choices[i] = Choice(v)
		}
		s := fmt.Sprintf(t.list, strings.Join(choices, "; "))
		if f.List[0].Label != "" {
			s += fmt.Sprintf(t.listAlso, f.List[0].Code, f.List[0].Label)
		}
		return s
	}
	keeps := ""
	if !brief && looksLikeCode(f, crm) {
		keeps = t.textKeeps
	}
	n := f.Number
	switch {
	case c.Kind() == KindNumber && n != nil && n.Scale > 0:
		s := fmt.Sprintf(t.decimal, n.Precision-n.Scale, n.Scale, exampleNumber(n.Precision-n.Scale, n.Scale, lang))
		if n.Precision > 15 {
			s += t.over15
		}
		return s
	case c.Kind() == KindNumber && n != nil:
		return fmt.Sprintf(t.integer, n.Precision)
	case c.Kind() == KindNumber && f.Type == TypeInteger:
		return t.intAny
	case c.Kind() == KindNumber:
		return t.doubleAny
	case isNumericCode(f):
		if !brief {
			keeps = t.codeKeeps
		}
		if n != nil {
			return fmt.Sprintf(t.numericCode, n.Precision) + keeps
		}
		return t.numericCodeAny + keeps
	case f.Length > 0:
		return fmt.Sprintf(t.textLength, f.Length) + keeps
	case crm && brief:
		return t.textAny // the table says once that CRM lengths are not documented
	case crm:
		return t.crmText + keeps
	}
	return t.textAny + keeps
}

// looksLikeCode tells the text fields whose leading zeros matter: short G5 strings (codPro,
// codDer, tnsPro, codCpg) and CRM identifiers, documents, postcodes and phone numbers.
func looksLikeCode(f *Field, crm bool) bool {
	if !crm {
		return f.Length > 0 && f.Length <= 20
	}
	n := strings.ToLower(f.Name)
	if strings.HasSuffix(n, "id") || strings.HasSuffix(n, "iderp") {
		return true
	}
	for _, w := range []string{"cnpj", "cpf", "cep", "rg", "inscricao", "telefone", "celular", "fax", "numero"} {
		if strings.HasSuffix(n, w) {
			return true
		}
	}
	return false
}

// keyNote says why a column is required beyond Senior's page, or "" when it is not a key.
func (t *words) keyNote(p *Port, sh SheetLayout, c Column) string {
	switch {
	case c.ParentKey:
		sheet, field := p.Record, c.Header
		if sheet == "" {
			sheet = p.Name
		}
		if i := strings.LastIndex(c.Header, "."); i >= 0 {
			sheet, field = c.Header[strings.LastIndex(c.Header[:i], ".")+1:i], c.Header[i+1:]
		}
		return fmt.Sprintf(t.parentKey, field, sheet)
	case sh.Set == nil:
		for _, k := range p.Key {
			if k == c.Header {
				return t.recordKey
			}
		}
	default:
		for _, k := range sh.Set.Key {
			if k == c.Header {
				return t.setKey
			}
		}
	}
	return ""
}

// formatText is Senior's documented format of a field, or its declared type where the page
// documents none.
func formatText(f *Field) string {
	if f.Format != "" {
		return f.Format
	}
	return f.Type
}
