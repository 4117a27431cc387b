// Package scratch keeps the importer's temporary files where a run killed without warning
// (SIGKILL, the OOM killer, a power cut) cannot leave them for good. Each is named for the
// host and the process that made it (HOST.PID), and a later run removes those of processes
// that no longer run: the temporary folder a process keeps under os.TempDir() (shared
// strings spilled from a workbook, a report's parts, a UTF-16 file converted), and a report's
// temporary file beside the report, which grows to the report's size before it is renamed
// into place.
//
// Only this host's entries are ever removed, and only when their process is gone (a process
// id taken again by another program keeps them: the safe side). Elsewhere than Unix nothing
// is removed.
package scratch

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// dirPrefix begins the name of each process's temporary folder under os.TempDir().
const dirPrefix = "senior-importer-"

// Mark is this process's "HOST.PID": HOST the host name with each character other than an
// ASCII letter, a digit or '-' made '-' (so that the first '.' ends it).
func Mark() string { return mark }

var mark = hostName() + "." + strconv.Itoa(os.Getpid())

func hostName() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "host"
	}
	return strings.Map(func(r rune) rune {
		if r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '-'
	}, h)
}

// Name is prefix + Mark() + "-" + a random suffix: the name of a temporary entry Sweep knows.
func Name(prefix string) string {
	return prefix + mark + "-" + strconv.FormatUint(rand.Uint64(), 36)
}

// Sweep removes the entries of dir named prefix + HOST.PID + "-..." (Name's names) whose
// HOST is this host and whose process no longer runs, folders with what is in them. This
// process's own entries and other hosts' are never removed. It returns the names removed.
func Sweep(dir, prefix string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	host, _, _ := strings.Cut(mark, ".")
	var removed []string
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		h, rest, ok := strings.Cut(rest, ".")
		if !ok || h != host {
			continue
		}
		p, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(p)
		if !ok || err != nil || pid <= 0 || pid == os.Getpid() || running(pid) {
			continue
		}
		if os.RemoveAll(filepath.Join(dir, e.Name())) == nil {
			removed = append(removed, e.Name())
		}
	}
	return removed
}

var (
	mu  sync.Mutex
	dir string
)

// Dir is this process's temporary folder, made (0700) on first use under os.TempDir() as
// senior-importer-HOST.PID-RANDOM, once the folders of processes gone are swept. It is made
// again if it went (a watch runs for weeks: systemd-tmpfiles removes what is old in /tmp) or
// TMPDIR changed (tests).
func Dir() (string, error) {
	mu.Lock()
	defer mu.Unlock()
	base := os.TempDir()
	if dir != "" && filepath.Dir(dir) == base {
		// Still the folder it made: not a link, nor a folder someone else put in its place
		// once it went (its name shows in a shared /tmp), which could read or change the
		// workbook strings spilled there between their writing and their reading.
		if fi, err := os.Lstat(dir); err == nil && fi.IsDir() && mine(fi) {
			return dir, nil
		}
	}
	Sweep(base, dirPrefix)
	d := filepath.Join(base, Name(dirPrefix))
	if err := os.Mkdir(d, 0o700); err != nil {
		return "", err
	}
	dir = d
	return dir, nil
}

// CreateTemp is os.CreateTemp in dir, or in Dir() when dir is "".
func CreateTemp(dir, pattern string) (*os.File, error) {
	if dir == "" {
		d, err := Dir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	return os.CreateTemp(dir, pattern)
}

// RemoveAll removes Dir() with what is in it, if it was made; a later CreateTemp makes a new
// one. main calls it on the way out.
func RemoveAll() {
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
		dir = ""
	}
}
