"""The journal (postjournal) of incoming and outgoing documents, its export, and who
reads a case's documents."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from felles.paginering import SIDESTORRELSE
from tilskudd.models import Dokument, Soknad

from .test_queries import mange_soknader

N = SIDESTORRELSE * 2 + 7  # three pages


def mange_dokumenter(runde, user, n=N):
    """Plain rows (bulk): documents in numbered cases, alternately in and out, one a day
    back from today."""
    mange_soknader(runde, user, n=20)
    saker = list(Soknad.objects.order_by("pk"))
    for i, sak in enumerate(saker, start=1):
        sak.saksaar, sak.sekvensnummer = 2026, i
    Soknad.objects.bulk_update(saker, ["saksaar", "sekvensnummer"])
    today = timezone.localdate()
    Dokument.objects.bulk_create(
        Dokument(
            soknad=saker[i % len(saker)],
            nummer=i // len(saker) + 1,
            journalaar=2026,
            journalsekvensnummer=i + 1,
            slag="soknad" if i % 2 == 0 else "vedtak",
            retning="I" if i % 2 == 0 else "U",
            tittel=f"Dokument {i:03d}",
            dato=today - timedelta(days=i),
            avsender="Avsender",
            mottaker="Mottaker",
            fil="tilskudd/dokumenter/finnes-ikke.pdf",
            sha256="0" * 64,
            storrelse=1,
            format="PDF/A-2b",
        )
        for i in range(n)
    )


@pytest.mark.parametrize("side", ["1", "3"])
def test_journal_costs_the_same_on_every_page(
    client, admin_bruker, runde, side, django_assert_num_queries
):
    mange_dokumenter(runde, admin_bruker)
    client.force_login(admin_bruker)
    url = reverse("tilskudd:journal") + f"?side={side}"
    client.get(url)
    # 1 session, 2 user with roles, 3 kommuner with cases for the filter, 4 count,
    # 5 the page's documents with case and kommune.
    with django_assert_num_queries(5):
        response = client.get(url)
    content = response.content.decode()
    assert f"Side {side} av 3" in content
    assert content.count('href="/tilskudd/soknader/') == 2 * (7 if side == "3" else 50)


def test_journal_filters_by_period_and_direction(client, admin_bruker, runde):
    mange_dokumenter(runde, admin_bruker, n=10)
    client.force_login(admin_bruker)
    today = timezone.localdate()
    response = client.get(
        reverse("tilskudd:journal"),
        {
            "fra": str(today - timedelta(days=5)),
            "til": str(today - timedelta(days=2)),
            "retning": "U",
        },
    )
    content = response.content.decode()
    # days 2..5 back are documents 2..5; outgoing are the odd ones
    assert "Dokument 003" in content and "Dokument 005" in content
    for annen in ("Dokument 002", "Dokument 004", "Dokument 001", "Dokument 007"):
        assert annen not in content
    assert "2 dokumenter" in content


def test_journal_refuses_a_period_that_ends_before_it_starts(client, admin_bruker, runde):
    mange_dokumenter(runde, admin_bruker, n=3)
    client.force_login(admin_bruker)
    response = client.get(reverse("tilskudd:journal"), {"fra": "2026-05-01", "til": "2026-04-01"})
    assert response.status_code == 200
    assert "Til-datoen må være samme dag som eller etter fra-datoen." in response.content.decode()


def test_journal_export_has_the_filtered_documents_with_numbers(
    client, vedtak_halden, admin_bruker
):
    client.force_login(admin_bruker)
    response = client.get(reverse("tilskudd:journal_eksport", args=["csv"]), {"retning": "U"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Journaldato", "Dokumentnummer", "Saksnummer"]
    saksnummer = vedtak_halden.soknad.saksnummer
    assert [r[1] for r in rows[1:]] == [f"{saksnummer}-2"]
    assert rows[1][3] == "Utgående" and rows[1][7] == "Halden kommune"
    xlsx = client.get(reverse("tilskudd:journal_eksport", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert client.get(reverse("tilskudd:journal_eksport", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("bruker", ["kontakt_halden", "leder_halden", "team", "styre", "forsker"])
def test_only_admins_read_the_journal(client, request, vedtak_halden, bruker):
    client.force_login(request.getfixturevalue(bruker))
    assert client.get(reverse("tilskudd:journal")).status_code == 403
    assert client.get(reverse("tilskudd:journal_eksport", args=["csv"])).status_code == 403


def test_journal_is_the_same_in_english(client, vedtak_halden, admin_bruker):
    client.force_login(admin_bruker)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("tilskudd:journal")).content.decode()
    dokument = Dokument.objects.get(soknad=vedtak_halden.soknad, nummer=2)
    assert dokument.dokumentnummer in content
    assert "Vedtak om tilskudd: Sommerjobb" in content  # the title as journaled


# --- a case's documents ------------------------------------------------------------


def _url(dokument):
    return reverse("tilskudd:dokument", args=[dokument.soknad_id, dokument.pk])


@pytest.mark.parametrize(
    "bruker", ["kontakt_halden", "leder_halden", "team", "forsker", "admin_bruker"]
)
def test_readers_of_the_case_download_its_documents(client, request, vedtak_halden, bruker):
    client.force_login(request.getfixturevalue(bruker))
    for dokument in Dokument.objects.filter(soknad=vedtak_halden.soknad):
        response = client.get(_url(dokument))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == dokument.fil.read()


@pytest.mark.parametrize("bruker", ["kontakt_sarpsborg", "styre"])
def test_others_get_404_for_the_case_documents(
    client, request, vedtak_halden, soknad_sarpsborg, bruker
):
    client.force_login(request.getfixturevalue(bruker))
    dokument = Dokument.objects.filter(soknad=vedtak_halden.soknad).first()
    assert client.get(_url(dokument)).status_code == 404
    assert client.get(reverse("tilskudd:vedtaksbrev", args=[dokument.soknad_id])).status_code == 404
    # Halden's document through Sarpsborg's case
    url = reverse("tilskudd:dokument", args=[soknad_sarpsborg.pk, dokument.pk])
    assert client.get(url).status_code == 404


def test_a_kommune_never_sees_an_internal_document(
    client, vedtak_halden, kontakt_halden, admin_bruker
):
    dokument = Dokument.objects.get(soknad=vedtak_halden.soknad, nummer=1)
    Dokument.objects.filter(pk=dokument.pk).update(intern=True)
    client.force_login(kontakt_halden)
    assert client.get(_url(dokument)).status_code == 404
    page = client.get(reverse("tilskudd:soknad", args=[vedtak_halden.soknad_id])).content.decode()
    assert f"{vedtak_halden.soknad.saksnummer}-2" in page
    assert f"{vedtak_halden.soknad.saksnummer}-1<" not in page
    client.force_login(admin_bruker)
    assert client.get(_url(dokument)).status_code == 200


def test_the_case_page_lists_its_documents(client, vedtak_halden, kontakt_halden):
    client.force_login(kontakt_halden)
    page = client.get(reverse("tilskudd:soknad", args=[vedtak_halden.soknad_id])).content.decode()
    saksnummer = vedtak_halden.soknad.saksnummer
    assert "Dokumenter i saken" in page
    assert f"{saksnummer}-1" in page and f"{saksnummer}-2" in page
    assert "Søknad om tilskudd: Sommerjobb" in page and "Vedtak om tilskudd: Sommerjobb" in page
