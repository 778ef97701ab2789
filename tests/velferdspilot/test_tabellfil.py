"""The app-free table reader used by the allocation import."""

import pytest

from velferdspilot.lib.tabellfil import TabellfilError, les_tabell, parse_heltall


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
