from datetime import date
from decimal import Decimal

import pytest

from kommuner.kunnskap import access as access_kunnskap
from kommuner.kunnskap import selectors as sel
from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Virkemiddel
from tests.factories import EtatFactory


@pytest.fixture
def nav(db):
    return EtatFactory(kortnavn="NAV Test")


@pytest.mark.parametrize("person", ["admin", "team", "leder_halden"])
def test_admin_and_team_keep_the_virkemiddel_catalogue(client, folk, nav, person):
    client.force_login(folk[person])  # leder_halden is also on the investment team
    response = client.post(
        "/kommuner/virkemidler/nytt/",
        {
            "etat": nav.pk,
            "navn": "HOLF",
            "type": "program",
            "tema": "barnefattigdom",
            "aktiv": "on",
        },
    )
    assert response.status_code == 302
    v = Virkemiddel.objects.get()
    client.post(
        f"/kommuner/virkemidler/{v.pk}/rediger/",
        {"etat": nav.pk, "navn": "HOLF-programmet", "type": "program", "tema": "barnefattigdom"},
    )
    v.refresh_from_db()
    assert v.navn == "HOLF-programmet" and not v.aktiv


@pytest.mark.parametrize("person", ["kontakt_halden", "styre", "forsker"])
def test_others_only_read_the_virkemiddel_catalogue(client, folk, nav, person):
    v = svc.virkemiddel_upsert(etat=nav, navn="KVP", type="program", tema="arbeid")
    client.force_login(folk[person])
    assert "KVP" in client.get("/kommuner/virkemidler/").content.decode()
    assert client.get("/kommuner/virkemidler/nytt/").status_code == 403
    assert client.post(f"/kommuner/virkemidler/{v.pk}/rediger/", {"navn": "x"}).status_code == 403


def test_duplicate_virkemiddel_is_refused_with_message(client, folk, nav):
    svc.virkemiddel_upsert(etat=nav, navn="KVP", type="program", tema="arbeid")
    client.force_login(folk["admin"])
    response = client.post(
        "/kommuner/virkemidler/nytt/",
        {"etat": nav.pk, "navn": "KVP", "type": "program", "tema": "arbeid"},
    )
    assert response.status_code == 200
    assert Virkemiddel.objects.count() == 1


def test_contact_home_lists_due_periods_returned_and_approved(
    folk, halden, indikator, indikator2, sendt_halden, django_assert_num_queries
):
    assert svc.forfalte_perioder(date(2026, 11, 23)) == ["2025", "2026-H1"]
    assert svc.forfalte_perioder(date(2026, 3, 1)) == ["2025", "2025-H2"]
    leder = folk["leder_halden"]
    svc.indikatorverdi_return(verdi=sendt_halden, bruker=leder, kommentar="Sjekk tallet")
    godkjent = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator2,
        periode=svc.forfalte_perioder()[0],
        verdi=Decimal("3"),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    svc.indikatorverdi_approve(verdi=godkjent, bruker=leder)
    kontakt = folk["kontakt_halden"]
    kontakt.kommune  # noqa: B018  (loaded, as on a real request)
    # count of indicators, values per due period, returned, approved, baselines
    with django_assert_num_queries(5):
        hjem = sel.kontakt_hjem(user=kontakt)
    assert hjem.returnert == [sendt_halden] and hjem.returnert[0].tilbakemelding == "Sjekk tallet"
    assert hjem.godkjent == [godkjent]
    siste_aar = svc.forfalte_perioder()[0]
    assert (siste_aar, 1, 2) in hjem.forfalt
    assert hjem.mangler_nullpunkt == 2


def test_contact_home_include_renders(client, folk, indikator, sendt_halden):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = folk["kontakt_halden"]
    html = render_to_string(
        "kommuner/kunnskap/_kontakt_hjem.html",
        {"kunnskap_hjem": sel.kontakt_hjem(user=folk["kontakt_halden"])},
        request=request,
    )
    assert "Dette venter på dere" in html and "Nullpunkt mangler" in html


def test_tiltak_list_query_count_is_constant(client, folk, halden, django_assert_num_queries):
    for i in range(30):
        svc.tiltak_upsert(kommune=halden, navn=f"Tiltak {i}", status="i_gang")
    client.force_login(folk["kontakt_halden"])
    # 1 session, 2 user with roles, 4 kommune, 5 tiltak, 6-8 session update in a savepoint
    with django_assert_num_queries(7):
        response = client.get("/kommuner/3101/tiltak/")
    assert response.status_code == 200
    assert response.content.decode().count("Tiltak ") >= 30


def test_kunnskapspakke_and_vedlegg_query_counts_are_constant(
    postgres, client, folk, halden, indikator, sendt_halden, django_assert_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    svc.utfordringsbilde_upsert(
        kommune=halden, tekst="x", malgrupper="", tema="barnefattigdom", bruker=None
    )
    for i in range(20):
        etat = EtatFactory(kortnavn=f"Etat {i}")
        svc.virkemiddel_upsert(etat=etat, navn=f"V{i}", type="program", tema="barnefattigdom")
        svc.virkemiddel_upsert(etat=etat, navn=f"A{i}", type="program", tema="bolig")
        svc.tiltak_upsert(kommune=halden, navn=f"Tiltak {i}", status="i_gang")
        svc.vedlegg_create(
            kommune=halden,
            fil=SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4 x"),
            beskrivelse="",
            bruker=folk["kontakt_halden"],
        )
    client.force_login(folk["kontakt_halden"])
    # session, user with roles, kommune, indicators, values, baselines, the averages'
    # stamp (felles.datastand) and averages (kommuner.kunnskap.snitt: a check, and as
    # the period is computed for the first time, savepoint, lock, marks, computed
    # periods, delete, insert, the new period, release; the read), utfordringsbilde,
    # virkemidler (theme), other virkemidler, tiltak, the grants' stamp
    # (felles.datastand) and grants to the kommune (decisions, allocations, payments),
    # session update (3)
    with django_assert_num_queries(28):
        assert client.get("/kommuner/3101/kunnskapspakke/").status_code == 200
    # 1 session, 2 user with roles, 3 kommune, 4 vedlegg with uploader
    with django_assert_num_queries(4):
        response = client.get("/kommuner/3101/vedlegg/")
    assert response.status_code == 200
    assert response.content.decode().count(".pdf</a>") == 20


def test_leader_sees_submissions_of_own_kommuner_only(
    folk, sendt_halden, sendt_sarpsborg, django_assert_num_queries
):
    from django.template.loader import render_to_string

    leder = folk["leder_halden"]
    leder.roller  # noqa: B018  (cached on a real request)
    # 1 values awaiting approval in the led kommuner, counted per kommune and period
    with django_assert_num_queries(1):
        rows = sel.til_godkjenning(kommuner=access_kunnskap.kommuner_to_approve_for(leder))
    assert [(k.navn, p, n) for k, p, n in rows] == [("Halden", "2024", 1)]
    admin_kommuner = access_kunnskap.kommuner_to_approve_for(folk["admin"])
    assert len(sel.til_godkjenning(kommuner=admin_kommuner)) == 2
    assert not access_kunnskap.kommuner_to_approve_for(folk["kontakt_halden"]).exists()
    html = render_to_string(
        "kommuner/kunnskap/_leder_hjem.html", {"kunnskap_til_godkjenning": rows}
    )
    assert "Halden, 2024: 1 verdi" in html and "/kommuner/3101/kunnskapsgrunnlag/" in html
