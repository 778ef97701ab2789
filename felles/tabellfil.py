"""Tables in files, app-free: the one reader of uploaded CSV and XLSX tables (every
import uses it), and the writer of CSV and XLSX exports with formula-looking text
neutralised.

Reading: CSV in UTF-8 (with or without BOM, Windows-1252 as a fallback), separated by
``;`` (Norwegian Excel) or ``,`` (whichever the header line has more of; Excel's
``sep=;`` hint line is skipped). XLSX: the first sheet, read with openpyxl in read-only,
data-only mode. The first non-blank row is the header; names are lower-cased and
stripped. Rows are numbered as a person sees them in the file (the header is usually
row 1).

Every limit below is checked *before* the expensive step it protects: the file size
before reading it into memory, the ZIP directory of an XLSX (members, each member's
unpacked size and compression ratio, the total, the number of sheets) before openpyxl
opens it, and rows, columns and cell length while reading, stopping at the first row
past the limit. A zip bomb is refused from its directory alone, without unpacking (a
directory that lies about sizes does not help it: zipfile stops reading a member at its
declared size).
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

#: Largest uploaded table file, in bytes (as uploaded, i.e. compressed for XLSX).
MAX_BYTES = 5 * 1024 * 1024
#: Most data rows under the header.
MAX_ROWS = 10_000
#: Most columns in a row (the header included).
MAX_COLUMNS = 100
#: Longest cell, in characters.
MAX_CELL_CHARS = 5_000
#: XLSX: most sheets in the workbook (only the first is read).
MAX_SHEETS = 50
#: XLSX: most members (files) in the ZIP container.
MAX_ZIP_MEMBERS = 1_000
#: XLSX: largest unpacked size of one member, in bytes.
MAX_MEMBER_BYTES = 50 * 1024 * 1024
#: XLSX: largest unpacked size of all members together, in bytes.
MAX_TOTAL_BYTES = 100 * 1024 * 1024
#: XLSX: highest unpacked/packed ratio of a member bigger than ``RATIO_FROM_BYTES``.
#: Ordinary sheets pack 5-30 times; a zip bomb a thousand times.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
# Files that are surely no CSV (ZIP, PDF, PNG, JPEG), whatever their name says.
BINARY_MAGIC = (ZIP_MAGIC, b"%PDF-", b"\x89PNG", b"\xff\xd8\xff")
SHEET_MEMBER = re.compile(r"xl/(worksheets|chartsheets|dialogsheets)/[^/]+\.xml")


class TabellfilError(ValueError):
    """The file cannot be imported, with a Norwegian message. ``rader`` lists
    (row number, message) when the problem is in given rows (the whole file is still
    refused: imports are all or nothing)."""

    def __init__(self, melding: str, rader: list[tuple[int, str]] | None = None):
        super().__init__(melding)
        self.melding = melding
        self.rader = rader or []


@dataclass
class Rad:
    nummer: int
    verdier: dict[str, str] = field(default_factory=dict)


def les_fil(fil, *, maks: int = MAX_BYTES) -> bytes:
    """The bytes of an uploaded file, refusing a missing, empty or too big one before
    reading more than ``maks`` + 1 bytes."""
    if fil is None:
        raise TabellfilError(_("Velg en fil."))
    size = getattr(fil, "size", None)
    if size is not None and size > maks:
        raise TabellfilError(_for_stor(maks))
    data = fil.read(maks + 1)
    if len(data) > maks:
        raise TabellfilError(_for_stor(maks))
    if not data.strip():
        raise TabellfilError(_("Filen er tom."))
    return data


def _for_stor(maks: int) -> str:
    return _("Filen er større enn %(mb)s MB. Del den opp eller fjern unødvendige rader.") % {
        "mb": maks // (1024 * 1024)
    }


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _ikke_csv() -> str:
    return _("Filen er ikke en CSV-fil (den inneholder binære data). Last opp CSV eller XLSX.")


def _read_csv(data: bytes):
    """(line number, cells) for each row, lazily."""
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:4096]:
        raise TabellfilError(_ikke_csv())
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TabellfilError(_("Filen er ikke en tekstfil i UTF-8 eller Windows-1252."))
    if "\x00" in text:
        raise TabellfilError(_ikke_csv())
    lines = text.splitlines()
    skip = 0
    if lines and lines[0].strip().lower().startswith("sep="):
        skip = 1  # Excel's «sep=;» hint line: not part of the table
    first = next((line for line in lines[skip:] if line.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    try:
        for row in reader:
            if start > skip:
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TabellfilError(
            _("Linje %(n)s kan ikke leses som CSV: %(feil)s") % {"n": start, "feil": exc}
        ) from exc


def _check_xlsx_container(data: bytes) -> None:
    """Refuse a broken or oversized XLSX from its ZIP directory alone."""
    broken = TabellfilError(_("Filen kunne ikke leses som et Excel-ark (.xlsx)."))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise broken from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise TabellfilError(
                _("Excel-filen har for mange deler (mer enn %(n)s).") % {"n": MAX_ZIP_MEMBERS}
            )
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise broken
        pakket_ut = _(
            "Excel-filen pakker seg ut til mer enn %(mb)s MB og blir ikke lest. "
            "Lagre arket på nytt uten tomme rader og kolonner, eller last opp som CSV."
        )
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES:
                raise TabellfilError(pakket_ut % {"mb": MAX_MEMBER_BYTES // (1024 * 1024)})
            if total > MAX_TOTAL_BYTES:
                raise TabellfilError(pakket_ut % {"mb": MAX_TOTAL_BYTES // (1024 * 1024)})
            if info.file_size > RATIO_FROM_BYTES and (
                info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise TabellfilError(
                    _(
                        "Excel-filen er pakket mistenkelig tett (mer enn %(n)s ganger) og "
                        "blir ikke lest. Lagre arket på nytt, eller last opp som CSV."
                    )
                    % {"n": MAX_RATIO}
                )
        if sum(1 for name in names if SHEET_MEMBER.fullmatch(name)) > MAX_SHEETS:
            raise TabellfilError(_("Excel-filen har flere enn %(n)s ark.") % {"n": MAX_SHEETS})


def _read_xlsx(data: bytes):
    """(row number, cells) for each row of the first sheet, lazily."""
    from openpyxl import load_workbook

    _check_xlsx_container(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TabellfilError(_("Filen kunne ikke leses som et Excel-ark (.xlsx).")) from exc
    try:
        if len(workbook.sheetnames) > MAX_SHEETS:
            raise TabellfilError(_("Excel-filen har flere enn %(n)s ark.") % {"n": MAX_SHEETS})
        sheet = workbook.worksheets[0]
        # Stops one row past the limit; les_tabell refuses the file when it gets there.
        rows = sheet.iter_rows(max_row=MAX_ROWS + 2, values_only=True)
        try:
            for number, row in enumerate(rows, start=1):
                yield number, [_cell_text(v) for v in row]
        except TabellfilError:
            raise
        except Exception as exc:  # a broken sheet
            raise TabellfilError(_("Filen kunne ikke leses som et Excel-ark (.xlsx).")) from exc
    finally:
        workbook.close()


def _rows(data: bytes, filnavn: str):
    navn = filnavn.lower()
    if navn.endswith(".xlsx") or (not navn and data.startswith(ZIP_MAGIC)):
        return _read_xlsx(data)
    if navn.endswith((".csv", ".txt")) or not navn:
        return _read_csv(data)
    raise TabellfilError(_("Last opp en CSV-fil (.csv) eller et Excel-ark (.xlsx)."))


def _trim(cells: list[str]) -> list[str]:
    """Without the empty cells at the end (a trailing ``;`` is no extra column)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def les_tabell(
    *,
    data: bytes,
    filnavn: str = "",
    kolonner: list[str],
    valgfrie: list[str] | tuple[str, ...] = (),
    mangler_melding: str | None = None,
) -> list[Rad]:
    """The rows under the header, as ``Rad`` with the ``kolonner`` (required) and the
    ``valgfrie`` columns (``""`` when the file lacks them). Blank rows are skipped.

    ``mangler_melding`` replaces the message for missing columns; it may use
    ``%(mangler)s`` (the missing ones) and ``%(rad)s`` (the required header).

    The type is told by ``filnavn`` (.csv/.txt or .xlsx), or by content when no name is
    given. Raises ``TabellfilError`` for a file that cannot be imported: too big, not a
    table, a missing column, too many rows, columns or sheets, and (with ``rader``)
    rows with more filled cells than the header or a too long cell."""
    if len(data) > MAX_BYTES:
        raise TabellfilError(_for_stor(MAX_BYTES))
    rows = _rows(data, filnavn)
    header: list[str] | None = None
    index: dict[str, int] = {}
    result: list[Rad] = []
    feil: list[tuple[int, str]] = []
    for number, raw in rows:
        if number > MAX_ROWS + 1:  # blank rows count: reading stops here
            raise TabellfilError(_("Filen har flere enn %(n)s rader.") % {"n": MAX_ROWS})
        cells = _trim([c.strip() for c in raw])
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise TabellfilError(
                _("Rad %(rad)s har flere enn %(n)s kolonner.") % {"rad": number, "n": MAX_COLUMNS}
            )
        if header is None:
            header = [c.strip().strip('"').strip().lower() for c in cells]
            missing = [k for k in kolonner if k not in header]
            if missing:
                melding = mangler_melding or _(
                    "Filen mangler kolonnene: %(mangler)s. Første rad skal være: %(rad)s."
                )
                raise TabellfilError(
                    melding % {"mangler": ", ".join(missing), "rad": ";".join(kolonner)}
                )
            index = {k: header.index(k) for k in [*kolonner, *valgfrie] if k in header}
            continue
        if len(cells) > len(header):
            feil.append(
                (
                    number,
                    _(
                        "Raden har %(n)s kolonner, men overskriftsraden har %(m)s. Står det "
                        "et skilletegn (; eller ,) i en verdi uten anførselstegn rundt?"
                    )
                    % {"n": len(cells), "m": len(header)},
                )
            )
            continue
        if any(len(c) > MAX_CELL_CHARS for c in cells):
            feil.append((number, _("En celle er lengre enn %(n)s tegn.") % {"n": MAX_CELL_CHARS}))
            continue
        values = {k: (cells[i] if i < len(cells) else "") for k, i in index.items()}
        values.update({k: "" for k in valgfrie if k not in index})
        result.append(Rad(nummer=number, verdier=values))
    if header is None:
        raise TabellfilError(_("Filen er tom eller mangler overskriftsrad."))
    if feil:
        raise TabellfilError(_("Filen har feil. Ingenting er lagret."), feil)
    return result


def parse_desimal(text: str) -> Decimal:
    """A decimal number as Norwegians write it: ``12,5``, ``1 234,5``, ``1.234,5``,
    ``12.5``. Raises ValueError for text, infinities and absurdly large numbers."""
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


#: Rows per chunk of a streamed CSV: big enough to keep the overhead per write small,
#: small enough to keep the memory flat.
CSV_CHUNK_ROWS = 500


def iter_csv(header, rows) -> Iterator[bytes]:
    """The CSV file in chunks of bytes, reading ``rows`` (any iterable, e.g. a
    queryset's ``.iterator()``) as it goes: UTF-8 with BOM, ``;``-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow([_csv_cell(h) for h in header])
    for n, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(v) for v in row])
        if n % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def skriv_csv(header, rows) -> bytes:
    return b"".join(iter_csv(header, rows))


SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_TITLE_MAX = 31


def arktittel(tittel, *, brukt: set[str] | list[str] = ()) -> str:
    """A sheet title Excel accepts, made from any text: without ``[]:*?/\\`` and
    control characters, no leading or trailing apostrophe, at most 31 characters, never
    empty, and different (case-insensitively) from the titles in ``brukt``. Every sheet
    we write gets its title here."""
    text = SHEET_TITLE_FORBIDDEN.sub(" ", str(tittel or ""))
    text = " ".join(text.split()).strip("'").strip()[:SHEET_TITLE_MAX].strip() or "Ark"
    taken = {t.casefold() for t in brukt} | {"history"}  # Excel reserves "History"
    candidate, n = text, 1
    while candidate.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = text[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
    return candidate


# --- XLSX, streamed ----------------------------------------------------------------
# An XLSX file is a ZIP of XML parts. We write the few parts a one-sheet workbook needs
# ourselves, the sheet's rows as inline strings, straight into a ZIP written as a
# stream (each member's sizes in a data descriptor after its data, as zipfile does for
# an unseekable file), and hand out the bytes as they come: the first bytes leave
# before the second row is read, memory holds one chunk of rows and the compressor's
# window, and nothing is built twice. openpyxl's write-only mode, which this replaced,
# built the whole file (in a temporary file) before its first byte and spent most of
# its time on the cells' XML: 50 000 meetings took about 11 s in openpyxl alone.

#: Number formats of date cells in XLSX exports (Norwegian order, as on screen): the
#: styles 1 and 2 of ``_XLSX_STYLES``.
XLSX_DATE_FORMAT = "dd.mm.yyyy"
XLSX_DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
#: Longest text Excel keeps in one cell; longer text is cut there (Excel would call the
#: file damaged).
XLSX_MAX_CELL_CHARS = 32_767
#: Bytes gathered before a piece of the file is handed out.
XLSX_CHUNK_BYTES = 64 * 1024
#: zlib's level for the sheet: 1 packs sheets of text 4-6 times at several times the
#: speed of the default 6 (the export's time is its first byte's budget).
XLSX_COMPRESSLEVEL = 1

_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_CONTENT_TYPES = (
    _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>'
)
_XLSX_RELS = (
    _XML_HEAD + f'<Relationships xmlns="{_NS_PKG}"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_XLSX_WORKBOOK_RELS = (
    _XML_HEAD + f'<Relationships xmlns="{_NS_PKG}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>'
)
_XLSX_STYLES = (
    _XML_HEAD + f'<styleSheet xmlns="{_NS_MAIN}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{XLSX_DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{XLSX_DATETIME_FORMAT}"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border>'
    "<left/><right/><top/><bottom/><diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" '
    'borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" '
    'xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" '
    'borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_XLSX_SHEET_HEAD = _XML_HEAD + f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheetData>'
_XLSX_SHEET_TAIL = "</sheetData></worksheet>"
_EXCEL_EPOCH = 693594  # date(1899, 12, 30).toordinal(): Excel's day 0 (1900 system)
# Characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE), and the
# unpaired surrogates a bad decode can leave.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xlsx_workbook(tittel: str) -> str:
    return (
        _XML_HEAD + f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
        f'<sheet name="{_xml_escape(arktittel(tittel), attr=True)}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def _xml_escape(text: str, *, attr: bool = False) -> str:
    text = _XML_ILLEGAL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attr else text


def _column_letters(n: int) -> str:
    """Excel's name of the ``n``-th column (0: A, 25: Z, 26: AA)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx_cell(ref: str, value) -> str:
    """One cell's XML: dates and times as real date cells (local time, to the minute,
    formatted ``dd.mm.yyyy``), numbers as numbers, text made safe (never a formula);
    empty for None and empty text."""
    if isinstance(value, str):
        if not value:
            return ""
        text = _xml_escape(safe_text(value))[:XLSX_MAX_CELL_CHARS]
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int) or (
        isinstance(value, float | Decimal)
        and (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value))
    ):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        serial = value.toordinal() - _EXCEL_EPOCH + (value.hour * 60 + value.minute) / 1440
        return f'<c r="{ref}" s="2"><v>{serial!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="1"><v>{value.toordinal() - _EXCEL_EPOCH}</v></c>'
    return _xlsx_cell(ref, str(value))


def _xlsx_row(number: int, values, columns: list[str]) -> str:
    while len(columns) < len(values):
        columns.append(_column_letters(len(columns)))
    cells = "".join(_xlsx_cell(f"{columns[i]}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


class _Sink:
    """A write-only, unseekable file gathering what zipfile writes, for handing out."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def iter_xlsx(header, rows, *, tittel: str) -> Iterator[bytes]:
    """The XLSX file (one sheet titled ``tittel``) in pieces of bytes, reading
    ``rows`` (any iterable, e.g. a queryset's ``.iterator()``) as it goes."""
    sink = _Sink()
    with zipfile.ZipFile(
        sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=XLSX_COMPRESSLEVEL
    ) as zf:
        for name, text in (
            ("[Content_Types].xml", _XLSX_CONTENT_TYPES),
            ("_rels/.rels", _XLSX_RELS),
            ("xl/workbook.xml", _xlsx_workbook(tittel)),
            ("xl/_rels/workbook.xml.rels", _XLSX_WORKBOOK_RELS),
            ("xl/styles.xml", _XLSX_STYLES),
        ):
            zf.writestr(name, text)
        yield sink.take()  # the download starts before the first row is read
        columns: list[str] = []
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_XLSX_SHEET_HEAD.encode())
            sheet.write(_xlsx_row(1, [str(h) for h in header], columns).encode())
            for number, row in enumerate(rows, start=2):
                sheet.write(_xlsx_row(number, row, columns).encode())
                if sink.size >= XLSX_CHUNK_BYTES:
                    yield sink.take()
            sheet.write(_XLSX_SHEET_TAIL.encode())
    yield sink.take()


def skriv_xlsx(header, rows, *, tittel: str) -> bytes:
    return b"".join(iter_xlsx(header, rows, tittel=tittel))


#: Rows read from the database at a time by every export (``eksportrader``).
EKSPORT_CHUNK_ROWS = 2000


def eksportrader(queryset, rad) -> Iterator[list]:
    """The rows of an export: ``rad(obj)`` for each object of ``queryset``, read from
    the database ``EKSPORT_CHUNK_ROWS`` at a time (a queryset's ``.iterator()``, its
    prefetches done per chunk), so no export holds its whole table in memory. Every
    export's rows are made here or with ``i_biter``."""
    for obj in queryset.iterator(chunk_size=EKSPORT_CHUNK_ROWS):
        yield rad(obj)


def i_biter(queryset) -> Iterator[list]:
    """``queryset`` (a ``values()`` queryset, say) read ``EKSPORT_CHUNK_ROWS`` rows at
    a time, as lists of that many: for exports that fetch what belongs to each chunk's
    rows in one query per chunk instead of building model objects."""
    bit: list = []
    for row in queryset.iterator(chunk_size=EKSPORT_CHUNK_ROWS):
        bit.append(row)
        if len(bit) == EKSPORT_CHUNK_ROWS:
            yield bit
            bit = []
    if bit:
        yield bit


def tabell_response(format: str, filnavn: str, header, rows, *, tittel: str):
    """An attachment response with the table as ``format`` ('csv' or 'xlsx'), streamed
    (``StreamingHttpResponse``): ``rows`` may be any iterable (``eksportrader``), read
    once, and the file goes out as it is written, so the first bytes leave at once and
    neither format holds the whole table in memory."""
    from .filer import fil_response

    if format == "xlsx":
        content, content_type = iter_xlsx(header, rows, tittel=tittel), XLSX_TYPE
    else:
        content, content_type = iter_csv(header, rows), CSV_TYPE
    return fil_response(content, filnavn=f"{filnavn}.{format}", content_type=content_type)
