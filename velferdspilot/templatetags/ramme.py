"""``{% prosessfast %}…{% endprosessfast %}``: a part of a template that depends on the
language alone (static addresses, reversed addresses without arguments, translated
text), rendered once per process and language and then reused.

base.html wraps its fixed parts in it: every signed-in page renders them, and their
two dozen ``{% static %}``, ``{% url %}`` and ``{% translate %}`` tags cost about half a
millisecond a request. What is inside must not read the request, the user or any
other context variable (the language and the script prefix are the key); a changed
setting (a test's ``override_settings``) starts afresh.

``{% adresse "navn" %}``: ``{% url "navn" %}`` for an address without arguments,
reversed once per process (as the navigation's)."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.translation import get_language

from velferdspilot.context_processors import _reverse

register = template.Library()

_generasjon = [0]


@receiver(setting_changed)
def _innstilling_endret(**kwargs):
    _generasjon[0] += 1


class ProsessfastNode(template.Node):
    # Not searched for blocks (``{% extends %}`` walks the whole parent on every render):
    # a ``{% block %}`` inside would not be one.
    child_nodelists = ()

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.ferdig: dict[tuple, str] = {}

    def render(self, context):
        nokkel = (get_language(), get_script_prefix(), _generasjon[0])
        tekst = self.ferdig.get(nokkel)
        if tekst is None:
            tekst = self.ferdig[nokkel] = self.nodelist.render(context)
        return tekst


@register.simple_tag
def adresse(navn: str) -> str:
    """``{% url navn %}`` for an address without arguments, reversed once per process."""
    return _reverse(navn, get_script_prefix())


@register.tag
def prosessfast(parser, token):
    nodelist = parser.parse(("endprosessfast",))
    parser.delete_first_token()
    return ProsessfastNode(nodelist)
