"""The case record: a case's documents for download, the journal (postjournal) of
incoming and outgoing documents with its export, and the archive extract (Noark 5)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.paginering import side
from felles.tabellfil import tabell_response
from felles.vedlegg import vedlegg_response
from kommuner.models import Kommune

from .. import access, forms
from ..arkiv import noark5
from ..arkiv import selectors as arkiv


@login_required
def dokument(request, pk, dokument_pk):
    """One stored document of a case, as it was made (PDF/A): the same bytes for every
    reader. Another kommune's case, or an internal document for a kommune, is a 404."""
    soknad = access.get_soknad_or_404(request.user, pk)
    dok = get_object_or_404(
        arkiv.dokumenter_i_sak(soknad=soknad, user=request.user), pk=dokument_pk
    )
    return vedlegg_response(dok.fil, navn=dok.filnavn, type="application/pdf")


def _journal_filter(request):
    form = forms.JournalFilterForm(
        request.GET or None,
        kommuner=Kommune.objects.filter(soknader__saksaar__isnull=False)
        .distinct()
        .order_by("navn"),
    )
    data = form.cleaned_data if form.is_valid() else {}
    dokumenter = arkiv.journal(
        user=request.user,
        fra=data.get("fra"),
        til=data.get("til"),
        retning=data.get("retning", ""),
        slag=data.get("slag", ""),
        kommune=data.get("kommune", ""),
    )
    return form, dokumenter


@login_required
@access.require(access.may_read_journal)
def journal(request):
    """The journal: incoming and outgoing documents per period, filterable."""
    form, dokumenter = _journal_filter(request)
    page = side(request, dokumenter)
    return render(request, "tilskudd/journal.html", {"form": form, "page": page})


@login_required
@access.require(access.may_read_journal)
def journal_eksport(request, format):
    """The filtered journal as CSV or XLSX."""
    if format not in {"csv", "xlsx"}:
        raise Http404
    _form, dokumenter = _journal_filter(request)
    header, rows = arkiv.journal_eksport(dokumenter)
    navn = f"postjournal-{timezone.localdate():%Y-%m-%d}"
    return tabell_response(format, navn, header, rows, tittel=_("Postjournal"))


@login_required
@access.require(access.may_read_journal)
def arkivuttrekk(request):
    """Choose cases of one year (and kommune), a page at a time, and download their
    Noark 5 v5.0 extract (a ZIP). Only the chosen cases' documents are read."""
    aar = arkiv.uttrekk_aar(user=request.user)
    filter_form = forms.UttrekkFilterForm(
        request.GET or None,
        aar=aar,
        kommuner=Kommune.objects.filter(soknader__saksaar__isnull=False)
        .distinct()
        .order_by("navn"),
    )
    data = filter_form.cleaned_data if filter_form.is_valid() else {}
    # Without a chosen year, the newest (the select's first option).
    valgt_aar = data.get("aar") or (aar[0] if aar else None)
    saker = arkiv.saker_aa_velge(user=request.user, aar=valgt_aar, kommune=data.get("kommune", ""))
    page = side(request, saker)
    form = forms.UttrekkForm(
        request.POST if request.method == "POST" else None, saker=saker, vis=page.object_list
    )
    if request.method == "POST" and form.is_valid():
        valgt = arkiv.saker_for_uttrekk(
            user=request.user, ids=[s.pk for s in form.cleaned_data["saker"]]
        )
        data = noark5.uttrekk(
            valgt,
            arkivskaper=request.user.etat.navn if request.user.etat_id else _("Statsforvalteren"),
            av=request.user.fullt_navn,
        )
        navn = f"noark5-uttrekk-{timezone.localtime():%Y-%m-%d-%H%M}.zip"
        return vedlegg_response(ContentFile(data, name=navn), navn=navn)
    return render(
        request,
        "tilskudd/arkivuttrekk.html",
        {"form": form, "filter_form": filter_form, "page": page, "aar": valgt_aar},
    )
