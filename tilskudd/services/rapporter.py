"""Writes for the reports on granted money."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.penger import format_kroner
from kommuner.models import Bruker

from ..arkiv import services as arkiv
from ..models import (
    Rapport,
    Tildeling,
    Vedtak,
)
from .tildelinger_og_utbetalinger import innvilget_belop


@transaction.atomic
def rapport_submit(
    *,
    user: Bruker,
    periode: str,
    beskrivelse: str,
    brukt_belop: int,
    ubrukt_belop: int = 0,
    ubrukt_disponering: str = "",
    vedtak: Vedtak | None = None,
    tildeling: Tildeling | None = None,
) -> Rapport:
    """A report on the use of a grant. For a decision, the decision row is locked first
    (then the case, for the report's document number): a payment or an amendment of the
    same decision locks it before the case too, so they queue instead of deadlocking,
    and the ceiling is read as it stands."""
    if vedtak is not None:
        vedtak = (
            Vedtak.objects.select_for_update(of=("self",))
            .select_related("soknad")
            .get(pk=vedtak.pk)
        )
    innvilget = innvilget_belop(vedtak=vedtak, tildeling=tildeling)
    kommune_id = vedtak.soknad.kommune_id if vedtak is not None else tildeling.kommune_id
    if kommune_id is None:
        raise ValidationError(_("Bare kommuner rapporterer her."))
    if brukt_belop + ubrukt_belop > innvilget:
        raise ValidationError(
            _("Brukt og ubrukt beløp er til sammen mer enn innvilget (%(innvilget)s).")
            % {"innvilget": format_kroner(innvilget)}
        )
    rapport = Rapport(
        vedtak=vedtak,
        tildeling=tildeling,
        kommune_id=kommune_id,
        periode=periode,
        beskrivelse=beskrivelse,
        brukt_belop=brukt_belop,
        ubrukt_belop=ubrukt_belop,
        ubrukt_disponering=ubrukt_disponering,
        innsendt_av=user,
    )
    rapport.full_clean()
    rapport.save()
    if vedtak is not None:
        arkiv.rapportdokument_create(rapport=rapport, user=user, now=rapport.innsendt)
    return rapport


def rapport_approve(*, rapport: Rapport, user: Bruker) -> Rapport:
    if rapport.godkjent:
        raise ValidationError(_("Rapporten er allerede godkjent."))
    rapport.godkjent = timezone.now()
    rapport.godkjent_av = user
    rapport.full_clean()
    rapport.save()
    return rapport
