"""Tags for lists of kommuner (the kommune list, the data-quality page: 50 rows a page,
each with links, labels and counts): each reverses a URL or looks a label up once per
page (in the template's render context) rather than once per row; the output is the
same as ``{% url %}``, ``get_FOO_display`` and ``{{ number }}``."""

from django import template
from django.urls import reverse

from kommuner.models import Deltakelse, Kommune

register = template.Library()


def _bufret(context, navn: str, lag):
    bufre = context.render_context.setdefault("kommuneliste", {})
    if navn not in bufre:
        bufre[navn] = lag()
    return bufre[navn]


@register.simple_tag(takes_context=True)
def kommune_url(context, kommunenummer: str, navn: str = "kommuner:detail") -> str:
    """``{% url navn kommunenummer %}`` (a kommune's page), reversed once per page."""
    hode, hale = _bufret(
        context,
        f"url:{navn}",
        lambda: reverse(navn, args=["0000"]).rsplit("/0000/", 1),
    )
    return f"{hode}/{kommunenummer}/{hale}"


@register.filter
def antall(verdi):
    """A count as ``{{ verdi }}`` shows it: below a thousand it needs no thousands
    separator, so it skips Django's localisation (hundreds of cells a page)."""
    if isinstance(verdi, int) and not isinstance(verdi, bool) and -1000 < verdi < 1000:
        return str(verdi)
    return verdi


@register.simple_tag(takes_context=True)
def pilot_url(context, slug: str) -> str:
    """``{% url 'kommuner:pilot' slug %}``, reversed once per pilot and page."""
    return _bufret(context, f"pilot:{slug}", lambda: reverse("kommuner:pilot", args=[slug]))


@register.simple_tag(takes_context=True)
def fylkenavn(context, fylke: str) -> str:
    """``kommune.get_fylke_display``, the choices read once per page."""
    valg = _bufret(
        context,
        "fylker",
        lambda: {k: str(v) for k, v in Kommune._meta.get_field("fylke").flatchoices},
    )
    return valg.get(fylke, fylke)


@register.simple_tag(takes_context=True)
def deltakelsestatus(context, status: str) -> str:
    """``deltakelse.get_status_display``, the choices read once per page."""
    valg = _bufret(context, "status", lambda: {k: str(v) for k, v in Deltakelse.Status.choices})
    return valg.get(status, status)
