"""Background work for status reports. Tasks take ids, load, and call a service; each
is idempotent, so a retry, a duplicate beat or a redelivery after a worker crash
(acks_late) makes one report and sends each email once."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from felles.oppgaver import Oppgave

from . import services
from .models import RENDER_TIME_LIMIT

log = logging.getLogger(__name__)


@shared_task(
    base=Oppgave,
    bind=True,
    time_limit=RENDER_TIME_LIMIT,
    soft_time_limit=RENDER_TIME_LIMIT - 60,
    autoretry_for=(OSError,),
    max_retries=3,
)
def statusrapport_render(self, rapport_id: int) -> int:
    try:
        return services.statusrapport_render(rapport_id=rapport_id).pk
    except Exception as exc:
        if isinstance(exc, OSError) and self.request.retries < self.max_retries:
            raise
        log.exception("Statusrapport %s kunne ikke lages", rapport_id)
        services.statusrapport_mark_failed(rapport_id=rapport_id, error=repr(exc))
        raise


@shared_task(base=Oppgave, bind=True, autoretry_for=(OSError,), max_retries=3)
def kommunestatus_render(self, periode_id: int, kommune_id: int) -> str | None:
    """One kommune's status PDF (``services.kommunestatus_bestill_alle`` orders one
    job per kommune, so a batch spreads over the workers); the default time limit
    fits, since each job is one kommune."""
    return services.kommunestatus_render(periode_id=periode_id, kommune_id=kommune_id)


@shared_task(base=Oppgave)
def varsle_refleksjonsskjema(skjema_id: int) -> int:
    return services.varsle_refleksjonsskjema(skjema_id=skjema_id)


@shared_task(base=Oppgave)
def varsle_utkast_klart(rapport_id: int) -> int:
    return services.varsle_utkast_klart(rapport_id=rapport_id)


@shared_task(base=Oppgave)
def varsle_styringsgruppen(rapport_id: int) -> int:
    return services.varsle_styringsgruppen(rapport_id=rapport_id)


@shared_task(
    base=Oppgave,
    max_retries=0,
    time_limit=settings.CELERY_LONGEST_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_LONGEST_TASK_TIME_LIMIT - 60,
)
def halvaar_avslutt() -> list[int]:
    return [r.pk for r in services.halvaar_avslutt(today=timezone.localdate())]


@shared_task(base=Oppgave, time_limit=600, soft_time_limit=540)
def analyse_oppdater() -> int:
    """Compute the kommuner marked as changed into the analytics tables
    (``evaluering.analyse``), every minute (beat), so that while people write the
    readers mostly find nothing marked. Idempotent: nothing marked, nothing done."""
    from . import analyse

    return analyse.oppdater_alle()
