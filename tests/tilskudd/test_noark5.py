"""The Noark 5 v5.0 extract, validated with lxml against Arkivverket's published
schemas (tests/tilskudd/noark5/, source in its README)."""

import hashlib
import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from kommuner.models import Kommune
from tilskudd import services
from tilskudd.arkiv import noark5
from tilskudd.arkiv.selectors import saker_for_uttrekk
from tilskudd.models import Soknad, Tilskuddsordning

from .conftest import make_soknad, vedta

SKJEMA = Path(__file__).parent / "noark5" / "arkivstruktur.xsd"
N5 = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"


@pytest.fixture(scope="module")
def skjema():
    # arkivstruktur.xsd imports metadatakatalog.xsd from the same folder.
    return etree.XMLSchema(etree.parse(str(SKJEMA)))


def _avgjorte(user):
    ids = Soknad.objects.filter(status__in=noark5.AVGJORT).values("pk")
    return saker_for_uttrekk(user=user, ids=ids)


def _pakk_ut(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {navn: zf.read(navn) for navn in zf.namelist()}


def _valider(skjema, xml: bytes):
    dokument = etree.fromstring(xml)
    skjema.assertValid(dokument)
    return dokument


def _avgjort_sak(runde, kommune, kontakt, admin, **kwargs):
    soknad = make_soknad(runde, kommune, kontakt, **kwargs)
    return vedta(
        soknad=soknad,
        user=admin,
        utfall="delvis_innvilget",
        belop_innvilget=100_000,
        begrunnelse="Begrenset pott.",
        tittel="Seniorrådgiver",
    )


def test_extract_of_decided_cases_validates_and_carries_the_stored_files(
    skjema, runde, vedtak_halden, sarpsborg, kontakt_sarpsborg, admin_bruker, kontakt_halden
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
    services.utbetaling_create(
        user=admin_bruker, belop=100_000, dato=timezone.localdate(), vedtak=vedtak_halden
    )
    services.rapport_submit(
        user=kontakt_halden,
        periode="2026",
        beskrivelse="Sommerjobber.",
        brukt_belop=100_000,
        vedtak=vedtak_halden,
    )
    _avgjort_sak(runde, sarpsborg, kontakt_sarpsborg, admin_bruker, tittel="Losfunksjon")
    make_soknad(runde, sarpsborg, kontakt_sarpsborg, tittel="Ikke avgjort")

    saker = _avgjorte(admin_bruker)
    filer = _pakk_ut(noark5.uttrekk(saker, arkivskaper="Statsforvalteren i Test", av="Arkivar"))

    arkiv = _valider(skjema, filer["arkivstruktur.xml"])
    mapper = arkiv.findall(f"{N5}arkivdel/{N5}mappe")
    assert [m.findtext(f"{N5}mappeID") for m in mapper] == [s.saksnummer for s in saker]
    halden = mapper[0]
    poster = halden.findall(f"{N5}registrering")
    assert [p.findtext(f"{N5}registreringsID") for p in poster] == [
        f"{vedtak_halden.soknad.saksnummer}-{n}" for n in (1, 2, 3, 4, 5)
    ]
    assert [p.findtext(f"{N5}journalposttype") for p in poster] == [
        "Inngående dokument",
        "Utgående dokument",
        "Utgående dokument",
        "Utgående dokument",
        "Inngående dokument",
    ]
    objekter = arkiv.iter(f"{N5}dokumentobjekt")
    antall = 0
    for objekt in objekter:
        data = filer[objekt.findtext(f"{N5}referanseDokumentfil")]
        assert hashlib.sha256(data).hexdigest() == objekt.findtext(f"{N5}sjekksum")
        assert int(objekt.findtext(f"{N5}filstoerrelse")) == len(data)
        antall += 1
    assert antall == 5 + 2  # Halden's five documents, Sarpsborg's receipt and letter
    beskrivelse = etree.fromstring(filer["pakkebeskrivelse.xml"])
    assert (
        hashlib.sha256(filer["arkivstruktur.xml"]).hexdigest()
        in etree.tostring(beskrivelse).decode()
    )


def test_a_structure_missing_a_required_element_is_refused(skjema, vedtak_halden, admin_bruker):
    xml = noark5.arkivstruktur(_avgjorte(admin_bruker), arkivskaper="SF", av="Arkivar")
    _valider(skjema, xml)
    arkiv = etree.fromstring(xml)
    objekt = next(arkiv.iter(f"{N5}dokumentobjekt"))
    objekt.remove(objekt.find(f"{N5}sjekksum"))
    with pytest.raises(etree.DocumentInvalid, match="sjekksum"):
        skjema.assertValid(arkiv)
    # and a case without its case year
    arkiv = etree.fromstring(xml)
    mappe = arkiv.find(f"{N5}arkivdel/{N5}mappe")
    mappe.remove(mappe.find(f"{N5}saksaar"))
    assert not skjema.validate(arkiv)


def test_extract_of_the_demos_decided_cases_validates(skjema, demo, django_user_model):
    """The demo's decided cases (the sources give none, so the demo has none of its
    own; one is decided here through the services on top of the demo) in one extract."""
    from kommuner.roller import Rolle
    from tests.factories import BrukerFactory

    admin = BrukerFactory(roller=[Rolle.ADMIN])
    kontakt = BrukerFactory(
        roller=[Rolle.KONTAKTPERSON], kommune=Kommune.objects.get(navn="Halden")
    )
    ordning = Tilskuddsordning.objects.get(navn="Prosjektskjønnsmidler til innovasjon")
    pott = services.pott_upsert(
        navn="Testpott for uttrekk", aar=2031, total=500_000, kilder=[(ordning, 500_000)]
    )
    runde = services.runde_upsert(
        pott=pott,
        tittel="Testrunde",
        aapner=timezone.now() - timedelta(days=1),
        stenger=timezone.now() + timedelta(days=1),
    )
    _avgjort_sak(runde, kontakt.kommune, kontakt, admin)
    saker = _avgjorte(admin)
    assert saker.count() >= 1
    filer = _pakk_ut(noark5.uttrekk(saker, arkivskaper="Statsforvalteren", av=admin.fullt_navn))
    arkiv = _valider(skjema, filer["arkivstruktur.xml"])
    assert len(arkiv.findall(f"{N5}arkivdel/{N5}mappe")) == saker.count()


def test_admin_downloads_the_extract_of_chosen_cases(client, skjema, vedtak_halden, admin_bruker):
    client.force_login(admin_bruker)
    url = reverse("tilskudd:arkivuttrekk")
    assert client.get(url).status_code == 200
    response = client.post(url, {"saker": [vedtak_halden.soknad_id]})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    filer = _pakk_ut(b"".join(response.streaming_content))
    _valider(skjema, filer["arkivstruktur.xml"])
    assert len([n for n in filer if n.startswith("dokumenter/")]) == 2


def test_extract_without_a_chosen_case_says_so(client, vedtak_halden, admin_bruker):
    client.force_login(admin_bruker)
    response = client.post(reverse("tilskudd:arkivuttrekk"), {})
    assert response.status_code == 200
    assert "Velg minst én sak." in response.content.decode()


@pytest.mark.parametrize("bruker", ["kontakt_halden", "leder_halden", "styre", "forsker"])
def test_only_admins_make_extracts(client, request, vedtak_halden, bruker):
    client.force_login(request.getfixturevalue(bruker))
    url = reverse("tilskudd:arkivuttrekk")
    assert client.get(url).status_code == 403
    assert client.post(url, {"saker": [vedtak_halden.soknad_id]}).status_code == 403


def test_a_case_the_admin_did_not_choose_is_not_in_the_extract(
    client, vedtak_halden, soknad_sarpsborg, admin_bruker
):
    client.force_login(admin_bruker)
    response = client.post(reverse("tilskudd:arkivuttrekk"), {"saker": [soknad_sarpsborg.pk]})
    filer = _pakk_ut(b"".join(response.streaming_content))
    assert vedtak_halden.soknad.saksnummer.encode() not in filer["arkivstruktur.xml"]
    assert (
        Soknad.objects.get(pk=soknad_sarpsborg.pk).saksnummer.encode() in filer["arkivstruktur.xml"]
    )


def test_extract_form_offers_one_year_a_page_at_a_time_in_fixed_queries(
    client,
    runde,
    vedtak_halden,
    sarpsborg,
    kontakt_sarpsborg,
    admin_bruker,
    django_assert_num_queries,
):
    aar = vedtak_halden.soknad.saksaar
    # 55 numbered cases of the same year (as submitted, without their stored PDFs)
    Soknad.objects.bulk_create(
        Soknad(
            runde=runde,
            kommune=sarpsborg,
            tittel=f"Sak {i}",
            formaal="Sommerjobber.",
            belop_sokt=1000,
            opprettet_av=kontakt_sarpsborg,
            status=Soknad.Status.SENDT_INN,
            sendt_inn=timezone.now(),
            saksaar=aar,
            sekvensnummer=1000 + i,
        )
        for i in range(55)
    )
    client.force_login(admin_bruker)
    url = reverse("tilskudd:arkivuttrekk")
    client.get(url)  # the login's session is saved on the first request
    # session, user with roles, the case years, the kommuner with cases (filter), the
    # count of the year's cases, its first page with kommuner (no documents read)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"56 saker fra {aar}." in html
    assert html.count('name="saker"') == 50
    assert "Side 1 av 2" in html
    # Sarpsborg's cases only, second page: the six left
    response = client.get(url + f"?aar={aar}&kommune={sarpsborg.kommunenummer}&side=2")
    assert response.content.decode().count('name="saker"') == 5
