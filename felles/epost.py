"""Send-once email: every email the portal sends goes through ``send_once``, keyed per
event and recipient, so a retried or redelivered job never sends twice."""

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Utsending


def send_once(*, nokkel: str, melding: EmailMessage) -> bool:
    """Send ``melding`` unless an email with this key has been sent. The row and the
    sending share one transaction: if sending fails, no row is kept and a retry sends."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Utsending.objects.create(
                    nokkel=nokkel[:200], mottaker=",".join(melding.to)[:500], sendt=timezone.now()
                )
        except IntegrityError:
            return False
        melding.send(fail_silently=False)
    return True
