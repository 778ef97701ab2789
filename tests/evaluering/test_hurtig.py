"""The dashboard's figures are rendered once per pilot, period and filter and kept until
the data under them changes (evaluering.views, felles.datastand.hurtig_fragment): a committed
assessment, meeting or kommune rename shows on the next request, and what depends on
the reader stays outside what is kept."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluering import services
from investering.services import mote_log


def _url(periode):
    return reverse("evaluering:dashboard", args=[periode.pilot.slug]) + f"?periode={periode.kode}"


@pytest.mark.django_db(transaction=True)
def test_committed_changes_show_at_once_and_reader_parts_are_not_kept(
    postgres, client, folk, vurdert, mal, halden, pilot, admin_bruker
):
    client.force_login(folk["styre"])
    forste = client.get(_url(vurdert)).content.decode()
    assert "Delt erfaringer" in forste and "Vurder måloppnåelse" not in forste
    with CaptureQueriesContext(connection) as lagret:
        assert client.get(_url(vurdert)).content.decode().count("I noen grad") == forste.count(
            "I noen grad"
        )
    # Kept: the goals and the kommuner's figures are not read again.
    assert not any('FROM "evaluering_analysekommune"' in q["sql"] for q in lagret.captured_queries)

    # An admin sees the same figures with their own buttons around them.
    client.force_login(folk["admin"])
    assert "Vurder måloppnåelse" in client.get(_url(vurdert)).content.decode()

    # A goal assessed (evaluering), a meeting held (investering), a kommune renamed.
    services.maloppnaelse_set(
        mal=mal[1],
        periode=vurdert,
        kommune=None,
        vurdering="stor",
        begrunnelse="Erfaringene er delt i alle kommunene.",
        vurdert_av=admin_bruker,
        dato=datetime.date(2025, 12, 2),
    )
    assert "Erfaringene er delt i alle kommunene." in client.get(_url(vurdert)).content.decode()
    mote_log(
        pilot=pilot,
        kommune=halden,
        type="fremdriftsmote",
        skrevet_av=admin_bruker,
        start=timezone.make_aware(datetime.datetime(2025, 9, 3, 10)),  # noqa: DTZ001
        referat="Fremdrift.",
    )
    rad = client.get(_url(vurdert)).context["rader"]
    assert next(r for r in rad if r["kommune"].pk == halden.pk)["moter"]["moter_holdt"] == 1
    halden.navn = "Halden kommune"
    halden.save(update_fields=["navn"])
    assert "Halden kommune" in client.get(_url(vurdert)).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_change_outside_the_kommuner_shown_leaves_their_figures_kept(
    postgres, client, folk, vurdert, halden, pilot, admin_bruker
):
    """The figures per kommune come from the analytics tables and are kept under the
    version of exactly the kommuners shown (evaluering.analyse.stand): a meeting in
    another fylke, or a draft value, does not make them be computed again; a meeting
    held in a kommune shown does, at once."""
    from kommuner.kunnskap.models import Indikator
    from kommuner.kunnskap.services import indikatorverdi_upsert
    from kommuner.services import deltakelse_upsert
    from tests.factories import KommuneFactory

    tromso = KommuneFactory(kommunenummer="5501", navn="Tromsø", fylke="55")
    deltakelse_upsert(pilot=pilot, kommune=tromso, status="deltar")
    indikator = Indikator.objects.create(
        navn="Andel barn i lavinntekt", enhet="prosent", retning="lavere", tema="barnefattigdom"
    )
    ostfold = _url(vurdert) + "&fylke=31"
    client.force_login(folk["styre"])

    def beregnet(url) -> bool:
        """Whether the request computed the figures again (read the analytics rows)."""
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return any('FROM "evaluering_analysekommune"' in q["sql"] for q in ctx.captured_queries)

    def mote(kommune):
        mote_log(
            pilot=pilot,
            kommune=kommune,
            type="fremdriftsmote",
            skrevet_av=admin_bruker,
            start=timezone.make_aware(datetime.datetime(2025, 9, 3, 10)),  # noqa: DTZ001
            referat="Fremdrift.",
        )

    assert beregnet(ostfold)
    assert not beregnet(ostfold)
    assert beregnet(_url(vurdert))
    # A meeting held in Tromsø: Østfold's figures stay kept, the whole country's not.
    mote(tromso)
    assert not beregnet(ostfold)
    assert beregnet(_url(vurdert))
    # A draft value in Halden counts nowhere: both stay kept.
    indikatorverdi_upsert(
        kommune=halden,
        indikator=indikator,
        periode="2025-H2",
        verdi=12,
        bruker=admin_bruker,
        send_inn=False,
    )
    assert not beregnet(ostfold)
    assert not beregnet(_url(vurdert))
    # A meeting held in Halden shows at once, in both.
    mote(halden)
    rader = client.get(ostfold).context["rader"]
    assert next(r for r in rader if r["kommune"].pk == halden.pk)["moter"]["moter_holdt"] == 1
    rader = client.get(_url(vurdert)).context["rader"]
    assert next(r for r in rader if r["kommune"].pk == halden.pk)["moter"]["moter_holdt"] == 1
    # The catalogue (its own group, not the values'): a new indicator is a new column.
    assert not beregnet(ostfold)
    indikator.navn = "Barn i lavinntekt"
    indikator.save(update_fields=["navn"])
    assert beregnet(ostfold)


@pytest.mark.django_db(transaction=True)
def test_a_warm_dashboard_is_one_kept_page_and_a_kommunes_change_computes_only_its_part(
    stemplet, client, folk, vurdert, halden, pilot, admin_bruker
):
    """Warm, the page below the heading is one kept copy (evaluering.views._dashboard_side):
    session, user, pilot, the latest meeting held, the filter's stamps, the kommuner's
    state and the page's stamps. A meeting held in a kommune shown computes the
    kommuner's figures again, and reads the filter and the pilot's grants from their
    own copies (kept under the page's stamps: felles.datastand)."""

    def mote(dag):
        mote_log(
            pilot=pilot,
            kommune=halden,
            type="fremdriftsmote",
            skrevet_av=admin_bruker,
            start=timezone.make_aware(datetime.datetime(2025, 9, dag, 10)),  # noqa: DTZ001
            referat="Fremdrift.",
        )

    mote(30)  # the pilot's latest meeting held, before and after
    client.force_login(folk["styre"])
    url = _url(vurdert)
    client.get(reverse("password_change"))  # the login's session is saved
    client.get(url)
    with CaptureQueriesContext(connection) as varm:
        assert client.get(url).status_code == 200
    assert len(varm) == 7, [q["sql"][:80] for q in varm.captured_queries]
    mote(3)
    with CaptureQueriesContext(connection) as etter:
        svar = client.get(url)
    sql = [q["sql"] for q in etter.captured_queries]
    assert any('FROM "evaluering_analysekommune"' in q for q in sql)  # the kommuner's figures
    assert not any('FROM "evaluering_mal" ' in q for q in sql)  # the goals: read
    assert not any('"tilskudd_pottkilde"' in q for q in sql)  # the grants: read
    assert not any('"kommune__fylke"' in q for q in sql)  # the filter: read
    rader = svar.context["rader"]
    assert next(r for r in rader if r["kommune"].pk == halden.pk)["moter"]["moter_holdt"] == 2
