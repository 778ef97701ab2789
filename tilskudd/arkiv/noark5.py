"""The Noark 5 version 5.0 extract (arkivuttrekk) of chosen grant cases, for the
archive (Elements, Public 360, ePhorte, the depot): a ZIP with

- ``arkivstruktur.xml``: arkiv → arkivdel → saksmappe (one per case) → journalpost (one
  per document) → dokumentbeskrivelse → dokumentobjekt, with each file's SHA-256;
- ``dokumenter/<file>.pdf``: the stored PDF/A files, byte for byte as they were made;
- ``pakkebeskrivelse.xml``: the package description: what the extract holds, when it
  was made, by whom, and the checksum of ``arkivstruktur.xml``, plus the two schemas'
  names. It is our own small format, not the ADDML ``arkivuttrekk.xml`` a deposit to
  the depot (Arkivverket/IKA) also asks for; the receiving archive's import reads
  ``arkivstruktur.xml``.

The element order and the required elements are those of Arkivverket's published
``arkivstruktur.xsd`` (v5.0); the tests validate the output against that schema.
Written with the standard library's ElementTree (no runtime dependency on lxml)."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Iterable
from datetime import datetime
from xml.etree import ElementTree as ET

from django.utils import timezone

from ..models import Dokument, Soknad

NS = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# Our own description of the package (not ADDML): see ``pakkebeskrivelse``.
NS_UTTREKK = "urn:velferdspilot:arkivuttrekk:pakkebeskrivelse"
SYSTEM = "Velferdspilot"
# A stable namespace for the systemIDs: the same case or document has the same id in
# every extract, so the archive recognises a case delivered twice.
_UUID_NS = uuid.UUID("6f0c1c1e-8d8e-4a51-9d0f-3c5f2f0e5a24")

# Noark 5 code values (metadatakatalog) used here.
JOURNALPOSTTYPE = {
    Dokument.Retning.INN: "Inngående dokument",
    Dokument.Retning.UT: "Utgående dokument",
}
DOKUMENTTYPE = {
    Dokument.Slag.SOKNAD: "Søknad",
    Dokument.Slag.VEDTAK: "Vedtak",
    Dokument.Slag.ENDRINGSVEDTAK: "Vedtak",
    Dokument.Slag.UTBETALING: "Brev",
    Dokument.Slag.RAPPORT: "Rapport",
}
AVGJORT = {
    Soknad.Status.INNVILGET,
    Soknad.Status.DELVIS_INNVILGET,
    Soknad.Status.AVSLATT,
    Soknad.Status.TRUKKET,
}

ET.register_namespace("", NS)
ET.register_namespace("xsi", XSI)


def system_id(slag: str, pk: int) -> str:
    return str(uuid.uuid5(_UUID_NS, f"{slag}:{pk}"))


def _tid(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _el(parent: ET.Element, navn: str, tekst: object = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{navn}")
    if tekst is not None:
        element.text = str(tekst)
    return element


def filsti(dokument: Dokument) -> str:
    return f"dokumenter/{dokument.filnavn}"


def _journalpost(mappe: ET.Element, d: Dokument, *, arkivert: datetime, av: str) -> None:
    jp = _el(mappe, "registrering")
    jp.set(f"{{{XSI}}}type", "journalpost")
    opprettet_av = d.opprettet_av.fullt_navn if d.opprettet_av else SYSTEM
    _el(jp, "systemID", system_id("journalpost", d.pk))
    _el(jp, "opprettetDato", _tid(d.opprettet))
    _el(jp, "opprettetAv", opprettet_av)
    _el(jp, "arkivertDato", _tid(arkivert))
    _el(jp, "arkivertAv", av)
    if d.tilgangskode:
        skjerming = _el(jp, "skjerming")
        _el(skjerming, "tilgangsrestriksjon", d.tilgangskode)
        _el(skjerming, "skjermingshjemmel", d.skjermingshjemmel)
        _el(skjerming, "skjermingMetadata", "Skjerming av korrespondansepart")
    db = _el(jp, "dokumentbeskrivelse")
    _el(db, "systemID", system_id("dokumentbeskrivelse", d.pk))
    _el(db, "dokumenttype", DOKUMENTTYPE[d.slag])
    _el(db, "dokumentstatus", "Dokumentet er ferdigstilt")
    _el(db, "tittel", d.tittel)
    _el(db, "opprettetDato", _tid(d.opprettet))
    _el(db, "opprettetAv", opprettet_av)
    _el(db, "tilknyttetRegistreringSom", "Hoveddokument")
    _el(db, "dokumentnummer", 1)
    _el(db, "tilknyttetDato", _tid(d.opprettet))
    _el(db, "tilknyttetAv", opprettet_av)
    obj = _el(db, "dokumentobjekt")
    _el(obj, "systemID", system_id("dokumentobjekt", d.pk))
    _el(obj, "versjonsnummer", 1)
    _el(obj, "variantformat", "Arkivformat")
    _el(obj, "format", "fmt/477")  # PRONOM: PDF/A-2b
    _el(obj, "formatDetaljer", d.format)
    _el(obj, "opprettetDato", _tid(d.opprettet))
    _el(obj, "opprettetAv", opprettet_av)
    _el(obj, "referanseDokumentfil", filsti(d))
    _el(obj, "sjekksum", d.sha256)
    _el(obj, "sjekksumAlgoritme", "SHA256")
    _el(obj, "filstoerrelse", d.storrelse)
    _el(jp, "registreringsID", d.dokumentnummer)
    _el(jp, "tittel", d.tittel)
    for slag, navn in (("Avsender", d.avsender), ("Mottaker", d.mottaker)):
        part = _el(jp, "korrespondansepart")
        _el(part, "korrespondanseparttype", slag)
        _el(part, "korrespondansepartNavn", navn)
    _el(jp, "journalaar", d.journalaar)
    _el(jp, "journalsekvensnummer", d.journalsekvensnummer)
    _el(jp, "journalpostnummer", d.nummer)
    _el(jp, "journalposttype", JOURNALPOSTTYPE[d.retning])
    _el(jp, "journalstatus", "Journalført")
    _el(jp, "journaldato", d.dato.isoformat())
    _el(jp, "dokumentetsDato", d.dato.isoformat())
    if d.retning == Dokument.Retning.INN:
        _el(jp, "mottattDato", _tid(d.opprettet))
    else:
        _el(jp, "sendtDato", _tid(d.opprettet))


def arkivstruktur(
    saker: Iterable[Soknad], *, arkivskaper: str, av: str, now: datetime | None = None
) -> bytes:
    """``arkivstruktur.xml`` for ``saker`` (cases with their documents prefetched)."""
    now = now or timezone.now()
    saker = list(saker)
    arkiv = ET.Element(f"{{{NS}}}arkiv")
    arkiv.set(f"{{{XSI}}}schemaLocation", f"{NS} arkivstruktur.xsd")
    _el(arkiv, "systemID", str(uuid.uuid4()))
    _el(arkiv, "tittel", f"Tilskuddssaker fra {SYSTEM}")
    _el(arkiv, "arkivstatus", "Avsluttet")
    _el(arkiv, "opprettetDato", _tid(now))
    _el(arkiv, "opprettetAv", av)
    _el(arkiv, "avsluttetDato", _tid(now))
    _el(arkiv, "avsluttetAv", av)
    skaper = _el(arkiv, "arkivskaper")
    _el(skaper, "arkivskaperID", system_id("arkivskaper", 0))
    _el(skaper, "arkivskaperNavn", arkivskaper)
    arkivdel = _el(arkiv, "arkivdel")
    _el(arkivdel, "systemID", str(uuid.uuid4()))
    _el(arkivdel, "tittel", "Tilskudd: søknader, vedtak, utbetalinger og rapporter")
    _el(arkivdel, "arkivdelstatus", "Avsluttet periode")
    _el(arkivdel, "opprettetDato", _tid(now))
    _el(arkivdel, "opprettetAv", av)
    _el(arkivdel, "avsluttetDato", _tid(now))
    _el(arkivdel, "avsluttetAv", av)
    datoer = [d.dato for sak in saker for d in sak.dokumenter.all()]
    if datoer:
        _el(arkivdel, "arkivperiodeStartDato", min(datoer).isoformat())
        _el(arkivdel, "arkivperiodeSluttDato", max(datoer).isoformat())
    for sak in saker:
        dokumenter = list(sak.dokumenter.all())
        mappe = _el(arkivdel, "mappe")
        mappe.set(f"{{{XSI}}}type", "saksmappe")
        _el(mappe, "systemID", system_id("saksmappe", sak.pk))
        _el(mappe, "mappeID", sak.saksnummer)
        _el(mappe, "tittel", f"{sak.tittel} – {sak.kommune.navn} kommune")
        _el(mappe, "opprettetDato", _tid(sak.sendt_inn))
        _el(mappe, "opprettetAv", sak.opprettet_av.fullt_navn)
        sist = max((d.opprettet for d in dokumenter), default=sak.sendt_inn)
        _el(mappe, "avsluttetDato", _tid(sist if sak.status in AVGJORT else now))
        _el(mappe, "avsluttetAv", av)
        for d in dokumenter:
            _journalpost(mappe, d, arkivert=now, av=av)
        saksansvarlig = next(
            (d.opprettet_av.fullt_navn for d in dokumenter if d.retning == "U" and d.opprettet_av),
            arkivskaper,
        )
        _el(mappe, "saksaar", sak.saksaar)
        _el(mappe, "sakssekvensnummer", sak.sekvensnummer)
        _el(mappe, "saksdato", timezone.localtime(sak.sendt_inn).date().isoformat())
        _el(mappe, "administrativEnhet", arkivskaper)
        _el(mappe, "saksansvarlig", saksansvarlig)
        _el(mappe, "saksstatus", "Avsluttet" if sak.status in AVGJORT else "Under behandling")
    ET.indent(arkiv)
    return ET.tostring(arkiv, encoding="utf-8", xml_declaration=True)


def pakkebeskrivelse(
    *, struktur: bytes, saker: list[Soknad], antall_filer: int, av: str, now: datetime
) -> bytes:
    """``pakkebeskrivelse.xml``: what the package holds and the checksum of its
    structure."""
    ET.register_namespace("", NS_UTTREKK)
    root = ET.Element(f"{{{NS_UTTREKK}}}arkivuttrekk")

    def el(parent, navn, tekst=None):
        element = ET.SubElement(parent, f"{{{NS_UTTREKK}}}{navn}")
        if tekst is not None:
            element.text = str(tekst)
        return element

    el(root, "standard", "Noark 5")
    el(root, "versjon", "5.0")
    el(root, "system", SYSTEM)
    el(root, "laget", _tid(now))
    el(root, "lagetAv", av)
    el(root, "antallSaksmapper", len(saker))
    el(root, "antallDokumentfiler", antall_filer)
    fil = el(root, "fil")
    el(fil, "navn", "arkivstruktur.xml")
    el(fil, "skjema", "arkivstruktur.xsd")
    el(fil, "sjekksumAlgoritme", "SHA256")
    el(fil, "sjekksum", hashlib.sha256(struktur).hexdigest())
    saksnumre = el(root, "saker")
    for sak in saker:
        el(saksnumre, "saksnummer", sak.saksnummer)
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    ET.register_namespace("", NS)
    return data


def uttrekk(
    saker: Iterable[Soknad], *, arkivskaper: str, av: str, now: datetime | None = None
) -> bytes:
    """The extract as ZIP bytes: the structure, the package description and the
    files, each file exactly the stored bytes (checked against its SHA-256)."""
    now = now or timezone.now()
    saker = list(saker)
    struktur = arkivstruktur(saker, arkivskaper=arkivskaper, av=av, now=now)
    buffer = io.BytesIO()
    antall = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("arkivstruktur.xml", struktur)
        for sak in saker:
            for d in sak.dokumenter.all():
                with d.fil.open("rb") as fh:
                    data = fh.read()
                if hashlib.sha256(data).hexdigest() != d.sha256:
                    raise ValueError(f"Sjekksummen stemmer ikke for {d.dokumentnummer}.")
                zf.writestr(filsti(d), data)
                antall += 1
        zf.writestr(
            "pakkebeskrivelse.xml",
            pakkebeskrivelse(struktur=struktur, saker=saker, antall_filer=antall, av=av, now=now),
        )
    return buffer.getvalue()
