"""The round's own questions, the assessment and the sign-off: answers, form, case
handlers, scores, ranking."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce

from kommuner.models import Bruker
from kommuner.roller import Rolle

from ..models import (
    Innstilling,
    Poeng,
    Soknad,
    Svar,
    Tilskuddsrunde,
    Vedtaksforslag,
)
from .grunnlag import potter_med_tall

# --- the round's own questions, the assessment and the sign-off ---------------------


def svar_til(*, soknad: Soknad) -> list[Svar]:
    """The application's answers to its round's questions, in the form's order (one
    query; an attachment answer with its file's name)."""
    return list(soknad.svar.select_related("sporsmal", "vedlegg"))


def runde_skjema(*, runde: Tilskuddsrunde) -> dict:
    """The round's own questions and its assessment criteria, and whether each is
    locked (questions once an application is sent in, criteria once one is scored)."""
    return {
        "sporsmal": list(runde.sporsmal.all()),
        "kriterier": list(runde.vurderingskriterier.all()),
        "sporsmal_laast": runde.soknader.exclude(status=Soknad.Status.UTKAST).exists(),
        "kriterier_laast": Poeng.objects.filter(kriterium__runde=runde).exists(),
    }


def innstilling_for(*, soknad: Soknad) -> Innstilling | None:
    """The case handler's recommendation on the application, if any."""
    return Innstilling.objects.filter(soknad=soknad).select_related("skrevet_av").first()


def saksbehandlere() -> QuerySet[Bruker]:
    """Who may be a case's case handler: the active admins."""
    return Bruker.objects.med_rolle(Rolle.ADMIN).order_by("fullt_navn", "email")


def _vektet(poengsum: int | None, vektsum: int | None) -> Decimal | None:
    """The weighted score: Σ(score × weight) / Σ weight, two decimals (rounded down)."""
    if not vektsum:
        return None
    return (Decimal(poengsum * 100 // vektsum) / 100).quantize(Decimal("0.01"))


def saksbehandling(*, soknad: Soknad) -> dict:
    """The internal part of a case for Statsforvalteren's admins (never the kommune):
    case handler, notes, the round's criteria with this application's scores and the
    weighted total, the recommendation and the proposals (the open one first)."""
    poeng = {p.kriterium_id: p for p in soknad.poeng.all()}
    kriterier = list(soknad.runde.vurderingskriterier.all())
    rader = [(k, poeng.get(k.pk)) for k in kriterier]
    scored = [(k, p) for k, p in rader if p is not None]
    forslag = list(
        soknad.vedtaksforslag.select_related("foreslatt_av", "behandlet_av").order_by(
            "-foreslatt", "-pk"
        )
    )
    return {
        "notater": list(soknad.notater.select_related("skrevet_av")),
        "poengrader": rader,
        "vektet": _vektet(
            sum(p.poeng * k.vekt for k, p in scored), sum(k.vekt for k, _p in scored)
        ),
        "innstilling": innstilling_for(soknad=soknad),
        "apent_forslag": next(
            (f for f in forslag if f.status == Vedtaksforslag.Status.FORESLATT), None
        ),
        "forslag": forslag,
    }


def rangering(*, runde: Tilskuddsrunde) -> QuerySet[Soknad]:
    """A round's applications being handled or decided, ranked by weighted score
    (highest first; unscored last), with the recommendation and the decision."""
    poeng = Poeng.objects.filter(soknad=OuterRef("pk")).values("soknad")
    poengsum = poeng.annotate(s=Sum(F("poeng") * F("kriterium__vekt"))).values("s")[:1]
    vektsum = poeng.annotate(s=Sum("kriterium__vekt")).values("s")[:1]
    return (
        runde.soknader.exclude(status__in=[Soknad.Status.UTKAST, Soknad.Status.TRUKKET])
        .select_related("kommune", "saksbehandler", "innstilling", "vedtak")
        .annotate(
            poengsum=Subquery(poengsum, output_field=IntegerField()),
            vektsum=Subquery(vektsum, output_field=IntegerField()),
        )
        .annotate(
            vektet_x100=Case(
                When(vektsum__gt=0, then=F("poengsum") * 100 / F("vektsum")),
                default=None,
                output_field=IntegerField(),
            )
        )
        .order_by(F("vektet_x100").desc(nulls_last=True), "sendt_inn", "pk")
    )


def rangering_summer(*, runde: Tilskuddsrunde) -> dict:
    """The pot beside the ranking: what it has left now, what the recommendations of
    the cases not yet decided add up to, and what would be left if they were all
    granted."""
    pott = potter_med_tall().prefetch_related(None).get(pk=runde.pott_id)
    anbefalt = Innstilling.objects.filter(
        soknad__runde=runde,
        soknad__status__in=Soknad.TIL_BEHANDLING,
    ).aggregate(s=Coalesce(Sum("belop"), 0))["s"]
    return {
        "pott": pott,
        "gjenstaar": pott.gjenstaar,
        "anbefalt": anbefalt,
        "gjenstaar_etter_anbefalt": pott.gjenstaar - anbefalt,
    }


def vektet(soknad: Soknad) -> Decimal | None:
    """The weighted score annotated by ``rangering`` (``vektet_x100``) as a number."""
    verdi = getattr(soknad, "vektet_x100", None)
    return None if verdi is None else (Decimal(verdi) / 100).quantize(Decimal("0.01"))
