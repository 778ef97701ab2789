"""The meeting log's lists are rendered once per reader's scope and query and kept until
the data under them changes (investering.views, felles.datastand.hurtig_fragment): a
committed meeting, participant, decision, note, rule barrier, user or kommune name
shows on the next request; a reader with another scope or other rights never gets
this reader's copy; each form keeps its own request's CSRF token."""

import re
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investering import access, selectors, services
from investering.models import Mote, Motedeltaker, Motetype
from tests.side_hjelp import side_og_sporringer as _side

from .conftest import at

pytestmark = pytest.mark.django_db(transaction=True)


def _logg(pilot, kommune, start, **felt):
    return services.mote_log(
        pilot=pilot,
        kommune=kommune,
        type=Motetype.FREMDRIFT,
        start=start,
        skrevet_av=None,
        **felt,
    )


def test_the_kept_rule_barriers_follow_every_write_and_each_readers_rights(
    postgres, folk, pilot, halden, sarpsborg, mote_halden
):
    services.regelhinder_create(
        pilot=pilot, kommune=halden, tittel="Taushetsplikt", beskrivelse="Deling"
    )
    url = reverse("investering:regelhinder_list")
    admin = Client()
    admin.force_login(folk["admin"])
    forste, _sql = _side(admin, url)
    assert "Taushetsplikt" in forste
    igjen, sql = _side(admin, url)
    assert igjen == forste
    assert not any('FROM "investering_regelhinder"' in q for q in sql)

    services.regelhinder_create(
        pilot=pilot, kommune=sarpsborg, tittel="Budsjettregel", beskrivelse="Ettårig"
    )
    assert "Budsjettregel" in _side(admin, url)[0]
    halden.navn = "Halden kommune"
    halden.save(update_fields=["navn"])
    assert "Halden kommune" in _side(admin, url)[0]

    # Sarpsborg's contact person reads Sarpsborg's only, after the admin's copy is kept.
    kontakt = Client()
    kontakt.force_login(folk["kontakt_sarpsborg"])
    egen = _side(kontakt, url)[0]
    assert "Budsjettregel" in egen and "Taushetsplikt" not in egen
    # Halden's leader may move Halden's barrier, not Sarpsborg's; the admin both.
    leder = Client()
    leder.force_login(folk["leder_halden"])
    assert _side(leder, url)[0].count("#status-tittel") == 1
    assert _side(admin, url)[0].count("#status-tittel") == 2


def test_the_kept_board_follows_a_note_and_a_rename_and_keeps_each_requests_token(
    postgres, folk, mote_halden
):
    url = reverse("investering:oppfolging_board")
    leder = Client()
    leder.force_login(folk["leder_halden"])
    forste, _sql = _side(leder, url)
    assert "Lag oversikt over prosjekter" in forste
    igjen, sql = _side(leder, url)
    assert igjen == forste
    assert not any('FROM "investering_oppfolgingspunkt"' in q for q in sql)

    punkt = mote_halden.oppfolgingspunkter.get()
    services.oppfolgingsnotat_create(punkt=punkt, tekst="Ringt rådmannen", skrevet_av=folk["admin"])
    assert "Ringt rådmannen" in _side(leder, url)[0]
    folk["leder_halden"].fullt_navn = "Lea Leder-Halden"
    folk["leder_halden"].save(update_fields=["fullt_navn"])
    assert "Lea Leder-Halden" in _side(leder, url)[0]

    # Each request's own token in both forms of the row, the marker never.
    svar = leder.get(url).content.decode()
    token = leder.cookies["csrftoken"].value
    assert "<!--csrf-->" not in svar
    assert len(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', svar)) >= 3
    andre = Client()
    andre.force_login(folk["leder_halden"])
    svar2 = andre.get(url).content.decode()
    assert andre.cookies["csrftoken"].value != token
    felles = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', svar))
    assert not felles & set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', svar2))
    # A note posted from the kept board passes the CSRF check.
    sjekket = Client(enforce_csrf_checks=True)
    sjekket.force_login(folk["leder_halden"])
    side = sjekket.get(url).content.decode()
    verdi = re.search(
        r'action="([^"]+/notat/)".*?name="csrfmiddlewaretoken" value="([^"]+)"', side, re.S
    )
    svar = sjekket.post(verdi.group(1), {"csrfmiddlewaretoken": verdi.group(2), "tekst": "Ok"})
    assert svar.status_code == 302

    # The steering group changes nothing: no forms in its copy.
    styre = Client()
    styre.force_login(folk["styre"])
    assert "/notat/" not in _side(styre, url)[0]


def test_the_kept_search_follows_a_new_meeting_and_each_readers_scope(
    postgres, folk, pilot, halden, sarpsborg, mote_halden
):
    url = reverse("investering:sok") + "?q=barnefattigdom"
    admin = Client()
    admin.force_login(folk["admin"])
    forste, _sql = _side(admin, url)
    assert "– Halden" in forste and "– Sarpsborg" not in forste
    igjen, sql = _side(admin, url)
    assert igjen == forste
    assert not any('"investering_mote"' in q for q in sql)

    _logg(pilot, sarpsborg, at(5, 5, 2019), referat="Barnefattigdom i Sarpsborg.")
    assert "– Sarpsborg" in _side(admin, url)[0]
    # Halden's contact person finds Halden's only; the htmx request gets the same hits.
    kontakt = Client()
    kontakt.force_login(folk["kontakt_halden"])
    egen = _side(kontakt, url)[0]
    assert "– Halden" in egen and "– Sarpsborg" not in egen
    treff = kontakt.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "– Halden" in treff and "– Sarpsborg" not in treff and "<html" not in treff


def test_the_kept_meeting_pages_follow_a_participant_and_the_time(
    postgres, folk, pilot, halden, sarpsborg
):
    naa = timezone.now()
    for dag in range(30):
        _logg(pilot, halden, naa - timedelta(days=dag + 1))
    eldst = _logg(pilot, sarpsborg, naa - timedelta(days=400))
    url = reverse("investering:mote_list") + "?side=2"
    admin = Client()
    admin.force_login(folk["admin"])
    forste, _sql = _side(admin, url)
    assert "31 møter" in forste and "<td>Sarpsborg</td>" in forste
    igjen, sql = _side(admin, url)
    assert igjen == forste
    assert not any('"investering_motedeltaker"' in q for q in sql)

    # A participant alone (no other table written): the participants' trigger.
    Motedeltaker.objects.create(mote=eldst, navn="Ordføreren", kommune=sarpsborg)
    etter = _side(admin, url)[0]
    assert "Ordføreren (Sarpsborg)" in etter
    # A meeting held a moment ago (it was upcoming when the first page was kept) is
    # held now, so the count and the pages change without a write to what is shown.
    _logg(pilot, halden, timezone.now() + timedelta(seconds=4), status="planlagt")
    assert "31 møter" in _side(admin, url)[0]
    time.sleep(4.5)
    assert "32 møter" in _side(admin, url)[0]

    # Halden's contact person: Halden's meetings only, one page of them.
    kontakt = Client()
    kontakt.force_login(folk["kontakt_halden"])
    egen = _side(kontakt, url)[0]
    assert "<td>Sarpsborg</td>" not in egen and "31 møter" in egen


def test_the_kept_filter_follows_a_new_kommune_name(postgres, folk, halden):
    url = reverse("investering:mote_list")
    admin = Client()
    admin.force_login(folk["admin"])
    assert ">Halden<" in _side(admin, url)[0]
    igjen, sql = _side(admin, url)
    assert not any('FROM "kommuner_etat"' in q for q in sql)
    halden.navn = "Halden kommune"
    halden.save(update_fields=["navn"])
    assert ">Halden kommune<" in _side(admin, url)[0]
    # A contact person's filter offers their own kommune only.
    kontakt = Client()
    kontakt.force_login(folk["kontakt_sarpsborg"])
    assert ">Halden kommune<" not in _side(kontakt, url)[0]


def test_the_kept_leader_cards_follow_a_meeting_and_the_time_and_are_the_leaders_own(
    postgres, folk, pilot, halden, statsforvalteren
):
    from kommuner.roller import Rolle
    from tests.factories import BrukerFactory

    url = reverse("home")
    leder = Client()
    leder.force_login(folk["leder_halden"])
    forste, _sql = _side(leder, url)
    assert "Halden" in forste and "Ingen planlagt" in forste
    igjen, sql = _side(leder, url)
    assert igjen == forste
    # Kept: the led participations' meetings and points are not read again.
    assert not any('"investering_oppfolgingspunkt"' in q for q in sql)

    holdt = _logg(pilot, halden, at(1, 2, 2020))
    assert holdt.get_absolute_url() in _side(leder, url)[0]
    # A meeting about to begin is the next one, then, once begun, the last one.
    snart = _logg(pilot, halden, timezone.now() + timedelta(seconds=4), status="planlagt")
    for_start = _side(leder, url)[0]
    assert "Ingen planlagt" not in for_start
    time.sleep(4.5)
    etter_start = _side(leder, url)[0]
    assert "Ingen planlagt" in etter_start and snart.get_absolute_url() in etter_start

    # Another leader leads nothing: never this leader's cards.
    annen = Client()
    annen.force_login(BrukerFactory(etat=statsforvalteren, roller=[Rolle.INVESTERINGSLEDER]))
    assert "Du er ikke investeringsleder for noen kommune" in _side(annen, url)[0]


def test_the_kept_leader_home_shows_a_value_and_a_meeting_at_once_each_part_kept_alone(
    postgres, stemplet, folk, pilot, halden, sarpsborg
):
    """The leader's home page below its heading is one kept part holding two: the
    values awaiting their approval and the cards (``velferdspilot.views._leder_hjem``).
    A submitted or approved value shows on the next request without the cards being
    computed again, a meeting without the values being read again."""
    from kommuner.kunnskap import services as kunnskap

    # The indicator catalogue is under the cards too (``KATALOG``): made first.
    indikator = kunnskap.indikator_upsert(
        navn="Barn i lavinntekt", enhet="prosent", retning="lavere", tema="barnefattigdom"
    )
    url = reverse("home")
    leder = Client()
    leder.force_login(folk["leder_halden"])
    forste, _sql = _side(leder, url)
    assert "Ingen verdier venter på godkjenning." in forste
    igjen, sql = _side(leder, url)
    assert igjen == forste
    assert not any('"kommuner_indikatorverdi"' in q for q in sql)
    assert not any('"investering_oppfolgingspunkt"' in q for q in sql)

    def send_inn(kommune, kontakt, periode="2024"):
        return kunnskap.indikatorverdi_upsert(
            kommune=kommune,
            indikator=indikator,
            periode=periode,
            verdi=Decimal("14.2"),
            bruker=folk[kontakt],
            send_inn=True,
        )

    verdi = send_inn(halden, "kontakt_halden")
    etter, sql = _side(leder, url)
    assert "Halden, 2024: 1 verdi" in etter
    # The cards are not under the values: kept, not computed again.
    assert not any('"investering_oppfolgingspunkt"' in q for q in sql)
    # Sarpsborg is not the leader's to approve; an admin's page shows both.
    send_inn(sarpsborg, "kontakt_sarpsborg")
    etter = _side(leder, url)[0]
    assert "Halden, 2024: 1 verdi" in etter and "Sarpsborg, 2024" not in etter
    admin = Client()
    admin.force_login(folk["admin"])
    adminside = _side(admin, url)[0]
    assert "Halden, 2024: 1 verdi" in adminside and "Sarpsborg, 2024: 1 verdi" in adminside

    kunnskap.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    assert "Ingen verdier venter på godkjenning." in _side(leder, url)[0]
    assert "Halden, 2024" not in _side(admin, url)[0]

    # A meeting shows on its card; the values awaiting approval are not read again.
    holdt = _logg(pilot, halden, at(1, 2, 2020))
    etter, sql = _side(leder, url)
    assert holdt.get_absolute_url() in etter
    assert not any('"kommuner_indikatorverdi"' in q for q in sql)
    # A kommune's new name shows in both parts.
    send_inn(halden, "kontakt_halden", "2025")
    halden.navn = "Halden kommune"
    halden.save(update_fields=["navn"])
    etter = _side(leder, url)[0]
    assert "Halden kommune, 2025: 1 verdi" in etter
    assert ">Halden kommune</a>" in etter


def test_the_kept_meeting_rows_are_kept_per_meeting(postgres, folk, pilot, halden, sarpsborg):
    naa = timezone.now()
    for dag in range(30):
        _logg(pilot, halden, naa - timedelta(days=dag + 1))
    url = reverse("investering:mote_list")
    admin = Client()
    admin.force_login(folk["admin"])
    forste, _sql = _side(admin, url)
    assert "30 møter" in forste
    # A meeting logged far back is counted, and the first page's rows stay kept.
    _logg(pilot, sarpsborg, naa - timedelta(days=200))
    etter, sql = _side(admin, url)
    assert "31 møter" in etter
    assert etter.replace("31 møter", "30 møter") == forste
    assert not any('"investering_motedeltaker"' in q for q in sql)
    # A participant in a meeting shown, and a kommune's new name, show at once.
    vist = Motedeltaker.objects.create(
        mote=Mote.objects.order_by("-start").first(), navn="Ordføreren", kommune=halden
    )
    assert "Ordføreren (Halden)" in _side(admin, url)[0]
    halden.navn = "Halden kommune"
    halden.save(update_fields=["navn"])
    assert "Ordføreren (Halden kommune)" in _side(admin, url)[0]
    vist.delete()
    assert "Ordføreren" not in _side(admin, url)[0]


def _i_samme_minutt():
    """The meeting list's count and ids are kept per minute (selectors.mote_list_side):
    requests that must share a kept copy begin well inside one minute."""
    naa = timezone.now()
    if naa.second >= 50:
        time.sleep(60.5 - naa.second - naa.microsecond / 1e6)


def _tall(html: str) -> list[str]:
    """The numbers of decisions and open follow-up points of the rows shown."""
    return re.findall(r'<td class="num">(\d+)</td>', html)


def test_the_kept_meeting_list_asks_for_two_stamps_and_shows_every_write_at_once(
    postgres, stemplet, folk, pilot, halden, sarpsborg
):
    naa = timezone.now()
    moter = [
        _logg(pilot, halden, naa - timedelta(days=dag + 1), tittel=f"Haldenmøte {dag}")
        for dag in range(3)
    ]
    url = reverse("investering:mote_list")
    admin = Client()
    admin.force_login(folk["admin"])
    _i_samme_minutt()
    forste, _sql = _side(admin, url)
    assert "3 møter" in forste and "Haldenmøte 0" in forste
    igjen, sql = _side(admin, url)
    assert igjen == forste
    # Kept: 1 the session, 2 the user, 3 the stamps under the count and the page's ids
    # (selectors.mote_list_side), 4 those under the page below its heading
    # (views.moter._liste): nothing of the meetings, kommuner, etater or users.
    assert len(sql) == 4
    assert all("felles_datastand" in q for q in sql[2:])
    assert forste == _side(admin, url)[0]

    # A new meeting far back is counted and shown.
    ny = _logg(pilot, sarpsborg, naa - timedelta(days=200), tittel="Sarpsborgmøte")
    etter = _side(admin, url)[0]
    assert "4 møter" in etter and "Sarpsborgmøte" in etter
    # An edited meeting.
    services.mote_update(mote=moter[0], versjon=moter[0].versjon, tittel="Endret møte")
    etter = _side(admin, url)[0]
    assert "Endret møte" in etter and "Haldenmøte 0" not in etter
    # A decision and a follow-up point, then the point closed: the row's numbers.
    bare_sarpsborg = f"{url}?kommune={sarpsborg.pk}"
    assert _tall(_side(admin, bare_sarpsborg)[0]) == ["0", "0"]
    services.beslutning_create(mote=ny, tekst="Vedtatt")
    punkt = services.oppfolgingspunkt_create(mote=ny, tekst="Følg opp")
    assert _tall(_side(admin, bare_sarpsborg)[0]) == ["1", "1"]
    services.oppfolgingspunkt_set_status(punkt=punkt, status="lukket")
    assert _tall(_side(admin, bare_sarpsborg)[0]) == ["1", "0"]
    # A participant added and taken away again.
    deltaker = Motedeltaker.objects.create(mote=ny, navn="Ordføreren", kommune=sarpsborg)
    assert "Ordføreren (Sarpsborg)" in _side(admin, bare_sarpsborg)[0]
    deltaker.delete()
    assert "Ordføreren" not in _side(admin, bare_sarpsborg)[0]
    # A meeting deleted (as the admin site deletes it): neither counted nor shown.
    Mote.objects.filter(pk=moter[2].pk).delete()
    etter = _side(admin, url)[0]
    assert "3 møter" in etter and "Haldenmøte 2" not in etter

    # Access: Halden's contact person reads Halden's two meetings; moved to Sarpsborg,
    # Sarpsborg's one; without a role, none.
    kontakt = Client()
    kontakt.force_login(folk["kontakt_halden"])
    egen = _side(kontakt, url)[0]
    assert "2 møter" in egen and "Sarpsborgmøte" not in egen
    bruker = folk["kontakt_halden"]
    bruker.kommune = sarpsborg
    bruker.save(update_fields=["kommune"])
    flyttet = _side(kontakt, url)[0]
    assert "1 møte" in flyttet and "Sarpsborgmøte" in flyttet and "Endret møte" not in flyttet
    bruker.groups.clear()
    uten = _side(kontakt, url)[0]
    assert "0 møter" in uten and "Sarpsborgmøte" not in uten
    # The admin's copy is the admin's still.
    assert "3 møter" in _side(admin, url)[0]


def test_the_kept_split_into_upcoming_and_held_follows_a_meeting_beginning_in_the_minute(
    postgres, stemplet, folk, pilot, halden
):
    leser = access.Leser.av(folk["admin"], rettigheter=False)
    minutt = (timezone.now() + timedelta(minutes=5)).replace(second=0, microsecond=0)
    holdt = _logg(pilot, halden, minutt - timedelta(days=1))
    begynner = _logg(pilot, halden, minutt + timedelta(seconds=30), status="planlagt")

    def side(sekunder: int):
        with CaptureQueriesContext(connection) as ctx:
            svar = selectors.mote_list_side(
                leser, parametre=[], side=None, naa=minutt + timedelta(seconds=sekunder)
            )
        return svar, len(ctx.captured_queries)

    for_start, _antall = side(10)
    assert (for_start.antall, for_start.ider, for_start.kommende) == (1, [holdt.pk], [begynner.pk])
    # Kept for the minute (its stamps alone), up to the moment the meeting begins.
    assert side(29) == (for_start, 1)
    assert side(30) == (for_start, 1)
    # Begun: held now, though nothing was written; computed at that moment, not kept.
    etter_start, antall = side(31)
    assert (etter_start.antall, etter_start.ider, etter_start.kommende) == (
        2,
        [begynner.pk, holdt.pk],
        [],
    )
    assert antall > 1 and side(59)[1] > 1
    # The next minute is kept again, split at its start.
    assert side(61)[0].ider == [begynner.pk, holdt.pk]
    assert side(62)[1] == 1
