package journal

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

// The schema is a series of numbered SQL files, applied in order, each once: the number of
// the last one applied is the database's user_version. A file is never edited once
// released; a change is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads NNNN_name.sql files from dir "migrations" of fsys, numbered from 1
// without a gap.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the name must be NNNN_what.sql", name)
		}
		b, err := fs.ReadFile(fsys, path.Join("migrations", name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, k int) bool { return ms[i].version < ms[k].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d (numbers start at 1, without gaps or repeats)", m.name, i+1)
		}
	}
	return ms, nil
}

// Upgrade is what opening did to a journal an older importer wrote: its schema From brought
// up to To, and Kept, the copy of it as it was (PATH.schemaN.bak), made first; Kept is ""
// when none could be made, Err saying why.
type Upgrade struct {
	From, To int
	Kept     string
	Err      error
}

// migrate applies the migrations the database has not seen, all in one immediate transaction
// that reads user_version first: two processes opening a new journal at once apply each file
// once, and a process killed midway leaves the journal as it was. Applied each in its own
// transaction, a run killed while it made a new journal left one of the first files only,
// which the next run took for an older importer's: it said the journal was upgraded and kept
// a copy of it, of nothing, beside it. A journal of an older schema is first copied beside
// path (keepCopy).
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, path string) (Upgrade, error) {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return Upgrade{}, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return Upgrade{}, err
	}
	defer conn.Close()
	var v int
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return Upgrade{}, err
	}
	var up Upgrade
	if v > 0 && v < len(ms) {
		up = Upgrade{From: v, To: len(ms)}
		up.Kept, up.Err = keepCopy(ctx, conn, path, v)
	}
	if err := applyMigrations(ctx, conn, ms); err != nil {
		return Upgrade{}, err
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return Upgrade{}, err
	}
	if v > len(ms) {
		return Upgrade{}, newerSchema(v, len(ms))
	}
	return up, nil
}

// keepCopy copies the journal at path, of schema v, to path.schemaV.bak (readable by the user
// only, as the journal) before it is migrated: an older importer refuses a migrated journal,
// and an operator who went back after a new version's first night had only a fresh journal,
// every record of the migration unknown to it (sent again: G5's includes found and
// skipped, the CRM's upserts sent again). A copy of that schema already there is left as it
// is and this one goes beside it, path.schemaV.2.bak and on: it was taken for this copy and
// named as it, though it held the journal of the first upgrade, and an operator who had gone
// back once (the copy put in place, nights run by the older version) and upgraded again was
// told to go back to a journal that knew none of those nights.
func keepCopy(ctx context.Context, conn *sql.Conn, path string, v int) (string, error) {
	var dst string
	var f *os.File
	var err error
	for n := 1; ; n++ {
		dst = fmt.Sprintf("%s.schema%d.bak", path, v)
		if n > 1 {
			dst = fmt.Sprintf("%s.schema%d.%d.bak", path, v, n)
		}
		f, err = os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if !errors.Is(err, fs.ErrExist) || n == 100 {
			break
		}
	}
	if err != nil {
		return "", err
	}
	f.Close() // VACUUM INTO fills an empty file
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		os.Remove(dst)
		return "", err
	}
	// Another process may have migrated the journal between the schema read and the copy.
	var got int
	cp, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: dst}).String()+"?mode=ro")
	if err == nil {
		err = cp.QueryRowContext(ctx, "PRAGMA user_version").Scan(&got)
		cp.Close()
	}
	if err != nil || got != v {
		os.Remove(dst)
		return "", cmp.Or(err, fmt.Errorf("another process migrated the journal while it was copied (schema %d)", got))
	}
	return dst, nil
}

// newerSchema is ErrNewerSchema for a journal of schema v read by a program that knows the
// first known: it says what to do, and that the file was not touched (an operator who went
// back to the old importer after trying the new one on the same journal read only the
// numbers, and asked whether the journal was now broken).
func newerSchema(v, known int) error {
	return &NewerSchemaError{Schema: v, Known: known}
}

// NewerSchemaError is ErrNewerSchema with the numbers: the journal's schema and the last this
// importer knows (a caller says it in its own language from them).
type NewerSchemaError struct{ Schema, Known int }

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("%v (schema %d; this importer knows up to %d): a newer importer wrote it; "+
		"use that version, or a newer one, with this journal (importer version prints this one's). "+
		"This one left the file as it was", ErrNewerSchema, e.Schema, e.Known)
}

func (e *NewerSchemaError) Unwrap() error { return ErrNewerSchema }

// applyMigrations applies the migrations of ms (numbered from 1, without gaps) after the one
// the database's user_version names, and sets it to the last, in one transaction.
func applyMigrations(ctx context.Context, conn *sql.Conn, ms []migration) (err error) {
	tx, err := conn.BeginTx(ctx, nil) // immediate: _txlock in the DSN
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v > len(ms) {
		return newerSchema(v, len(ms))
	}
	if v == len(ms) {
		return tx.Rollback()
	}
	for _, m := range ms[v:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	// user_version lives in the database header: setting it is part of the transaction.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(ms))); err != nil {
		return err
	}
	return tx.Commit()
}
