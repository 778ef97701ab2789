"""Files out of the meeting log: the meeting and rule barrier tables (CSV/XLSX) with the
list's filters, and a meeting's minutes as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.filer import PDF, fil_response
from felles.pdf import render_pdf
from felles.tabellfil import tabell_response

from .. import selectors
from ..forms import MoteFilterForm, RegelhinderFilterForm
from ._felles import filtrer


@login_required
def mote_export(request, fmt):
    _form, moter = filtrer(request.GET, request.user, MoteFilterForm, selectors.mote_list)
    header, rows = selectors.moter_eksport_rader(moter)
    return tabell_response(fmt, "moter", header, rows, tittel=_("Møter"))


@login_required
def regelhinder_export(request, fmt):
    _form, hindre = filtrer(
        request.GET, request.user, RegelhinderFilterForm, selectors.regelhinder_list
    )
    header, rows = selectors.regelhinder_eksport_rader(hindre)
    return tabell_response(fmt, "regelhindre", header, rows, tittel=_("Regelhindre"))


@login_required
def mote_pdf(request, pk):
    mote = get_object_or_404(selectors.mote_detail(request.user), pk=pk)
    pdf = render_pdf("pdf/investering_mote.html", {"mote": mote}, request=request)
    dato = timezone.localtime(mote.start).strftime("%Y-%m-%d")
    return fil_response(
        pdf, filnavn=f"referat-{dato}-{mote.pk}.pdf", content_type=PDF, vedlegg=False
    )
