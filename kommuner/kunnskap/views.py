"""Pages of a kommune's knowledge base: Kunnskapsgrunnlag, Tiltak, Utfordringsbilde,
Vedlegg and Kunnskapspakke. Every page gets the kommune through
``access.get_kommune_with_workdata_or_404`` (another kommune's contact person gets a
404) and its objects through the ``*_for_user`` querysets of ``kunnskap.access``."""

from __future__ import annotations

import copy
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from felles import tabellfil
from felles.datastand import hurtig_fragment
from felles.filer import PDF, fil_response
from felles.forms import feil_til_skjema
from felles.meldinger import skjema_utfor
from felles.pdf import render_pdf
from felles.vedlegg import vedlegg_response
from kommuner.apps import KUNNSKAP, REGISTER

from .. import access
from . import access as access_kunnskap
from . import selectors as sel
from . import services as svc
from .forms import (
    BehandleForm,
    GjenapneForm,
    GodkjennAlleForm,
    IndikatorForm,
    NullpunktForm,
    OpplastingForm,
    PeriodeValgForm,
    PeriodeVerdierForm,
    TiltakForm,
    UtfordringsbildeForm,
    ValideringsregelForm,
    VedleggForm,
    VirkemiddelForm,
)
from .models import (
    Indikator,
    Indikatorverdi,
    Tiltak,
    Valideringsregel,
    Virkemiddel,
    periode_sort_key,
)

Status = Indikatorverdi.Status

XLSX_TYPE = tabellfil.XLSX_TYPE


def _kommune(request, kommunenummer, *, edit=False):
    kommune = access.get_kommune_with_workdata_or_404(request.user, kommunenummer)
    if edit and not access.can_edit_kommune_data(request.user, kommune):
        raise PermissionDenied
    return kommune


def _ctx(request, kommune, fane, **extra):
    if "kan_redigere" not in extra:
        extra["kan_redigere"] = access.can_edit_kommune_data(request.user, kommune)
    return {"kommune": kommune, "fane": fane, **extra}


# ------------------------------------------------------------------ kunnskapsgrunnlag


@login_required
def kunnskapsgrunnlag(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    kan_redigere = access.can_edit_kommune_data(request.user, kommune)
    kan_godkjenne = access_kunnskap.can_approve_values(request.user, kommune)
    periodeside = sel.periodeside(
        kommune=kommune, med_utkast=kan_redigere, side=request.GET.get("perioder")
    )
    perioder = sorted(periodeside.object_list, key=periode_sort_key)
    ctx = _ctx(
        request,
        kommune,
        "kunnskapsgrunnlag",
        kan_redigere=kan_redigere,
        periodeside=periodeside,
        perioder=perioder,
        indikatorer=_indikatorer(
            kommune=kommune,
            perioder=perioder,
            kan_redigere=kan_redigere,
            kan_godkjenne=kan_godkjenne,
        ),
        kan_godkjenne=kan_godkjenne,
        til_behandling=sel.til_behandling(kommune=kommune) if kan_godkjenne else [],
        ssb_konflikter=sel.ssb_konflikter(kommune=kommune) if kan_godkjenne else [],
        kan_ssb=access_kunnskap.can_manage_ssb(request.user),
        behandle_form=BehandleForm(),
        periode_form=PeriodeValgForm(),
    )
    return render(request, "kommuner/kunnskap/kunnskapsgrunnlag.html", ctx)


@hurtig_fragment("kommuner/kunnskap/_indikatorer.html", grupper=(KUNNSKAP, REGISTER))
def _indikatorer(*, kommune, perioder, kan_redigere, kan_godkjenne) -> dict:
    """The page's indicator tables and charts (30 indicators × 8 periods at national
    scale, 250 KB of HTML and most of the page's time), rendered once per kommune,
    periods and permissions and kept until an indicator, value, baseline or
    participation changes, or the kommune itself (its number is in the fragment's
    links: ``REGISTER``) (``felles.datastand``). The fragment has no form and no
    token: it is the same for everyone with the same permissions."""
    _perioder, rader = sel.indikatortabell(
        kommune=kommune, med_utkast=kan_redigere, perioder=perioder
    )
    return {
        "kommune": kommune,
        "rader": rader,
        "kan_redigere": kan_redigere,
        "kan_godkjenne": kan_godkjenne,
        "chart_data": [
            (f"diagram-{r.indikator.pk}", r.chart_data()) for r in rader if r.har_verdier
        ],
    }


@login_required
def periode_registrer(request, kommunenummer):
    kommune = _kommune(request, kommunenummer, edit=True)
    valg = PeriodeValgForm(request.GET or None)
    if not valg.is_valid():
        return render(
            request,
            "kommuner/kunnskap/periode_velg.html",
            _ctx(request, kommune, "kunnskapsgrunnlag", valg=valg),
        )
    periode = valg.cleaned_data["periode"]
    rader = sel.periodeskjema(kommune=kommune, periode=periode)
    form = PeriodeVerdierForm(request.POST or None, rader=rader)
    status = 200
    if request.method == "POST" and form.is_valid():
        send_inn = "send_inn" in request.POST
        ok = (
            _("Verdiene for %(p)s er sendt inn.")
            if send_inn
            else _("Utkastet for %(p)s er lagret.")
        )
        utfall = skjema_utfor(
            request,
            form,
            lambda: svc.periode_upsert(
                kommune=kommune,
                periode=periode,
                verdier=form.verdier(),
                versjoner=form.versjoner(),
                bruker=request.user,
                send_inn=send_inn,
            ),
            ok=ok % {"p": periode},
            konflikt=svc.KONFLIKT,
        )
        if utfall:
            _advarsler_som_meldinger(request, utfall.verdi)
            return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
        status = utfall.status
        if status == 409:
            # Show the user's input on the rows as they are now, and say why.
            form = form.med_naavaerende_versjoner(
                sel.periodeskjema(kommune=kommune, periode=periode)
            )
            form.is_valid()
            feil_til_skjema(form, utfall.feil)
        form.add_error(None, _("Ingenting er lagret."))
    return render(
        request,
        "kommuner/kunnskap/periode_form.html",
        _ctx(
            request,
            kommune,
            "kunnskapsgrunnlag",
            form=form,
            periode=periode,
            forrige=svc.forrige_periode(periode),
        ),
        status=status,
    )


def _advarsler_som_meldinger(request, verdier) -> None:
    """Warnings never stop a save; the user is told of each flagged value."""
    for verdi in verdier:
        if verdi.advarsler:
            messages.warning(
                request,
                _("Advarsel for «%(ind)s» i %(p)s: %(tekst)s")
                % {
                    "ind": verdi.indikator.navn,
                    "p": verdi.periode,
                    "tekst": " ".join(verdi.advarsel_tekster),
                },
            )


# Rows a preview table shows at most (the counts cover every row).
FORHANDSVIS_MAKS_RADER = 500


def _forhandsvisning_noekkel(kommune) -> str:
    return f"kunnskap-opplasting:{kommune.pk}"


@login_required
def opplasting(request, kommunenummer):
    """Step one of an upload: the file is read and checked, and the page shows what
    saving it would do (new, changed, unchanged, flagged). Nothing is saved: the
    checked rows wait in the user's session under a one-time token, with the version
    of each stored value they were compared with, until ``opplasting_bekreft``."""
    kommune = _kommune(request, kommunenummer, edit=True)
    form = OpplastingForm(request.POST or None, request.FILES or None)
    feil = []
    if request.method == "POST" and form.is_valid():
        try:
            forhandsvisning = svc.indikatorverdier_preview(
                kommune=kommune, fil=form.cleaned_data["fil"]
            )
        except svc.Opplastingsfeil as exc:
            feil = [str(f) for f in exc.feil]
        except ValidationError as exc:
            feil = exc.messages
        else:
            token = secrets.token_urlsafe(16)
            request.session[_forhandsvisning_noekkel(kommune)] = {
                "token": token,
                "data": forhandsvisning.til_lagring(),
            }
            rader = sorted(
                forhandsvisning.rader, key=lambda r: (not r.advarsler, r.slag == "uendret")
            )
            return render(
                request,
                "kommuner/kunnskap/opplasting_forhandsvisning.html",
                _ctx(
                    request,
                    kommune,
                    "kunnskapsgrunnlag",
                    token=token,
                    filnavn=form.cleaned_data["fil"].name,
                    forhandsvisning=forhandsvisning,
                    rader=rader[:FORHANDSVIS_MAKS_RADER],
                    skjulte=max(0, len(rader) - FORHANDSVIS_MAKS_RADER),
                    nye=forhandsvisning.antall("ny"),
                    endrede=forhandsvisning.antall("endret"),
                    uendrede=forhandsvisning.antall("uendret"),
                    flaggede=len(forhandsvisning.flagget),
                ),
            )
    status = 400 if feil else 200
    return render(
        request,
        "kommuner/kunnskap/opplasting.html",
        _ctx(request, kommune, "kunnskapsgrunnlag", form=form, feil=feil),
        status=status,
    )


@login_required
@require_POST
def opplasting_bekreft(request, kommunenummer):
    """Step two: save what the preview showed, checked again (a value changed since
    the preview refuses the whole file, 409). The preview is used once."""
    kommune = _kommune(request, kommunenummer, edit=True)
    lagret_forhandsvisning = request.session.pop(_forhandsvisning_noekkel(kommune), None)
    if not lagret_forhandsvisning or not secrets.compare_digest(
        str(lagret_forhandsvisning.get("token", "")), request.POST.get("token", "")
    ):
        messages.error(
            request,
            _(
                "Forhåndsvisningen er ikke lenger gyldig (den er brukt, avbrutt eller "
                "erstattet av en nyere). Ingenting er lagret; last opp filen på nytt."
            ),
        )
        return redirect("kommuner:opplasting", kommune.kommunenummer)
    try:
        opplastet = svc.indikatorverdier_confirm(
            kommune=kommune, forhandsvisning=lagret_forhandsvisning["data"], bruker=request.user
        )
    except svc.Opplastingsfeil as exc:
        return render(
            request,
            "kommuner/kunnskap/opplasting.html",
            _ctx(
                request,
                kommune,
                "kunnskapsgrunnlag",
                form=OpplastingForm(),
                feil=[str(f) for f in exc.feil],
            ),
            status=409,
        )
    antall = len(opplastet.lagret)
    messages.success(
        request,
        ngettext(
            "%(n)s verdi er lest inn og sendt inn.",
            "%(n)s verdier er lest inn og sendt inn.",
            antall,
        )
        % {"n": antall},
    )
    if opplastet.godkjent_uendret:
        linjer = opplastet.godkjent_uendret
        messages.info(
            request,
            ngettext(
                "Linje %(linjer)s gjentar en verdi som allerede er godkjent, og er "
                "ikke sendt inn på nytt.",
                "Linjene %(linjer)s gjentar verdier som allerede er godkjent, og er "
                "ikke sendt inn på nytt.",
                len(linjer),
            )
            % {"linjer": ", ".join(str(n) for n in linjer)},
        )
    return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)


@login_required
def mal(request, kommunenummer, fmt):
    kommune = _kommune(request, kommunenummer, edit=True)
    periode = svc.forfalte_perioder()[0]
    rows = [
        [kommune.kommunenummer, i.navn, periode, "", ""]
        for i in Indikator.objects.filter(aktiv=True)
    ]
    navn = f"indikatorverdier-{kommune.kommunenummer}-mal"
    return tabellfil.tabell_response(fmt, navn, svc.KOLONNER, rows, tittel=_("Indikatorverdier"))


@login_required
@require_POST
def behandle(request, kommunenummer, pk):
    """Approve or return one value. With htmx the row is swapped in place."""
    kommune = _kommune(request, kommunenummer)
    if not access_kunnskap.can_approve_values(request.user, kommune):
        raise PermissionDenied
    verdi = get_object_or_404(
        access_kunnskap.indikatorverdier_for_user(request.user), pk=pk, kommune=kommune
    )
    form = BehandleForm(request.POST)
    feil = ""
    if form.is_valid():
        kommentar = form.cleaned_data["kommentar"]
        versjon = form.cleaned_data["versjon"]
        try:
            if form.cleaned_data["handling"] == "godkjenn":
                svc.indikatorverdi_approve(
                    verdi=verdi,
                    bruker=request.user,
                    kommentar=kommentar,
                    versjon=versjon,
                    bekreft_advarsler=form.cleaned_data["bekreft_advarsler"],
                )
                melding = _("«%(v)s» er godkjent.") % {"v": verdi}
            else:
                svc.indikatorverdi_return(
                    verdi=verdi, bruker=request.user, kommentar=kommentar, versjon=versjon
                )
                melding = _("«%(v)s» er returnert.") % {"v": verdi}
        except ValidationError as exc:
            feil = " ".join(exc.messages)
    elif "versjon" in form.errors:
        feil = " ".join(form.errors["versjon"])
    else:
        feil = _("Ugyldig handling.")
    if request.htmx:
        verdi.refresh_from_db()
        return render(
            request,
            "kommuner/kunnskap/_behandle_rad.html",
            {"kommune": kommune, "v": verdi, "feil": feil},
        )
    if feil:
        messages.error(request, feil)
    else:
        messages.success(request, melding)
    return redirect(reverse("kommuner:kunnskapsgrunnlag", args=[kommune.kommunenummer]))


@login_required
@require_POST
def godkjenn_alle(request, kommunenummer):
    """Approve the submitted values of one period that the page showed: it posts each
    value's id and version, and a value changed since is left for the approver to
    look at again (see ``services.indikatorverdier_godkjenn_alle``)."""
    kommune = _kommune(request, kommunenummer)
    if not access_kunnskap.can_approve_values(request.user, kommune):
        raise PermissionDenied
    form = GodkjennAlleForm(request.POST)
    if not form.is_valid():
        for feil in dict.fromkeys(m for ms in form.errors.values() for m in ms):
            messages.error(request, feil)
        return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
    periode = form.cleaned_data["periode"]
    resultat = svc.indikatorverdier_godkjenn_alle(
        kommune=kommune, periode=periode, versjoner=form.cleaned_data["verdi"], bruker=request.user
    )
    if resultat.godkjent:
        antall = len(resultat.godkjent)
        messages.success(
            request,
            ngettext("%(n)s verdi er godkjent.", "%(n)s verdier er godkjent.", antall)
            % {"n": antall},
        )
    for _verdi, grunn in resultat.ikke_godkjent:
        messages.error(request, grunn)
    if resultat.flagget:
        messages.warning(
            request,
            ngettext(
                "Denne verdien har advarsler og er ikke godkjent; se over og godkjenn den "
                "for seg: %(verdier)s.",
                "Disse verdiene har advarsler og er ikke godkjent; se over og godkjenn dem "
                "én og én: %(verdier)s.",
                len(resultat.flagget),
            )
            % {"verdier": "; ".join(f"«{v.indikator.navn}»" for v in resultat.flagget)},
        )
    if resultat.ikke_vist:
        messages.warning(
            request,
            ngettext(
                "%(n)s verdi for %(p)s ble sendt inn etter at du åpnet siden og er ikke "
                "godkjent; se over og godkjenn.",
                "%(n)s verdier for %(p)s ble sendt inn etter at du åpnet siden og er ikke "
                "godkjent; se over og godkjenn.",
                resultat.ikke_vist,
            )
            % {"n": resultat.ikke_vist, "p": periode},
        )
    if not (resultat.godkjent or resultat.ikke_godkjent or resultat.ikke_vist or resultat.flagget):
        messages.info(request, _("Ingen verdier ble godkjent."))
    return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)


@login_required
def gjenapne(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer)
    if not access_kunnskap.can_approve_values(request.user, kommune):
        raise PermissionDenied
    verdi = get_object_or_404(
        access_kunnskap.indikatorverdier_for_user(request.user), pk=pk, kommune=kommune
    )
    form = GjenapneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: svc.indikatorverdi_reopen(
                verdi=verdi, bruker=request.user, kommentar=form.cleaned_data["kommentar"]
            ),
            ok=_("Verdien er åpnet for retting."),
        ):
            return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
    return render(
        request,
        "kommuner/kunnskap/gjenapne.html",
        _ctx(request, kommune, "kunnskapsgrunnlag", form=form, verdi=verdi),
    )


@login_required
def verdi_historikk(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer)
    verdi = get_object_or_404(
        access_kunnskap.indikatorverdier_for_user(request.user), pk=pk, kommune=kommune
    )
    historikk = verdi.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "kommuner/kunnskap/verdi_historikk.html",
        _ctx(request, kommune, "kunnskapsgrunnlag", verdi=verdi, historikk=historikk),
    )


@login_required
def nullpunkt(request, kommunenummer, indikator_pk):
    kommune = _kommune(request, kommunenummer, edit=True)
    indikator = get_object_or_404(Indikator, pk=indikator_pk, aktiv=True)
    eksisterende = kommune.nullpunkter.filter(indikator=indikator).first()
    initial = (
        {
            "periode": eksisterende.periode,
            "verdi": format(eksisterende.verdi.normalize(), "f").replace(".", ","),
            "kommentar": eksisterende.kommentar,
        }
        if eksisterende
        else {}
    )
    form = NullpunktForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: svc.nullpunkt_upsert(kommune=kommune, indikator=indikator, **form.cleaned_data),
            ok=_("Nullpunktet er lagret."),
        ):
            return redirect("kommuner:kunnskapsgrunnlag", kommune.kommunenummer)
    return render(
        request,
        "kommuner/kunnskap/nullpunkt_form.html",
        _ctx(request, kommune, "kunnskapsgrunnlag", form=form, indikator=indikator),
    )


@login_required
def eksport_kommune(request, kommunenummer, fmt):
    kommune = _kommune(request, kommunenummer)
    kan_redigere = access.can_edit_kommune_data(request.user, kommune)
    statuser = list(Status.values) if kan_redigere else sel.SYNLIGE_FOR_LESERE
    rows = sel.eksportrader_kommune(kommune=kommune, statuser=statuser)
    header = [*svc.KOLONNER, "status", "opphav"]
    navn = f"indikatorverdier-{kommune.kommunenummer}-{timezone.localdate():%Y-%m-%d}"
    return tabellfil.tabell_response(fmt, navn, header, rows, tittel=kommune.navn)


@login_required
def eksport_indikator(request, pk, fmt):
    if not access_kunnskap.may_export_indicator(request.user):
        raise Http404
    indikator = get_object_or_404(Indikator, pk=pk)
    rows = sel.eksportrader_indikator(
        kommuner=access.kommuner_with_workdata(request.user), indikator=indikator
    )
    header = ["kommunenummer", "kommune", "periode", "verdi", "kommentar", "status", "opphav"]
    navn = f"indikator-{indikator.pk}-{timezone.localdate():%Y-%m-%d}"
    tittel = _("Indikator %(n)s") % {"n": indikator.pk}
    return tabellfil.tabell_response(fmt, navn, header, rows, tittel=tittel)


# ------------------------------------------------------------------ tiltak


@login_required
def tiltak_list(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    tiltak = access_kunnskap.tiltak_for_user(request.user).filter(kommune=kommune)
    return render(
        request,
        "kommuner/kunnskap/tiltak_list.html",
        _ctx(request, kommune, "tiltak", tiltak=tiltak),
    )


@login_required
def tiltak_detail(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer)
    tiltak = get_object_or_404(
        access_kunnskap.tiltak_for_user(request.user), pk=pk, kommune=kommune
    )
    historikk = tiltak.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "kommuner/kunnskap/tiltak_detail.html",
        _ctx(request, kommune, "tiltak", tiltak=tiltak, historikk=historikk),
    )


@login_required
def tiltak_edit(request, kommunenummer, pk=None):
    kommune = _kommune(request, kommunenummer, edit=True)
    if pk is None:
        tiltak = Tiltak(kommune=kommune)
    else:
        tiltak = get_object_or_404(
            access_kunnskap.tiltak_for_user(request.user), pk=pk, kommune=kommune
        )
    # The form validates a copy: ModelForm writes into its instance, and the service
    # must see the stored values to tell what changed.
    form = TiltakForm(request.POST or None, instance=copy.copy(tiltak))
    if request.method == "POST" and form.is_valid():
        utfall = skjema_utfor(
            request,
            form,
            lambda: svc.tiltak_upsert(kommune=kommune, tiltak=tiltak, **form.cleaned_data),
            ok=_("Tiltaket er lagret."),
        )
        if utfall:
            return redirect("kommuner:tiltak_detail", kommune.kommunenummer, utfall.verdi.pk)
    return render(
        request,
        "kommuner/kunnskap/tiltak_form.html",
        _ctx(request, kommune, "tiltak", form=form, tiltak=tiltak),
    )


# ------------------------------------------------------------------ utfordringsbilde


@login_required
def utfordringsbilde(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    bilde, historikk = sel.utfordringsbilde_med_historikk(kommune=kommune)
    versjon = None
    if request.GET.get("versjon", "").isdigit() and bilde:
        versjon = next((h for h in historikk if h.history_id == int(request.GET["versjon"])), None)
    return render(
        request,
        "kommuner/kunnskap/utfordringsbilde.html",
        _ctx(
            request,
            kommune,
            "utfordringsbilde",
            bilde=bilde,
            historikk=historikk,
            versjon=versjon,
        ),
    )


@login_required
def utfordringsbilde_edit(request, kommunenummer):
    kommune = _kommune(request, kommunenummer, edit=True)
    bilde, _historikk = sel.utfordringsbilde_med_historikk(kommune=kommune)
    initial = (
        {"tema": bilde.tema, "malgrupper": bilde.malgrupper, "tekst": bilde.tekst} if bilde else {}
    )
    form = UtfordringsbildeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        svc.utfordringsbilde_upsert(kommune=kommune, bruker=request.user, **form.cleaned_data)
        messages.success(request, _("Utfordringsbildet er lagret."))
        return redirect("kommuner:utfordringsbilde", kommune.kommunenummer)
    return render(
        request,
        "kommuner/kunnskap/utfordringsbilde_form.html",
        _ctx(request, kommune, "utfordringsbilde", form=form),
    )


# ------------------------------------------------------------------ vedlegg


@login_required
def vedlegg_list(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    kan_redigere = access.can_edit_kommune_data(request.user, kommune)
    form = VedleggForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not kan_redigere:
            raise PermissionDenied
        if form.is_valid():
            if skjema_utfor(
                request,
                form,
                lambda: svc.vedlegg_create(
                    kommune=kommune, bruker=request.user, **form.cleaned_data
                ),
                ok=_("Vedlegget er lastet opp."),
            ):
                return redirect("kommuner:vedlegg", kommune.kommunenummer)
        status = 400
    vedlegg = access_kunnskap.vedlegg_for_user(request.user).filter(kommune=kommune)
    return render(
        request,
        "kommuner/kunnskap/vedlegg.html",
        _ctx(request, kommune, "vedlegg", form=form, vedlegg=vedlegg),
        status=status,
    )


@login_required
def vedlegg_last_ned(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer)
    vedlegg = get_object_or_404(
        access_kunnskap.vedlegg_for_user(request.user), pk=pk, kommune=kommune
    )
    return vedlegg_response(vedlegg.fil, navn=vedlegg.navn, type=vedlegg.type)


@login_required
@require_POST
def vedlegg_slett(request, kommunenummer, pk):
    kommune = _kommune(request, kommunenummer, edit=True)
    vedlegg = get_object_or_404(
        access_kunnskap.vedlegg_for_user(request.user), pk=pk, kommune=kommune
    )
    svc.vedlegg_delete(vedlegg=vedlegg)
    messages.success(request, _("Vedlegget er slettet."))
    return redirect("kommuner:vedlegg", kommune.kommunenummer)


# ------------------------------------------------------------------ kunnskapspakke


def _pakke_context(request, kommune):
    kan_redigere = access.can_edit_kommune_data(request.user, kommune)
    perioder, rader = sel.indikatortabell(kommune=kommune, med_utkast=False)
    bilde = sel.utfordringsbilde_for(kommune=kommune)
    tema = bilde.tema if bilde else ""
    return _ctx(
        request,
        kommune,
        "kunnskapspakke",
        kan_redigere=kan_redigere,
        perioder=perioder,
        rader=rader,
        diagrammer=[(r, sel.indikatordiagram(r)) for r in rader if r.har_verdier],
        bilde=bilde,
        tema=tema,
        virkemidler=sel.virkemidler_for_tema(tema=tema),
        andre_virkemidler=sel.virkemidler_utenom_tema(tema=tema) if tema else [],
        tiltak=list(access_kunnskap.tiltak_for_user(request.user).filter(kommune=kommune)),
        tilskudd=_tilskudd_for(kommune),
        laget=timezone.localtime(),
    )


def _tilskudd_for(kommune):
    """The regional state's grants to the kommune, from the grants module named in
    settings (kommuner imports no other app; the settings wire them together)."""
    path = getattr(settings, "KOMMUNE_TILSKUDD_OVERSIKT", "")
    return import_string(path)(kommune=kommune) if path else None


@login_required
def kunnskapspakke(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    return render(
        request, "kommuner/kunnskap/kunnskapspakke.html", _pakke_context(request, kommune)
    )


@login_required
def kunnskapspakke_pdf(request, kommunenummer):
    kommune = _kommune(request, kommunenummer)
    pdf = render_pdf("pdf/kunnskapspakke.html", _pakke_context(request, kommune), request=request)
    return fil_response(
        pdf,
        filnavn=f"kunnskapspakke-{kommune.kommunenummer}.pdf",
        content_type=PDF,
        vedlegg=False,
    )


# ------------------------------------------------------------------ virkemidler


@login_required
def virkemiddel_list(request):
    return render(
        request,
        "kommuner/kunnskap/virkemiddel_list.html",
        {
            "virkemidler": Virkemiddel.objects.select_related("etat").order_by(
                "tema", "etat__kortnavn", "navn"
            ),
            "kan_endre": access_kunnskap.can_manage_virkemidler(request.user),
        },
    )


@login_required
def virkemiddel_edit(request, pk=None):
    if not access_kunnskap.can_manage_virkemidler(request.user):
        raise PermissionDenied
    virkemiddel = get_object_or_404(Virkemiddel, pk=pk) if pk else None
    form = VirkemiddelForm(request.POST or None, instance=copy.copy(virkemiddel))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def lagre():
            if virkemiddel and (virkemiddel.etat, virkemiddel.navn) != (data["etat"], data["navn"]):
                svc.virkemiddel_endre_navn(
                    virkemiddel=virkemiddel, etat=data["etat"], navn=data["navn"]
                )
            svc.virkemiddel_upsert(**data)

        if skjema_utfor(request, form, lagre, ok=_("Virkemiddelet er lagret.")):
            return redirect("kommuner:virkemidler")
    return render(
        request,
        "kommuner/kunnskap/virkemiddel_form.html",
        {"form": form, "virkemiddel": virkemiddel},
    )


# ---------------------------------------------------------------- indicator catalogue


def _sjekk_katalog(request) -> None:
    if not access_kunnskap.can_manage_indikatorer(request.user):
        raise PermissionDenied


@login_required
def indikator_list(request):
    _sjekk_katalog(request)
    return render(
        request,
        "kommuner/kunnskap/indikator_list.html",
        {"indikatorer": sel.indikatorkatalog()},
    )


@login_required
def indikator_edit(request, pk=None):
    """Create or change an indicator (admins). Nothing here deletes one."""
    _sjekk_katalog(request)
    indikator = get_object_or_404(Indikator, pk=pk) if pk else None
    form = IndikatorForm(request.POST or None, instance=copy.copy(indikator))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if skjema_utfor(
                request,
                form,
                lambda: (
                    svc.indikator_update(indikator=indikator, **form.cleaned_data)
                    if indikator
                    else svc.indikator_create(**form.cleaned_data)
                ),
                ok=_("Indikatoren er lagret."),
            ):
                return redirect("kommuner:indikatorer")
        status = 400
    return render(
        request,
        "kommuner/kunnskap/indikator_form.html",
        {
            "form": form,
            "indikator": indikator,
            "historikk": sel.indikator_historikk(indikator) if indikator else [],
        },
        status=status,
    )


@login_required
def valideringsregel_list(request):
    _sjekk_katalog(request)
    return render(
        request,
        "kommuner/kunnskap/valideringsregel_list.html",
        {"regler": sel.valideringsregler()},
    )


@login_required
def valideringsregel_edit(request, pk=None):
    """Create or change a validation rule between indicators (admins)."""
    _sjekk_katalog(request)
    regel = get_object_or_404(Valideringsregel, pk=pk) if pk else None
    form = ValideringsregelForm(request.POST or None, instance=copy.copy(regel))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if skjema_utfor(
                request,
                form,
                lambda: svc.valideringsregel_upsert(
                    regel=regel,
                    navn=data["navn"],
                    operator=data["operator"],
                    venstre=list(data["venstre"]),
                    hoyre=list(data["hoyre"]),
                    konstant=data["konstant"],
                    beskrivelse=data["beskrivelse"],
                    aktiv=data["aktiv"],
                ),
                ok=_("Regelen er lagret."),
            ):
                return redirect("kommuner:valideringsregler")
        status = 400
    return render(
        request,
        "kommuner/kunnskap/valideringsregel_form.html",
        {"form": form, "regel": regel},
        status=status,
    )


# ---------------------------------------------------------------- data quality


@login_required
def datakvalitet(request, slug):
    """Completeness per kommune and period, flagged, returned and late values of one
    pilot's participating kommuner (``selectors.datakvalitet``)."""
    pilot = access_kunnskap.get_pilot_for_datakvalitet_or_404(request.user, slug)
    kvalitet = sel.datakvalitet(pilot=pilot, side=request.GET.get("side"))
    return render(
        request,
        "kommuner/kunnskap/datakvalitet.html",
        {"pilot": pilot, "kvalitet": kvalitet, "frist_maaneder": sel.FRIST_MAANEDER},
    )
