from decimal import Decimal

from django import template

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
