package pipeline

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"seniorimporter/journal"
	"seniorimporter/outcome"
	"seniorimporter/simulator"
	"seniorimporter/soap"
	"seniorimporter/templates"
)

// openJournal gives a test its own journal file.
func openJournal(t *testing.T) *journal.Journal {
	t.Helper()
	j, err := journal.Open(context.Background(), filepath.Join(t.TempDir(), "journal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j
}

func outcomesOf(t *testing.T, path string) map[outcome.Kind]int {
	t.Helper()
	m := map[outcome.Kind]int{}
	for _, l := range readJSONL(t, path) {
		m[l.Outcome]++
	}
	return m
}

// A re-run of a finished input sends nothing: every row is skipped, naming the run that
// imported it, and keeps Senior's id.
func TestJournalRerunSendsNothing(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	files := []string{orcamentos(t, dir, 5), categorias(t, dir, 7, 0)}
	cfg := e.settings(dir, files...)
	cfg.Journal = j
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 17 {
		t.Fatalf("first run: %v %v", err, sum.Outcomes)
	}
	requests := e.stats().Requests
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.Skipped] != 17 {
		t.Fatalf("second run: %v exit %d %v", err, sum.ExitCode, sum.Outcomes)
	}
	if got := e.stats().Requests; got != requests {
		t.Fatalf("the second run sent %d requests", got-requests)
	}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		if !strings.HasPrefix(l.Message, "já importado na execução 1 em ") || l.ID == "" {
			t.Fatalf("%+v", l)
		}
	}
	// A third run names run 1 still, not run 2, which skipped them (a tester found run 9 and
	// 10, runs that imported nothing, named for run 8).
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.Skipped] != 17 {
		t.Fatalf("third run: %v %v", err, sum.Outcomes)
	}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		if !strings.HasPrefix(l.Message, "já importado na execução 1 em ") || l.ID == "" {
			t.Fatalf("third run: %+v", l)
		}
	}
}

// A G5 include imported before with other values is refused by default, naming the fields;
// --on-existing alter sends it as an alteration; a CRM upsert with other values is sent.
func TestJournalOtherValues(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	quote := "tipOpe;codEmp;numOct;verOct;desOct;vlrBru;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n1;1;7001;1;Primeira;100,00;1;P1;1;10\n"
	f := writeFile(t, dir, "GravarOrcamentos-x.csv", quote)
	c := writeFile(t, dir, "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Antes;1\n")
	cfg := e.settings(dir, f, c)
	cfg.Journal = j
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 2 {
		t.Fatalf("first run: %v %v", err, sum.Outcomes)
	}
	writeFile(t, dir, "GravarOrcamentos-x.csv", strings.Replace(quote, "Primeira;100,00", "Segunda;150,00", 1))
	writeFile(t, dir, "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nS1;Depois;1\n")
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Invalid] != 1 || sum.Outcomes[outcome.OK] != 1 {
		t.Fatalf("second run: %v %v", err, sum.Outcomes)
	}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		if l.Port == "GravarOrcamentos" && !strings.Contains(l.Message, "com outros valores: desOct, vlrBru; para enviá-lo como alteração, escreva tipOpe 2 na linha, ou importe com --on-existing alter") {
			t.Fatalf("%q", l.Message)
		}
	}
	if got := e.sim.Records("setCategoriaServico")[0].Values["CategoriaServicoDescricao"]; got != "Depois" {
		t.Fatalf("the CRM upsert was not sent: %q", got)
	}
	cfg.OnExisting = "alter"
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 1 || sum.Outcomes[outcome.Skipped] != 1 {
		t.Fatalf("with --on-existing alter: %v %v", err, sum.Outcomes)
	}
	q := e.sim.Records("GravarOrcamentos")[0].Values
	if q["desOct"] != "Segunda" || q["tipOpe"] != "2" || e.stats().DuplicateIncludes != 0 {
		t.Fatalf("stored %v, %d duplicate includes", q, e.stats().DuplicateIncludes)
	}
}

// TestOtherValuesOnOneSide: a value or a set only one side has is another value. Against the
// journal, a quote imported without codCpg and now with it is refused naming codCpg (the
// message named nothing); against Senior (another journal), a quote Senior holds without
// items, sent with them, is refused naming itens, not skipped as "the same values" with
// its items never sent (a finance tester's hidden itens sheet shown again).
func TestOtherValuesOnOneSide(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	bare := "tipOpe;codEmp;numOct;verOct;desOct\n1;1;7101;1;Sem itens\n"
	f := writeFile(t, dir, "GravarOrcamentos-x.csv", bare)
	cfg := e.settings(dir, f)
	cfg.Journal = openJournal(t)
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 1 {
		t.Fatalf("first run: %v %v", err, sum.Outcomes)
	}
	writeFile(t, dir, "GravarOrcamentos-x.csv", "tipOpe;codEmp;numOct;verOct;desOct;codCpg\n1;1;7101;1;Sem itens;030\n")
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.Invalid] != 1 {
		t.Fatalf("codCpg added: %v %v", err, sum.Outcomes)
	}
	if l := readJSONL(t, filepath.Join(dir, "report.jsonl"))[0]; !strings.Contains(l.Message, "com outros valores: codCpg;") {
		t.Errorf("codCpg added: %q", l.Message)
	}

	writeFile(t, dir, "GravarOrcamentos-x.csv", "tipOpe;codEmp;numOct;verOct;desOct;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n1;1;7101;1;Sem itens;1;P1;1;10\n")
	cfg.Journal = openJournal(t) // another machine: Senior decides
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Skipped] != 0 {
		t.Fatalf("items sent, none held: %v %v", err, sum.Outcomes)
	}
	if l := readJSONL(t, filepath.Join(dir, "report.jsonl"))[0]; l.Outcome != outcome.Rejected || l.Message != "já está no Senior com outros valores: itens" {
		t.Errorf("items sent, none held: %s %q", l.Outcome, l.Message)
	}
	if q := e.sim.Records("GravarOrcamentos"); len(q) != 1 || len(q[0].Sets["itens"]) != 0 {
		t.Errorf("Senior holds %+v", q) // the include was refused as existing: nothing changed
	}
}

// simBehind is the simulator behind a proxy: a request whose envelope holds match goes to
// intercept, which answers it (true) or passes it on (false); the others go to the simulator.
func simBehind(t *testing.T, e *e2e, match string, intercept func(http.ResponseWriter, *http.Request) bool) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if bytes.Contains(body, []byte(match)) && intercept(w, r) {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		e.sim.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// storedQuotes writes n quotes of two items each in dir and imports them, so that Senior
// holds them; it gives the file, for the run under test to send again.
func storedQuotes(t *testing.T, e *e2e, dir string, n int) string {
	t.Helper()
	f := orcamentos(t, dir, n)
	if sum, err := Run(context.Background(), e.settings(dir, f)); err != nil || sum.Outcomes[outcome.OK] != 2*n {
		t.Fatalf("first run: %v %v", err, sum.Outcomes)
	}
	return f
}

// notCompared begins the reason of an include Senior refused as existing whose values could
// not be read back to be compared.
const notCompared = "já está no Senior (recusou a inclusão); a comparação dos valores não foi feita: "

// wantNotCompared checks that the report.jsonl in dir has rows lines (an empty one passed
// before) and that every one is rejected as not compared, its reason going on with why.
func wantNotCompared(t *testing.T, dir string, rows int, why string) {
	t.Helper()
	lines := readJSONL(t, filepath.Join(dir, "report.jsonl"))
	if len(lines) != rows {
		t.Errorf("%d report lines, want %d", len(lines), rows)
	}
	for _, l := range lines {
		if l.Outcome != outcome.Rejected || !strings.HasPrefix(l.Message, notCompared+why) {
			t.Errorf("row %d: %s %q", l.Row, l.Outcome, l.Message)
		}
	}
}

// unavailable answers 503.
func unavailable(w http.ResponseWriter, _ *http.Request) bool {
	w.WriteHeader(http.StatusServiceUnavailable)
	return true
}

// TestExistsNotComparedWhenStopped: an include Senior refuses as existing, whose read-back is
// cut short by an interrupt, is rejected saying the values were not compared: it was sent
// and answered (an operator tester found it not_sent, "não enviado").
func TestExistsNotComparedWhenStopped(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := storedQuotes(t, e, dir, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := e.settings(dir, f)
	cfg.Journal = openJournal(t) // another journal: Senior answers that it holds the quote
	cfg.Endpoint = simBehind(t, e, "CarregarOrcamentos", func(w http.ResponseWriter, r *http.Request) bool {
		cancel() // the read-back: the run is interrupted
		<-r.Context().Done()
		return true
	})
	cfg.Grace = NoGrace
	sum, err := Run(ctx, cfg)
	if err != nil || sum.ExitCode != outcome.ExitInterrupted {
		t.Fatalf("exit %d, %v", sum.ExitCode, err)
	}
	wantNotCompared(t, dir, 2, "")
	// The next run compares them.
	cfg.Endpoint = e.srv.URL
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.Skipped] != 2 {
		t.Fatalf("the next run: %v %v", err, sum.Outcomes)
	}
}

// TestExistsNotComparedReadBackFails: the same when the read-back fails to the end (Senior
// answers 503 to it): rejected, saying so, not failed, which says Senior does not have it
// (a reviewer).
func TestExistsNotComparedReadBackFails(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := storedQuotes(t, e, dir, 1)
	cfg := e.settings(dir, f)
	cfg.Journal = openJournal(t)
	cfg.Endpoint = simBehind(t, e, "CarregarOrcamentos", unavailable)
	cfg.Retries = 2
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	wantNotCompared(t, dir, 2, "")
}

// TestExistsNotComparedAfterGiveUp: an include refused as existing whose read-back met a
// Senior that stopped answering until --give-up-after says why the values were not compared,
// without the stop's "não enviado", which said of a sent include that it was not
// ("a comparação dos valores não foi feita: não enviado: Senior inacessível ...").
func TestExistsNotComparedAfterGiveUp(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := storedQuotes(t, e, dir, 2)
	cfg := e.settings(dir, f)
	cfg.Journal = openJournal(t) // another journal: Senior answers that it holds the quotes
	cfg.Endpoint = simBehind(t, e, "CarregarOrcamentos", func(w http.ResponseWriter, r *http.Request) bool {
		hangUp(t, w, r) // the read-back: Senior gone
		return true
	})
	cfg.Retries, cfg.GiveUpAfter, cfg.Backoff = 30, 100*time.Millisecond, time.Millisecond
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	wantNotCompared(t, dir, 4, "Senior inacessível desde ")
}

// TestLandedReadBackComparesValues: an include met by a passing fault is read back before it
// is sent again; a quote Senior holds with other values is not this include landed (a
// consultant's migration run again with changed quotes, 503s on the way: reported ok, Senior
// kept the old values, and the journal skipped them ever after). It is rejected naming the
// fields; one that holds the values sent is ok. Also with --retries 0, an include refused as
// existing whose read-back fails says the values were not compared.
func TestLandedReadBackComparesValues(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	head := "tipOpe;codEmp;numOct;verOct;desOct\n"
	f := writeFile(t, dir, "GravarOrcamentos-x.csv", head+"1;1;7201;1;Antes\n")
	if sum, err := Run(context.Background(), e.settings(dir, f)); err != nil || sum.Outcomes[outcome.OK] != 1 {
		t.Fatalf("first run: %v %v", err, sum.Outcomes)
	}
	var first atomic.Bool
	url := simBehind(t, e, "GravarOrcamentos", func(w http.ResponseWriter, r *http.Request) bool {
		return !first.Swap(true) && unavailable(w, r) // written, not stored: it may have landed
	})
	writeFile(t, dir, "GravarOrcamentos-x.csv", head+"1;1;7201;1;Depois\n1;1;7202;1;Nova\n")
	cfg := e.settings(dir, f)
	cfg.Journal = openJournal(t)
	cfg.Endpoint = url
	cfg.Workers = 1
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		got[l.Key] = string(l.Outcome) + " " + l.Message
	}
	if got["1/7201/1"] != "rejected já está no Senior com outros valores: desOct" || !strings.HasPrefix(got["1/7202/1"], "ok ") {
		t.Errorf("report: %q", got)
	}
	for _, q := range e.sim.Records("GravarOrcamentos") {
		if q.Key == "1/7201/1" && q.Values["desOct"] != "Antes" {
			t.Errorf("Senior holds %v", q.Values)
		}
	}

	// With --on-existing alter, such an include goes as an alteration: after the fault, and
	// when Senior refuses it as existing (another journal; a chaos tester followed the
	// invalid row's advice and the quote kept its old values, rejected).
	held := func() string {
		for _, q := range e.sim.Records("GravarOrcamentos") {
			if q.Key == "1/7201/1" {
				return fmt.Sprint(q.Values["desOct"])
			}
		}
		return ""
	}
	for _, c := range []struct{ name, desc string }{{"after a fault", "Depois"}, {"refused as existing", "Outra"}} {
		writeFile(t, dir, "GravarOrcamentos-x.csv", head+"1;1;7201;1;"+c.desc+"\n")
		first.Store(c.name != "after a fault")
		cfg.Journal, cfg.OnExisting = openJournal(t), "alter"
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		if l := readJSONL(t, filepath.Join(dir, "report.jsonl")); len(l) != 1 || l[0].Outcome != outcome.OK || held() != c.desc {
			t.Errorf("--on-existing alter, %s: %+v; Senior holds %q", c.name, l, held())
		}
	}
	cfg.OnExisting = ""

	// --retries 0: refused as existing, its read-back refused (503): not compared, said so.
	writeFile(t, dir, "GravarOrcamentos-x.csv", head+"1;1;7201;1;Depois\n")
	cfg.Journal, cfg.Endpoint, cfg.Retries = openJournal(t), simBehind(t, e, "CarregarOrcamentos", unavailable), 0
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if l := readJSONL(t, filepath.Join(dir, "report.jsonl")); len(l) != 1 || l[0].Outcome != outcome.Rejected ||
		!strings.HasPrefix(l[0].Message, notCompared) {
		t.Errorf("--retries 0: %+v", l)
	}
}

// TestInvalidRowOfAKeyImported: the original file imported again after its red row went,
// fixed, from the re-import folder: the row is invalid again (as it is it cannot go), and
// says the key was imported and by which run; a red row of a key never imported says
// nothing more.
func TestInvalidRowOfAKeyImported(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	head := "tipOpe;codEmp;numOct;verOct;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n"
	orig := writeFile(t, dir, "GravarOrcamentos-x.csv", head+"1;1;8001;1;1;P1;1;10\n1;1;8002;1;1;P1;1;12.50\n1;1;8003;1;1;P1;1;9.99\n")
	os.MkdirAll(filepath.Join(dir, "corrigir"), 0o755)
	fixed := writeFile(t, filepath.Join(dir, "corrigir"), "GravarOrcamentos-x.csv", head+"1;1;8002;1;1;P1;1;12,50\n")
	cfg := e.settings(dir, orig)
	cfg.Journal = openJournal(t)
	for i, f := range []string{orig, fixed, orig} {
		cfg.Files = []string{f}
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	got := map[string]string{}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		got[l.Key] = string(l.Outcome) + " " + l.Message
	}
	if m := got["1/8002/1"]; !strings.HasPrefix(m, "invalid ") || !strings.Contains(m, " (a chave 1/8002/1 já foi importada na execução 2 em ") {
		t.Errorf("8002: %q", m)
	}
	if m := got["1/8003/1"]; !strings.HasPrefix(m, "invalid ") || strings.Contains(m, "já foi importada") {
		t.Errorf("8003: %q", m)
	}
	if m := got["1/8001/1"]; !strings.HasPrefix(m, "skipped ") {
		t.Errorf("8001: %q", m)
	}

	// A key whose last step was a delete is not held by Senior: nothing said (a tester was
	// told "não falta nada" of a quote deleted since).
	del := writeFile(t, filepath.Join(dir, "corrigir"), "GravarOrcamentos-x.csv", "tipOpe;codEmp;numOct;verOct\n3;1;8002;1\n")
	cfg.Files = []string{del}
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 1 {
		t.Fatalf("the delete: %v %v", err, sum.Outcomes)
	}
	cfg.Files = []string{orig}
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		if l.Key == "1/8002/1" && strings.Contains(l.Message, "já foi importada") {
			t.Errorf("after its delete: %q", l.Message)
		}
	}

	// A read port imports nothing: a bad query row of a key queried before says nothing of it.
	q := writeFile(t, dir, "CarregarOrcamentos.csv", "codEmp;numOct;verOct\n1;8001;1\n")
	cfg.Files = []string{q}
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "CarregarOrcamentos.csv", "codEmp;numOct;verOct\n1;8001;1;a mais\n")
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if l := readJSONL(t, filepath.Join(dir, "report.jsonl")); len(l) != 1 || l[0].Outcome != outcome.Invalid || strings.Contains(l[0].Message, "já foi importada") {
		t.Errorf("a read port's bad row: %+v", l)
	}

	// Records waiting for the journal or a batch, or for their lookup, never hold the run: one
	// checked record and then a window's worth of invalid ones hung it for good (a reviewer),
	// with a journal or not, one by one or batched.
	for _, c := range []struct {
		name    string
		file    string
		body    string
		batch   int
		journal bool
	}{
		{"journal", "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nOK1;ok;1\n", 0, true},
		{"no journal", "setCategoriaServico.csv", "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\nOK1;ok;1\n", 0, false},
		{"batched", "GravarOrcamentos-lote.csv", "tipOpe;codEmp;numOct;verOct\n1;1;8101;1\n", 4, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(c.body)
			for range 40 {
				if c.batch > 0 {
					b.WriteString("1;1;;1\n")
				} else {
					b.WriteString(";sem chave;1\n")
				}
			}
			cfg := e.settings(dir, writeFile(t, dir, c.file, b.String()))
			cfg.window, cfg.Batch = 8, c.batch
			if c.journal {
				cfg.Journal = openJournal(t)
			}
			done := make(chan outcome.Summary)
			go func() {
				sum, _ := Run(context.Background(), cfg)
				done <- sum
			}()
			select {
			case sum := <-done:
				if sum.Outcomes[outcome.Invalid] != 40 || sum.Outcomes[outcome.OK] != 1 {
					t.Errorf("outcomes %v", sum.Outcomes)
				}
			case <-time.After(time.Minute): // a hang, not a speed: the run takes a fraction of a second
				t.Fatal("the run hangs")
			}
		})
	}

	// Invalid records wait for their lookup a chunk at a time: one before many valid ones,
	// with a narrow window, does not hold the run (the report goes in input order).
	var b strings.Builder
	b.WriteString("CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n;sem chave;1\n")
	for i := range 200 {
		fmt.Fprintf(&b, "W%d;ok;1\n", i)
	}
	cfg.Files = []string{writeFile(t, dir, "setCategoriaServico.csv", b.String())}
	cfg.window = 8
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Invalid] != 1 || sum.Outcomes[outcome.OK] != 200 {
		t.Errorf("an invalid record before 200 valid ones, window 8: %v %v", err, sum.Outcomes)
	}
}

// A file that holds a key more than once (a CRM upsert; a G5 quote's rows of one key are one
// record), imported again: each row is decided by what the row before it of its key left, so
// Senior ends with the file's last row of each key. Before, every row was compared with the
// state the run began with: the rows that differed from it were sent, the last one (equal to
// it) was skipped as already imported, and Senior was left with a row from the middle.
// Imported again as it is, nothing goes: each row of D1 is a step an earlier run took (the
// three were sent again each time before). A row of D1 changed in the middle goes, and the
// row after it; the one before it is still a step taken.
func TestJournalKeyTwiceInAFile(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	head := "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n"
	file := func(second string) string {
		return head + "D1;Primeira;1\nD2;Outra;1\nD1;" + second + ";1\nD1;Terceira;1\nD3;Igual;1\nD3;Igual;1\n"
	}
	c := writeFile(t, dir, "setCategoriaServico.csv", file("Segunda"))
	cfg := e.settings(dir, c)
	cfg.Journal = j
	held := func() string {
		for _, r := range e.sim.Records("setCategoriaServico") {
			if r.Key == "D1" {
				return r.Values["CategoriaServicoDescricao"]
			}
		}
		return ""
	}
	for run := 1; run <= 4; run++ {
		if run == 4 {
			writeFile(t, dir, "setCategoriaServico.csv", file("Segunda, corrigida"))
		}
		requests := e.stats().Requests
		sum, err := Run(context.Background(), cfg)
		if err != nil || sum.ExitCode != outcome.ExitOK {
			t.Fatalf("run %d: %v %v", run, err, sum.Outcomes)
		}
		if got := held(); got != "Terceira" {
			t.Fatalf("after run %d Senior holds D1 %q; want the file's last row of D1, Terceira", run, got)
		}
		sent := e.stats().Requests - requests
		switch {
		case (run == 2 || run == 3) && (sent != 0 || sum.Outcomes[outcome.Skipped] != 6):
			t.Errorf("run %d sent %d requests, %v; want none sent, 6 skipped", run, sent, sum.Outcomes)
		case run == 4 && (sent != 2 || sum.Outcomes[outcome.Skipped] != 4):
			t.Errorf("run %d (D1's second row changed) sent %d requests, %v; want it and the row after it sent, 4 skipped", run, sent, sum.Outcomes)
		}
	}
}

// quoteHead is the header of the quote files of the journal's step tests.
const quoteHead = "tipOpe;codEmp;numOct;verOct;desOct;codCli;codCpg;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n"

// downFor serves the simulator behind a front that, while down is set, drops unprocessed
// every request whose body holds word: Senior down for that row.
func downFor(t *testing.T, e *e2e, word string) (front string, down *atomic.Bool) {
	down = new(atomic.Bool)
	front = e.front(t, func(_ int64, body string) string {
		if down.Load() && strings.Contains(body, word) {
			return "reset"
		}
		return ""
	})
	return front, down
}

// TestJournalStepsTaken: a file that holds a quote's include and, further down, its alter
// (or an include, a delete and an include again), imported again after a run that did not
// finish it. Each row is a step of its quote: the steps taken go again never, whatever the
// quote holds since; the one not taken goes. Before, the third run refused the include as
// "imported before with other values" (the alter's, exit 1 however often run again, as a
// migration killed and resumed found), and the second deleted quote 7002 and included it
// again.
func TestJournalStepsTaken(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	front, failAlter := downFor(t, e, "Segunda") // Senior down for the alter: it never lands
	rows := "1;1;7001;1;Primeira;10002;030;1;P1;1;10\n" +
		"1;1;7002;1;Obra;10002;030;1;P1;1;10\n" +
		"1;1;7003;1;Outra;10002;030;1;P1;1;10\n" +
		"3;1;7002;1;;;;;;;\n" +
		"2;1;7001;1;Segunda;10002;030;1;P1;2;10\n" +
		"1;1;7002;1;Obra;10002;030;1;P1;1;10\n"
	cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-passos.csv", quoteHead+rows))
	cfg.Endpoint, cfg.Journal, cfg.Retries = front, j, 1
	failAlter.Store(true)
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.OK] != 5 || sum.Outcomes[outcome.Unknown] != 1 {
		t.Fatalf("first run: %v %v; want the alter unknown (its request went out, its connection reset), the rest ok", err, sum.Outcomes)
	}
	failAlter.Store(false)
	desOct := func(num string) string {
		for _, r := range e.sim.Records("GravarOrcamentos") {
			if r.Values["numOct"] == num {
				return r.Values["desOct"]
			}
		}
		return "(absent)"
	}
	for run := 2; run <= 3; run++ {
		requests := e.stats().Requests
		sum, err := Run(context.Background(), cfg)
		if err != nil || sum.ExitCode != outcome.ExitOK {
			t.Fatalf("run %d: %v %v", run, err, sum.Outcomes)
		}
		sent, want := e.stats().Requests-requests, int64(1) // run 2: the alter only
		if run == 3 {
			want = 0
		}
		if sent != want || sum.Outcomes[outcome.Skipped] != 6-int(want) {
			t.Errorf("run %d sent %d requests, %v; want %d", run, sent, sum.Outcomes, want)
		}
		if got := desOct("7001"); got != "Segunda" || desOct("7002") != "Obra" || e.stats().DuplicateIncludes != 0 {
			t.Errorf("after run %d: 7001 %q, 7002 %q, %d duplicate includes", run, got, desOct("7002"), e.stats().DuplicateIncludes)
		}
	}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		if l.Row == 2 && !strings.Contains(l.Message, "antes das linhas seguintes da mesma chave") {
			t.Errorf("row 2: %q, want it said to be a step taken before the rows after it", l.Message)
		}
	}
}

// A target is never another target: the same file against another Senior is sent.
func TestJournalTargetsAreSeparate(t *testing.T) {
	test, prod := startSim(t, nil, nil), startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	f := categorias(t, dir, 5, 0)
	for _, e := range []*e2e{test, prod} {
		cfg := e.settings(dir, f)
		cfg.Journal = j
		if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 5 {
			t.Fatalf("%v %v", err, sum.Outcomes)
		}
	}
}

// A quote whose item rows were sorted another way (by product) since it was imported is the
// same quote: imported again, it is skipped and nothing is sent. It was refused as "imported
// before with other values", naming fields that had not changed.
func TestJournalItemsReordered(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	const head = "tipOpe;codEmp;numOct;verOct;desOct;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n"
	one := "1;1;9001;1;Obra;1;ZZ-9;1;10\n"
	two := "1;1;9001;1;Obra;2;AA-1;2;5,5\n"
	cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-a.csv", head+one+two))
	cfg.Journal = j
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 2 {
		t.Fatalf("first run: %v %v", err, sum.Outcomes)
	}
	requests := e.stats().Requests
	cfg.Files = []string{writeFile(t, dir, "GravarOrcamentos-b.csv", head+two+one)} // sorted by product
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Skipped] != 2 {
		t.Fatalf("items reordered: %v %v", err, sum.Outcomes)
	}
	if got := e.stats().Requests; got != requests {
		t.Errorf("%d requests sent for a quote already imported", got-requests)
	}
}

// TestJournalSameSeniorOtherName: a night whose endpoint names the Senior the journal knows
// by its address (localhost for 127.0.0.1: a job file edited, an IP replaced by its DNS name)
// is refused before anything is sent, exit 2, giving the address as the journal knows it and
// --force; the journal thought them two Seniors and the whole load went again (every category
// sent again here; a night's quotes each refused as a duplicate and read back). As before it
// is skipped; with --force once, the new name starts its own history, and is skipped after.
func TestJournalSameSeniorOtherName(t *testing.T) {
	if _, err := net.DefaultResolver.LookupNetIP(context.Background(), "ip", "localhost"); err != nil {
		t.Skipf("localhost does not resolve here: %v", err)
	}
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	f := categorias(t, dir, 5, 0)
	byAddr := e.srv.URL // http://127.0.0.1:PORT
	byName := strings.Replace(byAddr, "127.0.0.1", "localhost", 1)
	known := strings.TrimPrefix(byAddr, "http://") + "/crm/ws"
	for _, c := range []struct {
		name     string
		endpoint string
		force    bool
		refused  bool
		sent     int64
		outcome  outcome.Kind
	}{
		{"first night, by address", byAddr, false, false, 5, outcome.OK},
		{"by name", byName, false, true, 0, ""},
		{"by name, spelt otherwise", strings.Replace(strings.ToUpper(byName), "HTTP", "http", 1) + "/", false, true, 0, ""},
		{"by address again", byAddr, false, false, 0, outcome.Skipped},
		{"by name with --force", byName, true, false, 5, outcome.OK},
		{"by name after it", byName, false, false, 0, outcome.Skipped},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := e.settings(dir, f)
			cfg.Endpoint, cfg.CRMEndpoint = c.endpoint, strings.TrimSuffix(c.endpoint, "/")+"/crm/ws"
			cfg.Journal, cfg.Force = j, c.force
			before := e.stats().Requests
			sum, err := Run(context.Background(), cfg)
			if sent := e.stats().Requests - before; sent != c.sent {
				t.Errorf("%d requests sent, want %d", sent, c.sent)
			}
			var ce *ConfigError
			if c.refused {
				if !errors.As(err, &ce) || !strings.Contains(err.Error(), "escreva o endereço como antes ("+known+")") || !strings.Contains(err.Error(), "--force") {
					t.Errorf("want a refusal naming %s and --force, got %v", known, err)
				}
				return
			}
			if err != nil || sum.Outcomes[c.outcome] != 5 {
				t.Errorf("%v %v, want 5 %s", err, sum.Outcomes, c.outcome)
			}
		})
	}
}

// The journal knows a Senior however its address is spelled: the case of its host, its
// scheme's own port, a slash at the end.
func TestJournalTargetSpellings(t *testing.T) {
	cat := mustCatalogue(t)
	target := func(endpoint string) string {
		s, err := newSender(func() Settings {
			c := Settings{Endpoint: endpoint, G5: soap.Credentials{User: "integra"}}
			c.defaults()
			return c
		}(), cat)
		if err != nil {
			t.Fatal(err)
		}
		return s.target(cat.Port("GravarOrcamentos"))
	}
	for _, same := range [][]string{
		{"https://senior.example:8443/g5", "https://Senior.Example:8443/g5/", "HTTPS://SENIOR.EXAMPLE:8443/g5"},
		{"https://senior.example", "https://senior.example:443", "https://SENIOR.example:443/"},
		{"http://10.0.0.5", "http://10.0.0.5:80/"},
		{"https://[::1]", "https://[::1]:443"},
	} {
		for _, e := range same[1:] {
			if a, b := target(same[0]), target(e); a != b {
				t.Errorf("%s → %q, %s → %q: the same Senior", same[0], a, e, b)
			}
		}
	}
	for _, other := range [][2]string{
		{"https://senior.example", "http://senior.example:443"},
		{"https://senior.example:8443", "https://senior.example"},
		{"https://senior.example/g5", "https://senior.example/G5"},
	} {
		if a, b := target(other[0]), target(other[1]); a == b {
			t.Errorf("%s and %s → %q: not the same Senior", other[0], other[1], a)
		}
	}
}

// The re-import file, fixed, sends only the rows that were fixed: the others of the original
// file were never in it, and running the original again skips what was accepted.
func TestJournalFixedReimportSendsOnlyFixed(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	f := categorias(t, dir, 20, 4) // rows with no id: 4, 8, 12, 16, 20
	cfg := e.settings(dir, f)
	cfg.Journal = j
	cfg.Reimport = filepath.Join(dir, "corrigir")
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.Invalid] != 5 {
		t.Fatalf("%v %v", err, sum.Outcomes)
	}
	fixedPath := filepath.Join(cfg.Reimport, "setCategoriaServico.csv")
	raw, err := os.ReadFile(fixedPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\r\n")
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], ";") {
			lines[i] = "FIX" + string(rune('A'+i)) + lines[i]
		}
	}
	fixed := filepath.Join(t.TempDir(), "setCategoriaServico.csv")
	os.WriteFile(fixed, []byte(strings.Join(lines, "\r\n")), 0o644)
	requests := e.stats().Requests
	cfg2 := e.settings(t.TempDir(), fixed)
	cfg2.Journal = j
	sum, err := Run(context.Background(), cfg2)
	if err != nil || sum.Outcomes[outcome.OK] != 5 || sum.ExitCode != outcome.ExitOK {
		t.Fatalf("fixed file: %v %v", err, sum.Outcomes)
	}
	if got := e.stats().Requests - requests; got != 5 {
		t.Fatalf("%d requests for 5 fixed rows", got)
	}
}

// An include the journal left in flight (a killed run) is read back before it is sent: Senior
// has it with the same values, so it is skipped, not sent twice.
func TestJournalInFlightIsReadBack(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := orcamentos(t, dir, 3)
	if _, err := Run(context.Background(), e.settings(dir, f)); err != nil || e.stats().Stored != 3 {
		t.Fatalf("%v %d", err, e.stats().Stored)
	}
	// A run that marked 1/5002/1 in flight and was killed before it settled.
	cfg := killedInFlight(t, e.settings(dir, f), 1, "1/5002/1", "i:x")
	ctx := context.Background()
	requests := e.stats().Requests
	sum, err := Run(ctx, cfg)
	if err != nil || sum.Outcomes[outcome.Skipped] != 6 {
		t.Fatalf("%v %v", err, sum.Outcomes)
	}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		if l.Message != "já estava no Senior com os mesmos valores (confirmado por consulta)" {
			t.Fatalf("%+v", l)
		}
	}
	// 5002, in flight in the journal, was read back (one request) and never sent again; 5001
	// and 5003, which this journal never saw, went, were refused as existing and read back.
	if got := e.stats().Requests - requests; got != 1+2+2 {
		t.Fatalf("%d requests, want 5", got)
	}
	if e.stats().DuplicateIncludes != 2 {
		t.Fatalf("%d duplicate includes: only the two quotes the journal did not know may be tried", e.stats().DuplicateIncludes)
	}
}

// TestAsyncInFlightIncludeNotResent: in async and scheduled modes nothing can be read back, so
// an include an earlier run left without an answer (killed with it in flight, or settled
// unknown) is not sent again: its row is unknown, naming that run and what to do, and the
// rows of its key after it are held back. An alter in the same state is sent again, as before.
// A run in sync mode then settles the include by its read-back. Before, the include went again
// blindly: Senior held the quote twice (a chaos tester: 75 duplicate includes, all queued,
// exit 0).
func TestAsyncInFlightIncludeNotResent(t *testing.T) {
	cases := []struct {
		name    string
		mode    soap.Mode
		settled map[int]outcome.Kind // the earlier run's settlements; nil: it was killed
	}{
		{"async, killed in flight", soap.ModeAsync, nil},
		{"scheduled, unknown", soap.ModeScheduled, map[int]outcome.Kind{0: outcome.Unknown, 1: outcome.Unknown}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			dir := t.TempDir()
			const quote = "1;7201;1;Obra;10002;030;1;P1;1;10\n"
			stored := writeFile(t, dir, "GravarOrcamentos-a.csv", quoteHead+"1;"+quote+"1;1;7202;1;Obra;10002;030;1;P1;1;10\n")
			if sum, err := Run(context.Background(), e.settings(dir, stored)); err != nil || sum.Outcomes[outcome.OK] != 2 {
				t.Fatalf("the quotes Senior holds: %v %v", err, sum.Outcomes)
			}
			// 7201's include, 7202's alter, then 7201's alter: the earlier run marked the first
			// two in flight (the third waits for 7201's include) and settled them as c says.
			f := writeFile(t, dir, "GravarOrcamentos-b.csv", quoteHead+"1;"+quote+"2;1;7202;1;Outra;10002;030;1;P1;1;10\n2;1;7201;1;Mudada;10002;030;1;P1;1;10\n")
			var mu sync.Mutex
			sent := map[string]int{} // requests by quote and operation
			front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				mu.Lock()
				for _, num := range []string{"7201", "7202"} {
					for _, op := range []string{"1", "2"} {
						if bytes.Contains(body, []byte("<numOct>"+num+"</numOct>")) && bytes.Contains(body, []byte("<tipOpe>"+op+"</tipOpe>")) {
							sent[num+" tipOpe "+op]++
						}
					}
				}
				mu.Unlock()
				r.Body = io.NopCloser(bytes.NewReader(body))
				e.sim.Handler().ServeHTTP(w, r)
			}))
			defer front.Close()
			cfg := e.settings(dir, f)
			cfg.Endpoint = front.URL
			cfg.Mode = c.mode
			cfg.Journal = openJournal(t)
			earlierRun(t, cfg, recordsIn(t, []string{f})[:2], c.settled, c.settled != nil)
			earlier, err := cfg.Journal.Run(context.Background(), 1)
			if err != nil {
				t.Fatal(err)
			}
			want := outcome.PT.SentWithoutAnswer(1, earlier.Started, "CarregarOrcamentos")
			for again := range 2 { // the next run in the same mode says the same, of run 1
				dup := e.stats().DuplicateIncludes
				sum, err := Run(context.Background(), cfg)
				if err != nil || sum.ExitCode != outcome.ExitSomeFailed {
					t.Fatalf("run %d: exit %d, %v", 2+again, sum.ExitCode, err)
				}
				if got := e.stats().DuplicateIncludes - dup; got != 0 {
					t.Errorf("run %d: %d duplicate includes", 2+again, got)
				}
				lines := readJSONL(t, filepath.Join(dir, "report.jsonl"))
				if len(lines) != 3 || lines[0].Outcome != outcome.Unknown || lines[0].Message != want {
					t.Fatalf("run %d: %+v\nwant the include unknown: %s", 2+again, lines, want)
				}
				if l := lines[2]; l.Outcome != outcome.NotSent || l.Message != outcome.PT.HeldBack("2") {
					t.Errorf("run %d: 7201's alter %s %q; want it held back behind its include", 2+again, l.Outcome, l.Message)
				}
				wantAlter := outcome.Queued // sent again, as an alter may be
				if again > 0 {
					wantAlter = outcome.Skipped // queued by run 2
				}
				if lines[1].Outcome != wantAlter {
					t.Errorf("run %d: 7202's alter %s %q, want %s", 2+again, lines[1].Outcome, lines[1].Message, wantAlter)
				}
			}
			if want := map[string]int{"7202 tipOpe 2": 1}; !maps.Equal(sent, want) {
				t.Errorf("requests %v, want %v: 7201 never sent", sent, want)
			}
			// In sync mode the include is read back: Senior holds it, so it is skipped, and its
			// alter goes.
			cfg.Mode = soap.ModeSync
			sum, err := Run(context.Background(), cfg)
			if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.Skipped] != 2 || sum.Outcomes[outcome.OK] != 1 {
				t.Fatalf("sync: exit %d, %v %v", sum.ExitCode, sum.Outcomes, err)
			}
			if e.stats().DuplicateIncludes != 0 || sent["7201 tipOpe 1"] != 0 {
				t.Errorf("sync: %d duplicate includes, %v", e.stats().DuplicateIncludes, sent)
			}
		})
	}
}

// TestDecideUncertain: what a record whose last state leaves its fate open (in flight,
// unknown) is to do, by mode, operation and the run that left it: only an include an earlier
// run left, in a mode without a read-back, is left unsent.
func TestDecideUncertain(t *testing.T) {
	dir := t.TempDir()
	recs := recordsIn(t, []string{
		writeFile(t, dir, "GravarOrcamentos-d.csv", quoteHead+"1;1;7301;1;Obra;10002;030;1;P1;1;10\n2;1;7302;1;Obra;10002;030;1;P1;1;10\n3;1;7303;1;;;;;;;\n"),
		categorias(t, dir, 1, 0),
	})
	byOp := map[string]*Record{"include": recs[0], "alter": recs[1], "delete": recs[2], "upsert": recs[3]}
	cases := []struct {
		mode    soap.Mode
		op      string
		outcome string
		run     int64 // the run that left the state; this one is 2
		want    verdict
	}{
		{soap.ModeAsync, "include", journal.OutcomeInFlight, 1, unsettled},
		{soap.ModeAsync, "include", string(outcome.Unknown), 1, unsettled},
		{soap.ModeScheduled, "include", journal.OutcomeInFlight, 1, unsettled},
		{soap.ModeAsync, "include", journal.OutcomeInFlight, 2, sendIt}, // this run's: held back if it fails
		{soap.ModeAsync, "include", string(outcome.Failed), 1, sendIt},
		{soap.ModeAsync, "alter", journal.OutcomeInFlight, 1, sendIt},
		{soap.ModeAsync, "delete", string(outcome.Unknown), 1, sendIt},
		{soap.ModeAsync, "upsert", journal.OutcomeInFlight, 1, sendIt},
		{soap.ModeSync, "include", journal.OutcomeInFlight, 1, recheck},
		{soap.ModeSync, "include", string(outcome.Unknown), 1, recheck},
		{soap.ModeSync, "alter", journal.OutcomeInFlight, 1, sendIt},
	}
	for _, c := range cases {
		cfg := Settings{Endpoint: "http://127.0.0.1:1", CRMEndpoint: "http://127.0.0.1:1/crm/ws", Mode: c.mode}
		cfg.defaults()
		s, err := newSender(cfg, mustCatalogue(t))
		if err != nil {
			t.Fatal(err)
		}
		jn := &journaling{run: 2, lang: outcome.PT, s: s}
		rec := byOp[c.op]
		hash, _ := fingerprint(rec.Port, rec.Wire)
		st := journal.State{Run: c.run, Outcome: c.outcome, ValueHash: hash}
		if got := jn.decide(rec.Port, rec, hash, st, true); got != c.want {
			t.Errorf("%s, %s left %s by run %d: verdict %d, want %d", c.mode, c.op, c.outcome, c.run, got, c.want)
		}
	}
}

// TestInterruptedRunKeepsWhatAKilledOneLeft: a run killed with quote 5002 in flight (it had
// landed), then a run interrupted before 5002's request was written: the next run still
// reads 5002 back before sending it. Before, the interrupted run settled 5002 not_sent over
// the killed run's mark, and the next run sent the include again without reading it back (a
// chaos tester: 900 such includes over two rounds of kills, a changed quote left with its
// old values).
func TestInterruptedRunKeepsWhatAKilledOneLeft(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := storedQuotes(t, e, dir, 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cut atomic.Bool // the journal's keys name the endpoint: one for both runs
	cut.Store(true)
	endpoint := simBehind(t, e, "GravarOrcamentos", func(w http.ResponseWriter, r *http.Request) bool {
		if !cut.Load() {
			return false
		}
		cancel() // 5001's include: the run is interrupted, 5002 never goes
		<-r.Context().Done()
		return true
	})
	cfg := e.settings(dir, f)
	cfg.Endpoint = endpoint
	cfg = killedInFlight(t, cfg, 1, "1/5002/1", "i:x")
	cfg.Grace = NoGrace
	cfg.Workers = 1
	if sum, err := Run(ctx, cfg); err != nil || sum.ExitCode != outcome.ExitInterrupted || sum.Outcomes[outcome.NotSent] != 2 {
		t.Fatalf("interrupted run: exit %d, %v %v", sum.ExitCode, sum.Outcomes, err)
	}
	cut.Store(false)
	dup := e.stats().DuplicateIncludes
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Skipped] != 4 {
		t.Fatalf("the next run: %v %v", err, sum.Outcomes)
	}
	if got := e.stats().DuplicateIncludes - dup; got != 0 {
		t.Errorf("%d includes of quotes Senior held: 5001 (unknown) and 5002 (in flight) are read back first", got)
	}
}

// TestJournalStepsPassed: a quote's include was refused (Senior held the quote with other
// values), its delete then went, its include again went. Run again, the file's rows of the
// quote are past: Senior holds the last one. Nothing goes; before, the first include was
// refused as "imported before with other values" (exit 1 however often run), the delete sent
// and the include again sent anew; with --on-existing alter the first version was put back
// over the last.
func TestJournalStepsPassed(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	seed := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-antes.csv", quoteHead+"1;1;7201;1;Zero;10002;030;1;P1;1;10\n"))
	if sum, err := Run(context.Background(), seed); err != nil || sum.Outcomes[outcome.OK] != 1 {
		t.Fatalf("seeding Senior: %v %v", err, sum.Outcomes)
	}
	rows := deleteAndAgain(7201)
	cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-passada.csv", quoteHead+rows))
	cfg.Journal = j
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Rejected] != 1 || sum.Outcomes[outcome.OK] != 4 {
		t.Fatalf("first run: %v %v; want the include rejected (Senior held it with other values), the rest ok", err, sum.Outcomes)
	}
	for _, onExisting := range []string{"error", "alter"} {
		cfg.OnExisting = onExisting
		requests := e.stats().Requests
		sum, err = Run(context.Background(), cfg)
		if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.Skipped] != 5 || e.stats().Requests != requests {
			t.Errorf("on-existing %s: %v %v after %d requests; want the five rows skipped, nothing sent", onExisting, err, sum.Outcomes, e.stats().Requests-requests)
		}
		for _, q := range e.sim.Records("GravarOrcamentos") {
			if q.Values["numOct"] == "7201" && q.Values["desOct"] != "Segunda" {
				t.Errorf("on-existing %s: Senior holds %+v; want the include again, Segunda", onExisting, q.Values)
			}
		}
	}
	if l := readJSONL(t, filepath.Join(dir, "report.jsonl")); len(l) != 5 || !strings.Contains(l[0].Message, "enviá-lo agora as desfaria") {
		t.Errorf("%+v; want the first row said to be passed by the rows after it", l)
	}
}

// A step a later file repeats at another place (another night's file: not the same row, so
// no step of its own) is decided by the key's last state: a delete of a quote deleted
// already, an alter with the values imported already, are skipped, "already imported",
// nothing sent; an alter with other values goes.
func TestJournalRepeatedElsewhereSkipped(t *testing.T) {
	const apart = "1;1;7904;1;Outra;10002;030;1;P1;1;10\n" // rows of a key next to each other are one quote
	for _, c := range []struct {
		name, first, then string // quote 7901's rows: the first file's, the later file's
		skipped           bool
	}{
		{"a delete of a quote deleted already", "1;1;7901;1;Obra;10002;030;1;P1;1;10\n" + apart + "3;1;7901;1;;;;;;;\n", "3;1;7901;1;;;;;;;\n", true},
		{"an alter with the values imported", "1;1;7901;1;Obra;10002;030;1;P1;1;10\n", "2;1;7901;1;Obra;10002;030;1;P1;1;10\n", true},
		{"an alter with the values altered to", "1;1;7901;1;Obra;10002;030;1;P1;1;10\n" + apart + "2;1;7901;1;Nova;10002;030;1;P1;1;10\n", "2;1;7901;1;Nova;10002;030;1;P1;1;10\n", true},
		{"an alter with other values", "1;1;7901;1;Obra;10002;030;1;P1;1;10\n", "2;1;7901;1;Outra;10002;030;1;P1;1;10\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			dir := t.TempDir()
			cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-1.csv", quoteHead+c.first))
			cfg.Journal = openJournal(t)
			if sum, err := Run(context.Background(), cfg); err != nil || sum.ExitCode != outcome.ExitOK {
				t.Fatalf("first file: %v %v", err, sum.Outcomes)
			}
			// Three other quotes' includes first: quote 7901's row is at a place none of its rows had.
			cfg.Files = []string{writeFile(t, dir, "GravarOrcamentos-2.csv", quoteHead+
				"1;1;7902;1;Outra obra;10002;030;1;P1;1;10\n1;1;7903;1;Mais uma;10002;030;1;P1;1;10\n1;1;7905;1;E outra;10002;030;1;P1;1;10\n"+c.then)}
			requests := e.stats().Requests
			sum, err := Run(context.Background(), cfg)
			if err != nil || sum.ExitCode != outcome.ExitOK {
				t.Fatalf("later file: %v exit %d %v", err, sum.ExitCode, sum.Outcomes)
			}
			l := readJSONL(t, filepath.Join(dir, "report.jsonl"))
			if len(l) != 4 {
				t.Fatalf("%+v", l)
			}
			sent := e.stats().Requests - requests
			if c.skipped && (l[3].Outcome != outcome.Skipped || !strings.HasPrefix(l[3].Message, "já importado na execução 1 ") || sent != 3) {
				t.Errorf("%s %q after %d requests; want it skipped as imported by run 1, only the other three sent", l[3].Outcome, l[3].Message, sent)
			}
			if !c.skipped && (l[3].Outcome != outcome.OK || sent != 4) {
				t.Errorf("%s %q after %d requests; want it sent, ok", l[3].Outcome, l[3].Message, sent)
			}
		})
	}
}

// A delete of a quote Senior does not hold, sent by a run with a journal, is rejected with
// Senior's "not found": nothing of it may have landed before (no run left it in flight or
// unknown), so no read-back turns the refusal into "deleted". Whether the journal never heard
// of the quote or saw it included by an earlier run (deleted since, by someone else).
func TestJournalDeleteNotFoundIsRejected(t *testing.T) {
	for _, c := range []struct {
		name     string
		included bool // an earlier run of the journal included it; deleted since without the journal
	}{{"a quote the journal never saw", false}, {"a quote the journal included, deleted since", true}} {
		t.Run(c.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			j := openJournal(t)
			dir := t.TempDir()
			del := writeFile(t, dir, "GravarOrcamentos-del.csv", quoteHead+"3;1;7801;1;;;;;;;\n")
			if c.included {
				inc := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-inc.csv", quoteHead+"1;1;7801;1;Obra;10002;030;1;P1;1;10\n"))
				inc.Journal = j
				if sum, err := Run(context.Background(), inc); err != nil || sum.Outcomes[outcome.OK] != 1 {
					t.Fatalf("include: %v %v", err, sum.Outcomes)
				}
				if sum, err := Run(context.Background(), e.settings(dir, del)); err != nil || sum.Outcomes[outcome.OK] != 1 || e.stats().Stored != 0 {
					t.Fatalf("delete without the journal: %v %v", err, sum.Outcomes)
				}
			}
			cfg := e.settings(dir, del)
			cfg.Journal = j
			requests := e.stats().Requests
			sum, err := Run(context.Background(), cfg)
			if err != nil || sum.ExitCode != outcome.ExitSomeFailed || sum.Outcomes[outcome.Rejected] != 1 {
				t.Fatalf("%v exit %d %v; want the delete rejected", err, sum.ExitCode, sum.Outcomes)
			}
			if l := readJSONL(t, filepath.Join(dir, "report.jsonl")); len(l) != 1 || l[0].Message != "Orçamento 1/7801/1 não encontrado." {
				t.Errorf("%+v; want Senior's not found", l)
			}
			if got := e.stats().Requests - requests; got != 1 {
				t.Errorf("%d requests, want 1: the delete, no read-back", got)
			}
		})
	}
}

// TestJournalIncludeSentAsAlterTaken: a quote's include went as an alteration with
// --on-existing alter (Senior held the quote with other values: imported from elsewhere, or by
// an earlier run of the journal), and an alter of it later in the file went too. Imported
// again, the file's rows are steps taken: nothing goes, with --on-existing alter or without.
// Before, the journal kept the include as the alteration that went ("a:"), the file's row is
// an include ("i:"), and no step matched: with --on-existing alter both rows of the quote went
// again (its first values put back in Senior, then the last), without it the include was
// invalid, "imported before with other values", exit 1 for a file imported whole.
func TestJournalIncludeSentAsAlterTaken(t *testing.T) {
	for _, c := range []struct {
		name        string
		seedJournal bool
	}{{"Senior held it from elsewhere", false}, {"an earlier run of the journal imported it", true}} {
		t.Run(c.name, func(t *testing.T) {
			e := startSim(t, nil, nil)
			j := openJournal(t)
			dir := t.TempDir()
			seed := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-antes.csv", quoteHead+"1;1;7701;1;Zero;10002;030;1;P1;1;10\n"))
			if c.seedJournal {
				seed.Journal = j
			}
			if sum, err := Run(context.Background(), seed); err != nil || sum.Outcomes[outcome.OK] != 1 {
				t.Fatalf("seeding Senior: %v %v", err, sum.Outcomes)
			}
			cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-x.csv", quoteHead+
				"1;1;7701;1;Primeira;10002;030;1;P1;1;10\n1;1;7702;1;Outra;10002;030;1;P1;1;10\n2;1;7701;1;Segunda;10002;030;1;P1;1;10\n"))
			cfg.Journal, cfg.OnExisting = j, "alter"
			if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 3 {
				t.Fatalf("first run: %v %v; want the include sent as an alteration, the rest ok", err, sum.Outcomes)
			}
			for _, onExisting := range []string{"alter", "error"} {
				cfg.OnExisting = onExisting
				requests := e.stats().Requests
				sum, err := Run(context.Background(), cfg)
				if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.Skipped] != 3 || e.stats().Requests != requests {
					t.Errorf("on-existing %s: %v %v after %d requests; want the three rows skipped, nothing sent\n%+v", onExisting, err, sum.Outcomes,
						e.stats().Requests-requests, readJSONL(t, filepath.Join(dir, "report.jsonl")))
				}
			}
			for _, q := range e.sim.Records("GravarOrcamentos") {
				if q.Values["numOct"] == "7701" && q.Values["desOct"] != "Segunda" {
					t.Errorf("Senior holds %+v; want the alter's values, Segunda", q.Values)
				}
			}
		})
	}
}

// TestJournalPlacesPerPort: a quotes file holding keys several times (an include and its
// alter further down; an include, a delete and an include again), imported with a file of
// another port (contas) and then alone, or with one conta fewer, is still the same steps:
// nothing goes. A row's place was its place across every input of the run, all ports
// together: imported alone, every quote row's place moved by the number of contas, no step
// matched, and the third run refused 7001's include as "imported before with other values"
// (the alter's, exit 1 however often run again) and deleted quote 7002 and included it again;
// with --on-existing alter, 7001's include was altered back and its alter sent again each run.
func TestJournalPlacesPerPort(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	rows := "1;1;7001;1;Primeira;10002;030;1;P1;1;10\n" +
		"1;1;7002;1;Obra;10002;030;1;P1;1;10\n" +
		"1;1;7003;1;Outra;10002;030;1;P1;1;10\n" +
		"3;1;7002;1;;;;;;;\n" +
		"2;1;7001;1;Segunda;10002;030;1;P1;2;10\n" +
		"1;1;7002;1;Obra;10002;030;1;P1;1;10\n"
	quotes := writeFile(t, dir, "GravarOrcamentos-x.csv", quoteHead+rows)
	contas := func(n int) string {
		var b strings.Builder
		b.WriteString("ContaIdERP;ContaRazaoSocial\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "C%d;Conta %d\n", i, i)
		}
		return writeFile(t, dir, "setContas-r.csv", b.String())
	}
	desOct := func(num string) string {
		for _, r := range e.sim.Records("GravarOrcamentos") {
			if r.Values["numOct"] == num {
				return r.Values["desOct"]
			}
		}
		return "(absent)"
	}
	for i, c := range []struct {
		name       string
		contas     int // 0: the quotes alone
		onExisting string
		sent       int64 // requests; -1: not counted
	}{
		{"contas and quotes", 3, "", -1},
		{"the same again", 3, "", 0},
		{"the quotes alone", 0, "", 0},
		{"the quotes alone, --on-existing alter", 0, "alter", 0},
		{"a conta fewer", 2, "", 0},
		{"a conta fewer, --on-existing alter", 2, "alter", 0},
		{"the quotes alone again", 0, "", 0},
	} {
		files := []string{quotes}
		if c.contas > 0 {
			files = []string{contas(c.contas), quotes}
		}
		cfg := e.settings(dir, files...)
		cfg.Journal, cfg.OnExisting = j, c.onExisting
		requests := e.stats().Requests
		sum, err := Run(context.Background(), cfg)
		if err != nil || sum.ExitCode != outcome.ExitOK {
			t.Errorf("run %d (%s): %v %v", i+1, c.name, err, sum.Outcomes)
		}
		if sent := e.stats().Requests - requests; c.sent >= 0 && (sent != c.sent || sum.Outcomes[outcome.Skipped] != c.contas+6) {
			t.Errorf("run %d (%s) sent %d requests, %v; want %d sent, the rest skipped", i+1, c.name, sent, sum.Outcomes, c.sent)
		}
		if desOct("7001") != "Segunda" || desOct("7002") != "Obra" || e.stats().DuplicateIncludes != 0 {
			t.Errorf("after run %d (%s): 7001 %q, 7002 %q, %d duplicate includes", i+1, c.name, desOct("7001"), desOct("7002"), e.stats().DuplicateIncludes)
		}
	}
}

// TestJournalPlacesOfBefore: a journal written before places were counted per port (its
// states' place NULL, read as their seq, which counted every port's records) keeps deciding
// as it did: the same contas and quotes imported again after the upgrade send nothing, a
// row being matched with those states by its seq. Matched by its place per port (the quote
// rows' seqs less the three contas), no step was found, 7001's include was refused as
// "imported before with other values" and 7002 deleted and included again.
func TestJournalPlacesOfBefore(t *testing.T) {
	e := startSim(t, nil, nil)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	quotes := writeFile(t, dir, "GravarOrcamentos-x.csv", quoteHead+
		"1;1;7001;1;Primeira;10002;030;1;P1;1;10\n"+
		"1;1;7002;1;Obra;10002;030;1;P1;1;10\n"+
		"1;1;7003;1;Outra;10002;030;1;P1;1;10\n"+
		"3;1;7002;1;;;;;;;\n"+
		"2;1;7001;1;Segunda;10002;030;1;P1;2;10\n"+
		"1;1;7002;1;Obra;10002;030;1;P1;1;10\n")
	contas := writeFile(t, dir, "setContas-r.csv", "ContaIdERP;ContaRazaoSocial\nC1;Conta 1\nC2;Conta 2\nC3;Conta 3\n")
	run := func(name string) (outcome.Summary, int64) {
		t.Helper()
		return runOnJournal(t, e, path, "", name, e.settings(dir, contas, quotes))
	}
	if sum, _ := run("first run"); sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.OK] != 9 {
		t.Fatalf("first run: %v", sum.Outcomes)
	}
	// As an importer before places per port wrote them.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "UPDATE records SET place = NULL"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, name := range []string{"after the upgrade", "after the upgrade, again"} {
		sum, sent := run(name)
		if sum.ExitCode != outcome.ExitOK || sent != 0 || sum.Outcomes[outcome.Skipped] != 9 {
			t.Errorf("%s: exit %d, %d requests, %v; want nothing sent, all skipped", name, sum.ExitCode, sent, sum.Outcomes)
		}
	}
	if n := e.stats().DuplicateIncludes; n != 0 {
		t.Errorf("%d duplicate includes", n)
	}
}

// TestHeldBackAfterFailure: a quote's include did not go (Senior reset every request of it);
// the rows of the quote after it (its delete, its include again) are not sent in that run,
// naming the row they wait for, rather than sent out of order (the delete was refused as not
// found, blaming the wrong row). The next run sends the three in order: Senior holds the last.
func TestHeldBackAfterFailure(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	front, down := downFor(t, e, "Primeira")
	rows := deleteAndAgain(7301)
	cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-ordem.csv", quoteHead+rows))
	cfg.Endpoint, cfg.Journal, cfg.Retries = front, j, 1
	down.Store(true)
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Unknown] != 1 || sum.Outcomes[outcome.NotSent] != 2 || sum.Outcomes[outcome.OK] != 2 {
		t.Fatalf("first run: %v %v; want the include unknown, its delete and include again not sent, the others ok", err, sum.Outcomes)
	}
	lines := readJSONL(t, filepath.Join(dir, "report.jsonl"))
	for _, i := range []int{2, 4} {
		if lines[i].Outcome != outcome.NotSent || lines[i].Message != outcome.PT.HeldBack("2") {
			t.Errorf("row %d: %+v; want not sent, waiting for row 2", lines[i].Row, lines[i])
		}
	}
	down.Store(false)
	sum, err = Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != outcome.ExitOK {
		t.Fatalf("second run: %v %v", err, sum.Outcomes)
	}
	for _, q := range e.sim.Records("GravarOrcamentos") {
		if q.Values["numOct"] == "7301" && q.Values["desOct"] != "Segunda" {
			t.Errorf("Senior holds %+v; want the include again, Segunda", q.Values)
		}
	}
	if n := e.stats().DuplicateIncludes; n != 0 {
		t.Errorf("%d includes refused as duplicates", n)
	}
}

// deleteAndAgain are the rows of quote num's include, delete and include again, each apart
// from the next by an include of another quote (num+1, num+2): further down, the same key is
// another operation on it.
func deleteAndAgain(num int) string {
	return fmt.Sprintf("1;1;%d;1;Primeira;10002;030;1;P1;1;10\n1;1;%d;1;Outra;10002;030;1;P1;1;10\n3;1;%d;1;;;;;;;\n"+
		"1;1;%d;1;Outra;10002;030;1;P1;1;10\n1;1;%d;1;Segunda;10002;030;1;P1;2;10\n", num, num+1, num, num+2, num)
}

// targetOf is the journal's target for p's records in a run of cfg.
func targetOf(t *testing.T, cfg Settings, p *templates.Port) string {
	t.Helper()
	cfg.defaults()
	s, err := newSender(cfg, mustCatalogue(t))
	if err != nil {
		t.Fatal(err)
	}
	return s.target(p)
}

// recordsIn reads the records of files as a run does.
func recordsIn(t *testing.T, files []string) []*Record {
	t.Helper()
	ins, err := OpenInputs(context.Background(), mustCatalogue(t), files, InputOptions{Lang: outcome.PT})
	if err != nil {
		t.Fatal(err)
	}
	var recs []*Record
	for _, in := range ins {
		in.Records(context.Background(), func(r *Record) error { recs = append(recs, r); return nil })
		in.Close()
	}
	return recs
}

// earlierRun writes into cfg's journal a run that marked recs in flight at their places, with
// their fingerprints, and settled those settled names; finished, it ended (else it was killed).
func earlierRun(t *testing.T, cfg Settings, recs []*Record, settled map[int]outcome.Kind, finished bool) {
	t.Helper()
	ctx := context.Background()
	run, err := cfg.Journal.StartRun(ctx, journal.RunInfo{Command: "run"})
	if err != nil {
		t.Fatal(err)
	}
	places := map[string]int64{} // as process counts them: per port
	for seq, r := range recs {
		place := places[r.Port.Name]
		places[r.Port.Name]++
		hash, values := fingerprint(r.Port, r.Wire)
		k := journal.Key{Target: targetOf(t, cfg, r.Port), Port: r.Port.Name, Key: r.Key}
		if err := cfg.Journal.InFlight(ctx, run, journal.Mark{Seq: int64(seq), Place: place, Key: k, ValueHash: hash, Values: values}); err != nil {
			t.Fatal(err)
		}
		if o, ok := settled[seq]; ok {
			if err := cfg.Journal.Settle(ctx, run, journal.Settlement{Seq: int64(seq), Place: place, Key: k, Outcome: string(o)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if finished {
		if err := cfg.Journal.FinishRun(ctx, run, journal.RunEnd{ExitCode: 0}); err != nil {
			t.Fatal(err)
		}
	}
}

// killedInFlight gives cfg a new journal in which a run, killed, left the GravarOrcamentos
// record key in flight at place seq with value hash.
func killedInFlight(t *testing.T, cfg Settings, seq int64, key, hash string) Settings {
	t.Helper()
	j := openJournal(t)
	cfg.Journal = j
	ctx := context.Background()
	run, err := j.StartRun(ctx, journal.RunInfo{Command: "run"})
	if err != nil {
		t.Fatal(err)
	}
	p := mustCatalogue(t).Port("GravarOrcamentos")
	if err := j.InFlight(ctx, run, journal.Mark{Seq: seq, Place: seq, Key: journal.Key{Target: targetOf(t, cfg, p), Port: p.Name, Key: key}, ValueHash: hash}); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A delete a killed run left in flight had deleted the quote: sent again, Senior answers
// "not found", and the read-back settles it (absent = ok), as after a fault within a run.
// Before, the row was rejected ("Orçamento não encontrado"; a migration killed four times
// and resumed found one).
func TestJournalDeleteInFlightReadBack(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	if _, err := Run(context.Background(), e.settings(dir, writeFile(t, dir, "GravarOrcamentos-a.csv", quoteHead+"1;1;7101;1;Obra;10002;030;1;P1;1;10\n"))); err != nil || e.stats().Stored != 1 {
		t.Fatalf("include: %v", err)
	}
	del := writeFile(t, dir, "GravarOrcamentos-b.csv", quoteHead+"3;1;7101;1;;;;;;;\n")
	if _, err := Run(context.Background(), e.settings(dir, del)); err != nil || e.stats().Stored != 0 {
		t.Fatalf("delete: %v", err)
	}
	// The run that sent that delete was killed before its answer: the journal has it in flight.
	cfg := killedInFlight(t, e.settings(dir, del), 0, "1/7101/1", "d:x")
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.OK] != 1 {
		t.Fatalf("%v %v; want the delete ok", err, sum.Outcomes)
	}
	if l := readJSONL(t, filepath.Join(dir, "report.jsonl")); len(l) != 1 || l[0].Message != outcome.PT.Deleted() {
		t.Errorf("%+v; want it settled by its read-back", l)
	}
}

// A quote twice in one file: the second is read back before it is sent, whether the first is
// still in flight (next row) or settled long before (300 rows later), and the include never
// reaches Senior twice: the same values are skipped, other values are said to be there
// already. With a journal the rows long after are decided by it, and said as rows of this
// run ("enviado por uma linha anterior desta execução"), not as "imported by run 1", which is
// this one read as another (the finance tester).
func TestIncludeTwiceInAFile(t *testing.T) {
	for _, withJournal := range []bool{false, true} {
		t.Run(map[bool]string{false: "without a journal", true: "with a journal"}[withJournal], func(t *testing.T) {
			e := startSim(t, nil, nil)
			dir := t.TempDir()
			var b strings.Builder
			b.WriteString("tipOpe;codEmp;numOct;verOct;desOct;codCli;codCpg;vlrBru;vlrLiq\n")
			row := func(num int, des string) { fmt.Fprintf(&b, "1;1;%d;1;%s;10002;030;10;10\n", num, des) }
			for i := 1; i <= 300; i++ {
				row(60000+i, "Q")
				if i == 3 {
					row(60003, "Q") // next row
				}
			}
			row(60001, "Q")     // long after, the same
			row(60002, "Outra") // long after, other values
			cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-duas-vezes.csv", b.String()))
			if withJournal {
				cfg.Journal, cfg.window = openJournal(t), 16 // row 2 settled before row 303 is decided
			}
			sum, err := Run(context.Background(), cfg)
			if err != nil || sum.Outcomes[outcome.OK] != 300 || sum.Outcomes[outcome.Skipped] != 2 {
				t.Fatalf("%v %v", err, sum.Outcomes)
			}
			if st := e.stats(); st.DuplicateIncludes != 0 || st.Stored != 300 {
				t.Fatalf("%d includes of a stored quote, %d stored", st.DuplicateIncludes, st.Stored)
			}
			lines := readJSONL(t, filepath.Join(dir, "report.jsonl"))
			for _, l := range lines {
				switch l.Row {
				case 5, 303:
					if l.Outcome != outcome.Skipped || withJournal && l.Row == 303 && l.Message != outcome.PT.AlreadyImportedThisRun() {
						t.Errorf("row %d: %+v", l.Row, l)
					}
				case 304:
					if l.Outcome.Success() || !strings.Contains(l.Message, "desOct") ||
						withJournal && !strings.HasPrefix(l.Message, "enviado por uma linha anterior desta execução com outros valores") {
						t.Errorf("row %d: %+v", l.Row, l)
					}
				}
			}
		})
	}
}

func mustCatalogue(t *testing.T) *templates.Catalogue {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Two runs of the same file at once, each with its own handle on one journal file (as two
// processes would have it: a nightly job started again while the last one runs): the second
// waits for the first, says so, and then finds every record done. Nothing is sent twice;
// before the lock for runs, both sent every quote and Senior refused the second include of
// each.
func TestJournalConcurrentRunsSendOnce(t *testing.T) {
	e := startSim(t, nil, func(c *simulator.Config) { c.Latency = 5 * time.Millisecond })
	path := filepath.Join(t.TempDir(), "journal.db")
	const quotes = 40
	type result struct {
		sum  outcome.Summary
		err  error
		dir  string
		logs *strings.Builder
	}
	results := make(chan result, 2)
	for range 2 {
		dir := t.TempDir()
		j, err := journal.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { j.Close() })
		cfg := e.settings(dir, orcamentos(t, dir, quotes))
		cfg.Journal = j
		logs := &strings.Builder{} // read once Run has returned
		cfg.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: logs}, nil))
		go func() {
			sum, err := Run(context.Background(), cfg)
			results <- result{sum, err, dir, logs}
		}()
	}
	got := map[outcome.Kind]int{}
	waited := 0
	for range 2 {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.sum.ExitCode != outcome.ExitOK {
			t.Errorf("exit %d: %v", r.sum.ExitCode, r.sum.Outcomes)
		}
		for k, n := range outcomesOf(t, filepath.Join(r.dir, "report.jsonl")) {
			got[k] += n
		}
		if strings.Contains(r.logs.String(), "outra execução está usando o diário de execuções") {
			waited++
		}
	}
	if want := (map[outcome.Kind]int{outcome.OK: 2 * quotes, outcome.Skipped: 2 * quotes}); !maps.Equal(got, want) {
		t.Errorf("rows per outcome over both runs: %v, want %v", got, want)
	}
	if st := e.stats(); st.Requests != quotes || st.DuplicateIncludes != 0 {
		t.Errorf("Senior got %d requests (%d duplicate includes) for %d quotes", st.Requests, st.DuplicateIncludes, quotes)
	}
	if waited != 1 {
		t.Errorf("%d runs said they waited for the other, want 1", waited)
	}
}

// A file with dotted set columns whose record's rows come apart (sorted by product, not by
// quote): every row of the key is refused, the first ones naming the row where it comes
// again, the later ones the row where it came first, and none is sent; validate says the
// same before anything is sent. Before, the quote went with its first rows' items (ok: Senior
// kept it with one item of three) and the later rows were refused.
func TestRecordRowsApart(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	quote := "tipOpe;codEmp;numOct;verOct;desOct;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n" +
		"1;1;8001;1;A;1;P1;1;10\n1;1;8002;1;B;1;P2;1;10\n1;1;8001;1;A;2;P3;1;10\n1;1;8001;1;A;3;P4;1;10\n"
	f := writeFile(t, dir, "GravarOrcamentos-x.csv", quote)
	for _, validate := range []bool{true, false} {
		cfg := e.settings(dir, f)
		cfg.Validate = validate
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		got := map[int]string{}
		for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
			got[l.Row] = string(l.Outcome) + " " + l.Message
		}
		ok := "ok"
		if validate {
			ok = "valid"
		}
		const apart = "o registro com a chave 1/8001/1 veio antes na linha 2, e as linhas de um registro vêm juntas: ordene o arquivo pela chave (estas linhas não foram enviadas)"
		const again = "o registro com a chave 1/8001/1 volta na linha 4, e as linhas de um registro vêm juntas: ordene o arquivo pela chave (estas linhas não foram enviadas)"
		if got[2] != "invalid "+again || !strings.HasPrefix(got[3], ok) || got[4] != "invalid "+apart || !strings.HasPrefix(got[5], "invalid ") {
			t.Errorf("validate %v: %v", validate, got)
		}
	}
	if n := e.stats().DuplicateIncludes; n != 0 || len(e.sim.Records("GravarOrcamentos")) != 1 {
		t.Errorf("%d duplicate includes, %d quotes; want only 8002", n, len(e.sim.Records("GravarOrcamentos")))
	}
}

// A row the reader could not read (a byte that is no UTF-8) between rows of one key ends the
// record above it, in the reading ahead as in records: the key's rows that come after are an
// include again, every row of it refused (the reading ahead took the rows on both sides for
// one record, and the first went as the whole quote).
func TestRecordRowsApartAroundABadRow(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	quote := "tipOpe;codEmp;numOct;verOct;desOct;itens.seqOci;itens.codPro;itens.qtdOci;itens.vlrUni\n" +
		"1;1;8001;1;A;1;P1;1;10\n1;1;8001;1;A\xff;2;P2;1;10\n1;1;8001;1;A;3;P3;1;10\n"
	f := writeFile(t, dir, "GravarOrcamentos-x.csv", quote)
	cfg := e.settings(dir, f)
	cfg.Input.Charset = "utf-8" // the bad byte a row's error, not a file of another charset
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	lines := readJSONL(t, filepath.Join(dir, "report.jsonl"))
	if len(lines) != 3 {
		t.Fatalf("%d report lines, want 3", len(lines))
	}
	for _, l := range lines {
		if l.Outcome != outcome.Invalid {
			t.Errorf("row %d: %s %s; want every row invalid", l.Row, l.Outcome, l.Message)
		}
	}
	if n := len(e.sim.Records("GravarOrcamentos")); n != 0 {
		t.Errorf("%d quotes stored, want none", n)
	}
}

// TestTaken: which earlier state is a record's step already taken, or passed.
func TestTaken(t *testing.T) {
	st := func(run, seq int64, outcome, hash string) journal.State {
		return journal.State{Run: run, Seq: seq, Place: seq, Outcome: outcome, ValueHash: hash}
	}
	cases := []struct {
		name  string
		hist  []journal.State
		seq   int64
		hash  string
		want  int64 // the step's run; 0: none
		after int64 // for a step passed, the run that accepted a later row
	}{
		{"an include, the alter further down", []journal.State{st(1, 0, "ok", "i:A"), st(1, 4, "ok", "a:B")}, 0, "i:A", 1, 0},
		{"the alter failed, then went in a resumed run", []journal.State{st(1, 0, "ok", "i:A"), st(1, 4, "failed", "a:B"), st(2, 4, "ok", "a:B")}, 0, "i:A", 1, 0},
		{"a resumed run skipped rows before it", []journal.State{st(1, 2, "ok", "d:K"), st(1, 3, "ok", "i:A"), st(2, 0, "skipped", "i:A")}, 2, "d:K", 1, 0},
		{"taken, then skipped by a re-run: the run that took it", []journal.State{st(1, 0, "ok", "i:A"), st(2, 0, "skipped", "i:A"), st(2, 4, "ok", "a:B")}, 0, "i:A", 1, 0},
		{"other values at that place", []journal.State{st(1, 0, "ok", "i:A"), st(1, 4, "ok", "a:B")}, 0, "i:C", 0, 0},
		{"another place", []journal.State{st(1, 0, "ok", "i:A"), st(1, 4, "ok", "a:B")}, 1, "i:A", 0, 0},
		// Tried and not accepted, a later row accepted since: passed. The include of the
		// first version failed, its delete found nothing, the include again went.
		{"failed, the rows after it accepted", []journal.State{st(1, 121, "failed", "i:A"), st(1, 491, "rejected", "d:K"), st(1, 760, "ok", "i:C")}, 121, "i:A", 1, 1},
		{"rejected, the rows after it accepted by a re-run", []journal.State{st(1, 491, "rejected", "d:K"), st(1, 760, "ok", "i:C"), st(2, 760, "skipped", "i:C")}, 491, "d:K", 1, 1},
		{"failed, nothing accepted after it", []journal.State{st(1, 0, "failed", "i:A"), st(1, 4, "rejected", "a:B"), st(2, 4, "skipped", "a:B")}, 0, "i:A", 0, 0},
		{"failed, then taken by a re-run", []journal.State{st(1, 0, "failed", "i:A"), st(1, 4, "ok", "a:B"), st(2, 0, "ok", "i:A"), st(2, 4, "ok", "a:B")}, 0, "i:A", 2, 0},
		// One quote a night, at the same place: Tuesday's B, Wednesday's A, Thursday's B
		// again is not Tuesday's step; it goes.
		{"nightly loads", []journal.State{st(2, 0, "ok", "a:B"), st(3, 0, "ok", "a:A")}, 0, "a:B", 0, 0},
		{"nightly loads, Tuesday's refused", []journal.State{st(2, 0, "rejected", "a:B"), st(3, 0, "ok", "a:A")}, 0, "a:B", 0, 0},
		{"this run sent the key since", []journal.State{st(1, 0, "ok", "i:A"), st(1, 4, "ok", "a:B"), st(5, 0, "in_flight", "a:C")}, 4, "a:B", 0, 0},
		{"this run's own state", []journal.State{st(5, 0, "ok", "i:A"), st(5, 4, "ok", "a:B")}, 0, "i:A", 0, 0},
	}
	for _, c := range cases {
		s, ok := stepsOf(c.hist, 5).taken(c.seq, c.seq, c.hash)
		if got := map[bool]int64{true: s.Run}[ok]; got != c.want || s.after.Run != c.after {
			t.Errorf("%s: step of run %d (%v), passed after run %d; want %d, %d", c.name, got, ok, s.after.Run, c.want, c.after)
		}
	}
	// Places counted per port (another port's three records before these in run 1), and
	// states written before places (SeqPlace: their place is their seq, every port's records
	// counted), which a row matches by its seq, as then.
	placed := func(run, seq, place int64, outcome, hash string) journal.State {
		return journal.State{Run: run, Seq: seq, Place: place, Outcome: outcome, ValueHash: hash}
	}
	old := func(run, seq int64, outcome, hash string) journal.State {
		return journal.State{Run: run, Seq: seq, Place: seq, SeqPlace: true, Outcome: outcome, ValueHash: hash}
	}
	for _, c := range []struct {
		name       string
		hist       []journal.State
		place, seq int64
		hash       string
		want       int64
	}{
		{"by place, whatever the seq", []journal.State{placed(1, 3, 0, "ok", "i:A"), placed(1, 7, 4, "ok", "a:B")}, 0, 0, "i:A", 1},
		{"not by seq", []journal.State{placed(1, 3, 0, "ok", "i:A"), placed(1, 7, 4, "ok", "a:B")}, 3, 3, "i:A", 0},
		{"before places: by seq", []journal.State{old(1, 3, "ok", "i:A"), old(1, 7, "ok", "a:B")}, 0, 3, "i:A", 1},
		{"before places: not by place", []journal.State{old(1, 3, "ok", "i:A"), old(1, 7, "ok", "a:B")}, 3, 0, "i:A", 0},
		{"before places, skipped since by place", []journal.State{old(1, 3, "ok", "i:A"), old(1, 7, "ok", "a:B"), placed(2, 3, 0, "skipped", "i:A"), placed(2, 7, 4, "skipped", "a:B")}, 0, 3, "i:A", 1},
		{"before places, skipped since by place, alone now", []journal.State{old(1, 3, "ok", "i:A"), old(1, 7, "ok", "a:B"), placed(2, 3, 0, "skipped", "i:A"), placed(2, 7, 4, "skipped", "a:B")}, 0, 0, "i:A", 2},
	} {
		s, ok := stepsOf(c.hist, 5).taken(c.place, c.seq, c.hash)
		if got := map[bool]int64{true: s.Run}[ok]; got != c.want {
			t.Errorf("%s: step of run %d (%v); want %d", c.name, got, ok, c.want)
		}
	}
}

// TestStepsOfByDefinition holds stepsOf's one pass to the definition, written out: a state
// an earlier run accepted at the row's place with its hash (an include's: or the alteration it
// went as), no later state but a skip at a
// place not after it (the earliest such); else one not accepted so, followed by a state
// accepted by a request (passed). A state written before places (SeqPlace) is at the row's
// place when its seq is the row's seq. Random histories of a few runs (the first ones, at
// random, from before places), places and values.
func TestStepsOfByDefinition(t *testing.T) {
	byDefinition := func(hist []journal.State, run, place, seq int64, hash string) (keyStep, bool) {
		here := func(s journal.State) bool {
			if s.SeqPlace {
				return s.Seq == seq
			}
			return s.Place == place
		}
		// its step: the same hash, or the alteration its include went as (--on-existing alter)
		step := func(s journal.State) bool {
			return s.ValueHash == hash || strings.HasPrefix(hash, "i:") && s.ValueHash == "a:"+hash[len("i:"):]
		}
		last := func(i int) bool { // no later state that may have changed it at a place not after it
			return !slices.ContainsFunc(hist[i+1:], func(l journal.State) bool {
				if hist[i].SeqPlace { // its seq counted every port's records: compared with seqs
					return l.Seq <= hist[i].Seq && outcome.Kind(l.Outcome) != outcome.Skipped
				}
				return l.Place <= hist[i].Place && outcome.Kind(l.Outcome) != outcome.Skipped
			})
		}
		for i, s := range hist {
			if s.Run < run && here(s) && step(s) && accepted(s.Outcome) && last(i) {
				return keyStep{State: s}, true
			}
		}
		for i, s := range hist {
			if s.Run >= run || !here(s) || !step(s) || accepted(s.Outcome) || !last(i) {
				continue
			}
			if k := slices.IndexFunc(hist[i+1:], func(l journal.State) bool {
				return accepted(l.Outcome) && outcome.Kind(l.Outcome) != outcome.Skipped
			}); k >= 0 {
				return keyStep{State: s, after: hist[i+1+k]}, true
			}
		}
		return keyStep{}, false
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	outcomes := []string{"ok", "skipped", "rejected", "failed", "in_flight", "unknown", "queued"}
	hashes := []string{"i:A", "a:A", "a:B", "d:K"}
	for range 40000 {
		var hist []journal.State
		before := rnd.Int64N(3) // the runs up to it are from before places
		for run := int64(1); run <= 1+rnd.Int64N(4); run++ {
			var place int64
			other := rnd.Int64N(3) // another port's records before these in the run
			for range rnd.IntN(4) {
				place += rnd.Int64N(3)
				s := journal.State{Run: run, Seq: place + other, Place: place, Outcome: outcomes[rnd.IntN(len(outcomes))], ValueHash: hashes[rnd.IntN(len(hashes))]}
				if run <= before {
					s.Place, s.SeqPlace = s.Seq, true
				}
				hist = append(hist, s)
			}
		}
		run, place, hash := 1+rnd.Int64N(5), rnd.Int64N(6), hashes[rnd.IntN(len(hashes))]
		seq := place + rnd.Int64N(3)
		want, wok := byDefinition(hist, run, place, seq, hash)
		got, gok := stepsOf(hist, run).taken(place, seq, hash)
		if wok != gok || want.Run != got.Run || want.Seq != got.Seq || want.after.Run != got.after.Run || want.after.Seq != got.after.Seq {
			t.Fatalf("history %+v, run %d, place %d, seq %d, %s: stepsOf gives %+v %v, the definition %+v %v", hist, run, place, seq, hash, got, gok, want, wok)
		}
	}
}

// An include an earlier version of the importer sent with an accent typed apart from its
// letter (e + U+0301), kept so in the journal, is the same record now that text goes
// composed: the file imported again is skipped, not refused as "imported before with other
// values" (every night, for rows nobody changed). A text that differs otherwise is refused.
func TestJournalDecomposedValuesOfBefore(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	ctx := context.Background()
	for _, c := range []struct {
		file, before string
		want         outcome.Kind
	}{
		{"GravarOrcamentos-acento.csv", "Sa\u0303o Joa\u0303o", outcome.Skipped},
		{"GravarOrcamentos-outro.csv", "Sa\u0303o Jose\u0301", outcome.Invalid},
	} {
		cfg := e.settings(dir, writeFile(t, dir, c.file, quoteHead+"1;1;7401;1;São João;10002;030;1;P1;1;10\n"))
		cfg.Journal = openJournal(t)
		// What the earlier version kept: the record as it sent it, decomposed.
		recs := recordsIn(t, cfg.Files)
		recs[0].Wire.Values["desOct"] = c.before
		earlierRun(t, cfg, recs, map[int]outcome.Kind{0: outcome.OK}, true)
		sum, err := Run(ctx, cfg)
		if err != nil || sum.Outcomes[c.want] != 1 {
			t.Errorf("%s: %v %v; want %s", c.file, err, sum.Outcomes, c.want)
		}
	}
}

// A delete that landed and whose answers were lost (unknown), with an include again of its
// quote further down: the include waits (not sent), and the journal keeps the key as the
// delete left it, so the next run reads the delete back (gone: ok) instead of sending it as new
// and reporting Senior's "not found" as rejected (the held-back row's not_sent hid the
// delete's state).
func TestHeldBackKeepsTheStateItWaitsFor(t *testing.T) {
	e := startSim(t, nil, nil)
	j := openJournal(t)
	dir := t.TempDir()
	var broken atomic.Bool
	var deletes atomic.Int64
	front := e.front(t, func(_ int64, body string) string {
		if !broken.Load() || !strings.Contains(body, "7501") {
			return ""
		}
		if strings.Contains(body, "<tipOpe>3</tipOpe>") && deletes.Add(1) == 1 {
			return "reset_after" // the delete lands, its answer is lost
		}
		return "reset" // and nothing of the quote gets through after it
	})
	rows := deleteAndAgain(7501)
	cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-excluir.csv", quoteHead+rows))
	cfg.Endpoint, cfg.Journal, cfg.Retries = front, j, 1
	if sum, err := Run(context.Background(), func() Settings {
		c := cfg
		c.Files = []string{writeFile(t, dir, "GravarOrcamentos-antes.csv", quoteHead+"1;1;7501;1;Primeira;10002;030;1;P1;1;10\n")}
		return c
	}()); err != nil || sum.Outcomes[outcome.OK] != 1 {
		t.Fatalf("the include: %v %v", err, sum.Outcomes)
	}
	broken.Store(true)
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.Unknown] != 1 || sum.Outcomes[outcome.NotSent] != 1 {
		t.Fatalf("first run: %v %v; want the delete unknown, the include again not sent\n%+v", err, sum.Outcomes, readJSONL(t, filepath.Join(dir, "report.jsonl")))
	}
	broken.Store(false)
	sum, err = Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.Rejected] != 0 {
		t.Fatalf("second run: %v %v; want the delete read back (gone: ok), the include again sent", err, sum.Outcomes)
	}
	for _, q := range e.sim.Records("GravarOrcamentos") {
		if q.Values["numOct"] == "7501" && q.Values["desOct"] != "Segunda" {
			t.Errorf("Senior holds %+v; want the include again, Segunda", q.Values)
		}
	}
}

// The journal holds a row's fate before the next row of its key goes: the alter of a quote
// reaches Senior only once the include's settlement is committed (a second handle on the
// journal, which sees committed writes only, finds it). Killed after the alter landed, a run
// whose journal showed both still in flight read the include back, found the alter's values,
// and refused it as "already in Senior with other values" (exit 1).
func TestJournalSettledBeforeTheNextRowOfItsKey(t *testing.T) {
	e := startSim(t, nil, func(c *simulator.Config) { c.Latency = 200 * time.Millisecond })
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	j, err := journal.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	reader, err := journal.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var key atomic.Pointer[journal.Key]
	seen := make(chan string, 1)
	front := e.front(t, func(_ int64, body string) string {
		if strings.Contains(body, "Segunda") {
			k := *key.Load()
			h, err := reader.History(context.Background(), []journal.Key{k})
			got := fmt.Sprint("no state of the include: ", err)
			for _, st := range h[k] {
				if st.Seq == 0 {
					got = st.Outcome
				}
			}
			select {
			case seen <- got:
			default:
			}
		}
		return ""
	})
	rows := "1;1;7601;1;Primeira;10002;030;1;P1;1;10\n" +
		"1;1;7602;1;Outra;10002;030;1;P1;1;10\n" +
		"2;1;7601;1;Segunda;10002;030;1;P1;2;10\n"
	cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-chave.csv", quoteHead+rows))
	cfg.Endpoint, cfg.Journal, cfg.Timeout = front, j, 10*time.Second
	var logs strings.Builder
	cfg.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil))
	key.Store(&journal.Key{Target: targetOf(t, cfg, mustCatalogue(t).Port("GravarOrcamentos")), Port: "GravarOrcamentos", Key: "1/7601/1"})
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.OK] != 3 {
		t.Fatalf("%v %v", err, sum.Outcomes)
	}
	if got := <-seen; got != "ok" {
		t.Errorf("when the alter went, the journal held the quote as %q; want the include ok", got)
	}
	// The journal wrote every state: the flush before the alter is no failure to log.
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a run whose journal worked logged an error:\n%s", logs.String())
	}
}

// A run killed with a quote's delete out (it deleted the quote) and the include again after it
// marked in flight: the delete's state is at its own place, no longer the key's last. The next
// run reads the delete back (gone: ok) rather than sending it as new and reporting Senior's
// "not found" as rejected.
func TestJournalKilledDeleteBeforeLaterRows(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	ctx := context.Background()
	rows := deleteAndAgain(7701)
	cfg := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-morto.csv", quoteHead+rows))
	cfg.Journal = openJournal(t)
	// The killed run: the first three settled ok, the delete and the include again in flight;
	// Senior holds 7702 and 7703, the delete having removed 7701.
	earlierRun(t, cfg, recordsIn(t, cfg.Files), map[int]outcome.Kind{0: outcome.OK, 1: outcome.OK, 3: outcome.OK}, false)
	seed := e.settings(dir, writeFile(t, dir, "GravarOrcamentos-semente.csv", quoteHead+"1;1;7702;1;Outra;10002;030;1;P1;1;10\n1;1;7703;1;Outra;10002;030;1;P1;1;10\n"))
	if sum, err := Run(ctx, seed); err != nil || sum.Outcomes[outcome.OK] != 2 {
		t.Fatalf("seeding Senior: %v %v", err, sum.Outcomes)
	}
	sum, err := Run(ctx, cfg)
	if err != nil || sum.ExitCode != outcome.ExitOK || sum.Outcomes[outcome.Rejected] != 0 {
		t.Fatalf("%v %v; want the delete read back (gone: ok), the include again sent", err, sum.Outcomes)
	}
	for _, q := range e.sim.Records("GravarOrcamentos") {
		if q.Values["numOct"] == "7701" && q.Values["desOct"] != "Segunda" {
			t.Errorf("Senior holds %+v; want the include again, Segunda", q.Values)
		}
	}
}

// TestReimportFolderAcrossRuns: a run that read an input whole with no row to fix removes the
// re-import file an earlier run left for it (a docs tester found last night's rows there); a
// run that read none of its rows (an export that came empty) leaves it.
func TestReimportFolderAcrossRuns(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	head := "CategoriaServicoId;CategoriaServicoDescricao;CategoriaServicoEmpresaId\n"
	f := writeFile(t, dir, "setCategoriaServico.csv", head+"S1;ok;1\n;sem chave;1\n")
	cfg := e.settings(dir, f)
	cfg.Reimport = filepath.Join(dir, "corrigir")
	fixFile := filepath.Join(cfg.Reimport, "setCategoriaServico.csv")
	run := func(body string) {
		t.Helper()
		writeFile(t, dir, "setCategoriaServico.csv", body)
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
	}
	run(head + "S1;ok;1\n;sem chave;1\n")
	if _, err := os.Stat(fixFile); err != nil {
		t.Fatalf("no re-import file: %v", err)
	}
	run(head) // an export that came empty: its rows to fix are still to fix
	if _, err := os.Stat(fixFile); err != nil {
		t.Errorf("an empty input removed the re-import file: %v", err)
	}
	run(head + "S1;ok;1\nS2;corrigida;1\n")
	if _, err := os.Stat(fixFile); err == nil {
		t.Error("the re-import file of an input whose rows all went is still there")
	}
}

// TestJournalBusyGivesUp: a run that finds the journal held by another (hung) run waits at
// most --give-up-after, then sends nothing: every row not_sent saying why, exit 2. Before, it
// waited for good, and every later night's run with it (a hygiene tester).
func TestJournalBusyGivesUp(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	cfg := e.settings(dir, orcamentos(t, dir, 3))
	cfg.Journal = openJournal(t)
	other, err := journal.Open(context.Background(), cfg.Journal.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	release, err := other.LockRuns(context.Background(), nil) // the hung run
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	cfg.GiveUpAfter = 300 * time.Millisecond
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != outcome.ExitAborted || sum.Outcomes[outcome.NotSent] != 6 {
		t.Fatalf("exit %d, %v, %v", sum.ExitCode, sum.Outcomes, err)
	}
	for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
		if !strings.HasPrefix(l.Message, "não enviado: outra execução segurou o diário de execuções durante todo o --give-up-after (300ms; ") {
			t.Errorf("row %d: %q", l.Row, l.Message)
		}
	}
	if n := e.stats().Requests; n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestJournalPlacesMixedWithBefore: a run from before places (its states' seqs count every
// port's records) left a quote's include accepted and its alter in flight; the upgraded
// importer resumes it (the alter at a place of its port). Imported again, the same files send
// nothing: the include's step is found by seq against the states after it (a reviewer: a
// new state's place, compared with an old seq, hid the step, and every run refused the
// include, exit 1, or with --on-existing alter put the first values back, then the alter).
func TestJournalPlacesMixedWithBefore(t *testing.T) {
	e := startSim(t, nil, nil)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	quotes := writeFile(t, dir, "GravarOrcamentos-x.csv", quoteHead+
		"1;1;7001;1;Primeira;10002;030;1;P1;1;10\n"+
		"1;1;7003;1;Outra;10002;030;1;P1;1;10\n"+
		"2;1;7001;1;Segunda;10002;030;1;P1;2;10\n")
	var b strings.Builder
	b.WriteString("ContaIdERP;ContaRazaoSocial\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "C%d;Conta %d\n", i, i)
	}
	contas := writeFile(t, dir, "setContas-r.csv", b.String())
	run := func(name, onEx string) (outcome.Summary, int64) {
		t.Helper()
		return runOnJournal(t, e, path, onEx, name, e.settings(dir, contas, quotes))
	}
	if sum, _ := run("first", ""); sum.ExitCode != outcome.ExitOK {
		for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
			t.Logf("%s %s %s", l.Key, l.Outcome, l.Message)
		}
		t.Fatalf("first run: %v", sum.Outcomes)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "UPDATE records SET place = NULL"); err != nil {
		t.Fatal(err)
	}
	// killed before the alter's answer was settled
	r, err := db.ExecContext(ctx, "UPDATE records SET outcome = 'in_flight' WHERE key LIKE '%7001%' AND value_hash LIKE 'a:%'")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := r.RowsAffected()
	if n != 1 {
		t.Fatalf("%d alters put in flight, want 1", n)
	}
	db.Close()
	if sum, _ := run("resume after upgrade", ""); sum.ExitCode != outcome.ExitOK {
		t.Fatalf("resume: %v", sum.Outcomes)
	}
	for _, onEx := range []string{"", "alter"} {
		sum, sent := run("again "+onEx, onEx)
		if sum.ExitCode != outcome.ExitOK || sent != 0 {
			t.Errorf("again(%q): exit %d, sent %d, %v", onEx, sum.ExitCode, sent, sum.Outcomes)
		}
	}
}

// runOnJournal runs cfg with the journal at path (opened for the run, closed after it, as
// runs of the command are) and onExisting; it returns the summary and the requests the run
// sent.
func runOnJournal(t *testing.T, e *e2e, path, onExisting, name string, cfg Settings) (outcome.Summary, int64) {
	t.Helper()
	j, err := journal.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	cfg.Journal, cfg.OnExisting = j, onExisting
	requests := e.stats().Requests
	sum, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return sum, e.stats().Requests - requests
}

// TestInFlightChangedSinceIsReadBackEachRun: a killed run left quote 5002 in flight (it had
// landed); its row was changed before the next run, whose read-back found Senior holding the
// other values: invalid, nothing sent. The run after reads it back again: before, the first
// settled it invalid over the killed run's mark, and the next sent its include as new, an
// include of a quote Senior holds (the crash-consistency tester: duplicate_includes 1 after
// a quote left in flight was edited).
func TestInFlightChangedSinceIsReadBackEachRun(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := orcamentos(t, dir, 2)
	ctx := context.Background()
	if _, err := Run(ctx, e.settings(dir, f)); err != nil || e.stats().Stored != 2 {
		t.Fatalf("%v %d", err, e.stats().Stored)
	}
	cfg := killedInFlight(t, e.settings(dir, f), 2, "1/5002/1", "i:x")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, bytes.ReplaceAll(b, []byte("Orçamento 2"), []byte("Orçamento dois")), 0o644); err != nil {
		t.Fatal(err)
	}
	for run := 1; run <= 3; run++ {
		dup := e.stats().DuplicateIncludes
		sum, err := Run(ctx, cfg)
		if err != nil || sum.Outcomes[outcome.Invalid] != 2 || sum.Outcomes[outcome.Skipped] != 2 {
			t.Fatalf("run %d: %v %v", run, err, sum.Outcomes)
		}
		for _, l := range readJSONL(t, filepath.Join(dir, "report.jsonl")) {
			if l.Key == "1/5002/1" && !strings.Contains(l.Message, "já está no Senior com outros valores: desOct") {
				t.Errorf("run %d: %+v", run, l)
			}
		}
		// The first run may try 5001, which this journal never saw; 5002 is read back, never sent.
		if got := e.stats().DuplicateIncludes - dup; run > 1 && got != 0 {
			t.Errorf("run %d: %d includes of quotes Senior holds", run, got)
		}
	}
	if got := e.sim.Records("GravarOrcamentos"); len(got) != 2 {
		t.Errorf("%d quotes stored", len(got))
	}
}

// TestInterruptedBeforeDeleteNoRefusal: a quote included, deleted and included again further
// down, the run interrupted after the include was answered and before the delete went. The
// delete is not_sent and leaves no state, so the include again was decided against the
// include this run had sent, and came out invalid, "enviado por uma linha anterior desta
// execução com outros valores ... escreva tipOpe 2 na linha, ou importe com --on-existing
// alter": a sound file called wrong, and advice that would corrupt it (a chaos run: 114 such
// rows in an interrupted run's report and its corrigir/ file). It is not_sent, as the rows
// after an interrupt are, and the next run sends the delete and the include in order.
func TestInterruptedBeforeDeleteNoRefusal(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	f := writeFile(t, dir, "GravarOrcamentos-ops.csv", "tipOpe;codEmp;numOct;verOct;desOct\n"+
		"1;1;7001;1;Primeira\n"+ // row 2: included, then the interrupt
		"1;1;7002;1;Outra\n"+
		"3;1;7001;1;\n"+ // row 4: decided after the interrupt
		"1;1;7003;1;Mais uma\n"+
		"1;1;7001;1;De novo\n") // row 6: the include again, other values
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := e.settings(dir, f)
	cfg.Journal = openJournal(t)
	// A window of 2: row 4 is read once row 2 is reported (answered, after the interrupt), row 6
	// once row 4 is.
	cfg.window, cfg.Workers = 2, 1
	var once sync.Once
	cfg.Endpoint = simBehind(t, e, "<desOct>Primeira</desOct>", func(http.ResponseWriter, *http.Request) bool {
		once.Do(cancel) // the interrupt, while the include of row 2 is out: it is answered
		return false
	})
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	for _, l := range readJSONL(t, cfg.Reports[0]) {
		switch {
		case l.Row == 2 && l.Outcome != outcome.OK:
			t.Errorf("row 2: %s %q, want ok (sent before the interrupt, answered in the grace)", l.Outcome, l.Message)
		case (l.Row == 4 || l.Row == 6) && l.Outcome != outcome.NotSent:
			t.Errorf("row %d: %s %q, want not_sent", l.Row, l.Outcome, l.Message)
		case l.Outcome == outcome.Invalid:
			t.Errorf("row %d: %s %q", l.Row, l.Outcome, l.Message)
		}
	}
	cfg.Endpoint = e.srv.URL
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.Invalid] != 0 {
		t.Fatalf("the next run: %v %v", err, sum.Outcomes)
	}
	for _, q := range e.sim.Records("GravarOrcamentos") {
		if q.Key == "1/7001/1" && q.Values["desOct"] != "De novo" {
			t.Errorf("Senior holds 1/7001/1 as %q, want the last row's", q.Values["desOct"])
		}
	}
}

// TestOtherValuesNamesTheRunThatImported: a quote imported by run 1 and skipped by run 2
// (the same file again), then changed, was refused in run 3 as "já importado na execução 2
// ... com outros valores": the run that skipped it, which imported nothing (its history
// shows the row skipped), not run 1. A skipped state names the run that imported it, as
// the skipped rows' own message does ("já importado na execução 1").
func TestOtherValuesNamesTheRunThatImported(t *testing.T) {
	e := startSim(t, nil, nil)
	dir := t.TempDir()
	quote := "tipOpe;codEmp;numOct;verOct;desOct\n1;1;7301;1;Primeira\n"
	f := writeFile(t, dir, "GravarOrcamentos-x.csv", quote)
	cfg := e.settings(dir, f)
	cfg.Journal = openJournal(t)
	for run, want := range []outcome.Kind{outcome.OK, outcome.Skipped} {
		if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[want] != 1 {
			t.Fatalf("run %d: %v %v", run+1, err, sum.Outcomes)
		}
	}
	writeFile(t, dir, "GravarOrcamentos-x.csv", strings.Replace(quote, "Primeira", "Segunda", 1))
	if sum, err := Run(context.Background(), cfg); err != nil || sum.Outcomes[outcome.Invalid] != 1 {
		t.Fatalf("run 3: %v %v", err, sum.Outcomes)
	}
	if l := readJSONL(t, filepath.Join(dir, "report.jsonl"))[0]; !strings.HasPrefix(l.Message, "já importado na execução 1 em ") ||
		!strings.Contains(l.Message, "com outros valores: desOct") {
		t.Errorf("run 3: %q", l.Message)
	}
}

// TestJournalErrorInTheRunsLanguage: an error of the journal met as the run starts (here, a
// journal closed under it: reading its targets, recording the run's start) names it in the
// run's language. It was "journal /x/y.db: ..." in a Portuguese run.
func TestJournalErrorInTheRunsLanguage(t *testing.T) {
	e := startSim(t, nil, nil)
	for _, c := range []struct {
		lang  outcome.Lang
		force bool // skips reading the journal's targets: the run's start is the first write
		want  string
	}{
		{outcome.PT, false, "diário de execuções "}, {outcome.PT, true, "diário de execuções "},
		{outcome.EN, false, "journal "}, {outcome.EN, true, "journal "},
	} {
		j := openJournal(t)
		j.Close()
		dir := t.TempDir()
		cfg := e.settings(dir, categorias(t, dir, 2, 0))
		cfg.Journal, cfg.Lang, cfg.Force = j, c.lang, c.force
		_, err := Run(context.Background(), cfg)
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), c.want+j.Path()+": ") {
			t.Errorf("%s, force %v: %v, want a ConfigError starting %q", c.lang, c.force, err, c.want+j.Path()+": ")
		}
	}
	if n := e.stats().Requests; n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
