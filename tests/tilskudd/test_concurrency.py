"""Money rules under concurrency, raced in threads against PostgreSQL.

Each test races two services that change what a pot is committed to (or what is paid
of a grant), many times over, and checks after every race that no pot is committed
beyond its total, nothing is paid beyond what was granted, and no thread failed with
anything but the refusal it may expect (a deadlock would show as an error here)."""

import threading
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from tests.factories import KommuneFactory
from tilskudd import selectors, services
from tilskudd.models import Pott, Tildeling, Vedtak

from .conftest import make_soknad, vedta

IS_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]

pytestmark = [
    pytest.mark.skipif(
        not IS_POSTGRES,
        reason="Radlåsene (select_for_update) kan bare prøves mot PostgreSQL; "
        "SQLite låser hele databasen. CI kjører med PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True),
]

ITERATIONS = 20


def race(*calls: Callable[[], object]) -> list[str]:
    """Run the calls at the same moment, one thread each. Each outcome is "ok",
    "refused" (a ValidationError) or "error: ..." (anything else, e.g. a deadlock)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = [""] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[i] = "ok"
        except ValidationError:
            outcomes[i] = "refused"
        except Exception as exc:  # noqa: BLE001 - reported in the assertions
            cause = exc.__cause__
            outcomes[i] = f"error: {exc!r} (cause: {cause!r})"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a thread hung (lock wait?)"
    return outcomes


def assert_money_holds() -> None:
    for pott in Pott.objects.all():
        committed = selectors.bundet_i_pott(pott=pott)
        assert committed <= pott.total, f"{pott} committed {committed} > total {pott.total}"
    for vedtak in Vedtak.objects.all():
        paid = vedtak.utbetalinger.aggregate(s=Sum("belop"))["s"] or 0
        assert paid <= vedtak.belop_innvilget, f"{vedtak}: paid {paid}"
    for tildeling in Tildeling.objects.all():
        paid = tildeling.utbetalinger.aggregate(s=Sum("belop"))["s"] or 0
        assert paid <= tildeling.belop, f"{tildeling}: paid {paid}"


def new_pott(ordning, navn: str, total: int) -> Pott:
    return services.pott_upsert(navn=navn, aar=2020, total=total, kilder=[(ordning, None)])


def test_moving_a_round_while_deciding_on_it_never_over_commits(ordning_231_63, admin_bruker):
    # The round's pot has room for the grant, the target pot has not: the move and the
    # decision may each go through alone, never both.
    kommune = KommuneFactory()
    for i in range(ITERATIONS):
        fra = new_pott(ordning_231_63, f"Fra {i}", 1_000_000)
        til = new_pott(ordning_231_63, f"Til {i}", 100_000)
        runde = services.runde_upsert(
            pott=fra,
            tittel=f"Runde {i}",
            aapner=timezone.now() - timedelta(days=1),
            stenger=timezone.now() + timedelta(days=10),
        )
        soknad = make_soknad(runde, kommune, admin_bruker, 400_000)

        def decide(soknad=soknad):
            vedta(
                soknad=soknad,
                user=admin_bruker,
                utfall="innvilget",
                belop_innvilget=None,
                begrunnelse="Samtidig med flytting av runden.",
            )

        def move(runde=runde, til=til):
            services.runde_upsert(
                runde=runde,
                pott=til,
                tittel=runde.tittel,
                aapner=runde.aapner,
                stenger=runde.stenger,
            )

        outcomes = race(decide, move)
        assert sorted(outcomes) == ["ok", "refused"], f"iteration {i}: {outcomes}"
        assert_money_holds()


def test_allocating_while_the_pot_is_lowered_never_over_commits(ordning_231_63):
    halden, sarpsborg = KommuneFactory(), KommuneFactory()
    for i in range(ITERATIONS):
        pott = new_pott(ordning_231_63, f"Pott {i}", 1_000_000)
        services.tildeling_upsert(pott=pott, kommune=halden, belop=600_000, user=None)

        def allocate(pott=pott):
            services.tildeling_upsert(pott=pott, kommune=sarpsborg, belop=300_000, user=None)

        def lower(pott=pott):
            services.pott_upsert(
                pott=pott,
                navn=pott.navn,
                aar=pott.aar,
                total=700_000,
                kilder=[(ordning_231_63, None)],
            )

        outcomes = race(allocate, lower)
        assert sorted(outcomes) == ["ok", "refused"], f"iteration {i}: {outcomes}"
        assert_money_holds()


def test_paying_while_the_allocation_is_lowered_never_pays_beyond_it(ordning_231_63, admin_bruker):
    # The code has no service that changes a decision's amount; the grant that can be
    # changed under a payment is an allocation (tildeling_upsert with a new amount).
    halden = KommuneFactory()
    for i in range(ITERATIONS):
        pott = new_pott(ordning_231_63, f"Pott {i}", 1_000_000)
        tildeling = services.tildeling_upsert(pott=pott, kommune=halden, belop=500_000, user=None)

        def pay(tildeling=tildeling):
            services.utbetaling_create(
                user=admin_bruker, belop=400_000, dato=date(2020, 3, 1), tildeling=tildeling
            )

        def lower(pott=pott):
            services.tildeling_upsert(pott=pott, kommune=halden, belop=200_000, user=None)

        outcomes = race(pay, lower)
        assert sorted(outcomes) == ["ok", "refused"], f"iteration {i}: {outcomes}"
        assert_money_holds()


def test_two_payments_on_one_decision_never_pay_beyond_the_grant(runde, admin_bruker):
    kommune = KommuneFactory()
    for i in range(ITERATIONS):
        soknad = make_soknad(runde, kommune, admin_bruker, 40_000, tittel=f"Søknad {i}")
        vedtak = vedta(
            soknad=soknad,
            user=admin_bruker,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="Innvilget.",
        )

        def pay(vedtak=vedtak):
            services.utbetaling_create(
                user=admin_bruker, belop=30_000, dato=date(2020, 3, 1), vedtak=vedtak
            )

        outcomes = race(pay, pay)
        assert sorted(outcomes) == ["ok", "refused"], f"iteration {i}: {outcomes}"
        assert_money_holds()


def test_paying_while_the_decision_is_amended_down_never_pays_beyond_it(runde, admin_bruker):
    # 10 000 granted; a payment of 8 000 races an amendment down to 5 000: one of them
    # goes through, never both (8 000 paid of a grant of 5 000).
    kommune = KommuneFactory()
    for i in range(ITERATIONS):
        soknad = make_soknad(runde, kommune, admin_bruker, 10_000, tittel=f"Søknad {i}")
        vedtak = vedta(
            soknad=soknad,
            user=admin_bruker,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="Innvilget.",
        )

        def pay(vedtak=vedtak):
            services.utbetaling_create(
                user=admin_bruker, belop=8_000, dato=date(2020, 3, 1), vedtak=vedtak
            )

        def amend(vedtak=vedtak):
            services.vedtak_endre(
                vedtak=vedtak,
                user=admin_bruker,
                utfall="delvis_innvilget",
                belop_innvilget=5_000,
                begrunnelse="Innvilget.",
                endringsgrunn="Andre midler dekker resten.",
            )

        outcomes = race(pay, amend)
        assert sorted(outcomes) == ["ok", "refused"], f"iteration {i}: {outcomes}"
        assert_money_holds()


def test_amending_up_while_another_decision_is_made_never_over_commits(
    ordning_231_63, admin_bruker
):
    # A pot of 100 000 with 60 000 granted: raising that grant by 30 000 and a new
    # grant of 30 000 each fit alone, never both.
    halden, sarpsborg = KommuneFactory(), KommuneFactory()
    for i in range(ITERATIONS):
        pott = new_pott(ordning_231_63, f"Opp {i}", 100_000)
        runde = services.runde_upsert(
            pott=pott,
            tittel=f"Runde {i}",
            aapner=timezone.now() - timedelta(days=1),
            stenger=timezone.now() + timedelta(days=10),
        )
        forste = make_soknad(runde, halden, admin_bruker, 90_000)
        vedtak = vedta(
            soknad=forste,
            user=admin_bruker,
            utfall="delvis_innvilget",
            belop_innvilget=60_000,
            begrunnelse="Delvis.",
        )
        andre = make_soknad(runde, sarpsborg, admin_bruker, 30_000, tittel="Andre")

        def amend(vedtak=vedtak):
            services.vedtak_endre(
                vedtak=vedtak,
                user=admin_bruker,
                utfall="delvis_innvilget",
                belop_innvilget=89_000,
                begrunnelse="Delvis.",
                endringsgrunn="Mer midler frigjort.",
            )

        def decide(soknad=andre):
            vedta(
                soknad=soknad,
                user=admin_bruker,
                utfall="innvilget",
                belop_innvilget=None,
                begrunnelse="Innvilget.",
            )

        outcomes = race(amend, decide)
        assert sorted(outcomes) == ["ok", "refused"], f"iteration {i}: {outcomes}"
        assert_money_holds()


def test_two_submissions_at_once_get_two_case_numbers_and_documents_two_numbers(
    ordning_231_63, halden, sarpsborg, kontakt_halden, kontakt_sarpsborg, admin_bruker
):
    """Case numbers and document numbers come from locked series: two submissions at the
    same moment never share a number, nor do two documents of one case, and the
    journal's running numbers stay unique."""
    from tilskudd.models import Dokument

    pott = new_pott(ordning_231_63, "Saksnumre", 10_000_000)
    runde = services.runde_upsert(
        pott=pott,
        tittel="Saksnumre",
        aapner=timezone.now() - timedelta(days=1),
        stenger=timezone.now() + timedelta(days=1),
    )
    for _ in range(3):
        a = make_soknad(runde, halden, kontakt_halden, submit=False)
        b = make_soknad(runde, sarpsborg, kontakt_sarpsborg, submit=False)
        outcomes = race(
            lambda a=a: services.soknad_submit(soknad=a, user=kontakt_halden),
            lambda b=b: services.soknad_submit(soknad=b, user=kontakt_sarpsborg),
        )
        assert outcomes == ["ok", "ok"]
        a.refresh_from_db()
        b.refresh_from_db()
        assert a.saksnummer and b.saksnummer and a.saksnummer != b.saksnummer
        vedtak = vedta(
            soknad=a, user=admin_bruker, utfall="innvilget", belop_innvilget=None, begrunnelse="Ok."
        )
        outcomes = race(
            lambda v=vedtak: services.utbetaling_create(
                user=admin_bruker, belop=1000, dato=timezone.localdate(), vedtak=v
            ),
            lambda v=vedtak: services.rapport_submit(
                user=kontakt_halden,
                periode="2026",
                beskrivelse="Brukt.",
                brukt_belop=1000,
                vedtak=v,
            ),
        )
        assert outcomes == ["ok", "ok"]
        assert sorted(Dokument.objects.filter(soknad=a).values_list("nummer", flat=True)) == [
            1,
            2,
            3,
            4,
        ]
    sekvens = list(Dokument.objects.values_list("journalaar", "journalsekvensnummer"))
    assert len(sekvens) == len(set(sekvens)) == 3 * 5


def test_two_sign_offs_of_one_proposal_at_once_make_one_decision(
    runde, admin_bruker, leder, statsforvalteren
):
    """Two admins approve, or one approves while another sends back, the same proposal
    at the same moment: exactly one of them goes through, never two decisions."""
    from kommuner.roller import Rolle
    from tests.factories import BrukerFactory, KommuneFactory
    from tilskudd.models import Vedtaksforslag

    tredje = BrukerFactory(email="tredje@test.no", etat=statsforvalteren, roller=[Rolle.ADMIN])
    kommune = KommuneFactory()
    for i in range(5):
        soknad = make_soknad(runde, kommune, admin_bruker, 10_000, tittel=f"Søknad {i}")
        services.soknad_start_review(soknad=soknad, user=admin_bruker)
        forslag = services.vedtak_foresla(
            soknad=soknad,
            user=admin_bruker,
            utfall="innvilget",
            belop_innvilget=None,
            begrunnelse="Godt.",
        )

        def godkjenn(user, forslag=forslag):
            services.vedtak_godkjenn(forslag=forslag, user=user, versjon=1)

        def tilbake(forslag=forslag):
            services.vedtak_send_tilbake(forslag=forslag, user=tredje, versjon=1, kommentar="Nei.")

        if i % 2:
            outcomes = race(lambda: godkjenn(leder), tilbake)
        else:
            outcomes = race(lambda: godkjenn(leder), lambda: godkjenn(tredje))
        assert sorted(outcomes) == ["ok", "refused"], f"iteration {i}: {outcomes}"
        assert Vedtak.objects.filter(soknad=soknad).count() == (
            0
            if i % 2 and Vedtaksforslag.objects.get(pk=forslag.pk).status == "sendt_tilbake"
            else 1
        )
    assert_money_holds()
