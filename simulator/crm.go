package simulator

import (
	"cmp"
	"strings"

	"seniorimporter/templates"
)

// CRM: the "set" services, upserted by their id.

const refusedCRM = "Usuário ou senha inválidos."

func crmAnswer(resp, retorno, mensagem, id string) []byte {
	return []byte(`<soapenv:Envelope xmlns:soapenv="` + envelopeNS + `"><soapenv:Body><` + resp + `>` +
		tag("retorno", retorno) + tag("mensagem", mensagem) + tag("idRegistro", id) + `</` + resp + `></soapenv:Body></soapenv:Envelope>`)
}

// portAnswer is crmAnswer in the elements p's answer names (a --catalogue port's may differ
// from the set services' retorno, mensagem and idRegistro).
func portAnswer(p *templates.Port, retorno, mensagem, id string) []byte {
	a := p.Answer
	var b strings.Builder
	b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + envelopeNS + `"><soapenv:Body><` + p.Response + `>`)
	for _, e := range [][2]string{{cmp.Or(a.Code, "retorno"), retorno}, {cmp.Or(a.Message, "mensagem"), mensagem}, {a.AcceptElement(), id}} {
		b.WriteString(tag(e[0], e[1]))
	}
	if a.ID != "" && a.ID != a.AcceptElement() {
		b.WriteString(tag(a.ID, id))
	}
	b.WriteString(`</` + p.Response + `></soapenv:Body></soapenv:Envelope>`)
	return []byte(b.String())
}

func (s *Server) handleCRM(body []byte, refuse bool) []byte {
	fail := func(resp, msg string) []byte {
		s.invalid.Add(1)
		return crmAnswer(resp, "1", msg, "")
	}
	el, why := bodyElement(body)
	if el == nil {
		return fail("RetornoDados", why)
	}
	p := s.crm[el.name]
	if p == nil {
		return fail("RetornoDados", "Serviço "+el.name+" desconhecido.")
	}
	fail = func(_, msg string) []byte {
		s.invalid.Add(1)
		return portAnswer(p, "1", msg, "")
	}
	if el.space != "" {
		return fail(p.Response, "Elemento "+el.name+" não deve ter namespace ("+el.space+").")
	}
	if len(el.kids) < 2 || el.kids[0].name != p.Login[0] || el.kids[1].name != p.Login[1] {
		return fail(p.Response, p.Login[0]+" e "+p.Login[1]+" devem vir primeiro.")
	}
	if refuse || el.kids[0].text != s.cfg.User || el.kids[1].text != s.cfg.Password {
		s.rejected.Add(1)
		return portAnswer(p, "1", refusedCRM, "")
	}
	rest := &elem{name: el.name, kids: el.kids[2:]}
	rec, problem := checkRecord(p.Fields, rest, "")
	if problem != "" {
		return fail(p.Response, problem)
	}
	id := rec.Values[p.Key[0]]
	s.mu.Lock()
	m := s.kept.CRM[p.Name]
	if m == nil {
		m = map[string]*record{}
		s.kept.CRM[p.Name] = m
	}
	m[id] = rec
	s.logChange(change{Port: p.Name, Key: id, Record: ptrStored(rec.stored(id))})
	s.mu.Unlock()
	s.accepted.Add(1)
	return portAnswer(p, "0", "Registro gravado com sucesso.", id)
}
