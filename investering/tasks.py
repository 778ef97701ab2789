"""Background work for the meeting log. Tasks take ids (or nothing), load, and call the
service of the same name; each is idempotent (emails go through ``send_once``)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from felles.oppgaver import Oppgave

from . import services


@shared_task(base=Oppgave)
def oppfolging_digest() -> int:
    return services.oppfolging_digest(today=timezone.localdate(), base_url=settings.PORTAL_URL)
