"""The kommune list, a pilot's status table and a pilot's data-quality table are kept
rendered until the data under them changes (kommuner.views, felles.datastand): a
committed write shows on the next request, and nothing of one reader (their links,
their access) reaches another."""

import re
from decimal import Decimal

import pytest

from kommuner.kunnskap import selectors as sel
from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikator, Tema
from kommuner.models import Deltakelse, Etat, Kommune, Pilot
from tests.side_hjelp import side_og_sporringer


def _side(client, url) -> tuple[str, list[str]]:
    return side_og_sporringer(client, url, bare_main=True)


@pytest.mark.django_db(transaction=True)
def test_the_kept_kommune_list_follows_renames_participations_and_pilots(
    postgres, client, folk, pilot, halden, sarpsborg
):
    client.force_login(folk["admin"])
    url = "/kommuner/?fylke=31&side=1"
    forste, _sql = _side(client, url)
    assert "Halden" in forste and "Testpiloten" in forste
    igjen, sql = _side(client, url)
    assert igjen == forste
    # Kept: neither the kommuner nor their participations are read again.
    assert not any('FROM "kommuner_deltakelse"' in q or 'FROM "kommuner_kommune"' in q for q in sql)
    # The filter is in the form and the page's own links.
    assert 'value="31" selected' in forste

    Kommune.objects.filter(pk=halden.pk).update(navn="Halden kommune")
    assert "Halden kommune" in _side(client, url)[0]
    Pilot.objects.filter(pk=pilot.pk).update(navn="Pilot med nytt navn")
    assert "Pilot med nytt navn" in _side(client, url)[0]
    Deltakelse.objects.filter(kommune=sarpsborg).update(status="takket_nei")
    assert "Takket nei" in _side(client, url)[0]
    # Another filter is another copy.
    assert "Halden kommune" not in _side(client, "/kommuner/?status=takket_nei")[0]


@pytest.mark.django_db(transaction=True)
def test_the_kept_kommune_list_holds_nothing_of_its_reader(
    postgres, client, folk, halden, sarpsborg
):
    client.force_login(folk["admin"])
    admin, _sql = _side(client, "/kommuner/")
    client.force_login(folk["kontakt_halden"])
    kontakt, sql = _side(client, "/kommuner/")
    assert not any('FROM "kommuner_deltakelse"' in q for q in sql)  # the admin's copy
    # The same list for both; each page's menu names its own reader only.
    liste = re.compile(r'<p role="status">.*</table>', re.S)
    assert liste.search(admin).group() == liste.search(kontakt).group()
    assert "Admin Pilotleder" not in liste.search(kontakt).group()


@pytest.mark.django_db(transaction=True)
def test_the_kept_pilot_table_follows_writes_and_keeps_each_readers_links(
    postgres, client, folk, pilot, halden, statsforvalteren
):
    url = "/piloter/testpilot/"
    client.force_login(folk["admin"])
    forste, _sql = _side(client, url)
    assert "Administrer teamet" in forste
    igjen, sql = _side(client, url)
    assert igjen == forste
    assert not any('FROM "kommuner_deltakelse"' in q for q in sql)

    # The steering group's member gets the kept table, without the admin's links.
    client.force_login(folk["styre"])
    styre, sql = _side(client, url)
    assert not any('FROM "kommuner_deltakelse"' in q for q in sql)
    assert "Administrer teamet" not in styre
    assert "Halden" in styre

    # A participation, an etat's name and the pilot's name: each shows at once.
    Deltakelse.objects.filter(kommune=halden).update(
        fase="design", investeringsleder_etat=statsforvalteren
    )
    etter = _side(client, url)[0]
    assert "Designfasen" in etter and "SF Test" in etter
    Etat.objects.filter(pk=statsforvalteren.pk).update(kortnavn="SF Nytt")
    assert "SF Nytt" in _side(client, url)[0]
    Pilot.objects.filter(pk=pilot.pk).update(navn="Pilot med nytt navn")
    assert "Status per kommune i Pilot med nytt navn" in _side(client, url)[0]


def _indikator(navn):
    return svc.indikator_create(
        navn=navn, enhet=Indikator.Enhet.PROSENT, retning="lavere", tema=Tema.ARBEID
    )


@pytest.mark.django_db(transaction=True)
def test_the_kept_data_quality_table_follows_a_submission_and_stays_behind_access(
    postgres, client, folk, halden
):
    indikator = _indikator("Ledighet (%)")
    aar = sel.datakvalitet_perioder()[2]
    url = "/piloter/testpilot/datakvalitet/"
    client.force_login(folk["admin"])
    forste, _sql = _side(client, url)
    assert "0/1" in forste
    igjen, sql = _side(client, url)
    assert igjen == forste
    assert not any('FROM "kommuner_indikatorverdi"' in q for q in sql)

    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode=aar,
        verdi=Decimal("4.2"),
        kommentar="",
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    etter, sql = _side(client, url)
    assert "1/1" in etter
    assert any('FROM "kommuner_indikatorverdi"' in q for q in sql)
    Kommune.objects.filter(pk=halden.pk).update(navn="Halden kommune")
    assert "Halden kommune" in _side(client, url)[0]

    # Access is checked per request: the contact person gets no kept copy.
    client.force_login(folk["kontakt_halden"])
    assert client.get(url).status_code == 404


def _leser_kommunen(sql: list[str]) -> bool:
    return any('FROM "kommuner_deltakelse"' in q for q in sql)


@pytest.mark.django_db(transaction=True)
def test_the_kept_kommune_page_follows_people_participations_and_not_logins(
    postgres, client, folk, halden
):
    from django.utils import timezone

    from kommuner.models import Bruker
    from tests.factories import BrukerFactory

    url = "/kommuner/3101/"
    client.force_login(folk["admin"])
    forste, _sql = _side(client, url)
    assert "Kontakt Halden" in forste and "Leder Halden" in forste
    igjen, sql = _side(client, url)
    assert igjen == forste
    assert not _leser_kommunen(sql)
    # A login (its last_login) leaves the page kept.
    Bruker.objects.filter(pk=folk["kontakt_halden"].pk).update(last_login=timezone.now())
    assert not _leser_kommunen(_side(client, url)[1])

    Bruker.objects.filter(pk=folk["kontakt_halden"].pk).update(fullt_navn="Kari Kontakt")
    assert "Kari Kontakt" in _side(client, url)[0]
    BrukerFactory(email="ny.kontakt@test.no", fullt_navn="Ny Kontakt", kommune=halden)
    assert "Ny Kontakt" in _side(client, url)[0]
    Bruker.objects.filter(pk=folk["leder_halden"].pk).update(fullt_navn="Lise Leder")
    assert "Lise Leder" in _side(client, url)[0]
    Deltakelse.objects.filter(kommune=halden).update(valgt_utfordring="Utenforskap")
    assert "Utenforskap" in _side(client, url)[0]
    Kommune.objects.filter(pk=halden.pk).update(innbyggere=31000)
    assert "31\xa0000" in _side(client, url)[0]


@pytest.mark.django_db(transaction=True)
def test_the_kept_kommune_page_gives_each_reader_what_they_may_see_and_edit(
    postgres, client, folk, halden
):
    url = "/kommuner/3101/"
    rediger = "Oppdater status og milepæler"
    client.force_login(folk["admin"])
    admin, _sql = _side(client, url)
    assert rediger in admin and "Rediger kommunefakta" in admin
    # Halden's investment leader edits Halden's participation, not the facts.
    client.force_login(folk["leder_halden"])
    leder, _sql = _side(client, url)
    assert rediger in leder and "Rediger kommunefakta" not in leder
    # Sarpsborg's contact person sees neither Halden's contacts nor its work tabs,
    # and edits nothing, though the admin's and the leader's copies are kept.
    client.force_login(folk["kontakt_sarpsborg"])
    sarpsborg, _sql = _side(client, url)
    assert "Kontakt Halden" not in sarpsborg
    assert "/kommuner/3101/kunnskapsgrunnlag/" not in sarpsborg
    assert rediger not in sarpsborg and "Rediger kommunefakta" not in sarpsborg
    # Halden's own contact person sees the contacts and tabs, edits nothing.
    client.force_login(folk["kontakt_halden"])
    kontakt, _sql = _side(client, url)
    assert "Kontakt Halden" in kontakt and "/kommuner/3101/kunnskapsgrunnlag/" in kontakt
    assert rediger not in kontakt
