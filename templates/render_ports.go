package templates

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
)

// englishDescription is the English of the embedded ports' descriptions (the catalogue
// keeps Senior's Portuguese). A port a user added keeps its own description.
func englishDescription(p *Port) string {
	switch p.Name {
	case "setCategoriaDespesa":
		return "Registers expense categories in the CRM."
	case "setCategoriaProduto":
		return "Registers product categories in the CRM."
	case "setCategoriaServico":
		return "Registers service categories in the CRM."
	case "setCompromissos":
		return "Registers appointments in the CRM."
	case "setContas":
		return "Registers accounts (customers) in the CRM."
	case "GravarOrcamentos":
		return "Includes, alters and deletes sales quotes (orçamentos) in the ERP."
	case "CarregarOrcamentos", "CarregarOrcamentos_3":
		return "Looks up a sales quote by company, number and version."
	case "CalculaImpostosOrcamento":
		return "Calculates the taxes of a sales quote item."
	}
	return p.Description
}

// WritePortList writes every port of c with its product, whether it sends or looks up, and
// its description, in the order a run would take them (categories, contas, compromissos,
// orçamentos, look-ups), for `importer ports` and `importer template` without a port.
// lang is "pt" (the default) or "en".
func WritePortList(w io.Writer, c *Catalogue, lang string) error {
	ports := c.Ports()
	sort.SliceStable(ports, func(i, j int) bool { return ports[i].Order < ports[j].Order })
	head := "Portas da Senior que o importador conhece (modelo: importer template PORTA -o PORTA-nov.xlsx; o nome do arquivo começa pelo da porta):"
	send, read := "envia", "consulta"
	if lang == "en" {
		head = "Senior ports the importer knows (template: importer template PORT -o PORT-nov.xlsx; a file's name starts with its port's):"
		send, read = "sends", "looks up"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n\n", head)
	for _, p := range ports {
		product := "ERP G5"
		if p.Product == ProductCRM {
			product = "CRM"
		}
		access := send
		if p.Access == "read" {
			access = read
		}
		desc := p.Description
		if lang == "en" {
			desc = englishDescription(p)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.Name, product, access, desc)
	}
	return tw.Flush()
}
