"""Where a meeting or a rule barrier belongs (a pilot, a kommune or the team), the
field that chooses it and the form every such form builds on."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kommuner.models import Kommune, Pilot

from .. import access

TEAM = "team"


def _dato_widget():
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def mote_valg(user, *, include: tuple[int, int | None] | None = None) -> list[tuple[str, str]]:
    """Choices "pilot:kommune" for where ``user`` may log meetings, plus each pilot's
    own team meetings ("pilot:team")."""
    deltakelser = (
        access.deltakelser_to_log(user)
        .select_related("pilot", "kommune")
        .order_by("kommune__navn", "pilot__navn")
    )
    choices = [(f"{d.pilot_id}:{d.kommune_id}", f"{d.kommune} – {d.pilot}") for d in deltakelser]
    for pilot in access.piloter_with_team_meetings_to_log(user).order_by("navn"):
        choices.append((f"{pilot.pk}:{TEAM}", _("Investeringsteamet – %(p)s") % {"p": pilot}))
    if include:
        key = f"{include[0]}:{include[1] if include[1] else TEAM}"
        if key not in dict(choices):
            pilot = Pilot.objects.get(pk=include[0])
            kommune = Kommune.objects.filter(pk=include[1]).first()
            choices.append((key, f"{kommune or _('Investeringsteamet')} – {pilot}"))
    return choices


def parse_hvor(value: str) -> tuple[Pilot, Kommune | None]:
    pilot_id, _sep, kommune_id = value.partition(":")
    pilot = Pilot.objects.get(pk=int(pilot_id))
    kommune = None if kommune_id == TEAM else Kommune.objects.get(pk=int(kommune_id))
    return pilot, kommune


class HvorField(forms.ChoiceField):
    """Where a meeting, series or rule barrier belongs: one of the user's choices
    "pilot:kommune" or "pilot:team", cleaned to ``(Pilot, Kommune | None)``."""

    def clean(self, value):
        try:
            return parse_hvor(super().clean(value))
        except (ValueError, Pilot.DoesNotExist, Kommune.DoesNotExist) as exc:
            raise ValidationError(_("Ugyldig valg.")) from exc


class HvorForm(forms.Form):
    """A form that starts with where it belongs, among the places ``user`` may log
    (``include`` keeps an edited meeting's own place among the choices)."""

    hvor = HvorField(label=_("Kommune"))

    def __init__(self, *args, user, include: tuple[int, int | None] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["hvor"].choices = mote_valg(user, include=include)
