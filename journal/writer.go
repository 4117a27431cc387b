package journal

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"
)

// The writer is one goroutine that owns the write connection. Workers queue their writes;
// the writer takes everything queued, writes it in one transaction and commits, then wakes
// the callers that wait for that commit (InFlight, StartRun, FinishRun, Flush). One commit
// serves every worker that queued meanwhile, so the cost of a commit is shared by the batch
// and grows with the load only as far as the batch grows.

type opKind uint8

const (
	opPut  opKind = iota + 1 // a record's state (InFlight, Settle)
	opLine                   // one report line (AddLines)
	opFunc                   // other work, in the batch's transaction (StartRun, FinishRun, Flush)
)

type op struct {
	kind opKind
	run  int64
	// opPut. Empty valueHash, nil values and attempts < 0 keep what the row holds.
	target, port, key string
	outcome           string
	valueHash         string
	values            []byte
	id, answer        string
	attempts          int
	atMs              int64
	// opLine
	seq  int64
	n    int
	line []byte
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
	maxQueue int

	mu      sync.Mutex
	work    *sync.Cond // the writer waits here for writes
	room    *sync.Cond // writers wait here while the queue is full
	queue   []op
	spare   []op
	cur     *batch // the batch the queued ops will commit in
	err     error  // the first failed commit, as a *WriteError
	closing bool

	exited chan struct{}
}

func startWriter(ctx context.Context, db *sql.DB, maxQueue int) (*writer, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &writer{
		conn:     conn,
		maxQueue: maxQueue,
		queue:    make([]op, 0, maxQueue),
		spare:    make([]op, 0, maxQueue),
		cur:      newBatch(),
		exited:   make(chan struct{}),
	}
	w.work = sync.NewCond(&w.mu)
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

func (w *writer) loop(c *wconn) {
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && !w.closing {
			w.work.Wait()
		}
		if len(w.queue) == 0 {
			w.mu.Unlock()
			return
		}
		ops, b, failed := w.queue, w.cur, w.err
		w.queue, w.spare = w.spare[:0], nil
		w.cur = newBatch()
		w.room.Broadcast()
		w.mu.Unlock()

		err := failed
		if err == nil {
			if err = c.commit(ops); err != nil {
				err = w.fail(err)
			}
		}
		b.err = err
		close(b.done)

		clear(ops) // drop the references to values and lines
		w.mu.Lock()
		w.spare = ops[:0]
		w.mu.Unlock()
	}
}

// fail makes err the journal's write error, if it has none yet, and returns the one it has.
func (w *writer) fail(err error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = &WriteError{Err: err}
		w.room.Broadcast()
	}
	return w.err
}

// add queues ops and returns the batch they will commit in.
func (w *writer) add(ops ...op) (*batch, error) {
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
	w.queue = append(w.queue, ops...)
	w.work.Signal()
	return w.cur, nil
}

// close commits what is queued and stops the writer.
func (w *writer) close() error {
	w.mu.Lock()
	w.closing = true
	w.work.Signal()
	w.room.Broadcast()
	w.mu.Unlock()
	<-w.exited
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Rows per multi-row statement. A batch's writes of a kind are cut into statements of 64
// rows and the rest into powers of two, so each kind needs at most seven prepared
// statements; one statement for many rows saves most of the per-statement cost.
const maxRowsPerStatement = 64

const putColumns = 10

const putHead = "INSERT INTO records (scope, key, run, outcome, value_hash, wire_values, remote_id, answer, attempts, at_ms) VALUES "
const putRow = "(?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?)"

// A record's state in a run is replaced; a hash, values or attempts not given keep the
// earlier ones (a Settle after InFlight keeps the values InFlight stored).
const putTail = " ON CONFLICT (scope, key, run) DO UPDATE SET outcome = excluded.outcome," +
	" value_hash = coalesce(excluded.value_hash, value_hash)," +
	" wire_values = coalesce(excluded.wire_values, wire_values)," +
	" remote_id = excluded.remote_id, answer = excluded.answer," +
	" attempts = coalesce(excluded.attempts, attempts), at_ms = excluded.at_ms"

const lineColumns = 4
const lineHead = "INSERT OR REPLACE INTO lines (run, seq, n, line) VALUES "
const lineRow = "(?, ?, ?, CAST(? AS TEXT))"

type scopeKey struct{ target, port string }

// wconn is the writer's connection: the driver's, with statements prepared once.
type wconn struct {
	conn   driver.Conn
	exec   driver.ExecerContext
	query  driver.QueryerContext
	prep   driver.ConnPrepareContext
	puts   map[int]driver.Stmt
	lines  map[int]driver.Stmt
	scope  driver.Stmt
	scopes map[scopeKey]int64
	args   []driver.NamedValue
	ids    []int64
}

func newWconn(dc any) (*wconn, error) {
	conn, ok := dc.(driver.Conn)
	exec, ok2 := dc.(driver.ExecerContext)
	query, ok3 := dc.(driver.QueryerContext)
	prep, ok4 := dc.(driver.ConnPrepareContext)
	if !ok || !ok2 || !ok3 || !ok4 {
		return nil, fmt.Errorf("journal: the sqlite driver's connection (%T) lacks a context method", dc)
	}
	c := &wconn{conn: conn, exec: exec, query: query, prep: prep,
		puts: map[int]driver.Stmt{}, lines: map[int]driver.Stmt{}, scopes: map[scopeKey]int64{}}
	var err error
	c.scope, err = prep.PrepareContext(context.Background(),
		"INSERT INTO scopes (target, port) VALUES (?, ?) ON CONFLICT (target, port) DO UPDATE SET port = excluded.port RETURNING id")
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *wconn) close() {
	for _, s := range c.puts {
		s.Close()
	}
	for _, s := range c.lines {
		s.Close()
	}
	c.scope.Close()
}

// stmt returns the statement for n rows of a kind, preparing it the first time.
func (c *wconn) stmt(cache map[int]driver.Stmt, n int, head, row, tail string) (driver.Stmt, error) {
	if s, ok := cache[n]; ok {
		return s, nil
	}
	q := make([]byte, 0, len(head)+n*(len(row)+2)+len(tail))
	q = append(q, head...)
	for i := range n {
		if i > 0 {
			q = append(q, ", "...)
		}
		q = append(q, row...)
	}
	q = append(q, tail...)
	s, err := c.prep.PrepareContext(context.Background(), string(q))
	if err != nil {
		return nil, err
	}
	cache[n] = s
	return s, nil
}

func (c *wconn) do(q string) error {
	_, err := c.exec.ExecContext(context.Background(), q, nil)
	return err
}

// commit writes ops in one transaction. Funcs go first (a run's row exists before any write
// of that run can be queued, since StartRun waits for its commit), then the states in the
// order queued, then the lines in the order queued; states and lines are different tables,
// so only the order within each matters.
func (c *wconn) commit(ops []op) (err error) {
	if err := c.do("BEGIN IMMEDIATE"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			c.do("ROLLBACK")
			clear(c.scopes) // ids given in the rolled back transaction are void
		}
	}()
	nPut, nLine := 0, 0
	for i := range ops {
		switch o := &ops[i]; o.kind {
		case opFunc:
			if o.fn != nil {
				if err := o.fn(&wtx{c}); err != nil {
					return err
				}
			}
		case opPut:
			nPut++
		case opLine:
			nLine++
		}
	}
	if nPut > 0 {
		if err := c.writePuts(ops, nPut); err != nil {
			return err
		}
	}
	if nLine > 0 {
		if err := c.writeLines(ops, nLine); err != nil {
			return err
		}
	}
	return c.do("COMMIT")
}

func (c *wconn) scopeID(target, port string) (int64, error) {
	k := scopeKey{target, port}
	if id, ok := c.scopes[k]; ok {
		return id, nil
	}
	rows, err := c.scope.(driver.StmtQueryContext).QueryContext(context.Background(),
		[]driver.NamedValue{{Ordinal: 1, Value: target}, {Ordinal: 2, Value: port}})
	if err != nil {
		return 0, err
	}
	dest := make([]driver.Value, 1)
	err = rows.Next(dest)
	rows.Close()
	if err != nil {
		return 0, err
	}
	id, ok := dest[0].(int64)
	if !ok {
		return 0, fmt.Errorf("journal: scope id is %T", dest[0])
	}
	c.scopes[k] = id
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

func (c *wconn) writePuts(ops []op, total int) error {
	c.ids = c.ids[:0]
	for i := range ops {
		if o := &ops[i]; o.kind == opPut {
			id, err := c.scopeID(o.target, o.port)
			if err != nil {
				return err
			}
			c.ids = append(c.ids, id)
		}
	}
	i, k := 0, 0 // next op, next scope id
	for left := total; left > 0; {
		n := chunk(left)
		s, err := c.stmt(c.puts, n, putHead, putRow, putTail)
		if err != nil {
			return err
		}
		args := c.args[:0]
		for taken := 0; taken < n; i++ {
			o := &ops[i]
			if o.kind != opPut {
				continue
			}
			args = append(args,
				arg(len(args), c.ids[k]),
				arg(len(args)+1, o.key),
				arg(len(args)+2, o.run),
				arg(len(args)+3, o.outcome),
				arg(len(args)+4, nullString(o.valueHash)),
				arg(len(args)+5, nullBytes(o.values)),
				arg(len(args)+6, nullString(o.id)),
				arg(len(args)+7, nullString(o.answer)),
				arg(len(args)+8, nullAttempts(o.attempts)),
				arg(len(args)+9, o.atMs),
			)
			k++
			taken++
		}
		c.args = args
		if _, err := s.(driver.StmtExecContext).ExecContext(context.Background(), args); err != nil {
			return err
		}
		left -= n
	}
	return nil
}

func (c *wconn) writeLines(ops []op, total int) error {
	i := 0
	for left := total; left > 0; {
		n := chunk(left)
		s, err := c.stmt(c.lines, n, lineHead, lineRow, "")
		if err != nil {
			return err
		}
		args := c.args[:0]
		for taken := 0; taken < n; i++ {
			o := &ops[i]
			if o.kind != opLine {
				continue
			}
			args = append(args,
				arg(len(args), o.run),
				arg(len(args)+1, o.seq),
				arg(len(args)+2, int64(o.n)),
				arg(len(args)+3, o.line),
			)
			taken++
		}
		c.args = args
		if _, err := s.(driver.StmtExecContext).ExecContext(context.Background(), args); err != nil {
			return err
		}
		left -= n
	}
	return nil
}

func arg(i int, v driver.Value) driver.NamedValue { return driver.NamedValue{Ordinal: i + 1, Value: v} }

func nullString(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

func nullBytes(b []byte) driver.Value {
	if b == nil {
		return nil
	}
	return b
}

func nullAttempts(n int) driver.Value {
	if n < 0 {
		return nil
	}
	return int64(n)
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
