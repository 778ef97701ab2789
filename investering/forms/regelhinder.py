"""Rule barriers: raising one, its status, editing it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import MedVersjon
from kommuner.models import Etat

from ..models import Regelhinder
from .hvor import TEAM, HvorForm


class RegelhinderForm(HvorForm):
    tittel = forms.CharField(label=_("Kort tittel"), max_length=200)
    beskrivelse = forms.CharField(label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 4}))
    regel = forms.CharField(
        label=_("Regel, forskrift eller tildelingsbrev"), max_length=300, required=False
    )
    etat = forms.ModelChoiceField(
        label=_("Etat som eier regelen"), queryset=Etat.objects.all(), required=False
    )


def _kommentar_field():
    return forms.CharField(
        label=_("Kommentar til endringen (valgfri)"),
        help_text=_("Vises i historikken, for eksempel hvorfor statusen er endret."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class RegelhinderStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=Regelhinder.Status.choices)
    utfall = forms.CharField(
        label=_("Utfall"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    kommentar = _kommentar_field()


class RegelhinderRedigerForm(MedVersjon, RegelhinderForm):
    """Edit a rule barrier: what it says, where it belongs, its status (the current
    one or a next step on its path), its outcome and a comment for the history, and
    the version it was opened at (``versjon``)."""

    status = forms.ChoiceField(label=_("Status"))
    utfall = forms.CharField(
        label=_("Utfall"),
        help_text=_("Påkrevd når regelhinderet er endret eller avvist."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    kommentar = _kommentar_field()

    def __init__(self, *args, regelhinder: Regelhinder, **kwargs):
        super().__init__(*args, include=(regelhinder.pilot_id, regelhinder.kommune_id), **kwargs)
        self.fields["status"].choices = [
            (regelhinder.status, regelhinder.get_status_display()),
            *regelhinder.neste_statuser,
        ]
        if not self.is_bound:
            self.initial = {
                "hvor": f"{regelhinder.pilot_id}:{regelhinder.kommune_id or TEAM}",
                "tittel": regelhinder.tittel,
                "beskrivelse": regelhinder.beskrivelse,
                "regel": regelhinder.regel,
                "etat": regelhinder.etat_id,
                "status": regelhinder.status,
                "utfall": regelhinder.utfall,
                "versjon": regelhinder.versjon,
            }

    def endringer(self) -> dict:
        """The fields as ``services.regelhinder_update`` takes them."""
        data = self.cleaned_data
        pilot, kommune = data["hvor"]
        felt = (
            "tittel",
            "beskrivelse",
            "regel",
            "etat",
            "utfall",
            "status",
            "kommentar",
            "versjon",
        )
        return {"pilot": pilot, "kommune": kommune, **{name: data[name] for name in felt}}
