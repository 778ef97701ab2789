"""Time in the pilots' own years for the demo seed.

The services stamp what they record with the time they run (a history row, a submission,
an approval). The demo's events happened in 2018–2023, so after each service call the
rows it stamped are moved to the pilot's time: ``i_pilotens_tid`` moves every history row
written inside its block, and the callers set a record's own date fields after the call.
Nothing is changed in the services for this."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.utils import timezone

OSLO = ZoneInfo("Europe/Oslo")


def kl(dag: date, klokke: str = "10:00") -> datetime:
    """A moment on ``dag`` in Europe/Oslo: ``kl(date(2020, 4, 2), "13:30")``."""
    timer, minutter = (int(x) for x in klokke.split(":"))
    return datetime.combine(dag, time(timer, minutter), tzinfo=OSLO)


def historikkmodeller() -> list:
    """The history tables of every tracked model (django-simple-history)."""
    return [
        model
        for model in apps.get_models()
        if model.__name__.startswith("Historical") and hasattr(model, "history_date")
    ]


def flytt_historikk(siden: datetime, til: datetime) -> int:
    """History rows written since ``siden`` (by this run) get the time ``til``, a second
    apart in the order they were written, so their order is kept."""
    flyttet = 0
    for model in historikkmodeller():
        rader = model.objects.filter(history_date__gte=siden).order_by("history_date", "pk")
        for i, pk in enumerate(rader.values_list("pk", flat=True)):
            model.objects.filter(pk=pk).update(history_date=til + timedelta(seconds=i))
            flyttet += 1
    return flyttet


@contextmanager
def i_pilotens_tid(til: datetime):
    """Run service calls; the history rows they write are dated ``til``."""
    siden = timezone.now()
    yield
    flytt_historikk(siden, til)
