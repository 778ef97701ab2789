"""The one guard against lost updates (``felles.laas``): lock the row, compare the form's
version with the stored one, refuse with ``Foreldet`` (a ValidationError carrying the
row as it is now and, when asked, what changed and who saved), move the version on;
and how a form shows it (``felles.forms``)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from felles.forms import UTDATERT_SIDE, MedVersjon, feil_til_skjema, gjeldende_versjon_i_skjema
from felles.laas import FORELDET, Foreldet, laas, ny_versjon, sjekk_versjon
from investering import services
from investering.models import Regelhinder


@pytest.fixture
def hinder(pilot, halden, leder_halden):
    return services.regelhinder_create(
        pilot=pilot, kommune=halden, tittel="Øremerking", beskrivelse="Midlene er låst."
    )


def _lagre_som(hinder, bruker, **felt):
    """Another person's save, the way services save: a new version in the history."""
    for name, value in felt.items():
        setattr(hinder, name, value)
    ny_versjon(hinder)
    hinder._history_user = bruker
    hinder.save()


def test_a_new_row_is_version_one_and_each_save_adds_one(pilot, halden):
    rad = Regelhinder(pilot=pilot, kommune=halden, tittel="T", beskrivelse="B", versjon=7)
    assert ny_versjon(rad) == 1
    rad.save()
    assert ny_versjon(rad) == 2


def test_lock_returns_the_stored_row_under_a_row_lock(hinder):
    Regelhinder.objects.filter(pk=hinder.pk).update(tittel="Lagret nå")
    with transaction.atomic(), CaptureQueriesContext(connection) as sql:
        rad = laas(Regelhinder, pk=hinder.pk, versjon=1, melding="x")
    assert rad.tittel == "Lagret nå"  # read as stored, not the caller's copy
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql.captured_queries[-1]["sql"]


def test_same_version_passes_and_none_checks_nothing(hinder):
    assert laas(Regelhinder.objects.all(), pk=hinder.pk, versjon=1, melding="x").pk == hinder.pk
    hinder.versjon = 5
    assert sjekk_versjon(hinder, versjon=None, melding="x") is hinder


def test_stale_version_is_refused_with_one_exception_type_and_the_row_as_it_is(
    hinder, admin_bruker
):
    _lagre_som(hinder, admin_bruker, tittel="Nytt")
    with pytest.raises(Foreldet) as info:
        laas(Regelhinder, pk=hinder.pk, versjon=1, melding="Endret etter at du åpnet det.")
    exc = info.value
    assert isinstance(exc, ValidationError)  # every view's ValidationError path shows it
    assert exc.code == FORELDET
    assert exc.messages == ["Endret etter at du åpnet det."]
    assert (exc.gjeldende.pk, exc.gjeldende.versjon) == (hinder.pk, 2)
    assert (exc.endringer, exc.endret_av) == ([], "")  # not asked for


def test_message_may_be_written_from_the_exception(hinder, admin_bruker):
    _lagre_som(hinder, admin_bruker, tittel="Nytt")
    with pytest.raises(Foreldet) as info:
        laas(
            Regelhinder,
            pk=hinder.pk,
            versjon=1,
            melding=lambda e: f"Nå versjon {e.gjeldende.versjon}, lagret av {e.endret_av}.",
            felt=["tittel"],
        )
    assert info.value.messages == ["Nå versjon 2, lagret av Admin Pilotleder."]


def test_it_names_what_changed_since_the_forms_version_and_who_saved(hinder, admin_bruker):
    _lagre_som(hinder, admin_bruker, tittel="Nytt", status="vurdert")
    with pytest.raises(Foreldet) as info:
        laas(Regelhinder, pk=hinder.pk, versjon=1, melding="x", felt=["tittel", "regel", "status"])
    assert info.value.endret_av == "Admin Pilotleder"
    assert info.value.endringer == [
        {"felt": "tittel", "navn": "Kort tittel", "forrige": "Øremerking", "ny": "Nytt"},
        {"felt": "status", "navn": "Status", "forrige": "Identifisert", "ny": "Vurdert"},
    ]


# ---------------------------------------------------------------- forms


class Skjema(MedVersjon):
    tittel = forms.CharField()


def test_form_without_a_version_is_an_outdated_page_said_above_the_form():
    for data in ({"tittel": "T"}, {"tittel": "T", "versjon": "x"}, {"tittel": "T", "versjon": 0}):
        form = Skjema(data)
        assert not form.is_valid()
        assert form.non_field_errors() == [str(UTDATERT_SIDE)]
        assert "versjon" not in form.errors


def test_stale_error_goes_above_the_form_answers_409_and_form_takes_the_stored_version(
    hinder, admin_bruker
):
    _lagre_som(hinder, admin_bruker, tittel="Nytt")
    form = Skjema({"tittel": "Min tekst", "versjon": "1"})
    assert form.is_valid()
    with pytest.raises(Foreldet) as info:
        laas(Regelhinder, pk=hinder.pk, versjon=1, melding="Endret av en annen.")
    assert feil_til_skjema(form, info.value) == 409
    gjeldende_versjon_i_skjema(form, info.value)
    assert form.non_field_errors() == ["Endret av en annen."]
    assert (form["tittel"].value(), form["versjon"].value()) == ("Min tekst", "2")
    # Any other service error answers 200, as before.
    assert feil_til_skjema(Skjema({}), ValidationError("Nei.")) == 200
