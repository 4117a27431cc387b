package soap

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/x509"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"seniorimporter/templates"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite golden files")

func catalogue(t testing.TB) *templates.Catalogue {
	t.Helper()
	c, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sample fills every leaf field of fields with a value of its type, and every set with one
// child (two for the first set), so a golden shows the whole documented order.
func sample(fields []*templates.Field, depth int) *Record {
	r := NewRecord()
	for i, f := range fields {
		switch {
		case f.IsSet():
			n := 1
			if depth == 0 && i == firstSet(fields) {
				n = 2
			}
			for j := 0; j < n; j++ {
				r.Sets[f.Name] = append(r.Sets[f.Name], sample(f.Fields, depth+1))
			}
		case len(f.List) > 0:
			r.Set(f.Name, f.List[0].Code)
		case f.Date || f.Temporal == templates.TemporalDate:
			r.Set(f.Name, "31/12/2026")
		case f.Temporal == templates.TemporalTime:
			r.Set(f.Name, "09:30")
		case f.Number != nil:
			v := "12"
			if f.Number.Scale > 0 {
				v += "." + strings.Repeat("5", f.Number.Scale)
			}
			if f.Type == templates.TypeString {
				v = strings.Replace(v, ".", ",", 1)
			}
			r.Set(f.Name, v)
		case f.Type == templates.TypeInteger:
			r.Set(f.Name, "7")
		case f.Type == templates.TypeDouble:
			r.Set(f.Name, "3.14")
		default:
			r.Set(f.Name, "Ação & <Cia> \"1\"")
		}
	}
	return r
}

func firstSet(fields []*templates.Field) int {
	for i, f := range fields {
		if f.IsSet() {
			return i
		}
	}
	return -1
}

func TestEncodeGolden(t *testing.T) {
	c := catalogue(t)
	creds := Credentials{User: "demo", Password: "s3cr&t"}
	for _, p := range c.Ports() {
		t.Run(p.Name, func(t *testing.T) {
			var buf bytes.Buffer
			rec := sample(p.RecordFields(), 0)
			if err := Encode(&buf, p, creds, rec); err != nil {
				t.Fatal(err)
			}
			if err := wellFormed(buf.Bytes()); err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, buf.Bytes())
			}
			golden(t, filepath.Join("testdata", p.Name+".xml"), buf.Bytes())
			masked := Mask(buf.Bytes(), p)
			if bytes.Contains(masked, []byte("s3cr")) || !bytes.Contains(masked, []byte("********")) {
				t.Fatalf("password not masked:\n%s", masked)
			}
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs:\n got %s\nwant %s", path, got, want)
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestEncodeRules(t *testing.T) {
	c := catalogue(t)
	g := c.Port("GravarOrcamentos")
	r1 := NewRecord()
	r1.Set("tipOpe", "1")
	r1.Set("codEmp", "1")
	r1.Set("numOct", "10")
	r1.Set("verOct", "1")
	r1.Set("desOct", "") // empty: omitted
	it := r1.Add("itens")
	it.Set("seqOci", "1")
	it.Set("vlrUni", "12345678901.1234567891")
	r2 := NewRecord()
	r2.Set("tipOpe", "3")
	r2.Set("codEmp", "1")
	r2.Set("numOct", "11")
	r2.Set("verOct", "1")
	var buf bytes.Buffer
	if err := Encode(&buf, g, Credentials{User: "u", Password: "p"}, r1, r2); err != nil {
		t.Fatal(err)
	}
	want := `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://services.senior.com.br"><soapenv:Body><ser:GravarOrcamentos><user>u</user><password>p</password><encryption>0</encryption><parameters>` +
		`<orcamento><tipOpe>1</tipOpe><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><itens><seqOci>1</seqOci><vlrUni>12345678901.1234567891</vlrUni></itens></orcamento>` +
		`<orcamento><tipOpe>3</tipOpe><codEmp>1</codEmp><numOct>11</numOct><verOct>1</verOct></orcamento>` +
		`</parameters></ser:GravarOrcamentos></soapenv:Body></soapenv:Envelope>`
	if buf.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", buf.String(), want)
	}
	bad := NewRecord()
	bad.Set("tipOpe", "1")
	bad.Set("naoExiste", "x")
	if err := Encode(io.Discard, g, Credentials{}, bad); err == nil || !strings.Contains(err.Error(), `"naoExiste" is not a field`) {
		t.Fatalf("unknown field: %v", err)
	}
	// A set the catalogue does not have, or a field filled as a set, is refused: encoded, its
	// rows would be left out of the request without a word.
	for _, set := range []string{"naoExiste", "tipOpe"} {
		bad := NewRecord()
		bad.Set("tipOpe", "1")
		bad.Add(set).Set("seqOci", "1")
		if err := Encode(io.Discard, g, Credentials{}, bad); err == nil || !strings.Contains(err.Error(), `"`+set+`" is not a set`) {
			t.Errorf("set %s: %v", set, err)
		}
	}
	// So is a field a set's record does not have (in a record of a set, one level down).
	bad = NewRecord()
	bad.Set("tipOpe", "1")
	bad.Add("itens").Set("naoExiste", "x")
	if err := Encode(io.Discard, g, Credentials{}, bad); err == nil || !strings.Contains(err.Error(), `.itens: "naoExiste" is not a field`) {
		t.Fatalf("unknown field of a set's record: %v", err)
	}
	if err := Encode(io.Discard, c.Port("setContas"), Credentials{}, r1, r2); err == nil {
		t.Fatal("two records for a CRM port accepted")
	}
	v3 := c.Port("CarregarOrcamentos_3")
	q := NewRecord()
	q.Set("codEmp", "1")
	buf.Reset()
	if err := Encode(&buf, v3, Credentials{}, q); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<ser:CarregarOrcamentos_3>") || strings.Contains(buf.String(), "<user>") {
		t.Fatalf("v3 envelope: %s", buf.String())
	}
	// G5's password and encryption travel even empty (a validation without --user shows
	// them); the user does not.
	if !strings.Contains(buf.String(), "<password></password><encryption>0</encryption><parameters>") {
		t.Fatalf("v3 envelope without credentials: %s", buf.String())
	}
	// A port that takes batches but names no record set has nowhere to put a second record:
	// encoded, every record past the first would be left out without a word.
	noSet := *g
	noSet.Record = ""
	if err := Encode(io.Discard, &noSet, Credentials{}, r1, r2); err == nil || !strings.Contains(err.Error(), "takes one record per request") {
		t.Fatalf("two records for a batch port of no record set: %v", err)
	}
	// The CRM's login travels first even empty (a validation without --user shows where).
	cat := NewRecord()
	cat.Set("CategoriaDespesaId", "D1")
	buf.Reset()
	if err := Encode(&buf, c.Port("setCategoriaDespesa"), Credentials{}, cat); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<CategoriaDespesaDados><UsuarioLogin></UsuarioLogin><UsuarioSenha></UsuarioSenha><CategoriaDespesaId>D1<") {
		t.Fatalf("CRM envelope without credentials: %s", buf.String())
	}
}

// TestSnippet: an answer quoted in a message is cut past 80 bytes, not at 80.
func TestSnippet(t *testing.T) {
	s80 := strings.Repeat("x", 80)
	for in, want := range map[string]string{"": "", "abc": "abc", s80: s80, s80 + "y": s80 + "…"} {
		if got := snippet([]byte(in)); got != want {
			t.Errorf("snippet of %d bytes = %q, want %q", len(in), got, want)
		}
	}
}

// TestEscapeText: a value's &, <, >, " and CR are escaped wherever they stand (the first byte
// and the last too), newlines and tabs kept; the value in the envelope is that text.
func TestEscapeText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"&", "&amp;"},
		{"<b>", "&lt;b&gt;"},
		{"a & b", "a &amp; b"},
		{`"x"`, "&quot;x&quot;"},
		{"l1\r\nl2\tx", "l1&#xD;\nl2\tx"},
		{"Ação & <Cia>", "Ação &amp; &lt;Cia&gt;"},
	} {
		if got := EscapeText(c.in); got != c.want {
			t.Errorf("EscapeText(%q) = %q, want %q", c.in, got, c.want)
		}
		g := catalogue(t).Port("GravarOrcamentos")
		r := NewRecord()
		r.Set("codEmp", c.in)
		var buf bytes.Buffer
		if err := Encode(&buf, g, Credentials{}, r); err != nil {
			t.Fatal(err)
		}
		if c.in != "" && !strings.Contains(buf.String(), "<codEmp>"+c.want+"</codEmp>") {
			t.Errorf("%q sent as %s", c.in, buf.String())
		}
	}
}

// TestG5URL: the service's path goes after --endpoint, a reverse proxy's path in front of it
// kept (README "Use").
// TestSameNumber: a key Senior echoes is the record's when the texts are equal, or both whole
// numbers of one value (0001 is 1); a number and a text that is none are not, and do not panic.
func TestSameNumber(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"1", "0001", true},
		{" 10 ", "10", true},
		{"A10", "A10", true},
		{"10", "A10", false},
		{"A10", "10", false},
		{"10", "", false},
		{"", "0", false},
		{"1", "2", false},
	} {
		if got := sameNumber(c.a, c.b); got != c.want {
			t.Errorf("sameNumber(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestG5URL(t *testing.T) {
	for _, c := range []struct {
		base string
		mode Mode
		want string
	}{
		{"http://127.0.0.1:8080/", ModeAsync, "http://127.0.0.1:8080/g5-senior-services/sapiens_Asynccom_senior_g5_co_mcm_ven_orcamento"},
		{"https://gw.example/senior", ModeSync, "https://gw.example/senior/g5-senior-services/sapiens_Synccom_senior_g5_co_mcm_ven_orcamento"},
		{"https://gw.example/senior/", ModeScheduled, "https://gw.example/senior/g5-senior-services/sapiens_Scheduledcom_senior_g5_co_mcm_ven_orcamento"},
	} {
		if got := G5URL(c.base, c.mode, "com.senior.g5.co.mcm.ven.orcamento"); got != c.want {
			t.Errorf("G5URL(%q) = %s, want %s", c.base, got, c.want)
		}
	}
}

const env = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>%s</soapenv:Body></soapenv:Envelope>`

func wrap(s string) []byte { return []byte(strings.Replace(env, "%s", s, 1)) }

// TestDiff: the fields of a quote sent that differ from what Senior holds, items paired by
// seqOci whatever their order.
func TestDiff(t *testing.T) {
	g, rb := catalogue(t).Port("GravarOrcamentos"), catalogue(t).Port("CarregarOrcamentos")
	item := func(seq, pro, qtd string) map[string]any {
		return map[string]any{"seqOci": seq, "codPro": pro, "qtdOci": qtd}
	}
	quote := func(des string, items ...map[string]any) map[string]any {
		l := make([]any, len(items))
		for i, it := range items {
			l[i] = it
		}
		return map[string]any{"tipOpe": "1", "codEmp": "1", "numOct": "10", "verOct": "1", "desOct": des, "itens": l}
	}
	for _, c := range []struct {
		name       string
		sent, held map[string]any
		want       []string
	}{
		{"the same", quote("a", item("1", "P1", "2")), quote("a", item("1", "P1", "2.00000")), nil},
		{"items out of order, by seqOci", quote("a", item("2", "P2", "1"), item("1", "P1", "2")), quote("a", item("0001", "P1", "2"), item("2", "P2", "1")), nil},
		{"an item differs, out of order", quote("a", item("2", "P2", "1"), item("1", "P1", "2")), quote("b", item("1", "P1", "3"), item("2", "P9", "1")), []string{"desOct", "itens.codPro", "itens.qtdOci"}},
		{"another item", quote("a", item("1", "P1", "2"), item("3", "P3", "1")), quote("a", item("1", "P1", "2"), item("2", "P2", "1")), []string{"itens"}},
		{"another count", quote("a", item("1", "P1", "2")), quote("a", item("1", "P1", "2"), item("2", "P2", "1")), []string{"itens"}},
		{"no seqOci held: in order", quote("a", item("1", "P1", "2"), item("2", "P2", "1")), quote("a", map[string]any{"codPro": "P1", "qtdOci": "2"}, map[string]any{"codPro": "P2", "qtdOci": "1"}), nil},
		// Senior leaves an empty element out of its answer: a field or a set sent that the
		// read port documents and held lacks is empty in Senior.
		{"a field sent, none held", with(quote("a"), "codCpg", "030"), quote("a"), []string{"codCpg"}},
		{"items sent, none held", quote("a", item("1", "P1", "2")), quote("a"), []string{"itens"}},
		{"an item's field sent, none held", quote("a", item("1", "P1", "2")), quote("a", map[string]any{"seqOci": "1", "codPro": "P1"}), []string{"itens.qtdOci"}},
		// A code is text: Senior's 30 is not the 030 sent; a number is a number.
		{"a code's zero held", with(quote("a"), "codCpg", "030"), with(quote("a"), "codCpg", "30"), []string{"codCpg"}},
		// A field not sent: Senior's own value stands.
		{"a field held, not sent", quote("a"), with(quote("a"), "codCpg", "030"), nil},
		// Text as trimmed text (a CHAR column comes back padded); a Double sent with a comma
		// (--decimal-separator comma) is the number Senior gives back with a point.
		{"a code held padded", with(quote("a"), "codCpg", "030"), with(quote("a"), "codCpg", "030   "), nil},
		{"a number sent with a comma", with(quote("a"), "vlrBru", "1234,50"), with(quote("a"), "vlrBru", "1234.5"), nil},
		// More items sent than held, held without their key (paired in order): another count,
		// never an item paired with one that is not there.
		{"more items sent than held, no seqOci held", quote("a", item("1", "P1", "2"), item("2", "P2", "1")), quote("a", map[string]any{"codPro": "P1", "qtdOci": "2"}), []string{"itens"}},
		{"items held, none sent", quote("a"), quote("a", item("1", "P1", "2")), nil},
		// The key it lacks: the record was matched by the key fields it holds (ReadBack), as
		// an item by seqOci. Compared, a quote held without them was "imported with other
		// values: codEmp, numOct, verOct" (a lying-server tester).
		{"the key not held", quote("a"), map[string]any{"desOct": "a", "tipOpe": "1"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Diff(g, rb, c.sent, c.held); !slices.Equal(got, c.want) {
				t.Errorf("Diff = %q, want %q", got, c.want)
			}
		})
	}
	// Without a read port's answer documented, only what both carry is compared.
	if got := Diff(g, nil, with(quote("a"), "codCpg", "030"), quote("a")); got != nil {
		t.Errorf("Diff without a read port = %q, want none", got)
	}
}

func with(m map[string]any, k string, v any) map[string]any {
	m[k] = v
	return m
}

// TestChanged: against what an earlier run sent, a field or a set only one side has is a
// change (the run before sent codCpg, this one leaves it empty), named.
func TestChanged(t *testing.T) {
	g := catalogue(t).Port("GravarOrcamentos")
	quote := func(kv ...any) map[string]any {
		m := map[string]any{"tipOpe": "1", "codEmp": "1", "numOct": "10", "verOct": "1"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	items := []any{map[string]any{"seqOci": "1", "codPro": "P1"}}
	for _, c := range []struct {
		name         string
		now, earlier map[string]any
		want         []string
	}{
		{"the same", quote("codCpg", "030", "itens", items), quote("codCpg", "030", "itens", items), nil},
		// Codes as the importer writes them: 030 is not 30 (a reviewer: the refusal named none).
		{"a code's zero", quote("codCpg", "030"), quote("codCpg", "30"), []string{"codCpg"}},
		{"a field given now", quote("codCpg", "030"), quote(), []string{"codCpg"}},
		{"a field emptied", quote(), quote("desOct", "x"), []string{"desOct"}},
		{"a set given now", quote("itens", items), quote(), []string{"itens"}},
		{"a set emptied", quote(), quote("itens", items), []string{"itens"}},
		{"operation alone", with(quote(), "tipOpe", "2"), quote(), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Changed(g, c.now, c.earlier); !slices.Equal(got, c.want) {
				t.Errorf("Changed = %q, want %q", got, c.want)
			}
		})
	}
}

// presence is what ReadBack says of record rec.
func presence(p *templates.Port, r Result, rec *Record) Presence {
	pr, _ := ReadBack(p, r, rec)
	return pr
}

// declared is an answer in charset cm, after the declaration decl.
func declared(t *testing.T, cm *charmap.Charmap, decl, body string) []byte {
	t.Helper()
	b, err := cm.NewEncoder().Bytes(wrap(body))
	if err != nil {
		t.Fatal(err)
	}
	return append([]byte(decl), b...)
}

func TestDecode(t *testing.T) {
	c := catalogue(t)
	g, v1, v3, crm := c.Port("GravarOrcamentos"), c.Port("CarregarOrcamentos"), c.Port("CarregarOrcamentos_3"), c.Port("setContas")
	quote := func(emp, num, ver string) *Record {
		r := NewRecord()
		r.Set("codEmp", emp)
		r.Set("numOct", num)
		r.Set("verOct", ver)
		return r
	}
	two := []*Record{quote("1", "10", "1"), quote("0001", "11", "1")}
	one := []*Record{NewRecord()}
	cases := []struct {
		name   string
		port   *templates.Port
		mode   Mode
		status int
		recs   []*Record
		body   []byte
		check  func([]Result) bool
		err    string // substring of the *TransientError
	}{
		{"respostas matched by echoed key", g, ModeSync, 200, two, wrap(`<ns2:GravarOrcamentosResponse xmlns:ns2="http://services.senior.com.br"><result><resposta><codEmp>1</codEmp><numOct>11</numOct><verOct>1</verOct><codigoRetorno>-1</codigoRetorno><retorno>Cliente não cadastrado</retorno></resposta><resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><codigoRetorno>0</codigoRetorno><retorno>OK</retorno></resposta><erroExecucao/></result></ns2:GravarOrcamentosResponse>`),
			func(r []Result) bool {
				return len(r) == 2 && r[0].Status == Accepted && r[0].Code == "0" && r[1].Status == Refused && r[1].Code == "-1" && r[1].Message == "Cliente não cadastrado" && !r[1].Whole
			}, ""},
		// "já cadastrado" is the catalogue's answer.exists: a re-run compares the record with
		// Senior's instead of reporting it rejected; "não cadastrado" (of the client) is not.
		{"a resposta that says the quote exists", g, ModeSync, 200, two, wrap(`<GravarOrcamentosResponse><result><resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><codigoRetorno>-1</codigoRetorno><retorno>Orçamento 1/10/1 já cadastrado</retorno></resposta><resposta><codEmp>1</codEmp><numOct>11</numOct><verOct>1</verOct><codigoRetorno>-1</codigoRetorno><retorno>Cliente não cadastrado</retorno></resposta></result></GravarOrcamentosResponse>`),
			func(r []Result) bool {
				return r[0].Status == Refused && r[0].Exists && r[0].Message == "Orçamento 1/10/1 já cadastrado" && r[1].Status == Refused && !r[1].Exists
			}, ""},
		{"a record without its resposta", g, ModeSync, 200, two, wrap(`<GravarOrcamentosResponse><result><resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><codigoRetorno>0</codigoRetorno></resposta></result></GravarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == Accepted && r[1].Status == NotUnderstood }, ""},
		{"a resposta without its code", g, ModeSync, 200, two, wrap(`<GravarOrcamentosResponse><result><resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><retorno>Orçamento 1/10/1 incluído.</retorno></resposta><resposta><codEmp>1</codEmp><numOct>11</numOct><verOct>1</verOct><codigoRetorno> </codigoRetorno><retorno>x</retorno></resposta></result></GravarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == NotUnderstood && r[1].Status == NotUnderstood }, ""},
		{"two respostas of one key that disagree", g, ModeSync, 200, two, wrap(`<GravarOrcamentosResponse><result><resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><codigoRetorno>-1</codigoRetorno><retorno>Erro</retorno></resposta><resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><codigoRetorno>0</codigoRetorno></resposta><resposta><codEmp>1</codEmp><numOct>11</numOct><verOct>1</verOct><codigoRetorno>0</codigoRetorno></resposta><resposta><codEmp>1</codEmp><numOct>011</numOct><verOct>1</verOct><codigoRetorno>0</codigoRetorno></resposta></result></GravarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == NotUnderstood && r[1].Status == Accepted }, ""},
		{"request refused whole, no prefix", g, ModeSync, 200, two, wrap(`<GravarOrcamentosResponse><result><erroExecucao>Campo inválido</erroExecucao></result></GravarOrcamentosResponse>`),
			func(r []Result) bool {
				return r[0].Status == Refused && r[0].Whole && r[0].Code == "erroExecucao" && r[1].Message == "Campo inválido"
			}, ""},
		{"refused login", g, ModeSync, 200, two, wrap(`<x:GravarOrcamentosResponse xmlns:x="urn:other"><result><erroExecucao>Erro: Credenciais inválidas.</erroExecucao></result></x:GravarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == LoginRefused && r[1].Status == LoginRefused }, ""},
		{"read found", v1, ModeSync, 200, one, wrap(`<ns2:CarregarOrcamentosResponse xmlns:ns2="http://services.senior.com.br"><result><mensagemRetorno>ok</mensagemRetorno><orcamento><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><itens><seqOci>1</seqOci></itens><itens><seqOci>2</seqOci></itens></orcamento><tipoRetorno>0</tipoRetorno></result></ns2:CarregarOrcamentosResponse>`),
			func(r []Result) bool {
				o, ok := r[0].Answer["orcamento"].([]any)
				if !ok || r[0].Status != Accepted || presence(g, r[0], quote("1", "10", "1")) != Present {
					return false
				}
				// An element with one child (an item of one field) is a record too, not text.
				its, _ := o[0].(map[string]any)["itens"].([]any)
				it, _ := its[len(its)-1].(map[string]any)
				return len(its) == 2 && it["seqOci"] == "2"
			}, ""},
		// A found quote that does not say its key (all of it) may be any quote: a lost include is
		// not settled as landed on its word.
		{"read found without its key", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><orcamento><desOct>x</desOct></orcamento><tipoRetorno>0</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool { return presence(g, r[0], quote("1", "10", "1")) == Unclear }, ""},
		{"read found without part of its key", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><orcamento><codEmp>1</codEmp><numOct>10</numOct></orcamento><tipoRetorno>0</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool { return presence(g, r[0], quote("1", "10", "1")) == Unclear }, ""},
		{"read absent", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><mensagemRetorno>Orçamento não encontrado</mensagemRetorno><tipoRetorno>-1</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool {
				return r[0].Status == Refused && r[0].Code == "-1" && r[0].Message == "Orçamento não encontrado" && presence(g, r[0], quote("1", "10", "1")) == Absent
			}, ""},
		{"read refused whole", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><erroExecucao>Usuário sem permissão para executar a porta.</erroExecucao></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool {
				return r[0].Status == Refused && r[0].Whole && presence(g, r[0], quote("1", "10", "1")) == Unclear
			}, ""},
		// A request refused whole says why in erroExecucao, whatever mensagemRetorno adds.
		{"read refused whole, a message too", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><erroExecucao>Usuário sem permissão para executar a porta.</erroExecucao><mensagemRetorno>Falha</mensagemRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool {
				return r[0].Status == Refused && r[0].Whole && r[0].Message == "Usuário sem permissão para executar a porta."
			}, ""},
		// A leaf repeated in a found record is a list of its texts, none lost.
		{"read found, a leaf repeated", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><orcamento><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><obsOct>a</obsOct><obsOct>b</obsOct><obsOct>c</obsOct></orcamento><tipoRetorno>0</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool {
				p, held := ReadBack(g, r[0], quote("1", "10", "1"))
				return p == Present && slices.Equal(held["obsOct"].([]any), []any{"a", "b", "c"})
			}, ""},
		// DESIGN.md: tipoRetorno -1 with no orcamento means the include did not land, whatever
		// the text says it in.
		{"read refused with its code", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><erroExecucao>Orçamento não encontrado.</erroExecucao><tipoRetorno>-1</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool { return presence(g, r[0], quote("1", "10", "1")) == Absent }, ""},
		{"read neither found nor refused", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><tipoRetorno>0</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool { return presence(g, r[0], quote("1", "10", "1")) == Unclear }, ""},
		{"read found among others, by its key as numbers", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><orcamento><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><desOct>v1</desOct></orcamento><orcamento><codEmp>1</codEmp><numOct>10</numOct><verOct>2</verOct><desOct>v2</desOct></orcamento><tipoRetorno>0</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool {
				p, held := ReadBack(g, r[0], quote("0001", "010", "2"))
				return p == Present && held["desOct"] == "v2"
			}, ""},
		{"read found another version only", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><orcamento><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct></orcamento><tipoRetorno>0</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool { return presence(g, r[0], quote("1", "10", "2")) == Unclear }, ""},
		{"read refused, yet another quote given", v1, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><orcamento><codEmp>1</codEmp><numOct>11</numOct><verOct>1</verOct></orcamento><tipoRetorno>-1</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool { return presence(g, r[0], quote("1", "10", "1")) == Unclear }, ""},
		{"v3 with suffix", v3, ModeSync, 200, one, wrap(`<CarregarOrcamentos_3Response><result><tipoRetorno>0</tipoRetorno></result></CarregarOrcamentos_3Response>`),
			func(r []Result) bool { return r[0].Status == Accepted }, ""},
		{"v3 without suffix", v3, ModeSync, 200, one, wrap(`<CarregarOrcamentosResponse><result><tipoRetorno>0</tipoRetorno></result></CarregarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == Accepted }, ""},
		{"wrong element", v1, ModeSync, 200, one, wrap(`<GravarOrcamentosResponse><result/></GravarOrcamentosResponse>`), nil, "not_xml"},
		// G5 names its answer by the port: another's, though it holds the port's elements, is
		// no answer to this request (taken for one, a quote never stored was settled as read).
		{"G5 wrong element holding the port's answer", v1, ModeSync, 200, one, wrap(`<ConsultarOrcamentosResponse><result><tipoRetorno>0</tipoRetorno><mensagemRetorno>ok</mensagemRetorno></result></ConsultarOrcamentosResponse>`), nil,
			"answer element ConsultarOrcamentosResponse is not CarregarOrcamentos's"},
		{"wrong element, its words named", crm, ModeSync, 200, one, wrap(`<RetornoDados><codigo>1</codigo><texto>Serviço
 ContaDados desconhecido.</texto></RetornoDados>`), nil, `answer element RetornoDados is not setContas's (ContasRetornoDados): it says "1; Serviço ContaDados desconhecido."`},
		// DESIGN: a CRM answer's elements are found whatever the wrapper's name (setContas'
		// page is cut off before its answer's name).
		{"a CRM answer under another wrapper, refused", crm, ModeSync, 200, one, wrap(`<RetornoDados><retorno>1</retorno><mensagem>Serviço
 ContaDados desconhecido.</mensagem><idRegistro/></RetornoDados>`),
			func(r []Result) bool {
				return r[0].Status == Refused && r[0].Message == "Serviço\n ContaDados desconhecido."
			}, ""},
		{"a CRM answer under another wrapper, accepted", crm, ModeSync, 200, one, wrap(`<ContaRetornoDados><retorno>0</retorno><mensagem>ok</mensagem><idRegistro>C1</idRegistro></ContaRetornoDados>`),
			func(r []Result) bool { return r[0].Status == Accepted && r[0].ID == "C1" }, ""},
		{"a CRM answer under another wrapper, its id alone", crm, ModeSync, 200, one, wrap(`<ContaRetornoDados><idRegistro>C1</idRegistro></ContaRetornoDados>`),
			func(r []Result) bool { return r[0].Status == Accepted && r[0].ID == "C1" }, ""},
		{"wrong element, its words cut at 200 characters", crm, ModeSync, 200, one, wrap(`<RetornoDados><texto>` + strings.Repeat("á", 250) + `</texto></RetornoDados>`), nil,
			`(ContasRetornoDados): it says "` + strings.Repeat("á", 200) + `…"`},
		{"no result", g, ModeSync, 200, two, wrap(`<GravarOrcamentosResponse/>`), nil, "not_xml"},
		{"an empty Body", g, ModeSync, 200, two, wrap(``), nil, "not_xml (HTTP 200): answer has no SOAP Body"},
		{"an envelope without a Body", g, ModeSync, 200, two, []byte(`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/></soapenv:Envelope>`), nil, "not_xml (HTTP 200): answer has no SOAP Body"},
		{"async OK", g, ModeAsync, 200, two, wrap(`<GravarOrcamentosResponse><result>OK</result></GravarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == Queued && r[1].Status == Queued && r[0].Code == "OK" }, ""},
		{"async error", g, ModeScheduled, 200, two, wrap(`<GravarOrcamentosResponse><result>Serviço indisponível</result></GravarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == Refused && r[0].Message == "Serviço indisponível" }, ""},
		{"async refused login", g, ModeAsync, 200, two, wrap(`<GravarOrcamentosResponse><result>Credenciais inválidas.</result></GravarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == LoginRefused }, ""},
		// An asynchronous endpoint that answers the synchronous shape: its refused login is one
		// all the same (taken for a refusal of each record, the run went on to refuse them all).
		{"async refused login in erroExecucao", g, ModeAsync, 200, two, wrap(`<GravarOrcamentosResponse><result><erroExecucao>Erro: Credenciais inválidas.</erroExecucao></result></GravarOrcamentosResponse>`),
			func(r []Result) bool {
				return r[0].Status == LoginRefused && r[1].Status == LoginRefused && r[0].Message == "Erro: Credenciais inválidas."
			}, ""},
		{"async OK in small letters", g, ModeAsync, 200, two, wrap(`<GravarOrcamentosResponse><result>ok</result></GravarOrcamentosResponse>`),
			func(r []Result) bool { return r[0].Status == Queued && r[1].Status == Queued }, ""},
		{"fault in 500", g, ModeSync, 500, two, wrap(`<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>NullPointerException</faultstring></soapenv:Fault>`), nil, "fault (HTTP 500): SOAP Fault: NullPointerException"},
		// An empty faultstring says nothing: SOAP 1.2's Reason does, or "(no message)".
		{"fault with an empty faultstring", g, ModeSync, 500, two, wrap(`<soapenv:Fault><faultstring> </faultstring><Reason><Text>Timeout no banco</Text></Reason></soapenv:Fault>`), nil, "fault (HTTP 500): SOAP Fault: Timeout no banco"},
		{"fault saying nothing", g, ModeSync, 500, two, wrap(`<soapenv:Fault><faultstring/></soapenv:Fault>`), nil, "fault (HTTP 500): SOAP Fault: (no message)"},
		{"fault in 200", g, ModeSync, 200, two, wrap(`<soapenv:Fault><faultstring>boom</faultstring></soapenv:Fault>`), nil, "fault (HTTP 200)"},
		// The port's own answer in an HTTP error status (a gateway that relays a stale or
		// partial page): not read as the record's outcome, the request is tried again.
		{"the port's answer in HTTP 503", g, ModeSync, 503, two, wrap(`<GravarOrcamentosResponse><result><resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><codigoRetorno>0</codigoRetorno></resposta></result></GravarOrcamentosResponse>`), nil, "http (HTTP 503): HTTP 503"},
		{"HTML 502", g, ModeSync, 502, two, []byte("<html><body>Bad Gateway</body></html>"), nil, "not_xml (HTTP 502)"},
		{"text", g, ModeSync, 200, two, []byte("Service Unavailable"), nil, `not_xml (HTTP 200): answer is the text "Service Unavailable", not a SOAP envelope`},
		{"truncated", g, ModeSync, 200, two, wrap(`<GravarOrcamentosResponse><result><resposta><codEmp>1`)[:150], nil, "truncated"},
		{"truncated, its status said", g, ModeSync, 404, two, wrap(`<GravarOrcamentosResponse><result><resposta><codEmp>1`)[:150], nil, "truncated (HTTP 404)"},
		{"empty", g, ModeSync, 200, two, nil, nil, "not_xml (HTTP 200): answer is an empty body, not a SOAP envelope"},
		{"crm accepted", crm, ModeSync, 200, one, wrap(`<ContasRetornoDados><retorno>0</retorno><mensagem>Conta gravada</mensagem><idRegistro>123</idRegistro></ContasRetornoDados>`),
			func(r []Result) bool { return r[0].Status == Accepted && r[0].ID == "123" && r[0].Code == "0" }, ""},
		{"crm not accepted", crm, ModeSync, 200, one, wrap(`<ContasRetornoDados><retorno>1</retorno><mensagem>Cidade não encontrada</mensagem><idRegistro></idRegistro></ContasRetornoDados>`),
			func(r []Result) bool { return r[0].Status == Refused && r[0].Message == "Cidade não encontrada" }, ""},
		{"crm not accepted, an apostrophe escaped", crm, ModeSync, 200, one, wrap(`<ContasRetornoDados><retorno>1</retorno><mensagem>Cidade Olho d&apos;Água &quot;MG&quot; &amp; &lt;x&gt; não encontrada</mensagem></ContasRetornoDados>`),
			func(r []Result) bool {
				return r[0].Status == Refused && r[0].Message == `Cidade Olho d'Água "MG" & <x> não encontrada`
			}, ""},
		{"crm answer that says nothing", crm, ModeSync, 200, one, wrap(`<ContasRetornoDados><retorno/><idRegistro> </idRegistro></ContasRetornoDados>`),
			func(r []Result) bool { return r[0].Status == NotUnderstood }, ""},
		// An envelope is Senior's answer whatever its text holds: an HTML page as a message is
		// the message.
		{"crm refused, its message an HTML page", crm, ModeSync, 200, one, wrap(`<ContasRetornoDados><retorno>1</retorno><mensagem><![CDATA[<html><body>Erro</body></html>]]></mensagem></ContasRetornoDados>`),
			func(r []Result) bool {
				return r[0].Status == Refused && r[0].Message == "<html><body>Erro</body></html>"
			}, ""},
		{"crm refused with a code alone", crm, ModeSync, 200, one, wrap(`<ContasRetornoDados><retorno>1</retorno></ContasRetornoDados>`),
			func(r []Result) bool { return r[0].Status == Refused && r[0].Code == "1" }, ""},
		{"crm accepted whatever its message says", crm, ModeSync, 200, one, wrap(`<ContasRetornoDados><mensagem>Senha inválida do usuário trocada</mensagem><idRegistro>9</idRegistro></ContasRetornoDados>`),
			func(r []Result) bool { return r[0].Status == Accepted }, ""},
		{"crm refused login", crm, ModeSync, 200, one, wrap(`<ContasRetornoDados><retorno>1</retorno><mensagem>Usuário ou senha inválidos</mensagem></ContasRetornoDados>`),
			func(r []Result) bool { return r[0].Status == LoginRefused }, ""},
		{"ISO-8859-1 declared", crm, ModeSync, 200, one, declared(t, charmap.ISO8859_1, `<?xml version="1.0" encoding="ISO-8859-1"?>`, `<ContasRetornoDados><retorno>1</retorno><mensagem>Cidade não encontrada</mensagem></ContasRetornoDados>`),
			func(r []Result) bool { return r[0].Status == Refused && r[0].Message == "Cidade não encontrada" }, ""},
		{"windows-1252 declared, after blanks", crm, ModeSync, 200, one, declared(t, charmap.Windows1252, "\r\n <?xml version='1.0' encoding='windows-1252' standalone='yes'?>", `<ContasRetornoDados><retorno>1</retorno><mensagem>Limite de € 1.000 excedido</mensagem></ContasRetornoDados>`),
			func(r []Result) bool { return r[0].Status == Refused && r[0].Message == "Limite de € 1.000 excedido" }, ""},
		{"ISO-8859-1 declared, utf-8 sent", crm, ModeSync, 200, one, append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`), wrap(`<ContasRetornoDados><retorno>1</retorno><mensagem>Cidade não encontrada</mensagem></ContasRetornoDados>`)...),
			func(r []Result) bool { return r[0].Status == Refused && r[0].Message == "Cidade não encontrada" }, ""}, // bytes that are UTF-8 are no ISO-8859-1 text
		{"byte-order mark", crm, ModeSync, 200, one, append([]byte("\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>"), wrap(`<ContasRetornoDados><retorno>0</retorno><mensagem>Conta gravada</mensagem><idRegistro>7</idRegistro></ContasRetornoDados>`)...),
			func(r []Result) bool { return r[0].Status == Accepted && r[0].ID == "7" }, ""},
		// .NET's XML written to a string says utf-16, and goes out as UTF-8: bytes that start
		// "<?xml" in one byte each are no UTF-16. Refused, every record Senior had stored was
		// left unknown.
		{"UTF-16 declared, UTF-8 sent", crm, ModeSync, 200, one, append([]byte(`<?xml version="1.0" encoding="utf-16"?>`), wrap(`<ContasRetornoDados><retorno>1</retorno><mensagem>Cidade não encontrada</mensagem></ContasRetornoDados>`)...),
			func(r []Result) bool { return r[0].Status == Refused && r[0].Message == "Cidade não encontrada" }, ""},
		{"other charset declared", crm, ModeSync, 200, one, append([]byte(`<?xml version="1.0" encoding="Shift_JIS"?>`), wrap(`<ContasRetornoDados><retorno>0</retorno></ContasRetornoDados>`)...), nil, `answer declares encoding "Shift_JIS"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Decode(tc.port, tc.mode, tc.status, tc.body, tc.recs)
			if tc.err != "" {
				if _, ok := IsTransient(err); !ok || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				if !Written(err) {
					t.Errorf("%v: not written, although an answer came (an include would be sent again unread back)", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != len(tc.recs) || !tc.check(res) {
				t.Fatalf("results %+v", res)
			}
		})
	}
}

func TestClient(t *testing.T) {
	var modeV atomic.Value
	var followed atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		if r.URL.Path == "/elsewhere" {
			followed.Add(1)
			w.Write([]byte("<ok/>"))
			return
		}
		if r.Header.Get("Content-Type") != "text/xml; charset=utf-8" || r.Header.Get("SOAPAction") != `""` {
			w.WriteHeader(400)
			return
		}
		switch mode := modeV.Load().(string); mode {
		case "reset":
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		case "503":
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(503)
		case "bomgzip": // labelled compressed, sent plain, its UTF-8 byte-order mark first (.NET's)
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte("\uFEFF<ok/>"))
		case "429": // a gateway's rate limit, its page no SOAP
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, "<html><head><title>429 Too Many Requests</title></head></html>")
		case "slow":
			time.Sleep(200 * time.Millisecond)
		case "redirect":
			w.Header().Set("Location", "/elsewhere")
			w.WriteHeader(http.StatusTemporaryRedirect)
		case "endless":
			chunk := bytes.Repeat([]byte("<x>"), 1024)
			for i := 0; i < 100; i++ {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "latin1fault": // a Fault in ISO-8859-1, said by the Content-Type only
			w.Header().Set("Content-Type", "text/xml; charset=ISO-8859-1")
			w.WriteHeader(500)
			io.WriteString(w, `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Usu`+"\xe1rio n\xe3o"+` autorizado</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`)
		case "mtom": // the envelope in a MIME part, after another one (its start names it)
			w.Header().Set("Content-Type", `multipart/related; type="application/xop+xml"; boundary="uuid:b1"; start="<root@cxf>"; start-info="text/xml"`)
			io.WriteString(w, "--uuid:b1\r\nContent-Type: text/plain\r\nContent-ID: <other@cxf>\r\n\r\nnot it\r\n"+
				"--uuid:b1\r\nContent-Type: application/xop+xml; charset=ISO-8859-1; type=\"text/xml\"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root@cxf>\r\n\r\n<ok>n\xe3o</ok>\r\n--uuid:b1--\r\n")
		case "503gzip", "503deflate": // an empty 503 labelled compressed (a proxy's or a balancer's)
			w.Header().Set("Content-Encoding", strings.TrimPrefix(mode, "503"))
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(503)
		case "503br", "503badgzip": // a 503 in an encoding not read, or a corrupt one
			if mode == "503br" {
				w.Header().Set("Content-Encoding", "br")
			} else {
				w.Header().Set("Content-Encoding", "gzip")
			}
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(503)
			w.Write([]byte("\x1f\x8b\x08\x00garbage that is no gzip stream"))
		case "plaingzip", "plaindeflate": // labelled compressed, sent plain (a proxy's mistake)
			w.Header().Set("Content-Encoding", strings.TrimPrefix(mode, "plain"))
			w.Write([]byte("<ok/>"))
		case "blankgzip", "blankdeflate": // so, after blanks (a JSP's)
			w.Header().Set("Content-Encoding", strings.TrimPrefix(mode, "blank"))
			w.Write([]byte("\r\n <ok/>"))
		case "gzip": // asked for
			if r.Header.Get("Accept-Encoding") != "gzip" {
				w.WriteHeader(400)
				return
			}
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			io.WriteString(zw, "<ok/>")
			zw.Close()
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(z.Bytes())
		case "deflate", "deflateraw", "xgzip", "br", "bomb": // compressed though not asked so
			answer := []byte("<ok/>")
			if mode == "bomb" {
				answer = bytes.Repeat([]byte(" "), 1<<20)
			}
			var z bytes.Buffer
			var zw io.WriteCloser
			enc := "deflate"
			switch mode {
			case "deflate", "bomb":
				zw = zlib.NewWriter(&z)
			case "deflateraw":
				zw, _ = flate.NewWriter(&z, flate.BestSpeed)
			case "xgzip":
				zw, enc = gzip.NewWriter(&z), "x-gzip"
			case "br":
				zw, enc = zlib.NewWriter(&z), "br"
			}
			zw.Write(answer)
			zw.Close()
			w.Header().Set("Content-Encoding", enc)
			w.Write(z.Bytes())
		default:
			w.Write([]byte("<ok/>"))
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	// busy7: a 503 asking to wait 7 s, whatever its body said.
	busy7 := func(_ *Response, err error) bool {
		te, ok := IsTransient(err)
		return ok && te.Kind == HTTP && te.Status == 503 && te.RetryAfter == 7*time.Second
	}
	cases := []struct {
		mode  string
		ctx   func() (context.Context, context.CancelFunc)
		url   string
		check func(*Response, error) bool
	}{
		{"ok", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "<ok/>" }},
		{"reset", nil, "", func(_ *Response, err error) bool {
			te, ok := IsTransient(err)
			return ok && te.Kind == Connection && Written(err)
		}},
		{"503", nil, "", func(_ *Response, err error) bool {
			te, ok := IsTransient(err)
			return ok && te.Kind == HTTP && te.Status == 503 && te.RetryAfter == 7*time.Second && Written(err)
		}},
		// A 429 is Senior (or its gateway) busy, with the wait it asks for, whatever its body.
		{"429", nil, "", func(_ *Response, err error) bool {
			te, ok := IsTransient(err)
			return ok && te.Kind == HTTP && te.Status == 429 && te.RetryAfter == 7*time.Second && Written(err)
		}},
		{"slow", func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 20*time.Millisecond) }, "", func(_ *Response, err error) bool {
			te, ok := IsTransient(err)
			return ok && te.Kind == Timeout && Written(err)
		}},
		{"slow (interrupted)", func() (context.Context, context.CancelFunc) {
			c, cancel := context.WithCancel(ctx)
			time.AfterFunc(20*time.Millisecond, cancel)
			return c, cancel
		}, "", func(_ *Response, err error) bool {
			var ie *InterruptedError
			_, transient := IsTransient(err)
			return errors.As(err, &ie) && !transient && Written(err) // the write fact survives the cancellation
		}},
		{"ok (refused)", nil, "http://127.0.0.1:1/", func(_ *Response, err error) bool {
			te, ok := IsTransient(err)
			return ok && te.Kind == Connection && !Written(err)
		}},
		{"redirect", nil, "", func(_ *Response, err error) bool {
			var re *RedirectError
			_, transient := IsTransient(err)
			return errors.As(err, &re) && re.Status == 307 && re.Location == "/elsewhere" && !transient
		}},
		// Go's transport reads the gzip it asks for; deflate (zlib's or raw) and x-gzip came
		// as their compressed bytes, taken for an answer that is no Senior's.
		{"gzip", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "<ok/>" }},
		{"deflate", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "<ok/>" }},
		// A proxy that labels a plain answer compressed: it was "cut" (gzip: invalid header).
		{"plaingzip", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "<ok/>" }},
		{"plaindeflate", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "<ok/>" }},
		{"bomgzip", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "\uFEFF<ok/>" }},
		// After blanks too: as gzip it was not_xml "unexpected EOF", as deflate "corrupt input".
		{"blankgzip", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "\r\n <ok/>" }},
		{"blankdeflate", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "\r\n <ok/>" }},
		// An empty answer labelled compressed is empty: read as gzip it was not_xml "EOF", as
		// deflate truncated, the 503 and its Retry-After lost.
		{"503gzip", nil, "", busy7},
		{"503deflate", nil, "", busy7},
		// A 503 whose body cannot be read (brotli, a corrupt gzip) is still a 503 with its
		// wait: it was not_xml or truncated, retried at once; the body only tells a Fault.
		{"503br", nil, "", busy7},
		{"503badgzip", nil, "", busy7},
		// Its text read, and a Fault (Senior's own answer), not a bare HTTP 500.
		{"latin1fault", nil, "", func(_ *Response, err error) bool {
			te, ok := IsTransient(err)
			return ok && te.Kind == Fault && strings.Contains(err.Error(), "Usuário não autorizado")
		}},
		// MTOM (Metro, CXF, Axis2): the envelope is the start part, in its part's charset.
		{"mtom", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "<ok>não</ok>" }},
		{"deflateraw", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "<ok/>" }},
		{"xgzip", nil, "", func(r *Response, err error) bool { return err == nil && string(r.Body) == "<ok/>" }},
		{"br", nil, "", func(_ *Response, err error) bool {
			te, ok := IsTransient(err)
			return ok && te.Kind == NotXML && strings.Contains(err.Error(), `"br"`) && Written(err)
		}},
		{"bomb", nil, "", func(_ *Response, err error) bool { // bounded as it is inflated
			var al *AnswerTooLargeError
			return errors.As(err, &al) && Written(err)
		}},
		{"endless", nil, "", func(_ *Response, err error) bool {
			var al *AnswerTooLargeError
			_, transient := IsTransient(err)
			return errors.As(err, &al) && al.Limit == 64<<10 && Written(err) && !transient
		}},
	}
	for _, tc := range cases {
		t.Run(tc.mode, func(t *testing.T) {
			mode, _, _ := strings.Cut(tc.mode, " ")
			modeV.Store(mode)
			c := &Client{HTTP: srv.Client(), MaxAnswer: 64 << 10}
			cctx, cancel := ctx, context.CancelFunc(func() {})
			if tc.ctx != nil {
				cctx, cancel = tc.ctx()
			}
			defer cancel()
			url := srv.URL
			if tc.url != "" {
				url = tc.url
			}
			r, err := c.Post(cctx, url, []byte("<x/>"))
			if !tc.check(r, err) {
				t.Fatalf("%v (%T) written=%v", err, err, Written(err))
			}
		})
	}
	if followed.Load() != 0 {
		t.Fatalf("a redirect was followed %d times: the envelope went to another address", followed.Load())
	}
}

// TestAnswerBudget: answers up to 64 KiB never touch the shared budget; a longer one takes a
// whole answer's worth from it (waiting while others hold it, and giving it back at Release);
// an answer whose declared length is over the limit is refused before a byte is read.
func TestAnswerBudget(t *testing.T) {
	const limit = 1 << 20
	var declared atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if declared.Load() {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		w.Write(bytes.Repeat([]byte("a"), n))
	}))
	defer srv.Close()
	budget := semaphore.NewWeighted(limit)
	c := &Client{HTTP: srv.Client(), MaxAnswer: limit, Budget: budget}
	post := func(ctx context.Context, n int) (*Response, error) {
		return c.Post(ctx, fmt.Sprintf("%s/?n=%d", srv.URL, n), []byte("<x/>"))
	}
	ctx := context.Background()

	// The whole budget held elsewhere: a short answer still reads; a long one waits.
	if err := budget.Acquire(ctx, limit); err != nil {
		t.Fatal(err)
	}
	if r, err := post(ctx, 60<<10); err != nil || len(r.Body) != 60<<10 {
		t.Fatalf("short answer with the budget held: %v", err)
	}
	wctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err := post(wctx, 200<<10)
	cancel()
	if err == nil {
		t.Fatal("a long answer was read while the whole budget was held elsewhere")
	}
	budget.Release(limit)

	// Budget free: long answers read whole, one after another (each held until it is
	// released, as once decoded), and give it all back.
	var g errgroup.Group
	for range 4 {
		g.Go(func() error {
			r, err := post(ctx, 700<<10)
			if err == nil && len(r.Body) != 700<<10 {
				err = fmt.Errorf("read %d bytes, want %d", len(r.Body), 700<<10)
			}
			r.Release()
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if !budget.TryAcquire(limit) {
		t.Fatal("the budget was not given back after the answers were read")
	}
	budget.Release(limit)

	// Over the limit: refused whether it says so (Content-Length) or not.
	for _, d := range []bool{true, false} {
		declared.Store(d)
		var al *AnswerTooLargeError
		if _, err := post(ctx, limit+1); !errors.As(err, &al) {
			t.Fatalf("declared=%v: %v, want AnswerTooLargeError", d, err)
		}
	}
	if !budget.TryAcquire(limit) {
		t.Fatal("the budget was not given back after refused answers")
	}
}

// TestCertificateNotProved: a TLS endpoint whose certificate the client cannot verify is a
// CertificateError (retrying cannot fix it), not a passing fault; with its CA it works.
func TestCertificateNotProved(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<ok/>")) }))
	defer srv.Close()
	hc, err := NewHTTPClient(TransportOptions{Timeout: time.Second, Conns: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&Client{HTTP: hc}).Post(context.Background(), srv.URL, []byte("<x/>"))
	var ce *CertificateError
	if _, transient := IsTransient(err); !errors.As(err, &ce) || transient {
		t.Fatalf("unknown authority: %v (%T)", err, err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	hc, err = NewHTTPClient(TransportOptions{Timeout: time.Second, Conns: 1, CAFile: ca})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := (&Client{HTTP: hc}).Post(context.Background(), srv.URL, []byte("<x/>")); err != nil || string(r.Body) != "<ok/>" {
		t.Fatalf("with --ca-file: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(wrap(`<GravarOrcamentosResponse><result><resposta><codigoRetorno>0</codigoRetorno></resposta></result></GravarOrcamentosResponse>`), 200)
	f.Add([]byte("<html>"), 502)
	f.Add([]byte(""), 200)
	c := catalogue(f)
	ports := c.Ports()
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		recs := []*Record{NewRecord(), NewRecord()}
		for _, p := range ports {
			res, err := Decode(p, ModeSync, status, body, recs)
			if err == nil && len(res) != len(recs) {
				t.Fatalf("%d results for %d records", len(res), len(recs))
			}
			var ns *NotSOAPError
			if errors.As(err, &ns) {
				// What came instead goes to logs and reports as Shown: one clean line. Detail,
				// kept as the answer has it for a caller to blank a password in, is bounded.
				if sh := ns.Shown(); !utf8.ValidString(sh) || strings.ContainsFunc(sh, unicode.IsControl) || utf8.RuneCountInString(sh) > 81 {
					t.Fatalf("shown %q", sh)
				}
				if !utf8.ValidString(ns.Detail) || len(ns.Detail) > 3*detailBytes {
					t.Fatalf("detail of %d bytes: %q", len(ns.Detail), ns.Detail)
				}
			}
			if _, ok := IsTransient(err); err != nil && !ok && !(ns != nil && status >= 400 && status < 500) {
				t.Fatalf("an answer that cannot be read must be a passing fault, or a 4xx that is no SOAP: %v", err)
			}
		}
	})
}

func FuzzEncodeDecode(f *testing.F) {
	f.Add("Ação & <Cia>", "12.50", "a\nb\tc\r")
	f.Add("", "0", "]]>")
	c := catalogue(f)
	crm := c.Port("setCategoriaDespesa")
	f.Fuzz(func(t *testing.T, a, b, d string) {
		for _, s := range []string{a, b, d} {
			for _, r := range s {
				if r == 0xFFFD || !(r == 9 || r == 10 || r == 13 || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000) {
					return // the values package refuses these before the wire
				}
			}
		}
		r := NewRecord()
		r.Set("CategoriaDespesaId", a)
		r.Set("CategoriaDespesaDescricao", b)
		r.Set("CategoriaDespesaEmpresaId", d)
		var buf bytes.Buffer
		if err := Encode(&buf, crm, Credentials{User: a, Password: d}, r); err != nil {
			t.Fatal(err)
		}
		root, err := parse(buf.Bytes())
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, buf.Bytes())
		}
		el := root.find("CategoriaDespesaDados")
		for name, want := range map[string]string{"CategoriaDespesaId": a, "CategoriaDespesaDescricao": b, "CategoriaDespesaEmpresaId": d} {
			got := ""
			if n := el.child(name); n != nil {
				got = n.text
			}
			if got != want {
				t.Fatalf("%s: got %q want %q", name, got, want)
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	c := catalogue(b)
	p := c.Port("GravarOrcamentos")
	rec := sample(p.RecordFields(), 0)
	for b.Loop() {
		if err := Encode(io.Discard, p, Credentials{User: "u", Password: "p"}, rec); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseHostile: an answer of more elements than any of Senior's is refused, not held;
// text in many pieces is joined whole. Both readers, the scanner and encoding/xml (which
// serves names beyond ASCII).
func TestParseHostile(t *testing.T) {
	for _, root := range []string{"r", "ação"} {
		many := "<" + root + ">" + strings.Repeat("<a/>", maxNodes) + "</" + root + ">"
		if _, err := parse([]byte(many)); err == nil || !strings.Contains(err.Error(), "elements") {
			t.Errorf("<%s>: %d elements: %v, want refused", root, maxNodes+1, err)
		}
		const pieces = 100_000
		text := "<" + root + ">" + strings.Repeat("x<!---->", pieces) + "<b/>y</" + root + ">"
		n, err := parse([]byte(text))
		if err != nil || n.text != strings.Repeat("x", pieces)+"y" || len(n.kids) != 1 {
			t.Errorf("<%s>: text in %d pieces: %v", root, pieces+1, err)
		}
	}
	// CDATA before or after the root is refused (XML allows it inside an element only), and
	// never read into an element that is not open. (encoding/xml reads it as text there, and
	// passes it by: there the scanner is stricter than its reference, and a fuzzing run that
	// meets such an input will say so.)
	for _, body := range []string{`<![CDATA[x]]><a/>`, `<a/><![CDATA[x]]>`} {
		if _, err := parse([]byte(body)); err == nil || !strings.Contains(err.Error(), "CDATA outside the root element") {
			t.Errorf("%s: %v", body, err)
		}
	}
}

// TestParseCutAnywhere: an answer cut short at any byte (a connection dropped mid-answer) is a
// truncated answer, a passing fault: never a tree, never a panic; cut inside a comment's,
// a CDATA section's or a tag's end, or an entity ("&am", which said not_xml: an unterminated
// character reference), as much as between elements.
func TestParseCutAnywhere(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><!-- nota --><ns2:r xmlns:ns2="x" a='1'><?pi x?><m>a &amp; b &#233;<![CDATA[<c>]]></m><e/></ns2:r></S:Body></S:Envelope>`
	for i := 1; i < len(body); i++ {
		cut := body[:i]
		n, err := parse([]byte(cut))
		if te, ok := IsTransient(err); n != nil || !ok || te.Kind != Truncated {
			t.Errorf("cut at %d (…%s): %v, want truncated", i, cut[max(0, i-12):], err)
		}
	}
}

// FuzzParseMatchesEncodingXML holds the hand-written answer scanner to encoding/xml: on any
// input both accept or both refuse (except that the scanner refuses invalid UTF-8 wherever it
// is), and what they accept they read into the same tree.
func FuzzParseMatchesEncodingXML(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0" encoding="UTF-8"?><a:Envelope xmlns:a="x"><a:Body><r k='v' j="&amp;">t&lt;&#x41;&#66;<![CDATA[<c>]]></r><e/></a:Body></a:Envelope>`,
		"<a>\r\nb\rc&#xD;</a>",
		`<a><!-- c --><?pi x?><b>1</b></a>`,
		`<a><?pi?><!----></a>`, // a processing instruction and a comment with nothing inside
		`<!DOCTYPE a><a/>`,
		`<a><b></a></b>`,
		`<a><b></c></b></a>`, // an end element of no open one, the others closed in order
		`</a>`, `<a/></a>`,   // an end element with nothing open
		`<r><:a>1</:a><b:>2</b:></r>`,        // a colon first or last is no prefix: part of the local name
		"<a>\tx\ty&#9;</a>",                  // tabs: a multi-line observation's
		`<a><1b/></a>`, `<a><b.c/><-d/></a>`, // names that start with what only goes inside one
		`<a b="&zz;"/>`, // an attribute's text is checked as any other
		`<a>]]></a>`,
		`<a>&unknown;</a>`,
		`<a x="1"y="2"/>`,
		`<?xml version="1.0" encoding="ISO-8859-1"?><a/>`,
		`<a/><b/>`,
		`<a>`,
		"<a>\x01</a>",
		`<ação>é</ação>`,
		// The edges of XML's characters, legal and not, as an answer may bring them.
		"<a>\ud7ff</a>", "<a>\ue000</a>", "<a>\ufffd</a>", "<a>\U00010000</a>", "<a>\U0010ffff</a>",
		"<a>\ufffe</a>", "<a>\uffff</a>", "<a>\x1f</a>",
		`<?xml version="1.1"?><a/>`,        // a version other than 1.0
		`<a>&#x+41;&#+65;&#-1;&#x;&#;</a>`, // signs and empty numbers are no character references
	} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob("testdata/*.xml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err1 := parse(body)
		want, err2 := parseStd(body)
		// The scanner refuses invalid UTF-8 anywhere; encoding/xml lets it pass in places
		// (comments, processing instructions). What the scanner accepts, encoding/xml must.
		if err1 != nil && err2 == nil && !utf8.Valid(body) {
			return
		}
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("scanner: %v; encoding/xml: %v\n%q", err1, err2, body)
		}
		if err1 == nil && !sameTree(got, want) {
			t.Fatalf("trees differ for %q\nscanner:\n%sencoding/xml:\n%s", body, dump(got), dump(want))
		}
	})
}

// BenchmarkParse compares the answer scanner with encoding/xml on a CRM answer and on a
// GravarOrcamentos answer.
func BenchmarkParse(b *testing.B) {
	answers := map[string][]byte{
		"crm": []byte(`<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><ns2:setCategoriaServicoResponse xmlns:ns2="http://services.senior.com.br"><retorno>0</retorno><mensagem>Registro gravado com sucesso.</mensagem><idRegistro>S0000001</idRegistro></ns2:setCategoriaServicoResponse></S:Body></S:Envelope>`),
		"g5":  wrap(`<ns2:GravarOrcamentosResponse xmlns:ns2="http://services.senior.com.br"><result><resposta><codEmp>1</codEmp><numOct>10</numOct><verOct>1</verOct><codigoRetorno>0</codigoRetorno><retorno>Processado com sucesso.</retorno></resposta></result></ns2:GravarOrcamentosResponse>`),
	}
	for name, body := range answers {
		b.Run(name+"/scanner", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parse(body); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/encoding-xml", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parseStd(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDecodeNotSOAP: answers that are no SOAP envelope say what came instead (a page's title,
// the text's start, the XML's root), on one clean line; with a 4xx status (but 408 and 429)
// they are no passing fault. Garbled XML that is not HTML is left to the parser's word.
func TestDecodeNotSOAP(t *testing.T) {
	cat, err := templates.Default()
	if err != nil {
		t.Fatal(err)
	}
	crm := cat.Port("setCategoriaProduto")
	one := []*Record{{Values: map[string]string{}}}
	cases := []struct {
		name      string
		status    int
		body      string
		transient bool
		want      string // the error's text; "" for an error that is no NotSOAPError
	}{
		{"proxy login page", 200, "<!DOCTYPE html>\n<html><head><meta charset=utf-8><title>\n  Proxy   login &amp; SSO\n</title></head><body>Entre</body></html>", true,
			`not_xml (HTTP 200): answer is an HTML page titled "Proxy login & SSO", not a SOAP envelope`},
		{"well-formed HTML", 200, "<html><body>Portal Senior</body></html>", true, "not_xml (HTTP 200): answer is an HTML page, not a SOAP envelope"},
		{"HTML after a comment", 200, "<!-- portal -->\n<html><head><title>Portal</title></head></html>", true, `answer is an HTML page titled "Portal"`},
		{"other XML", 200, `<?xml version="1.0"?><error><code>7</code></error>`, true, "not_xml (HTTP 200): answer is XML whose root is <error>, not a SOAP envelope"},
		{"404 text", 404, "404 page not found\n", false, `HTTP 404 with the text "404 page not found", not a SOAP envelope`},
		{"401 HTML", 401, "<html><head><title>401 Unauthorized</title></head></html>", false, `HTTP 401 with an HTML page titled "401 Unauthorized", not a SOAP envelope`},
		{"405 empty", 405, "", false, "HTTP 405 with an empty body, not a SOAP envelope"},
		{"500 HTML passes", 500, "<html><head><title>500 Internal Server Error</title></head></html>", true, `not_xml (HTTP 500): answer is an HTML page titled "500 Internal Server Error"`},
		{"408 passes", 408, "Request Timeout", true, `not_xml (HTTP 408): answer is the text "Request Timeout"`},
		{"429 passes", 429, "<html><head><title>Too Many Requests</title></head></html>", true, `not_xml (HTTP 429): answer is an HTML page titled "Too Many Requests"`},
		{"control characters and length", 200, "erro\x1b[31m\r\nlinha dois " + strings.Repeat("x", 200), true,
			`answer is the text "erro [31m linha dois ` + strings.Repeat("x", 59) + `…"`},
		{"title not UTF-8", 200, "<html><title>Servi\xe7o</title></html>", true, `titled "Servi?o"`},
		{"garbled SOAP is the parser's", 200, `<soapenv:Envelope xmlns:soapenv="x"><soapenv:Body><a>1</b>`, true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(crm, ModeSync, tc.status, []byte(tc.body), one)
			if err == nil {
				t.Fatal("no error")
			}
			if _, ok := IsTransient(err); ok != tc.transient {
				t.Errorf("transient %v, want %v: %v", ok, tc.transient, err)
			}
			var ns *NotSOAPError
			if !errors.As(err, &ns) {
				if tc.want != "" {
					t.Fatalf("%v: no NotSOAPError", err)
				}
				return
			}
			if tc.want == "" {
				t.Fatalf("%v: a NotSOAPError", err)
			}
			if ns.Status != tc.status || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %q (status %d), want it to hold %q", err, ns.Status, tc.want)
			}
		})
	}
}

// An answer nested deeper than maxDepth is refused by both parsers, at the same element.
func TestParseDepth(t *testing.T) {
	doc := func(depth int) []byte {
		return []byte(strings.Repeat("<a>", depth) + "x" + strings.Repeat("</a>", depth))
	}
	for _, p := range []struct {
		name  string
		parse func([]byte) (*node, error)
	}{{"scanner", parse}, {"encoding/xml", parseStd}} {
		// parse hands each answer its own copy of the scanner's error: the same error, not
		// the same value.
		tooDeep := func(err error) bool {
			te, ok := err.(*TransientError)
			return ok && *te == *errTooDeep
		}
		if _, err := p.parse(doc(maxDepth)); err != nil {
			t.Errorf("%s: %d deep: %v", p.name, maxDepth, err)
		}
		if _, err := p.parse(doc(maxDepth + 1)); !tooDeep(err) {
			t.Errorf("%s: %d deep: %v, want %v", p.name, maxDepth+1, err, errTooDeep)
		}
		if _, err := p.parse([]byte(strings.Repeat("<a>", maxDepth) + "<b/>" + strings.Repeat("</a>", maxDepth))); !tooDeep(err) {
			t.Errorf("%s: an empty element past the depth: %v", p.name, err)
		}
	}
}

// Two answers cut short at once each get their own error: the caller marks one written and
// gives it its status without touching the other's (they were one shared value, and two
// workers wrote it at once).
func TestParseErrorsAreCopies(t *testing.T) {
	_, a := parse([]byte("<Envelope><Body>"))
	_, b := parse([]byte("<Envelope><Body>"))
	ta, oka := a.(*TransientError)
	tb, okb := b.(*TransientError)
	if !oka || !okb || ta == tb || ta == errEOF {
		t.Fatalf("%v %v: want two copies of errEOF", a, b)
	}
	ta.Status = 502
	if tb.Status != 0 || errEOF.Status != 0 {
		t.Error("one answer's status reached another's error")
	}
}

// An answer holds its share of the client's Budget until Release: answers read and not yet
// decoded count too. An answer that fails gives it back at once.
func TestResponseHoldsBudgetUntilRelease(t *testing.T) {
	big := []byte("<ok>" + strings.Repeat("x", 200<<10) + "</ok>")
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		w.Write(big)
	}))
	defer srv.Close()
	budget := semaphore.NewWeighted(1 << 20)
	c := &Client{HTTP: srv.Client(), Budget: budget, MaxAnswer: 1 << 20}
	r, err := c.Post(context.Background(), srv.URL, []byte("<x/>"))
	if err != nil {
		t.Fatal(err)
	}
	if budget.TryAcquire(1 << 20) {
		t.Fatal("the answer read holds nothing of the budget")
	}
	r.Release()
	r.Release() // twice is once
	if !budget.TryAcquire(1 << 20) {
		t.Fatal("Release did not give the budget back")
	}
	budget.Release(1 << 20)
	status = http.StatusServiceUnavailable
	if _, err := c.Post(context.Background(), srv.URL, []byte("<x/>")); err == nil {
		t.Fatal("a 503 is an error")
	}
	if !budget.TryAcquire(1 << 20) {
		t.Fatal("a failed answer kept its budget")
	}
}

// TestAnswerHeaderBounded: an answer's headers are bounded like its body. Go's own cap (10
// MiB) let a server of endless headers hold some 8 MB per request in flight, outside the
// answers' budget: past MaxAnswerHeader the request fails as a passing fault that was
// written (the record may have landed), and headers of a usual size still read.
func TestAnswerHeaderBounded(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header int // bytes of padding headers
		ok     bool
	}{
		{"usual", 16 << 10, true},
		{"past the cap", MaxAnswerHeader + 256<<10, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.ReadAll(r.Body)
				pad := strings.Repeat("a", 4000)
				for i := 0; i < tc.header/4000; i++ {
					w.Header().Add(fmt.Sprintf("X-Pad-%d", i), pad)
				}
				w.Write([]byte("<ok/>"))
			}))
			defer srv.Close()
			hc, err := NewHTTPClient(TransportOptions{Timeout: 10 * time.Second, Conns: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer hc.CloseIdleConnections()
			r, err := (&Client{HTTP: hc}).Post(context.Background(), srv.URL, []byte("<x/>"))
			if tc.ok {
				if err != nil || string(r.Body) != "<ok/>" {
					t.Fatalf("headers of %d bytes: %v", tc.header, err)
				}
				return
			}
			te, transient := IsTransient(err)
			if !transient || te.Kind != Connection || !Written(err) {
				t.Fatalf("headers of %d bytes: %v (%T), want a passing fault, written", tc.header, err, err)
			}
		})
	}
}

// inCharset converts what its header or its first bytes say is in another charset, and leaves
// alone what is UTF-8 already, whatever the header says (a proxy that labels UTF-8 as
// ISO-8859-1 must not get it decoded twice), and what it cannot read.
func TestInCharset(t *testing.T) {
	const env = `<e>Orçamento incluído</e>`
	latin1, _ := charmap.ISO8859_1.NewEncoder().String(env)
	cp1252, _ := charmap.Windows1252.NewEncoder().String(`<e>€ 1.000</e>`)
	le, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String(`<?xml version="1.0" encoding="UTF-16"?>` + env)
	be, _ := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM).NewEncoder().String(env)
	leNoBOM, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewEncoder().String(env)
	beNoBOM, _ := xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewEncoder().String(env)
	for _, c := range []struct{ name, body, ctype, want string }{
		{"ISO-8859-1 by its header", latin1, "text/xml; charset=ISO-8859-1", env},
		{"ISO-8859-1 by its header, quoted, declared UTF-8", `<?xml version="1.0" encoding="UTF-8"?>` + latin1, `text/xml;charset="iso-8859-1"`, env},
		{"windows-1252 by its header", cp1252, "text/xml; charset=windows-1252", `<e>€ 1.000</e>`},
		{"UTF-16LE with its mark", le, "text/xml", env},
		{"UTF-16BE with its mark, no header", be, "", env},
		{"UTF-16LE without a mark", leNoBOM, "text/xml; charset=utf-16", env},
		{"UTF-16BE without a mark", beNoBOM, "", env},
		{"UTF-8 labelled ISO-8859-1 is left", env, "text/xml; charset=ISO-8859-1", env},
		{"not UTF-8, no charset: left to be refused", latin1, "text/xml", latin1},
		{"not UTF-8, a charset not single-byte: left", latin1, "text/xml; charset=Shift_JIS", latin1},
		{"a broken header: left", latin1, "text/xml; charset", latin1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(inCharset([]byte(c.body), c.ctype)); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// Retry-After in seconds or as an HTTP date; what is not a wait (negative, a date past,
// garbage) is none. A huge number of seconds is a long wait: it overflowed, 18446744074 s
// coming out as 290 ms, and the server that asked for a long pause was asked again at once.
func TestRetryAfter(t *testing.T) {
	for _, c := range []struct {
		v       string
		atLeast time.Duration
		none    bool
	}{
		{v: "7", atLeast: 7 * time.Second},
		{v: "0", none: true},
		{v: "-5", none: true},
		{v: "soon", none: true},
		{v: "Wed, 21 Oct 2015 07:28:00 GMT", none: true},
		{v: time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), atLeast: 30 * time.Minute},
		{v: "18446744074", atLeast: time.Hour},
		{v: "99999999999999999", atLeast: time.Hour},
	} {
		got := retryAfter(c.v)
		if c.none && got != 0 || !c.none && got < c.atLeast {
			t.Errorf("Retry-After %q: %v", c.v, got)
		}
	}
}

// notHTTP tells what net/http's response parser refused from a connection that broke: only
// the first is an answer in another protocol.
func TestNotHTTP(t *testing.T) {
	broken := func(err error) error {
		return &url.Error{Op: "Post", URL: "http://127.0.0.1:1/crm/ws", Err: fmt.Errorf("net/http: HTTP/1.x transport connection broken: %w", err)}
	}
	for _, c := range []struct {
		name     string
		err      error
		not, tls bool
	}{
		{"a TLS alert", broken(fmt.Errorf("malformed HTTP response %q", "\x15\x03\x03\x00\x02\x02\x32")), true, true},
		{"a TLS handshake", broken(fmt.Errorf("malformed HTTP response %q", "\x16\x03\x01\x00\xa5")), true, true},
		{"an SSH banner", broken(fmt.Errorf("malformed HTTP response %q", "SSH-2.0-OpenSSH_9.6")), true, false},
		{"two lengths", broken(errors.New(`http: message cannot contain multiple Content-Length headers; got ["3" "4"]`)), true, false},
		{"cut short", broken(io.ErrUnexpectedEOF), false, false},
		{"reset", broken(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), false, false},
		{"a TLS record that broke", broken(errors.New("local error: tls: bad record MAC")), false, false},
		{"refused", &url.Error{Op: "Post", URL: "http://127.0.0.1:1/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}, false, false},
	} {
		nh := notHTTP(c.err)
		if (nh != nil) != c.not || nh != nil && nh.TLS != c.tls {
			t.Errorf("%s: %+v, want not HTTP %v, TLS %v", c.name, nh, c.not, c.tls)
		}
		// A TLS server read no request of ours: it was not written, whatever was sent; any
		// other was, if it was sent, and never is if not.
		for _, written := range []bool{false, true} {
			te, ok := IsTransient(transportError(context.Background(), c.err, written))
			if want := written && !(c.not && c.tls); !ok || te.Written != want {
				t.Errorf("%s, sent %v: %v, want a passing fault, written %v", c.name, written, te, want)
			}
		}
	}
}

// TestTimeoutsAreTimeouts: a request that timed out - its context's deadline, or a deadline
// of the connection's (a net.Error that says Timeout) - is a timeout, not a broken connection.
func TestTimeoutsAreTimeouts(t *testing.T) {
	post := func(err error) error { return &url.Error{Op: "Post", URL: "http://127.0.0.1:1/", Err: err} }
	expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		err  error
	}{
		{"the context's deadline", context.Background(), post(context.DeadlineExceeded)},
		{"the context expired", expired, post(errors.New("read: connection closed"))},
		{"the connection's deadline", context.Background(), post(os.ErrDeadlineExceeded)},
	} {
		if te, ok := IsTransient(transportError(c.ctx, c.err, true)); !ok || te.Kind != Timeout {
			t.Errorf("%s: %v, want a timeout", c.name, transportError(c.ctx, c.err, true))
		}
	}
}

// TestErrorsUnwrap: what an interrupted request and a refused certificate carry is reachable
// through them (the sender names the certificate's host and dates from the x509 error).
func TestErrorsUnwrap(t *testing.T) {
	if err := error(&InterruptedError{Err: fmt.Errorf("post: %w", context.Canceled)}); !errors.Is(err, context.Canceled) {
		t.Errorf("%v does not unwrap to context.Canceled", err)
	}
	var he x509.HostnameError
	if err := error(&CertificateError{Err: &url.Error{Op: "Post", URL: "https://x/", Err: x509.HostnameError{Host: "erp"}}}); !errors.As(err, &he) || he.Host != "erp" {
		t.Errorf("%v does not unwrap to its x509.HostnameError", err)
	}
}

// FuzzCataloguePortEncodes: every port file the catalogue accepts gives envelopes that are
// well-formed XML, the record's values found again under their own names, the password masked
// by Mask. The catalogue's checks (element names, login fields, record sets) are what stand
// between a consultant's --catalogue file and the wire: a name they let through that is no
// XML name would be an envelope Senior refuses whole, or reads otherwise.
func FuzzCataloguePortEncodes(f *testing.F) {
	entries, _ := os.ReadDir("../templates/ports")
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join("../templates/ports", e.Name())); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := templates.ParsePort(b)
		if err != nil {
			return
		}
		fields := p.Fields
		if p.Record != "" {
			set := p.RecordField(p.Record)
			if set == nil {
				if set = findField(p.Fields, p.Record); set == nil || !set.IsSet() {
					return // Encode refuses it, saying so
				}
			}
			fields = set.Fields
		}
		want := map[string]string{} // a leaf's name: its value
		var fill func(r *Record, fs []*templates.Field, depth int)
		fill = func(r *Record, fs []*templates.Field, depth int) {
			for _, f := range fs {
				if f.IsSet() {
					if depth < 3 {
						fill(r.Add(f.Name), f.Fields, depth+1)
					}
					continue
				}
				v := "v " + f.Name + " <&>"
				r.Set(f.Name, v)
				want[f.Name] = v
			}
		}
		rec := NewRecord()
		fill(rec, fields, 0)
		var env bytes.Buffer
		if err := Encode(&env, p, Credentials{User: "demo", Password: "s3cr3t-pw"}, rec); err != nil {
			return
		}
		for _, e := range [][]byte{env.Bytes(), Mask(env.Bytes(), p)} {
			d := xml.NewDecoder(bytes.NewReader(e))
			var names []string
			var text strings.Builder
			seen := map[string]string{}
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("port %s: envelope not well-formed: %v\n%s", p.Name, err, e)
				}
				switch tok := tok.(type) {
				case xml.StartElement:
					names = append(names, tok.Name.Local)
					text.Reset()
				case xml.CharData:
					text.Write(tok)
				case xml.EndElement:
					if n := names[len(names)-1]; n == tok.Name.Local {
						if _, ok := want[n]; ok {
							seen[n] = text.String()
						}
					}
					names = names[:len(names)-1]
					text.Reset()
				}
			}
			for n, v := range want {
				if got, ok := seen[n]; !ok || got != v && !slices.Contains(p.Login, n) {
					t.Fatalf("port %s: field %s travels as %q (found %v), want %q\n%s", p.Name, n, got, ok, v, e)
				}
			}
		}
		if bytes.Contains(Mask(env.Bytes(), p), []byte("s3cr3t-pw")) {
			t.Fatalf("port %s: Mask leaves the password in\n%s", p.Name, Mask(env.Bytes(), p))
		}
	})
}

// TestAnswerTextsShownOnOneLine: what a stop's reason or a give-up quotes of an answer (a
// Fault's text, the texts of an element other than the port's answer) is one line of words:
// no control character nor line separator, an HTML page's markup, scripts and styles taken
// out, entities read, cut at 200 characters. A reason quoted "<html><head><style>body{...}
// </style></head><body><h1>" and nothing the page said within its 200 characters.
func TestAnswerTextsShownOnOneLine(t *testing.T) {
	crm := catalogue(t).Port("setContas")
	page := "<!DOCTYPE html>\n<html><head><title>502 Bad\n\tGateway</title><style>body{font:12px}</style><script>var x = 1 < 2;</script></head>" +
		"<body><h1>Falha no proxy &amp; no servidor</h1><p>" + strings.Repeat("Tente de novo mais tarde. ", 200) + "</p></body></html>" // 5 KB
	stack := "java.lang.NullPointerException\r\n\tat com.senior.G5.gravar(G5.java:12)\u2028\u0085 fim\n"
	for _, c := range []struct {
		name, text, want string
	}{
		{"an HTML page", page, "502 Bad Gateway Falha no proxy & no servidor Tente de novo mais tarde."},
		{"a stack trace", stack, "java.lang.NullPointerException at com.senior.G5.gravar(G5.java:12) fim"},
		{"a comparison is no tag", "valor <= 0 e a < b > c: recusado", "valor <= 0 e a < b > c: recusado"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fault := (&FaultError{Text: c.text}).Shown()
			_, err := Decode(crm, ModeSync, 200, wrap(`<Erro><texto>`+escapeXML(c.text)+`</texto></Erro>`), []*Record{NewRecord()})
			var oa *OtherAnswerError
			if !errors.As(err, &oa) {
				t.Fatalf("%v: no OtherAnswerError", err)
			}
			for what, s := range map[string]string{"the Fault's": fault, "the other answer's": oa.Said} {
				if !strings.HasPrefix(s, c.want) {
					t.Errorf("%s text %q, want it to start %q", what, s, c.want)
				}
				if n := utf8.RuneCountInString(s); n > 201 {
					t.Errorf("%s text is %d characters", what, n)
				}
				if strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' }) {
					t.Errorf("%s text holds a control character: %q", what, s)
				}
				if c.text == page && strings.ContainsAny(s, "<>{}") {
					t.Errorf("%s text holds markup: %q", what, s)
				}
			}
		})
	}
}

func escapeXML(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
