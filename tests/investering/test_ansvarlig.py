"""Who may own a follow-up point: the people of the meeting's pilot and kommune (the
kommune's contact persons, the participation's investment leader, the pilot's
investment team now), never every user, the steering group or another pilot's people.
The form offers only them and the service refuses anybody else."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from investering import access, services
from investering.models import Mote, Oppfolgingspunkt
from kommuner.roller import Rolle
from kommuner.services import deltakelse_upsert
from tests.factories import BrukerFactory, PilotFactory

from .conftest import at


@pytest.fixture
def personer(folk, pilot, halden, statsforvalteren):
    """The pilot's team (one member now, one who left), another pilot where Halden takes
    part with a leader and a team of its own, and an inactive contact person."""
    team = services.investeringsteam_upsert(pilot=pilot, navn="Investeringsteamet")
    services.teammedlem_upsert(team=team, bruker=folk["team"])
    sluttet = BrukerFactory(email="sluttet@test.no", roller=[Rolle.INVESTERINGSTEAM])
    services.teammedlem_end(medlem=services.teammedlem_upsert(team=team, bruker=sluttet))
    annen = PilotFactory(slug="annen", navn="Annen pilot")
    annen_leder = BrukerFactory(email="annen.leder@test.no", roller=[Rolle.INVESTERINGSLEDER])
    deltakelse_upsert(pilot=annen, kommune=halden, status="deltar", investeringsleder=annen_leder)
    annet_team = services.investeringsteam_upsert(pilot=annen, navn="Annet team")
    annen_i_team = BrukerFactory(email="annen.team@test.no", roller=[Rolle.INVESTERINGSTEAM])
    services.teammedlem_upsert(team=annet_team, bruker=annen_i_team)
    BrukerFactory(
        email="inaktiv@test.no", kommune=halden, roller=[Rolle.KONTAKTPERSON], is_active=False
    )
    return {
        **folk,
        "sluttet": sluttet,
        "annen_leder": annen_leder,
        "annen_i_team": annen_i_team,
    }


def _emails(brukere) -> set[str]:
    return {b.email for b in brukere}


def test_a_kommunes_meeting_offers_its_contact_persons_its_leader_and_the_pilots_team(
    personer, pilot, halden, sarpsborg
):
    assert _emails(access.ansvarlige_for(pilot_id=pilot.pk, kommune_id=halden.pk)) == {
        "kontakt.halden@test.no",
        "leder.halden@test.no",
        "team@test.no",
    }
    # Sarpsborg has no leader: its contact person and the team.
    assert _emails(access.ansvarlige_for(pilot_id=pilot.pk, kommune_id=sarpsborg.pk)) == {
        "kontakt.sarpsborg@test.no",
        "team@test.no",
    }


def test_the_teams_own_meeting_offers_the_team_and_every_leader_in_the_pilot(personer, pilot):
    assert _emails(access.ansvarlige_for(pilot_id=pilot.pk, kommune_id=None)) == {
        "leder.halden@test.no",
        "team@test.no",
    }


def test_the_meeting_page_offers_only_the_people_of_its_pilot_and_kommune(
    client, personer, mote_halden
):
    client.force_login(personer["leder_halden"])
    form = client.get(reverse("investering:mote_detail", args=[mote_halden.pk])).context[
        "oppfolging_form"
    ]
    tilbudt = {str(label) for value, label in form.fields["ansvarlig_bruker"].choices if value}
    assert {label.split(" (")[0] for label in tilbudt} == {
        "Kontakt Halden",
        "Leder Halden",
        str(personer["team"]),
    }
    for utenfor in ("styre", "forsker", "admin", "kontakt_sarpsborg", "annen_leder", "sluttet"):
        assert str(personer[utenfor]) not in " ".join(tilbudt), utenfor


@pytest.mark.parametrize(
    "utenfor", ["styre", "admin", "kontakt_sarpsborg", "annen_leder", "annen_i_team", "sluttet"]
)
def test_a_posted_owner_outside_the_meeting_is_refused_and_nothing_is_saved(
    client, personer, mote_halden, utenfor
):
    client.force_login(personer["leder_halden"])
    response = client.post(
        reverse("investering:oppfolging_add", args=[mote_halden.pk]),
        {"tekst": "Ring NAV", "ansvarlig_bruker": personer[utenfor].pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Oppfolgingspunkt.objects.filter(tekst="Ring NAV").exists()


def test_the_service_refuses_an_owner_outside_the_meeting_with_a_norwegian_message(
    personer, mote_halden
):
    with pytest.raises(ValidationError) as feil:
        services.oppfolgingspunkt_create(
            mote=mote_halden, tekst="Ring NAV", ansvarlig_bruker=personer["kontakt_sarpsborg"]
        )
    assert feil.value.message_dict["ansvarlig_bruker"] == [
        "Velg en ansvarlig blant kommunens kontaktpersoner, investeringslederen og "
        "investeringsteamet i piloten."
    ]
    assert not Oppfolgingspunkt.objects.filter(tekst="Ring NAV").exists()
    punkt = services.oppfolgingspunkt_create(
        mote=mote_halden, tekst="Ring NAV", ansvarlig_bruker=personer["kontakt_halden"]
    )
    assert punkt.ansvarlig_bruker == personer["kontakt_halden"]


def test_the_new_meeting_form_groups_the_owners_by_place_and_refuses_one_from_another_place(
    client, personer, pilot, halden, sarpsborg
):
    admin = personer["admin"]
    client.force_login(admin)
    form = client.get(reverse("investering:mote_create")).context["form"]
    grupper = dict(
        (label, {str(navn) for _pk, navn in valg})
        for label, valg in form.fields["oppfolging_ansvarlig"].choices
        if isinstance(valg, list)
    )
    halden_gruppe = next(v for k, v in grupper.items() if k.startswith("Halden"))
    assert any(n.startswith("Kontakt Halden") for n in halden_gruppe)
    assert not any(n.startswith("Kontakt Sarpsborg") for n in halden_gruppe)
    assert not any(str(personer["styre"]) in n for g in grupper.values() for n in g)
    # Halden's contact person named for a meeting in Sarpsborg: refused, nothing saved.
    response = client.post(
        reverse("investering:mote_create"),
        {
            "hvor": f"{pilot.pk}:{sarpsborg.pk}",
            "type": "fremdriftsmote",
            "status": "gjennomfort",
            "dato": timezone.localtime(at(2, 5)).date().isoformat(),
            "klokkeslett": "09:30",
            "varighet_minutter": "60",
            "oppfolging_tekst": "Send utkast.",
            "oppfolging_ansvarlig": personer["kontakt_halden"].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["oppfolging_ansvarlig"] == [
        "Velg en ansvarlig blant kommunens kontaktpersoner, investeringslederen og "
        "investeringsteamet i piloten."
    ]
    assert not Mote.objects.exists()
