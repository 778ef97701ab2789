"""The knowledge-base page keeps its indicator tables until the data under them changes
(felles.datastand): a committed approval shows on the next request, and each language
and set of permissions has its own copy."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kommuner.kunnskap import services as svc

URL = "/kommuner/3101/kunnskapsgrunnlag/"


def _indikatordel(response) -> str:
    side = response.content.decode()
    return side[side.index('aria-labelledby="indikator-') : side.index("</main>")]


@pytest.mark.django_db(transaction=True)
def test_a_committed_approval_shows_at_once_and_each_language_has_its_copy(
    postgres, client, folk, sendt_halden
):
    client.force_login(folk["leder_halden"])
    forste = client.get(URL)
    assert forste.status_code == 200
    assert "Sendt inn" in _indikatordel(forste)
    with CaptureQueriesContext(connection) as lagret:
        igjen = client.get(URL)
    assert _indikatordel(igjen) == _indikatordel(forste)
    # Kept: the indicators, values, baselines and averages are not read again.
    assert not any('FROM "kommuner_nullpunkt"' in q["sql"] for q in lagret.captured_queries)

    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    etter = _indikatordel(client.get(URL))
    assert "Godkjent" in etter and "Sendt inn" not in etter

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    engelsk = _indikatordel(client.get(URL))
    assert "Average of participating municipalities" in engelsk
    assert "Snitt deltakende kommuner" not in engelsk


@pytest.mark.django_db(transaction=True)
def test_a_reader_without_approval_rights_gets_no_approver_links(postgres, client, folk, halden):
    # The approver's copy (with the values awaiting approval) is never served to a
    # contact person; an approved value is opened for correction from its history.
    verdi = svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=svc.indikator_upsert(
            navn="Sysselsetting", enhet="prosent", retning="hoyere", tema="arbeid"
        ),
        periode="2024",
        verdi=70,
        kommentar="",
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
    historikk = f"/kommuner/3101/kunnskapsgrunnlag/verdier/{verdi.pk}/historikk/"
    client.force_login(folk["leder_halden"])
    assert "Til godkjenning" in client.get(URL).content.decode()
    assert "Åpne for retting" in client.get(historikk).content.decode()
    client.force_login(folk["kontakt_halden"])
    assert "Til godkjenning" not in client.get(URL).content.decode()
    assert "Åpne for retting" not in client.get(historikk).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_kommune_number_change_gives_new_links_in_the_kept_tables(
    postgres, client, folk, halden, sendt_halden
):
    """Issue 21, item 4: the kept tables carry the kommune's number in their links."""
    from kommuner.models import Kommune

    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["leder_halden"])
    client.force_login(folk["leder_halden"])
    assert "/kommuner/3101/" in _indikatordel(client.get(URL))
    Kommune.objects.filter(pk=halden.pk).update(kommunenummer="3199")
    etter = _indikatordel(client.get("/kommuner/3199/kunnskapsgrunnlag/"))
    assert "/kommuner/3199/" in etter
    assert "/kommuner/3101/" not in etter


def _faner(response) -> str:
    side = response.content.decode()
    start = side.index('<nav class="mb-4" aria-label="Sider om')
    return side[start : side.index("</nav>", start)]


@pytest.mark.django_db(transaction=True)
def test_the_tabs_are_kept_with_the_tables_and_follow_a_kommune_name_and_number(
    postgres, stemplet, client, folk, halden
):
    """The page's tabs are in its kept part (``views.grunnlag._innhold``): once, with
    this page's tab active, and a kommune's new name or number shows at once."""
    from kommuner.models import Kommune

    client.force_login(folk["leder_halden"])
    forste = client.get(URL)
    assert forste.content.decode().count('<ul class="nav nav-tabs">') == 1
    faner = _faner(forste)
    assert 'aria-label="Sider om Halden"' in faner
    assert '/kommuner/3101/kunnskapsgrunnlag/" aria-current="page"' in faner
    with CaptureQueriesContext(connection) as lagret:
        assert _faner(client.get(URL)) == faner
    assert not _leser_tabellene(lagret.captured_queries)

    halden.navn = "Halden kommune"
    halden.save(update_fields=["navn"])
    assert 'aria-label="Sider om Halden kommune"' in _faner(client.get(URL))
    Kommune.objects.filter(pk=halden.pk).update(kommunenummer="3199")
    etter = _faner(client.get("/kommuner/3199/kunnskapsgrunnlag/"))
    assert "/kommuner/3199/tiltak/" in etter and "/kommuner/3101/" not in etter


SARPSBORG = "/kommuner/3105/kunnskapsgrunnlag/"


def _leser_tabellene(queries) -> bool:
    return any('FROM "kommuner_nullpunkt"' in q["sql"] for q in queries)


@pytest.mark.django_db(transaction=True)
def test_a_write_to_one_kommunes_values_leaves_another_kommunes_copy_in_use(
    postgres, client, folk, halden, indikator, indikator2, sendt_halden, sendt_sarpsborg
):
    """Issue 23: one kommune's values and baselines stamp only its own part of the
    group; another kommune's kept tables stay in use until the averages change."""
    svc.indikatorverdi_approve(verdi=sendt_sarpsborg, bruker=folk["admin"])
    client.force_login(folk["admin"])
    halden_for = _indikatordel(client.get(URL))
    sarpsborg_for = _indikatordel(client.get(SARPSBORG))
    assert '"snitt": [15.1]' in sarpsborg_for

    # A draft in Halden: Halden's page shows it at once ...
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator2,
        periode="2024",
        verdi=Decimal("33.3"),
        bruker=folk["kontakt_halden"],
        send_inn=False,
    )
    with CaptureQueriesContext(connection) as halden_q:
        halden_etter = _indikatordel(client.get(URL))
    assert _leser_tabellene(halden_q.captured_queries)
    assert halden_etter != halden_for
    assert "33,3" in halden_etter
    # ... Sarpsborg's kept copy stays in use (no table read again), the same as before.
    with CaptureQueriesContext(connection) as sarpsborg_q:
        assert _indikatordel(client.get(SARPSBORG)) == sarpsborg_for
    assert not _leser_tabellene(sarpsborg_q.captured_queries)

    # A baseline in Halden: the same.
    svc.nullpunkt_upsert(kommune=halden, indikator=indikator, periode="2023", verdi=Decimal(10))
    with CaptureQueriesContext(connection) as sarpsborg_q:
        assert _indikatordel(client.get(SARPSBORG)) == sarpsborg_for
    assert not _leser_tabellene(sarpsborg_q.captured_queries)

    # An approval in Halden changes the average Sarpsborg's page shows: it is new at once.
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["admin"])
    etter = _indikatordel(client.get(SARPSBORG))
    assert '"snitt": [14.65]' in etter


@pytest.mark.django_db(transaction=True)
def test_a_draft_changes_neither_the_averages_nor_their_stamp(
    postgres, folk, halden, sarpsborg, indikator, sendt_halden, sendt_sarpsborg
):
    from felles.models import Datastand
    from kommuner.apps import KUNNSKAP_SNITT
    from kommuner.kunnskap import selectors as sel
    from kommuner.kunnskap.models import Snittendring

    def stand():
        return sum(Datastand.objects.filter(gruppe=KUNNSKAP_SNITT).values_list("vekt", flat=True))

    svc.indikatorverdi_approve(verdi=sendt_sarpsborg, bruker=folk["admin"])
    assert sel.snitt_deltakende(["2024"]) == {(indikator.pk, "2024"): Decimal("15.1")}
    for_ = stand()
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2025",
        verdi=Decimal("99"),
        bruker=folk["kontakt_halden"],
        send_inn=False,
    )
    assert stand() == for_
    assert not Snittendring.objects.exists()
    assert sel.snitt_deltakende(["2024", "2025"]) == {(indikator.pk, "2024"): Decimal("15.1")}

    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["admin"])
    assert stand() != for_
    assert sel.snitt_deltakende(["2024"])[(indikator.pk, "2024")] == Decimal("14.65")


@pytest.mark.django_db(transaction=True)
def test_the_kept_averages_follow_every_kind_of_change(
    postgres, folk, pilot, halden, sarpsborg, indikator, sendt_halden, sendt_sarpsborg
):
    """The averages' table against the same average computed directly, after each
    change: approval, reopening, a changed approved value, a participation ended, a
    value deleted, a truncate."""
    from django.db.models import Avg

    from kommuner.kunnskap import snitt
    from kommuner.kunnskap.models import Indikatorverdi
    from kommuner.models import Deltakelse

    def direkte():
        return {
            (r["indikator_id"], r["periode"]): r["s"]
            for r in Indikatorverdi.objects.filter(
                status="godkjent",
                kommune__in=Deltakelse.objects.filter(status="deltar").values("kommune_id"),
            )
            .values("indikator_id", "periode")
            .annotate(s=Avg("verdi"))
            .order_by()
        }

    def lik():
        assert snitt.snitt(["2023", "2024"]) == direkte()

    lik()
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["admin"])
    lik()
    svc.indikatorverdi_approve(verdi=sendt_sarpsborg, bruker=folk["admin"])
    lik()
    svc.indikatorverdi_reopen(verdi=sendt_halden, bruker=folk["admin"], kommentar="Rett")
    lik()
    Indikatorverdi.objects.filter(pk=sendt_sarpsborg.pk).update(verdi=Decimal("20"))
    lik()
    Indikatorverdi.objects.filter(pk=sendt_sarpsborg.pk).update(periode="2023")
    lik()
    Deltakelse.objects.filter(kommune=sarpsborg).update(status="takket_nei")
    lik()
    Deltakelse.objects.filter(kommune=sarpsborg).update(status="deltar")
    lik()
    Indikatorverdi.objects.filter(pk=sendt_sarpsborg.pk).delete()
    lik()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE kommuner_indikatorverdi CASCADE")
    lik()


def _uten_token(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _godkjenning(response) -> str:
    side = response.content.decode()
    return side[side.index('id="behandling-overskrift"') : side.index(">Indikatorer</h2>")]


@pytest.mark.django_db(transaction=True)
def test_the_kept_approval_list_follows_submissions_names_and_ssb_conflicts(
    postgres, client, folk, halden, indikator, indikator2, sendt_halden
):
    """The values awaiting approval are part of the kept page: a submission, an
    approval, a rename of who submitted and an SSB conflict each show at once."""
    from kommuner.kunnskap.models import SsbKonflikt
    from kommuner.models import Bruker

    client.force_login(folk["admin"])
    forste = client.get(URL)
    assert "Kontakt Halden" in _godkjenning(forste)
    with CaptureQueriesContext(connection) as lagret:
        igjen = client.get(URL)
    assert not any('"kommuner_indikatorverdi"' in q["sql"] for q in lagret.captured_queries)
    assert _uten_token(_godkjenning(igjen)) == _uten_token(_godkjenning(forste))

    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator2,
        periode="2024",
        verdi=Decimal("7.5"),
        kommentar="Ny",
        bruker=folk["kontakt_halden"],
        send_inn=True,
    )
    assert "7,5" in _godkjenning(client.get(URL))
    Bruker.objects.filter(pk=folk["kontakt_halden"].pk).update(fullt_navn="Kari Kontakt")
    assert "Kari Kontakt" in _godkjenning(client.get(URL))
    SsbKonflikt.objects.create(verdi=sendt_halden, ssb_verdi=Decimal("99.9"), opphav="SSB 09817")
    assert "99,9" in client.get(URL).content.decode()
    svc.indikatorverdi_approve(verdi=sendt_halden, bruker=folk["admin"])
    assert f'id="behandle-{sendt_halden.pk}"' not in _godkjenning(client.get(URL))


@pytest.mark.django_db(transaction=True)
def test_the_kept_page_carries_each_readers_own_form_token_and_works(postgres, folk, sendt_halden):
    """The approval forms' tokens are put in per request (felles.skjematoken): two
    approvers served the same kept page each get their own token, and it is accepted."""
    import re

    from django.test import Client
    from django.urls import reverse

    from felles.skjematoken import PLASSHOLDER

    def tokens(c) -> set[str]:
        html = c.get(URL).content.decode()
        assert PLASSHOLDER not in html
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))

    admin, leder = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    admin.force_login(folk["admin"])
    leder.force_login(folk["leder_halden"])
    admin_tokens, leder_tokens = tokens(admin), tokens(leder)
    with CaptureQueriesContext(connection) as lagret:
        assert tokens(leder) and tokens(admin)
    assert not any('"kommuner_indikatorverdi"' in q["sql"] for q in lagret.captured_queries)
    assert admin_tokens and leder_tokens
    url = reverse("kommuner:behandle", args=["3101", sendt_halden.pk])
    data = {"versjon": sendt_halden.versjon, "handling": "godkjenn"}
    # The admin's token is not the leader's: refused; the leader's own is accepted.
    avvist = leder.post(url, {**data, "csrfmiddlewaretoken": admin_tokens.pop()})
    assert avvist.status_code == 403
    svar = leder.post(url, {**data, "csrfmiddlewaretoken": leder_tokens.pop()})
    assert svar.status_code in (200, 302)
    sendt_halden.refresh_from_db()
    assert sendt_halden.status == "godkjent"


@pytest.mark.django_db(transaction=True)
def test_a_reader_who_may_not_approve_gets_no_kept_approval_list(
    postgres, client, folk, sendt_halden
):
    client.force_login(folk["admin"])
    assert "Til godkjenning" in client.get(URL).content.decode()
    client.force_login(folk["kontakt_halden"])
    side = client.get(URL).content.decode()
    hoved = side[side.index("<main") : side.index("</main>")]
    assert "Til godkjenning" not in hoved and "csrfmiddlewaretoken" not in hoved


@pytest.mark.django_db(transaction=True)
def test_a_changed_value_renders_its_own_indicator_card_only(postgres, client, folk, halden):
    """Each indicator's card is kept by what it shows (views.grunnlag._indikator): a
    changed value renders that card again, at once, and the others are read (a new
    period would change every card: each shows the page's periods)."""
    indikatorer = [
        svc.indikator_upsert(navn=f"Indikator {i}", enhet="prosent", retning="hoyere", tema="annet")
        for i in range(3)
    ]
    for ind in indikatorer:
        verdi = svc.indikatorverdi_upsert(
            kommune=halden,
            indikator=ind,
            periode="2024",
            verdi=Decimal("40"),
            bruker=folk["kontakt_halden"],
            send_inn=True,
        )
        svc.indikatorverdi_approve(verdi=verdi, bruker=folk["leder_halden"])
        svc.indikatorverdi_upsert(
            kommune=halden,
            indikator=ind,
            periode="2025",
            verdi=Decimal("41"),
            bruker=folk["kontakt_halden"],
            send_inn=False,
        )
    client.force_login(folk["leder_halden"])

    def kort(response) -> int:
        """How many indicator cards the request rendered."""
        return sum(t.name == "kommuner/kunnskap/_indikator.html" for t in response.templates)

    assert kort(client.get(URL)) == 3
    assert kort(client.get(URL)) == 0  # the page below its heading is kept
    svc.indikatorverdi_upsert(
        kommune=halden,
        indikator=indikatorer[1],
        periode="2025",
        verdi=Decimal("57.5"),
        bruker=folk["kontakt_halden"],
        send_inn=False,
    )
    etter = client.get(URL)
    assert kort(etter) == 1
    assert "57,5" in _indikatordel(etter)
    # The other cards as they were: the same HTML as a page rendered from nothing.
    from felles import hurtigbuffer

    hurtigbuffer.tom()
    fra_grunnen = client.get(URL)
    assert kort(fra_grunnen) == 3
    assert _indikatordel(fra_grunnen) == _indikatordel(etter)
