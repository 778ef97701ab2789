from django import template
from django.conf import settings

from innlogging import tilbydere

register = template.Library()


@register.simple_tag
def innlogging_tilbydere():
    """(key, name) of each configured provider, for the sign-in buttons."""
    return tilbydere.alle()


@register.simple_tag
def passord_innlogging() -> bool:
    return settings.PASSORD_INNLOGGING
