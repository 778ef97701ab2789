"""The outbox's periodic hand-over and the heartbeat that ``/helse/`` reads."""

from celery import shared_task

from . import jobber


@shared_task(time_limit=120, soft_time_limit=100)
def overlever_ventende() -> int:
    return jobber.overlever_ventende()


@shared_task(time_limit=30)
def hjerteslag() -> None:
    jobber.hjerteslag()
