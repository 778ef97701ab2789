"""The investment team (admins): its name, members and the leaders."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kommuner.selectors import investeringsledere_for_valg

from .. import access


class TeamNavnForm(forms.Form):
    navn = forms.CharField(label=_("Teamets navn"), max_length=200)


class TeammedlemForm(forms.Form):
    bruker = forms.ModelChoiceField(
        label=_("Nytt medlem"),
        queryset=access.team_candidates(),
        error_messages={"invalid_choice": _("Velg en aktiv bruker med rollen investeringsteam.")},
    )


class LederForm(forms.Form):
    """The investment leader of one participation; empty means none."""

    investeringsleder = forms.ModelChoiceField(
        label=_("Investeringsleder"),
        required=False,
        queryset=investeringsledere_for_valg(),
        error_messages={"invalid_choice": _("Velg en aktiv bruker med rollen investeringsleder.")},
    )
