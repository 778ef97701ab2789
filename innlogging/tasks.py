"""Background work for sign-in: the invitation email (through the outbox), and the
daily clearing of expired sessions (beat)."""

from celery import shared_task
from django.conf import settings

from felles.oppgaver import Oppgave

from . import services


@shared_task(base=Oppgave)
def invitasjon_send(invitasjon_id: int) -> bool:
    return services.invitasjon_send(invitasjon_id=invitasjon_id, base_url=settings.PORTAL_URL)


@shared_task(base=Oppgave)
def invitasjon_brukt_varsle(invitasjon_id: int) -> bool:
    return services.invitasjon_brukt_varsle(invitasjon_id=invitasjon_id)


@shared_task(base=Oppgave)
def sesjoner_rydd() -> None:
    """Delete expired sessions (Django's ``clearsessions``): a session row is personal
    data, and an abandoned one would otherwise stay in the database for ever."""
    services.sesjoner_rydd()
