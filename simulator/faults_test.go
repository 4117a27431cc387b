package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestAllFaultsWireNames: the kinds and their order are a contract (--fault, /_stats, the
// order of the seeded draws).
func TestAllFaultsWireNames(t *testing.T) {
	want := []string{"refuse_login", "reset_before", "http500", "http503", "reset_after", "truncated", "slow"}
	var got []string
	for _, f := range AllFaults() {
		got = append(got, string(f))
		if p, err := ParseFault(string(f)); err != nil || p != f {
			t.Errorf("ParseFault(%q) = %q, %v", f, p, err)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("AllFaults() = %v, want %v", got, want)
	}
	if _, err := ParseFault("http502"); !errors.Is(err, ErrConfig) {
		t.Fatalf("ParseFault(http502): %v", err)
	}
}

// TestFaultDrawOrder: when several kinds would strike, the first in AllFaults wins.
func TestFaultDrawOrder(t *testing.T) {
	cases := []struct {
		rates map[Fault]float64
		want  Fault
	}{
		{map[Fault]float64{FaultHTTP503: 1, FaultHTTP500: 1}, FaultHTTP500},
		{map[Fault]float64{FaultSlow: 1, FaultRefuseLogin: 1}, FaultRefuseLogin},
		{map[Fault]float64{FaultTruncated: 1, FaultResetAfter: 1, FaultSlow: 1}, FaultResetAfter},
		{map[Fault]float64{FaultSlow: 1, FaultHTTP500: 0}, FaultSlow},
		{map[Fault]float64{FaultHTTP500: 0}, ""},
	}
	for _, c := range cases {
		s, err := New(Config{Faults: c.rates, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			if got := s.drawFault(); got != c.want {
				t.Fatalf("rates %v drew %q, want %q", c.rates, got, c.want)
			}
		}
		if st := s.Stats(); c.want != "" && st.Faults[string(c.want)] != 20 {
			t.Fatalf("rates %v: stats %v", c.rates, st.Faults)
		}
	}
}

// TestStatsListEveryFault: /_stats names every kind, and the new load counters.
func TestStatsListEveryFault(t *testing.T) {
	_, srv := newTest(t, Config{})
	resp, err := http.Get(srv.URL + "/_stats")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	var faults map[string]int64
	json.Unmarshal(got["faults"], &faults)
	for _, f := range AllFaults() {
		if n, ok := faults[string(f)]; !ok || n != 0 {
			t.Errorf("/_stats faults lacks %s: %s", f, b)
		}
	}
	for _, k := range []string{"in_flight", "working", "max_in_flight", "max_working"} {
		if _, ok := got[k]; !ok {
			t.Errorf("/_stats lacks %s: %s", k, b)
		}
	}
}

// TestFaultFlag: --fault takes only the listed kinds, and its help lists them all.
func TestFaultFlag(t *testing.T) {
	var stderr bytes.Buffer
	if code := Command(context.Background(), []string{"--fault", "http502=0.5"}, io.Discard, &stderr, func(string) string { return "" }); code != 2 ||
		!strings.Contains(stderr.String(), "unknown fault") {
		t.Fatalf("--fault http502: exit %d, %s", code, stderr.String())
	}
	stderr.Reset()
	Command(context.Background(), []string{"--help"}, io.Discard, &stderr, func(string) string { return "" })
	if !strings.Contains(stderr.String(), faultNames()) {
		t.Fatalf("help lacks the fault kinds: %s", stderr.String())
	}
	stderr.Reset()
	if code := Command(context.Background(), []string{"--capacity", "-1"}, io.Discard, &stderr, func(string) string { return "" }); code != 2 ||
		!strings.Contains(stderr.String(), "capacity") {
		t.Fatalf("--capacity -1: exit %d, %s", code, stderr.String())
	}
}
