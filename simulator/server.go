// Package simulator is a strict, fault-injecting Senior SOAP server for tests, `make demo`
// and rehearsals: `importer simulate`. It serves every catalogue port at Senior's paths,
// checks every request as literally as Senior's pages read (independently of the importer's
// encoder: its own parser and format checks), keeps what it accepts (quotes by
// codEmp/numOct/verOct with include/alter/delete, CRM records by id, upserted), answers the
// read ports from what it keeps, serves ?wsdl, and injects faults on request. Every failed
// check is answered as Senior answers it, with HTTP 200, never with a Fault.
//
// It depends on the catalogue only (never on pipeline, soap or values).
package simulator

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"seniorimporter/templates"
)

// Namespaces Senior uses.
const (
	envelopeNS = "http://schemas.xmlsoap.org/soap/envelope/"
	serviceNS  = "http://services.senior.com.br"
	g5Prefix   = "/g5-senior-services/sapiens_"
)

// Fault kinds (DESIGN.md "Simulator flags").
var FaultKinds = []string{"refuse_login", "reset_before", "http500", "http503", "reset_after", "truncated", "slow"}

// Config configures a Server.
type Config struct {
	User, Password string             // accepted credentials; "demo"/"demo" when empty
	CRMPath        string             // default /crm/ws
	Faults         map[string]float64 // kind → rate 0..1
	Seed           int64
	Latency        time.Duration // mean; each request is held uniformly 0.5–1.5 × Latency from its arrival
	SlowDelay      time.Duration // how late a "slow" answer comes; default 5s
	Catalogue      *templates.Catalogue
	StateFile      string
	Logger         *slog.Logger
}

// Stats are the simulator's counters (GET /_stats).
type Stats struct {
	Requests          int64            `json:"requests"`
	Accepted          int64            `json:"accepted"`
	Rejected          int64            `json:"rejected"`
	Invalid           int64            `json:"invalid"`
	DuplicateIncludes int64            `json:"duplicate_includes"`
	Stored            int64            `json:"stored"`
	Faults            map[string]int64 `json:"faults"`
}

// Server is the simulator.
type Server struct {
	cfg   Config
	cat   *templates.Catalogue
	g5    map[string]*templates.Port // by operation
	crm   map[string]*templates.Port // by body element
	mu    sync.Mutex
	st    *state
	rng   *rand.Rand
	rngMu sync.Mutex

	requests, accepted, rejected, invalid, duplicates atomic.Int64
	faultsMu                                          sync.Mutex
	faults                                            map[string]int64
}

// New builds a server.
func New(cfg Config) (*Server, error) {
	if cfg.User == "" {
		cfg.User = "demo"
	}
	if cfg.Password == "" {
		cfg.Password = "demo"
	}
	if cfg.CRMPath == "" {
		cfg.CRMPath = "/crm/ws"
	}
	if cfg.SlowDelay == 0 {
		cfg.SlowDelay = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	for k, v := range cfg.Faults {
		if !validFault(k) {
			return nil, fmt.Errorf("unknown fault %q (kinds: %s)", k, strings.Join(FaultKinds, ", "))
		}
		if v < 0 || v > 1 {
			return nil, fmt.Errorf("fault %s: rate %v is not between 0 and 1", k, v)
		}
	}
	cat := cfg.Catalogue
	if cat == nil {
		var err error
		if cat, err = templates.Default(); err != nil {
			return nil, err
		}
	}
	s := &Server{cfg: cfg, cat: cat, g5: map[string]*templates.Port{}, crm: map[string]*templates.Port{}, st: newState(),
		rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5e410)), faults: map[string]int64{}}
	for _, p := range cat.Ports() {
		if p.Product == templates.ProductCRM {
			s.crm[p.Operation] = p
		} else {
			s.g5[p.Operation] = p
		}
	}
	if cfg.StateFile != "" {
		st, err := loadState(cfg.StateFile)
		if err != nil {
			return nil, fmt.Errorf("state %s: %w", cfg.StateFile, err)
		}
		s.st = st
	}
	return s, nil
}

func validFault(k string) bool {
	for _, f := range FaultKinds {
		if f == k {
			return true
		}
	}
	return false
}

// Close saves the state file, if any.
func (s *Server) Close() error {
	if s.cfg.StateFile == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.save(s.cfg.StateFile)
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	st := Stats{Requests: s.requests.Load(), Accepted: s.accepted.Load(), Rejected: s.rejected.Load(),
		Invalid: s.invalid.Load(), DuplicateIncludes: s.duplicates.Load(), Faults: map[string]int64{}}
	s.mu.Lock()
	st.Stored = s.st.count()
	s.mu.Unlock()
	s.faultsMu.Lock()
	for k, v := range s.faults {
		st.Faults[k] = v
	}
	s.faultsMu.Unlock()
	return st
}

// Records returns what is kept for a port, sorted by key.
func (s *Server) Records(port string) []Stored {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.cat.Port(port)
	if p == nil {
		return nil
	}
	if p.Product == templates.ProductCRM {
		return sortedStored(s.st.CRM[p.Name])
	}
	return sortedStored(s.st.Quotes)
}

// Handler serves every route.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s.Stats())
	})
	mux.HandleFunc("GET /_records", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		recs := s.Records(r.URL.Query().Get("port"))
		if recs == nil {
			recs = []Stored{}
		}
		json.NewEncoder(w).Encode(recs)
	})
	mux.HandleFunc("/", s.serve)
	return mux
}

// g5Mode tells the G5 mode from the path, or "" when it is not a G5 endpoint.
func (s *Server) g5Mode(path string) string {
	rest, ok := strings.CutPrefix(path, g5Prefix)
	if !ok {
		return ""
	}
	for _, m := range []string{"Sync", "Async", "Scheduled"} {
		if svc, ok := strings.CutPrefix(rest, m); ok {
			for _, p := range s.g5 {
				if svc == strings.ReplaceAll(p.Service, ".", "_") {
					return m
				}
			}
		}
	}
	return ""
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	arrived := time.Now()
	mode := s.g5Mode(r.URL.Path)
	isCRM := r.URL.Path == s.cfg.CRMPath
	if mode == "" && !isCRM {
		http.NotFound(w, r)
		return
	}
	if r.Method == http.MethodGet {
		if _, ok := r.URL.Query()["wsdl"]; ok {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			base := "http://" + r.Host + r.URL.Path
			if isCRM {
				w.Write(s.crmWSDL(base))
			} else {
				w.Write(s.g5WSDL(base))
			}
			return
		}
		http.Error(w, "POST a SOAP envelope, or GET ?wsdl", http.StatusMethodNotAllowed)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.requests.Add(1)
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return
	}
	if s.cfg.Latency > 0 {
		// The delay counts from the request's arrival, so reading it is part of the latency.
		d := time.Duration(float64(s.cfg.Latency)*(0.5+s.float())) - time.Since(arrived)
		t := time.NewTimer(max(d, 0))
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	fault := s.drawFault()
	switch fault {
	case "reset_before":
		reset(w)
		return
	case "http500":
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `<soapenv:Envelope xmlns:soapenv="%s"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Erro interno simulado</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`, envelopeNS)
		return
	case "http503":
		w.Header().Set("Retry-After", "1")
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	}
	var answer []byte
	if isCRM {
		answer = s.handleCRM(body, fault == "refuse_login")
	} else {
		answer = s.handleG5(body, mode, fault == "refuse_login")
	}
	switch fault {
	case "reset_after":
		reset(w)
		return
	case "truncated":
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", len(answer))
		buf.Write(answer[:len(answer)/2])
		buf.Flush()
		conn.Close()
		return
	case "slow":
		select {
		case <-time.After(s.cfg.SlowDelay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Write(answer)
}

func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

func (s *Server) float() float64 {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.Float64()
}

// drawFault draws at most one fault per request, in FaultKinds order.
func (s *Server) drawFault() string {
	if len(s.cfg.Faults) == 0 {
		return ""
	}
	for _, k := range FaultKinds {
		rate := s.cfg.Faults[k]
		if rate > 0 && s.float() < rate {
			s.faultsMu.Lock()
			s.faults[k]++
			s.faultsMu.Unlock()
			return k
		}
	}
	return ""
}

// --- G5 ---

func g5Answer(op, inner string) []byte {
	return []byte(`<soapenv:Envelope xmlns:soapenv="` + envelopeNS + `"><soapenv:Body><ns2:` + op + ` xmlns:ns2="` + serviceNS + `"><result>` + inner + `</result></ns2:` + op + `></soapenv:Body></soapenv:Envelope>`)
}

func tag(name, v string) string {
	if v == "" {
		return ""
	}
	return "<" + name + ">" + escape(v) + "</" + name + ">"
}

const refusedG5 = "Credenciais inválidas."

// bodyElement is the one element inside a SOAP 1.1 Body, or nil and why the request is not
// such an envelope.
func bodyElement(body []byte) (*elem, string) {
	root, err := parseXML(body)
	if err != nil {
		return nil, "Requisição inválida: XML mal formado (" + err.Error() + ")."
	}
	if root.name != "Envelope" || root.space != envelopeNS {
		return nil, "Requisição inválida: não é um envelope SOAP 1.1."
	}
	b := root.child("Body")
	if b == nil || len(b.kids) != 1 {
		return nil, "Requisição inválida: o Body deve ter um único elemento."
	}
	return b.kids[0], ""
}

func (s *Server) handleG5(body []byte, mode string, refuse bool) []byte {
	async := mode != "Sync"
	fail := func(op, msg string) []byte {
		s.invalid.Add(1)
		if async {
			return g5Answer(op, escape(msg))
		}
		return g5Answer(op, tag("erroExecucao", msg))
	}
	pe, why := bodyElement(body)
	if pe == nil {
		return fail("Response", why)
	}
	p := s.g5[pe.name]
	if p == nil {
		return fail(pe.name+"Response", "Porta "+pe.name+" desconhecida.")
	}
	op := p.Response
	if pe.space != serviceNS {
		return fail(op, "Elemento "+pe.name+" fora do namespace "+serviceNS+".")
	}
	names := []string{"user", "password", "encryption", "parameters"}
	if len(pe.kids) != len(names) {
		return fail(op, "A porta espera user, password, encryption e parameters, nesta ordem.")
	}
	for i, k := range pe.kids {
		if k.name != names[i] || k.space != "" {
			return fail(op, "A porta espera user, password, encryption e parameters, nesta ordem, sem namespace; veio "+k.name+".")
		}
	}
	enc := strings.TrimSpace(pe.kids[2].text)
	if enc != "0" && enc != "2" {
		return fail(op, "Valor inválido para encryption: "+enc+".")
	}
	// encryption 2 carries an integrated-logon token in place of the password: the
	// simulator accepts the configured password as the token.
	if refuse || pe.kids[0].text != s.cfg.User || pe.kids[1].text != s.cfg.Password {
		s.rejected.Add(1)
		if async {
			return g5Answer(op, escape(refusedG5))
		}
		return g5Answer(op, tag("erroExecucao", refusedG5))
	}
	params := pe.kids[3]
	if p.Record != "" {
		return s.gravar(p, params, async)
	}
	req, problem := checkRecord(p.Fields, params, "")
	if problem != "" {
		s.invalid.Add(1)
		if async {
			return g5Answer(op, escape(problem))
		}
		return g5Answer(op, tag("erroExecucao", problem)+tag("tipoRetorno", "-1"))
	}
	if async {
		s.accepted.Add(1)
		return g5Answer(op, "OK")
	}
	if strings.HasPrefix(p.Name, "CalculaImpostos") {
		return g5Answer(op, s.calcula(req))
	}
	return g5Answer(op, s.carregar(p, req))
}

// gravar includes, alters or deletes each orcamento of a GravarOrcamentos request.
func (s *Server) gravar(p *templates.Port, params *elem, async bool) []byte {
	set := findSet(p.Fields, p.Record)
	var out strings.Builder
	n := 0
	firstErr := ""
	for _, k := range params.kids {
		if k.name != p.Record || k.space != "" {
			s.invalid.Add(1)
			msg := "Elemento " + k.name + " inesperado em parameters."
			if async {
				return g5Answer(p.Response, escape(msg))
			}
			return g5Answer(p.Response, tag("erroExecucao", msg))
		}
		n++
		echo := map[string]string{}
		for _, c := range k.kids {
			switch c.name {
			case "codEmp", "numOct", "verOct":
				echo[c.name] = c.text
			}
		}
		code, msg := "0", ""
		rec, problem := checkRecord(set.Fields, k, "")
		if problem != "" {
			s.invalid.Add(1)
			code, msg = "-1", problem
		} else {
			code, msg = s.apply(rec)
		}
		if code != "0" && firstErr == "" {
			firstErr = msg
		}
		out.WriteString("<resposta>" + tag("codEmp", echo["codEmp"]) + tag("numOct", echo["numOct"]) + tag("verOct", echo["verOct"]) +
			tag("codigoRetorno", code) + tag("retorno", msg) + "</resposta>")
	}
	if n == 0 {
		s.invalid.Add(1)
		msg := "Nenhum orçamento informado."
		if async {
			return g5Answer(p.Response, escape(msg))
		}
		return g5Answer(p.Response, tag("erroExecucao", msg))
	}
	if async {
		// Asynchronous and scheduled requests are answered "OK" once taken; what became of
		// each quote is not part of the answer, as on Senior.
		return g5Answer(p.Response, "OK")
	}
	return g5Answer(p.Response, out.String())
}

// apply changes the state for one checked quote.
func (s *Server) apply(rec *record) (code, msg string) {
	key := quoteKey(rec.Values)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, exists := s.st.Quotes[key]
	switch rec.Values["tipOpe"] {
	case "1":
		if exists {
			s.rejected.Add(1)
			s.duplicates.Add(1)
			return "-1", "Orçamento " + key + " já cadastrado."
		}
		s.st.Quotes[key] = rec
		s.accepted.Add(1)
		return "0", "Orçamento " + key + " incluído."
	case "2":
		if !exists {
			s.rejected.Add(1)
			return "-1", "Orçamento " + key + " não encontrado."
		}
		s.st.Quotes[key] = rec
		s.accepted.Add(1)
		return "0", "Orçamento " + key + " alterado."
	case "3":
		if !exists {
			s.rejected.Add(1)
			return "-1", "Orçamento " + key + " não encontrado."
		}
		delete(s.st.Quotes, key)
		s.accepted.Add(1)
		return "0", "Orçamento " + key + " excluído."
	}
	s.invalid.Add(1)
	return "-1", "Tipo de operação inválido."
}

func findSet(fields []*templates.Field, name string) *templates.Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// carregar answers CarregarOrcamentos (any version) from the state, in the order of the
// port's result fields.
func (s *Server) carregar(p *templates.Port, req *record) string {
	key := quoteKey(req.Values)
	s.mu.Lock()
	q := s.st.Quotes[key]
	s.mu.Unlock()
	if q == nil {
		s.rejected.Add(1)
		return tag("mensagemRetorno", "Orçamento "+key+" não encontrado.") + tag("tipoRetorno", "-1")
	}
	s.accepted.Add(1)
	var b strings.Builder
	for _, f := range p.Result {
		switch f.Name {
		case "mensagemRetorno":
			b.WriteString(tag(f.Name, "Processado."))
		case "orcamento":
			b.WriteString("<orcamento>")
			writeStored(&b, f.Fields, q, q.Values)
			b.WriteString("</orcamento>")
		case "tipoRetorno":
			b.WriteString(tag(f.Name, "0"))
		}
	}
	return b.String()
}

// writeStored writes a stored record under the answer's fields; the quote's key fields fill
// the key columns the answer repeats in every set.
func writeStored(b *strings.Builder, fields []*templates.Field, r *record, key map[string]string) {
	for _, f := range fields {
		if f.IsSet() {
			for _, c := range r.Sets[f.Name] {
				b.WriteString("<" + f.Name + ">")
				writeStored(b, f.Fields, c, key)
				b.WriteString("</" + f.Name + ">")
			}
			continue
		}
		v := r.Values[f.Name]
		if v == "" {
			switch f.Name {
			case "codEmp", "numOct", "verOct":
				v = key[f.Name]
			}
		}
		b.WriteString(tag(f.Name, v))
	}
}

// calcula answers CalculaImpostosOrcamento for a stored item: ICMS at 18% of the item's net
// value (vlrLiq, else vlrBru, else qtdOci × vlrUni), no other tax.
func (s *Server) calcula(req *record) string {
	key := quoteKey(req.Values)
	s.mu.Lock()
	q := s.st.Quotes[key]
	s.mu.Unlock()
	if q == nil {
		s.rejected.Add(1)
		return tag("erroExecucao", "Orçamento "+key+" não encontrado.")
	}
	var item *record
	for _, it := range q.Sets["itens"] {
		if sameInt(it.Values["seqOci"], req.Values["seqOci"]) {
			item = it
		}
	}
	if item == nil {
		s.rejected.Add(1)
		return tag("erroExecucao", "Item "+req.Values["seqOci"]+" do orçamento "+key+" não encontrado.")
	}
	base := new(big.Rat)
	if v, ok := new(big.Rat).SetString(item.Values["vlrLiq"]); ok {
		base = v
	} else if v, ok := new(big.Rat).SetString(item.Values["vlrBru"]); ok {
		base = v
	} else {
		q, ok1 := new(big.Rat).SetString(item.Values["qtdOci"])
		u, ok2 := new(big.Rat).SetString(item.Values["vlrUni"])
		if ok1 && ok2 {
			base = new(big.Rat).Mul(q, u)
		}
	}
	icm := new(big.Rat).Mul(base, big.NewRat(18, 100))
	s.accepted.Add(1)
	return tag("vlrIpi", "0.00") + tag("perIpi", "0.00") + tag("vlrIcm", icm.FloatString(2)) + tag("perIcm", "18.00")
}

func sameInt(a, b string) bool {
	x, ok1 := new(big.Int).SetString(strings.TrimSpace(a), 10)
	y, ok2 := new(big.Int).SetString(strings.TrimSpace(b), 10)
	return ok1 && ok2 && x.Cmp(y) == 0
}

// --- CRM ---

const refusedCRM = "Usuário ou senha inválidos."

func crmAnswer(resp, retorno, mensagem, id string) []byte {
	return []byte(`<soapenv:Envelope xmlns:soapenv="` + envelopeNS + `"><soapenv:Body><` + resp + `>` +
		tag("retorno", retorno) + tag("mensagem", mensagem) + tag("idRegistro", id) + `</` + resp + `></soapenv:Body></soapenv:Envelope>`)
}

func (s *Server) handleCRM(body []byte, refuse bool) []byte {
	fail := func(resp, msg string) []byte {
		s.invalid.Add(1)
		return crmAnswer(resp, "1", msg, "")
	}
	el, why := bodyElement(body)
	if el == nil {
		return fail("RetornoDados", why)
	}
	p := s.crm[el.name]
	if p == nil {
		return fail("RetornoDados", "Serviço "+el.name+" desconhecido.")
	}
	if el.space != "" {
		return fail(p.Response, "Elemento "+el.name+" não deve ter namespace ("+el.space+").")
	}
	if len(el.kids) < 2 || el.kids[0].name != p.Login[0] || el.kids[1].name != p.Login[1] {
		return fail(p.Response, p.Login[0]+" e "+p.Login[1]+" devem vir primeiro.")
	}
	if refuse || el.kids[0].text != s.cfg.User || el.kids[1].text != s.cfg.Password {
		s.rejected.Add(1)
		return crmAnswer(p.Response, "1", refusedCRM, "")
	}
	rest := &elem{name: el.name, kids: el.kids[2:]}
	rec, problem := checkRecord(p.Fields, rest, "")
	if problem != "" {
		return fail(p.Response, problem)
	}
	id := rec.Values[p.Key[0]]
	s.mu.Lock()
	m := s.st.CRM[p.Name]
	if m == nil {
		m = map[string]*record{}
		s.st.CRM[p.Name] = m
	}
	m[id] = rec
	s.mu.Unlock()
	s.accepted.Add(1)
	return crmAnswer(p.Response, "0", "Registro gravado com sucesso.", id)
}

// portNames lists the catalogue ports of a product, sorted.
func (s *Server) portNames(product string) []*templates.Port {
	var out []*templates.Port
	for _, p := range s.cat.Ports() {
		if p.Product == product {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
