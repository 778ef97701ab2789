from tilskudd import demo_data
from tilskudd.models import Pott, PottKilde, Tildeling, Tilskuddsordning
from tilskudd.selectors import bundet_i_pott


def test_table_2_rows_add_up_to_the_table_sums():
    for i, aar in enumerate(demo_data.PROGRAM_AAR):
        rows = sum(belop[i] for belop in demo_data.PROGRAM_TILDELINGER.values())
        assert rows == demo_data.PROGRAM_SUMMER[aar]
    assert sum(demo_data.PROGRAM_SUMMER.values()) == 121_422_000


def test_seed_demo_adds_grants_from_the_sources(demo):
    assert Tilskuddsordning.objects.count() == 6
    assert Tilskuddsordning.objects.get(kapittel=846, post=62).eier.kortnavn == "BLD"
    skjonn = Pott.objects.get(aar=2019)
    assert bundet_i_pott(pott=skjonn) == skjonn.total == 1_500_000
    assert Tildeling.objects.get(pott=skjonn, kommune__navn="Indre Østfold").belop == 500_000
    evaluering = Tildeling.objects.get(pott=skjonn, etat__isnull=False)
    assert (evaluering.etat.kortnavn, evaluering.belop) == ("HiØ", 400_000)
    program = Pott.objects.filter(navn=demo_data.PROGRAM_POTT)
    assert sorted(program.values_list("aar", "total")) == [
        (2020, 39_310_000),
        (2021, 40_529_000),
        (2022, 41_583_000),
    ]
    assert Tildeling.objects.filter(pott__in=program).count() == 36
    assert Tildeling.objects.get(pott__aar=2020, kommune__navn="Elverum").belop == 2_700_000
    # The source names the five schemes of each pot but not the split.
    assert PottKilde.objects.filter(pott__in=program, belop__isnull=True).count() == 15


def test_seed_demo_has_grant_rounds_in_every_state(demo):
    from django.utils import timezone

    from tilskudd.models import Rapport, Soknad, Tilskuddsrunde, Utbetaling, Vedtak, rapportfrist
    from velferdspilot.demo import tilskudd as demo_tilskudd

    now = timezone.now()
    runder = {r.tittel: r for r in Tilskuddsrunde.objects.all()}
    # Open: a deadline ahead of today, so the contact person can apply.
    apen = runder[demo_tilskudd.RUNDE_3]
    assert apen.aapner <= now < apen.stenger
    # Decided and under assessment, in the pilot's year.
    forste, andre = runder[demo_tilskudd.RUNDE_1], runder[demo_tilskudd.RUNDE_2]
    assert timezone.localtime(forste.stenger).year == timezone.localtime(andre.stenger).year == 2020
    assert set(forste.soknader.values_list("status", flat=True)) == {
        "innvilget",
        "delvis_innvilget",
        "avslatt",
        "trukket",
    }
    assert set(andre.soknader.values_list("status", flat=True)) == {"sendt_inn", "under_behandling"}
    assert set(Soknad.objects.values_list("status", flat=True)) == set(Soknad.Status.values)
    # Every decision through the service, in April 2020; one amended in June.
    vedtak = Vedtak.objects.filter(soknad__runde=forste)
    assert {timezone.localtime(v.vedtatt).date().isoformat() for v in vedtak} == {"2020-04-02"}
    [endret] = vedtak.filter(versjon=2)
    assert endret.soknad.kommune.navn == "Sarpsborg" and endret.belop_innvilget == 450_000
    assert list(endret.versjoner.order_by("nummer").values_list("belop_innvilget", flat=True)) == [
        400_000,
        450_000,
    ]
    # Paid in full, and the use-of-funds reports: Halden's received, Sarpsborg's due.
    for v in vedtak.filter(belop_innvilget__gt=0):
        assert sum(v.utbetalinger.values_list("belop", flat=True)) == v.belop_innvilget
    assert Rapport.objects.filter(vedtak__soknad__kommune__navn="Halden", godkjent__year=2021)
    assert not Rapport.objects.filter(vedtak=endret).exists()
    assert rapportfrist(2020).isoformat() == "2021-03-01"
    # The sources' allocations are paid; half the 2020 programme reports are received.
    assert Utbetaling.objects.filter(tildeling__isnull=False).count() == 5 + 36
    program_2020 = Rapport.objects.filter(tildeling__pott__navn=demo_data.PROGRAM_POTT)
    assert program_2020.count() == 6
    assert all(r.godkjent for r in program_2020)


def test_demo_contact_persons_home_pages_show_every_grant_section(client, demo):
    """What README's walk-through and the browser sweep rely on: Sarpsborg's contact
    person has an open round with a draft, a draft, an amended decision and reports due;
    Halden's has a delivered report."""
    from kommuner.models import Bruker

    client.force_login(Bruker.objects.get(email="kontakt.sarpsborg@demo.no"))
    side = client.get("/").content.decode().split('id="tilskudd-hjem"')[1]
    assert "Videreføring av samordningsarbeidet" in side and "Fortsett utkastet" in side
    assert "Videreføring av felles inngang for unge" in side
    assert "Felles inngang for unge utenfor arbeid og skole" in side
    assert "Endret, versjon 2" in side
    assert ">Forfalt<" in side and "Skriv rapport" in side
    client.force_login(Bruker.objects.get(email="kontakt.halden@demo.no"))
    side = client.get("/").content.decode().split('id="tilskudd-hjem"')[1]
    assert ">Levert<" in side
    assert "Videreføring av felles inngang for unge" not in side
