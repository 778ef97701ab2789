"""Rule barriers: the list, one barrier, its history and the export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.tabellfil import eksportrader

from ..models import Motetype, Regelhinder


def regelhinder_list(user, *, kommune=None, etat=None, status: str = "", pilot=None):
    hindre = Regelhinder.objects.for_user(user)
    if kommune is not None:
        hindre = hindre.filter(kommune=kommune)
    if etat is not None:
        hindre = hindre.filter(etat=etat)
    if status:
        hindre = hindre.filter(status=status)
    if pilot is not None:
        hindre = hindre.filter(pilot=pilot)
    # The meeting's kommune too: a meeting without a title is named after it.
    return hindre.select_related(
        "pilot", "kommune", "etat", "funnet_i_mote__kommune", "registrert_av"
    ).order_by("-opprettet", "-pk")


def regelhinder_rader(hindre: list[Regelhinder], kan) -> list[dict]:
    """The list's rows for ``hindre`` (a ``regelhinder_list`` page) as plain values:
    what ``regelhinder_list.html`` writes (the meeting named as ``str(Mote)`` names
    it), with labels translated once and links without ``reverse()`` per row. ``kan``
    answers ``can_edit`` (``access.MoteRettigheter``)."""
    statuser = {k: str(v) for k, v in Regelhinder.Status.choices}
    typer = {k: str(v) for k, v in Motetype.choices}
    hvor_team = _("investeringsteamet")
    sti = reverse("investering:regelhinder_detail", args=[0])[:-2]
    mote_sti = reverse("investering:mote_detail", args=[0])[:-2]
    rader = []
    for h in hindre:
        mote = h.funnet_i_mote
        if mote is not None:
            hvor = mote.kommune.navn if mote.kommune_id else hvor_team
            overskrift = mote.tittel or f"{typer.get(mote.type, mote.type)} – {hvor}"
            mote_tekst = f"{overskrift} {timezone.localtime(mote.start):%d.%m.%Y}"
        rader.append(
            {
                "pk": h.pk,
                "url": f"{sti}{h.pk}/",
                "tittel": h.tittel,
                "beskrivelse": h.beskrivelse,
                "mote_url": f"{mote_sti}{mote.pk}/" if mote is not None else "",
                "mote": mote_tekst if mote is not None else "",
                "utfall": h.utfall,
                "kommune": (h.kommune.navn if h.kommune_id else "") or "–",
                "regel": h.regel or "–",
                "etat": (h.etat.navn if h.etat_id else "") or "",
                "status": statuser.get(h.status, h.status),
                "kan_endre_status": bool(kan.can_edit(h) and Regelhinder.OVERGANGER.get(h.status)),
            }
        )
    return rader


def regelhinder_detail(user) -> QuerySet[Regelhinder]:
    return Regelhinder.objects.for_user(user).select_related(
        "pilot", "kommune", "etat", "funnet_i_mote__kommune", "registrert_av"
    )


@dataclass
class Regelhinderhendelse:
    """One saved version of a rule barrier, as its history shows it."""

    tid: datetime
    hvem: object
    registrert: bool
    fra_status: str | None
    til_status: str | None
    endrede_felt: list[str]
    kommentar: str


# Fields whose changes the history names (the status is shown as from → to).
_HISTORIKK_FELT = ("tittel", "beskrivelse", "regel", "etat", "kommune", "pilot", "utfall")


def regelhinder_historikk(hinder: Regelhinder) -> list[Regelhinderhendelse]:
    """The rule barrier's history, oldest first: who saved, when, the status from →
    to when it moved, the other fields that changed and the comment given. One
    query."""
    versjoner = list(
        hinder.history.select_related("history_user").order_by("history_date", "history_id")
    )
    status_navn = dict(Regelhinder.Status.choices)
    hendelser = []
    forrige = None
    for v in versjoner:
        if forrige is None:
            fra, til, felt = None, status_navn.get(v.status, v.status), []
        else:
            endret = {
                c.field
                for c in v.diff_against(
                    forrige, included_fields=["status", *_HISTORIKK_FELT]
                ).changes
            }
            flyttet = "status" in endret
            fra = status_navn.get(forrige.status, forrige.status) if flyttet else None
            til = status_navn.get(v.status, v.status) if flyttet else None
            felt = [
                str(Regelhinder._meta.get_field(f).verbose_name)
                for f in _HISTORIKK_FELT
                if f in endret
            ]
        hendelser.append(
            Regelhinderhendelse(
                tid=v.history_date,
                hvem=v.history_user,
                registrert=forrige is None,
                fra_status=fra,
                til_status=til,
                endrede_felt=felt,
                kommentar=v.history_change_reason or "",
            )
        )
        forrige = v
    return hendelser


def regelhinder_eksport_rader(hindre: QuerySet[Regelhinder]) -> tuple[list[str], Iterator[list]]:
    """The header and rows of the rule barrier export (CSV/XLSX) of ``hindre``, a
    ``regelhinder_list`` queryset."""
    header = [
        _("Registrert"),
        _("Pilot"),
        _("Kommune"),
        _("Tittel"),
        _("Beskrivelse"),
        _("Regel, forskrift eller tildelingsbrev"),
        _("Etat som eier regelen"),
        _("Funnet i møte"),
        _("Status"),
        _("Utfall"),
    ]
    rows = eksportrader(
        hindre,
        lambda h: [
            h.opprettet,
            h.pilot.navn,
            h.kommune.navn if h.kommune else "",
            h.tittel,
            h.beskrivelse,
            h.regel,
            h.etat.navn if h.etat else "",
            str(h.funnet_i_mote or ""),
            h.get_status_display(),
            h.utfall,
        ],
    )
    return header, rows
