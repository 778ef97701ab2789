"""Case handling between "received" and "decided": the round's own questions and
their answers, the assessment (case handler, internal notes, scores per criterion,
recommendation) and the two-step sign-off (the case handler proposes, another admin
approves). The order of the steps is the services' rule, not only the buttons'."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from felles.laas import Foreldet
from tilskudd import selectors, services
from tilskudd.models import Saksnotat, Soknad, Svar, Vedtak, Vedtaksforslag

from .conftest import make_soknad


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture
def sporsmal(runde):
    """The round's own questions: one of each kind."""
    return {
        "tekst": services.sporsmal_upsert(
            runde=runde, tekst="Hvem samarbeider dere med?", slag="tekst", paakrevd=True
        ),
        "tall": services.sporsmal_upsert(
            runde=runde, tekst="Hvor mange barn når tiltaket?", slag="tall", rekkefolge=1
        ),
        "kroner": services.sporsmal_upsert(
            runde=runde, tekst="Egenandel fra kommunen", slag="kroner", rekkefolge=2
        ),
        "valg": services.sporsmal_upsert(
            runde=runde,
            tekst="Fase i 5D-modellen",
            slag="valg",
            valg="Definisjonsfasen\nDesignfasen\nRealiseringsfasen",
            rekkefolge=3,
        ),
        "vedlegg": services.sporsmal_upsert(
            runde=runde, tekst="Prosjektplan", slag="vedlegg", rekkefolge=4
        ),
    }


@pytest.fixture
def kriterier(runde):
    return [
        services.kriterium_upsert(runde=runde, navn="Samarbeid på tvers", vekt=60),
        services.kriterium_upsert(runde=runde, navn="Kunnskapsgrunnlag", vekt=40, rekkefolge=1),
    ]


def besvart_soknad(runde, kommune, kontakt, sporsmal, *, tittel="Los for ungdom"):
    soknad = services.soknad_create(
        runde=runde,
        kommune=kommune,
        user=kontakt,
        tittel=tittel,
        formaal="Los for unge utenfor skole og arbeid.",
        belop_sokt=300_000,
        budsjettlinjer=[("Lønn", 300_000)],
        svar={
            sporsmal["tekst"].pk: "NAV og skolen",
            sporsmal["tall"].pk: Decimal("42"),
            sporsmal["kroner"].pk: 50_000,
            sporsmal["valg"].pk: "Designfasen",
            sporsmal["vedlegg"].pk: SimpleUploadedFile(
                "plan.txt", b"Plan for losen.", content_type="text/plain"
            ),
        },
    )
    return services.soknad_submit(soknad=soknad, user=kontakt)


@pytest.fixture
def behandlet(runde, halden, kontakt_halden, sporsmal, kriterier, admin_bruker):
    """Halden's application answered, taken into review by the admin (its case
    handler), with a note, scores, a recommendation and a proposal waiting."""
    soknad = besvart_soknad(runde, halden, kontakt_halden, sporsmal)
    soknad = services.soknad_start_review(soknad=soknad, user=admin_bruker)
    services.notat_create(soknad=soknad, user=admin_bruker, tekst="HEMMELIG-NOTAT om budsjettet")
    services.poeng_set(
        soknad=soknad, user=admin_bruker, poeng={kriterier[0].pk: 4, kriterier[1].pk: 3}
    )
    services.innstilling_set(
        soknad=soknad, user=admin_bruker, belop=250_000, begrunnelse="HEMMELIG-INNSTILLING"
    )
    services.vedtak_foresla(
        soknad=soknad,
        user=admin_bruker,
        utfall="delvis_innvilget",
        belop_innvilget=250_000,
        begrunnelse="Godt tiltak, men potten er begrenset.",
    )
    return soknad


# --- the round's own questions and the answers --------------------------------------


def test_answers_are_stored_with_the_application_and_shown_as_text(
    runde, halden, kontakt_halden, sporsmal
):
    soknad = besvart_soknad(runde, halden, kontakt_halden, sporsmal)
    svar = {a.sporsmal_id: a for a in selectors.svar_til(soknad=soknad)}
    assert svar[sporsmal["tekst"].pk].visning == "NAV og skolen"
    assert svar[sporsmal["tall"].pk].visning == "42"
    assert svar[sporsmal["kroner"].pk].visning == "50\xa0000\xa0kr"
    assert svar[sporsmal["valg"].pk].visning == "Designfasen"
    assert svar[sporsmal["vedlegg"].pk].vedlegg.navn == "plan.txt"
    assert soknad.vedlegg.count() == 1


@pytest.mark.parametrize(
    ("slag", "verdi", "melding"),
    [
        ("kroner", "12,50", "helt antall kroner"),
        ("kroner", -5, "helt antall kroner"),
        ("kroner", 1.5, "flyttall"),
        ("tall", "mange", "Skriv et tall"),
        ("valg", "Drømmefasen", "Velg et av alternativene"),
    ],
)
def test_a_bad_answer_is_refused_with_a_norwegian_message_and_nothing_is_saved(
    runde, halden, kontakt_halden, sporsmal, slag, verdi, melding
):
    with pytest.raises(ValidationError, match=melding):
        services.soknad_create(
            runde=runde,
            kommune=halden,
            user=kontakt_halden,
            tittel="Feil",
            formaal="F",
            belop_sokt=1000,
            svar={sporsmal[slag].pk: verdi},
        )
    assert not Soknad.objects.exists()
    assert not Svar.objects.exists()


def test_an_attachment_answer_goes_through_the_attachment_policy(
    runde, halden, kontakt_halden, sporsmal
):
    falsk = SimpleUploadedFile("plan.pdf", b"<html><script>x</script></html>")
    with pytest.raises(ValidationError):
        services.soknad_create(
            runde=runde,
            kommune=halden,
            user=kontakt_halden,
            tittel="Feil",
            formaal="F",
            belop_sokt=1000,
            svar={sporsmal["vedlegg"].pk: falsk},
        )
    assert not Soknad.objects.exists()


def test_a_required_question_must_be_answered_before_submitting(
    runde, halden, kontakt_halden, sporsmal
):
    soknad = make_soknad(runde, halden, kontakt_halden, submit=False)
    with pytest.raises(ValidationError, match="Hvem samarbeider dere med"):
        services.soknad_submit(soknad=soknad, user=kontakt_halden)
    soknad.refresh_from_db()
    assert soknad.status == Soknad.Status.UTKAST


def test_another_rounds_question_is_refused(runde, pott, halden, kontakt_halden, sporsmal):
    from django.utils import timezone

    annen = services.runde_upsert(
        pott=pott,
        tittel="Annen runde",
        aapner=timezone.now() - timedelta(days=1),
        stenger=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="hører til runden"):
        services.soknad_create(
            runde=annen,
            kommune=halden,
            user=kontakt_halden,
            tittel="T",
            formaal="F",
            belop_sokt=1,
            svar={sporsmal["tekst"].pk: "x"},
        )


def test_questions_are_locked_once_an_application_is_sent_in(
    runde, halden, kontakt_halden, sporsmal
):
    besvart_soknad(runde, halden, kontakt_halden, sporsmal)
    with pytest.raises(ValidationError, match="låst"):
        services.sporsmal_upsert(runde=runde, tekst="Nytt", slag="tekst")
    with pytest.raises(ValidationError, match="låst"):
        services.sporsmal_upsert(
            runde=runde, sporsmal=sporsmal["tekst"], tekst="Endret", slag="tekst"
        )
    with pytest.raises(ValidationError, match="låst"):
        services.sporsmal_delete(sporsmal=sporsmal["tall"])
    sporsmal["tekst"].refresh_from_db()
    assert sporsmal["tekst"].tekst == "Hvem samarbeider dere med?"


def test_changing_a_questions_type_before_any_submission_empties_the_drafts_answers(
    runde, halden, kontakt_halden, sporsmal
):
    soknad = services.soknad_create(
        runde=runde,
        kommune=halden,
        user=kontakt_halden,
        tittel="Utkast",
        formaal="F",
        belop_sokt=1000,
        svar={sporsmal["tall"].pk: "12"},
    )
    services.sporsmal_upsert(
        runde=runde, sporsmal=sporsmal["tall"], tekst="Antall barn", slag="kroner"
    )
    assert not soknad.svar.filter(sporsmal=sporsmal["tall"]).exists()


def test_a_choice_question_needs_two_choices(runde):
    with pytest.raises(ValidationError, match="minst to alternativer"):
        services.sporsmal_upsert(runde=runde, tekst="Velg", slag="valg", valg="Bare én")


def test_criteria_are_locked_once_an_application_is_scored(behandlet, runde, kriterier):
    with pytest.raises(ValidationError, match="låst"):
        services.kriterium_upsert(runde=runde, kriterium=kriterier[0], navn="Ny", vekt=10)
    with pytest.raises(ValidationError, match="låst"):
        services.kriterium_delete(kriterium=kriterier[1])


# --- the order of the steps -----------------------------------------------------------


def test_no_decision_straight_from_sendt_inn(soknad_halden, admin_bruker):
    with pytest.raises(ValidationError, match="ikke til behandling"):
        services.vedtak_create(
            soknad=soknad_halden,
            user=admin_bruker,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="x",
        )
    assert not Vedtak.objects.exists()


def test_no_scores_recommendation_or_proposal_before_taking_into_review(
    soknad_halden, admin_bruker, kriterier
):
    with pytest.raises(ValidationError, match="til behandling først"):
        services.poeng_set(soknad=soknad_halden, user=admin_bruker, poeng={kriterier[0].pk: 3})
    with pytest.raises(ValidationError, match="til behandling først"):
        services.innstilling_set(
            soknad=soknad_halden, user=admin_bruker, belop=1000, begrunnelse="x"
        )
    with pytest.raises(ValidationError, match="til behandling først"):
        services.vedtak_foresla(
            soknad=soknad_halden,
            user=admin_bruker,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="x",
        )
    assert not Vedtaksforslag.objects.exists()


def test_taking_into_review_makes_the_admin_the_case_handler(soknad_halden, admin_bruker):
    soknad = services.soknad_start_review(soknad=soknad_halden, user=admin_bruker)
    assert soknad.status == Soknad.Status.UNDER_BEHANDLING
    assert soknad.saksbehandler == admin_bruker


def test_only_an_active_admin_can_be_case_handler(soknad_halden, admin_bruker, kontakt_halden):
    with pytest.raises(ValidationError, match="aktiv admin"):
        services.saksbehandler_assign(
            soknad=soknad_halden, saksbehandler=kontakt_halden, user=admin_bruker
        )


def test_only_the_case_handler_proposes(soknad_halden, admin_bruker, leder):
    services.soknad_start_review(soknad=soknad_halden, user=admin_bruker)
    with pytest.raises(ValidationError, match="Bare saksbehandleren"):
        services.vedtak_foresla(
            soknad=soknad_halden,
            user=leder,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="x",
        )


def test_a_score_outside_one_to_five_is_refused(soknad_halden, admin_bruker, kriterier):
    services.soknad_start_review(soknad=soknad_halden, user=admin_bruker)
    with pytest.raises(ValidationError, match="fra 1 til 5"):
        services.poeng_set(soknad=soknad_halden, user=admin_bruker, poeng={kriterier[0].pk: 6})
    assert not soknad_halden.poeng.exists()


def test_a_recommendation_above_the_amount_sought_is_refused(soknad_halden, admin_bruker):
    services.soknad_start_review(soknad=soknad_halden, user=admin_bruker)
    with pytest.raises(ValidationError, match="mer enn søkt"):
        services.innstilling_set(
            soknad=soknad_halden, user=admin_bruker, belop=300_001, begrunnelse="x"
        )


def test_the_weighted_score_weighs_each_criterion(behandlet):
    # (4 × 60 + 3 × 40) / 100 = 3.6
    assert selectors.saksbehandling(soknad=behandlet)["vektet"] == Decimal("3.60")


def test_the_proposer_cannot_approve_their_own_proposal(behandlet, admin_bruker):
    forslag = behandlet.vedtaksforslag.get()
    with pytest.raises(ValidationError, match="foreslo vedtaket selv"):
        services.vedtak_godkjenn(forslag=forslag, user=admin_bruker, versjon=forslag.versjon)
    assert not Vedtak.objects.exists()


def test_a_second_proposal_waits_for_the_first(behandlet, admin_bruker):
    with pytest.raises(ValidationError, match="allerede et forslag"):
        services.vedtak_foresla(
            soknad=behandlet,
            user=admin_bruker,
            utfall="avslatt",
            belop_innvilget=None,
            begrunnelse="x",
        )


def test_a_case_with_a_proposal_waiting_is_decided_only_by_approving_it(behandlet, leder):
    with pytest.raises(ValidationError, match="venter på godkjenning"):
        services.vedtak_create(
            soknad=behandlet,
            user=leder,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="x",
        )
    assert not Vedtak.objects.exists()


def test_approval_makes_the_decision_with_proposer_and_approver(behandlet, admin_bruker, leder):
    forslag = behandlet.vedtaksforslag.get()
    vedtak = services.vedtak_godkjenn(
        forslag=forslag, user=leder, versjon=forslag.versjon, tittel="Seksjonsleder"
    )
    forslag.refresh_from_db()
    assert forslag.status == Vedtaksforslag.Status.GODKJENT
    assert forslag.behandlet_av == leder
    assert vedtak.forslag == forslag
    assert vedtak.vedtatt_av == leder
    assert vedtak.belop_innvilget == 250_000
    assert Soknad.objects.get(pk=behandlet.pk).status == Soknad.Status.DELVIS_INNVILGET
    assert vedtak.versjoner.get().dokument is not None


def test_approving_from_a_stale_page_is_refused(behandlet, admin_bruker, leder):
    forslag = behandlet.vedtaksforslag.get()
    services.vedtak_send_tilbake(
        forslag=forslag, user=leder, versjon=forslag.versjon, kommentar="Mer om egenandelen."
    )
    with pytest.raises(Foreldet):
        services.vedtak_godkjenn(forslag=forslag, user=leder, versjon=forslag.versjon)
    assert not Vedtak.objects.exists()


def test_sending_back_needs_a_comment_and_reopens_for_a_new_proposal(
    behandlet, admin_bruker, leder
):
    forslag = behandlet.vedtaksforslag.get()
    with pytest.raises(ValidationError, match="Skriv hvorfor"):
        services.vedtak_send_tilbake(forslag=forslag, user=leder, versjon=1, kommentar=" ")
    services.vedtak_send_tilbake(
        forslag=forslag, user=leder, versjon=1, kommentar="Mer om egenandelen."
    )
    with pytest.raises(ValidationError, match="venter ikke på godkjenning"):
        services.vedtak_godkjenn(forslag=forslag, user=leder, versjon=None)
    nytt = services.vedtak_foresla(
        soknad=behandlet,
        user=admin_bruker,
        utfall="innvilget",
        belop_innvilget=None,
        begrunnelse="Egenandelen er avklart.",
    )
    assert nytt.status == Vedtaksforslag.Status.FORESLATT


def test_no_approval_page_for_another_cases_proposal(
    client, behandlet, pott, sarpsborg, kontakt_sarpsborg, leder
):
    from django.utils import timezone

    annen_runde = services.runde_upsert(
        pott=pott,
        tittel="Annen runde",
        aapner=timezone.now() - timedelta(days=1),
        stenger=timezone.now() + timedelta(days=1),
    )
    annen = make_soknad(annen_runde, sarpsborg, kontakt_sarpsborg)
    forslag = behandlet.vedtaksforslag.get()
    client.force_login(leder)
    url = reverse("tilskudd:forslag_godkjenn", args=[annen.pk, forslag.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"handling": "godkjenn", "versjon": 1}).status_code == 404
    assert not Vedtak.objects.exists()


def test_approval_over_the_pot_shows_a_message_and_saves_nothing(client, behandlet, pott, leder):
    from tests.factories import KommuneFactory

    services.tildeling_upsert(pott=pott, kommune=KommuneFactory(), belop=900_000, user=None)
    forslag = behandlet.vedtaksforslag.get()
    client.force_login(leder)
    response = client.post(
        reverse("tilskudd:forslag_godkjenn", args=[behandlet.pk, forslag.pk]),
        {"handling": "godkjenn", "versjon": forslag.versjon},
    )
    assert response.status_code == 200
    assert "har bare 100" in response.content.decode()
    assert not Vedtak.objects.exists()
    forslag.refresh_from_db()
    assert forslag.status == Vedtaksforslag.Status.FORESLATT


def test_approving_a_proposal_sent_back_meanwhile_answers_409_and_never_the_new_one(
    client, behandlet, leder
):
    forslag = behandlet.vedtaksforslag.get()
    client.force_login(leder)
    url = reverse("tilskudd:forslag_godkjenn", args=[behandlet.pk, forslag.pk])
    assert client.get(url).status_code == 200
    # Meanwhile another admin sends it back, and the case handler proposes anew.
    services.vedtak_send_tilbake(forslag=forslag, user=leder, versjon=1, kommentar="Nei.")
    services.vedtak_foresla(
        soknad=behandlet,
        user=behandlet.saksbehandler,
        utfall="innvilget",
        belop_innvilget=None,
        begrunnelse="Nytt forslag.",
    )
    response = client.post(url, {"handling": "godkjenn", "versjon": 1})
    assert response.status_code == 409
    assert "behandlet siden du åpnet siden" in response.content.decode()
    assert not Vedtak.objects.exists()


# --- the pages --------------------------------------------------------------------------


def test_admin_defines_questions_and_criteria_on_the_rounds_page(client, admin_bruker, runde):
    client.force_login(admin_bruker)
    base = reverse("tilskudd:runde_skjema", args=[runde.pk])
    response = client.post(
        reverse("tilskudd:runde_skjema_ny", args=[runde.pk, "sporsmal"]),
        {"tekst": "Fase", "slag": "valg", "valg": "A\nB", "paakrevd": "on", "rekkefolge": 0},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("tilskudd:runde_skjema_ny", args=[runde.pk, "kriterium"]),
        {"navn": "Samarbeid", "vekt": 50, "rekkefolge": 0},
    )
    assert response.status_code == 302
    page = client.get(base).content.decode()
    assert "Fase" in page and "Samarbeid" in page
    response = client.post(
        reverse("tilskudd:runde_skjema_ny", args=[runde.pk, "sporsmal"]),
        {"tekst": "Velg", "slag": "valg", "valg": "Bare én", "rekkefolge": 0},
    )
    assert response.status_code == 200
    assert "minst to alternativer" in response.content.decode()
    assert runde.sporsmal.count() == 1


def test_the_case_page_offers_take_into_review_not_a_decision(client, admin_bruker, soknad_halden):
    client.force_login(admin_bruker)
    page = client.get(reverse("tilskudd:soknad", args=[soknad_halden.pk])).content.decode()
    assert "Ta til behandling" in page
    assert "Fatt vedtak" not in page
    assert "Foreslå vedtak" not in page
    response = client.get(reverse("tilskudd:vedtak_ny", args=[soknad_halden.pk]))
    assert response.status_code == 302


def test_contact_person_answers_the_rounds_questions_in_the_form(
    client, kontakt_halden, runde, sporsmal
):
    client.force_login(kontakt_halden)
    data = {
        "tittel": "Los",
        "formaal": "Los for ungdom.",
        "belop_sokt": "1000",
        "budsjett-TOTAL_FORMS": "0",
        "budsjett-INITIAL_FORMS": "0",
        "budsjett-MIN_NUM_FORMS": "0",
        "budsjett-MAX_NUM_FORMS": "20",
        f"sporsmal_{sporsmal['tekst'].pk}": "Skolen",
        f"sporsmal_{sporsmal['kroner'].pk}": "12,5",
    }
    url = reverse("tilskudd:soknad_ny", args=[runde.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "helt antall kroner" in response.content.decode()
    assert not Soknad.objects.exists()
    data[f"sporsmal_{sporsmal['kroner'].pk}"] = "12500"
    data[f"sporsmal_{sporsmal['valg'].pk}"] = "Designfasen"
    response = client.post(url, data)
    assert response.status_code == 302
    soknad = Soknad.objects.get()
    assert {a.visning for a in soknad.svar.all()} == {"Skolen", "12\xa0500\xa0kr", "Designfasen"}


def test_ranking_orders_by_weighted_score_with_the_pots_remaining_sum(
    client,
    runde,
    halden,
    sarpsborg,
    kontakt_halden,
    kontakt_sarpsborg,
    sporsmal,
    kriterier,
    admin_bruker,
    behandlet,
    django_assert_num_queries,
):
    annen = besvart_soknad(runde, sarpsborg, kontakt_sarpsborg, sporsmal, tittel="Sarpsborgs")
    services.soknad_start_review(soknad=annen, user=admin_bruker)
    services.poeng_set(
        soknad=annen, user=admin_bruker, poeng={kriterier[0].pk: 5, kriterier[1].pk: 5}
    )
    for i in range(3):
        kontakt = kontakt_halden
        extra = besvart_soknad(runde, halden, kontakt, sporsmal, tittel=f"Uten poeng {i}")
        services.soknad_start_review(soknad=extra, user=admin_bruker)
    client.force_login(admin_bruker)
    url = reverse("tilskudd:runde_rangering", args=[runde.pk])
    client.get(url)
    # 1 session, 2 user with roles, 3 round, 4 count for the pages, 5 the page's
    # applications with kommune, case handler, recommendation, decision and their
    # weighted score, 6 the pot with what it has bound and paid, 7 the sum of the
    # recommendations of cases not yet decided.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Sarpsborgs") < page.index("Los for ungdom") < page.index("Uten poeng 0")
    assert "3,6" in page  # (4 × 60 + 3 × 40) / 100
    # The pot of 1 000 000 has all left; the recommendation of 250 000 would leave 750 000.
    assert "1\xa0000\xa0000\xa0kr" in page and "750\xa0000\xa0kr" in page


# --- the kommune never sees the internal part ------------------------------------------

HEMMELIG = ["HEMMELIG-NOTAT", "HEMMELIG-INNSTILLING", "Saksbehandling", "Vektet", "Poeng per"]


def test_contact_person_never_sees_notes_scores_recommendations_or_proposals(
    client, behandlet, kontakt_halden, leder
):
    client.force_login(kontakt_halden)
    page = client.get(reverse("tilskudd:soknad", args=[behandlet.pk])).content.decode()
    for tekst in HEMMELIG:
        assert tekst not in page
    assert "Godt tiltak, men potten" not in page  # the proposal, not yet a decision
    # The receipt of what was sent in shows the answers and nothing internal.
    kvittering = behandlet.dokumenter.get(slag="soknad")
    response = client.get(reverse("tilskudd:dokument", args=[behandlet.pk, kvittering.pk]))
    text = pdf_text(b"".join(response.streaming_content))
    assert "NAV og skolen" in text and "Designfasen" in text and "50 000 kr" in text
    for tekst in HEMMELIG[:2]:
        assert tekst not in text
    # After sign-off: the letter names proposer and approver, and nothing internal.
    forslag = behandlet.vedtaksforslag.get()
    services.vedtak_godkjenn(forslag=forslag, user=leder, versjon=forslag.versjon)
    response = client.get(reverse("tilskudd:vedtaksbrev", args=[behandlet.pk]))
    text = pdf_text(b"".join(response.streaming_content))
    assert "Foreslått av Admin Pilotleder" in text
    assert "Godkjent av Siri Seksjonsleder" in text
    for tekst in HEMMELIG[:2]:
        assert tekst not in text
    page = client.get(reverse("tilskudd:soknad", args=[behandlet.pk])).content.decode()
    assert "Siri Seksjonsleder" in page and "Admin Pilotleder" in page
    for tekst in HEMMELIG:
        assert tekst not in page


@pytest.mark.parametrize(
    "who", ["kontakt_halden", "kontakt_sarpsborg", "leder_halden", "styre", "forsker", "team"]
)
def test_no_one_but_admins_reaches_the_assessment_pages_and_exports(client, folk, behandlet, who):
    client.force_login(folk[who])
    runde_id = behandlet.runde_id
    # Whoever reads the case at all reads it without its internal part.
    response = client.get(reverse("tilskudd:soknad", args=[behandlet.pk]))
    assert response.status_code in {200, 404}
    for tekst in HEMMELIG:
        assert tekst not in response.content.decode()
    urls = [
        reverse("tilskudd:runde_skjema", args=[runde_id]),
        reverse("tilskudd:runde_rangering", args=[runde_id]),
        reverse(
            "tilskudd:forslag_godkjenn", args=[behandlet.pk, behandlet.vedtaksforslag.get().pk]
        ),
        reverse("tilskudd:runde_soknader_eksport", args=[runde_id, "csv"]),
        reverse("tilskudd:runde_soknader_eksport", args=[runde_id, "xlsx"]),
    ]
    for url in urls:
        assert client.get(url).status_code in {403, 404}, url
    posts = {
        "soknad_notat": {"tekst": "Fra utsiden"},
        "soknad_poeng": {},
        "soknad_innstilling": {"belop": "1", "begrunnelse": "x"},
        "soknad_saksbehandler": {"saksbehandler": folk[who].pk},
    }
    for name, data in posts.items():
        url = reverse(f"tilskudd:{name}", args=[behandlet.pk])
        assert client.post(url, data).status_code in {403, 404}, url
    assert client.post(
        reverse("tilskudd:runde_skjema_ny", args=[runde_id, "sporsmal"]),
        {"tekst": "x", "slag": "tekst", "rekkefolge": 0},
    ).status_code in {403, 404}
    assert Saksnotat.objects.count() == 1


def test_other_kommunes_contact_person_gets_404_on_the_case_and_its_documents(
    client, behandlet, kontakt_sarpsborg
):
    client.force_login(kontakt_sarpsborg)
    kvittering = behandlet.dokumenter.get(slag="soknad")
    for url in [
        reverse("tilskudd:soknad", args=[behandlet.pk]),
        reverse("tilskudd:dokument", args=[behandlet.pk, kvittering.pk]),
        reverse("tilskudd:vedlegg", args=[behandlet.pk, behandlet.vedlegg.get().pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_the_admins_round_export_holds_the_answers(client, admin_bruker, behandlet, sporsmal):
    client.force_login(admin_bruker)
    response = client.get(
        reverse("tilskudd:runde_soknader_eksport", args=[behandlet.runde_id, "csv"])
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert "Hvem samarbeider dere med?" in rows[0]
    assert "NAV og skolen" in rows[1] and "plan.txt" in rows[1]
    assert "HEMMELIG-NOTAT" not in text
    response = client.get(
        reverse("tilskudd:runde_soknader_eksport", args=[behandlet.runde_id, "xlsx"])
    )
    ark = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "Fase i 5D-modellen" in [c.value for c in ark[1]]


def test_admin_case_page_shows_the_assessment(client, admin_bruker, behandlet):
    client.force_login(admin_bruker)
    page = client.get(reverse("tilskudd:soknad", args=[behandlet.pk])).content.decode()
    assert "HEMMELIG-NOTAT" in page and "HEMMELIG-INNSTILLING" in page
    assert "3,6" in page
    assert "Godkjenn eller send tilbake forslaget" in page
