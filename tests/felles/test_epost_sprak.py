"""An email to a user is written in the language the portal writes to them in
(``skrivesprak``), whatever language the sending job runs in; ``felles`` asks the user
object and knows no app."""

from types import SimpleNamespace

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from felles.epost import send_once_til, skrivesprak


@pytest.mark.parametrize(
    ("mottaker", "sprak"),
    [
        (SimpleNamespace(skrivesprak="nn"), "nn"),
        (SimpleNamespace(skrivesprak="en"), "en"),
        (SimpleNamespace(skrivesprak="sv"), "nb"),  # not offered: the portal's
        (SimpleNamespace(), "nb"),  # a recipient that says nothing
    ],
)
def test_the_language_is_the_recipients_if_the_portal_offers_it(mottaker, sprak):
    assert skrivesprak(mottaker) == sprak


def test_subject_and_text_are_rendered_in_the_recipients_language(db, mailoutbox):
    mottaker = SimpleNamespace(email="kari@example.no", skrivesprak="nn")
    # The job's own language does not matter. A lazy string is translated when sent
    # (``gettext_lazy(...) % {...}`` is not lazy: give a callable for a text with values).
    with translation.override("en"):
        assert send_once_til(
            nokkel="test:1",
            mottaker=mottaker,
            emne=gettext_lazy("Endringene er lagret."),
            tekst=lambda: _("Åpne i portalen: %(url)s") % {"url": "https://x"},
        )
    (epost,) = mailoutbox
    assert epost.subject == "Endringane er lagra."
    assert epost.body == "Opne i portalen: https://x"
    assert epost.to == ["kari@example.no"]
    # Once per key.
    assert not send_once_til(nokkel="test:1", mottaker=mottaker, emne="x", tekst="y")
