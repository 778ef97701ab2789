"""Notifications: the one way to tell a user that something needs them.

``varsle`` makes the in-portal notification (``Varsel``) once per event and recipient
(``noekkel``) and sends the email once per event and recipient through
``felles.epost.send_once`` (key ``<noekkel>:<user id>``), unless the user has turned
email off for that kind (``EpostAvmelding``). The apps decide who is told and when
(their ``varsler.py``, run by tasks after commit or by the beat) and declare their
kinds there (``felles.varselslag.registrer``); this module knows no app and no kind,
and refuses a kind nobody registered. Links are paths in the portal; the email makes
them absolute with the configured public address (``settings.PORTAL_URL``), as every
email of the portal does.

The title is stored untranslated, as its msgid and parameters, and translated when
shown, so each reader sees it in their own language (``Varsel.visningstittel``); the
callers mark the msgid with ``gettext_noop`` (or ``ngettext_lazy(..., "n")`` for a
title with a count) so that makemessages finds it. The stored ``tittel`` is in the
portal's language (``LANGUAGE_CODE``). The email is written in the recipient's
language (``felles.epost.skrivesprak``: a kommune's people get the kommune's målform,
others the language they last chose with the language switch), so its ``tekst`` is a
lazy string or a callable that builds the text, rendered in that language.

A notification to a user bound to a kommune (the user model's ``kommune_id``: contact
persons) is about that kommune: it keeps the kommune it was made under and is shown
only while the user still belongs to it, so a contact person moved to another kommune
(by whatever path) no longer reads the old kommune's notifications.

The unread count in the navigation is read with the request's user, in the same query
(``uleste_annotasjon``, used by the login backend)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import varselslag
from .adresser import er_intern_sti
from .epost import Tekst, gjengi, send_once_til_adresse, skrivesprak
from .models import EpostAvmelding, Varsel, tittel_gjengi, tittel_param_json


def absolutt_url(sti: str) -> str:
    """A path in the portal as the full address people can open from an email."""
    if not er_intern_sti(sti):
        raise ValueError(f"Ikke en sti i portalen: {sti!r}")
    return settings.PORTAL_URL + sti


def tittel_maler(tittel: str | Promise) -> tuple[str, str]:
    """The untranslated msgid of a title and, for a title with a count, its plural
    msgid: ``tittel`` is a msgid (``gettext_noop``, or ``gettext_lazy``) or
    ``ngettext_lazy(singular, plural, "n")``."""
    if isinstance(tittel, str):
        return tittel, ""
    if not isinstance(tittel, Promise):
        raise TypeError(f"Tittelen må være en msgid: {tittel!r}")
    with translation.override(None):  # no catalogue: the msgids come back as they are
        mal = str(tittel)
        if mal:
            return mal, ""
        # A number-aware lazy plural is empty until given its count; given a bare
        # number it picks the form and keeps the placeholders.
        return str(tittel % 1), str(tittel % 2)


def varsle(
    *,
    mottaker,
    slag: str,
    tittel: str | Promise,
    param: Mapping[str, object] | None = None,
    url: str,
    noekkel: str,
    tekst: Tekst = "",
    vedlegg: Sequence[tuple[str, bytes, str]] = (),
) -> bool:
    """Tell ``mottaker`` about one event: the notification in the portal (once per
    ``noekkel`` and recipient, however often this runs) and, unless they turned email
    off for ``slag``, the email (sent once per ``noekkel`` and recipient). ``tittel``
    is the untranslated title (``tittel_maler``) and ``param`` its parameters (text,
    numbers, dates; ``n`` the count of a plural), translated when shown. ``url`` is a
    path in the portal; ``tekst`` is the email's text (the title when empty): a lazy
    string or a callable building it, so that it is written in the recipient's language
    (``skrivesprak``), as the email's subject is; ``vedlegg`` (file name, bytes, content
    type) go with the email only. Returns whether an email was sent now."""
    if not varselslag.er_registrert(slag):
        raise ValueError(f"Ukjent varseltype: {slag!r}")
    lenke = absolutt_url(url)
    mal, flertall = tittel_maler(tittel)
    param_json = tittel_param_json(param or {})
    if not mottaker.is_active:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        tittel_tekst = tittel_gjengi(mal=mal, flertall=flertall, param=param_json)
        Varsel.objects.get_or_create(
            mottaker=mottaker,
            noekkel=noekkel[:200],
            defaults={
                "slag": slag,
                "tittel": tittel_tekst[:300],
                "tittel_mal": mal,
                "tittel_flertall": flertall,
                "tittel_param": param_json,
                "url": url[:500],
                "mottakers_kommune": getattr(mottaker, "kommune_id", None),
            },
        )
    if not mottaker.email or epost_avslaatt(mottaker, slag):
        return False
    with translation.override(skrivesprak(mottaker)):
        emne = tittel_gjengi(mal=mal, flertall=flertall, param=param_json)
        innstillinger = absolutt_url(reverse("varsler:innstillinger"))
        body = "\n\n".join(
            [
                gjengi(tekst) or emne,
                _("Åpne i portalen: %(url)s") % {"url": lenke},
                "-- \n"
                + _(
                    "Du får denne e-posten fordi du har varsler om «%(slag)s» på e-post. "
                    "Slå det av her: %(url)s"
                )
                % {"slag": varselslag.navn(slag), "url": innstillinger},
            ]
        )
    # One line (send_once_til_adresse): a title carrying user text (a comment) must
    # not break the header.
    return send_once_til_adresse(
        nokkel=f"{noekkel}:{mottaker.pk}",
        til=mottaker.email,
        emne=emne,
        tekst=body,
        vedlegg=vedlegg,
    )


def varsle_alle(
    *,
    mottakere: Iterable,
    slag: str,
    tittel: str | Promise,
    param: Mapping[str, object] | None = None,
    url: str,
    noekkel: str,
    tekst: Tekst = "",
    vedlegg: Sequence[tuple[str, bytes, str]] = (),
) -> int:
    """``varsle`` each of ``mottakere`` about the same event (same title, link and
    key). Returns the emails sent."""
    return sum(
        varsle(
            mottaker=mottaker,
            slag=slag,
            tittel=tittel,
            param=param,
            url=url,
            noekkel=noekkel,
            tekst=tekst,
            vedlegg=vedlegg,
        )
        for mottaker in mottakere
    )


def epost_avslaatt(bruker, slag: str) -> bool:
    return EpostAvmelding.objects.filter(bruker=bruker, slag=slag).exists()


# ---------------------------------------------------------------- the user's own pages


def _gjeldende(kommune) -> Q:
    """Rows for no kommune, or for the reader's kommune now (``kommune``: their
    ``kommune_id``, or an expression for it)."""
    if kommune is None:
        return Q(mottakers_kommune__isnull=True)
    return Q(mottakers_kommune__isnull=True) | Q(mottakers_kommune=kommune)


def varsler_for(bruker) -> QuerySet[Varsel]:
    """A user's own notifications, newest first: the only rows the pages read. Those
    about a kommune the user no longer belongs to are left out."""
    return Varsel.objects.filter(
        _gjeldende(getattr(bruker, "kommune_id", None)), mottaker=bruker
    ).order_by("-opprettet", "-pk")


def uleste_annotasjon() -> dict:
    """Annotate users with ``uleste_varsler``, their unread count, as a subquery of the
    query that loads them (the request's user: no query of its own)."""
    antall = (
        Varsel.objects.filter(
            _gjeldende(OuterRef("kommune_id")),
            mottaker=OuterRef("pk"),
            lest__isnull=True,
        )
        .order_by()
        .values("mottaker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {"uleste_varsler": Coalesce(Subquery(antall, output_field=IntegerField()), 0)}


def uleste_antall(bruker) -> int:
    """The unread count: read with the user where it was loaded by the login backend,
    otherwise one query."""
    antall = getattr(bruker, "uleste_varsler", None)
    if antall is None:
        antall = varsler_for(bruker).filter(lest__isnull=True).count()
    return antall


def varsel_merk_lest(*, varsel: Varsel) -> Varsel:
    if varsel.lest is None:
        varsel.lest = timezone.now()
        varsel.save(update_fields=["lest"])
    return varsel


def varsler_merk_alle_lest(*, bruker) -> int:
    return varsler_for(bruker).filter(lest__isnull=True).update(lest=timezone.now())


def epostvalg(bruker) -> dict[str, bool]:
    """For each registered kind: does the user get it by email?"""
    av = set(EpostAvmelding.objects.filter(bruker=bruker).values_list("slag", flat=True))
    return {slag: slag not in av for slag in varselslag.alle()}


@transaction.atomic
def epostvalg_lagre(*, bruker, paa: set[str]) -> None:
    """Email on for the kinds in ``paa``, off for the other registered kinds."""
    alle = varselslag.alle()
    ukjente = set(paa) - set(alle)
    if ukjente:
        raise ValueError(f"Ukjente varseltyper: {sorted(ukjente)}")
    EpostAvmelding.objects.filter(bruker=bruker, slag__in=paa).delete()
    finnes = set(EpostAvmelding.objects.filter(bruker=bruker).values_list("slag", flat=True))
    EpostAvmelding.objects.bulk_create(
        [
            EpostAvmelding(bruker=bruker, slag=slag)
            for slag in alle
            if slag not in paa and slag not in finnes
        ]
    )
