"""Template filters available in every template (registered as a builtin)."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from . import oversatt
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


_MANGLER = {"nn": _("mangler nynorsk"), "en": _("mangler engelsk")}


@register.filter
def mangler_sprak(obj, felt):
    """Badges saying in which languages a text that is data is missing (its readers see
    the bokmål text instead): for the admins' lists, ``{{ i|mangler_sprak:"navn" }}``."""
    return format_html_join(
        " ",
        '<span class="badge text-bg-warning">{}</span>',
        ((_MANGLER[sprak],) for sprak in oversatt.mangler(obj, felt)),
    )
