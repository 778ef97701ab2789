"""The history of a grant's rows and the export of a round's applications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    QuerySet,
)
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from felles.tabellfil import i_biter

from ..models import (
    Soknad,
    Svar,
    Tildeling,
    Tilskuddsrunde,
    Utbetaling,
)
from .oversikt import Eksport


@dataclass
class Hendelse:
    """One line of a history: when, who, what kind of row, what happened."""

    tid: object
    hvem: object
    hva: str
    handling: str
    endringer: list[str]


def _verdi(record, felt: str) -> str:
    value = getattr(record, felt)
    try:
        model_field = record.instance_type._meta.get_field(felt)
    except Exception:  # noqa: BLE001 - a field that is not on the model
        return str(value)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int) and "belop" in felt:
        from felles.penger import format_kroner

        return format_kroner(value)
    return str(value)


_SKJULT = {"id", "history_id", "history_date", "history_change_reason", "history_type"}


def historikk(kilder: list[tuple[str, QuerySet]]) -> list[Hendelse]:
    """The django-simple-history records of some rows, newest first, each with what it
    changed from the row's record before it. One query per source (its user joined)."""
    hendelser: list[Hendelse] = []
    handling = {"+": _("opprettet"), "~": _("endret"), "-": _("slettet")}
    for hva, qs in kilder:
        # The rows' links (who registered it, the pot …) are joined, so that naming an
        # old and a new value costs no query.
        lenker = [f.name for f in qs.model._meta.fields if f.many_to_one]
        records = list(qs.select_related(*lenker).order_by("history_date", "history_id"))
        forrige: dict = {}
        for record in records:
            endringer = []
            old = forrige.get(record.id)
            if old is not None:
                delta = record.diff_against(old)
                for change in delta.changes:
                    if change.field in _SKJULT:
                        continue
                    felt = record.instance_type._meta.get_field(change.field)
                    endringer.append(
                        _("%(felt)s: %(fra)s → %(til)s")
                        % {
                            "felt": felt.verbose_name,
                            "fra": _verdi(old, change.field),
                            "til": _verdi(record, change.field),
                        }
                    )
            forrige[record.id] = record
            hendelser.append(
                Hendelse(
                    tid=record.history_date,
                    hvem=record.history_user,
                    hva=hva,
                    handling=handling.get(record.history_type, record.history_type),
                    endringer=endringer,
                )
            )
    return sorted(hendelser, key=lambda h: h.tid, reverse=True)


def tildeling_historikk(*, tildeling: Tildeling) -> list[Hendelse]:
    """The history of an allocation and its payments (two queries)."""
    return historikk(
        [
            (_("Tildeling"), Tildeling.history.filter(id=tildeling.pk)),
            (_("Utbetaling"), Utbetaling.history.filter(tildeling_id=tildeling.pk)),
        ]
    )


def soknad_eksport(*, runde: Tilskuddsrunde) -> Eksport:
    """The round's applications and decisions as rows for a CSV/XLSX file, with the
    case reference. The rows are a generator over one query (read in chunks)."""
    header = [
        _("Saksnummer"),
        _("Kommune"),
        _("Tittel"),
        _("Status"),
        _("Sendt inn"),
        _("Søkt (kr)"),
        _("Utfall"),
        _("Innvilget (kr)"),
        _("Vedtatt"),
        _("Vedtatt av"),
        _("Vedtaksversjon"),
    ]
    sporsmal = list(runde.sporsmal.all())
    header += [sp.tekst for sp in sporsmal]
    qs = (
        runde.soknader.exclude(status=Soknad.Status.UTKAST)
        .select_related("kommune", "vedtak__vedtatt_av")
        .order_by("sendt_inn", "pk")
    )

    def rows():
        # The answers of each chunk of 2000 applications in one query.
        for chunk in i_biter(qs):
            svar = {}
            for a in Svar.objects.filter(soknad__in=[s.pk for s in chunk]).select_related(
                "vedlegg"
            ):
                svar[(a.soknad_id, a.sporsmal_id)] = a.visning
            for s in chunk:
                yield [
                    *_eksportrad(s),
                    *(svar.get((s.pk, sp.pk), "") for sp in sporsmal),
                ]

    return Eksport(tittel=str(runde.tittel), header=[str(h) for h in header], rows=rows())


def _eksportrad(s: Soknad) -> list:
    vedtak = getattr(s, "vedtak", None)
    return [
        s.saksnummer,
        s.kommune.navn,
        s.tittel,
        s.get_status_display(),
        timezone.localtime(s.sendt_inn).date() if s.sendt_inn else None,
        s.belop_sokt,
        vedtak.get_utfall_display() if vedtak else "",
        vedtak.belop_innvilget if vedtak else None,
        timezone.localtime(vedtak.vedtatt).date() if vedtak else None,
        vedtak.vedtatt_av.fullt_navn if vedtak else "",
        vedtak.versjon if vedtak else None,
    ]
