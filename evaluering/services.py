"""Writes for goals, assessments, reflection forms, notes and status reports."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from datetime import date
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from felles import oversatt
from felles.jobber import legg_i_ko
from felles.pdf import render_pdf
from felles.svg import bar_chart
from felles.varsler import varsle, varsle_alle
from kommuner.models import Bruker, Deltakelse, Indikator, Kommune, Pilot, Tiltak
from kommuner.roller import Rolle

from . import access, selectors, varsler
from .models import (
    SKALA_VERDI,
    Evalueringsnotat,
    Mal,
    Maloppnaelse,
    Pastand,
    Pastandssvar,
    Rapportperiode,
    Refleksjonsskjema,
    Refleksjonssvar,
    Skala,
    Statusrapport,
    render_tidsgrense,
)

log = logging.getLogger(__name__)

# Attach the PDF to the steering group's email up to this size; above it, send a link.
MAX_VEDLEGG = 5 * 1024 * 1024


def periode_for_date(day: date) -> tuple[int, int]:
    return day.year, 1 if day.month <= 6 else 2


def previous_half_year(day: date) -> tuple[int, int]:
    year, half = periode_for_date(day)
    return (year, 1) if half == 2 else (year - 1, 2)


def periode_get_or_create(*, pilot: Pilot, aar: int, halvaar: int) -> Rapportperiode:
    periode, _created = Rapportperiode.objects.get_or_create(pilot=pilot, aar=aar, halvaar=halvaar)
    return periode


@transaction.atomic
def mal_upsert(
    *,
    pilot: Pilot,
    nummer: int,
    tittel: str,
    beskrivelse: str = "",
    tittel_nn: str | None = None,
    tittel_en: str | None = None,
    beskrivelse_nn: str | None = None,
    beskrivelse_en: str | None = None,
    indikatorer: Iterable[Indikator] | None = None,
) -> Mal:
    """Create or change goal ``nummer`` of ``pilot``. ``tittel`` and ``beskrivelse`` are
    bokmål; the nynorsk and English texts are changed when given ("" removes one)."""
    mal = Mal.objects.filter(pilot=pilot, nummer=nummer).first() or Mal(pilot=pilot, nummer=nummer)
    tekster = {
        "tittel": tittel,
        "beskrivelse": beskrivelse,
        "tittel_nn": tittel_nn,
        "tittel_en": tittel_en,
        "beskrivelse_nn": beskrivelse_nn,
        "beskrivelse_en": beskrivelse_en,
    }
    with oversatt.bokmal():
        oversatt.sett_tekster(
            mal, ("tittel", "beskrivelse"), {k: v for k, v in tekster.items() if v is not None}
        )
        mal.full_clean()
        mal.save()
    if indikatorer is not None:
        mal.indikatorer.set(indikatorer)
    return mal


def _require_open(periode: Rapportperiode) -> None:
    if periode.status == Rapportperiode.Status.PUBLISERT:
        raise ValidationError(
            _("Perioden %(kode)s er publisert og kan ikke endres.") % {"kode": periode.kode}
        )


@transaction.atomic
def maloppnaelse_set(
    *,
    mal: Mal,
    periode: Rapportperiode,
    kommune: Kommune | None,
    vurdering: str,
    begrunnelse: str,
    vurdert_av: Bruker,
    dato: date | None = None,
    tiltak: Iterable[Tiltak] | None = None,
) -> Maloppnaelse:
    """Set the assessment of a goal for a period (overall when ``kommune`` is None)."""
    if mal.pilot_id != periode.pilot_id:
        raise ValidationError(_("Målet og perioden hører til ulike piloter."))
    periode = Rapportperiode.objects.select_for_update().get(pk=periode.pk)
    _require_open(periode)
    obj = Maloppnaelse.objects.filter(mal=mal, periode=periode, kommune=kommune).first()
    obj = obj or Maloppnaelse(mal=mal, periode=periode, kommune=kommune)
    obj.vurdering = vurdering
    obj.begrunnelse = begrunnelse
    obj.vurdert_av = vurdert_av
    obj.dato = dato or timezone.localdate()
    obj.full_clean()
    obj.save()
    if tiltak is not None:
        if kommune and any(t.kommune_id != kommune.pk for t in tiltak):
            raise ValidationError(_("Tiltakene må høre til kommunen som vurderes."))
        obj.tiltak.set(tiltak)
    return obj


@transaction.atomic
def refleksjonsskjema_create(
    *,
    pilot: Pilot,
    periode: Rapportperiode,
    tittel: str,
    innledning: str,
    pastander: list[str],
    kommuner: list[Kommune],
    forrige: Refleksjonsskjema | None = None,
    varsle: bool = True,
    pastander_nn: list[str] | None = None,
    pastander_en: list[str] | None = None,
) -> Refleksjonsskjema:
    """Make a form and send it to ``kommuner``: their contact persons are told after
    commit (``varsle_refleksjonsskjema``), unless ``varsle`` is off (the demo's
    historical forms). The statements are bokmål; ``pastander_nn``/``pastander_en``
    give the same statements in nynorsk and English, line for line (or none)."""
    pastander = [p.strip() for p in pastander if p.strip()]
    if not pastander:
        raise ValidationError({"pastander": _("Skjemaet må ha minst én påstand.")})
    oversatte = {}
    for sprak, linjer in (("nn", pastander_nn), ("en", pastander_en)):
        linjer = [p.strip() for p in linjer or [] if p.strip()]
        if linjer and len(linjer) != len(pastander):
            raise ValidationError(
                {
                    f"pastander_{sprak}": _(
                        "Skriv like mange påstander som på bokmål (%(n)s), én per linje."
                    )
                    % {"n": len(pastander)}
                }
            )
        oversatte[sprak] = linjer
    if not kommuner:
        raise ValidationError({"kommuner": _("Velg minst én kommune.")})
    skjema = Refleksjonsskjema(
        pilot=pilot, periode=periode, tittel=tittel, innledning=innledning, forrige=forrige
    )
    skjema.full_clean()
    skjema.save()
    skjema.kommuner.set(kommuner)
    with oversatt.bokmal():
        Pastand.objects.bulk_create(
            [
                Pastand(
                    skjema=skjema,
                    nummer=i,
                    tekst=t,
                    tekst_nb=t,
                    tekst_nn=oversatte["nn"][i - 1] if oversatte["nn"] else None,
                    tekst_en=oversatte["en"][i - 1] if oversatte["en"] else None,
                )
                for i, t in enumerate(pastander, start=1)
            ]
        )
    if varsle:
        legg_i_ko("evaluering.tasks.varsle_refleksjonsskjema", skjema.pk)
    return skjema


def pastand_tekster_set(
    *, pastand: Pastand, tekst_nn: str | None = None, tekst_en: str | None = None
) -> Pastand:
    """A statement's text in nynorsk and English ("" or None: none; the reader sees the
    bokmål text). The bokmål text, which the answers were given to, stays."""
    with oversatt.bokmal():
        oversatt.sett_tekster(pastand, ("tekst",), {"tekst_nn": tekst_nn, "tekst_en": tekst_en})
        pastand.full_clean()
        pastand.save()
    return pastand


def varsle_refleksjonsskjema(*, skjema_id: int) -> int:
    """The contact persons of each kommune the form was sent to, and that has not
    answered it, are told (``felles.varsler``): once per form and person. Returns the
    emails sent."""
    skjema = Refleksjonsskjema.objects.filter(pk=skjema_id).select_related("periode").first()
    if skjema is None:
        return 0
    besvart = Refleksjonssvar.objects.filter(skjema=skjema).values("kommune_id")
    mottakere = (
        Bruker.objects.med_rolle(Rolle.KONTAKTPERSON)
        .filter(kommune__in=skjema.kommuner.all())
        .exclude(kommune_id__in=besvart)
        .order_by("pk")
    )
    return varsle_alle(
        mottakere=mottakere,
        slag=varsler.REFLEKSJONSSKJEMA,
        tittel=gettext_noop("Nytt refleksjonsskjema til kommunen: %(tittel)s"),
        param={"tittel": skjema.tittel},
        url=reverse("evaluering:skjema_svar", args=[skjema.pk]),
        noekkel=f"refleksjonsskjema:{skjema.pk}",
    )


@transaction.atomic
def refleksjonssvar_submit(
    *,
    skjema: Refleksjonsskjema,
    kommune: Kommune,
    besvart_av: Bruker,
    verdier: dict[int, int],
    fritekst: str = "",
) -> Refleksjonssvar:
    """A kommune answers a form once. ``verdier`` maps statement id to 1–5."""
    if not skjema.kommuner.filter(pk=kommune.pk).exists():
        raise ValidationError(_("Skjemaet er ikke sendt til %(k)s.") % {"k": kommune})
    if Refleksjonssvar.objects.filter(skjema=skjema, kommune=kommune).exists():
        raise ValidationError(_("%(k)s har allerede svart på dette skjemaet.") % {"k": kommune})
    pastander = list(skjema.pastander.all())
    missing = [p for p in pastander if p.pk not in verdier]
    if missing:
        raise ValidationError(_("Svar på alle påstandene (1–5)."))
    if any(not 1 <= int(v) <= 5 for v in verdier.values()):
        raise ValidationError(_("Svarene må være fra 1 til 5."))
    svar = Refleksjonssvar(
        skjema=skjema,
        kommune=kommune,
        fritekst=fritekst,
        besvart_av=besvart_av,
        besvart=timezone.now(),
    )
    svar.full_clean()
    try:
        with transaction.atomic():
            svar.save()
    except IntegrityError as exc:  # two submissions at once
        raise ValidationError(
            _("%(k)s har allerede svart på dette skjemaet.") % {"k": kommune}
        ) from exc
    Pastandssvar.objects.bulk_create(
        [Pastandssvar(svar=svar, pastand=p, verdi=int(verdier[p.pk])) for p in pastander]
    )
    return svar


def evalueringsnotat_create(
    *, kommune: Kommune, periode: Rapportperiode, tekst: str, forfatter: Bruker
) -> Evalueringsnotat:
    notat = Evalueringsnotat(kommune=kommune, periode=periode, tekst=tekst, forfatter=forfatter)
    notat.full_clean()
    notat.save()
    return notat


# --- Status reports -----------------------------------------------------------------


@transaction.atomic
def statusrapport_bestill(*, periode: Rapportperiode, bestilt_av: Bruker | None) -> Statusrapport:
    """Order a new version of the period's report and render it in the background."""
    Rapportperiode.objects.select_for_update().get(pk=periode.pk)
    versjon = (periode.statusrapporter.aggregate(m=Max("versjon"))["m"] or 0) + 1
    rapport = Statusrapport.objects.create(
        periode=periode, versjon=versjon, bestilt=timezone.now(), generert_av=bestilt_av
    )
    _enqueue_render(rapport)
    return rapport


@transaction.atomic
def statusrapport_restart(*, rapport: Statusrapport, bruker: Bruker) -> Statusrapport:
    """Start a report that stalled (its worker died or its job was lost) again. The
    render is idempotent, so a late first attempt does no harm."""
    if not access.may_manage_reports(bruker):
        raise PermissionDenied
    rapport = Statusrapport.objects.select_for_update(of=("self",)).get(pk=rapport.pk)
    if not rapport.stoppet_opp:
        raise ValidationError(_("Rapporten har ikke stoppet opp og kan ikke startes på nytt."))
    _enqueue_render(rapport)
    return rapport


@transaction.atomic
def statusrapport_planlagt(*, periode: Rapportperiode) -> tuple[Statusrapport, bool]:
    """The scheduled draft of a period: version 1, made once however often the
    schedule fires (the unique (period, version) row is the idempotence key)."""
    Rapportperiode.objects.select_for_update().get(pk=periode.pk)
    existing = periode.statusrapporter.order_by("versjon").first()
    if existing:
        return existing, False
    rapport = Statusrapport.objects.create(periode=periode, versjon=1, bestilt=timezone.now())
    _enqueue_render(rapport)
    return rapport, True


def _enqueue_render(rapport: Statusrapport) -> None:
    """Record the render job with the report (the outbox); it reaches the worker
    after commit, or later if the broker is down. Its time limit follows the number
    of kommuner in the report (``render_tidsgrense``)."""
    antall = Deltakelse.objects.filter(
        pilot_id=rapport.periode.pilot_id, status=Deltakelse.Status.DELTAR
    ).count()
    grense = render_tidsgrense(antall)
    rapport.jobb = legg_i_ko(
        "evaluering.tasks.statusrapport_render",
        rapport.pk,
        time_limit=grense,
        soft_time_limit=grense - 60,
    )
    rapport.save(update_fields=["jobb"])


def report_context(*, periode: Rapportperiode, fylke: str = "") -> dict:
    """The dashboard's data plus server-rendered SVG charts for the PDF."""
    context = selectors.dashboard(pilot=periode.pilot, periode=periode, fylke=fylke)
    label_of_score = {n: str(Skala(k).label) for k, n in SKALA_VERDI.items()}

    def score(vurdering):
        if vurdering is None:
            return str(_("ikke vurdert"))
        return SKALA_VERDI.get(vurdering.vurdering, str(vurdering.get_vurdering_display()))

    context["svg_mal"] = bar_chart(
        [(_("Mål %(n)s") % {"n": m["mal"].nummer}, score(m["vurdering"])) for m in context["mal"]],
        title=_("Måloppnåelse per mål"),
        maximum=4,
        value_format=lambda v: label_of_score[v],
    )
    context["svg_milepaeler"] = bar_chart(
        context["milepael_telling"],
        title=_("Kommuner som har nådd hver milepæl"),
        maximum=max(1, len(context["rader"])),
    )
    return context


def _snapshot(context: dict) -> dict:
    """The data the PDF was made from, as plain JSON: decimals as exact strings
    ("12.40"), dates as ISO. ``selectors.rapport_grunnlag`` reads it back."""
    periode = context["periode"]
    data = {
        "pilot": context["pilot"].navn,
        "periode": periode.kode,
        "kommuner": [
            {
                "kommunenummer": r["kommune"].kommunenummer,
                "navn": r["kommune"].navn,
                "milepael": str(r["deltakelse"].gjeldende_milepael or ""),
                "fase": str(r["deltakelse"].get_fase_display() or ""),
                "investeringsleders_etat": str(r["deltakelse"].investeringsleder_etat or ""),
                "vurderinger": {
                    str(m.nummer): v.vurdering if v else None for m, v in r["vurderinger"]
                },
                "moter": r.get("moter", {}),
                "tilskudd": r.get("tilskudd", {}),
                "indikatorer": r.get("indikatorer", {}),
            }
            for r in context["rader"]
        ],
        "mal": [
            {
                "nummer": m["mal"].nummer,
                "tittel": m["mal"].tittel,
                "vurdering": m["vurdering"].vurdering if m["vurdering"] else None,
                "begrunnelse": m["vurdering"].begrunnelse if m["vurdering"] else "",
            }
            for m in context["mal"]
        ],
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def statusrapport_render(*, rapport_id: int) -> Statusrapport:
    """Render the report's PDF. Idempotent: a report that has its PDF is left alone.

    The data is read and the PDF laid out outside any transaction, so no row of the
    pilot, period or kommuner is locked while WeasyPrint works (a meeting logged
    meanwhile does not wait); the result is saved in one short transaction that
    checks the report is still waiting for it."""
    rapport = Statusrapport.objects.select_related("periode__pilot").get(pk=rapport_id)
    if rapport.status != Statusrapport.Status.VENTER:
        return rapport
    generert = timezone.now()
    context = report_context(periode=rapport.periode)
    data = render_pdf("pdf/statusrapport.html", {**context, "rapport": rapport})
    grunnlag = _snapshot(context)
    with transaction.atomic():
        rapport = (
            Statusrapport.objects.select_for_update(of=("self",))
            .select_related("periode__pilot")
            .get(pk=rapport_id)
        )
        if rapport.status != Statusrapport.Status.VENTER:
            return rapport  # another attempt finished first
        rapport.generert = generert
        rapport.pdf.save(rapport_path_name(rapport), ContentFile(data), save=False)
        rapport.sha256 = hashlib.sha256(data).hexdigest()
        rapport.grunnlag = grunnlag
        rapport.status = Statusrapport.Status.UTKAST
        rapport.feilmelding = ""
        rapport.full_clean()
        rapport.save()
        if rapport.versjon == 1 and rapport.generert_av_id is None:
            legg_i_ko("evaluering.tasks.varsle_utkast_klart", rapport.pk)
    return rapport


# --- One status PDF per kommune, spread over the workers -----------------------------


def kommunestatus_path(periode: Rapportperiode, kommune: Kommune) -> str:
    return (
        f"statusrapporter/{periode.pilot.slug}/{periode.kode}/kommuner/"
        f"status-{kommune.kommunenummer}-{periode.kode}.pdf"
    )


@transaction.atomic
def kommunestatus_bestill_alle(*, periode: Rapportperiode) -> list[int]:
    """Order the one-kommune status PDF of every participating kommune for the period:
    one outbox job per kommune, so that the renders spread over every worker (two
    workers make a batch in about half the time of one). Returns the job ids."""
    kommune_ids = Deltakelse.objects.filter(
        pilot_id=periode.pilot_id, status=Deltakelse.Status.DELTAR
    ).values_list("kommune_id", flat=True)
    return [
        legg_i_ko("evaluering.tasks.kommunestatus_render", periode.pk, kommune_id).pk
        for kommune_id in kommune_ids.order_by("kommune__navn")
    ]


def kommunestatus_render(*, periode_id: int, kommune_id: int) -> str | None:
    """Render one kommune's status PDF for the period into storage (the same name
    each time, so a repeated job replaces it). Reads that kommune only. Returns the
    stored name, or None if the kommune no longer takes part."""
    from django.core.files.storage import default_storage

    periode = Rapportperiode.objects.select_related("pilot").get(pk=periode_id)
    kommune = Kommune.objects.get(pk=kommune_id)
    context = selectors.kommune_status(pilot=periode.pilot, periode=periode, kommune=kommune)
    if context is None:
        return None
    data = render_pdf("pdf/kommunestatus.html", context)
    name = kommunestatus_path(periode, kommune)
    default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def rapport_path_name(rapport: Statusrapport) -> str:
    return f"{rapport.periode.kode}-v{rapport.versjon}.pdf"


def statusrapport_mark_failed(*, rapport_id: int, error: str) -> None:
    """Record the failure on the report (the page shows it) and tell the admins
    (``felles.varsler``: in the portal, and by email unless they opted out), so a
    failure reaches a person rather than vanishing in a log."""
    Statusrapport.objects.filter(pk=rapport_id, status=Statusrapport.Status.VENTER).update(
        status=Statusrapport.Status.FEILET, feilmelding=error[:2000]
    )
    rapport = Statusrapport.objects.select_related("periode__pilot").get(pk=rapport_id)
    periode = rapport.periode
    url = reverse("evaluering:rapporter", args=[periode.pilot.slug, periode.kode])
    for bruker in _users_with_role(Rolle.ADMIN):
        try:
            varsle(
                mottaker=bruker,
                slag=varsler.STATUSRAPPORT_FEILET,
                tittel=gettext_noop("Statusrapport %(periode)s kunne ikke lages"),
                param={"periode": rapport.periode.kode},
                url=url,
                noekkel=f"feilet:{rapport.pk}",
                tekst=lambda: (
                    _("Rapporten %(rapport)s feilet: %(feil)s")
                    % {"rapport": rapport, "feil": error}
                ),
            )
        except Exception:  # the failure is already recorded on the report
            log.exception("Kunne ikke varsle %s om feilet rapport", bruker.email)


@transaction.atomic
def statusrapport_publish(
    *, rapport: Statusrapport, publisert_av: Bruker, varsle: bool = True
) -> Statusrapport:
    if not access.may_manage_reports(publisert_av):
        raise PermissionDenied
    rapport = Statusrapport.objects.select_for_update().get(pk=rapport.pk)
    if rapport.status != Statusrapport.Status.UTKAST:
        raise ValidationError(_("Bare et ferdig utkast kan publiseres."))
    rapport.status = Statusrapport.Status.PUBLISERT
    rapport.publisert = timezone.now()
    rapport.publisert_av = publisert_av
    rapport.save()
    Rapportperiode.objects.filter(pk=rapport.periode_id).update(
        status=Rapportperiode.Status.PUBLISERT
    )

    if varsle:
        legg_i_ko("evaluering.tasks.varsle_styringsgruppen", rapport.pk)
    return rapport


def _users_with_role(rolle: str):
    return Bruker.objects.med_rolle(rolle).order_by("email")


def varsle_utkast_klart(*, rapport_id: int) -> int:
    """Tell the admins that a half-year's draft report is ready (``felles.varsler``),
    once per report and admin. Returns the emails sent."""
    rapport = Statusrapport.objects.select_related("periode__pilot").get(pk=rapport_id)
    periode = rapport.periode
    url = reverse("evaluering:rapporter", args=[periode.pilot.slug, periode.kode])
    sent = 0
    for bruker in _users_with_role(Rolle.ADMIN):
        sent += varsle(
            mottaker=bruker,
            slag=varsler.STATUSRAPPORT_UTKAST,
            tittel=gettext_noop("Utkast til statusrapport %(periode)s er klart"),
            param={"periode": periode.kode},
            url=url,
            # The key of the email before it went through varsle: none is sent again.
            noekkel=f"utkast-klart:{rapport.pk}",
            tekst=partial(
                render_to_string,
                "evaluering/epost/utkast_klart.txt",
                {"rapport": rapport, "bruker": bruker},
            ),
        )
    return sent


def varsle_styringsgruppen(*, rapport_id: int) -> int:
    """Tell the steering group that a report is published (``felles.varsler``), the PDF
    attached to the email when it is small enough; once per report and member. Returns
    the emails sent."""
    rapport = Statusrapport.objects.select_related("periode__pilot").get(pk=rapport_id)
    data = rapport.pdf.read() if rapport.pdf else b""
    rapport.pdf.close()
    attach = len(data) <= MAX_VEDLEGG
    navn = f"statusrapport-{rapport.periode.kode}-v{rapport.versjon}.pdf"
    periode = rapport.periode
    url = reverse("evaluering:dashboard", args=[periode.pilot.slug]) + f"?periode={periode.kode}"
    sent = 0
    for bruker in _users_with_role(Rolle.STYRINGSGRUPPE):
        sent += varsle(
            mottaker=bruker,
            slag=varsler.STATUSRAPPORT_PUBLISERT,
            tittel=gettext_noop("Statusrapport %(pilot)s %(periode)s"),
            param={"pilot": periode.pilot.navn, "periode": periode.kode},
            url=url,
            noekkel=f"publisert:{rapport.pk}",
            tekst=partial(
                render_to_string,
                "evaluering/epost/rapport_publisert.txt",
                {
                    "rapport": rapport,
                    "bruker": bruker,
                    "vedlegg": attach,
                    "base_url": settings.PORTAL_URL,
                },
            ),
            vedlegg=[(navn, data, "application/pdf")] if attach else [],
        )
    return sent


def halvaar_avslutt(*, today: date) -> list[Statusrapport]:
    """At the turn of a half-year: close the period that ended for each running pilot
    and order its draft report (once)."""
    aar, halvaar = previous_half_year(today)
    bounds = Rapportperiode(aar=aar, halvaar=halvaar)
    running = Pilot.objects.filter(start__lte=bounds.slutt).filter(
        Q(slutt__isnull=True) | Q(slutt__gte=bounds.start)
    )
    made = []
    for pilot in running:
        periode = periode_get_or_create(pilot=pilot, aar=aar, halvaar=halvaar)
        if periode.status == Rapportperiode.Status.APEN:
            Rapportperiode.objects.filter(pk=periode.pk).update(status=Rapportperiode.Status.LUKKET)
        rapport, created = statusrapport_planlagt(periode=periode)
        if created:
            made.append(rapport)
    return made
