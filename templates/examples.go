package templates

// Example is a filled example of a port's template: a few rows of each data sheet as a
// finance user would type them, with realistic Brazilian data that passes every check of
// the importer. The help sheet shows it; tests fill the data sheets with it and read them
// back through the importer.
//
// Values are written in one plain form whatever the cell they go into: numbers with a point
// and no grouping ("10472.50"), dates YYYY-MM-DD, times HH:MM, list fields by their code
// ("1", shown as the drop-down's "1 - Incluir"), text as typed. An empty string is an empty
// cell.
type Example struct {
	Sheets []ExampleSheet
}

// ExampleSheet is the example of one data sheet: the columns it fills (headers of the
// template's sheet, in the sheet's order) and its rows.
type ExampleSheet struct {
	Sheet   string
	Columns []string
	Rows    [][]string
}

// ExampleOf returns the example of port p, or nil for a port the embedded catalogue does not
// hold (one a user added with --catalogue).
func ExampleOf(p *Port) *Example {
	switch p.Name {
	case "setCategoriaDespesa":
		return &Example{Sheets: []ExampleSheet{{
			Sheet:   "setCategoriaDespesa",
			Columns: []string{"CategoriaDespesaId", "CategoriaDespesaDescricao", "CategoriaDespesaEmpresaId"},
			Rows: [][]string{
				{"DESP-001", "Viagens e hospedagem", "1"},
				{"DESP-002", "Alimentação em serviço", "1"},
				{"DESP-003", "Combustível e pedágios", "1"},
			},
		}}}
	case "setCategoriaProduto":
		return &Example{Sheets: []ExampleSheet{{
			Sheet:   "setCategoriaProduto",
			Columns: []string{"CategoriaProdutoId", "CategoriaProdutoDescricao", "CategoriaProdutoEmpresaId"},
			Rows: [][]string{
				{"PROD-01", "Motores elétricos", "1"},
				{"PROD-02", "Cabos e condutores", "1"},
				{"PROD-03", "Painéis de comando", "1"},
			},
		}}}
	case "setCategoriaServico":
		return &Example{Sheets: []ExampleSheet{{
			Sheet:   "setCategoriaServico",
			Columns: []string{"CategoriaServicoId", "CategoriaServicoDescricao", "CategoriaServicoEmpresaId"},
			Rows: [][]string{
				{"SERV-01", "Instalação elétrica", "1"},
				{"SERV-02", "Manutenção preventiva", "1"},
				{"SERV-03", "Consultoria técnica", "1"},
			},
		}}}
	case "setCompromissos":
		return &Example{Sheets: []ExampleSheet{{
			Sheet: "setCompromissos",
			Columns: []string{"CompromissosId", "CompromissosEmpresaId", "CompromissosUsuarioId", "CompromissosAssunto",
				"CompromissosData", "CompromissosHoraInicio", "CompromissosContaId", "CompromissosDuracao",
				"CompromissosLocal", "CompromissosDescricao"},
			Rows: [][]string{
				{"CMP-2025-0042", "1", "jsilva", "Apresentação da proposta nº 1001", "2025-03-18", "14:30", "000123", "60",
					"Joinville/SC – sala de reuniões do cliente", "Levar amostras e a tabela de preços em R$ atualizada."},
				{"CMP-2025-0043", "1", "mcosta", "Visita técnica à obra", "2025-03-20", "09:00", "000124", "90",
					"Curitiba/PR – Av. Sete de Setembro, 1450", "Conferir o quadro de distribuição antes do orçamento."},
			},
		}}}
	case "setContas":
		return &Example{Sheets: []ExampleSheet{
			{
				Sheet: "setContas",
				Columns: []string{"ContaIdERP", "ContaEmpresaId", "ContaRazaoSocial", "ContaFantasia",
					"ContaEndereco", "ContaNumero", "ContaComplemento", "ContaBairro", "ContaCidadeId", "ContaCep",
					"ContaInscricaoEstadual", "ContaCnpj", "ContaCpf", "ContaAniversario", "ContaTelefone", "ContaCelular",
					"ContaEmail", "ContaEmailFinanceiro", "ContaObservacoes"},
				Rows: [][]string{
					{"000123", "1", "Metalúrgica São José Ltda.", "Metalúrgica São José",
						"Rua Dona Francisca", "8300", "Galpão 4", "Distrito Industrial", "4209102", "89219-600",
						"254.345.869", "45.723.174/0001-10", "", "", "(47) 3422-1000", "",
						"compras@metalurgicasaojose.com.br", "financeiro@metalurgicasaojose.com.br", "Cliente desde 2012; entregas só em dias úteis."},
					{"000124", "1", "Ana Luíza Araújo", "",
						"Avenida Sete de Setembro", "1450", "apto 302", "Batel", "4106902", "80230-085",
						"", "", "529.982.247-25", "1984-07-23", "", "(41) 99876-5432",
						"ana.araujo@exemplo.com.br", "", "Pessoa física; prefere contato por WhatsApp."},
				},
			},
			{
				Sheet:   "ContaResponsavel",
				Columns: []string{"ContaIdERP", "ContasResponsavelUsuarioId", "ContasResponsavelGrupoId"},
				Rows: [][]string{
					{"000123", "jsilva", "VENDAS-SUL"},
					{"000124", "mcosta", "VENDAS-SUL"},
				},
			},
			{
				Sheet: "ContaCaracteristica",
				Columns: []string{"ContaIdERP", "ContaCaracteristicaIdCaracteristica", "ContaCaracteristicaDetalheId",
					"ContaCaracteristicaQuantidade", "ContaCaracteristicaDataDesde", "ContaCaracteristicaObservacoes"},
				Rows: [][]string{
					{"000123", "SEGMENTO", "METALURGIA", "1", "2012-05-02", "Segmento principal do cliente."},
				},
			},
			{
				Sheet:   "ContaAreaInteresse",
				Columns: []string{"ContaIdERP", "ContaAreaInteresseTipoInteresseId", "ContaAreaInteresseAreaId", "ContaAreaInteresseObservacoes"},
				Rows: [][]string{
					{"000123", "PRODUTO", "MOTORES", "Motores de alto rendimento (IR3)."},
					{"000124", "SERVICO", "INSTALACAO", "Reforma elétrica do apartamento."},
				},
			},
		}}
	case "GravarOrcamentos":
		return &Example{Sheets: []ExampleSheet{
			{
				Sheet: "orcamento",
				Columns: []string{"tipOpe", "codEmp", "numOct", "verOct", "desOct", "codCli", "tnsPro", "codCpg", "codFpg",
					"codRep", "vlrBru", "vlrDsc", "vlrFre", "vlrLiq", "sitOct", "obsOct", "somFre", "prcOct"},
				Rows: [][]string{
					{"1", "1", "1001", "1", "Motores e cabos – ampliação da linha 2, Joinville", "456", "5102", "030", "1",
						"12", "10013.25", "470.10", "180.00", "9723.15", "1", "Proposta válida por 15 dias. Preços em R$.", "S", "M"},
					{"1", "1", "1002", "1", "Reforma elétrica do galpão 3 (Curitiba)", "789", "5102", "028", "1",
						"12", "562.50", "", "", "562.50", "1", "", "N", "M"},
				},
			},
			{
				Sheet: "itens",
				Columns: []string{"codEmp", "numOct", "verOct", "seqOci", "codPro", "datOci", "qtdOci", "uniMed",
					"vlrUni", "oriUni", "vlrBru", "perDsc", "vlrDsc", "vlrLiq", "obsOci"},
				Rows: [][]string{
					{"1", "1001", "1", "1", "00456", "2025-04-15", "4", "UN", "2350.5", "V", "9402.00", "5.00", "470.10", "8931.90", "Motor trifásico 15 cv, IR3."},
					{"1", "1001", "1", "2", "01987", "2025-04-15", "12.5", "M", "48.9", "D", "611.25", "", "", "611.25", "Cabo flexível 10 mm², cor azul."},
					{"1", "1002", "1", "1", "00711", "2025-04-30", "30", "UN", "18.75", "V", "562.50", "", "", "562.50", ""},
				},
			},
			{
				Sheet:   "valoresComplementares",
				Columns: []string{"codEmp", "numOct", "verOct", "itens.seqOci", "codTvc", "desTvc", "tipTvc", "vlrIvc", "somTvc"},
				Rows: [][]string{
					{"1", "1001", "1", "1", "SEG", "Seguro de transporte", "D", "94.02", "N"},
				},
			},
			{
				Sheet:   "componentes",
				Columns: []string{"codEmp", "numOct", "verOct", "itens.seqOci", "seqCmn", "codCmp", "qtdUti", "vlrUni", "oriUni", "vlrTot"},
				Rows: [][]string{
					{"1", "1001", "1", "1", "1", "MP-0102", "2", "312.4", "M", "624.80"},
					{"1", "1001", "1", "1", "2", "MP-0230", "0.75", "89.9", "C", "67.425"},
				},
			},
			{
				Sheet:   "operacoes",
				Columns: []string{"codEmp", "numOct", "verOct", "itens.seqOci", "seqOmn", "codOpr", "tmpPrp", "vlrUni", "vlrTot", "oriUni"},
				Rows: [][]string{
					{"1", "1001", "1", "1", "1", "MONT01", "1.5", "95", "142.50", "D"},
				},
			},
			{
				Sheet:   "observacoes",
				Columns: []string{"codEmp", "numOct", "verOct", "seqObs", "tipObs", "obsOct", "obsDat"},
				Rows: [][]string{
					{"1", "1001", "1", "1", "M", "Entregar no período da manhã; portão 2 (doca de carga).", "2025-03-14"},
				},
			},
		}}
	case "CarregarOrcamentos", "CarregarOrcamentos_3":
		return &Example{Sheets: []ExampleSheet{{
			Sheet:   p.Name,
			Columns: []string{"codEmp", "numOct", "verOct"},
			Rows:    [][]string{{"1", "1001", "1"}, {"1", "1002", "1"}},
		}}}
	case "CalculaImpostosOrcamento":
		return &Example{Sheets: []ExampleSheet{{
			Sheet:   p.Name,
			Columns: []string{"codEmp", "numOct", "verOct", "seqOci"},
			Rows:    [][]string{{"1", "1001", "1", "1"}, {"1", "1001", "1", "2"}},
		}}}
	}
	return nil
}
