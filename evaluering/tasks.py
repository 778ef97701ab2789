"""Background work for status reports. Tasks take ids, load, and call a service; each
is idempotent, so a retry, a duplicate beat or a redelivery after a worker crash
(acks_late) makes one report and sends each email once."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services
from .models import RENDER_TIME_LIMIT

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    time_limit=RENDER_TIME_LIMIT,
    soft_time_limit=RENDER_TIME_LIMIT - 60,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def render_statusrapport(self, rapport_id: int) -> int:
    try:
        return services.statusrapport_render(rapport_id=rapport_id).pk
    except Exception as exc:
        if isinstance(exc, OSError) and self.request.retries < self.max_retries:
            raise
        log.exception("Statusrapport %s kunne ikke lages", rapport_id)
        services.statusrapport_mark_failed(rapport_id=rapport_id, error=repr(exc))
        raise


EMAIL_RETRY = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
    "time_limit": 120,
    "soft_time_limit": 100,
}


@shared_task(**EMAIL_RETRY)
def varsle_utkast_klart(self, rapport_id: int) -> int:
    return services.varsle_utkast_klart(rapport_id=rapport_id, base_url=settings.PORTAL_URL)


@shared_task(**EMAIL_RETRY)
def varsle_styringsgruppen(self, rapport_id: int) -> int:
    return services.varsle_styringsgruppen(rapport_id=rapport_id, base_url=settings.PORTAL_URL)


@shared_task(
    acks_late=True,
    time_limit=settings.CELERY_LONGEST_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_LONGEST_TASK_TIME_LIMIT - 60,
)
def halvaar_avslutt() -> list[int]:
    return [r.pk for r in services.halvaar_avslutt(today=timezone.localdate())]


@shared_task(**EMAIL_RETRY)
def oppfolging_digest(self) -> int:
    return services.oppfolging_digest(today=timezone.localdate(), base_url=settings.PORTAL_URL)
