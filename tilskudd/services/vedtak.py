"""Writes for decisions: the two-step sign-off (proposal, approval, sending back), the
decision and its amendment."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.jobber import legg_i_ko
from felles.laas import laas, ny_versjon
from felles.penger import format_kroner
from kommuner.models import Bruker

from ..arkiv import services as arkiv
from ..models import (
    Soknad,
    Vedtak,
    Vedtaksforslag,
    Vedtaksversjon,
)
from ..selectors import bundet_i_pott
from .ordninger_og_potter import _lock_pott, _lock_runde
from .vurdering import _lock_til_vurdering

# --- two-step sign-off: the case handler proposes, another admin approves -----------


@transaction.atomic
def vedtak_foresla(
    *,
    soknad: Soknad,
    user: Bruker,
    utfall: str,
    belop_innvilget: int | None,
    begrunnelse: str,
    vilkaar: str = "",
    now: datetime | None = None,
) -> Vedtaksforslag:
    """The first step: the case's case handler proposes the decision. The application
    must be under review, with no proposal already waiting."""
    soknad = _lock_til_vurdering(soknad)
    if soknad.saksbehandler_id is None:
        raise ValidationError(_("Saken har ingen saksbehandler. Tildel den først."))
    if soknad.saksbehandler_id != user.pk:
        raise ValidationError(
            _("Bare saksbehandleren (%(navn)s) kan foreslå vedtak i saken.")
            % {"navn": soknad.saksbehandler}
        )
    if soknad.vedtaksforslag.filter(status=Vedtaksforslag.Status.FORESLATT).exists():
        raise ValidationError(_("Saken har allerede et forslag som venter på godkjenning."))
    belop = _utfall_belop(soknad=soknad, utfall=utfall, belop_innvilget=belop_innvilget)
    forslag = Vedtaksforslag(
        soknad=soknad,
        utfall=utfall,
        belop_innvilget=belop,
        begrunnelse=begrunnelse,
        vilkaar=vilkaar,
        foreslatt_av=user,
        foreslatt=now or timezone.now(),
    )
    forslag.full_clean()
    forslag.save()
    return forslag


def _laas_apent_forslag(forslag: Vedtaksforslag, *, user: Bruker, versjon: int | None):
    """Lock the proposal as stored now; refuse a stale page (409), a proposal no longer
    waiting, and the proposer signing off their own proposal."""
    forslag = laas(
        Vedtaksforslag.objects.select_related("soknad", "foreslatt_av"),
        pk=forslag.pk,
        versjon=versjon,
        melding=lambda exc: (
            _("Forslaget er behandlet siden du åpnet siden (nå: %(status)s). Last siden på nytt.")
            % {"status": exc.gjeldende.get_status_display()}
        ),
    )
    if forslag.status != Vedtaksforslag.Status.FORESLATT:
        raise ValidationError(
            _("Forslaget venter ikke på godkjenning (status: %(status)s).")
            % {"status": forslag.get_status_display()}
        )
    if forslag.foreslatt_av_id == user.pk:
        raise ValidationError(
            _("Du foreslo vedtaket selv. En annen med rett til å fatte vedtak må godkjenne det.")
        )
    return forslag


@transaction.atomic
def vedtak_godkjenn(
    *,
    forslag: Vedtaksforslag,
    user: Bruker,
    versjon: int | None,
    tittel: str = "",
    telefon: str = "",
    now: datetime | None = None,
) -> Vedtak:
    """The second step: another admin approves the proposal, and only now is the
    decision (``Vedtak``) made, with its letter naming proposer and approver. Locks
    the round and its pot first (the module's order), then the proposal."""
    runde_id = Vedtaksforslag.objects.values_list("soknad__runde_id", flat=True).get(pk=forslag.pk)
    runde = _lock_runde(runde_id)
    _lock_pott(runde.pott_id)
    forslag = _laas_apent_forslag(forslag, user=user, versjon=versjon)
    now = now or timezone.now()
    forslag.status = Vedtaksforslag.Status.GODKJENT
    forslag.behandlet_av = user
    forslag.behandlet = now
    ny_versjon(forslag)
    forslag.full_clean()
    forslag.save()
    return vedtak_create(
        soknad=forslag.soknad,
        user=user,
        utfall=forslag.utfall,
        belop_innvilget=forslag.belop_innvilget,
        begrunnelse=forslag.begrunnelse,
        vilkaar=forslag.vilkaar,
        tittel=tittel,
        telefon=telefon,
        now=now,
        forslag=forslag,
    )


@transaction.atomic
def vedtak_send_tilbake(
    *,
    forslag: Vedtaksforslag,
    user: Bruker,
    versjon: int | None,
    kommentar: str,
    now: datetime | None = None,
) -> Vedtaksforslag:
    """Send the proposal back to the case handler with a comment (required); the case
    stays under review, and a new proposal may be made."""
    kommentar = (kommentar or "").strip()
    if not kommentar:
        raise ValidationError({"kommentar": _("Skriv hvorfor forslaget sendes tilbake.")})
    forslag = _laas_apent_forslag(forslag, user=user, versjon=versjon)
    forslag.status = Vedtaksforslag.Status.SENDT_TILBAKE
    forslag.behandlet_av = user
    forslag.behandlet = now or timezone.now()
    forslag.kommentar = kommentar
    ny_versjon(forslag)
    forslag.full_clean()
    forslag.save()
    return forslag


# --- decisions --------------------------------------------------------------------


def _utfall_belop(*, soknad: Soknad, utfall: str, belop_innvilget: int | None) -> int:
    """The amount an outcome grants: refused 0, granted the amount sought, partly
    granted more than 0 and less than sought."""
    if utfall == Vedtak.Utfall.AVSLATT:
        belop = 0
    elif utfall == Vedtak.Utfall.INNVILGET:
        belop = soknad.belop_sokt if belop_innvilget is None else belop_innvilget
        if belop != soknad.belop_sokt:
            raise ValidationError(
                {"belop_innvilget": _("Ved innvilgelse er beløpet det søkte beløpet.")}
            )
    elif utfall == Vedtak.Utfall.DELVIS_INNVILGET:
        belop = belop_innvilget or 0
        if not 0 < belop < soknad.belop_sokt:
            raise ValidationError(
                {
                    "belop_innvilget": _(
                        "Ved delvis innvilgelse må beløpet være mer enn 0 og mindre enn "
                        "søkt beløp (%(sokt)s)."
                    )
                    % {"sokt": format_kroner(soknad.belop_sokt)}
                }
            )
    else:
        raise ValidationError({"utfall": _("Ukjent utfall.")})
    return belop


@transaction.atomic
def vedtak_create(
    *,
    soknad: Soknad,
    user: Bruker,
    utfall: str,
    belop_innvilget: int | None,
    begrunnelse: str,
    vilkaar: str = "",
    tittel: str = "",
    telefon: str = "",
    now: datetime | None = None,
    forslag: Vedtaksforslag | None = None,
) -> Vedtak:
    """Decide an application: the internal step of ``vedtak_godkjenn`` (the portal
    decides only through a proposal and another admin's approval; scripts, the demo
    seed and tests may call it directly). The application must be under review ("Ta
    til behandling" first), and a case with a proposal waiting is decided only by
    approving it. Locks the round, then the round's pot as it is now (the round may
    just have been moved), then the application, and refuses a grant that would take
    the pot beyond its total. ``now`` is the decision time, as in ``soknad_submit``
    (for history and tests)."""

    runde = _lock_runde(soknad.runde_id)
    pott = _lock_pott(runde.pott_id)
    soknad = Soknad.objects.select_for_update().get(pk=soknad.pk)
    if not soknad.kan_avgjores:
        raise ValidationError(
            _("Søknaden er ikke til behandling (status: %(s)s).")
            % {"s": soknad.get_status_display()}
        )
    if (
        forslag is None
        and soknad.vedtaksforslag.filter(status=Vedtaksforslag.Status.FORESLATT).exists()
    ):
        raise ValidationError(
            _("Saken har et forslag til vedtak som venter på godkjenning. Godkjenn det.")
        )
    belop = _utfall_belop(soknad=soknad, utfall=utfall, belop_innvilget=belop_innvilget)
    gjenstaar = pott.total - bundet_i_pott(pott=pott)
    if belop > gjenstaar:
        raise ValidationError(
            {
                "belop_innvilget": _(
                    "Potten «%(pott)s» har bare %(igjen)s igjen. Vedtaket ville bundet mer "
                    "enn potten."
                )
                % {"pott": pott, "igjen": format_kroner(gjenstaar)}
            }
        )
    vedtak = Vedtak(
        soknad=soknad,
        utfall=utfall,
        belop_innvilget=belop,
        begrunnelse=begrunnelse,
        vilkaar=vilkaar,
        vedtatt_av=user,
        tittel=tittel,
        telefon=telefon,
        vedtatt=now or timezone.now(),
        forslag=forslag,
    )
    vedtak.full_clean()
    vedtak.save()
    versjon = _lagre_versjon(
        vedtak, user=user, tittel=tittel, telefon=telefon, vedtatt=vedtak.vedtatt
    )
    soknad.status = utfall
    soknad.save()
    arkiv.vedtaksbrev_create(versjon=versjon, user=user, now=vedtak.vedtatt)
    legg_i_ko("tilskudd.tasks.varsle_vedtak", vedtak.pk)
    return vedtak


def _lagre_versjon(
    vedtak: Vedtak,
    *,
    user: Bruker,
    tittel: str,
    vedtatt: datetime,
    endringsgrunn: str = "",
    telefon: str | None = None,
) -> Vedtaksversjon:
    versjon = Vedtaksversjon(
        vedtak=vedtak,
        nummer=vedtak.versjon,
        utfall=vedtak.utfall,
        belop_innvilget=vedtak.belop_innvilget,
        vilkaar=vedtak.vilkaar,
        begrunnelse=vedtak.begrunnelse,
        endringsgrunn=endringsgrunn,
        vedtatt_av=user,
        tittel=tittel,
        telefon=vedtak.telefon if telefon is None else telefon,
        vedtatt=vedtatt,
    )
    versjon.full_clean()
    versjon.save()
    return versjon


@transaction.atomic
def vedtak_endre(
    *,
    vedtak: Vedtak,
    user: Bruker,
    utfall: str,
    belop_innvilget: int | None,
    begrunnelse: str,
    endringsgrunn: str,
    vilkaar: str = "",
    tittel: str = "",
    telefon: str = "",
    versjon: int | None = None,
    now: datetime | None = None,
) -> Vedtaksversjon:
    """Amend a decision (an "endringsvedtak"): a new version with its own letter, the
    earlier versions kept. ``versjon`` is the version the amender saw: if the decision
    has been amended since, nothing is saved. The reason is required. Locks in the
    module's order: the round, its pot, then the decision (a payment being registered
    either finishes first or waits). A raised amount must fit in what the pot has free;
    a lowered one may not go below what is already paid, so a refusal is possible only
    when nothing is paid."""
    endringsgrunn = (endringsgrunn or "").strip()
    if not endringsgrunn:
        raise ValidationError({"endringsgrunn": _("Skriv hvorfor vedtaket endres.")})
    runde_id = Vedtak.objects.values_list("soknad__runde_id", flat=True).get(pk=vedtak.pk)
    runde = _lock_runde(runde_id)
    pott = _lock_pott(runde.pott_id)
    vedtak = laas(
        Vedtak.objects.select_related("soknad"),
        pk=vedtak.pk,
        versjon=versjon,
        melding=lambda exc: (
            _(
                "Vedtaket er endret siden du åpnet skjemaet (nå versjon %(n)s). Se den nye "
                "versjonen på søknaden, og endre derfra om det trengs."
            )
            % {"n": exc.gjeldende.versjon}
        ),
    )
    soknad = vedtak.soknad
    if not vedtak.versjoner.exists():
        # A decision written without the service (bulk test data): its first version
        # is the decision as it stands, so that letter stays retrievable.
        _lagre_versjon(vedtak, user=vedtak.vedtatt_av, tittel=vedtak.tittel, vedtatt=vedtak.vedtatt)
    belop = _utfall_belop(soknad=soknad, utfall=utfall, belop_innvilget=belop_innvilget)
    if (utfall, belop, vilkaar.strip(), begrunnelse.strip()) == (
        vedtak.utfall,
        vedtak.belop_innvilget,
        vedtak.vilkaar.strip(),
        vedtak.begrunnelse.strip(),
    ):
        raise ValidationError(_("Endringen endrer ikke utfall, beløp, vilkår eller begrunnelse."))
    utbetalt = vedtak.utbetalinger.aggregate(s=Sum("belop"))["s"] or 0
    if belop < utbetalt:
        raise ValidationError(
            {
                "belop_innvilget": _(
                    "Det er allerede utbetalt %(utbetalt)s av vedtaket, så beløpet kan ikke "
                    "settes lavere enn det."
                )
                % {"utbetalt": format_kroner(utbetalt)}
            }
        )
    okning = belop - vedtak.belop_innvilget
    if okning > 0:
        gjenstaar = pott.total - bundet_i_pott(pott=pott)
        if okning > gjenstaar:
            raise ValidationError(
                {
                    "belop_innvilget": _(
                        "Potten «%(pott)s» har bare %(igjen)s igjen. Økningen på %(okning)s "
                        "ville bundet mer enn potten."
                    )
                    % {
                        "pott": pott,
                        "igjen": format_kroner(gjenstaar),
                        "okning": format_kroner(okning),
                    }
                }
            )
    vedtak.utfall = utfall
    vedtak.belop_innvilget = belop
    vedtak.vilkaar = vilkaar
    vedtak.begrunnelse = begrunnelse
    ny_versjon(vedtak)
    vedtak.endret = now or timezone.now()
    vedtak.full_clean()
    vedtak.save()
    versjon = _lagre_versjon(
        vedtak,
        user=user,
        tittel=tittel,
        telefon=telefon,
        vedtatt=vedtak.endret,
        endringsgrunn=endringsgrunn,
    )
    soknad.status = utfall
    soknad.save(update_fields=["status"])
    arkiv.vedtaksbrev_create(versjon=versjon, user=user, now=vedtak.endret)
    legg_i_ko("tilskudd.tasks.varsle_vedtak_endret", versjon.pk)
    return versjon
