"""Uploading values from a table: the preview kept under a one-time token, the
confirmation, the template."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from felles import tabellfil

from .. import services as svc
from ..forms import OpplastingForm
from ..models import Indikator
from ._felles import _ctx, _kommune

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
