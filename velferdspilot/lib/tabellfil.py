"""Tables in files, app-free: read an uploaded CSV or XLSX into rows of strings, and
write CSV and XLSX exports with formula-looking text neutralised.

CSV: UTF-8 (with or without BOM, Windows-1252 as a fallback), separated by ``;``
(Norwegian Excel) or ``,``. XLSX: the first sheet, read with openpyxl in read-only,
data-only mode. The first row is the header; names are lower-cased and stripped.
Rows are numbered as a person sees them in the file (the header is row 1)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000


class TabellfilError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, too big)."""


@dataclass
class Rad:
    nummer: int
    verdier: dict[str, str]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TabellfilError(_("Filen er ikke en tekstfil i UTF-8 eller Windows-1252."))
    if "\x00" in text:
        raise TabellfilError(_("Filen er ikke en CSV-fil (den inneholder binære data)."))
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TabellfilError(_("Filen kunne ikke leses som et Excel-ark (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + 1:
                break
            rows.append([_cell_text(v) for v in row])
        return rows
    finally:
        workbook.close()


def les_tabell(*, data: bytes, filnavn: str, kolonner: list[str]) -> list[Rad]:
    """Rows with the ``kolonner`` found in the header. Blank rows are skipped."""
    if len(data) > MAX_BYTES:
        raise TabellfilError(_("Filen er for stor (mer enn 5 MB)."))
    navn = filnavn.lower()
    if navn.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif navn.endswith((".csv", ".txt")):
        rows = _read_csv(data)
    else:
        raise TabellfilError(_("Last opp en CSV-fil (.csv) eller et Excel-ark (.xlsx)."))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise TabellfilError(_("Filen er tom eller mangler overskriftsrad."))
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [k for k in kolonner if k not in header]
    if missing:
        raise TabellfilError(
            _("Filen mangler kolonnene: %(mangler)s. Første rad skal være: %(rad)s.")
            % {"mangler": ", ".join(missing), "rad": ";".join(kolonner)}
        )
    if len(rows) - 1 > MAX_ROWS:
        raise TabellfilError(_("Filen har flere enn %(n)s rader.") % {"n": MAX_ROWS})
    index = {k: header.index(k) for k in kolonner}
    result = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {k: (row[i].strip() if i < len(row) else "") for k, i in index.items()}
        result.append(Rad(nummer=number, verdier=values))
    return result


def parse_heltall(text: str) -> int:
    """A whole number as people write it: ``1 790 000``, ``1790000``, ``1.790.000``,
    ``1 790 000 kr``. Raises ValueError for decimals, negatives and text."""
    cleaned = text.replace("\xa0", " ").strip()
    if cleaned.lower().endswith("kr"):
        cleaned = cleaned[:-2].strip()
    if not _HELTALL.fullmatch(cleaned):
        raise ValueError(text)
    return int(cleaned.replace(" ", "").replace(".", ""))


_HELTALL = re.compile(r"\d+|\d{1,3}( \d{3})+|\d{1,3}(\.\d{3})+")


# --- Writing CSV and XLSX ---------------------------------------------------------
# Text a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first)
# gets a leading apostrophe, so user-written text never becomes a formula (CSV
# injection). CSV is UTF-8 with BOM and ';' (Norwegian Excel), decimals with a comma.

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value):
    """A string that cannot run as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value):
    from datetime import date, datetime

    from django.utils import timezone

    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | Decimal):
        return value
    return str(value)


def _csv_cell(value):
    value = _plain(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    return safe_text(value)


def _xlsx_cell(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = safe_text(_plain(value))
    # XLSX cannot hold control characters (pasted text sometimes has them).
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def skriv_csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def skriv_xlsx(header, rows, *, tittel: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(tittel)[:31])
    sheet.append([_xlsx_cell(h) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tabell_response(format: str, filnavn: str, header, rows, *, tittel: str):
    """An attachment response with the table as ``format`` ('csv' or 'xlsx')."""
    from django.http import HttpResponse

    if format == "xlsx":
        response = HttpResponse(skriv_xlsx(header, rows, tittel=tittel), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(skriv_csv(header, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filnavn}.{format}"'
    return response
