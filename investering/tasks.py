"""Background work for the meeting log. Tasks take ids (or nothing), load, and call the
service of the same name; each is idempotent (notifications and their emails are made
once per event and recipient by ``felles.varsler``)."""

from celery import shared_task
from django.utils import timezone

from felles.oppgaver import Oppgave

from . import services


@shared_task(base=Oppgave)
def oppfolging_digest() -> int:
    return services.oppfolging_digest(today=timezone.localdate())


@shared_task(base=Oppgave, time_limit=300, soft_time_limit=240)
def varsle_oppfolgingsfrister() -> int:
    return services.varsle_oppfolgingsfrister(today=timezone.localdate())
