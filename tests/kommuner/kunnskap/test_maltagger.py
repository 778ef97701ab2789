"""The knowledge base's template tags give what the template language would, faster."""

from django.template import Context, Template
from django.urls import reverse


def test_verdi_url_is_the_reversed_url_for_every_value():
    template = Template(
        "{% load kunnskap %}{% for pk in pks %}"
        "{% verdi_url 'verdi_historikk' nr pk %} {% verdi_url 'gjenapne' nr pk %} "
        "{% endfor %}"
    )
    pks = [1, 10, 305, 7000]
    html = template.render(Context({"pks": pks, "nr": "3101"})).split()
    expected = []
    for pk in pks:
        expected += [
            reverse("kommuner:verdi_historikk", args=["3101", pk]),
            reverse("kommuner:gjenapne", args=["3101", pk]),
        ]
    assert html == expected
    # Another kommune on the same page gets its own URLs.
    other = Template("{% load kunnskap %}{% verdi_url 'gjenapne' '0301' 5 %}").render(Context())
    assert other == reverse("kommuner:gjenapne", args=["0301", 5])
