package simulator

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type faultFlags map[Fault]float64

func (f faultFlags) String() string { return "" }
func (f faultFlags) Set(v string) error {
	k, r, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want KIND=RATE, got %q", v)
	}
	rate, err := strconv.ParseFloat(r, 64)
	if err != nil {
		return fmt.Errorf("rate %q: %v", r, err)
	}
	kind, err := ParseFault(strings.TrimSpace(k))
	if err != nil {
		return err
	}
	f[kind] = rate
	return nil
}

// Command runs `importer simulate ARGS`: it prints the listening address (127.0.0.1:PORT)
// as the first line on stdout, serves until ctx is done, then shuts down and saves its state.
// It returns the exit code: 0, or 2 for bad flags or an address it cannot use.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "loopback `HOST:PORT` to listen on (port 0 picks a free one)")
	user := fs.String("user", "demo", "user the simulator accepts")
	pwEnv := fs.String("password-env", "", "`NAME` of the environment variable holding the accepted password (default password: demo)")
	crmPath := fs.String("crm-path", "/crm/ws", "URL path of the CRM set services")
	latency := fs.Duration("latency", 0, "mean work time of a request; each is worked on 0.5–1.5 × it, from when it gets its slot")
	capacity := fs.Int("capacity", 0, "requests worked on at once; the others wait their turn (0: no limit)")
	slow := fs.Duration("slow-delay", 5*time.Second, "how late a 'slow' fault answers")
	seed := fs.Int64("seed", 1, "seed of the fault draws")
	stateFile := fs.String("state", "", "`FILE` to load the kept records from and save them to on exit")
	quiet := fs.Bool("quiet", false, "no request log")
	faults := faultFlags{}
	fs.Var(faults, "fault", "`KIND=RATE` (repeatable): "+faultNames())
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: importer simulate [flags]\n\nA strict, fault-injecting Senior SOAP server on loopback. Prints 127.0.0.1:PORT first.\nGET /_stats: counters; GET /_records?port=P: what it keeps; POST /_config\n{\"latency\": \"40ms\", \"capacity\": 2, \"reset_max_in_flight\": true}: change them mid-run.\nExit codes: 0 stopped, 2 bad flags or address.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	password := "demo"
	if *pwEnv != "" {
		password = getenv(*pwEnv)
		if password == "" {
			fmt.Fprintf(stderr, "simulate: environment variable %s is empty\n", *pwEnv)
			return 2
		}
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: --addr %s: %v\n", *addr, err)
		return 2
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "simulate: --addr %s is not a loopback address; the simulator only listens on loopback\n", *addr)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if *quiet {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := New(Config{User: *user, Password: password, CRMPath: *crmPath, Faults: faults, Seed: *seed,
		Latency: *latency, Capacity: *capacity, SlowDelay: *slow, StateFile: *stateFile, Logger: logger})
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	fmt.Fprintln(stdout, ln.Addr().String())
	logger.Info("simulator listening", "addr", ln.Addr().String(), "crm_path", *crmPath, "latency", *latency, "capacity", *capacity, "faults", fmt.Sprint(map[Fault]float64(faults)))
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-done:
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	if err := srv.Close(); err != nil {
		fmt.Fprintf(stderr, "simulate: saving state: %v\n", err)
		return 2
	}
	st := srv.Stats()
	logger.Info("simulator stopped", "requests", st.Requests, "accepted", st.Accepted, "stored", st.Stored)
	return 0
}
