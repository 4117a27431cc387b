package journal

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"modernc.org/sqlite"
)

// The kill test re-executes the test binary as a writer (helperEnv names the journal) and
// kills it with SIGKILL mid-stream.
const helperEnv = "JOURNAL_TEST_KILL_WRITER"

func TestMain(m *testing.M) {
	if path := os.Getenv(migratingEnv); path != "" {
		if err := migrateHeld(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	if path := os.Getenv(helperEnv); path != "" {
		if err := killWriter(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const killWorkers = 8

// What the writer writes for a key, so the test can tell a torn or mixed-up row.
func killHash(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:8])
}
func killValues(key string) string { return `{"key":"` + key + `","vlrBru":"1234.56"}` }
func killLine(seq int64) string {
	return fmt.Sprintf(`{"file":"orcamentos.csv","row":%d,"outcome":"ok","message":"%s"}`, seq, strings.Repeat("x", 200+int(seq%50)))
}
func killKey(w, i int) string { return fmt.Sprintf("%d-%07d", w, i) }
func killSeq(w, i int) int64  { return int64(w)*10_000_000 + int64(i) }

// killWriter is the child: it starts a run, prints "run N", then killWorkers workers mark
// records in flight, print "F key" once InFlight has returned, settle them and add their
// report lines, until killed.
func killWriter(path string) error {
	ctx := context.Background()
	j, err := Open(ctx, path)
	if err != nil {
		return err
	}
	if _, err := j.LockRuns(ctx, nil); err != nil {
		return err
	}
	run, err := j.StartRun(ctx, RunInfo{Command: "kill test"})
	if err != nil {
		return err
	}
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	say := func(s string) {
		mu.Lock()
		out.WriteString(s)
		out.WriteByte('\n')
		out.Flush() // the parent must see it before the kill: one write per line
		mu.Unlock()
	}
	say("run " + strconv.FormatInt(run, 10))
	errs := make(chan error, killWorkers)
	for w := range killWorkers {
		go func() {
			for i := 0; ; i++ {
				key, seq := killKey(w, i), killSeq(w, i)
				k := Key{"https://erp.example/g5 demo", "GravarOrcamentos", key}
				if err := j.InFlight(ctx, run, Mark{Seq: seq, Key: k, ValueHash: killHash(key), Values: []byte(killValues(key))}); err != nil {
					errs <- err
					return
				}
				say("F " + key)
				if i%4 == 0 {
					time.Sleep(50 * time.Microsecond) // the request, now and then
				}
				s := Settlement{Seq: seq, Key: k, Outcome: "ok", ID: "id-" + key, Answer: "gravado " + key, Attempts: 1 + i%3}
				line := [][]byte{[]byte(killLine(seq))}
				if i%3 == 0 {
					s.Lines = line // lines with the state
				}
				if err := j.Settle(ctx, run, s); err != nil {
					errs <- err
					return
				}
				if i%3 != 0 { // lines after the state
					if err := j.AddLines(ctx, run, seq, line); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	return <-errs
}

// TestKilledWriterLeavesAConsistentJournal kills a writing process with SIGKILL at random
// moments, several times on the same journal, and checks after each kill that the journal
// opens, that its lock for runs is free, and that it says, for every record the killed run
// touched, that it was in flight or settled, with its fields whole.
func TestKilledWriterLeavesAConsistentJournal(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 1))
	t.Logf("seed %d", seed)
	ctx := context.Background()
	for round := range 6 {
		delay := time.Duration(20+rng.IntN(400)) * time.Millisecond
		cmd, stdout, stderr := child(t, helperEnv+"="+path)
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the writer said nothing: %s", round, stderr.String())
		}
		run, err := strconv.ParseInt(strings.TrimPrefix(sc.Text(), "run "), 10, 64)
		if err != nil {
			t.Fatalf("round %d: %q", round, sc.Text())
		}
		acked := map[string]bool{}
		done := make(chan struct{})
		go func() {
			defer close(done)
			for sc.Scan() {
				if key, ok := strings.CutPrefix(sc.Text(), "F "); ok {
					acked[key] = true
				}
			}
		}()
		time.Sleep(delay)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		<-done // every line read was written before the kill
		cmd.Wait()
		if s := stderr.String(); s != "" {
			t.Fatalf("round %d: the writer failed before the kill: %s", round, s)
		}

		j, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("round %d: reopening after the kill: %v", round, err)
		}
		// The killed run's lock for runs went with it: the next run need not wait.
		release, err := j.LockRuns(ctx, func(h string) { t.Errorf("round %d: the killed run still holds the lock: %s", round, h) })
		if err != nil {
			t.Fatalf("round %d: LockRuns after the kill: %v", round, err)
		}
		release()
		checkAfterKill(t, j, round, run, acked)
		t.Logf("round %d: killed after %v; %d records acknowledged in flight", round, delay, len(acked))
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func checkAfterKill(t *testing.T, j *Journal, round int, run int64, acked map[string]bool) {
	t.Helper()
	ctx := context.Background()
	var integrity string
	if err := j.rdb.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("round %d: integrity_check: %q, %v", round, integrity, err)
	}
	r, err := j.Run(ctx, run)
	if err != nil {
		t.Fatalf("round %d: %v", round, err)
	}
	if r.ExitCode != nil || !r.Finished.IsZero() {
		t.Errorf("round %d: the killed run looks finished: %+v", round, r)
	}
	states := map[string]State{}
	err = j.RecordsOf(ctx, run, nil, func(k Key, s State) error {
		states[k.Key] = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	settled := 0
	for key, s := range states {
		if s.ValueHash != killHash(key) || string(s.Values) != killValues(key) {
			t.Errorf("round %d: %s: hash %q values %q", round, key, s.ValueHash, s.Values)
		}
		switch s.Outcome {
		case OutcomeInFlight:
			if s.ID != "" || s.Answer != "" {
				t.Errorf("round %d: %s in flight with an answer: %+v", round, key, s)
			}
		case "ok":
			settled++
			var w, i int
			fmt.Sscanf(key, "%d-%d", &w, &i)
			if s.Seq != killSeq(w, i) || s.ID != "id-"+key || s.Answer != "gravado "+key || s.Attempts != 1+i%3 {
				t.Errorf("round %d: %s: torn state %+v", round, key, s)
			}
		default:
			t.Errorf("round %d: %s: outcome %q", round, key, s.Outcome)
		}
	}
	for key := range acked {
		if _, ok := states[key]; !ok {
			t.Errorf("round %d: %s: InFlight returned before the kill, and the journal does not have it", round, key)
		}
	}
	if r.Settled[OutcomeInFlight]+r.Settled["ok"] != len(states) {
		t.Errorf("round %d: Settled %v for %d records", round, r.Settled, len(states))
	}
	// A record's lines were queued with or after its Settle, so they never commit before it.
	lines := 0
	err = j.Lines(ctx, run, func(seq int64, line []byte) error {
		lines++
		if string(line) != killLine(seq) {
			t.Errorf("round %d: line %d torn: %q", round, seq, line)
		}
		key := killKey(int(seq/10_000_000), int(seq%10_000_000))
		if states[key].Outcome != "ok" {
			t.Errorf("round %d: the line of %s is in, its settled state is not (%q)", round, key, states[key].Outcome)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(acked) == 0 || lines == 0 {
		t.Logf("round %d: killed early (%d acknowledged, %d lines): the test checked little", round, len(acked), lines)
	}
	t.Logf("round %d: %d records (%d settled), %d lines", round, len(states), settled, lines)
}

// The migration kill test re-executes the test binary as a process creating a journal
// (migratingEnv names it), held inside its second migration until killed.
const migratingEnv = "JOURNAL_TEST_KILL_MIGRATING"

// migrateHeld is that child: it applies the first migration of the schema to a new journal
// at path, and a second one that prints "held" and never ends (an SQL function that blocks).
func migrateHeld(path string) error {
	sqlite.MustRegisterScalarFunction("held", 0, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
		fmt.Println("held")
		select {}
	})
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		return err
	}
	fsys := fstest.MapFS{
		"migrations/" + ms[0].name: {Data: []byte(ms[0].sql)},
		"migrations/0002_held.sql": {Data: []byte("SELECT held();")},
	}
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: path}).String()+"?"+writePragmas)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = migrate(context.Background(), db, fsys, path)
	return err
}

// TestKilledWhileCreatedIsNew: a run killed while its new journal was being made (the first
// run of a migration killed within its first hundredths of a second) left a journal of the
// first migrations only, which the next run took for an older importer's: it said the journal
// was upgraded, "a copy of it as it was is kept for an earlier version", and left that copy,
// of nothing, beside it (journal.db.schema1.bak). A new journal's migrations are one
// transaction: killed during them, it is still new, and the next run makes it whole.
func TestKilledWhileCreatedIsNew(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	path := filepath.Join(t.TempDir(), "journal.db")
	cmd, stdout, stderr := child(t, migratingEnv+"="+path)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	cmd.Process.Kill()
	cmd.Wait()
	if line != "held\n" {
		t.Fatalf("the child never reached its second migration: %q %v\n%s", line, err, stderr.String())
	}

	ctx := context.Background()
	j, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if up := j.TakeUpgrade(); up != (Upgrade{}) {
		t.Errorf("the journal killed while it was made was taken for an older one: %+v", up)
	}
	if left, _ := filepath.Glob(path + ".schema*"); len(left) > 0 {
		t.Errorf("copies of the journal killed while it was made: %q", left)
	}
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	if err := j.rdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil || v != len(ms) {
		t.Errorf("user_version %d, %v; want %d", v, err, len(ms))
	}
	startRun(t, j, "after the kill")
}

// child starts this test binary again, running no test, with env (NAME=VALUE) added: the
// helper its TestMain runs for that variable. Its stdout is piped; its stderr kept.
func child(t *testing.T, env string) (*exec.Cmd, io.Reader, *strings.Builder) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), env)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stdout, stderr
}
