"""The dashboard's cells written in Python (``evaluering.templatetags.dashboard_tall``)
give the same HTML as the include templates they replaced, in every case and
language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from evaluering.models import Maloppnaelse

# The include templates as they were (templates/evaluering/_indikatorverdi.html and
# _skala.html, each with its closing newline).
GAMMEL_VERDI = '{% load i18n %}{% if v.verdi is not None %}{{ v.verdi|desimal }}{% if v.periode %} ({{ v.periode }}){% endif %}{% if v.nullpunkt is not None %}; {% blocktranslate with np=v.nullpunkt|desimal nper=v.nullpunkt_periode %}nullpunkt {{ np }} ({{ nper }}){% endblocktranslate %}, {% translate "endring" %} {% if v.endring > 0 %}+{% endif %}{{ v.endring|desimal }}{% else %}; <span class="mangler">{% translate "nullpunkt mangler" %}</span>{% endif %}{% if v.opphav %}; <span class="opphav">{% blocktranslate with opphav=v.opphav %}kilde: {{ opphav }}{% endblocktranslate %}</span>{% endif %}{% else %}{% translate "ingen godkjent verdi" %}{% if v.nullpunkt is None %}; <span class="mangler">{% translate "nullpunkt mangler" %}</span>{% endif %}{% endif %}\n'  # noqa: E501
GAMMEL_SKALA = '{% load i18n %}{% if v %}<span class="skala {{ v.css }}">{{ v.get_vurdering_display }}</span>{% else %}<span class="text-muted">{% translate "Ikke vurdert" %}</span>{% endif %}\n'  # noqa: E501
NY_VERDI = "{% load dashboard_tall %}{{ v|indikatorverdi }}"
NY_SKALA = "{% load dashboard_tall %}{{ v|skala }}"


def _verdi(**felt) -> dict:
    v = {
        "indikator": "Andel",
        "enhet": "prosent",
        "periode": None,
        "verdi": None,
        "opphav": "",
        "nullpunkt_periode": None,
        "nullpunkt": None,
        "endring": None,
    }
    v.update(felt)
    if v["verdi"] is not None and v["nullpunkt"] is not None:
        v["endring"] = v["verdi"] - v["nullpunkt"]
    return v


VERDIER = [
    _verdi(),
    _verdi(nullpunkt=Decimal("3.5"), nullpunkt_periode="2020"),
    _verdi(verdi=Decimal("12.40"), periode="2025-H2"),
    _verdi(verdi=Decimal("1400000"), periode="2025", nullpunkt=Decimal("1000"),
           nullpunkt_periode="2020"),
    _verdi(verdi=Decimal("-1.75"), periode=None, nullpunkt=Decimal("2"),
           nullpunkt_periode="2020-H1"),
    _verdi(verdi=Decimal("2"), periode="2024", nullpunkt=Decimal("2"), nullpunkt_periode="2020",
           opphav="SSB, tabell <12345> & co"),
    _verdi(verdi=Decimal("0"), periode="2024", opphav="SSB"),
]  # fmt: skip


@pytest.mark.parametrize("sprak", ["nb", "nn", "en"])
def test_an_indicators_cell_is_the_same_html_as_the_include(sprak):
    with translation.override(sprak):
        for v in VERDIER:
            gammel = Template(GAMMEL_VERDI).render(Context({"v": v}))
            assert Template(NY_VERDI).render(Context({"v": v})) == gammel


@pytest.mark.parametrize("sprak", ["nb", "nn"])
def test_an_assessment_is_the_same_html_as_the_include(sprak):
    with translation.override(sprak):
        for v in [None, Maloppnaelse(vurdering="stor"), Maloppnaelse(vurdering="ikke_malbart")]:
            gammel = Template(GAMMEL_SKALA).render(Context({"v": v}))
            assert Template(NY_SKALA).render(Context({"v": v})) == gammel
