"""Applications: the contact person writes, attaches, sends in and withdraws;
every reader of cases opens them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.datastand import hurtig_fragment
from felles.meldinger import skjema_utfor, utfor
from felles.vedlegg import vedlegg_response
from kommuner.apps import REGISTER

from .. import access, forms, selectors, services
from ..apps import TILSKUDD
from ..arkiv import selectors as arkiv
from ..models import Soknad, Tilskuddsrunde


@login_required
def soknader(request):
    """The applications the reader reads, newest first. The list is the same for every
    reader with the same reach (``access.soknad_omfang``: the kommuner whose cases they
    read and the kommune they apply for), so it is kept per reach and page."""
    innhold = _soknadliste(omfang=access.soknad_omfang(request.user), side=request.GET.get("side"))
    return render(request, "tilskudd/soknader.html", {"innhold": innhold})


@hurtig_fragment("tilskudd/_soknader.html", grupper=(TILSKUDD, REGISTER))
def _soknadliste(*, omfang: tuple, side: str | None) -> dict:
    """The list's heading, count, table and page links, rendered once per reach and
    page and kept until an application, a round's title, a decision or a kommune's
    name changes (``felles.datastand``): rendering 50 rows is most of the page's
    time. The page links carry ``side`` alone (the list has no other parameter)."""
    return selectors.soknadliste(omfang=omfang, side=side)


def _soknad_form_view(request, *, runde: Tilskuddsrunde, kommune, soknad: Soknad | None):
    initial = {}
    linjer = []
    if soknad is not None:
        initial = {name: getattr(soknad, name) for name in forms.SoknadForm.base_fields}
        initial["tiltak"] = list(soknad.tiltak.all())
        initial.update(forms.svar_initial(selectors.svar_til(soknad=soknad)))
        linjer = [
            {"beskrivelse": b.beskrivelse, "belop": b.belop} for b in soknad.budsjettlinjer.all()
        ]
    form = forms.SoknadForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        kommune=kommune,
        sporsmal=runde.sporsmal.all(),
    )
    formset = forms.BudsjettFormSet(request.POST or None, initial=linjer or None, prefix="budsjett")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {
            **{name: form.cleaned_data.get(name) for name in forms.SoknadForm.base_fields},
            "tiltak": list(form.cleaned_data.get("tiltak") or []),
            "budsjettlinjer": forms.budsjettlinjer(formset),
            "svar": form.svar(),
        }
        utfall = skjema_utfor(
            request,
            form,
            lambda: (
                services.soknad_create(runde=runde, kommune=kommune, user=request.user, **data)
                if soknad is None
                else services.soknad_update(soknad=soknad, user=request.user, **data)
            ),
            ok=_("Utkastet er lagret."),
        )
        if utfall:
            return redirect("tilskudd:soknad", utfall.verdi.pk)
    return render(
        request,
        "tilskudd/soknad_form.html",
        {"form": form, "formset": formset, "runde": runde, "soknad": soknad},
    )


@login_required
def soknad_ny(request, runde_pk):
    kommune = access.applicant_kommune(request.user)
    if kommune is None:
        raise PermissionDenied
    runde = get_object_or_404(selectors.aapne_runder_for(kommune), pk=runde_pk)
    return _soknad_form_view(request, runde=runde, kommune=kommune, soknad=None)


@login_required
def soknad_rediger(request, pk):
    soknad = access.get_editable_soknad(request.user, pk)
    if not soknad.kan_redigeres:
        messages.error(request, _("Søknaden er sendt inn og kan ikke endres."))
        return redirect("tilskudd:soknad", soknad.pk)
    return _soknad_form_view(request, runde=soknad.runde, kommune=soknad.kommune, soknad=soknad)


@login_required
def soknad_detail(request, pk):
    soknad = access.get_soknad_or_404(request.user, pk)
    return render(
        request,
        "tilskudd/soknad_detail.html",
        {
            "soknad": soknad,
            **selectors.soknad_med_vedtak(soknad=soknad),
            "vedlegg_form": forms.VedleggForm(),
            **_saksbehandling(request, soknad),
            "kan_redigere": access.may_edit_soknad(request.user, soknad),
            "kan_forvalte": access.may_manage(request.user),
            "kan_avgjore": access.may_decide(request.user),
            "kan_utbetale": access.may_register_payment(request.user),
            "kan_godkjenne": access.may_approve_report(request.user),
            "utbetaling_form": forms.UtbetalingForm(),
            "dokumenter": arkiv.dokumenter_i_sak(soknad=soknad, user=request.user),
        },
    )


def _saksbehandling(request, soknad: Soknad) -> dict:
    """The internal part of the case (assessment and sign-off): for the admins who
    decide, never for the kommune."""
    if not access.may_assess(request.user) or soknad.status == Soknad.Status.UTKAST:
        return {}
    behandling = selectors.saksbehandling(soknad=soknad)
    return {
        "behandling": behandling,
        "saksbehandler_form": forms.SaksbehandlerForm(
            initial={"saksbehandler": soknad.saksbehandler_id},
            saksbehandlere=selectors.saksbehandlere(),
        ),
        "notat_form": forms.NotatForm(),
        "poeng_form": forms.PoengForm(
            initial={f"kriterium_{k.pk}": p.poeng for k, p in behandling["poengrader"] if p},
            kriterier=[k for k, _p in behandling["poengrader"]],
        ),
        "innstilling_form": forms.InnstillingForm(
            initial=(
                {
                    "belop": behandling["innstilling"].belop,
                    "begrunnelse": behandling["innstilling"].begrunnelse,
                }
                if behandling["innstilling"]
                else {"belop": soknad.belop_sokt}
            )
        ),
    }


@login_required
@require_POST
def vedlegg_ny(request, pk):
    soknad = access.get_editable_soknad(request.user, pk)
    form = forms.VedleggForm(request.POST, request.FILES)
    if form.is_valid():
        utfor(
            request,
            lambda: services.vedlegg_create(
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
    soknad = access.get_editable_soknad(request.user, pk)
    vedlegg = get_object_or_404(soknad.vedlegg.all(), pk=vedlegg_pk)
    utfor(
        request,
        lambda: services.vedlegg_delete(vedlegg=vedlegg, user=request.user),
        ok=_("Vedlegget er fjernet."),
    )
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
def vedlegg_last_ned(request, pk, vedlegg_pk):
    soknad = access.get_soknad_or_404(request.user, pk)
    vedlegg = get_object_or_404(soknad.vedlegg.all(), pk=vedlegg_pk)
    return vedlegg_response(vedlegg.fil, navn=vedlegg.navn)


def _soknad_action(request, pk, action, *, ok: str):
    """Run ``action(soknad=, user=)`` on an application the user may change."""
    soknad = access.get_editable_soknad(request.user, pk)
    utfor(request, lambda: action(soknad=soknad, user=request.user), ok=ok)
    return redirect("tilskudd:soknad", soknad.pk)


@login_required
@require_POST
def soknad_send_inn(request, pk):
    return _soknad_action(request, pk, services.soknad_submit, ok=_("Søknaden er sendt inn."))


@login_required
@require_POST
def soknad_trekk(request, pk):
    return _soknad_action(request, pk, services.soknad_withdraw, ok=_("Søknaden er trukket."))
