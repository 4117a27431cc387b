package simulator

import (
	"sort"
	"strings"

	"seniorimporter/templates"
)

// xsdType maps a declared type to an XML Schema type. Every value travels as text in
// Senior's exact format (String-declared numbers have a decimal comma), so the schema says
// string for everything but Integer, which keeps third-party clients from reformatting values.
func xsdType(f *templates.Field) string {
	return "xsd:string"
}

func writeFields(b *strings.Builder, fields []*templates.Field) {
	b.WriteString(`<xsd:sequence>`)
	for _, f := range fields {
		if f.IsSet() {
			b.WriteString(`<xsd:element name="` + f.Name + `" minOccurs="0" maxOccurs="unbounded"><xsd:complexType>`)
			writeFields(b, f.Fields)
			b.WriteString(`</xsd:complexType></xsd:element>`)
			continue
		}
		b.WriteString(`<xsd:element name="` + f.Name + `" type="` + xsdType(f) + `" minOccurs="0"/>`)
	}
	b.WriteString(`</xsd:sequence>`)
}

// g5WSDL describes the G5 ports as RPC/literal (namespace http://services.senior.com.br),
// with parts user, password, encryption and parameters, and the answer part result.
func (s *Server) g5WSDL(address string) []byte {
	ports := s.portNames(templates.ProductG5)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="` + serviceNS + `" targetNamespace="` + serviceNS + `" name="g5">
<wsdl:types><xsd:schema targetNamespace="` + serviceNS + `" elementFormDefault="unqualified">`)
	for _, p := range ports {
		b.WriteString(`<xsd:complexType name="` + p.Operation + `In">`)
		writeFields(&b, p.Fields)
		b.WriteString(`</xsd:complexType><xsd:complexType name="` + p.Operation + `Out">`)
		writeFields(&b, p.Result)
		b.WriteString(`</xsd:complexType>`)
	}
	b.WriteString(`</xsd:schema></wsdl:types>`)
	for _, p := range ports {
		b.WriteString(`<wsdl:message name="` + p.Operation + `"><wsdl:part name="user" type="xsd:string"/><wsdl:part name="password" type="xsd:string"/><wsdl:part name="encryption" type="xsd:int"/><wsdl:part name="parameters" type="tns:` + p.Operation + `In"/></wsdl:message>`)
		b.WriteString(`<wsdl:message name="` + p.Operation + `Response"><wsdl:part name="result" type="tns:` + p.Operation + `Out"/></wsdl:message>`)
	}
	b.WriteString(`<wsdl:portType name="g5_orcamento">`)
	for _, p := range ports {
		b.WriteString(`<wsdl:operation name="` + p.Operation + `"><wsdl:input message="tns:` + p.Operation + `"/><wsdl:output message="tns:` + p.Operation + `Response"/></wsdl:operation>`)
	}
	b.WriteString(`</wsdl:portType><wsdl:binding name="g5_orcamentoBinding" type="tns:g5_orcamento"><soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>`)
	for _, p := range ports {
		b.WriteString(`<wsdl:operation name="` + p.Operation + `"><soap:operation soapAction=""/><wsdl:input><soap:body use="literal" namespace="` + serviceNS + `"/></wsdl:input><wsdl:output><soap:body use="literal" namespace="` + serviceNS + `"/></wsdl:output></wsdl:operation>`)
	}
	b.WriteString(`</wsdl:binding><wsdl:service name="g5_orcamentoService"><wsdl:port name="g5_orcamentoPort" binding="tns:g5_orcamentoBinding"><soap:address location="` + escape(address) + `"/></wsdl:port></wsdl:service></wsdl:definitions>`)
	return []byte(b.String())
}

// crmWSDL describes the CRM set services as document/literal with body elements in no
// namespace, as the CRM pages show them.
func (s *Server) crmWSDL(address string) []byte {
	ports := s.portNames(templates.ProductCRM)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="` + serviceNS + `/crm" targetNamespace="` + serviceNS + `/crm" name="crm">
<wsdl:types><xsd:schema elementFormDefault="unqualified">`)
	for _, p := range ports {
		b.WriteString(`<xsd:element name="` + p.Operation + `"><xsd:complexType><xsd:sequence>`)
		for _, l := range p.Login {
			b.WriteString(`<xsd:element name="` + l + `" type="xsd:string"/>`)
		}
		var inner strings.Builder
		writeFields(&inner, p.Fields)
		b.WriteString(strings.TrimSuffix(strings.TrimPrefix(inner.String(), `<xsd:sequence>`), `</xsd:sequence>`))
		b.WriteString(`</xsd:sequence></xsd:complexType></xsd:element><xsd:element name="` + p.Response + `"><xsd:complexType>`)
		writeFields(&b, p.Result)
		b.WriteString(`</xsd:complexType></xsd:element>`)
	}
	b.WriteString(`</xsd:schema></wsdl:types>`)
	for _, p := range ports {
		b.WriteString(`<wsdl:message name="` + p.Name + `In"><wsdl:part name="body" element="` + p.Operation + `"/></wsdl:message><wsdl:message name="` + p.Name + `Out"><wsdl:part name="body" element="` + p.Response + `"/></wsdl:message>`)
	}
	b.WriteString(`<wsdl:portType name="crm_set">`)
	for _, p := range ports {
		b.WriteString(`<wsdl:operation name="` + p.Name + `"><wsdl:input message="tns:` + p.Name + `In"/><wsdl:output message="tns:` + p.Name + `Out"/></wsdl:operation>`)
	}
	b.WriteString(`</wsdl:portType><wsdl:binding name="crm_setBinding" type="tns:crm_set"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>`)
	for _, p := range ports {
		b.WriteString(`<wsdl:operation name="` + p.Name + `"><soap:operation soapAction=""/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`)
	}
	b.WriteString(`</wsdl:binding><wsdl:service name="crm_setService"><wsdl:port name="crm_setPort" binding="tns:crm_setBinding"><soap:address location="` + escape(address) + `"/></wsdl:port></wsdl:service></wsdl:definitions>`)
	return []byte(b.String())
}

// portNames lists the catalogue ports of a product, sorted.
func (s *Server) portNames(product string) []*templates.Port {
	var out []*templates.Port
	for _, p := range s.cat.Ports() {
		if p.Product == product && (s.crm[p.Operation] == p || s.g5[p.Operation] == p) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
