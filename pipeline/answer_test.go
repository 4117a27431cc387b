package pipeline

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"seniorimporter/outcome"
	"seniorimporter/simulator"
	"seniorimporter/templates"
)

// novoAnswer is setNovo's answer as Senior gives it: codigo, texto and id.
const novoAnswer = `accept: "nonempty:id", id: id, code: codigo, message: texto`

// novoPort is a CRM set service of a consultant's catalogue (see TestRunWithCatalogue), with
// the operation and response names and the answer's elements given.
func novoPort(operation, response, answer string) string {
	return "name: setNovo\nproduct: crm\noperation: " + operation + "\nresponse: " + response + "\naccess: write\n" +
		"key: [NovoId]\nlogin: [Usuario, Senha]\n" +
		"answer: {" + answer + ", refused_login: \"(?i)senha\\\\s+inv\"}\n" +
		"fields:\n  - {name: NovoId, type: String, required: true}\n  - {name: NovoNome, type: String}\n"
}

// TestOtherAnswerStopsTheRun: a --catalogue port file whose operation Senior does not know, or
// whose response and answer elements are not the ones Senior answers with, is answered with
// another element to every request. Each row was sent seven times, a few seconds apart, and
// ended unknown (4 rows: 28 requests, 17 s). The run now stops at the first answer (exit 2):
// that row unknown (with the answer misnamed Senior stored it), the others not sent, the
// message naming the port, the element that came, the one the file names, and the file.
func TestOtherAnswerStopsTheRun(t *testing.T) {
	for _, tc := range []struct {
		name, operation, response, answer string
		kept                              int64 // records the simulator stored
		came                              string
	}{
		{"operation Senior does not know", "NovoDado", "NovoRetorno", novoAnswer, 0, `<RetornoDados> ("1; Serviço NovoDado desconhecido.")`},
		{"response and answer misnamed", "NovoDados", "NovoRetornoDados", `accept: "nonempty:idRegistro", id: idRegistro, code: retorno, message: mensagem`,
			1, "<NovoRetorno> (\"0; Registro gravado com sucesso.; N1\")"},
		// What the answer says holds the password (blanked): it stopped the run all the same.
		// Blanking made the answer a plain error, and each row was sent seven times.
		{"what it says holds the password", "s3cretDado", "NovoRetorno", novoAnswer, 0, `<RetornoDados> ("1; Serviço ***Dado desconhecido.")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The simulator serves the port as Senior has it; the importer reads the file's.
			sdir, cdir := t.TempDir(), t.TempDir()
			writeFile(t, sdir, "setnovo.yaml", novoPort("NovoDados", "NovoRetorno", novoAnswer))
			simCat, err := templates.Load(sdir)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, cdir, "setnovo.yaml", novoPort(tc.operation, tc.response, tc.answer))
			e := startSim(t, nil, func(c *simulator.Config) { c.Catalogue = simCat })
			dir := t.TempDir()
			cfg := e.settings(dir, writeFile(t, dir, "setNovo.csv", "NovoId;NovoNome\nN1;Um\nN2;Dois\nN3;Três\nN4;Quatro\n"))
			cfg.CatalogueDir = cdir
			sum, err := Run(context.Background(), cfg)
			if err != nil || sum.ExitCode != 2 {
				t.Fatalf("exit %d, %v; want 2", sum.ExitCode, err)
			}
			lines := readJSONL(t, filepath.Join(dir, "report.jsonl"))
			if len(lines) != 4 {
				t.Fatalf("%d report lines, want 4", len(lines))
			}
			for i, l := range lines {
				want := outcome.NotSent
				if i == 0 {
					want = outcome.Unknown
				}
				if l.Outcome != want || !strings.Contains(l.Message, "responde à porta setNovo com "+tc.came+", não com <"+tc.response+"> como diz o arquivo dela no catálogo ("+filepath.Join(cdir, "setnovo.yaml")+"): ") ||
					!strings.HasSuffix(l.Message, ": corrija o arquivo (ou use um catálogo da versão deste Senior) e rode de novo") ||
					strings.Contains(l.Message, "s3cret") {
					t.Errorf("row %d: %s %q; want %s naming the answer", i+1, l.Outcome, l.Message, want)
				}
			}
			// The stop is no passing fault: its request was not tried again (the summary's
			// "falhas passageiras … cada um tentado de novo" counted it).
			if len(sum.PassingFaults) != 0 {
				t.Errorf("passing faults %v, want none", sum.PassingFaults)
			}
			st := e.sim.Stats()
			if st.Requests != 1 || st.Stored != tc.kept {
				t.Errorf("the simulator answered %d requests and stored %d; want 1 and %d", st.Requests, st.Stored, tc.kept)
			}
		})
	}
}

// TestOtherAnswerOfAShippedPort: a port the importer ships (setContas' response name is read
// from a page cut off) that this Senior answers with another element, holding none of the
// elements its file names, stops the run as a --catalogue one does, and the message names the file as the importer's source has it and
// says to copy it into a --catalogue folder: it said "corrija o arquivo (setcategoriaservico.yaml)",
// a file the user has not got.
func TestOtherAnswerOfAShippedPort(t *testing.T) {
	shipped, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("..", "templates", "ports", "setcategoriaservico.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sdir := t.TempDir()
	answer := strings.NewReplacer("response: CategoriaServicoRetornoDados", "response: CategoriaServicoRetorno",
		`accept: "nonempty:idRegistro"`, `accept: "nonempty:id"`, "id: idRegistro", "id: id", "code: retorno", "code: codigo", "message: mensagem", "message: texto")
	writeFile(t, sdir, "setcategoriaservico.yaml", answer.Replace(string(src)))
	simCat, err := templates.Load(sdir)
	if err != nil || simCat.Port("setCategoriaServico").Response == shipped.Port("setCategoriaServico").Response {
		t.Fatalf("the simulator's catalogue: %v", err)
	}
	e := startSim(t, nil, func(c *simulator.Config) { c.Catalogue = simCat })
	dir := t.TempDir()
	cfg := e.settings(dir, writeFile(t, dir, "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao\nS1;Um\nS2;Dois\n"))
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != 2 {
		t.Fatalf("exit %d, %v; want 2", sum.ExitCode, err)
	}
	want := "não com <CategoriaServicoRetornoDados> como diz o arquivo dela no catálogo (" + filepath.Join("templates", "ports", "setcategoriaservico.yaml") + "): " +
		"a operação (operation) ou a resposta (response) que ele nomeia não é a que este Senior tem; nenhuma nova tentativa muda isso: " +
		"copie esse arquivo do código do importador para uma pasta --catalogue, corrija-o lá (operation, response) e rode de novo com --catalogue"
	for i, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		if !strings.HasSuffix(l.Message, want) {
			t.Errorf("row %d: %s %q; want it to end %q", i+1, l.Outcome, l.Message, want)
		}
	}
}

// TestOtherAnswerAfterUnderstood: a port Senior has answered as its file says earlier in the
// run, answered once with another element (something between the importer and Senior mixing
// answers up), is a passing fault: the record is sent again, and the run goes on.
func TestOtherAnswerAfterUnderstood(t *testing.T) {
	e := startSim(t, nil, nil)
	var n atomic.Int64
	odd := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 2 {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			w.Write([]byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
				`<OutraResposta><codigo>1</codigo><texto>outra</texto></OutraResposta></soapenv:Body></soapenv:Envelope>`))
			return
		}
		e.sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(odd.Close)
	dir := t.TempDir()
	cfg := e.settings(dir, categorias(t, dir, 5, 0))
	cfg.Endpoint, cfg.CRMEndpoint = odd.URL, odd.URL+"/crm/ws"
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != 0 || sum.Outcomes[outcome.OK] != 5 {
		t.Fatalf("exit %d, %v, %v; want every row ok", sum.ExitCode, err, sum.Outcomes)
	}
	if got := n.Load(); got != 6 {
		t.Errorf("%d requests, want 6 (one sent again)", got)
	}
}

// TestCatalogueMoneyReconciled: a customer's own amounts on setContas, usu_vlrlim (named as
// Senior names money, after usu_) and usu_frete (marked money: true in the --catalogue file),
// have their reconciliation line in the summary, read, sent and accepted; usu_limcre, a number
// named neither way, has none. usu_vlrlim had none: money was found by the name's start only.
func TestCatalogueMoneyReconciled(t *testing.T) {
	cdir := t.TempDir()
	contas, err := os.ReadFile("../templates/ports/setcontas.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const obs = "  - {name: ContaObservacoes, type: String}\n"
	writeFile(t, cdir, "setcontas.yaml", strings.Replace(string(contas), obs, obs+
		"  - {name: usu_vlrlim, type: String, format: \"Number(9,2)\"}\n"+
		"  - {name: usu_frete, type: String, format: \"Number(9,2)\", money: true}\n"+
		"  - {name: usu_limcre, type: String, format: \"Number(9,2)\"}\n", 1))
	cat, err := templates.Load(cdir)
	if err != nil {
		t.Fatal(err)
	}
	e := startSim(t, nil, func(c *simulator.Config) { c.Catalogue = cat })
	dir := t.TempDir()
	cfg := e.settings(dir, writeFile(t, dir, "setContas.csv",
		"ContaIdERP;ContaRazaoSocial;usu_vlrlim;usu_frete;usu_limcre\nC1;Alfa;1.234,50;R$ 10,00;5\nC2;Beta;100;2,5;7\n"))
	cfg.CatalogueDir = cdir
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != 0 {
		t.Fatalf("exit %d, %v", sum.ExitCode, err)
	}
	if len(sum.Reconciliation) != 1 {
		t.Fatalf("reconciliation %+v, want the file's", sum.Reconciliation)
	}
	got := map[string]string{}
	for _, c := range sum.Reconciliation[0].Columns {
		got[c.Field] = c.Read + " " + c.Sent + " " + c.Accepted
	}
	want := map[string]string{"usu_vlrlim": "1334.50 1334.50 1334.50", "usu_frete": "12.50 12.50 12.50"}
	if !maps.Equal(got, want) {
		t.Errorf("reconciled %v, want %v", got, want)
	}
}

// TestCRMAnswerUnderAnotherWrapper: DESIGN: a CRM answer's elements (retorno, mensagem,
// idRegistro) are found whatever the wrapper's name. A Senior whose setCategoriaServico
// answers in <CategoriaServicoRetorno> (the shipped file says CategoriaServicoRetornoDados;
// setContas' is read from a page cut off) is read as it answers: every row ok. It stopped the
// run at the first answer (exit 2), and before that sent each row seven times.
func TestCRMAnswerUnderAnotherWrapper(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "templates", "ports", "setcategoriaservico.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sdir := t.TempDir()
	writeFile(t, sdir, "setcategoriaservico.yaml", strings.Replace(string(src), "response: CategoriaServicoRetornoDados", "response: CategoriaServicoRetorno", 1))
	simCat, err := templates.Load(sdir)
	if err != nil {
		t.Fatal(err)
	}
	e := startSim(t, nil, func(c *simulator.Config) { c.Catalogue = simCat })
	dir := t.TempDir()
	cfg := e.settings(dir, categorias(t, dir, 3, 0))
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != 0 || sum.Outcomes[outcome.OK] != 3 {
		t.Fatalf("exit %d, %v, %v; want every row ok", sum.ExitCode, err, sum.Outcomes)
	}
	if n := e.sim.Stats().Requests; n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}
