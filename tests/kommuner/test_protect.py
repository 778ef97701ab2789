"""Nothing is deleted by accident.

Deleting a kommune or a pilot that has working data is refused (PROTECT), and users are
never deleted, only deactivated, so every record keeps who did what."""

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from evaluering.models import (
    Evalueringsnotat,
    Mal,
    Maloppnaelse,
    Pastand,
    Pastandssvar,
    Rapportperiode,
    Refleksjonsskjema,
    Refleksjonssvar,
    Skala,
)
from investering.models import Beslutning, Mote, Motedeltaker, Motetype, Oppfolgingspunkt
from kommuner.models import Bruker, Deltakelse, Etat, Indikator, Indikatorverdi, Kommune, Pilot
from kommuner.roller import Rolle
from kommuner.services import bruker_deactivate
from tests.factories import BrukerFactory, DeltakelseFactory, KommuneFactory

WORKING_DATA = [
    Deltakelse,
    Mote,
    Motedeltaker,
    Beslutning,
    Oppfolgingspunkt,
    Indikatorverdi,
    Maloppnaelse,
    Evalueringsnotat,
    Refleksjonssvar,
    Pastandssvar,
]


@pytest.fixture
def fredrikstad(db):
    # No contact person is bound to this kommune, so only its working data protects it.
    return KommuneFactory(kommunenummer="3107", navn="Fredrikstad", fylke="31")


@pytest.fixture
def skriver(db):
    return BrukerFactory(email="skriver@test.no", fullt_navn="Skriver Skrivesen")


@pytest.fixture
def arbeidsdata(pilot, fredrikstad, skriver):
    """A kommune in a pilot with a meeting (participant, decision, follow-up point), an
    indicator value, a goal assessment, a researcher's note and a reflection answer."""
    DeltakelseFactory(pilot=pilot, kommune=fredrikstad)
    mote = Mote(
        pilot=pilot,
        kommune=fredrikstad,
        type=Motetype.choices[0][0],
        start=timezone.now(),
        referat="Vi ble enige om å prøve ut felles inntak.",
        skrevet_av=skriver,
    )
    mote._history_user = skriver
    mote.save()
    Motedeltaker.objects.create(mote=mote, bruker=skriver, kommune=fredrikstad)
    Beslutning.objects.create(mote=mote, tekst="Felles inntak fra høsten.")
    Oppfolgingspunkt.objects.create(mote=mote, tekst="Lage rutine for inntak.")
    indikator = Indikator.objects.create(
        navn="Barn i lavinntekt", enhet="prosent", retning="lavere", tema="barn"
    )
    Indikatorverdi.objects.create(
        kommune=fredrikstad, indikator=indikator, periode="2025", verdi=12, sendt_inn_av=skriver
    )
    periode = Rapportperiode.objects.create(pilot=pilot, aar=2026, halvaar=1)
    mal = Mal.objects.create(pilot=pilot, nummer=1, tittel="Færre barn i lavinntekt")
    Maloppnaelse.objects.create(
        mal=mal,
        periode=periode,
        kommune=fredrikstad,
        vurdering=Skala.choices[0][0],
        begrunnelse="Godt i gang.",
        vurdert_av=skriver,
        dato=timezone.localdate(),
    )
    Evalueringsnotat.objects.create(
        kommune=fredrikstad, periode=periode, tekst="Notat.", forfatter=skriver
    )
    skjema = Refleksjonsskjema.objects.create(pilot=pilot, periode=periode, tittel="Vår 2026")
    skjema.kommuner.add(fredrikstad)
    pastand = Pastand.objects.create(skjema=skjema, nummer=1, tekst="Vi samarbeider godt.")
    svar = Refleksjonssvar.objects.create(
        skjema=skjema, kommune=fredrikstad, besvart_av=skriver, besvart=timezone.now()
    )
    Pastandssvar.objects.create(svar=svar, pastand=pastand, verdi=4)
    return mote


def _counts():
    return {model.__name__: model.objects.count() for model in WORKING_DATA}


def test_deleting_a_kommune_with_working_data_is_refused_and_nothing_is_gone(
    arbeidsdata, fredrikstad
):
    before = _counts()
    assert all(before.values()), before
    with pytest.raises(ProtectedError):
        fredrikstad.delete()
    assert Kommune.objects.filter(pk=fredrikstad.pk).exists()
    assert _counts() == before


def test_deleting_a_pilot_with_working_data_is_refused_and_nothing_is_gone(arbeidsdata, pilot):
    before = _counts()
    with pytest.raises(ProtectedError):
        pilot.delete()
    assert Pilot.objects.filter(pk=pilot.pk).exists()
    assert _counts() == before


def test_deleting_a_meeting_with_decisions_is_refused(arbeidsdata):
    with pytest.raises(ProtectedError):
        arbeidsdata.delete()
    assert Beslutning.objects.filter(mote=arbeidsdata).exists()


def test_deleting_a_user_is_refused_and_the_history_keeps_who_did_it(pilot, fredrikstad):
    referent = BrukerFactory(email="referent@test.no", fullt_navn="Rita Referent")
    mote = Mote(
        pilot=pilot,
        kommune=fredrikstad,
        type=Motetype.choices[0][0],
        start=timezone.now(),
        referat="Referat.",
        skrevet_av=referent,
    )
    mote._history_user = referent
    mote.save()
    with pytest.raises(ProtectedError):
        referent.delete()
    with pytest.raises(ProtectedError):
        Bruker.objects.filter(pk=referent.pk).delete()
    assert Bruker.objects.filter(pk=referent.pk).exists()
    mote.refresh_from_db()
    assert mote.skrevet_av == referent
    assert mote.history.earliest().history_user == referent


def test_deleting_a_user_with_no_records_is_refused_too(db):
    bruker = BrukerFactory(email="ny@test.no")
    with pytest.raises(ProtectedError):
        bruker.delete()
    assert Bruker.objects.filter(pk=bruker.pk).exists()


def test_a_kommune_with_nothing_attached_can_still_be_deleted(fredrikstad):
    # A kommune registered by mistake may be removed; its history rows stay.
    fredrikstad.delete()
    assert not Kommune.objects.filter(pk=fredrikstad.pk).exists()
    assert Kommune.history.filter(kommunenummer="3107", history_type="-").exists()


def test_deactivated_user_cannot_log_in_and_loses_open_session(client, kontakt_halden):
    client.force_login(kontakt_halden)
    assert client.get("/").status_code == 200
    bruker_deactivate(bruker=kontakt_halden)
    kontakt_halden.refresh_from_db()
    assert not kontakt_halden.is_active
    assert kontakt_halden.roller == frozenset()
    # The open session ends at its next request.
    assert client.get("/").status_code == 302
    client.logout()
    response = client.post(
        "/logg-inn/",
        {"username": kontakt_halden.email, "password": "riktig-passord-123"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_nobody_deactivates_themselves(admin_bruker):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        bruker_deactivate(bruker=admin_bruker, utfort_av=admin_bruker)
    admin_bruker.refresh_from_db()
    assert admin_bruker.is_active


# --- Django admin -------------------------------------------------------------------


@pytest.fixture
def superuser_client(client, db):
    superuser = BrukerFactory(email="super@test.no", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.superuser = superuser
    return client


def test_admin_offers_no_user_deletion_and_explains_why(superuser_client, skriver):
    changelist = reverse("admin:kommuner_bruker_changelist")
    response = superuser_client.get(changelist)
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert actions["deaktiver"] == "Deaktiver valgte brukere"

    change = superuser_client.get(reverse("admin:kommuner_bruker_change", args=[skriver.pk]))
    content = change.content.decode()
    assert "Brukere slettes ikke, de deaktiveres" in content
    assert reverse("admin:kommuner_bruker_delete", args=[skriver.pk]) not in content

    response = superuser_client.post(
        reverse("admin:kommuner_bruker_delete", args=[skriver.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Brukere slettes ikke" in m for m in messages)
    assert Bruker.objects.filter(pk=skriver.pk).exists()


def test_admin_deactivate_action_deactivates_the_chosen_users(superuser_client, skriver):
    other = BrukerFactory(email="andre@test.no", roller=[Rolle.STYRINGSGRUPPE])
    response = superuser_client.post(
        reverse("admin:kommuner_bruker_changelist"),
        {
            "action": "deaktiver",
            "_selected_action": [skriver.pk, superuser_client.superuser.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    skriver.refresh_from_db()
    other.refresh_from_db()
    superuser_client.superuser.refresh_from_db()
    assert not skriver.is_active
    assert other.is_active
    assert superuser_client.superuser.is_active  # not themselves
    content = response.content.decode()
    assert "1 bruker er deaktivert." in content
    assert "Du kan ikke deaktivere deg selv." in content


def test_admin_delete_page_of_a_kommune_with_working_data_lists_what_protects_it(
    superuser_client, arbeidsdata, fredrikstad
):
    url = reverse("admin:kommuner_kommune_delete", args=[fredrikstad.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert response.context["protected"]
    assert "beskyttede relaterte objekter" in response.content.decode()

    response = superuser_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"]
    assert Kommune.objects.filter(pk=fredrikstad.pk).exists()


def test_admin_delete_page_of_a_pilot_with_working_data_lists_what_protects_it(
    superuser_client, arbeidsdata, pilot
):
    url = reverse("admin:kommuner_pilot_delete", args=[pilot.pk])
    response = superuser_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert response.context["protected"]
    assert "beskyttede relaterte objekter" in response.content.decode()
    assert Pilot.objects.filter(pk=pilot.pk).exists()


def test_admin_deletes_a_kommune_with_nothing_attached(superuser_client, fredrikstad):
    url = reverse("admin:kommuner_kommune_delete", args=[fredrikstad.pk])
    response = superuser_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Kommune.objects.filter(pk=fredrikstad.pk).exists()


# --- the rule, for every foreign key ------------------------------------------------

PROTECTED_TARGETS = (Kommune, Pilot, Deltakelse, Etat, Bruker)
# (model, field): the only links to the models above that are not PROTECT, and why.
NOT_PROTECT = {
    # A calendar token is part of the user's login, nothing else; users are never deleted.
    ("Kalendertoken", "bruker"),
}


def _project_models():
    for label in ("kommuner", "investering", "tilskudd", "evaluering"):
        yield from apps.get_app_config(label).get_models()


def test_links_to_kommune_pilot_deltakelse_etat_and_bruker_are_protected():
    wrong = []
    for model in _project_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.ForeignKey) or field.auto_created:
                continue
            if not issubclass(field.related_model, PROTECTED_TARGETS):
                continue
            if (model.__name__, field.name) in NOT_PROTECT:
                continue
            if field.remote_field.on_delete is not models.PROTECT:
                wrong.append(f"{model.__name__}.{field.name}")
    assert wrong == []


def test_history_rows_never_cascade_or_block():
    for model in _project_models():
        if not model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.ForeignKey):
                continue
            if field.name == "history_user":
                # Users are never deleted, so SET_NULL never fires.
                assert field.remote_field.on_delete is models.SET_NULL
            else:
                assert field.remote_field.on_delete is models.DO_NOTHING, field
                assert field.db_constraint is False, field


@pytest.mark.parametrize("model_name", ["indikatorverdi", "nullpunkt", "tiltak", "vedlegg"])
def test_admin_cannot_delete_knowledge_base_working_data(superuser_client, model_name):
    response = superuser_client.get(reverse(f"admin:kommuner_{model_name}_changelist"))
    assert response.status_code == 200
    assert response.context["action_form"] is None  # no "delete selected"
