import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from evaluering import services
from evaluering.models import Evalueringsnotat, Refleksjonssvar, Statusrapport
from investering.services import mote_log
from kommuner.models import Indikator, Indikatorverdi, Nullpunkt
from kommuner.services import deltakelse_upsert
from tests.evaluering.conftest import publish
from tests.factories import KommuneFactory
from tilskudd.models import Tilskuddsordning
from tilskudd.services import pott_upsert, tildeling_upsert, utbetaling_create

READERS = ["leder_halden", "admin", "styre", "forsker", "team"]


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def dashboard_url(periode):
    return reverse("evaluering:dashboard", args=[periode.pilot.slug]) + f"?periode={periode.kode}"


@pytest.mark.parametrize("person", READERS)
def test_readers_open_the_dashboard(client, folk, vurdert, person):
    client.force_login(folk[person])
    response = client.get(dashboard_url(vurdert))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Halvårsrapport: Testpiloten" in page
    assert "I noen grad" in page  # colour and text
    assert "Halden" in page and "Sarpsborg" in page


@pytest.mark.parametrize("person", ["kontakt_halden", "kontakt_sarpsborg"])
def test_contact_persons_do_not_get_the_pilot_wide_dashboard(client, folk, vurdert, person):
    client.force_login(folk[person])
    assert client.get(dashboard_url(vurdert)).status_code == 403
    assert (
        client.get(reverse("evaluering:rapporter", args=["testpilot", "2025-H2"])).status_code
        == 403
    )


def test_dashboard_filters_by_fylke_and_unknown_period_falls_back(client, folk, vurdert, pilot):
    trondheim = KommuneFactory(kommunenummer="5001", navn="Trondheim")
    deltakelse_upsert(pilot=pilot, kommune=trondheim, status="deltar")
    client.force_login(folk["styre"])
    page = client.get(dashboard_url(vurdert) + "&fylke=50").content.decode()
    assert "Trondheim" in page and ">Halden<" not in page
    assert (
        client.get(
            reverse("evaluering:dashboard", args=["testpilot"]) + "?periode=tull"
        ).status_code
        == 200
    )
    assert client.get(reverse("evaluering:dashboard", args=["finnes-ikke"])).status_code == 404


def _fill_kommune(kommune, *, pilot, periode, mal, admin, indikator, meetings, pott):
    deltakelse_upsert(pilot=pilot, kommune=kommune, status="deltar")
    tildeling = tildeling_upsert(pott=pott, belop=200_000, user=admin, kommune=kommune)
    utbetaling_create(
        user=admin, belop=100_000, dato=datetime.date(2025, 9, 15), tildeling=tildeling
    )
    services.maloppnaelse_set(
        mal=mal[1],
        periode=periode,
        kommune=kommune,
        vurdering="liten",
        begrunnelse="x",
        vurdert_av=admin,
    )
    Nullpunkt.objects.create(kommune=kommune, indikator=indikator, periode="2020", verdi=10)
    Indikatorverdi.objects.create(
        kommune=kommune, indikator=indikator, periode="2025-H1", verdi=8, status="godkjent"
    )
    for day in range(1, meetings + 1):
        mote_log(
            pilot=pilot,
            kommune=kommune,
            type="fremdriftsmote",
            skrevet_av=admin,
            start=timezone.make_aware(datetime.datetime(2025, 9, day, 10)),  # noqa: DTZ001
            referat="Fremdrift.",
            beslutninger=["Videre."],
            oppfolgingspunkter=[{"tekst": "Følg opp", "frist": datetime.date(2025, 10, 1)}],
        )


@pytest.mark.parametrize("antall", [2, 20])
def test_dashboard_query_count_is_constant_in_kommuner_meetings_and_values(
    postgres, client, folk, vurdert, pilot, mal, admin_bruker, django_assert_num_queries, antall
):
    indikator = Indikator.objects.create(
        navn="Andel barn i lavinntekt", enhet="prosent", retning="lavere", tema="barnefattigdom"
    )
    mal[1].indikatorer.add(indikator)
    ordning = Tilskuddsordning.objects.create(navn="Prosjektskjønn")
    pott = pott_upsert(
        navn="Pott 2025", aar=2025, total=10_000_000, kilder=[(ordning, None)], pilot=pilot
    )
    for i in range(antall):
        kommune = KommuneFactory(kommunenummer=f"46{i + 1:02d}", navn=f"K{i:02d}")
        _fill_kommune(
            kommune,
            pilot=pilot,
            periode=vurdert,
            mal=mal,
            admin=admin_bruker,
            indikator=indikator,
            meetings=3,
            pott=pott,
        )
    client.force_login(folk["styre"])
    # session, user with roles, pilot, the pilot's latest meeting held (default
    # period), the filter's stamps (felles.datastand), periods, fylker of the
    # participations (what the filter chose); the state of the kommuner's analytics rows
    # (evaluering.selectors.analysestand, one query), marked by this test's writes,
    # so their ids and marks are read and they are computed again in a savepoint (2):
    # their locks, the marks with their kommuner, participations, periods, meetings,
    # follow-up points, rule barriers, decisions, allocations, payments, approved values, baselines,
    # their rows and the new ones of both tables (4), their new versions, the marks
    # removed; the state again; the stamps of the page below the heading; what the
    # filter chose again, and again for its form (periods, fylker: 4, as nothing is kept
    # in a transaction that wrote, as this test's does), pilots (nav), published report;
    # participations with kommune and etat, the marks of their analytics rows (once for
    # every read below: analyse.ajour), goals, overall assessments (every period, for
    # the chart), the period's per-kommune assessments, key indicator; the meetings'
    # and the money's figures (one read of the rows), the indicator's (rows);
    # goal↔indicator links, baselines (goal flags: rows of the analytics table),
    # meetings per half-year (rows), grants per year and scheme (decisions,
    # allocations, payments, pots, their sources: kept on their own under the page's
    # stamps), indicator choices (filter form), session save (3)
    with django_assert_num_queries(58):
        response = client.get(dashboard_url(vurdert))
    assert response.status_code == 200
    assert len(response.context["rader"]) == antall + 2
    row = next(r for r in response.context["rader"] if r["kommune"].navn == "K00")
    assert row["moter"]["moter_holdt"] == 3
    assert row["indikatorer"]["endring"] == -2
    assert row["tilskudd"]["utbetalt"] == 100_000
    chart = response.context["moter_chart"]
    assert chart["labels"] == ["2025-H2"]
    assert next(x for x in chart["serier"] if x["navn"] == "K00")["verdier"] == [3]
    [linje] = response.context["tilskudd_linjer"]
    assert (linje["aar"], linje["innvilget"], linje["utbetalt"]) == (
        "2025",
        200_000 * antall,
        100_000 * antall,
    )
    flagged = response.context["mal"][1]["mangler_nullpunkt"]
    assert flagged == ["Halden", "Sarpsborg"]  # the two without baseline


def test_admin_orders_report_now_and_it_is_ready(
    client, folk, vurdert, django_capture_on_commit_callbacks
):
    client.force_login(folk["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluering:rapport_bestill", args=["testpilot", "2025-H2"]))
    assert response.status_code == 302
    rapport = Statusrapport.objects.get()
    # Eager in tests: the task has run on commit.
    assert rapport.status == Statusrapport.Status.UTKAST
    status = client.get(reverse("evaluering:rapport_status", args=[rapport.pk])).content.decode()
    assert "Utkast" in status and "hx-get" not in status
    pdf = client.get(reverse("evaluering:rapport_pdf", args=[rapport.pk]))
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "Testpiloten" in text and "Halden" in text and "Samordnet mot kommunene." in text


@pytest.mark.parametrize("person", ["styre", "forsker", "team", "leder_halden", "kontakt_halden"])
def test_only_admins_order_and_publish(client, folk, vurdert, admin_bruker, person):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    services.statusrapport_render(rapport_id=rapport.pk)
    client.force_login(folk[person])
    url = reverse("evaluering:rapport_bestill", args=["testpilot", "2025-H2"])
    assert client.post(url).status_code == 403
    assert client.post(reverse("evaluering:rapport_publiser", args=[rapport.pk])).status_code == 403
    assert Statusrapport.objects.get(pk=rapport.pk).status == Statusrapport.Status.UTKAST


def test_drafts_are_for_admins_published_for_all_readers(client, folk, vurdert, admin_bruker):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    services.statusrapport_render(rapport_id=rapport.pk)
    url = reverse("evaluering:rapport_pdf", args=[rapport.pk])
    client.force_login(folk["styre"])
    assert client.get(url).status_code == 404
    client.force_login(folk["admin"])
    assert client.get(url).status_code == 200
    services.statusrapport_publish(
        rapport=Statusrapport.objects.get(pk=rapport.pk), publisert_av=admin_bruker, varsle=False
    )
    for person in READERS:
        client.force_login(folk[person])
        assert client.get(url).status_code == 200, person
    for person in ["kontakt_halden", "kontakt_sarpsborg"]:
        client.force_login(folk[person])
        assert client.get(url).status_code == 404, person


def test_publish_from_the_page(
    client, folk, vurdert, admin_bruker, styre, mailoutbox, django_capture_on_commit_callbacks
):
    rapport = services.statusrapport_bestill(periode=vurdert, bestilt_av=admin_bruker)
    services.statusrapport_render(rapport_id=rapport.pk)
    client.force_login(folk["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluering:rapport_publiser", args=[rapport.pk]), follow=True
        )
    assert "publisert og sendes til styringsgruppen" in response.content.decode()
    assert [m.to for m in mailoutbox] == [[styre.email]]
    again = client.post(reverse("evaluering:rapport_publiser", args=[rapport.pk]), follow=True)
    assert "Bare et ferdig utkast kan publiseres." in again.content.decode()


def test_kommune_pdf_follows_kommune_access(client, folk, vurdert):
    url_halden = reverse("evaluering:kommune_pdf", args=["testpilot", "2025-H2", "3101"])
    url_sarpsborg = reverse("evaluering:kommune_pdf", args=["testpilot", "2025-H2", "3105"])
    client.force_login(folk["kontakt_halden"])
    response = client.get(url_halden)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Status for Halden" in text and "30\xa0840" in text and "I stor grad" in text
    assert client.get(url_sarpsborg).status_code == 404
    for person in READERS:
        client.force_login(folk[person])
        assert client.get(url_sarpsborg).status_code == 200


def test_assessment_form_saves_and_rejects_bad_input(client, folk, periode, mal, halden):
    client.force_login(folk["admin"])
    url = reverse("evaluering:vurdering", args=["testpilot", "2025-H2"])
    response = client.post(url, {"mal": mal[1].pk, "vurdering": "ikke_malbart", "begrunnelse": ""})
    assert response.status_code == 200 and "Feltet er påkrevet." in response.content.decode()
    response = client.post(url, {"mal": mal[1].pk, "vurdering": "tull", "begrunnelse": "x"})
    assert response.status_code == 200
    response = client.post(
        url, {"mal": mal[1].pk, "vurdering": "ikke_malbart", "begrunnelse": "Ingen nullpunkt."}
    )
    assert response.status_code == 302
    client.force_login(folk["styre"])
    assert client.post(url, {}).status_code == 403
    page = client.get(dashboard_url(periode)).content.decode()
    assert "Ikke målbart – mangler nullpunkt" in page


@pytest.fixture
def skjema(pilot, periode, halden, sarpsborg):
    return services.refleksjonsskjema_create(
        pilot=pilot,
        periode=periode,
        tittel="Refleksjon 2025",
        innledning="",
        pastander=["Vi samarbeider på tvers", "Vi har handlingsrom"],
        kommuner=[halden, sarpsborg],
    )


def test_contact_person_answers_once_and_sees_only_own_answers(
    client, folk, skjema, sarpsborg, kontakt_sarpsborg
):
    p1, p2 = skjema.pastander.all()
    services.refleksjonssvar_submit(
        skjema=skjema,
        kommune=sarpsborg,
        besvart_av=kontakt_sarpsborg,
        verdier={p1.pk: 2, p2.pk: 2},
        fritekst="Sarpsborgs hemmelighet",
    )
    client.force_login(folk["kontakt_halden"])
    svar_url = reverse("evaluering:skjema_svar", args=[skjema.pk])
    bad = client.post(svar_url, {f"p{p1.pk}": "9", f"p{p2.pk}": "3"})
    assert (
        bad.status_code == 200
        and not Refleksjonssvar.objects.filter(kommune__navn="Halden").exists()
    )
    ok = client.post(svar_url, {f"p{p1.pk}": "5", f"p{p2.pk}": "4", "fritekst": "Bra"})
    assert ok.status_code == 302
    detail = client.get(reverse("evaluering:skjema", args=[skjema.pk])).content.decode()
    assert "Bra" in detail and "Sarpsborgs hemmelighet" not in detail
    assert ">Sarpsborg<" not in detail
    again = client.post(svar_url, {f"p{p1.pk}": "1", f"p{p2.pk}": "1"})
    assert "allerede svart" in again.content.decode()
    client.force_login(folk["forsker"])
    detail = client.get(reverse("evaluering:skjema", args=[skjema.pk])).content.decode()
    assert "Sarpsborgs hemmelighet" in detail and "Bra" in detail
    assert "3,5" in detail or "3.5" in detail  # mean of 5 and 2


def test_form_not_sent_to_kommune_is_hidden(client, pilot, periode, halden, kontakt_sarpsborg):
    skjema = services.refleksjonsskjema_create(
        pilot=pilot,
        periode=periode,
        tittel="Bare Halden",
        innledning="",
        pastander=["x"],
        kommuner=[halden],
    )
    client.force_login(kontakt_sarpsborg)
    assert client.get(reverse("evaluering:skjema", args=[skjema.pk])).status_code == 404
    assert client.get(reverse("evaluering:skjema_svar", args=[skjema.pk])).status_code == 404
    assert "Bare Halden" not in client.get(reverse("evaluering:skjema_list")).content.decode()


def test_admin_creates_form_and_empty_statements_are_refused(client, folk, periode, halden):
    client.force_login(folk["admin"])
    url = reverse("evaluering:skjema_ny", args=["testpilot"])
    bad = client.post(
        url, {"periode": "2025-H2", "tittel": "T", "pastander": " \n ", "kommuner": [halden.pk]}
    )
    assert "Feltet er påkrevet." in bad.content.decode()
    too_long = client.post(
        url, {"periode": "2025-H2", "tittel": "T", "pastander": "x" * 401, "kommuner": [halden.pk]}
    )
    assert "høyst 400 tegn" in too_long.content.decode()
    good = client.post(
        url, {"periode": "2025-H2", "tittel": "T", "pastander": "A\nB", "kommuner": [halden.pk]}
    )
    assert good.status_code == 302
    client.force_login(folk["styre"])
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("side", ["1", "2"])
def test_skjema_list_query_count(
    client, folk, pilot, periode, halden, sarpsborg, side, django_assert_num_queries
):
    for i in range(55):
        skjema = services.refleksjonsskjema_create(
            pilot=pilot,
            periode=periode,
            tittel=f"S{i:02d}",
            innledning="",
            pastander=["x"],
            kommuner=[halden, sarpsborg],
        )
    for kommune in (halden, sarpsborg):
        Refleksjonssvar.objects.create(
            skjema=skjema, kommune=kommune, besvart_av=folk["admin"], besvart=timezone.now()
        )
    client.force_login(folk["admin"])
    url = reverse("evaluering:skjema_list") + f"?side={side}"
    client.get(url)  # the first page after login renews the session
    # 1 session, 2 user with roles, 3 the reflection and evaluation tables' stamps
    # (felles.datastand; written by this test's transaction, so the list is computed,
    # not kept: kept, the page is these three), 4 count, 5 the page's forms with
    # period, pilot and the number of answers (a subquery), 6 pilots (the admin's "new
    # form" buttons).
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Side {side} av 2" in content
    assert content.count('<td class="num">') == (50 if side == "1" else 5)
    if side == "2":
        assert '<td class="num">2</td>' in content  # S54's two answers, counted


def test_researcher_writes_notes_others_read_contact_only_own(client, folk, periode):
    url = reverse("evaluering:notater", args=["testpilot", "3101"])
    client.force_login(folk["forsker"])
    assert client.post(url, {"periode": "2025-H2", "tekst": "Godt samarbeid"}).status_code == 302
    assert Evalueringsnotat.objects.get().tekst == "Godt samarbeid"
    for person in ["styre", "leder_halden", "kontakt_halden"]:
        client.force_login(folk[person])
        assert "Godt samarbeid" in client.get(url).content.decode()
        assert client.post(url, {"periode": "2025-H2", "tekst": "x"}).status_code == 403
    client.force_login(folk["kontakt_sarpsborg"])
    assert client.get(url).status_code == 404
    assert Evalueringsnotat.objects.count() == 1


def test_published_report_on_dashboard(client, folk, vurdert, admin_bruker):
    rapport = publish(vurdert, admin_bruker)
    client.force_login(folk["styre"])
    page = client.get("/").content.decode()
    assert reverse("evaluering:rapport_pdf", args=[rapport.pk]) in page


def test_dashboard_filters_by_theme(client, folk, vurdert, halden, sarpsborg):
    from kommuner.models import Utfordringsbilde

    Utfordringsbilde.objects.create(kommune=halden, tema="barnefattigdom", tekst="<p>x</p>")
    Utfordringsbilde.objects.create(kommune=sarpsborg, tema="bolig", tekst="<p>y</p>")
    client.force_login(folk["styre"])
    response = client.get(dashboard_url(vurdert) + "&tema=barnefattigdom")
    assert [r["kommune"].navn for r in response.context["rader"]] == ["Halden"]
    response = client.get(dashboard_url(vurdert) + "&tema=ukjent")
    assert len(response.context["rader"]) == 2  # an invalid filter is ignored, not a 500


def test_dashboard_and_steering_group_home_speak_english_to_english_users(
    client, folk, vurdert, settings
):
    client.force_login(folk["styre"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in [dashboard_url(vurdert), "/"]:
        page = client.get(url).content.decode()
        assert "Half-year report: Testpiloten" in page
        assert "Indicator in the comparison" in page and "The key indicator" in page
        assert "Indikator i sammenligningen" not in page


def test_status_report_charts_write_missing_values_in_the_users_language():
    from django.utils import translation

    from felles.svg import bar_chart

    with translation.override("en"):
        chart = bar_chart([("Mål 1", None), ("Mål 2", 3)], title="Goal attainment")
    assert "missing" in chart and "mangler" not in chart
    assert 'aria-label="Goal attainment"' in chart and "<title>Goal attainment</title>" in chart


def test_demo_shows_the_5d_phase_where_the_pilot_uses_it(client, demo):
    from kommuner.models import Bruker

    client.force_login(Bruker.objects.get(email="styre@demo.no"))
    ostfold = client.get(reverse("evaluering:dashboard", args=["velferdspiloten-ostfold"]))
    assert ostfold.status_code == 200
    html = ostfold.content.decode()
    assert "5D-fase" in html
    assert "Undersøkelsesfasen" in html and "Definisjonsfasen" in html
    fase = {r["kommune"].navn: r["deltakelse"].fase for r in ostfold.context["rader"]}
    assert all(fase.values()), fase
    # The programme-financing pilot did not use the 5D model: no column.
    program = client.get(reverse("evaluering:dashboard", args=["programfinansiering"]))
    assert program.status_code == 200
    assert "5D-fase" not in program.content.decode()


@pytest.mark.django_db(transaction=True)
def test_ordering_a_report_without_a_broker_says_it_was_made(client, folk, vurdert):
    # No broker (eager, as without Redis): the job runs when the order is committed,
    # inside the request, so the page says the report is made, not that it is queued.
    client.force_login(folk["admin"])
    response = client.post(
        reverse("evaluering:rapport_bestill", args=["testpilot", "2025-H2"]), follow=True
    )
    assert response.status_code == 200
    meldinger = [str(m) for m in response.context["messages"]]
    assert meldinger == ["Rapporten (versjon 1) er laget."]
    assert Statusrapport.objects.get().status == Statusrapport.Status.UTKAST
