package journal

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The writer is one goroutine that owns the write connection. Workers queue their writes;
// the writer takes everything queued, writes it in one transaction and commits, then wakes
// the callers that wait for that commit (InFlight, StartRun, FinishRun, Flush). One commit
// serves every worker that queued meanwhile, so the cost of a commit is shared by the batch
// and grows with the load only as far as the batch grows.

type opKind uint8

const (
	opMark     opKind = iota + 1 // a record goes in flight (InFlight)
	opSettle                     // a record's outcome and lines (Settle)
	opLines                      // report lines (AddLines)
	opWithdraw                   // a mark taken back, its lines kept (Settlement.Withdrawn)
	opFunc                       // other work, in the batch's transaction (StartRun, FinishRun, Flush)
)

type op struct {
	kind     opKind
	id       int64 // the record's row: recordID(run, seq)
	run, seq int64
	place    int64 // opMark, opSettle: Mark.Place, Settlement.Place
	// opMark, opSettle. An empty valueHash and nil values keep what the row holds.
	target, port, key string
	outcome           string
	valueHash         string
	values            []byte
	remoteID, answer  string
	attempts          int
	origin            int64 // opSettle of a skipped state: Settlement.Origin
	atMs              int64
	lines             []byte // opSettle, opLines: the lines joined by '\n'; nil keeps the row's
	// opFunc; nil is a no-op (Flush)
	fn func(*wtx) error
}

type batch struct {
	done chan struct{}
	err  error
}

func newBatch() *batch { return &batch{done: make(chan struct{})} }

// wait waits for the batch's commit. If ctx ends first the writes stay queued: they are
// committed later all the same.
func (b *batch) wait(ctx context.Context) error {
	select {
	case <-b.done:
		return b.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

type writer struct {
	conn     *sql.Conn
	maxQueue int           // beyond it, writers wait for room
	soonOps  int           // a queue this long is committed at once
	maxDelay time.Duration // a write nobody waits for is committed within this

	mu      sync.Mutex
	room    *sync.Cond // writers wait here while the queue is full
	queue   []op
	spare   []op
	cur     *batch    // the batch the queued ops will commit in
	waited  bool      // someone waits for cur's commit
	since   time.Time // when the queue's first op came
	err     error     // the first failed commit, as a *WriteError
	closing bool

	wake      chan struct{} // the writer should look at the queue again
	committed func()        // called after each commit (the checkpointer's kick)
	restart   atomic.Bool   // checkpoint between two commits, so the WAL can start over
	exited    chan struct{}
	batches   atomic.Int64 // commits, for the benchmarks
}

func startWriter(ctx context.Context, db *sql.DB, maxQueue int, maxDelay time.Duration) (*writer, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &writer{
		conn:     conn,
		maxQueue: maxQueue,
		soonOps:  max(1, maxQueue/4),
		maxDelay: maxDelay,
		queue:    make([]op, 0, maxQueue),
		spare:    make([]op, 0, maxQueue),
		cur:      newBatch(),
		wake:     make(chan struct{}, 1),
		exited:   make(chan struct{}),
	}
	w.room = sync.NewCond(&w.mu)
	ready := make(chan error, 1)
	go func() {
		defer close(w.exited)
		// Raw hands the driver connection to the loop for the writer's lifetime: statements
		// are executed with driver values directly, without database/sql's conversions.
		err := conn.Raw(func(dc any) error {
			c, err := newWconn(dc)
			if err != nil {
				ready <- err
				return err
			}
			defer c.close()
			ready <- nil
			w.loop(c)
			return nil
		})
		if cerr := conn.Close(); err == nil && cerr != nil {
			w.fail(cerr)
		}
	}()
	if err := <-ready; err != nil {
		<-w.exited
		return nil, err
	}
	return w, nil
}

// loop commits the queue when someone waits for it (InFlight, Flush ...), when it is long,
// or when its oldest write has waited maxDelay. A commit costs about as much CPU as writing
// ten records, so writes nobody waits for (Settle, AddLines) ride along with the next marks
// or gather for a while rather than commit one by one.
func (w *writer) loop(c *wconn) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		w.mu.Lock()
		n := len(w.queue)
		if n == 0 && w.closing {
			w.mu.Unlock()
			return
		}
		if n == 0 || !(w.waited || w.closing || n >= w.soonOps || time.Since(w.since) >= w.maxDelay) {
			delay := time.Duration(-1)
			if n > 0 {
				delay = w.maxDelay - time.Since(w.since)
			}
			w.mu.Unlock()
			if delay < 0 {
				<-w.wake
				continue
			}
			timer.Reset(delay)
			select {
			case <-w.wake:
			case <-timer.C:
			}
			timer.Stop()
			continue
		}
		w.mu.Unlock()
		// Let the workers the last commit woke queue their next writes first: the batch
		// grows at no cost in latency (Gosched returns at once when nothing else can run),
		// and a bigger batch writes fewer pages per record.
		runtime.Gosched()
		w.mu.Lock()
		ops, b, failed := w.queue, w.cur, w.err
		w.queue, w.spare = w.spare[:0], nil
		w.cur, w.waited = newBatch(), false
		w.room.Broadcast()
		w.mu.Unlock()

		w.batches.Add(1)
		err := failed
		if err == nil {
			if err = c.commit(ops); err != nil {
				err = w.fail(err)
			}
		}
		b.err = err
		close(b.done)
		if err == nil && w.committed != nil {
			w.committed()
		}
		if err == nil && w.restart.Swap(false) {
			// Between two commits, with this batch's callers already woken: the next batch
			// waits for it, once per restartFrames of WAL. A failed checkpoint loses nothing.
			c.do("PRAGMA wal_checkpoint(PASSIVE)")
		}

		clear(ops) // drop the references to values and lines
		w.mu.Lock()
		w.spare = ops[:0]
		w.mu.Unlock()
	}
}

func (w *writer) signal() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// fail makes err the journal's write error, if it has none yet, and returns the one it has.
func (w *writer) fail(err error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = &WriteError{Err: err, SizeLimit: sizeLimit(err.Error())}
		w.room.Broadcast()
	}
	return w.err
}

// add queues ops and returns the batch they will commit in; wait says the caller will wait
// for that commit.
func (w *writer) add(wait bool, ops ...op) (*batch, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) >= w.maxQueue && w.err == nil && !w.closing {
		w.room.Wait()
	}
	if w.closing {
		return nil, ErrClosed
	}
	if w.err != nil {
		return nil, w.err
	}
	first := len(w.queue) == 0
	if first {
		w.since = time.Now()
	}
	w.queue = append(w.queue, ops...)
	if wait {
		w.waited = true
	}
	if wait || first || len(w.queue) >= w.soonOps {
		w.signal()
	}
	return w.cur, nil
}

// close commits what is queued and stops the writer.
func (w *writer) close() error {
	w.mu.Lock()
	w.closing = true
	w.room.Broadcast()
	w.mu.Unlock()
	w.signal()
	<-w.exited
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// In-flight marks are written by multi-row statements: 64 rows, then the rest in powers of
// two, so at most seven statements are prepared; one statement for many rows saves most of
// the per-statement cost. Settles and lines are single-row UPDATEs of the row their mark
// made (the common case, the cheapest write SQLite has), falling back to an upsert when the
// row is not there or names another record.
//
// Parameters are anonymous ("?"): modernc's binder looks numbered ones ("?3") up by name,
// which grows with the number of parameters.
const maxRowsPerStatement = 64

const markHead = "INSERT INTO records (id, run, seq, place, scope, key, outcome, value_hash, wire_values, at_ms) VALUES "
const markRow = "(?, ?, ?, ?, ?, ?, '" + OutcomeInFlight + "', ?, CAST(? AS TEXT), ?)"

// A record in flight again in the same run (sent again after a read-back) keeps its lines
// and attempts and loses its answer.
const markTail = " ON CONFLICT (id) DO UPDATE SET place = excluded.place, scope = excluded.scope, key = excluded.key," +
	" outcome = excluded.outcome, value_hash = coalesce(excluded.value_hash, value_hash)," +
	" wire_values = coalesce(excluded.wire_values, wire_values), remote_id = NULL, answer = NULL," +
	" at_ms = excluded.at_ms"

// settleUpdate leaves scope and key alone: assigning them, even unchanged, would make SQLite
// rewrite the row's entry in records_by_key.
const settleUpdate = "UPDATE records SET outcome = ?, value_hash = coalesce(?, value_hash)," +
	" wire_values = coalesce(CAST(? AS TEXT), wire_values), remote_id = ?, answer = ?, attempts = ?," +
	" at_ms = ?, lines = coalesce(CAST(? AS TEXT), lines) WHERE id = ? AND scope = ? AND key = ?"

// settleState is settleUpdate for a settle that keeps the hash and values of the mark (the
// usual case): two parameters and two coalesces fewer.
const settleState = "UPDATE records SET outcome = ?, remote_id = ?, answer = ?, attempts = ?," +
	" at_ms = ?, lines = coalesce(CAST(? AS TEXT), lines) WHERE id = ? AND scope = ? AND key = ?"

const settleUpsert = "INSERT INTO records (id, run, seq, place, scope, key, outcome, value_hash, wire_values, remote_id, answer, attempts, at_ms, lines, origin)" +
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, CAST(? AS TEXT), ?)" +
	" ON CONFLICT (id) DO UPDATE SET place = excluded.place, scope = excluded.scope, key = excluded.key, outcome = excluded.outcome," +
	" value_hash = coalesce(excluded.value_hash, value_hash), wire_values = coalesce(excluded.wire_values, wire_values)," +
	" remote_id = excluded.remote_id, answer = excluded.answer, attempts = excluded.attempts," +
	" at_ms = excluded.at_ms, lines = coalesce(excluded.lines, lines), origin = excluded.origin"

const linesUpdate = "UPDATE records SET lines = CAST(? AS TEXT) WHERE id = ?"

const linesInsert = "INSERT INTO records (id, run, seq, lines) VALUES (?, ?, ?, CAST(? AS TEXT))"

// withdrawUpdate makes a marked record's row one of report lines only (no scope: out of
// records_by_key, so the key's last state is again the one before the mark).
const withdrawUpdate = "UPDATE records SET scope = NULL, key = NULL, outcome = NULL, value_hash = NULL," +
	" wire_values = NULL, remote_id = NULL, answer = NULL, attempts = NULL, at_ms = NULL, origin = NULL, place = NULL," +
	" lines = coalesce(CAST(? AS TEXT), lines) WHERE id = ?"

type scopeKey struct{ target, port string }

// wconn is the writer's connection: the driver's, with statements prepared once.
type wconn struct {
	exec   driver.ExecerContext
	query  driver.QueryerContext
	prep   driver.ConnPrepareContext
	marks  map[int]driver.StmtExecContext
	stmts  map[string]driver.StmtExecContext
	scope  driver.StmtQueryContext
	scopes map[scopeKey]int64
	last   struct { // the last scope looked up: batches mostly hold one
		k  scopeKey
		id int64
	}
	args  []driver.NamedValue
	dest  []driver.Value
	later map[int64]bool // ids of the batch's settles and lines, when it also has marks
}

func newWconn(dc any) (*wconn, error) {
	exec, ok := dc.(driver.ExecerContext)
	query, ok2 := dc.(driver.QueryerContext)
	prep, ok3 := dc.(driver.ConnPrepareContext)
	if !ok || !ok2 || !ok3 {
		return nil, fmt.Errorf("journal: the sqlite driver's connection (%T) lacks a context method", dc)
	}
	c := &wconn{exec: exec, query: query, prep: prep,
		marks: map[int]driver.StmtExecContext{}, stmts: map[string]driver.StmtExecContext{},
		scopes: map[scopeKey]int64{}, dest: make([]driver.Value, 1), later: map[int64]bool{}}
	s, err := c.prepare("INSERT INTO scopes (target, port) VALUES (?, ?) ON CONFLICT (target, port) DO UPDATE SET port = excluded.port RETURNING id")
	if err != nil {
		return nil, err
	}
	q, ok := s.(driver.StmtQueryContext)
	if !ok {
		return nil, fmt.Errorf("journal: the sqlite driver's statement (%T) cannot query", s)
	}
	c.scope = q
	for _, q := range []string{settleUpdate, settleState, settleUpsert, linesUpdate, linesInsert, withdrawUpdate} {
		if _, err := c.stmt(q); err != nil {
			c.close()
			return nil, err
		}
	}
	return c, nil
}

func (c *wconn) prepare(q string) (driver.StmtExecContext, error) {
	s, err := c.prep.PrepareContext(context.Background(), q)
	if err != nil {
		return nil, err
	}
	e, ok := s.(driver.StmtExecContext)
	if !ok {
		s.Close()
		return nil, fmt.Errorf("journal: the sqlite driver's statement (%T) lacks ExecContext", s)
	}
	return e, nil
}

func (c *wconn) stmt(q string) (driver.StmtExecContext, error) {
	if s, ok := c.stmts[q]; ok {
		return s, nil
	}
	s, err := c.prepare(q)
	if err != nil {
		return nil, err
	}
	c.stmts[q] = s
	return s, nil
}

func (c *wconn) close() {
	for _, s := range c.marks {
		s.(driver.Stmt).Close()
	}
	for _, s := range c.stmts {
		s.(driver.Stmt).Close()
	}
	if c.scope != nil {
		c.scope.(driver.Stmt).Close()
	}
}

// markStmt returns the statement marking n records, preparing it the first time.
func (c *wconn) markStmt(n int) (driver.StmtExecContext, error) {
	if s, ok := c.marks[n]; ok {
		return s, nil
	}
	q := make([]byte, 0, len(markHead)+n*(len(markRow)+2)+len(markTail))
	q = append(q, markHead...)
	for i := range n {
		if i > 0 {
			q = append(q, ", "...)
		}
		q = append(q, markRow...)
	}
	q = append(q, markTail...)
	s, err := c.prepare(string(q))
	if err != nil {
		return nil, err
	}
	c.marks[n] = s
	return s, nil
}

func (c *wconn) do(q string) error {
	_, err := c.exec.ExecContext(context.Background(), q, nil)
	return err
}

// commit writes ops in one transaction. Writes to one record apply in the order queued. The
// marks go first, in multi-row statements, unless one of them follows a settle or lines of
// the same record in this batch (a record sent again right after it settled): then every op
// goes in queue order.
func (c *wconn) commit(ops []op) (err error) {
	if err := c.do("BEGIN IMMEDIATE"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			c.do("ROLLBACK")
			clear(c.scopes) // ids given in the rolled back transaction are void
			c.last.k, c.last.id = scopeKey{}, 0
		}
	}()
	marks, inOrder := 0, false
	clear(c.later)
	for i := range ops {
		switch o := &ops[i]; o.kind {
		case opMark:
			marks++
			if c.later[o.id] {
				inOrder = true
			}
		case opSettle, opLines, opWithdraw:
			c.later[o.id] = true
		}
	}
	if !inOrder && marks > 0 {
		if err := c.writeMarks(ops, marks); err != nil {
			return err
		}
	}
	for i := 0; i < len(ops); i++ {
		switch o := &ops[i]; o.kind {
		case opMark:
			if inOrder {
				n := 1
				for i+n < len(ops) && ops[i+n].kind == opMark {
					n++
				}
				if err := c.writeMarks(ops[i:i+n], n); err != nil {
					return err
				}
				i += n - 1
			}
		case opSettle:
			if err := c.settle(o); err != nil {
				return err
			}
		case opLines:
			if err := c.addLines(o); err != nil {
				return err
			}
		case opWithdraw:
			if err := c.withdraw(o); err != nil {
				return err
			}
		case opFunc:
			if o.fn != nil {
				if err := o.fn(&wtx{c}); err != nil {
					return err
				}
			}
		}
	}
	return c.do("COMMIT")
}

func (c *wconn) scopeID(target, port string) (int64, error) {
	k := scopeKey{target, port}
	if c.last.id != 0 && c.last.k == k {
		return c.last.id, nil
	}
	id, ok := c.scopes[k]
	if !ok {
		rows, err := c.scope.QueryContext(context.Background(),
			[]driver.NamedValue{{Ordinal: 1, Value: target}, {Ordinal: 2, Value: port}})
		if err != nil {
			return 0, err
		}
		err = rows.Next(c.dest)
		rows.Close()
		if err != nil {
			return 0, err
		}
		if id, ok = c.dest[0].(int64); !ok {
			return 0, fmt.Errorf("journal: scope id is %T", c.dest[0])
		}
		c.scopes[k] = id
	}
	c.last.k, c.last.id = k, id
	return id, nil
}

// chunk is the number of rows of the next statement for left rows to write.
func chunk(left int) int {
	if left >= maxRowsPerStatement {
		return maxRowsPerStatement
	}
	n := 1
	for n*2 <= left {
		n *= 2
	}
	return n
}

// writeMarks writes the total marks among ops.
func (c *wconn) writeMarks(ops []op, total int) error {
	i := 0
	for left := total; left > 0; {
		n := chunk(left)
		s, err := c.markStmt(n)
		if err != nil {
			return err
		}
		c.args = c.args[:0]
		for taken := 0; taken < n; i++ {
			o := &ops[i]
			if o.kind != opMark {
				continue
			}
			scope, err := c.scopeID(o.target, o.port)
			if err != nil {
				return err
			}
			c.add(o.id, o.run, o.seq, o.place, scope, o.key, nullString(o.valueHash), nullBytes(o.values), o.atMs)
			taken++
		}
		if _, err := s.ExecContext(context.Background(), c.args); err != nil {
			return err
		}
		left -= n
	}
	return nil
}

func (c *wconn) settle(o *op) error {
	scope, err := c.scopeID(o.target, o.port)
	if err != nil {
		return err
	}
	c.args = c.args[:0]
	update := c.stmts[settleState]
	switch {
	case o.origin != 0:
		// A skipped state's origin is written by the upsert: such a state has no mark to
		// update (a record skipped is never marked in flight).
	case o.valueHash == "" && o.values == nil:
		c.add(o.outcome, nullString(o.remoteID), nullString(o.answer), int64(o.attempts), o.atMs, nullBytes(o.lines), o.id, scope, o.key)
	default:
		update = c.stmts[settleUpdate]
		c.add(o.outcome, nullString(o.valueHash), nullBytes(o.values), nullString(o.remoteID), nullString(o.answer),
			int64(o.attempts), o.atMs, nullBytes(o.lines), o.id, scope, o.key)
	}
	if o.origin == 0 {
		r, err := update.ExecContext(context.Background(), c.args)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 1 {
			return err
		}
	}
	c.args = c.args[:0]
	c.add(o.id, o.run, o.seq, o.place, scope, o.key, o.outcome, nullString(o.valueHash), nullBytes(o.values),
		nullString(o.remoteID), nullString(o.answer), int64(o.attempts), o.atMs, nullBytes(o.lines), nullInt(o.origin))
	_, err = c.stmts[settleUpsert].ExecContext(context.Background(), c.args)
	return err
}

func (c *wconn) withdraw(o *op) error {
	c.args = c.args[:0]
	c.add(nullBytes(o.lines), o.id)
	r, err := c.stmts[withdrawUpdate].ExecContext(context.Background(), c.args)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 1 || o.lines == nil {
		return err
	}
	return c.addLines(o) // never marked: its lines alone
}

func (c *wconn) addLines(o *op) error {
	c.args = c.args[:0]
	c.add(o.lines, o.id)
	r, err := c.stmts[linesUpdate].ExecContext(context.Background(), c.args)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 1 {
		return err
	}
	c.args = c.args[:0]
	c.add(o.id, o.run, o.seq, o.lines)
	_, err = c.stmts[linesInsert].ExecContext(context.Background(), c.args)
	return err
}

// add appends statement arguments.
func (c *wconn) add(vs ...driver.Value) {
	for _, v := range vs {
		c.args = append(c.args, driver.NamedValue{Ordinal: len(c.args) + 1, Value: v})
	}
}

func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) driver.Value {
	if n == 0 {
		return nil
	}
	return n
}

func nullBytes(b []byte) driver.Value {
	if b == nil {
		return nil
	}
	return b
}

// wtx runs a func op's statements in the batch's transaction.
type wtx struct{ c *wconn }

func (t *wtx) exec(q string, args ...any) (int64, error) {
	nv, err := named(args)
	if err != nil {
		return 0, err
	}
	r, err := t.c.exec.ExecContext(context.Background(), q, nv)
	if err != nil {
		return 0, err
	}
	return r.RowsAffected()
}

// queryInt runs a statement that returns one integer (an id from RETURNING).
func (t *wtx) queryInt(q string, args ...any) (int64, error) {
	nv, err := named(args)
	if err != nil {
		return 0, err
	}
	rows, err := t.c.query.QueryContext(context.Background(), q, nv)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	if err := rows.Next(dest); err != nil {
		if errors.Is(err, io.EOF) {
			return 0, sql.ErrNoRows
		}
		return 0, err
	}
	v, ok := dest[0].(int64)
	if !ok {
		return 0, fmt.Errorf("journal: %q returned %T", q, dest[0])
	}
	return v, nil
}

func named(args []any) ([]driver.NamedValue, error) {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return nil, err
		}
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return nv, nil
}
