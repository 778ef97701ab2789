"""A nynorsk kommune gets its grant decision in nynorsk: the email about it, and the
letter, rendered and stored once in the kommune's language (``Kommune.sprak_for``)."""

from django.urls import reverse

from tilskudd import services, varsler
from tilskudd.models import Dokument

from .test_arkiv import _tekst


def test_a_nynorsk_kommune_gets_the_decision_email_in_nynorsk(
    vedtak_halden, halden, kontakt_halden, mailoutbox
):
    halden.maalform = "nn"
    halden.save()
    assert varsler.varsle_vedtak(vedtak_id=vedtak_halden.pk) == 1
    (epost,) = mailoutbox
    assert epost.to == [kontakt_halden.email]
    assert epost.subject.startswith("Vedtak om tilskot: ")
    assert "er avgjord: delvis innvilga, 200" in epost.body
    assert "Vedtaksbrevet kan lastast ned her: " in epost.body
    assert varsler.varsle_vedtak(vedtak_id=vedtak_halden.pk) == 0  # once


def test_a_bokmal_kommune_gets_the_decision_email_in_bokmal(vedtak_halden, mailoutbox):
    varsler.varsle_vedtak(vedtak_id=vedtak_halden.pk)
    (epost,) = mailoutbox
    assert epost.subject.startswith("Vedtak om tilskudd: ")
    assert "er avgjort: delvis innvilget, 200" in epost.body


def test_a_nynorsk_kommune_is_sent_its_stored_decision_letter_in_nynorsk(
    client, vedtak_halden, halden, kontakt_halden, admin_bruker
):
    """The letter is rendered once, when the decision (here: its amendment) is made, in the
    kommune's målform; every later download, in any interface language, is those bytes."""
    halden.maalform = "nn"
    halden.save()
    services.vedtak_endre(
        vedtak=vedtak_halden,
        user=admin_bruker,
        utfall="innvilget",
        belop_innvilget=300_000,
        begrunnelse="Meir midlar vart ledige.",
        endringsgrunn="Potten fekk midlar tilbake.",
        versjon=1,
    )
    dokument = Dokument.objects.get(vedtaksversjon__vedtak=vedtak_halden, slag="endringsvedtak")
    tekst = _tekst(dokument.fil.read())
    assert "Klagerett" in tekst
    assert "Med helsing" in tekst
    assert "Med hilsen" not in tekst and "Klageadgang" not in tekst
    # The journal's own fields stay bokmål, the same for every reader.
    assert dokument.tittel.startswith("Endringsvedtak om tilskudd: ")
    client.force_login(kontakt_halden)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("tilskudd:vedtaksbrev_versjon", args=[vedtak_halden.soknad_id, 2])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == dokument.fil.open("rb").read()


def test_a_bokmal_kommunes_stored_letter_is_bokmal(vedtak_halden):
    dokument = Dokument.objects.get(vedtaksversjon__vedtak=vedtak_halden)
    tekst = _tekst(dokument.fil.read())
    assert "Med hilsen" in tekst and "Med helsing" not in tekst
