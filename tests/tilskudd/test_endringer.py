"""Issue 12 in grants: taking an application into review, the pot page's form ids and
name, pots pooled from many schemes, amending decisions, case references and the
history of decisions and payments."""

import csv
import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kommuner.roller import Rolle
from tests.factories import BrukerFactory, KommuneFactory
from tilskudd import selectors, services, varsler
from tilskudd.models import Pott, Soknad, Vedtak, Vedtaksversjon

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


# --- amending a decision -------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def endre(vedtak, user, **kwargs):
    data = {
        "utfall": "delvis_innvilget",
        "belop_innvilget": 150_000,
        "begrunnelse": vedtak.begrunnelse,
        "vilkaar": vedtak.vilkaar,
        "endringsgrunn": "Kommunen har fått andre midler til samme tiltak.",
    }
    data.update(kwargs)
    return services.vedtak_endre(vedtak=vedtak, user=user, **data)


def test_amendment_keeps_the_old_version_and_moves_the_money(
    vedtak_halden, admin_bruker, pott, django_capture_on_commit_callbacks
):
    versjon = endre(vedtak_halden, admin_bruker, tittel="Seniorrådgiver")
    vedtak_halden.refresh_from_db()
    assert (vedtak_halden.versjon, vedtak_halden.belop_innvilget) == (2, 150_000)
    assert versjon.nummer == 2 and versjon.er_endring
    forste, andre = vedtak_halden.versjoner.order_by("nummer")
    assert (forste.belop_innvilget, forste.endringsgrunn) == (200_000, "")
    assert andre.endringsgrunn.startswith("Kommunen har fått")
    assert selectors.bundet_i_pott(pott=pott) == 150_000
    versjoner = selectors.vedtak_versjoner(vedtak_halden)
    assert [v.versjon.nummer for v in versjoner] == [2, 1]
    assert versjoner[0].endringer == ["Beløp: 200\xa0000\xa0kr → 150\xa0000\xa0kr"]


def test_amendment_needs_a_reason_and_a_change(vedtak_halden, admin_bruker):
    with pytest.raises(ValidationError) as exc:
        endre(vedtak_halden, admin_bruker, endringsgrunn="  ")
    assert "Skriv hvorfor vedtaket endres." in exc.value.messages
    with pytest.raises(ValidationError):
        endre(vedtak_halden, admin_bruker, belop_innvilget=200_000)
    vedtak_halden.refresh_from_db()
    assert vedtak_halden.versjon == 1 and vedtak_halden.versjoner.count() == 1


def test_amendment_may_not_raise_beyond_the_pot(vedtak_halden, admin_bruker, pott):
    services.tildeling_upsert(pott=pott, kommune=KommuneFactory(), belop=750_000, user=None)
    # 1 000 000 − 200 000 − 750 000 = 50 000 free: 250 000 is 50 000 more, 260 000 is not.
    with pytest.raises(ValidationError) as exc:
        endre(vedtak_halden, admin_bruker, belop_innvilget=260_000)
    assert "har bare 50\xa0000\xa0kr igjen" in " ".join(exc.value.messages)
    endre(vedtak_halden, admin_bruker, belop_innvilget=250_000)
    assert selectors.bundet_i_pott(pott=pott) == 1_000_000


def test_amendment_may_not_go_below_what_is_paid(vedtak_halden, admin_bruker):
    services.utbetaling_create(
        user=admin_bruker, belop=120_000, dato=date(2026, 1, 15), vedtak=vedtak_halden
    )
    with pytest.raises(ValidationError) as exc:
        endre(vedtak_halden, admin_bruker, belop_innvilget=100_000)
    assert "allerede utbetalt 120\xa0000\xa0kr" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        endre(vedtak_halden, admin_bruker, utfall="avslatt", belop_innvilget=None)
    endre(vedtak_halden, admin_bruker, belop_innvilget=120_000)


def test_amendment_to_refusal_when_nothing_is_paid(vedtak_halden, admin_bruker, pott):
    endre(vedtak_halden, admin_bruker, utfall="avslatt", belop_innvilget=None)
    vedtak_halden.refresh_from_db()
    assert vedtak_halden.belop_innvilget == 0
    assert vedtak_halden.soknad.status == Soknad.Status.AVSLATT
    assert selectors.bundet_i_pott(pott=pott) == 0


def test_admin_amends_in_the_portal_and_kommune_gets_letter_and_one_email(
    client,
    admin_bruker,
    kontakt_halden,
    vedtak_halden,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    soknad = vedtak_halden.soknad
    login(client, admin_bruker)
    url = reverse("tilskudd:vedtak_endre", args=[soknad.pk])
    page = client.get(url).content.decode()
    assert "Grunn til endringen" in page and "200000" in page
    # Without a reason: a Norwegian message, nothing saved.
    data = {
        "utfall": "delvis_innvilget",
        "belop_innvilget": "150000",
        "begrunnelse": vedtak_halden.begrunnelse,
        "vilkaar": vedtak_halden.vilkaar,
        "tittel": "Seniorrådgiver",
        "versjon": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    assert Vedtaksversjon.objects.count() == 1
    data["endringsgrunn"] = "Kommunen har fått andre midler."
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[kontakt_halden.email]]
    assert "Endringsvedtak" in mailoutbox[0].subject
    assert soknad.saksnummer in mailoutbox[0].body
    assert "/vedtaksbrev/2.pdf" in mailoutbox[0].body
    # The job run again sends nothing twice.
    versjon = Vedtaksversjon.objects.get(nummer=2)
    assert varsler.varsle_vedtak_endret(versjon_id=versjon.pk) == 0
    # The title is remembered for the next decision form.
    assert selectors.siste_tittel(admin_bruker) == "Seniorrådgiver"

    client.logout()
    login(client, kontakt_halden)
    page = client.get(reverse("tilskudd:soknad", args=[soknad.pk])).content.decode()
    assert "Endret, versjon 2" in page
    assert "Kommunen har fått andre midler." in page
    assert soknad.saksnummer in page
    ny = pdf_text(b"".join(client.get(reverse("tilskudd:vedtaksbrev", args=[soknad.pk]))))
    assert "Endringsvedtak" in ny and "150 000 kr" in ny
    assert "Innvilget i versjon 1 200 000 kr" in ny
    assert "Kommunen har fått andre midler." in ny
    assert "Versjon 2" in ny and soknad.saksnummer in ny
    assert "Seniorrådgiver" in ny and admin_bruker.fullt_navn in ny
    assert "forvaltningsloven § 28" in ny and "tre uker" in ny and "§ 29" in ny
    gammel = pdf_text(
        b"".join(client.get(reverse("tilskudd:vedtaksbrev_versjon", args=[soknad.pk, 1])))
    )
    assert "200 000 kr" in gammel and "Endringsvedtak" not in gammel
    ukjent = reverse("tilskudd:vedtaksbrev_versjon", args=[soknad.pk, 3])
    assert client.get(ukjent).status_code == 404


def test_amendment_over_paid_shows_message_in_the_form(client, admin_bruker, vedtak_halden):
    services.utbetaling_create(
        user=admin_bruker, belop=180_000, dato=date(2026, 1, 15), vedtak=vedtak_halden
    )
    login(client, admin_bruker)
    response = client.post(
        reverse("tilskudd:vedtak_endre", args=[vedtak_halden.soknad_id]),
        {
            "utfall": "avslatt",
            "begrunnelse": "Nei.",
            "endringsgrunn": "Feil i søknaden.",
            "versjon": "1",
        },
    )
    assert response.status_code == 200
    assert "allerede utbetalt 180" in response.content.decode()
    vedtak_halden.refresh_from_db()
    assert vedtak_halden.versjon == 1


def test_two_admins_amend_from_the_same_version_and_the_second_is_refused(
    client, admin_bruker, vedtak_halden
):
    """Both opened the amendment form at version 1; the first saves. The second form,
    posted later, would silently undo the first amendment: it is refused with a message,
    nothing saved, and the form shows the amount the second admin typed."""
    url = reverse("tilskudd:vedtak_endre", args=[vedtak_halden.soknad_id])
    login(client, admin_bruker)
    assert 'name="versjon" value="1"' in client.get(url).content.decode()
    andre_admin = BrukerFactory(email="admin2@example.no")
    andre_admin.groups.add(Group.objects.get_or_create(name=Rolle.ADMIN)[0])
    services.vedtak_endre(
        vedtak=vedtak_halden,
        user=andre_admin,
        utfall=vedtak_halden.utfall,
        belop_innvilget=150_000,
        begrunnelse=vedtak_halden.begrunnelse,
        vilkaar=vedtak_halden.vilkaar,
        endringsgrunn="Kommunen har fått andre midler.",
        versjon=1,
    )
    response = client.post(
        url,
        {
            "utfall": vedtak_halden.utfall,
            "belop_innvilget": "175000",
            "begrunnelse": vedtak_halden.begrunnelse,
            "vilkaar": vedtak_halden.vilkaar,
            "endringsgrunn": "Rettet beløp.",
            "versjon": "1",
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "endret siden du åpnet skjemaet (nå versjon 2)" in page
    assert "175000" in page
    vedtak_halden.refresh_from_db()
    assert (vedtak_halden.versjon, vedtak_halden.belop_innvilget) == (2, 150_000)
    assert Vedtaksversjon.objects.filter(vedtak=vedtak_halden).count() == 2


@pytest.mark.parametrize("who", ["kontakt_halden", "leder_halden", "styre", "forsker", "team"])
def test_only_admins_amend(client, folk, vedtak_halden, who):
    login(client, folk[who])
    url = reverse("tilskudd:vedtak_endre", args=[vedtak_halden.soknad_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {"endringsgrunn": "x"}).status_code == 403
    assert Vedtaksversjon.objects.count() == 1


def test_other_kommune_cannot_read_letter_versions(client, folk, vedtak_halden):
    login(client, folk["kontakt_sarpsborg"])
    url = reverse("tilskudd:vedtaksbrev_versjon", args=[vedtak_halden.soknad_id, 1])
    assert client.get(url).status_code == 404
    login(client, folk["kontakt_halden"])
    assert client.get(url).status_code == 200


def test_decision_without_version_rows_is_amended_from_its_own_first_version(
    soknad_halden, admin_bruker
):
    """Bulk test data writes decisions without the service (no version rows)."""
    vedtak = Vedtak.objects.create(
        soknad=soknad_halden,
        utfall="innvilget",
        belop_innvilget=soknad_halden.belop_sokt,
        begrunnelse="Godt.",
        vedtatt_av=admin_bruker,
    )
    assert selectors.vedtaksversjon(vedtak).nummer == 1
    endre(vedtak, admin_bruker, belop_innvilget=100_000, begrunnelse="Godt.", vilkaar="")
    assert list(vedtak.versjoner.values_list("nummer", "belop_innvilget")) == [
        (1, 300_000),
        (2, 100_000),
    ]


# --- case references and exports -----------------------------------------------------


def test_case_reference_is_the_year_and_its_sequence_number(soknad_halden):
    aar = timezone.localtime(soknad_halden.sendt_inn).year
    assert soknad_halden.saksnummer == f"{aar}/{soknad_halden.sekvensnummer:05d}"


def test_round_export_holds_case_references_and_decisions(
    client, admin_bruker, vedtak_halden, soknad_sarpsborg
):
    login(client, admin_bruker)
    runde_id = vedtak_halden.soknad.runde_id
    response = client.get(reverse("tilskudd:runde_soknader_eksport", args=[runde_id, "csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Saksnummer"
    by_ref = {r[0]: r for r in rows[1:]}
    assert set(by_ref) == {vedtak_halden.soknad.saksnummer, soknad_sarpsborg.saksnummer}
    halden = by_ref[vedtak_halden.soknad.saksnummer]
    assert halden[1] == "Halden" and "200000" in halden[7].replace(" ", "")
    response = client.get(reverse("tilskudd:runde_soknader_eksport", args=[runde_id, "xlsx"]))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "Saksnummer"
    assert {r[0] for r in values[1:]} == set(by_ref)
    assert (
        client.get(reverse("tilskudd:runde_soknader_eksport", args=[runde_id, "pdf"])).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["kontakt_halden", "leder_halden", "styre", "forsker", "team"])
def test_round_export_is_for_admins(client, folk, runde, who):
    login(client, folk[who])
    url = reverse("tilskudd:runde_soknader_eksport", args=[runde.pk, "csv"])
    assert client.get(url).status_code == 403


# --- history of decisions and payments -----------------------------------------------


def test_application_page_shows_history_of_decision_and_payments(
    client, admin_bruker, vedtak_halden
):
    services.utbetaling_create(
        user=admin_bruker, belop=50_000, dato=date(2026, 1, 15), vedtak=vedtak_halden
    )
    endre(vedtak_halden, admin_bruker, belop_innvilget=180_000)
    historikk = selectors.soknad_med_vedtak(soknad=vedtak_halden.soknad)["historikk"]
    assert [(h.hva, h.handling) for h in historikk] == [
        ("Vedtak", "endret"),
        ("Utbetaling", "opprettet"),
        ("Vedtak", "opprettet"),
    ]
    endringer = " ".join(historikk[0].endringer)
    assert "innvilget beløp (kr): 200\xa0000\xa0kr → 180\xa0000\xa0kr" in endringer
    login(client, admin_bruker)
    page = client.get(reverse("tilskudd:soknad", args=[vedtak_halden.soknad_id])).content.decode()
    assert "Endringslogg for vedtak og utbetalinger" in page
    assert "Utbetaling opprettet" in page


def test_application_page_costs_constant_queries(
    client, admin_bruker, vedtak_halden, django_assert_num_queries
):
    for i in range(3):
        services.utbetaling_create(
            user=admin_bruker, belop=10_000, dato=date(2026, 1, 15 + i), vedtak=vedtak_halden
        )
        endre(vedtak_halden, admin_bruker, belop_innvilget=190_000 - i * 10_000)
    login(client, admin_bruker)
    url = reverse("tilskudd:soknad", args=[vedtak_halden.soknad_id])
    client.get(url)
    # 1 session, 2 user with roles, 3 application with round, pot, kommune and case
    # handler, 4 decision with decider and proposal, 5 payments, 6 versions with
    # deciders, 7 decision history, 8 payment history, 9 answers to the round's
    # questions; the internal assessment (admins only): 10 scores, 11 the round's
    # criteria, 12 proposals with proposer and approver, 13 notes, 14 recommendation;
    # 15 budget lines, 16 measures, 17 attachments, 18 reports, 19 the case's documents.
    with django_assert_num_queries(19):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("/vedtaksbrev/") == 4


# --- a pot pooled from many schemes ---------------------------------------------------


@pytest.fixture
def fem_ordninger(db):
    return [
        services.ordning_upsert(navn=f"Ordning {i}", kapittel=700 + i, post=60) for i in range(5)
    ]


def pott_data(ordninger, belop, total):
    data = {
        "navn": "Programfinansiering 0–24",
        "aar": "2023",
        "total": str(total),
        "kilder-TOTAL_FORMS": str(len(ordninger)),
        "kilder-INITIAL_FORMS": "0",
        "kilder-MIN_NUM_FORMS": "0",
        "kilder-MAX_NUM_FORMS": "40",
    }
    for i, (ordning, b) in enumerate(zip(ordninger, belop, strict=True)):
        data[f"kilder-{i}-ordning"] = str(ordning.pk)
        data[f"kilder-{i}-belop"] = str(b)
    return data


def test_admin_creates_pot_pooled_from_five_schemes_in_one_step(
    client, admin_bruker, fem_ordninger
):
    login(client, admin_bruker)
    belop = [400_000, 300_000, 300_000, 200_000, 200_000]
    response = client.post(reverse("tilskudd:pott_ny"), pott_data(fem_ordninger, belop, 1_400_000))
    assert response.status_code == 302
    pott = Pott.objects.get(navn="Programfinansiering 0–24")
    assert sorted(pott.kilder.values_list("belop", flat=True)) == sorted(belop)


def test_pot_sources_that_do_not_add_up_name_the_sum_and_the_total(
    client, admin_bruker, fem_ordninger
):
    login(client, admin_bruker)
    belop = [400_000, 300_000, 200_000, 200_000, 100_000]
    response = client.post(reverse("tilskudd:pott_ny"), pott_data(fem_ordninger, belop, 1_400_000))
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ")
    assert "Kildene summerer til 1 200 000 kr, men totalen er 1 400 000 kr" in page
    assert not Pott.objects.exists()


def test_add_source_without_js_shows_the_form_again_with_one_more_row(
    client, admin_bruker, fem_ordninger
):
    login(client, admin_bruker)
    data = pott_data(fem_ordninger[:3], [1, 2, 3], 6)
    data["legg_til_kilde"] = "1"
    response = client.post(reverse("tilskudd:pott_ny"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="kilder-TOTAL_FORMS" value="4"' in page
    assert 'id="id_kilder-3-ordning"' in page
    # What was typed is kept, nothing is saved and no error is shown yet.
    assert 'value="Programfinansiering 0–24"' in page
    assert f'<option value="{fem_ordninger[2].pk}" selected>' in page
    assert "is-invalid" not in page
    assert "Kildene summerer til 6" in page
    assert not Pott.objects.exists()


def test_pot_form_costs_constant_queries(
    client, admin_bruker, pott, fem_ordninger, django_assert_num_queries
):
    login(client, admin_bruker)
    url = reverse("tilskudd:pott_rediger", args=[pott.pk])
    client.get(url)
    # 1 session, 2 user with roles, 3 pot, 4 its sources with their schemes, 5 pilots
    # for the choice, 6–10 the schemes for each source row's choice (2 sources and 3
    # empty rows).
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


def test_allocation_page_shows_history_of_amount_and_payments(
    client, admin_bruker, kontakt_halden, pott, halden, django_assert_num_queries
):
    tildeling = services.tildeling_upsert(pott=pott, kommune=halden, belop=100_000, user=None)
    for i in range(3):
        services.utbetaling_create(
            user=admin_bruker, belop=10_000, dato=date(2026, 2, 1 + i), tildeling=tildeling
        )
    services.tildeling_upsert(pott=pott, kommune=halden, belop=80_000, user=admin_bruker)
    login(client, kontakt_halden)
    url = reverse("tilskudd:tildeling", args=[tildeling.pk])
    client.get(url)
    # 1 session, 2 user with roles, 3 allocation with pot, kommune and etat,
    # 4 the contact person's kommune, 5 payments, 6 reports, 7 allocation history,
    # 8 payment history.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ")
    assert "Endringslogg for tildelingen og utbetalingene" in page
    assert "beløp (kr): 100 000 kr → 80 000 kr" in page
    assert page.count("Utbetaling opprettet") == 3


def test_amendment_form_costs_constant_queries(
    client, admin_bruker, vedtak_halden, django_assert_num_queries
):
    for i in range(3):
        services.utbetaling_create(
            user=admin_bruker, belop=10_000, dato=date(2026, 1, 15 + i), vedtak=vedtak_halden
        )
    login(client, admin_bruker)
    url = reverse("tilskudd:vedtak_endre", args=[vedtak_halden.soknad_id])
    client.get(url)
    # 1 session, 2 user with roles, 3 application with round, pot and kommune,
    # 4 decision, 5 the admin's last title, 6 their last phone, 7 pot with figures,
    # 8 its sources, 9 payments (what is paid).
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert "30\xa0000\xa0kr" in response.content.decode()


def test_change_log_shows_times_in_oslo_time_as_people_write_them(admin_bruker, vedtak_halden):
    endre(vedtak_halden, admin_bruker, belop_innvilget=180_000)
    vedtak_halden.refresh_from_db()
    historikk = selectors.soknad_med_vedtak(soknad=vedtak_halden.soknad)["historikk"]
    endringer = historikk[0].endringer
    vist = timezone.localtime(vedtak_halden.endret).strftime("%d.%m.%Y %H:%M")
    assert f"sist endret: – → {vist}" in endringer


def test_proposal_form_costs_constant_queries_and_sign_off_suggests_the_last_title(
    client,
    admin_bruker,
    leder,
    runde,
    halden,
    kontakt_halden,
    vedtak_halden,
    django_assert_num_queries,
):
    services.vedtak_endre(
        vedtak=vedtak_halden,
        user=admin_bruker,
        utfall="delvis_innvilget",
        belop_innvilget=150_000,
        begrunnelse=vedtak_halden.begrunnelse,
        vilkaar=vedtak_halden.vilkaar,
        endringsgrunn="Ny fordeling.",
        tittel="Seksjonssjef",
    )
    soknad = make_soknad(runde, halden, kontakt_halden, tittel="Neste")
    services.soknad_start_review(soknad=soknad, user=leder)
    login(client, leder)
    url = reverse("tilskudd:vedtak_ny", args=[soknad.pk])
    client.get(url)
    # 1 session, 2 user with roles, 3 application with round, pot, kommune and case
    # handler, 4 the recommendation, 5 pot with figures, 6 its sources, 7 answers to the
    # round's questions, 8 budget lines, 9 measures, 10 attachments, 11 the kommune's
    # earlier decisions, 12 its allocations.
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    forslag = services.vedtak_foresla(
        soknad=soknad,
        user=leder,
        utfall="innvilget",
        belop_innvilget=None,
        begrunnelse="Godt.",
    )
    login(client, admin_bruker)
    response = client.get(reverse("tilskudd:forslag_godkjenn", args=[soknad.pk, forslag.pk]))
    assert 'value="Seksjonssjef"' in response.content.decode()


def test_lists_show_the_case_reference(client, admin_bruker, kontakt_halden, soknad_halden):
    login(client, kontakt_halden)
    assert soknad_halden.saksnummer in client.get(reverse("tilskudd:soknader")).content.decode()
    login(client, admin_bruker)
    url = reverse("tilskudd:runde_soknader", args=[soknad_halden.runde_id])
    assert soknad_halden.saksnummer in client.get(url).content.decode()
