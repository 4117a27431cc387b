package watch

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"seniorimporter/outcome"
)

// The folders inside the drop folder.
const (
	Processing = "processing"
	Done       = "done"
	Failed     = "failed"
	Corrigir   = "corrigir" // inside failed/
)

// Options configure a watcher.
type Options struct {
	Dir    string
	Settle time.Duration // unchanged this long before a file is taken; 0: 2s
	Poll   time.Duration // the folder is listed this often, events or not; 0: 2s
	// SetNames are the names of the ports' nested sets: NAME.<set>.csv travels with NAME.csv.
	SetNames []string
	// Import imports one claimed file and writes its reports where the task says. It is
	// called for one file at a time; its ctx is cancelled when the watcher is told to stop.
	Import func(ctx context.Context, t Task) Result
	// Finished, if set, is called once a file is in done/ or failed/.
	Finished  func(ctx context.Context, d Finish)
	Logger    *slog.Logger
	Lang      outcome.Lang // of the log lines
	MaxStarts int          // a file found in processing/ after this many starts goes to failed/; 0: 3
	Now       func() time.Time
}

// Task is a claimed file to import, and where its outputs go.
type Task struct {
	Name      string   // the file's name as dropped
	File      string   // the record file, in processing/
	SetFiles  []string // its set files, beside it
	Reports   []string // report paths (.xlsx and .jsonl)
	Summary   string   // summary path
	Reimport  string   // re-import folder (the rows to fix)
	Recovered bool     // left in processing/ by a watcher that stopped
	// Refused, when set, is why the file is refused without an import (a set file whose record
	// file was imported without it): Import writes it in the summary and the report.
	Refused error
}

// Result is how an import ended: its exit code (0: every row ok, skipped or queued; 130:
// interrupted) and, when it could not start, why.
type Result struct {
	ExitCode int
	Err      error
}

// exitInterrupted is the exit code of an import stopped by the watcher's stop.
const exitInterrupted = 130

// Finish is a file in done/ or failed/.
type Finish struct {
	Name     string // as dropped
	File     string // where it is now
	Result   string // Done or Failed
	ExitCode int
	Summary  string   // its summary file
	Reports  []string // its reports (those that were written)
}

type watcher struct {
	o       Options
	log     *slog.Logger
	pending map[string]*seen
	stuck   map[string]seen // could not be claimed; tried again when it changes or after stuckRetry
	// unclaimed holds the names whose failed claim was logged: said once, not every minute.
	unclaimed map[string]bool
	odd       map[string]bool // links and pipes in the last listing, said once each
	// away is when the folder could first not be listed (a share unmounted), said is when
	// that was last logged: once at first, then every listAgain, and once when it is back.
	away, said time.Time
	// imports counts the imports ended, so that a set file alone looks in done/ and failed/
	// for its record file when it is first seen and after an import, not at every poll.
	imports int
}

// seen is what the watcher knows of a file in the folder.
type seen struct {
	size   int64
	mod    time.Time
	since  time.Time // when size and mod were last seen to change
	first  time.Time
	waited bool // "waits for its record file" was logged
	looked int  // a set file alone: watcher.imports when it last looked for its record's import
}

// Run watches the folder until ctx is cancelled: it first finishes the files a stopped watcher
// left in processing/, then takes every file dropped. It returns nil when stopped, after the
// file in progress (whose import sees ctx cancelled and gets its grace); an error only when
// the folder cannot be used.
func Run(ctx context.Context, o Options) error {
	if o.Settle <= 0 {
		o.Settle = 2 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.MaxStarts <= 0 {
		o.MaxStarts = 3
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Import == nil {
		return errors.New("watch: no Import")
	}
	st, err := os.Stat(o.Dir)
	if err != nil {
		return fmt.Errorf("drop folder: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("drop folder %s: not a folder", o.Dir)
	}
	for _, d := range []string{Processing, Done, Failed, filepath.Join(Failed, Corrigir)} {
		if err := os.MkdirAll(filepath.Join(o.Dir, d), 0o755); err != nil {
			return fmt.Errorf("drop folder: %w", err)
		}
	}
	unlock, err := lock(filepath.Join(o.Dir, Processing, ".lock"), o.Logger, o.Lang)
	if err != nil {
		return fmt.Errorf("drop folder %s: %w", o.Dir, err)
	}
	defer unlock()
	w := &watcher{o: o, log: o.Logger.With("folder", o.Dir), pending: map[string]*seen{}, stuck: map[string]seen{}}
	w.log.Info(w.o.Lang.LogWatching(), "settle", o.Settle, "poll", o.Poll)

	events := make(<-chan fsnotify.Event)
	if fw, err := fsnotify.NewWatcher(); err != nil {
		w.log.Warn(w.o.Lang.LogNoFileEvents(), "error", err)
	} else {
		defer fw.Close()
		if err := fw.Add(o.Dir); err != nil {
			w.log.Warn(w.o.Lang.LogNoFileEvents(), "error", err)
		} else {
			events = fw.Events
			go func() {
				for err := range fw.Errors {
					w.log.Warn(w.o.Lang.LogFileEvents(), "error", err)
				}
			}()
		}
	}
	w.recover(ctx)
	poll := time.NewTicker(o.Poll)
	defer poll.Stop()
	settle := time.NewTimer(time.Hour)
	defer settle.Stop()
	for ctx.Err() == nil {
		ready, wake := w.scan()
		if len(ready) > 0 {
			w.take(ctx, ready[0])
			continue // list again: more may have come meanwhile
		}
		settle.Reset(wake)
		select {
		case <-ctx.Done():
		case <-poll.C:
		case <-settle.C:
		case _, ok := <-events:
			if !ok {
				events = nil
			}
			// A copy makes an event per write: take them all before listing again.
			for drained := false; !drained; {
				select {
				case <-events:
				default:
					drained = true
				}
			}
		}
	}
	w.log.Info(w.o.Lang.LogWatchStopped())
	return nil
}

// ignored tells the names left alone: Excel's lock files (~$…) and hidden or partial files (.…).
func ignored(name string) bool {
	return strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".")
}

// recordOf tells whether name is a set file (NAME.<set>.csv) and names its record file.
func (w *watcher) recordOf(name string) (string, bool) {
	ext := filepath.Ext(name)
	switch strings.ToLower(ext) {
	case ".csv", ".txt", ".tsv":
	default:
		return "", false
	}
	stem := strings.TrimSuffix(name, ext)
	i := strings.LastIndex(stem, ".")
	if i <= 0 {
		return "", false
	}
	set := stem[i+1:]
	for _, s := range w.o.SetNames {
		if strings.EqualFold(s, set) {
			return stem[:i] + ext, true
		}
	}
	return "", false
}

// group is a record file and the set files that travel with it.
type group struct {
	record string
	sets   []string
	first  time.Time
	// late is, for a set file alone, its record file already imported without it (at
	// lateAt): the set file is refused with why, not left waiting for good.
	late   string
	lateAt time.Time
}

// listAgain is how often a folder that cannot be listed is said again in the log (it is tried
// at every poll).
const listAgain = 5 * time.Minute

// stuckRetry is how long a file that could not be claimed waits before it is tried again
// although it did not change: on a Windows share, a workbook saved into the folder and still
// open in Excel cannot be moved (a sharing violation), and once Excel closes it, unchanged, it
// was left in the folder until the watcher restarted.
const stuckRetry = time.Minute

// scan lists the folder, notes what changed, and returns the groups ready to take (oldest
// first) and how long until the next file may settle.
func (w *watcher) scan() ([]group, time.Duration) {
	now := w.o.Now()
	ents, err := os.ReadDir(w.o.Dir)
	if err != nil {
		switch {
		case w.away.IsZero():
			w.away, w.said = now, now
			w.log.Error(w.o.Lang.LogListingFolder(), "error", err)
		case now.Sub(w.said) >= listAgain:
			w.said = now
			w.log.Error(w.o.Lang.LogListingFolder(), "error", err, "since", w.away.Format(time.DateTime))
		}
		return nil, w.o.Poll
	}
	if !w.away.IsZero() {
		w.log.Info(w.o.Lang.LogFolderBack(), "away", now.Sub(w.away).Round(time.Second).String())
		w.away = time.Time{}
	}
	present := map[string]bool{}
	lower := map[string]string{} // lower-case name → name, to find a set file's record
	odd := map[string]bool{}     // this listing's links and pipes (w.odd: the last one's)
	defer func() { w.odd = odd }()
	for _, e := range ents {
		name := e.Name()
		if ignored(name) {
			continue
		}
		if !e.Type().IsRegular() {
			if !e.IsDir() { // a link, a pipe: folders (done/, an archive of the team's) are no news
				if !w.odd[name] {
					w.log.Warn(w.o.Lang.LogNotRegular(), "file", name)
				}
				odd[name] = true
			}
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		present[name] = true
		lower[strings.ToLower(name)] = name
		if st, ok := w.stuck[name]; ok {
			if st.size == info.Size() && st.mod.Equal(info.ModTime()) && now.Sub(st.since) < stuckRetry {
				continue
			}
			delete(w.stuck, name)
		}
		s := w.pending[name]
		switch {
		case s == nil:
			w.pending[name] = &seen{size: info.Size(), mod: info.ModTime(), since: now, first: now}
			w.log.Info(w.o.Lang.LogNoticed(), "file", name, "bytes", info.Size())
		case s.size != info.Size() || !s.mod.Equal(info.ModTime()):
			s.size, s.mod, s.since = info.Size(), info.ModTime(), now
		}
	}
	for name := range w.pending {
		if !present[name] {
			delete(w.pending, name)
		}
	}
	for name := range w.stuck {
		if !present[name] {
			delete(w.stuck, name)
		}
	}
	for name := range w.unclaimed {
		if !present[name] {
			delete(w.unclaimed, name)
		}
	}
	groups := map[string]*group{}
	for name, s := range w.pending {
		rec, isSet := w.recordOf(name)
		if !isSet {
			g := groups[name]
			if g == nil {
				g = &group{record: name}
				groups[name] = g
			}
			continue
		}
		recName, ok := lower[strings.ToLower(rec)]
		if !ok || w.pending[recName] == nil {
			if !s.waited || s.looked != w.imports {
				s.looked = w.imports
				if at, done := w.importedAt(rec, s.first); done {
					groups[name] = &group{record: name, late: rec, lateAt: at}
					continue
				}
			}
			if !s.waited {
				w.log.Info(w.o.Lang.LogSetWaits(), "file", name, "record", rec)
				s.waited = true
			}
			continue
		}
		g := groups[recName]
		if g == nil {
			g = &group{record: recName}
			groups[recName] = g
		}
		g.sets = append(g.sets, name)
	}
	var ready []group
	wake := w.o.Poll
	for _, g := range groups {
		settled := true
		g.first = w.pending[g.record].first
		for _, n := range append([]string{g.record}, g.sets...) {
			s := w.pending[n]
			if left := w.o.Settle - now.Sub(s.since); left > 0 {
				settled = false
				wake = min(wake, left)
			}
			if s.first.Before(g.first) {
				g.first = s.first
			}
		}
		if settled {
			slices.Sort(g.sets)
			ready = append(ready, *g)
		}
	}
	slices.SortFunc(ready, func(a, b group) int {
		if c := a.first.Compare(b.first); c != 0 {
			return c
		}
		return cmp.Compare(a.record, b.record)
	})
	return ready, wake
}

// lateWindow is how long before a set file was noticed its record file's import may have
// ended for the set file to be taken as late for it: a file of the same name imported last
// month is another drop.
const lateWindow = 10 * time.Minute

// importedAt tells when the record file rec was last imported, if that ended at most
// lateWindow before since or after it: its summary in done/ or failed/ (as rec, or as
// REC_N.ext when the name was taken), written when its import ended.
func (w *watcher) importedAt(rec string, since time.Time) (time.Time, bool) {
	ext := filepath.Ext(rec)
	stem := strings.TrimSuffix(rec, ext)
	var last time.Time
	for _, dir := range []string{Done, Failed} {
		d := filepath.Join(w.o.Dir, dir)
		paths := []string{filepath.Join(d, rec+".summary.json")}
		if more, err := filepath.Glob(filepath.Join(d, globEscape(stem)+"_*"+globEscape(ext)+".summary.json")); err == nil {
			paths = append(paths, more...)
		}
		for _, p := range paths {
			if fi, err := os.Stat(p); err == nil && fi.ModTime().After(last) {
				last = fi.ModTime()
			}
		}
	}
	return last, !last.IsZero() && last.After(since.Add(-lateWindow))
}

// globEscape escapes the characters filepath.Match reads.
func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}

// take claims a settled group (moving it into processing/) and imports it.
func (w *watcher) take(ctx context.Context, g group) {
	proc := filepath.Join(w.o.Dir, Processing)
	// Set files first: a crash between the moves leaves the record file in the folder, and
	// processing/ holding set files only, which a restart moves back.
	for _, n := range append(slices.Clone(g.sets), g.record) {
		if err := os.Rename(filepath.Join(w.o.Dir, n), filepath.Join(proc, n)); err != nil {
			if !w.unclaimed[n] {
				w.log.Error(w.o.Lang.LogCouldNotClaim(), "file", n, "error", err)
				if w.unclaimed == nil {
					w.unclaimed = map[string]bool{}
				}
				w.unclaimed[n] = true
			}
			now := w.o.Now()
			for _, m := range append(slices.Clone(g.sets), g.record) {
				if s := w.pending[m]; s != nil {
					st := *s
					st.since = now // tried again when it changes, or after stuckRetry
					w.stuck[m] = st
				}
				delete(w.pending, m)
				// Put back what was already moved.
				if _, err := os.Lstat(filepath.Join(proc, m)); err == nil && m != n {
					os.Rename(filepath.Join(proc, m), filepath.Join(w.o.Dir, m))
				}
			}
			return
		}
	}
	for _, n := range append(slices.Clone(g.sets), g.record) {
		delete(w.pending, n)
		delete(w.unclaimed, n)
	}
	w.log.Info(w.o.Lang.LogClaimed(), "file", g.record, "set_files", strings.Join(g.sets, ", "))
	w.process(ctx, g, false)
}

// recover finishes what a stopped watcher left in processing/.
func (w *watcher) recover(ctx context.Context) {
	proc := filepath.Join(w.o.Dir, Processing)
	ents, err := os.ReadDir(proc)
	if err != nil {
		w.log.Error(w.o.Lang.LogListingProcessing(), "error", err)
		return
	}
	names := map[string]string{}
	for _, e := range ents {
		if !ignored(e.Name()) && e.Type().IsRegular() {
			names[strings.ToLower(e.Name())] = e.Name()
		}
	}
	groups := map[string]*group{}
	for _, n := range slices.Sorted(maps.Values(names)) {
		if rec, ok := w.recordOf(n); ok {
			if r, ok := names[strings.ToLower(rec)]; ok {
				if groups[r] == nil {
					groups[r] = &group{record: r}
				}
				groups[r].sets = append(groups[r].sets, n)
				continue
			}
			// Its record file was never claimed: back to the folder, to wait for it there.
			if _, err := os.Lstat(filepath.Join(w.o.Dir, n)); err == nil {
				w.log.Warn(w.o.Lang.LogSetLeftInProcessing(), "file", n)
				continue
			}
			if err := os.Rename(filepath.Join(proc, n), filepath.Join(w.o.Dir, n)); err != nil {
				w.log.Error(w.o.Lang.LogMovingSetBack(), "file", n, "error", err)
			}
			continue
		}
		if groups[n] == nil {
			groups[n] = &group{record: n}
		}
	}
	// Work folders of files no longer in processing/.
	for _, e := range ents {
		if rec, ok := strings.CutSuffix(strings.TrimPrefix(e.Name(), "."), ".work"); ok && e.IsDir() && strings.HasPrefix(e.Name(), ".") {
			if groups[rec] == nil {
				os.RemoveAll(filepath.Join(proc, e.Name()))
			}
		}
	}
	for _, r := range slices.Sorted(maps.Keys(groups)) {
		if ctx.Err() != nil {
			return
		}
		g := groups[r]
		w.log.Info(w.o.Lang.LogFinishingLeft(), "file", g.record)
		w.process(ctx, *g, true)
	}
}

// freshWork empties a file's work folder for a fresh start: what an earlier start wrote goes.
// A folder that cannot be made (a full disk) fails the file, saying so, rather than its
// reports one by one.
func freshWork(work string) error {
	err := os.RemoveAll(work)
	if err == nil {
		err = os.MkdirAll(work, 0o755)
	}
	return err
}

// process imports a group in processing/ and moves it to done/ or failed/.
func (w *watcher) process(ctx context.Context, g group, recovered bool) {
	proc := filepath.Join(w.o.Dir, Processing)
	work := filepath.Join(proc, "."+g.record+".work")
	starts := readStarts(work) + 1
	t := Task{
		Name:      g.record,
		File:      filepath.Join(proc, g.record),
		Reports:   []string{filepath.Join(work, "report.xlsx"), filepath.Join(work, "report.jsonl")},
		Summary:   filepath.Join(work, "summary.json"),
		Reimport:  filepath.Join(work, Corrigir),
		Recovered: recovered,
	}
	if g.late != "" {
		t.Refused = errors.New(w.o.Lang.WatchSetLate(g.record, g.late, g.lateAt.Local().Format("15:04")))
	}
	for _, s := range g.sets {
		t.SetFiles = append(t.SetFiles, filepath.Join(proc, s))
	}
	var res Result
	if err := regular(proc, g, w.o.Lang); err != nil {
		// Swapped for a link between the look and the claim: a link is never followed (it
		// could make the reports show a file of the server's).
		res = Result{ExitCode: 2, Err: err}
	} else if recovered && starts > w.o.MaxStarts {
		res = Result{ExitCode: 2, Err: errors.New(w.o.Lang.WatchGaveUp(starts - 1))}
		w.log.Error(w.o.Lang.LogGivingUp(), "file", g.record, "starts", starts-1)
	} else if err := freshWork(work); err != nil {
		res = Result{ExitCode: 2, Err: err}
	} else {
		writeStarts(work, starts)
		res = w.importSafely(ctx, t)
	}
	if res.ExitCode == exitInterrupted && ctx.Err() != nil {
		// Stopped by the watcher's stop: left in processing/ for the next start, which imports
		// it again (not counted as a start that crashed).
		writeStarts(work, starts-1)
		w.log.Warn(w.o.Lang.LogInterruptedStays(), "file", g.record)
		return
	}
	dest := Done
	if res.ExitCode != 0 {
		dest = Failed
	}
	if _, err := os.Stat(t.Summary); err != nil {
		writeFallbackSummary(t.Summary, res)
	}
	destDir := filepath.Join(w.o.Dir, dest)
	final := w.freeName(destDir, g, dest == Failed)
	fin := Finish{Name: g.record, File: filepath.Join(destDir, final), Result: dest, ExitCode: res.ExitCode}
	var moveErrs []error
	move := func(from, to string) bool {
		if _, err := os.Lstat(from); err != nil {
			return false
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			moveErrs = append(moveErrs, err)
			return false
		}
		if err := os.Rename(from, to); err != nil {
			moveErrs = append(moveErrs, err)
			return false
		}
		return true
	}
	// Outputs first, the file last: a crash in between leaves the file in processing/, imported
	// again at the next start, rather than a file in done/ without its reports.
	for _, rep := range []struct{ from, suffix string }{{t.Reports[0], ".report.xlsx"}, {t.Reports[1], ".report.jsonl"}} {
		to := filepath.Join(destDir, final+rep.suffix)
		if move(rep.from, to) {
			fin.Reports = append(fin.Reports, to)
		}
	}
	fin.Summary = filepath.Join(destDir, final+".summary.json")
	move(t.Summary, fin.Summary)
	w.imports++
	if ents, err := os.ReadDir(t.Reimport); err == nil {
		for _, e := range ents {
			move(filepath.Join(t.Reimport, e.Name()), filepath.Join(w.o.Dir, Failed, Corrigir, renamed(e.Name(), g.record, final)))
		}
	}
	for _, s := range g.sets {
		move(filepath.Join(proc, s), filepath.Join(destDir, renamed(s, g.record, final)))
	}
	if !move(t.File, fin.File) {
		w.log.Error(w.o.Lang.LogCouldNotMoveOut(), "file", g.record, "error", errors.Join(moveErrs...))
		return
	}
	if len(moveErrs) > 0 {
		w.log.Error(w.o.Lang.LogOutputsNotMoved(), "file", g.record, "error", errors.Join(moveErrs...))
	}
	os.RemoveAll(work)
	attrs := []any{"file", g.record, "to", filepath.Join(dest, final), "exit_code", res.ExitCode, "reports", fin.Reports}
	if res.Err != nil {
		attrs = append(attrs, "error", res.Err)
	}
	if dest == Done {
		w.log.Info(w.o.Lang.LogImported(), attrs...)
	} else {
		w.log.Warn(w.o.Lang.LogFailedSeeReport(), attrs...)
	}
	if w.o.Finished != nil {
		w.o.Finished(ctx, fin)
	}
}

// regular refuses a group in processing/ that holds anything but regular files.
func regular(proc string, g group, lang outcome.Lang) error {
	for _, n := range append(slices.Clone(g.sets), g.record) {
		fi, err := os.Lstat(filepath.Join(proc, n))
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			return errors.New(lang.WatchNotRegular(n, fi.Mode().Type().String()))
		}
	}
	return nil
}

// importSafely calls Import; a panic in it fails the file, not the watcher.
func (w *watcher) importSafely(ctx context.Context, t Task) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			w.log.Error(w.o.Lang.LogImportPanicked(), "file", t.Name, "panic", p)
			res = Result{ExitCode: 2, Err: errors.New(w.o.Lang.WatchPanicked(p))}
		}
	}()
	return w.o.Import(ctx, t)
}

// freeName is the name the file gets in destDir: its own, or NAME_2.ext, NAME_3.ext, … when
// the file, its reports, its set files or (failed/) its rows to fix would overwrite another's.
func (w *watcher) freeName(destDir string, g group, failed bool) string {
	ext := filepath.Ext(g.record)
	stem := strings.TrimSuffix(g.record, ext)
	for i := 1; ; i++ {
		name := g.record
		if i > 1 {
			name = stem + "_" + strconv.Itoa(i) + ext
		}
		paths := []string{name, name + ".report.xlsx", name + ".report.jsonl", name + ".summary.json"}
		for _, s := range g.sets {
			paths = append(paths, renamed(s, g.record, name))
		}
		if failed {
			for _, p := range append([]string{name}, paths[4:]...) {
				paths = append(paths, filepath.Join(Corrigir, p))
			}
		}
		taken := false
		for _, p := range paths {
			if _, err := os.Lstat(filepath.Join(destDir, p)); !errors.Is(err, fs.ErrNotExist) {
				taken = true
				break
			}
		}
		if !taken {
			return name
		}
	}
}

// renamed is a file that follows its record file's new name: vendas.itens.csv, for vendas.csv
// become vendas_2.csv, is vendas_2.itens.csv.
func renamed(name, record, newRecord string) string {
	if name == record {
		return newRecord
	}
	stem := strings.TrimSuffix(record, filepath.Ext(record))
	newStem := strings.TrimSuffix(newRecord, filepath.Ext(newRecord))
	if len(name) > len(stem) && strings.EqualFold(name[:len(stem)], stem) && name[len(stem)] == '.' {
		return newStem + name[len(stem):]
	}
	return name
}

func readStarts(work string) int {
	b, err := os.ReadFile(filepath.Join(work, "starts"))
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

func writeStarts(work string, n int) {
	os.WriteFile(filepath.Join(work, "starts"), []byte(strconv.Itoa(n)+"\n"), 0o644)
}

// writeFallbackSummary is the summary of an import that wrote none: its exit code and why.
func writeFallbackSummary(path string, res Result) {
	s := struct {
		ExitCode int    `json:"exit_code"`
		Error    string `json:"error,omitempty"`
	}{ExitCode: res.ExitCode}
	if res.Err != nil {
		s.Error = res.Err.Error()
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, append(b, '\n'), 0o644)
}
