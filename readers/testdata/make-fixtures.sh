#!/bin/sh
# Regenerates the spreadsheet fixtures with real spreadsheet programs (not run by make test):
#   libreoffice.xlsx      LibreOffice Calc (headless) from fixtures.fods
#   libreoffice1904.xlsx  the same with the 1904 date system (fixtures1904.fods)
#   gnumeric.xlsx         Gnumeric's ssconvert, re-saving libreoffice.xlsx
#   openpyxl.xlsx, xlsxwriter.xlsx  by make-python-fixtures.py (the same content, written cell
#                         by cell by those libraries)
# Needs Debian's libreoffice-calc, gnumeric, python3-openpyxl and python3-xlsxwriter. The
# excelize-written fixture is made by the tests themselves. CSV fixtures are written by hand (see the tests for what each holds).
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's|<office:spreadsheet>|<office:spreadsheet><table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>|' fixtures.fods > fixtures1904.fods
HOME=$tmp soffice --headless --convert-to xlsx --outdir "$tmp" fixtures.fods fixtures1904.fods >/dev/null
cp "$tmp/fixtures.xlsx" libreoffice.xlsx
cp "$tmp/fixtures1904.xlsx" libreoffice1904.xlsx
ssconvert -T Gnumeric_Excel:xlsx2 libreoffice.xlsx gnumeric.xlsx 2>/dev/null
/usr/bin/python3 make-python-fixtures.py
