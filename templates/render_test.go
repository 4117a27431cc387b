package templates

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestRenderXLSX(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Ports() {
		var buf bytes.Buffer
		if err := RenderXLSX(p, &buf, "pt"); err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		sheets := f.GetSheetList()
		rec := p.Record
		if rec == "" {
			rec = p.Name
		}
		if sheets[0] != rec || sheets[len(sheets)-1] != "#ajuda" || len(sheets) != len(p.Sets())+2 {
			t.Fatalf("%s: sheets %q", p.Name, sheets)
		}
		rows, _ := f.GetRows(rec)
		if len(rows) != 1 || rows[0][0] != p.RecordFields()[0].Name {
			t.Fatalf("%s: header %q", p.Name, rows)
		}
		if p.Name == "GravarOrcamentos" {
			vc, _ := f.GetRows("valoresComplementares")
			if got := strings.Join(vc[0][:6], ","); got != "codEmp,numOct,verOct,itens.seqOci,codTvc,desTvc" {
				t.Fatalf("valoresComplementares header %s", got)
			}
		}
		f.Close()
	}
}
