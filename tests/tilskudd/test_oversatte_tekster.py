"""A round's title, description and criteria and a scheme's name are kept in bokmål,
nynorsk and English: the admin writes them in the round form (bokmål required), a letter
to a nynorsk kommune names them in nynorsk, and a reader sees their own language or
bokmål."""

from django.urls import reverse
from django.utils import translation

from tilskudd import services
from tilskudd.models import Dokument, Tilskuddsrunde

from .test_arkiv import _tekst

RUNDE_NN = "Innovasjonsmidlar 2020"
ORDNING_NN = "Tilskot til tiltak for betre språkforståing"


def _runde_data(pott, **extra):
    return {
        "pott": pott.pk,
        "tittel": "Runde 2031",
        "tittel_nn": "Runde 2031 på nynorsk",
        "tittel_en": "Round 2031",
        "kriterier": "Samarbeid på tvers.",
        "kriterier_nn": "Samarbeid på tvers av etatane.",
        "kriterier_en": "",
        "aapner": "2030-01-01T08:00",
        "stenger": "2030-02-01T12:00",
        "alle_kommuner": "on",
        **extra,
    }


def test_the_round_form_saves_each_language(client, admin_bruker, pott):
    client.force_login(admin_bruker)
    response = client.post(reverse("tilskudd:runde_ny"), _runde_data(pott))
    assert response.status_code == 302
    runde = Tilskuddsrunde.objects.get(tittel_nb="Runde 2031")
    assert runde.tittel_nn == "Runde 2031 på nynorsk"
    assert runde.tittel_en == "Round 2031"
    assert runde.kriterier_nn == "Samarbeid på tvers av etatane."
    assert runde.kriterier_en is None
    with translation.override("en"):
        assert runde.kriterier == "Samarbeid på tvers."  # no English: bokmål
    side = client.get(reverse("tilskudd:runde_rediger", args=[runde.pk])).content.decode()
    assert 'value="Runde 2031 på nynorsk"' in side
    assert "Mangler engelsk: lesere på engelsk ser bokmålsteksten." in side


def test_the_round_form_refuses_an_empty_bokmal_title_and_saves_nothing(client, admin_bruker, pott):
    client.force_login(admin_bruker)
    antall = Tilskuddsrunde.objects.count()
    response = client.post(reverse("tilskudd:runde_ny"), _runde_data(pott, tittel=""))
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    assert Tilskuddsrunde.objects.count() == antall


def test_a_decision_letter_to_a_nynorsk_kommune_names_the_round_and_scheme_in_nynorsk(
    vedtak_halden, halden, admin_bruker, ordning_231_63
):
    runde = vedtak_halden.soknad.runde
    services.runde_upsert(
        runde=runde,
        pott=runde.pott,
        tittel=runde.tittel_nb,
        aapner=runde.aapner,
        stenger=runde.stenger,
        kriterier=runde.kriterier_nb,
        tittel_nn=RUNDE_NN,
    )
    services.ordning_upsert(
        navn=ordning_231_63.navn_nb,
        eier=ordning_231_63.eier,
        kapittel=ordning_231_63.kapittel,
        post=ordning_231_63.post,
        navn_nn=ORDNING_NN,
    )
    halden.maalform = "nn"
    halden.save()
    services.vedtak_endre(
        vedtak=vedtak_halden,
        user=admin_bruker,
        utfall="innvilget",
        belop_innvilget=300_000,
        begrunnelse="Meir midlar vart ledige.",
        endringsgrunn="Potten fekk midlar tilbake.",
        versjon=1,
    )
    dokument = Dokument.objects.get(vedtaksversjon__vedtak=vedtak_halden, slag="endringsvedtak")
    tekst = " ".join(_tekst(dokument.fil.read()).split())
    assert f"tilskotsrunden «{RUNDE_NN}»" in tekst
    assert ORDNING_NN in tekst
    assert "Innovasjonsmidler 2020" not in tekst
    # A bokmål kommune's letter keeps the bokmål texts.
    forste = Dokument.objects.get(vedtaksversjon__vedtak=vedtak_halden, slag="vedtak")
    assert "Innovasjonsmidler 2020" in " ".join(_tekst(forste.fil.read()).split())


def test_a_rounds_question_is_written_per_language_and_read_in_the_readers(
    client, admin_bruker, runde
):
    client.force_login(admin_bruker)
    response = client.post(
        reverse("tilskudd:runde_skjema_ny", args=[runde.pk, "sporsmal"]),
        {
            "tekst": "Hvor mange innbyggere når tiltaket?",
            "tekst_nn": "Kor mange innbyggjarar når tiltaket?",
            "tekst_en": "",
            "hjelpetekst": "Et anslag holder.",
            "slag": "tall",
            "rekkefolge": 1,
        },
    )
    assert response.status_code == 302
    sporsmal = runde.sporsmal.get()
    assert sporsmal.tekst_nb == "Hvor mange innbyggere når tiltaket?"
    assert sporsmal.tekst_nn == "Kor mange innbyggjarar når tiltaket?"
    assert sporsmal.tekst_en is None
    with translation.override("nn"):
        assert sporsmal.tekst == "Kor mange innbyggjarar når tiltaket?"
        assert sporsmal.hjelpetekst == "Et anslag holder."  # no nynorsk: bokmål
    with translation.override("en"):
        assert sporsmal.tekst == "Hvor mange innbyggere når tiltaket?"
    side = client.get(
        reverse("tilskudd:runde_skjema_rediger", args=[runde.pk, "sporsmal", sporsmal.pk])
    ).content.decode()
    assert 'value="Kor mange innbyggjarar når tiltaket?"' in side
    assert "Mangler engelsk: lesere på engelsk ser bokmålsteksten." in side
