#!/bin/sh
# look.sh: see the workbooks the importer writes without Excel. Every input template (one per
# port of templates/ports/, in Portuguese or English) and any other .xlsx given (the demo's
# out/report.xlsx, a re-import file) is printed to PDF by LibreOffice headless, as Excel
# would print it (page setup, widths, wrapping), and every PDF page becomes a PNG.
# Header notes (cell comments) do not print; with python3 at hand a second copy of each
# template prints them after each sheet (*-notas.pdf), so they can be read too.
#
# Usage: scripts/look.sh [-o DIR] [-l pt|en] [-r DPI] [FILE.xlsx ...]
#   -o DIR   output folder (default out/look); it is emptied first
#   -l LANG  language of the templates (default pt)
#   -r DPI   resolution of the PNG pages (default 80)
# Needs Go (to build the importer, or BIN=path/to/importer), LibreOffice (soffice) and
# pdftoppm. Installs nothing; not part of make test.
set -eu

OUT=out/look
LANG_T=pt
DPI=80
while getopts o:l:r:h opt; do
  case $opt in
    o) OUT=$OPTARG ;;
    l) LANG_T=$OPTARG ;;
    r) DPI=$OPTARG ;;
    *) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

SOFFICE=$(command -v soffice || command -v libreoffice || true)
missing=
[ -n "$SOFFICE" ] || missing="LibreOffice (soffice)"
command -v pdftoppm >/dev/null 2>&1 || missing="${missing:+$missing and }pdftoppm"
if [ -n "$missing" ]; then
  echo "look.sh: $missing not found." >&2
  echo "  Debian/Ubuntu: apt-get install libreoffice-calc poppler-utils" >&2
  echo "  (fonts-crosextra-carlito gives Calibri's widths, as Excel shows them)" >&2
  exit 2
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$OUT" && mkdir -p "$OUT/xlsx" "$OUT/pdf" "$OUT/png"
OUT=$(cd "$OUT" && pwd)

BIN=${BIN:-}
if [ -z "$BIN" ]; then
  BIN="$OUT/importer"
  (cd "$ROOT" && go build -o "$BIN" ./cmd/importer) || { echo "look.sh: could not build the importer (set BIN=path/to/importer)" >&2; exit 2; }
fi

# Every port of the catalogue, by its documented name.
for port in $(sed -n 's/^name: *//p' "$ROOT"/templates/ports/*.yaml); do
  "$BIN" template "$port" --lang "$LANG_T" -o "$OUT/xlsx/$port.xlsx" >/dev/null ||
    { echo "look.sh: importer template $port failed" >&2; exit 1; }
done
for f in "$@"; do
  [ -f "$f" ] || { echo "look.sh: $f: no such file" >&2; exit 2; }
  cp "$f" "$OUT/xlsx/"
done

# A copy of each workbook that prints its header notes after each sheet, for reading them
# on paper. LibreOffice has one mode (notes listed after the sheet) and turns it on from
# pageSetup cellComments="asDisplayed" (its OOXML filter reads that value, not "atEnd").
if command -v python3 >/dev/null 2>&1; then
  for f in "$OUT"/xlsx/*.xlsx; do
    python3 - "$f" "${f%.xlsx}-notas.xlsx" <<'EOF'
import re, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin:
    if not any(n.startswith("xl/comments") for n in zin.namelist()):
        sys.exit(0)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if re.match(r"xl/worksheets/sheet\d+\.xml$", item.filename):
                s = data.decode("utf-8")
                if "<pageSetup" in s:
                    s = re.sub(r"<pageSetup(?![^>]*cellComments)", '<pageSetup cellComments="asDisplayed"', s, count=1)
                else:
                    s = re.sub(r"(<headerFooter|<drawing|<legacyDrawing|</worksheet>)",
                               r'<pageSetup cellComments="asDisplayed"/>\1', s, count=1)
                data = s.encode("utf-8")
            zout.writestr(item, data)
EOF
  done
else
  echo "look.sh: python3 not found: the header notes are not printed (the rest is)" >&2
fi

# LibreOffice needs a writable profile; a private one keeps a running instance out of it.
# Its locale shows numbers and dates as a user of that language sees them (1.234,56).
PROFILE="$OUT/.lo-profile"
case $LANG_T in en) LOC=en_US.UTF-8 ;; *) LOC=pt_BR.UTF-8 ;; esac
LC_ALL=$LOC LANG=$LOC "$SOFFICE" -env:UserInstallation="file://$PROFILE" --headless --convert-to pdf \
  --outdir "$OUT/pdf" "$OUT"/xlsx/*.xlsx >"$OUT/soffice.log" 2>&1 ||
  { echo "look.sh: LibreOffice failed; see $OUT/soffice.log" >&2; exit 1; }
rm -rf "$PROFILE"

n=0
for pdf in "$OUT"/pdf/*.pdf; do
  base=$(basename "$pdf" .pdf)
  pdftoppm -png -r "$DPI" "$pdf" "$OUT/png/$base" || { echo "look.sh: pdftoppm failed on $pdf" >&2; exit 1; }
  n=$((n + 1))
done
pages=$(find "$OUT/png" -name '*.png' | wc -l)
echo "look.sh: $n workbooks, $pages pages: PDF in $OUT/pdf, PNG in $OUT/png"
