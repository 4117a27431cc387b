// Package simulator is a strict, fault-injecting Senior SOAP server for tests, `make demo`
// and rehearsals: `importer simulate`. It serves every catalogue port at Senior's paths,
// checks every request as literally as Senior's pages read (independently of the importer's
// encoder: its own parser and format checks), keeps what it accepts (quotes by
// codEmp/numOct/verOct with include/alter/delete, CRM records by id, upserted), answers the
// read ports from what it keeps, serves ?wsdl, and injects faults on request. Every failed
// check is answered as Senior answers it, with HTTP 200, never with a Fault.
//
// Like a Senior application server, it works on at most Capacity requests at once, each for
// a time drawn around Latency, and queues the rest in arrival order; both can be changed
// during a run (POST /_config), and /_stats counts the requests held at once.
//
// Files: server.go (configuration, routes, a request's way through), capacity.go (the queue
// and the work time), faults.go (fault kinds, drawing and applying them), g5.go and crm.go
// (the two products' services), checks.go (value checks), state.go (what is kept), wsdl.go,
// xmltree.go (the request parser) and command.go (`importer simulate`).
//
// It depends on the catalogue only (never on pipeline, soap or values).
package simulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
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

// ErrConfig marks a setting the simulator cannot run with (New, Reconfigure, --fault).
var ErrConfig = errors.New("bad simulator setting")

// Config configures a Server.
type Config struct {
	User, Password string            // accepted credentials; "demo"/"demo" when empty
	CRMPath        string            // default /crm/ws
	Faults         map[Fault]float64 // kind → rate 0..1; at most one per request, drawn in AllFaults order
	Seed           int64
	// Latency is the mean work time: each request is worked on for a time drawn uniformly
	// between 0.5 and 1.5 × Latency, counted from when it gets its slot (from its arrival when
	// a slot is free at once, so reading it is part of the work).
	Latency time.Duration
	// Capacity is how many requests are worked on at once; the others wait their turn, first
	// come first served, and the wait counts in what the client sees. 0 = no limit.
	Capacity  int
	SlowDelay time.Duration // how late a FaultSlow answer comes; default 5s
	Catalogue *templates.Catalogue
	StateFile string
	Logger    *slog.Logger
}

// Stats are the simulator's counters (GET /_stats).
type Stats struct {
	Requests          int64            `json:"requests"`
	Accepted          int64            `json:"accepted"`
	Rejected          int64            `json:"rejected"`
	Invalid           int64            `json:"invalid"`
	DuplicateIncludes int64            `json:"duplicate_includes"`
	Stored            int64            `json:"stored"`
	Faults            map[string]int64 `json:"faults"` // every kind of AllFaults → how many were injected

	// Requests held inside the server (waiting for a slot, worked on or being answered) and
	// those of them worked on: now, and the most at once since the start or the last
	// Update.ResetMaxInFlight. MaxWorking never exceeds the capacity in force.
	InFlight    int64 `json:"in_flight"`
	Working     int64 `json:"working"`
	MaxInFlight int64 `json:"max_in_flight"`
	MaxWorking  int64 `json:"max_working"`
	// When the first request arrived and the last one left, since the start or the last
	// reset (absent before any): a benchmark divides the requests by this span to judge the
	// sending alone, without the client process's start and end.
	FirstArrival  time.Time `json:"first_arrival,omitzero"`
	LastDeparture time.Time `json:"last_departure,omitzero"`
	// How long past its drawn work time a request's work ended, on average, in milliseconds,
	// over the same span (0 without a latency): the simulator's own timekeeping, which a
	// benchmark shows beside its fractions of C/L.
	WorkLateMS float64 `json:"work_late_ms"`
	// The mean work time drawn for those requests, in milliseconds: L on average, but the
	// mean of 2,400 draws between 0.5 L and 1.5 L moves by half a percent from run to run,
	// as much as the differences a benchmark looks for; it divides by the draws it got.
	WorkMS float64 `json:"work_ms"`
}

// Server is the simulator.
type Server struct {
	cfg   Config
	cat   *templates.Catalogue
	g5    map[string]*templates.Port // by operation
	crm   map[string]*templates.Port // by body element
	mu    sync.Mutex
	kept  *state // what it accepted; guarded by mu
	rng   *rand.Rand
	rngMu sync.Mutex
	gate  *gate

	requests, accepted, rejected, invalid, duplicates atomic.Int64
	faultsMu                                          sync.Mutex
	faults                                            map[Fault]int64

	// changes is the state file's change log (FILE.changes), open for appending while a
	// StateFile is kept; guarded by mu. changesFailed: its error was logged.
	changes       *os.File
	changesFailed bool
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
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if err := checkFaults(cfg.Faults); err != nil {
		return nil, err
	}
	tuning := Tuning{Latency: cfg.Latency, Capacity: cfg.Capacity}
	if err := tuning.check(); err != nil {
		return nil, err
	}
	cat := cfg.Catalogue
	if cat == nil {
		var err error
		if cat, err = templates.Default(); err != nil {
			return nil, err
		}
	}
	s := &Server{cfg: cfg, cat: cat, g5: map[string]*templates.Port{}, crm: map[string]*templates.Port{}, kept: newState(),
		rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5e410)), faults: map[Fault]int64{}, gate: newGate(tuning)}
	builtin, err := templates.Default()
	if err != nil {
		return nil, err
	}
	for _, p := range cat.Ports() {
		if why := servable(p, builtin); why != "" {
			cfg.Logger.Warn("o simulador não atende a porta "+p.Name+" ("+p.Source()+"): "+why, "port", p.Name)
			continue
		}
		served := s.g5
		if p.Product == templates.ProductCRM {
			served = s.crm
		}
		if q := served[p.Operation]; q != nil {
			// A --catalogue port apart (setContasCliente) on a shipped one's operation: a
			// request names the operation only, so one of them checks both's requests.
			cfg.Logger.Warn("as portas "+q.Name+" e "+p.Name+" enviam ambas "+p.Operation+": o simulador confere esses pedidos pelos campos de "+p.Name, "port", p.Name)
		}
		served[p.Operation] = p
	}
	if cfg.StateFile != "" {
		kept, err := loadState(cfg.StateFile)
		if err != nil {
			return nil, fmt.Errorf("state %s: %w", cfg.StateFile, err)
		}
		s.kept = kept
		// What a killed simulator's change log held is saved in the state file, and the log
		// begins again empty: appended to, a line the kill cut would join the next change
		// into one line no start reads, and every change after it was lost at the next kill.
		// Replaying a log again over the state it was saved in gives that state (changes set
		// or delete by key): a kill between the two loses nothing.
		if _, err := os.Stat(changesPath(cfg.StateFile)); err == nil {
			if err := kept.save(cfg.StateFile); err != nil {
				return nil, fmt.Errorf("state %s: %w", cfg.StateFile, err)
			}
		}
		if s.changes, err = os.OpenFile(changesPath(cfg.StateFile), os.O_WRONLY|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o600); err != nil {
			return nil, fmt.Errorf("state %s: %w", cfg.StateFile, err)
		}
	}
	return s, nil
}

// logChange appends c to the change log before the request that made it is answered; the
// caller holds mu.
func (s *Server) logChange(c change) {
	if s.changes == nil {
		return
	}
	b, err := json.Marshal(c)
	if err == nil {
		_, err = s.changes.Write(append(b, '\n'))
	}
	if err != nil && !s.changesFailed {
		s.changesFailed = true
		s.cfg.Logger.Error("simulator: cannot append to the state's change log: a simulator killed now loses what it kept since it started", "path", s.changes.Name(), "error", err)
	}
}

// servable says why the simulator cannot answer a port of a --catalogue file, or "". It keeps
// every CRM set service by its key, logging in with the port's two login fields and answering
// in its answer's elements; its G5 answers are those of the quotes (orçamentos are what it
// keeps), so a G5 port it does not ship (another service of a customer's Senior) would be
// answered as a quote: it is not answered at all.
func servable(p *templates.Port, builtin *templates.Catalogue) string {
	if p.Product == templates.ProductG5 {
		if b := builtin.Port(p.Name); b == nil || b.Operation != p.Operation || b.Service != p.Service || b.Record != p.Record {
			return "as portas do ERP G5 que ele atende são as que o importador traz (" + strings.Join(g5Names(builtin), ", ") +
				"), com os seus campos ou outros; confira esta com importer validate --show-envelopes e na base de testes da Senior"
		}
		return ""
	}
	switch {
	case len(p.Login) < 2:
		return "falta login: [UsuarioLogin, UsuarioSenha] (os campos de usuário e senha de cada pedido)"
	case len(p.Key) == 0:
		return "falta key (o campo que identifica o registro, pelo qual ele o guarda)"
	case p.Answer.AcceptElement() == "":
		return "a resposta (answer) não tem accept: \"nonempty:<elemento>\" (o elemento que traz o id do registro gravado)"
	}
	return ""
}

func g5Names(c *templates.Catalogue) []string {
	var out []string
	for _, p := range c.Ports() {
		if p.Product == templates.ProductG5 {
			out = append(out, p.Name)
		}
	}
	return out
}

// Close saves the state file, if any, and removes the change log it now holds.
func (s *Server) Close() error {
	if s.cfg.StateFile == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.kept.save(s.cfg.StateFile); err != nil {
		return err
	}
	if s.changes == nil {
		return nil
	}
	s.changes.Close()
	s.changes = nil
	return os.Remove(changesPath(s.cfg.StateFile))
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	stats := Stats{Requests: s.requests.Load(), Accepted: s.accepted.Load(), Rejected: s.rejected.Load(),
		Invalid: s.invalid.Load(), DuplicateIncludes: s.duplicates.Load(), Faults: map[string]int64{}}
	s.mu.Lock()
	stats.Stored = s.kept.count()
	s.mu.Unlock()
	s.faultsMu.Lock()
	for _, f := range AllFaults() {
		stats.Faults[string(f)] = s.faults[f]
	}
	s.faultsMu.Unlock()
	s.gate.counts(&stats)
	return stats
}

// Tuning returns the latency and capacity in force.
func (s *Server) Tuning() Tuning { return s.gate.tuning() }

// Reconfigure changes the latency and capacity during a run, as POST /_config does. A new
// capacity applies to the requests already waiting (a lower one lets none in until fewer
// than it are worked on; a higher one lets waiters in at once); a new latency applies to the
// work not yet done. It applies the whole update or, with an error wrapping ErrConfig,
// nothing of it.
func (s *Server) Reconfigure(u Update) (Tuning, error) { return s.gate.update(u) }

// Records returns what is kept for a port, sorted by key.
func (s *Server) Records(port string) []Stored {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.cat.Port(port)
	if p == nil {
		return nil
	}
	if p.Product == templates.ProductCRM {
		return sortedStored(s.kept.CRM[p.Name])
	}
	return sortedStored(s.kept.Quotes)
}

// Handler serves every route.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s.Stats())
	})
	mux.HandleFunc("GET /_records", func(w http.ResponseWriter, r *http.Request) {
		port := r.URL.Query().Get("port")
		if port == "" {
			// [] read as "Senior holds nothing" to a tester who left the port out.
			http.Error(w, "name the port: /_records?port=GravarOrcamentos (or setContas, setCompromissos, setCategoriaDespesa ...)", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		recs := s.Records(port)
		if recs == nil {
			recs = []Stored{}
		}
		json.NewEncoder(w).Encode(recs)
	})
	mux.HandleFunc("GET /_config", s.serveConfig)
	mux.HandleFunc("POST /_config", s.serveConfig)
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
	s.gate.enter()
	defer s.gate.leave()
	// The body is read before the request waits for a slot, so that a client that gives up
	// while it waits is seen to leave (net/http watches the connection once the body is read).
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return
	}
	fault, answer, ok := s.work(r.Context(), arrived, func(refuse bool) []byte {
		if isCRM {
			return s.handleCRM(body, refuse)
		}
		return s.handleG5(body, mode, refuse)
	})
	defer s.logRequest(r, body, fault, ok, arrived)
	if !ok || failBefore(w, fault) {
		return
	}
	deliver(w, r, fault, answer, s.cfg.SlowDelay)
}

// logRequest writes a request's line in the request log (importer simulate without --quiet):
// its path, the element its Body holds (the operation), the fault drawn and how long it took
// until answered. Never the envelope: it holds the user's password.
func (s *Server) logRequest(r *http.Request, body []byte, fault Fault, worked bool, arrived time.Time) {
	if !s.cfg.Logger.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	op := "?"
	if e, _ := bodyElement(body); e != nil {
		op = e.name
	}
	attrs := []any{"path", r.URL.Path, "operation", op, "took", time.Since(arrived).Round(time.Microsecond)}
	switch {
	case !worked:
		attrs = append(attrs, "result", "client left")
	case fault != "":
		attrs = append(attrs, "fault", string(fault))
	}
	s.cfg.Logger.Info("request", attrs...)
}

// work holds a slot for a request's work time, then draws its fault and, unless the fault
// strikes before handling, handles it; it returns false when the client left first. The
// answer is sent after the slot is given back (a slow answer does not hold one).
func (s *Server) work(ctx context.Context, arrived time.Time, handle func(refuse bool) []byte) (Fault, []byte, bool) {
	start, ok := s.gate.acquire(ctx)
	if !ok {
		return "", nil, false
	}
	defer s.gate.release()
	if start.IsZero() {
		start = arrived
	}
	// The work time is drawn only when there is a latency, so that a run without one draws
	// its faults from the seed exactly as before capacity existed.
	factor := 0.0
	if s.gate.tuning().Latency > 0 {
		factor = 0.5 + s.float()
	}
	if !s.gate.work(ctx, factor, start) {
		return "", nil, false
	}
	fault := s.drawFault()
	if fault.strikesBefore() {
		return fault, nil, true
	}
	return fault, handle(fault == FaultRefuseLogin), true
}

// serveConfig answers GET and POST /_config: the body of a POST is a JSON object with any of
// "latency" (a Go duration, e.g. "40ms"), "capacity" (0 = no limit), "reset_max_in_flight"
// (true) and "seed" (the draws of work times and faults start again from this seed, as
// --seed starts them: a benchmark gives every run it compares the same draws); the answer is
// the tuning in force, {"latency","capacity"}. A value out of range or an unknown name is
// answered 400 and changes nothing.
func (s *Server) serveConfig(w http.ResponseWriter, r *http.Request) {
	t := s.Tuning()
	if r.Method == http.MethodPost {
		var in struct {
			Latency          *string `json:"latency"`
			Capacity         *int    `json:"capacity"`
			ResetMaxInFlight bool    `json:"reset_max_in_flight"`
			Seed             *int64  `json:"seed"`
		}
		dec := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			http.Error(w, "POST /_config: "+err.Error(), http.StatusBadRequest)
			return
		}
		u := Update{Capacity: in.Capacity, ResetMaxInFlight: in.ResetMaxInFlight}
		if in.Latency != nil {
			d, err := time.ParseDuration(*in.Latency)
			if err != nil {
				http.Error(w, "POST /_config: latency: "+err.Error(), http.StatusBadRequest)
				return
			}
			u.Latency = &d
		}
		var err error
		if t, err = s.Reconfigure(u); err != nil {
			http.Error(w, "POST /_config: "+err.Error(), http.StatusBadRequest)
			return
		}
		if in.Seed != nil {
			s.reseed(*in.Seed)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(struct {
		Latency  string `json:"latency"`
		Capacity int    `json:"capacity"`
	}{t.Latency.String(), t.Capacity})
}

// reseed starts the draws again from seed.
func (s *Server) reseed(seed int64) {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	s.rng = rand.New(rand.NewPCG(uint64(seed), 0x5e410))
}

func (s *Server) float() float64 {
	s.rngMu.Lock()
	defer s.rngMu.Unlock()
	return s.rng.Float64()
}

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
