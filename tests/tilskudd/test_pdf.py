from django.template.loader import render_to_string
from django.utils import timezone

from felles.pdf import StaticOnlyURLFetcher, html_to_pdf
from tilskudd.selectors import vedtaksbrev_context


def test_decision_letter_context_names_pot_and_schemes(vedtak_halden):
    context = vedtaksbrev_context(vedtak_halden)
    assert context["pott"].navn == "Programfinansiering"
    assert [k.ordning.kap_post for k in context["kilder"]] == ["231/63", "765/60"]
    assert context["dato"] == timezone.localtime(vedtak_halden.vedtatt).date()


def test_decision_letter_loads_its_own_stylesheets_and_nothing_else(vedtak_halden):
    html = render_to_string("pdf/vedtaksbrev.html", vedtaksbrev_context(vedtak_halden))
    assert "/static/pdf/tilskudd.css" in html
    fetcher = StaticOnlyURLFetcher()
    assert html_to_pdf(html, fetcher=fetcher).startswith(b"%PDF")
    assert fetcher.refused == []
