package simulator

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("%s differs from the golden file at line %d (rerun with -update only if the change is meant):\ngot  %s\nwant %s", name, i+1, g[i], w[i])
			}
		}
		t.Fatalf("%s differs from the golden file: %d lines, want %d", name, len(g), len(w))
	}
}

// TestWireGolden keeps the simulator's answers byte for byte: status, content type and body of
// a sequence of G5, CRM, WSDL and error requests against one server (so state carries over).
func TestWireGolden(t *testing.T) {
	alter := strings.Replace(strings.Replace(orc, "<tipOpe>1</tipOpe>", "<tipOpe>2</tipOpe>", 1), "Teste", "Alterado", 1)
	del := strings.Replace(orc, "<tipOpe>1</tipOpe>", "<tipOpe>3</tipOpe>", 1)
	key := "<codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct>"
	async := strings.Replace(g5Path, "Sync", "Async", 1)
	steps := []struct{ method, path, body string }{
		{"GET", g5Path + "?wsdl", ""},
		{"GET", "/crm/ws?wsdl", ""},
		{"GET", g5Path, ""},
		{"GET", "/nowhere", ""},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", orc)},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "<codEmp>1</codEmp>", "<codEmp>0001</codEmp>", 1))},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "x", orc)},
		{"POST", async, g5("GravarOrcamentos", "demo", "x", orc)},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "100.00", "100,00", 1))},
		{"POST", async, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "100.00", "100,00", 1))},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", "")},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", "<x/>")},
		{"POST", g5Path, g5("Nada", "demo", "s3cret", "")},
		{"POST", g5Path, "<soapenv:Envelope>"},
		{"POST", g5Path, g5("CarregarOrcamentos_3", "demo", "s3cret", key)},
		{"POST", g5Path, g5("CarregarOrcamentos", "demo", "s3cret", key)},
		{"POST", g5Path, g5("CalculaImpostosOrcamento", "demo", "s3cret", key+"<seqOci>1</seqOci>")},
		{"POST", g5Path, g5("CalculaImpostosOrcamento", "demo", "s3cret", key+"<seqOci>9</seqOci>")},
		{"POST", g5Path, g5("CalculaImpostosOrcamento", "demo", "s3cret", key+"<seqOci>x</seqOci>")},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", alter)},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", del)},
		{"POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", del)},
		{"POST", g5Path, g5("CarregarOrcamentos", "demo", "s3cret", key)},
		{"POST", async, g5("GravarOrcamentos", "demo", "s3cret", orc)},
		{"POST", "/crm/ws", crm(`<CategoriaDespesaDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><CategoriaDespesaId>D1</CategoriaDespesaId><CategoriaDespesaDescricao>Viagens</CategoriaDespesaDescricao></CategoriaDespesaDados>`)},
		{"POST", "/crm/ws", crm(`<CategoriaDespesaDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>no</UsuarioSenha><CategoriaDespesaId>D1</CategoriaDespesaId></CategoriaDespesaDados>`)},
		{"POST", "/crm/ws", crm(`<CompromissosParametros><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><CompromissosId>C1</CompromissosId><CompromissosHoraInicio>9:30</CompromissosHoraInicio></CompromissosParametros>`)},
		{"POST", "/crm/ws", crm(`<x:ContasDados xmlns:x="urn:x"><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha></x:ContasDados>`)},
		{"POST", "/crm/ws", crm(`<Nada/>`)},
		{"POST", "/crm/ws", crm(`<ContasDados><UsuarioSenha>s3cret</UsuarioSenha></ContasDados>`)},
		{"POST", "/crm/ws", "<html>"},
		{"GET", "/_records?port=GravarOrcamentos", ""},
		{"GET", "/_records?port=CategoriaDespesa", ""},
		{"GET", "/_records?port=nada", ""},
	}
	_, srv := newTest(t, Config{})
	var b strings.Builder
	for _, st := range steps {
		b.WriteString(st.method + " " + st.path + "\n" + request(t, srv.URL, st.method, st.path, st.body) + "\n\n")
	}
	for _, f := range []Fault{FaultHTTP500, FaultHTTP503, FaultRefuseLogin} {
		_, fsrv := newTest(t, Config{Faults: map[Fault]float64{f: 1}})
		b.WriteString("fault " + string(f) + "\n" + request(t, fsrv.URL, "POST", g5Path, g5("GravarOrcamentos", "demo", "s3cret", orc)) + "\n")
		b.WriteString("fault " + string(f) + " crm\n" + request(t, fsrv.URL, "POST", "/crm/ws", crm(`<CategoriaDespesaDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><CategoriaDespesaId>D1</CategoriaDespesaId></CategoriaDespesaDados>`)) + "\n\n")
	}
	golden(t, "wire.golden", b.String())
}

// request sends one request and shows its answer: status, content type, Retry-After, body.
func request(t *testing.T, base, method, path, body string) string {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	// The WSDL's address names the test server's port, which changes from run to run.
	b = bytes.ReplaceAll(b, []byte(strings.TrimPrefix(base, "http://")), []byte("127.0.0.1:PORT"))
	return fmt.Sprintf("%d %s retry-after=%q\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Retry-After"), b)
}

// TestFaultDrawsGolden keeps the seeded sequence of fault draws: every kind at 10%, seed 7,
// 300 draws, one line each ("-" for none). The pipeline's golden files depend on it.
func TestFaultDrawsGolden(t *testing.T) {
	rates := map[Fault]float64{}
	for _, f := range AllFaults() {
		rates[f] = 0.1
	}
	s, err := New(Config{Faults: rates, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for range 300 {
		f := string(s.drawFault())
		if f == "" {
			f = "-"
		}
		b.WriteString(f + "\n")
	}
	golden(t, "fault_draws.golden", b.String())
}
