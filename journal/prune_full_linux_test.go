package journal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPruneOnAFullDisk: a journal of 17 MB on a disk with 2 MB free, every old run's report
// lines to drop. In one transaction the prune's WAL needed about the journal's size, and it
// failed with "database or disk is full", nothing pruned (an operator's month of nights, the
// prune run to relieve a full disk). In batches, the WAL started over between them, it
// forgets every run, and says the file could not be rewritten smaller (ErrNoRoomToShrink).
// It needs a disk of its own: a tmpfs, mounted as root on Linux; skipped otherwise.
func TestPruneOnAFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("fills 24,000 records")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=256m"); err != nil {
		t.Skipf("a tmpfs of its own could not be mounted (root on Linux only): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	path := filepath.Join(dir, "journal.db")
	j, err := Open(ctx, path, WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { j.Close() }() // the one open then
	const runs, records = 8, 3000
	msg := strings.Repeat("x", 500)
	// Each record's last state stays, its values too: the file rewritten holds some 8 MB.
	values := []byte(`{"desc":"` + strings.Repeat("y", 300) + `"}`)
	for r := range runs {
		at := now.AddDate(0, 0, -120+r)
		run, err := j.StartRun(ctx, RunInfo{Command: "run", Started: at})
		if err != nil {
			t.Fatal(err)
		}
		for i := range records {
			k := Key{"https://crm.example/ws demo", "setCategoriaServico", fmt.Sprintf("K%d-%06d", r, i)}
			if err := j.InFlight(ctx, run, Mark{Seq: int64(i), Key: k, ValueHash: "h", Values: values}); err != nil {
				t.Fatal(err)
			}
			if err := j.Settle(ctx, run, Settlement{Seq: int64(i), Key: k, Outcome: "ok", Attempts: 1,
				Lines: [][]byte{[]byte(fmt.Sprintf(`{"row":%d,"message":"%s"}`, i+2, msg))}}); err != nil {
				t.Fatal(err)
			}
		}
		if err := j.FinishRun(ctx, run, RunEnd{Finished: at, Rows: records, Records: records}); err != nil {
			t.Fatal(err)
		}
	}
	// Closed, as each night's run closes it: its WAL copied in and removed.
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if j, err = Open(ctx, path, WithClock(func() time.Time { return now })); err != nil {
		t.Fatal(err)
	}
	// Fill the disk but for about 2 MB.
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * st.Bsize
	if free < 2<<20 {
		t.Fatalf("the journal left %d bytes of 16 MB: too few to test with", free)
	}
	if err := os.WriteFile(filepath.Join(dir, "fill"), make([]byte, free-2<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := j.Prune(ctx, now)
	if !errors.Is(err, ErrNoRoomToShrink) || p.Runs != runs || p.Lines != runs*records || p.Vacuumed {
		t.Fatalf("prune on a full disk: %+v, %v; want every run pruned and ErrNoRoomToShrink", p, err)
	}
	list, err := j.Runs(ctx, 0)
	if err != nil || len(list) != runs || list[0].Pruned.IsZero() || list[runs-1].Pruned.IsZero() {
		t.Fatalf("runs after: %+v, %v", list, err)
	}
}
