package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"seniorimporter/templates"
)

func newTest(t testing.TB, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	if cfg.User == "" {
		cfg.User, cfg.Password = "demo", "s3cret"
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv
}

const g5Path = "/g5-senior-services/sapiens_Synccom_senior_g5_co_mcm_ven_orcamento"

// g5 builds a request as the seed page's sample shows it.
func g5(op, user, pass, params string) string {
	return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://services.senior.com.br"><soapenv:Body><ser:` + op +
		`><user>` + user + `</user><password>` + pass + `</password><encryption>0</encryption><parameters>` + params + `</parameters></ser:` + op + `></soapenv:Body></soapenv:Envelope>`
}

func crm(body string) string {
	return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` + body + `</soapenv:Body></soapenv:Envelope>`
}

func post(t testing.TB, url, body string) string {
	t.Helper()
	resp, err := http.Post(url, "text/xml; charset=utf-8", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("HTTP %d: %s", resp.StatusCode, b)
	}
	return string(b)
}

// result extracts the text inside <result> (G5) or the CRM answer element.
func result(s string) string {
	if i := strings.Index(s, "<result>"); i >= 0 {
		return s[i+8 : strings.Index(s, "</result>")]
	}
	i := strings.Index(s, "<soapenv:Body>")
	return s[i+14 : strings.Index(s, "</soapenv:Body>")]
}

const orc = `<orcamento><tipOpe>1</tipOpe><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><desOct>Teste</desOct>` +
	`<itens><seqOci>1</seqOci><codPro>P1</codPro><qtdOci>2.00000</qtdOci><vlrUni>12345678901.1234567891</vlrUni><vlrLiq>100.00</vlrLiq></itens></orcamento>`

func TestChecks(t *testing.T) {
	cases := []struct {
		name, path, body, want string
	}{
		{"include accepted", g5Path, g5("GravarOrcamentos", "demo", "s3cret", orc),
			`<resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><codigoRetorno>0</codigoRetorno><retorno>Orçamento 1/10/1 incluído.</retorno></resposta>`},
		{"refused login", g5Path, g5("GravarOrcamentos", "demo", "x", orc), `<erroExecucao>Credenciais inválidas.</erroExecucao>`},
		{"unqualified port element", g5Path, strings.ReplaceAll(g5("GravarOrcamentos", "demo", "s3cret", orc), "ser:GravarOrcamentos", "GravarOrcamentos"),
			`<erroExecucao>Elemento GravarOrcamentos fora do namespace http://services.senior.com.br.</erroExecucao>`},
		{"children out of order", g5Path, strings.Replace(g5("GravarOrcamentos", "demo", "s3cret", orc), "<user>demo</user><password>s3cret</password>", "<password>s3cret</password><user>demo</user>", 1),
			`<erroExecucao>A porta espera user, password, encryption e parameters, nesta ordem, sem namespace; veio password.</erroExecucao>`},
		{"decimal comma in a Double", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "100.00", "100,00", 1)),
			`<codigoRetorno>-1</codigoRetorno><retorno>Campo itens.vlrLiq: valor &#34;100,00&#34; não atende Number(015,2): até 13 dígitos inteiros, ponto decimal e exatamente 2 casas, sem separador de milhar.</retorno>`},
		{"missing decimals", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "100.00", "100.2", 1)),
			`<codigoRetorno>-1</codigoRetorno><retorno>Campo itens.vlrLiq: valor &#34;100.2&#34; não atende Number(015,2)`},
		{"thousands separator", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "100.00", "1,100.00", 1)), `valor &#34;1,100.00&#34; não atende`},
		{"field order", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "<codEmp>1</codEmp><numOct>10</numOct>", "<numOct>10</numOct><codEmp>1</codEmp>", 1)),
			`<retorno>Campo codEmp fora da ordem documentada (depois de numOct).</retorno>`},
		{"unknown element", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "<desOct>Teste</desOct>", "<desOct>Teste</desOct><xyz>1</xyz>", 1)),
			`<retorno>Campo xyz desconhecido.</retorno>`},
		{"empty element", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "<desOct>Teste</desOct>", "<desOct></desOct>", 1)),
			`<retorno>Campo desOct enviado vazio.</retorno>`},
		{"required tipOpe", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "<tipOpe>1</tipOpe>", "", 1)),
			`<retorno>Campo tipOpe obrigatório não informado.</retorno>`},
		{"value list", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "<tipOpe>1</tipOpe>", "<tipOpe>Incluir</tipOpe>", 1)),
			`<retorno>Campo tipOpe: valor &#34;Incluir&#34; não está na lista [1, 2, 3].</retorno>`},
		{"String(090)", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "Teste", strings.Repeat("ç", 91), 1)),
			`tem 91 caracteres; String(090) aceita 90.</retorno>`},
		{"date that does not exist", g5Path, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "<qtdOci>", "<datOci>31/02/2026</datOci><qtdOci>", 1)),
			`<retorno>Campo itens.datOci: valor &#34;31/02/2026&#34; não é uma data existente.</retorno>`},
		{"malformed XML", g5Path, "<soapenv:Envelope>", `<erroExecucao>Requisição inválida: XML mal formado`},
		{"crm accepted", "/crm/ws", crm(`<CategoriaDespesaDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><CategoriaDespesaId>D1</CategoriaDespesaId><CategoriaDespesaDescricao>Viagens</CategoriaDespesaDescricao></CategoriaDespesaDados>`),
			`<CategoriaDespesaRetornoDados><retorno>0</retorno><mensagem>Registro gravado com sucesso.</mensagem><idRegistro>D1</idRegistro></CategoriaDespesaRetornoDados>`},
		{"crm refused", "/crm/ws", crm(`<CategoriaDespesaDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>no</UsuarioSenha><CategoriaDespesaId>D1</CategoriaDespesaId></CategoriaDespesaDados>`),
			`<CategoriaDespesaRetornoDados><retorno>1</retorno><mensagem>Usuário ou senha inválidos.</mensagem></CategoriaDespesaRetornoDados>`},
		{"crm time format", "/crm/ws", crm(`<CompromissosParametros><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><CompromissosId>C1</CompromissosId><CompromissosHoraInicio>9:30</CompromissosHoraInicio></CompromissosParametros>`),
			`<mensagem>Campo CompromissosHoraInicio: valor &#34;9:30&#34; não está no formato HH:MM.</mensagem>`},
		{"crm date", "/crm/ws", crm(`<ContasDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><ContaIdERP>A</ContaIdERP><ContaAniversario>29/02/2025</ContaAniversario></ContasDados>`),
			`<mensagem>Campo ContaAniversario: valor &#34;29/02/2025&#34; não é uma data existente.</mensagem>`},
		{"crm namespace", "/crm/ws", crm(`<x:ContasDados xmlns:x="urn:x"><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha></x:ContasDados>`),
			`<mensagem>Elemento ContasDados não deve ter namespace (urn:x).</mensagem>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, srv := newTest(t, Config{})
			got := result(post(t, srv.URL+c.path, c.body))
			if !strings.Contains(got, c.want) {
				t.Fatalf("answer\n%s\nlacks\n%s", got, c.want)
			}
		})
	}
}

func TestStateAndReadPorts(t *testing.T) {
	s, srv := newTest(t, Config{})
	url := srv.URL + g5Path
	post(t, url, g5("GravarOrcamentos", "demo", "s3cret", orc))
	dup := result(post(t, url, g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(orc, "<codEmp>1</codEmp>", "<codEmp>0001</codEmp>", 1))))
	if !strings.Contains(dup, "<codigoRetorno>-1</codigoRetorno><retorno>Orçamento 1/10/1 já cadastrado.</retorno>") || !strings.Contains(dup, "<codEmp>0001</codEmp>") {
		t.Fatalf("duplicate include: %s", dup)
	}
	load := result(post(t, url, g5("CarregarOrcamentos_3", "demo", "s3cret", "<codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct>")))
	if !strings.Contains(load, "<orcamento><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><desOct>Teste</desOct>") ||
		!strings.Contains(load, "<itens><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><seqOci>1</seqOci><codPro>P1</codPro>") ||
		!strings.HasSuffix(load, "<tipoRetorno>0</tipoRetorno>") {
		t.Fatalf("CarregarOrcamentos_3: %s", load)
	}
	tax := result(post(t, url, g5("CalculaImpostosOrcamento", "demo", "s3cret", "<codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><seqOci>1</seqOci>")))
	if tax != "<vlrIpi>0.00</vlrIpi><perIpi>0.00</perIpi><vlrIcm>18.00</vlrIcm><perIcm>18.00</perIcm>" {
		t.Fatalf("CalculaImpostosOrcamento: %s", tax)
	}
	alter := strings.Replace(strings.Replace(orc, "<tipOpe>1</tipOpe>", "<tipOpe>2</tipOpe>", 1), "Teste", "Alterado", 1)
	if got := result(post(t, url, g5("GravarOrcamentos", "demo", "s3cret", alter))); !strings.Contains(got, "alterado") {
		t.Fatalf("alter: %s", got)
	}
	del := strings.Replace(orc, "<tipOpe>1</tipOpe>", "<tipOpe>3</tipOpe>", 1)
	post(t, url, g5("GravarOrcamentos", "demo", "s3cret", del))
	if got := result(post(t, url, g5("GravarOrcamentos", "demo", "s3cret", del))); !strings.Contains(got, "não encontrado") {
		t.Fatalf("second delete: %s", got)
	}
	missing := result(post(t, url, g5("CarregarOrcamentos", "demo", "s3cret", "<codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct>")))
	if missing != "<mensagemRetorno>Orçamento 1/10/1 não encontrado.</mensagemRetorno><tipoRetorno>-1</tipoRetorno>" {
		t.Fatalf("missing quote: %s", missing)
	}
	st := s.Stats()
	if st.Requests != 8 || st.DuplicateIncludes != 1 || st.Stored != 0 || st.Accepted != 5 || st.Rejected != 3 {
		t.Fatalf("stats %+v", st)
	}
	// async: only result OK.
	async := strings.Replace(url, "Sync", "Async", 1)
	if got := result(post(t, async, g5("GravarOrcamentos", "demo", "s3cret", orc))); got != "OK" {
		t.Fatalf("async: %s", got)
	}
	resp, _ := http.Get(srv.URL + "/_records?port=GravarOrcamentos")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"key":"1/10/1"`) || !strings.Contains(string(b), `"vlrUni":"12345678901.1234567891"`) {
		t.Fatalf("/_records: %s", b)
	}
	// Without a port: an error naming the parameter, not [] ("Senior holds nothing").
	resp, _ = http.Get(srv.URL + "/_records")
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "?port=") {
		t.Fatalf("/_records without a port: %d %s", resp.StatusCode, b)
	}
}

func TestFaults(t *testing.T) {
	cases := []struct {
		fault  Fault
		stored int64 // what the request leaves stored
		check  func(resp *http.Response, err error) bool
	}{
		{FaultHTTP500, 0, func(r *http.Response, err error) bool {
			b, _ := io.ReadAll(r.Body)
			return err == nil && r.StatusCode == 500 && strings.Contains(string(b), "<faultstring>")
		}},
		{FaultHTTP503, 0, func(r *http.Response, err error) bool {
			return err == nil && r.StatusCode == 503 && r.Header.Get("Retry-After") == "1"
		}},
		{FaultResetBefore, 0, func(r *http.Response, err error) bool { return err != nil }},
		{FaultResetAfter, 1, func(r *http.Response, err error) bool { return err != nil }},
		{FaultTruncated, 1, func(r *http.Response, err error) bool {
			if err != nil {
				return false
			}
			_, rerr := io.ReadAll(r.Body)
			return rerr != nil
		}},
		{FaultRefuseLogin, 0, func(r *http.Response, err error) bool {
			b, _ := io.ReadAll(r.Body)
			return err == nil && strings.Contains(string(b), "Credenciais inválidas.")
		}},
		{FaultSlow, 1, func(r *http.Response, err error) bool { return err != nil }}, // the client gives up first
	}
	for _, c := range cases {
		t.Run(string(c.fault), func(t *testing.T) {
			s, srv := newTest(t, Config{User: "demo", Password: "s3cret", Faults: map[Fault]float64{c.fault: 1}, SlowDelay: time.Second})
			client := &http.Client{Timeout: 200 * time.Millisecond}
			resp, err := client.Post(srv.URL+g5Path, "text/xml", strings.NewReader(g5("GravarOrcamentos", "demo", "s3cret", orc)))
			if !c.check(resp, err) {
				t.Fatalf("fault %s not observed: %v", c.fault, err)
			}
			if resp != nil {
				resp.Body.Close()
			}
			st := s.Stats()
			if st.Faults[string(c.fault)] != 1 || st.Stored != c.stored {
				t.Fatalf("stats %+v, want stored %d", st, c.stored)
			}
		})
	}
	for _, bad := range []map[Fault]float64{{"bogus": 1}, {FaultSlow: 1.5}, {FaultHTTP500: -0.1}} {
		if _, err := New(Config{Faults: bad}); !errors.Is(err, ErrConfig) {
			t.Errorf("faults %v: error %v, want ErrConfig", bad, err)
		}
	}
}

func TestStateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	s, srv := newTest(t, Config{StateFile: path})
	post(t, srv.URL+g5Path, g5("GravarOrcamentos", "demo", "s3cret", orc))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, _ := newTest(t, Config{StateFile: path})
	if recs := s2.Records("GravarOrcamentos"); len(recs) != 1 || recs[0].Sets["itens"][0].Values["codPro"] != "P1" {
		t.Fatalf("reloaded %+v", recs)
	}
}

// A simulator killed without saving (SIGKILL: Close never runs) keeps, when started again with
// the same state file, every record it acknowledged: before, all since its start were lost,
// and an importer whose journal holds them as imported skipped them against an empty Senior.
// A last line cut by the kill is no record.
func TestStateFileKilled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	_, srv := newTest(t, Config{StateFile: path})
	other := strings.ReplaceAll(orc, "<numOct>10</numOct>", "<numOct>11</numOct>")
	for _, body := range []string{
		g5("GravarOrcamentos", "demo", "s3cret", orc),
		g5("GravarOrcamentos", "demo", "s3cret", other),
		g5("GravarOrcamentos", "demo", "s3cret", strings.Replace(other, "<tipOpe>1</tipOpe>", "<tipOpe>3</tipOpe>", 1)),
		crmRecord(7),
	} {
		url := srv.URL + g5Path
		if strings.Contains(body, "CategoriaServico") {
			url = srv.URL + "/crm/ws"
		}
		if got := result(post(t, url, body)); !strings.Contains(got, "0</codigoRetorno>") && !strings.Contains(got, "<idRegistro>S7</idRegistro>") {
			t.Fatalf("not accepted: %s", got)
		}
	}
	// Killed here: no Close. The kill cut a line being appended.
	f, err := os.OpenFile(path+".changes", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"key":"1/12/1","record":{"key":"1/12`)
	f.Close()
	// Started again and killed again, after one more quote: the change appended after the cut
	// line was lost with it at the next start (the two read as one line, not JSON).
	_, srv2 := newTest(t, Config{StateFile: path})
	third := strings.ReplaceAll(orc, "<numOct>10</numOct>", "<numOct>13</numOct>")
	if got := result(post(t, srv2.URL+g5Path, g5("GravarOrcamentos", "demo", "s3cret", third))); !strings.Contains(got, "0</codigoRetorno>") {
		t.Fatalf("not accepted: %s", got)
	}
	for _, step := range []string{"started again after the kill", "started again after a clean stop"} {
		s2, _ := newTest(t, Config{StateFile: path})
		quotes := s2.Records("GravarOrcamentos")
		if len(quotes) != 2 || quotes[0].Key != "1/10/1" || quotes[0].Sets["itens"][0].Values["codPro"] != "P1" || quotes[1].Key != "1/13/1" {
			t.Errorf("%s: quotes %+v, want 1/10/1 with its item and 1/13/1 (1/11/1 was deleted, 1/12/1 never answered)", step, quotes)
		}
		if crm := s2.Records("setCategoriaServico"); len(crm) != 1 || crm[0].Key != "S7" {
			t.Errorf("%s: setCategoriaServico %+v, want S7", step, crm)
		}
		if err := s2.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path + ".changes"); !os.IsNotExist(err) {
			t.Errorf("%s: the change log is still there after Close saved the state: %v", step, err)
		}
	}
}

func TestCommand(t *testing.T) {
	// Without --quiet, stderr is the request log: a line per request naming its operation,
	// never the password; with it, nothing.
	for _, quiet := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		pr, pw := io.Pipe()
		var stderr bytes.Buffer
		done := make(chan int)
		args := []string{"--addr", "127.0.0.1:0", "--password-env", "PW"}
		if quiet {
			args = append(args, "--quiet")
		}
		go func() {
			done <- Command(ctx, args, pw, &stderr, func(k string) string {
				if k == "PW" {
					return "pw-Xyzzy"
				}
				return ""
			})
			pw.Close()
		}()
		buf := make([]byte, 64)
		n, _ := pr.Read(buf)
		addr := strings.TrimSpace(string(buf[:n]))
		if !strings.HasPrefix(addr, "127.0.0.1:") {
			t.Fatalf("first line %q", addr)
		}
		got := result(post(t, "http://"+addr+"/crm/ws", crm(`<CategoriaServicoDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>pw-Xyzzy</UsuarioSenha><CategoriaServicoId>S1</CategoriaServicoId></CategoriaServicoDados>`)))
		if !strings.Contains(got, "<idRegistro>S1</idRegistro>") {
			t.Fatalf("answer %s", got)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		log := stderr.String()
		if quiet && log != "" || !quiet && !strings.Contains(log, "msg=request path=/crm/ws operation=") || strings.Contains(log, "Xyzzy") {
			t.Fatalf("quiet=%v: stderr %s", quiet, log)
		}
	}
	var stderr bytes.Buffer
	if code := Command(context.Background(), []string{"--addr", "10.0.0.1:0"}, io.Discard, &stderr, os.Getenv); code != 2 || !strings.Contains(stderr.String(), "not a loopback address") {
		t.Fatalf("non-loopback: %d %s", code, stderr.String())
	}
}

func TestWSDLWithZeep(t *testing.T) {
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("third-party SOAP client test skipped: /usr/bin/python3 not found (Debian's python3-zeep; .ci/run installs it)")
	}
	if err := exec.Command(py, "-c", "import zeep").Run(); err != nil {
		t.Skip("third-party SOAP client test skipped: python3-zeep is not installed (apt-get install python3-zeep; .ci/run installs it)")
	}
	_, srv := newTest(t, Config{})
	out, err := exec.Command(py, "testdata/zeep_client.py", srv.URL+g5Path+"?wsdl", "demo", "s3cret").CombinedOutput()
	if err != nil {
		t.Fatalf("zeep: %v\n%s", err, out)
	}
	var got struct {
		Gravar []struct {
			CodigoRetorno string `json:"codigoRetorno"`
		} `json:"gravar"`
		Tipo   any    `json:"carregar_tipo"`
		DesOct string `json:"carregar_desOct"`
		Itens  int    `json:"carregar_itens"`
	}
	if err := json.Unmarshal(out[bytes.LastIndexByte(bytes.TrimSpace(out), '\n')+1:], &got); err != nil {
		t.Fatalf("zeep output %s: %v", out, err)
	}
	if len(got.Gravar) != 1 || got.Gravar[0].CodigoRetorno != "0" || got.DesOct != "Orçamento via zeep" || got.Itens != 1 {
		t.Fatalf("zeep saw %+v (%s)", got, out)
	}
}

func BenchmarkServer(b *testing.B) {
	_, srv := newTest(b, Config{})
	srv.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	var mu sync.Mutex
	n := 0
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			n++
			id := n
			mu.Unlock()
			body := crm(`<CategoriaServicoDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><CategoriaServicoId>S` + itoa(id) + `</CategoriaServicoId><CategoriaServicoDescricao>x</CategoriaServicoDescricao></CategoriaServicoDados>`)
			resp, err := srv.Client().Post(srv.URL+"/crm/ws", "text/xml", strings.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func itoa(n int) string { return strconv.Itoa(n) }

// FuzzRequest: whatever a client posts, the simulator answers HTTP 200 with a well-formed SOAP
// answer (a failed check is a business answer, never a Fault or a crash).
func FuzzRequest(f *testing.F) {
	f.Add(g5Path, g5("GravarOrcamentos", "demo", "s3cret", orc))
	f.Add(g5Path, g5("CarregarOrcamentos", "demo", "s3cret", `<codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct>`))
	f.Add("/crm/ws", crm(`<CategoriaServicoDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><CategoriaServicoId>S1</CategoriaServicoId></CategoriaServicoDados>`))
	f.Add("/crm/ws", "<html>")
	f.Add(g5Path, "")
	s, err := New(Config{User: "demo", Password: "s3cret", CRMPath: "/crm/ws"})
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, path, body string) {
		if path != g5Path && path != "/crm/ws" {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(body)))
		if rec.Code != http.StatusOK {
			t.Fatalf("HTTP %d for %q", rec.Code, body)
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), new(struct {
			XMLName xml.Name `xml:"Envelope"`
		})); err != nil {
			t.Fatalf("answer is not a SOAP envelope (%v): %s", err, rec.Body.String())
		}
	})
}

// TestCommandCatalogue: --catalogue DIR serves a consultant's port files, as the importer's
// --catalogue reads them: a field the customer's Senior has on a shipped CRM port, a CRM set
// service the importer does not ship (answered in its own answer's elements), and names in the
// log the ports it cannot answer (a G5 service of its own, a CRM port without login), which
// are not served. A port file it cannot read is exit 2, naming it. Without the flag, the
// simulator knew only the embedded ports: the customer's field was "Campo usu_limcre
// desconhecido." and a new service "Serviço NovoDados desconhecido.".
func TestCommandCatalogue(t *testing.T) {
	dir := t.TempDir()
	contas, err := os.ReadFile("../templates/ports/setcontas.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"setcontas.yaml": strings.Replace(string(contas), "  - {name: ContaObservacoes, type: String}\n",
			"  - {name: ContaObservacoes, type: String}\n  - {name: usu_limcre, type: String, format: \"Number(9,2)\"}\n", 1),
		"setcontascliente.yaml": strings.Replace(strings.Replace(string(contas), "  - {name: ContaObservacoes, type: String}\n",
			"  - {name: ContaObservacoes, type: String}\n  - {name: usu_limcre, type: String, format: \"Number(9,2)\"}\n", 1), "name: setContas\n", "name: setContasCliente\n", 1),
		"setnovo.yaml": "name: setNovo\nproduct: crm\noperation: NovoDados\nresponse: NovoRetorno\naccess: write\nkey: [NovoId]\nlogin: [Usuario, Senha]\n" +
			"answer: {accept: \"nonempty:id\", id: id, code: codigo, message: texto, refused_login: \"(?i)senha\"}\n" +
			"fields:\n  - {name: NovoId, type: String, required: true}\n  - {name: NovoNome, type: String, format: \"String(10)\"}\n",
		"gravarclientes.yaml": "name: GravarClientes\nproduct: g5\nservice: com.senior.g5.co.cad.clientes\noperation: GravarClientes\naccess: write\nkey: [codCli]\n" +
			"answer: {within: result, request_error: erroExecucao, refused_login: x}\nfields:\n  - {name: codCli, type: Integer, required: true}\n",
	}
	for name, y := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(y), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Command(ctx, []string{"--addr", "127.0.0.1:0", "--catalogue", dir}, pw, &stderr, os.Getenv)
		pw.Close()
	}()
	buf := make([]byte, 64)
	n, _ := pr.Read(buf)
	addr := strings.TrimSpace(string(buf[:n]))
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("first line %q, exit %d: %s", addr, <-done, stderr.String())
	}
	url := "http://" + addr + "/crm/ws"
	for _, tc := range []struct{ body, want string }{
		{`<ContasDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>demo</UsuarioSenha><ContaIdERP>C1</ContaIdERP><usu_limcre>1234,56</usu_limcre></ContasDados>`,
			`<ContasRetornoDados><retorno>0</retorno><mensagem>Registro gravado com sucesso.</mensagem><idRegistro>C1</idRegistro></ContasRetornoDados>`},
		{`<ContasDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>demo</UsuarioSenha><ContaIdERP>C2</ContaIdERP><usu_limcre>12345678,00</usu_limcre></ContasDados>`,
			`<retorno>1</retorno>`},
		{`<NovoDados><Usuario>demo</Usuario><Senha>demo</Senha><NovoId>N1</NovoId><NovoNome>Novo</NovoNome></NovoDados>`,
			`<NovoRetorno><codigo>0</codigo><texto>Registro gravado com sucesso.</texto><id>N1</id></NovoRetorno>`},
		{`<NovoDados><Usuario>demo</Usuario><Senha>errada</Senha><NovoId>N1</NovoId></NovoDados>`,
			`<NovoRetorno><codigo>1</codigo><texto>Usuário ou senha inválidos.</texto></NovoRetorno>`},
	} {
		if got := result(post(t, url, crm(tc.body))); !strings.Contains(got, tc.want) {
			t.Errorf("%s: answer %s, want %s", tc.body, got, tc.want)
		}
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"a porta setContas de " + filepath.Join(dir, "setcontas.yaml") + " toma o lugar da embutida",
		"o simulador não atende a porta GravarClientes (gravarclientes.yaml): as portas do ERP G5 que ele atende são as que o importador traz",
		"as portas setContas e setContasCliente enviam ambas ContasDados: o simulador confere esses pedidos pelos campos de setContasCliente"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	os.WriteFile(filepath.Join(dir, "setnovo.yaml"), []byte("name: setNovo\nproduct: crm\noperation: NovoDados\naccess: escrita\n"), 0o644)
	stderr.Reset()
	if code := Command(context.Background(), []string{"--addr", "127.0.0.1:0", "--catalogue", dir}, io.Discard, &stderr, os.Getenv); code != 2 ||
		!strings.Contains(stderr.String(), "simulate: catalogue "+dir+": setnovo.yaml: port setNovo: access \"escrita\"") {
		t.Fatalf("a bad port file: exit %d, %s", code, stderr.String())
	}
}

// TestUnservedPorts: a catalogue given in code (the importer's --catalogue refuses such files)
// with a CRM port without login or key is not served, and named in the log: it was an index
// out of range on p.Login[0] for every request.
func TestUnservedPorts(t *testing.T) {
	cat, err := templates.LoadFS(fstest.MapFS{
		"p/a.yaml": {Data: []byte("name: setSemLogin\nproduct: crm\noperation: SemLoginDados\naccess: write\nkey: [Id]\nanswer: {accept: \"nonempty:idRegistro\"}\nfields:\n  - {name: Id, type: String}\n")},
		"p/b.yaml": {Data: []byte("name: setSemChave\nproduct: crm\noperation: SemChaveDados\naccess: write\nlogin: [U, S]\nanswer: {accept: \"nonempty:idRegistro\"}\nfields:\n  - {name: Id, type: String}\n")},
	}, "p")
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	_, srv := newTest(t, Config{Catalogue: cat, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	for _, body := range []string{`<SemLoginDados><Id>S1</Id></SemLoginDados>`, `<SemChaveDados><U>demo</U><S>s3cret</S><Id>S1</Id></SemChaveDados>`} {
		if got := result(post(t, srv.URL+"/crm/ws", crm(body))); !strings.Contains(got, "desconhecido.") {
			t.Errorf("%s: %s", body, got)
		}
	}
	for _, want := range []string{"o simulador não atende a porta setSemLogin (a.yaml): falta login", "o simulador não atende a porta setSemChave (b.yaml): falta key"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q: %s", want, log.String())
		}
	}
}
