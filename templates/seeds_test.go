package templates

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The drift test reads Senior's own pages (../../shared/seeds, when present) and fails when
// the catalogue disagrees with them in field names, order, declared types or formats.
// Every blemish the seeds' README lists is an explicit, justified exception below.

const seedsDir = "../../shared/seeds"

// row is one documented field: its table name ("itens.seqOci" or "codEmp"), type, format.
type row struct{ name, typ, format string }

func (r row) String() string { return r.name + " " + r.typ + " " + r.format }

var reFormat = regexp.MustCompile(`^(?:\((?:Obrigatório|Opcional)\)\s*-\s*)?(Number|Número|String|Date)\s*\(([^)]*)\)`)

func normFormat(kind, arg string) string {
	if kind == "Número" {
		kind = "Number"
	}
	return kind + "(" + strings.ReplaceAll(arg, " ", "") + ")"
}

// seedTables splits the G5 page into its port sections and reads each section's tables:
// for every operation, the request table then the answer table.
func seedTables(t *testing.T, text string) map[string][][]row {
	lines := strings.Split(text, "\n")
	out := map[string][][]row{}
	reOp := regexp.MustCompile(`^<ser:([A-Za-z_0-9]+)>$`)
	op := ""
	for i := 0; i < len(lines); i++ {
		if m := reOp.FindStringSubmatch(lines[i]); m != nil {
			op = strings.TrimSuffix(m[1], "Response")
			continue
		}
		if !strings.HasPrefix(lines[i], "| Nome") || op == "" {
			continue
		}
		head := cells(lines[i])
		col := map[string]int{}
		for j, h := range head {
			col[h] = j
		}
		var rows []row
		for i += 2; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
			c := cells(lines[i])
			if len(c) <= col["Tipo"] || c[0] == "" {
				continue
			}
			r := row{name: c[0], typ: c[col["Tipo"]]}
			if d, ok := col["Descrição"]; ok && d < len(c) {
				if m := reFormat.FindStringSubmatch(c[d]); m != nil {
					r.format = normFormat(m[1], m[2])
				}
			}
			rows = append(rows, r)
		}
		key := op
		// The version-3 section repeats CarregarOrcamentos' name (seeds README): the second
		// pair of tables of that name is version 3.
		if len(out[key]) >= 2 && key == "CarregarOrcamentos" {
			key = "CarregarOrcamentos_3"
		}
		out[key] = append(out[key], rows)
	}
	return out
}

func cells(line string) []string {
	parts := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// flatten lists a catalogue tree the way Senior's tables do: a set's row under its bare name
// (nested sets too: "itens", not "orcamento.itens"), then its fields named "<set>.<field>"
// (top-level fields bare).
func flatten(fields []*Field, parent string) []row {
	var out []row
	for _, f := range fields {
		name := f.Name
		if parent != "" && !f.IsSet() {
			name = parent + "." + f.Name
		}
		format := ""
		if f.Format != "" {
			m := regexp.MustCompile(`^(\w+)\(([^)]*)\)$`).FindStringSubmatch(f.Format)
			if m != nil {
				format = normFormat(m[1], m[2])
			}
		}
		out = append(out, row{name: name, typ: f.Type, format: format})
		if f.IsSet() {
			out = append(out, flatten(f.Fields, f.Name)...)
		}
	}
	return out
}

// exception is a documented disagreement between a page and the catalogue.
type exception struct{ port, name, why string }

var exceptions = []exception{
	// seeds README: "cbsIbs.dedCre is typed Double with String(001) [S=Sim;N=Não] (it is a String)".
	{"CalculaImpostosOrcamento", "cbsIbs.dedCre", "typed Double with String(001): it is a String"},
	// seeds README: the version-3 tables' last row (erroExecucao) is misaligned.
	{"CarregarOrcamentos_3", "erroExecucao", "misaligned last row of the version-3 table"},
}

func excepted(port, name string) bool {
	for _, e := range exceptions {
		if e.port == port && e.name == name {
			return true
		}
	}
	return false
}

// compare reports every disagreement between the page's rows and the catalogue's.
func compare(port string, page, cat []row) []string {
	var diffs []string
	n := max(len(page), len(cat))
	for i := 0; i < n; i++ {
		var p, c row
		if i < len(page) {
			p = page[i]
		}
		if i < len(cat) {
			c = cat[i]
		}
		if p.name != c.name {
			diffs = append(diffs, fmt.Sprintf("%s #%d: page has %q, catalogue %q", port, i+1, p.name, c.name))
			return diffs // order broken: the rest would only repeat it
		}
		if excepted(port, p.name) {
			continue
		}
		if p.typ != c.typ {
			diffs = append(diffs, fmt.Sprintf("%s %s: page type %s, catalogue %s", port, p.name, p.typ, c.typ))
		}
		if p.format != c.format {
			diffs = append(diffs, fmt.Sprintf("%s %s: page format %q, catalogue %q", port, p.name, p.format, c.format))
		}
	}
	return diffs
}

func readSeed(t *testing.T, prefix string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(seedsDir, prefix+"_*.txt"))
	if len(m) == 0 {
		t.Skipf("seeds not found at %s: the drift test needs Senior's pages beside the project", seedsDir)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCatalogueMatchesG5Pages(t *testing.T) {
	tables := seedTables(t, readSeed(t, "002"))
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"CalculaImpostosOrcamento", "CarregarOrcamentos", "CarregarOrcamentos_3", "GravarOrcamentos"} {
		p := c.Port(name)
		tb := tables[name]
		if len(tb) != 2 {
			t.Fatalf("%s: %d tables in the page, want request and answer", name, len(tb))
		}
		req := tb[0]
		if name == "CarregarOrcamentos_3" && len(req) == 0 {
			// seeds README: the version-3 request table is empty (same fields as version 1).
			req = tables["CarregarOrcamentos"][0]
		}
		for _, d := range compare(name+" request", req, flatten(p.Fields, "")) {
			t.Error(d)
		}
		for _, d := range compare(name, tb[1], flatten(p.Result, "")) {
			t.Error(d)
		}
	}
}

// The CRM page documents only XML samples (its tables run name and type together and the
// setContas table is cut off): names and order come from the samples, every field a String.
func TestCatalogueMatchesCRMPage(t *testing.T) {
	text := readSeed(t, "000")
	c, _ := Default()
	for _, p := range c.Ports() {
		if p.Product != ProductCRM {
			continue
		}
		m := regexp.MustCompile(`<` + p.Operation + `>(.*?)</` + p.Operation + `>`).FindStringSubmatch(text)
		if m == nil {
			t.Errorf("%s: no <%s> sample in the page", p.Name, p.Operation)
			continue
		}
		page := sampleRows(m[1])
		want := append([]row{{name: p.Login[0], typ: "String"}, {name: p.Login[1], typ: "String"}}, flatten(p.Fields, "")...)
		for _, d := range compare(p.Name, page, want) {
			t.Error(d)
		}
		if !strings.Contains(text, "<"+p.Response+">") && p.Name != "setContas" {
			t.Errorf("%s: answer element %s not in the page", p.Name, p.Response)
		}
	}
}

// sampleRows reads a CRM XML sample: leaves are String fields, elements with children sets.
func sampleRows(xml string) []row {
	var out []row
	re := regexp.MustCompile(`<(/?)([A-Za-z0-9]+)>`)
	var stack []string
	toks := re.FindAllStringSubmatchIndex(xml, -1)
	for i, m := range toks {
		closing, name := xml[m[2]:m[3]] == "/", xml[m[4]:m[5]]
		if closing {
			stack = stack[:len(stack)-1]
			continue
		}
		leaf := i+1 < len(toks) && xml[toks[i+1][4]:toks[i+1][5]] == name && xml[toks[i+1][2]:toks[i+1][3]] == "/"
		full := name
		if len(stack) > 0 {
			full = stack[len(stack)-1] + "." + name
		}
		if leaf {
			out = append(out, row{name: full, typ: "String"})
		} else {
			out = append(out, row{name: full, typ: "Set"})
		}
		stack = append(stack, name)
	}
	return out
}

// The drift test must fail when the catalogue drifts: a copy of a port with two fields
// swapped, or a type or format changed, is caught.
func TestDriftIsCaught(t *testing.T) {
	tables := seedTables(t, readSeed(t, "002"))
	b, err := embedded.ReadFile("ports/gravarorcamentos.yaml")
	if err != nil {
		t.Fatal(err)
	}
	mutations := map[string]func(string) string{
		"swapped": func(s string) string {
			return strings.Replace(s, "{name: codEmp, type: Integer, format: \"Number(004)\", required: true, description: \"Código da empresa\"}\n      - {name: numOct, type: Integer, format: \"Number(009)\", required: true, description: \"Número do orçamento\"}",
				"{name: numOct, type: Integer, format: \"Number(009)\", required: true, description: \"Número do orçamento\"}\n      - {name: codEmp, type: Integer, format: \"Number(004)\", required: true, description: \"Código da empresa\"}", 1)
		},
		"renamed": func(s string) string { return strings.Replace(s, "name: desOct,", "name: desOrc,", 1) },
		"format":  func(s string) string { return strings.Replace(s, `"Number(021,10)"`, `"Number(021,8)"`, 1) },
		"type": func(s string) string {
			return strings.Replace(s, "name: qtdOci, type: Double", "name: qtdOci, type: String", 1)
		},
	}
	for name, mut := range mutations {
		y := mut(string(b))
		if y == string(b) {
			t.Fatalf("%s: mutation did not apply", name)
		}
		p, err := ParsePort([]byte(y))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := compare("GravarOrcamentos request", tables["GravarOrcamentos"][0], flatten(p.Fields, "")); len(d) == 0 {
			t.Errorf("%s: drift not caught", name)
		}
	}
}
