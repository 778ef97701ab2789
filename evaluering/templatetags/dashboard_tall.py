"""The dashboard's and the one-kommune PDF's cells written in Python, one string each:
an indicator's value with its baseline and change (``indikatorverdi``) and a goal's
assessment (``skala``). The same HTML the templates ``_indikatorverdi.html`` and
``_skala.html`` wrote through an include per cell (twice per kommune and once per goal
on the dashboard: a fifth of its time when its figures are computed again)."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from felles.penger import format_desimal

register = template.Library()


def _e(tekst) -> str:
    return conditional_escape(tekst)


@register.filter
def indikatorverdi(v: dict) -> SafeString:
    """One kommune's figure of an indicator (``kilder.indikatorverdier``'s dict): the
    value and its period, the baseline and the change, or what is missing, and the
    source of a fetched value."""
    deler = []
    mangler = format_html('; <span class="mangler">{}</span>', _("nullpunkt mangler"))
    if v.get("verdi") is not None:
        deler.append(_e(format_desimal(v["verdi"])))
        if v.get("periode"):
            deler.append(f" ({_e(v['periode'])})")
        if v.get("nullpunkt") is not None:
            endring = v.get("endring")
            deler.append(
                "; "
                + _("nullpunkt %(np)s (%(nper)s)")
                % {"np": _e(format_desimal(v["nullpunkt"])), "nper": _e(v.get("nullpunkt_periode"))}
                + ", "
                + _e(_("endring"))
                + " "
                + ("+" if endring is not None and endring > 0 else "")
                + _e(format_desimal(endring))
            )
        else:
            deler.append(mangler)
        if v.get("opphav"):
            deler.append(
                '; <span class="opphav">'
                + _("kilde: %(opphav)s") % {"opphav": _e(v["opphav"])}
                + "</span>"
            )
    else:
        deler.append(_e(_("ingen godkjent verdi")))
        if v.get("nullpunkt") is None:
            deler.append(mangler)
    return mark_safe("".join(str(d) for d in deler) + "\n")  # noqa: S308 (every part escaped)


@register.filter
def skala(vurdering) -> SafeString:
    """A goal's assessment as a coloured label, or "Ikke vurdert"."""
    if vurdering:
        ut = format_html(
            '<span class="skala {}">{}</span>', vurdering.css, vurdering.get_vurdering_display()
        )
    else:
        ut = format_html('<span class="text-muted">{}</span>', _("Ikke vurdert"))
    return mark_safe(f"{ut}\n")  # noqa: S308 (made by format_html)
