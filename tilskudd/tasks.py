"""Notifications (``varsler.py``), sent after commit through the outbox. Each task takes ids,
loads the rows and calls a service; every email goes through ``send_once``, so a retry
or a redelivery sends nothing twice."""

from celery import shared_task

from felles.oppgaver import Oppgave

from . import varsler


@shared_task(base=Oppgave)
def varsle_runde_aapnet(runde_id: int) -> int:
    return varsler.varsle_runde_aapnet(runde_id=runde_id)


@shared_task(base=Oppgave, time_limit=300, soft_time_limit=240)
def varsle_runder_aapnet() -> int:
    return varsler.varsle_runder_aapnet()


@shared_task(base=Oppgave)
def varsle_soknad_sendt_inn(soknad_id: int) -> int:
    return varsler.varsle_soknad_sendt_inn(soknad_id=soknad_id)


@shared_task(base=Oppgave)
def varsle_vedtak(vedtak_id: int) -> int:
    return varsler.varsle_vedtak(vedtak_id=vedtak_id)


@shared_task(base=Oppgave, time_limit=300, soft_time_limit=240)
def varsle_runder_stenger() -> int:
    return varsler.varsle_runder_stenger()


@shared_task(base=Oppgave, time_limit=300, soft_time_limit=240)
def varsle_rapportfrister() -> int:
    return varsler.varsle_rapportfrister()


@shared_task(base=Oppgave)
def varsle_vedtak_endret(versjon_id: int) -> int:
    return varsler.varsle_vedtak_endret(versjon_id=versjon_id)
