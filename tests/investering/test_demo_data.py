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
