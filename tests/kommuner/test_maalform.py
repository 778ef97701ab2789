"""A kommune's målform (bokmål, nynorsk, nøytral) decides the language the portal writes
to the kommune and its people in; a user's language choice is remembered for the
neutral kommuner and for the state's people."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kommuner import services
from kommuner.models import Kommune, Maalform
from kommuner.roller import Rolle
from tests.factories import BrukerFactory


@pytest.mark.parametrize(
    ("maalform", "valgt", "sprak"),
    [
        (Maalform.NYNORSK, "", "nn"),
        (Maalform.NYNORSK, "en", "nn"),  # the kommune's målform wins over a choice
        (Maalform.BOKMAAL, "nn", "nb"),
        (Maalform.NOYTRAL, "nn", "nn"),
        (Maalform.NOYTRAL, "en", "en"),
        (Maalform.NOYTRAL, "", "nb"),
        (Maalform.NOYTRAL, "xx", "nb"),  # not a language the portal offers
    ],
)
def test_the_language_for_a_kommunes_person_follows_its_maalform(halden, maalform, valgt, sprak):
    halden.maalform = maalform
    halden.save()
    kontakt = BrukerFactory(kommune=halden, roller=[Rolle.KONTAKTPERSON], sprak=valgt)
    assert halden.sprak_for(kontakt) == sprak
    assert kontakt.skrivesprak == sprak


def test_a_letter_to_a_neutral_kommune_itself_is_in_bokmal(halden):
    halden.maalform = Maalform.NOYTRAL
    assert halden.sprak_for() == "nb"
    halden.maalform = Maalform.NYNORSK
    assert halden.sprak_for() == "nn"


def test_a_new_kommune_writes_bokmal(db):
    kommune, _ny = services.kommune_upsert(kommunenummer="3401", navn="Kongsvinger")
    assert kommune.maalform == Maalform.BOKMAAL


def test_a_state_person_gets_the_language_they_chose_else_the_portals(leder_halden):
    assert leder_halden.skrivesprak == settings.LANGUAGE_CODE
    services.bruker_sprak_set(bruker=leder_halden, sprak="en")
    leder_halden.refresh_from_db()
    assert leder_halden.skrivesprak == "en"
    services.bruker_sprak_set(bruker=leder_halden, sprak="klingon")  # ignored
    leder_halden.refresh_from_db()
    assert leder_halden.sprak == "en"


def test_the_language_switch_remembers_a_signed_in_users_choice(client, kontakt_halden):
    client.force_login(kontakt_halden)
    response = client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    kontakt_halden.refresh_from_db()
    assert kontakt_halden.sprak == "nn"
    # And the next page is in nynorsk.
    assert "Hovudmeny" in client.get("/").content.decode()


def test_the_language_switch_works_signed_out_and_stores_nothing(client, db):
    response = client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"


def test_the_chooser_offers_the_three_languages_by_their_own_names(client, kontakt_halden):
    client.force_login(kontakt_halden)
    html = client.get(reverse("kommuner:detail", args=["3101"])).content.decode()
    assert 'lang="nb">Norsk bokmål</option>' in html
    assert 'lang="nn">Norsk nynorsk</option>' in html
    assert 'lang="en">English</option>' in html


def test_admin_sets_the_maalform_and_the_kommune_page_shows_it(client, admin_bruker, halden):
    client.force_login(admin_bruker)
    url = reverse("kommuner:edit", args=["3101"])
    assert 'name="maalform"' in client.get(url).content.decode()
    response = client.post(
        url, {"navn": "Halden", "innbyggere": "30840", "innbyggere_aar": "", "maalform": "nn"}
    )
    assert response.status_code == 302
    halden.refresh_from_db()
    assert halden.maalform == Maalform.NYNORSK
    html = client.get(reverse("kommuner:detail", args=["3101"])).content.decode()
    assert "Målform" in html and "Nynorsk" in html


def test_an_unknown_maalform_is_refused_and_nothing_saved(client, admin_bruker, halden):
    client.force_login(admin_bruker)
    response = client.post(
        reverse("kommuner:edit", args=["3101"]),
        {"navn": "Halden II", "innbyggere": "30840", "innbyggere_aar": "", "maalform": "sv"},
    )
    assert response.status_code == 200
    halden.refresh_from_db()
    assert (halden.navn, halden.maalform) == ("Halden", Maalform.BOKMAAL)


def test_the_helper_is_made_for_translation_override(halden):
    halden.maalform = Maalform.NYNORSK
    with translation.override(halden.sprak_for()):
        assert translation.gettext("Vedtak om tilskudd: %(t)s") == "Vedtak om tilskot: %(t)s"
    assert Kommune.objects.get(pk=halden.pk).maalform == Maalform.BOKMAAL  # not saved


def test_a_post_without_the_maalform_keeps_it(client, admin_bruker, halden):
    halden.maalform = Maalform.NYNORSK
    halden.save()
    client.force_login(admin_bruker)
    response = client.post(
        reverse("kommuner:edit", args=["3101"]),
        {"navn": "Halden", "innbyggere": "31000", "innbyggere_aar": "2024"},
    )
    assert response.status_code == 302
    halden.refresh_from_db()
    assert (halden.innbyggere, halden.maalform) == (31000, Maalform.NYNORSK)
