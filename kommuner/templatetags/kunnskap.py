from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def tall(value, fortegn=False):
    """Decimal as Norwegians write it: 1 234,5 (no trailing zeros). With an argument,
    positive numbers get a plus sign (for changes)."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    text = format(value.quantize(Decimal("0.01")).normalize(), ",f")
    heltall, _sep, desimaler = text.partition(".")
    result = heltall.replace(",", "\u00a0").replace("-", "−")
    if desimaler:
        result += "," + desimaler
    if fortegn and value > 0:
        result = "+" + result
    return result


# The value and status of an indicator value, as tags rather than included templates:
# the knowledge-base page shows them for every indicator and period (hundreds of cells),
# where an {% include %} per cell cost more than the rest of the page.
_STATUSKLASSE = {
    "godkjent": "text-bg-success",
    "returnert": "text-bg-warning",
    "sendt_inn": "text-bg-info",
}


@register.simple_tag
def verdi(v) -> str:
    """An indicator value: the figure, or "ikke tilgjengelig" with the reason, and where
    it came from (``opphav``, e.g. an SSB table) below it."""
    if v.verdi is not None:
        html = conditional_escape(tall(v.verdi))
    else:
        html = format_html('<span class="ikke-tilgjengelig">{}</span>', _("ikke tilgjengelig"))
        if v.mangler_grunn:
            html += format_html(' <span class="small">({})</span>', v.mangler_grunn)
    if v.opphav:
        html += format_html(
            '<span class="d-block small text-body-secondary opphav">{}</span>', v.opphav
        )
    return mark_safe(html)  # noqa: S308 (every part above is escaped by format_html)


@register.simple_tag
def status(v) -> str:
    """The value's approval status as a badge."""
    return format_html(
        '<span class="badge {}">{}</span>',
        _STATUSKLASSE.get(v.status, "text-bg-secondary"),
        v.get_status_display(),
    )


@register.simple_tag(takes_context=True)
def verdi_url(context, navn: str, kommunenummer: str, pk: int) -> str:
    """``{% url 'kommuner:<navn>' kommunenummer pk %}`` for a value's page (its history,
    reopening), reversed once per page and kommune rather than once per cell: the
    knowledge-base page links every indicator's every period."""
    maler = context.render_context.setdefault("verdi_url", {})
    if (navn, kommunenummer) not in maler:
        maler[(navn, kommunenummer)] = reverse(f"kommuner:{navn}", args=[kommunenummer, 0]).rsplit(
            "/0/", 1
        )
    hode, hale = maler[(navn, kommunenummer)]
    return f"{hode}/{int(pk)}/{hale}"
