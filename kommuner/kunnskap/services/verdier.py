"""Writes for indicator values: entry by value and by period, approval, return,
reopening, baselines."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.jobber import legg_i_ko
from felles.laas import FORELDET, Foreldet, laas, ny_versjon, sjekk_versjon

from ...models import Bruker, Kommune
from .. import kvalitet
from ..models import (
    Indikator,
    Indikatorverdi,
    Nullpunkt,
    validate_periode,
)

Status = Indikatorverdi.Status
# Error codes meaning "the value is not as the user saw it" (approved or changed since).
KONFLIKT = {"godkjent", FORELDET}


# ---------------------------------------------------------------- values


def _laast_feil(verdi: Indikatorverdi) -> ValidationError:
    dato = timezone.localtime(verdi.behandlet_tid) if verdi.behandlet_tid else None
    return ValidationError(
        _(
            "Verdien for «%(ind)s» i %(periode)s ble godkjent %(dato)s av %(navn)s og kan "
            "ikke endres. Be investeringslederen åpne den for retting hvis den må endres."
        )
        % {
            "ind": verdi.indikator.navn,
            "periode": verdi.periode,
            "dato": f"{dato:%d.%m.%Y}" if dato else "–",
            "navn": verdi.behandlet_av or "–",
        },
        code="godkjent",
    )


def _endret_i_skjema(exc: Foreldet) -> str:
    """A contact person's form opened before the value changed (``felles.laas``)."""
    verdi = exc.gjeldende
    return _(
        "Verdien for «%(ind)s» i %(periode)s ble endret etter at du åpnet skjemaet; "
        "den er nå %(verdi)s (%(status)s). Se over og lagre på nytt hvis tallet ditt "
        "skal gjelde."
    ) % {
        "ind": verdi.indikator.navn,
        "periode": verdi.periode,
        "verdi": _tekst(verdi.verdi),
        "status": verdi.get_status_display().lower(),
    }


def _endret_siden(exc: Foreldet) -> str:
    """An approver's page shown before the value changed (``felles.laas``)."""
    verdi = exc.gjeldende
    return _(
        "Verdien for «%(ind)s» i %(periode)s (%(kommune)s) ble endret etter at du åpnet "
        "siden; se over og godkjenn på nytt."
    ) % {"ind": verdi.indikator.navn, "periode": verdi.periode, "kommune": verdi.kommune.navn}


def _tekst(verdi: Decimal | None) -> str:
    """A stored value in a message: 12,5, or "ikke tilgjengelig" for a fetched empty cell."""
    if verdi is None:
        return _("ikke tilgjengelig")
    return format(verdi.normalize(), "f").replace(".", ",")


def _sjekk_grense(indikator: Indikator, periode: str, verdi: Decimal | None) -> None:
    """Refuse a value outside the indicator's hard limits (``Indikator.grensefeil``)."""
    feil = indikator.grensefeil(verdi)
    if feil:
        raise ValidationError(
            _("«%(ind)s» i %(periode)s: %(feil)s")
            % {"ind": indikator.navn, "periode": periode, "feil": feil},
            code="grense",
        )


def advarsler_mark(*, kommune: Kommune, perioder: set[str]) -> dict[tuple[int, str], list]:
    """Run the quality checks (``kvalitet.advarsler``) on the kommune's values in
    ``perioder`` and store each value's warnings; returns them by (indikator id,
    periode). Warnings are derived, so storing them is no new version."""
    funnet = kvalitet.advarsler(kommune=kommune, perioder=perioder)
    endret = []
    for rad in Indikatorverdi.objects.filter(kommune=kommune, periode__in=perioder).only(
        "pk", "indikator_id", "periode", "advarsler"
    ):
        nye = funnet.get((rad.indikator_id, rad.periode), [])
        if rad.advarsler != nye:
            rad.advarsler = nye
            endret.append(rad)
    Indikatorverdi.objects.bulk_update(endret, ["advarsler"], batch_size=2000)
    return funnet


def _lagre(rad: Indikatorverdi) -> None:
    """Every change of value or status goes through here and gets a new version, so
    that an approval or a form opened earlier can tell that the row changed."""
    ny_versjon(rad)
    rad.full_clean()
    rad.save()


@transaction.atomic
def indikatorverdi_upsert(
    *,
    kommune: Kommune,
    indikator: Indikator,
    periode: str,
    verdi: Decimal,
    kommentar: str = "",
    bruker: Bruker,
    send_inn: bool,
    versjon: int | None = None,
) -> Indikatorverdi:
    """Save one value (``_indikatorverdi_lagre``) and run the quality checks on its
    period (the warnings are stored on the value; they never stop the save)."""
    rad = _indikatorverdi_lagre(
        kommune=kommune,
        indikator=indikator,
        periode=periode,
        verdi=verdi,
        kommentar=kommentar,
        bruker=bruker,
        send_inn=send_inn,
        versjon=versjon,
    )
    funnet = advarsler_mark(kommune=rad.kommune, perioder={rad.periode})
    rad.advarsler = funnet.get((rad.indikator_id, rad.periode), [])
    return rad


def _indikatorverdi_lagre(
    *,
    kommune: Kommune,
    indikator: Indikator,
    periode: str,
    verdi: Decimal,
    kommentar: str = "",
    bruker: Bruker,
    send_inn: bool,
    versjon: int | None = None,
) -> Indikatorverdi:
    """Save a value as a draft or submit it. An approved value is locked: it changes
    only after an approver reopens it (``indikatorverdi_reopen``).

    ``versjon`` is the version the user's form showed (0: there was no value). If the
    row has changed since, the save is refused, unless what is posted is what is
    stored (then nothing is lost)."""
    periode = periode.strip().upper()
    # Locked so that an approval running at the same time cannot be overwritten.
    rad = Indikatorverdi.objects.select_for_update(of=("self",)).filter(
        kommune=kommune, indikator=indikator, periode=periode
    ).select_related("indikator", "behandlet_av").first() or Indikatorverdi(
        kommune=kommune, indikator=indikator, periode=periode
    )
    samme_innhold = rad.pk is not None and rad.verdi == verdi and rad.kommentar == kommentar
    if rad.er_laast:
        if samme_innhold and versjon is not None:
            return rad  # the form re-posts the approved value unchanged: nothing is lost
        raise _laast_feil(rad)
    if rad.pk is not None:
        sjekk_versjon(rad, versjon=versjon, melding=_endret_i_skjema)
    uendret = samme_innhold and (rad.status == Status.SENDT_INN or not send_inn)
    if uendret:
        return rad
    _sjekk_grense(indikator, periode, verdi)
    rad.verdi = verdi
    rad.kommentar = kommentar
    rad.mangler_grunn = rad.opphav = ""  # a person's figure now, not a fetched one
    if send_inn:
        rad.status = Status.SENDT_INN
        rad.sendt_inn_av = bruker
        rad.sendt_inn_tid = timezone.now()
    elif rad.status != Status.RETURNERT:
        rad.status = Status.UTKAST
    _lagre(rad)
    return rad


@transaction.atomic
def periode_upsert(
    *,
    kommune: Kommune,
    periode: str,
    verdier: dict[Indikator, tuple[Decimal | None, str]],
    bruker: Bruker,
    send_inn: bool,
    versjoner: dict[Indikator, int] | None = None,
) -> list[Indikatorverdi]:
    """The contact person's form: all indicators of one period at once. Empty
    fields are skipped; a locked value in the form fails the whole save.

    ``versjoner`` holds, per indicator, the version the form showed (0: none). A
    value changed since the form was opened fails the whole save, so that nobody
    overwrites or submits what they did not see."""
    validate_periode(periode)
    versjoner = versjoner or {}
    lagret = []
    for indikator, (verdi, kommentar) in verdier.items():
        if verdi is None:
            continue
        lagret.append(
            _indikatorverdi_lagre(
                kommune=kommune,
                indikator=indikator,
                periode=periode,
                verdi=verdi,
                kommentar=kommentar,
                bruker=bruker,
                send_inn=send_inn,
                versjon=versjoner.get(indikator),
            )
        )
    if send_inn:
        # Drafts already in the period (saved earlier) go in with the rest.
        sett = {i.pk: v for i, v in versjoner.items()}
        for rad in (
            Indikatorverdi.objects.select_for_update(of=("self",))
            .filter(kommune=kommune, periode=periode, status__in=[Status.UTKAST, Status.RETURNERT])
            .select_related("indikator")
            .order_by("pk")
        ):
            sjekk_versjon(rad, versjon=sett.get(rad.indikator_id), melding=_endret_i_skjema)
            rad.status = Status.SENDT_INN
            rad.sendt_inn_av = bruker
            rad.sendt_inn_tid = timezone.now()
            _lagre(rad)
            lagret.append(rad)
        if lagret:
            legg_i_ko("kommuner.tasks.varsle_verdier_til_godkjenning", kommune.pk)
    if lagret:
        funnet = advarsler_mark(kommune=kommune, perioder={periode})
        for rad in lagret:
            rad.advarsler = funnet.get((rad.indikator_id, rad.periode), [])
    return lagret


def _laas(verdi: Indikatorverdi, versjon: int | None) -> None:
    """Lock the row and read its current state into ``verdi`` (another request may
    have changed it). ``versjon`` is what the approver saw (by default the version of
    ``verdi`` as the caller loaded it); if the row has another version now, refuse:
    nobody approves or returns a value they did not see."""
    sett = verdi.versjon if versjon is None else versjon
    current = laas(Indikatorverdi, pk=verdi.pk, versjon=sett, melding=_endret_siden)
    for name in ("status", "verdi", "kommentar", "versjon", "sendt_inn_av_id", "sendt_inn_tid"):
        setattr(verdi, name, getattr(current, name))


def _behandle(
    *, verdi: Indikatorverdi, bruker: Bruker, status: str, kommentar: str
) -> Indikatorverdi:
    verdi.status = status
    verdi.behandlet_av = bruker
    verdi.behandlet_tid = timezone.now()
    verdi.tilbakemelding = kommentar
    _lagre(verdi)
    return verdi


def _kan_godkjennes(verdi: Indikatorverdi, bruker: Bruker) -> None:
    if verdi.status != Status.SENDT_INN:
        raise ValidationError(_("Bare innsendte verdier kan godkjennes."), code="status")
    if verdi.sendt_inn_av_id == bruker.pk:
        raise ValidationError(
            _("Du kan ikke godkjenne en verdi du har sendt inn selv."), code="egen"
        )
    _sjekk_grense(verdi.indikator, verdi.periode, verdi.verdi)


def _flagget_feil(verdi: Indikatorverdi) -> ValidationError:
    return ValidationError(
        _(
            "«%(ind)s» i %(periode)s (%(kommune)s) har advarsler og må godkjennes for seg, "
            "etter at du har sett dem: %(advarsler)s"
        )
        % {
            "ind": verdi.indikator.navn,
            "periode": verdi.periode,
            "kommune": verdi.kommune.navn,
            "advarsler": " ".join(verdi.advarsel_tekster),
        },
        code="flagget",
    )


@transaction.atomic
def indikatorverdi_approve(
    *,
    verdi: Indikatorverdi,
    bruker: Bruker,
    kommentar: str = "",
    versjon: int | None = None,
    bekreft_advarsler: bool | None = None,
) -> Indikatorverdi:
    """Approve the value the approver saw: ``versjon`` as shown on their page (by
    default the version of ``verdi`` as loaded by the caller). A value with warnings
    (checked again now) is approved from a page only with ``bekreft_advarsler`` (the
    approver has seen them); ``None`` is a caller without a page (a script, the demo
    seed), as ``versjon=None`` is."""
    _laas(verdi, versjon)
    _kan_godkjennes(verdi, bruker)
    funnet = advarsler_mark(kommune=verdi.kommune, perioder={verdi.periode})
    verdi.advarsler = funnet.get((verdi.indikator_id, verdi.periode), [])
    if verdi.advarsler and bekreft_advarsler is False:
        raise _flagget_feil(verdi)
    return _behandle(verdi=verdi, bruker=bruker, status=Status.GODKJENT, kommentar=kommentar)


@transaction.atomic
def indikatorverdi_return(
    *, verdi: Indikatorverdi, bruker: Bruker, kommentar: str, versjon: int | None = None
) -> Indikatorverdi:
    _laas(verdi, versjon)
    if verdi.status != Status.SENDT_INN:
        raise ValidationError(_("Bare innsendte verdier kan returneres."), code="status")
    if not kommentar.strip():
        raise ValidationError(
            {"kommentar": _("Skriv hva kommunen må rette når du returnerer en verdi.")}
        )
    verdi = _behandle(verdi=verdi, bruker=bruker, status=Status.RETURNERT, kommentar=kommentar)
    legg_i_ko("kommuner.tasks.varsle_verdi_returnert", verdi.pk, verdi.versjon)
    return verdi


@dataclass
class Godkjenning:
    """What "approve all" did: the values approved, the values shown on the page that
    were not approved (with why), and how many were submitted after the page was shown."""

    godkjent: list[Indikatorverdi]
    ikke_godkjent: list[tuple[Indikatorverdi, str]]
    ikke_vist: int
    #: Values left because they have warnings: each is approved one by one.
    flagget: list[Indikatorverdi] = field(default_factory=list)


@transaction.atomic
def indikatorverdier_godkjenn_alle(
    *, kommune: Kommune, periode: str, versjoner: dict[int, int], bruker: Bruker
) -> Godkjenning:
    """Approve the values of one kommune and period that the approver's page showed,
    ``versjoner`` being {value id: version shown}. Partial on purpose: each value
    that still is as shown is approved; one that changed (or cannot be approved) is
    left as it is and reported, and so are values submitted after the page was shown.
    A value with warnings (checked again now) is left for the approver to confirm one
    by one, and named."""
    funnet = advarsler_mark(kommune=kommune, perioder={periode})
    rader = (
        Indikatorverdi.objects.select_for_update(of=("self",))
        .filter(kommune=kommune, periode=periode)
        .filter(pk__in=versjoner)
        .select_related("kommune", "indikator")
        .order_by("pk")
    )
    godkjent, ikke_godkjent, flagget = [], [], []
    for rad in rader:
        if rad.status != Status.SENDT_INN and rad.behandlet_av_id == bruker.pk:
            continue  # handled one by one on the same page before "approve all"
        try:
            sjekk_versjon(rad, versjon=versjoner[rad.pk], melding=_endret_siden)
            _kan_godkjennes(rad, bruker)
        except ValidationError as exc:
            ikke_godkjent.append((rad, " ".join(exc.messages)))
            continue
        rad.advarsler = funnet.get((rad.indikator_id, rad.periode), [])
        if rad.advarsler:
            flagget.append(rad)
            continue
        godkjent.append(_behandle(verdi=rad, bruker=bruker, status=Status.GODKJENT, kommentar=""))
    ikke_vist = (
        Indikatorverdi.objects.filter(kommune=kommune, periode=periode, status=Status.SENDT_INN)
        .exclude(pk__in=versjoner)
        .count()
    )
    return Godkjenning(
        godkjent=godkjent, ikke_godkjent=ikke_godkjent, ikke_vist=ikke_vist, flagget=flagget
    )


@transaction.atomic
def indikatorverdi_reopen(
    *, verdi: Indikatorverdi, bruker: Bruker, kommentar: str
) -> Indikatorverdi:
    """Open an approved value for correction. The approved version stays in the
    history; the kommune submits the corrected value as a new submission."""
    _laas(verdi, None)
    if verdi.status != Status.GODKJENT:
        raise ValidationError(_("Bare godkjente verdier kan åpnes for retting."), code="status")
    if not kommentar.strip():
        raise ValidationError({"kommentar": _("Skriv hvorfor verdien må rettes.")})
    verdi = _behandle(verdi=verdi, bruker=bruker, status=Status.RETURNERT, kommentar=kommentar)
    legg_i_ko("kommuner.tasks.varsle_verdi_returnert", verdi.pk, verdi.versjon)
    return verdi


@transaction.atomic
def nullpunkt_upsert(
    *, kommune: Kommune, indikator: Indikator, periode: str, verdi: Decimal, kommentar: str = ""
) -> Nullpunkt:
    nullpunkt = Nullpunkt.objects.filter(kommune=kommune, indikator=indikator).first()
    nullpunkt = nullpunkt or Nullpunkt(kommune=kommune, indikator=indikator)
    nullpunkt.periode = periode.strip().upper()
    nullpunkt.verdi = verdi
    nullpunkt.kommentar = kommentar
    nullpunkt.full_clean()
    nullpunkt.save()
    return nullpunkt
