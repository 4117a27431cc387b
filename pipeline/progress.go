package pipeline

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows how the run goes: a progress bar on stderr when it is a terminal, periodic
// plain log lines otherwise (cron, CI), nothing with --quiet. It returns a function that stops
// it and prints the final state.
func (r *run) progress(ctx context.Context) func() {
	st := r.st
	if st.Quiet {
		return func() {}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	if st.Terminal {
		bar := progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(st.Stderr),
			progressbar.OptionSetDescription("rows"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		go func() {
			defer wg.Done()
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				done := r.rowsDone.Load()
				bar.Describe(describe(st.Lang, r.rowsBad.Load()))
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
			t := time.NewTicker(st.ProgressEvery)
			defer t.Stop()
			start := st.Now()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					done := r.rowsDone.Load()
					el := st.Now().Sub(start).Seconds()
					rate := 0.0
					if el > 0 {
						rate = float64(done) / el
					}
					st.Logger.Info("progress", "rows", done, "not_ok", r.rowsBad.Load(), "rows_per_s", int(rate))
				}
			}
		}()
	}
	return func() {
		close(stop)
		wg.Wait()
	}
}

func describe(lang string, bad int64) string {
	switch {
	case lang == "en" && bad == 0:
		return "rows"
	case lang == "en":
		return "rows (" + strconv.FormatInt(bad, 10) + " not ok)"
	case bad == 0:
		return "linhas"
	}
	return "linhas (" + strconv.FormatInt(bad, 10) + " com problema)"
}
