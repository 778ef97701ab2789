from datetime import timedelta

import pytest
from django.db import connection  # noqa: F401 - used by skipif
from django.urls import reverse
from django.utils import timezone

from investering import services
from investering.models import Mote, Oppfolgingspunkt

from .conftest import at


def url(name, *args):
    return reverse(f"investering:{name}", args=args)


def test_leader_logs_meeting_with_decisions_and_follow_up(client, folk, pilot, halden):
    client.force_login(folk["leder_halden"])
    frist = timezone.localdate() + timedelta(days=7)
    response = client.post(
        url("mote_create"),
        {
            "hvor": f"{pilot.pk}:{halden.pk}",
            "type": "fremdriftsmote",
            "status": "gjennomfort",
            "dato": "2019-05-02",
            "klokkeslett": "09:30",
            "varighet_minutter": "60",
            "digitalt": "on",
            "fase": "undersokelse",
            "deltakere_brukere": [folk["leder_halden"].pk],
            "deltakere_fritekst": "Hanne Hansen, Halden\nOla Nav, NAV Øst-Viken",
            "referat": "Gjennomgang av kunnskapsgrunnlaget.",
            "beslutninger": "Arbeidsgruppen møtes månedlig.\nBolig prioriteres.",
            "oppfolging_tekst": "Send utkast til kunnskapsgrunnlag.",
            "oppfolging_ansvarlig": folk["leder_halden"].pk,
            "oppfolging_frist": frist.isoformat(),
        },
    )
    mote = Mote.objects.get()
    assert response.status_code == 302
    assert response.url == mote.get_absolute_url()
    assert mote.skrevet_av == folk["leder_halden"]
    assert timezone.localtime(mote.start).strftime("%d.%m.%Y %H:%M") == "02.05.2019 09:30"
    assert list(mote.beslutninger.values_list("tekst", flat=True)) == [
        "Arbeidsgruppen møtes månedlig.",
        "Bolig prioriteres.",
    ]
    hanne = mote.deltakere.get(navn="Hanne Hansen")
    assert hanne.kommune == halden
    ola = mote.deltakere.get(navn="Ola Nav")
    assert ola.organisasjon == "NAV Øst-Viken"  # no such etat in the test data
    assert mote.oppfolgingspunkter.get().frist == frist


def test_new_meeting_form_suggests_last_meetings_participants(client, mote_halden, folk):
    client.force_login(folk["leder_halden"])
    response = client.get(url("mote_create") + f"?kommune={mote_halden.kommune_id}")
    form = response.context["form"]
    assert form.initial["hvor"] == f"{mote_halden.pilot_id}:{mote_halden.kommune_id}"
    assert form.initial["dato"] == timezone.localdate()
    assert "Rådmannen, Halden" in form.initial["deltakere_fritekst"]
    assert form.initial["deltakere_brukere"] == [folk["leder_halden"].pk]


def test_bad_meeting_input_shows_message_and_saves_nothing(client, folk, pilot, halden):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("mote_create"),
        {
            "hvor": f"{pilot.pk}:{halden.pk}",
            "type": "fremdriftsmote",
            "status": "gjennomfort",
            "dato": "ikke en dato",
            "klokkeslett": "09:30",
            "varighet_minutter": "60",
            "beslutninger": "Skal ikke lagres",
            "oppfolging_frist": "2019-05-01",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Oppgi en gyldig dato." in content
    assert "Skriv hva som skal følges opp." in content
    assert not Mote.objects.exists()


def test_leader_cannot_log_meeting_for_kommune_not_led(client, folk, pilot, sarpsborg):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("mote_create"),
        {
            "hvor": f"{pilot.pk}:{sarpsborg.pk}",
            "type": "fremdriftsmote",
            "status": "gjennomfort",
            "dato": "2019-05-02",
            "klokkeslett": "09:30",
            "varighet_minutter": "60",
        },
    )
    assert response.status_code == 200  # the choice is not offered: form error
    assert not Mote.objects.exists()


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
        "deltakere_fritekst": "Rådmannen, Halden",
        "versjon": mote.versjon,
    }
    data.update(changes)
    return data


def test_two_people_editing_the_minutes_the_second_keeps_text_and_sees_changes(
    client, mote_halden, folk
):
    client.force_login(folk["leder_halden"])
    # Both open version 1; the admin saves first.
    forste = _edit_data(mote_halden, referat="Adminens referat.\nNy linje fra admin.")
    andre = _edit_data(mote_halden, referat="Lederens eget referat som ikke må forsvinne.")
    client2 = client.__class__()
    client2.force_login(folk["admin"])
    assert client2.post(url("mote_edit", mote_halden.pk), forste).status_code == 302

    response = client.post(url("mote_edit", mote_halden.pk), andre)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Noen andre har lagret møtet mens du skrev" in content
    assert "Admin Pilotleder har lagret endringer" in content
    # the second person's text is still in the form
    assert "Lederens eget referat som ikke må forsvinne." in content
    # and they are told what changed: the field, the old and the new value
    konflikt = response.context["konflikt"]
    assert [e["felt"] for e in konflikt.endringer] == ["referat"]
    assert "Adminens referat." in content
    assert any(line.startswith("-Adminens referat.") for line in response.context["referat_diff"])
    mote_halden.refresh_from_db()
    assert mote_halden.referat.startswith("Adminens referat.")
    # Saving again (now against version 2) is a conscious overwrite and works.
    assert response.context["form"]["versjon"].value() == "2"
    again = client.post(
        url("mote_edit", mote_halden.pk),
        _edit_data(mote_halden, versjon=2, referat="Samlet referat."),
    )
    assert again.status_code == 302
    mote_halden.refresh_from_db()
    assert mote_halden.referat == "Samlet referat."
    assert mote_halden.versjon == 3


def test_htmx_adds_decision_and_returns_partial(client, mote_halden, folk):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("beslutning_add", mote_halden.pk),
        {"tekst": "Rådmannen utformer tekst til vedtak."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Rådmannen utformer tekst til vedtak." in response.content.decode()
    assert mote_halden.beslutninger.count() == 2


def test_htmx_adds_follow_up_point_and_bad_input_saves_nothing(client, mote_halden, folk):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("oppfolging_add", mote_halden.pk),
        {"tekst": "", "frist": "2019-13-45"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    assert "Oppgi en gyldig dato." in response.content.decode()
    assert mote_halden.oppfolgingspunkter.count() == 1
    response = client.post(
        url("oppfolging_add", mote_halden.pk),
        {"tekst": "Kontakt SoCentral", "frist": "2019-03-06"},
        HTTP_HX_REQUEST="true",
    )
    assert "Kontakt SoCentral" in response.content.decode()
    assert mote_halden.oppfolgingspunkter.count() == 2


def test_close_point_in_later_meeting_from_its_page(client, mote_halden, folk, pilot, halden):
    senere = services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="fremdriftsmote",
        start=at(5, 11, 2018),
        skrevet_av=folk["leder_halden"],
    )
    client.force_login(folk["leder_halden"])
    page = client.get(senere.get_absolute_url())
    punkt = mote_halden.oppfolgingspunkter.get()
    assert punkt in list(page.context["tidligere_punkter"])
    response = client.post(
        url("punkt_status", punkt.pk),
        {"lukket_i_mote": senere.pk, "neste": senere.get_absolute_url()},
    )
    assert response.url == senere.get_absolute_url()
    punkt.refresh_from_db()
    assert punkt.status == "lukket" and punkt.lukket_i_mote == senere
    assert "Punkter lukket i dette møtet" in client.get(senere.get_absolute_url()).content.decode()


def test_team_member_adds_note_but_cannot_change_status(client, mote_halden, folk):
    punkt = mote_halden.oppfolgingspunkter.get()
    client.force_login(folk["team"])
    assert (
        client.post(url("punkt_notat", punkt.pk), {"tekst": "Husbanken kan bidra."}).status_code
        == 302
    )
    assert punkt.notater.get().tekst == "Husbanken kan bidra."
    assert client.post(url("punkt_status", punkt.pk), {"status": "lukket"}).status_code == 403
    punkt.refresh_from_db()
    assert punkt.status == "apen"


def test_unsafe_next_url_is_ignored(client, mote_halden, folk):
    punkt = mote_halden.oppfolgingspunkter.get()
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("punkt_status", punkt.pk), {"status": "pagar", "neste": "//evil.example/"}
    )
    assert response.url == mote_halden.get_absolute_url()


def test_regelhinder_register_status_change(client, mote_halden, folk, pilot, halden):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("regelhinder_create") + f"?mote={mote_halden.pk}",
        {
            "hvor": f"{pilot.pk}:{halden.pk}",
            "tittel": "Øremerking hindrer samordning",
            "beskrivelse": "Midlene kan ikke ses i sammenheng.",
            "regel": "Tildelingsbrev 2019",
        },
    )
    assert response.status_code == 302
    hinder = mote_halden.regelhindre.get()
    response = client.post(url("regelhinder_status", hinder.pk), {"status": "endret", "utfall": ""})
    hinder.refresh_from_db()
    assert hinder.status == "identifisert"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Kan ikke gå fra" in m for m in messages)
    client.post(url("regelhinder_status", hinder.pk), {"status": "vurdert"})
    hinder.refresh_from_db()
    assert hinder.status == "vurdert"


def test_moteserie_page_creates_planned_meetings(client, folk, pilot, halden):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("moteserie_create"),
        {
            "hvor": f"{pilot.pk}:{halden.pk}",
            "tittel": "Fremdriftsmøte på telefon",
            "type": "fremdriftsmote",
            "intervall": "maaned",
            "forste_dato": "2019-02-07",
            "klokkeslett": "13:00",
            "antall": "10",
            "varighet_minutter": "30",
            "digitalt": "on",
        },
    )
    assert response.status_code == 302
    assert Mote.objects.filter(status="planlagt", kommune=halden).count() == 10


def test_search_finds_compound_word(client, mote_halden, folk):
    services.mote_update(
        mote=mote_halden, versjon=1, referat="Målet er å halvere barnefattigdommen i kommunen."
    )
    client.force_login(folk["forsker"])
    response = client.get(url("sok"), {"q": "fattigdom"})
    treff = response.context["treff"]
    assert any(t.url == mote_halden.get_absolute_url() for t in treff)
    assert "<mark>" in response.content.decode()


def test_search_escapes_user_text(client, folk, pilot, halden):
    services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="annet",
        start=at(1),
        skrevet_av=None,
        referat="<script>alert(1)</script> barnefattigdom",
    )
    client.force_login(folk["admin"])
    content = client.get(url("sok"), {"q": "barnefattigdom"}).content.decode()
    assert "<script>alert(1)" not in content
    assert "<mark>barnefattigdom</mark>" in content.lower()


def test_search_results_respect_kommune_access(client, mote_halden, mote_sarpsborg, folk):
    client.force_login(folk["kontakt_halden"])
    treff = client.get(url("sok"), {"q": "Sarpsborgmodellen"}).context["treff"]
    assert treff == []
    treff = client.get(url("sok"), {"q": "paraply"}).context["treff"]
    assert [t.url for t in treff] == [mote_halden.get_absolute_url()]


def test_mine_kommuner_shows_last_next_and_overdue(client, mote_halden, folk, pilot, halden):
    services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="fremdriftsmote",
        start=timezone.now() + timedelta(days=10),
        skrevet_av=None,
        status="planlagt",
    )
    client.force_login(folk["leder_halden"])
    response = client.get(url("mine_kommuner"))
    [lk] = response.context["ledede"]
    assert lk.siste_mote == mote_halden
    assert lk.neste_mote.status == "planlagt"
    assert (lk.apne_punkter, lk.forfalte_punkter) == (1, 1)
    assert "1 forfalt" in response.content.decode()


def test_follow_up_board_lists_overdue_first(client, mote_halden, folk):
    services.oppfolgingspunkt_create(
        mote=mote_halden, tekst="Senere frist", frist=timezone.localdate() + timedelta(days=30)
    )
    services.oppfolgingspunkt_create(mote=mote_halden, tekst="Uten frist")
    client.force_login(folk["styre"])
    response = client.get(url("oppfolging_board"))
    tekster = [p.tekst for p, *_kan in response.context["rader"]]
    assert tekster[0].startswith("Lag oversikt")  # the overdue one
    assert set(tekster[1:]) == {"Senere frist", "Uten frist"}
    assert all(kan is False for _p, kan, _notat in response.context["rader"])


def test_follow_up_board_filters_by_kommune(client, mote_halden, mote_sarpsborg, folk):
    client.force_login(folk["admin"])
    response = client.get(url("oppfolging_board"), {"kommune": mote_sarpsborg.kommune_id})
    assert [p.mote for p, *_kan in response.context["rader"]] == [mote_sarpsborg]


def test_meeting_list_filters(client, mote_halden, mote_sarpsborg, kollegium, folk):
    client.force_login(folk["admin"])
    assert client.get(url("mote_list")).context["page"].paginator.count == 3
    # The page holds the ids of the meetings shown (their rows are kept: views.moter).
    by_kommune = client.get(url("mote_list"), {"kommune": mote_halden.kommune_id})
    assert list(by_kommune.context["page"]) == [mote_halden.pk]
    by_type = client.get(url("mote_list"), {"type": "investeringskollegium"})
    assert list(by_type.context["page"]) == [kollegium.pk]
    by_period = client.get(url("mote_list"), {"fra": "2019-04-01", "til": "2019-04-05"})
    assert list(by_period.context["page"]) == [mote_sarpsborg.pk]
    by_phase = client.get(url("mote_list"), {"fase": "definisjon"})
    assert list(by_phase.context["page"]) == [mote_halden.pk]
    by_etat = client.get(url("mote_list"), {"etat": folk["leder_halden"].etat_id})
    assert list(by_etat.context["page"]) == [mote_halden.pk]
    bad = client.get(url("mote_list"), {"fra": "2019-05-01", "til": "2019-04-01"})
    assert "Til-dato kan ikke være før fra-dato." in bad.content.decode()


def test_meeting_list_htmx_returns_table_partial(client, mote_halden, folk):
    client.force_login(folk["admin"])
    response = client.get(url("mote_list"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert mote_halden.overskrift in response.content.decode()


def test_follow_up_status_bad_value_changes_nothing(client, mote_halden, folk):
    punkt = mote_halden.oppfolgingspunkter.get()
    client.force_login(folk["leder_halden"])
    client.post(url("punkt_status", punkt.pk), {"status": "ferdig"})
    punkt.refresh_from_db()
    assert punkt.status == Oppfolgingspunkt.Status.APEN


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_pages_render_for_admin(client, mote_halden, folk, fmt):
    client.force_login(folk["admin"])
    for name, args in [
        ("mote_list", []),
        ("mote_detail", [mote_halden.pk]),
        ("mote_edit", [mote_halden.pk]),
        ("mote_referat", [mote_halden.pk]),
        ("mote_create", []),
        ("oppfolging_board", []),
        ("regelhinder_list", []),
        ("regelhinder_create", []),
        ("moteserie_create", []),
        ("sok", []),
        ("kalender", []),
        ("mine_kommuner", []),
    ]:
        assert client.get(url(name, *args)).status_code == 200, name
    assert client.get(url("mote_export", fmt)).status_code == 200


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="full-text search with stemming is PostgreSQL"
)
def test_search_uses_norwegian_stemming_and_ranks_full_text_hits_first(client, folk, pilot, halden):
    stemmed = services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="annet",
        start=at(2),
        skrevet_av=None,
        referat="Kommunen mangler boliger for store familier.",
    )
    services.mote_log(
        pilot=pilot,
        kommune=halden,
        type="annet",
        start=at(3),
        skrevet_av=None,
        referat="Ingenting om det her.",
        agenda="Boligene",
    )
    client.force_login(folk["admin"])
    treff = client.get(url("sok"), {"q": "boligene"}).context["treff"]
    # "boligene" and "boliger" share the stem "bolig": no substring match needed
    assert stemmed.get_absolute_url() in [t.url for t in treff]
    assert all(t.rank > 0 for t in treff)


def test_tampered_meeting_ids_are_404_not_500(client, mote_halden, folk):
    punkt = mote_halden.oppfolgingspunkter.get()
    client.force_login(folk["leder_halden"])
    assert client.post(url("punkt_status", punkt.pk), {"lukket_i_mote": "abc"}).status_code == 404
    assert client.get(url("regelhinder_create") + "?mote=1%20OR%201").status_code == 404
    assert client.get(url("mote_list"), {"kommune": "abc", "fra": "x"}).status_code == 200


def test_detail_shows_history_of_versions(client, mote_halden, folk):
    services.mote_update(mote=mote_halden, versjon=1, referat="Ny tekst")
    client.force_login(folk["styre"])
    content = client.get(mote_halden.get_absolute_url()).content.decode()
    assert "Versjon 2 lagret" in content
    assert "Versjon 1 lagret" in content


def test_team_page_lists_members_and_leaders(client, folk, pilot, django_assert_num_queries):
    team = services.investeringsteam_upsert(pilot=pilot, navn="Teamet")
    services.teammedlem_upsert(team=team, bruker=folk["team"])
    client.force_login(folk["styre"])
    # 1 session, 2 user with roles, 4 pilots with team, 5 members (+user, etat),
    # 6 participations (+kommune, leader, etat), 7-9 session save
    with django_assert_num_queries(8):
        response = client.get(url("team"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Team Medlem" in content
    assert "Leder Halden" in content
    client.force_login(folk["kontakt_halden"])
    assert client.get(url("team")).status_code == 403


def test_htmx_history_restore_gets_whole_page(client, folk):
    client.force_login(folk["admin"])
    response = client.get(
        url("sok"), {"q": "x"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_regelhinder_bad_input_shows_message_and_saves_nothing(client, folk, pilot, halden):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("regelhinder_create"),
        {"hvor": f"{pilot.pk}:{halden.pk}", "tittel": "", "beskrivelse": ""},
    )
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    from investering.models import Regelhinder

    assert not Regelhinder.objects.exists()


def test_moteserie_bad_input_shows_message_and_saves_nothing(client, folk, pilot, halden):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("moteserie_create"),
        {
            "hvor": f"{pilot.pk}:{halden.pk}",
            "tittel": "Serie",
            "type": "fremdriftsmote",
            "intervall": "3",
            "forste_dato": "2019-02-07",
            "klokkeslett": "13:00",
            "antall": "500",
            "varighet_minutter": "30",
        },
    )
    assert response.status_code == 200
    assert "Verdien må være mindre enn eller lik 52." in response.content.decode()
    assert not Mote.objects.exists()


def test_twenty_digit_participant_id_is_a_form_error_not_500(client, folk, pilot, halden):
    client.force_login(folk["leder_halden"])
    response = client.post(
        url("mote_create"),
        {
            "hvor": f"{pilot.pk}:{halden.pk}",
            "type": "fremdriftsmote",
            "status": "gjennomfort",
            "dato": "2019-05-02",
            "klokkeslett": "09:30",
            "varighet_minutter": "60",
            "deltakere_brukere": ["99999999999999999999"],
            "referat": "Tekst",
        },
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.content.decode()
    assert not Mote.objects.exists()


def test_meeting_page_title_is_plain_text(client, mote_halden, folk):
    import re

    client.force_login(folk["leder_halden"])
    content = client.get(mote_halden.get_absolute_url()).content.decode()
    [title] = re.findall(r"<title>(.*?)</title>", content, re.S)
    assert "<" not in title and mote_halden.overskrift in title


@pytest.mark.parametrize("name", ["mote_list", "sok"])
def test_pages_answering_htmx_with_a_fragment_vary_on_the_htmx_headers(client, folk, name):
    client.force_login(folk["admin"])
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(url(name), {"q": "x"}, **headers)
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"HX-Request", "HX-History-Restore-Request"} <= vary


def test_views_are_split_by_resource_with_urls_unchanged():
    from django.urls import resolve

    assert resolve("/investering/moter/").func.__module__ == "investering.views.moter"
    assert resolve("/investering/moter.csv").func.__module__ == "investering.views.eksport"
    assert resolve("/investering/oppfolging/").func.__module__ == "investering.views.oppfolging"
    assert resolve("/investering/regelhinder/").func.__module__ == "investering.views.regelhinder"
    assert resolve("/investering/moteserie/ny/").func.__module__ == "investering.views.moteserier"
    assert resolve("/investering/kalender/").func.__module__ == "investering.views.kalender"


def test_meeting_log_pages_show_english_labels_to_english_users(client, folk, mote_halden):
    client.force_login(folk["admin"])
    client.cookies["django_language"] = "en"
    liste = client.get(url("mote_list")).content.decode()
    assert "Meeting type" in liste and "Agency present" in liste
    assert "Møtetype" not in liste
    detalj = client.get(url("mote_detail", mote_halden.pk)).content.decode()
    assert "New decision" in detalj and "Ny beslutning" not in detalj
    eksport = client.get(url("mote_export", "csv")).getvalue().decode("utf-8-sig")
    assert eksport.splitlines()[0].startswith("Date")
