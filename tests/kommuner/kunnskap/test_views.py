"""Pages of the knowledge base, per role, with URL tampering on every URL."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikatorverdi, Tiltak, Utfordringsbilde, Vedlegg
from kommuner.models import Kommune
from tests.factories import DeltakelseFactory, KommuneFactory

Status = Indikatorverdi.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def tiltak_sarpsborg(sarpsborg):
    return svc.tiltak_upsert(kommune=sarpsborg, navn="Hemmelig tiltak", status="i_gang")


@pytest.fixture
def vedlegg_sarpsborg(folk, sarpsborg):
    return svc.vedlegg_create(
        kommune=sarpsborg,
        fil=SimpleUploadedFile("rapport.pdf", PDF),
        beskrivelse="Sarpsborgs rapport",
        bruker=folk["kontakt_sarpsborg"],
    )


def sarpsborg_urls(sendt_sarpsborg, tiltak_sarpsborg, vedlegg_sarpsborg, indikator):
    nr = "3105"
    return [
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/registrer/?periode=2024"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/last-opp/"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/mal.csv"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/mal.xlsx"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/eksport.csv"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/eksport.xlsx"),
        ("post", f"/kommuner/{nr}/kunnskapsgrunnlag/godkjenn/"),
        ("post", f"/kommuner/{nr}/kunnskapsgrunnlag/verdier/{sendt_sarpsborg.pk}/behandle/"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/verdier/{sendt_sarpsborg.pk}/gjenapne/"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/verdier/{sendt_sarpsborg.pk}/historikk/"),
        ("get", f"/kommuner/{nr}/kunnskapsgrunnlag/nullpunkt/{indikator.pk}/"),
        ("get", f"/kommuner/{nr}/tiltak/"),
        ("get", f"/kommuner/{nr}/tiltak/nytt/"),
        ("get", f"/kommuner/{nr}/tiltak/{tiltak_sarpsborg.pk}/"),
        ("get", f"/kommuner/{nr}/tiltak/{tiltak_sarpsborg.pk}/rediger/"),
        ("get", f"/kommuner/{nr}/utfordringsbilde/"),
        ("get", f"/kommuner/{nr}/utfordringsbilde/rediger/"),
        ("get", f"/kommuner/{nr}/vedlegg/"),
        ("get", f"/kommuner/{nr}/vedlegg/{vedlegg_sarpsborg.pk}/"),
        ("post", f"/kommuner/{nr}/vedlegg/{vedlegg_sarpsborg.pk}/slett/"),
        ("get", f"/kommuner/{nr}/kunnskapspakke/"),
        ("get", f"/kommuner/{nr}/kunnskapspakke.pdf"),
    ]


def test_anonymous_is_sent_to_login(
    client, sendt_sarpsborg, tiltak_sarpsborg, vedlegg_sarpsborg, indikator
):
    for method, url in sarpsborg_urls(
        sendt_sarpsborg, tiltak_sarpsborg, vedlegg_sarpsborg, indikator
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/logg-inn/")


def test_contact_person_gets_404_on_every_url_of_another_kommune(
    client, folk, sendt_sarpsborg, tiltak_sarpsborg, vedlegg_sarpsborg, indikator
):
    client.force_login(folk["kontakt_halden"])
    for method, url in sarpsborg_urls(
        sendt_sarpsborg, tiltak_sarpsborg, vedlegg_sarpsborg, indikator
    ):
        response = getattr(client, method)(
            url, {"handling": "godkjenn", "periode": "2024"} if method == "post" else None
        )
        assert response.status_code == 404, url
    sendt_sarpsborg.refresh_from_db()
    assert sendt_sarpsborg.status == Status.SENDT_INN
    assert Vedlegg.objects.filter(pk=vedlegg_sarpsborg.pk).exists()


def test_contact_person_cannot_reach_other_kommune_objects_through_own_kommune_urls(
    client, folk, sendt_sarpsborg, tiltak_sarpsborg, vedlegg_sarpsborg
):
    """Halden's URL with Sarpsborg's ids: still a 404, for every kind of object."""
    client.force_login(folk["kontakt_halden"])
    for url in [
        f"/kommuner/3101/kunnskapsgrunnlag/verdier/{sendt_sarpsborg.pk}/historikk/",
        f"/kommuner/3101/tiltak/{tiltak_sarpsborg.pk}/",
        f"/kommuner/3101/tiltak/{tiltak_sarpsborg.pk}/rediger/",
        f"/kommuner/3101/vedlegg/{vedlegg_sarpsborg.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/kommuner/3101/vedlegg/{vedlegg_sarpsborg.pk}/slett/").status_code == 404
    # The leader of Halden cannot approve Sarpsborg's value through Halden's URL either.
    client.force_login(folk["leder_halden"])
    url = f"/kommuner/3101/kunnskapsgrunnlag/verdier/{sendt_sarpsborg.pk}/behandle/"
    assert client.post(url, {"handling": "godkjenn"}).status_code == 404


@pytest.mark.parametrize("person", ["styre", "forsker", "team", "leder_halden", "admin"])
def test_readers_see_sarpsborg_pages(
    client, folk, person, sendt_sarpsborg, tiltak_sarpsborg, vedlegg_sarpsborg
):
    client.force_login(folk[person])
    for url in [
        "/kommuner/3105/kunnskapsgrunnlag/",
        "/kommuner/3105/tiltak/",
        f"/kommuner/3105/tiltak/{tiltak_sarpsborg.pk}/",
        "/kommuner/3105/utfordringsbilde/",
        "/kommuner/3105/vedlegg/",
        f"/kommuner/3105/vedlegg/{vedlegg_sarpsborg.pk}/",
        "/kommuner/3105/kunnskapspakke/",
        "/kommuner/3105/kunnskapsgrunnlag/eksport.csv",
    ]:
        assert client.get(url).status_code == 200, (person, url)


@pytest.mark.parametrize("person", ["styre", "forsker", "team"])
def test_read_only_roles_cannot_change_anything(
    client, folk, person, indikator, sendt_sarpsborg, tiltak_sarpsborg, vedlegg_sarpsborg
):
    client.force_login(folk[person])
    for url in [
        "/kommuner/3105/kunnskapsgrunnlag/registrer/?periode=2024",
        "/kommuner/3105/kunnskapsgrunnlag/last-opp/",
        f"/kommuner/3105/kunnskapsgrunnlag/nullpunkt/{indikator.pk}/",
        "/kommuner/3105/tiltak/nytt/",
        f"/kommuner/3105/tiltak/{tiltak_sarpsborg.pk}/rediger/",
        "/kommuner/3105/utfordringsbilde/rediger/",
    ]:
        assert client.get(url).status_code == 403, url
    url = f"/kommuner/3105/kunnskapsgrunnlag/verdier/{sendt_sarpsborg.pk}/behandle/"
    assert client.post(url, {"handling": "godkjenn"}).status_code == 403
    upload = {"fil": SimpleUploadedFile("x.pdf", PDF)}
    assert client.post("/kommuner/3105/vedlegg/", upload).status_code == 403
    assert client.post(f"/kommuner/3105/vedlegg/{vedlegg_sarpsborg.pk}/slett/").status_code == 403
    sendt_sarpsborg.refresh_from_db()
    assert sendt_sarpsborg.status == Status.SENDT_INN
    assert Vedlegg.objects.count() == 1


def test_contact_person_cannot_approve_own_kommune_values(client, folk, sendt_halden):
    client.force_login(folk["kontakt_halden"])
    url = f"/kommuner/3101/kunnskapsgrunnlag/verdier/{sendt_halden.pk}/behandle/"
    assert client.post(url, {"handling": "godkjenn"}).status_code == 403
    assert (
        client.post("/kommuner/3101/kunnskapsgrunnlag/godkjenn/", {"periode": "2024"}).status_code
        == 403
    )
    sendt_halden.refresh_from_db()
    assert sendt_halden.status == Status.SENDT_INN


def test_leader_of_another_kommune_cannot_approve(client, folk, sendt_sarpsborg):
    client.force_login(folk["leder_halden"])  # leads Halden, not Sarpsborg
    url = f"/kommuner/3105/kunnskapsgrunnlag/verdier/{sendt_sarpsborg.pk}/behandle/"
    assert client.post(url, {"handling": "godkjenn"}).status_code == 403


# ------------------------------------------------------------------ the contact person's path


def test_contact_person_enters_a_period_by_form_and_leader_approves(
    client, folk, halden, indikator, indikator2
):
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2023",
        verdi=Decimal("15.5"),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    client.force_login(folk["kontakt_halden"])
    url = reverse("kommuner:periode_registrer", args=["3101"]) + "?periode=2024"
    page = client.get(url).content.decode()
    assert "15,5" in page  # last period's value beside the field
    assert "mangler" in page  # no baseline
    response = client.post(
        url,
        {
            f"verdi_{indikator.pk}": "14,2",
            f"kommentar_{indikator.pk}": "SSB",
            f"verdi_{indikator2.pk}": "",
            "send_inn": "1",
        },
    )
    assert response.status_code == 302
    verdi = Indikatorverdi.objects.get(periode="2024")
    assert verdi.verdi == Decimal("14.2") and verdi.status == Status.SENDT_INN

    client.force_login(folk["leder_halden"])
    page = client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    assert "Til godkjenning" in page and "14,2" in page
    response = client.post(
        f"/kommuner/3101/kunnskapsgrunnlag/verdier/{verdi.pk}/behandle/",
        {"handling": "godkjenn", "kommentar": "Fint", "versjon": verdi.versjon},
    )
    assert response.status_code == 302
    verdi.refresh_from_db()
    assert verdi.status == Status.GODKJENT and verdi.behandlet_av == folk["leder_halden"]

    # Locked now: the form shows it disabled and a tampered POST changes nothing.
    client.force_login(folk["kontakt_halden"])
    client.post(url, {f"verdi_{indikator.pk}": "99", "send_inn": "1"})
    verdi.refresh_from_db()
    assert verdi.verdi == Decimal("14.2")


def test_form_with_bad_number_shows_message_and_saves_nothing(client, folk, indikator):
    client.force_login(folk["kontakt_halden"])
    url = reverse("kommuner:periode_registrer", args=["3101"]) + "?periode=2024"
    response = client.post(url, {f"verdi_{indikator.pk}": "fjorten", "send_inn": "1"})
    assert response.status_code == 200
    assert "Skriv et tall" in response.content.decode()
    assert not Indikatorverdi.objects.exists()


def test_form_with_bad_period_shows_message(client, folk, indikator):
    client.force_login(folk["kontakt_halden"])
    response = client.get(reverse("kommuner:periode_registrer", args=["3101"]) + "?periode=2099")
    assert response.status_code == 200
    assert "utenfor gyldig tidsrom" in response.content.decode()


def test_leader_returns_with_comment_and_contact_person_sees_it(client, folk, sendt_halden):
    client.force_login(folk["leder_halden"])
    url = f"/kommuner/3101/kunnskapsgrunnlag/verdier/{sendt_halden.pk}/behandle/"
    versjon = sendt_halden.versjon
    client.post(url, {"handling": "returner", "kommentar": "", "versjon": versjon})
    sendt_halden.refresh_from_db()
    assert sendt_halden.status == Status.SENDT_INN  # a return needs a comment
    client.post(
        url, {"handling": "returner", "kommentar": "Tallet gjelder 2023", "versjon": versjon}
    )
    sendt_halden.refresh_from_db()
    assert sendt_halden.status == Status.RETURNERT
    client.force_login(folk["kontakt_halden"])
    page = client.get("/kommuner/3101/kunnskapsgrunnlag/registrer/?periode=2024").content.decode()
    assert "Tallet gjelder 2023" in page


def test_upload_with_bad_row_lists_it_and_saves_nothing_then_fixed_file_is_submitted(
    client, folk, indikator
):
    client.force_login(folk["kontakt_halden"])
    url = "/kommuner/3101/kunnskapsgrunnlag/last-opp/"
    bad = (
        "kommunenummer;indikator;periode;verdi;kommentar\n"
        f"3101;{indikator.navn};2024;14,2;\n"
        f"3101;{indikator.navn};2023;abc;\n"
    )
    response = client.post(url, {"fil": SimpleUploadedFile("v.csv", bad.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Linje 3:" in page and "ikke et tall" in page and "Ingenting er lagret" in page
    assert not Indikatorverdi.objects.exists()
    good = bad.replace("abc", "15,0")
    response = client.post(url, {"fil": SimpleUploadedFile("v.csv", good.encode())})
    assert response.status_code == 200  # the preview: nothing saved yet
    assert not Indikatorverdi.objects.exists()
    response = client.post(url + "bekreft/", {"token": response.context["token"]})
    assert response.status_code == 302
    assert Indikatorverdi.objects.filter(status=Status.SENDT_INN).count() == 2


def test_upload_of_a_non_table_file_gets_a_message(client, folk, indikator):
    client.force_login(folk["kontakt_halden"])
    response = client.post(
        "/kommuner/3101/kunnskapsgrunnlag/last-opp/", {"fil": SimpleUploadedFile("v.csv", PDF)}
    )
    assert response.status_code == 400
    assert "CSV eller XLSX" in response.content.decode()


def test_template_files_list_the_indicators(client, folk, indikator):
    client.force_login(folk["kontakt_halden"])
    csv_text = client.get("/kommuner/3101/kunnskapsgrunnlag/mal.csv").getvalue().decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "kommunenummer;indikator;periode;verdi;kommentar"
    assert f"3101;{indikator.navn}" in csv_text
    response = client.get("/kommuner/3101/kunnskapsgrunnlag/mal.xlsx")
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    assert ws["B2"].value == indikator.navn


def test_exports_neutralise_formulas(client, folk, halden, indikator):
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("14.2"),
        kommentar="=cmd|' /C calc'!A0",
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    client.force_login(folk["styre"])
    csv_text = (
        client.get("/kommuner/3101/kunnskapsgrunnlag/eksport.csv").getvalue().decode("utf-8-sig")
    )
    assert ";14,2;'=cmd" in csv_text
    response = client.get(f"/kommuner/indikatorer/{indikator.pk}/eksport.xlsx")
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    assert ws["E2"].value.startswith("'=") and ws["E2"].data_type == "s"
    assert ws["D2"].value == pytest.approx(14.2)


def test_indicator_export_holds_only_own_kommune_for_contact_person(
    client, folk, indikator, sendt_halden, sendt_sarpsborg
):
    client.force_login(folk["kontakt_halden"])
    text = (
        client.get(f"/kommuner/indikatorer/{indikator.pk}/eksport.csv")
        .getvalue()
        .decode("utf-8-sig")
    )
    assert "Halden" in text and "Sarpsborg" not in text
    client.force_login(folk["styre"])
    text = (
        client.get(f"/kommuner/indikatorer/{indikator.pk}/eksport.csv")
        .getvalue()
        .decode("utf-8-sig")
    )
    assert "Halden" in text and "Sarpsborg" in text


def test_drafts_are_hidden_from_readers(client, folk, halden, indikator):
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2024",
        verdi=Decimal("77.7"),
        bruker=folk["kontakt_halden"],
        send_inn=False,
    )
    client.force_login(folk["styre"])
    assert "77,7" not in client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    assert (
        "77,7" not in client.get("/kommuner/3101/kunnskapsgrunnlag/eksport.csv").getvalue().decode()
    )
    client.force_login(folk["kontakt_halden"])
    assert "77,7" in client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()


def test_missing_baseline_is_shown_and_change_from_baseline_when_set(
    client, folk, halden, indikator, sendt_halden
):
    client.force_login(folk["kontakt_halden"])
    page = client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    assert "Nullpunkt mangler" in page
    response = client.post(
        f"/kommuner/3101/kunnskapsgrunnlag/nullpunkt/{indikator.pk}/",
        {"periode": "2019", "verdi": "15,0", "kommentar": "SSB"},
    )
    assert response.status_code == 302
    page = client.get("/kommuner/3101/kunnskapsgrunnlag/").content.decode()
    assert "Nullpunkt mangler" not in page
    assert "−0,8" in page  # 14,2 − 15,0


def test_average_of_participating_kommuner_uses_approved_values(
    client, folk, indikator, sendt_halden, sendt_sarpsborg
):
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    svc.indikatorverdi_approve(verdi=sendt_sarpsborg, bruker=folk["admin"])
    client.force_login(folk["styre"])
    rad = client.get("/kommuner/3101/kunnskapsgrunnlag/").context["rader"][0]
    assert rad.celler[0].snitt == Decimal("14.65")
    chart = client.get("/kommuner/3101/kunnskapsgrunnlag/").context["chart_data"][0][1]
    assert chart["verdier"] == [14.2] and chart["snitt"] == [14.65]


def test_indicator_table_query_count_is_constant(
    postgres, client, folk, halden, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(indikatorer, aarene):
        for ind in indikatorer:
            svc.nullpunkt_upsert(kommune=halden, indikator=ind, periode="2019", verdi=Decimal(1))
            for aar in aarene:
                v = svc.indikatorverdi_upsert(
                    kommune=halden,
                    indikator=ind,
                    periode=str(aar),
                    verdi=Decimal(aar % 7),
                    bruker=folk["kontakt_halden"],
                    send_inn=True,
                )
                svc.indikatorverdi_approve(verdi=v, bruker=folk["leder_halden"])

    indikatorer = [
        svc.indikator_upsert(navn=f"Indikator {i}", enhet="antall", retning="hoyere", tema="annet")
        for i in range(12)
    ]
    for kommune_nr in range(8):
        kommune = KommuneFactory(kommunenummer=f"46{kommune_nr + 10}", navn=f"K{kommune_nr}")
        DeltakelseFactory(kommune=kommune)
    add(indikatorer[:1], [2024])
    client.force_login(folk["leder_halden"])
    client.get("/kommuner/3101/kunnskapsgrunnlag/")  # the first page renews the session
    with CaptureQueriesContext(connection) as small:
        client.get("/kommuner/3101/kunnskapsgrunnlag/")
    add(indikatorer[:1], range(2015, 2024))
    add(indikatorer[1:], range(2015, 2025))
    # 1 session, 2 user with roles, 3 kommune, 4 leads_kommune (can_edit),
    # 5 leads_kommune (can_approve), 6 the distinct periods, 7 the indicator tables'
    # stamp (felles.datastand; this test's own transaction wrote the values, so the
    # tables are rendered, not kept), 8 indicators, 9 the page's values, 10 baselines,
    # 11-12 averages (computed as part of the kept tables: no stamp of their own; kept
    # in PostgreSQL, kommuner.kunnskap.snitt: 11 a check for marks or periods not yet
    # computed, 12 the averages read), 13 values awaiting approval, 14 open SSB
    # conflicts. The first reader after the approvals computed the marked averages
    # again (below: what that costs, whatever the number of values).
    client.get("/kommuner/3101/kunnskapsgrunnlag/")
    with django_assert_num_queries(14) as large:
        response = client.get("/kommuner/3101/kunnskapsgrunnlag/")
    assert response.status_code == 200
    assert len(large) == len(small)
    # Ten periods: the newest six on the first page, the four oldest on the next.
    assert response.context["perioder"] == [str(a) for a in range(2019, 2025)]
    assert len(response.context["rader"]) == 12
    assert "?perioder=2" in response.content.decode()
    # The four older periods' averages computed for the first time: after the check,
    # savepoint, the lock, the marks, the computed periods, delete and insert the
    # periods' averages, the new periods, release (8 more).
    with django_assert_num_queries(22):
        older = client.get("/kommuner/3101/kunnskapsgrunnlag/?perioder=2")
    assert older.status_code == 200
    assert older.context["perioder"] == ["2015", "2016", "2017", "2018"]


def test_tabs_mark_the_active_page(client, folk):
    client.force_login(folk["kontakt_halden"])
    page = client.get("/kommuner/3101/tiltak/").content.decode()
    assert 'href="/kommuner/3101/tiltak/" aria-current="page"' in page
    assert 'href="/kommuner/3101/kunnskapsgrunnlag/">' in page


# ------------------------------------------------------------------ tiltak, utfordringsbilde


def test_contact_person_creates_and_edits_a_measure(client, folk, halden):
    client.force_login(folk["kontakt_halden"])
    response = client.post(
        "/kommuner/3101/tiltak/nytt/",
        {
            "navn": "Sommeraktiviteter",
            "status": "i_gang",
            "stillingsprosent": "200",
            "evaluering_metode": "Spørreskjema",
        },
    )
    assert response.status_code == 302
    tiltak = Tiltak.objects.get()
    assert tiltak.kommune == halden and tiltak.stillingsprosent == 200
    client.post(
        f"/kommuner/3101/tiltak/{tiltak.pk}/rediger/",
        {"navn": "Sommeraktiviteter", "status": "avsluttet"},
    )
    tiltak.refresh_from_db()
    assert tiltak.status == "avsluttet" and tiltak.history.count() == 2
    page = client.get(f"/kommuner/3101/tiltak/{tiltak.pk}/").content.decode()
    assert "Avsluttet" in page


def test_measure_without_name_shows_error_and_saves_nothing(client, folk):
    client.force_login(folk["kontakt_halden"])
    response = client.post("/kommuner/3101/tiltak/nytt/", {"navn": "", "status": "i_gang"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Tiltak.objects.exists()


def test_challenge_picture_is_sanitised_and_history_visible(client, folk):
    client.force_login(folk["kontakt_halden"])
    url = "/kommuner/3101/utfordringsbilde/rediger/"
    client.post(
        url,
        {
            "tema": "barnefattigdom",
            "malgrupper": "Barn",
            "tekst": "<p>Først</p><script>x()</script>",
        },
    )
    client.post(url, {"tema": "barnefattigdom", "malgrupper": "Barn", "tekst": "<p>Nå</p>"})
    bilde = Utfordringsbilde.objects.get()
    page = client.get("/kommuner/3101/utfordringsbilde/").content.decode()
    assert "<p>Nå</p>" in page and "<script>x()" not in page
    forste = bilde.history.order_by("history_date").first()
    page = client.get(
        f"/kommuner/3101/utfordringsbilde/?versjon={forste.history_id}"
    ).content.decode()
    assert "<p>Først</p>" in page


# ------------------------------------------------------------------ vedlegg


def test_attachment_is_checked_by_content_and_served_with_access_check(client, folk, settings):
    client.force_login(folk["kontakt_halden"])
    fake = SimpleUploadedFile("ikke-en.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post("/kommuner/3101/vedlegg/", {"fil": fake})
    assert response.status_code == 400
    assert "Filtypen er ikke tillatt" in response.content.decode()
    assert not Vedlegg.objects.exists()

    response = client.post(
        "/kommuner/3101/vedlegg/",
        {"fil": SimpleUploadedFile("rapport.exe", PDF), "beskrivelse": "Rapport"},
    )
    assert response.status_code == 400
    assert "Filtypen er ikke tillatt" in response.content.decode()
    assert not Vedlegg.objects.exists()

    response = client.post(
        "/kommuner/3101/vedlegg/",
        {"fil": SimpleUploadedFile("rapport.pdf", PDF), "beskrivelse": "Rapport"},
    )
    assert response.status_code == 302
    vedlegg = Vedlegg.objects.get()
    assert vedlegg.type == "pdf" and vedlegg.navn == "rapport.pdf"
    assert str(settings.MEDIA_ROOT) in vedlegg.fil.path
    response = client.get(f"/kommuner/3101/vedlegg/{vedlegg.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF

    client.force_login(folk["kontakt_sarpsborg"])
    assert client.get(f"/kommuner/3101/vedlegg/{vedlegg.pk}/").status_code == 404


def test_too_big_attachment_is_refused(client, folk):
    client.force_login(folk["kontakt_halden"])
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = client.post("/kommuner/3101/vedlegg/", {"fil": big})
    assert response.status_code == 400 and "større enn 10 MB" in response.content.decode()
    assert not Vedlegg.objects.exists()


def test_media_root_is_outside_static_and_templates(settings):
    media = str(settings.MEDIA_ROOT)
    assert not media.startswith(str(settings.STATIC_ROOT))
    assert settings.MEDIA_URL in ("", "/") or not settings.MEDIA_URL.startswith("/static")


def test_htmx_approval_returns_the_updated_row(client, folk, sendt_halden):
    client.force_login(folk["leder_halden"])
    url = f"/kommuner/3101/kunnskapsgrunnlag/verdier/{sendt_halden.pk}/behandle/"
    data = {"handling": "returner", "kommentar": "", "versjon": sendt_halden.versjon}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith("<tr") and "Skriv hva kommunen må rette" in html
    data = {"handling": "godkjenn", "versjon": sendt_halden.versjon}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Godkjent" in html and "<form" not in html
    sendt_halden.refresh_from_db()
    assert sendt_halden.status == Status.GODKJENT


def test_contact_person_deletes_own_attachment_and_the_kommune_stays(
    client, folk, vedlegg_sarpsborg, sarpsborg, django_capture_on_commit_callbacks
):
    """Deleting an attachment still works now that kommune links are PROTECT."""
    path = Path(vedlegg_sarpsborg.fil.path)
    client.force_login(folk["kontakt_sarpsborg"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/kommuner/3105/vedlegg/{vedlegg_sarpsborg.pk}/slett/")
    assert response.status_code == 302
    assert not Vedlegg.objects.filter(pk=vedlegg_sarpsborg.pk).exists()
    assert Kommune.objects.filter(pk=sarpsborg.pk).exists()
    assert not path.exists()


def test_export_xlsx_of_kommune_with_slash_in_its_name_is_a_valid_workbook(
    client, folk, halden, sendt_halden
):
    halden.navn = "Aurskog/Høland [test]: *?"
    halden.save()
    client.force_login(folk["leder_halden"])
    response = client.get("/kommuner/3101/kunnskapsgrunnlag/eksport.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Aurskog Høland test"]


def test_upload_of_a_zip_bomb_is_a_form_error_and_saves_nothing(client, folk, indikator):
    from tests.velferdspilot.test_tabellfil import with_sheet_stream, xlsx

    client.force_login(folk["kontakt_halden"])
    header = ["kommunenummer", "indikator", "periode", "verdi"]
    bomb = with_sheet_stream(xlsx([header]), 300 * 1024 * 1024)
    response = client.post(
        "/kommuner/3101/kunnskapsgrunnlag/last-opp/", {"fil": SimpleUploadedFile("v.xlsx", bomb)}
    )
    assert response.status_code == 400
    assert "pakker seg ut til mer enn 50 MB" in response.content.decode()
    assert not Indikatorverdi.objects.exists()


def test_upload_row_with_an_unquoted_semicolon_is_a_row_error(client, folk, indikator):
    client.force_login(folk["kontakt_halden"])
    text = (
        "kommunenummer;indikator;periode;verdi;kommentar\n"
        f"3101;{indikator.navn};2024;14,2;Økt; men usikkert\n"
    )
    response = client.post(
        "/kommuner/3101/kunnskapsgrunnlag/last-opp/",
        {"fil": SimpleUploadedFile("v.csv", text.encode())},
    )
    assert response.status_code == 400
    assert "Linje 2: Raden har 6 kolonner, men overskriftsraden har 5." in (
        response.content.decode()
    )
    assert not Indikatorverdi.objects.exists()


def test_attachment_download_cannot_be_rendered_by_the_browser(client, folk):
    client.force_login(folk["kontakt_halden"])
    client.post("/kommuner/3101/vedlegg/", {"fil": SimpleUploadedFile("notat.txt", b"Hei")})
    vedlegg = Vedlegg.objects.get()
    assert vedlegg.type == "txt"
    response = client.get(f"/kommuner/3101/vedlegg/{vedlegg.pk}/")
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_knowledge_base_of_a_kommune_reporting_everything_stays_under_200_kib(client, folk, halden):
    """Issue #23: no page over 200 KiB. A kommune after years of reporting every one of
    30 indicators each half-year, a whole period awaiting approval, read by an admin
    (every link and the approval forms): the page holds six periods (the others on the
    next pages) and stays under the limit."""
    S = Indikatorverdi.Status
    indikatorer = [
        svc.indikator_upsert(
            navn=f"Deltakere i introduksjonsprogram i arbeid, gruppe {i} (en lang tittel)",
            enhet="prosent",
            retning="hoyere",
            tema="annet",
        )
        for i in range(30)
    ]
    perioder = [f"{aar}-H{h}" for aar in range(2020, 2026) for h in (1, 2)] + ["2026-H1"]
    Indikatorverdi.objects.bulk_create(
        Indikatorverdi(
            kommune=halden,
            indikator=ind,
            periode=periode,
            verdi=Decimal("42.17"),
            status=S.SENDT_INN if periode == "2026-H1" else S.GODKJENT,
            sendt_inn_av=folk["kontakt_halden"],
        )
        for ind in indikatorer
        for periode in perioder
    )
    client.force_login(folk["admin"])
    response = client.get(reverse("kommuner:kunnskapsgrunnlag", args=["3101"]))
    assert response.status_code == 200
    assert len(response.context["perioder"]) == 6
    assert len(response.context["til_behandling"]) == 30
    assert "Godkjenn alle for 2026-H1" in response.content.decode()
    assert len(response.content) < 200 * 1024
