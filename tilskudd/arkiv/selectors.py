"""Reads of the case record: a case's documents, the journal (postjournal) of incoming
and outgoing documents, and its rows for a file."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import Dokument, Soknad


def dokumenter_i_sak(*, soknad: Soknad, user) -> QuerySet[Dokument]:
    """The documents of one case that ``user`` may read, in number order (one query,
    the case joined for the document numbers)."""
    return (
        Dokument.objects.for_user(user)
        .filter(soknad=soknad)
        .select_related("soknad")
        .order_by("nummer")
    )


def journal(
    *,
    user,
    fra: date | None = None,
    til: date | None = None,
    retning: str = "",
    slag: str = "",
    kommune: str = "",
) -> QuerySet[Dokument]:
    """The journal: documents by journal date, newest first, within what ``user`` may
    read, filtered by period (both ends included), direction, kind and kommune
    (kommunenummer). The case and its kommune are joined, so a page is one query."""
    qs = Dokument.objects.for_user(user).select_related("soknad__kommune")
    if fra:
        qs = qs.filter(dato__gte=fra)
    if til:
        qs = qs.filter(dato__lte=til)
    if retning:
        qs = qs.filter(retning=retning)
    if slag:
        qs = qs.filter(slag=slag)
    if kommune:
        qs = qs.filter(soknad__kommune__kommunenummer=kommune)
    return qs.order_by("-dato", "-soknad__saksaar", "-soknad__sekvensnummer", "-nummer")


def journal_eksport(dokumenter: QuerySet[Dokument]) -> tuple[list[str], object]:
    """The journal's header and rows for a CSV/XLSX file (rows read once, streamed)."""
    header = [
        _("Journaldato"),
        _("Dokumentnummer"),
        _("Saksnummer"),
        _("Retning"),
        _("Dokumenttype"),
        _("Tittel"),
        _("Avsender"),
        _("Mottaker"),
        _("Tilgangskode"),
        _("Hjemmel for skjerming"),
        _("Kommune"),
        _("SHA-256"),
    ]
    rows = (
        [
            d.dato,
            d.dokumentnummer,
            d.soknad.saksnummer,
            d.get_retning_display(),
            d.get_slag_display(),
            d.tittel,
            d.avsender,
            d.mottaker,
            d.tilgangskode,
            d.skjermingshjemmel,
            d.soknad.kommune.navn,
            d.sha256,
        ]
        for d in dokumenter.iterator(chunk_size=500)
    )
    return header, rows


def uttrekk_aar(*, user) -> list[int]:
    """The case years ``user`` may read numbered cases of, newest first (one query)."""
    return list(
        Soknad.objects.for_user(user)
        .filter(saksaar__isnull=False)
        .values_list("saksaar", flat=True)
        .distinct()
        .order_by("-saksaar")
    )


def saker_aa_velge(*, user, aar: int | None, kommune: str = "") -> QuerySet[Soknad]:
    """The numbered cases of year ``aar`` (and one kommune, by number) that ``user``
    may read, in case number order, with their kommune: what the extract form offers,
    paged by the view; their documents are not read."""
    qs = Soknad.objects.for_user(user).filter(saksaar=aar)
    if kommune:
        qs = qs.filter(kommune__kommunenummer=kommune)
    return qs.select_related("kommune").order_by("saksaar", "sekvensnummer")


def saker_for_uttrekk(*, user, ids) -> QuerySet[Soknad]:
    """The chosen cases (``ids``) with a case number that ``user`` may read, with their
    documents, kommune and people, for the archive extract (three queries)."""
    from django.db.models import Prefetch

    qs = Soknad.objects.for_user(user).filter(saksaar__isnull=False, pk__in=ids)
    return (
        qs.select_related("kommune", "opprettet_av")
        .prefetch_related(
            Prefetch(
                "dokumenter",
                queryset=Dokument.objects.for_user(user)
                .select_related("opprettet_av")
                .order_by("nummer"),
            )
        )
        .order_by("saksaar", "sekvensnummer")
    )
