"""The one attachment policy: type by content, name must match, size limit."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from felles.vedlegg import MAX_BYTES, sjekk_vedlegg

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_with({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"})
XLSX = zip_with({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"})
ODT = zip_with({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""})


@pytest.mark.parametrize(
    ("navn", "data", "type_", "innholdstype"),
    [
        ("Vedtak.pdf", PDF, "pdf", "application/pdf"),
        ("bilde.PNG", PNG, "png", "image/png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0rest", "jpeg", "image/jpeg"),
        ("plan.docx", DOCX, "docx", None),
        ("budsjett.xlsx", XLSX, "xlsx", None),
        ("notat.odt", ODT, "odt", "application/vnd.oasis.opendocument.text"),
        ("notat.txt", "Møtenotat 1 < 2".encode("cp1252"), "txt", "text/plain"),
        ("tall.csv", b"a;b\n1;2\n", "csv", "text/csv"),
    ],
)
def test_allowed_types_are_told_by_content(navn, data, type_, innholdstype):
    sjekk = sjekk_vedlegg(SimpleUploadedFile(navn, data, "application/octet-stream"))
    assert sjekk.type == type_ and sjekk.data == data and sjekk.navn == navn
    if innholdstype:
        assert sjekk.innholdstype == innholdstype


@pytest.mark.parametrize(
    ("navn", "data"),
    [
        ("rapport.pdf", b"<html><script>alert(1)</script></html>"),
        ("rapport.pdf", b"  <!DOCTYPE html><p>hei</p>"),
        ("tegning.txt", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>'),
        ("data.csv", b"a;b\n<script>alert(1)</script>;2\n"),
        ("arkiv.docx", zip_with({"annet.txt": b"x"})),
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("side.html", b"hei"),
        ("virus.exe", PDF),
    ],
)
def test_markup_binaries_and_unknown_types_are_refused(navn, data):
    with pytest.raises(ValidationError, match="Filtypen er ikke tillatt"):
        sjekk_vedlegg(SimpleUploadedFile(navn, data))


def test_name_must_match_the_content():
    with pytest.raises(ValidationError, match="er PNG, men filnavnet slutter ikke på .png"):
        sjekk_vedlegg(SimpleUploadedFile("bilde.jpg", PNG))
    with pytest.raises(ValidationError, match="slutter ikke på .pdf"):
        sjekk_vedlegg(SimpleUploadedFile("notat.txt", PDF))


def test_too_big_and_empty_files_are_refused():
    with pytest.raises(ValidationError, match="større enn 10 MB"):
        sjekk_vedlegg(SimpleUploadedFile("stor.pdf", PDF + b"0" * MAX_BYTES))
    with pytest.raises(ValidationError, match="tom"):
        sjekk_vedlegg(SimpleUploadedFile("tom.txt", b"  \n"))


def test_path_and_control_characters_leave_the_name():
    sjekk = sjekk_vedlegg(SimpleUploadedFile("..\\..\\x\x07y.pdf", PDF))
    assert sjekk.navn == "xy.pdf"
