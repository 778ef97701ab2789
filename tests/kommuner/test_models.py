import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kommuner.models import Kommune
from kommuner.services import bruker_upsert, deltakelse_update, kommune_upsert
from kommuner.validators import validate_kommunenummer


@pytest.mark.parametrize("nr", ["3101", "0301", "5001", "1804", "3024"])
def test_valid_kommunenummer(nr):
    validate_kommunenummer(nr)


@pytest.mark.parametrize(
    ("nr", "message"),
    [
        ("310", "fire sifre"),
        ("31011", "fire sifre"),
        ("31a1", "fire sifre"),
        (" 3101", "fire sifre"),
        ("9901", "fylkesnummer"),
        ("0001", "fylkesnummer"),
        ("3100", "ikke et kommunenummer"),
        ("", "fire sifre"),
    ],
)
def test_invalid_kommunenummer_gets_norwegian_message(nr, message):
    with pytest.raises(ValidationError) as exc:
        validate_kommunenummer(nr)
    assert message in str(exc.value)


@pytest.mark.django_db
def test_kommune_upsert_derives_fylke_and_rejects_bad_number():
    kommune, created = kommune_upsert(kommunenummer="3101", navn="Halden")
    assert created and kommune.fylke == "31"
    assert kommune.get_fylke_display() == "Østfold"
    with pytest.raises(ValidationError):
        kommune_upsert(kommunenummer="99x1", navn="Feil")
    assert Kommune.objects.count() == 1


@pytest.mark.django_db
def test_milestones_in_order_and_current(deltakelse_halden):
    d = deltakelse_update(
        deltakelse=deltakelse_halden,
        definert_utfordring=datetime.date(2018, 9, 1),
        forankret=datetime.date(2018, 9, 19),
    )
    assert [label for _f, label, _d in d.milepaeler][:2] == ["Definert utfordring", "Forankret"]
    assert d.gjeldende_milepael == "Forankret"
    assert d.antall_milepaeler == 2


@pytest.mark.django_db
def test_milestone_in_future_is_refused(deltakelse_halden):
    with pytest.raises(ValidationError) as exc:
        in_three_days = timezone.localdate() + datetime.timedelta(days=3)
        deltakelse_update(deltakelse=deltakelse_halden, operativ=in_three_days)
    assert "framtiden" in str(exc.value)


@pytest.mark.django_db
def test_leader_must_hold_leader_role(deltakelse_halden, kontakt_halden):
    with pytest.raises(ValidationError) as exc:
        deltakelse_update(deltakelse=deltakelse_halden, investeringsleder=kontakt_halden)
    assert "investeringsleder" in str(exc.value)


@pytest.mark.django_db
def test_leader_etat_follows_the_leader(deltakelse_halden, leder_halden):
    assert deltakelse_halden.investeringsleder_etat == leder_halden.etat


@pytest.mark.django_db
def test_contact_person_must_belong_to_a_kommune():
    with pytest.raises(ValidationError):
        bruker_upsert(email="x@test.no", fullt_navn="X", roller=["kontaktperson"])


@pytest.mark.django_db
def test_participation_changes_are_kept_in_history(deltakelse_halden):
    deltakelse_update(deltakelse=deltakelse_halden, status="takket_nei")
    statuses = list(deltakelse_halden.history.values_list("status", flat=True))
    assert statuses[:2] == ["takket_nei", "deltar"]
