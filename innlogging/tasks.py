"""Background work for sign-in: the invitation email (through the outbox)."""

from celery import shared_task
from django.conf import settings

from felles.oppgaver import Oppgave

from . import services


@shared_task(base=Oppgave)
def invitasjon_send(invitasjon_id: int) -> bool:
    return services.invitasjon_send(invitasjon_id=invitasjon_id, base_url=settings.PORTAL_URL)
