"""The one table-file reader (every import) and the sheet titles of every export."""

import io
import zipfile

import pytest

from felles import tabellfil
from felles.tabellfil import TabellfilError, les_tabell, parse_heltall


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1790000", 1_790_000),
        ("1 790 000", 1_790_000),
        ("1\xa0790\xa0000 kr", 1_790_000),
        ("1.790.000", 1_790_000),
        ("0", 0),
    ],
)
def test_whole_kroner_as_people_write_them(text, value):
    assert parse_heltall(text) == value


@pytest.mark.parametrize("text", ["12,5", "12.5", "-5", "abc", "", "1 79 000", "1.7900"])
def test_decimals_negatives_and_text_are_refused(text):
    with pytest.raises(ValueError):
        parse_heltall(text)


def test_csv_with_comma_and_windows_encoding_and_blank_rows():
    data = "Kommunenummer,aar,belop\n3101,2020,5\n\n3105,2020,6\n".encode("cp1252")
    rows = les_tabell(data=data, filnavn="x.CSV", kolonner=["kommunenummer", "aar", "belop"])
    assert [(r.nummer, r.verdier["kommunenummer"]) for r in rows] == [(2, "3101"), (4, "3105")]


@pytest.mark.parametrize(
    ("data", "filnavn", "message"),
    [
        (b"", "x.csv", "tom"),
        (b"a;b\n1;2\n", "x.csv", "mangler kolonnene: kommunenummer"),
        (b"\x81\x8d\x8f", "x.csv", "UTF-8"),
        (b"PK\x00\x00", "x.csv", "binære"),
        (b"not a zip", "x.xlsx", "Excel-ark"),
        (b"x", "x.docx", "CSV-fil"),
    ],
)
def test_unreadable_files_get_a_clear_message(data, filnavn, message):
    with pytest.raises(TabellfilError, match=message):
        les_tabell(data=data, filnavn=filnavn, kolonner=["kommunenummer", "aar", "belop"])


# --- limits checked before parsing ------------------------------------------------

KOLONNER = ["kommunenummer", "aar", "belop"]
SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
ROW = b'<row><c t="inlineStr"><is><t>3101</t></is></c></row>'


def xlsx(rows, sheets=1) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    for n in range(1, sheets):
        workbook.create_sheet(f"Ark {n}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet_stream(data: bytes, size: int, compresslevel: int = 9) -> bytes:
    """``data`` (an XLSX) with its first sheet replaced by ``size`` bytes of rows,
    written deflated in a stream so the test needs little memory and time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf,
    ):
        for info in source.infolist():
            if info.filename != SHEET:
                zf.writestr(info.filename, source.read(info.filename))
        with zf.open(SHEET, "w", force_zip64=True) as member:
            member.write(SHEET_HEAD)
            chunk = ROW * 20_000
            written = len(SHEET_HEAD)
            while written < size:
                member.write(chunk)
                written += len(chunk)
            member.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A 1 MB XLSX whose sheet unpacks to 300 MB (ratio above 300)."""
    return with_sheet_stream(xlsx([KOLONNER]), 300 * 1024 * 1024)


def test_zip_bomb_is_refused_from_its_directory_without_unpacking(zip_bomb):
    assert len(zip_bomb) < 2 * 1024 * 1024
    with pytest.raises(TabellfilError, match="pakker seg ut til mer enn 50 MB"):
        les_tabell(data=zip_bomb, filnavn="tildelinger.xlsx", kolonner=KOLONNER)


def test_xlsx_member_packed_suspiciously_tight_is_refused():
    data = with_sheet_stream(xlsx([KOLONNER]), 3 * 1024 * 1024)
    with pytest.raises(TabellfilError, match="pakket mistenkelig tett"):
        les_tabell(data=data, filnavn="x.xlsx", kolonner=KOLONNER)


def test_xlsx_with_too_many_sheets_is_refused():
    data = xlsx([KOLONNER], sheets=tabellfil.MAX_SHEETS + 1)
    with pytest.raises(TabellfilError, match="flere enn 50 ark"):
        les_tabell(data=data, filnavn="x.xlsx", kolonner=KOLONNER)


@pytest.mark.parametrize("filnavn", ["x.csv", "x.xlsx"])
def test_too_many_rows_are_refused(filnavn):
    rows = [KOLONNER] + [["3101", "2026", "5"]] * (tabellfil.MAX_ROWS + 1)
    if filnavn.endswith(".csv"):
        data = "\n".join(";".join(r) for r in rows).encode()
    else:
        data = xlsx(rows)
    with pytest.raises(TabellfilError, match="flere enn 10000 rader"):
        les_tabell(data=data, filnavn=filnavn, kolonner=KOLONNER)


def test_exactly_the_row_limit_is_read():
    rows = [KOLONNER] + [["3101", "2026", "5"]] * tabellfil.MAX_ROWS
    data = "\n".join(";".join(r) for r in rows).encode()
    assert len(les_tabell(data=data, filnavn="x.csv", kolonner=KOLONNER)) == tabellfil.MAX_ROWS


@pytest.mark.parametrize("filnavn", ["x.csv", "x.xlsx"])
def test_too_many_columns_are_refused(filnavn):
    header = KOLONNER + [f"k{i}" for i in range(tabellfil.MAX_COLUMNS)]
    data = ";".join(header).encode() if filnavn.endswith(".csv") else xlsx([header])
    with pytest.raises(TabellfilError, match="flere enn 100 kolonner"):
        les_tabell(data=data, filnavn=filnavn, kolonner=KOLONNER)


def test_too_long_cell_is_a_row_error():
    data = f"kommunenummer;aar;belop\n3101;2026;5\n3105;2026;{'9' * 5001}\n".encode()
    with pytest.raises(TabellfilError) as exc:
        les_tabell(data=data, filnavn="x.csv", kolonner=KOLONNER)
    assert exc.value.rader == [(3, "En celle er lengre enn 5000 tegn.")]


def test_row_with_more_columns_than_the_header_is_a_row_error():
    # An unquoted ';' in a value shifts the row: it must not be silently cut off.
    data = b"kommunenummer;aar;belop\n3101;2026;5\n3105;2026;1;500\n3106;2026;7;\n"
    with pytest.raises(TabellfilError, match="Ingenting er lagret") as exc:
        les_tabell(data=data, filnavn="x.csv", kolonner=KOLONNER)
    [(rad, melding)] = exc.value.rader
    assert rad == 3 and "4 kolonner, men overskriftsraden har 3" in melding


def test_excel_sep_line_and_optional_columns():
    data = b"sep=;\nkommunenummer;aar;belop\n3101;2026;5\n"
    [rad] = les_tabell(data=data, filnavn="x.csv", kolonner=KOLONNER, valgfrie=["formaal"])
    assert rad.nummer == 3 and rad.verdier == {
        "kommunenummer": "3101",
        "aar": "2026",
        "belop": "5",
        "formaal": "",
    }


def test_content_decides_without_a_file_name():
    rows = les_tabell(data=xlsx([KOLONNER, [3101, 2026, 5.0]]), kolonner=KOLONNER)
    assert rows[0].verdier == {"kommunenummer": "3101", "aar": "2026", "belop": "5"}


# --- sheet titles -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("tittel", "brukt", "ventet"),
    [
        ("Aurskog/Høland", (), "Aurskog Høland"),
        ("a[b]:c*d?e\\f", (), "a b c d e f"),
        ("'Sitat'", (), "Sitat"),
        ("", (), "Ark"),
        ("/:*", (), "Ark"),
        ("x" * 40, (), "x" * 31),
        ("Halden", ("halden",), "Halden (2)"),
        ("x" * 40, ("x" * 31,), "x" * 27 + " (2)"),
        ("History", (), "History (2)"),
    ],
)
def test_sheet_titles_are_made_safe_and_unique(tittel, brukt, ventet):
    assert tabellfil.arktittel(tittel, brukt=brukt) == ventet


def test_xlsx_export_with_slash_in_title_is_a_valid_workbook():
    from openpyxl import load_workbook

    data = tabellfil.skriv_xlsx(["a"], [["1"]], tittel="Aurskog/Høland: [test]?")
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Aurskog Høland test"]


def _rows_once(n):
    """A one-pass iterator of rows, as a queryset's ``.iterator()`` gives them."""
    from datetime import date, datetime
    from decimal import Decimal

    from django.utils import timezone

    for i in range(n):
        yield [
            date(2025, 9, 1 + i % 28),
            timezone.make_aware(datetime(2025, 9, 1, 10, 30)),  # noqa: DTZ001
            Decimal("12.50"),
            f"=rad {i}",
        ]


def test_csv_export_is_streamed_from_an_iterator_in_chunks():
    import csv

    from django.http import StreamingHttpResponse

    n = tabellfil.CSV_CHUNK_ROWS * 2 + 7
    response = tabellfil.tabell_response(
        "csv", "moter", ["Dato", "Tid", "Verdi", "Tekst"], _rows_once(n), tittel="Møter"
    )
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="moter.csv"'
    chunks = list(response.streaming_content)
    assert len(chunks) == 3  # written as it goes, not in one piece
    text = b"".join(chunks).decode("utf-8")
    assert text.startswith("\ufeffDato;Tid;Verdi;Tekst")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == n + 1
    assert rows[1] == ["2025-09-01", "2025-09-01 10:30", "12,5", "'=rad 0"]


def test_xlsx_export_is_streamed_with_real_date_cells():
    from datetime import date, datetime

    from django.http import StreamingHttpResponse
    from openpyxl import load_workbook

    response = tabellfil.tabell_response(
        "xlsx", "moter", ["Dato", "Tid", "Verdi", "Tekst"], _rows_once(3), tittel="Møter"
    )
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="moter.xlsx"'
    assert response["Content-Type"] == tabellfil.XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    dato, tid, verdi, tekst = (sheet.cell(row=2, column=c) for c in range(1, 5))
    assert dato.is_date and dato.value == datetime(2025, 9, 1)  # noqa: DTZ001
    assert dato.number_format == "dd.mm.yyyy"
    assert tid.is_date and tid.value == datetime(2025, 9, 1, 10, 30)  # noqa: DTZ001 (Oslo time)
    assert tid.number_format == "dd.mm.yyyy hh:mm"
    assert verdi.value == 12.5 and tekst.value == "'=rad 0"
    assert sheet.max_row == 4
    assert date(2025, 9, 3) == sheet.cell(row=4, column=1).value.date()


def test_xlsx_export_hands_out_its_first_bytes_before_reading_all_rows():
    from openpyxl import load_workbook

    lest = 0

    def rows():
        nonlocal lest
        for row in _rows_once(20_000):
            lest += 1
            yield row

    chunks = tabellfil.iter_xlsx(["Dato", "Tid", "Verdi", "Tekst"], rows(), tittel="Møter")
    first = next(chunks)
    assert first.startswith(tabellfil.ZIP_MAGIC)
    assert lest < 20_000  # the file leaves as it is written
    data = first + b"".join(chunks)
    assert lest == 20_000
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == 20_001


def test_xlsx_cells_hold_numbers_booleans_and_text_without_control_characters():
    from openpyxl import load_workbook

    lang = "x" * (tabellfil.XLSX_MAX_CELL_CHARS + 10)
    data = tabellfil.skriv_xlsx(
        ["a", "b", "c", "d", "e", "f"],
        [[1, True, None, '<&>\x01"', "+47 22", lang], [2.5, False, "", "@sum", "-", ""]],
        tittel="Ark",
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]] == [1, True, None, '<&>"', "'+47 22", "x" * 32_767]
    assert [c.value for c in sheet[3]][:5] == [2.5, False, None, "'@sum", "'-"]
    assert sheet.max_column == 6
