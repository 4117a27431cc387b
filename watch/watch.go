package watch

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fsnotify/fsnotify"

	"seniorimporter/monitor"
	"seniorimporter/outcome"
	"seniorimporter/scratch"
	"seniorimporter/templates"
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

// Task is a claimed file to import, and where its outputs go: absolute paths.
type Task struct {
	Name      string   // the file's name as dropped
	File      string   // the record file, in processing/
	SetFiles  []string // its set files, beside it
	Reports   []string // report paths (.xlsx and .jsonl)
	Summary   string   // summary path
	Reimport  string   // re-import folder (the rows to fix)
	Recovered bool     // left in processing/ by a watcher that stopped
	// Folder is processing/, held open while the file is in it: read File and SetFiles
	// through it (readers.Folder), never by their paths. Whoever writes to the share can
	// rename processing/ away and put a link to another folder in its place while the file is
	// imported: the paths then lead to that folder's file of the same name.
	Folder *os.Root
	// Outputs is the file's work folder, where Reports, Summary and Reimport are, held open
	// from before the import until they are moved out: write them through it
	// (writers.Folder), never by their paths. Whoever writes to the share can rename the work
	// folder away and put a link to another folder in its place while the file is imported:
	// the paths then lead there, and the reports, with the rows' values the dropper chose,
	// were written into that folder with the watcher's rights.
	Outputs *os.Root
	// Refused, when set, is why the file is refused without an import (a set file whose record
	// file was imported without it): Import writes it in the summary and the report.
	Refused error
}

// Result is how an import ended: its exit code (0: every row ok, skipped or queued; 130:
// interrupted) and, when it could not start, why.
type Result struct {
	ExitCode int
	Err      error
	// Fixed is true for a file of rows to fix dropped back (its header has the columns the
	// importer writes in failed/corrigir/: #motivo, #linha original): imported with every
	// row ok, or with the rows still wrong written to fix again, the copy of it left in
	// failed/corrigir/ under its name is done (clearFixed).
	Fixed bool
	// FixedRows counts the rows of such a file that came from the file to fix (their
	// "#linha original" filled): rows added to it are not rows fixed.
	FixedRows int
}

// exitInterrupted is the exit code of an import stopped by the watcher's stop.
const exitInterrupted = 130

// Finish is a file in done/ or failed/ (or one stuck in processing/): absolute paths.
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
	folders   map[string]bool // folders dropped in, said once in the watcher's life
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
	// The paths of Task and Finish are absolute, whatever the folder was given as: the
	// on-finish command gets them in its environment, and one that changes folder (cd) must
	// still find the file and its summary.
	if abs, err := filepath.Abs(o.Dir); err == nil {
		o.Dir = abs
	}
	// Why it cannot start, in the run's language (it said "drop folder: stat /srv/entrada:
	// no such file or directory" under "o vigia não pôde começar").
	st, err := os.Stat(o.Dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &saidError{o.Lang.DropFolderMissing(o.Dir), err}
	case err != nil:
		return &saidError{o.Lang.DropFolder(o.Dir, plainErr(err)), err}
	case !st.IsDir():
		return errors.New(o.Lang.DropFolderIsFile(o.Dir))
	}
	r, err := os.OpenRoot(o.Dir)
	if err != nil {
		return &saidError{o.Lang.DropFolder(o.Dir, plainErr(err)), err}
	}
	defer r.Close()
	// Whoever can write to the share can make done/ a link to the server's ~/.ssh, or
	// processing/ one to its /etc: a folder of the watcher's that is anything but a folder
	// stops it here, saying which, rather than be followed.
	for _, d := range []string{Processing, Done, Failed, filepath.Join(Failed, Corrigir)} {
		if err := ownFolder(r, d, true); err != nil {
			why := plainErr(err)
			if nf := (*notOwnFolder)(nil); errors.As(err, &nf) {
				why = nf.say(o.Lang)
			}
			return &saidError{o.Lang.DropFolder(o.Dir, why), err}
		}
	}
	unlock, err := lock(r, filepath.Join(Processing, ".lock"), o.Logger, o.Lang)
	if err != nil {
		return &saidError{o.Lang.DropFolder(o.Dir, plainErr(err)), err}
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
	w.recover(ctx, r)
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

// partialExts are the endings of files still being downloaded or copied (browsers, copy and
// sync tools), and of the temporary names a program writes before renaming into the folder.
var partialExts = []string{".part", ".partial", ".crdownload", ".download", ".tmp"}

// ignored tells the names left alone: Excel's lock files (~$…), hidden or partial files (.…),
// and partial downloads or copies (partialExts, in any case).
func ignored(name string) bool {
	if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
		return true
	}
	ext := strings.ToLower(filepath.Ext(name))
	return slices.Contains(partialExts, ext)
}

// recordOf tells whether name is a set file (NAME.<set>.csv) and names its record file.
func (w *watcher) recordOf(name string) (string, bool) {
	stem, ext, ok := csvStem(name)
	if !ok {
		return "", false
	}
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

// misnamedSetOf tells the record file (among folded: a name folded by foldName → the name)
// whose set file name is under another name: the record's name, then "-", " - ", "_", " " or
// nothing, then a set's name, compared as pipeline's misnamedBeside compares them (as headers
// are: without regard to case, accents, spaces and "_"). A set or a record's name spelt with
// accents the other has not (GravarOrcamentos-dez-observações.csv) was not found here, while
// the import found it, beside the record file, only when the two came together: taken alone,
// the record file's quotes went to Senior without their rows.
func misnamedSetOf(name string, sets []string, folded map[string]string) (string, bool) {
	stem, ext, ok := csvStem(name)
	if !ok {
		return "", false
	}
	f := templates.Fold(stem)
	for _, set := range sets {
		for _, sep := range []string{"-", ""} {
			suffix := templates.Fold(sep + set)
			if len(f) <= len(suffix) || !strings.HasSuffix(f, suffix) {
				continue
			}
			rec, ok := folded[f[:len(f)-len(suffix)]+strings.ToLower(ext)]
			if !ok {
				continue
			}
			// Beside the set's file under its own name, the import reads that one and never
			// looks for another: this one, taken with it, went to done/ unread, its rows in no
			// report. Taken alone, it is refused on its own, its rows said.
			recStem, recExt, _ := csvStem(rec)
			if _, own := folded[foldName(recStem+"."+set+recExt)]; own {
				continue
			}
			return rec, true
		}
	}
	return "", false
}

// foldName is a file's name as misnamedSetOf compares it: its stem folded as headers are, and
// its extension in lower case.
func foldName(name string) string {
	ext := filepath.Ext(name)
	return templates.Fold(strings.TrimSuffix(name, ext)) + strings.ToLower(ext)
}

// csvStem is a CSV file's name without its extension, and the extension; ok is false for
// a file of another kind (a workbook has its sets as sheets).
func csvStem(name string) (stem, ext string, ok bool) {
	ext = filepath.Ext(name)
	switch strings.ToLower(ext) {
	case ".csv", ".txt", ".tsv":
		return strings.TrimSuffix(name, ext), ext, true
	}
	return "", "", false
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
	// odd are names of its set files that are no regular file (a link, a pipe), with what
	// they are: the record is refused, not imported without its set.
	odd map[string]string
}

// listAgain is how often a folder that cannot be listed is said again in the log (it is tried
// at every poll).
const listAgain = 5 * time.Minute

// stuckRetry is how long a file that could not be claimed waits before it is tried again
// although it did not change: on a Windows share, a workbook saved into the folder and still
// open in Excel cannot be moved (a sharing violation), and once Excel closes it, unchanged, it
// was left in the folder until the watcher restarted.
const stuckRetry = time.Minute

// emptySettle is how long an empty file must stay empty before it is taken: ten times the
// settle time, and at least a minute. A program's output redirected into the folder (cmd >
// DIR/x.csv) is an empty file until the program prints, which may take longer than the settle
// time: taken at once, it went to failed/ as empty, and the program then filled it there.
func emptySettle(settle time.Duration) time.Duration {
	return max(10*settle, time.Minute)
}

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
	lower := map[string]string{}        // lower-case name → name, to find a set file's record
	folded := map[string]string{}       // foldName → name, to find a misnamed set file's record
	odd := map[string]bool{}            // this listing's links and pipes (w.odd: the last one's)
	oddSets := map[string][][2]string{} // by record name, lower-case: its set files among them
	defer func() { w.odd = odd }()
	for _, e := range ents {
		name := e.Name()
		if ignored(name) {
			continue
		}
		if !e.Type().IsRegular() {
			if e.IsDir() && name != Processing && name != Done && name != Failed && !w.folders[name] {
				// A folder dropped in (a user's whole "orcamentos novembro"): its files are not
				// read, and without a word it looked lost. Said once, as information: it may be
				// the team's archive.
				if w.folders == nil {
					w.folders = map[string]bool{}
				}
				w.folders[name] = true
				w.log.Info(w.o.Lang.LogFolderNotRead(), "subfolder", name)
			}
			if !e.IsDir() { // a link, a pipe
				if !w.odd[name] {
					w.log.Warn(w.o.Lang.LogNotRegular(), "file", name)
				}
				odd[name] = true
				if rec, isSet := w.recordOf(name); isSet {
					oddSets[strings.ToLower(rec)] = append(oddSets[strings.ToLower(rec)], [2]string{name, kindOf(e.Type())})
				}
			}
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		present[name] = true
		lower[strings.ToLower(name)] = name
		folded[foldName(name)] = name
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
	for name, s := range w.pending {
		if !present[name] {
			// Taken files leave pending when claimed: one missing here went some other way.
			w.log.Info(w.o.Lang.LogGone(), "file", name, "after", now.Sub(s.first).Round(time.Second).String())
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
			recName, ok := misnamedSetOf(name, w.o.SetNames, folded)
			if ok && recName != name && w.pending[recName] == nil {
				// Its record file is in the folder but cannot be claimed yet (a file of its name
				// still in processing/; on a share, open in Excel): it waits for it, as a set file
				// under its own name does. Taken alone, it was refused on its own, and the record
				// file, claimed later without it, sent its quotes without their rows.
				if !s.waited {
					w.log.Info(w.o.Lang.LogSetWaits(), "file", name, "record", recName)
					s.waited = true
				}
				continue
			}
			if ok && recName != name {
				// A record file's set file under another name (GravarOrcamentos-dez-itens.csv):
				// it travels with the record file, whose import refuses the two, naming the name
				// to give it. Taken alone, the record file's quotes went bare (exit 0 for them)
				// while this one was refused on its own.
				g := groups[recName]
				if g == nil {
					g = &group{record: recName}
					groups[recName] = g
				}
				g.sets = append(g.sets, name)
				continue
			}
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
	for rec, names := range oddSets {
		if g := groups[lower[rec]]; g != nil {
			g.odd = map[string]string{}
			for _, n := range names {
				g.odd[n[0]] = n[1]
			}
		}
	}
	var ready []group
	wake := w.o.Poll
	for _, g := range groups {
		settled := true
		g.first = w.pending[g.record].first
		for _, n := range append([]string{g.record}, g.sets...) {
			s := w.pending[n]
			quiet := w.o.Settle
			if s.size == 0 {
				quiet = emptySettle(w.o.Settle)
			}
			if left := quiet - now.Sub(s.since); left > 0 {
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

// kindOf names what a directory entry that is no regular file is.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "link"
	case m&fs.ModeNamedPipe != 0:
		return "pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "device"
}

// lateWindow is how long before a set file was noticed its record file's import may have
// ended for the set file to be taken as late for it: a file of the same name imported last
// month is another drop.
const lateWindow = 10 * time.Minute

// importedAt tells when the record file rec was last imported, if that ended at most
// lateWindow before since or after it: its summary in done/ or failed/ (as rec, or as
// REC_N.ext when the name was taken), written when its import ended.
func (w *watcher) importedAt(rec string, since time.Time) (time.Time, bool) {
	r, err := os.OpenRoot(w.o.Dir)
	if err != nil {
		return time.Time{}, false
	}
	defer r.Close()
	ext := filepath.Ext(rec)
	stem := strings.TrimSuffix(rec, ext)
	var last time.Time
	for _, dir := range []string{Done, Failed} {
		paths := []string{filepath.Join(dir, rec+".summary.json")}
		// r.FS names are slash-separated, whatever the system.
		if more, err := fs.Glob(r.FS(), dir+"/"+globEscape(stem)+"_*"+globEscape(ext)+".summary.json"); err == nil {
			for _, m := range more {
				paths = append(paths, filepath.FromSlash(m))
			}
		}
		for _, p := range paths {
			if fi, err := r.Lstat(p); err == nil && fi.ModTime().After(last) {
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

// ownFolder checks that dir, a path in the drop folder r (processing/, failed/corrigir, a work
// folder), is a folder at every step, no link: making it, with create, where it is missing.
// Whoever can write to the share could make done/ a link to the server's ~/.ssh. Every move
// goes through r, an os.Root, so a link out of the drop folder is refused by the system
// whenever it appears; this look refuses, besides, a link that stays inside it and says
// which folder is wrong.
func ownFolder(r *os.Root, dir string, create bool) error {
	p := ""
	for _, part := range strings.Split(filepath.Clean(dir), string(filepath.Separator)) {
		if part == "." {
			continue
		}
		p = filepath.Join(p, part)
		if create {
			// Mkdir makes no folder through a link: it finds the name taken.
			err := r.Mkdir(p, 0o755)
			if err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			// A folder made is synced into its folder: what is written in it next (a file's
			// claim into processing/, the state of its work folder) is lost with it otherwise.
			if err == nil {
				if err := syncFolder(r, filepath.Dir(p)); err != nil {
					return err
				}
			}
		}
		fi, err := r.Lstat(p)
		switch {
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			to, _ := r.Readlink(p)
			return &notOwnFolder{path: p, to: to, link: true}
		case !fi.IsDir():
			return &notOwnFolder{path: p}
		}
	}
	return nil
}

// notOwnFolder is a folder of the watcher's that is a link (to where it leads) or no folder.
type notOwnFolder struct {
	path, to string
	link     bool
}

func (e *notOwnFolder) Error() string { return e.say(outcome.EN) }

func (e *notOwnFolder) say(l outcome.Lang) string {
	if e.link {
		return l.DropFolderLink(e.path, e.to)
	}
	return l.DropFolderNotFolder(e.path)
}

// saidError is err said in the run's language (msg).
type saidError struct {
	msg string
	err error
}

func (e *saidError) Error() string { return e.msg }
func (e *saidError) Unwrap() error { return e.err }

// plainErr is err without a path error's operation ("stat /x: permission denied" is
// "permission denied": the caller names the folder).
func plainErr(err error) string {
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// move moves from to to, both in the drop folder r, never through a link: from's and to's
// folders are checked (to's made if missing) and the move itself goes through r. A regular
// file's content is synced first (syncFile); the folders are the caller's to sync
// (syncFolders), once for a batch of moves.
func move(r *os.Root, from, to string) error {
	if err := ownFolder(r, filepath.Dir(from), false); err != nil {
		return err
	}
	if err := ownFolder(r, filepath.Dir(to), true); err != nil {
		return err
	}
	if err := syncFile(r, from); err != nil {
		return err
	}
	if err := r.Rename(from, to); err != nil {
		return err
	}
	durableAt("rename", filepath.Clean(from), filepath.Clean(to))
	return nil
}

// writeFile writes name in the drop folder r as a new file renamed over it: a link at name
// (or at the temporary name) is replaced, never written through. It is durable when
// writeFile returns: its content synced before the rename, its folder after. The files it
// writes are the work folder's state (starts, reached, sorting) and summaries, which the next
// start reads: unsynced, a power cut could leave one empty, or the old one, after a step that
// relied on it.
func writeFile(r *os.Root, name string, b []byte) error {
	if err := ownFolder(r, filepath.Dir(name), false); err != nil {
		return err
	}
	tmp := name + ".tmp"
	r.Remove(tmp)
	f, err := r.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		if err = f.Sync(); err == nil {
			durableAt("sync", filepath.Clean(tmp))
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = r.Rename(tmp, name)
	}
	if err != nil {
		r.Remove(tmp)
		return err
	}
	durableAt("rename", filepath.Clean(tmp), filepath.Clean(name))
	return syncFolder(r, filepath.Dir(name))
}

// crashAt is called where a watcher killed leaves the drop folder half-way for the next start
// to finish: after each file a claim moves into processing/ ("claimed NAME") and after each
// file a sort moves out ("sorted PATH", its place in the drop folder). Tests make it panic
// there, as a kill stops the watcher; it does nothing else.
var crashAt = func(point string) {}

// take claims a settled group (moving it into processing/) and imports it.
func (w *watcher) take(ctx context.Context, g group) {
	// Opened for each file, not once for the watcher's life: a share mounted again is another
	// folder, which a Root opened before would not see.
	r, err := os.OpenRoot(w.o.Dir)
	var pr *os.Root
	if err == nil {
		defer r.Close()
		// processing/ held open from before the claim to the sort: the files are looked at
		// and read in the folder they were moved into, whatever its path leads to meanwhile.
		if pr, err = openProcessing(r); err == nil {
			defer pr.Close()
		}
	}
	// Set files first: a crash between the moves leaves the record file in the folder, and
	// processing/ holding set files only, which a restart moves back.
	moved := map[string]bool{} // by this claim: the only files it puts back
	for _, n := range append(slices.Clone(g.sets), g.record) {
		occupied := false
		if err == nil {
			// A file of the same name still in processing/ (one that could not be moved out)
			// is never replaced: a rename would destroy it and its work folder's reports. The
			// newcomer waits in the folder, tried again as a file that could not be claimed.
			if _, lerr := r.Lstat(filepath.Join(Processing, n)); lerr == nil {
				occupied = true
				err = fmt.Errorf("%s: %w", filepath.Join(Processing, n), fs.ErrExist)
			} else if err = move(r, n, filepath.Join(Processing, n)); err == nil {
				moved[n] = true
				// Durable before the next claim and before the import: a set file's claim lost
				// while its record file's was kept left the record file alone in processing/,
				// imported without it; a record file's lost sent its rows again from the folder.
				w.syncFolders(r, Processing, ".")
				crashAt("claimed " + n)
			}
		}
		if err != nil {
			if !w.unclaimed[n] {
				if occupied {
					w.log.Error(w.o.Lang.LogNameInProcessing(), "file", n, "error", err)
				} else {
					w.log.Error(w.o.Lang.LogCouldNotClaim(), "file", n, "error", err)
				}
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
				// Put back what this claim moved already: only that (a stuck group's record
				// file, found there, was moved out over the newcomer of its name, a reviewer
				// found), and never over a file dropped under its name meanwhile.
				if r != nil && moved[m] {
					if _, err := r.Lstat(m); errors.Is(err, fs.ErrNotExist) {
						// Synced: one put back lost stayed in processing/ beside the file that
						// holds its name there, and was imported with it at the next start.
						if move(r, filepath.Join(Processing, m), m) == nil {
							w.syncFolders(r, ".", Processing)
						}
					}
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
	w.process(ctx, r, pr, g, false)
}

// recover finishes what a stopped watcher left in processing/.
func (w *watcher) recover(ctx context.Context, r *os.Root) {
	ents, err := fs.ReadDir(r.FS(), Processing)
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
	folded := map[string]string{} // foldName → name, to find a misnamed set file's record
	for _, n := range names {
		folded[foldName(n)] = n
	}
	groups := map[string]*group{}
	for _, n := range slices.Sorted(maps.Values(names)) {
		if rec, ok := misnamedSetOf(n, w.o.SetNames, folded); ok && rec != n {
			// A set file under another name, taken with its record file (scan): it goes with
			// it again. Finished alone it went first ("-" sorts before "."), refused on its own,
			// and the record file was then imported with no such file beside it, its quotes
			// sent without their rows.
			if groups[rec] == nil {
				groups[rec] = &group{record: rec}
			}
			groups[rec].sets = append(groups[rec].sets, n)
			continue
		}
		if rec, ok := w.recordOf(n); ok {
			if rn, ok := names[strings.ToLower(rec)]; ok {
				if groups[rn] == nil {
					groups[rn] = &group{record: rn}
				}
				groups[rn].sets = append(groups[rn].sets, n)
				continue
			}
			// Its record file was never claimed: back to the folder, to wait for it there.
			if _, err := r.Lstat(n); err == nil {
				w.log.Warn(w.o.Lang.LogSetLeftInProcessing(), "file", n)
				continue
			}
			// Not synced: lost to a power cut, it is found in processing/ and moved back again.
			if err := move(r, filepath.Join(Processing, n), n); err != nil {
				w.log.Error(w.o.Lang.LogMovingSetBack(), "file", n, "error", err)
			}
			continue
		}
		if groups[n] == nil {
			groups[n] = &group{record: n}
		}
	}
	// Work folders of files no longer in processing/.
	works := map[string]bool{}
	for rec := range groups {
		works[workName(rec)] = true
	}
	for _, e := range ents {
		if n := e.Name(); strings.HasPrefix(n, ".") && strings.HasSuffix(n, ".work") && e.IsDir() && !works[n] {
			r.RemoveAll(filepath.Join(Processing, n))
		}
	}
	if len(groups) == 0 {
		return
	}
	pr, err := openProcessing(r)
	if err != nil {
		w.log.Error(w.o.Lang.LogListingProcessing(), "error", err)
		return
	}
	defer pr.Close()
	for _, rec := range slices.Sorted(maps.Keys(groups)) {
		if ctx.Err() != nil {
			return
		}
		g := groups[rec]
		w.log.Info(w.o.Lang.LogFinishingLeft(), "file", g.record)
		w.process(ctx, r, pr, *g, true)
	}
}

// maxName is the longest name, in bytes, a file may have in the folders the watcher writes
// to: 255 on the file systems a share is on (ext4, XFS, NTFS and SMB as Linux mounts them).
const maxName = 255

// workName is the name of a file's work folder in processing/: .NAME.work, or for a name too
// long for that its first bytes and a hash of it all (two long names alike but for their
// ends each get theirs).
func workName(record string) string {
	if n := "." + record + ".work"; len(n) <= maxName {
		return n
	}
	h := fnv.New32a()
	h.Write([]byte(record))
	hash := fmt.Sprintf("~%08x", h.Sum32())
	return "." + cutName(record, maxName-len("..work")-len(hash)) + hash + ".work"
}

// freshWork empties a file's work folder (in the drop folder r) for a fresh start: what an
// earlier start wrote goes. A folder that cannot be made (a full disk) fails the file, saying
// so, rather than its reports one by one. The folder is returned held open (Task.Outputs).
func freshWork(r *os.Root, work string) (*os.Root, error) {
	err := ownFolder(r, filepath.Dir(work), false)
	if err == nil {
		err = r.RemoveAll(work)
	}
	if err == nil {
		err = ownFolder(r, work, true)
	}
	if err != nil {
		return nil, err
	}
	wr, err := r.OpenRoot(work)
	if err != nil {
		return nil, err
	}
	if !holds(r, work, wr) {
		wr.Close()
		return nil, fmt.Errorf("%s is not the folder just made (another, or a link, was put in its place)", work)
	}
	return wr, nil
}

// holds tells whether dir, in the drop folder r, is still the folder held open as h: not
// renamed away with a link or another folder put in its place.
func holds(r *os.Root, dir string, h *os.Root) bool {
	li, err := r.Lstat(dir)
	if err != nil || !li.IsDir() {
		return false
	}
	hi, err := h.Stat(".")
	return err == nil && os.SameFile(li, hi)
}

// rescueWork puts back at work (in the drop folder r) the outputs an import wrote in its work
// folder, held open as held, which is no longer at work (renamed away, a link or another
// folder put in its place): what stands at work is removed (a link itself, never what it
// leads to), a folder made there, and held's files copied into it, then removed from held.
// Links in held are neither followed nor copied.
func rescueWork(r *os.Root, work string, held *os.Root) (copied int, err error) {
	if err := ownFolder(r, filepath.Dir(work), false); err != nil {
		return 0, err
	}
	if err := r.RemoveAll(work); err != nil {
		return 0, err
	}
	if err := ownFolder(r, work, true); err != nil {
		return 0, err
	}
	var errs, dirs []string
	fail := func(err error) { errs = append(errs, err.Error()) }
	fs.WalkDir(held.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			fail(err)
		case p == ".":
		case d.IsDir():
			if err := ownFolder(r, filepath.Join(work, filepath.FromSlash(p)), true); err != nil {
				fail(err)
				return fs.SkipDir
			}
			dirs = append(dirs, p)
		case d.Type().IsRegular():
			if err := copyFile(held, p, r, filepath.Join(work, filepath.FromSlash(p))); err != nil {
				fail(err)
			} else {
				copied++
				held.Remove(filepath.FromSlash(p))
			}
		}
		return nil
	})
	for _, d := range slices.Backward(dirs) {
		held.Remove(filepath.FromSlash(d))
	}
	if len(errs) > 0 {
		return copied, errors.New(strings.Join(errs, "; "))
	}
	return copied, nil
}

// copyFile copies the regular file name of from to a new file to (in the drop folder r).
func copyFile(from *os.Root, name string, r *os.Root, to string) error {
	in, err := openRegular(from, filepath.FromSlash(name))
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := r.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		r.Remove(to)
	}
	return err
}

// openProcessing opens processing/ of the drop folder r (made if missing), to be held open
// while a file is in it. It must be a folder, no link: r would follow one that stays in the
// drop folder.
func openProcessing(r *os.Root) (*os.Root, error) {
	if err := ownFolder(r, Processing, true); err != nil {
		return nil, err
	}
	pr, err := r.OpenRoot(Processing)
	if err != nil {
		return nil, err
	}
	if err := inPlace(r, pr); err != nil {
		pr.Close()
		return nil, err
	}
	return pr, nil
}

// inPlace tells whether processing/ of the drop folder r is still pr, the folder a file was
// taken into: not renamed away, with a link (or another folder) put in its place. Moves go
// by path through r: out of one that is not, they would move another file of the file's name
// (one put in the new folder, or in the link's, if it leads into the drop folder) to done/
// with the file's reports, the file itself left in the folder renamed away.
func inPlace(r, pr *os.Root) error {
	if err := ownFolder(r, Processing, false); err != nil {
		return err
	}
	li, err := r.Lstat(Processing)
	if err != nil {
		return err
	}
	pi, err := pr.Stat(".")
	if err != nil {
		return err
	}
	if !os.SameFile(li, pi) {
		return fmt.Errorf("%s is not the folder the file was taken into (that one was renamed, and another put in its place): the file stays in the one renamed", Processing)
	}
	return nil
}

// process imports a group in processing/ of the drop folder r, held open as pr, and moves it
// to done/ or failed/.
func (w *watcher) process(ctx context.Context, r, pr *os.Root, g group, recovered bool) {
	work := filepath.Join(Processing, workName(g.record)) // in r
	abs := func(p string) string { return filepath.Join(w.o.Dir, p) }
	// A fresh claim starts counting: a work folder left by another file of the same name (one
	// whose reports could not all be moved out) is no start of this one's.
	starts, reached := 1, 0
	if recovered {
		starts = readStarts(r, work) + 1
		// A killed start that got further into the file than every start before it (the rows
		// its report.jsonl holds, those not sent aside) was stopped from outside while it went
		// (kills while Senior was slow, a stop that outlasted systemd's patience), not by the
		// file: only it counts. Three such kills gave up a file at row 323 of 422, each start
		// further than the last.
		reached = readCount(r, work, "reached")
		if n := reportedRows(r, work); n > reached {
			starts, reached = 2, n
		}
	}
	t := Task{
		Name:      g.record,
		File:      abs(filepath.Join(Processing, g.record)),
		Reports:   []string{abs(filepath.Join(work, "report.xlsx")), abs(filepath.Join(work, "report.jsonl"))},
		Summary:   abs(filepath.Join(work, "summary.json")),
		Reimport:  abs(filepath.Join(work, Corrigir)),
		Recovered: recovered,
		Folder:    pr,
	}
	if g.late != "" {
		t.Refused = errors.New(w.o.Lang.WatchSetLate(g.record, g.late, g.lateAt.Local().Format("15:04")))
	}
	for _, n := range slices.Sorted(maps.Keys(g.odd)) {
		// A set file that is a link or a pipe is never read: imported without it, the quotes
		// went with no items, ok.
		t.Refused = errors.New(w.o.Lang.WatchNotRegular(n, g.odd[n]))
		break
	}
	for _, s := range g.sets {
		t.SetFiles = append(t.SetFiles, abs(filepath.Join(Processing, s)))
	}
	// A watcher stopped while it sorted this file (its outputs moved out, or some of them, the
	// file not yet) had imported it whole and chosen its name: the sort is finished under that
	// name, not the file imported again under the next free one, which would leave the first
	// outputs beside it as those of a file dropped twice.
	if recovered {
		if dest, final, code, ok := readSorting(r, work); ok {
			if _, err := r.Lstat(filepath.Join(dest, final)); errors.Is(err, fs.ErrNotExist) {
				w.log.Info(w.o.Lang.LogFinishingSort(), "file", g.record, "to", filepath.Join(dest, final))
				w.sort(ctx, r, pr, g, work, dest, final, Result{ExitCode: code})
				return
			}
		}
	}
	// As the files were taken: one that changes before it is sorted was still being written
	// (a CSV whose writer paused longer than the settle time at a line's end reads whole).
	taken := stampsOf(pr, g)
	var res Result
	var wr *os.Root // the work folder, held open while the outputs are written in it
	defer func() {
		if wr != nil {
			wr.Close()
		}
	}()
	if err := regular(pr, g, w.o.Lang); err != nil {
		// Swapped for a link between the look and the claim: a link is never followed (it
		// could make the reports show a file of the server's).
		res = Result{ExitCode: 2, Err: err}
	} else if recovered && starts > w.o.MaxStarts {
		w.log.Error(w.o.Lang.LogGivingUp(), "file", g.record, "starts", starts-1)
		// Not read again (reading it may be what stopped the watcher): refused as a file
		// that is no spreadsheet is, its summary and NAME.report.xlsx saying why. What the
		// last start wrote goes, as at any start: the report.jsonl of the rows it reached
		// before it was killed is no report of the file.
		t.Refused = errors.New(w.o.Lang.WatchGaveUp(starts - 1))
		if wr, err = freshWork(r, work); err != nil {
			res = Result{ExitCode: 2, Err: err}
		} else {
			t.Outputs = wr
			res = w.importSafely(ctx, t)
		}
	} else if wr, err = freshWork(r, work); err != nil {
		res = Result{ExitCode: 2, Err: err}
	} else {
		t.Outputs = wr
		writeStarts(r, work, starts)
		writeFile(r, filepath.Join(work, "reached"), []byte(strconv.Itoa(reached)+"\n"))
		res = w.importSafely(ctx, t)
	}
	if res.ExitCode == exitInterrupted && ctx.Err() != nil {
		// Stopped by the watcher's stop: left in processing/ for the next start, which imports
		// it again (not counted as a start that crashed).
		writeStarts(r, work, starts-1)
		w.log.Warn(w.o.Lang.LogInterruptedStays(), "file", g.record)
		return
	}
	summary := filepath.Join(work, "summary.json")
	// The work folder renamed away while the outputs were written in it, and a link or
	// another folder put in its place: they are in the folder held, never written through
	// the link; they are put back at work and the file fails, its summary saying why.
	// (processing/ itself renamed away, they stay with the file in the folder renamed: sort.)
	swapped := wr != nil && inPlace(r, pr) == nil && !holds(r, work, wr)
	rescued := false
	if swapped {
		res.ExitCode = max(res.ExitCode, 1)
		w.log.Error(w.o.Lang.LogWorkSwapped(), "file", g.record, "work", work)
		n, err := rescueWork(r, work, wr)
		if err != nil {
			w.log.Error(w.o.Lang.LogOutputsNotMoved(), "file", g.record, "error", err)
		}
		// The work folder deleted (not renamed): what was written in it went with it, and
		// nothing is put back; the summary said "copied back" all the same (the reviewer).
		rescued = n > 0
	}
	if _, err := r.Lstat(summary); err != nil {
		writeFallbackSummary(r, summary, res)
	}
	if swapped {
		if err := addProblem(r, summary, g.record, w.o.Lang.WatchWorkSwapped(work, rescued)); err != nil {
			w.log.Error(w.o.Lang.LogSummaryNotAmended(), "file", g.record, "error", err)
		}
	}
	// A file written after it was taken is never sorted into done/ with the rows read so far:
	// to failed/, its summary saying so (the pipeline says it of a file that changed while
	// read; this is one that changed after, while its rows went or its reports were written).
	if changed := changedSince(pr, taken); len(changed) > 0 {
		res.ExitCode = max(res.ExitCode, 1)
		w.log.Warn(w.o.Lang.LogChangedAfterTaken(), "file", g.record, "changed", strings.Join(changed, ", "))
		for _, n := range changed {
			problem := w.o.Lang.FileWrittenWhileRead()
			if _, err := pr.Lstat(n); errors.Is(err, fs.ErrNotExist) {
				problem = w.o.Lang.FileRemovedWhileImported()
			}
			if err := addProblem(r, summary, n, problem); err != nil {
				w.log.Error(w.o.Lang.LogSummaryNotAmended(), "file", g.record, "error", err)
			}
		}
	}
	dest := Done
	if res.ExitCode != 0 {
		dest = Failed
	}
	// A folder that became a link (or a file) since the start leaves the file in processing/,
	// said in the log, rather than follow it.
	var fixes []string // the rows to fix, as their names will follow the file's
	if reimport := filepath.Join(work, Corrigir); dest == Failed && ownFolder(r, reimport, false) == nil {
		if ents, err := fs.ReadDir(r.FS(), filepath.ToSlash(reimport)); err == nil {
			for _, e := range ents {
				fixes = append(fixes, e.Name())
			}
		}
	}
	final, err := w.freeName(ctx, r, dest, g, dest == Failed, fixes)
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		// Stopped while looking for a name: imported again at the next start, as a file
		// interrupted (not counted as a start that crashed).
		writeStarts(r, work, starts-1)
		w.log.Warn(w.o.Lang.LogInterruptedStays(), "file", g.record)
		return
	}
	if err != nil {
		w.log.Error(w.o.Lang.LogCouldNotMoveOut(), "file", g.record, "error", err)
		var reports []string
		for _, rep := range []string{"report.xlsx", "report.jsonl"} {
			if _, err := r.Lstat(filepath.Join(work, rep)); err == nil {
				reports = append(reports, abs(filepath.Join(work, rep)))
			}
		}
		w.reportStuck(ctx, r, g, summary, reports, res, err)
		return
	}
	// The name chosen, kept before anything moves: a watcher stopped from here on finishes
	// the sort under it at its next start (else it would import the file again, under the
	// next free name, its first reports left in done/ or failed/ with no file).
	writeSorting(r, work, dest, final, res.ExitCode)
	w.sort(ctx, r, pr, g, work, dest, final, res)
}

// sort moves a group's outputs from its work folder work (in the drop folder r) to dest under
// the name final, then the group's files, and says so; pr is processing/ as the files were
// taken into it.
func (w *watcher) sort(ctx context.Context, r, pr *os.Root, g group, work, dest, final string, res Result) {
	abs := func(p string) string { return filepath.Join(w.o.Dir, p) }
	summary := filepath.Join(work, "summary.json")
	if err := inPlace(r, pr); err != nil {
		// processing/ renamed away (a link, or another folder, in its place): nothing is
		// moved by its path, the file and its outputs stay in the folder renamed, the log
		// and its summary there saying why.
		w.log.Error(w.o.Lang.LogCouldNotMoveOut(), "file", g.record, "error", err)
		if aerr := addProblem(pr, filepath.Join(workName(g.record), "summary.json"), g.record, w.o.Lang.WatchStuck(err.Error())); aerr != nil {
			w.log.Error(w.o.Lang.LogSummaryNotAmended(), "file", g.record, "error", aerr)
		}
		w.finishedInProcessing(ctx, Finish{Name: g.record, File: abs(filepath.Join(Processing, g.record)), Result: Failed,
			ExitCode: max(res.ExitCode, 1)}, pr, filepath.Join(workName(g.record), "summary.json"))
		return
	}
	fin := Finish{Name: g.record, File: abs(filepath.Join(dest, final)), Result: dest, ExitCode: res.ExitCode}
	var moveErrs []error
	var into []string // the folders outputs were moved into, to sync before the file moves
	moveOut := func(from, to string) bool {
		if _, err := r.Lstat(from); errors.Is(err, fs.ErrNotExist) {
			return false // not written
		}
		if err := move(r, from, to); err != nil {
			moveErrs = append(moveErrs, err)
			return false
		}
		into = append(into, filepath.Dir(to))
		crashAt("sorted " + to)
		return true
	}
	// Outputs first, the file last: a crash in between leaves the file in processing/, imported
	// again at the next start, rather than a file in done/ without its reports.
	for _, rep := range []struct{ from, suffix string }{{"report.xlsx", ".report.xlsx"}, {"report.jsonl", ".report.jsonl"}} {
		to := filepath.Join(dest, final+rep.suffix)
		if moveOut(filepath.Join(work, rep.from), to) {
			fin.Reports = append(fin.Reports, abs(to))
		}
	}
	fin.Summary = abs(filepath.Join(dest, final+".summary.json"))
	moveOut(summary, filepath.Join(dest, final+".summary.json"))
	w.imports++
	reimport := filepath.Join(work, Corrigir)
	var fixes []string // the rows to fix this run left, as moved into failed/corrigir/
	if ownFolder(r, reimport, false) == nil {
		if ents, err := fs.ReadDir(r.FS(), filepath.ToSlash(reimport)); err == nil {
			for _, e := range ents {
				to := filepath.Join(Failed, Corrigir, renamed(e.Name(), g.record, final))
				if moveOut(filepath.Join(reimport, e.Name()), to) {
					fixes = append(fixes, to)
				}
			}
		}
	}
	for _, s := range g.sets {
		moveOut(filepath.Join(Processing, s), filepath.Join(dest, renamed(s, g.record, final)))
	}
	// The outputs' moves durable before the file's, as they are made before it: a power cut
	// could otherwise keep the file's move and lose theirs, the file in done/ without its
	// reports (they came back in the work folder, which the next start removes with the file
	// gone from processing/). Their folders of origin need not be synced: the work folder is
	// removed below, processing/ is synced with the file's move.
	w.syncFolders(r, into...)
	if _, err := r.Lstat(filepath.Join(Processing, g.record)); errors.Is(err, fs.ErrNotExist) {
		// Deleted from processing/ while it was imported (by whoever can write the share):
		// nothing to move, nothing stuck; its reports went to failed/ (it changed after it was
		// taken), and the hook and metrics hear of it as of any failed file.
		w.log.Warn(w.o.Lang.LogRemovedWhileImported(), "file", g.record, "reports", fin.Reports)
	} else if !moveOut(filepath.Join(Processing, g.record), filepath.Join(dest, final)) {
		err := errors.Join(moveErrs...)
		w.log.Error(w.o.Lang.LogCouldNotMoveOut(), "file", g.record, "error", err)
		sum := filepath.Join(dest, final+".summary.json")
		if _, serr := r.Lstat(sum); serr != nil {
			sum = summary // not moved: still in the work folder
		}
		w.reportStuck(ctx, r, g, sum, fin.Reports, res, err)
		return
	}
	if len(moveErrs) > 0 {
		w.log.Error(w.o.Lang.LogOutputsNotMoved(), "file", g.record, "error", errors.Join(moveErrs...))
	}
	// The file's move durable before its work folder goes, and before Finished tells anyone
	// it is sorted: lost with the work folder's removal kept, the file came back in
	// processing/ with no record of its sort, and was imported again under the next free
	// name.
	w.syncFolders(r, dest, Processing)
	r.RemoveAll(work)
	durableAt("remove", work)
	if res.Fixed && (dest == Done || len(fixes) > 0) {
		w.clearFixed(r, g.record, dest, final, res.FixedRows, fixes)
	} else if !res.Fixed && (dest == Done || len(fixes) > 0) {
		w.clearFixedInFile(r, g.record, dest, final, fixes)
	}
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

// clearFixed removes from failed/corrigir/ the rows to fix of name (and its set files) once
// they came back fixed: name, a file of rows to fix dropped back (Result.Fixed), went to done/
// as final, every row ok, with at least as many rows as failed/name's run (leftBy) left to fix (its
// summary's rows not ok, skipped or queued). The team copies the file out of corrigir/ to fix
// it (a copy dropped back, the one in corrigir/ stays): it stayed there, its red rows read as
// still to fix though they were in Senior. Not so a file of the same name that is no file of
// rows to fix (the next day's export: the rows of corrigir/ are still to fix), nor one with
// fewer rows than were left (some left out: they are still to fix). failed/name and its
// reports stay, as every file there does.
//
// A file of rows to fix that comes back with some still wrong went to failed/ as final
// (vendas_2.xlsx), those rows written again in failed/corrigir/ (fixes, all of them: the
// summary names none not written): its copy there is done with too, under the same
// conditions but every row ok. Its fixed rows are in Senior and the others in the new file;
// left, the team found two files of rows to fix for one, the first one's red rows read as
// still to fix though some were in Senior, and fixed again were refused as imported before
// with other values.
func (w *watcher) clearFixed(r *os.Root, name, dest, final string, fixedRows int, fixes []string) {
	corr := filepath.Join(Failed, Corrigir)
	if ownFolder(r, corr, false) != nil {
		return
	}
	if fi, err := r.Lstat(filepath.Join(corr, name)); err != nil || !fi.Mode().IsRegular() {
		return
	}
	rowsOf := func(summary string) (rows, ok int, read bool) {
		b, err := readRegular(r, summary)
		if err != nil {
			return 0, 0, false
		}
		var s monitor.Summary
		if json.Unmarshal(b, &s) != nil || len(s.ReportsNotWritten) > 0 {
			// Not all written: the rows to fix of final may be missing some (and a report
			// not written says nothing on the rows).
			return 0, 0, false
		}
		return s.Rows, s.Outcomes[outcome.OK] + s.Outcomes[outcome.Skipped] + s.Outcomes[outcome.Queued], true
	}
	rows, ok, read := rowsOf(filepath.Join(Failed, leftBy(r, name)+".summary.json"))
	if !read || rows == ok {
		return
	}
	if dest != Done && dest != Failed || dest == Failed && (final == name || len(fixes) == 0) {
		return
	}
	if now, nowOK, read := rowsOf(filepath.Join(dest, final+".summary.json")); !read || dest == Done && now != nowOK || now < rows-ok || fixedRows < rows-ok {
		// fixedRows: a row left out and another added in its place (a new record the team
		// thought of) made as many rows, and the row left out, still to fix, was removed
		// with the file.
		return
	}
	w.removeRowsToFix(r, corr, name, dest, final, fixes, w.o.Lang.LogFixedRemoved())
}

// clearFixedInFile removes from failed/corrigir/ the rows to fix of name (and its set files)
// when name, no file of rows to fix, went to done/ as final holding every one of them, ok or
// skipped: the team fixed the rows in the file it had dropped, not in failed/corrigir/, and
// dropped it again. The copy stayed, its red rows read as still to fix though they were in
// Senior. The rows are matched by port and key, from the JSON Lines reports of failed/name's
// run (leftBy) and of this one; a row to fix without a key (the key is what was wrong), a
// report missing or not all written, or a row to fix not among this file's rows (the next
// day's export under the same name) leaves the copy.
//
// So does such a file that went to failed/ as final (vendas_2.xlsx), some of those rows still
// wrong and written again in failed/corrigir/ (fixes): holding every row left to fix, its ok
// ones are in Senior and the others in the new file, and the copy left two files of rows to
// fix for one.
func (w *watcher) clearFixedInFile(r *os.Root, name, dest, final string, fixes []string) {
	corr := filepath.Join(Failed, Corrigir)
	if ownFolder(r, corr, false) != nil || dest != Done && (dest != Failed || final == name || len(fixes) == 0) {
		return
	}
	if fi, err := r.Lstat(filepath.Join(corr, name)); err != nil || !fi.Mode().IsRegular() {
		return
	}
	left := leftBy(r, name)
	if left == "" {
		return
	}
	complete := func(summary string) bool {
		b, err := readRegular(r, summary)
		if err != nil {
			return false
		}
		var s monitor.Summary
		return json.Unmarshal(b, &s) == nil && len(s.ReportsNotWritten) == 0
	}
	if !complete(filepath.Join(Failed, left+".summary.json")) || !complete(filepath.Join(dest, final+".summary.json")) {
		return
	}
	type row struct {
		Port    string       `json:"port"`
		Key     string       `json:"key"`
		Outcome outcome.Kind `json:"outcome"`
	}
	// each calls fn with every row of a JSON Lines report (whose lines may start with
	// padding: a decoder, not a line scanner); false when it cannot be read whole.
	each := func(report string, fn func(row) bool) bool {
		f, err := openRegular(r, report)
		if err != nil {
			return false
		}
		defer f.Close()
		dec := json.NewDecoder(bufio.NewReader(f))
		for {
			var l row
			if err := dec.Decode(&l); errors.Is(err, io.EOF) {
				return true
			} else if err != nil || !fn(l) {
				return false
			}
		}
	}
	toFix := map[[2]string]bool{}
	if !each(filepath.Join(Failed, left+".report.jsonl"), func(l row) bool {
		if l.Outcome.Success() {
			return true
		}
		toFix[[2]string{l.Port, l.Key}] = true
		return l.Key != ""
	}) || len(toFix) == 0 {
		return
	}
	if !each(filepath.Join(dest, final+".report.jsonl"), func(l row) bool {
		if l.Outcome.Success() || dest == Failed {
			// In failed/, a row not ok is in the new rows to fix (all written: complete).
			delete(toFix, [2]string{l.Port, l.Key})
		}
		return true
	}) || len(toFix) > 0 {
		return
	}
	w.removeRowsToFix(r, corr, name, dest, final, fixes, w.o.Lang.LogFixedInFileRemoved())
}

// removeRowsToFix removes name's rows to fix (and their set files) from corr, failed/corrigir/,
// saying each in the log: done (gone to done/ as final, said as toDone) or superseded by the
// rows to fix that final left in failed/ (fixes).
func (w *watcher) removeRowsToFix(r *os.Root, corr, name, dest, final string, fixes []string, toDone string) {
	ents, err := fs.ReadDir(r.FS(), filepath.ToSlash(corr))
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.Name() != name && !setFileOf(e.Name(), name) || !e.Type().IsRegular() {
			continue // another file's
		}
		// Not synced: a removal lost to a power cut leaves the copy in corrigir/ as it was
		// before the fix came back (dropped again, its rows are skipped by the journal), and
		// nothing the watcher does next relies on its being gone.
		if err := r.Remove(filepath.Join(corr, e.Name())); err == nil {
			if dest == Done {
				w.log.Info(toDone, "file", name, "removed", filepath.Join(corr, e.Name()), "to", filepath.Join(Done, final))
			} else {
				w.log.Info(w.o.Lang.LogFixedSuperseded(), "file", name, "removed", filepath.Join(corr, e.Name()), "to", filepath.Join(Failed, final), "rows_to_fix", fixes)
			}
		}
	}
}

// leftBy is the file in failed/ whose run left failed/corrigir/name, its rows to fix: name,
// or for a workbook's, written as NAME.xlsx whatever its extension, the one workbook NAME.ext
// there (vendas.XLSX saved on Windows, vendas.xlsm). "" when that is not one file.
func leftBy(r *os.Root, name string) string {
	if _, err := r.Lstat(filepath.Join(Failed, name+".summary.json")); !errors.Is(err, fs.ErrNotExist) || !strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return name
	}
	ents, err := fs.ReadDir(r.FS(), Failed)
	if err != nil {
		return ""
	}
	stem, left := strings.TrimSuffix(name, filepath.Ext(name)), ""
	for _, e := range ents {
		n := e.Name()
		ext := filepath.Ext(n)
		if strings.TrimSuffix(n, ext) != stem || !strings.EqualFold(ext, ".xlsx") && !strings.EqualFold(ext, ".xlsm") || !e.Type().IsRegular() {
			continue
		}
		if left != "" {
			return "" // two: which one's rows these are is not known
		}
		left = n
	}
	return left
}

// setFileOf tells a CSV record file's set file by its name: NAME.SET.csv for NAME.csv (not
// NAME.xlsx's NAME.csv, another input's).
func setFileOf(name, record string) bool {
	ext := filepath.Ext(record)
	stem := strings.TrimSuffix(record, ext)
	if !strings.EqualFold(ext, ".csv") || !strings.EqualFold(filepath.Ext(name), ext) || len(name) <= len(stem)+1+len(ext) {
		return false
	}
	set := name[len(stem)+1 : len(name)-len(ext)]
	return strings.EqualFold(name[:len(stem)], stem) && name[len(stem)] == '.' && set != "" && !strings.Contains(set, ".")
}

// stampsOf is the group's files in processing/ (held open as pr) as they are now.
func stampsOf(pr *os.Root, g group) map[string]fs.FileInfo {
	out := map[string]fs.FileInfo{}
	for _, n := range append(slices.Clone(g.sets), g.record) {
		fi, err := pr.Lstat(n)
		if err == nil {
			out[n] = fi
		}
	}
	return out
}

// changedSince is the files of taken (stampsOf) whose size or modification time is not what
// it was, or that are another file now or gone, in order.
func changedSince(pr *os.Root, taken map[string]fs.FileInfo) []string {
	var out []string
	for _, n := range slices.Sorted(maps.Keys(taken)) {
		was := taken[n]
		fi, err := pr.Lstat(n)
		if err != nil || fi.Size() != was.Size() || !fi.ModTime().Equal(was.ModTime()) || !os.SameFile(fi, was) {
			out = append(out, n)
		}
	}
	return out
}

// reportStuck tells monitoring of a file that could not be moved out of processing/ (a
// folder of the watcher's made a link, a full disk): Finished is called as for any failed
// file (the on-finish command, the metrics), with the file where it stays, and its summary
// (summary, in the drop folder r) says why. Without it such a file was said only in the log:
// no hook ran, no metric counted it.
func (w *watcher) reportStuck(ctx context.Context, r *os.Root, g group, summary string, reports []string, res Result, err error) {
	problem := w.o.Lang.WatchStuck(err.Error())
	if aerr := addProblem(r, summary, g.record, problem); aerr != nil {
		w.log.Error(w.o.Lang.LogSummaryNotAmended(), "file", g.record, "error", aerr)
	}
	w.finishedInProcessing(ctx, Finish{Name: g.record, File: filepath.Join(w.o.Dir, Processing, g.record), Result: Failed,
		ExitCode: max(res.ExitCode, 1), Reports: reports}, r, summary)
}

// finishedInProcessing tells Options.Finished of a file left in processing/, its summary at
// name in root (the drop folder, or processing/ as held when it was renamed away). The
// summary is handed over as a private copy, read through root, never by its path: processing/
// is the share's, and whoever writes to it could put there a link (processing/ itself, or the
// summary made a link to the service's password file) that --on-finish then read as
// IMPORTER_SUMMARY, and mailed, as the README's example does. A summary that cannot be read
// so (a link, missing) is none: the command gets a summary of the exit code alone.
func (w *watcher) finishedInProcessing(ctx context.Context, fin Finish, root *os.Root, name string) {
	if w.o.Finished == nil {
		return
	}
	if p, err := heldCopy(root, name); err != nil {
		w.log.Error(w.o.Lang.LogFileSummaryUnreadable(), "file", fin.Name, "error", err)
	} else {
		defer os.Remove(p)
		fin.Summary = p
	}
	w.o.Finished(ctx, fin)
}

// heldCopy copies the regular file name of root (a link is neither followed nor copied) to a
// new private temporary file, and returns its path.
func heldCopy(root *os.Root, name string) (string, error) {
	fi, err := root.Lstat(name)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file (a link?): not read", name)
	}
	b, err := readRegular(root, name)
	if err != nil {
		return "", err
	}
	f, err := scratch.CreateTemp("", "importer-summary-*.json")
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// openRegular opens name in r for reading, refusing what is not a regular file. The work
// folder is in processing/, which whoever writes to the share can write: a pipe put at one of
// its files' names (starts, sorting, summary.json, report.jsonl) was opened and waited for a
// writer for ever, the watcher with it, deaf to SIGTERM, and at every start after (a file left
// in processing/ is looked at first).
func openRegular(r *os.Root, name string) (*os.File, error) {
	f, err := r.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file (a pipe or a device): not read", name)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// readRegular is the content of the regular file name in r (see openRegular).
func readRegular(r *os.Root, name string) ([]byte, error) {
	f, err := openRegular(r, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// addProblem adds to the summary at path (in the drop folder r) a problem of the file as a
// whole, which makes its exit code at least 1.
func addProblem(r *os.Root, path, file, problem string) error {
	var s monitor.Summary
	b, err := readRegular(r, path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	s.ExitCode = max(s.ExitCode, 1)
	p := outcome.FileProblem{File: file, Message: problem}
	if slices.Contains(s.FileProblems, p) {
		return nil // said already (the pipeline's "changed while read")
	}
	s.FileProblems = append(s.FileProblems, p)
	if s.Outcomes == nil {
		s.Outcomes = map[outcome.Kind]int{}
	}
	if b, err = json.MarshalIndent(s, "", "  "); err != nil {
		return err
	}
	return writeFile(r, path, append(b, '\n'))
}

// regular refuses a group in processing/ (held open as pr) that holds anything but regular
// files, or misses one: taken into a folder put in processing/'s place meanwhile.
func regular(pr *os.Root, g group, lang outcome.Lang) error {
	for _, n := range append(slices.Clone(g.sets), g.record) {
		fi, err := pr.Lstat(n)
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

// freeTries is how many names freeName tries of each kind: NAME.ext to NAME_1000.ext, then
// NAME_<date-time>.ext to NAME_<date-time>_1000.ext. A fixed name exported every hour fills
// NAME_2 to NAME_1000 in six weeks; after that each file gets its moment's name (one per
// second), so the export never gets stuck in processing/.
const freeTries = 1000

// stampLayout is the date and time in the names past NAME_1000: vendas_20261201-201500.csv.
const stampLayout = "20060102-150405"

// freeSuffix is what freeName adds to a name's stem: _2 … _1000, _<date-time>, _<date-time>_2 ….
var freeSuffix = regexp.MustCompile(`^(.+?)_(?:[0-9]+|[0-9]{8}-[0-9]{6}(?:_[0-9]+)?)$`)

// Unsuffixed is name without the last suffix freeName gives a name (vendas_2.xlsx →
// vendas.xlsx, vendas_20261201-201500_2.xlsx → vendas.xlsx); ok is false when it has none. A
// failed file's rows to fix carry the name it was sorted under, and that file dropped back
// keeps it: the rules that took vendas.xlsx must take vendas_2.xlsx too.
func Unsuffixed(name string) (string, bool) {
	ext := filepath.Ext(name)
	m := freeSuffix.FindStringSubmatch(strings.TrimSuffix(name, ext))
	if m == nil {
		return name, false
	}
	return m[1] + ext, true
}

// freeName is the name the file gets in dest (Done or Failed, in the drop folder r): its own,
// or NAME_2.ext, NAME_3.ext, … when the file, its reports, its set files or (failed/) its rows
// to fix would overwrite another's, and once NAME_1000.ext is taken NAME_<date-time>.ext
// (then NAME_<date-time>_2.ext, …). A name too long for its reports' names to fit maxName is
// cut (on a character's boundary), its extension and the _N kept: every later file waited
// behind one dropped with a name of 243 bytes or more, whose NAME.report.jsonl no folder
// takes. Any error but "no such file" is an error, not a name taken. fixes are the names of
// the rows to fix in the file's work folder, as written: a workbook's is NAME.xlsx whatever
// its extension (vendas.XLSX, vendas.xlsm), and it too must be free in failed/corrigir/ under
// the name chosen (else the sort renamed it over the rows to fix of another vendas.xlsx).
func (w *watcher) freeName(ctx context.Context, r *os.Root, dest string, g group, failed bool, fixes []string) (string, error) {
	dirs := []string{dest}
	if failed {
		dirs = append(dirs, filepath.Join(Failed, Corrigir))
	}
	for _, d := range dirs {
		if err := ownFolder(r, d, true); err != nil {
			return "", err
		}
	}
	stamp := "_" + w.o.Now().Format(stampLayout)
	suffixOf := func(i int) string { // i from 1 to 2*freeTries
		switch {
		case i == 1:
			return ""
		case i <= freeTries:
			return "_" + strconv.Itoa(i)
		case i == freeTries+1:
			return stamp
		}
		return stamp + "_" + strconv.Itoa(i-freeTries)
	}
	longest := len(suffixOf(2 * freeTries))
	ext := filepath.Ext(g.record)
	stem := strings.TrimSuffix(g.record, ext)
	// The longest name that follows the record's: NAME.report.jsonl (and .summary.json), or a
	// set file's, NAME.itens.csv, which keeps what follows the stem.
	tail := len(ext) + len(".report.jsonl")
	for _, s := range g.sets {
		tail = max(tail, len(s)-len(stem))
	}
	if maxName-tail-longest < 1 {
		// An "extension" as long as a name (a.<240 bytes>) is none: cut it too. No set file
		// has one (theirs is .csv, .txt or .tsv), so the reports' are the longest names.
		ext, stem, tail = "", g.record, len(".report.jsonl")
	}
	// nameAt is the i-th name and whether it is free.
	nameAt := func(i int) (string, bool, error) {
		suffix := suffixOf(i)
		name := g.record
		if i > 1 || len(stem)+tail > maxName {
			name = cutName(stem, maxName-tail-len(suffix)) + suffix + ext
		}
		paths := []string{name, name + ".report.xlsx", name + ".report.jsonl", name + ".summary.json"}
		for _, s := range g.sets {
			paths = append(paths, renamed(s, g.record, name))
		}
		if failed {
			for _, p := range append([]string{name}, paths[4:]...) {
				paths = append(paths, filepath.Join(Corrigir, p))
			}
			for _, f := range fixes {
				paths = append(paths, filepath.Join(Corrigir, renamed(f, g.record, name)))
			}
		}
		for _, p := range paths {
			_, err := r.Lstat(filepath.Join(dest, p))
			if err == nil {
				return name, false, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", false, err
			}
		}
		return name, true, nil
	}
	for i := 1; i <= 2*freeTries; i++ {
		if i > 10 && ctx.Err() != nil {
			// Stopped: a search this long is no quick pick before the file leaves, and stopping
			// must not wait for it. The file stays in processing/ for the next start.
			return "", ctx.Err()
		}
		if i == 2 {
			// NAME_1000 taken: the numbered names are spent (a fixed name exported every hour),
			// and each later file goes to its moment's name without looking at the thousand
			// first (some 16,000 looks on a share, every hour).
			if _, free, err := nameAt(freeTries); err != nil {
				return "", err
			} else if !free {
				i = freeTries + 1
			}
		}
		name, free, err := nameAt(i)
		if err != nil {
			return "", err
		}
		if free {
			return name, nil
		}
	}
	return "", fmt.Errorf("%s: no free name in %s/ (tried %d)", g.record, dest, 2*freeTries)
}

// cutName is name cut to at most n bytes, not within a character: names are bytes, and a
// character cut in two would be shown as garbage on the share.
func cutName(name string, n int) string {
	if n >= len(name) {
		return name
	}
	n = max(n, 0)
	// Bytes that are not UTF-8 (a name in Latin-1) are cut anywhere, not searched back for good.
	for back := 0; back < utf8.UTFMax-1 && n > 0 && !utf8.RuneStart(name[n]); back++ {
		n--
	}
	return name[:n]
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

// readSorting is where a watcher that stopped while sorting a file meant it to go (in the
// file's work folder work of the drop folder r), and the import's exit code; ok is false when
// it had not begun to sort it.
func readSorting(r *os.Root, work string) (dest, final string, code int, ok bool) {
	b, err := readRegular(r, filepath.Join(work, "sorting"))
	if err != nil {
		return "", "", 0, false
	}
	f := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(f) != 3 || (f[0] != Done && f[0] != Failed) || f[1] == "" || f[1] != filepath.Base(f[1]) || strings.HasPrefix(f[1], ".") {
		return "", "", 0, false
	}
	code, err = strconv.Atoi(f[2])
	if err != nil {
		return "", "", 0, false
	}
	return f[0], f[1], code, true
}

func writeSorting(r *os.Root, work, dest, final string, code int) {
	writeFile(r, filepath.Join(work, "sorting"), []byte(dest+"\n"+final+"\n"+strconv.Itoa(code)+"\n"))
}

func readStarts(r *os.Root, work string) int { return readCount(r, work, "starts") }

// readCount is the number the work folder's file name holds (0: none).
func readCount(r *os.Root, work, name string) int {
	b, err := readRegular(r, filepath.Join(work, name))
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// reportedRows counts the rows the work folder's report.jsonl holds, as a start killed left
// it, those not sent (an interrupt's) aside.
func reportedRows(r *os.Root, work string) int {
	f, err := openRegular(r, filepath.Join(work, "report.jsonl"))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<20) // a read port's line holds Senior's whole answer
	n := 0
	for sc.Scan() {
		if !bytes.Contains(sc.Bytes(), []byte(`"outcome":"not_sent"`)) {
			n++
		}
	}
	return n
}

func writeStarts(r *os.Root, work string, n int) {
	writeFile(r, filepath.Join(work, "starts"), []byte(strconv.Itoa(n)+"\n"))
}

// writeFallbackSummary is the summary of an import that wrote none: its exit code and why.
func writeFallbackSummary(r *os.Root, path string, res Result) {
	s := struct {
		ExitCode int    `json:"exit_code"`
		Error    string `json:"error,omitempty"`
	}{ExitCode: res.ExitCode}
	if res.Err != nil {
		s.Error = res.Err.Error()
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	ownFolder(r, filepath.Dir(path), true)
	writeFile(r, path, append(b, '\n'))
}
