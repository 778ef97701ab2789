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
