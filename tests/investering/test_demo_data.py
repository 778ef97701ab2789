from investering.models import Mote, Oppfolgingspunkt
from investering.selectors import leader_overview
from kommuner.models import Bruker


def test_seed_demo_adds_meeting_history(demo):
    halden = Mote.objects.get(kommune__navn="Halden", type="forankringsmote")
    assert halden.start.date().isoformat() == "2018-09-19"
    fredrikstad = Mote.objects.get(kommune__navn="Fredrikstad", type="avklaringsmote")
    tekster = list(fredrikstad.beslutninger.values_list("tekst", flat=True))
    assert "Rådmannen utformer tekst til vedtak." in tekster
    assert "Kommunen etablerer kontaktperson." in tekster
    assert (
        Mote.objects.filter(
            kommune__navn="Indre Østfold", type="fremdriftsmote", digitalt=True
        ).count()
        == 10
    )
    assert Mote.objects.filter(kommune__navn="Sarpsborg", start__year=2019, start__month=4).exists()
    lukket = Oppfolgingspunkt.objects.filter(lukket_i_mote__isnull=False)
    assert lukket.count() >= 3
    leder = Bruker.objects.get(email="leder.halden@demo.no")
    [halden_oversikt] = leader_overview(leder)
    assert halden_oversikt.neste_mote is not None
    assert halden_oversikt.siste_mote is not None


def test_demo_meeting_list_shows_next_and_last_held_first(demo):
    from django.utils import timezone

    from investering.selectors import STANDARDVINDU_DAGER, mote_oversikt

    admin = Bruker.objects.get(email="admin@demo.no")
    kommende, tidligere = mote_oversikt(admin)
    kommende = list(kommende)
    now = timezone.now()
    # The demo's planned progress meetings (a monthly series from next week): the
    # next one first, none beyond the window, none of the later ones above the held.
    assert kommende and kommende[0].tittel == "Fremdriftsmøte – Halden"
    assert kommende == sorted(kommende, key=lambda m: m.start)
    assert all(0 < (m.start - now).days <= STANDARDVINDU_DAGER + 1 for m in kommende)
    forste = tidligere.first()
    assert forste.start < now
    assert forste == Mote.objects.filter(start__lt=now).order_by("-start").first()


def test_demo_programme_financing_has_an_investment_leader_per_statsforvalter(demo, client):
    from django.urls import reverse

    from investering.demo_data import PROGRAMFINANSIERING_LEDERE
    from kommuner.models import Deltakelse

    deltakelser = Deltakelse.objects.filter(pilot__slug="programfinansiering").select_related(
        "kommune", "investeringsleder", "investeringsleder_etat"
    )
    assert deltakelser.count() == 12
    assert all(d.investeringsleder is not None for d in deltakelser)
    innlandet = {
        d.kommune.navn
        for d in deltakelser
        if d.investeringsleder.email == "leder.innlandet@demo.no"
    }
    # seed 004: the four Innlandet kommuner
    assert innlandet == {"Elverum", "Tynset", "Vestre Toten", "Nordre Land"}
    assert {d.investeringsleder_etat.kortnavn for d in deltakelser} == {
        kortnavn for kortnavn, *_rest in PROGRAMFINANSIERING_LEDERE
    }
    leder = Bruker.objects.get(email="leder.innlandet@demo.no")
    assert leder.fullt_navn.startswith("Demo ")  # a demo user, not a real person
    assert leder.check_password("demo-passord-2026")
    team = leder.teammedlemskap.get().team
    assert team.pilot.slug == "programfinansiering" and team.medlemmer.count() == 3
    # she sees her four kommuner on her own page
    client.force_login(leder)
    response = client.get(reverse("investering:mine_kommuner"))
    assert response.status_code == 200
    assert "Tynset" in response.content.decode()
    assert "Halden" not in response.content.decode()
