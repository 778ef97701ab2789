"""A nynorsk kommune gets its grant decision in nynorsk: the email about it, and the
letter when rendered with the kommune's language (``Kommune.sprak_for``), as the
letter code is to do."""

from django.template.loader import render_to_string
from django.utils import translation

from tilskudd import services
from tilskudd.selectors import vedtaksbrev_context


def test_a_nynorsk_kommune_gets_the_decision_email_in_nynorsk(
    vedtak_halden, halden, kontakt_halden, mailoutbox
):
    halden.maalform = "nn"
    halden.save()
    assert services.varsle_vedtak(vedtak_id=vedtak_halden.pk) == 1
    (epost,) = mailoutbox
    assert epost.to == [kontakt_halden.email]
    assert epost.subject.startswith("Vedtak om tilskot: ")
    assert "er avgjord: delvis innvilga, 200" in epost.body
    assert "Vedtaksbrevet kan lastast ned her: " in epost.body
    assert services.varsle_vedtak(vedtak_id=vedtak_halden.pk) == 0  # once


def test_a_bokmal_kommune_gets_the_decision_email_in_bokmal(vedtak_halden, mailoutbox):
    services.varsle_vedtak(vedtak_id=vedtak_halden.pk)
    (epost,) = mailoutbox
    assert epost.subject.startswith("Vedtak om tilskudd: ")
    assert "er avgjort: delvis innvilget, 200" in epost.body


def test_a_nynorsk_kommunes_decision_letter_rendered_in_its_language_is_nynorsk(
    vedtak_halden, halden
):
    halden.maalform = "nn"
    halden.save()
    with translation.override(vedtak_halden.soknad.kommune.sprak_for()):
        html = render_to_string("pdf/vedtaksbrev.html", vedtaksbrev_context(vedtak_halden))
    assert "Vedtak om tilskot" in html
    assert "Klagerett" in html
    assert "De kan klage på vedtaket, jf. forvaltningslova § 28." in html
    assert "Med helsing" in html
    assert "Med hilsen" not in html and "Klageadgang" not in html
