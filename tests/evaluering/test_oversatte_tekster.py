"""Goals and reflection-form statements are kept in bokmål, nynorsk and English: the
admin writes them in the portal's forms (bokmål required), a reader sees their own
language or bokmål, and the admin sees which are missing."""

from django.urls import reverse
from django.utils import translation

from evaluering.models import Mal, Pastand


def test_the_goal_form_saves_each_language_and_opens_a_goal_with_its_texts(
    client, folk, pilot, mal
):
    client.force_login(folk["admin"])
    url = reverse("evaluering:mal", args=[pilot.slug])
    response = client.post(
        url,
        {
            "nummer": "2",
            "tittel": "Delt erfaringer",
            "tittel_nn": "Delt erfaringar",
            "tittel_en": "Shared experience",
            "beskrivelse": "",
            "beskrivelse_nn": "",
            "beskrivelse_en": "",
        },
    )
    assert response.status_code == 302
    delt = Mal.objects.get(pilot=pilot, nummer=2)
    assert (delt.tittel_nb, delt.tittel_nn, delt.tittel_en) == (
        "Delt erfaringer",
        "Delt erfaringar",
        "Shared experience",
    )
    side = client.get(url).content.decode()
    # Goal 1 has bokmål only: the admin sees what is missing; goal 2 has every language.
    assert side.count("mangler nynorsk") == 1
    assert side.count("mangler engelsk") == 1
    skjema = client.get(f"{url}?nummer=2").content.decode()
    assert 'name="tittel_nn"' in skjema and 'value="Delt erfaringar"' in skjema
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    side = client.get(url).content.decode()
    assert "Delt erfaringar" in side
    assert "Utviklet en ny modell for samordning" in side  # no nynorsk: bokmål


def test_the_goal_form_refuses_an_empty_bokmal_goal_and_saves_nothing(client, folk, pilot, mal):
    client.force_login(folk["admin"])
    response = client.post(
        reverse("evaluering:mal", args=[pilot.slug]),
        {"nummer": "3", "tittel": "", "tittel_nn": "Berre nynorsk"},
    )
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    assert not Mal.objects.filter(pilot=pilot, nummer=3).exists()


def test_a_goal_number_that_is_not_a_number_opens_an_empty_form(client, folk, pilot, mal):
    client.force_login(folk["admin"])
    url = reverse("evaluering:mal", args=[pilot.slug])
    assert client.get(f"{url}?nummer=x1").status_code == 200
    assert client.get(f"{url}?nummer=99999999999").status_code == 200


def test_reflection_statements_are_saved_line_for_line_in_each_language(
    client, folk, periode, halden
):
    client.force_login(folk["admin"])
    url = reverse("evaluering:skjema_ny", args=["testpilot"])
    data = {
        "periode": "2025-H2",
        "tittel": "T",
        "pastander": "Samarbeidet er bedre\nVi deler mer",
        "pastander_nn": "Samarbeidet er betre\nVi deler meir",
        "pastander_en": "",
        "kommuner": [halden.pk],
    }
    feil = client.post(url, {**data, "pastander_nn": "Berre ei linje"})
    assert "Skriv like mange påstander som på bokmål (2), én per linje." in feil.content.decode()
    assert not Pastand.objects.exists()
    assert client.post(url, data).status_code == 302
    forste, andre = Pastand.objects.order_by("nummer")
    assert (forste.tekst_nb, forste.tekst_nn, forste.tekst_en) == (
        "Samarbeidet er bedre",
        "Samarbeidet er betre",
        None,
    )
    with translation.override("nn"):
        assert andre.tekst == "Vi deler meir"
    with translation.override("en"):
        assert andre.tekst == "Vi deler mer"  # no English: bokmål
