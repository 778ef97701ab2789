"""Celery tasks of the kommuner app. Each takes ids, loads, and calls a service.

Fetching indicator values from SSB (``kunnskap.ssb.services``): a run is idempotent (a
finished run is not run again) and records its own errors, so it does not retry.
The knowledge base's notifications (``kunnskap.services.varsle_*``: a value returned,
values waiting for approval) are made once per event and recipient, so a retry is
harmless."""

from celery import shared_task

from felles.oppgaver import Oppgave

from .kunnskap import services
from .kunnskap.models import SsbKjoring
from .kunnskap.ssb import services as services_ssb

# SSB allows 30 requests a minute, and one run may back off on 429/503.
SSB_TIDSGRENSE = 540


@shared_task(
    base=Oppgave, max_retries=0, time_limit=SSB_TIDSGRENSE + 30, soft_time_limit=SSB_TIDSGRENSE
)
def ssb_hent(kjoring_id: int) -> str:
    kjoring = SsbKjoring.objects.filter(pk=kjoring_id).select_related("kilde__indikator").first()
    if kjoring is None:
        return "finnes ikke"
    return services_ssb.ssb_hent(kjoring=kjoring).status


@shared_task(base=Oppgave, max_retries=0)
def ssb_hent_alle() -> int:
    """Monthly (beat): one run per active source, each its own job."""
    return len(services_ssb.ssb_hent_alle())


@shared_task(base=Oppgave)
def varsle_verdi_returnert(verdi_id: int, versjon: int) -> int:
    return services.varsle_verdi_returnert(verdi_id=verdi_id, versjon=versjon)


@shared_task(base=Oppgave)
def varsle_verdier_til_godkjenning(kommune_id: int) -> int:
    return services.varsle_verdier_til_godkjenning(kommune_id=kommune_id)
