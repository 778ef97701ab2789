"""Writes for applications: create, update, submit, withdraw, start review."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from felles.jobber import legg_i_ko
from felles.penger import format_kroner
from kommuner.models import Bruker, Kommune, Tiltak

from ..arkiv import services as arkiv
from ..models import (
    Budsjettlinje,
    Soknad,
    Tilskuddsrunde,
)
from .ordninger_og_potter import _lock_runde
from .runder import _kan_soke
from .skjema import _set_svar, _sjekk_paakrevde_svar

# --- applications -----------------------------------------------------------------


def _set_tiltak(soknad: Soknad, tiltak: list[Tiltak]) -> None:
    andre = [t for t in tiltak if t.kommune_id != soknad.kommune_id]
    if andre:
        raise ValidationError(
            {
                "tiltak": _("Tiltaket «%(navn)s» hører til en annen kommune.")
                % {"navn": andre[0].navn}
            }
        )
    soknad.tiltak.set(tiltak)


def _set_budsjett(soknad: Soknad, linjer: list[tuple[str, int]]) -> None:
    soknad.budsjettlinjer.all().delete()
    for beskrivelse, belop in linjer:
        linje = Budsjettlinje(soknad=soknad, beskrivelse=beskrivelse, belop=belop)
        linje.full_clean()
        linje.save()


@transaction.atomic
def soknad_create(
    *,
    runde: Tilskuddsrunde,
    kommune: Kommune,
    user: Bruker,
    tittel: str,
    formaal: str,
    belop_sokt: int,
    politisk_vedtatt: date | None = None,
    budsjettlinjer: list[tuple[str, int]] | None = None,
    tiltak: list[Tiltak] | None = None,
    deres_referanse: str = "",
    postadresse: str = "",
    svar: dict[int, object] | None = None,
) -> Soknad:
    """A draft, with the kommune's own measures (tiltak) it would fund and its answers
    to the round's own questions (``svar``: question id to value, see ``_set_svar``)."""
    if not _kan_soke(runde, kommune):
        raise ValidationError(_("%(kommune)s kan ikke søke i denne runden.") % {"kommune": kommune})
    soknad = Soknad(
        runde=runde,
        kommune=kommune,
        opprettet_av=user,
        tittel=tittel,
        formaal=formaal,
        belop_sokt=belop_sokt,
        politisk_vedtatt=politisk_vedtatt,
        deres_referanse=deres_referanse,
        postadresse=postadresse,
    )
    soknad.full_clean()
    soknad.save()
    _set_budsjett(soknad, budsjettlinjer or [])
    _set_tiltak(soknad, tiltak or [])
    _set_svar(soknad, svar or {}, user=user)
    return soknad


@transaction.atomic
def soknad_update(
    *,
    soknad: Soknad,
    tittel: str,
    formaal: str,
    belop_sokt: int,
    politisk_vedtatt: date | None = None,
    budsjettlinjer: list[tuple[str, int]] | None = None,
    tiltak: list[Tiltak] | None = None,
    deres_referanse: str = "",
    postadresse: str = "",
    svar: dict[int, object] | None = None,
    user: Bruker | None = None,
) -> Soknad:
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if not soknad.kan_redigeres:
        raise ValidationError(_("Søknaden er sendt inn og kan ikke endres."))
    soknad.tittel = tittel
    soknad.formaal = formaal
    soknad.belop_sokt = belop_sokt
    soknad.politisk_vedtatt = politisk_vedtatt
    soknad.deres_referanse = deres_referanse
    soknad.postadresse = postadresse
    soknad.full_clean()
    soknad.save()
    _set_budsjett(soknad, budsjettlinjer or [])
    _set_tiltak(soknad, tiltak or [])
    _set_svar(soknad, svar or {}, user=user or soknad.opprettet_av)
    return soknad


@transaction.atomic
def soknad_submit(*, soknad: Soknad, user: Bruker, now: datetime | None = None) -> Soknad:
    """Send in a draft. After the round's close date it is refused and the draft kept."""

    now = now or timezone.now()
    # The round first (the module's lock order): its questions cannot change while
    # an application is being sent in (``sporsmal_upsert`` locks it too).
    _lock_runde(soknad.runde_id)
    soknad = Soknad.objects.select_for_update().select_related("runde").get(pk=soknad.pk)
    runde = soknad.runde
    if soknad.status != Soknad.Status.UTKAST:
        raise ValidationError(_("Bare utkast kan sendes inn."))
    _sjekk_paakrevde_svar(soknad)
    if now >= runde.stenger:
        frist = formats.date_format(timezone.localtime(runde.stenger), "DATETIME_FORMAT")
        raise ValidationError(
            _(
                "Søknadsfristen gikk ut %(frist)s. Søknaden kan ikke sendes inn, "
                "men utkastet er tatt vare på."
            )
            % {"frist": frist}
        )
    if now < runde.aapner:
        raise ValidationError(_("Runden er ikke åpnet ennå."))
    if runde.maks_belop is not None and soknad.belop_sokt > runde.maks_belop:
        raise ValidationError(
            _("Det kan søkes om høyst %(maks)s i denne runden.")
            % {"maks": format_kroner(runde.maks_belop)}
        )
    if runde.krever_politisk_vedtak and not soknad.politisk_vedtatt:
        raise ValidationError(
            _("Runden krever at søknaden er politisk vedtatt. Fyll inn datoen for vedtaket.")
        )
    linjer = list(soknad.budsjettlinjer.all())
    if linjer and sum(linje.belop for linje in linjer) != soknad.belop_sokt:
        raise ValidationError(
            _("Budsjettlinjene summerer til %(sum)s, men søkt beløp er %(sokt)s.")
            % {
                "sum": format_kroner(sum(linje.belop for linje in linjer)),
                "sokt": format_kroner(soknad.belop_sokt),
            }
        )
    soknad.status = Soknad.Status.SENDT_INN
    soknad.sendt_inn = now
    arkiv.saksnummer_tildel(soknad=soknad, now=now)
    soknad.full_clean()
    soknad.save()
    arkiv.kvittering_create(soknad=soknad, user=user, now=now)
    legg_i_ko("tilskudd.tasks.varsle_soknad_sendt_inn", soknad.pk)
    return soknad


@transaction.atomic
def soknad_withdraw(*, soknad: Soknad, user: Bruker) -> Soknad:
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if not soknad.kan_trekkes:
        raise ValidationError(_("Søknaden er avgjort og kan ikke trekkes."))
    soknad.status = Soknad.Status.TRUKKET
    soknad.save()
    return soknad


@transaction.atomic
def soknad_start_review(*, soknad: Soknad, user: Bruker) -> Soknad:
    """ "Ta til behandling": the step before any assessment or decision. The one who
    takes it becomes the case handler unless one is assigned already."""
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if soknad.status != Soknad.Status.SENDT_INN:
        raise ValidationError(_("Bare innsendte søknader kan tas til behandling."))
    soknad.status = Soknad.Status.UNDER_BEHANDLING
    if soknad.saksbehandler_id is None:
        soknad.saksbehandler = user
    soknad.full_clean()
    soknad.save()
    return soknad
