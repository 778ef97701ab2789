"""Access per role on every URL, including URL tampering with the other kommune's ids,
exports and the PDF. Halden is led by leder_halden; Sarpsborg by nobody."""

import pytest
from django.urls import reverse

from investering import services

URL_NAMES_READ = ["mote_detail", "mote_referat", "mote_pdf"]


def url(name, *args):
    return reverse(f"investering:{name}", args=args)


@pytest.fixture
def hinder_sarpsborg(mote_sarpsborg, pilot, sarpsborg):
    return services.regelhinder_create(
        pilot=pilot,
        kommune=sarpsborg,
        tittel="Sarpsborgs hinder",
        beskrivelse="B",
        funnet_i_mote=mote_sarpsborg,
    )


READ_ALL = ["admin", "leder_halden", "team", "styre", "forsker"]


@pytest.mark.parametrize("who", READ_ALL)
def test_roles_that_read_all_open_every_meeting(
    client, folk, who, mote_halden, mote_sarpsborg, kollegium
):
    client.force_login(folk[who])
    for mote in (mote_halden, mote_sarpsborg, kollegium):
        for name in ["mote_detail", "mote_referat"]:
            assert client.get(url(name, mote.pk)).status_code == 200, (name, mote)


def test_contact_person_reads_own_kommune_only(
    client, folk, mote_halden, mote_sarpsborg, kollegium, hinder_sarpsborg
):
    client.force_login(folk["kontakt_halden"])
    for name in URL_NAMES_READ:
        assert client.get(url(name, mote_halden.pk)).status_code == 200
        # tampering: the other kommune's meeting and the team's own meeting are 404
        assert client.get(url(name, mote_sarpsborg.pk)).status_code == 404
        assert client.get(url(name, kollegium.pk)).status_code == 404
    # The meeting list's page holds the ids of the meetings shown (views.moter).
    listed = client.get(url("mote_list")).context["page"].object_list
    assert list(listed) == [mote_halden.pk]
    punkt_sarpsborg = mote_sarpsborg.oppfolgingspunkter.get()
    assert client.post(url("punkt_notat", punkt_sarpsborg.pk), {"tekst": "x"}).status_code == 404
    assert (
        client.post(url("punkt_status", punkt_sarpsborg.pk), {"status": "lukket"}).status_code
        == 404
    )
    assert (
        client.post(
            url("regelhinder_status", hinder_sarpsborg.pk), {"status": "vurdert"}
        ).status_code
        == 404
    )
    # filtering on the other kommune gives nothing (not an error, no leak)
    other = client.get(url("mote_list"), {"kommune": mote_sarpsborg.kommune_id})
    assert list(other.context["page"].object_list) == [mote_halden.pk]
    board = client.get(url("oppfolging_board"))
    assert [p.mote for p, *_kan in board.context["rader"]] == [mote_halden]
    register = client.get(url("regelhinder_list"))
    assert list(register.context["page"].object_list) == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_contact_person_exports_contain_own_kommune_only(
    client, folk, mote_halden, mote_sarpsborg, hinder_sarpsborg, fmt
):
    client.force_login(folk["kontakt_halden"])
    for name in ["mote_export", "regelhinder_export"]:
        response = client.get(url(name, fmt), {"kommune": mote_sarpsborg.kommune_id})
        assert response.status_code == 200
        body = response.getvalue() if fmt == "xlsx" else response.getvalue().decode()
        if fmt == "csv":
            assert "Sarpsborg" not in body
    csv_body = client.get(url("mote_export", "csv")).getvalue().decode()
    assert "Halden" in csv_body and "Sarpsborg" not in csv_body


@pytest.mark.parametrize("who", ["styre", "forsker", "team", "kontakt_halden"])
def test_read_only_roles_change_nothing(client, folk, who, mote_halden):
    client.force_login(folk[who])
    before = mote_halden.referat
    assert client.get(url("mote_edit", mote_halden.pk)).status_code == 403
    assert client.post(url("mote_edit", mote_halden.pk), {"referat": "x"}).status_code == 403
    assert client.post(url("beslutning_add", mote_halden.pk), {"tekst": "x"}).status_code == 403
    assert client.post(url("oppfolging_add", mote_halden.pk), {"tekst": "x"}).status_code == 403
    punkt = mote_halden.oppfolgingspunkter.get()
    assert client.post(url("punkt_status", punkt.pk), {"status": "lukket"}).status_code == 403
    assert client.get(url("mote_create")).status_code == 403
    assert client.get(url("moteserie_create")).status_code == 403
    assert client.get(url("regelhinder_create")).status_code == 403
    mote_halden.refresh_from_db()
    assert mote_halden.referat == before
    assert mote_halden.beslutninger.count() == 1


@pytest.mark.parametrize("who", ["styre", "forsker", "kontakt_halden"])
def test_only_team_and_editors_add_notes(client, folk, who, mote_halden):
    client.force_login(folk[who])
    punkt = mote_halden.oppfolgingspunkter.get()
    assert client.post(url("punkt_notat", punkt.pk), {"tekst": "x"}).status_code == 403
    assert not punkt.notater.exists()


def test_leader_edits_own_kommune_and_team_meetings_not_others(
    client, folk, mote_halden, mote_sarpsborg, kollegium, hinder_sarpsborg
):
    client.force_login(folk["leder_halden"])
    assert client.get(url("mote_edit", mote_halden.pk)).status_code == 200
    assert client.get(url("mote_edit", kollegium.pk)).status_code == 200
    # Sarpsborg: readable but not editable
    assert client.get(url("mote_detail", mote_sarpsborg.pk)).status_code == 200
    assert client.get(url("mote_edit", mote_sarpsborg.pk)).status_code == 403
    assert client.post(url("beslutning_add", mote_sarpsborg.pk), {"tekst": "x"}).status_code == 403
    assert client.post(url("oppfolging_add", mote_sarpsborg.pk), {"tekst": "x"}).status_code == 403
    punkt = mote_sarpsborg.oppfolgingspunkter.get()
    assert client.post(url("punkt_status", punkt.pk), {"status": "lukket"}).status_code == 403
    assert (
        client.post(
            url("regelhinder_status", hinder_sarpsborg.pk), {"status": "vurdert"}
        ).status_code
        == 403
    )
    # closing one's own point "in" another kommune's meeting is refused
    eget = mote_halden.oppfolgingspunkter.get()
    response = client.post(url("punkt_status", eget.pk), {"lukket_i_mote": mote_sarpsborg.pk})
    assert response.status_code == 403
    eget.refresh_from_db()
    assert eget.status == "apen"
    assert client.get(url("regelhinder_create") + f"?mote={mote_sarpsborg.pk}").status_code == 403


def test_leader_cannot_move_own_meeting_to_kommune_not_led(
    client, folk, mote_halden, pilot, sarpsborg
):
    from .test_views import _edit_data

    client.force_login(folk["leder_halden"])
    response = client.post(
        url("mote_edit", mote_halden.pk), _edit_data(mote_halden, hvor=f"{pilot.pk}:{sarpsborg.pk}")
    )
    assert response.status_code == 200  # not a choice: form error
    mote_halden.refresh_from_db()
    assert mote_halden.kommune.navn == "Halden"


def test_admin_edits_any_meeting(client, folk, mote_sarpsborg):
    client.force_login(folk["admin"])
    assert client.get(url("mote_edit", mote_sarpsborg.pk)).status_code == 200


def test_anonymous_is_sent_to_login(client, mote_halden):
    for name in URL_NAMES_READ + ["mote_edit"]:
        response = client.get(url(name, mote_halden.pk))
        assert response.status_code == 302 and "/logg-inn/" in response.url
    for name in ["mote_export", "regelhinder_export"]:
        assert client.get(url(name, "csv")).status_code == 302


def test_nonexistent_meeting_is_404(client, folk):
    client.force_login(folk["admin"])
    assert client.get(url("mote_detail", 999999)).status_code == 404


def test_contact_person_sees_decisions_of_own_kommune_only(folk, mote_halden, mote_sarpsborg):
    from investering.models import Beslutning

    mine = Beslutning.objects.for_user(folk["kontakt_halden"])
    assert {b.mote_id for b in mine} == {mote_halden.pk}
    assert Beslutning.objects.for_user(folk["styre"]).count() == 2


def test_board_offers_notes_to_team_and_editors_but_status_only_to_editors(
    client, folk, mote_halden, mote_sarpsborg
):
    client.force_login(folk["team"])
    rader = client.get(url("oppfolging_board")).context["rader"]
    assert [(kan, notat) for _p, kan, notat in rader] == [(False, True), (False, True)]
    client.force_login(folk["leder_halden"])  # who is on the team too
    rader = client.get(url("oppfolging_board")).context["rader"]
    svar = {p.mote.kommune.navn: (kan, notat) for p, kan, notat in rader}
    assert svar == {"Halden": (True, True), "Sarpsborg": (False, True)}
    client.force_login(folk["styre"])
    rader = client.get(url("oppfolging_board")).context["rader"]
    assert [(kan, notat) for _p, kan, notat in rader] == [(False, False), (False, False)]


def test_meeting_log_asks_its_access_module_and_checks_no_role_itself():
    """Who may see or change what is decided in investering/access.py only: no view,
    form, selector, service or model of the meeting log reads roles."""
    from pathlib import Path

    import investering

    root = Path(investering.__file__).parent
    for path in root.rglob("*.py"):
        if path.name == "access.py" or "migrations" in path.parts:
            continue
        text = path.read_text()
        for word in ("Rolle.", "roles_of", "is_admin", "roller"):
            assert word not in text, f"{path.relative_to(root)} checks roles ({word})"
