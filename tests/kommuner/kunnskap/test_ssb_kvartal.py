# ruff: noqa: F811  (the fixture fake_ssb comes from ssb_fake)
"""Quarterly SSB tables (``2024K1``) end to end against the local PxWebApi v2
stand-in: the portal's periods are years and half-years, so a quarter is stored as
the half-year it ends (K2 → H1, K4 → H2, the figure at the end of the half-year);
K1 and K3 are read and not stored. A fetch asks for two quarters per half-year."""

from decimal import Decimal

import pytest
from django.urls import reverse

from kommuner.kunnskap.models import Indikatorverdi, SsbKilde, SsbKjoring
from kommuner.kunnskap.ssb import services as ssb_svc
from kommuner.kunnskap.ssb.klient import IKKE_LAGRET, periode_fra_ssb

from .ssb_fake import Tabell, fake_ssb  # noqa: F401

KVARTALER = ["2023K1", "2023K2", "2023K3", "2023K4", "2024K1", "2024K2", "2024K3", "2024K4"]


def test_quarter_codes_become_the_half_year_they_end():
    assert periode_fra_ssb("2024K2", "kvartal") == "2024-H1"
    assert periode_fra_ssb("2024K4", "kvartal") == "2024-H2"
    assert periode_fra_ssb("2024K1", "kvartal") == IKKE_LAGRET
    assert periode_fra_ssb("2024K3", "kvartal") == IKKE_LAGRET
    for feil in ["2024", "2024H1", "2024K5", "2024K0", "24K1", "2021-2023"]:
        assert periode_fra_ssb(feil, "kvartal") is None, feil
    assert periode_fra_ssb("2024K2", "halvaar") is None


@pytest.fixture
def kvartalskilde(indikator2):
    return ssb_svc.ssb_kilde_upsert(
        indikator=indikator2,
        tabell="12451",
        innhold="SykefravProsent",
        faste_verdier={"Kjonn": "0"},
        periodetype="kvartal",
        antall_perioder=2,
    )


def _tabell(endret=None):
    celler = {}
    for n, kvartal in enumerate(KVARTALER):
        celler[("3101", kvartal)] = 6.0 + n / 10
        celler[("3105", kvartal)] = 7.0 + n / 10
    celler[("3105", "2024K4")] = ".."  # not yet published
    celler.update(endret or {})
    return Tabell(innhold="SykefravProsent", perioder=KVARTALER, celler=celler)


def _kjor(kilde):
    return ssb_svc.ssb_hent(kjoring=SsbKjoring.objects.create(kilde=kilde))


def test_a_quarterly_table_is_fetched_and_stored_as_half_years(
    fake_ssb, kvartalskilde, deltakelse_halden, deltakelse_sarpsborg
):
    fake_ssb.tabeller["12451"] = _tabell()
    kjoring = _kjor(kvartalskilde)
    assert kjoring.status == SsbKjoring.Status.FERDIG, kjoring.feil
    # Two half-years asked for: the last four quarters.
    assert fake_ssb.foresporsler[-1]["query"]["valueCodes[Tid]"] == "top(4)"
    verdier = {
        (v.kommune.kommunenummer, v.periode): v
        for v in Indikatorverdi.objects.select_related("kommune")
    }
    assert set(verdier) == {
        ("3101", "2024-H1"),
        ("3101", "2024-H2"),
        ("3105", "2024-H1"),
        ("3105", "2024-H2"),
    }
    assert verdier[("3101", "2024-H1")].verdi == Decimal("6.5")  # 2024K2
    assert verdier[("3101", "2024-H2")].verdi == Decimal("6.7")  # 2024K4
    assert verdier[("3105", "2024-H1")].verdi == Decimal("7.5")
    sarpsborg_h2 = verdier[("3105", "2024-H2")]
    assert sarpsborg_h2.verdi is None and sarpsborg_h2.mangler_grunn
    assert verdier[("3101", "2024-H1")].opphav.startswith("SSB, tabell 12451, hentet ")
    assert (kjoring.hentet, kjoring.nye, kjoring.mangler) == (8, 4, 1)

    # SSB revises 2024K2 and publishes Sarpsborg's 2024K4: the next run revises both,
    # and a revised K1 (not stored) changes nothing.
    fake_ssb.tabeller["12451"] = _tabell(
        {("3101", "2024K2"): 6.6, ("3105", "2024K4"): 7.9, ("3101", "2024K1"): 1.0}
    )
    kjoring = _kjor(kvartalskilde)
    assert kjoring.status == SsbKjoring.Status.FERDIG, kjoring.feil
    assert kjoring.reviderte == 2
    h1 = Indikatorverdi.objects.get(kommune__kommunenummer="3101", periode="2024-H1")
    assert h1.verdi == Decimal("6.6")
    assert [h.verdi for h in h1.history.order_by("history_date")] == [
        Decimal("6.5"),
        Decimal("6.6"),
    ]
    assert Indikatorverdi.objects.get(
        kommune__kommunenummer="3105", periode="2024-H2"
    ).verdi == Decimal("7.9")


def test_a_year_code_in_a_quarterly_source_is_a_recorded_error_and_saves_nothing(
    fake_ssb, kvartalskilde, deltakelse_halden
):
    fake_ssb.tabeller["12451"] = Tabell(
        innhold="SykefravProsent", perioder=["2023", "2024"], celler={("3101", "2024"): 6.0}
    )
    kjoring = _kjor(kvartalskilde)
    assert kjoring.status == SsbKjoring.Status.FEILET
    assert "passer ikke med periodetypen" in kjoring.feil
    assert not Indikatorverdi.objects.exists()


def test_admin_sets_up_a_quarterly_source_and_tests_it_in_the_browser_form(
    client, folk, fake_ssb, indikator2, halden
):
    fake_ssb.tabeller["12451"] = _tabell()
    client.force_login(folk["admin"])
    url = reverse("kommuner:ssb_kilde", args=[indikator2.pk])
    data = {
        "tabell": "12451",
        "innhold": "SykefravProsent",
        "faste_verdier": "Kjonn=0",
        "periodetype": "kvartal",
        "antall_perioder": "2",
        "skala": "1",
        "enhetsmerknad": "",
        "godkjenn_ved_henting": "on",
        "aktiv": "on",
    }
    response = client.post(url, {**data, "test": "1", "kommune": halden.pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert "2024-H2" in content and "2024-H1" in content
    assert "2024K" not in content
    assert not SsbKilde.objects.filter(indikator=indikator2).exists()
    assert client.post(url, data).status_code == 302
    assert SsbKilde.objects.get(indikator=indikator2).periodetype == "kvartal"
