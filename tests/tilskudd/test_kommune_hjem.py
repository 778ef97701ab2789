"""The contact person's home page, grants part (``tilskudd.selectors.kommune_hjem``,
shown by ``velferdspilot.views``): the open rounds the kommune may apply to with their
deadlines and its own application there, its drafts, its decisions (amended ones
marked) with their letters, and the use-of-funds reports its grants require."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from kommuner.roller import Rolle
from kommuner.services import deltakelse_upsert
from tests.factories import BrukerFactory, PilotFactory
from tilskudd import selectors, services
from tilskudd.models import Soknad, Vedtak

from .conftest import endre_vedtak, make_soknad


def _runde(pott, tittel, *, dager=20, kommuner=None):
    now = timezone.now()
    return services.runde_upsert(
        pott=pott,
        tittel=tittel,
        aapner=now - timedelta(days=1),
        stenger=now + timedelta(days=dager),
        alle_kommuner=kommuner is None,
        kommuner=kommuner,
    )


def _hjem(client, user, rolle=""):
    client.force_login(user)
    response = client.get(f"/?rolle={rolle}" if rolle else "/")
    assert response.status_code == 200
    side = response.content.decode()
    return side.split('id="tilskudd-hjem"', 1)[1] if 'id="tilskudd-hjem"' in side else ""


@pytest.fixture
def halden_i_tilskudd(
    vedtak_halden, pott, halden, sarpsborg, kontakt_halden, kontakt_sarpsborg, admin_bruker
):
    """Halden: a decision amended (in ``runde``), a draft in a second round, a third
    round open to it with nothing sent, a round for Sarpsborg only; an allocation of
    this year (report due), one of 2020 reported on, and the decision of 2020 (overdue)."""
    endre_vedtak(vedtak_halden, admin_bruker)
    med_utkast = _runde(pott, "Runde med utkast", dager=5)
    make_soknad(med_utkast, halden, kontakt_halden, submit=False, tittel="Halvferdig søknad")
    _runde(pott, "Runde uten søknad", dager=30)
    sarpsborgs = _runde(pott, "Bare for Sarpsborg", kommuner=[sarpsborg])
    make_soknad(sarpsborgs, sarpsborg, kontakt_sarpsborg, submit=False, tittel="Sarpsborgs utkast")
    iaar = services.pott_upsert(
        navn="Driftsmidler",
        aar=timezone.localdate().year,
        total=500_000,
        kilder=[(pott.kilder.first().ordning, None)],
    )
    services.tildeling_upsert(
        pott=iaar, kommune=halden, belop=100_000, user=admin_bruker, formaal="Drift i år"
    )
    rapportert = services.tildeling_upsert(
        pott=pott, kommune=halden, belop=50_000, user=admin_bruker, formaal="Drift 2020"
    )
    services.rapport_submit(
        user=kontakt_halden,
        periode="2020",
        beskrivelse="Brukt.",
        brukt_belop=50_000,
        tildeling=rapportert,
    )
    return vedtak_halden


def test_contact_person_home_shows_open_rounds_drafts_decisions_and_reports(
    client, halden_i_tilskudd, kontakt_halden
):
    vedtak = halden_i_tilskudd
    side = _hjem(client, kontakt_halden)
    runder, resten = side.split('id="tilskudd-hjem-utkast"')
    utkast, resten = resten.split('id="tilskudd-hjem-vedtak"')
    vedtaksliste, rapporter = resten.split('id="tilskudd-hjem-rapporter"')
    # Rounds, soonest deadline first, each with the kommune's own application there.
    assert runder.index("Runde med utkast") < runder.index("Innovasjonsmidler 2020")
    assert runder.index("Innovasjonsmidler 2020") < runder.index("Runde uten søknad")
    assert "Fortsett utkastet" in runder and "Søkt" in runder
    assert "Søk i Runde uten søknad" in runder
    assert "Bare for Sarpsborg" not in side
    frist = timezone.localtime(vedtak.soknad.runde.stenger).strftime("%d.%m.%Y %H:%M")
    assert frist in runder
    # Drafts with the link to continue; not Sarpsborg's.
    utkast_id = Soknad.objects.get(tittel="Halvferdig søknad").pk
    assert f'href="/tilskudd/soknader/{utkast_id}/"' in utkast
    assert "Sarpsborgs utkast" not in side
    # The decision, amended, with its letter.
    assert "Sommerjobb" in vedtaksliste and "300\xa0000\xa0kr" in vedtaksliste
    assert "Endret, versjon 2" in vedtaksliste
    assert f'href="/tilskudd/soknader/{vedtak.soknad_id}/vedtaksbrev.pdf"' in vedtaksliste
    # Reports: overdue (the 2020 decision, due 01.03.2021), due (this year's
    # allocation), delivered (the 2020 allocation), in that order.
    assert re.search(
        r"Sommerjobb \(2020\):\s*<span[^>]*>Forfalt</span>\s*innen 01\.03\.2021", rapporter
    )
    neste_aar = timezone.localdate().year + 1
    assert re.search(
        rf"Drift i år \(\d{{4}}\):\s*<span[^>]*>Skal leveres</span>\s*innen 01\.03\.{neste_aar}",
        rapporter,
    )
    assert re.search(r"Drift 2020 \(2020\):\s*<span[^>]*>Levert</span>", rapporter)
    assert rapporter.index("Forfalt") < rapporter.index("Skal leveres") < rapporter.index("Levert")
    assert f'href="/tilskudd/soknader/{vedtak.soknad_id}/rapport/"' in rapporter
    assert "Se alle" not in side  # nothing cut


def test_report_status_follows_the_due_date_and_the_delivery(halden_i_tilskudd, halden):
    krav = selectors.kommune_hjem(kommune=halden).rapporter.rader
    assert [k.status for k in krav] == ["forfalt", "skal_leveres", "levert"]
    assert krav[0].frist == date(2021, 3, 1)
    # Before its due date the decision's report is due, not overdue.
    tidlig = datetime(2021, 2, 1, 12, tzinfo=ZoneInfo("Europe/Oslo"))
    krav = selectors.kommune_hjem(kommune=halden, now=tidlig).rapporter.rader
    assert krav[0].status == "skal_leveres"


def test_other_kommunes_contact_person_sees_none_of_haldens_grants(
    client, halden_i_tilskudd, kontakt_sarpsborg
):
    side = _hjem(client, kontakt_sarpsborg)
    assert "Bare for Sarpsborg" in side and "Sarpsborgs utkast" in side
    for halden_ting in ("Sommerjobb", "Halvferdig søknad", "Drift i år", "Drift 2020"):
        assert halden_ting not in side
    assert "Ingen vedtak ennå." in side


@pytest.mark.parametrize("person", ["admin", "leder_halden", "styre", "forsker", "team"])
def test_roles_without_a_kommune_get_no_kommune_grants_on_their_home_page(
    client, folk, halden_i_tilskudd, person
):
    assert _hjem(client, folk[person]) == ""


def test_a_contact_person_who_also_leads_sees_own_kommunes_grants_on_the_contact_home(
    client, halden_i_tilskudd, sarpsborg, pilot
):
    """Somebody who is contact person in Sarpsborg and investment leader elsewhere
    lands on the leader's page, and on the contact person's page sees Sarpsborg only."""
    begge = BrukerFactory(
        email="begge@test.no",
        kommune=sarpsborg,
        roller=[Rolle.INVESTERINGSLEDER, Rolle.KONTAKTPERSON],
    )
    assert _hjem(client, begge) == ""
    side = _hjem(client, begge, rolle="kontaktperson")
    assert "Sarpsborgs utkast" in side and "Sommerjobb" not in side


def test_a_kommune_in_two_pilots_sees_the_rounds_of_both(client, pott, halden, kontakt_halden):
    en, to = PilotFactory(slug="en", navn="Pilot En"), PilotFactory(slug="to", navn="Pilot To")
    for pilot in (en, to):
        deltakelse_upsert(pilot=pilot, kommune=halden, status="deltar")
        now = timezone.now()
        services.runde_upsert(
            pott=pott,
            pilot=pilot,
            tittel=f"Runde i {pilot.navn}",
            aapner=now - timedelta(days=1),
            stenger=now + timedelta(days=9),
        )
    side = _hjem(client, kontakt_halden)
    assert "Runde i Pilot En (Pilot En)" in side and "Runde i Pilot To (Pilot To)" in side


def test_a_contact_person_without_a_kommune_gets_the_message_and_no_grants(client, db):
    uten = BrukerFactory(email="uten@test.no", roller=[Rolle.KONTAKTPERSON])
    client.force_login(uten)
    side = client.get("/").content.decode()
    assert "Brukeren din er ikke knyttet til en kommune" in side
    assert 'id="tilskudd-hjem"' not in side


def test_home_page_of_a_kommune_with_many_applications_costs_a_fixed_number_of_queries(
    client, pott, halden, kontakt_halden, admin_bruker, django_assert_num_queries
):
    n = selectors.HJEM_ANTALL + 3
    runder = [_runde(pott, f"Runde {i}", dager=10 + i) for i in range(n)]
    for i, runde in enumerate(runder):
        make_soknad(runde, halden, kontakt_halden, submit=False, tittel=f"Utkast {i}")
        # Decided applications, as plain rows (the letters are not read here).
        sak = Soknad.objects.create(
            runde=runde,
            kommune=halden,
            tittel=f"Vedtatt {i}",
            formaal="F",
            belop_sokt=1000,
            status=Soknad.Status.INNVILGET,
            opprettet_av=kontakt_halden,
        )
        Vedtak.objects.create(
            soknad=sak,
            utfall="innvilget",
            belop_innvilget=1000,
            begrunnelse="B",
            vedtatt_av=admin_bruker,
        )
    client.force_login(kontakt_halden)
    client.get("/")  # the first page after login renews the session
    # 1 session, 2 user with roles, 3 the user's kommune, 4 its participations,
    # 5-9 the knowledge base (indicators, periods' values, returned, approved,
    # baselines), 10 open rounds with the kommune's own application, 11 drafts with
    # their round, 12 decisions with their application, 13 decisions' reports,
    # 14 allocations' reports.
    with django_assert_num_queries(14):
        response = client.get("/")
    side = response.content.decode()
    assert len(re.findall(r"Runde \d+ – søknadsfrist", side)) == selectors.HJEM_ANTALL
    assert len(re.findall(r">Utkast \d+</a>", side)) == selectors.HJEM_ANTALL
    assert side.count("vedtaksbrev.pdf") == selectors.HJEM_ANTALL
    assert side.count("Skriv rapport") == selectors.HJEM_ANTALL
    assert 'href="/tilskudd/runder/">Se alle åpne runder' in side
    assert side.count('href="/tilskudd/soknader/">Se alle søknader') == 2
    assert 'href="/tilskudd/kommuner/3101/">Se alle tilskudd til kommunen' in side
