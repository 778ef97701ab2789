from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.datastand import hurtig_fragment
from felles.filer import PDF, fil_response
from felles.meldinger import skjema_utfor, utfor
from felles.pdf import render_pdf
from kommuner import selectors as kommuner_selectors
from kommuner.access import get_kommune_with_workdata_or_404, workdata_omfang
from kommuner.apps import KATALOG, REGISTER
from kommuner.models import Pilot
from tilskudd.apps import TILSKUDD

from . import access, selectors, services
from .apps import EVALUERING
from .forms import (
    MalForm,
    MaloppnaelseForm,
    NotatForm,
    RefleksjonsskjemaForm,
    RefleksjonssvarForm,
)
from .models import Evalueringsnotat, Mal, Rapportperiode, Refleksjonsskjema, Statusrapport
from .views_refleksjon import refleksjonsliste


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _periode_or_404(pilot, kode) -> Rapportperiode:
    try:
        aar, halvaar = kode.split("-H")
        return Rapportperiode.objects.get(pilot=pilot, aar=int(aar), halvaar=int(halvaar))
    except (ValueError, Rapportperiode.DoesNotExist) as exc:
        raise Http404 from exc


def dashboard_side(*, user, pilot, params) -> dict:
    """The context of ``evaluering/dashboard.html`` (the dashboard view and the steering
    group's home page): what the filter chose and whether the reader may assess
    (``selectors.dashboard_page``) on every request, and the page below its heading
    as ``side``, rendered once per choice and kept (``_dashboard_side``)."""
    context = selectors.dashboard_page(user=user, pilot=pilot, params=params)
    if pilot is not None:
        valg = context["valg"]
        stander = selectors.analysestander(**valg)
        context["side"] = _dashboard_side(
            **context["filtervalg"],
            analysestand=stander.alle,
            sidestand=stander.side,
            er_admin=context["er_admin"],
            side=valg["side"],
        )
    return context


# Where the whole-country summary per fylke goes in the page of kommuner
# (``_dashboard_innhold``): the two are kept apart, under the state of all the
# kommuner and of the page's.
FYLKER_MERKE = mark_safe("<!--fylkene-->")  # noqa: S308 (a constant of ours)


@hurtig_fragment(
    "evaluering/_dashboard_side.html", grupper=(EVALUERING, KATALOG, REGISTER, TILSKUDD)
)
def _dashboard_side(
    *,
    pilot,
    filterverdier: tuple,
    siste_mote,
    idag,
    analysestand: str,
    sidestand: str,
    er_admin: bool,
    side,
) -> dict:
    """The dashboard below its heading: the pilots, the filter, the period's reports
    and the figures, the same for every reader of one choice who may (or may not)
    assess, so one kept copy serves a warm request. Its parts are kept on their own
    inside it (``felles.datastand``): when a kommune's figures change, the filter and
    the pilot's grants are read, and only the figures of the kommuner are computed:
    with more than a page of them (the whole country), the page's (kept under
    ``sidestand``) only when the kommune is on it, and the summary per fylke of them
    all (under ``analysestand``)."""
    filtervalg = {
        "pilot": pilot,
        "filterverdier": filterverdier,
        "siste_mote": siste_mote,
        "idag": idag,
    }
    valg = {**selectors.dashboard_valg(**filtervalg)["valg"], "side": side}
    periode = valg["periode"]
    innhold = _dashboard_innhold(analysestand=sidestand, **valg)
    if FYLKER_MERKE in innhold:
        fylker = _dashboard_fylker(
            analysestand=analysestand,
            pilot=pilot,
            periode=periode,
            fylke=valg["fylke"],
            tema=valg["tema"],
            indikator=valg["indikator"],
        )
        innhold = mark_safe(innhold.replace(FYLKER_MERKE, fylker))  # noqa: S308 (ours, rendered)
    return {
        "pilot": pilot,
        "periode": periode,
        "er_admin": er_admin,
        "piloter": selectors.pilotlenker(pilot),
        "publisert": selectors.latest_published(pilot),
        "filterfelt": _dashboard_filter(**filtervalg),
        "innhold": innhold,
        "tilskudd": _dashboard_tilskudd(pilot=pilot) if periode else "",
    }


@hurtig_fragment(
    "evaluering/_dashboard_fylker.html", grupper=(EVALUERING, KATALOG, REGISTER, TILSKUDD)
)
def _dashboard_fylker(*, analysestand: str, pilot, periode, fylke, tema, indikator) -> dict:
    """The whole-country dashboard's summary per fylke of every kommune shown
    (``selectors.fylkesoversikt``), kept under the state of all their analytics rows
    (``analysestand``), apart from the page of kommuner, which is kept under the
    page's: a change to a kommune on another page computes this again, not the page."""
    return {
        "fylkesoversikt": selectors.fylkesoversikt(
            pilot=pilot, periode=periode, fylke=fylke, tema=tema
        ),
        "fylkelenke": selectors.fylkelenke(periode=periode, tema=tema, indikator=indikator),
    }


@hurtig_fragment("evaluering/_dashboard_filter.html", grupper=(EVALUERING, KATALOG, REGISTER))
def _dashboard_filter(*, pilot, filterverdier: tuple, siste_mote, idag) -> dict:
    """The filter's fields as shown, the same for every reader of one query (its
    choices are the pilot's periods and fylker and the catalogue's indicators: 300
    options at national scale), rendered once and kept like what it chose
    (``selectors.dashboard_valg``)."""
    return selectors.dashboard_filter(
        pilot=pilot, filterverdier=filterverdier, siste_mote=siste_mote, idag=idag
    )


@hurtig_fragment("evaluering/_dashboard_tilskudd.html", grupper=(TILSKUDD,))
def _dashboard_tilskudd(*, pilot) -> dict:
    """The pilot's grants per year and scheme (``selectors.tilskudd_per_aar``), kept
    apart from the kommuner's figures: a meeting or a value in a kommune, which makes
    those new, leaves this kept."""
    return selectors.tilskudd_per_aar(pilot=pilot)


@hurtig_fragment(
    "evaluering/_dashboard_innhold.html", grupper=(EVALUERING, KATALOG, REGISTER, TILSKUDD)
)
def _dashboard_innhold(*, analysestand: str, **valg) -> dict:
    """The dashboard's figures, the same for every reader of one pilot, period and
    filter, so rendered once and kept until the data under them changes
    (``felles.datastand``). At national scale the whole country's figures are 460 KB
    of tables and chart data, most of the page's time.

    The meetings, money and indicator values per kommune are read from the analytics
    tables only (``evaluering.analyse``), so they are kept under ``analysestand``, the
    version of those rows for exactly the kommuner on the page shown
    (``selectors.analysestander``),
    not under the groups of the meeting log and the knowledge base: a meeting or a
    value in another fylke, or a draft anywhere, leaves these figures kept. The
    groups cover the rest: goals and assessments, the catalogue and participations,
    the kommuner's names, the pilot's grants per year and scheme."""
    return {**selectors.dashboard(**valg), "fylker_merke": FYLKER_MERKE}


@login_required
def dashboard(request, slug=None):
    _require(access.may_read_pilot_evaluation(request.user))
    if slug:
        pilot = kommuner_selectors.pilot_av_slug(slug)
        if pilot is None:
            raise Http404
    else:
        pilot = selectors.default_pilot()
    context = dashboard_side(user=request.user, pilot=pilot, params=request.GET)
    return render(request, "evaluering/dashboard.html", context)


@login_required
def kommune_pdf(request, slug, kode, kommunenummer):
    pilot = get_object_or_404(Pilot, slug=slug)
    periode = _periode_or_404(pilot, kode)
    kommune = get_kommune_with_workdata_or_404(request.user, kommunenummer)
    context = selectors.kommune_status(pilot=pilot, periode=periode, kommune=kommune)
    if context is None:
        raise Http404
    data = render_pdf("pdf/kommunestatus.html", context)
    return fil_response(
        data, filnavn=f"status-{kommune.kommunenummer}-{periode.kode}.pdf", content_type=PDF
    )


@login_required
def rapporter(request, slug, kode):
    _require(access.may_read_pilot_evaluation(request.user))
    pilot = get_object_or_404(Pilot, slug=slug)
    periode = _periode_or_404(pilot, kode)
    er_admin = access.may_manage_reports(request.user)
    rapporter = selectors.reports_for_period(periode, med_upubliserte=er_admin)
    return render(
        request,
        "evaluering/rapporter.html",
        {"pilot": pilot, "periode": periode, "rapporter": rapporter, "er_admin": er_admin},
    )


@login_required
@require_POST
def rapport_bestill(request, slug, kode):
    _require(access.may_manage_reports(request.user))
    periode = _periode_or_404(get_object_or_404(Pilot, slug=slug), kode)
    rapport = services.statusrapport_bestill(periode=periode, bestilt_av=request.user)
    # The render job was handed over when the order was committed; without a broker it
    # has already run in this request. Say what actually happened.
    rapport = selectors.rapport_med_jobb(rapport.pk)
    v = {"v": rapport.versjon}
    if rapport.status == Statusrapport.Status.FEILET:
        messages.error(request, _("Rapporten (versjon %(v)s) kunne ikke lages.") % v)
    elif rapport.status != Statusrapport.Status.VENTER:
        messages.success(request, _("Rapporten (versjon %(v)s) er laget.") % v)
    elif rapport.i_ko:
        messages.warning(
            request,
            _(
                "Rapporten (versjon %(v)s) venter: køen svarer ikke nå. Den lages når "
                "køen er tilbake."
            )
            % v,
        )
    else:
        messages.info(
            request,
            _("Rapporten (versjon %(v)s) er lagt i kø og lages nå. Siden viser når den er klar.")
            % v,
        )
    return redirect("evaluering:rapporter", slug, kode)


def _rapport_for_user(user, pk) -> Statusrapport:
    rapport = get_object_or_404(Statusrapport.objects.select_related("periode__pilot"), pk=pk)
    if not access.may_read_report(user, rapport):
        raise Http404
    return rapport


@login_required
def rapport_status(request, pk):
    """The row of one report; the page polls it with htmx until the PDF is ready."""
    rapport = selectors.rapport_med_jobb(_rapport_for_user(request.user, pk).pk)
    return render(
        request,
        "evaluering/_rapport_rad.html",
        {"rapport": rapport, "er_admin": access.may_manage_reports(request.user)},
    )


@login_required
def rapport_grunnlag(request, pk):
    """The data a report's PDF was made from, as stored with the report."""
    rapport = _rapport_for_user(request.user, pk)
    if rapport.status == Statusrapport.Status.VENTER:
        raise Http404
    rader = selectors.rapport_grunnlag(rapport)
    return render(
        request,
        "evaluering/rapport_grunnlag.html",
        {
            "rapport": rapport,
            "pilot": rapport.periode.pilot,
            "periode": rapport.periode,
            "rader": rader,
            "bruker_5d": any(r.get("fase") for r in rader),
            "mal": selectors.rapport_grunnlag_mal(rapport),
        },
    )


def _rapport_handling(request, pk, handling, ok):
    """An admin's action on one report (start again, publish), then back to the list."""
    _require(access.may_manage_reports(request.user))
    rapport = get_object_or_404(Statusrapport.objects.select_related("periode__pilot"), pk=pk)
    utfor(request, lambda: handling(rapport), ok=ok)
    return redirect("evaluering:rapporter", rapport.periode.pilot.slug, rapport.periode.kode)


@login_required
@require_POST
def rapport_start_pa_nytt(request, pk):
    return _rapport_handling(
        request,
        pk,
        lambda rapport: services.statusrapport_restart(rapport=rapport, bruker=request.user),
        _("Rapporten startes på nytt."),
    )


@login_required
def rapport_pdf(request, pk):
    rapport = _rapport_for_user(request.user, pk)
    if not rapport.pdf:
        raise Http404
    name = (
        f"statusrapport-{rapport.periode.pilot.slug}-{rapport.periode.kode}-v{rapport.versjon}.pdf"
    )
    return fil_response(rapport.pdf.open("rb"), filnavn=name, content_type=PDF)


@login_required
@require_POST
def rapport_publiser(request, pk):
    return _rapport_handling(
        request,
        pk,
        lambda rapport: services.statusrapport_publish(rapport=rapport, publisert_av=request.user),
        _("Rapporten er publisert og sendes til styringsgruppen."),
    )


@login_required
def mal_list(request, slug):
    _require(access.may_read_pilot_evaluation(request.user))
    pilot = get_object_or_404(Pilot, slug=slug)
    er_admin = access.may_manage_evaluation(request.user)
    # ?nummer=N opens goal N in the form (its texts in every language).
    nummer = request.GET.get("nummer", "")
    endres = (
        Mal.objects.filter(pilot=pilot, nummer=nummer).first()
        if er_admin and nummer.isdigit() and len(nummer) < 6
        else None
    )
    form = MalForm(request.POST or None, instance=endres) if er_admin else None
    if request.method == "POST":
        _require(er_admin)
        if form.is_valid():
            if skjema_utfor(
                request,
                form,
                lambda: services.mal_upsert(pilot=pilot, **form.cleaned_data),
                ok=_("Målet er lagret."),
            ):
                return redirect("evaluering:mal", slug)
    return render(
        request,
        "evaluering/mal.html",
        {
            "pilot": pilot,
            "mal": Mal.objects.filter(pilot=pilot),
            "form": form,
            "er_admin": er_admin,
        },
    )


@login_required
def vurdering(request, slug, kode):
    _require(access.may_manage_evaluation(request.user))
    pilot = get_object_or_404(Pilot, slug=slug)
    periode = _periode_or_404(pilot, kode)
    form = MaloppnaelseForm(request.POST or None, pilot=pilot)
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: services.maloppnaelse_set(
                periode=periode, vurdert_av=request.user, **form.cleaned_data
            ),
            ok=_("Vurderingen er lagret."),
        ):
            return redirect(f"{reverse('evaluering:dashboard', args=[slug])}?periode={kode}")
    return render(
        request, "evaluering/vurdering.html", {"pilot": pilot, "periode": periode, "form": form}
    )


@login_required
def skjema_list(request):
    """The reflection forms the reader may open, kept per reach and role
    (``views_refleksjon``)."""
    innhold = refleksjonsliste(
        omfang=workdata_omfang(request.user),
        er_admin=access.may_manage_evaluation(request.user),
        side=request.GET.get("side"),
    )
    return render(request, "evaluering/skjema_list.html", {"innhold": innhold})


@login_required
def skjema_ny(request, slug):
    _require(access.may_manage_evaluation(request.user))
    pilot = get_object_or_404(Pilot, slug=slug)
    perioder = selectors.periods(pilot)
    form = RefleksjonsskjemaForm(request.POST or None, pilot=pilot)
    kode = request.POST.get("periode") or request.GET.get("periode", "")
    periode = next((p for p in perioder if p.kode == kode), None)
    if request.method == "POST" and form.is_valid():
        if periode is None:
            form.add_error(None, _("Velg en rapportperiode."))
        else:
            utfall = skjema_utfor(
                request,
                form,
                lambda: services.refleksjonsskjema_create(
                    pilot=pilot, periode=periode, **form.cleaned_data
                ),
                ok=_("Skjemaet er sendt til kommunene."),
            )
            if utfall:
                return redirect("evaluering:skjema", utfall.verdi.pk)
    return render(
        request,
        "evaluering/skjema_form.html",
        {"pilot": pilot, "form": form, "perioder": perioder, "valgt": kode},
    )


def _skjema_for_user(user, pk) -> Refleksjonsskjema:
    return get_object_or_404(selectors.reflection_forms(user=user), pk=pk)


@login_required
def skjema_detail(request, pk):
    skjema = _skjema_for_user(request.user, pk)
    reads_all = access.may_read_pilot_evaluation(request.user)
    kommune_ids = None if reads_all else [request.user.kommune_id]
    kommuner = list(skjema.kommuner.order_by("navn"))
    if not reads_all:
        kommuner = [k for k in kommuner if k.pk == request.user.kommune_id]
    svar = list(skjema.svar.all())
    own = next((s for s in svar if s.kommune_id == request.user.kommune_id), None)
    return render(
        request,
        "evaluering/skjema_detail.html",
        {
            "skjema": skjema,
            "resultater": selectors.reflection_results(skjema, kommune_ids=kommune_ids),
            "kommuner": kommuner,
            "svar": svar,
            "les_alle": reads_all,
            "kan_svare": own is None and access.may_answer(request.user, skjema),
        },
    )


@login_required
def skjema_svar(request, pk):
    skjema = _skjema_for_user(request.user, pk)
    user = request.user
    _require(access.may_answer(user, skjema))
    form = RefleksjonssvarForm(request.POST or None, pastander=skjema.pastander.all())
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: services.refleksjonssvar_submit(
                skjema=skjema,
                kommune=user.kommune,
                besvart_av=user,
                verdier=form.verdier(),
                fritekst=form.cleaned_data["fritekst"],
            ),
            ok=_("Takk! Svaret er sendt inn."),
        ):
            return redirect("evaluering:skjema", skjema.pk)
    return render(request, "evaluering/skjema_svar.html", {"skjema": skjema, "form": form})


@login_required
def notater(request, slug, kommunenummer):
    pilot = get_object_or_404(Pilot, slug=slug)
    kommune = get_kommune_with_workdata_or_404(request.user, kommunenummer)
    kan_skrive = access.may_write_notes(request.user)
    perioder = selectors.periods(pilot)
    form = NotatForm(request.POST or None) if kan_skrive else None
    if request.method == "POST":
        if not kan_skrive:
            raise PermissionDenied
        periode = next((p for p in perioder if p.kode == request.POST.get("periode")), None)
        if periode is None:
            form.add_error(None, _("Velg en rapportperiode."))
        elif form.is_valid():
            services.evalueringsnotat_create(
                kommune=kommune,
                periode=periode,
                tekst=form.cleaned_data["tekst"],
                forfatter=request.user,
            )
            messages.success(request, _("Notatet er lagret."))
            return redirect("evaluering:notater", slug, kommunenummer)
    liste = (
        Evalueringsnotat.objects.for_user(request.user)
        .filter(kommune=kommune, periode__pilot=pilot)
        .select_related("periode", "forfatter")
    )
    return render(
        request,
        "evaluering/notater.html",
        {"pilot": pilot, "kommune": kommune, "notater": liste, "form": form, "perioder": perioder},
    )
