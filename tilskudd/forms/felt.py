"""Widgets and fields the grant forms share: date and time inputs, an amount in kroner."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def kroner_field(label, required=True, help_text=""):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10**12,
        help_text=help_text,
        error_messages={"invalid": _("Skriv et helt antall kroner, uten mellomrom eller øre.")},
    )
