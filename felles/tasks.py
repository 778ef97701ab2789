"""The outbox's periodic hand-over and the heartbeat that ``/helse/`` reads."""

from celery import shared_task

from . import jobber
from .oppgaver import Oppgave


@shared_task(base=Oppgave, max_retries=0)
def overlever_ventende() -> int:
    return jobber.overlever_ventende()


@shared_task(base=Oppgave, max_retries=0, time_limit=30, soft_time_limit=25)
def hjerteslag() -> None:
    jobber.hjerteslag()
