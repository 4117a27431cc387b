package pipeline

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"seniorimporter/outcome"
	"seniorimporter/templates"
)

// unit is one request's worth of records: one record, or a batch of a port that takes
// several per request.
type unit struct {
	port *templates.Port
	recs []*Record
}

// process reads every input and settles every row. It reports whether the run was interrupted.
func (r *run) process(ctx context.Context, inputs []*Input) bool {
	cfg := r.cfg
	// Rows keep being read after an interrupt or abort so every row gets its report line;
	// only sending stops. In-flight requests get the grace period, then are cancelled.
	readCtx := context.WithoutCancel(ctx)
	sendCtx, cancelSend := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelSend()
	stopGrace := context.AfterFunc(ctx, func() {
		t := time.NewTimer(cfg.Grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancelSend()
		case <-sendCtx.Done():
		}
	})
	defer stopGrace()

	d := &dispatcher{r: r, ctx: ctx, sendCtx: sendCtx, chains: map[string]chan struct{}{}, limit: max(1, cfg.Workers)}
	d.g.SetLimit(d.limit)
	seq := 0
	for _, in := range inputs {
		var batch []*Record
		var batchSeq []int
		flush := func() {
			if len(batch) > 0 {
				d.dispatch(unit{port: in.Port, recs: batch}, batchSeq)
				batch, batchSeq = nil, nil
			}
		}
		warned := len(in.Warnings)
		err := in.Records(readCtx, func(rec *Record) error {
			s := seq
			seq++
			r.waitWindow(s, d.window())
			r.tally.AddRecord()
			switch {
			case rec.Invalid():
				r.emit(s, r.invalidLines(rec))
			case cfg.Validate:
				r.showEnvelope(rec)
				r.emit(s, r.lines(rec, settled{outcome: outcome.Valid}))
			case d.stopped(unit{port: in.Port, recs: []*Record{rec}}, []int{s}):
			case in.Port.Batch && cfg.Batch > 1:
				for _, b := range batch {
					if b.Key == rec.Key {
						flush()
						break
					}
				}
				batch = append(batch, rec)
				batchSeq = append(batchSeq, s)
				if len(batch) >= cfg.Batch {
					flush()
				}
			default:
				d.dispatch(unit{port: in.Port, recs: []*Record{rec}}, []int{s})
			}
			return nil
		})
		flush()
		for _, w := range in.Warnings[warned:] { // what reading the file found
			cfg.Logger.Warn(w, "file", in.File)
		}
		if err != nil {
			// A file that breaks mid-way (truncated zip, I/O error): the rows already read
			// are reported; the rest cannot be, and the run says so.
			cfg.Logger.Error("reading stopped", "file", in.File, "error", err)
			r.aborted.Store(true)
		}
		// Ports go in dependency order: the next port starts when this one is settled.
		d.wait()
	}
	d.wait()
	return ctx.Err() != nil
}

// dispatcher fans units out to a bounded pool. Units that share a record key run in file
// order, never at the same time: each waits for the previous unit of its keys.
type dispatcher struct {
	r       *run
	ctx     context.Context // cancelled on interrupt: stop taking new records
	sendCtx context.Context // cancelled after the grace period
	g       errgroup.Group
	limit   int         // workers
	jobs    chan func() // to the workers of the current input; nil before the first
	started int         // workers started for the current input
	mu      sync.Mutex
	chains  map[string]chan struct{}
	first   bool // the first request of the run has gone (alone)
}

func (d *dispatcher) dispatch(u unit, seqs []int) {
	if d.stopped(u, seqs) {
		return
	}
	// Chain on every key of the unit.
	done := make(chan struct{})
	var prev []chan struct{}
	d.mu.Lock()
	for _, rec := range u.recs {
		k := u.port.Name + "\x00" + rec.Key
		if p, ok := d.chains[k]; ok {
			prev = append(prev, p)
		}
		d.chains[k] = done
	}
	d.mu.Unlock()
	job := func() {
		defer func() {
			d.mu.Lock()
			for _, rec := range u.recs {
				k := u.port.Name + "\x00" + rec.Key
				if d.chains[k] == done {
					delete(d.chains, k)
				}
			}
			d.mu.Unlock()
			close(done)
		}()
		for _, p := range prev {
			<-p
		}
		d.run(u, seqs)
	}
	if !d.first {
		// The first request of a run goes alone, so a refused login costs one request.
		d.first = true
		job()
		return
	}
	d.handOut(job)
}

// stopped reports every row of the unit not_sent when the run is interrupted or aborted:
// checked when a record is read, when a unit is handed out and again when its turn comes.
func (d *dispatcher) stopped(u unit, seqs []int) bool {
	r := d.r
	var why string
	switch {
	case r.aborted.Load():
		why = r.cfg.Lang.AbortedLogin()
	case d.ctx.Err() != nil:
		why = r.cfg.Lang.Interrupted()
	default:
		return false
	}
	for i, rec := range u.recs {
		r.emit(seqs[i], r.lines(rec, settled{outcome: outcome.NotSent, message: why}))
	}
	return true
}

func (d *dispatcher) run(u unit, seqs []int) {
	r := d.r
	if d.stopped(u, seqs) {
		return
	}
	res, err := r.sender.send(d.sendCtx, u)
	var lr *loginRefusedError
	if errors.As(err, &lr) && !r.aborted.Swap(true) {
		r.cfg.Logger.Error("Senior refused the credentials: the run stops; the remaining rows are not sent", "answer", lr.answer)
	}
	for i, rec := range u.recs {
		r.emit(seqs[i], r.lines(rec, res[i]))
	}
}

// wait lets every unit handed out finish, and the workers end.
func (d *dispatcher) wait() {
	if d.jobs != nil {
		close(d.jobs)
		d.jobs, d.started = nil, 0
	}
	_ = d.g.Wait()
}

// handOut gives a job to an idle worker, starting one while fewer than the limit run.
// Workers live for a whole input and take job after job: a goroutine per request would
// grow a fresh stack through the HTTP and retry layers every time.
func (d *dispatcher) handOut(job func()) {
	if d.jobs == nil {
		d.jobs = make(chan func())
	}
	select {
	case d.jobs <- job:
		return
	default:
	}
	if d.started < d.limit {
		d.started++
		jobs := d.jobs
		d.g.Go(func() error {
			for j := range jobs {
				j()
			}
			return nil // a unit's failure is data, never the group's error
		})
	}
	d.jobs <- job
}

// window bounds how far sending may run ahead of the report: rows finish out of order and
// wait in memory until every earlier row is written, so one record held up by long retries
// must not let the rest pile up without limit.
// It is wider than any batch, so the record the report waits for is always one already handed
// out, never one of the batch being filled.
func (d *dispatcher) window() int {
	cfg := d.r.cfg
	if cfg.window > 0 {
		return max(cfg.window, 2*cfg.Batch)
	}
	return max(4096, 64*d.limit, 2*cfg.Batch)
}
