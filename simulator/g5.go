package simulator

import (
	"math/big"
	"strings"

	"seniorimporter/templates"
)

// G5: ERP ports (GravarOrcamentos, CarregarOrcamentos, CalculaImpostosOrcamento), answered as
// Senior's Sync, Async and Scheduled endpoints answer them.

func g5Answer(op, inner string) []byte {
	return []byte(`<soapenv:Envelope xmlns:soapenv="` + envelopeNS + `"><soapenv:Body><ns2:` + op + ` xmlns:ns2="` + serviceNS + `"><result>` + inner + `</result></ns2:` + op + `></soapenv:Body></soapenv:Envelope>`)
}

const refusedG5 = "Credenciais inválidas."

func (s *Server) handleG5(body []byte, mode string, refuse bool) []byte {
	async := mode != "Sync"
	fail := func(op, msg string) []byte {
		s.invalid.Add(1)
		if async {
			return g5Answer(op, escape(msg))
		}
		return g5Answer(op, tag("erroExecucao", msg))
	}
	pe, why := bodyElement(body)
	if pe == nil {
		return fail("Response", why)
	}
	p := s.g5[pe.name]
	if p == nil {
		return fail(pe.name+"Response", "Porta "+pe.name+" desconhecida.")
	}
	op := p.Response
	if pe.space != serviceNS {
		return fail(op, "Elemento "+pe.name+" fora do namespace "+serviceNS+".")
	}
	names := []string{"user", "password", "encryption", "parameters"}
	if len(pe.kids) != len(names) {
		return fail(op, "A porta espera user, password, encryption e parameters, nesta ordem.")
	}
	for i, k := range pe.kids {
		if k.name != names[i] || k.space != "" {
			return fail(op, "A porta espera user, password, encryption e parameters, nesta ordem, sem namespace; veio "+k.name+".")
		}
	}
	enc := strings.TrimSpace(pe.kids[2].text)
	if enc != "0" && enc != "2" {
		return fail(op, "Valor inválido para encryption: "+enc+".")
	}
	// encryption 2 carries an integrated-logon token in place of the password: the
	// simulator accepts the configured password as the token.
	if refuse || pe.kids[0].text != s.cfg.User || pe.kids[1].text != s.cfg.Password {
		s.rejected.Add(1)
		if async {
			return g5Answer(op, escape(refusedG5))
		}
		return g5Answer(op, tag("erroExecucao", refusedG5))
	}
	params := pe.kids[3]
	if p.Record != "" {
		return s.gravar(p, params, async)
	}
	req, problem := checkRecord(p.Fields, params, "")
	if problem != "" {
		s.invalid.Add(1)
		if async {
			return g5Answer(op, escape(problem))
		}
		return g5Answer(op, tag("erroExecucao", problem)+tag("tipoRetorno", "-1"))
	}
	if async {
		s.accepted.Add(1)
		return g5Answer(op, "OK")
	}
	if strings.HasPrefix(p.Name, "CalculaImpostos") {
		return g5Answer(op, s.calcula(req))
	}
	return g5Answer(op, s.carregar(p, req))
}

// gravar includes, alters or deletes each orcamento of a GravarOrcamentos request.
func (s *Server) gravar(p *templates.Port, params *elem, async bool) []byte {
	set := findSet(p.Fields, p.Record)
	var out strings.Builder
	n := 0
	firstErr := ""
	for _, k := range params.kids {
		if k.name != p.Record || k.space != "" {
			s.invalid.Add(1)
			msg := "Elemento " + k.name + " inesperado em parameters."
			if async {
				return g5Answer(p.Response, escape(msg))
			}
			return g5Answer(p.Response, tag("erroExecucao", msg))
		}
		n++
		echo := map[string]string{}
		for _, c := range k.kids {
			switch c.name {
			case "codEmp", "numOct", "verOct":
				echo[c.name] = c.text
			}
		}
		code, msg := "0", ""
		rec, problem := checkRecord(set.Fields, k, "")
		if problem != "" {
			s.invalid.Add(1)
			code, msg = "-1", problem
		} else {
			code, msg = s.apply(rec)
		}
		if code != "0" && firstErr == "" {
			firstErr = msg
		}
		out.WriteString("<resposta>" + tag("codEmp", echo["codEmp"]) + tag("numOct", echo["numOct"]) + tag("verOct", echo["verOct"]) +
			tag("codigoRetorno", code) + tag("retorno", msg) + "</resposta>")
	}
	if n == 0 {
		s.invalid.Add(1)
		msg := "Nenhum orçamento informado."
		if async {
			return g5Answer(p.Response, escape(msg))
		}
		return g5Answer(p.Response, tag("erroExecucao", msg))
	}
	if async {
		// Asynchronous and scheduled requests are answered "OK" once taken; what became of
		// each quote is not part of the answer, as on Senior.
		return g5Answer(p.Response, "OK")
	}
	return g5Answer(p.Response, out.String())
}

// apply changes the state for one checked quote.
func (s *Server) apply(rec *record) (code, msg string) {
	key := quoteKey(rec.Values)
	s.mu.Lock()
	defer s.mu.Unlock()
	_, exists := s.kept.Quotes[key]
	switch rec.Values["tipOpe"] {
	case "1":
		if exists {
			s.rejected.Add(1)
			s.duplicates.Add(1)
			return "-1", "Orçamento " + key + " já cadastrado."
		}
		s.kept.Quotes[key] = rec
		s.logChange(change{Key: key, Record: ptrStored(rec.stored(key))})
		s.accepted.Add(1)
		return "0", "Orçamento " + key + " incluído."
	case "2":
		if !exists {
			s.rejected.Add(1)
			return "-1", "Orçamento " + key + " não encontrado."
		}
		s.kept.Quotes[key] = rec
		s.logChange(change{Key: key, Record: ptrStored(rec.stored(key))})
		s.accepted.Add(1)
		return "0", "Orçamento " + key + " alterado."
	case "3":
		if !exists {
			s.rejected.Add(1)
			return "-1", "Orçamento " + key + " não encontrado."
		}
		delete(s.kept.Quotes, key)
		s.logChange(change{Key: key, Deleted: true})
		s.accepted.Add(1)
		return "0", "Orçamento " + key + " excluído."
	}
	s.invalid.Add(1)
	return "-1", "Tipo de operação inválido."
}

func findSet(fields []*templates.Field, name string) *templates.Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// carregar answers CarregarOrcamentos (any version) from the state, in the order of the
// port's result fields.
func (s *Server) carregar(p *templates.Port, req *record) string {
	key := quoteKey(req.Values)
	s.mu.Lock()
	q := s.kept.Quotes[key]
	s.mu.Unlock()
	if q == nil {
		s.rejected.Add(1)
		return tag("mensagemRetorno", "Orçamento "+key+" não encontrado.") + tag("tipoRetorno", "-1")
	}
	s.accepted.Add(1)
	var b strings.Builder
	for _, f := range p.Result {
		switch f.Name {
		case "mensagemRetorno":
			b.WriteString(tag(f.Name, "Processado."))
		case "orcamento":
			b.WriteString("<orcamento>")
			writeStored(&b, f.Fields, q, q.Values)
			b.WriteString("</orcamento>")
		case "tipoRetorno":
			b.WriteString(tag(f.Name, "0"))
		}
	}
	return b.String()
}

// writeStored writes a stored record under the answer's fields; the quote's key fields fill
// the key columns the answer repeats in every set.
func writeStored(b *strings.Builder, fields []*templates.Field, r *record, key map[string]string) {
	for _, f := range fields {
		if f.IsSet() {
			for _, c := range r.Sets[f.Name] {
				b.WriteString("<" + f.Name + ">")
				writeStored(b, f.Fields, c, key)
				b.WriteString("</" + f.Name + ">")
			}
			continue
		}
		v := r.Values[f.Name]
		if v == "" {
			switch f.Name {
			case "codEmp", "numOct", "verOct":
				v = key[f.Name]
			}
		}
		b.WriteString(tag(f.Name, v))
	}
}

// calcula answers CalculaImpostosOrcamento for a stored item: ICMS at 18% of the item's net
// value (vlrLiq, else vlrBru, else qtdOci × vlrUni), no other tax.
func (s *Server) calcula(req *record) string {
	key := quoteKey(req.Values)
	s.mu.Lock()
	q := s.kept.Quotes[key]
	s.mu.Unlock()
	if q == nil {
		s.rejected.Add(1)
		return tag("erroExecucao", "Orçamento "+key+" não encontrado.")
	}
	var item *record
	for _, it := range q.Sets["itens"] {
		if sameInt(it.Values["seqOci"], req.Values["seqOci"]) {
			item = it
		}
	}
	if item == nil {
		s.rejected.Add(1)
		return tag("erroExecucao", "Item "+req.Values["seqOci"]+" do orçamento "+key+" não encontrado.")
	}
	base := new(big.Rat)
	if v, ok := new(big.Rat).SetString(item.Values["vlrLiq"]); ok {
		base = v
	} else if v, ok := new(big.Rat).SetString(item.Values["vlrBru"]); ok {
		base = v
	} else {
		q, ok1 := new(big.Rat).SetString(item.Values["qtdOci"])
		u, ok2 := new(big.Rat).SetString(item.Values["vlrUni"])
		if ok1 && ok2 {
			base = new(big.Rat).Mul(q, u)
		}
	}
	icm := new(big.Rat).Mul(base, big.NewRat(18, 100))
	s.accepted.Add(1)
	return tag("vlrIpi", "0.00") + tag("perIpi", "0.00") + tag("vlrIcm", icm.FloatString(2)) + tag("perIcm", "18.00")
}

func sameInt(a, b string) bool {
	x, ok1 := new(big.Int).SetString(strings.TrimSpace(a), 10)
	y, ok2 := new(big.Int).SetString(strings.TrimSpace(b), 10)
	return ok1 && ok2 && x.Cmp(y) == 0
}
