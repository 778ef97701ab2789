"""Time in the pilots' own years for the demo seed.

The services stamp what they record with the time they run (a history row, a submission,
an approval). The demo's events happened in 2018–2023, so after each service call the
rows it stamps are put in the pilot's time: ``i_pilotens_tid`` dates every history row
written inside its block, and the callers set a record's own date fields after the call.
Nothing is changed in the services for this."""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from simple_history.signals import pre_create_historical_record

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


@contextmanager
def i_pilotens_tid(til: datetime):
    """Run service calls; the history rows they write are dated ``til`` (a second apart,
    in the order written), set on each row before it is saved
    (django-simple-history's ``pre_create_historical_record``)."""
    teller = itertools.count()

    def dater(sender, history_instance, **kwargs):
        history_instance.history_date = til + timedelta(seconds=next(teller))

    pre_create_historical_record.connect(dater, weak=False)
    try:
        yield
    finally:
        pre_create_historical_record.disconnect(dater)
