package main

import (
	"seniorimporter/outcome"
	"strings"
	"testing"
	"time"
)

// TestParseAge: prune's --older-than, as people write an age.
func TestParseAge(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
		err  string // a part of the refusal; "" = accepted
	}{
		{"90d", 90 * 24 * time.Hour, ""},
		{"26w", 26 * 7 * 24 * time.Hour, ""},
		{"2160h", 2160 * time.Hour, ""},
		{"6m0s", 6 * time.Minute, ""},
		{"6m", 0, "not months"},
		{"0d", 0, "more than zero"},
		{"-3d", 0, "more than zero"},
		{"-1h", 0, "more than zero"},
		{"d", 0, "give days"},
		{"1.5d", 0, "give days"},
		{"99999999d", 0, "give days"},
		{"", 0, "give days"},
		{"90 d", 0, "give days"},
	} {
		got, err := parseAge(outcome.EN, c.in)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("%q: %v, %v; want %v", c.in, got, err, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: %v, %v; want an error saying %q", c.in, got, err, c.err)
		}
	}
}

// FuzzParseAge: whatever is written, parseAge never panics, and an age it takes is more than
// zero (prune of an age of zero or less would prune every run).
func FuzzParseAge(f *testing.F) {
	for _, s := range []string{"90d", "26w", "2160h", "6m", "6m0s", "-1d", "9223372036854775807d", "1e9h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := parseAge(outcome.EN, s); err == nil && d <= 0 {
			t.Errorf("%q taken as %v", s, d)
		}
	})
}

// TestByteSize: --max-answer's SIZE, and its default as --help shows it.
func TestByteSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64 // 0 = refused
	}{
		{"16MiB", 16 << 20}, {"512KiB", 512 << 10}, {"2GiB", 2 << 30}, {"1MB", 1e6}, {"100", 100},
		{" 3 KiB ", 3 << 10}, {"10B", 10}, {"0", 0}, {"-1MiB", 0}, {"1.5MiB", 0}, {"MiB", 0}, {"", 0},
		{"9223372036854775807", 0}, {"4611686018427387904KiB", 0},
	} {
		var b byteSize
		err := b.Set(c.in)
		if c.want == 0 {
			if err == nil {
				t.Errorf("%q taken as %d", c.in, b)
			}
			continue
		}
		if err != nil || int64(b) != c.want {
			t.Errorf("%q: %d, %v; want %d", c.in, b, err, c.want)
		}
	}
	if b := byteSize(16 << 20); b.String() != "16MiB" {
		t.Errorf("16 MiB shown as %s", b.String())
	}
}

// FuzzByteSize: a size Set takes is more than zero and what String shows of it reads back as
// the same size (the --help default is one such).
func FuzzByteSize(f *testing.F) {
	for _, s := range []string{"16MiB", "512KiB", "1MB", "100", "4611686018427387903", "8GiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b byteSize
		if b.Set(s) != nil {
			return
		}
		if b <= 0 {
			t.Fatalf("%q taken as %d", s, b)
		}
		var again byteSize
		if err := again.Set(b.String()); err != nil || again != b {
			t.Errorf("%q: %d shown as %s, read back as %d (%v)", s, b, b.String(), again, err)
		}
	})
}
