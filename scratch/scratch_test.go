package scratch

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// deadPid is the id of a process that ran and ended (this test binary, running no test).
func deadPid(t *testing.T) int {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no process check here: nothing is swept")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// Sweep removes this host's entries of processes gone (files and folders), and nothing else:
// not this process's, not a running process's, not another host's, not other names.
func TestSweep(t *testing.T) {
	dead := strconv.Itoa(deadPid(t))
	host, _, _ := strings.Cut(Mark(), ".")
	live := strconv.Itoa(os.Getppid()) // the go command, or whatever ran this test: running
	dir := t.TempDir()
	for _, c := range []struct {
		name   string
		folder bool
		gone   bool
	}{
		{".r.csv.tmp-" + host + "." + dead + "-abc", false, true},
		{".r.csv.tmp-" + host + "." + dead + "-def", true, true},
		{".r.csv.tmp-" + Mark() + "-abc", false, false},             // this process
		{".r.csv.tmp-" + host + "." + live + "-abc", false, false},  // a running process
		{".r.csv.tmp-otherhost." + dead + "-abc", false, false},     // another host's
		{".r.csv.tmp-" + host + "x." + dead + "-abc", false, false}, // a host whose name begins like it
		{".r.xlsx.tmp-" + host + "." + dead + "-abc", false, false}, // another report's
		{".r.csv.tmp-1sed7p2vl5n9p", false, false},                  // no mark
		{".r.csv.tmp-" + host + "." + dead, false, false},           // no suffix: not Name's
		{".r.csv.tmp-" + host + ".x" + dead + "-a", false, false},
		{"r.csv", false, false},
	} {
		p := filepath.Join(dir, c.name)
		var err error
		if c.folder {
			err = os.MkdirAll(filepath.Join(p, "part"), 0o700)
		} else {
			err = os.WriteFile(p, []byte("x"), 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if _, err := os.Stat(p); os.IsNotExist(err) != c.gone {
				t.Errorf("%s: removed %v, want %v", c.name, os.IsNotExist(err), c.gone)
			}
		}()
	}
	removed := Sweep(dir, ".r.csv.tmp-")
	slices.Sort(removed)
	if want := []string{".r.csv.tmp-" + host + "." + dead + "-abc", ".r.csv.tmp-" + host + "." + dead + "-def"}; !slices.Equal(removed, want) {
		t.Errorf("removed %q, want %q", removed, want)
	}
}

// Dir is made once, under os.TempDir(), named for this process, after the folders of
// processes gone are swept; RemoveAll removes it with its files, and a later CreateTemp makes
// a new one.
func TestDir(t *testing.T) {
	dead := strconv.Itoa(deadPid(t))
	host, _, _ := strings.Cut(Mark(), ".")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	left := filepath.Join(tmp, dirPrefix+host+"."+dead+"-abc")
	if err := os.MkdirAll(filepath.Join(left, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	RemoveAll()
	f, err := CreateTemp("", "readers-sst-*")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	d, _ := Dir()
	if filepath.Dir(d) != tmp || !strings.HasPrefix(filepath.Base(d), dirPrefix+Mark()+"-") || filepath.Dir(f.Name()) != d {
		t.Errorf("folder %s, file %s", d, f.Name())
	}
	if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("folder: %v %v", fi, err)
	}
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Errorf("a gone process's folder stays: %v", err)
	}
	RemoveAll()
	if _, err := os.Stat(d); !os.IsNotExist(err) {
		t.Errorf("RemoveAll left %s: %v", d, err)
	}
	if f, err := CreateTemp("", "x-*"); err != nil || filepath.Dir(filepath.Dir(f.Name())) != tmp {
		t.Errorf("after RemoveAll: %v %v", f, err)
	} else {
		f.Close()
	}
	RemoveAll()

	// A folder removed under the process (systemd-tmpfiles) is made again, and so is one of
	// another TMPDIR.
	d1, _ := Dir()
	os.Remove(d1)
	if d2, err := Dir(); err != nil || d2 == d1 || filepath.Dir(d2) != tmp {
		t.Errorf("after its folder went: %s, %v (was %s)", d2, err, d1)
	}
	// One put back in its place by someone else (its name shows in a shared /tmp) is not
	// written into: a link (to a folder of theirs), a folder others may enter. Taken again, the
	// workbook strings spilled there could be read or changed between their writing and their
	// reading.
	for _, put := range []func(string) error{
		func(p string) error { return os.Symlink(t.TempDir(), p) },
		func(p string) error { return os.Mkdir(p, 0o777) },
	} {
		d1, _ := Dir()
		os.Remove(d1)
		if err := put(d1); err != nil {
			t.Fatal(err)
		}
		os.Chmod(d1, 0o777) // whatever the umask
		if d2, err := Dir(); err != nil || d2 == d1 || filepath.Dir(d2) != tmp {
			t.Errorf("its folder put back by another: %s, %v (was %s)", d2, err, d1)
		}
	}
	other := t.TempDir()
	t.Setenv("TMPDIR", other)
	if d3, err := Dir(); err != nil || filepath.Dir(d3) != other {
		t.Errorf("TMPDIR changed: %s, %v", d3, err)
	}
	RemoveAll()

	// A folder given is used as it is.
	own := t.TempDir()
	if f, err := CreateTemp(own, "x-*"); err != nil || filepath.Dir(f.Name()) != own {
		t.Errorf("CreateTemp(own): %v %v", f, err)
	} else {
		f.Close()
	}
}

// Mark's host part has no '.', so that Sweep can read where it ends.
func TestMark(t *testing.T) {
	host, pid, ok := strings.Cut(Mark(), ".")
	if !ok || host == "" || strings.ContainsAny(host, "./\\") || pid != strconv.Itoa(os.Getpid()) {
		t.Errorf("Mark %q", Mark())
	}
}

// A zombie (killed, its parent not yet reaped it) is not running: its files are swept.
func TestZombieIsNotRunning(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	defer cmd.Wait()
	if !running(pid) && !zombie(pid) {
		t.Fatalf("a process just started is not running")
	}
	for i := 0; !zombie(pid); i++ { // it ends by itself; not reaped until Wait
		if i > 500 {
			t.Fatal("the process never ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if running(pid) {
		t.Errorf("a zombie counts as running")
	}
	if !running(os.Getpid()) {
		t.Errorf("this process does not run")
	}
}

func zombie(pid int) bool {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && i+2 < len(b) && b[i+2] == 'Z'
}
