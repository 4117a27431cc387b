package simulator

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// elem is a parsed request element with its resolved namespace.
type elem struct {
	space, name string
	text        string
	kids        []*elem
}

func (e *elem) child(name string) *elem {
	for _, k := range e.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// parseXML reads a whole request. It is the simulator's own parser (not package soap's), so
// the two sides of the wire are written independently.
func parseXML(body []byte) (*elem, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	var stack []*elem
	var root *elem
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if root == nil || len(stack) > 0 {
				return nil, errors.New("XML incompleto")
			}
			return root, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			e := &elem{space: t.Name.Space, name: t.Name.Local}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("mais de um elemento raiz")
				}
				root = e
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
}

// escape escapes text for an answer.
func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func tag(name, v string) string {
	if v == "" {
		return ""
	}
	return "<" + name + ">" + escape(v) + "</" + name + ">"
}
