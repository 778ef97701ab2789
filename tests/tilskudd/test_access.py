"""The grants' access questions (tilskudd/access.py), asked for every person."""

import pytest

from tilskudd import access
from tilskudd.models import Soknad, Vedtak

EVERYBODY = ["admin", "kontakt_halden", "kontakt_sarpsborg", "leder_halden", "styre", "forsker"]


@pytest.mark.parametrize("who", EVERYBODY)
def test_only_admin_and_steering_group_read_the_overview(folk, who):
    assert access.may_read_overview(folk[who]) is (who in {"admin", "styre"})


@pytest.mark.parametrize("who", EVERYBODY)
def test_only_admin_manages_decides_pays_and_approves(folk, who):
    user = folk[who]
    answers = {
        access.may_manage(user),
        access.may_decide(user),
        access.may_register_payment(user),
        access.may_approve_report(user),
    }
    assert answers == {who == "admin"}


@pytest.mark.parametrize("who", EVERYBODY)
def test_only_own_contact_person_edits_an_application(folk, soknad_halden, who):
    assert access.may_edit_soknad(folk[who], soknad_halden) is (who == "kontakt_halden")


def test_steering_group_reads_no_single_case_and_contact_person_only_own(
    folk, vedtak_halden, soknad_sarpsborg
):
    assert not Soknad.objects.for_user(folk["styre"]).exists()
    assert not Vedtak.objects.for_user(folk["styre"]).exists()
    assert list(Soknad.objects.for_user(folk["kontakt_sarpsborg"])) == [soknad_sarpsborg]
    assert list(Vedtak.objects.for_user(folk["kontakt_halden"])) == [vedtak_halden]
    assert set(Soknad.objects.for_user(folk["forsker"])) == {
        vedtak_halden.soknad,
        soknad_sarpsborg,
    }


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("admin", "tilskudd:potter"),
        ("kontakt_halden", "tilskudd:mine_runder"),
        ("styre", "tilskudd:oversikt"),
        ("leder_halden", "tilskudd:soknader"),
    ],
)
def test_start_page_per_role(folk, who, page):
    assert access.start_page(folk[who]) == page


def test_applicant_kommune_is_the_contact_persons_own(folk, halden):
    assert access.applicant_kommune(folk["kontakt_halden"]) == halden
    assert access.applicant_kommune(folk["admin"]) is None


@pytest.mark.parametrize("who", EVERYBODY)
def test_only_admin_reads_the_journal_and_internal_documents(folk, who):
    user = folk[who]
    assert access.may_read_journal(user) is (who == "admin")
    assert access.may_read_internal_documents(user) is (who == "admin")


def test_documents_follow_their_case_and_internal_ones_stay_with_the_admins(
    folk, vedtak_halden, soknad_sarpsborg
):
    from tilskudd.models import Dokument

    Dokument.objects.filter(soknad=vedtak_halden.soknad, nummer=1).update(intern=True)
    halden = set(Dokument.objects.filter(soknad=vedtak_halden.soknad))
    sarpsborg = set(Dokument.objects.filter(soknad=soknad_sarpsborg))
    assert set(Dokument.objects.for_user(folk["admin"])) == halden | sarpsborg
    assert not Dokument.objects.for_user(folk["styre"]).exists()
    assert set(Dokument.objects.for_user(folk["kontakt_sarpsborg"])) == sarpsborg
    assert [d.nummer for d in Dokument.objects.for_user(folk["kontakt_halden"])] == [2]
    assert set(Dokument.objects.for_user(folk["leder_halden"])) == {
        d for d in halden | sarpsborg if not d.intern
    }


@pytest.mark.parametrize("who", EVERYBODY)
def test_a_draft_is_read_by_its_own_contact_person_only(client, folk, runde, halden, who):
    """Nobody at Statsforvalteren, not even an admin, sees an application before the
    kommune sends it in; the page is a 404 for them, as for another kommune."""
    from django.urls import reverse

    from .conftest import make_soknad

    utkast = make_soknad(runde, halden, folk["kontakt_halden"], submit=False)
    reads = who == "kontakt_halden"
    assert Soknad.objects.for_user(folk[who]).filter(pk=utkast.pk).exists() is reads
    client.force_login(folk[who])
    response = client.get(reverse("tilskudd:soknad", args=[utkast.pk]))
    assert response.status_code == (200 if reads else 404)
