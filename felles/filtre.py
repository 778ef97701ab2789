"""Template filters available in every template (registered as a builtin)."""

from django import template

from .penger import format_desimal, format_heltall, format_kroner

register = template.Library()


@register.filter
def kroner(value):
    return format_kroner(value)


@register.filter
def heltall(value):
    return format_heltall(value)


@register.filter
def desimal(value):
    return format_desimal(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
