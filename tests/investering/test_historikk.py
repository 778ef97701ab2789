"""The history of a meeting's minutes: every version with what changed (a line diff
from the version before) and its full text, so text overwritten after an edit
conflict can be found again; and the conflict itself named by the form's labels in
one alert."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from investering import selectors, services


def url(name, *args):
    return reverse(f"investering:{name}", args=args)


def _edit_data(mote, **changes):
    lokal = timezone.localtime(mote.start)
    data = {
        "hvor": f"{mote.pilot_id}:{mote.kommune_id}",
        "type": mote.type,
        "status": mote.status,
        "dato": lokal.date().isoformat(),
        "klokkeslett": lokal.strftime("%H:%M"),
        "varighet_minutter": mote.varighet_minutter,
        "sted": mote.sted,
        "fase": mote.fase,
        "niva": mote.niva,
        "agenda": mote.agenda,
        "referat": mote.referat,
        "versjon": mote.versjon,
    }
    data.update(changes)
    return data


def test_tekstdiff_marks_removed_and_added_lines_with_context():
    gammel = "a\nb\nc\nd\ne\nf\ng\nh"
    ny = "a\nB\nc\nd\ne\nf\ng\nH"
    diff = [(d.art, d.tekst) for d in selectors.tekstdiff(gammel, ny, kontekst=1)]
    assert diff == [
        ("uendret", "a"),
        ("fjernet", "b"),
        ("lagt_til", "B"),
        ("uendret", "c"),
        ("hopp", ""),
        ("uendret", "g"),
        ("fjernet", "h"),
        ("lagt_til", "H"),
    ]
    assert selectors.tekstdiff("same", "same") == []


def test_versions_newest_first_with_changed_fields_and_diff(mote_halden, leder_halden):
    services.mote_update(mote=mote_halden, versjon=1, referat="Første linje.\nAndre linje.")
    services.mote_update(mote=mote_halden, versjon=2, referat="Første linje.", sted="Telefon")
    versjoner, antall = selectors.mote_versjoner(mote_halden)
    assert antall == 3
    assert [v.versjon for v in versjoner] == [3, 2, 1]
    assert versjoner[0].endrede_felt == ["sted", "referat"]
    assert [(d.art, d.tekst) for d in versjoner[0].referat_diff] == [
        ("uendret", "Første linje."),
        ("fjernet", "Andre linje."),
    ]
    assert versjoner[2].forste and versjoner[2].referat_diff == []
    assert "paraply" in versjoner[2].referat  # the first text stays readable


def test_versions_are_paged_and_the_oldest_on_a_page_is_diffed_against_the_next(mote_halden):
    for n in range(1, 13):
        services.mote_update(mote=mote_halden, versjon=n, referat=f"Tekst {n + 1}")
    forste, antall = selectors.mote_versjoner(mote_halden, side=1)
    andre, _ = selectors.mote_versjoner(mote_halden, side=2)
    assert antall == 13
    assert [v.versjon for v in forste] == list(range(13, 3, -1))
    assert [v.versjon for v in andre] == [3, 2, 1]
    assert [(d.art, d.tekst) for d in forste[-1].referat_diff] == [
        ("fjernet", "Tekst 3"),
        ("lagt_til", "Tekst 4"),
    ]
    assert not forste[-1].forste and andre[-1].forste


def test_text_overwritten_after_a_conflict_is_found_in_the_history(client, mote_halden, folk):
    client.force_login(folk["leder_halden"])
    admin = client.__class__()
    admin.force_login(folk["admin"])
    assert (
        admin.post(
            url("mote_edit", mote_halden.pk),
            _edit_data(mote_halden, referat="Adminens avsnitt om bolig."),
        ).status_code
        == 302
    )
    # The leader, who opened version 1, is stopped, then saves over on purpose.
    stopped = client.post(
        url("mote_edit", mote_halden.pk), _edit_data(mote_halden, referat="Lederens tekst.")
    )
    assert stopped.status_code == 409
    assert (
        client.post(
            url("mote_edit", mote_halden.pk),
            _edit_data(mote_halden, versjon=2, referat="Lederens tekst."),
        ).status_code
        == 302
    )
    page = client.get(url("mote_historikk", mote_halden.pk))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Adminens avsnitt om bolig." in content  # overwritten, still readable
    assert "Fjernet:" in content and "Lagt til:" in content
    assert "Versjon 3, lagret" in content and "av Leder Halden" in content
    assert "Endret: Referat" in content


def test_conflict_names_fields_by_their_form_labels_in_one_alert(client, mote_halden, folk):
    admin = client.__class__()
    admin.force_login(folk["admin"])
    admin.post(
        url("mote_edit", mote_halden.pk),
        _edit_data(mote_halden, referat="Ny tekst.", varighet_minutter=90, sted="Telefon"),
    )
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("mote_edit", mote_halden.pk), _edit_data(mote_halden, referat="Min tekst.")
    )
    assert response.status_code == 409
    navn = [e["navn"] for e in response.context["konflikt"].endringer]
    assert navn == ["Varighet (minutter)", "Sted", "Referat"]
    content = response.content.decode()
    assert content.count('role="alert"') == 1
    assert not response.context["form"].non_field_errors()
    assert url("mote_historikk", mote_halden.pk) in content


@pytest.mark.parametrize("who", ["admin", "leder_halden", "team", "styre", "forsker"])
def test_roles_that_read_all_see_the_history_of_every_meeting(
    client, folk, who, mote_halden, mote_sarpsborg, kollegium
):
    client.force_login(folk[who])
    for mote in (mote_halden, mote_sarpsborg, kollegium):
        assert client.get(url("mote_historikk", mote.pk)).status_code == 200


def test_contact_person_sees_own_kommune_history_only(
    client, folk, mote_halden, mote_sarpsborg, kollegium
):
    client.force_login(folk["kontakt_halden"])
    assert client.get(url("mote_historikk", mote_halden.pk)).status_code == 200
    assert client.get(url("mote_historikk", mote_sarpsborg.pk)).status_code == 404
    assert client.get(url("mote_historikk", kollegium.pk)).status_code == 404


def test_anonymous_is_sent_to_login_and_unknown_meeting_is_404(client, folk, mote_halden):
    assert client.get(url("mote_historikk", mote_halden.pk)).status_code == 302
    client.force_login(folk["admin"])
    assert client.get("/investering/mote/999999/historikk/").status_code == 404
    # a page past the end shows the last page, not an error
    assert client.get(url("mote_historikk", mote_halden.pk) + "?side=99").status_code == 200


def test_history_page_queries(client, folk, mote_halden):
    for n in range(1, 15):
        services.mote_update(mote=mote_halden, versjon=n, referat=f"Tekst {n}")
    client.force_login(folk["leder_halden"])
    path = url("mote_historikk", mote_halden.pk)
    client.get(path)
    for side in (1, 2):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{path}?side={side}")
        assert response.status_code == 200
        # 1 session, 2 user with roles, 3 the meeting with kommune/pilot, 4 count of
        # versions, 5 the page's versions (and the one before) with who saved them
        assert len(ctx.captured_queries) == 5, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="full-text ranking is PostgreSQL's")
def test_search_ranks_among_the_newest_candidates_only(folk, pilot, halden, monkeypatch):
    from .conftest import at

    tekster = [
        "Bolig, bolig og bolig: boligsosial plan og bolig for alle.",  # the oldest
        "Bolig ble nevnt.",
        "Bolig kort.",
        "Bolig igjen.",
    ]
    moter = [
        services.mote_log(
            pilot=pilot,
            kommune=halden,
            type="fremdriftsmote",
            start=at(1 + i),
            skrevet_av=None,
            beslutninger=[tekst],
        )
        for i, tekst in enumerate(tekster)
    ]
    beste = moter[0].get_absolute_url()
    assert selectors.sok(folk["admin"], "bolig").treff[0].url == beste
    # Ranked among the 3 newest hits only: the oldest (best) hit is not among them
    # and comes, if at all, below them as a plain substring hit.
    monkeypatch.setattr(selectors.soking, "SOK_KANDIDATER", 3)
    treff = selectors.sok(folk["admin"], "bolig").treff
    assert treff[0].url != beste
    assert beste in [t.url for t in treff][3:]
