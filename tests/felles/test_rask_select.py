"""RaskSelect writes the same HTML as Django's Select (without the per-option templates)."""

import re

import pytest
from django import forms
from django.test.html import parse_html

from felles.forms import FilterForm, RaskSelect
from kommuner.models import Kommune
from tests.factories import KommuneFactory


def _norm(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


class Skjema(forms.Form):
    valg = forms.ChoiceField(
        choices=[("", "Alle"), ("1", "Å & <b>"), ("Gruppe", [("x", "X"), ("y", "«Y»")])],
        required=False,
    )
    kommune = forms.ModelChoiceField(queryset=Kommune.objects.order_by("navn"), required=False)


@pytest.mark.parametrize("data", [None, {"valg": "x"}, {"valg": "1", "kommune": "1"}])
def test_the_same_html_as_djangos_select(db, data):
    KommuneFactory(navn="Halden & Aremark")
    KommuneFactory(navn="<Sarpsborg>")
    if data and "kommune" in data:
        data["kommune"] = str(Kommune.objects.order_by("pk").first().pk)
    for navn in ("valg", "kommune"):
        skjema = Skjema(data, auto_id="id_%s")
        django_html = skjema[navn].as_widget(attrs={"class": "form-select"})
        skjema.fields[navn].widget.__class__ = RaskSelect
        assert _norm(skjema[navn].as_widget(attrs={"class": "form-select"})) == _norm(django_html)
    assert "&lt;Sarpsborg&gt;" in str(Skjema()["kommune"])


def test_filter_forms_use_it():
    class Filter(FilterForm, forms.Form):
        status = forms.ChoiceField(choices=[("", "Alle")], required=False)

    assert type(Filter().fields["status"].widget) is RaskSelect


class Paakrevd(forms.Form):
    valg = forms.ChoiceField(choices=[("", "Velg"), ("1", "En"), ("1", "En igjen"), (None, "-")])


@pytest.mark.parametrize("data", [None, {"valg": "1"}, {"valg": ""}])
def test_the_same_html_when_required_and_a_value_repeats(db, data):
    skjema = Paakrevd(data, auto_id="id_%s", use_required_attribute=True)
    django_html = skjema["valg"].as_widget(attrs={"class": "form-select"})
    skjema.fields["valg"].widget.__class__ = RaskSelect
    # The same elements and attributes (flatatt writes attributes sorted).
    assert parse_html(skjema["valg"].as_widget(attrs={"class": "form-select"})) == parse_html(
        django_html
    )
    assert django_html.count("selected") == 1  # the first of equal values only
