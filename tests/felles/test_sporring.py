"""A query compiled once (felles.sporring.Kompilert): the same rows and instances as
the ORM gives for the same queryset, each call with its own values, one query a call,
and no compiling after the first call of a shape."""

from datetime import date, timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from felles import sporring
from felles.sporring import Kompilert
from kommuner.models import Deltakelse, Kommune, Pilot
from tests.factories import DeltakelseFactory, KommuneFactory, PilotFactory

pytestmark = pytest.mark.django_db


def _piloter(navn, start):
    qs = Pilot.objects.annotate(antall=Count("deltakelser")).order_by("pk")
    if navn:
        qs = qs.filter(navn=navn)
    return qs.filter(start__gte=start)


PILOTER = Kompilert(_piloter, merker=("\0navn", date(1901, 1, 1)))


def test_rows_and_instances_are_the_orms(django_assert_num_queries):
    pilot = PilotFactory(navn="Pilot A")
    PilotFactory(navn="Pilot B")
    DeltakelseFactory(pilot=pilot, kommune=KommuneFactory())
    start = timezone.localdate() - timedelta(days=10_000)
    orm = _piloter("Pilot A", start).get()
    with django_assert_num_queries(1):
        forekomst = PILOTER.forekomst("Pilot A", start)
    assert forekomst == orm
    assert forekomst._state.adding is False
    felt = [f.attname for f in Pilot._meta.concrete_fields]
    assert [getattr(forekomst, f) for f in felt] == [getattr(orm, f) for f in felt]
    assert forekomst.antall == orm.antall == 1
    # Each call with its own values.
    assert PILOTER.forekomst("Pilot B", start).navn == "Pilot B"
    assert PILOTER.forekomst("Pilot C", start) is None
    assert PILOTER.forekomst("Pilot A", timezone.localdate() + timedelta(days=1)) is None


def test_an_empty_argument_is_its_own_shape():
    PilotFactory(navn="Pilot A")
    start = timezone.localdate() - timedelta(days=10_000)
    # No name: the function leaves the filter out, so the first of every pilot.
    assert PILOTER.forekomst("", start) == _piloter("", start).first()
    # One parameter (the start) without the name, two with it.
    assert len(PILOTER.sql("", start)[1]) == 1
    assert len(PILOTER.sql("Pilot A", start)[1]) == 2


def test_values_are_converted_as_the_orm_converts_them():
    kommune = KommuneFactory()
    dato = Kompilert(
        lambda pk: Kommune.objects.filter(pk=pk).values_list("pk", "navn"), merker=(-99,)
    )
    assert dato.rad(kommune.pk) == list(
        Kommune.objects.filter(pk=kommune.pk).values_list("pk", "navn").get()
    )
    assert dato.rad(kommune.pk + 1000) is None


def test_a_stand_in_that_is_not_one_parameter_is_refused():
    to_ganger = Kompilert(lambda pk: Kommune.objects.filter(pk=pk, id=pk), merker=(-98,))
    try:
        with pytest.raises(ValueError, match="one and only one"):
            to_ganger.rad(1)
    finally:
        sporring._ALLE.remove(to_ganger)  # not one a worker compiles


def test_one_of_a_list_is_one_parameter_on_postgresql_and_in_elsewhere():
    """``felt__en_av=ids`` (``felles.sporring.EnAv``) selects what ``__in`` selects,
    keys and plain fields alike, and an empty list selects nothing; on PostgreSQL the
    list is one array parameter, not one per value."""
    from django.db import connection

    kommuner = [KommuneFactory(kommunenummer=f"47{i:02d}") for i in range(5)]
    ids = [k.pk for k in kommuner[:3]]
    deltakelser = [DeltakelseFactory(kommune=k) for k in kommuner]
    assert set(Kommune.objects.filter(pk__en_av=ids)) == set(Kommune.objects.filter(pk__in=ids))
    fra_nokkel = Deltakelse.objects.filter(kommune_id__en_av=ids)
    assert {d.pk for d in fra_nokkel} == {d.pk for d in deltakelser[:3]}
    assert list(Kommune.objects.filter(pk__en_av=[])) == []
    sql, params = Kommune.objects.filter(pk__en_av=ids).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "ANY" in sql and len(params) == 1
    else:
        assert len(params) == len(ids)
