"""Documents of record: case numbers at submission, each document numbered and stored
once as PDF/A with its SHA-256, downloads serving the stored bytes."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tilskudd import services
from tilskudd.models import Dokument, Nummerserie, Soknad

from .conftest import make_soknad, vedta


def _tekst(data: bytes) -> str:
    tekst = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return tekst.replace("\xa0", " ")


def _last_ned(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


# --- case numbers -----------------------------------------------------------------


def test_a_draft_has_no_case_number(runde, halden, kontakt_halden):
    utkast = make_soknad(runde, halden, kontakt_halden, submit=False)
    assert utkast.saksnummer == ""
    assert not Dokument.objects.filter(soknad=utkast).exists()


def test_submission_gives_the_next_number_of_the_years_sequence(
    runde, halden, sarpsborg, kontakt_halden, kontakt_sarpsborg
):
    aar = timezone.localtime().year
    utkast = make_soknad(runde, halden, kontakt_halden, submit=False)
    forste = make_soknad(runde, sarpsborg, kontakt_sarpsborg)
    andre = services.soknad_submit(soknad=utkast, user=kontakt_halden)
    assert forste.saksnummer == f"{aar}/00001"
    assert andre.saksnummer == f"{aar}/00002"
    assert Nummerserie.objects.get(slag="sak", aar=aar).siste == 2


def test_a_refused_submission_uses_no_number(runde, halden, kontakt_halden):
    utkast = make_soknad(runde, halden, kontakt_halden, submit=False)
    with pytest.raises(ValidationError):
        services.soknad_submit(
            soknad=utkast, user=kontakt_halden, now=runde.stenger + timedelta(minutes=1)
        )
    utkast.refresh_from_db()
    assert utkast.saksnummer == ""
    assert not Nummerserie.objects.exists()
    assert not Dokument.objects.exists()


# --- the receipt ------------------------------------------------------------------


def test_submission_stores_the_application_as_received(soknad_halden, kontakt_halden):
    dokument = Dokument.objects.get(soknad=soknad_halden)
    assert dokument.nummer == 1
    assert dokument.dokumentnummer == f"{soknad_halden.saksnummer}-1"
    assert dokument.slag == Dokument.Slag.SOKNAD
    assert dokument.retning == Dokument.Retning.INN
    assert dokument.avsender == "Halden kommune"
    assert dokument.dato == timezone.localtime(soknad_halden.sendt_inn).date()
    data = dokument.fil.read()
    assert hashlib.sha256(data).hexdigest() == dokument.sha256
    assert len(data) == dokument.storrelse
    tekst = _tekst(data)
    assert "Kvittering for mottatt søknad" in tekst
    assert "Sommerjobber for ungdom." in tekst
    assert dokument.dokumentnummer in tekst


# --- letters ----------------------------------------------------------------------


def test_decision_and_amendment_each_store_their_letter_with_its_own_number(
    vedtak_halden, admin_bruker
):
    services.vedtak_endre(
        vedtak=vedtak_halden,
        user=admin_bruker,
        utfall="innvilget",
        belop_innvilget=300_000,
        begrunnelse="Mer midler ble ledige.",
        endringsgrunn="Potten fikk midler tilbake.",
        versjon=1,
    )
    soknad = vedtak_halden.soknad
    dokumenter = list(Dokument.objects.filter(soknad=soknad).order_by("nummer"))
    assert [(d.nummer, d.slag, d.retning) for d in dokumenter] == [
        (1, "soknad", "I"),
        (2, "vedtak", "U"),
        (3, "endringsvedtak", "U"),
    ]
    assert [d.vedtaksversjon.nummer for d in dokumenter[1:]] == [1, 2]
    assert dokumenter[1].mottaker == "Halden kommune"
    assert f"{soknad.saksnummer}-3" in _tekst(dokumenter[2].fil.read())


def test_a_letter_downloaded_twice_in_two_languages_is_the_stored_bytes(
    client, vedtak_halden, kontakt_halden
):
    dokument = Dokument.objects.get(vedtaksversjon__vedtak=vedtak_halden)
    url = reverse("tilskudd:vedtaksbrev", args=[vedtak_halden.soknad_id])
    client.force_login(kontakt_halden)
    norsk = _last_ned(client, url)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    engelsk = _last_ned(client, url)
    assert client.cookies["django_language"].value == "en"
    assert norsk == engelsk
    assert hashlib.sha256(norsk).hexdigest() == dokument.sha256
    versjon1 = _last_ned(
        client, reverse("tilskudd:vedtaksbrev_versjon", args=[vedtak_halden.soknad_id, 1])
    )
    assert versjon1 == norsk
    assert "Vedtak om tilskudd" in _tekst(norsk)  # bokmål, whoever downloads it


def test_the_stored_letter_declares_pdf_a_and_is_tagged(vedtak_halden):
    data = Dokument.objects.get(vedtaksversjon__vedtak=vedtak_halden).fil.read()
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="B"' in xmp
    root = reader.trailer["/Root"]
    assert "/OutputIntents" in root
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_the_letter_carries_the_fields_of_such_letters(runde, halden, kontakt_halden, admin_bruker):
    runde.klageinstans = "Kommunal- og distriktsdepartementet"
    runde.save()
    soknad = services.soknad_create(
        runde=runde,
        kommune=halden,
        user=kontakt_halden,
        tittel="Losfunksjon",
        formaal="Los for ungdom.",
        belop_sokt=300_000,
        deres_referanse="24/1234",
        postadresse="Postboks 150\n1751 Halden",
    )
    soknad = services.soknad_submit(soknad=soknad, user=kontakt_halden)
    services.soknad_start_review(soknad=soknad, user=admin_bruker)
    vedta(
        soknad=soknad,
        user=admin_bruker,
        utfall="delvis_innvilget",
        belop_innvilget=200_000,
        begrunnelse="Begrenset pott.",
        tittel="Seniorrådgiver",
        telefon="+47 69 24 70 00",
    )
    dokument = Dokument.objects.get(soknad=soknad, slag="vedtak")
    tekst = _tekst(dokument.fil.read())
    for forventet in [
        f"{soknad.saksnummer}-2",  # our reference: the document number
        "24/1234",  # Deres referanse
        "Seniorrådgiver",
        "+47 69 24 70 00",
        "Postboks 150",
        "1751 Halden",
        # the pot (400 000 + 600 000) split pro rata: 40 % and 60 % of 200 000
        "231/63",
        "80 000 kr",
        "765/60",
        "120 000 kr",
        "Klageinstans er Kommunal- og distriktsdepartementet.",
        "Dokumentet er elektronisk godkjent og har derfor ikke håndskrevne signaturer.",
        "Side 1 av",
    ]:
        assert forventet in tekst, forventet


def test_a_decision_made_without_the_service_gets_its_letter_stored_once(
    client, soknad_halden, admin_bruker, kontakt_halden
):
    from tilskudd.models import Vedtak

    Soknad.objects.filter(pk=soknad_halden.pk).update(status="innvilget")
    Vedtak.objects.create(
        soknad=soknad_halden,
        utfall="innvilget",
        belop_innvilget=300_000,
        begrunnelse="Bra.",
        vedtatt_av=admin_bruker,
    )
    client.force_login(kontakt_halden)
    url = reverse("tilskudd:vedtaksbrev", args=[soknad_halden.pk])
    forste = _last_ned(client, url)
    andre = _last_ned(client, url)
    assert forste == andre
    dokument = Dokument.objects.get(soknad=soknad_halden, slag="vedtak")
    assert hashlib.sha256(forste).hexdigest() == dokument.sha256


# --- payment notices and reports --------------------------------------------------


def test_payment_and_report_are_documents_of_the_case(vedtak_halden, admin_bruker, kontakt_halden):
    services.utbetaling_create(
        user=admin_bruker, belop=100_000, dato=timezone.localdate(), vedtak=vedtak_halden
    )
    services.rapport_submit(
        user=kontakt_halden,
        periode="2026",
        beskrivelse="Sommerjobber for 20 ungdommer.",
        brukt_belop=100_000,
        vedtak=vedtak_halden,
    )
    dokumenter = Dokument.objects.filter(soknad=vedtak_halden.soknad).order_by("nummer")
    assert [(d.nummer, d.slag, d.retning) for d in dokumenter][2:] == [
        (3, "utbetaling", "U"),
        (4, "rapport", "I"),
    ]
    assert "Sommerjobber for 20 ungdommer." in _tekst(dokumenter[3].fil.read())
