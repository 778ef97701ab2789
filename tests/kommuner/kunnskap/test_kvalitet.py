"""Issue 25: hard limits refuse, outliers and validation rules warn. Each limit, rule
and outlier kind, through the services (entry form, upload, SSB, approval) and the
pages that show them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kommuner.kunnskap import kvalitet
from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import Indikator, Indikatorverdi, SsbKilde, Tema
from kommuner.kunnskap.ssb.services import Hentet, ssb_verdier_upsert
from kommuner.services import deltakelse_upsert
from tests.factories import KommuneFactory
from tests.kommuner.kunnskap.test_services import csv_fil

Status = Indikatorverdi.Status
E = Indikator.Enhet


def _indikator(navn, enhet=E.PROSENT, **extra):
    return svc.indikator_create(
        navn=navn,
        enhet=enhet,
        retning=Indikator.Retning.LAVERE,
        tema=Tema.ARBEID,
        **extra,
    )


def _lagre(kommune, indikator, periode, verdi, bruker, send_inn=True):
    return svc.indikatorverdi_upsert(
        kommune=kommune,
        indikator=indikator,
        periode=periode,
        verdi=Decimal(verdi),
        bruker=bruker,
        send_inn=send_inn,
    )


def _koder(verdi):
    verdi.refresh_from_db()
    return sorted(a["kode"] for a in verdi.advarsler)


# ------------------------------------------------------------------ hard limits


@pytest.mark.parametrize(
    ("enhet", "ok", "feil"),
    [
        (E.PROSENT, ["0", "100", "12.5"], ["130", "-1", "100.01"]),
        (E.PER_1000, ["0", "2400.5"], ["-0.1"]),
        (E.ANTALL, ["0", "17"], ["2.5", "-3"]),
        (E.KRONER, ["1790000", "-200"], ["10.50"]),
        (E.ANNET, ["-5.25", "130"], []),
    ],
)
def test_the_value_type_gives_the_hard_limits(db, enhet, ok, feil):
    indikator = _indikator("Indikator", enhet)
    for verdi in ok:
        assert indikator.grensefeil(Decimal(verdi)) is None, verdi
    for verdi in feil:
        assert indikator.grensefeil(Decimal(verdi)), verdi


def test_a_percentage_of_130_is_refused_and_nothing_is_saved(folk, halden):
    indikator = _indikator("Andel (%)")
    with pytest.raises(ValidationError) as exc:
        _lagre(halden, indikator, "2024", "130", folk["kontakt_halden"])
    assert "utenfor tillatt område 0–100" in exc.value.messages[0]
    assert not Indikatorverdi.objects.exists()


def test_the_optional_range_narrows_the_limits_a_rate_of_1400_is_refused(folk, halden):
    indikator = _indikator("Mottakere (per 1000 innbyggere)", E.PER_1000, maks_verdi=Decimal(1000))
    with pytest.raises(ValidationError, match="utenfor tillatt område 0–1000"):
        _lagre(halden, indikator, "2024", "1400", folk["kontakt_halden"])
    assert _lagre(halden, indikator, "2024", "40", folk["kontakt_halden"]).verdi == 40


def test_the_catalogue_refuses_a_range_outside_the_hard_limits_or_upside_down(db):
    with pytest.raises(ValidationError) as exc:
        _indikator("Andel", maks_verdi=Decimal(120))
    assert "maks_verdi" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        _indikator("Andel", min_verdi=Decimal(50), maks_verdi=Decimal(10))
    assert "maks_verdi" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        _indikator("Kode", kode="ugyldig kode!")
    assert "kode" in exc.value.error_dict


def test_two_indicators_cannot_share_a_code_but_many_may_have_none(db):
    _indikator("A", kode="BF01")
    _indikator("B")
    _indikator("C")
    with pytest.raises(ValidationError):
        _indikator("D", kode="BF01")


def test_entry_form_shows_the_limit_beside_the_field_and_saves_nothing(client, folk, halden):
    indikator = _indikator("Andel (%)")
    client.force_login(folk["kontakt_halden"])
    url = reverse("kommuner:periode_registrer", args=["3101"]) + "?periode=2024"
    response = client.post(
        url, {f"verdi_{indikator.pk}": "130", f"versjon_{indikator.pk}": "0", "send_inn": "1"}
    )
    assert response.status_code == 200
    assert (
        "Verdien 130 er utenfor tillatt område 0–100."
        in response.context["form"].errors[f"verdi_{indikator.pk}"][0]
    )
    assert not Indikatorverdi.objects.exists()


def test_upload_row_outside_the_limits_is_a_row_error(folk, halden):
    indikator = _indikator("Andel (%)")
    fil = csv_fil(
        "kommunenummer;indikator;periode;verdi;kommentar\n"
        f"3101;{indikator.navn};2023;14,2;\n"
        f"3101;{indikator.navn};2024;130;\n"
    )
    with pytest.raises(svc.Opplastingsfeil) as exc:
        svc.indikatorverdier_last_opp(kommune=halden, fil=fil, bruker=folk["kontakt_halden"])
    assert [str(f) for f in exc.value.feil] == [
        "Linje 3: Verdien 130 er utenfor tillatt område 0–100."
    ]
    assert not Indikatorverdi.objects.exists()


def test_ssb_figure_outside_the_limits_is_not_stored_and_is_listed(folk, halden, sarpsborg):
    indikator = _indikator("Andel (%)")
    kilde = SsbKilde.objects.create(
        indikator=indikator, tabell="12944", innhold="EUskalaSeksti", godkjenn_ved_henting=True
    )
    lagret = ssb_verdier_upsert(
        kilde=kilde,
        hentet=Hentet(
            celler={
                (halden.pk, "2023"): (Decimal("130"), ""),
                (sarpsborg.pk, "2023"): (Decimal("11.5"), ""),
            }
        ),
    )
    assert lagret.nye == 1
    assert lagret.avviste == [
        {
            "kommune": "Halden",
            "periode": "2023",
            "verdi": "130",
            "feil": "Verdien 130 er utenfor tillatt område 0–100.",
        }
    ]
    assert list(Indikatorverdi.objects.values_list("kommune__navn", "status")) == [
        ("Sarpsborg", Status.GODKJENT)
    ]


# ------------------------------------------------------------------ outliers


def test_a_jump_beyond_the_set_share_from_the_last_period_is_flagged(folk, halden):
    indikator = _indikator("Andel (%)", maks_endring=50)
    _lagre(halden, indikator, "2023", "10", folk["kontakt_halden"])
    innenfor = _lagre(halden, indikator, "2024", "14.9", folk["kontakt_halden"])
    assert _koder(innenfor) == []
    hopp = _lagre(halden, indikator, "2024", "16", folk["kontakt_halden"])
    assert _koder(hopp) == ["hopp"]
    assert hopp.advarsel_tekster == [
        "Endret 60 % fra forrige periode (10 til 16); mer enn 50 % flagges."
    ]


def test_no_jump_check_without_a_share_or_a_previous_value(folk, halden):
    indikator = _indikator("Andel (%)", maks_endring=None)
    _lagre(halden, indikator, "2023", "10", folk["kontakt_halden"])
    assert _koder(_lagre(halden, indikator, "2024", "90", folk["kontakt_halden"])) == []
    forste = _indikator("Andre (%)")
    assert _koder(_lagre(halden, forste, "2024", "90", folk["kontakt_halden"])) == []


@pytest.fixture
def fem_andre(pilot, folk):
    """Five more kommuner in Halden's pilot."""
    kommuner = [KommuneFactory(kommunenummer=f"99{n:02d}", navn=f"Kommune {n}") for n in range(5)]
    for kommune in kommuner:
        deltakelse_upsert(pilot=pilot, kommune=kommune, status="deltar")
    return kommuner


def test_a_value_far_from_the_pilots_median_is_flagged_by_median_and_mad(folk, halden, fem_andre):
    indikator = _indikator("Andel (%)", mad_faktor=Decimal(3))
    for kommune, verdi in zip(fem_andre, ["10", "11", "12", "13", "14"], strict=True):
        Indikatorverdi.objects.create(
            kommune=kommune, indikator=indikator, periode="2024", verdi=verdi, status="godkjent"
        )
    # median 12, MAD 1: 9–15 passes, 16 is flagged
    assert _koder(_lagre(halden, indikator, "2024", "15", folk["kontakt_halden"])) == []
    verdi = _lagre(halden, indikator, "2024", "16", folk["kontakt_halden"])
    assert _koder(verdi) == ["avvik"]
    assert "medianen for 5 kommuner er 12" in verdi.advarsel_tekster[0]
    assert "9–15" in verdi.advarsel_tekster[0]


def test_the_pilot_comparison_needs_enough_others_and_ignores_drafts(folk, halden, fem_andre):
    indikator = _indikator("Andel (%)")
    for n, kommune in enumerate(fem_andre):
        Indikatorverdi.objects.create(
            kommune=kommune,
            indikator=indikator,
            periode="2024",
            verdi=10 + n,
            status="utkast" if n else "godkjent",
        )
    # one approved and four drafts: too few to compare with
    assert _koder(_lagre(halden, indikator, "2024", "90", folk["kontakt_halden"])) == []


def test_a_half_year_value_of_a_yearly_indicator_is_flagged(folk, halden):
    aarlig = _indikator("Aarlig (%)")
    halvaarlig = _indikator("Halvaarlig (%)", periodetype="halvaar")
    assert _koder(_lagre(halden, aarlig, "2024-H1", "5", folk["kontakt_halden"])) == ["periodetype"]
    assert _koder(_lagre(halden, halvaarlig, "2024", "5", folk["kontakt_halden"])) == [
        "periodetype"
    ]
    assert _koder(_lagre(halden, halvaarlig, "2024-H2", "5", folk["kontakt_halden"])) == []


# ------------------------------------------------------------------ validation rules


def test_part_greater_than_whole_breaks_the_rule_on_both_values(folk, halden):
    del_ = _indikator("Barn i lavinntekt", E.ANTALL)
    helhet = _indikator("Barn i alt", E.ANTALL)
    svc.valideringsregel_upsert(navn="Del ≤ helhet", operator="le", venstre=[del_], hoyre=[helhet])
    svc.periode_upsert(
        kommune=halden,
        periode="2024",
        verdier={del_: (Decimal(600), ""), helhet: (Decimal(500), "")},
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    for indikator in (del_, helhet):
        verdi = Indikatorverdi.objects.get(indikator=indikator)
        assert verdi.advarsel_tekster == ["Regelen «Del ≤ helhet» holder ikke: 600 ≤ 500."]
    svc.periode_upsert(
        kommune=halden,
        periode="2024",
        verdier={del_: (Decimal(400), "")},
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    assert not Indikatorverdi.objects.exclude(advarsler=[]).exists()


def test_sum_of_shares_over_100_breaks_the_rule_and_a_missing_share_skips_it(folk, halden):
    a, b, c = (_indikator(f"Andel {n} (%)") for n in "abc")
    svc.valideringsregel_upsert(
        navn="Andelene ≤ 100", operator="le", venstre=[a, b, c], hoyre=[], konstant=Decimal(100)
    )
    bruker = folk["kontakt_halden"]
    _lagre(halden, a, "2024", "50", bruker)
    _lagre(halden, b, "2024", "40", bruker)
    assert not Indikatorverdi.objects.exclude(advarsler=[]).exists()  # c missing
    verdi = _lagre(halden, c, "2024", "20", bruker)
    assert verdi.advarsel_tekster == ["Regelen «Andelene ≤ 100» holder ikke: 110 ≤ 100."]
    assert Indikatorverdi.objects.exclude(advarsler=[]).count() == 3


def test_a_rule_needs_a_left_side_a_right_side_and_no_indicator_on_both(db):
    a, b = _indikator("A"), _indikator("B")
    with pytest.raises(ValidationError) as exc:
        svc.valideringsregel_upsert(navn="R", operator="le", venstre=[], hoyre=[a])
    assert "venstre" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        svc.valideringsregel_upsert(navn="R", operator="le", venstre=[a], hoyre=[])
    assert "hoyre" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        svc.valideringsregel_upsert(navn="R", operator="le", venstre=[a], hoyre=[a, b])
    assert "hoyre" in exc.value.error_dict


def test_proposed_values_are_checked_without_saving(folk, halden):
    indikator = _indikator("Andel (%)")
    _lagre(halden, indikator, "2023", "10", folk["kontakt_halden"])
    funnet = kvalitet.advarsler(
        kommune=halden, perioder={"2024"}, foreslatt={(indikator.pk, "2024"): Decimal(30)}
    )
    assert [a["kode"] for a in funnet[(indikator.pk, "2024")]] == ["hopp"]
    assert not Indikatorverdi.objects.filter(periode="2024").exists()


# ------------------------------------------------------------------ approval


@pytest.fixture
def flagget_og_vanlig(folk, halden):
    flagget_ind = _indikator("Flagget (%)")
    vanlig_ind = _indikator("Vanlig (%)")
    bruker = folk["kontakt_halden"]
    _lagre(halden, flagget_ind, "2023", "10", bruker)
    return (
        _lagre(halden, flagget_ind, "2024", "40", bruker),
        _lagre(halden, vanlig_ind, "2024", "12", bruker),
    )


def test_a_flagged_value_is_approved_only_when_the_leader_confirms_it(folk, flagget_og_vanlig):
    flagget, _vanlig = flagget_og_vanlig
    leder = folk["leder_halden"]
    with pytest.raises(ValidationError, match="har advarsler og må godkjennes for seg"):
        svc.indikatorverdi_approve(verdi=flagget, bruker=leder, bekreft_advarsler=False)
    flagget.refresh_from_db()
    assert flagget.status == Status.SENDT_INN
    svc.indikatorverdi_approve(verdi=flagget, bruker=leder, bekreft_advarsler=True)
    flagget.refresh_from_db()
    assert flagget.status == Status.GODKJENT


def test_approve_all_leaves_flagged_values_and_says_which(client, folk, flagget_og_vanlig):
    flagget, vanlig = flagget_og_vanlig
    client.force_login(folk["leder_halden"])
    side = client.get(reverse("kommuner:kunnskapsgrunnlag", args=["3101"]))
    assert "Endret 300 % fra forrige periode (10 til 40)" in side.content.decode()
    assert 'name="bekreft_advarsler"' in side.content.decode()
    response = client.post(
        reverse("kommuner:godkjenn_alle", args=["3101"]),
        {
            "periode": "2024",
            "verdi": [f"{flagget.pk}:{flagget.versjon}", f"{vanlig.pk}:{vanlig.versjon}"],
        },
        follow=True,
    )
    meldinger = [str(m) for m in response.context["messages"]]
    assert "1 verdi er godkjent." in meldinger
    assert (
        "Denne verdien har advarsler og er ikke godkjent; se over og godkjenn den for seg: "
        "«Flagget (%)»." in meldinger
    )
    flagget.refresh_from_db()
    vanlig.refresh_from_db()
    assert (flagget.status, vanlig.status) == (Status.SENDT_INN, Status.GODKJENT)


def test_leader_approves_a_flagged_value_one_by_one_with_the_tick(client, folk, flagget_og_vanlig):
    flagget, _vanlig = flagget_og_vanlig
    client.force_login(folk["leder_halden"])
    url = reverse("kommuner:behandle", args=["3101", flagget.pk])
    data = {"handling": "godkjenn", "versjon": flagget.versjon}
    response = client.post(url, data, follow=True)
    assert any("har advarsler" in str(m) for m in response.context["messages"])
    flagget.refresh_from_db()
    assert flagget.status == Status.SENDT_INN
    client.post(url, {**data, "bekreft_advarsler": "1"})
    flagget.refresh_from_db()
    assert flagget.status == Status.GODKJENT


def test_contact_person_is_told_of_the_warning_after_saving(client, folk, halden):
    indikator = _indikator("Andel (%)")
    _lagre(halden, indikator, "2023", "10", folk["kontakt_halden"])
    client.force_login(folk["kontakt_halden"])
    url = reverse("kommuner:periode_registrer", args=["3101"]) + "?periode=2024"
    versjon = Indikatorverdi.objects.filter(periode="2024").count()
    response = client.post(
        url,
        {f"verdi_{indikator.pk}": "40", f"versjon_{indikator.pk}": versjon, "send_inn": "1"},
        follow=True,
    )
    meldinger = [str(m) for m in response.context["messages"]]
    assert (
        "Advarsel for «Andel (%)» i 2024: Endret 300 % fra forrige periode (10 til 40); "
        "mer enn 50 % flagges." in meldinger
    )
    assert Indikatorverdi.objects.get(periode="2024").status == Status.SENDT_INN
    skjema = client.get(url)
    assert "Endret 300 % fra forrige periode" in skjema.content.decode()


def test_ssb_figure_with_a_warning_waits_for_the_leader(folk, halden):
    indikator = _indikator("Andel (%)")
    kilde = SsbKilde.objects.create(
        indikator=indikator, tabell="12944", innhold="EUskalaSeksti", godkjenn_ved_henting=True
    )
    ssb_verdier_upsert(kilde=kilde, hentet=Hentet(celler={(halden.pk, "2022"): (Decimal(10), "")}))
    lagret = ssb_verdier_upsert(
        kilde=kilde, hentet=Hentet(celler={(halden.pk, "2023"): (Decimal(30), "")})
    )
    assert lagret.flagget == 1
    verdi = Indikatorverdi.objects.get(periode="2023")
    assert verdi.status == Status.SENDT_INN
    assert [a["kode"] for a in verdi.advarsler] == ["hopp"]
    assert Indikatorverdi.objects.get(periode="2022").status == Status.GODKJENT


# ------------------------------------------------------------------ catalogue pages


def test_admin_edits_the_metadata_in_the_catalogue(client, folk):
    client.force_login(folk["admin"])
    response = client.post(
        reverse("kommuner:indikator_create"),
        {
            "navn": "Sosialhjelp (per 1000 innbyggere)",
            "kode": "SH1824",
            "tema": Tema.ARBEID,
            "enhet": E.PER_1000,
            "periodetype": "halvaar",
            "min_verdi": "",
            "maks_verdi": "1 000",
            "maks_endring": "40",
            "mad_faktor": "2,5",
            "retning": "lavere",
            "definisjon": "Mottakere 18–24 år per 1000 innbyggere 18–24 år.",
            "rekkefolge": "10",
            "aktiv": "on",
        },
    )
    assert response.status_code == 302
    i = Indikator.objects.get(kode="SH1824")
    assert (i.periodetype, i.maks_verdi, i.maks_endring, i.mad_faktor) == (
        "halvaar",
        Decimal(1000),
        40,
        Decimal("2.5"),
    )
    assert i.definisjon.startswith("Mottakere")
    side = client.get(reverse("kommuner:indikator_edit", args=[i.pk]))
    assert 'value="1000"' in side.content.decode()


def test_only_admins_reach_the_validation_rules(client, folk):
    a, b = _indikator("A", E.ANTALL), _indikator("B", E.ANTALL)
    liste = reverse("kommuner:valideringsregler")
    ny = reverse("kommuner:valideringsregel_create")
    for navn in ("kontakt_halden", "leder_halden", "styre", "forsker", "team"):
        client.force_login(folk[navn])
        assert client.get(liste).status_code == 403, navn
        assert client.post(ny, {}).status_code == 403, navn
    client.force_login(folk["admin"])
    response = client.post(
        ny,
        {"navn": "Del ≤ helhet", "venstre": [a.pk], "operator": "le", "hoyre": [b.pk]},
    )
    assert response.status_code == 302
    assert "Del ≤ helhet" in client.get(liste).content.decode()
    feil = client.post(ny, {"navn": "Uten høyre", "venstre": [a.pk], "operator": "le"})
    assert feil.status_code == 400
    assert "Høyre side trenger minst én indikator eller et tall." in feil.content.decode()
