"""Texts that are data (an indicator's name, description and definition) are kept in
bokmål, nynorsk and English (django-modeltranslation): the admin writes them in the
catalogue's form, bokmål required; a reader whose language has no text sees bokmål, and
the admin sees which are missing; emails and notifications name the indicator in the
recipient's language."""

import io
from decimal import Decimal

from django.db import connection
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from felles.models import Varsel
from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikator

from .test_indikatorkatalog import _skjema
from .test_services import csv_fil

NN = "Del barn i hushald med vedvarande låginntekt (%)"
EN = "Share of children in households with persistent low income (%)"


def _basekolonne(indikator) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT navn FROM kommuner_indikator WHERE id = %s", [indikator.pk])
        return cursor.fetchone()[0]


def test_the_indicator_form_saves_each_language_and_bokmal_stays_in_the_base_column(client, folk):
    client.force_login(folk["admin"])
    # The admin works in nynorsk: the bokmål field is still the bokmål text.
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    response = client.post(
        reverse("kommuner:indikator_create"),
        _skjema(
            navn="Andel barn i barnehage (%)",
            navn_nn="Del born i barnehage (%)",
            navn_en="Share of children in kindergarten (%)",
            definisjon="Barn i barnehage delt på barn 1–5 år.",
            definisjon_nn="Born i barnehage delt på born 1–5 år.",
            definisjon_en="",
        ),
    )
    assert response.status_code == 302
    ny = Indikator.objects.get(navn_nb="Andel barn i barnehage (%)")
    assert ny.navn_nn == "Del born i barnehage (%)"
    assert ny.navn_en == "Share of children in kindergarten (%)"
    assert ny.definisjon_nn == "Born i barnehage delt på born 1–5 år."
    assert ny.definisjon_en is None  # no English text: the reader sees bokmål
    assert _basekolonne(ny) == "Andel barn i barnehage (%)"
    assert ny.history.first().navn == "Andel barn i barnehage (%)"
    # The edit form shows each language's text in its own field.
    side = client.get(reverse("kommuner:indikator_edit", args=[ny.pk])).content.decode()
    assert 'name="navn" value="Andel barn i barnehage (%)"' in side
    assert 'name="navn_nn" value="Del born i barnehage (%)"' in side
    assert 'name="navn_en" value="Share of children in kindergarten (%)"' in side
    # Removing the English name leaves none (not an empty one that would block the next).
    data = _skjema(navn="Andel barn i barnehage (%)", navn_nn="Del born i barnehage (%)")
    assert client.post(reverse("kommuner:indikator_edit", args=[ny.pk]), data).status_code == 302
    ny.refresh_from_db()
    assert ny.navn_en is None


def test_the_indicator_form_refuses_an_empty_bokmal_name_and_saves_nothing(client, folk, indikator):
    client.force_login(folk["admin"])
    antall = Indikator.objects.count()
    response = client.post(
        reverse("kommuner:indikator_create"), _skjema(navn="", navn_nn="Berre nynorsk")
    )
    assert response.status_code == 400
    assert "Feltet er påkrevet." in response.content.decode()
    assert Indikator.objects.count() == antall
    response = client.post(
        reverse("kommuner:indikator_edit", args=[indikator.pk]),
        _skjema(navn="", navn_nn="Berre nynorsk"),
    )
    assert response.status_code == 400
    indikator.refresh_from_db()
    assert indikator.navn_nb and indikator.navn_nn is None


def test_an_indicator_without_nynorsk_shows_bokmal_to_a_nynorsk_reader(indikator):
    with translation.override("nn"):
        assert indikator.navn == indikator.navn_nb
    svc.indikator_update(indikator=indikator, navn_nn=NN, navn_en=EN)
    fersk = Indikator.objects.get(pk=indikator.pk)
    with translation.override("nn"):
        assert fersk.navn == NN
    with translation.override("en"):
        assert fersk.navn == EN
    assert fersk.navn == indikator.navn_nb  # bokmål


def test_a_nynorsk_reader_sees_the_indicator_in_nynorsk_on_the_catalogue_and_bokmal_where_none(
    client, folk, indikator, indikator2
):
    svc.indikator_update(indikator=indikator, navn_nn=NN)
    client.force_login(folk["admin"])
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    side = client.get(reverse("kommuner:indikatorer")).content.decode()
    assert NN in side
    assert indikator2.navn_nb in side  # no nynorsk: bokmål


def test_the_admin_sees_which_languages_an_indicator_misses(client, folk, indikator, indikator2):
    svc.indikator_update(indikator=indikator, navn_nn=NN, navn_en=EN)
    client.force_login(folk["admin"])
    side = client.get(reverse("kommuner:indikatorer")).content.decode()
    # indikator has every language; indikator2 has bokmål only.
    assert side.count("mangler nynorsk") == 1
    assert side.count("mangler engelsk") == 1
    rad = side[side.index(indikator2.navn_nb) :].split("</tr>")[0]
    assert "mangler nynorsk" in rad and "mangler engelsk" in rad
    skjema = client.get(reverse("kommuner:indikator_edit", args=[indikator2.pk])).content.decode()
    assert "Mangler nynorsk: lesere på nynorsk ser bokmålsteksten." in skjema
    assert "Mangler engelsk: lesere på engelsk ser bokmålsteksten." in skjema
    skjema = client.get(reverse("kommuner:indikator_edit", args=[indikator.pk])).content.decode()
    assert "Mangler nynorsk" not in skjema


def test_a_returned_value_email_to_a_nynorsk_kommune_names_the_indicator_in_nynorsk(
    folk, halden, indikator, sendt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    svc.indikator_update(indikator=indikator, navn_nn=NN, navn_en=EN)
    halden.maalform = "nn"
    halden.save()
    with django_capture_on_commit_callbacks(execute=True):
        svc.indikatorverdi_return(
            verdi=sendt_halden, bruker=folk["leder_halden"], kommentar="Sjekk tallet mot SSB."
        )
    (epost,) = mailoutbox
    assert epost.subject.startswith(f"Verdien for «{NN}» (2024) er returnert")
    assert "Opne i portalen: " in epost.body
    assert indikator.navn_nb not in epost.subject + epost.body
    # The notification in the portal follows the reader's language, and bokmål where the
    # indicator has no text in it.
    varsel = Varsel.objects.get(slag="verdi_returnert")
    with translation.override("en"):
        assert f"“{EN}”" in varsel.visningstittel
    with translation.override("nb"):
        assert f"«{indikator.navn_nb}»" in varsel.visningstittel
    svc.indikator_update(indikator=indikator, navn_en="")
    varsel.refresh_from_db()
    # The title keeps the texts it was made with.
    with translation.override("en"):
        assert f"“{EN}”" in varsel.visningstittel


def test_the_django_admin_edits_an_indicator_per_language_and_keeps_bokmal_in_the_base(
    admin_client, indikator
):
    url = reverse("admin:kommuner_indikator_change", args=[indikator.pk])
    side = admin_client.get(url).content.decode()
    assert 'name="navn_nb"' in side and 'name="navn_nn"' in side and 'name="navn_en"' in side
    assert 'name="navn"' not in side
    assert admin_client.get(reverse("admin:evaluering_mal_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:tilskudd_tilskuddsordning_add")).status_code == 200


def test_an_upload_names_the_indicator_in_any_language(folk, halden, indikator):
    svc.indikator_update(indikator=indikator, navn_nn=NN, navn_en=EN)
    fil = csv_fil(
        "kommunenummer;indikator;periode;verdi\n"
        f"3101;{indikator.navn_nb};2022;14,1\n3101;{NN};2023;14,2\n3101;{EN.upper()};2024;14,3\n"
    )
    with translation.override("nn"):
        lagret = svc.indikatorverdier_last_opp(
            kommune=halden, fil=fil, bruker=folk["kontakt_halden"]
        ).lagret
    assert sorted(v.verdi for v in lagret) == [Decimal("14.1"), Decimal("14.2"), Decimal("14.3")]
    assert {v.indikator_id for v in lagret} == {indikator.pk}


def test_the_knowledge_package_pdf_names_the_indicator_in_the_readers_language(
    client, folk, indikator, sendt_halden, settings
):
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    svc.indikator_update(indikator=indikator, navn_nn=NN)
    client.force_login(folk["kontakt_halden"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    response = client.get("/kommuner/3101/kunnskapspakke.pdf")
    assert response.status_code == 200
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    tekst = " ".join(tekst.split())
    assert NN in tekst
    assert indikator.navn_nb not in tekst
