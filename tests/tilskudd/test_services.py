import threading
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.factories import EtatFactory, KommuneFactory
from tilskudd import selectors, services, varsler
from tilskudd.models import Pott, PottKilde, Soknad, Tildeling, Tilskuddsrunde, Utbetaling, Vedtak

from .conftest import make_soknad, vedta

# --- pots and sources -------------------------------------------------------------


def test_pot_sources_must_add_up_to_total(ordning_231_63, ordning_765_60):
    with pytest.raises(ValidationError, match="summerer til"):
        services.pott_upsert(
            navn="Feil",
            aar=2021,
            total=1_000_000,
            kilder=[(ordning_231_63, 400_000), (ordning_765_60, 500_000)],
        )
    assert not Pott.objects.filter(navn="Feil").exists()


def test_pot_sources_all_unknown_when_source_gives_no_split(ordning_231_63, ordning_765_60):
    pott = services.pott_upsert(
        navn="Samlet",
        aar=2021,
        total=39_310_000,
        kilder=[(ordning_231_63, None), (ordning_765_60, None)],
    )
    assert PottKilde.objects.filter(pott=pott, belop__isnull=True).count() == 2


def test_pot_needs_a_source(db):
    with pytest.raises(ValidationError, match="minst én kilde"):
        services.pott_upsert(navn="Tom", aar=2021, total=1_000, kilder=[])
    assert not Pott.objects.exists()


def test_pot_sources_cannot_mix_known_and_unknown(ordning_231_63, ordning_765_60):
    with pytest.raises(ValidationError, match="for alle kildene"):
        services.pott_upsert(
            navn="Blandet",
            aar=2021,
            total=1_000,
            kilder=[(ordning_231_63, 1_000), (ordning_765_60, None)],
        )


def test_pot_total_cannot_drop_below_committed(pott, vedtak_halden, ordning_231_63):
    with pytest.raises(ValidationError, match="allerede bundet"):
        services.pott_upsert(
            pott=pott, navn=pott.navn, aar=2020, total=100_000, kilder=[(ordning_231_63, 100_000)]
        )
    pott.refresh_from_db()
    assert pott.total == 1_000_000
    assert pott.kilder.count() == 2


def test_round_with_decisions_cannot_move_to_another_pot(runde, vedtak_halden, ordning_231_63):
    annen = services.pott_upsert(navn="Annen", aar=2020, total=1, kilder=[(ordning_231_63, 1)])
    with pytest.raises(ValidationError, match="potten kan ikke byttes"):
        services.runde_upsert(
            runde=runde,
            pott=annen,
            tittel=runde.tittel,
            aapner=runde.aapner,
            stenger=runde.stenger,
        )
    runde.refresh_from_db()
    assert runde.pott.navn == "Programfinansiering"


def test_scheme_keeps_its_aliases(ordning_231_63):
    assert ordning_231_63.kap_post == "231/63"
    assert ordning_231_63.alias_liste == ["Tiltak for å styrke den norskspråklige utviklingen"]


# --- applications -----------------------------------------------------------------


def test_submit_after_close_date_is_refused_in_norwegian_and_draft_kept(
    runde, halden, kontakt_halden
):
    soknad = make_soknad(runde, halden, kontakt_halden, submit=False)
    too_late = runde.stenger + timedelta(minutes=1)
    with pytest.raises(ValidationError) as exc:
        services.soknad_submit(soknad=soknad, user=kontakt_halden, now=too_late)
    assert "Søknadsfristen gikk ut" in exc.value.messages[0]
    assert "utkastet er tatt vare på" in exc.value.messages[0]
    soknad.refresh_from_db()
    assert soknad.status == Soknad.Status.UTKAST


def test_submit_refused_when_budget_lines_do_not_add_up(runde, halden, kontakt_halden):
    soknad = services.soknad_create(
        runde=runde,
        kommune=halden,
        user=kontakt_halden,
        tittel="T",
        formaal="F",
        belop_sokt=100_000,
        budsjettlinjer=[("Lønn", 60_000), ("Reise", 30_000)],
    )
    with pytest.raises(ValidationError, match="Budsjettlinjene summerer"):
        services.soknad_submit(soknad=soknad, user=kontakt_halden)
    soknad.refresh_from_db()
    assert soknad.status == Soknad.Status.UTKAST


def test_round_requiring_political_adoption_refuses_submission_without_date(
    pott, halden, kontakt_halden
):
    now = timezone.now()
    runde = services.runde_upsert(
        pott=pott,
        tittel="Politisk",
        aapner=now - timedelta(days=1),
        stenger=now + timedelta(days=1),
        krever_politisk_vedtak=True,
    )
    soknad = make_soknad(runde, halden, kontakt_halden, submit=False)
    with pytest.raises(ValidationError, match="politisk vedtatt"):
        services.soknad_submit(soknad=soknad, user=kontakt_halden)
    soknad.politisk_vedtatt = date(2020, 1, 15)
    soknad.save()
    assert services.soknad_submit(soknad=soknad, user=kontakt_halden).status == "sendt_inn"


def test_kommune_outside_chosen_list_cannot_apply(pott, halden, sarpsborg, kontakt_sarpsborg):
    now = timezone.now()
    runde = services.runde_upsert(
        pott=pott,
        tittel="Bare Halden",
        aapner=now - timedelta(days=1),
        stenger=now + timedelta(days=1),
        alle_kommuner=False,
        kommuner=[halden],
    )
    with pytest.raises(ValidationError, match="kan ikke søke"):
        make_soknad(runde, sarpsborg, kontakt_sarpsborg, submit=False)


def test_submitted_application_cannot_be_edited(soknad_halden):
    with pytest.raises(ValidationError, match="kan ikke endres"):
        services.soknad_update(
            soknad=soknad_halden, tittel="Ny", formaal="F", belop_sokt=1, budsjettlinjer=[]
        )


def test_withdraw_then_no_decision(soknad_halden, kontakt_halden, admin_bruker):
    services.soknad_withdraw(soknad=soknad_halden, user=kontakt_halden)
    with pytest.raises(ValidationError, match="ikke til behandling"):
        vedta(
            soknad=soknad_halden,
            user=admin_bruker,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="x",
        )


# --- decisions --------------------------------------------------------------------


def test_decision_sets_status_and_commits_pot(vedtak_halden, pott):
    vedtak_halden.soknad.refresh_from_db()
    assert vedtak_halden.soknad.status == Soknad.Status.DELVIS_INNVILGET
    assert selectors.bundet_i_pott(pott=pott) == 200_000


def test_rejection_grants_zero(soknad_halden, admin_bruker):
    vedtak = vedta(
        soknad=soknad_halden,
        user=admin_bruker,
        utfall="avslatt",
        belop_innvilget=50_000,
        begrunnelse="Utenfor kriteriene.",
    )
    assert vedtak.belop_innvilget == 0


def test_partial_grant_must_be_below_amount_applied_for(soknad_halden, admin_bruker):
    with pytest.raises(ValidationError, match="delvis innvilgelse"):
        vedta(
            soknad=soknad_halden,
            user=admin_bruker,
            utfall="delvis_innvilget",
            belop_innvilget=300_000,
            begrunnelse="x",
        )
    assert not Vedtak.objects.exists()


def test_decision_refused_when_pot_would_be_over_committed(
    pott, runde, halden, kontakt_halden, admin_bruker
):
    services.tildeling_upsert(pott=pott, kommune=KommuneFactory(), belop=800_000, user=None)
    soknad = make_soknad(runde, halden, kontakt_halden, belop=300_000)
    with pytest.raises(ValidationError, match="har bare 200"):
        vedta(
            soknad=soknad,
            user=admin_bruker,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="x",
        )
    soknad.refresh_from_db()
    assert soknad.status == Soknad.Status.UNDER_BEHANDLING
    assert selectors.bundet_i_pott(pott=pott) == 800_000


def test_decision_emails_the_kommune_after_commit(
    soknad_halden, admin_bruker, kontakt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        vedta(
            soknad=soknad_halden,
            user=admin_bruker,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="Godt.",
        )
    assert [m.to for m in mailoutbox] == [[kontakt_halden.email]]
    assert "innvilget" in mailoutbox[0].body
    assert "300\xa0000\xa0kr" in mailoutbox[0].body
    assert "http://127.0.0.1:8000/tilskudd/" in mailoutbox[0].body  # full link (PORTAL_URL)


def test_submission_emails_the_kommunes_contact_persons_and_the_admins(
    runde, halden, kontakt_halden, admin_bruker, mailoutbox, django_capture_on_commit_callbacks
):
    soknad = make_soknad(runde, halden, kontakt_halden, submit=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.soknad_submit(soknad=soknad, user=kontakt_halden)
    assert [m.to for m in mailoutbox] == [[kontakt_halden.email], [admin_bruker.email]]
    assert mailoutbox[0].subject == "Søknaden er mottatt: Sommerjobb"
    assert "Halden" in mailoutbox[1].subject


def test_round_opening_emails_eligible_contact_persons_once(
    pott, halden, kontakt_halden, kontakt_sarpsborg, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        runde = services.runde_upsert(
            pott=pott,
            tittel="Bare Halden",
            aapner=now - timedelta(minutes=1),
            stenger=now + timedelta(days=1),
            alle_kommuner=False,
            kommuner=[halden],
        )
    assert [m.to for m in mailoutbox] == [[kontakt_halden.email]]
    assert varsler.varsle_runde_aapnet(runde_id=runde.pk) == 0
    assert varsler.varsle_runder_aapnet() == 0
    assert len(mailoutbox) == 1


def test_round_registered_after_it_closed_is_not_announced(
    pott, kontakt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.runde_upsert(
            pott=pott,
            tittel="Historisk",
            aapner=now - timedelta(days=9),
            stenger=now - timedelta(days=1),
        )
    assert mailoutbox == []
    assert varsler.varsle_runder_aapnet() == 0


def test_future_round_is_announced_by_the_beat_task_when_it_opens(
    pott, kontakt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        runde = services.runde_upsert(
            pott=pott,
            tittel="Senere",
            aapner=now + timedelta(days=1),
            stenger=now + timedelta(days=9),
        )
    assert mailoutbox == []
    runde.aapner = now - timedelta(minutes=1)
    runde.save()
    assert varsler.varsle_runder_aapnet() == 1
    assert mailoutbox[0].to == [kontakt_halden.email]


def test_editing_a_round_from_an_old_copy_does_not_announce_it_again(
    pott, kontakt_halden, mailoutbox, django_capture_on_commit_callbacks
):
    # The editor opened the round before the opening was announced; saving their copy
    # must not wipe the announcement time and email everybody a second time.
    now = timezone.now()
    runde = services.runde_upsert(
        pott=pott,
        tittel="Åpner nå",
        aapner=now - timedelta(minutes=1),
        stenger=now + timedelta(days=9),
    )
    gammel_kopi = Tilskuddsrunde.objects.get(pk=runde.pk)
    assert varsler.varsle_runde_aapnet(runde_id=runde.pk) == 1
    with django_capture_on_commit_callbacks(execute=True):
        lagret = services.runde_upsert(
            runde=gammel_kopi,
            pott=pott,
            tittel="Åpner nå, endret",
            aapner=gammel_kopi.aapner,
            stenger=gammel_kopi.stenger,
        )
    assert lagret.tittel == "Åpner nå, endret"
    assert lagret.apning_varslet is not None
    assert len(mailoutbox) == 1


# --- the pot under concurrency (PostgreSQL) ---------------------------------------

IS_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(
    not IS_POSTGRES,
    reason="Radlåsen (select_for_update) kan bare prøves mot PostgreSQL; "
    "SQLite låser hele databasen. CI kjører med PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_never_over_commit_the_pot(pott, runde, admin_bruker):
    # Four admins decide four applications of 400 000 at the same moment in a pot of
    # 1 000 000: exactly two can be granted, whatever the order.
    soknader = [
        make_soknad(runde, KommuneFactory(kommunenummer=f"46{i:02d}"), admin_bruker, 400_000)
        for i in range(1, 5)
    ]
    barrier = threading.Barrier(len(soknader))
    outcomes: list[str] = []
    lock = threading.Lock()

    def decide(soknad):
        try:
            barrier.wait(timeout=10)
            vedta(
                soknad=soknad,
                user=admin_bruker,
                utfall="innvilget",
                belop_innvilget=None,
                begrunnelse="Samtidig vedtak.",
            )
            result = "ok"
        except ValidationError:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=decide, args=(s,)) for s in soknader]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "ok", "refused", "refused"]
    pott.refresh_from_db()
    assert selectors.bundet_i_pott(pott=pott) == 800_000 <= pott.total


# --- allocations and import -------------------------------------------------------


def test_allocation_to_an_etat_counts_against_the_pot(pott):
    hio = EtatFactory(kortnavn="HiØ", navn="Høgskolen i Østfold")
    tildeling = services.tildeling_upsert(pott=pott, etat=hio, belop=400_000, user=None)
    assert tildeling.mottaker == hio
    assert selectors.bundet_i_pott(pott=pott) == 400_000


def test_allocation_over_the_pot_is_refused(pott, halden):
    with pytest.raises(ValidationError, match="Ingenting er lagret"):
        services.tildeling_upsert(pott=pott, kommune=halden, belop=1_000_001, user=None)
    assert not Tildeling.objects.exists()


def test_import_csv_saves_all_rows(pott, halden, sarpsborg, admin_bruker, ordning_231_63):
    data = b"kommunenummer;aar;belop\n3101;2020;1 790 000\n3105;2020;100000\n"
    pott = services.pott_upsert(
        pott=pott, navn=pott.navn, aar=2020, total=1_890_000, kilder=[(ordning_231_63, None)]
    )
    result = services.tildeling_import(pott=pott, data=data, filnavn="t.csv", user=admin_bruker)
    assert (result.antall, result.sum) == (2, 1_890_000)
    assert Tildeling.objects.get(kommune=halden).belop == 1_790_000


def test_import_with_bad_rows_saves_nothing_and_names_each_row(pott, halden, admin_bruker):
    data = b"kommunenummer;aar;belop\n3101;2020;100000\n9999;2020;5\n3101;2021;12,5\n"
    with pytest.raises(services.ImportFeil) as exc:
        services.tildeling_import(pott=pott, data=data, filnavn="t.csv", user=admin_bruker)
    rader = exc.value.rader
    assert (3, "Ukjent kommunenummer «9999».") in rader
    assert any(nr == 4 and "står også på rad 2" in m for nr, m in rader)
    assert any(nr == 4 and "pottens år 2020" in m for nr, m in rader)
    assert any(nr == 4 and "helt antall kroner" in m for nr, m in rader)
    assert not Tildeling.objects.exists()


def test_import_refused_when_it_would_over_commit(pott, halden, sarpsborg, admin_bruker):
    data = b"kommunenummer;aar;belop\n3101;2020;600000\n3105;2020;600000\n"
    with pytest.raises(services.ImportFeil, match="Ingenting er lagret"):
        services.tildeling_import(pott=pott, data=data, filnavn="t.csv", user=admin_bruker)
    assert not Tildeling.objects.exists()


def test_import_xlsx(pott, halden, admin_bruker):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Kommunenummer", "aar", "belop"])
    ws.append([3101, 2020, 250000])
    buf = io.BytesIO()
    wb.save(buf)
    services.tildeling_import(pott=pott, data=buf.getvalue(), filnavn="t.xlsx", user=admin_bruker)
    assert Tildeling.objects.get(kommune=halden).belop == 250_000


def test_import_refuses_other_file_types(pott, admin_bruker):
    with pytest.raises(services.ImportFeil, match="CSV-fil"):
        services.tildeling_import(pott=pott, data=b"x", filnavn="t.pdf", user=admin_bruker)


# --- payments and reports ---------------------------------------------------------


def test_payments_cannot_exceed_amount_granted(vedtak_halden, admin_bruker):
    services.utbetaling_create(
        vedtak=vedtak_halden, user=admin_bruker, belop=150_000, dato=date(2020, 3, 1)
    )
    with pytest.raises(ValidationError, match="Det gjenstår 50"):
        services.utbetaling_create(
            vedtak=vedtak_halden, user=admin_bruker, belop=50_001, dato=date(2020, 4, 1)
        )
    services.utbetaling_create(
        vedtak=vedtak_halden, user=admin_bruker, belop=50_000, dato=date(2020, 4, 1)
    )
    assert sum(Utbetaling.objects.values_list("belop", flat=True)) == 200_000


def test_allocation_cannot_be_lowered_below_paid(pott, halden, admin_bruker):
    tildeling = services.tildeling_upsert(pott=pott, kommune=halden, belop=500_000, user=None)
    services.utbetaling_create(
        tildeling=tildeling, user=admin_bruker, belop=300_000, dato=date(2020, 2, 1)
    )
    with pytest.raises(ValidationError, match="allerede fått utbetalt"):
        services.tildeling_upsert(pott=pott, kommune=halden, belop=200_000, user=None)


def test_report_unused_money_needs_disposition(vedtak_halden, kontakt_halden, admin_bruker):
    with pytest.raises(ValidationError):
        services.rapport_submit(
            vedtak=vedtak_halden,
            user=kontakt_halden,
            periode="2020",
            beskrivelse="Sommerjobber",
            brukt_belop=150_000,
            ubrukt_belop=50_000,
        )
    rapport = services.rapport_submit(
        vedtak=vedtak_halden,
        user=kontakt_halden,
        periode="2020",
        beskrivelse="Sommerjobber",
        brukt_belop=150_000,
        ubrukt_belop=50_000,
        ubrukt_disponering="overfores",
    )
    services.rapport_approve(rapport=rapport, user=admin_bruker)
    assert rapport.godkjent_av == admin_bruker


# --- overview ---------------------------------------------------------------------


def test_overview_shares_pooled_pot_on_schemes_in_whole_kroner(vedtak_halden, admin_bruker):
    services.utbetaling_create(
        vedtak=vedtak_halden, user=admin_bruker, belop=100_001, dato=date(2020, 3, 1)
    )
    data = selectors.oversikt()
    assert data.sum_innvilget == 200_000
    assert data.sum_utbetalt == 100_001
    per_ordning = {linje.etikett[1]: linje for linje in data.per_ordning}
    assert sum(linje.innvilget for linje in per_ordning.values()) == 200_000
    assert sum(linje.utbetalt for linje in per_ordning.values()) == 100_001
    assert [linje.innvilget for linje in data.per_ordning] == [80_000, 120_000]
    assert [linje.etikett for linje in data.per_kommune] == [["Halden"]]


def test_service_refuses_another_kommunes_measure(runde, halden, sarpsborg, kontakt_halden):
    from kommuner.models import Tiltak

    fremmed = Tiltak.objects.create(kommune=sarpsborg, navn="Losfunksjon")
    with pytest.raises(ValidationError, match="hører til en annen kommune"):
        services.soknad_create(
            runde=runde,
            kommune=halden,
            user=kontakt_halden,
            tittel="T",
            formaal="F",
            belop_sokt=1,
            tiltak=[fremmed],
        )
    assert not Soknad.objects.exists()


def test_each_notification_task_calls_the_function_of_its_own_name_in_varsler():
    from tilskudd import tasks

    for name in [
        "varsle_runde_aapnet",
        "varsle_runder_aapnet",
        "varsle_soknad_sendt_inn",
        "varsle_vedtak",
    ]:
        assert callable(getattr(varsler, name)), name
        assert getattr(tasks, name).name == f"tilskudd.tasks.{name}"


def test_a_new_pot_with_the_name_and_year_of_another_is_refused_and_the_other_kept(
    pott, ordning_231_63
):
    with pytest.raises(ValidationError):
        services.pott_upsert(navn=pott.navn, aar=pott.aar, total=5, kilder=[(ordning_231_63, None)])
    pott.refresh_from_db()
    assert pott.total != 5


def test_granted_amount_is_the_decisions_or_the_allocations(vedtak_halden, pott, halden):
    tildeling = services.tildeling_upsert(pott=pott, kommune=halden, belop=7_000, user=None)
    assert services.innvilget_belop(vedtak=vedtak_halden) == vedtak_halden.belop_innvilget
    assert services.innvilget_belop(tildeling=tildeling) == 7_000
    with pytest.raises(ValueError):
        services.innvilget_belop()
    with pytest.raises(ValueError):
        services.innvilget_belop(vedtak=vedtak_halden, tildeling=tildeling)
