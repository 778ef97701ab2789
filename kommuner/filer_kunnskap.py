"""App-free helpers for the files the knowledge base reads and writes: CSV/XLSX tables
in, CSV/XLSX tables out (with formula neutralising), and file types told by content.
Nothing here imports a model; it could move to ``velferdspilot/lib``."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAKS_TABELLFIL = 5 * 1024 * 1024


class Filfeil(ValueError):
    """A whole-file problem (not CSV/XLSX, empty, too big), with a Norwegian message."""


def er_zip_med(data: bytes, prefix: str) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return any(name.startswith(prefix) for name in zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def filtype_fra_innhold(data: bytes) -> str | None:
    """'pdf', 'docx', 'xlsx', 'png' or 'jpeg' from the first bytes, else None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if er_zip_med(data, "word/"):
        return "docx"
    if er_zip_med(data, "xl/"):
        return "xlsx"
    return None


def les_fil(fil, *, maks: int = MAKS_TABELLFIL) -> bytes:
    """Read an uploaded file, refusing empty or too big ones before reading it all."""
    if fil is None:
        raise Filfeil(_("Velg en fil."))
    size = getattr(fil, "size", None)
    if size is not None and size > maks:
        raise Filfeil(
            _("Filen er større enn %(mb)s MB. Del den opp eller fjern unødvendige rader.")
            % {"mb": maks // (1024 * 1024)}
        )
    data = fil.read(maks + 1)
    if len(data) > maks:
        raise Filfeil(_("Filen er større enn %(mb)s MB.") % {"mb": maks // (1024 * 1024)})
    if not data.strip():
        raise Filfeil(_("Filen er tom."))
    return data


def _tekst(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def les_tabell(data: bytes) -> list[tuple[int, list[str]]]:
    """Rows of a CSV (semicolon or comma) or XLSX file as (line number, cells).
    Line 1 is the header. Cells are text; XLSX numbers become their text form."""
    if data.startswith(b"PK\x03\x04"):
        if not er_zip_med(data, "xl/"):
            raise Filfeil(_("Filen må være CSV eller XLSX (Excel)."))
        return _les_xlsx(data)
    if b"\x00" in data[:4096] or filtype_fra_innhold(data) is not None:
        raise Filfeil(_("Filen må være CSV eller XLSX (Excel)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    lines = text.splitlines()
    if lines and lines[0].lower().startswith("sep="):
        # Excel's «sep=;» hint line: not part of the table, but keep line numbers true.
        text = "\n" + "\n".join(lines[1:])
        lines = lines[1:]
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [(reader.line_num, [c.strip() for c in row]) for row in reader]
    rows = [(n, r) for n, r in rows if any(r)]
    if not rows:
        raise Filfeil(_("Filen er tom."))
    return rows


def _les_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise Filfeil(_("XLSX-filen kunne ikke leses. Er den skadet?")) from exc
    try:
        ws = wb.worksheets[0]
        rows = []
        for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_tekst(c) for c in row]
            if any(cells):
                rows.append((n, cells))
    finally:
        wb.close()
    if not rows:
        raise Filfeil(_("Filen er tom."))
    return rows


def tall_fra_tekst(text: str) -> Decimal:
    """'12,5', '1 234,5', '1.234,5', '12.5' → Decimal. Raises ValueError."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or abs(value) >= Decimal("1e14"):
        raise ValueError(text)
    return value
