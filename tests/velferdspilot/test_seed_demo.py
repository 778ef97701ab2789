import pytest
from django.core.management import CommandError, call_command

from evaluering.models import Mal, Refleksjonssvar, Statusrapport
from investering.models import Beslutning, Mote, Oppfolgingspunkt, Regelhinder
from kommuner.kunnskap.models import Nullpunkt, Tiltak, Virkemiddel
from kommuner.models import Bruker, Deltakelse, Etat, Indikatorverdi, Kommune, Pilot
from tilskudd.models import (
    Pott,
    PottKilde,
    Rapport,
    Soknad,
    Tildeling,
    Tilskuddsordning,
    Tilskuddsrunde,
    Utbetaling,
    Vedtak,
)

COUNTS = (
    Etat,
    Kommune,
    Pilot,
    Deltakelse,
    Bruker,
    Mote,
    Beslutning,
    Oppfolgingspunkt,
    Regelhinder,
    Tilskuddsordning,
    Pott,
    PottKilde,
    Tildeling,
    Tiltak,
    Virkemiddel,
    Mal,
    Tilskuddsrunde,
    Soknad,
    Vedtak,
    Utbetaling,
    Rapport,
    Indikatorverdi,
    Nullpunkt,
    Refleksjonssvar,
    Statusrapport,
)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTS}


def test_seed_demo_is_idempotent_and_real(demo):
    first = counts()
    call_command("seed_demo", force=True, verbosity=0)
    assert counts() == first
    assert first["Kommune"] == 17
    assert first["Deltakelse"] == 17
    halden = Deltakelse.objects.get(pilot__slug="velferdspiloten-ostfold", kommune__navn="Halden")
    assert halden.investeringsleder.email == "leder.halden@demo.no"
    assert halden.investeringsleder_etat.kortnavn == "SF Oslo og Viken"
    assert str(halden.forankret) == "2018-09-19"
    assert halden.gjeldende_milepael == "Operativ"
    moss = Deltakelse.objects.get(kommune__kommunenummer="3103")
    assert moss.status == Deltakelse.Status.TAKKET_NEI
    assert Kommune.objects.get(kommunenummer="3107").innbyggere == 80867
    assert Deltakelse.objects.filter(pilot__slug="programfinansiering").count() == 12


@pytest.mark.parametrize(
    ("email", "roles"),
    [
        ("admin@demo.no", {"admin"}),
        ("leder.halden@demo.no", {"investeringsleder", "investeringsteam"}),
        ("kontakt.halden@demo.no", {"kontaktperson"}),
        ("styre@demo.no", {"styringsgruppe"}),
        ("forsker@demo.no", {"folgeforsker"}),
        ("kontakt.sarpsborg@demo.no", {"kontaktperson"}),
        ("leder.innlandet@demo.no", {"investeringsleder", "investeringsteam"}),
    ],
)
def test_seed_demo_users_have_their_roles_and_password(demo, email, roles):
    user = Bruker.objects.get(email=email)
    assert set(user.roller) == roles
    assert user.check_password("demo-passord-2026")


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG er av"):
        call_command("seed_demo", verbosity=0)
    assert Kommune.objects.count() == 0


def test_every_participating_kommune_has_approved_values_with_a_baseline(demo):
    """Several approved periods per kommune, each with a baseline the year before its
    pilot, inside each unit's natural bounds."""
    from decimal import Decimal

    from velferdspilot.demo import kunnskap as demo_kunnskap

    deltar = Deltakelse.objects.filter(status=Deltakelse.Status.DELTAR).select_related(
        "kommune", "pilot"
    )
    assert deltar.count() == 16
    for d in deltar:
        nullaar, aarene = demo_kunnskap.PILOTAAR[d.pilot.slug]
        for navn in demo_kunnskap.INDIKATORER:
            godkjent = Indikatorverdi.objects.filter(
                kommune=d.kommune, indikator__navn=navn, status="godkjent"
            )
            assert sorted(godkjent.values_list("periode", flat=True)) == [str(a) for a in aarene]
            nullpunkt = Nullpunkt.objects.get(kommune=d.kommune, indikator__navn=navn)
            assert nullpunkt.periode == str(nullaar)
            for verdi in [nullpunkt.verdi, *godkjent.values_list("verdi", flat=True)]:
                assert verdi >= 0
                if godkjent[0].indikator.enhet == "prosent":
                    assert verdi <= 100
                # a modest change: at most 5 % of the baseline
                assert abs(verdi - nullpunkt.verdi) <= nullpunkt.verdi * Decimal("0.05")
            # submitted by one person, approved by another, in the pilot's time
            for v in godkjent:
                assert v.sendt_inn_av_id != v.behandlet_av_id
                assert v.behandlet_tid.year == int(v.periode) + 1
    # Halden's 2020 values wait for the investment leader.
    venter = Indikatorverdi.objects.filter(kommune__navn="Halden", status="sendt_inn")
    assert set(venter.values_list("periode", flat=True)) == {"2020"}


def test_the_published_report_and_the_reflection_answers_are_there(demo):
    from evaluering.models import Refleksjonsskjema
    from evaluering.selectors import reflection_results

    [rapport] = Statusrapport.objects.filter(status=Statusrapport.Status.PUBLISERT)
    assert rapport.periode.kode == "2019-H2"
    assert rapport.publisert.year == 2020
    for tittel, forventet in [
        ("Andre refleksjonsskjema (2020)", [3.9, 3.9, 3.5]),
        ("Tredje refleksjonsskjema (2022)", [4.7, 4.5, 4.1]),
    ]:
        skjema = Refleksjonsskjema.objects.get(tittel=tittel)
        assert skjema.svar.count() == 12
        assert {s.besvart.year for s in skjema.svar.all()} == {skjema.periode.aar}
        snitt = [round(r.snitt, 1) for r in reflection_results(skjema)]
        assert snitt == forventet  # seed 003, figure 11


def test_history_is_dated_in_the_pilots_own_time(demo):
    """Every history row the seed writes lies in 2018–2023, except what belongs to
    today: the open grant round (with its pot and draft) and the meetings planned."""
    from django.utils import timezone

    from investering.models import Moteserie, Teammedlem
    from tilskudd.models import Sporsmal, Svar
    from velferdspilot.demo import tilskudd as demo_tilskudd
    from velferdspilot.demo.tid import historikkmodeller

    now = timezone.now()
    idag = {
        "HistoricalTilskuddsrunde": set(
            Tilskuddsrunde.objects.filter(tittel=demo_tilskudd.RUNDE_3).values_list("pk", flat=True)
        ),
        "HistoricalPott": set(
            Pott.objects.filter(navn=demo_tilskudd.POTT_APEN).values_list("pk", flat=True)
        ),
        "HistoricalPottKilde": set(
            PottKilde.objects.filter(pott__navn=demo_tilskudd.POTT_APEN).values_list(
                "pk", flat=True
            )
        ),
        "HistoricalSoknad": set(
            Soknad.objects.filter(status="utkast").values_list("pk", flat=True)
        ),
        # The open round's own questions and the draft's answers to them.
        "HistoricalSporsmal": set(
            Sporsmal.objects.filter(runde__tittel=demo_tilskudd.RUNDE_3).values_list(
                "pk", flat=True
            )
        ),
        "HistoricalSvar": set(
            Svar.objects.filter(soknad__status="utkast").values_list("pk", flat=True)
        ),
        "HistoricalMote": set(Mote.objects.filter(start__gte=now).values_list("pk", flat=True)),
        "HistoricalMoteserie": set(
            Moteserie.objects.filter(forste_start__gte=now).values_list("pk", flat=True)
        ),
    }
    utenfor = []
    for model in historikkmodeller():
        for pk, dato in model.objects.values_list("id", "history_date"):
            if not 2018 <= timezone.localtime(dato).year <= 2023 and pk not in idag.get(
                model.__name__, ()
            ):
                utenfor.append((model.__name__, pk, dato))
    assert utenfor == []
    assert {m.fra.year for m in Teammedlem.objects.all()} <= {2018, 2020}
    hinder = Regelhinder.objects.get(tittel="Kriterier for å utpeke koordinator")
    assert timezone.localtime(hinder.opprettet).date().isoformat() == "2019-01-04"
    assert Utbetaling.objects.filter(dato__year__gt=2022).count() == 0
