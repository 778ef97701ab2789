"""The knowledge package, as a page and as a PDF."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string

from felles.filer import PDF, fil_response
from felles.pdf import Tegninger, render_pdf

from ... import access
from .. import access as access_kunnskap
from .. import selectors as sel
from ._felles import _ctx, _kommune


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
    context = _pakke_context(request, kommune)
    # The charts as images of the PDF (``felles.pdf.Tegninger``): drawn the same, laid
    # out at a fraction of the cost of inline SVG.
    tegninger = Tegninger()
    context["diagrammer"] = [(rad, tegninger.img(svg)) for rad, svg in context["diagrammer"]]
    pdf = render_pdf("pdf/kunnskapspakke.html", context, request=request, tegninger=tegninger)
    return fil_response(
        pdf,
        filnavn=f"kunnskapspakke-{kommune.kommunenummer}.pdf",
        content_type=PDF,
        vedlegg=False,
    )
