"""Editing a rule barrier and its status history: the services, its page and edit
form per role (Halden is led by leder_halden, Sarpsborg by nobody), bad input, the
query count of its page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from felles.laas import Foreldet
from investering import selectors, services
from investering.models import Regelhinder


def url(name, *args):
    return reverse(f"investering:{name}", args=args)


@pytest.fixture
def hinder_halden(mote_halden, pilot, halden, leder_halden):
    return services.regelhinder_create(
        pilot=pilot,
        kommune=halden,
        tittel="Øremerket tilskudd",
        beskrivelse="Tilskuddet kan ikke brukes på tvers av tjenester.",
        regel="Tildelingsbrev 2019",
        funnet_i_mote=mote_halden,
        registrert_av=leder_halden,
    )


@pytest.fixture
def hinder_sarpsborg(mote_sarpsborg, pilot, sarpsborg):
    return services.regelhinder_create(
        pilot=pilot,
        kommune=sarpsborg,
        tittel="Sarpsborgs hinder",
        beskrivelse="B",
        funnet_i_mote=mote_sarpsborg,
    )


# ---------------------------------------------------------------- services


def test_update_changes_text_and_status_in_one_history_row(
    hinder_halden, leder_halden, statsforvalteren
):
    services.regelhinder_update(
        regelhinder=hinder_halden,
        endret_av=leder_halden,
        tittel=" Øremerking hindrer samordning ",
        beskrivelse="Midlene kan ikke ses i sammenheng.",
        regel="Tildelingsbrev 2019, kap. 3",
        etat=statsforvalteren,
        status="vurdert",
        kommentar="Drøftet i investeringskollegiet.",
    )
    hinder_halden.refresh_from_db()
    assert hinder_halden.tittel == "Øremerking hindrer samordning"
    assert hinder_halden.status == "vurdert"
    assert hinder_halden.etat == statsforvalteren
    siste = hinder_halden.history.order_by("-history_date").first()
    assert siste.history_user == leder_halden
    assert siste.history_change_reason == "Drøftet i investeringskollegiet."
    assert hinder_halden.history.count() == 2


def test_update_refuses_a_skipped_step_and_saves_nothing(hinder_halden, leder_halden):
    with pytest.raises(ValidationError) as info:
        services.regelhinder_update(
            regelhinder=hinder_halden, endret_av=leder_halden, tittel="Ny", status="endret"
        )
    assert "status" in info.value.error_dict
    hinder_halden.refresh_from_db()
    assert hinder_halden.tittel == "Øremerket tilskudd"
    assert hinder_halden.history.count() == 1


def test_update_needs_an_outcome_to_end(hinder_halden, leder_halden):
    for status in ("vurdert", "loftet"):
        services.regelhinder_set_status(regelhinder=hinder_halden, status=status)
    with pytest.raises(ValidationError) as info:
        services.regelhinder_update(
            regelhinder=hinder_halden, endret_av=leder_halden, status="avvist", utfall="  "
        )
    assert "utfall" in info.value.error_dict
    services.regelhinder_update(
        regelhinder=hinder_halden,
        endret_av=leder_halden,
        status="avvist",
        utfall="Departementet vil ikke endre.",
    )
    assert Regelhinder.objects.get().status == "avvist"


def test_update_refuses_empty_title_and_moving_away_from_its_meeting(
    hinder_halden, leder_halden, sarpsborg
):
    with pytest.raises(ValidationError) as info:
        services.regelhinder_update(regelhinder=hinder_halden, endret_av=leder_halden, tittel=" ")
    assert "tittel" in info.value.error_dict
    with pytest.raises(ValidationError):
        services.regelhinder_update(
            regelhinder=hinder_halden, endret_av=leder_halden, kommune=sarpsborg
        )
    assert Regelhinder.objects.get().kommune.navn == "Halden"


def test_update_refuses_unknown_fields(hinder_halden):
    with pytest.raises(TypeError):
        services.regelhinder_update(regelhinder=hinder_halden, endret_av=None, opprettet=None)


def test_history_shows_who_when_from_to_and_comment(hinder_halden, leder_halden, admin_bruker):
    services.regelhinder_set_status(
        regelhinder=hinder_halden,
        status="vurdert",
        kommentar="Sendt til Statsforvalteren.",
        endret_av=leder_halden,
    )
    services.regelhinder_update(
        regelhinder=hinder_halden, endret_av=admin_bruker, regel="Forskrift om tilskudd § 4"
    )
    historikk = selectors.regelhinder_historikk(hinder_halden)
    assert [
        (h.registrert, h.fra_status, h.til_status, h.endrede_felt, h.kommentar, h.hvem)
        for h in historikk
    ] == [
        (True, None, "Identifisert", [], "", None),
        (False, "Identifisert", "Vurdert", [], "Sendt til Statsforvalteren.", leder_halden),
        (False, None, None, ["regel, forskrift eller tildelingsbrev"], "", admin_bruker),
    ]
    assert historikk[0].tid <= historikk[1].tid <= historikk[2].tid


def test_update_from_a_form_opened_before_another_save_is_refused_and_saves_nothing(
    hinder_halden, leder_halden, admin_bruker
):
    services.regelhinder_update(
        regelhinder=hinder_halden, endret_av=admin_bruker, versjon=1, tittel="Adminens tittel"
    )
    with pytest.raises(Foreldet) as info:
        services.regelhinder_update(
            regelhinder=hinder_halden, endret_av=leder_halden, versjon=1, tittel="Lederens"
        )
    melding = info.value.messages[0]
    assert "Admin Pilotleder har lagret regelhinderet etter at du åpnet skjemaet" in melding
    assert "endret: kort tittel" in melding and "Ingenting er lagret" in melding
    hinder_halden.refresh_from_db()
    assert (hinder_halden.tittel, hinder_halden.versjon) == ("Adminens tittel", 2)
    assert hinder_halden.history.count() == 2


def test_every_save_moves_the_version_on_status_changes_too(hinder_halden, leder_halden):
    assert hinder_halden.versjon == 1
    services.regelhinder_set_status(regelhinder=hinder_halden, status="vurdert")
    hinder_halden.refresh_from_db()
    assert hinder_halden.versjon == 2
    # An edit form opened before the status moved is refused.
    with pytest.raises(Foreldet):
        services.regelhinder_update(
            regelhinder=hinder_halden, endret_av=leder_halden, versjon=1, regel="R"
        )
    services.regelhinder_update(regelhinder=hinder_halden, endret_av=leder_halden, versjon=2)
    hinder_halden.refresh_from_db()
    assert hinder_halden.versjon == 3


# ---------------------------------------------------------------- pages and access


READ_ALL = ["admin", "leder_halden", "team", "styre", "forsker"]


@pytest.mark.parametrize("who", READ_ALL)
def test_roles_that_read_all_open_every_rule_barrier(
    client, folk, who, hinder_halden, hinder_sarpsborg
):
    client.force_login(folk[who])
    for hinder in (hinder_halden, hinder_sarpsborg):
        response = client.get(url("regelhinder_detail", hinder.pk))
        assert response.status_code == 200
        assert hinder.tittel in response.content.decode()


def test_contact_person_reads_own_kommune_only_and_edits_nothing(
    client, folk, hinder_halden, hinder_sarpsborg
):
    client.force_login(folk["kontakt_halden"])
    assert client.get(url("regelhinder_detail", hinder_halden.pk)).status_code == 200
    assert client.get(url("regelhinder_edit", hinder_halden.pk)).status_code == 403
    # tampering: the other kommune's barrier is 404 on every URL
    assert client.get(url("regelhinder_detail", hinder_sarpsborg.pk)).status_code == 404
    assert client.get(url("regelhinder_edit", hinder_sarpsborg.pk)).status_code == 404
    assert client.post(url("regelhinder_edit", hinder_sarpsborg.pk), {}).status_code == 404


@pytest.mark.parametrize("who", ["styre", "forsker", "team", "kontakt_halden"])
def test_read_only_roles_cannot_edit(client, folk, who, hinder_halden, pilot, halden):
    client.force_login(folk[who])
    page = client.get(url("regelhinder_detail", hinder_halden.pk)).content.decode()
    assert "Rediger regelhinder" not in page
    assert client.get(url("regelhinder_edit", hinder_halden.pk)).status_code == 403
    response = client.post(
        url("regelhinder_edit", hinder_halden.pk),
        {"hvor": f"{pilot.pk}:{halden.pk}", "tittel": "x", "beskrivelse": "x", "status": "vurdert"},
    )
    assert response.status_code == 403
    assert (
        client.post(url("regelhinder_status", hinder_halden.pk), {"status": "vurdert"}).status_code
        == 403
    )
    hinder_halden.refresh_from_db()
    assert (hinder_halden.tittel, hinder_halden.status) == ("Øremerket tilskudd", "identifisert")


def test_leader_edits_own_kommune_not_others(client, folk, hinder_halden, hinder_sarpsborg):
    client.force_login(folk["leder_halden"])
    assert client.get(url("regelhinder_edit", hinder_halden.pk)).status_code == 200
    assert client.get(url("regelhinder_edit", hinder_sarpsborg.pk)).status_code == 403
    assert "Rediger regelhinder" not in (
        client.get(url("regelhinder_detail", hinder_sarpsborg.pk)).content.decode()
    )


def test_admin_edits_any(client, folk, hinder_sarpsborg, pilot, sarpsborg):
    client.force_login(folk["admin"])
    response = client.post(
        url("regelhinder_edit", hinder_sarpsborg.pk),
        {
            "hvor": f"{pilot.pk}:{sarpsborg.pk}",
            "tittel": "Sarpsborgs hinder, presisert",
            "beskrivelse": "B",
            "status": "vurdert",
            "kommentar": "Vurdert av pilotleder.",
            "versjon": "1",
        },
    )
    assert response.status_code == 302
    hinder_sarpsborg.refresh_from_db()
    assert hinder_sarpsborg.status == "vurdert"


def test_leader_cannot_move_barrier_to_kommune_not_led(
    client, folk, pilot, halden, sarpsborg, leder_halden
):
    hinder = services.regelhinder_create(pilot=pilot, kommune=halden, tittel="T", beskrivelse="B")
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("regelhinder_edit", hinder.pk),
        {
            "hvor": f"{pilot.pk}:{sarpsborg.pk}",
            "tittel": "T",
            "beskrivelse": "B",
            "status": "identifisert",
            "versjon": "1",
        },
    )
    # Sarpsborg is no choice of hers: the form refuses it, nothing is saved.
    assert response.status_code == 200
    assert response.context["form"].errors["hvor"]
    hinder.refresh_from_db()
    assert hinder.kommune == halden


def test_edit_page_saves_and_history_shows_it(client, folk, hinder_halden, pilot, halden):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("regelhinder_edit", hinder_halden.pk),
        {
            "hvor": f"{pilot.pk}:{halden.pk}",
            "tittel": "Øremerking hindrer samordning",
            "beskrivelse": "Midlene kan ikke ses i sammenheng.",
            "regel": "Tildelingsbrev 2019",
            "status": "vurdert",
            "kommentar": "Løftes i neste kollegium.",
            "versjon": "1",
        },
    )
    assert response.status_code == 302
    assert response.url == url("regelhinder_detail", hinder_halden.pk)
    page = client.get(response.url).content.decode()
    assert "Øremerking hindrer samordning" in page
    assert "Status: Identifisert → Vurdert" in page
    assert "Løftes i neste kollegium." in page
    assert "Leder Halden" in page


def test_edit_bad_input_shows_message_and_saves_nothing(client, folk, hinder_halden, pilot, halden):
    client.force_login(folk["leder_halden"])
    for data, felt in [
        ({"tittel": "", "beskrivelse": "B", "status": "identifisert"}, "tittel"),
        ({"tittel": "T", "beskrivelse": "B", "status": "endret"}, "status"),
        ({"tittel": "T", "beskrivelse": "B", "status": "vurdert", "hvor": "x:y"}, "hvor"),
    ]:
        response = client.post(
            url("regelhinder_edit", hinder_halden.pk),
            {"hvor": f"{pilot.pk}:{halden.pk}", "versjon": "1", **data},
        )
        assert response.status_code == 200
        assert response.context["form"].errors[felt]
    hinder_halden.refresh_from_db()
    assert (hinder_halden.tittel, hinder_halden.status) == ("Øremerket tilskudd", "identifisert")
    assert hinder_halden.history.count() == 1


def test_ending_without_outcome_is_refused_on_the_form(client, folk, hinder_halden, pilot, halden):
    services.regelhinder_set_status(regelhinder=hinder_halden, status="vurdert")
    client.force_login(folk["admin"])
    response = client.post(
        url("regelhinder_edit", hinder_halden.pk),
        {
            "hvor": f"{pilot.pk}:{halden.pk}",
            "tittel": "T",
            "beskrivelse": "B",
            "status": "endret",
            "versjon": "2",  # the status change above was version 2
        },
    )
    assert response.status_code == 200
    assert "Skriv utfallet" in str(response.context["form"].errors["utfall"])
    hinder_halden.refresh_from_db()
    assert hinder_halden.status == "vurdert"


def _rediger(hinder, pilot, halden, **endringer):
    data = {
        "hvor": f"{pilot.pk}:{halden.pk}",
        "tittel": hinder.tittel,
        "beskrivelse": hinder.beskrivelse,
        "regel": hinder.regel,
        "status": hinder.status,
        "utfall": hinder.utfall,
        "versjon": str(hinder.versjon),
    }
    return {**data, **endringer}


def test_edit_form_opened_before_another_save_is_refused_and_nothing_is_saved(
    client, folk, hinder_halden, pilot, halden
):
    """The leader opens the edit form; the admin saves meanwhile; the leader's post
    would silently undo the admin's change: refused with a message saying who changed
    what, nothing saved, the leader's text still in the form."""
    client.force_login(folk["leder_halden"])
    side = client.get(url("regelhinder_edit", hinder_halden.pk)).content.decode()
    assert 'name="versjon" value="1"' in side
    apnet = _rediger(hinder_halden, pilot, halden)

    admin = client.__class__()
    admin.force_login(folk["admin"])
    svar = admin.post(
        url("regelhinder_edit", hinder_halden.pk),
        {**apnet, "beskrivelse": "Adminens beskrivelse.", "status": "vurdert"},
    )
    assert svar.status_code == 302

    response = client.post(
        url("regelhinder_edit", hinder_halden.pk),
        {**apnet, "tittel": "Lederens tittel", "kommentar": "Min kommentar."},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Admin Pilotleder har lagret regelhinderet etter at du åpnet skjemaet "
        "(endret: beskrivelse, status). Ingenting er lagret." in page
    )
    assert "Lederens tittel" in page and "Min kommentar." in page
    hinder_halden.refresh_from_db()
    assert (hinder_halden.tittel, hinder_halden.beskrivelse, hinder_halden.status) == (
        "Øremerket tilskudd",
        "Adminens beskrivelse.",
        "vurdert",
    )
    assert (hinder_halden.versjon, hinder_halden.history.count()) == (2, 2)

    # The form now carries the version the leader has been told about: saving again
    # is a knowing choice and goes through.
    assert response.context["form"]["versjon"].value() == "2"
    again = client.post(
        url("regelhinder_edit", hinder_halden.pk),
        {**apnet, "tittel": "Lederens tittel", "status": "vurdert", "versjon": "2"},
    )
    assert again.status_code == 302
    hinder_halden.refresh_from_db()
    assert (hinder_halden.tittel, hinder_halden.versjon) == ("Lederens tittel", 3)


def test_edit_post_without_a_version_is_an_outdated_page(
    client, folk, hinder_halden, pilot, halden
):
    client.force_login(folk["leder_halden"])
    data = _rediger(hinder_halden, pilot, halden, tittel="Ny tittel")
    for versjon in ("", "x", "0"):
        response = client.post(
            url("regelhinder_edit", hinder_halden.pk), {**data, "versjon": versjon}
        )
        assert response.status_code == 200
        assert "Siden du brukte er utdatert" in response.content.decode()
    hinder_halden.refresh_from_db()
    assert (hinder_halden.tittel, hinder_halden.versjon) == ("Øremerket tilskudd", 1)


def test_status_form_on_the_page_keeps_comment_and_returns_there(client, folk, hinder_halden):
    client.force_login(folk["leder_halden"])
    detail = url("regelhinder_detail", hinder_halden.pk)
    response = client.post(
        url("regelhinder_status", hinder_halden.pk),
        {"status": "vurdert", "kommentar": "Sjekket med NAV.", "neste": detail},
    )
    assert response.url == detail
    assert "Sjekket med NAV." in client.get(detail).content.decode()


def test_nonexistent_rule_barrier_is_404(client, folk):
    client.force_login(folk["admin"])
    assert client.get("/investering/regelhinder/999999/").status_code == 404
    assert client.get("/investering/regelhinder/999999/rediger/").status_code == 404


def test_search_hit_links_to_the_rule_barrier_page(client, folk, hinder_halden):
    client.force_login(folk["admin"])
    response = client.get(url("sok"), {"q": "Øremerket"})
    assert url("regelhinder_detail", hinder_halden.pk) in response.content.decode()


def test_detail_page_queries(client, folk, hinder_halden, leder_halden):
    for status in ("vurdert", "loftet"):
        services.regelhinder_set_status(
            regelhinder=hinder_halden, status=status, kommentar=status, endret_av=leder_halden
        )
    client.force_login(folk["leder_halden"])
    path = url("regelhinder_detail", hinder_halden.pk)
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    # 1 session, 2 user with roles, 3 the barrier with pilot/kommune/etat/meeting and
    # its kommune/registrar joined, 4 may she edit it (her led participation),
    # 5 its history versions with who saved them
    assert len(ctx.captured_queries) == 5, [q["sql"] for q in ctx.captured_queries]
