"""Evaluering's notifications (felles.varsler, kinds in evaluering/varsler.py): a
reflection form sent to kommuner tells their contact persons; a draft report ready, a
report that could not be made and a published report tell the admins and the steering
group, in the portal and by email unless they opted out."""

import pytest

from evaluering import services
from felles import varselslag
from felles.models import Varsel
from felles.varsler import epostvalg_lagre


def _skjema(pilot, periode, kommuner):
    return services.refleksjonsskjema_create(
        pilot=pilot,
        periode=periode,
        tittel="Refleksjon høsten 2025",
        innledning="",
        pastander=["Vi sitter i førersetet"],
        kommuner=kommuner,
    )


def test_form_sent_to_halden_notifies_haldens_contact_person_only(
    folk, pilot, periode, halden, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        skjema = _skjema(pilot, periode, [halden])
    varsel = Varsel.objects.get()
    assert (varsel.mottaker, varsel.slag) == (folk["kontakt_halden"], "refleksjonsskjema")
    assert varsel.url == f"/evaluering/refleksjon/{skjema.pk}/svar/"
    assert "Refleksjon høsten 2025" in varsel.tittel
    assert [m.to for m in mailoutbox] == [[folk["kontakt_halden"].email]]
    assert services.varsle_refleksjonsskjema(skjema_id=skjema.pk) == 0  # once
    assert Varsel.objects.count() == 1


def test_kommune_that_has_answered_is_not_told(folk, pilot, periode, halden, sarpsborg):
    skjema = _skjema(pilot, periode, [halden, sarpsborg])
    pastand = skjema.pastander.get()
    services.refleksjonssvar_submit(
        skjema=skjema, kommune=halden, besvart_av=folk["kontakt_halden"], verdier={pastand.pk: 4}
    )
    assert services.varsle_refleksjonsskjema(skjema_id=skjema.pk) == 1
    assert [v.mottaker for v in Varsel.objects.all()] == [folk["kontakt_sarpsborg"]]


# ---------------------------------------------------------------- the status report


def test_a_draft_ready_is_a_notification_in_the_portal_and_an_email(
    vurdert, admin_bruker, mailoutbox
):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    assert services.varsle_utkast_klart(rapport_id=rapport.pk) == 1
    assert services.varsle_utkast_klart(rapport_id=rapport.pk) == 0  # a retry
    varsel = Varsel.objects.get(slag="statusrapport_utkast")
    assert varsel.mottaker == admin_bruker
    assert vurdert.kode in varsel.visningstittel
    assert [m.to for m in mailoutbox] == [[admin_bruker.email]]


@pytest.mark.parametrize(
    "slag", ["statusrapport_utkast", "statusrapport_feilet", "statusrapport_publisert"]
)
def test_opting_out_of_a_report_kind_stops_the_email_and_keeps_the_notice(
    slag, vurdert, admin_bruker, styre, mailoutbox
):
    mottaker = styre if slag == "statusrapport_publisert" else admin_bruker
    epostvalg_lagre(bruker=mottaker, paa=set(varselslag.alle()) - {slag})
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    if slag == "statusrapport_utkast":
        services.varsle_utkast_klart(rapport_id=rapport.pk)
    elif slag == "statusrapport_feilet":
        services.statusrapport_mark_failed(rapport_id=rapport.pk, error="Pango mangler")
    else:
        rapport = services.statusrapport_render(rapport_id=rapport.pk)
        services.statusrapport_publish(rapport=rapport, publisert_av=admin_bruker, varsle=False)
        services.varsle_styringsgruppen(rapport_id=rapport.pk)
    assert Varsel.objects.filter(mottaker=mottaker, slag=slag).count() == 1
    assert mottaker.email not in [adresse for m in mailoutbox for adresse in m.to]
