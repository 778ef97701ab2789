"""Schemes and pots (admins)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from felles.meldinger import skjema_utfor

from .. import access, forms, selectors, services
from ..models import Pott, Tildeling


@login_required
@access.require(access.may_manage)
def potter(request):
    return render(
        request,
        "tilskudd/potter.html",
        {
            "potter": selectors.potter_med_tall(),
            "ordninger": selectors.ordninger(),
            "runder": selectors.runder_med_tall(),
        },
    )


def _kilde_rader(data) -> list[dict]:
    """The source rows as posted (to show them again with one more)."""
    try:
        antall = min(int(data.get("kilder-TOTAL_FORMS", 0)), forms.MAKS_KILDER)
    except ValueError:
        antall = 0
    return [
        {"ordning": data.get(f"kilder-{i}-ordning", ""), "belop": data.get(f"kilder-{i}-belop", "")}
        for i in range(antall)
    ]


def _kilde_sum(rader) -> int | None:
    belop = [r.get("belop") for r in rader]
    tall = [int(b) for b in belop if isinstance(b, int) or (isinstance(b, str) and b.isdigit())]
    return sum(tall) if tall else None


def _pott_form_view(request, pott: Pott | None):
    initial = {}
    kilder_initial = []
    if pott is not None:
        initial = {name: getattr(pott, name) for name in forms.PottForm.base_fields}
        kilder_initial = [
            {"ordning": k.ordning, "belop": k.belop} for k in pott.kilder.select_related("ordning")
        ]
    if request.method == "POST" and "legg_til_kilde" in request.POST:
        # Without JavaScript, "Legg til kilde" posts the form: show it again as typed,
        # with one more empty source row, and save nothing.
        rader = _kilde_rader(request.POST)
        form = forms.PottForm(initial=request.POST.dict())
        formset = forms.KildeFormSet(initial=(rader + [{}])[: forms.MAKS_KILDER], prefix="kilder")
        return render(
            request,
            "tilskudd/pott_form.html",
            {"form": form, "formset": formset, "pott": pott, "kilde_sum": _kilde_sum(rader)},
        )
    form = forms.PottForm(request.POST or None, initial=initial)
    formset = forms.KildeFormSet(
        request.POST or None,
        initial=kilder_initial + [{}] * 3 if not request.POST else None,
        prefix="kilder",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        utfall = skjema_utfor(
            request,
            form,
            lambda: services.pott_upsert(
                pott=pott, kilder=forms.kilder(formset), **form.cleaned_data
            ),
            ok=_("Potten er lagret."),
        )
        if utfall:
            return redirect("tilskudd:pott", utfall.verdi.pk)
    kilde_sum = _kilde_sum(_kilde_rader(request.POST) if request.POST else kilder_initial)
    return render(
        request,
        "tilskudd/pott_form.html",
        {"form": form, "formset": formset, "pott": pott, "kilde_sum": kilde_sum},
    )


@login_required
@access.require(access.may_manage)
def pott_ny(request):
    return _pott_form_view(request, None)


@login_required
@access.require(access.may_manage)
def pott_rediger(request, pk):
    return _pott_form_view(request, get_object_or_404(Pott, pk=pk))


def pott_side(request, pott: Pott, *, status: int = 200, **forms_and_errors):
    """The pot page; the allocation views show it again with their form's errors."""
    context = {
        "pott": pott,
        "tildelinger": Tildeling.objects.for_user(request.user)
        .filter(pott=pott)
        .select_related("kommune", "etat"),
        "runder": selectors.runder_med_tall().filter(pott=pott),
        "import_form": forms.ImportForm(),
        "tildeling_form": forms.TildelingForm(),
        **forms_and_errors,
    }
    return render(request, "tilskudd/pott_detail.html", context, status=status)


@login_required
@access.require(access.may_manage)
def pott_detail(request, pk):
    return pott_side(request, get_object_or_404(selectors.potter_med_tall(), pk=pk))
