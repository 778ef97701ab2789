"""An application with its decision, the decision's versions, the decision letter's and
the receipt's context."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Soknad,
    Utbetaling,
    Vedtak,
    Vedtaksforslag,
    Vedtaksversjon,
)
from .historikk_og_eksport import historikk
from .oversikt import _fordel_paa_ordninger
from .saksbehandling import svar_til


def soknad_med_vedtak(*, soknad: Soknad) -> dict:
    """The application page's rows: its decision (if any), its versions and what hangs
    on it, and the history of the decision and its payments."""
    vedtak = (
        Vedtak.objects.filter(soknad=soknad)
        .select_related("vedtatt_av", "forslag__foreslatt_av")
        .first()
    )
    utbetalinger = list(vedtak.utbetalinger.all()) if vedtak else []
    return {
        "vedtak": vedtak,
        "versjoner": vedtak_versjoner(vedtak) if vedtak else [],
        "budsjett": soknad.budsjettlinjer.all(),
        "tiltak": soknad.tiltak.all(),
        "vedlegg": soknad.vedlegg.all(),
        "svar": svar_til(soknad=soknad),
        "utbetalinger": utbetalinger,
        "rapporter": vedtak.rapporter.all() if vedtak else [],
        "historikk": (
            historikk(
                [
                    (_("Vedtak"), Vedtak.history.filter(id=vedtak.pk)),
                    (_("Utbetaling"), Utbetaling.history.filter(vedtak_id=vedtak.pk)),
                ]
            )
            if vedtak
            else []
        ),
    }


@dataclass
class Versjon:
    """A decision version on the application page: the version row and what it
    changed from the one before."""

    versjon: Vedtaksversjon
    endringer: list[str]


def _endringer(forrige: Vedtaksversjon | Vedtak, ny: Vedtaksversjon | Vedtak) -> list[str]:
    from felles.penger import format_kroner

    endringer = []
    if forrige.utfall != ny.utfall:
        endringer.append(
            _("Utfall: %(fra)s → %(til)s")
            % {"fra": forrige.get_utfall_display(), "til": ny.get_utfall_display()}
        )
    if forrige.belop_innvilget != ny.belop_innvilget:
        endringer.append(
            _("Beløp: %(fra)s → %(til)s")
            % {
                "fra": format_kroner(forrige.belop_innvilget),
                "til": format_kroner(ny.belop_innvilget),
            }
        )
    if forrige.vilkaar.strip() != ny.vilkaar.strip():
        endringer.append(_("Vilkårene er endret"))
    if forrige.begrunnelse.strip() != ny.begrunnelse.strip():
        endringer.append(_("Begrunnelsen er endret"))
    return endringer


def vedtak_versjoner(vedtak: Vedtak) -> list[Versjon]:
    """The decision's versions, newest first, each with what it changed (one query).
    A decision written without the service has no version rows; it is shown as its
    own first version."""
    rader = list(
        Vedtaksversjon.objects.filter(vedtak=vedtak).select_related("vedtatt_av").order_by("nummer")
    )
    if not rader:
        return [Versjon(versjon=_versjon_av(vedtak), endringer=[])]
    result = [Versjon(versjon=rader[0], endringer=[])]
    for forrige, ny in zip(rader, rader[1:], strict=False):
        result.append(Versjon(versjon=ny, endringer=_endringer(forrige, ny)))
    return result[::-1]


def _versjon_av(vedtak: Vedtak) -> Vedtaksversjon:
    """An unsaved first version made from the decision itself."""
    return Vedtaksversjon(
        vedtak=vedtak,
        nummer=1,
        utfall=vedtak.utfall,
        belop_innvilget=vedtak.belop_innvilget,
        vilkaar=vedtak.vilkaar,
        begrunnelse=vedtak.begrunnelse,
        vedtatt_av=vedtak.vedtatt_av,
        tittel=vedtak.tittel,
        vedtatt=vedtak.vedtatt,
    )


def vedtaksversjon(vedtak: Vedtak, nummer: int | None = None) -> Vedtaksversjon | None:
    """One version of the decision (the newest when ``nummer`` is None), or None."""
    qs = Vedtaksversjon.objects.filter(vedtak=vedtak).select_related("vedtatt_av")
    versjon = qs.filter(nummer=nummer).first() if nummer else qs.order_by("-nummer").first()
    if versjon is None and nummer in (None, 1):
        return _versjon_av(vedtak)
    return versjon


def siste_tittel(user, felt: str = "tittel") -> str:
    """The title (or with ``felt="telefon"`` the phone) ``user`` gave on their last
    decision: the decision form's default."""
    return (
        Vedtaksversjon.objects.filter(vedtatt_av=user)
        .exclude(**{felt: ""})
        .order_by("-vedtatt")
        .values_list(felt, flat=True)
        .first()
        or ""
    )


def vedtaksbrev_context(vedtak: Vedtak, versjon: Vedtaksversjon | None = None) -> dict:
    """What the decision letter (``pdf/vedtaksbrev.html``) shows: one version of the
    decision (the newest when not given), with the case reference, the kommune's own
    reference and address, the decider with title and phone, the chapters/posts the
    grant is charged to and how much (pro rata to the pot's sources, as the overview
    splits it), the appeal body and, for an amendment, the first decision's date and
    the reason."""
    versjon = versjon or vedtaksversjon(vedtak)
    soknad = vedtak.soknad
    forrige = None
    if versjon.nummer > 1:
        forrige = Vedtaksversjon.objects.filter(vedtak=vedtak, nummer=versjon.nummer - 1).first()
    pott = soknad.runde.pott
    fordeling = []
    if versjon.belop_innvilget:
        fordeling = [
            (navn, belop)
            for navn, belop, _ut in _fordel_paa_ordninger(pott, versjon.belop_innvilget, 0)
        ]
    forslag = (
        Vedtaksforslag.objects.select_related("foreslatt_av", "behandlet_av")
        .filter(pk=vedtak.forslag_id)
        .first()
        if vedtak.forslag_id
        else None
    )
    return {
        "vedtak": versjon,
        "forslag": forslag,
        "forrige": forrige,
        "soknad": soknad,
        "saksnummer": soknad.saksnummer,
        "runde": soknad.runde,
        "pott": pott,
        "kilder": pott.kilder.select_related("ordning"),
        "fordeling": fordeling,
        "klageinstans": soknad.runde.klageinstans,
        "dato": timezone.localtime(versjon.vedtatt).date(),
        "forste_dato": timezone.localtime(vedtak.vedtatt).date(),
    }


def kvittering_context(soknad: Soknad, *, sendt_av) -> dict:
    """What the receipt of a submitted application (``pdf/soknadskvittering.html``)
    shows: the application as it was sent in."""
    return {
        "soknad": soknad,
        "runde": soknad.runde,
        "sendt_av": sendt_av,
        "sendt_inn": timezone.localtime(soknad.sendt_inn),
        "budsjett": list(soknad.budsjettlinjer.all()),
        "tiltak": list(soknad.tiltak.all()),
        "vedlegg": list(soknad.vedlegg.all()),
        "svar": svar_til(soknad=soknad),
    }
