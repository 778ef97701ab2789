from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from felles.laas import Foreldet
from investering import services
from investering.models import (
    Beslutning,
    Mote,
    Moteserie,
    Motetype,
    Oppfolgingspunkt,
    Regelhinder,
)

from .conftest import at


def test_mote_log_saves_meeting_participants_decisions_and_points(mote_halden):
    assert mote_halden.versjon == 1
    assert [d.visningsnavn for d in mote_halden.deltakere.all()] == [
        "Leder Halden",
        "Rådmannen",
    ]
    assert mote_halden.deltakere.all()[0].etat is not None  # taken from the user
    assert mote_halden.beslutninger.count() == 1
    assert mote_halden.oppfolgingspunkter.get().status == Oppfolgingspunkt.Status.APEN
    assert mote_halden.history.count() == 1


def test_mote_log_is_all_or_nothing(folk, pilot, halden, leder_halden):
    with pytest.raises(ValidationError):
        services.mote_log(
            pilot=pilot,
            kommune=halden,
            type=Motetype.FREMDRIFT,
            start=at(1),
            skrevet_av=leder_halden,
            beslutninger=["Gyldig"],
            oppfolgingspunkter=[{"tekst": "   "}],
        )
    assert not Mote.objects.exists()
    assert not Beslutning.objects.exists()


def test_investeringskollegium_has_no_kommune(folk, pilot, halden, leder_halden):
    with pytest.raises(ValidationError):
        services.mote_log(
            pilot=pilot,
            kommune=halden,
            type=Motetype.KOLLEGIUM,
            start=at(1),
            skrevet_av=leder_halden,
        )


def test_kommune_meeting_needs_kommune(folk, pilot, leder_halden):
    with pytest.raises(ValidationError):
        services.mote_log(
            pilot=pilot, kommune=None, type=Motetype.FREMDRIFT, start=at(1), skrevet_av=None
        )


def test_mote_update_bumps_version_and_keeps_history(mote_halden):
    services.mote_update(mote=mote_halden, versjon=1, referat="Nytt referat")
    mote_halden.refresh_from_db()
    assert mote_halden.versjon == 2
    assert mote_halden.referat == "Nytt referat"
    assert mote_halden.history.count() == 2


def test_mote_update_with_stale_version_raises_conflict_and_saves_nothing(mote_halden):
    services.mote_update(mote=mote_halden, versjon=1, referat="Førstemanns tekst")
    with pytest.raises(Foreldet) as info:
        services.mote_update(mote=mote_halden, versjon=1, referat="Andremanns tekst")
    mote_halden.refresh_from_db()
    assert mote_halden.referat == "Førstemanns tekst"
    endret = {e["felt"]: e for e in info.value.endringer}
    assert set(endret) == {"referat"}
    assert endret["referat"]["ny"] == "Førstemanns tekst"
    assert "paraply" in endret["referat"]["forrige"]


def test_close_point_in_later_meeting(mote_halden, pilot, halden, leder_halden):
    senere = services.mote_log(
        pilot=pilot,
        kommune=halden,
        type=Motetype.FREMDRIFT,
        start=at(1, 10, 2018),
        skrevet_av=leder_halden,
    )
    punkt = mote_halden.oppfolgingspunkter.get()
    services.oppfolgingspunkt_set_status(punkt=punkt, status="lukket", lukket_i_mote=senere)
    punkt.refresh_from_db()
    assert punkt.status == "lukket"
    assert punkt.lukket_i_mote == senere
    assert punkt.lukket_dato == timezone.localtime(senere.start).date()


def test_point_cannot_be_closed_in_other_kommunes_meeting(mote_halden, mote_sarpsborg):
    punkt = mote_halden.oppfolgingspunkter.get()
    with pytest.raises(ValidationError):
        services.oppfolgingspunkt_set_status(
            punkt=punkt, status="lukket", lukket_i_mote=mote_sarpsborg
        )
    punkt.refresh_from_db()
    assert punkt.status == "apen"


def test_reopening_a_point_clears_closed_date(mote_halden):
    punkt = mote_halden.oppfolgingspunkter.get()
    services.oppfolgingspunkt_set_status(punkt=punkt, status="lukket")
    assert punkt.lukket_dato == timezone.localdate()
    services.oppfolgingspunkt_set_status(punkt=punkt, status="pagar")
    assert punkt.lukket_dato is None


def test_regelhinder_follows_its_path(mote_halden, pilot, halden, leder_halden):
    hinder = services.regelhinder_create(
        pilot=pilot,
        kommune=halden,
        tittel="Øremerket tilskudd",
        beskrivelse="Tilskuddet kan ikke brukes på tvers av tjenester.",
        funnet_i_mote=mote_halden,
        registrert_av=leder_halden,
    )
    for status in ("vurdert", "loftet"):
        services.regelhinder_set_status(regelhinder=hinder, status=status)
    with pytest.raises(ValidationError):
        services.regelhinder_set_status(regelhinder=hinder, status="endret")  # needs utfall
    services.regelhinder_set_status(regelhinder=hinder, status="endret", utfall="Endret 2020.")
    with pytest.raises(ValidationError):
        services.regelhinder_set_status(regelhinder=hinder, status="vurdert")  # final
    assert Regelhinder.objects.get().status == "endret"
    assert hinder.history.count() == 4


def test_regelhinder_cannot_skip_from_identified_to_changed(pilot, halden, folk):
    hinder = services.regelhinder_create(pilot=pilot, kommune=halden, tittel="T", beskrivelse="B")
    with pytest.raises(ValidationError):
        services.regelhinder_set_status(regelhinder=hinder, status="loftet")


def test_regelhinder_meeting_must_be_same_kommune(mote_sarpsborg, pilot, halden):
    with pytest.raises(ValidationError):
        services.regelhinder_create(
            pilot=pilot, kommune=halden, tittel="T", beskrivelse="B", funnet_i_mote=mote_sarpsborg
        )


def test_moteserie_creates_planned_meetings_every_third_week(pilot, halden, leder_halden, folk):
    serie = services.moteserie_create(
        pilot=pilot,
        kommune=halden,
        tittel="Prosjektledernettverk",
        type=Motetype.ARBEIDSGRUPPE,
        intervall=Moteserie.Intervall.TREDJE,
        forste_start=at(7, 1, 2021, hour=9),
        antall=4,
        digitalt=True,
        opprettet_av=leder_halden,
    )
    starts = [timezone.localtime(m.start) for m in serie.moter.order_by("start")]
    assert [s.date().isoformat() for s in starts] == [
        "2021-01-07",
        "2021-01-28",
        "2021-02-18",
        "2021-03-11",
    ]
    assert all(s.hour == 9 for s in starts)
    assert set(serie.moter.values_list("status", flat=True)) == {"planlagt"}


def test_monthly_series_keeps_wall_clock_time_over_dst(pilot, halden, folk):
    serie = services.moteserie_create(
        pilot=pilot,
        kommune=halden,
        tittel="Fremdrift",
        type=Motetype.FREMDRIFT,
        intervall="maaned",
        forste_start=at(31, 1, 2019, hour=13),
        antall=4,
    )
    starts = [timezone.localtime(m.start) for m in serie.moter.order_by("start")]
    assert [(s.month, s.day, s.hour) for s in starts] == [
        (1, 31, 13),
        (2, 28, 13),
        (3, 31, 13),
        (4, 30, 13),
    ]


def test_moteserie_rejects_too_many(pilot, halden, folk):
    with pytest.raises(ValidationError):
        services.moteserie_create(
            pilot=pilot,
            kommune=halden,
            tittel="X",
            type=Motetype.FREMDRIFT,
            intervall="1",
            forste_start=at(1),
            antall=100,
        )
    assert not Mote.objects.exists()


def test_kalendertoken_regenerate_changes_secret(leder_halden):
    first = services.kalendertoken_get_or_create(bruker=leder_halden).token
    assert services.kalendertoken_get_or_create(bruker=leder_halden).token == first
    assert services.kalendertoken_regenerate(bruker=leder_halden).token != first


def test_overdue_points_queryset(mote_halden):
    assert Oppfolgingspunkt.objects.forfalte().count() == 1
    punkt = mote_halden.oppfolgingspunkter.get()
    punkt.frist = timezone.localdate() + timedelta(days=1)
    punkt.save()
    assert Oppfolgingspunkt.objects.forfalte().count() == 0


def test_conflict_lists_every_changed_field(mote_halden):
    services.mote_update(mote=mote_halden, versjon=1, sted="Telefon", digitalt=True, fase="design")
    with pytest.raises(Foreldet) as info:
        services.mote_update(mote=mote_halden, versjon=1, referat="x")
    assert {e["felt"] for e in info.value.endringer} == {"sted", "digitalt", "fase"}
    fase = next(e for e in info.value.endringer if e["felt"] == "fase")
    assert (fase["forrige"], fase["ny"]) == ("Definisjonsfasen", "Designfasen")


def test_follow_up_status_must_be_a_known_one_unless_closed_in_a_meeting(
    mote_halden, pilot, halden, leder_halden
):
    punkt = mote_halden.oppfolgingspunkter.get()
    with pytest.raises(ValidationError) as exc:
        services.oppfolgingspunkt_set_status(punkt=punkt, status="tull")
    assert exc.value.messages == ["Ugyldig status."]
    punkt.refresh_from_db()
    assert punkt.status == "apen"
    senere = services.mote_log(
        pilot=pilot, kommune=halden, type="fremdriftsmote", start=at(1, 1, 2019), skrevet_av=None
    )
    services.oppfolgingspunkt_set_status(punkt=punkt, lukket_i_mote=senere)
    punkt.refresh_from_db()
    assert (punkt.status, punkt.lukket_i_mote) == ("lukket", senere)


def test_rule_barrier_offers_only_its_allowed_next_statuses(pilot, halden):
    hinder = services.regelhinder_create(pilot=pilot, kommune=halden, tittel="T", beskrivelse="B")
    assert [s for s, _label in hinder.neste_statuser] == ["vurdert", "avvist"]
    services.regelhinder_set_status(regelhinder=hinder, status="vurdert")
    assert [s for s, _label in hinder.neste_statuser] == [
        "identifisert",
        "loftet",
        "endret",
        "avvist",
    ]


def test_services_are_keyword_only_typed_and_use_one_verb_per_meaning():
    import inspect

    for name, func in inspect.getmembers(services, inspect.isfunction):
        if func.__module__ != services.__name__ or name.startswith("_"):
            continue
        assert not name.endswith(("_add", "_opprett", "_lagre", "_save")), name
        signature = inspect.signature(func)
        for param in signature.parameters.values():
            assert param.kind in (param.KEYWORD_ONLY, param.VAR_KEYWORD), (name, param.name)
            assert param.annotation is not param.empty, (name, param.name)
        assert signature.return_annotation is not signature.empty, name
