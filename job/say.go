package job

import (
	"errors"
	"fmt"

	"seniorimporter/outcome"
)

// detail is one of the Err… values with what more is known of it (the key meant, the line
// it was first given on, the shape a value needed), so that a caller can say it in the run's
// language (Error.In); its Error is the English.
type detail struct {
	err  error  // the Err… value
	code string // which detail of err, as outcome's messages for job files name them
	s    string // the key meant, the step's keys, a pattern, a step's name, a constant, yaml's words
	s2   string // a second text: the key meant after a step's keys
	n    int    // a line
	flag bool   // a pattern with a backslash (ErrNoMatch)
}

func (d *detail) Error() string { return d.say(outcome.EN) }
func (d *detail) Unwrap() error { return d.err }

func (d *detail) say(l outcome.Lang) string {
	switch d.err {
	case ErrUnknownKey:
		if d.code == "step" {
			return l.JobStepUnknownKey(d.s, d.s2)
		}
		return l.JobUnknownKey(d.s)
	case ErrTwice:
		if d.code == "step-name" {
			return l.JobStepNamedTwice(d.s, d.n)
		}
		return l.JobTwice(d.n)
	case ErrShape:
		return l.JobShape(d.code, d.s)
	case ErrNoMatch:
		return l.JobNoMatch(d.s, d.flag)
	case ErrTab:
		return l.JobTab(d.s)
	}
	return sayErr(l, d.err)
}

// sayErr is one of the Err… values, alone, in l; any other error as it is.
func sayErr(l outcome.Lang, err error) string {
	switch err {
	case ErrUnknownKey:
		return l.JobUnknownKey("")
	case ErrPassword:
		return l.JobPassword()
	case ErrEnvName:
		return l.JobEnvName()
	case ErrTwice:
		return l.JobTwice(0)
	case ErrShape:
		return l.JobShape("", "")
	case ErrNoMatch:
		return l.JobNoMatch("", false)
	case ErrEmpty:
		return l.JobEmpty()
	case ErrDocuments:
		return l.JobDocuments()
	}
	return err.Error()
}

// In is e in l: its place ("job.yaml:4: wokers: "), then what is wrong, in l when it is one of
// the Err… values (a flag's refusal of a value, yaml's words, stay as they are).
func (e *Error) In(l outcome.Lang) string {
	var why string
	var d *detail
	if errors.As(e.Err, &d) {
		why = d.say(l)
	} else {
		why = sayErr(l, e.Err)
	}
	if e.Key == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, why)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Key, why)
}
