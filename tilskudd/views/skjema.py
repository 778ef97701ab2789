"""A round's own questions (its application form on top of the fixed fields) and its
assessment criteria with weights, edited by the admins on the round's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.forms import SprakSkjema
from felles.meldinger import skjema_utfor, utfor

from .. import access, forms, selectors, services
from ..models import Kriterium, Sporsmal, Tilskuddsrunde

# What the page edits: the form, the service and the model of each kind of row.
_SLAG = {
    "sporsmal": (forms.SporsmalForm, services.sporsmal_upsert, Sporsmal, "sporsmal"),
    "kriterium": (forms.KriteriumForm, services.kriterium_upsert, Kriterium, "kriterium"),
}


@login_required
@access.require(access.may_manage)
def runde_skjema(request, pk):
    """The round's questions and criteria, with a form to add each."""
    runde = get_object_or_404(Tilskuddsrunde.objects.select_related("pott"), pk=pk)
    return _side(request, runde)


def _side(request, runde, *, sporsmal_form=None, kriterium_form=None, status=200):
    return render(
        request,
        "tilskudd/runde_skjema.html",
        {
            "runde": runde,
            **selectors.runde_skjema(runde=runde),
            "sporsmal_form": sporsmal_form or forms.SporsmalForm(),
            "kriterium_form": kriterium_form or forms.KriteriumForm(),
        },
        status=status,
    )


def _sprak(form_class, rad) -> dict:
    """A form with texts per language reads the row's stored texts in each language."""
    return {"sprak_obj": rad} if issubclass(form_class, SprakSkjema) else {}


def _lagre(request, runde, slag: str, rad=None):
    form_class, upsert, _model, navn = _SLAG[slag]
    form = form_class(request.POST, **_sprak(form_class, rad))
    if form.is_valid():
        if skjema_utfor(
            request,
            form,
            lambda: upsert(runde=runde, **{navn: rad}, **form.cleaned_data),
            ok=_("Lagret."),
        ):
            return redirect("tilskudd:runde_skjema", runde.pk), form
    return None, form


@login_required
@require_POST
@access.require(access.may_manage)
def runde_skjema_ny(request, pk, slag):
    """Add a question or a criterion; on an error the page shows it beside the form."""
    runde = get_object_or_404(Tilskuddsrunde.objects.select_related("pott"), pk=pk)
    if slag not in _SLAG:
        return redirect("tilskudd:runde_skjema", runde.pk)
    svar, form = _lagre(request, runde, slag)
    return svar or _side(request, runde, **{f"{slag}_form": form})


@login_required
@access.require(access.may_manage)
def runde_skjema_rediger(request, pk, slag, rad_pk):
    """Change one question or criterion (refused while locked)."""
    runde = get_object_or_404(Tilskuddsrunde, pk=pk)
    if slag not in _SLAG:
        return redirect("tilskudd:runde_skjema", runde.pk)
    form_class, _upsert, model, _navn = _SLAG[slag]
    rad = get_object_or_404(model, pk=rad_pk, runde=runde)
    if request.method == "POST":
        svar, form = _lagre(request, runde, slag, rad)
        if svar:
            return svar
    else:
        form = form_class(
            initial={f: getattr(rad, f) for f in form_class.base_fields}, **_sprak(form_class, rad)
        )
    return render(
        request, "tilskudd/runde_skjema_rad.html", {"runde": runde, "rad": rad, "form": form}
    )


@login_required
@require_POST
@access.require(access.may_manage)
def runde_skjema_slett(request, pk, slag, rad_pk):
    runde = get_object_or_404(Tilskuddsrunde, pk=pk)
    if slag == "sporsmal":
        rad = get_object_or_404(Sporsmal, pk=rad_pk, runde=runde)
        utfor(request, lambda: services.sporsmal_delete(sporsmal=rad), ok=_("Fjernet."))
    elif slag == "kriterium":
        rad = get_object_or_404(Kriterium, pk=rad_pk, runde=runde)
        utfor(request, lambda: services.kriterium_delete(kriterium=rad), ok=_("Fjernet."))
    return redirect("tilskudd:runde_skjema", runde.pk)
