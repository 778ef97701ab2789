"""Email notifications, sent after commit through the outbox. Each task takes ids,
loads the rows and calls a service; every email goes through ``send_once``, so a retry
or a redelivery sends nothing twice."""

from celery import shared_task

from felles.oppgaver import Oppgave

from . import services


@shared_task(base=Oppgave)
def varsle_runde_aapnet(runde_id: int) -> int:
    return services.varsle_runde_aapnet(runde_id=runde_id)


@shared_task(base=Oppgave, time_limit=300, soft_time_limit=240)
def varsle_runder_aapnet() -> int:
    return services.varsle_runder_aapnet()


@shared_task(base=Oppgave)
def varsle_soknad_sendt_inn(soknad_id: int) -> int:
    return services.varsle_soknad_sendt_inn(soknad_id=soknad_id)


@shared_task(base=Oppgave)
def varsle_vedtak(vedtak_id: int) -> int:
    return services.varsle_vedtak(vedtak_id=vedtak_id)


@shared_task(base=Oppgave, time_limit=300, soft_time_limit=240)
def varsle_runder_stenger() -> int:
    return services.varsle_runder_stenger()


@shared_task(base=Oppgave, time_limit=300, soft_time_limit=240)
def varsle_rapportfrister() -> int:
    return services.varsle_rapportfrister()


@shared_task(base=Oppgave)
def varsle_vedtak_endret(versjon_id: int) -> int:
    return services.varsle_vedtak_endret(versjon_id=versjon_id)
