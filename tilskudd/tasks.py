"""Email notifications, sent after commit. Each task takes ids, loads the rows and
calls a service; the services are idempotent where a repeat would annoy (a round's
opening is announced once)."""

from celery import shared_task

from . import services

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(time_limit=120, soft_time_limit=100, **RETRY)
def varsle_runde_aapnet(runde_id: int) -> int:
    return services.varsel_runde_aapnet(runde_id=runde_id)


@shared_task(time_limit=300, soft_time_limit=240, **RETRY)
def varsle_runder_aapnet() -> int:
    return services.varsel_runder_aapnet()


@shared_task(time_limit=120, soft_time_limit=100, **RETRY)
def varsle_soknad_sendt_inn(soknad_id: int) -> int:
    return services.varsel_soknad_sendt_inn(soknad_id=soknad_id)


@shared_task(time_limit=120, soft_time_limit=100, **RETRY)
def varsle_vedtak(vedtak_id: int) -> int:
    return services.varsel_vedtak(vedtak_id=vedtak_id)
