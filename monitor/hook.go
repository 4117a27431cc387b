package monitor

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"seniorimporter/outcome"
)

// Hook is the on-finish command: run through sh -c after every run and every file of the
// drop folder, with what happened in its environment (IMPORTER_SUMMARY, IMPORTER_EXIT, ...).
// Its output goes to the log line by line; its failure is logged and returned, and never
// changes the import's exit code (the caller's to keep).
type Hook struct {
	Command string
	Timeout time.Duration // the command and everything it started are killed after it; 0: a minute
	Logger  *slog.Logger
	Lang    outcome.Lang // of the log lines
	// Unset are environment variables the command does not get (those holding passwords);
	// Secrets are texts blanked (***) in the output lines it logs.
	Unset   []string
	Secrets []string
	// Stop, closed, stops the command (and what it started) as the timeout does: a signal
	// that came while it ran (nil: only the timeout stops it).
	Stop <-chan struct{}
	// Dir is the folder the command runs in ("": the importer's own). A job file's command
	// runs in the job file's folder, where its other paths are read from: under cron,
	// "on-finish: ./alerta.sh" beside the job file ran in the importer user's home ("sh: 1:
	// ./alerta.sh: not found") and the night's alert was never sent.
	Dir string
}

// ErrHookTimeout is a hook that outlasted its timeout; ErrHookStopped, one stopped by Stop.
var (
	ErrHookTimeout = errors.New("on-finish command timed out")
	ErrHookStopped = errors.New("on-finish command stopped by a signal")
)

// hookError is ErrHookTimeout or ErrHookStopped (kind) said in the hook's language, the
// command named: the log line of a failed hook carries it.
type hookError struct {
	msg  string
	kind error
}

func (e *hookError) Error() string { return e.msg }
func (e *hookError) Unwrap() error { return e.kind }

// Run runs the command with vars added to the process's environment. It does not stop when
// ctx is cancelled (an interrupted run is still reported), only at the timeout or on Stop.
func (h Hook) Run(ctx context.Context, vars map[string]string) error {
	if h.Command == "" {
		return nil
	}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	log := h.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	var stopped atomic.Bool
	if h.Stop != nil {
		go func() {
			select {
			case <-h.Stop:
				stopped.Store(true)
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", h.Command)
	cmd.Dir = h.Dir // before Environ, which then says it in PWD
	env := slices.DeleteFunc(cmd.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return name != "" && slices.Contains(h.Unset, name)
	})
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+vars[k])
	}
	cmd.Env = env
	ownGroup(cmd) // so that the timeout kills what the shell started too
	cmd.WaitDelay = 2 * time.Second
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := outcome.Blank(sc.Text(), h.Secrets)
			log.Info(h.Lang.LogHookOutput(), "line", line)
		}
		io.Copy(io.Discard, pr) // a line too long for the scanner: drain, so the command never blocks
	}()
	started := time.Now()
	err := cmd.Run()
	pw.Close()
	wg.Wait()
	switch {
	case stopped.Load() && err != nil && !errors.Is(err, exec.ErrWaitDelay):
		// Killed by Stop (a command that had ended, or left only a background process, was not).
		err = &hookError{h.Lang.HookStopped(h.Command), ErrHookStopped}
	case ctx.Err() == context.DeadlineExceeded:
		err = &hookError{h.Lang.HookTimedOut(timeout, h.Command), ErrHookTimeout}
	}
	if errors.Is(err, exec.ErrWaitDelay) {
		// The command itself exited 0; what it started in the background (mail ... &) keeps
		// the output open, and is left to run.
		log.Warn(h.Lang.LogHookBackground(), "command", h.Command)
		return nil
	}
	if err != nil {
		log.Error(h.Lang.LogHookFailed(), "command", h.Command, "error", err)
		return err
	}
	log.Info(h.Lang.LogHookDone(), "command", h.Command, "took", time.Since(started).Round(time.Millisecond).String())
	return nil
}
