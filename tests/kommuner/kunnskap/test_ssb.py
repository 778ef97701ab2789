# ruff: noqa: F811  (the fixtures fake_ssb and lavinntekt_kilde come from ssb_fake)
"""Fetching indicator values from SSB against a local PxWebApi v2 stand-in: the real
HTTP client, throttling, parser and services run; nothing touches the internet."""

import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from felles.models import Varsel
from kommuner import tasks
from kommuner.kunnskap import services as svc
from kommuner.kunnskap.models import (
    Indikatorverdi,
    Kommunenummerendring,
    SsbKjoring,
    SsbKonflikt,
)
from kommuner.kunnskap.ssb import services as ssb_svc
from kommuner.kunnskap.ssb.klient import (
    Foresporsel,
    SsbFeil,
    SsbKlient,
    parse_jsonstat,
    periode_fra_ssb,
)

from .ssb_fake import FakeSsb, Svar, Tabell, fake_ssb, jsonstat, lavinntekt_kilde  # noqa: F401

Status = Indikatorverdi.Status


def _klient(fake, **kw):
    opts = {"base_url": fake.url, "per_minutt": 60_000, "timeout": 5, "sov": lambda s: None}
    return SsbKlient(**{**opts, **kw})


def _tabell(celler=None):
    """Halden 3101 and Sarpsborg 3105, 2022-2024."""
    return Tabell(
        innhold="AndelBarnLav",
        perioder=["2022", "2023", "2024"],
        celler={
            ("3101", "2022"): 12.1,
            ("3101", "2023"): 12.9,
            ("3101", "2024"): 13.4,
            ("3105", "2022"): 14.0,
            ("3105", "2023"): ":",
            ("3105", "2024"): 15.2,
            **(celler or {}),
        },
    )


def _opphav():
    return f"SSB, tabell 12345, hentet {timezone.localdate():%d.%m.%Y}"


def _kjor(kilde, bruker=None):
    return ssb_svc.ssb_hent(kjoring=SsbKjoring.objects.create(kilde=kilde, startet_av=bruker))


# ---------------------------------------------------------------- JSON-stat


def test_jsonstat_reads_cells_row_major_with_status_symbols():
    doc = jsonstat(
        tabell="12345",
        innhold="X",
        regioner=["3101", "3105"],
        perioder=["2023", "2024"],
        celler={("3101", "2023"): 1.5, ("3101", "2024"): 2, ("3105", "2023"): ":"},
        faste={"Alder": "0-17"},
    )
    datasett = parse_jsonstat(json.dumps(doc))
    assert [d.id for d in datasett.dimensjoner] == ["Region", "Alder", "ContentsCode", "Tid"]
    rader = [(c.koder["Region"], c.koder["Tid"], c.verdi, c.status) for c in datasett.celler]
    assert rader == [
        ("3101", "2023", Decimal("1.5"), None),
        ("3101", "2024", Decimal("2"), None),
        ("3105", "2023", None, ":"),
        ("3105", "2024", None, ".."),
    ]
    assert datasett.dimensjon("Region").etiketter["3101"] == "Halden"


def test_jsonstat_accepts_index_as_array_sparse_values_and_one_status_for_all():
    doc = jsonstat(
        tabell="1",
        innhold="X",
        regioner=["3101"],
        perioder=["2024"],
        celler={},
        index_som_liste=True,
    )
    doc["value"] = {}
    doc["status"] = "."
    (celle,) = parse_jsonstat(json.dumps(doc).encode()).celler
    assert (celle.verdi, celle.status) == (None, ".")


@pytest.mark.parametrize(
    "endring, melding",
    [
        (lambda d: "{ikke json", "ikke gyldig JSON"),
        (lambda d: {**d, "class": "collection"}, "ikke et JSON-stat-datasett"),
        (lambda d: {**d, "value": d["value"][:-1]}, "dimensjonene gir 4 celler"),
        (lambda d: {**d, "value": ["12,5", 1, 2, 3]}, "ikke er et tall"),
        (lambda d: {**d, "size": [2, 1, 3]}, "size sier 3"),
        (lambda d: {k: v for k, v in d.items() if k != "id"}, "mangler id"),
    ],
)
def test_jsonstat_refuses_malformed_documents_with_a_message(endring, melding):
    doc = jsonstat(
        tabell="1", innhold="X", regioner=["3101", "3105"], perioder=["2023", "2024"], celler={}
    )
    endret = endring(doc)
    with pytest.raises(SsbFeil, match=melding):
        parse_jsonstat(endret if isinstance(endret, str) else json.dumps(endret))


def test_ssb_time_codes_become_portal_periods():
    assert periode_fra_ssb("2024", "aar") == "2024"
    assert periode_fra_ssb("2021-2023", "aar") == "2023"  # three-year average
    assert periode_fra_ssb("2024H2", "halvaar") == "2024-H2"
    assert periode_fra_ssb("2024K1", "aar") is None
    assert periode_fra_ssb("2024", "halvaar") is None


# ---------------------------------------------------------------- HTTP client


def test_client_sends_pxwebapi_v2_query(fake_ssb):
    fake_ssb.tabeller["12345"] = _tabell()
    klient = _klient(fake_ssb)
    f = Foresporsel("12345", "AndelBarnLav", {"Alder": "0-17"}, ["3105", "3101"], "top(3)")
    klient.hent(f)
    (req,) = fake_ssb.foresporsler
    assert req["path"] == "/api/pxwebapi/v2/tables/12345/data"
    assert req["query"] == {
        "lang": "no",
        "outputFormat": "json-stat2",
        "valueCodes[ContentsCode]": "AndelBarnLav",
        "valueCodes[Tid]": "top(3)",
        "valueCodes[Region]": "3105,3101",
        "valueCodes[Alder]": "0-17",
    }


def test_client_spaces_requests_to_thirty_a_minute(fake_ssb):
    fake_ssb.tabeller["12345"] = _tabell()
    klokke, sovet = [100.0], []

    def sov(s):
        sovet.append(round(s, 3))
        klokke[0] += s

    klient = _klient(fake_ssb, per_minutt=30, sov=sov, klokke=lambda: klokke[0])
    f = Foresporsel("12345", "AndelBarnLav", {}, ["3101"], "top(3)")
    for _ in range(3):
        klient.hent(f)
    assert sovet == [2.0, 2.0]  # 60 s / 30


def test_client_waits_as_told_by_retry_after_on_429_and_503(fake_ssb):
    fake_ssb.tabeller["12345"] = _tabell()
    fake_ssb.ko = [
        Svar(429, b'{"title": "Too Many Requests"}', {"Retry-After": "7"}),
        Svar(503, b"", {"Retry-After": "3"}),
    ]
    sovet = []
    klient = _klient(fake_ssb, sov=sovet.append)
    datasett = klient.hent(Foresporsel("12345", "AndelBarnLav", {}, ["3101"], "top(3)"))
    assert len(datasett.celler) == 3
    assert [s for s in sovet if s >= 1] == [7.0, 3.0]  # not the 1 ms throttle
    assert len(fake_ssb.foresporsler) == 3


def test_client_backs_off_without_retry_after_and_gives_up_after_max_attempts(fake_ssb):
    fake_ssb.ko = [Svar(503) for _ in range(4)]
    sovet = []
    klient = _klient(fake_ssb, sov=sovet.append, maks_forsok=4)
    with pytest.raises(SsbFeil, match="HTTP 503 4 ganger"):
        klient.get(fake_ssb.url + "/tables/12345/data")
    assert [s for s in sovet if s >= 1] == [2.0, 4.0, 8.0]  # not the 1 ms throttle


def test_client_gives_up_when_asked_to_wait_too_long(fake_ssb):
    fake_ssb.ko = [Svar(429, headers={"Retry-After": "3600"})]
    with pytest.raises(SsbFeil, match="vente 3600 sekunder"):
        _klient(fake_ssb, maks_venting=120).get(fake_ssb.url + "/tables/1/data")


def test_client_reports_a_timeout(fake_ssb):
    fake_ssb.ko = [Svar(200, b"{}", forsinkelse=1.0)]
    with pytest.raises(SsbFeil, match="svarte ikke innen"):
        _klient(fake_ssb, timeout=0.2).get(fake_ssb.url + "/tables/1/data")


def test_client_splits_regions_to_stay_under_the_cell_limit(fake_ssb):
    fake_ssb.tabeller["12345"] = _tabell()
    klient = _klient(fake_ssb, maks_celler=7)  # 3 periods: 2 regions per request
    foresporsler = klient.del_opp(
        tabell="12345",
        innhold="AndelBarnLav",
        faste={},
        regioner=["3105", "3101", "0101", "3001"],
        perioder=3,
    )
    assert [f.regioner for f in foresporsler] == [["0101", "3001"], ["3101", "3105"]]
    for f in foresporsler:
        assert len(klient.hent(f).celler) <= 7
    with pytest.raises(SsbFeil, match="flere celler"):
        klient.del_opp(tabell="1", innhold="X", faste={}, regioner=["3101"], perioder=8)


def test_default_cell_limit_is_ssbs_800000(settings):
    assert SsbKlient(base_url="https://data.ssb.no/api/pxwebapi/v2").maks_celler == 800_000


def test_client_refuses_a_base_url_that_is_not_http():
    with pytest.raises(SsbFeil, match="http"):
        SsbKlient(base_url="file:///etc")


# ---------------------------------------------------------------- a fetch


@pytest.fixture
def pilot_kommuner(deltakelse_halden, deltakelse_sarpsborg, halden, sarpsborg):
    return halden, sarpsborg


def test_fetch_stores_every_pilot_kommunes_values_with_origin_approved(
    fake_ssb, lavinntekt_kilde, pilot_kommuner
):
    halden, sarpsborg = pilot_kommuner
    fake_ssb.tabeller["12345"] = _tabell()
    kjoring = _kjor(lavinntekt_kilde)
    assert kjoring.status == SsbKjoring.Status.FERDIG, kjoring.feil
    assert (kjoring.hentet, kjoring.nye, kjoring.mangler, kjoring.reviderte) == (6, 6, 1, 0)
    assert (kjoring.foresporsler, kjoring.foresporsler_ferdig) == (1, 1)
    rader = {
        (v.kommune.kommunenummer, v.periode): v
        for v in Indikatorverdi.objects.select_related("kommune")
    }
    assert rader[("3101", "2024")].verdi == Decimal("13.4")
    assert rader[("3101", "2024")].opphav == _opphav()
    assert all(v.status == Status.GODKJENT for v in rader.values())
    assert all(v.opphav == _opphav() for v in rader.values())


def test_fetch_without_approval_setting_submits_for_the_leader(
    fake_ssb, lavinntekt_kilde, pilot_kommuner
):
    lavinntekt_kilde.godkjenn_ved_henting = False
    lavinntekt_kilde.save()
    fake_ssb.tabeller["12345"] = _tabell()
    _kjor(lavinntekt_kilde)
    assert set(Indikatorverdi.objects.values_list("status", flat=True)) == {Status.SENDT_INN}


def test_suppressed_and_missing_cells_are_stored_as_not_available_with_reason(
    fake_ssb, lavinntekt_kilde, pilot_kommuner
):
    fake_ssb.tabeller["12345"] = _tabell({("3101", "2022"): "."})
    _kjor(lavinntekt_kilde)
    skjult = Indikatorverdi.objects.get(kommune__kommunenummer="3105", periode="2023")
    assert skjult.verdi is None
    assert skjult.mangler_grunn == "Vises ikke av konfidensialitetshensyn (:)"
    finnes_ikke = Indikatorverdi.objects.get(kommune__kommunenummer="3101", periode="2022")
    assert (finnes_ikke.verdi, finnes_ikke.mangler_grunn) == (None, "Tall kan ikke forekomme (.)")


def test_scale_multiplies_ssb_figures(fake_ssb, lavinntekt_kilde, pilot_kommuner):
    lavinntekt_kilde.skala = Decimal("0.1")
    lavinntekt_kilde.save()
    fake_ssb.tabeller["12345"] = _tabell()
    _kjor(lavinntekt_kilde)
    v = Indikatorverdi.objects.get(kommune__kommunenummer="3101", periode="2024")
    assert v.verdi == Decimal("1.34")


def test_revised_figure_replaces_the_value_and_keeps_the_history(
    fake_ssb, lavinntekt_kilde, pilot_kommuner
):
    fake_ssb.tabeller["12345"] = _tabell()
    _kjor(lavinntekt_kilde)
    fake_ssb.tabeller["12345"] = _tabell({("3101", "2024"): 13.6})
    kjoring = _kjor(lavinntekt_kilde)
    assert (kjoring.nye, kjoring.reviderte, kjoring.uendret) == (0, 1, 5)
    v = Indikatorverdi.objects.get(kommune__kommunenummer="3101", periode="2024")
    assert v.verdi == Decimal("13.6")
    assert [h.verdi for h in v.history.order_by("history_date")] == [
        Decimal("13.4"),
        Decimal("13.6"),
    ]


def test_fetch_never_overwrites_a_contact_persons_value_but_opens_a_conflict(
    fake_ssb, lavinntekt_kilde, folk, halden, sarpsborg
):
    egen = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=lavinntekt_kilde.indikator,
        periode="2024",
        verdi=Decimal("14.2"),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    fake_ssb.tabeller["12345"] = _tabell()
    kjoring = _kjor(lavinntekt_kilde)
    assert kjoring.konflikter == 1
    egen.refresh_from_db()
    assert (egen.verdi, egen.opphav, egen.status) == (Decimal("14.2"), "", Status.SENDT_INN)
    konflikt = SsbKonflikt.objects.get()
    assert (konflikt.verdi, konflikt.ssb_verdi, konflikt.valg) == (egen, Decimal("13.4"), "")
    # The next run does not open a second one.
    _kjor(lavinntekt_kilde)
    assert SsbKonflikt.objects.count() == 1


def test_leader_resolves_a_conflict_with_ssbs_figure_and_the_history_keeps_the_kommunes(
    fake_ssb, lavinntekt_kilde, folk, halden
):
    egen = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=lavinntekt_kilde.indikator,
        periode="2024",
        verdi=Decimal("14.2"),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    fake_ssb.tabeller["12345"] = _tabell()
    _kjor(lavinntekt_kilde)
    konflikt = SsbKonflikt.objects.get()
    ssb_svc.ssb_konflikt_resolve(konflikt=konflikt, bruker=folk["leder_halden"], valg="ssb")
    egen.refresh_from_db()
    assert (egen.verdi, egen.opphav, egen.status) == (Decimal("13.4"), _opphav(), Status.GODKJENT)
    assert Decimal("14.2") in [h.verdi for h in egen.history.all()]
    with pytest.raises(ValidationError, match="allerede løst"):
        ssb_svc.ssb_konflikt_resolve(konflikt=konflikt, bruker=folk["leder_halden"], valg="kommune")


def test_keeping_the_kommunes_figure_closes_the_conflict_unchanged(
    fake_ssb, lavinntekt_kilde, folk, halden
):
    egen = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=lavinntekt_kilde.indikator,
        periode="2024",
        verdi=Decimal("14.2"),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    fake_ssb.tabeller["12345"] = _tabell()
    _kjor(lavinntekt_kilde)
    ssb_svc.ssb_konflikt_resolve(
        konflikt=SsbKonflikt.objects.get(), bruker=folk["leder_halden"], valg="kommune"
    )
    egen.refresh_from_db()
    assert egen.verdi == Decimal("14.2")
    assert SsbKonflikt.objects.get().valg == "kommune"


def test_a_contact_person_who_corrects_a_fetched_value_makes_it_theirs(
    fake_ssb, lavinntekt_kilde, folk, halden
):
    lavinntekt_kilde.godkjenn_ved_henting = False
    lavinntekt_kilde.save()
    fake_ssb.tabeller["12345"] = _tabell()
    _kjor(lavinntekt_kilde)
    v = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=lavinntekt_kilde.indikator,
        periode="2024",
        verdi=Decimal("13.5"),
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    assert (v.opphav, v.mangler_grunn) == ("", "")


def test_unknown_regions_are_reported_and_told_to_admins_in_the_portal_and_by_email(
    fake_ssb, lavinntekt_kilde, folk
):
    tabell = _tabell({("3099", "2024"): 1.0})
    tabell.ekstra_regioner = ["3099"]
    fake_ssb.tabeller["12345"] = tabell
    kjoring = _kjor(lavinntekt_kilde)
    assert kjoring.status == SsbKjoring.Status.FERDIG
    assert kjoring.ukjente_regioner == ["3099 Uoppgitt kommune Østfold"]
    (epost,) = mail.outbox
    assert epost.to == ["admin@test.no"]
    assert "3099" in epost.body
    (varsel,) = Varsel.objects.filter(slag="ssb_kjoring")
    assert varsel.mottaker.email == "admin@test.no"
    assert varsel.url == f"/kommuner/ssb/hentinger/{kjoring.pk}/"


def test_old_kommune_numbers_map_to_todays_kommune_through_klass_changes(
    fake_ssb, lavinntekt_kilde, pilot_kommuner
):
    ssb_svc.kommunenummerendringer_import(
        data=(
            b"oldCode;oldName;newCode;newName;changeOccurred\n"
            b"0101;Halden;3001;Halden;2020-01-01\n"
            b"3001;Halden;3101;Halden;2024-01-01\n"
        ),
        filnavn="endringer.csv",
    )
    lavinntekt_kilde.antall_perioder = 4
    lavinntekt_kilde.save()
    fake_ssb.tabeller["12345"] = Tabell(
        innhold="AndelBarnLav",
        perioder=["2019", "2022", "2023", "2024"],
        celler={
            ("0101", "2019"): 10.5,
            ("3001", "2022"): 12.1,
            ("3001", "2023"): 12.9,
            ("3101", "2024"): 13.4,
        },
    )
    kjoring = _kjor(lavinntekt_kilde)
    assert kjoring.ukjente_regioner == []
    regioner = fake_ssb.foresporsler[0]["query"]["valueCodes[Region]"].split(",")
    assert sorted(regioner) == ["0101", "3001", "3101", "3105"]
    halden = dict(
        Indikatorverdi.objects.filter(kommune__kommunenummer="3101").values_list("periode", "verdi")
    )
    assert halden == {
        "2019": Decimal("10.5"),
        "2022": Decimal("12.1"),
        "2023": Decimal("12.9"),
        "2024": Decimal("13.4"),
    }


def _feil_svar(navn):
    doc = jsonstat(
        tabell="12345",
        innhold="AndelBarnLav",
        regioner=["3101", "3105"],
        perioder=["2024"],
        celler={("3101", "2024"): 1.0},
        faste={} if navn == "uten_alder" else {"Alder": "0-17"},
    )
    if navn == "uten_alder":  # the table lost a dimension the source names
        return Svar(200, json.dumps(doc).encode())
    if navn == "500":
        return Svar(500, b'{"title": "Internal Server Error"}')
    if navn == "json":
        return Svar(200, b'{"version": "2.0", "class": "dataset", "value": [1,')
    if navn == "tomt":
        doc.update(value=[], status={})
        doc["size"][0] = 0
        doc["dimension"]["Region"]["category"] = {"index": {}, "label": {}}
        return Svar(200, json.dumps(doc).encode())
    if navn == "dimensjoner":  # the table got a new dimension with several values
        doc["id"].insert(1, "Kjonn")
        doc["size"].insert(1, 2)
        doc["dimension"]["Kjonn"] = {"category": {"index": {"1": 0, "2": 1}}}
        doc["value"] = doc["value"] * 2
        return Svar(200, json.dumps(doc).encode())
    raise AssertionError(navn)


@pytest.mark.parametrize(
    "navn, melding",
    [
        ("500", "HTTP 500"),
        ("json", "ikke gyldig JSON"),
        ("tomt", "tomt datasett"),
        ("dimensjoner", "flere verdier for Kjonn"),
        ("uten_alder", "har ikke lenger dimensjonen(e) Alder"),
    ],
)
def test_a_bad_day_at_ssb_is_recorded_nothing_is_saved_and_the_next_run_tries_again(
    fake_ssb, lavinntekt_kilde, folk, navn, melding
):
    fake_ssb.tabeller["12345"] = _tabell()
    fake_ssb.ko = [_feil_svar(navn)]
    kjoring = _kjor(lavinntekt_kilde)
    assert kjoring.status == SsbKjoring.Status.FEILET
    assert melding in kjoring.feil
    assert Indikatorverdi.objects.count() == 0
    assert len(mail.outbox) == 1 and "feilet" in mail.outbox[0].subject
    assert Varsel.objects.filter(slag="ssb_kjoring").count() == 1
    igjen = _kjor(lavinntekt_kilde)
    assert igjen.status == SsbKjoring.Status.FERDIG
    assert Indikatorverdi.objects.count() == 6


def test_a_failure_in_a_later_request_saves_nothing_from_the_earlier_ones(
    fake_ssb, lavinntekt_kilde, pilot_kommuner, settings
):
    settings.SSB_MAKS_CELLER = 3  # one region per request
    fake_ssb.tabeller["12345"] = _tabell()
    fake_ssb.ko = [
        Svar(
            200,
            json.dumps(
                jsonstat(
                    tabell="12345",
                    innhold="AndelBarnLav",
                    regioner=["3101"],
                    perioder=["2022", "2023", "2024"],
                    celler={("3101", "2024"): 13.4},
                    faste={"Alder": "0-17"},
                )
            ).encode(),
        ),
        Svar(500, b"{}"),
    ]
    kjoring = _kjor(lavinntekt_kilde)
    assert kjoring.status == SsbKjoring.Status.FEILET
    assert (kjoring.foresporsler, kjoring.foresporsler_ferdig) == (2, 1)
    assert Indikatorverdi.objects.count() == 0


def test_run_started_by_the_admin_runs_as_a_task_after_commit(
    fake_ssb, lavinntekt_kilde, folk, django_capture_on_commit_callbacks
):
    fake_ssb.tabeller["12345"] = _tabell()
    with django_capture_on_commit_callbacks(execute=True):
        kjoring = ssb_svc.ssb_kjoring_start(kilde=lavinntekt_kilde, bruker=folk["admin"])
    kjoring.refresh_from_db()
    assert kjoring.status == SsbKjoring.Status.FERDIG
    assert kjoring.nye == 6
    assert tasks.ssb_hent(kjoring.pk) == "ferdig"  # delivered again: nothing happens
    assert SsbKjoring.objects.count() == 1


def test_monthly_task_starts_one_run_per_active_source(
    fake_ssb, lavinntekt_kilde, folk, django_capture_on_commit_callbacks
):
    fake_ssb.tabeller["12345"] = _tabell()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.ssb_hent_alle() == 1
    assert SsbKjoring.objects.get().status == SsbKjoring.Status.FERDIG


def test_beat_runs_the_fetch_monthly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["ssb-hent-alle"]
    assert entry["task"] == "kommuner.tasks.ssb_hent_alle"
    assert entry["schedule"].day_of_month == {5}


def test_test_the_source_reads_one_kommune_and_stores_nothing(
    fake_ssb, lavinntekt_kilde, pilot_kommuner
):
    halden, _s = pilot_kommuner
    fake_ssb.tabeller["12345"] = _tabell()
    hentet = ssb_svc.ssb_test(kilde=lavinntekt_kilde, kommune=halden)
    assert sorted(p for _k, p in hentet.celler) == ["2022", "2023", "2024"]
    assert fake_ssb.foresporsler[0]["query"]["valueCodes[Region]"] == "3101"
    assert Indikatorverdi.objects.count() == 0


# ---------------------------------------------------------------- KLASS changes


def test_klass_change_list_with_a_bad_line_saves_nothing(db):
    data = (
        b"oldCode;oldName;newCode;newName;changeOccurred\n"
        b"0101;Halden;3001;Halden;2020-01-01\n"
        b"30x1;Halden;3101;Halden;2024-01-01\n"
    )
    with pytest.raises(ValidationError) as exc:
        ssb_svc.kommunenummerendringer_import(data=data, filnavn="endringer.csv")
    assert "Linje 3" in str(exc.value)
    assert Kommunenummerendring.objects.count() == 0


def test_a_split_kommune_number_maps_to_neither(db, halden, sarpsborg):
    Kommunenummerendring.objects.create(
        gammelt_nummer="0199", nytt_nummer="3101", gyldig_fra="2020-01-01"
    )
    Kommunenummerendring.objects.create(
        gammelt_nummer="0199", nytt_nummer="3105", gyldig_fra="2020-01-01"
    )
    kart = ssb_svc.regionkart([halden, sarpsborg])
    assert "0199" not in kart
    assert kart["3101"] == halden
