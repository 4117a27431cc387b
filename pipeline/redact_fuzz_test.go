package pipeline

import (
	"errors"
	"strings"
	"testing"

	"seniorimporter/soap"
)

// FuzzRedact: whatever a server says and whatever the passwords are, what the redactor
// gives back holds none of them (nor their escaped forms), in a message, in an error's text
// or in a cut excerpt; and a text that held none comes back unchanged. The text is built
// from the fuzz bytes out of pieces of the passwords, the blank and free text, so that the
// fuzzer explores how they meet rather than waiting for a password to appear by chance.
func FuzzRedact(f *testing.F) {
	f.Add("S3cret&<x>", "", []byte{0, 7, 2, 1}, "<password>")
	f.Add("Str4yS3cretLong", "Sx-other", []byte{7, 2, 6, 3, 5}, `starting with "`)
	f.Add("abab", "ba", []byte{0, 0, 1, 3}, "ab")
	f.Fuzz(func(t *testing.T, pw1, pw2 string, plan []byte, text string) {
		// Passwords are short; textCut's look at every start of one costs its length times
		// the text's, and long ones only slow the search.
		if len(pw1) > 64 || len(pw2) > 64 || len(plan) > 64 || len(text) > 256 {
			return
		}
		r := newRedactor(soap.Credentials{Password: pw1}, soap.Credentials{Password: pw2})
		var sb strings.Builder
		for i, c := range plan {
			k := int(c>>3) % (len(pw1) + 1)
			switch c % 8 {
			case 0:
				sb.WriteString(pw1)
			case 1:
				sb.WriteString(pw2)
			case 2:
				sb.WriteString(pw1[:k])
			case 3:
				sb.WriteString(pw1[k:])
			case 4:
				sb.WriteString(blanked)
			case 5:
				sb.WriteString(soap.EscapeText(pw1))
			case 6:
				sb.WriteByte('"')
			case 7:
				sb.WriteString(text[min(i, len(text)):])
			}
		}
		s := sb.String()
		out := r.text(s)
		if r.leaks(out) {
			t.Fatalf("passwords %q %q: %q → %q still holds one", pw1, pw2, s, out)
		}
		if !r.leaks(s) && out != s {
			t.Fatalf("passwords %q %q: %q held none, came back %q", pw1, pw2, s, out)
		}
		if cut := r.textCut(s); r.leaks(cut) {
			t.Fatalf("passwords %q %q: %q cut → %q still holds one", pw1, pw2, s, cut)
		}
		if e := r.err(errors.New(s)); e != nil && r.leaks(e.Error()) {
			t.Fatalf("passwords %q %q: error %q → %q still holds one", pw1, pw2, s, e.Error())
		}
		res := []soap.Result{{Message: s, Code: s, Answer: map[string]any{"a": s, "b": []any{s, map[string]any{"c": s}}}}}
		r.results(res)
		b := res[0].Answer["b"].([]any)
		if r.leaks(res[0].Message) || r.leaks(res[0].Code) || r.leaks(res[0].Answer["a"].(string)) || r.leaks(b[0].(string)) || r.leaks(b[1].(map[string]any)["c"].(string)) {
			t.Fatalf("passwords %q %q: a result of %q still holds one: %+v", pw1, pw2, s, res[0])
		}
	})
}
