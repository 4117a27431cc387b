package writers

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
)

// spool keeps rows on disk until a workbook is assembled: excelize's StreamWriter writes one
// sheet at a time, while rows of several sheets arrive interleaved. Memory stays bounded
// whatever the number of rows.
type spool struct {
	f   *os.File
	w   *bufio.Writer
	enc *json.Encoder
	n   int
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "importer-spool-*")
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	return &spool{f: f, w: w, enc: json.NewEncoder(w)}, nil
}

func (s *spool) add(v any) error {
	s.n++
	return s.enc.Encode(v)
}

// each replays the rows in order.
func (s *spool) each(fn func(dec *json.Decoder) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dec := json.NewDecoder(bufio.NewReaderSize(s.f, 64<<10))
	dec.UseNumber()
	for i := 0; i < s.n; i++ {
		if err := fn(dec); err != nil {
			return err
		}
	}
	return nil
}

func (s *spool) remove() {
	s.f.Close()
	os.Remove(s.f.Name())
}
