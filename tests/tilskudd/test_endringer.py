"""Issue 12 in grants: taking an application into review, the pot page's form ids and
name, pots pooled from many schemes, amending decisions, case references and the
history of decisions and payments."""

import re

import pytest
from django.urls import reverse

from tilskudd.models import Pott, Soknad

from .conftest import make_soknad


def login(client, user):
    client.force_login(user)
    return client


def test_taking_into_review_returns_to_the_application_not_the_decision_form(
    client, admin_bruker, soknad_halden
):
    login(client, admin_bruker)
    response = client.post(
        reverse("tilskudd:soknad_behandle", args=[soknad_halden.pk]), follow=True
    )
    assert response.redirect_chain == [(reverse("tilskudd:soknad", args=[soknad_halden.pk]), 302)]
    page = response.content.decode()
    assert "Søknaden er tatt til behandling." in page
    # The decision form is a separate, explicit step.
    assert reverse("tilskudd:vedtak_ny", args=[soknad_halden.pk]) in page
    soknad_halden.refresh_from_db()
    assert soknad_halden.status == Soknad.Status.UNDER_BEHANDLING
    assert not hasattr(soknad_halden, "vedtak") or soknad_halden.vedtak is None


def test_taking_into_review_twice_says_why_and_stays(client, admin_bruker, soknad_halden):
    login(client, admin_bruker)
    url = reverse("tilskudd:soknad_behandle", args=[soknad_halden.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "Bare innsendte søknader kan tas til behandling." in response.content.decode()


# --- the pot page ------------------------------------------------------------------


def test_pot_page_has_no_duplicate_ids(client, admin_bruker, pott):
    login(client, admin_bruker)
    page = client.get(reverse("tilskudd:pott", args=[pott.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes
    # Each label points at its own form's field.
    assert 'for="id_import-formaal"' in page and 'for="id_tildeling-formaal"' in page


def test_pot_name_shows_its_year_once(db, ordning_231_63):
    from tilskudd import services

    med_aar = services.pott_upsert(
        navn="Innovasjonsmidler 2026", aar=2026, total=10, kilder=[(ordning_231_63, None)]
    )
    uten_aar = services.pott_upsert(
        navn="Innovasjonsmidler", aar=2027, total=10, kilder=[(ordning_231_63, None)]
    )
    assert str(med_aar) == "Innovasjonsmidler 2026"
    assert str(uten_aar) == "Innovasjonsmidler 2027"
    assert Pott.objects.count() == 2
