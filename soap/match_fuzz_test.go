package soap

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzDecodeMatches: in a batch of GravarOrcamentos quotes, each record gets the resposta
// that echoes its key, whatever their order, the zeros and spaces before the numbers, the
// prefix of the answer's elements, and respostas missing or of other quotes: its code and
// message when it has one, NotUnderstood (or the request's error) when it has none. FuzzDecode
// holds Decode to its shape on any bytes; this holds it to the right record on answers
// built from the fuzz bytes.
func FuzzDecodeMatches(f *testing.F) {
	f.Add([]byte{2, 0, 1, 1, 0, 0, 0, 1, 2, 3})
	f.Add([]byte{4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	g := catalogue(f).Port("GravarOrcamentos")
	f.Fuzz(func(t *testing.T, b []byte) {
		next := func(n int) int {
			if len(b) == 0 {
				return 0
			}
			v := int(b[0]) % n
			b = b[1:]
			return v
		}
		n := 1 + next(5)
		type key struct{ emp, oct, ver int }
		var keys []key
		var recs []*Record
		seen := map[key]bool{}
		for len(recs) < n {
			k := key{1 + next(3), 10 + next(4), 1 + next(2)}
			if seen[k] {
				if len(b) == 0 {
					break
				}
				continue // a key goes once per request
			}
			seen[k] = true
			keys = append(keys, k)
			r := NewRecord()
			r.Values["codEmp"], r.Values["numOct"], r.Values["verOct"] = fmt.Sprint(k.emp), fmt.Sprint(k.oct), fmt.Sprint(k.ver)
			recs = append(recs, r)
		}
		pfx := []string{"", "ns2:"}[next(2)]
		num := func(v int) string {
			return strings.Repeat(" ", next(2)) + strings.Repeat("0", next(3)) + fmt.Sprint(v) + strings.Repeat(" ", next(2))
		}
		type want struct {
			status  Status
			code    string
			message string
		}
		wants := make([]want, len(recs))
		for i := range wants {
			wants[i] = want{status: NotUnderstood}
		}
		var body strings.Builder
		// The respostas in an order the bytes choose: each record's at most once, and some of
		// quotes that were not sent.
		order := make([]int, len(recs))
		for i := range order {
			order[i] = i
		}
		for i := len(order) - 1; i > 0; i-- {
			j := next(i + 1)
			order[i], order[j] = order[j], order[i]
		}
		for _, i := range order {
			switch next(4) {
			case 0: // none for this record
				continue
			case 1: // first one of a quote not in the request
				body.WriteString(`<resposta><codEmp>9</codEmp><numOct>99</numOct><verOct>9</verOct><codigoRetorno>0</codigoRetorno><retorno>outro</retorno></resposta>`)
			}
			k := keys[i]
			code := []string{"0", "-1"}[next(2)]
			msg := fmt.Sprintf("m%d", i)
			fmt.Fprintf(&body, `<resposta><codEmp>%s</codEmp><numOct>%s</numOct><verOct>%s</verOct><codigoRetorno>%s</codigoRetorno><retorno>%s</retorno></resposta>`,
				num(k.emp), num(k.oct), num(k.ver), code, msg)
			wants[i] = want{status: Refused, code: code, message: msg}
			if code == "0" {
				wants[i].status = Accepted
			}
		}
		reqErr := ""
		if next(3) == 0 {
			reqErr = "Erro geral"
			body.WriteString(`<erroExecucao>` + reqErr + `</erroExecucao>`)
			for i := range wants {
				if wants[i].status == NotUnderstood {
					wants[i] = want{status: Refused, code: g.Answer.RequestError, message: reqErr}
				}
			}
		}
		answer := wrap(`<` + pfx + `GravarOrcamentosResponse xmlns:ns2="http://services.senior.com.br"><result>` + body.String() + `</result></` + pfx + `GravarOrcamentosResponse>`)
		res, err := Decode(g, ModeSync, 200, answer, recs)
		if err != nil {
			t.Fatalf("%v\n%s", err, answer)
		}
		if len(res) != len(recs) {
			t.Fatalf("%d results for %d records", len(res), len(recs))
		}
		for i, r := range res {
			w := wants[i]
			if r.Status != w.status || r.Code != w.code || r.Message != w.message {
				t.Fatalf("record %v: %v %q %q, want %v %q %q\n%s", keys[i], r.Status, r.Code, r.Message, w.status, w.code, w.message, answer)
			}
		}
	})
}
