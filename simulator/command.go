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
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"seniorimporter/templates"
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

// Options are the flags of `importer simulate`. AddFlags defines them on a standard flag set
// (the command line adds that set to its own); Serve runs the simulator with them.
type Options struct {
	Addr, User, PasswordEnv, CRMPath, StateFile string
	Catalogue                                   string // --catalogue DIR
	Latency, SlowDelay                          time.Duration
	Capacity                                    int
	Seed                                        int64
	Quiet                                       bool
	Faults                                      map[Fault]float64 // kind → rate
}

// AddFlags defines the simulator's flags on fs, with their defaults, bound to o.
func (o *Options) AddFlags(fs *flag.FlagSet) {
	o.Faults = map[Fault]float64{}
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:0", "loopback `HOST:PORT` to listen on (port 0 picks a free one)")
	fs.StringVar(&o.User, "user", "demo", "user the simulator accepts")
	fs.StringVar(&o.PasswordEnv, "password-env", "", "`NAME` of the environment variable holding the accepted password (default password: demo)")
	fs.StringVar(&o.CRMPath, "crm-path", "/crm/ws", "URL path of the CRM set services")
	fs.DurationVar(&o.Latency, "latency", 0, "mean work time of a request; each is worked on 0.5–1.5 × it, from when it gets its slot")
	fs.IntVar(&o.Capacity, "capacity", 0, "requests worked on at once; the others wait their turn (0: no limit)")
	fs.DurationVar(&o.SlowDelay, "slow-delay", 5*time.Second, "how late a 'slow' fault answers")
	fs.Int64Var(&o.Seed, "seed", 1, "seed of the fault draws")
	fs.StringVar(&o.Catalogue, "catalogue", "", "`DIR` of extra port files (*.yaml), as the importer's --catalogue: the CRM set services and the G5 ports it ships, with their fields as these files declare them")
	fs.StringVar(&o.StateFile, "state", "", "`FILE` to load the kept records from and save them to on exit (each change is appended to FILE.changes as it is answered: a simulator killed keeps what it acknowledged)")
	fs.BoolVar(&o.Quiet, "quiet", false, "no log on stderr: neither the request log (a line per request) nor the start and stop lines")
	fs.Var(faultFlags(o.Faults), "fault", "`KIND=RATE` (repeatable): "+faultNames())
}

// Command parses args as the flags of `importer simulate` and runs Serve with them; a bad flag
// is exit 2, -help exit 0. (The importer's command line defines the same flags through AddFlags.)
func Command(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o Options
	o.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	return Serve(ctx, o, stdout, stderr, getenv)
}

// Serve runs `importer simulate` with o: it prints the listening address (127.0.0.1:PORT)
// as the first line on stdout, serves until ctx is done, then shuts down and saves its state.
// It returns the exit code: 0, or 2 for a bad flag value or an address it cannot use.
func Serve(ctx context.Context, o Options, stdout, stderr io.Writer, getenv func(string) string) int {
	password := "demo"
	if o.PasswordEnv != "" {
		password = getenv(o.PasswordEnv)
		if password == "" {
			fmt.Fprintf(stderr, "simulate: environment variable %s is empty\n", o.PasswordEnv)
			return 2
		}
	}
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: --addr %s: %v\n", o.Addr, err)
		return 2
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "simulate: --addr %s is not a loopback address; the simulator only listens on loopback\n", o.Addr)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	if o.Quiet {
		logger = slog.New(slog.DiscardHandler)
	}
	cat, err := templates.Load(o.Catalogue)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	for _, r := range cat.Replaced() {
		logger.Info("a porta "+r.Port+" de "+filepath.Join(r.Dir, r.File)+" toma o lugar da embutida (--catalogue)", "port", r.Port)
	}
	srv, err := New(Config{User: o.User, Password: password, CRMPath: o.CRMPath, Faults: o.Faults, Seed: o.Seed,
		Latency: o.Latency, Capacity: o.Capacity, SlowDelay: o.SlowDelay, StateFile: o.StateFile, Logger: logger, Catalogue: cat})
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "simulate: %v\n", err)
		return 2
	}
	fmt.Fprintln(stdout, ln.Addr().String())
	logger.Info("simulator listening", "addr", ln.Addr().String(), "crm_path", o.CRMPath, "latency", o.Latency, "capacity", o.Capacity, "faults", fmt.Sprint(o.Faults))
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
	stats := srv.Stats()
	logger.Info("simulator stopped", "requests", stats.Requests, "accepted", stats.Accepted, "stored", stats.Stored)
	return 0
}
