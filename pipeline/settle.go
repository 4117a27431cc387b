package pipeline

import (
	"context"
	"os"
	"time"

	"seniorimporter/readers"
)

// A file that changes while it is read was still being written: a nightly job that starts
// while an export writes its CSV file reads rows that are not all there yet, and the last one
// may be cut in the middle of a value and still read as one. So before its rows are read, an
// input whose files changed since they were opened, or were written in the last settleFor
// and change within settleProbe, is waited for until it has not changed for settleFor; one
// that still changes after settleMax is not imported (every row invalid: its rows read would
// be the rows written so far). Once read, an input whose files changed meanwhile is a problem
// of its file (exit code 1), its rows reported as they went.
const (
	settleFor   = 2 * time.Second
	settleMax   = time.Minute
	settleProbe = 100 * time.Millisecond
)

// settleTimes are how long a file must stay the same (quiet), the most waited for it, and how
// long a file written in the last quiet is watched for a change (probe).
type settleTimes struct{ quiet, most, probe time.Duration }

// orDefault is t, or settleFor, settleMax and settleProbe where t has none (tests shorten them).
func (t settleTimes) orDefault() settleTimes {
	if t.quiet <= 0 {
		t.quiet = settleFor
	}
	if t.most <= 0 {
		t.most = settleMax
	}
	if t.probe <= 0 {
		t.probe = settleProbe
	}
	return t
}

// stamp is how a file was: its size and modification time.
type stamp struct {
	path, file string // where it is read; as reports name it
	files      readers.Files
	size       int64
	mod        time.Time
	gone       bool
	info       os.FileInfo // which file it is (os.SameFile)
}

func stampOf(files readers.Files, path, file string) stamp {
	fi, err := files.Stat(path)
	if err != nil {
		return stamp{path: path, file: file, files: files, gone: true}
	}
	return stamp{path: path, file: file, files: files, size: fi.Size(), mod: fi.ModTime(), info: fi}
}

func (s stamp) same(o stamp) bool {
	return s.gone == o.gone && s.size == o.size && s.mod.Equal(o.mod)
}

// settle waits, before the input's rows are read, for its files that are being written (see
// above); waiting is called once for each file waited for. It returns the files that were
// still changing after t.most (or when ctx ended), whose rows must not go.
func (in *Input) settle(ctx context.Context, t settleTimes, waiting func(file string)) (still []string) {
	poll := t.quiet / 8
	for i, was := range in.stamps {
		now := stampOf(was.files, was.path, was.file)
		changing := !now.same(was)
		if !changing && !now.gone && time.Since(now.mod) < t.quiet {
			if !sleep(ctx, t.probe) {
				return append(still, was.file)
			}
			next := stampOf(was.files, was.path, was.file)
			changing, now = !next.same(now), next
		}
		if !changing {
			continue
		}
		waiting(was.file)
		deadline, since := time.Now().Add(t.most), time.Now()
		for time.Since(since) < t.quiet {
			if time.Now().After(deadline) || !sleep(ctx, poll) {
				still = append(still, was.file)
				break
			}
			if next := stampOf(was.files, was.path, was.file); !next.same(now) {
				now, since = next, time.Now()
			}
		}
		in.stamps[i] = now
	}
	return still
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// changed is the input's files (a record file and its set files) that are not what they were
// when their rows began to be read: written or replaced meanwhile. A path that names no file
// any more (moved or removed by an archiving script, its folder deleted) is judged by what
// the reader says it read (readers.ReadInfo): the same file, unchanged when its reading
// ended, was read whole, and every row of it went as it was (an operator's 3,000 rows all ok,
// exit 1 "changed while read"). A path that names another file now (an export written anew
// and renamed over it) is named: the rows of the new one did not go.
func (in *Input) changed() []string {
	var out []string
	for _, st := range in.stamps {
		now := stampOf(st.files, st.path, st.file)
		if st.info != nil && now.gone {
			if fi := in.readInfo(st.path); fi != nil {
				now = stamp{size: fi.Size(), mod: fi.ModTime(), info: fi}
				if os.SameFile(fi, st.info) && now.same(st) {
					continue
				}
			}
		}
		if !now.same(st) || now.info != nil && st.info != nil && !os.SameFile(now.info, st.info) {
			out = append(out, st.file)
		}
	}
	return out
}

// readInfo is what the source reading path says it read (readers.ReadInfo), or nil.
func (in *Input) readInfo(path string) os.FileInfo {
	for _, s := range in.sources {
		if ri, ok := s.(readers.ReadInfo); ok && s.Path() == path {
			return ri.ReadInfo()
		}
	}
	return nil
}
