package pipeline

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"seniorimporter/journal"
	"seniorimporter/outcome"
	"seniorimporter/templates"
)

// dispatcher hands jobs to workers and keeps them moving. A job that must wait for its
// retry leaves its worker and its slot: it sits in the delay queue until its time comes, and
// goes before new work when it does. Jobs that share a record key run in file order, never at
// the same time: a job whose key is taken is parked until the job ahead of it settles. The
// first request of the run goes alone, so a refused login costs one request.
type dispatcher struct {
	r       *run
	s       *sender
	ctx     context.Context // cancelled on interrupt: stop taking new records
	sendCtx context.Context // cancelled after the grace period

	ready   chan *job // new jobs, in file order
	retries chan *job // jobs whose delay is over: they go first
	quit    chan struct{}
	workers sync.WaitGroup
	pending sync.WaitGroup // jobs handed out and not yet settled

	mu      sync.Mutex
	held    map[string]*job // record key → the job sending it
	parked  []*job          // jobs waiting for a key, in file order
	waiting map[string]int  // record key → parked jobs that need it
	delayed map[*job]*time.Timer
	stopped *stopError // why the run stopped sending; nil while it goes on
	// stopWaits cancels the sender's waits: requests waiting for their turn give up on a stop.
	stopWaits context.CancelFunc
	// firsts holds, per port, the channel closed when the port's first job had its first
	// answer: a port's first request goes alone (see turn).
	firsts   map[string]chan struct{}
	allFirst bool // the run stopped or was interrupted: no job waits for a first answer
	// afterFirst holds, per port's first channel, the jobs waiting for it: set aside, not
	// blocking a worker (the first job, retrying, needs one).
	afterFirst map[chan struct{}][]*job
	followed   map[chan struct{}]*atomic.Bool // per port's first channel: a second job of the port came
	// includes holds, in a run without a journal, the hashes of the include keys handed out
	// (ports with a read-back): see markRepeats.
	includes map[uint64]struct{}
	seed     maphash.Seed
	// seen counts the 64-bit hashes of the last recentKeys record keys handed out, recent
	// holding them in order: a job of a key seen there goes only once the journal holds
	// the fate of the one before it (see run).
	seen   map[uint64]int32
	recent []uint64
	oldest int // recent's oldest entry, once it is full
	// broken holds, per record key, the row of it that ended failed or unknown in this run
	// (see holdBack).
	broken    map[string]brokenKey
	anyBroken atomic.Bool // broken has a key: holdBack takes the lock only then
}

// brokenKey is the row of a key that ended failed or unknown (see holdBack): where it is, and
// the journal's settlement of it (nil without a journal).
type brokenKey struct {
	row SourceRow
	st  *journal.Settlement
}

// maxBroken bounds the keys whose later rows are held back: each keeps its row's settlement,
// values and all (a quote's some 2 KB, so some 30 MB at most). Past it, later rows of other
// keys go as they did before rows were held back.
const maxBroken = 1 << 14

// recentKeys is how many record keys back a key counts as seen (some 100 KB). A key handed
// out further back than that has long had its fate committed: the journal commits every few
// milliseconds, and 4,096 records take a quarter of a second at the fastest. (At 65,536 the
// map, some 3 MB live, raised a 1,000,000-row run's peak RSS by some 15 MB, GOGC being 400.)
const recentKeys = 1 << 12

// noteSeen marks j when one of its keys is among the last recentKeys handed out (d.mu held).
// A run of a million rows keeps no more than that: a map of every key cost tens of MB.
func (d *dispatcher) noteSeen(j *job) {
	if d.r.journal == nil {
		return
	}
	if d.seen == nil {
		d.seen = map[uint64]int32{}
		if d.includes == nil {
			d.seed = maphash.MakeSeed()
		}
	}
	for _, k := range j.keys {
		h := maphash.String(d.seed, k)
		if d.seen[h] > 0 {
			j.again = true
		}
		if len(d.recent) < recentKeys {
			d.recent = append(d.recent, h)
		} else {
			old := d.recent[d.oldest]
			if d.seen[old]--; d.seen[old] <= 0 {
				delete(d.seen, old)
			}
			d.recent[d.oldest] = h
			d.oldest = (d.oldest + 1) % recentKeys
		}
		d.seen[h]++
	}
}

// maxIncludes bounds the include keys a run without a journal remembers (about 30 MB).
const maxIncludes = 1 << 20

// markRepeats marks for a read-back first the includes of j whose key an earlier record of
// this run had (a quote twice in a file): that one may have landed, and the include would
// reach Senior twice. A journal does this across runs and within one (the earlier record's
// state); without one, the run remembers its include keys as 64-bit hashes: a collision costs
// one read-back; past maxIncludes keys, later ones are not remembered.
func (d *dispatcher) markRepeats(j *job) {
	if d.r.journal != nil || d.s == nil || d.s.readBack(j.u.port) == nil {
		return
	}
	if d.includes == nil {
		d.includes, d.seed = map[uint64]struct{}{}, maphash.MakeSeed()
	}
	for i, r := range j.u.recs {
		if j.u.port.OperationOf(r.Wire.Values) != templates.OpInclude {
			continue
		}
		h := maphash.String(d.seed, j.keys[i])
		if _, ok := d.includes[h]; ok {
			j.recheck[i] = true
		} else if len(d.includes) < maxIncludes {
			d.includes[h] = struct{}{}
		}
	}
}

func newDispatcher(r *run, ctx, sendCtx context.Context) *dispatcher {
	d := &dispatcher{r: r, s: r.sender, ctx: ctx, sendCtx: sendCtx, quit: make(chan struct{}),
		held: map[string]*job{}, waiting: map[string]int{}, delayed: map[*job]*time.Timer{}, firsts: map[string]chan struct{}{},
		followed: map[chan struct{}]*atomic.Bool{}}
	if r.cfg.Validate {
		return d
	}
	r.sender.waits, d.stopWaits = context.WithCancel(sendCtx)
	// New jobs queue only a little ahead of the workers: reading waits for sending, so few
	// records are marked in flight in the journal and not yet sent (a killed run leaves them to
	// be read back). Every job handed out and not settled is within the window, so the retry
	// queue (where parked and split jobs go too) never blocks a worker.
	d.ready = make(chan *job, max(64, 2*r.cfg.Workers))
	d.retries = make(chan *job, d.window()+1)
	for range max(1, r.cfg.Workers) {
		d.workers.Add(1)
		go d.work()
	}
	return d
}

// window bounds how far sending may run ahead of the report: rows finish out of order and
// wait in memory until every earlier row is written, so one record held up by long retries
// must not let the rest pile up without limit. It is wider than any batch, so the record the
// report waits for is always one already handed out, never one of the batch being filled.
func (d *dispatcher) window() int {
	cfg := d.r.cfg
	if cfg.window > 0 {
		return max(cfg.window, 2*cfg.Batch)
	}
	return max(4096, 64*cfg.Workers, 2*cfg.Batch)
}

// dispatch hands a unit out, or reports it not sent when the run has stopped. marks tell, per
// record, what the journal said: read it back before sending it, and its fingerprint.
func (d *dispatcher) dispatch(u unit, seqs []int, marks []queued) {
	j := newJob(u, seqs)
	for i, q := range marks {
		j.recheck[i], j.landed[i], j.hash[i], j.values[i], j.places[i] = q.recheck, q.landed, q.hash, q.values, q.place
	}
	if reason := d.stopReason(); reason != "" {
		j.stop(d.r.cfg.Lang, reason)
		d.emit(j)
		return
	}
	d.pending.Add(1)
	d.mu.Lock()
	d.markRepeats(j)
	d.noteSeen(j)
	if j.first = d.firsts[j.u.port.Name]; j.first == nil {
		j.first, j.lead, j.followed = make(chan struct{}), true, new(atomic.Bool)
		if d.allFirst {
			close(j.first)
		}
		d.firsts[j.u.port.Name] = j.first
		d.followed[j.first] = j.followed
	} else {
		j.followed = d.followed[j.first]
		j.followed.Store(true)
	}
	if !d.free(j) {
		d.parked = append(d.parked, j)
		for _, k := range j.keys {
			d.waiting[k]++
		}
		d.mu.Unlock()
		return
	}
	d.take(j)
	d.mu.Unlock()
	d.ready <- j // may wait for the workers to catch up
}

// free reports whether every key of j is neither held nor promised to a parked job.
func (d *dispatcher) free(j *job) bool {
	for _, k := range j.keys {
		if d.held[k] != nil || d.waiting[k] > 0 {
			return false
		}
	}
	return true
}

func (d *dispatcher) take(j *job) {
	for _, k := range j.keys {
		d.held[k] = j
	}
}

// holdBack settles, not sent, the records of j whose key has an earlier row in this run that
// ended failed or unknown, and reports whether nothing of j is left to send. Rows of one key
// go in file order because each builds on the one before (an include, its alter, a delete):
// sent after one that never reached Senior, an alter was refused as "not found" and the
// report blamed the wrong row; after one that may still land (a request Senior took but did
// not answer), a later upsert could be overwritten by the earlier one. The run after sends
// them in order.
func (d *dispatcher) holdBack(j *job) bool {
	if !d.anyBroken.Load() {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, i := range j.pending() {
		if b, ok := d.broken[j.keys[i]]; ok {
			here := j.u.recs[i].Rows[0]
			j.out[i] = settled{outcome: outcome.NotSent, message: d.r.cfg.Lang.HeldBack(rowName(b.row, here.File, here.Sheet))}
			j.done[i] = true
			if j.heldBy == nil {
				j.heldBy = make([]*journal.Settlement, len(j.u.recs))
			}
			j.heldBy[i] = b.st
		}
	}
	return len(j.pending()) == 0
}

// breakKey holds back the rows after rec of its key k (holdBack); st is what the journal is to
// keep for them (nil: their marks are withdrawn, the key's state stays as it was). d.mu is held.
func (d *dispatcher) breakKey(k string, rec *Record, st *journal.Settlement) {
	if d.broken == nil {
		d.broken = map[string]brokenKey{}
	}
	first := rec.Rows[0] // where it is; not its cells, held for the run
	d.broken[k] = brokenKey{row: SourceRow{File: first.File, Sheet: first.Sheet, Line: first.Line}, st: st}
	d.anyBroken.Store(true)
}

// unsettled holds back the rows of rec's key after it, which resolve left unknown without
// sending it (an include an earlier run left without an answer, in a run that cannot read it
// back): sent after it, an alter, a delete or an include again would be taken by the next
// run for steps past it (PassedByLaterRows), and the include never settled, even by a run in
// sync mode. Their marks are withdrawn: the next run decides them after it, in order.
func (d *dispatcher) unsettled(p *templates.Port, rec *Record) {
	d.mu.Lock()
	defer d.mu.Unlock()
	k := p.Name + "\x00" + rec.Key
	if _, seen := d.broken[k]; !seen && len(d.broken) < maxBroken {
		d.breakKey(k, rec, nil)
	}
}

// release frees j's keys and hands out the parked jobs that may go now: in file order, a
// parked job goes when none of its keys is held or wanted by a parked job ahead of it. A
// record of j that ended failed or unknown breaks its key for the rows after it (holdBack).
func (d *dispatcher) release(j *job) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, k := range j.keys {
		if o := j.out[i].outcome; (o == outcome.Failed || o == outcome.Unknown) && len(d.broken) < maxBroken {
			if _, seen := d.broken[k]; !seen {
				d.breakKey(k, j.u.recs[i], d.r.settlement(j, i, j.out[i]))
			}
		}
	}
	for _, k := range j.keys {
		if d.held[k] == j {
			delete(d.held, k)
		}
	}
	ahead := map[string]bool{}
	kept := d.parked[:0]
	for _, p := range d.parked {
		startable := true
		for _, k := range p.keys {
			if d.held[k] != nil || ahead[k] {
				startable = false
			}
		}
		if !startable {
			for _, k := range p.keys {
				ahead[k] = true
			}
			kept = append(kept, p)
			continue
		}
		for _, k := range p.keys {
			d.waiting[k]--
			if d.waiting[k] == 0 {
				delete(d.waiting, k)
			}
		}
		d.take(p)
		d.retries <- p // from a worker: the retry queue never blocks
	}
	clear(d.parked[len(kept):])
	d.parked = kept
}

// work takes job after job: a retry whose time has come before new work.
func (d *dispatcher) work() {
	defer d.workers.Done()
	for {
		var j *job
		select {
		case j = <-d.retries:
		default:
			select {
			case j = <-d.retries:
			case j = <-d.ready:
			case <-d.quit:
				return
			}
		}
		d.run(j)
	}
}

// run makes one attempt at a job and sends it on its way: settled, delayed, split or stopped.
func (d *dispatcher) run(j *job) {
	if reason := d.stopReason(); reason != "" {
		j.stop(d.r.cfg.Lang, reason)
		d.firstDone(j) // if it was its port's first job, the others need not wait for it
		d.finish(j)
		return
	}
	if d.setAside(j) {
		return
	}
	if !d.turn(j) {
		j.stop(d.r.cfg.Lang, d.stopReason())
		d.finish(j)
		return
	}
	if d.holdBack(j) {
		d.finish(j)
		return
	}
	if j.again && j.attempts == 0 && d.r.journal != nil {
		// The row before it of its key is settled, but its settlement may still be queued in
		// the journal's writer: killed after this one landed, a run whose journal showed both
		// in flight read the first back, found this one's values, and refused it as 'other
		// values' (exit 1). Rows of keys seen once pay nothing.
		if err := d.r.journal.j.Flush(context.Background()); err != nil && d.r.journalErr.CompareAndSwap(nil, &err) {
			d.r.cfg.Logger.Error(d.r.cfg.Lang.LogJournalFailed(), "error", journalSaid(d.r.cfg.Lang, err))
		}
	}
	st, wait, stop := d.s.attempt(withPlace(d.sendCtx, j.seqs[0]), j)
	if st == halt {
		d.halt(stop) // before the first answer lets the others go: they must find the run stopped
	}
	if st != again || !j.unanswered {
		// A port's first job answered 503 or 429 (a Senior starting up, a gateway asking to
		// wait) has had no answer yet: its port's others keep waiting while it tries again
		// (its retries unspent while they wait: sender.failed), and go at its first answer,
		// or when it is settled, or the run stops. They went at its first 503: against a
		// starting Senior (90% 503s) with a wrong password, 64 fixed workers spent 65
		// requests and left 56 rows unknown and 9 rejected before the refused login stopped
		// the run (one request and one rejected row when it answers).
		d.firstDone(j)
	}
	switch st {
	case again:
		d.later(j, wait)
	case split:
		d.splitUp(j)
	case halt:
		d.finish(j)
	default:
		d.finish(j)
	}
}

// turn lets the first job of each port go alone: the port's others wait for its first
// answer. A refused login, a wrong address or a port Senior answers otherwise (an operation it
// does not know) then costs one request: it was the run's first request only, and a run of
// quotes after categories, whose CRM and G5 logins differ, had --workers requests refused or
// left unknown at the quotes' first answer. It reports false when the run stopped meanwhile.
func (d *dispatcher) turn(j *job) bool {
	if j.lead {
		return true
	}
	select {
	case <-j.first:
		return d.stopReason() == ""
	case <-d.quit:
		return false
	}
}

// setAside keeps j, not its port's first job, until that job has its first answer, without
// holding the worker: a first job retrying after a 503 needs a worker, and every worker
// waiting in turn for its answer would never give it one. It reports whether j was set aside
// (firstDone hands it out again).
func (d *dispatcher) setAside(j *job) bool {
	if j.lead || j.first == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	select {
	case <-j.first:
		return false
	default:
	}
	if d.afterFirst == nil {
		d.afterFirst = map[chan struct{}][]*job{}
	}
	d.afterFirst[j.first] = append(d.afterFirst[j.first], j)
	return true
}

// awaitFirst holds the reader, before it marks more records of port in flight, until the
// port's first job has had its first answer (or will have none: the run stopped or was
// interrupted). The jobs after the first wait for that answer, set aside, and a run killed
// meanwhile leaves every record marked to be read back, one request each: the reader went on
// marking up to its window (4,096 records) while a slow first request (Senior's login, a cold
// start: seconds) was out. Now the port's first chunk at most waits with it.
func (d *dispatcher) awaitFirst(port string) {
	d.mu.Lock()
	ch := d.firsts[port]
	d.mu.Unlock()
	if ch == nil {
		return
	}
	select {
	case <-ch:
	case <-d.quit:
	}
}

// firstDone lets the others of j's port go (j had its first answer, or will have none).
func (d *dispatcher) firstDone(j *job) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.openFirst(j.first)
}

// allFirstDone lets every job waiting for a first answer go: the run stopped, or is
// interrupted (they find it so).
func (d *dispatcher) allFirstDone() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.allFirst = true
	for _, ch := range d.firsts {
		d.openFirst(ch)
	}
}

// openFirst closes a port's first channel and hands out the jobs set aside for it (d.mu
// held; the retry queue, as wide as the jobs handed out, never blocks).
func (d *dispatcher) openFirst(ch chan struct{}) {
	closeOnce(ch)
	for _, j := range d.afterFirst[ch] {
		d.retries <- j
	}
	delete(d.afterFirst, ch)
}

// closeOnce closes ch unless it is closed already (or nil: a job dispatch never handed out).
func closeOnce(ch chan struct{}) {
	if ch == nil {
		return
	}
	select {
	case <-ch:
	default:
		close(ch)
	}
}

// later puts a job in the delay queue; when its time comes it goes before new work.
func (d *dispatcher) later(j *job, wait time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped != nil {
		d.retries <- j // a stopped run settles it at once
		return
	}
	d.delayed[j] = time.AfterFunc(wait, func() {
		d.mu.Lock()
		_, ok := d.delayed[j]
		delete(d.delayed, j)
		d.mu.Unlock()
		if ok {
			d.retries <- j
		}
	})
}

// splitUp sends the records of a job refused as a whole one by one, each holding its own key.
func (d *dispatcher) splitUp(j *job) {
	d.mu.Lock()
	var parts []*job
	for _, i := range j.pending() {
		p := newJob(unit{port: j.u.port, recs: j.u.recs[i : i+1]}, j.seqs[i:i+1])
		p.first = j.first
		p.attempts, p.start = j.attempts, j.start
		// What the attempts learnt of the record goes with it: that it may have landed (a
		// delete then refused as not found is read back; a stop leaves it unknown), that it
		// was sent, that it is to be read back first, its fingerprint in the journal.
		p.landed[0], p.written[0], p.recheck[0], p.gone[0], p.exists[0] = j.landed[i], j.written[i], j.recheck[i], j.gone[i], j.exists[i]
		p.hash[0], p.values[0], p.places[0] = j.hash[i], j.values[i], j.places[i]
		for _, k := range p.keys {
			d.held[k] = p
		}
		parts = append(parts, p)
	}
	d.pending.Add(len(parts))
	d.mu.Unlock()
	// The job's records that were settled (read back as landed) keep their outcome; those sent
	// on alone are reported by their own jobs, which now hold their keys.
	for _, i := range j.pending() {
		j.done[i] = true
		j.out[i].outcome = ""
	}
	d.emit(j)
	d.release(j)
	d.pending.Done()
	for _, p := range parts {
		d.retries <- p
	}
}

// finish reports a settled job, frees its keys and counts it done.
func (d *dispatcher) finish(j *job) {
	d.firstDone(j) // a first job settled, answered or not: the others go (or find the run stopped)
	d.emit(j)
	d.release(j)
	d.pending.Done()
}

// emit hands the job's lines to the report, in input order.
func (d *dispatcher) emit(j *job) {
	var latency time.Duration
	if !j.start.IsZero() {
		latency = time.Since(j.start)
	}
	for i, rec := range j.u.recs {
		if j.out[i].outcome == "" {
			continue
		}
		s := j.out[i]
		s.attempts, s.latency = j.attempts, latency
		lines := d.r.lines(rec, s)
		for _, l := range lines {
			l.Sent = j.written[i]
		}
		st := d.r.settlement(j, i, s)
		if st != nil && j.heldBy != nil && j.heldBy[i] != nil {
			// Held back: the key stays in the journal as the row it waits for left it (a
			// delete that may have landed is read back by the next run, not sent as new).
			held := *j.heldBy[i]
			held.Seq, held.Place, held.Lines = st.Seq, st.Place, nil
			st = &held
		}
		d.r.keep(j.seqs[i], lines, st)
		d.r.emit(j.seqs[i], lines)
	}
}

// stopReason is why the run stopped sending, "" while it goes on.
func (d *dispatcher) stopReason() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.stopped != nil:
		return d.stopped.reason
	case d.ctx.Err() != nil:
		return d.r.cfg.Lang.Interrupted()
	}
	return ""
}

// halt stops the run's sending: every job not yet sent is settled not_sent with the reason,
// at once, including those waiting for a retry.
func (d *dispatcher) halt(stop *stopError) {
	if stop == nil {
		return
	}
	d.mu.Lock()
	if d.stopped == nil {
		d.stopped = stop
		d.r.aborted.Store(true)
		d.r.cfg.Logger.Error(d.r.cfg.Lang.LogRunStops(), "reason", stop.reason, "error", stop.err)
	}
	due := d.takeDelayed()
	d.mu.Unlock()
	if d.stopWaits != nil {
		d.stopWaits()
	}
	for _, j := range due {
		d.retries <- j
	}
	d.allFirstDone()
}

// takeDelayed empties the delay queue (d.mu held). A timer that fired but whose callback waits
// for d.mu finds its job gone and leaves it to the caller: each job is handed on once.
func (d *dispatcher) takeDelayed() []*job {
	var due []*job
	for j, t := range d.delayed {
		t.Stop()
		due = append(due, j)
		delete(d.delayed, j)
	}
	return due
}

// grace runs on interrupt: it says what is still in flight, then cancels it when the grace
// period is over or a second interrupt comes.
func (d *dispatcher) grace(cancelSend context.CancelFunc) {
	cfg := d.r.cfg
	d.allFirstDone()
	d.mu.Lock()
	due := d.takeDelayed() // waiting for a retry: settle them now
	d.mu.Unlock()
	if d.stopWaits != nil {
		d.stopWaits() // waiting for their turn: they go no more
	}
	for _, j := range due {
		d.retries <- j
	}
	grace := max(cfg.Grace, 0) // NoGrace: none
	if d.s != nil {
		if n := d.s.inFlight(); n > 0 && grace > 0 {
			// Said to whoever pressed Ctrl-C; a scheduled run's log gets it as a log line.
			if cfg.Terminal && !cfg.Quiet {
				fmt.Fprintln(cfg.Stderr, cfg.Lang.Finishing(n, grace))
			} else {
				cfg.Logger.Info(cfg.Lang.LogFinishing(), "in_flight", n, "grace", grace.String())
			}
		}
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-t.C:
	case <-cfg.Hurry:
	case <-d.sendCtx.Done():
	}
	cancelSend()
}

// wait lets every job handed out settle.
func (d *dispatcher) wait() { d.pending.Wait() }

// close ends the workers once everything is settled.
func (d *dispatcher) close() {
	d.pending.Wait()
	close(d.quit)
	d.workers.Wait()
	if d.stopWaits != nil {
		d.stopWaits()
	}
}
