"""Access helpers, role by role: own kommune against the other kommune, and anonymous."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from kommuner import access
from kommuner.models import Kommune
from tests.factories import BrukerFactory

# person → (reads Halden's working data, reads Sarpsborg's, edits Halden's, edits Sarpsborg's)
MATRIX = {
    "kontakt_halden": (True, False, True, False),
    "kontakt_sarpsborg": (False, True, False, True),
    "leder_halden": (True, True, True, False),
    "admin": (True, True, True, True),
    "styre": (True, True, False, False),
    "forsker": (True, True, False, False),
    "team": (True, True, False, False),
}


@pytest.mark.parametrize("person", MATRIX)
def test_working_data_access_per_role(folk, halden, sarpsborg, person):
    user = folk[person]
    reads_h, reads_s, edits_h, edits_s = MATRIX[person]
    assert access.can_view_kommune_data(user, halden) is reads_h
    assert access.can_view_kommune_data(user, sarpsborg) is reads_s
    assert access.can_edit_kommune_data(user, halden) is edits_h
    assert access.can_edit_kommune_data(user, sarpsborg) is edits_s
    visible = set(access.kommuner_with_workdata(user).values_list("navn", flat=True))
    assert ("Halden" in visible) is reads_h
    assert ("Sarpsborg" in visible) is reads_s


@pytest.mark.parametrize("person", MATRIX)
def test_workdata_filter_matches_the_boolean_helper(folk, halden, sarpsborg, person):
    user = folk[person]
    filtered = set(Kommune.objects.filter(access.workdata_filter(user, "pk")))
    expected = {k for k in (halden, sarpsborg) if access.can_view_kommune_data(user, k)}
    assert filtered & {halden, sarpsborg} == expected


def test_anonymous_sees_and_edits_nothing(halden):
    anon = AnonymousUser()
    assert not access.can_view_kommune_data(anon, halden)
    assert not access.can_edit_kommune_data(anon, halden)
    assert not access.kommuner_with_workdata(anon).exists()
    assert not access.is_admin(anon)


def test_user_without_role_sees_no_working_data(halden):
    user = BrukerFactory(email="ingen@test.no")
    assert not access.can_view_kommune_data(user, halden)
    assert not access.kommuner_with_workdata(user).exists()


def test_deactivated_contact_person_loses_access(kontakt_halden, halden):
    kontakt_halden.is_active = False
    kontakt_halden.save()
    kontakt_halden.__dict__.pop("roller", None)
    assert not access.can_view_kommune_data(kontakt_halden, halden)


def test_only_admin_and_own_leader_edit_a_participation(
    folk, deltakelse_halden, deltakelse_sarpsborg
):
    assert access.can_edit_deltakelse(folk["admin"], deltakelse_sarpsborg)
    assert access.can_edit_deltakelse(folk["leder_halden"], deltakelse_halden)
    assert not access.can_edit_deltakelse(folk["leder_halden"], deltakelse_sarpsborg)
    for person in ("kontakt_halden", "styre", "forsker", "team"):
        assert not access.can_edit_deltakelse(folk[person], deltakelse_halden)


def test_leader_role_without_assignment_leads_nothing(folk, halden, statsforvalteren):
    other_leader = BrukerFactory(
        email="annen.leder@test.no", etat=statsforvalteren, roller=["investeringsleder"]
    )
    assert not access.leads_kommune(other_leader, halden)
    assert not access.can_edit_kommune_data(other_leader, halden)


def test_get_kommune_with_workdata_or_404_hides_other_kommune(folk):
    assert access.get_kommune_with_workdata_or_404(folk["kontakt_halden"], "3101").navn == "Halden"
    with pytest.raises(Http404):
        access.get_kommune_with_workdata_or_404(folk["kontakt_halden"], "3105")


def test_only_admins_edit_the_kommune_register(folk):
    assert access.can_edit_kommune_register(folk["admin"])
    for person in ("kontakt_halden", "leder_halden", "styre", "forsker", "team"):
        assert not access.can_edit_kommune_register(folk[person])
