"""Issue 25: a pilot's data-quality page: completeness per kommune and period (DHIS2's
reporting rate), flagged values, values returned and not resubmitted, late submissions."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from felles.paginering import SIDESTORRELSE
from kommuner.kunnskap import selectors as sel
from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikator, Indikatorverdi, Tema
from kommuner.services import deltakelse_upsert
from tests.factories import KommuneFactory

URL = "/piloter/testpilot/datakvalitet/"
OSLO = timezone.get_default_timezone()


def _indikator(navn, periodetype="aar"):
    return svc.indikator_create(
        navn=navn,
        enhet=Indikator.Enhet.PROSENT,
        retning="lavere",
        tema=Tema.ARBEID,
        periodetype=periodetype,
    )


def test_deadline_is_three_months_after_the_period_ends_in_oslo_time():
    assert sel.frist("2025") == datetime(2026, 4, 1, tzinfo=OSLO)
    assert sel.frist("2025-H1") == datetime(2025, 10, 1, tzinfo=OSLO)
    assert sel.frist("2025-H2") == datetime(2026, 4, 1, tzinfo=OSLO)


def test_periods_shown_are_the_last_three_years_and_two_half_years():
    from datetime import date

    assert sel.datakvalitet_perioder(date(2026, 12, 6)) == [
        "2023",
        "2024",
        "2025",
        "2025-H2",
        "2026-H1",
    ]
    assert sel.datakvalitet_perioder(date(2026, 3, 1)) == [
        "2023",
        "2024",
        "2025",
        "2025-H1",
        "2025-H2",
    ]


def test_page_counts_completeness_flags_returns_and_late_per_kommune(client, folk, halden):
    aar, _, siste_aar, _, halvaar = sel.datakvalitet_perioder()
    a, b = _indikator("A (%)"), _indikator("B (%)")
    h = _indikator("H (%)", periodetype="halvaar")
    svc.indikator_update(indikator=_indikator("Inaktiv (%)"), aktiv=False)
    kontakt, leder = folk["kontakt_halden"], folk["leder_halden"]

    def lagre(ind, periode, verdi, send_inn=True):
        return svc.indikatorverdi_upsert(
            kommune=halden,
            indikator=ind,
            periode=periode,
            verdi=Decimal(verdi),
            bruker=kontakt,
            send_inn=send_inn,
        )

    svc.indikatorverdi_approve(verdi=lagre(a, siste_aar, "10"), bruker=leder)
    lagre(b, siste_aar, "5", send_inn=False)  # a draft is not reported
    lagre(h, halvaar, "3")
    lagre(a, halvaar, "3")  # a year indicator in a half-year: flagged, not counted
    returnert = lagre(b, aar, "7")
    svc.indikatorverdi_return(verdi=returnert, bruker=leder, kommentar="Sjekk")
    sent = lagre(a, aar, "8")
    # Submitted in time, all but one (the test runs after every deadline).
    for verdi in Indikatorverdi.objects.all():
        verdi.sendt_inn_tid = sel.frist(verdi.periode) - timezone.timedelta(days=1)
        verdi.save(update_fields=["sendt_inn_tid"])
    Indikatorverdi.objects.filter(pk=sent.pk).update(
        sendt_inn_tid=sel.frist(aar) + timezone.timedelta(days=1)
    )
    client.force_login(folk["admin"])
    response = client.get(URL)
    assert response.status_code == 200
    kvalitet = response.context["kvalitet"]
    rader = {r.kommune.navn: r for r in kvalitet.rader}
    assert set(rader) == {"Halden", "Sarpsborg"}
    celler = {c.periode: (c.rapportert, c.forventet) for c in rader["Halden"].celler}
    assert celler[siste_aar] == (1, 2)
    assert celler[aar] == (1, 2)  # the late one counts; the returned one does not
    assert celler[halvaar] == (1, 1)
    assert (rader["Halden"].flagget, rader["Halden"].returnert, rader["Halden"].sent) == (
        1,
        1,
        1,
    )
    sarpsborg = rader["Sarpsborg"]
    assert [c.rapportert for c in sarpsborg.celler] == [0] * 5
    assert (sarpsborg.flagget, sarpsborg.returnert, sarpsborg.sent) == (0, 0, 0)
    side = response.content.decode()
    assert '1/2 <span class="small">(50 %)</span>' in side


@pytest.mark.parametrize("navn", ["admin", "leder_halden", "team", "styre", "forsker"])
def test_readers_of_every_kommune_open_the_page(client, folk, navn):
    client.force_login(folk[navn])
    assert client.get(URL).status_code == 200
    pilot_side = client.get("/piloter/testpilot/").content.decode()
    assert URL in pilot_side


def test_contact_person_and_unknown_pilot_get_404(client, folk):
    client.force_login(folk["kontakt_halden"])
    assert client.get(URL).status_code == 404
    assert URL not in client.get("/piloter/testpilot/").content.decode()
    client.force_login(folk["admin"])
    assert client.get("/piloter/finnes-ikke/datakvalitet/").status_code == 404


def test_query_count_is_the_same_for_two_kommuner_and_a_full_page(
    client, folk, pilot, django_assert_num_queries
):
    indikatorer = [_indikator(f"I{n} (%)") for n in range(3)]
    perioder = sel.datakvalitet_perioder()
    client.force_login(folk["admin"])
    client.get(URL)  # the first page renews the session
    # 1 session, 2 user with roles, 3 the pilot, 4 the stamps of the kept table
    # (computed here, in the test's own transaction), 5 the page's count of kommuner,
    # 6 the page of participations with their kommuner, 7 the expected numbers of
    # indicators, 8 the counts per kommune and period.
    with django_assert_num_queries(8):
        assert client.get(URL).status_code == 200
    for n in range(70):
        kommune = KommuneFactory(kommunenummer=f"98{n:02d}", navn=f"Kommune {n:02d}")
        deltakelse_upsert(pilot=pilot, kommune=kommune, status="deltar")
        Indikatorverdi.objects.bulk_create(
            Indikatorverdi(
                kommune=kommune,
                indikator=i,
                periode=p,
                verdi=Decimal(n % 40),
                status="sendt_inn",
                advarsler=[{"kode": "hopp", "mal": "x", "param": {}}] if n % 3 == 0 else [],
            )
            for i in indikatorer
            for p in perioder
        )
    with django_assert_num_queries(8):
        response = client.get(URL)
    kvalitet = response.context["kvalitet"]
    assert kvalitet.side.paginator.count == 72
    assert len(kvalitet.rader) == SIDESTORRELSE
    with django_assert_num_queries(8):
        response = client.get(URL + "?side=2")
    assert len(response.context["kvalitet"].rader) == 72 - SIDESTORRELSE
