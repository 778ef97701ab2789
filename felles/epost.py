"""Send-once email: every email the portal sends goes through ``send_once``, keyed per
event and recipient, so a retried or redelivered job never sends twice.

An email to a user is written in the language the portal writes to that person in
(``skrivesprak``): ``send_once_til`` renders the subject and text inside
``translation.override`` of it, so callers pass the recipient and the language follows.
Which language that is, is the user model's business (``Bruker.skrivesprak`` in
``kommuner``: a kommune's people get the kommune's målform); this module knows no app."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from .models import Utsending

Tekst = str | Promise | Callable[[], str]


def send_once(*, nokkel: str, melding: EmailMessage) -> bool:
    """Send ``melding`` unless an email with this key has been sent. The row and the
    sending share one transaction: if sending fails, no row is kept and a retry sends."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Utsending.objects.create(
                    nokkel=nokkel[:200], mottaker=",".join(melding.to)[:500], sendt=timezone.now()
                )
        except IntegrityError:
            return False
        melding.send(fail_silently=False)
    return True


def send_once_til_adresse(
    *,
    nokkel: str,
    til: str,
    emne: str,
    tekst: str,
    vedlegg: Iterable[tuple[str, bytes, str]] = (),
) -> bool:
    """Email the address ``til`` once per ``nokkel``, in the active language (for a
    user, ``send_once_til`` picks theirs); ``vedlegg`` are (file name, bytes, content
    type). The one place besides ``send_once_til`` that builds an email, so that no
    app writes ``EmailMessage`` (``tools/regler.py``)."""
    melding = EmailMessage(subject=" ".join(str(emne).split()), body=str(tekst), to=[til])
    for navn, data, innholdstype in vedlegg:
        melding.attach(navn, data, innholdstype)
    return send_once(nokkel=nokkel, melding=melding)


def skrivesprak(mottaker) -> str:
    """The language code to write to ``mottaker`` in: the user's ``skrivesprak`` when it
    is a language the portal offers, otherwise the portal's language."""
    sprak = getattr(mottaker, "skrivesprak", None)
    return sprak if sprak in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def gjengi(tekst: Tekst) -> str:
    """A text in the active language: a callable is called, a lazy string translated."""
    return tekst() if callable(tekst) else str(tekst)


def send_once_til(*, nokkel: str, mottaker, emne: Tekst, tekst: Tekst) -> bool:
    """Email the user ``mottaker`` once per ``nokkel``, written in their language
    (``skrivesprak``): ``emne`` and ``tekst`` are lazy strings or callables that build
    the text (``lambda: _("...") % {...}``), rendered in that language."""
    with translation.override(skrivesprak(mottaker)):
        emnelinje = " ".join(gjengi(emne).split())  # one line: a header
        melding = EmailMessage(subject=emnelinje, body=gjengi(tekst), to=[mottaker.email])
    return send_once(nokkel=nokkel, melding=melding)
