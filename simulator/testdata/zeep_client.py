"""A third-party SOAP client (Debian's python3-zeep) against the simulator's WSDL.

Usage: zeep_client.py WSDL_URL USER PASSWORD
Calls GravarOrcamentos (include one quote with one item) and CarregarOrcamentos for it and
prints what came back as JSON for the Go test to check.
"""
import json
import sys

import zeep

wsdl, user, password = sys.argv[1:4]
client = zeep.Client(wsdl)
gravar = client.service.GravarOrcamentos(
    user=user,
    password=password,
    encryption=0,
    parameters={
        "orcamento": [{
            "tipOpe": "1", "codEmp": "1", "numOct": "4242", "verOct": "1",
            "desOct": "Orçamento via zeep",
            "itens": [{"seqOci": "1", "codPro": "P-1", "qtdOci": "2.00000", "vlrUni": "10.5000000000"}],
        }]
    },
)
carregar = client.service.CarregarOrcamentos(
    user=user, password=password, encryption=0,
    parameters={"codEmp": "1", "numOct": "4242", "verOct": "1"},
)
out = {
    "gravar": [{"codigoRetorno": r.codigoRetorno, "retorno": r.retorno} for r in (gravar.resposta or [])],
    "carregar_tipo": carregar.tipoRetorno,
    "carregar_desOct": carregar.orcamento[0].desOct if carregar.orcamento else None,
    "carregar_itens": len(carregar.orcamento[0].itens) if carregar.orcamento else 0,
}
print(json.dumps(out, ensure_ascii=False))
