"""Reads for the user administration pages (a fixed number of queries each)."""

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet

from kommuner.models import Bruker

from .models import Invitasjon


def bruker_list(*, rolle="", kommune=None, pilot=None, aktiv="") -> QuerySet[Bruker]:
    qs = Bruker.objects.select_related("kommune", "etat").prefetch_related(
        Prefetch("groups", queryset=Group.objects.order_by("name"))
    )
    if rolle:
        qs = qs.med_rolle(rolle, bare_aktive=False)
    if kommune is not None:
        qs = qs.filter(kommune=kommune)
    if pilot is not None:
        qs = qs.filter(Q(kommune__deltakelser__pilot=pilot) | Q(ledede_deltakelser__pilot=pilot))
    if aktiv == "ja":
        qs = qs.filter(is_active=True)
    elif aktiv == "nei":
        qs = qs.filter(is_active=False)
    return qs.distinct().order_by("fullt_navn", "email")


def invitasjoner_aapne() -> QuerySet[Invitasjon]:
    return (
        Invitasjon.objects.filter(brukt__isnull=True, trukket__isnull=True)
        .select_related("kommune", "pilot", "invitert_av")
        .order_by("-opprettet")
    )
