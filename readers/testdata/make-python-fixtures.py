#!/usr/bin/python3
"""Writes openpyxl.xlsx and xlsxwriter.xlsx with the content of fixtures.fods (not run by
make test). Needs Debian's python3-openpyxl and python3-xlsxwriter.

openpyxl never computes formulas, so its file holds the formula G2 with no cached value: the
reader must report that cell as an error, as it does for any such file."""
import datetime
import os

import openpyxl
import xlsxwriter

here = os.path.dirname(os.path.abspath(__file__))
headers = ["texto", "numero", "data", "hora", "percentual", "moeda", "formula", "erro", "zeros", "mesclada", "depois"]

# openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "dados"
ws.append(headers)
row = ["Ação & Cia", 1234.56, datetime.date(2026, 12, 31), datetime.time(9, 30), 0.125, 1234.5, "=B2*2", "#DIV/0!", "00123", "junta"]
for col, v in enumerate(row, start=1):
    ws.cell(row=2, column=col, value=v)
ws["C2"].number_format = "DD/MM/YYYY"
ws["D2"].number_format = "HH:MM:SS"
ws["E2"].number_format = "0.00%"
ws["F2"].number_format = '"R$" #,##0.00'
ws["I2"].data_type = "s"
ws.merge_cells("J2:K2")
ws["A4"] = "linha 4"
ws["B4"] = 0.1
ws["C4"] = datetime.date(1900, 3, 1)
ws["C4"].number_format = "DD/MM/YYYY"
ws["H4"] = "#N/A"
hidden = wb.create_sheet("oculta")
hidden["A1"] = "segredo"
hidden.sheet_state = "hidden"
wb.save(os.path.join(here, "openpyxl.xlsx"))

# xlsxwriter
wb = xlsxwriter.Workbook(os.path.join(here, "xlsxwriter.xlsx"))
ws = wb.add_worksheet("dados")
date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
time_fmt = wb.add_format({"num_format": "hh:mm:ss"})
pct_fmt = wb.add_format({"num_format": "0.00%"})
cur_fmt = wb.add_format({"num_format": '"R$" #,##0.00'})
ws.write_row(0, 0, headers)
ws.write_string("A2", "Ação & Cia")
ws.write_number("B2", 1234.56)
ws.write_datetime("C2", datetime.datetime(2026, 12, 31), date_fmt)
ws.write_datetime("D2", datetime.time(9, 30), time_fmt)
ws.write_number("E2", 0.125, pct_fmt)
ws.write_number("F2", 1234.5, cur_fmt)
ws.write_formula("G2", "=B2*2", None, 2469.12)
ws.write_formula("H2", "=1/0", None, "#DIV/0!")
ws.write_string("I2", "00123")
ws.merge_range("J2:K2", "junta")
ws.write_string("A4", "linha 4")
ws.write_number("B4", 0.1)
ws.write_datetime("C4", datetime.datetime(1900, 3, 1), date_fmt)
ws.write_formula("H4", "=NA()", None, "#N/A")
hidden = wb.add_worksheet("oculta")
hidden.write("A1", "segredo")
hidden.hide()
wb.close()
