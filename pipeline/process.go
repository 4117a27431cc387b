package pipeline

import (
	"context"
	"seniorimporter/outcome"
	"seniorimporter/templates"
)

// unit is one request's worth of records: one record, or a batch of a port that takes
// several per request.
type unit struct {
	port *templates.Port
	recs []*Record
}

// readWhole tells the reports that take it (the re-import folder's) that every row of the
// input's files was read and reported.
func (r *run) readWhole(in *Input) {
	var files []string
	for _, st := range in.stamps {
		files = append(files, st.file)
	}
	for _, w := range r.reports {
		if rw, ok := w.(interface{ ReadWhole(...string) }); ok {
			rw.ReadWhole(files...)
		}
	}
}

// process reads every input and settles every row. It reports whether the run was interrupted.
func (r *run) process(ctx context.Context, inputs []*Input) bool {
	cfg := r.cfg
	// Rows keep being read after an interrupt or a stop so every row gets its report line;
	// only sending stops. In-flight requests get the grace period (a second interrupt ends
	// it), then are cancelled.
	readCtx := context.WithoutCancel(ctx)
	sendCtx, cancelSend := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelSend()
	d := newDispatcher(r, ctx, sendCtx)
	d.halt(r.stopFirst)
	stopGrace := context.AfterFunc(ctx, func() { d.grace(cancelSend) })
	defer stopGrace()

	// seq is a record's place in the run's input, every port's together: its row in the
	// journal and its place in the reports. place is its place among the run's records of
	// its port: what the journal matches a re-run's rows of a key held several times by
	// (resume.go, steps), so that the files of other ports imported with it, or not, move none.
	seq := 0
	places := map[string]int{}
	for _, in := range inputs {
		var batch []*Record
		var batchSeq []int
		var batchMarks []queued
		flush := func() {
			if len(batch) > 0 {
				d.dispatch(unit{port: in.Port, recs: batch}, batchSeq, batchMarks)
				batch, batchSeq, batchMarks = nil, nil, nil
			}
		}
		// Checked records wait, a window at a time, for the journal's word (skip, refuse, read
		// back first, send) and their marks in flight; then they go, batched where the port
		// takes several per request.
		var window []queued
		var report func()
		resolve := func() {
			report() // the invalid records before these: the report goes in input order
			d.awaitFirst(in.Port.Name)
			for _, q := range r.resolve(in.Port, window, d) {
				switch {
				case in.Port.Batch && cfg.Batch > 1:
					for _, b := range batch {
						if b.Key == q.rec.Key {
							flush()
							break
						}
					}
					batch, batchSeq, batchMarks = append(batch, q.rec), append(batchSeq, q.seq), append(batchMarks, q)
					if len(batch) >= cfg.Batch {
						flush()
					}
				default:
					d.dispatch(unit{port: in.Port, recs: []*Record{q.rec}}, []int{q.seq}, []queued{q})
				}
			}
			window = window[:0]
		}
		// Invalid records wait, a chunk at a time, for one journal lookup of their keys
		// (noteImported); reported before each chunk of checked records (resolve), and
		// never held more than a chunk of records (see the top of the loop below).
		var invalid []queued
		report = func() {
			r.noteImported(in.Port, invalid)
			for _, q := range invalid {
				r.keep(q.seq, q.lines, nil)
				r.emit(q.seq, q.lines)
			}
			invalid = invalid[:0]
		}
		chunk := min(128, max(1, d.window()/4))
		warned := len(in.Warnings)
		st := cfg.settle.orDefault()
		still := in.settle(ctx, st, func(file string) {
			cfg.Logger.Info(cfg.Lang.LogWaitingForFile(st.quiet, st.most), "file", file)
		})
		if len(still) > 0 && ctx.Err() == nil { // interrupted, its rows are not_sent as any
			in.fileErrs = append(in.fileErrs, cfg.Lang.FileStillWritten(still, st.most))
		}
		last := 0 // the last row read, to say where a file of one sheet broke off
		first := seq
		err := in.Records(readCtx, func(rec *Record) error {
			s, place := seq, places[in.Port.Name]
			seq++
			places[in.Port.Name]++
			if len(in.sets) == 0 && len(rec.Rows) > 0 {
				last = max(last, rec.Rows[len(rec.Rows)-1].Line)
			}
			// Records waiting here (checked ones for the journal's word, a batch, invalid ones
			// for their lookup) hold up the in-order report of every record after them: none
			// waits more than a chunk of records, so that waitWindow, which only records sent
			// and settled can free, never waits on them. One checked record and then a
			// window of invalid ones hung the run for good, deaf to signals (a reviewer).
			if len(window) > 0 && s-window[0].seq >= chunk {
				resolve()
			}
			if len(batchSeq) > 0 && s-batchSeq[0] >= d.window()-chunk {
				flush() // a batch fills first (window >= 2 x --batch): only a sparse one goes short
			}
			if len(invalid) > 0 && s-invalid[0].seq >= chunk {
				report()
			}
			r.waitWindow(s, d.window())
			r.tally.AddRecord()
			switch {
			case rec.Invalid():
				invalid = append(invalid, queued{rec: rec, seq: s, place: place, lines: r.invalidLines(rec)})
				if len(invalid) >= chunk || r.journal == nil || in.Port.Access != "write" {
					report() // at once where there is nothing to look up
				}
			case cfg.Validate:
				r.showEnvelope(rec)
				r.emit(s, r.lines(rec, settled{outcome: outcome.Valid}))
			default:
				window = append(window, queued{rec: rec, seq: s, place: place})
				if len(window) >= chunk {
					resolve()
				}
			}
			return nil
		})
		report()
		resolve()
		flush()
		// Read: its file is not needed open while the next ones are.
		in.release()
		for _, w := range in.Warnings[warned:] { // what reading the file found
			cfg.Logger.Warn(cfg.Lang.LogFileWarning(), fileAttrs(in.File, "warning", w)...)
			r.tally.AddWarning(in.File, w)
		}
		// Read whole: every row read and reported, none refused as still being written, the
		// files unchanged while read (readWhole).
		whole := err == nil && len(still) == 0 && seq > first
		if p := in.Unimportable(); p != "" {
			cfg.Logger.Error(cfg.Lang.LogFileProblem(), fileAttrs(in.File, "problem", p)...)
			r.tally.AddFileProblem(in.File, p)
			whole = false
		} else if len(still) == 0 {
			for _, f := range in.changed() {
				p := cfg.Lang.FileWrittenWhileRead()
				cfg.Logger.Error(cfg.Lang.LogFileProblem(), fileAttrs(f, "problem", p)...)
				r.tally.AddFileProblem(f, p)
				whole = false
			}
		}
		for _, tr := range in.Totals() { // reconciled in the summary against the sums read
			for _, v := range tr.Values {
				r.tally.AddTotalFormula(tr.File, v.Column, v.Field, v.Cell, v.Value, v.Formula)
			}
		}
		if n := in.HiddenRows(); n > 0 {
			r.tally.SetHidden(in.File, n)
		}
		if whole {
			r.readWhole(in) // its earlier rows to fix may go (writers)
		}
		if err != nil {
			// A file that breaks mid-way (truncated zip, I/O error): the rows already read
			// are reported; the rest cannot be, and the run says so.
			cfg.Logger.Error(cfg.Lang.LogReadingStopped(), "file", in.File, "error", err)
			r.tally.AddFileProblem(in.File, cfg.Lang.ReadBrokeOff(err.Error(), last))
			d.halt(&stopError{err: err, reason: cfg.Lang.ReadingStopped(in.File)})
		}
		// Ports go in dependency order: the next port starts when this one is settled.
		d.wait()
	}
	d.close()
	return ctx.Err() != nil
}
