package pipeline

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"net/http/httptest"
	"seniorimporter/journal"
	"seniorimporter/outcome"
	"seniorimporter/simulator"
	"seniorimporter/soap"
	"seniorimporter/templates"
)

func BenchmarkZZJournalProfile(b *testing.B) {
	cat, _ := templates.Default()
	sim, _ := simulator.New(simulator.Config{User: "demo", Password: "pw", Catalogue: cat})
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	dir := b.TempDir()
	f := writeCategorias(b, dir, 50000)
	for i := 0; i < b.N; i++ {
		j, err := journal.Open(context.Background(), filepath.Join(b.TempDir(), "j.db"))
		if err != nil {
			b.Fatal(err)
		}
		cfg := Settings{Files: []string{f}, Endpoint: srv.URL, CRMEndpoint: srv.URL + "/crm/ws",
			G5: soap.Credentials{User: "demo", Password: "pw"}, CRM: soap.Credentials{User: "demo", Password: "pw"},
			Workers: 16, Timeout: 10 * time.Second, Reports: []string{filepath.Join(dir, "r.jsonl")}, Quiet: true, Journal: j}
		sum, err := Run(context.Background(), cfg)
		if err != nil || sum.Outcomes[outcome.OK] != 50000 {
			b.Fatal(err, sum.Outcomes)
		}
		j.Close()
	}
}
