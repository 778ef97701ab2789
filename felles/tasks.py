"""The outbox's periodic hand-over, the heartbeat that ``/helse/`` reads, and folding
the cache stamps of finished transactions (``felles.datastand``)."""

from celery import shared_task

from . import datastand, jobber
from .oppgaver import Oppgave


@shared_task(base=Oppgave, max_retries=0)
def overlever_ventende() -> int:
    return jobber.overlever_ventende()


@shared_task(base=Oppgave, max_retries=0, time_limit=30, soft_time_limit=25)
def hjerteslag() -> None:
    jobber.hjerteslag()


@shared_task(base=Oppgave, max_retries=0, time_limit=60, soft_time_limit=50)
def datastand_komprimer() -> int:
    return datastand.komprimer()
