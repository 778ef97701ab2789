"""Forms in a kept part of a page get the request's token when the page is served
(felles.skjematoken): the kept HTML holds only the placeholder."""

from django.template import engines
from django.test import RequestFactory

from felles import skjematoken

MAL = '<form method="post">{% csrf_token %}<input name="x" value="{{ x }}"></form>'


def _kept(x: str) -> str:
    return engines["django"].from_string(MAL).render({**skjematoken.plassholder(), "x": x})


def test_the_kept_html_has_the_placeholder_and_each_request_its_own_token():
    kept = _kept("a")
    assert skjematoken.PLASSHOLDER in kept
    forste = skjematoken.sett_inn(RequestFactory().get("/"), kept)
    andre = skjematoken.sett_inn(RequestFactory().get("/"), kept)
    assert skjematoken.PLASSHOLDER not in forste
    token = forste.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert len(token) == 64 and token.isalnum()  # a masked token, as {% csrf_token %} writes
    assert forste != andre


def test_text_from_the_data_is_never_taken_for_the_placeholder():
    kept = _kept(f'name="csrfmiddlewaretoken" value="{skjematoken.PLASSHOLDER}"')
    served = skjematoken.sett_inn(RequestFactory().get("/"), kept)
    # The data's copy is escaped, so only the form's own field got the token.
    assert f"value=&quot;{skjematoken.PLASSHOLDER}&quot;" in served
    assert served.count('name="csrfmiddlewaretoken" value="') == 1


def test_a_part_without_forms_is_served_as_it_is():
    kept = engines["django"].from_string("<p>{{ x }}</p>").render({"x": "y"})
    assert skjematoken.sett_inn(RequestFactory().get("/"), kept) is kept
