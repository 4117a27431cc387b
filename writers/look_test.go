package writers

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"seniorimporter/outcome"
)

// TestLook writes a report and a re-import file of the typed fixture into WRITERS_LOOK_DIR,
// to be looked at as a person would (skipped without it):
//
//	WRITERS_LOOK_DIR=/tmp/look go test ./writers -run TestLook
//	cd /tmp/look && libreoffice --headless --convert-to pdf *.xlsx corrigir/*.xlsx && pdftoppm -png -r 60 relatorio.pdf relatorio
func TestLook(t *testing.T) {
	dir := os.Getenv("WRITERS_LOOK_DIR")
	if dir == "" {
		t.Skip("WRITERS_LOOK_DIR not set")
	}
	input := filepath.Join(dir, "in", typedFile)
	if err := os.MkdirAll(filepath.Dir(input), 0o777); err != nil {
		t.Fatal(err)
	}
	writeTypedInput(t, input)
	lines := typedLines(t, input)
	lines = append(lines, outcomes()...)
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local)
	tl := outcome.NewTally(start)
	for _, l := range lines {
		tl.Add(l)
	}
	tl.AddRecord()
	tl.SetCharset("in/setcontas.csv", "windows-1252")
	tl.SetLimit(12)
	tl.AddTotal("in/"+typedFile, "valor", "valor", "B7", "1249.99")
	sum := tl.Summary(start.Add(83*time.Second), 10)
	srcs := append(append([]SourceInfo{}, typedSources...), sources...)
	w, err := Open(filepath.Join(dir, "relatorio.xlsx"), Options{Lang: outcome.PT, Sources: srcs})
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenReimport(filepath.Join(dir, "corrigir"), Options{Lang: outcome.PT, Sources: srcs})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if err := w.Write(l); err != nil {
			t.Fatal(err)
		}
		if err := r.Write(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(&sum); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(&sum); err != nil {
		t.Fatal(err)
	}
}
