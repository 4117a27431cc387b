package templates_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"seniorimporter/pipeline"
	"seniorimporter/templates"
)

// TestTemplatesFilledWithTheirExampleAreValid: for every port, its template filled with the
// port's own example — numbers as number cells, dates and times as date cells, codes and
// drop-down choices ("1 - Incluir") as text, as a user of Excel would leave them — is read
// back by the real importer in validate mode with every row valid and nothing to warn about
// beyond the help sheet.
func TestTemplatesFilledWithTheirExampleAreValid(t *testing.T) {
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Ports() {
		t.Run(p.Name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, p.Name+"-exemplo.xlsx")
			rows := fillTemplate(t, p, file)
			report := filepath.Join(dir, "report.jsonl")
			var stderr bytes.Buffer
			sum, err := pipeline.Run(context.Background(), pipeline.Settings{
				Validate: true, Files: []string{file}, Reports: []string{report}, Quiet: true,
				Stdout: &stderr, Stderr: &stderr,
			})
			if err != nil {
				t.Fatalf("validate: %v\n%s", err, stderr.String())
			}
			lines := readReport(t, report)
			for _, l := range lines {
				if l["outcome"] != "valid" {
					t.Errorf("%s row %v: %v %v", l["sheet"], l["row"], l["outcome"], l["message"])
				}
			}
			if len(lines) != rows {
				t.Errorf("%d report lines for %d example rows", len(lines), rows)
			}
			if sum.ExitCode != 0 {
				t.Errorf("exit code %d\n%s", sum.ExitCode, stderr.String())
			}
		})
	}
}

// TestTemplateChoiceThatContradictsItselfIsInvalid: the same run refuses a drop-down choice
// whose code and label disagree ("1 - Alterar"), so the test above can fail.
func TestTemplateChoiceThatContradictsItselfIsInvalid(t *testing.T) {
	c, _ := templates.Default()
	p := c.Port("GravarOrcamentos")
	dir := t.TempDir()
	file := filepath.Join(dir, "GravarOrcamentos-errado.xlsx")
	fillTemplate(t, p, file)
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr("orcamento", "A2", "1 - Alterar"); err != nil { // tipOpe of quote 1001
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	report := filepath.Join(dir, "report.jsonl")
	var out bytes.Buffer
	if _, err := pipeline.Run(context.Background(), pipeline.Settings{Validate: true, Files: []string{file}, Reports: []string{report}, Quiet: true, Stdout: &out, Stderr: &out}); err != nil {
		t.Fatal(err)
	}
	for _, l := range readReport(t, report) {
		want := "valid"
		if l["key"] == "1/1001/1" {
			want = "invalid"
		}
		if l["outcome"] != want {
			t.Errorf("%s row %v (%v): %v, want %s", l["sheet"], l["row"], l["key"], l["outcome"], want)
		}
	}
}

// fillTemplate renders p's template, writes its example into the data sheets and saves it
// as file; it returns how many rows it wrote.
func fillTemplate(t *testing.T, p *templates.Port, file string) int {
	t.Helper()
	var buf bytes.Buffer
	if err := templates.RenderXLSX(p, &buf, "pt"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ex := templates.ExampleOf(p)
	if ex == nil {
		t.Fatalf("%s has no example", p.Name)
	}
	n := 0
	for _, es := range ex.Sheets {
		cols := map[string]templates.Column{}
		index := map[string]int{}
		for _, sh := range templates.Layout(p) {
			if sh.Name == es.Sheet {
				for i, c := range sh.Columns {
					cols[c.Header], index[c.Header] = c, i+1
				}
			}
		}
		for r, row := range es.Rows {
			n++
			for j, v := range row {
				c, ok := cols[es.Columns[j]]
				if !ok {
					t.Fatalf("%s: example column %s/%s is not in the template", p.Name, es.Sheet, es.Columns[j])
				}
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(index[c.Header], r+2)
				if err := writeCell(f, es.Sheet, cell, c, v); err != nil {
					t.Fatalf("%s %s!%s: %v", p.Name, es.Sheet, cell, err)
				}
			}
		}
	}
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	return n
}

// writeCell writes an example value as Excel would keep what a user typed into a template
// column: a number cell for numbers (its text, never through float64), a date cell for
// dates and times, the drop-down's choice for list codes, text for codes and text.
func writeCell(f *excelize.File, sheet, cell string, c templates.Column, v string) error {
	for _, lv := range c.Field.List {
		if lv.Code == v {
			return f.SetCellStr(sheet, cell, templates.Choice(lv))
		}
	}
	switch c.Kind() {
	case templates.KindNumber:
		return f.SetCellDefault(sheet, cell, v)
	case templates.KindDate:
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			return err
		}
		return f.SetCellValue(sheet, cell, d)
	case templates.KindTime:
		d, err := time.Parse("15:04", v)
		if err != nil {
			return err
		}
		return f.SetCellDefault(sheet, cell, fmt.Sprintf("%.15g", float64(d.Hour()*60+d.Minute())/1440))
	}
	return f.SetCellStr(sheet, cell, v)
}

func readReport(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("report line %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}
