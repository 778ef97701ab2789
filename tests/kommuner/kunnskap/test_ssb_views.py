# ruff: noqa: F811  (the fixtures fake_ssb and lavinntekt_kilde come from ssb_fake)
"""The SSB pages, per role: an admin connects an indicator to a table, tests the source,
fetches, and everybody who reads the kommune sees the values with their origin."""

import io
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from felles.admin import KunLesing
from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import (
    Indikatorverdi,
    Kommunenummerendring,
    SsbKilde,
    SsbKjoring,
    SsbKonflikt,
)
from kommuner.kunnskap.ssb import services as ssb_svc

from .ssb_fake import Svar, Tabell, fake_ssb, lavinntekt_kilde  # noqa: F401

ROLLER = ["kontakt_halden", "kontakt_sarpsborg", "leder_halden", "styre", "forsker", "team"]


def _tabell():
    return Tabell(
        innhold="AndelBarnLav",
        perioder=["2023", "2024"],
        celler={
            ("3101", "2023"): 12.9,
            ("3101", "2024"): 13.4,
            ("3105", "2023"): 14.0,
            ("3105", "2024"): ":",
        },
    )


def _opphav():
    return f"SSB, tabell 12345, hentet {timezone.localdate():%d.%m.%Y}"


def _skjema(**extra):
    return {
        "tabell": "12345",
        "innhold": "AndelBarnLav",
        "faste_verdier": "Alder=0-17",
        "periodetype": "aar",
        "antall_perioder": "2",
        "skala": "1",
        "enhetsmerknad": "Prosent, treårsgjennomsnitt",
        "godkjenn_ved_henting": "on",
        "aktiv": "on",
        **extra,
    }


@pytest.fixture
def ssb_urls(folk, lavinntekt_kilde):
    kjoring = SsbKjoring.objects.create(kilde=lavinntekt_kilde)
    return [
        reverse("kommuner:ssb"),
        reverse("kommuner:ssb_kilde", args=[lavinntekt_kilde.indikator_id]),
        reverse("kommuner:ssb_kjoring", args=[kjoring.pk]),
        reverse("kommuner:ssb_klass"),
    ]


def test_ssb_pages_are_for_admins_only(client, folk, ssb_urls):
    for url in ssb_urls:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(folk["admin"])
    for url in ssb_urls:
        assert client.get(url).status_code == 200, url
    for rolle in ROLLER:
        client.force_login(folk[rolle])
        for url in ssb_urls:
            assert client.get(url).status_code == 403, (rolle, url)
            assert client.post(url, _skjema(hent="1")).status_code == 403, (rolle, url)
    assert SsbKjoring.objects.count() == 1


def test_admin_connects_an_indicator_fetches_and_every_page_shows_the_origin(
    client, folk, indikator, fake_ssb, django_capture_on_commit_callbacks
):
    fake_ssb.tabeller["12345"] = _tabell()
    client.force_login(folk["admin"])
    url = reverse("kommuner:ssb_kilde", args=[indikator.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _skjema(hent="1"))
    kjoring = SsbKjoring.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("kommuner:ssb_kjoring", args=[kjoring.pk])
    assert SsbKilde.objects.get().faste_verdier == {"Alder": "0-17"}
    side = client.get(response["Location"]).content.decode()
    assert "Ferdig" in side and "Nye verdier" in side

    # Halden's leader, in the knowledge base, the package and its PDF.
    client.force_login(folk["leder_halden"])
    side = client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    assert "13,4" in side and _opphav() in side
    assert _opphav() in client.get("/kommuner/3101/kunnskapspakke/").content.decode()
    pdf = client.get("/kommuner/3101/kunnskapspakke.pdf").content
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "SSB, tabell 12345" in tekst
    # Sarpsborg's suppressed cell, as its contact person sees it, and in the export.
    client.force_login(folk["kontakt_sarpsborg"])
    side = client.get("/kommuner/3105/kunnskapsgrunnlag/").content.decode()
    assert "ikke tilgjengelig" in side
    assert "Vises ikke av konfidensialitetshensyn (:)" in side
    csv = client.get("/kommuner/3105/kunnskapsgrunnlag/eksport.csv").getvalue().decode("utf-8-sig")
    assert "opphav" in csv.splitlines()[0]
    assert "Vises ikke av konfidensialitetshensyn (:)" in csv
    assert _opphav() in csv


def test_test_the_source_shows_one_kommunes_figures_and_stores_nothing(
    client, folk, indikator, halden, fake_ssb
):
    fake_ssb.tabeller["12345"] = _tabell()
    client.force_login(folk["admin"])
    url = reverse("kommuner:ssb_kilde", args=[indikator.pk])
    response = client.post(url, _skjema(test="1", kommune=str(halden.pk)))
    side = response.content.decode()
    assert response.status_code == 200
    assert "Dette ville blitt hentet for Halden" in side
    assert "13,4" in side
    assert fake_ssb.foresporsler[0]["query"]["valueCodes[Region]"] == "3101"
    assert SsbKilde.objects.count() == 0
    assert Indikatorverdi.objects.count() == 0


def test_test_the_source_shows_ssbs_error(client, folk, indikator, halden, fake_ssb):
    fake_ssb.ko = [Svar(500, b'{"title": "Internal Server Error"}')]
    client.force_login(folk["admin"])
    url = reverse("kommuner:ssb_kilde", args=[indikator.pk])
    side = client.post(url, _skjema(test="1", kommune=str(halden.pk))).content.decode()
    assert "Testen feilet" in side and "HTTP 500" in side


@pytest.mark.parametrize(
    "felt, melding",
    [
        ({"tabell": "12a45"}, "fem sifre"),
        ({"faste_verdier": "Alder"}, "Dimensjon=kode"),
        ({"faste_verdier": "Region=3101"}, "velges av portalen"),
        ({"innhold": "Andel barn"}, "Bare bokstaver"),
        # Review item 8: the guard was case-sensitive, and a negative scale was taken.
        ({"faste_verdier": "region=3101"}, "velges av portalen"),
        ({"faste_verdier": "Alder=0-17\nTID=2024"}, "velges av portalen"),
        ({"faste_verdier": "contentscode=X"}, "velges av portalen"),
        ({"skala": "-1"}, "Skalaen må være større enn null."),
        ({"skala": "0"}, "Skalaen må være større enn null."),
    ],
)
def test_bad_source_settings_get_a_message_and_nothing_is_saved(
    client, folk, indikator, felt, melding
):
    client.force_login(folk["admin"])
    url = reverse("kommuner:ssb_kilde", args=[indikator.pk])
    response = client.post(url, _skjema(lagre="1", **felt))
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert SsbKilde.objects.count() == 0


def test_run_page_polls_with_htmx_while_running_and_shows_errors_after(
    client, folk, lavinntekt_kilde
):
    kjoring = SsbKjoring.objects.create(
        kilde=lavinntekt_kilde, status="kjorer", foresporsler=4, foresporsler_ferdig=1
    )
    client.force_login(folk["admin"])
    url = reverse("kommuner:ssb_kjoring", args=[kjoring.pk])
    delside = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in delside and "1 av 4" in delside
    assert "<html" not in delside
    kjoring.status, kjoring.feil = "feilet", "SSB svarte HTTP 500: oops"
    kjoring.ukjente_regioner = []
    kjoring.save()
    side = client.get(url).content.decode()
    assert "Ingenting er lagret" in side and "HTTP 500: oops" in side
    assert "hx-trigger" not in side


def test_admin_imports_klass_changes_and_a_bad_file_saves_nothing(client, folk):
    client.force_login(folk["admin"])
    url = reverse("kommuner:ssb_klass")
    god = SimpleUploadedFile(
        "endringer.csv",
        b"oldCode;oldName;newCode;newName;changeOccurred\n0101;Halden;3001;Halden;2020-01-01\n",
    )
    assert client.post(url, {"fil": god}).status_code == 302
    assert Kommunenummerendring.objects.count() == 1
    daarlig = SimpleUploadedFile("endringer.csv", b"kode;navn\n0101;Halden\n")
    response = client.post(url, {"fil": daarlig})
    assert response.status_code == 400
    assert "oldCode, newCode og changeOccurred" in response.content.decode()
    assert Kommunenummerendring.objects.count() == 1


@pytest.fixture
def konflikt(folk, halden, lavinntekt_kilde, fake_ssb):
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=lavinntekt_kilde.indikator,
        periode="2024",
        verdi=14,
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    fake_ssb.tabeller["12345"] = _tabell()
    ssb_svc.ssb_hent(kjoring=SsbKjoring.objects.create(kilde=lavinntekt_kilde))
    return SsbKonflikt.objects.get()


def test_leader_sees_and_resolves_a_conflict_others_may_not(client, folk, konflikt):
    url = reverse("kommuner:ssb_konflikt", args=["3101", konflikt.pk])
    for rolle, status in [
        ("kontakt_halden", 403),
        ("kontakt_sarpsborg", 404),
        ("styre", 403),
        ("forsker", 403),
        ("team", 403),
    ]:
        client.force_login(folk[rolle])
        assert client.post(url, {"valg": "ssb"}).status_code == status, rolle
    client.force_login(folk["leder_halden"])
    # Another kommune's URL with Halden's conflict id: 404.
    andre = reverse("kommuner:ssb_konflikt", args=["3105", konflikt.pk])
    client.force_login(folk["admin"])
    assert client.post(andre, {"valg": "ssb"}).status_code == 404
    client.force_login(folk["leder_halden"])
    side = client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    assert "SSB-tall som avviker fra kommunens tall" in side
    assert client.post(url, {"valg": "ssb"}).status_code == 302
    konflikt.refresh_from_db()
    assert konflikt.valg == "ssb"
    assert konflikt.verdi.verdi == Decimal("13.4")
    side = client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    assert "SSB-tall som avviker fra kommunens tall" not in side


@pytest.fixture
def skjult_halden(folk, lavinntekt_kilde, fake_ssb):
    """Halden's 2024 figure, approved by the fetch but suppressed by SSB."""
    fake_ssb.tabeller["12345"] = Tabell(
        innhold="AndelBarnLav", perioder=["2024"], celler={("3101", "2024"): ":"}
    )
    ssb_svc.ssb_hent(kjoring=SsbKjoring.objects.create(kilde=lavinntekt_kilde))
    return Indikatorverdi.objects.get(kommune__kommunenummer="3101")


def test_contact_persons_form_and_upload_handle_a_fetched_value_that_is_not_available(
    client, folk, skjult_halden
):
    client.force_login(folk["kontakt_halden"])
    response = client.get("/kommuner/3101/kunnskapsgrunnlag/registrer/?periode=2024")
    assert response.status_code == 200
    fil = SimpleUploadedFile(
        "verdier.csv",
        (
            "kommunenummer;indikator;periode;verdi;kommentar\n"
            f"3101;{skjult_halden.indikator.navn};2024;14,2;\n"
        ).encode(),
    )
    response = client.post("/kommuner/3101/kunnskapsgrunnlag/last-opp/", {"fil": fil})
    assert response.status_code == 400
    assert "allerede godkjent (ikke tilgjengelig)" in response.content.decode()
    skjult_halden.refresh_from_db()
    assert skjult_halden.verdi is None


def test_admin_shows_ssb_runs_read_only_and_deletes_none(rf, admin_bruker):
    side = admin.site._registry[SsbKjoring]
    request = rf.get("/admin/")
    request.user = admin_bruker
    admin_bruker.is_superuser = True
    assert isinstance(side, KunLesing)
    assert not side.has_add_permission(request)
    assert not side.has_change_permission(request)
    assert not side.has_delete_permission(request)
    assert "delete_selected" not in side.get_actions(request)
