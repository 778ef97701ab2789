"""One rule for what an indicator shows for a kommune and period
(``evaluering.kilder.indikatorverdier``): the kommune table's column, the comparison
chart and the chart's number table all read it, so they cannot disagree. Tested on a
pilot after a year and a half of work (tests/realistisk.py)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kommuner.kunnskap import services as kunnskap
from kommuner.models import Indikatorverdi


def _dashboard(client, data, periode, indikator=None):
    url = reverse("evaluering:dashboard", args=[data.pilot.slug]) + f"?periode={periode}"
    if indikator is not None:
        url += f"&indikator={indikator.pk}"
    response = client.get(url)
    assert response.status_code == 200
    return response


def _cells(html: str, start_marker: str) -> dict[str, str]:
    """Kommune name → the text of the last cell of its row, in the first table after
    ``start_marker``."""
    table = html[html.index(start_marker) :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
        name = re.search(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', row)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        if name and cells:
            text = re.sub(r"<[^>]+>", "", cells[-1])
            rows[name.group(1).strip()] = re.sub(r"\s+", " ", text).strip()
    return rows


@pytest.mark.parametrize("periode", ["2025-H1", "2025-H2"])
def test_kommune_row_chart_and_table_agree_for_every_indicator(
    client, pilot_etter_ett_aar, styre, periode
):
    data = pilot_etter_ett_aar
    client.force_login(styre)
    for indikator in [None, *data.indikatorer]:
        response = _dashboard(client, data, periode, indikator)
        context = response.context
        sammenligning = context["sammenligning"]
        assert sammenligning["indikator"] == (indikator or data.indikatorer[0])
        rader = {r["kommune"].navn: r["indikatorer"] for r in context["rader"]}
        tabell = dict(sammenligning["rader"])
        assert rader == tabell
        chart = dict(
            zip(sammenligning["chart"]["labels"], sammenligning["chart"]["verdier"], strict=True)
        )
        assert chart == {navn: float(v["verdi"]) for navn, v in rader.items()}
        # And the page says the same in both places.
        html = response.content.decode()
        assert _cells(html, "Status per kommune i perioden") == _cells(
            html, f'<caption class="visually-hidden">{sammenligning["indikator"].navn}'
        )


def test_the_rule_approved_values_only_latest_period_ended(client, pilot_etter_ett_aar, styre):
    data = pilot_etter_ett_aar
    client.force_login(styre)
    indikator = data.indikatorer[1]
    response = _dashboard(client, data, "2025-H2", indikator)
    rader = {r["kommune"].navn: r["indikatorer"] for r in response.context["rader"]}
    # Halden (k=0): 2025-H2 approved; start 12.40 + 20, five steps of 0.35 down.
    assert rader["Halden"]["periode"] == "2025-H2"
    assert rader["Halden"]["verdi"] == Decimal("30.65")
    assert rader["Halden"]["endring"] == Decimal("-1.75")
    # Sarpsborg (k=1): its 2025-H2 figure is sent in, not approved: 2025-H1 counts.
    assert rader["Sarpsborg"]["periode"] == "2025-H1"
    assert rader["Sarpsborg"]["verdi"] == Decimal("33.40") - Decimal("1.40")
    response = _dashboard(client, data, "2025-H1", indikator)
    rader = {r["kommune"].navn: r["indikatorer"] for r in response.context["rader"]}
    assert rader["Halden"]["periode"] == "2025-H1"


def test_a_figure_the_source_does_not_publish_does_not_hide_the_last_one(
    client, pilot_etter_ett_aar, styre
):
    data = pilot_etter_ett_aar
    halden = data.kommuner[0]
    indikator = data.indikatorer[0]
    Indikatorverdi.objects.filter(kommune=halden, indikator=indikator, periode="2025-H2").update(
        verdi=None, mangler_grunn="Ikke publisert av SSB"
    )
    client.force_login(styre)
    response = _dashboard(client, data, "2025-H2")
    halden_rad = next(r for r in response.context["rader"] if r["kommune"] == halden)
    assert halden_rad["indikatorer"]["periode"] == "2025-H1"
    assert dict(response.context["sammenligning"]["rader"])["Halden"] == halden_rad["indikatorer"]


def test_a_baseline_measured_after_the_period_does_not_count_yet(
    client, pilot_etter_ett_aar, styre
):
    data = pilot_etter_ett_aar
    halden = data.kommuner[0]
    indikator = data.indikatorer[0]
    kunnskap.nullpunkt_upsert(
        kommune=halden, indikator=indikator, periode="2025-H2", verdi=Decimal("10.65")
    )
    client.force_login(styre)
    h1 = _dashboard(client, data, "2025-H1")
    rad = next(r for r in h1.context["rader"] if r["kommune"] == halden)["indikatorer"]
    assert rad["nullpunkt"] is None and rad["endring"] is None and rad["verdi"] is not None
    assert dict(h1.context["sammenligning"]["rader"])["Halden"] == rad
    mal_1 = h1.context["mal"][0]
    assert mal_1["mangler_nullpunkt"] == ["Halden"]
    assert "nullpunkt mangler" in _cells(h1.content.decode(), "Status per kommune")["Halden"]
    h2 = _dashboard(client, data, "2025-H2")
    rad = next(r for r in h2.context["rader"] if r["kommune"] == halden)["indikatorer"]
    assert rad["nullpunkt"] == Decimal("10.65") and rad["endring"] == Decimal("0")
    assert h2.context["mal"][0]["mangler_nullpunkt"] == []


def test_figures_are_written_the_norwegian_way_without_trailing_zeros(
    client, pilot_etter_ett_aar, styre
):
    data = pilot_etter_ett_aar
    client.force_login(styre)
    html = _dashboard(client, data, "2025-H2").content.decode()
    halden = _cells(html, "Status per kommune i perioden")["Halden"]
    # 10.6500 approved, baseline 12.4000: no trailing zeros, comma, minus sign.
    assert halden == "10,65 (2025-H2); nullpunkt 12,4 (2023-H1), endring −1,75"
    assert "12,40" not in html


def test_a_fetched_value_shows_where_it_came_from(client, pilot_etter_ett_aar, styre):
    data = pilot_etter_ett_aar
    halden = data.kommuner[0]
    Indikatorverdi.objects.filter(
        kommune=halden, indikator=data.indikatorer[0], periode="2025-H2"
    ).update(opphav="SSB, tabell 12345, hentet 01.12.2026")
    client.force_login(styre)
    response = _dashboard(client, data, "2025-H2")
    html = response.content.decode()
    rad = _cells(html, "Status per kommune i perioden")
    tabell = _cells(html, f'<caption class="visually-hidden">{data.indikatorer[0].navn}')
    assert rad["Halden"].endswith("; kilde: SSB, tabell 12345, hentet 01.12.2026")
    assert tabell["Halden"] == rad["Halden"]
    # A figure a person entered has no stored origin and shows none.
    assert "kilde" not in rad["Sarpsborg"]
