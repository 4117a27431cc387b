package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"seniorimporter/outcome"
	"seniorimporter/simulator"
)

func TestFitWorkers(t *testing.T) {
	for _, c := range []struct {
		workers int
		limit   uint64
		known   bool
		want    int
	}{
		{64, 0, false, 64},      // no limit known
		{64, 1 << 20, true, 64}, // the usual hard limit
		{64, 128, true, 64},     // just room for all
		{64, 160, true, 64},
		{100, 160, true, 96},    // 64 kept for the rest
		{64, 127, true, 64},     // one short: half of it kept
		{64, 100, true, 50},     // half of it kept for the rest
		{64, 48, true, 24},      // a small limit: half of it
		{8, 48, true, 8},        // few workers fit anyway
		{64, 1, true, 1},        // never none
		{1024, 1024, true, 960}, // --workers at its most under a limit of 1,024
		{1024, 20000, true, 1024},
	} {
		if got := fitWorkers(c.workers, c.limit, c.known); got != c.want {
			t.Errorf("fitWorkers(%d, %d, %v) = %d, want %d", c.workers, c.limit, c.known, got, c.want)
		}
	}
}

// Under a limit of 48 open files, 64 fixed workers send at most 24 requests at once (each
// holds a connection), and the summary says why and how to have them all.
func TestRunWorkersFitOpenFiles(t *testing.T) {
	e := startSim(t, nil, func(c *simulator.Config) { c.Latency = 20 * time.Millisecond })
	dir := t.TempDir()
	const n = 300
	cfg := e.settings(dir, categorias(t, dir, n, 0))
	cfg.Workers, cfg.FixedWorkers = 64, true
	cfg.openFiles = func() (uint64, bool) { return 48, true }
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.Outcomes[outcome.OK] != n {
		t.Fatalf("%v %v", err, sum.Outcomes)
	}
	if m := e.stats().MaxInFlight; m > 24 {
		t.Fatalf("the simulator held %d requests at once; the limit on open files leaves room for 24", m)
	}
	if len(sum.Warnings) != 1 || !strings.Contains(sum.Warnings[0].Message, "ulimit -n") || !strings.Contains(sum.Warnings[0].Message, "aumente o limite para 128") {
		t.Fatalf("warnings %v: want one naming ulimit -n and the limit that fits --workers 64", sum.Warnings)
	}
}
