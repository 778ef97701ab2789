"""The one attachment policy, app-free: which files people may upload as attachments
(knowledge base, grant applications, and any later upload), and how an attachment is
served back.

Upload (``sjekk_vedlegg``): at most ``MAX_BYTES``; the type is told by the content
(magic bytes; for DOCX/XLSX/ODT/ODS the ZIP member that makes the format, read from the
ZIP directory without unpacking anything else), never by the name or the browser's
content type. The file name must end in one of that type's extensions, so a download
opens in the program its content belongs to. Text must be UTF-8 or Windows-1252 and
not markup: HTML, SVG or XML renamed to ``.txt`` or ``.pdf`` is refused.

Download (``vedlegg_response``): always ``Content-Disposition: attachment``, the
content type of the checked type, ``X-Content-Type-Options: nosniff`` and a sandboxing
``Content-Security-Policy``, so no attachment is ever rendered as a page of ours.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Largest attachment, in bytes.
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Vedleggstype:
    navn: str
    innholdstype: str
    endelser: tuple[str, ...]


TYPER: dict[str, Vedleggstype] = {
    "pdf": Vedleggstype("PDF", "application/pdf", (".pdf",)),
    "docx": Vedleggstype(
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "xlsx": Vedleggstype(
        "Excel (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (".xlsx",),
    ),
    "odt": Vedleggstype("OpenDocument (ODT)", "application/vnd.oasis.opendocument.text", (".odt",)),
    "ods": Vedleggstype(
        "OpenDocument (ODS)", "application/vnd.oasis.opendocument.spreadsheet", (".ods",)
    ),
    "png": Vedleggstype("PNG", "image/png", (".png",)),
    "jpeg": Vedleggstype("JPEG", "image/jpeg", (".jpg", ".jpeg")),
    "txt": Vedleggstype(gettext_lazy("Tekst (TXT)"), "text/plain", (".txt",)),
    "csv": Vedleggstype("CSV", "text/csv", (".csv",)),
}
#: The help text of every attachment field.
HJELPETEKST = gettext_lazy(
    "PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT, ODS), PNG, JPEG eller ren tekst "
    "(TXT, CSV), høyst 10 MB. Filnavnet må ha riktig filendelse."
)
#: For a model field's ``choices``.
TYPE_CHOICES = [(kode, t.navn) for kode, t in TYPER.items()]
FALLBACK_TYPE = "application/octet-stream"

_ODF_MIMETYPE = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_MARKUP = re.compile(
    rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|\?xml)", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Vedleggsjekk:
    navn: str  # the person's file name, cleaned
    type: str  # a key of TYPER
    innholdstype: str
    data: bytes


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and zf.getinfo("mimetype").file_size <= 100:
                return _ODF_MIMETYPE.get(zf.read("mimetype").strip())
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
        return None
    return None


def _er_tekst(data: bytes) -> bool:
    if _MARKUP.search(data[:65536]) or data.lstrip()[:1] == b"<":
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not _CONTROL.search(text)
    return False


def filtype_fra_innhold(data: bytes) -> str | None:
    """'pdf', 'png', 'jpeg', 'docx', 'xlsx', 'odt', 'ods' or 'tekst' from the content,
    else None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    if _er_tekst(data):
        return "tekst"
    return None


def rens_filnavn(navn: str) -> str:
    """The last part of the name, printable characters only, at most 200."""
    navn = (navn or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in navn if c.isprintable())[:200] or "vedlegg"


def _tillatte() -> str:
    return _(
        "Filtypen er ikke tillatt. Last opp PDF, Word (DOCX), Excel (XLSX), OpenDocument "
        "(ODT, ODS), PNG, JPEG eller ren tekst (TXT, CSV)."
    )


def sjekk_vedlegg(fil, *, maks: int = MAX_BYTES) -> Vedleggsjekk:
    """Read and check an uploaded file. Raises ValidationError (Norwegian) when it is
    missing, empty, too big, of a type not allowed, or named as another type."""
    if fil is None:
        raise ValidationError(_("Velg en fil."), code="mangler")
    size = getattr(fil, "size", None)
    stor = ValidationError(
        _("Vedlegget er større enn %(mb)s MB.") % {"mb": maks // (1024 * 1024)}, code="stor"
    )
    if size is not None and size > maks:
        raise stor
    if hasattr(fil, "seek"):
        fil.seek(0)
    data = fil.read(maks + 1)
    if len(data) > maks:
        raise stor
    if not data.strip():
        raise ValidationError(_("Filen er tom."), code="tom")
    navn = rens_filnavn(getattr(fil, "name", ""))
    endelse = PurePosixPath(navn).suffix.lower()
    funnet = filtype_fra_innhold(data)
    if funnet is None or not any(endelse in t.endelser for t in TYPER.values()):
        raise ValidationError(_tillatte(), code="type")
    if funnet == "tekst":
        funnet = "csv" if endelse == ".csv" else "txt"
    type_ = TYPER[funnet]
    if endelse not in type_.endelser:
        raise ValidationError(
            _(
                "Innholdet i «%(navn)s» er %(type)s, men filnavnet slutter ikke på "
                "%(endelse)s. Gi filen riktig filendelse og last den opp igjen."
            )
            % {"navn": navn, "type": type_.navn, "endelse": " / ".join(type_.endelser)},
            code="endelse",
        )
    return Vedleggsjekk(navn=navn, type=funnet, innholdstype=type_.innholdstype, data=data)


def innholdstype_for(navn: str, type: str | None = None) -> str:
    """The content type to serve: from the checked ``type`` if known, else from the
    name's extension, else ``application/octet-stream``."""
    if type in TYPER:
        return TYPER[type].innholdstype
    endelse = PurePosixPath(navn or "").suffix.lower()
    for t in TYPER.values():
        if endelse in t.endelser:
            return t.innholdstype
    return FALLBACK_TYPE


def vedlegg_response(fil, *, navn: str, type: str | None = None):
    """A download of a stored attachment (a FieldFile) that no browser renders as a page
    of ours: attachment, exact content type, nosniff, sandbox CSP. 404 if the file is
    gone from storage."""
    from django.http import Http404

    from .filer import fil_response

    try:
        handle = fil.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = fil_response(handle, filnavn=navn, content_type=innholdstype_for(navn, type))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
