# ruff: noqa: F811  (the fixture lavinntekt_kilde comes from ssb_fake)
"""Query counts of the SSB pages: exact, and the same with one run or many, one KLASS
change or many, one indicator or many."""

from datetime import date

import pytest
from django.urls import reverse

from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Kommunenummerendring, SsbKjoring
from kommuner.kunnskap.ssb import services as ssb_svc

from .ssb_fake import lavinntekt_kilde  # noqa: F401


def _mye(kilde, admin, n):
    for i in range(n):
        ind = svc.indikator_create(
            navn=f"Indikator {i}", enhet="antall", retning="hoyere", tema="annet"
        )
        annen = ssb_svc.ssb_kilde_upsert(
            indikator=ind, tabell="12944", innhold="X", faste_verdier={}, periodetype="aar"
        )
        SsbKjoring.objects.create(kilde=annen, startet_av=admin, status="ferdig", nye=i)
        SsbKjoring.objects.create(
            kilde=kilde,
            startet_av=admin,
            status="feilet",
            feil="HTTP 500",
            ukjente_regioner=["0199"],
        )
        Kommunenummerendring.objects.create(
            gammelt_nummer=f"{1000 + i}",
            gammelt_navn=f"Gammel {i}",
            nytt_nummer="3101",
            nytt_navn="Halden",
            gyldig_fra=date(2020, 1, 1),
        )


@pytest.mark.parametrize("n", [1, 6])
def test_ssb_pages_cost_a_fixed_number_of_queries(
    client, folk, lavinntekt_kilde, django_assert_num_queries, n
):
    admin = folk["admin"]
    _mye(lavinntekt_kilde, admin, n)
    kjoring = SsbKjoring.objects.filter(kilde=lavinntekt_kilde).first()
    client.force_login(admin)
    client.get(reverse("kommuner:ssb"))  # warm-up (session renewal after login)

    # 1 session, 2 user with roles, 3 indicators with their sources, 4 the last runs
    # (+ source, indicator), 5 number of KLASS changes
    with django_assert_num_queries(5):
        assert client.get(reverse("kommuner:ssb")).status_code == 200

    # 1 session, 2 user with roles, 3 indicator, 4 its source, 5 the kommuner to test
    # with, 6 the source's last runs
    with django_assert_num_queries(6):
        url = reverse("kommuner:ssb_kilde", args=[lavinntekt_kilde.indikator_id])
        assert client.get(url).status_code == 200

    # 1 session, 2 user with roles, 3 the run (+ source, indicator, who started it)
    url = reverse("kommuner:ssb_kjoring", args=[kjoring.pk])
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(3):  # the htmx part while it runs
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200

    # 1 session, 2 user with roles, 3 the KLASS changes
    with django_assert_num_queries(3):
        assert client.get(reverse("kommuner:ssb_klass")).status_code == 200
