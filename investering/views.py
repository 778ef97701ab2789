"""Pages for the investment team's work. Views parse input and call services; every
object comes through a ``for_user`` queryset, so another kommune's object is a 404."""

from __future__ import annotations

import difflib
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from felles.pdf import render_pdf
from felles.tabellfil import tabell_response
from kommuner.access import kommuner_with_workdata, roles_of
from kommuner.roller import Rolle

from . import access, ical, selectors, services
from .forms import (
    BeslutningForm,
    MoteFilterForm,
    MoteNyForm,
    MoteRedigerForm,
    MoteserieForm,
    NotatForm,
    OppfolgingFilterForm,
    OppfolgingForm,
    PunktStatusForm,
    RegelhinderFilterForm,
    RegelhinderForm,
    RegelhinderStatusForm,
    deltakere_som_tekst,
    mote_initial,
)
from .models import Kalendertoken, Mote, Motetype, Oppfolgingspunkt, Regelhinder

PAGE_SIZE = 25


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("side", None)
    return query.urlencode()


def _is_htmx(request) -> bool:
    """An htmx request for a fragment (a history restore needs the whole page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def _int_or_404(value: str) -> int:
    if not value.isdigit():
        raise Http404
    return int(value)


def _get_mote(request, pk) -> Mote:
    return get_object_or_404(Mote.objects.for_user(request.user), pk=pk)


def _get_editable_mote(request, pk) -> Mote:
    mote = _get_mote(request, pk)
    if not access.can_edit_mote(request.user, mote):
        raise PermissionDenied
    return mote


def _form_error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


# ---------------------------------------------------------------- meeting list


def _mote_filters(request):
    form = MoteFilterForm(request.GET or None, kommuner=kommuner_with_workdata(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    moter = selectors.mote_list(
        request.user,
        kommune=filters.get("kommune"),
        type=filters.get("type", ""),
        fra=filters.get("fra"),
        til=filters.get("til"),
        fase=filters.get("fase", ""),
        etat=filters.get("etat"),
    )
    return form, moter


@login_required
def mote_list(request):
    form, moter = _mote_filters(request)
    page = Paginator(moter, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "kan_logge": access.may_log_any(request.user),
        "kan_se_team": bool(roles_of(request.user) - {Rolle.KONTAKTPERSON}),
    }
    if _is_htmx(request):
        return render(request, "investering/_mote_tabell.html", context)
    return render(request, "investering/mote_list.html", context)


@login_required
def mote_export(request, fmt):
    _form, moter = _mote_filters(request)
    moter = moter.prefetch_related(
        "beslutninger",
        "oppfolgingspunkter__ansvarlig_bruker",
        "oppfolgingspunkter__ansvarlig_etat",
    )
    header = [
        _("Dato"),
        _("Kommune"),
        _("Pilot"),
        _("Møtetype"),
        _("Tittel"),
        _("Status"),
        _("Sted"),
        _("5D-fase"),
        _("Nivå"),
        _("Deltakere"),
        _("Agenda"),
        _("Referat"),
        _("Beslutninger"),
        _("Oppfølgingspunkter"),
        _("Referent"),
    ]

    def rows():
        for m in moter:
            yield [
                m.start,
                m.kommune.navn if m.kommune else _("Investeringsteamet"),
                m.pilot.navn,
                m.get_type_display(),
                m.tittel,
                m.get_status_display(),
                m.stedtekst,
                m.get_fase_display(),
                m.get_niva_display(),
                "; ".join(
                    f"{d.visningsnavn} ({d.tilhorighet})" if d.tilhorighet else d.visningsnavn
                    for d in m.deltakere.all()
                ),
                m.agenda,
                m.referat,
                "\n".join(b.tekst for b in m.beslutninger.all()),
                "\n".join(
                    f"{p.tekst} [{p.get_status_display()}"
                    f"{', ' + p.ansvarlig if p.ansvarlig else ''}"
                    f"{', frist ' + p.frist.isoformat() if p.frist else ''}]"
                    for p in m.oppfolgingspunkter.all()
                ),
                str(m.skrevet_av or ""),
            ]

    return tabell_response(fmt, "moter", header, rows(), tittel=_("Møter"))


# ---------------------------------------------------------------- one meeting


@login_required
def mote_create(request):
    user = request.user
    if not access.may_log_any(user):
        raise PermissionDenied
    form = MoteNyForm(request.POST or None, user=user)
    if request.method == "GET":
        valg = dict(form.fields["hvor"].choices)
        hvor = next(iter(valg), "")
        wanted = request.GET.get("kommune", "")
        # ?kommune=<id> or ?kommune=team preselects; else the first kommune led.
        hvor = next((k for k in valg if wanted and k.partition(":")[2] == wanted), hvor)
        initial = {
            "hvor": hvor,
            "dato": timezone.localdate(),
            "klokkeslett": "09:00",
            "varighet_minutter": 60,
            "type": Motetype.FREMDRIFT,
        }
        if hvor and not hvor.endswith(":team"):
            pilot_id, _sep, kommune_id = hvor.partition(":")
            forrige = selectors.siste_mote(kommune=int(kommune_id), pilot=int(pilot_id))
            if forrige:
                deltakere = list(forrige.deltakere.all())
                initial.update(
                    {
                        "deltakere_brukere": [d.bruker_id for d in deltakere if d.bruker_id],
                        "deltakere_fritekst": deltakere_som_tekst(deltakere),
                        "fase": forrige.fase,
                        "niva": forrige.niva,
                        "sted": forrige.sted,
                        "digitalt": forrige.digitalt,
                    }
                )
        form = MoteNyForm(user=user, initial=initial)
    elif form.is_valid():
        pilot, kommune = form.cleaned_data["hvor"]
        if not access.can_log_meeting(user, pilot=pilot, kommune=kommune):
            raise PermissionDenied
        try:
            mote = services.mote_log(
                skrevet_av=user,
                deltakere=form.deltakere(),
                beslutninger=form.beslutning_liste(),
                oppfolgingspunkter=form.oppfolging_liste(),
                **form.mote_fields(),
            )
        except ValidationError as exc:
            for message in _form_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Møtet er logget."))
            return redirect(mote)
    return render(request, "investering/mote_form.html", {"form": form, "ny": True})


@login_required
def mote_detail(request, pk):
    mote = get_object_or_404(selectors.mote_detail(request.user), pk=pk)
    kan_redigere = access.can_edit_mote(request.user, mote)
    context = {
        "mote": mote,
        "kan_redigere": kan_redigere,
        "kan_notere": Rolle.INVESTERINGSTEAM in roles_of(request.user) or kan_redigere,
        "beslutning_form": BeslutningForm(),
        "oppfolging_form": OppfolgingForm(),
        "tidligere_punkter": selectors.apne_punkter_fra_tidligere(mote) if mote.kommune_id else [],
        "statuser": Oppfolgingspunkt.Status.choices,
        "historikk": mote.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "investering/mote_detail.html", context)


@login_required
def mote_edit(request, pk):
    mote = _get_editable_mote(request, pk)
    include = (mote.pilot_id, mote.kommune_id)
    konflikt = None
    if request.method == "POST":
        form = MoteRedigerForm(request.POST, user=request.user, include=include)
        if form.is_valid():
            pilot, kommune = form.cleaned_data["hvor"]
            if (pilot.pk, kommune.pk if kommune else None) != include and not (
                access.can_log_meeting(request.user, pilot=pilot, kommune=kommune)
            ):
                raise PermissionDenied
            try:
                services.mote_update(
                    mote=mote,
                    versjon=form.cleaned_data["versjon"],
                    deltakere=form.deltakere(),
                    **form.mote_fields(),
                )
            except services.MoteKonflikt as exc:
                konflikt = exc
                # Keep this person's text on the page; the next save is against the
                # version they have now seen.
                data = request.POST.copy()
                data["versjon"] = str(exc.gjeldende.versjon)
                form = MoteRedigerForm(data, user=request.user, include=include)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "%(navn)s lagret møtet etter at du åpnet det. Teksten din er ikke "
                        "lagret ennå: se endringene under, ta med det du vil beholde og "
                        "lagre på nytt."
                    )
                    % {"navn": exc.endret_av},
                )
            except ValidationError as exc:
                for message in _form_error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Endringene er lagret."))
                return redirect(mote)
    else:
        form = MoteRedigerForm(initial=mote_initial(mote), user=request.user, include=include)
    referat_diff = []
    if konflikt is not None:
        mine = request.POST.get("referat", "")
        referat_diff = list(
            difflib.unified_diff(
                konflikt.gjeldende.referat.splitlines(),
                mine.splitlines(),
                fromfile=_("Lagret referat"),
                tofile=_("Ditt referat"),
                lineterm="",
            )
        )
    return render(
        request,
        "investering/mote_form.html",
        {
            "form": form,
            "mote": mote,
            "ny": False,
            "konflikt": konflikt,
            "referat_diff": referat_diff,
        },
    )


@login_required
def mote_referat(request, pk):
    mote = get_object_or_404(selectors.mote_detail(request.user), pk=pk)
    return render(request, "investering/mote_referat.html", {"mote": mote})


@login_required
def mote_pdf(request, pk):
    mote = get_object_or_404(selectors.mote_detail(request.user), pk=pk)
    pdf = render_pdf("pdf/investering_mote.html", {"mote": mote}, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    dato = timezone.localtime(mote.start).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'inline; filename="referat-{dato}-{mote.pk}.pdf"'
    return response


@login_required
@require_POST
def beslutning_add(request, pk):
    mote = _get_editable_mote(request, pk)
    form = BeslutningForm(request.POST)
    if form.is_valid():
        services.beslutning_add(mote=mote, **form.cleaned_data)
        form = BeslutningForm()
    context = {"mote": mote, "beslutning_form": form, "kan_redigere": True}
    if _is_htmx(request):
        return render(request, "investering/_beslutninger.html", context)
    if form.errors:
        messages.error(request, _("Beslutningen ble ikke lagret: skriv inn tekst."))
    return redirect(mote)


@login_required
@require_POST
def oppfolging_add(request, pk):
    mote = _get_editable_mote(request, pk)
    form = OppfolgingForm(request.POST)
    if form.is_valid():
        try:
            services.oppfolgingspunkt_add(mote=mote, **form.cleaned_data)
        except ValidationError as exc:
            for message in _form_error_messages(exc):
                form.add_error(None, message)
        else:
            form = OppfolgingForm()
    mote = get_object_or_404(selectors.mote_detail(request.user), pk=pk)
    context = {
        "mote": mote,
        "oppfolging_form": form,
        "kan_redigere": True,
        "kan_notere": True,
        "statuser": Oppfolgingspunkt.Status.choices,
    }
    if _is_htmx(request):
        return render(request, "investering/_oppfolgingspunkter.html", context)
    if form.errors:
        messages.error(request, _("Oppfølgingspunktet ble ikke lagret."))
    return redirect(mote)


# ---------------------------------------------------------------- follow-up points


def _get_punkt(request, pk) -> Oppfolgingspunkt:
    return get_object_or_404(
        Oppfolgingspunkt.objects.for_user(request.user).select_related("mote", "mote__pilot"),
        pk=pk,
    )


def _tilbake(request, fallback: str) -> str:
    neste = request.POST.get("neste", "")
    if neste.startswith("/") and not neste.startswith("//"):
        return neste
    return fallback


@login_required
@require_POST
def punkt_status(request, pk):
    punkt = _get_punkt(request, pk)
    if not access.can_edit_mote(request.user, punkt.mote):
        raise PermissionDenied
    form = PunktStatusForm(request.POST)
    lukket_i = None
    if request.POST.get("lukket_i_mote"):
        lukket_i = _get_mote(request, _int_or_404(request.POST["lukket_i_mote"]))
        if not access.can_edit_mote(request.user, lukket_i):
            raise PermissionDenied
    if lukket_i is None and not form.is_valid():
        messages.error(request, _("Ugyldig status."))
    else:
        try:
            services.oppfolgingspunkt_set_status(
                punkt=punkt,
                status=form.cleaned_data["status"] if form.is_valid() else "lukket",
                lukket_i_mote=lukket_i,
            )
        except ValidationError as exc:
            for message in _form_error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("Status for oppfølgingspunktet er oppdatert."))
    return redirect(_tilbake(request, punkt.mote.get_absolute_url()))


@login_required
@require_POST
def punkt_notat(request, pk):
    punkt = _get_punkt(request, pk)
    if not access.can_add_note(request.user, punkt):
        raise PermissionDenied
    form = NotatForm(request.POST)
    if form.is_valid():
        services.oppfolgingsnotat_add(
            punkt=punkt, tekst=form.cleaned_data["tekst"], skrevet_av=request.user
        )
        messages.success(request, _("Notatet er lagret."))
    else:
        messages.error(request, _("Notatet ble ikke lagret: skriv inn tekst."))
    return redirect(_tilbake(request, punkt.mote.get_absolute_url() + f"#punkt-{punkt.pk}"))


@login_required
def oppfolging_board(request):
    form = OppfolgingFilterForm(request.GET or None, kommuner=kommuner_with_workdata(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    punkter = selectors.oppfolging_board(
        request.user,
        kommune=filters.get("kommune"),
        etat=filters.get("etat"),
        ansvarlig=filters.get("ansvarlig"),
        status=filters.get("status", ""),
    )
    page = Paginator(punkter, 50).get_page(request.GET.get("side"))
    kan = access.EditChecker(request.user)
    rader = [(p, kan(p.mote)) for p in page]
    return render(
        request,
        "investering/oppfolging_board.html",
        {
            "form": form,
            "page": page,
            "rader": rader,
            "query": _query_without_page(request),
            "statuser": Oppfolgingspunkt.Status.choices,
            "kan_notere": Rolle.INVESTERINGSTEAM in roles_of(request.user),
            "neste": request.get_full_path(),
        },
    )


# ---------------------------------------------------------------- rule barriers


def _regelhinder_filters(request):
    form = RegelhinderFilterForm(request.GET or None, kommuner=kommuner_with_workdata(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    hindre = selectors.regelhinder_list(
        request.user,
        kommune=filters.get("kommune"),
        etat=filters.get("etat"),
        status=filters.get("status", ""),
    )
    return form, hindre


@login_required
def regelhinder_list(request):
    form, hindre = _regelhinder_filters(request)
    page = Paginator(hindre, 50).get_page(request.GET.get("side"))
    kan = access.EditChecker(request.user)  # a Regelhinder has pilot_id and kommune_id too
    labels = dict(Regelhinder.Status.choices)
    rader = [
        (
            h,
            kan(h),
            [(s, labels[s]) for s in Regelhinder.Status.values if s in h.OVERGANGER[h.status]],
        )
        for h in page
    ]
    return render(
        request,
        "investering/regelhinder_list.html",
        {
            "form": form,
            "page": page,
            "rader": rader,
            "query": _query_without_page(request),
            "kan_registrere": access.may_log_any(request.user),
        },
    )


@login_required
def regelhinder_create(request):
    if not access.may_log_any(request.user):
        raise PermissionDenied
    form = RegelhinderForm(request.POST or None, user=request.user)
    mote = None
    if request.GET.get("mote"):
        mote = _get_editable_mote(request, _int_or_404(request.GET["mote"]))
        form.initial["hvor"] = f"{mote.pilot_id}:{mote.kommune_id or 'team'}"
    if request.method == "POST" and form.is_valid():
        pilot, kommune = form.cleaned_data["hvor"]
        if not access.can_edit_regelhinder(request.user, pilot=pilot, kommune=kommune):
            raise PermissionDenied
        try:
            services.regelhinder_create(
                pilot=pilot,
                kommune=kommune,
                tittel=form.cleaned_data["tittel"],
                beskrivelse=form.cleaned_data["beskrivelse"],
                regel=form.cleaned_data["regel"],
                etat=form.cleaned_data["etat"],
                funnet_i_mote=mote,
                registrert_av=request.user,
            )
        except ValidationError as exc:
            for message in _form_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Regelhinderet er registrert."))
            return redirect(mote or reverse("investering:regelhinder_list"))
    return render(request, "investering/regelhinder_form.html", {"form": form, "mote": mote})


@login_required
@require_POST
def regelhinder_status(request, pk):
    hinder = get_object_or_404(Regelhinder.objects.for_user(request.user), pk=pk)
    if not access.can_edit_regelhinder(request.user, pilot=hinder.pilot, kommune=hinder.kommune):
        raise PermissionDenied
    form = RegelhinderStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ugyldig status."))
    else:
        try:
            services.regelhinder_set_status(regelhinder=hinder, **form.cleaned_data)
        except ValidationError as exc:
            for message in _form_error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("Status er oppdatert."))
    return redirect(reverse("investering:regelhinder_list") + f"#hinder-{hinder.pk}")


@login_required
def regelhinder_export(request, fmt):
    _form, hindre = _regelhinder_filters(request)
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
    rows = (
        [
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
        ]
        for h in hindre
    )
    return tabell_response(fmt, "regelhindre", header, rows, tittel=_("Regelhindre"))


# ---------------------------------------------------------------- search


@login_required
def sok(request):
    q = request.GET.get("q", "").strip()[:200]
    treff = selectors.sok(request.user, q) if q else []
    context = {"q": q, "treff": treff}
    if _is_htmx(request):
        return render(request, "investering/_sok_treff.html", context)
    return render(request, "investering/sok.html", context)


# ---------------------------------------------------------------- meeting series


@login_required
def moteserie_create(request):
    if not access.may_log_any(request.user):
        raise PermissionDenied
    form = MoteserieForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pilot, kommune = data["hvor"]
        if not access.can_log_meeting(request.user, pilot=pilot, kommune=kommune):
            raise PermissionDenied
        try:
            serie = services.moteserie_create(
                pilot=pilot,
                kommune=kommune,
                tittel=data["tittel"],
                type=data["type"],
                intervall=data["intervall"],
                forste_start=timezone.make_aware(
                    datetime.combine(data["forste_dato"], data["klokkeslett"])
                ),
                antall=data["antall"],
                varighet_minutter=data["varighet_minutter"],
                sted=data["sted"],
                digitalt=data["digitalt"],
                opprettet_av=request.user,
            )
        except ValidationError as exc:
            for message in _form_error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(n)s planlagte møter er opprettet.") % {"n": serie.antall},
            )
            url = reverse("investering:mote_list")
            return redirect(f"{url}?kommune={kommune.pk}" if kommune else url)
    return render(request, "investering/moteserie_form.html", {"form": form})


# ---------------------------------------------------------------- leader's kommuner


@login_required
def mine_kommuner(request):
    return render(
        request,
        "investering/mine_kommuner.html",
        {"ledede": selectors.leader_overview(request.user)},
    )


@login_required
def team(request):
    if not (roles_of(request.user) - {Rolle.KONTAKTPERSON}):
        raise PermissionDenied
    return render(request, "investering/team.html", {"piloter": selectors.team_overview()})


# ---------------------------------------------------------------- calendar


@login_required
def kalender(request):
    token = services.kalendertoken_get_or_create(bruker=request.user)
    url = request.build_absolute_uri(reverse("investering:kalender_feed", args=[token.token]))
    return render(request, "investering/kalender.html", {"feed_url": url})


@login_required
@require_POST
def kalender_ny_lenke(request):
    services.kalendertoken_regenerate(bruker=request.user)
    messages.success(request, _("Du har fått en ny kalenderlenke. Den gamle virker ikke lenger."))
    return redirect("investering:kalender")


@require_GET
def kalender_feed(request, token):
    """No login (calendar apps cannot log in): the secret token is the key."""
    try:
        kt = Kalendertoken.objects.select_related("bruker").get(token=token)
    except Kalendertoken.DoesNotExist as exc:
        raise Http404 from exc
    user = kt.bruker
    if not user.is_active:
        raise Http404
    events = [
        {
            "uid": f"mote-{m.pk}@velferdspilot",
            "start": m.start,
            "minutes": m.varighet_minutter,
            "summary": m.overskrift,
            "location": m.stedtekst,
            "description": m.agenda,
            "url": request.build_absolute_uri(m.get_absolute_url()),
            "cancelled": m.status == Mote.Status.AVLYST,
        }
        for m in selectors.kalender_moter(user)
    ]
    body = ical.calendar(name=_("Velferdspilot – mine møter"), events=events)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="moter.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
