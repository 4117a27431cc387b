package pipeline

import (
	"context"
	"fmt"
	"maps"
	"seniorimporter/outcome"
	"seniorimporter/readers"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Records streams the input's records, in file order, each assembled from its rows (and its
// set sheets' rows) and checked. Rows of a record's sets are joined by the parent's key:
// memory stays bounded when set rows come in the order of their records; rows that come
// out of order are held until their record is read (see README, "Set sheets").
func (in *Input) Records(ctx context.Context, fn func(*Record) error) error {
	if len(in.fileErrs) > 0 {
		return in.allInvalid(ctx, fn)
	}
	rec := in.record
	if rec.header == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Pass 1 over the set sheets: how many rows each parent has, so a record knows when it
	// has all of its children without reading the whole sheet into memory.
	counts := make([]map[string]int, len(in.sets))
	for i, pl := range in.sets {
		counts[i] = map[string]int{}
		err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
			if r.Line <= pl.headerLine {
				return nil
			}
			counts[i][in.parentKey(pl, r.Cells)]++
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", where(pl), err)
		}
	}
	// Pass 2: the set sheets stream beside the record sheet.
	var g errgroup.Group
	streams := make([]*setStream, len(in.sets))
	for i, pl := range in.sets {
		stream := &setStream{pl: pl, counts: counts[i], ch: make(chan *parsedRow, 256), held: map[string][]*parsedRow{}, given: map[string]int{}}
		streams[i] = stream
		g.Go(func() error {
			defer close(stream.ch)
			err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
				if r.Line <= pl.headerLine {
					return nil
				}
				pr := in.parse(pl, r)
				select {
				case stream.ch <- pr:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if err != nil && ctx.Err() == nil {
				return fmt.Errorf("%s: %w", where(pl), err)
			}
			return nil
		})
	}

	var group []*parsedRow
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		r := in.build(group, streams)
		group = nil
		return fn(r)
	}
	err := rec.src.Rows(ctx, rec.srcSheet, func(r readers.Row) error {
		if r.Line <= rec.headerLine {
			return nil
		}
		pr := in.parse(rec, r)
		// Rows of one record are consecutive: with dotted set columns, a row that repeats the
		// key adds children to the record above it.
		if len(group) > 0 && rec.dotted && pr.key != "" && pr.key == group[0].key {
			group = append(group, pr)
			return nil
		}
		if err := flush(); err != nil {
			return err
		}
		group = []*parsedRow{pr}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		cancel()
		_ = g.Wait()
		return err
	}
	// Set rows no record claimed: children with no parent.
	for _, stream := range streams {
		for pr := range stream.ch {
			stream.held[pr.key] = append(stream.held[pr.key], pr)
		}
		for _, k := range slices.Sorted(maps.Keys(stream.held)) {
			rows := stream.held[k]
			r := &Record{Port: in.Port, Problems: map[int][]outcome.Problem{}}
			for i, pr := range rows {
				r.Rows = append(r.Rows, pr.source())
				r.Problems[i] = append(pr.problems, outcome.Problem{Reason: in.opt.Lang.Orphan(displayKey(k))})
			}
			if err := fn(r); err != nil {
				cancel()
				_ = g.Wait()
				return err
			}
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}
	in.accidentWarnings()
	return nil
}

// setStream is one set sheet read beside the record sheet.
type setStream struct {
	pl     *sheetPlan
	counts map[string]int          // rows per parent key (pass 1)
	ch     chan *parsedRow         // the rows, in sheet order
	held   map[string][]*parsedRow // rows read ahead of their record
	given  map[string]int          // parent key → line of the record that took its rows
}

// take returns the rows of the set sheet whose parent is key, reading ahead as needed.
func (s *setStream) take(key string) []*parsedRow {
	want := s.counts[key]
	if want == 0 {
		return nil
	}
	for len(s.held[key]) < want {
		pr, ok := <-s.ch
		if !ok {
			break
		}
		s.held[pr.key] = append(s.held[pr.key], pr)
	}
	rows := s.held[key]
	delete(s.held, key)
	delete(s.counts, key)
	return rows
}

// allInvalid reports every row of a file with a file-level problem as invalid.
func (in *Input) allInvalid(ctx context.Context, fn func(*Record) error) error {
	reason := strings.Join(in.fileErrs, "; ")
	for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
		if pl.header == nil {
			continue
		}
		err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
			if r.Line <= pl.headerLine {
				return nil
			}
			return fn(&Record{
				Port:     in.Port,
				Rows:     []SourceRow{{File: pl.file, Sheet: pl.sheet, Line: r.Line, Header: pl.header, Cells: in.originals(r.Cells)}},
				Problems: map[int][]outcome.Problem{0: {{Reason: reason}}},
			})
		})
		if err != nil {
			return fmt.Errorf("%s: %w", where(pl), err)
		}
	}
	return nil
}
