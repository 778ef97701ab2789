"""Writes for the investment team's records. Views, forms and the demo seed parse
input and call these."""

from __future__ import annotations

import calendar
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from felles.laas import laas, lagret_etter, ny_versjon
from felles.varsler import varsle, varsle_alle
from kommuner.models import Bruker, Deltakelse, Etat, Kommune, Pilot

from . import varsler
from .access import ansvarlige_for
from .models import (
    Beslutning,
    Investeringsteam,
    Kalendertoken,
    Mote,
    Motedeltaker,
    Moteserie,
    Oppfolgingsnotat,
    Oppfolgingspunkt,
    Regelhinder,
    Teammedlem,
)

# A follow-up point's owner is one of the people of the meeting's pilot and kommune
# (``access.ansvarlige_for``).
ANSVARLIG_UTENFOR = _lazy(
    "Velg en ansvarlig blant kommunens kontaktpersoner, investeringslederen og "
    "investeringsteamet i piloten."
)

# ---------------------------------------------------------------- investment team


def investeringsteam_upsert(*, pilot: Pilot, navn: str) -> Investeringsteam:
    team = Investeringsteam.objects.filter(pilot=pilot).first() or Investeringsteam(pilot=pilot)
    team.navn = navn
    team.full_clean()
    team.save()
    return team


def teammedlem_upsert(
    *, team: Investeringsteam, bruker: Bruker, etat: Etat | None = None
) -> Teammedlem:
    """Put ``bruker`` on the team. A member who left comes back on the same row (its
    history keeps the earlier period), from today."""
    if not bruker.is_active:
        melding = _("%(navn)s er deaktivert og kan ikke være med i teamet.")
        raise ValidationError({"bruker": melding % {"navn": bruker}})
    medlem = Teammedlem.objects.filter(team=team, bruker=bruker).first()
    medlem = medlem or Teammedlem(team=team, bruker=bruker)
    if medlem.til is not None:
        medlem.fra = timezone.localdate()
        medlem.til = None
    medlem.etat = etat or bruker.etat
    medlem.full_clean()
    medlem.save()
    return medlem


def teammedlem_end(*, medlem: Teammedlem) -> Teammedlem:
    """A member leaves the team today. The row stays, so the history shows who was on
    the team when; no service deletes a member."""
    if medlem.til is not None:
        raise ValidationError(_("%(navn)s er ikke lenger med i teamet.") % {"navn": medlem.bruker})
    medlem.til = max(timezone.localdate(), medlem.fra)
    medlem.full_clean()
    medlem.save()
    return medlem


# ---------------------------------------------------------------- meetings


@dataclass(frozen=True)
class Deltaker:
    """A participant as parsed from a form: a user, or a free-text name with
    etat, kommune or some other organisation."""

    bruker: Bruker | None = None
    navn: str = ""
    etat: Etat | None = None
    kommune: Kommune | None = None
    organisasjon: str = ""


# The meeting's own fields, as ``mote_update`` takes them and the forms give them.
MOTE_FIELDS = (
    "pilot",
    "kommune",
    "tittel",
    "type",
    "status",
    "start",
    "varighet_minutter",
    "sted",
    "digitalt",
    "fase",
    "niva",
    "agenda",
    "referat",
)

# Fields compared when two people edit the same minutes.
KONFLIKT_FIELDS = [f for f in MOTE_FIELDS if f != "pilot"]


def _set_deltakere(mote: Mote, deltakere: list[Deltaker]) -> None:
    mote.deltakere.all().delete()
    seen_users = set()
    for d in deltakere:
        if d.bruker is not None:
            if d.bruker.pk in seen_users:
                continue
            seen_users.add(d.bruker.pk)
        row = Motedeltaker(
            mote=mote,
            bruker=d.bruker,
            navn=d.navn.strip()[:200],
            etat=d.etat if d.etat is not None else (d.bruker.etat if d.bruker else None),
            kommune=d.kommune
            if d.kommune is not None
            else (d.bruker.kommune if d.bruker else None),
            organisasjon=d.organisasjon.strip()[:200],
        )
        row.full_clean()
        row.save()


@transaction.atomic
def mote_log(
    *,
    pilot: Pilot,
    kommune: Kommune | None,
    type: str,
    start: datetime,
    skrevet_av: Bruker | None,
    tittel: str = "",
    status: str = Mote.Status.GJENNOMFORT,
    varighet_minutter: int = 60,
    sted: str = "",
    digitalt: bool = False,
    fase: str = "",
    niva: str = "",
    agenda: str = "",
    referat: str = "",
    deltakere: list[Deltaker] | None = None,
    beslutninger: list[str] | None = None,
    oppfolgingspunkter: list[dict] | None = None,
    moteserie: Moteserie | None = None,
) -> Mote:
    """Log a meeting with its participants, decisions and follow-up points, all or
    nothing."""
    mote = Mote(
        pilot=pilot,
        kommune=kommune,
        type=type,
        tittel=tittel,
        status=status,
        start=start,
        varighet_minutter=varighet_minutter,
        sted=sted,
        digitalt=digitalt,
        fase=fase,
        niva=niva,
        agenda=agenda,
        referat=referat,
        skrevet_av=skrevet_av,
        moteserie=moteserie,
    )
    mote.full_clean()
    mote.save()
    _set_deltakere(mote, deltakere or [])
    for tekst in beslutninger or []:
        if tekst.strip():
            beslutning_create(mote=mote, tekst=tekst.strip())
    for punkt in oppfolgingspunkter or []:
        oppfolgingspunkt_create(mote=mote, **punkt)
    return mote


@transaction.atomic
def mote_update(
    *, mote: Mote, versjon: int, deltakere: list[Deltaker] | None = None, **fields: object
) -> Mote:
    """Save changes to a meeting opened at ``versjon``. Raises ``felles.laas.Foreldet``,
    naming what changed and who saved, when somebody else saved it in between: nothing
    is overwritten."""
    unknown = set(fields) - set(MOTE_FIELDS)
    if unknown:
        raise TypeError(f"Ukjente felt: {', '.join(sorted(unknown))}")
    locked = laas(
        Mote,
        pk=mote.pk,
        versjon=versjon,
        melding=lagret_etter(_("møtet")),
        felt=KONFLIKT_FIELDS,
    )
    for name, value in fields.items():
        setattr(locked, name, value)
    ny_versjon(locked)
    locked.full_clean()
    locked.save()
    if deltakere is not None:
        _set_deltakere(locked, deltakere)
    mote.refresh_from_db()
    return locked


def beslutning_create(*, mote: Mote, tekst: str, besluttet_av: str = "") -> Beslutning:
    beslutning = Beslutning(mote=mote, tekst=tekst.strip(), besluttet_av=besluttet_av.strip())
    beslutning.full_clean()
    beslutning.save()
    return beslutning


def oppfolgingspunkt_create(
    *,
    mote: Mote,
    tekst: str,
    ansvarlig_bruker: Bruker | None = None,
    ansvarlig_etat: Etat | None = None,
    frist: date | None = None,
    status: str = Oppfolgingspunkt.Status.APEN,
) -> Oppfolgingspunkt:
    if not tekst.strip():
        raise ValidationError({"tekst": _("Skriv hva som skal følges opp.")})
    if ansvarlig_bruker is not None and ansvarlig_bruker.pk not in {
        b.pk for b in ansvarlige_for(pilot_id=mote.pilot_id, kommune_id=mote.kommune_id)
    }:
        raise ValidationError({"ansvarlig_bruker": ANSVARLIG_UTENFOR})
    punkt = Oppfolgingspunkt(
        mote=mote,
        tekst=tekst.strip(),
        ansvarlig_bruker=ansvarlig_bruker,
        ansvarlig_etat=ansvarlig_etat,
        frist=frist,
        status=status,
    )
    punkt.full_clean()
    punkt.save()
    return punkt


def oppfolgingspunkt_set_status(
    *,
    punkt: Oppfolgingspunkt,
    status: str = "",
    lukket_i_mote: Mote | None = None,
    lukket_dato: date | None = None,
) -> Oppfolgingspunkt:
    """Change a follow-up point's status. Naming the (later) meeting it was closed in
    closes it, whatever ``status`` says."""
    if lukket_i_mote is not None:
        status = Oppfolgingspunkt.Status.LUKKET
        if lukket_i_mote.kommune_id != punkt.mote.kommune_id:
            raise ValidationError(
                {"lukket_i_mote": _("Punktet kan bare lukkes i et møte med samme kommune.")}
            )
        if lukket_i_mote.start < punkt.mote.start:
            raise ValidationError(
                {"lukket_i_mote": _("Punktet kan ikke lukkes i et møte før det ble opprettet.")}
            )
    if status not in Oppfolgingspunkt.Status.values:
        raise ValidationError({"status": _("Ugyldig status.")})
    punkt.status = status
    if status == Oppfolgingspunkt.Status.LUKKET:
        punkt.lukket_i_mote = lukket_i_mote
        punkt.lukket_dato = lukket_dato or (
            timezone.localtime(lukket_i_mote.start).date() if lukket_i_mote else None
        )
    punkt.full_clean()
    punkt.save()
    return punkt


def oppfolgingsnotat_create(
    *, punkt: Oppfolgingspunkt, tekst: str, skrevet_av: Bruker
) -> Oppfolgingsnotat:
    notat = Oppfolgingsnotat(punkt=punkt, tekst=tekst.strip(), skrevet_av=skrevet_av)
    notat.full_clean()
    notat.save()
    return notat


# ---------------------------------------------------------------- rule barriers


def regelhinder_create(
    *,
    pilot: Pilot,
    kommune: Kommune | None,
    tittel: str,
    beskrivelse: str,
    regel: str = "",
    etat: Etat | None = None,
    funnet_i_mote: Mote | None = None,
    registrert_av: Bruker | None = None,
    status: str = Regelhinder.Status.IDENTIFISERT,
    utfall: str = "",
) -> Regelhinder:
    hinder = Regelhinder(
        pilot=pilot,
        kommune=kommune,
        tittel=tittel.strip(),
        beskrivelse=beskrivelse.strip(),
        regel=regel.strip(),
        etat=etat,
        funnet_i_mote=funnet_i_mote,
        registrert_av=registrert_av,
        status=status,
        utfall=utfall.strip(),
    )
    hinder.full_clean()
    hinder.save()
    return hinder


# What an edit of a rule barrier may change (the edit form gives these).
REGELHINDER_FIELDS = ("pilot", "kommune", "tittel", "beskrivelse", "regel", "etat", "utfall")
# Fields named when an edit form turns out to be older than the barrier.
REGELHINDER_KONFLIKT_FIELDS = (*REGELHINDER_FIELDS, "status")


def _sjekk_regelhinder_status(regelhinder: Regelhinder, status: str, utfall: str) -> None:
    """The path identifisert → vurdert → løftet til nasjonalt nivå → endret / avvist:
    only the next steps, and an outcome when it ends."""
    if status != regelhinder.status and status not in dict(regelhinder.neste_statuser):
        raise ValidationError(
            {
                "status": _("Kan ikke gå fra «%(fra)s» til «%(til)s».")
                % {
                    "fra": regelhinder.get_status_display(),
                    "til": Regelhinder.Status(status).label
                    if status in Regelhinder.Status.values
                    else status,
                }
            }
        )
    if status in (Regelhinder.Status.ENDRET, Regelhinder.Status.AVVIST) and not utfall.strip():
        raise ValidationError(
            {"utfall": _("Skriv utfallet når regelhinderet er endret eller avvist.")}
        )


def _lagre_med_historikk(hinder: Regelhinder, *, endret_av: Bruker | None, kommentar: str):
    """Save ``hinder`` as a new version; its history row names ``endret_av`` (outside a
    request the middleware knows nobody) and carries ``kommentar`` as the change reason."""
    ny_versjon(hinder)
    hinder.full_clean()
    if endret_av is not None:
        hinder._history_user = endret_av
    hinder._change_reason = kommentar.strip() or None
    hinder.save()
    return hinder


@transaction.atomic
def regelhinder_set_status(
    *,
    regelhinder: Regelhinder,
    status: str,
    utfall: str = "",
    kommentar: str = "",
    endret_av: Bruker | None = None,
) -> Regelhinder:
    """Move along identifisert → vurdert → løftet til nasjonalt nivå → endret / avvist,
    with an optional comment kept in the status history."""
    locked = Regelhinder.objects.select_for_update().get(pk=regelhinder.pk)
    _sjekk_regelhinder_status(locked, status, utfall or locked.utfall)
    locked.status = status
    if utfall.strip():
        locked.utfall = utfall.strip()
    _lagre_med_historikk(locked, endret_av=endret_av, kommentar=kommentar)
    regelhinder.refresh_from_db()
    return locked


@transaction.atomic
def regelhinder_update(
    *,
    regelhinder: Regelhinder,
    endret_av: Bruker | None,
    versjon: int | None = None,
    status: str | None = None,
    kommentar: str = "",
    **fields: object,
) -> Regelhinder:
    """Change what a rule barrier says (``REGELHINDER_FIELDS``) and, in the same
    save, its status along its path. One history row: who, when, the changed fields,
    the status from → to and the comment. All or nothing.

    ``versjon`` is the version the edit form was opened at: if somebody saved the
    barrier since, nothing is saved and ``felles.laas.Foreldet`` says who and what."""
    unknown = set(fields) - set(REGELHINDER_FIELDS)
    if unknown:
        raise TypeError(f"Ukjente felt: {', '.join(sorted(unknown))}")
    locked = laas(
        Regelhinder,
        pk=regelhinder.pk,
        versjon=versjon,
        melding=lagret_etter(_("regelhinderet")),
        felt=REGELHINDER_KONFLIKT_FIELDS,
    )
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    if not locked.tittel or not locked.beskrivelse:
        raise ValidationError(
            {
                name: _("Dette feltet er påkrevd.")
                for name in ("tittel", "beskrivelse")
                if not getattr(locked, name)
            }
        )
    if status is not None:
        _sjekk_regelhinder_status(locked, status, locked.utfall)
        locked.status = status
    if locked.funnet_i_mote_id and locked.funnet_i_mote.kommune_id != locked.kommune_id:
        # Moved to another kommune: the meeting it was found in no longer matches.
        raise ValidationError(
            {"kommune": _("Regelhinderet ble funnet i et møte med en annen kommune.")}
        )
    _lagre_med_historikk(locked, endret_av=endret_av, kommentar=kommentar)
    regelhinder.refresh_from_db()
    return locked


# ---------------------------------------------------------------- meeting series


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def serie_tidspunkter(*, forste_start: datetime, intervall: str, antall: int) -> list[datetime]:
    """The start times of a series, kept at the same local wall-clock time."""
    lokal = timezone.localtime(forste_start).replace(tzinfo=None)
    times = []
    for n in range(antall):
        if intervall == Moteserie.Intervall.MAANEDLIG:
            naive = _add_months(lokal, n)
        else:
            naive = lokal + timedelta(weeks=int(intervall) * n)
        times.append(timezone.make_aware(naive))
    return times


@transaction.atomic
def moteserie_create(
    *,
    pilot: Pilot,
    kommune: Kommune | None,
    tittel: str,
    type: str,
    intervall: str,
    forste_start: datetime,
    antall: int,
    varighet_minutter: int = 60,
    sted: str = "",
    digitalt: bool = False,
    opprettet_av: Bruker | None = None,
) -> Moteserie:
    """Create a series and its planned meetings (status «planlagt»), to be logged
    when they have taken place."""
    serie = Moteserie(
        pilot=pilot,
        kommune=kommune,
        tittel=tittel.strip(),
        type=type,
        intervall=intervall,
        forste_start=forste_start,
        antall=antall,
        varighet_minutter=varighet_minutter,
        sted=sted,
        digitalt=digitalt,
        opprettet_av=opprettet_av,
    )
    serie.full_clean()
    serie.save()
    for start in serie_tidspunkter(forste_start=forste_start, intervall=intervall, antall=antall):
        mote_log(
            pilot=pilot,
            kommune=kommune,
            type=type,
            tittel=serie.tittel,
            start=start,
            status=Mote.Status.PLANLAGT,
            varighet_minutter=varighet_minutter,
            sted=sted,
            digitalt=digitalt,
            skrevet_av=None,
            moteserie=serie,
        )
    return serie


# ---------------------------------------------------------------- calendar feed


def kalendertoken_get_or_create(*, bruker: Bruker) -> Kalendertoken:
    token = Kalendertoken.objects.filter(bruker=bruker).first()
    if token is None:
        token = Kalendertoken.objects.create(bruker=bruker, token=secrets.token_urlsafe(32))
    return token


def kalendertoken_regenerate(*, bruker: Bruker) -> Kalendertoken:
    """A new secret: the old feed address stops working at once."""
    token, _created = Kalendertoken.objects.update_or_create(
        bruker=bruker,
        defaults={"token": secrets.token_urlsafe(32), "opprettet": timezone.now()},
    )
    return token


# ---------------------------------------------------------------- monthly digest


def oppfolging_digest(*, today: date) -> int:
    """The monthly digest: each investment leader gets the overdue follow-up points of
    the kommuner they lead, once per month (``felles.varsler``, keyed on month and
    leader: the email's send-once key stays ``digest:<month>:<leader id>``). Leaders
    with nothing overdue get nothing."""
    led = Deltakelse.objects.filter(
        investeringsleder__isnull=False, investeringsleder__is_active=True
    ).select_related("investeringsleder")
    leaders: dict[int, tuple[Bruker, set[tuple[int, int]]]] = {}
    for d in led:
        leaders.setdefault(d.investeringsleder_id, (d.investeringsleder, set()))[1].add(
            (d.pilot_id, d.kommune_id)
        )
    pairs = {pair for _leader, led_pairs in leaders.values() for pair in led_pairs}
    overdue = list(
        Oppfolgingspunkt.objects.forfalte(today)
        .filter(mote__kommune_id__in={k for _p, k in pairs})
        .select_related("mote__kommune", "mote__pilot", "ansvarlig_bruker", "ansvarlig_etat")
        .order_by("frist")
    )
    month = f"{today:%Y-%m}"
    sent = 0
    for _leader_id, (leader, led_pairs) in leaders.items():
        punkter = [p for p in overdue if (p.mote.pilot_id, p.mote.kommune_id) in led_pairs]
        if not punkter:
            continue
        body = partial(  # rendered in the leader's language (felles.varsler)
            render_to_string,
            "investering/epost/oppfolging_digest.txt",
            {"bruker": leader, "punkter": punkter, "dato": today},
        )
        sent += varsle(
            mottaker=leader,
            slag=varsler.OPPFOLGING_FORFALT,
            tittel=gettext_noop("Forfalte oppfølgingspunkter i dine kommuner (%(n)s)"),
            param={"n": len(punkter)},
            url=reverse("investering:oppfolging_board"),
            noekkel=f"digest:{month}",
            tekst=body,
        )
    return sent


# Follow-up points are announced from this many days before their deadline, and as
# overdue up to this many days after it (a day the beat missed is caught up).
FRIST_VARSEL_DAGER = 3
FORFALT_VARSEL_DAGER = 7


def varsle_oppfolgingsfrister(*, today: date) -> int:
    """Daily (beat): open follow-up points due within three days, and those overdue,
    each told once per point and deadline (a moved deadline is told again) to the
    responsible person, or to the kommune's investment leaders when no person is
    responsible. Returns the emails sent."""
    punkter = list(
        Oppfolgingspunkt.objects.apne()
        .filter(
            frist__gte=today - timedelta(days=FORFALT_VARSEL_DAGER),
            frist__lte=today + timedelta(days=FRIST_VARSEL_DAGER),
        )
        .select_related("mote__kommune", "ansvarlig_bruker")
        .order_by("frist", "pk")
    )
    ledere: dict[tuple[int, int], list[Bruker]] = {}
    for d in Deltakelse.objects.filter(
        investeringsleder__is_active=True,
        kommune_id__in={p.mote.kommune_id for p in punkter},
    ).select_related("investeringsleder"):
        ledere.setdefault((d.pilot_id, d.kommune_id), []).append(d.investeringsleder)
    sent = 0
    for p in punkter:
        if p.ansvarlig_bruker is not None and p.ansvarlig_bruker.is_active:
            mottakere = [p.ansvarlig_bruker]
        else:
            mottakere = ledere.get((p.mote.pilot_id, p.mote.kommune_id), [])
        if p.frist < today:
            slag, noekkel = varsler.OPPFOLGING_FORFALT, f"oppfolging-forfalt:{p.pk}:{p.frist}"
            tittel = gettext_noop(
                "Forfalt oppfølgingspunkt i %(kommune)s (frist %(frist)s): %(tekst)s"
            )
        else:
            slag, noekkel = varsler.OPPFOLGING_FRIST, f"oppfolging-frist:{p.pk}:{p.frist}"
            tittel = gettext_noop("Frist %(frist)s for oppfølgingspunkt i %(kommune)s: %(tekst)s")
        sent += varsle_alle(
            mottakere=mottakere,
            slag=slag,
            tittel=tittel,
            param={
                "kommune": p.mote.kommune.navn,
                "frist": p.frist,
                "tekst": Truncator(p.tekst).chars(120),
            },
            url=p.mote.get_absolute_url(),
            noekkel=noekkel,
        )
    return sent
