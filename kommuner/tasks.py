"""Celery tasks of the kommuner app: fetching indicator values from SSB. Each takes
ids, loads, and calls a service (``kunnskap.services_ssb``); a run is idempotent (a
finished run is not run again) and records its own errors, so nothing here retries."""

from celery import shared_task

from felles.oppgaver import Oppgave

from .kunnskap import services_ssb
from .kunnskap.models import SsbKjoring

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
