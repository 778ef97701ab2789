"""The knowledge-base page keeps its indicator tables until the data under them changes
(felles.datastand): a committed approval shows on the next request, and each language
and set of permissions has its own copy."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kommuner.kunnskap import services as svc

URL = "/kommuner/3101/kunnskapsgrunnlag/"


def _indikatordel(response) -> str:
    side = response.content.decode()
    return side[side.index('aria-labelledby="indikator-') : side.index("</main>")]


@pytest.mark.django_db(transaction=True)
def test_a_committed_approval_shows_at_once_and_each_language_has_its_copy(
    postgres, client, folk, sendt_halden
):
    client.force_login(folk["leder_halden"])
    forste = client.get(URL)
    assert forste.status_code == 200
    assert "Sendt inn" in _indikatordel(forste)
    with CaptureQueriesContext(connection) as lagret:
        igjen = client.get(URL)
    assert _indikatordel(igjen) == _indikatordel(forste)
    # Kept: the indicators, values, baselines and averages are not read again.
    assert not any('FROM "kommuner_nullpunkt"' in q["sql"] for q in lagret.captured_queries)

    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    etter = _indikatordel(client.get(URL))
    assert "Godkjent" in etter and "Sendt inn" not in etter

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    engelsk = _indikatordel(client.get(URL))
    assert "Average of participating municipalities" in engelsk
    assert "Snitt deltakende kommuner" not in engelsk


@pytest.mark.django_db(transaction=True)
def test_a_reader_without_approval_rights_gets_no_approver_links(postgres, client, folk, halden):
    # The approver's copy (with "Åpne for retting") is never served to a contact person.
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=svc.indikator_upsert(
            navn="Sysselsetting", enhet="prosent", retning="hoyere", tema="arbeid"
        ),
        periode="2024",
        verdi=70,
        kommentar="",
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    client.force_login(folk["leder_halden"])
    assert "Åpne for retting" in _indikatordel(client.get(URL))
    client.force_login(folk["kontakt_halden"])
    assert "Åpne for retting" not in _indikatordel(client.get(URL))


@pytest.mark.django_db(transaction=True)
def test_a_kommune_number_change_gives_new_links_in_the_kept_tables(
    postgres, client, folk, halden, sendt_halden
):
    """Issue 21, item 4: the kept tables carry the kommune's number in their links."""
    from kommuner.models import Kommune

    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    client.force_login(folk["leder_halden"])
    assert "/kommuner/3101/" in _indikatordel(client.get(URL))
    Kommune.objects.filter(pk=halden.pk).update(kommunenummer="3199")
    etter = _indikatordel(client.get("/kommuner/3199/kunnskapsgrunnlag/"))
    assert "/kommuner/3199/" in etter
    assert "/kommuner/3101/" not in etter
