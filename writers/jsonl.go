package writers

import (
	"seniorimporter/outcome"

	"bufio"
	"encoding/json"
	"os"
)

type jsonlWriter struct {
	f   *os.File
	w   *bufio.Writer
	enc *json.Encoder
}

func openJSONL(path string) (Writer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{f: f, w: w, enc: enc}, nil
}

func (j *jsonlWriter) Write(o *outcome.Line) error { return j.enc.Encode(o) }

func (j *jsonlWriter) Close() error {
	err := j.w.Flush()
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	return err
}
