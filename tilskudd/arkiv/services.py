"""Writes of the case record. Called by the grant services inside their transaction
(``soknad_submit``, ``vedtak_create``, ``vedtak_endre``, ``utbetaling_create``,
``rapport_submit``), so a case number or a document exists exactly when its event does.

Documents are rendered in ``settings.LANGUAGE_CODE`` (bokmål) whatever the language of
the person who caused them: a document of record is the same for every reader. Each is
stored as PDF/A (``felles.pdf.PDF_A``) with its SHA-256 and never rendered again."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from felles.pdf import PDF_A, render_pdf
from kommuner.models import Bruker

from ..models import (
    Dokument,
    Nummerserie,
    Rapport,
    Soknad,
    Tilskuddsrunde,
    Utbetaling,
    Vedtak,
    Vedtaksversjon,
)

PDF_FORMAT = "PDF/A-2b"


def forvalter_navn(runde: Tilskuddsrunde, user: Bruker | None = None) -> str:
    """Who manages the grant (sender of letters, receiver of applications): the round's
    pilot owner, else the deciding user's agency, else Statsforvalteren."""
    pilot = runde.pilot or runde.pott.pilot
    if pilot is not None:
        return pilot.piloteier.navn
    if user is not None and user.etat_id:
        return user.etat.navn
    return _("Statsforvalteren")


def kommune_navn(soknad: Soknad) -> str:
    return _("%(navn)s kommune") % {"navn": soknad.kommune.navn}


def _neste_i_serie(slag: str, aar: int) -> int:
    # The series row is locked, so two callers never get one number.
    serie, _created = Nummerserie.objects.select_for_update().get_or_create(slag=slag, aar=aar)
    serie.siste += 1
    serie.save(update_fields=["siste"])
    return serie.siste


def saksnummer_tildel(*, soknad: Soknad, now: datetime) -> Soknad:
    """Give ``soknad`` (locked by the caller, being sent in) the next number of the
    year's case sequence (Oslo time)."""
    if soknad.saksaar is not None:
        return soknad
    aar = timezone.localtime(now).year
    soknad.saksaar = aar
    soknad.sekvensnummer = _neste_i_serie(Nummerserie.Slag.SAK, aar)
    return soknad


def _neste_nummer(soknad_id: int) -> int:
    # The case row is locked so two documents of one case never get one number.
    Soknad.objects.select_for_update().filter(pk=soknad_id).values_list("pk").get()
    siste = Dokument.objects.filter(soknad_id=soknad_id).aggregate(m=Max("nummer"))["m"]
    return (siste or 0) + 1


def _lagre(
    *,
    soknad: Soknad,
    slag: str,
    retning: str,
    tittel: str,
    avsender: str,
    mottaker: str,
    mal: str,
    context: dict,
    user: Bruker | None,
    now: datetime,
    sprak: str | None = None,
    **koblinger,
) -> Dokument:
    """Number, render once and store one document of ``soknad``'s case. The journal's
    fields (title, sender, recipient) are always bokmål, the same for every reader; the
    document itself is rendered in ``sprak`` (a letter to a kommune: its målform),
    bokmål when None."""
    if not soknad.saksnummer:
        # A case sent in before numbers were given (rows written without the services):
        # it gets its number with its first document.
        if soknad.status == Soknad.Status.UTKAST:
            raise ValueError("Et utkast har ingen saksdokumenter.")
        Soknad.objects.select_for_update().filter(pk=soknad.pk).values_list("pk").get()
        saksnummer_tildel(soknad=soknad, now=soknad.sendt_inn or now)
        soknad.save(update_fields=["saksaar", "sekvensnummer"])
    dokument = Dokument(
        soknad=soknad,
        nummer=_neste_nummer(soknad.pk),
        slag=slag,
        retning=retning,
        tittel=tittel[:300],
        dato=timezone.localtime(now).date(),
        opprettet=now,
        avsender=avsender[:200],
        mottaker=mottaker[:200],
        opprettet_av=user,
        format=PDF_FORMAT,
        **koblinger,
    )
    with translation.override(sprak or settings.LANGUAGE_CODE):
        data = render_pdf(mal, {**context, "dokument": dokument}, pdf_variant=PDF_A)
    # The journal's running number is taken after the render, so the series row (one
    # for the whole year) is locked only for the rest of the transaction, not the render.
    dokument.journalaar = timezone.localtime(now).year
    dokument.journalsekvensnummer = _neste_i_serie(Nummerserie.Slag.JOURNAL, dokument.journalaar)
    dokument.sha256 = hashlib.sha256(data).hexdigest()
    dokument.storrelse = len(data)
    dokument.fil.save(dokument.filnavn, ContentFile(data), save=False)
    dokument.full_clean()
    dokument.save()
    return dokument


def kvittering_create(*, soknad: Soknad, user: Bruker, now: datetime) -> Dokument:
    """The application as received: an incoming document, number 1 of the case."""
    from ..selectors import kvittering_context

    with translation.override(settings.LANGUAGE_CODE):
        tittel = _("Søknad om tilskudd: %(t)s") % {"t": soknad.tittel}
        avsender = kommune_navn(soknad)
        mottaker = forvalter_navn(soknad.runde)
    return _lagre(
        soknad=soknad,
        slag=Dokument.Slag.SOKNAD,
        retning=Dokument.Retning.INN,
        tittel=tittel,
        avsender=avsender,
        mottaker=mottaker,
        mal="pdf/soknadskvittering.html",
        context=kvittering_context(soknad, sendt_av=user),
        user=user,
        now=now,
    )


def vedtaksbrev_create(*, versjon: Vedtaksversjon, user: Bruker | None, now: datetime) -> Dokument:
    """The letter of one version of a decision (the decision or an amendment): an
    outgoing document, rendered and stored once."""
    from ..selectors import vedtaksbrev_context

    vedtak = versjon.vedtak
    soknad = vedtak.soknad
    with translation.override(settings.LANGUAGE_CODE):
        if versjon.er_endring:
            tittel = _("Endringsvedtak om tilskudd: %(t)s") % {"t": soknad.tittel}
        else:
            tittel = _("Vedtak om tilskudd: %(t)s") % {"t": soknad.tittel}
        avsender = forvalter_navn(soknad.runde, versjon.vedtatt_av)
        mottaker = kommune_navn(soknad)
    # A letter to the kommune is written in the kommune's målform (språklova).
    sprak = soknad.kommune.sprak_for()
    with translation.override(sprak):
        context = vedtaksbrev_context(vedtak, versjon)
    return _lagre(
        soknad=soknad,
        slag=Dokument.Slag.ENDRINGSVEDTAK if versjon.er_endring else Dokument.Slag.VEDTAK,
        retning=Dokument.Retning.UT,
        tittel=tittel,
        avsender=avsender,
        mottaker=mottaker,
        mal="pdf/vedtaksbrev.html",
        context=context,
        user=user,
        now=now,
        sprak=sprak,
        vedtaksversjon=versjon,
    )


def vedtaksbrev_sikre(*, vedtak: Vedtak, nummer: int | None = None) -> Dokument | None:
    """The stored letter of a version (the newest when ``nummer`` is None), read without
    a lock. A decision made before letters were stored gets its letter stored now, once
    (the decision row is locked, and whoever comes second finds it); later downloads
    serve those bytes. None if there is no such version."""
    versjoner = Vedtaksversjon.objects.filter(vedtak_id=vedtak.pk)
    versjon = (
        versjoner.filter(nummer=nummer).first() if nummer else versjoner.order_by("-nummer").first()
    )
    if versjon is not None:
        dokument = Dokument.objects.filter(vedtaksversjon=versjon).select_related("soknad").first()
        if dokument is not None:
            return dokument
    elif nummer not in (None, 1):
        return None
    return _vedtaksbrev_lag(vedtak=vedtak, nummer=nummer)


@transaction.atomic
def _vedtaksbrev_lag(*, vedtak: Vedtak, nummer: int | None) -> Dokument | None:
    vedtak = (
        Vedtak.objects.select_for_update(of=("self",)).select_related("soknad").get(pk=vedtak.pk)
    )
    versjoner = Vedtaksversjon.objects.filter(vedtak=vedtak).select_related("vedtatt_av")
    if not versjoner.exists():
        from ..services import _lagre_versjon

        _lagre_versjon(vedtak, user=vedtak.vedtatt_av, tittel=vedtak.tittel, vedtatt=vedtak.vedtatt)
    versjon = (
        versjoner.filter(nummer=nummer).first() if nummer else versjoner.order_by("-nummer").first()
    )
    if versjon is None:
        return None
    dokument = Dokument.objects.filter(vedtaksversjon=versjon).first()
    if dokument is None:
        versjon.vedtak = vedtak
        dokument = vedtaksbrev_create(versjon=versjon, user=None, now=timezone.now())
    return dokument


def utbetalingsmelding_create(*, utbetaling: Utbetaling, user: Bruker, now: datetime) -> Dokument:
    """A payment notice to the kommune: an outgoing document in the decision's case."""
    soknad = utbetaling.vedtak.soknad
    with translation.override(settings.LANGUAGE_CODE):
        tittel = _("Melding om utbetaling av tilskudd: %(t)s") % {"t": soknad.tittel}
        avsender = forvalter_navn(soknad.runde, user)
        mottaker = kommune_navn(soknad)
    return _lagre(
        soknad=soknad,
        slag=Dokument.Slag.UTBETALING,
        retning=Dokument.Retning.UT,
        tittel=tittel,
        avsender=avsender,
        mottaker=mottaker,
        mal="pdf/saksdokument.html",
        context={"soknad": soknad, "utbetaling": utbetaling, "vedtak": utbetaling.vedtak},
        user=user,
        now=now,
        sprak=soknad.kommune.sprak_for(),
        utbetaling=utbetaling,
    )


def rapportdokument_create(*, rapport: Rapport, user: Bruker, now: datetime) -> Dokument:
    """The kommune's report on the use of funds: an incoming document."""
    soknad = rapport.vedtak.soknad
    with translation.override(settings.LANGUAGE_CODE):
        tittel = _("Rapport om bruk av tilskudd: %(t)s (%(p)s)") % {
            "t": soknad.tittel,
            "p": rapport.periode,
        }
        avsender = kommune_navn(soknad)
        mottaker = forvalter_navn(soknad.runde)
    return _lagre(
        soknad=soknad,
        slag=Dokument.Slag.RAPPORT,
        retning=Dokument.Retning.INN,
        tittel=tittel,
        avsender=avsender,
        mottaker=mottaker,
        mal="pdf/saksdokument.html",
        context={"soknad": soknad, "rapport": rapport, "vedtak": rapport.vedtak},
        user=user,
        now=now,
        rapport=rapport,
    )
