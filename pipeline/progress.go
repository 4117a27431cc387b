package pipeline

import (
	"bytes"
	"context"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"seniorimporter/readers"
)

// progress shows how the run goes: a progress bar on stderr when it is a terminal, periodic
// plain log lines otherwise (cron, CI), nothing with --quiet. It returns a function that stops
// it and prints the final state.
//
// The total is estimated before the run from the CSV files' line counts and the worksheets'
// declared dimensions (an estimate: a quoted field may hold a newline, empty rows are skipped);
// when a worksheet declares no dimension it is unknown, and the bar shows rows and rate without
// a percentage or ETA.
func (r *run) progress(ctx context.Context, inputs []*Input) func() {
	cfg := r.cfg
	if cfg.Quiet && !cfg.LogProgress {
		return func() {}
	}
	total := estimateRows(inputs)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	if cfg.Terminal && !cfg.Quiet {
		barMax := total
		if barMax <= 0 {
			barMax = -1
		}
		bar := progressbar.NewOptions64(barMax,
			progressbar.OptionSetWriter(cfg.Stderr),
			progressbar.OptionSetDescription("rows"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString(cfg.Lang.ProgressRows(0)),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		go func() {
			defer wg.Done()
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				done := r.rowsDone.Load()
				bar.Describe(cfg.Lang.ProgressRows(r.rowsBad.Load()) + r.limitNote())
				if barMax > 0 && done > barMax { // the estimate was short
					barMax = done
					bar.ChangeMax64(barMax)
				}
				_ = bar.Set64(done)
				select {
				case <-stop:
					_ = bar.Finish()
					return
				case <-t.C:
				}
			}
		}()
	} else {
		go func() {
			defer wg.Done()
			t := time.NewTicker(cfg.ProgressEvery)
			defer t.Stop()
			start := cfg.Now()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					done := r.rowsDone.Load()
					el := cfg.Now().Sub(start).Seconds()
					rate := 0.0
					if el > 0 {
						rate = float64(done) / el
					}
					args := []any{"rows", done, "not_ok", r.rowsBad.Load(), "rows_per_s", int(rate)}
					if r.sender != nil {
						args = append(args, "limit", r.sender.lim.limit())
					}
					if total > 0 {
						args = append(args, "of_about", total)
						if rate > 0 && done < total {
							args = append(args, "eta", (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String())
						}
					}
					cfg.Logger.Info(cfg.Lang.LogProgress(), args...)
				}
			}
		}()
	}
	return func() {
		close(stop)
		wg.Wait()
	}
}

// estimateRows estimates the data rows of every input (record and set sheets): a CSV file's
// line count, a worksheet's declared last row; 0 (unknown) when a sheet declares none.
func estimateRows(inputs []*Input) int64 {
	var total int64
	for _, in := range inputs {
		for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
			if pl == nil {
				continue
			}
			var last int64
			if h, ok := pl.src.(interface{ LastLine(string) int }); ok && pl.sheet != "" {
				last = int64(h.LastLine(pl.srcSheet))
			} else if pl.sheet == "" {
				n, err := countLines(in.opt.files(), pl.path)
				if err != nil {
					return 0
				}
				last = n
			}
			if last <= 0 {
				return 0
			}
			total += max(0, last-int64(max(pl.headerLine, 1)))
		}
	}
	return total
}

func countLines(files readers.Files, path string) (int64, error) {
	f, err := files.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	buf := make([]byte, 256<<10)
	var n int64
	last := byte('\n')
	for {
		k, err := f.Read(buf)
		if k > 0 {
			n += int64(bytes.Count(buf[:k], []byte{'\n'}))
			last = buf[k-1]
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	if last != '\n' {
		n++
	}
	return n, nil
}

// limitNote is the current limit on requests in flight, for the progress bar ("" when nothing
// is sent).
func (r *run) limitNote() string {
	if r.sender == nil {
		return ""
	}
	return ", " + r.cfg.Lang.LimitNow(r.sender.lim.limit())
}
