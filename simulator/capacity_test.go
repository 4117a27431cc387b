package simulator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// held is a latency no test waits out: requests stay worked on until a test lowers it.
const held = time.Hour

// gateState is what the gate holds now: requests inside, worked on, waiting.
type gateState struct{ inFlight, working, waiting int }

func (g *gate) state() gateState {
	g.mu.Lock()
	defer g.mu.Unlock()
	return gateState{g.inFlight, g.working, len(g.queue)}
}

// settle waits until every request inside the gate is either worked on or in line, and
// there are n of them. It waits on the server's progress, it measures nothing.
func settle(t *testing.T, g *gate, n int) gateState {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st := g.state()
		if st.inFlight == n && st.working+st.waiting == n {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server never held %d requests (working or waiting): %+v", n, st)
		}
		time.Sleep(time.Millisecond)
	}
}

func crmRecord(id int) string {
	return crm(fmt.Sprintf(`<CategoriaServicoDados><UsuarioLogin>demo</UsuarioLogin><UsuarioSenha>s3cret</UsuarioSenha><CategoriaServicoId>S%d</CategoriaServicoId></CategoriaServicoDados>`, id))
}

// client is one request in flight: its answer arrives on done ("" when it failed).
type client struct {
	cancel context.CancelFunc
	done   chan string
}

func send(url string, id int) *client {
	ctx, cancel := context.WithCancel(context.Background())
	c := &client{cancel: cancel, done: make(chan string, 1)}
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+"/crm/ws", strings.NewReader(crmRecord(id)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			c.done <- ""
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			c.done <- ""
			return
		}
		c.done <- string(b)
	}()
	return c
}

func reconfigure(t *testing.T, s *Server, u Update) {
	t.Helper()
	if _, err := s.Reconfigure(u); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// TestCapacityQueues: with capacity C and n clients at once, C are worked on and the rest
// wait; when the work ends every request is answered and the counters show C and n.
func TestCapacityQueues(t *testing.T) {
	cases := []struct {
		name                  string
		capacity, clients     int
		wantWorking, wantWait int
	}{
		{"capacity 2, 10 clients", 2, 10, 2, 8},
		{"capacity 1, 5 clients", 1, 5, 1, 4},
		{"capacity equal to the clients", 4, 4, 4, 0},
		{"no limit", 0, 6, 6, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, srv := newTest(t, Config{Latency: held, Capacity: c.capacity})
			if st := s.Stats(); !st.FirstArrival.IsZero() || !st.LastDeparture.IsZero() {
				t.Fatalf("a span before any request: %v to %v", st.FirstArrival, st.LastDeparture)
			}
			began := time.Now()
			var clients []*client
			for i := range c.clients {
				clients = append(clients, send(srv.URL, i))
			}
			st := settle(t, s.gate, c.clients)
			if st.working != c.wantWorking || st.waiting != c.wantWait {
				t.Fatalf("%d worked on and %d waiting, want %d and %d", st.working, st.waiting, c.wantWorking, c.wantWait)
			}
			reconfigure(t, s, Update{Latency: ptr(time.Duration(0))})
			for i, cl := range clients {
				if got := <-cl.done; !strings.Contains(got, fmt.Sprintf("<idRegistro>S%d</idRegistro>", i)) {
					t.Errorf("client %d: answer %q", i, got)
				}
			}
			got := s.Stats()
			if got.MaxWorking != int64(c.wantWorking) || got.MaxInFlight != int64(c.clients) ||
				got.InFlight != 0 || got.Working != 0 || got.Requests != int64(c.clients) || got.Stored != int64(c.clients) {
				t.Fatalf("stats %+v: want max_working %d, max_in_flight %d, all %d stored", got, c.wantWorking, c.clients, c.clients)
			}
			if got.FirstArrival.Before(began) || !got.LastDeparture.After(got.FirstArrival) || got.LastDeparture.After(time.Now()) {
				t.Fatalf("served from %v to %v, want within the test (began %v)", got.FirstArrival, got.LastDeparture, began)
			}
			reconfigure(t, s, Update{ResetMaxInFlight: true})
			if st := s.Stats(); !st.FirstArrival.IsZero() || !st.LastDeparture.IsZero() {
				t.Fatalf("a span after the reset: %v to %v", st.FirstArrival, st.LastDeparture)
			}
		})
	}
}

// TestConfigMidRun changes capacity and latency over HTTP while requests wait: a lower
// capacity lets none in until enough work ends, a higher one lets waiters in at once, a
// client that leaves gives its place up, and a lower latency ends the work under way.
func TestConfigMidRun(t *testing.T) {
	s, srv := newTest(t, Config{Latency: held, Capacity: 4})
	// Clients arrive one after the other, so the first four are the ones worked on.
	var clients []*client
	for i := range 10 {
		clients = append(clients, send(srv.URL, i))
		settle(t, s.gate, i+1)
	}
	if st := s.gate.state(); st.working != 4 || st.waiting != 6 {
		t.Fatalf("before: %+v", st)
	}
	if got := postConfig(t, srv.URL, `{"capacity": 1}`, http.StatusOK); got != `{"latency":"1h0m0s","capacity":1}` {
		t.Fatalf("answer %s", got)
	}
	if st := s.gate.state(); st.working != 4 || st.waiting != 6 {
		t.Fatalf("a lower capacity must not cut work under way nor let anyone in: %+v", st)
	}
	for _, c := range clients[:4] {
		c.cancel()
	}
	if st := settle(t, s.gate, 6); st.working != 1 || st.waiting != 5 {
		t.Fatalf("after the four left, capacity 1: %+v", st)
	}
	clients[9].cancel() // the last in line
	if st := settle(t, s.gate, 5); st.working != 1 || st.waiting != 4 {
		t.Fatalf("after a waiting client left: %+v", st)
	}
	postConfig(t, srv.URL, `{"capacity": 3, "reset_max_in_flight": true}`, http.StatusOK)
	if st := s.gate.state(); st.working != 3 || st.waiting != 2 {
		t.Fatalf("a higher capacity must let waiters in at once: %+v", st)
	}
	if got := postConfig(t, srv.URL, `{"latency": "0s"}`, http.StatusOK); got != `{"latency":"0s","capacity":3}` {
		t.Fatalf("answer %s", got)
	}
	for i, c := range clients[4:9] {
		if got := <-c.done; !strings.Contains(got, "<retorno>0</retorno>") {
			t.Errorf("client %d: answer %q", i+4, got)
		}
	}
	for _, c := range append(clients[:4:4], clients[9]) {
		if got := <-c.done; got != "" {
			t.Errorf("a client that left got %q", got)
		}
	}
	st := s.Stats()
	if st.MaxWorking != 3 || st.MaxInFlight != 5 || st.InFlight != 0 || st.Working != 0 || st.Requests != 10 || st.Stored != 5 {
		t.Fatalf("stats %+v: want max_working 3 and max_in_flight 5 since the reset, 5 stored", st)
	}
}

func postConfig(t *testing.T, base, body string, wantStatus int) string {
	t.Helper()
	resp, err := http.Post(base+"/_config", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("POST /_config %s: HTTP %d %s, want %d", body, resp.StatusCode, b, wantStatus)
	}
	return strings.TrimSpace(string(b))
}

// TestConfigEndpoint: what POST /_config accepts and answers; a refused body changes nothing.
func TestConfigEndpoint(t *testing.T) {
	cases := []struct {
		body   string
		status int
		want   string // the tuning afterwards, as GET /_config shows it
	}{
		{`{}`, 200, `{"latency":"10ms","capacity":1}`},
		{`{"latency": "40ms"}`, 200, `{"latency":"40ms","capacity":1}`},
		{`{"capacity": 2}`, 200, `{"latency":"10ms","capacity":2}`},
		{`{"latency": "0s", "capacity": 0}`, 200, `{"latency":"0s","capacity":0}`},
		{`{"reset_max_in_flight": true}`, 200, `{"latency":"10ms","capacity":1}`},
		{`{"capacity": -1}`, 400, `{"latency":"10ms","capacity":1}`},
		{`{"latency": "-1s"}`, 400, `{"latency":"10ms","capacity":1}`},
		{`{"latency": "5ms", "capacity": -3}`, 400, `{"latency":"10ms","capacity":1}`},
		{`{"latency": "fast"}`, 400, `{"latency":"10ms","capacity":1}`},
		{`{"latency": 40}`, 400, `{"latency":"10ms","capacity":1}`},
		{`{"capacty": 2}`, 400, `{"latency":"10ms","capacity":1}`},
		{`not json`, 400, `{"latency":"10ms","capacity":1}`},
	}
	for _, c := range cases {
		t.Run(c.body, func(t *testing.T) {
			_, srv := newTest(t, Config{Latency: 10 * time.Millisecond, Capacity: 1})
			postConfig(t, srv.URL, c.body, c.status)
			resp, err := http.Get(srv.URL + "/_config")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if got := strings.TrimSpace(string(b)); got != c.want {
				t.Fatalf("GET /_config = %s, want %s", got, c.want)
			}
		})
	}
	for _, cfg := range []Config{{Capacity: -1}, {Latency: -time.Second}} {
		if _, err := New(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("New(%+v): error %v, want ErrConfig", cfg, err)
		}
	}
}

// TestConfigSeed: POST /_config {"seed": N} starts the draws again as --seed N does, so that
// the runs a benchmark compares get the same work times; a refused body leaves them.
func TestConfigSeed(t *testing.T) {
	draws := func(s *Server) []float64 {
		var out []float64
		for range 5 {
			out = append(out, s.float())
		}
		return out
	}
	fresh, _ := newTest(t, Config{Latency: 10 * time.Millisecond, Seed: 7})
	want := draws(fresh)
	s, srv := newTest(t, Config{Latency: 10 * time.Millisecond, Seed: 7})
	draws(s)
	postConfig(t, srv.URL, `{"seed": 7, "capacity": -1}`, 400)
	if got := draws(s); slices.Equal(got, want) {
		t.Fatalf("a refused body started the draws again: %v", got)
	}
	postConfig(t, srv.URL, `{"seed": 7}`, 200)
	if got := draws(s); !slices.Equal(got, want) {
		t.Errorf("draws after {\"seed\": 7}: %v, want %v (as a new server's with --seed 7)", got, want)
	}
}

// TestGateOrderAndCapacityChanges drives the gate directly: waiters get their slot first
// come first served, and capacity changes reach them as documented.
func TestGateOrderAndCapacityChanges(t *testing.T) {
	g := newGate(Tuning{Capacity: 1})
	got := make(chan int)
	acquire := func(id int) {
		go func() {
			if _, ok := g.acquire(context.Background()); ok {
				got <- id
			}
		}()
	}
	acquire(0)
	if id := <-got; id != 0 {
		t.Fatalf("first slot went to %d", id)
	}
	for id := 1; id <= 5; id++ {
		acquire(id)
		for g.state().waiting != id {
			time.Sleep(time.Millisecond)
		}
	}
	g.release()
	if id := <-got; id != 1 {
		t.Fatalf("after a release the slot went to %d, want 1 (first in line)", id)
	}
	g.update(Update{Capacity: ptr(3)})
	if a, b := <-got, <-got; min(a, b) != 2 || max(a, b) != 3 {
		t.Fatalf("raising to 3 let in %d and %d, want 2 and 3", a, b)
	}
	g.update(Update{Capacity: ptr(1)})
	g.release()
	g.release()
	if st := g.state(); st.working != 1 || st.waiting != 2 {
		t.Fatalf("capacity 1 with three at work, two released: %+v, want 1 at work and 2 waiting", st)
	}
	g.release()
	if id := <-got; id != 4 {
		t.Fatalf("slot went to %d, want 4", id)
	}
	g.update(Update{Capacity: ptr(0)})
	if id := <-got; id != 5 {
		t.Fatalf("no limit let in %d, want 5", id)
	}
	var st Stats
	if g.counts(&st); st.MaxWorking != 3 {
		t.Fatalf("max working %d, want 3", st.MaxWorking)
	}
}

// TestGateLeaveAsSlotComes: a waiter whose client leaves just as its slot comes either keeps
// the slot or passes it to the next in line; the slot is never lost.
func TestGateLeaveAsSlotComes(t *testing.T) {
	for range 200 {
		g := newGate(Tuning{Capacity: 1})
		g.acquire(context.Background()) // the one at work
		ctx, cancel := context.WithCancel(context.Background())
		res := make(chan bool)
		go func() {
			_, ok := g.acquire(ctx)
			res <- ok
		}()
		for g.state().waiting != 1 {
			time.Sleep(10 * time.Microsecond)
		}
		next := make(chan bool)
		go func() {
			_, ok := g.acquire(context.Background())
			next <- ok
		}()
		for g.state().waiting != 2 {
			time.Sleep(10 * time.Microsecond)
		}
		cancel()
		g.release() // the slot goes to the leaving waiter, or it has already left
		if <-res {
			g.release()
		}
		if !<-next {
			t.Fatal("the next waiter never got the slot")
		}
		if st := g.state(); st.working != 1 || st.waiting != 0 {
			t.Fatalf("state %+v, want the next waiter alone at work", st)
		}
	}
}

// TestCapacityUnderLoad: many clients against a small capacity and a short latency (with
// -race): every request is answered and no more than the capacity are ever worked on.
func TestCapacityUnderLoad(t *testing.T) {
	s, srv := newTest(t, Config{Latency: time.Millisecond, Capacity: 3})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			if got := <-send(srv.URL, i).done; !strings.Contains(got, "<retorno>0</retorno>") {
				t.Errorf("client %d: %q", i, got)
			}
		})
	}
	wg.Wait()
	st := s.Stats()
	if st.MaxWorking > 3 || st.MaxWorking < 1 || st.InFlight != 0 || st.Working != 0 || st.Stored != 40 {
		t.Fatalf("stats %+v", st)
	}
}

// TestGateWorkFollowsLatency: work under way ends when the latency drops to zero, and work
// drawn at zero latency does not wait for a later one.
func TestGateWorkFollowsLatency(t *testing.T) {
	g := newGate(Tuning{Latency: held})
	done := make(chan bool)
	go func() { done <- g.work(context.Background(), 1, time.Now()) }()
	// Give the work time to start waiting (were it slower, the test would pass without
	// covering a change under way, never fail for it), then change the latency twice: the
	// work goes on at each new latency for what it has left.
	time.Sleep(20 * time.Millisecond)
	g.update(Update{Latency: ptr(2 * held)})
	g.update(Update{Latency: ptr(time.Duration(0))})
	if !<-done {
		t.Fatal("work reported the client gone")
	}
	if !g.work(context.Background(), 0, time.Now()) {
		t.Fatal("zero work")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g.update(Update{Latency: ptr(held)})
	if g.work(ctx, 1, time.Now()) {
		t.Fatal("work went on after the client left")
	}
}

// TestNextLead: the timers' lead moves an eighth of the way to each lateness seen, a
// lateness counted at most maxLead and never below zero: the server makes up for its timers'
// granularity, not for a machine that cannot wake it in time, and never ends work early on
// purpose.
func TestNextLead(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct{ lead, over, want time.Duration }{
		{0, ms, ms / 8},
		{ms, ms, ms},
		{ms, 0, ms - ms/8},
		{ms, -3 * ms, ms - ms/8},    // woke early: counted as on time
		{0, 10 * ms, maxLead / 8},   // a machine too busy: counted as maxLead
		{maxLead, 10 * ms, maxLead}, // and the lead stays at most maxLead
		{ms / 2, ms / 2, ms / 2},    // the mean lateness is where it rests
		{2 * ms / 3, 2 * ms / 3, 2 * ms / 3},
	} {
		if got := nextLead(c.lead, c.over); got != c.want {
			t.Errorf("nextLead(%v, %v) = %v, want %v", c.lead, c.over, got, c.want)
		}
	}
	// From nothing, a steady lateness of 1 ms is learnt within some 40 requests.
	lead := time.Duration(0)
	for range 40 {
		lead = nextLead(lead, ms)
	}
	if lead < 99*ms/100 || lead > ms {
		t.Errorf("after 40 timers 1 ms late, lead %v", lead)
	}
}

// TestGateWorkLate: /_stats' work_late_ms is the mean of how far past its drawn end each
// request's work ended (early ones counted below zero), work_ms the mean of the work drawn, a
// timer's lateness teaches the lead and an end without a timer does not, and a reset starts
// the means again.
func TestGateWorkLate(t *testing.T) {
	g := newGate(Tuning{Latency: 20 * time.Millisecond})
	due := time.Now()
	g.done(due.Add(-12*time.Millisecond), due, due.Add(3*time.Millisecond), time.Millisecond, true)
	g.done(due.Add(-26*time.Millisecond), due, due.Add(-time.Millisecond), 5*time.Millisecond, false)
	var st Stats
	g.counts(&st)
	if st.WorkLateMS != 1 {
		t.Errorf("work_late_ms %v, want 1 (3 ms late and 1 ms early)", st.WorkLateMS)
	}
	if st.WorkMS != 19 {
		t.Errorf("work_ms %v, want 19 (12 and 26 ms drawn)", st.WorkMS)
	}
	if g.lead != time.Millisecond/8 {
		t.Errorf("lead %v, want 125µs: only the timed end teaches it", g.lead)
	}
	g.update(Update{ResetMaxInFlight: true})
	st = Stats{}
	g.counts(&st)
	if st.WorkLateMS != 0 || st.WorkMS != 0 {
		t.Errorf("after a reset, work_late_ms %v, work_ms %v", st.WorkLateMS, st.WorkMS)
	}
	if g.lead != time.Millisecond/8 {
		t.Errorf("a reset forgot the lead (%v): the timers are as late as before", g.lead)
	}
}

// BenchmarkCapacity: clients more than the capacity against capacity C and latency L; the
// server serves about C/L requests/s whatever the number of clients (metric "of_C/L").
func BenchmarkCapacity(b *testing.B) {
	const latency = 20 * time.Millisecond
	for _, c := range []struct{ capacity, clients int }{{4, 4}, {4, 64}, {16, 64}} {
		b.Run(fmt.Sprintf("capacity=%d/clients=%d", c.capacity, c.clients), func(b *testing.B) {
			s, srv := newTest(b, Config{Latency: latency, Capacity: c.capacity})
			tr := srv.Client().Transport.(*http.Transport)
			tr.MaxIdleConnsPerHost = c.clients
			b.SetParallelism((c.clients + 1) / 2) // RunParallel starts parallelism × GOMAXPROCS goroutines
			var mu sync.Mutex
			n := 0
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					mu.Lock()
					n++
					id := n
					mu.Unlock()
					resp, err := srv.Client().Post(srv.URL+"/crm/ws", "text/xml", strings.NewReader(crmRecord(id)))
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
			rate := float64(b.N) / b.Elapsed().Seconds()
			b.ReportMetric(rate, "req/s")
			b.ReportMetric(rate/(float64(c.capacity)/latency.Seconds()), "of_C/L")
			b.ReportMetric(float64(s.Stats().MaxInFlight), "max_in_flight")
			b.ReportMetric(float64(s.Stats().MaxWorking), "max_working")
			b.ReportMetric(s.Stats().WorkLateMS, "work_late_ms")
		})
	}
}
