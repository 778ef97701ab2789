"""The outbox: background work recorded with the change that calls for it.

``legg_i_ko("app.tasks.navn", *args)`` inside a service's transaction writes a
``Jobb`` row and, after commit, hands it to Celery (``overlever``). If the broker does
not answer, the user's request still succeeds (the change is saved, the job waits) and
the periodic ``overlever_ventende`` hands the job over once the broker is back. The
Celery task id is ``jobb-<pk>``: the end of the task marks the row (signal handlers
below), and a job handed over twice is the same task, which is idempotent anyway.

Why an outbox table rather than ``transaction.on_commit(task.delay)`` alone: with
``on_commit`` the job exists only in the web process's memory between the commit and
the broker's answer, so a broker outage or a restart there loses it for good, and
``delay`` with the default publish retries blocks the request for ~20 s and then
raises, after the data was committed (a 500 for saved work)."""

from __future__ import annotations

import importlib
import logging
from datetime import UTC, timedelta

from celery import current_app
from celery.signals import task_postrun
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import Hjerteslag, Jobb

log = logging.getLogger(__name__)

PREFIKS = "jobb-"


def _task(oppgave: str):
    """The Celery task named by its dotted path (importing its module registers it)."""
    if oppgave not in current_app.tasks:
        importlib.import_module(oppgave.rsplit(".", 1)[0])
    return current_app.tasks[oppgave]


def legg_i_ko(
    oppgave: str,
    *argumenter,
    time_limit: int | None = None,
    soft_time_limit: int | None = None,
) -> Jobb:
    """Record a job (a Celery task's dotted name and JSON-safe arguments) in the
    current transaction; it is handed to Celery after commit. ``time_limit`` and
    ``soft_time_limit`` (seconds) replace the task's own limits for this job, for work
    whose length follows its size."""
    _task(oppgave)  # an unknown name fails here, in the caller's transaction
    jobb = Jobb.objects.create(
        oppgave=oppgave,
        argumenter=list(argumenter),
        tidsgrense=time_limit,
        myk_tidsgrense=soft_time_limit,
    )
    transaction.on_commit(lambda: overlever(jobb.pk))
    return jobb


def overlever(jobb_id: int) -> bool:
    """Hand a job to the broker. Never raises: a broker that does not answer leaves
    the job waiting (with the error) for ``overlever_ventende``."""
    jobb = Jobb.objects.filter(pk=jobb_id).first()
    if jobb is None or jobb.status in (Jobb.Status.FERDIG, Jobb.Status.FEILET):
        return False
    Jobb.objects.filter(pk=jobb.pk).update(forsok=F("forsok") + 1)
    limits = {
        name: value
        for name, value in (
            ("time_limit", jobb.tidsgrense),
            ("soft_time_limit", jobb.myk_tidsgrense),
        )
        if value
    }
    try:
        _task(jobb.oppgave).apply_async(
            args=jobb.argumenter, task_id=jobb.task_id, retry=False, ignore_result=True, **limits
        )
    except Exception as exc:
        if current_app.conf.task_always_eager:
            # Run in-process (no broker configured): the task itself failed, and the
            # signal handler has marked the job; the user's saved work stands.
            log.exception("Jobb %s feilet", jobb)
            return False
        log.warning("Køen svarer ikke; jobb %s venter: %r", jobb.pk, exc)
        Jobb.objects.filter(pk=jobb.pk).update(siste_feil=repr(exc)[:2000])
        return False
    # A fast worker may have finished it already: only a job not yet done moves on.
    Jobb.objects.filter(pk=jobb.pk, status__in=[Jobb.Status.VENTER, Jobb.Status.OVERLEVERT]).update(
        status=Jobb.Status.OVERLEVERT, overlevert=timezone.now(), siste_feil=""
    )
    return True


def overlever_ventende(*, now=None, grense: int = 500) -> int:
    """Hand over every job still waiting, and again any handed over so long ago that
    the broker must have lost it (a restart without persistence). Returns how many
    were handed over."""
    now = now or timezone.now()
    glemt = now - timedelta(seconds=settings.JOBB_GJENSEND_ETTER)
    ids = list(
        Jobb.objects.filter(
            Q(status=Jobb.Status.VENTER) | Q(status=Jobb.Status.OVERLEVERT, overlevert__lt=glemt)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:grense]
    )
    return sum(overlever(pk) for pk in ids)


def hjerteslag(navn: str = "arbeider") -> None:
    Hjerteslag.objects.update_or_create(navn=navn, defaults={"sist": timezone.now()})


def _tid(verdi):
    """A time from a raw query: SQLite hands it back as text or a naive time, in UTC."""
    if isinstance(verdi, str):
        verdi = parse_datetime(verdi)
    if verdi is not None and timezone.is_naive(verdi):
        verdi = verdi.replace(tzinfo=UTC)
    return verdi


def helse(*, now=None) -> dict:
    """What ``/helse/`` says about background work: whether a worker has answered
    recently, and the age in seconds of the oldest job not yet done."""
    now = now or timezone.now()
    # One query, whether a worker has ever answered or not: the heartbeat and the oldest
    # waiting job as two scalar subqueries.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT sist FROM {Hjerteslag._meta.db_table} WHERE navn = %s), "  # noqa: S608
            f"(SELECT MIN(opprettet) FROM {Jobb._meta.db_table} WHERE status IN (%s, %s))",
            ["arbeider", Jobb.Status.VENTER, Jobb.Status.OVERLEVERT],
        )
        sist_sett, eldste = cursor.fetchone()
    sist_sett, eldste = (_tid(v) for v in (sist_sett, eldste))
    if current_app.conf.task_always_eager:
        arbeider, sist = "ikke i bruk", None
    else:
        sist = int((now - sist_sett).total_seconds()) if sist_sett else None
        arbeider = "ok" if sist is not None and sist <= settings.ARBEIDER_STILLE_ETTER else "feil"
    return {
        "arbeider": arbeider,
        "arbeider_sist_sett_sekunder": sist,
        "eldste_ventende_jobb_sekunder": int((now - eldste).total_seconds()) if eldste else None,
    }


@task_postrun.connect
def _jobb_avsluttet(sender=None, task_id=None, state=None, retval=None, **kwargs):
    """Mark the job when its task ends (success, or failure after the last retry)."""
    if not task_id or not str(task_id).startswith(PREFIKS):
        return
    try:
        pk = int(str(task_id)[len(PREFIKS) :])
    except ValueError:
        return
    if state == "SUCCESS":
        Jobb.objects.filter(pk=pk).update(status=Jobb.Status.FERDIG, ferdig=timezone.now())
    elif state == "FAILURE":
        Jobb.objects.filter(pk=pk).update(
            status=Jobb.Status.FEILET, ferdig=timezone.now(), siste_feil=repr(retval)[:2000]
        )
    if not current_app.conf.task_always_eager:
        hjerteslag()
