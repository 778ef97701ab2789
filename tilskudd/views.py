"""Pages for grants. Views parse input and call services; kommune-bound rows come
through ``for_user`` querysets so another kommune's row is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.meldinger import utfor
from felles.pdf import render_pdf
from felles.tabellfil import TabellfilError, les_fil, tabell_response
from felles.vedlegg import vedlegg_response
from kommuner.access import get_kommune_with_workdata_or_404, is_admin, roles_of
from kommuner.models import Kommune
from kommuner.roller import Rolle

from . import forms, selectors, services
from .models import Pott, Rapport, Soknad, Tildeling, Tilskuddsrunde, Vedtak, leser_saker

OVERSIKT_ROLLER = {Rolle.ADMIN, Rolle.STYRINGSGRUPPE}


def _require_admin(user):
    if not is_admin(user):
        raise PermissionDenied


def _kontakt_kommune(user) -> Kommune | None:
    """The kommune a contact person applies for, else None."""
    if Rolle.KONTAKTPERSON in roles_of(user) and user.kommune_id:
        return user.kommune
    return None


def _get_soknad(user, pk) -> Soknad:
    return get_object_or_404(
        Soknad.objects.for_user(user).select_related("runde__pott", "kommune"), pk=pk
    )


def _get_editable_soknad(user, pk) -> Soknad:
    soknad = _get_soknad(user, pk)
    kommune = _kontakt_kommune(user)
    if kommune is None or kommune.pk != soknad.kommune_id:
        raise PermissionDenied
    return soknad


def _form_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


@login_required
def index(request):
    roles = roles_of(request.user)
    if Rolle.ADMIN in roles:
        return redirect("tilskudd:potter")
    if Rolle.KONTAKTPERSON in roles:
        return redirect("tilskudd:mine_runder")
    if Rolle.STYRINGSGRUPPE in roles:
        return redirect("tilskudd:oversikt")
    return redirect("tilskudd:soknader")


# --- admin: schemes, pots, rounds -------------------------------------------------


@login_required
def potter(request):
    _require_admin(request.user)
    return render(
        request,
        "tilskudd/potter.html",
        {
            "potter": selectors.potter_med_tall(),
            "ordninger": selectors.ordninger(),
            "runder": selectors.runder_med_tall(),
        },
    )


def _pott_form_view(request, pott: Pott | None):
    _require_admin(request.user)
    initial = {}
    kilder_initial = []
    if pott is not None:
        initial = {
            "navn": pott.navn,
            "aar": pott.aar,
            "total": pott.total,
            "pilot": pott.pilot,
            "beskrivelse": pott.beskrivelse,
        }
        kilder_initial = [{"ordning": k.ordning, "belop": k.belop} for k in pott.kilder.all()]
    form = forms.PottForm(request.POST or None, initial=initial)
    formset = forms.KildeFormSet(
        request.POST or None,
        initial=kilder_initial + [{}] * 3 if not request.POST else None,
        prefix="kilder",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kilder = [
            (f.cleaned_data["ordning"], f.cleaned_data.get("belop"))
            for f in formset
            if f.cleaned_data.get("ordning")
        ]
        try:
            pott = services.pott_save(pott=pott, kilder=kilder, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Potten er lagret."))
            return redirect("tilskudd:pott", pott.pk)
    return render(
        request, "tilskudd/pott_form.html", {"form": form, "formset": formset, "pott": pott}
    )


@login_required
def pott_ny(request):
    return _pott_form_view(request, None)


@login_required
def pott_rediger(request, pk):
    _require_admin(request.user)
    return _pott_form_view(request, get_object_or_404(Pott, pk=pk))


def _pott_detail(request, pott, *, status=200, **forms_and_errors):
    context = {
        "pott": pott,
        "tildelinger": Tildeling.objects.filter(pott=pott).select_related("kommune", "etat"),
        "runder": selectors.runder_med_tall().filter(pott=pott),
        "import_form": forms.ImportForm(),
        "tildeling_form": forms.TildelingForm(),
        **forms_and_errors,
    }
    return render(request, "tilskudd/pott_detail.html", context, status=status)


@login_required
def pott_detail(request, pk):
    _require_admin(request.user)
    return _pott_detail(request, get_object_or_404(selectors.potter_med_tall(), pk=pk))


@login_required
@require_POST
def tildeling_ny(request, pk):
    _require_admin(request.user)
    pott = get_object_or_404(selectors.potter_med_tall(), pk=pk)
    form = forms.TildelingForm(request.POST)
    if form.is_valid():
        try:
            services.tildeling_upsert(pott=pott, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Tildelingen er lagret."))
            return redirect("tilskudd:pott", pott.pk)
    return _pott_detail(request, pott, status=400, tildeling_form=form)


@login_required
@require_POST
def tildeling_import(request, pk):
    _require_admin(request.user)
    pott = get_object_or_404(selectors.potter_med_tall(), pk=pk)
    form = forms.ImportForm(request.POST, request.FILES)
    feil_rader: list = []
    data = None
    if form.is_valid():
        try:
            data = les_fil(form.cleaned_data["fil"])
        except TabellfilError as exc:
            form.add_error("fil", exc.melding)
    if form.is_valid() and data is not None:
        fil = form.cleaned_data["fil"]
        try:
            result = services.tildeling_import(
                pott=pott,
                data=data,
                filnavn=fil.name,
                user=request.user,
                formaal=form.cleaned_data["formaal"],
            )
        except services.ImportFeil as exc:
            form.add_error("fil", exc.melding)
            feil_rader = exc.rader
        else:
            messages.success(
                request,
                _("%(n)s tildelinger er lagret.") % {"n": result.antall},
            )
            return redirect("tilskudd:pott", pott.pk)
    return _pott_detail(request, pott, status=400, import_form=form, feil_rader=feil_rader)


def _runde_form_view(request, runde: Tilskuddsrunde | None):
    _require_admin(request.user)
    initial = {}
    if runde is not None:
        initial = {
            "pott": runde.pott,
            "pilot": runde.pilot,
            "tittel": runde.tittel,
            "beskrivelse": runde.beskrivelse,
            "kriterier": runde.kriterier,
            "aapner": timezone.localtime(runde.aapner),
            "stenger": timezone.localtime(runde.stenger),
            "alle_kommuner": runde.alle_kommuner,
            "kommuner": list(runde.kommuner.all()),
            "maks_belop": runde.maks_belop,
            "krever_politisk_vedtak": runde.krever_politisk_vedtak,
        }
    form = forms.RundeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            runde = services.runde_save(runde=runde, **{**data, "kommuner": list(data["kommuner"])})
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Tilskuddsrunden er lagret."))
            return redirect("tilskudd:runde_soknader", runde.pk)
    return render(request, "tilskudd/runde_form.html", {"form": form, "runde": runde})


@login_required
def runde_ny(request):
    return _runde_form_view(request, None)


@login_required
def runde_rediger(request, pk):
    _require_admin(request.user)
    return _runde_form_view(request, get_object_or_404(Tilskuddsrunde, pk=pk))


SORT_KOLONNER = [
    ("tittel", _("Tittel")),
    ("kommune", _("Kommune")),
    ("sendt", _("Sendt inn")),
    ("belop", _("Søkt")),
    ("status", _("Status")),
]


@login_required
def runde_soknader(request, pk):
    """The application queue of a round: sortable, filterable, with sums."""
    _require_admin(request.user)
    runde = get_object_or_404(Tilskuddsrunde.objects.select_related("pott"), pk=pk)
    kommuner = Kommune.objects.filter(soknader__runde=runde).distinct().order_by("navn")
    form = forms.KoFilterForm(request.GET or None, kommuner=kommuner)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "")
    soknader = selectors.soknadsko(
        runde=runde,
        status=filters.get("status", ""),
        kommune=filters.get("kommune", ""),
        sort=sort,
    )
    query = request.GET.copy()
    query.pop("sort", None)
    kolonner = [
        {
            "key": key,
            "label": label,
            "url": f"?{query.urlencode()}&sort={'-' if sort == key else ''}{key}",
            "aria_sort": (
                "ascending" if sort == key else "descending" if sort == f"-{key}" else None
            ),
        }
        for key, label in SORT_KOLONNER
    ]
    context = {
        "runde": runde,
        "form": form,
        "soknader": soknader,
        "summer": selectors.summer(soknader),
        "kolonner": kolonner,
    }
    if request.headers.get("HX-Request"):
        return render(request, "tilskudd/_soknadsko.html", context)
    return render(request, "tilskudd/runde_soknader.html", context)


# --- applications -----------------------------------------------------------------


@login_required
def mine_runder(request):
    kommune = _kontakt_kommune(request.user)
    runder = selectors.aapne_runder_for(kommune) if kommune else Tilskuddsrunde.objects.none()
    return render(request, "tilskudd/mine_runder.html", {"kommune": kommune, "runder": runder})


@login_required
def soknader(request):
    return render(
        request,
        "tilskudd/soknader.html",
        {
            "soknader": selectors.mine_soknader(request.user),
            "kommune": _kontakt_kommune(request.user),
        },
    )


def _soknad_form_view(request, *, runde: Tilskuddsrunde, soknad: Soknad | None):
    initial = {}
    linjer = []
    if soknad is not None:
        initial = {
            "tittel": soknad.tittel,
            "formaal": soknad.formaal,
            "belop_sokt": soknad.belop_sokt,
            "politisk_vedtatt": soknad.politisk_vedtatt,
            "tiltak": list(soknad.tiltak.all()),
        }
        linjer = [
            {"beskrivelse": b.beskrivelse, "belop": b.belop} for b in soknad.budsjettlinjer.all()
        ]
    kommune = soknad.kommune if soknad is not None else request.user.kommune
    form = forms.SoknadForm(request.POST or None, initial=initial, kommune=kommune)
    formset = forms.BudsjettFormSet(request.POST or None, initial=linjer or None, prefix="budsjett")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {
            **form.cleaned_data,
            "tiltak": list(form.cleaned_data.get("tiltak") or []),
            "budsjettlinjer": forms.budsjettlinjer(formset),
        }
        try:
            if soknad is None:
                soknad = services.soknad_create(
                    runde=runde, kommune=request.user.kommune, user=request.user, **data
                )
            else:
                soknad = services.soknad_update(soknad=soknad, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Utkastet er lagret."))
            return redirect("tilskudd:soknad", soknad.pk)
    return render(
        request,
        "tilskudd/soknad_form.html",
        {"form": form, "formset": formset, "runde": runde, "soknad": soknad},
    )


@login_required
def soknad_ny(request, runde_pk):
    kommune = _kontakt_kommune(request.user)
    if kommune is None:
        raise PermissionDenied
    runde = get_object_or_404(selectors.aapne_runder_for(kommune), pk=runde_pk)
    return _soknad_form_view(request, runde=runde, soknad=None)


@login_required
def soknad_rediger(request, pk):
    soknad = _get_editable_soknad(request.user, pk)
    if not soknad.kan_redigeres:
        messages.error(request, _("Søknaden er sendt inn og kan ikke endres."))
        return redirect("tilskudd:soknad", soknad.pk)
    return _soknad_form_view(request, runde=soknad.runde, soknad=soknad)


@login_required
def soknad_detail(request, pk):
    soknad = _get_soknad(request.user, pk)
    vedtak = Vedtak.objects.filter(soknad=soknad).select_related("vedtatt_av").first()
    kommune = _kontakt_kommune(request.user)
    return render(
        request,
        "tilskudd/soknad_detail.html",
        {
            "soknad": soknad,
            "vedtak": vedtak,
            "budsjett": soknad.budsjettlinjer.all(),
            "tiltak": soknad.tiltak.all(),
            "vedlegg": soknad.vedlegg.all(),
            "vedlegg_form": forms.VedleggForm(),
            "utbetalinger": vedtak.utbetalinger.all() if vedtak else [],
            "rapporter": vedtak.rapporter.all() if vedtak else [],
            "kan_redigere": kommune is not None and kommune.pk == soknad.kommune_id,
            "er_admin": is_admin(request.user),
            "utbetaling_form": forms.UtbetalingForm(),
        },
    )


@login_required
@require_POST
def vedlegg_ny(request, pk):
    soknad = _get_editable_soknad(request.user, pk)
    form = forms.VedleggForm(request.POST, request.FILES)
    if form.is_valid():
        utfor(
            request,
            lambda: services.vedlegg_add(
                soknad=soknad, user=request.user, fil=form.cleaned_data["fil"]
            ),
            ok=_("Vedlegget er lagt til."),
        )
    else:
        messages.error(request, _("Velg en fil å legge ved."))
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
@require_POST
def vedlegg_slett(request, pk, vedlegg_pk):
    soknad = _get_editable_soknad(request.user, pk)
    vedlegg = get_object_or_404(soknad.vedlegg.all(), pk=vedlegg_pk)
    utfor(
        request,
        lambda: services.vedlegg_delete(vedlegg=vedlegg, user=request.user),
        ok=_("Vedlegget er fjernet."),
    )
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
def vedlegg_last_ned(request, pk, vedlegg_pk):
    soknad = _get_soknad(request.user, pk)
    vedlegg = get_object_or_404(soknad.vedlegg.all(), pk=vedlegg_pk)
    return vedlegg_response(vedlegg.fil, navn=vedlegg.navn)


@login_required
@require_POST
def soknad_send_inn(request, pk):
    soknad = _get_editable_soknad(request.user, pk)
    utfor(
        request,
        lambda: services.soknad_submit(soknad=soknad, user=request.user),
        ok=_("Søknaden er sendt inn."),
    )
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
@require_POST
def soknad_trekk(request, pk):
    soknad = _get_editable_soknad(request.user, pk)
    utfor(
        request,
        lambda: services.soknad_withdraw(soknad=soknad, user=request.user),
        ok=_("Søknaden er trukket."),
    )
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
@require_POST
def soknad_behandle(request, pk):
    _require_admin(request.user)
    soknad = _get_soknad(request.user, pk)
    utfor(request, lambda: services.soknad_start_review(soknad=soknad, user=request.user))
    return redirect("tilskudd:vedtak_ny", soknad.pk)


@login_required
def vedtak_ny(request, pk):
    """The decision form, with the kommune's earlier grants beside the application."""
    _require_admin(request.user)
    soknad = _get_soknad(request.user, pk)
    if not soknad.kan_avgjores:
        messages.error(request, _("Søknaden er ikke til behandling."))
        return redirect("tilskudd:soknad", soknad.pk)
    form = forms.VedtakForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.vedtak_create(soknad=soknad, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Vedtaket er lagret, og kommunen får beskjed."))
            return redirect("tilskudd:soknad", soknad.pk)
    pott = get_object_or_404(selectors.potter_med_tall(), pk=soknad.runde.pott_id)
    return render(
        request,
        "tilskudd/vedtak_form.html",
        {
            "form": form,
            "soknad": soknad,
            "pott": pott,
            "budsjett": soknad.budsjettlinjer.all(),
            "tiltak": soknad.tiltak.all(),
            "vedlegg": soknad.vedlegg.all(),
            "tidligere": selectors.tidligere_tilskudd(
                kommune=soknad.kommune, unntatt_soknad=soknad
            ),
            "kan_se_saker": True,
        },
    )


@login_required
@require_POST
def utbetaling_ny(request, pk):
    _require_admin(request.user)
    soknad = _get_soknad(request.user, pk)
    vedtak = get_object_or_404(Vedtak, soknad=soknad)
    form = forms.UtbetalingForm(request.POST)
    if form.is_valid():
        utfor(
            request,
            lambda: services.utbetaling_create(
                vedtak=vedtak, user=request.user, **form.cleaned_data
            ),
            ok=_("Utbetalingen er registrert."),
        )
    else:
        messages.error(request, _("Utbetalingen ble ikke registrert: sjekk beløp og dato."))
    return redirect("tilskudd:soknad", soknad.pk)


def vedtaksbrev_context(vedtak: Vedtak) -> dict:
    soknad = vedtak.soknad
    return {
        "vedtak": vedtak,
        "soknad": soknad,
        "runde": soknad.runde,
        "pott": soknad.runde.pott,
        "kilder": soknad.runde.pott.kilder.select_related("ordning"),
        "dato": timezone.localtime(vedtak.vedtatt).date(),
    }


@login_required
def vedtaksbrev(request, pk):
    soknad = _get_soknad(request.user, pk)
    vedtak = get_object_or_404(
        Vedtak.objects.for_user(request.user).select_related("vedtatt_av", "soknad__runde__pott"),
        soknad=soknad,
    )
    pdf = render_pdf("pdf/vedtaksbrev.html", vedtaksbrev_context(vedtak))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"vedtak-{soknad.kommune.navn}-{soknad.tittel}")[:80]
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def _rapport_form_view(request, *, soknad=None, vedtak=None, tildeling=None, back):
    innvilget = vedtak.belop_innvilget if vedtak else tildeling.belop
    form = forms.RapportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rapport_submit(
                vedtak=vedtak,
                tildeling=tildeling,
                user=request.user,
                periode=data["periode"],
                beskrivelse=data["beskrivelse"],
                brukt_belop=data["brukt_belop"],
                ubrukt_belop=data["ubrukt_belop"] or 0,
                ubrukt_disponering=data["ubrukt_disponering"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Rapporten er sendt inn."))
            return redirect(back)
    return render(
        request,
        "tilskudd/rapport_form.html",
        {
            "form": form,
            "innvilget": innvilget,
            "back": back,
            "soknad": soknad,
            "tildeling": tildeling,
        },
    )


@login_required
def rapport_ny(request, pk):
    soknad = _get_editable_soknad(request.user, pk)
    vedtak = get_object_or_404(Vedtak, soknad=soknad)
    return _rapport_form_view(
        request, soknad=soknad, vedtak=vedtak, back=reverse("tilskudd:soknad", args=[soknad.pk])
    )


@login_required
@require_POST
def rapport_godkjenn(request, pk):
    _require_admin(request.user)
    rapport = get_object_or_404(Rapport.objects.for_user(request.user), pk=pk)
    utfor(
        request,
        lambda: services.rapport_approve(rapport=rapport, user=request.user),
        ok=_("Rapporten er godkjent."),
    )
    if rapport.vedtak_id:
        return redirect("tilskudd:soknad", rapport.vedtak.soknad_id)
    return redirect("tilskudd:tildeling", rapport.tildeling_id)


def _get_tildeling(user, pk) -> Tildeling:
    return get_object_or_404(
        Tildeling.objects.for_user(user).select_related("pott", "kommune", "etat"), pk=pk
    )


@login_required
def tildeling_detail(request, pk):
    tildeling = _get_tildeling(request.user, pk)
    kommune = _kontakt_kommune(request.user)
    return render(
        request,
        "tilskudd/tildeling_detail.html",
        {
            "tildeling": tildeling,
            "utbetalinger": tildeling.utbetalinger.all(),
            "rapporter": tildeling.rapporter.all(),
            "kan_rapportere": kommune is not None and kommune.pk == tildeling.kommune_id,
            "er_admin": is_admin(request.user),
            "utbetaling_form": forms.UtbetalingForm(),
        },
    )


@login_required
@require_POST
def tildeling_utbetaling(request, pk):
    _require_admin(request.user)
    tildeling = _get_tildeling(request.user, pk)
    form = forms.UtbetalingForm(request.POST)
    if form.is_valid():
        utfor(
            request,
            lambda: services.utbetaling_create(
                tildeling=tildeling, user=request.user, **form.cleaned_data
            ),
            ok=_("Utbetalingen er registrert."),
        )
    else:
        messages.error(request, _("Utbetalingen ble ikke registrert: sjekk beløp og dato."))
    return redirect("tilskudd:tildeling", tildeling.pk)


@login_required
def tildeling_rapport(request, pk):
    tildeling = _get_tildeling(request.user, pk)
    kommune = _kontakt_kommune(request.user)
    if kommune is None or kommune.pk != tildeling.kommune_id:
        raise PermissionDenied
    return _rapport_form_view(
        request, tildeling=tildeling, back=reverse("tilskudd:tildeling", args=[tildeling.pk])
    )


# --- overviews --------------------------------------------------------------------


@login_required
def kommune_tilskudd(request, kommunenummer):
    """Everything granted to one kommune, by year and scheme (the kommune page links here)."""
    kommune = get_kommune_with_workdata_or_404(request.user, kommunenummer)
    data = selectors.oversikt(kommune=kommune)
    tidligere = selectors.tidligere_tilskudd(kommune=kommune)
    return render(
        request,
        "tilskudd/kommune_tilskudd.html",
        {"kommune": kommune, "data": data, "kan_se_saker": leser_saker(request.user), **tidligere},
    )


def _require_oversikt(user):
    if not roles_of(user) & OVERSIKT_ROLLER:
        raise PermissionDenied


TABELLER = {
    "per_aar": (_("Per år"), [_("År")]),
    "per_kommune": (_("Per mottaker"), [_("Mottaker")]),
    "per_ordning": (_("Per år og tilskuddsordning"), [_("År"), _("Tilskuddsordning")]),
    "detaljer": (_("Per år, mottaker og pott"), [_("År"), _("Mottaker"), _("Pott")]),
}


@login_required
def oversikt(request):
    _require_oversikt(request.user)
    data = selectors.oversikt()
    tabeller = [
        {"key": key, "tittel": tittel, "kolonner": kolonner, "linjer": getattr(data, key)}
        for key, (tittel, kolonner) in TABELLER.items()
    ]
    per_aar_json = {
        "labels": [linje.etikett[0] for linje in data.per_aar],
        "innvilget": [linje.innvilget for linje in data.per_aar],
        "utbetalt": [linje.utbetalt for linje in data.per_aar],
        "innvilget_label": _("Innvilget"),
        "utbetalt_label": _("Utbetalt"),
    }
    return render(
        request,
        "tilskudd/oversikt.html",
        {"data": data, "tabeller": tabeller, "per_aar_json": per_aar_json},
    )


@login_required
def oversikt_eksport(request, tabell, format):
    _require_oversikt(request.user)
    if tabell not in TABELLER or format not in {"csv", "xlsx"}:
        raise Http404
    tittel, kolonner = TABELLER[tabell]
    header = [*kolonner, _("Innvilget (kr)"), _("Utbetalt (kr)"), _("Gjenstår (kr)")]
    rows = [
        [*linje.etikett, linje.innvilget, linje.utbetalt, linje.gjenstaar]
        for linje in getattr(selectors.oversikt(), tabell)
    ]
    filename = f"tilskudd-{tabell.replace('_', '-')}"
    return tabell_response(format, filename, header, rows, tittel=tittel)


def eksport_url(tabell: str, format: str) -> str:
    return reverse("tilskudd:oversikt_eksport", args=[tabell, format])
