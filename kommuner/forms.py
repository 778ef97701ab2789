from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import FilterForm

from .fylker import ALLE_FYLKER
from .models import MILEPAELER, Deltakelse, Kommune, Pilot
from .selectors import investeringsledere_for_valg


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class KommuneFilterForm(FilterForm, forms.Form):
    pilot = forms.ChoiceField(label=_("Pilot"), required=False)
    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    status = forms.ChoiceField(
        label=_("Status i pilot"),
        required=False,
        choices=[("", _("Alle"))] + list(Deltakelse.Status.choices),
    )

    def __init__(self, *args, fylker: list[str], piloter: list[Pilot], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].choices = [("", _("Alle"))] + [(p.slug, p.navn) for p in piloter]
        self.fields["fylke"].choices = [("", _("Alle"))] + [
            (nr, ALLE_FYLKER[nr]) for nr in fylker if nr in ALLE_FYLKER
        ]


class KommuneForm(forms.ModelForm):
    class Meta:
        model = Kommune
        fields = ["navn", "innbyggere", "innbyggere_aar", "maalform"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form from before the field (or a post without it) keeps the målform.
        self.fields["maalform"].required = False


class DeltakelseForm(forms.ModelForm):
    """Status, milestones and 5D phase. Only admins assign the investment leader."""

    LEDER_FIELDS = ["investeringsleder", "investeringsleder_etat"]

    class Meta:
        model = Deltakelse
        fields = list(Deltakelse.REDIGERBARE_FELT)
        widgets = {
            "valgt_utfordring": forms.Textarea(attrs={"rows": 3}),
            **{field: DateInput() for field, _label in MILEPAELER},
        }

    def __init__(self, *args, may_assign_leader: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_assign_leader:
            self.fields["investeringsleder"].queryset = investeringsledere_for_valg()
        else:
            for name in self.LEDER_FIELDS:
                del self.fields[name]
