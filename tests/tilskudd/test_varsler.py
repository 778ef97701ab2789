"""Grant notifications through felles.varsler: a round opened, a round closing within
seven days (daily beat, explicit ``now``), a use-of-funds report due (daily beat,
explicit ``today``). Each once per event and recipient."""

import datetime
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from felles import varselslag, varsler
from felles.models import Varsel
from tilskudd import services
from tilskudd import varsler as tilskuddsvarsler
from tilskudd.models import Dokument
from velferdspilot.celery import app

from .conftest import endre_vedtak, make_soknad


def test_round_opening_is_a_notification_and_one_email_per_contact_person(
    pott, halden, kontakt_halden, kontakt_sarpsborg, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.runde_upsert(
            pott=pott, tittel="Åpen for alle", aapner=now, stenger=now + timedelta(days=20)
        )
    mottakere = {v.mottaker for v in Varsel.objects.filter(slag="runde_aapnet")}
    assert mottakere == {kontakt_halden, kontakt_sarpsborg}
    assert len(mailoutbox) == 2
    assert Varsel.objects.get(mottaker=kontakt_halden).url == "/tilskudd/runder/"


def test_round_closing_within_seven_days_notifies_kommuner_that_have_not_applied(
    runde, halden, sarpsborg, kontakt_halden, kontakt_sarpsborg, mailoutbox
):
    make_soknad(runde, sarpsborg, kontakt_sarpsborg)  # Sarpsborg has applied
    mailoutbox.clear()
    stenger = runde.stenger
    # Eight days before the deadline: too early.
    assert tilskuddsvarsler.varsle_runder_stenger(now=stenger - timedelta(days=8)) == 0
    assert tilskuddsvarsler.varsle_runder_stenger(now=stenger - timedelta(days=7)) == 1
    varsel = Varsel.objects.get(slag="runde_stenger")
    assert varsel.mottaker == kontakt_halden
    assert runde.tittel in varsel.tittel
    assert mailoutbox[0].to == [kontakt_halden.email]
    # The next day's run tells nobody again; a closed round is not told.
    assert tilskuddsvarsler.varsle_runder_stenger(now=stenger - timedelta(days=6)) == 0
    assert tilskuddsvarsler.varsle_runder_stenger(now=stenger + timedelta(minutes=1)) == 0
    assert Varsel.objects.filter(slag="runde_stenger").count() == 1


def test_a_draft_application_still_gets_the_reminder(runde, halden, kontakt_halden):
    make_soknad(runde, halden, kontakt_halden, submit=False)
    assert tilskuddsvarsler.varsle_runder_stenger(now=runde.stenger - timedelta(days=3)) == 1


def test_report_due_reminds_the_kommune_of_each_grant_without_a_report(
    vedtak_halden, pott, sarpsborg, kontakt_halden, kontakt_sarpsborg, admin_bruker, mailoutbox
):
    tildeling = services.tildeling_upsert(
        pott=pott, kommune=sarpsborg, belop=100_000, user=admin_bruker, formaal="Drift"
    )
    mailoutbox.clear()
    assert pott.aar == 2020 and settings.TILSKUDD_RAPPORTFRIST == (3, 1)
    # 45 days before 01.03.2021: too early.
    assert tilskuddsvarsler.varsle_rapportfrister(today=datetime.date(2021, 1, 15)) == 0
    assert tilskuddsvarsler.varsle_rapportfrister(today=datetime.date(2021, 2, 1)) == 2
    halden_varsel = Varsel.objects.get(mottaker=kontakt_halden)
    assert halden_varsel.slag == "rapport_frist"
    assert "01.03.2021" in halden_varsel.tittel
    assert halden_varsel.url == f"/tilskudd/soknader/{vedtak_halden.soknad_id}/rapport/"
    assert Varsel.objects.get(mottaker=kontakt_sarpsborg).url == (
        f"/tilskudd/tildelinger/{tildeling.pk}/rapport/"
    )
    # Daily runs after that: once per grant and year.
    assert tilskuddsvarsler.varsle_rapportfrister(today=datetime.date(2021, 2, 2)) == 0
    # After the deadline nothing more.
    assert tilskuddsvarsler.varsle_rapportfrister(today=datetime.date(2021, 3, 2)) == 0
    assert Varsel.objects.count() == 2


def test_a_reported_grant_is_not_reminded(vedtak_halden, kontakt_halden):
    services.rapport_submit(
        user=kontakt_halden,
        periode="2020",
        beskrivelse="Sommerjobber.",
        brukt_belop=200_000,
        vedtak=vedtak_halden,
    )
    assert tilskuddsvarsler.varsle_rapportfrister(today=datetime.date(2021, 2, 1)) == 0


def test_beat_schedule_has_the_daily_grant_tasks():
    for name, task in [
        ("tilskudd-runder-stenger", "tilskudd.tasks.varsle_runder_stenger"),
        ("tilskudd-rapportfrister", "tilskudd.tasks.varsle_rapportfrister"),
    ]:
        assert settings.CELERY_BEAT_SCHEDULE[name]["task"] == task
        assert task in app.tasks


# --- received, decided, amended: to the kommune's contact persons (and the admins) ----


def test_a_sent_in_application_tells_its_kommune_it_was_received_with_a_link_to_the_receipt(
    runde,
    halden,
    kontakt_halden,
    kontakt_sarpsborg,
    admin_bruker,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        soknad = make_soknad(runde, halden, kontakt_halden)
    kvittering = Dokument.objects.get(soknad=soknad, slag=Dokument.Slag.SOKNAD)
    mottatt = Varsel.objects.get(slag="soknad_mottatt")
    assert mottatt.mottaker == kontakt_halden
    assert mottatt.visningstittel == "Søknaden er mottatt: Sommerjobb"
    assert mottatt.url == f"/tilskudd/soknader/{soknad.pk}/dokumenter/{kvittering.pk}.pdf"
    # The admins are told as before, as a notification of its own kind.
    ny = Varsel.objects.get(slag="soknad_ny")
    assert ny.mottaker == admin_bruker
    assert ny.url == f"/tilskudd/runder/{runde.pk}/soknader/"
    assert not Varsel.objects.filter(mottaker=kontakt_sarpsborg).exists()
    eposter = {m.to[0]: m for m in mailoutbox}
    assert set(eposter) == {kontakt_halden.email, admin_bruker.email}
    kvittering_epost = eposter[kontakt_halden.email]
    assert kvittering_epost.subject == "Søknaden er mottatt: Sommerjobb"
    assert soknad.saksnummer in kvittering_epost.body
    assert f"{settings.PORTAL_URL}{mottatt.url}" in kvittering_epost.body
    assert eposter[admin_bruker.email].subject == "Ny søknad fra Halden"


def test_a_decision_and_its_amendment_are_told_to_the_kommunes_contact_persons_only(
    vedtak_halden, kontakt_halden, kontakt_sarpsborg, admin_bruker, mailoutbox
):
    mailoutbox.clear()
    assert tilskuddsvarsler.varsle_vedtak(vedtak_id=vedtak_halden.pk) == 1
    vedtak = Varsel.objects.get(slag="vedtak")
    assert vedtak.mottaker == kontakt_halden
    assert vedtak.visningstittel == "Vedtak om tilskudd: Sommerjobb"
    assert vedtak.url == f"/tilskudd/soknader/{vedtak_halden.soknad_id}/vedtaksbrev.pdf"
    endre_vedtak(vedtak_halden, admin_bruker)
    versjon = vedtak_halden.versjoner.get(nummer=2)
    assert tilskuddsvarsler.varsle_vedtak_endret(versjon_id=versjon.pk) == 1
    endret = Varsel.objects.get(slag="vedtak_endret")
    assert endret.mottaker == kontakt_halden
    assert endret.url == f"/tilskudd/soknader/{vedtak_halden.soknad_id}/vedtaksbrev/2.pdf"
    assert [m.to for m in mailoutbox] == [[kontakt_halden.email], [kontakt_halden.email]]
    assert "Grunn til endringen: Potten fikk midler tilbake." in mailoutbox[1].body
    assert not Varsel.objects.filter(mottaker__in=[kontakt_sarpsborg, admin_bruker]).exists()


def _varsle(slag, vedtak, admin):
    """Run the notification of ``slag`` about ``vedtak``'s case; returns emails sent."""
    if slag == "soknad_mottatt":
        return tilskuddsvarsler.varsle_soknad_sendt_inn(soknad_id=vedtak.soknad_id)
    if slag == "vedtak":
        return tilskuddsvarsler.varsle_vedtak(vedtak_id=vedtak.pk)
    if slag == "vedtak_endret":
        if not vedtak.versjoner.filter(nummer=2).exists():
            endre_vedtak(vedtak, admin)
        return tilskuddsvarsler.varsle_vedtak_endret(versjon_id=vedtak.versjoner.get(nummer=2).pk)
    return tilskuddsvarsler.varsle_rapportfrister(today=datetime.date(2021, 2, 1))


KOMMUNENS_SLAG = [
    "soknad_mottatt",
    "vedtak",
    "vedtak_endret",
    "rapport_frist",
]


@pytest.mark.parametrize("slag", KOMMUNENS_SLAG)
def test_each_grant_notification_is_sent_once_however_often_the_job_runs(
    slag, vedtak_halden, kontakt_halden, admin_bruker, mailoutbox
):
    _varsle(slag, vedtak_halden, admin_bruker)
    mailoutbox.clear()
    antall = Varsel.objects.count()
    assert _varsle(slag, vedtak_halden, admin_bruker) == 0
    assert Varsel.objects.count() == antall
    assert mailoutbox == []
    assert Varsel.objects.filter(mottaker=kontakt_halden, slag=slag).count() == 1


@pytest.mark.parametrize("slag", KOMMUNENS_SLAG)
def test_turning_email_off_for_a_grant_kind_keeps_the_notification_in_the_portal(
    slag, vedtak_halden, kontakt_halden, admin_bruker, mailoutbox
):
    varsler.epostvalg_lagre(bruker=kontakt_halden, paa=set(varselslag.alle()) - {slag})
    mailoutbox.clear()
    _varsle(slag, vedtak_halden, admin_bruker)
    assert Varsel.objects.filter(mottaker=kontakt_halden, slag=slag).count() == 1
    assert kontakt_halden.email not in [m.to[0] for m in mailoutbox]


def test_the_email_settings_page_lists_the_grant_kinds(client, kontakt_halden):
    client.force_login(kontakt_halden)
    side = client.get("/varsler/innstillinger/").content.decode()
    for slag in KOMMUNENS_SLAG + ["soknad_ny"]:
        assert f'name="{slag}"' in side
        assert str(varselslag.navn(slag)) in side


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("kontakt_halden", 200),
        ("kontakt_sarpsborg", 404),
        ("leder_halden", 200),
        ("admin", 200),
        ("styre", 404),
    ],
)
def test_the_receipt_the_notification_links_to_opens_for_whoever_reads_the_case(
    client, folk, runde, halden, person, status
):
    soknad = make_soknad(runde, halden, folk["kontakt_halden"])
    tilskuddsvarsler.varsle_soknad_sendt_inn(soknad_id=soknad.pk)
    url = Varsel.objects.get(slag="soknad_mottatt").url
    client.force_login(folk[person])
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
