"""Notification kinds registered by each app (felles.varselslag): felles keeps the
mechanism and no list; ``varsle`` refuses a kind nobody registered; the opt-out page
lists every app's kinds under the app's name."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from felles import varselslag, varsler
from felles.models import EpostAvmelding, Varsel

# Each app's own module declares its kinds (the values stored before the move).
APPENES_SLAG = {
    "kommuner": {"verdi_returnert", "verdier_til_godkjenning", "ssb_kjoring"},
    "investering": {"oppfolging_frist", "oppfolging_forfalt"},
    "tilskudd": {
        "runde_aapnet",
        "runde_stenger",
        "rapport_frist",
        "soknad_mottatt",
        "soknad_ny",
        "vedtak",
        "vedtak_endret",
    },
    "evaluering": {
        "refleksjonsskjema",
        "statusrapport_utkast",
        "statusrapport_feilet",
        "statusrapport_publisert",
    },
    "innlogging": {"invitasjon_brukt"},
}


def test_each_app_registers_its_own_kinds_when_ready():
    grupper = {app: {s.verdi for s in slagene} for app, slagene in varselslag.per_app()}
    assert grupper == APPENES_SLAG


def test_felles_declares_no_kind():
    assert all(slag.app != "felles" for _app, slagene in varselslag.per_app() for slag in slagene)


def test_an_unregistered_kind_is_refused_and_nothing_is_made(kontakt_halden, mailoutbox):
    with pytest.raises(ValueError, match="Ukjent varseltype"):
        varsler.varsle(
            mottaker=kontakt_halden,
            slag="ikke_registrert",
            tittel="Noe skjedde",
            url="/varsler/",
            noekkel="x:1",
        )
    assert not Varsel.objects.exists()
    assert mailoutbox == []


def test_the_columns_accept_registered_kinds_only(kontakt_halden):
    Varsel(mottaker=kontakt_halden, slag="vedtak", tittel="t", url="/", noekkel="k").full_clean()
    with pytest.raises(ValidationError) as feil:
        EpostAvmelding(bruker=kontakt_halden, slag="ikke_registrert").full_clean()
    assert "slag" in feil.value.message_dict


def test_an_app_cannot_take_another_apps_kind():
    with pytest.raises(ValueError, match="allerede registrert"):
        varselslag.registrer("investering", "vedtak", "Vedtak")
    assert varselslag.navn("vedtak") != "Vedtak"  # tilskudd's label stays


def test_registering_the_same_kind_again_from_its_own_app_is_harmless():
    navn = varselslag.navn("vedtak")
    assert varselslag.registrer("tilskudd", "vedtak", navn) == "vedtak"
    assert varselslag.alle().count("vedtak") == 1


def test_the_opt_out_page_lists_every_apps_kinds_under_the_apps_name(client, kontakt_halden):
    client.force_login(kontakt_halden)
    side = client.get("/varsler/innstillinger/").content.decode()
    for app, slagene in APPENES_SLAG.items():
        overskrift = f">{apps.get_app_config(app).verbose_name}</legend>"
        assert overskrift in side, app
        gruppe = side.split(overskrift, 1)[1].split("</fieldset>", 1)[0]
        for slag in slagene:
            assert f'name="{slag}"' in gruppe, slag
            assert str(varselslag.navn(slag)) in gruppe, slag


def test_the_admin_list_shows_and_filters_by_the_registered_kinds_label(
    admin_client, kontakt_halden
):
    for noekkel, slag in [("a:1", "vedtak"), ("b:1", "oppfolging_frist")]:
        varsler.varsle(
            mottaker=kontakt_halden, slag=slag, tittel="Hendelse", url="/varsler/", noekkel=noekkel
        )
    response = admin_client.get("/admin/felles/varsel/", {"slag": "vedtak"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    side = response.content.decode()
    assert "Vedtak om tilskudd til kommunen" in side
    assert "Oppfølgingspunkt med frist om 3 dager" in side  # among the filter's choices
