from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import FilterForm
from kommuner.models import Etat, Kommune, Pilot
from kommuner.roller import Rolle


class RollerForm(forms.Form):
    """A user's roles and kommune, as an admin sets them (also in an invitation)."""

    roller = forms.MultipleChoiceField(
        label=_("Roller"), choices=Rolle.choices, widget=forms.CheckboxSelectMultiple
    )
    kommune = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Kommune.objects.order_by("navn"),
        required=False,
        help_text=_("Påkrevd for kontaktpersoner, som hører til én kommune."),
    )


class InvitasjonForm(RollerForm):
    fullt_navn = forms.CharField(label=_("Fullt navn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))
    pilot = forms.ModelChoiceField(
        label=_("Pilot"), queryset=Pilot.objects.order_by("navn"), required=False
    )
    etat = forms.ModelChoiceField(
        label=_("Etat"), queryset=Etat.objects.order_by("navn"), required=False
    )
    annen_epost_tillatt = forms.BooleanField(
        label=_("Godta en annen e-postadresse fra innloggingstjenesten"),
        required=False,
        help_text=_(
            "Når innloggingstjenesten oppgir en bekreftet e-postadresse, må den ellers være "
            "den samme som invitasjonen ble sendt til."
        ),
    )

    field_order = [
        "fullt_navn",
        "email",
        "roller",
        "kommune",
        "pilot",
        "etat",
        "annen_epost_tillatt",
    ]


class BrukerFilterForm(FilterForm, forms.Form):
    rolle = forms.ChoiceField(
        label=_("Rolle"), choices=[("", _("Alle roller")), *Rolle.choices], required=False
    )
    kommune = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Kommune.objects.order_by("navn"),
        required=False,
        empty_label=_("Alle kommuner"),
    )
    pilot = forms.ModelChoiceField(
        label=_("Pilot"),
        queryset=Pilot.objects.order_by("navn"),
        required=False,
        empty_label=_("Alle piloter"),
    )
    aktiv = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle")), ("ja", _("Aktive")), ("nei", _("Deaktiverte"))],
        required=False,
    )
