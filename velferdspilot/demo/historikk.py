"""Dates the history that the apps' own demo seeds write (``*/demo_data.py``) in the
pilots' own time, after they ran: the services stamp each row with the time of the
seed, but a meeting of 2019 was logged in 2019, a rule barrier found at it was
registered then, and the team was formed when the pilot began.

- a meeting's rows (the meeting, its participants, decisions, follow-up points): the
  day of the meeting, after it; a follow-up point's closing: the meeting that closed it;
- a rule barrier: registered after the meeting it was found in, each status change a
  month later;
- a team and its members: the pilot's start (``Teammedlem.fra`` too);
- a meeting series held in the past: two weeks before its first meeting;
- the rest of the base data (etater, kommuner, pilots, users, indicators, measures,
  goals, pots and allocations): when its pilot began, else 1 January 2018.

Rows that belong to today stay as they are: the meeting series planned for the coming
weeks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from investering.models import Mote, Moteserie, Regelhinder, Teammedlem
from kommuner.models import Pilot
from tilskudd.models import Pott

from .tid import historikkmodeller, kl

ETTER_MOTET = timedelta(hours=4)
GRUNNDATA = kl(date(2018, 1, 1), "09:00")


def _flytt(model, rader, til: datetime) -> None:
    for i, pk in enumerate(rader.order_by("history_date", "pk").values_list("pk", flat=True)):
        model.objects.filter(pk=pk).update(history_date=til + timedelta(seconds=i))


def _modell(navn: str):
    return next(m for m in historikkmodeller() if m.__name__ == f"Historical{navn}")


def dater(siden: datetime) -> None:
    """Move the history rows written since ``siden`` by the apps' seeds."""
    now = timezone.now()
    hmote = _modell("Mote")
    moter = {m.pk: m for m in Mote.objects.filter(start__lt=now)}
    for mote in moter.values():
        til = mote.start + ETTER_MOTET
        _flytt(hmote, hmote.objects.filter(id=mote.pk, history_date__gte=siden), til)
        for navn in ("Motedeltaker", "Beslutning"):
            model = _modell(navn)
            _flytt(model, model.objects.filter(mote_id=mote.pk, history_date__gte=siden), til)
    hpunkt = _modell("Oppfolgingspunkt")
    for mote_id, lukket_i in (
        hpunkt.objects.filter(history_date__gte=siden, mote_id__in=moter)
        .values_list("mote_id", "lukket_i_mote_id")
        .distinct()
    ):
        mote = moter.get(lukket_i) or moter[mote_id]
        rader = hpunkt.objects.filter(
            history_date__gte=siden, mote_id=mote_id, lukket_i_mote_id=lukket_i
        )
        _flytt(hpunkt, rader, mote.start + ETTER_MOTET)

    hhinder = _modell("Regelhinder")
    for hinder in Regelhinder.objects.select_related("funnet_i_mote", "pilot"):
        start = (
            hinder.funnet_i_mote.start + ETTER_MOTET
            if hinder.funnet_i_mote
            else kl(hinder.pilot.start)
        )
        rader = hhinder.objects.filter(id=hinder.pk, history_date__gte=siden)
        for i, pk in enumerate(rader.order_by("history_date", "pk").values_list("pk", flat=True)):
            hhinder.objects.filter(pk=pk).update(history_date=start + timedelta(days=30 * i))
        if hinder.opprettet >= siden:
            Regelhinder.objects.filter(pk=hinder.pk).update(opprettet=start)

    hmedlem = _modell("Teammedlem")
    for medlem in Teammedlem.objects.select_related("team__pilot"):
        pilotstart = medlem.team.pilot.start
        if medlem.fra > pilotstart and medlem.fra >= timezone.localdate(siden):
            Teammedlem.objects.filter(pk=medlem.pk).update(fra=pilotstart)
        # The history rows hold the date too ("Lagt til fra …").
        hmedlem.objects.filter(
            id=medlem.pk, history_date__gte=siden, fra__gte=timezone.localdate(siden)
        ).update(fra=pilotstart)
        _flytt(
            hmedlem,
            hmedlem.objects.filter(id=medlem.pk, history_date__gte=siden),
            kl(pilotstart, "09:00"),
        )
    hteam = _modell("Investeringsteam")
    for team_id, pilotstart in Pilot.objects.values_list("investeringsteam__pk", "start"):
        if team_id:
            rader = hteam.objects.filter(id=team_id, history_date__gte=siden)
            _flytt(hteam, rader, kl(pilotstart, "08:00"))

    hserie = _modell("Moteserie")
    for serie in Moteserie.objects.filter(forste_start__lt=now):
        rader = hserie.objects.filter(id=serie.pk, history_date__gte=siden)
        _flytt(hserie, rader, serie.forste_start - timedelta(days=14))

    _grunndata(siden, now)


def _grunndata(siden: datetime, now: datetime) -> None:
    """What is left of this run's history from the apps' seeds: base data, dated when
    its pilot began (a row with a ``pilot_id``), in its pot's year (a ``pott_id``), else
    1 January 2018.
    The meetings still planned and their series keep today's time."""
    pilotstart = {pk: kl(start, "08:00") for pk, start in Pilot.objects.values_list("pk", "start")}
    fremtidige = {
        "HistoricalMote": set(Mote.objects.filter(start__gte=now).values_list("pk", flat=True)),
        "HistoricalMoteserie": set(
            Moteserie.objects.filter(forste_start__gte=now).values_list("pk", flat=True)
        ),
    }
    for model in historikkmodeller():
        rader = model.objects.filter(history_date__gte=siden)
        unntak = fremtidige.get(model.__name__)
        if unntak:
            rader = rader.exclude(id__in=unntak)
        felt = {f.attname for f in model._meta.concrete_fields}
        if "mote_id" in felt:
            rader = rader.exclude(mote_id__in=fremtidige["HistoricalMote"])
        if "pilot_id" in felt:
            for pilot_id, til in pilotstart.items():
                _flytt(model, rader.filter(pilot_id=pilot_id), til)
        if "pott_id" in felt:
            for pott_id, aar in Pott.objects.values_list("pk", "aar"):
                _flytt(model, rader.filter(pott_id=pott_id), kl(date(aar, 1, 10), "09:00"))
        _flytt(model, rader, GRUNNDATA)
