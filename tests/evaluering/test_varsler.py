"""A reflection form sent to kommuner tells their contact persons (felles.varsler)."""

from evaluering import services
from felles.models import Varsel


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
