package pipeline

import "seniorimporter/outcome"

// waitWindow blocks until the record numbered seq is within the window of the report.
func (r *run) waitWindow(seq, window int) {
	r.mu.Lock()
	for seq-r.next >= window {
		r.emitted.Wait()
	}
	r.mu.Unlock()
}

// emit hands a record's report lines to the reports in input order: records finish out of
// order, so finished ones wait until every earlier record is written.
func (r *run) emit(seq int, lines []*outcome.Line) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waiting[seq] = lines
	r.peak = max(r.peak, len(r.waiting))
	for {
		ls, ok := r.waiting[r.next]
		if !ok {
			r.emitted.Broadcast()
			return
		}
		delete(r.waiting, r.next)
		r.next++
		for _, l := range ls {
			r.tally.Add(l)
			if !l.Outcome.Success() {
				r.rowsBad.Add(1)
			}
			r.rowsDone.Add(1)
			for i, w := range r.reports {
				if err := w.Write(l); err != nil && r.werrs[i] == nil {
					r.werrs[i] = err
				}
			}
		}
	}
}
