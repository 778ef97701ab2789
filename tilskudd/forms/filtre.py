"""The filters of the queue, the journal and the archive extract."""

from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import FilterForm, FlereValgField, RaskSelect

from ..models import Dokument, Soknad
from .felt import DateInput


class KoFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))]
        + [(v, lbl) for v, lbl in Soknad.Status.choices if v != Soknad.Status.UTKAST],
    )
    kommune = forms.ChoiceField(label=_("Kommune"), required=False, widget=RaskSelect)

    def __init__(self, *args, kommuner=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("Alle"))] + [
            (k.kommunenummer, k.navn) for k in kommuner
        ]


class JournalFilterForm(FilterForm, forms.Form):
    """The journal's filter: period (journal date, both ends included), direction, kind
    and kommune."""

    fra = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput())
    til = forms.DateField(label=_("Til dato"), required=False, widget=DateInput())
    retning = forms.ChoiceField(
        label=_("Retning"), required=False, choices=[("", _("Alle"))] + Dokument.Retning.choices
    )
    slag = forms.ChoiceField(
        label=_("Dokumenttype"), required=False, choices=[("", _("Alle"))] + Dokument.Slag.choices
    )
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)

    def __init__(self, *args, kommuner=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].choices = [("", _("Alle"))] + [
            (k.kommunenummer, k.navn) for k in kommuner
        ]
        for navn in ("fra", "til"):
            self.fields[navn].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["til"] < data["fra"]:
            self.add_error("til", _("Til-datoen må være samme dag som eller etter fra-datoen."))
        return data


class UttrekkFilterForm(FilterForm, forms.Form):
    """Which cases the archive extract form offers: one case year, optionally one
    kommune."""

    aar = forms.TypedChoiceField(label=_("Saksår"), coerce=int, required=False)
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)

    def __init__(self, *args, aar=(), kommuner=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aar"].choices = [(a, str(a)) for a in aar]
        self.fields["kommune"].choices = [("", _("Alle"))] + [
            (k.kommunenummer, k.navn) for k in kommuner
        ]


class UttrekkForm(forms.Form):
    """The cases to deliver to the archive as a Noark 5 extract: validated against
    every case of the chosen year and kommune (one query for the ids posted), shown
    as checkboxes for one page of them only (``vis``)."""

    saker = FlereValgField(
        label=_("Saker"),
        queryset=Soknad.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én sak.")},
    )

    def __init__(self, *args, saker=None, vis=None, **kwargs):
        super().__init__(*args, **kwargs)
        if saker is not None:
            self.fields["saker"].queryset = saker

        def etikett(s):
            return f"{s.saksnummer} {s.tittel} ({s.kommune.navn}, {s.get_status_display()})"

        self.fields["saker"].label_from_instance = etikett
        if vis is not None:
            self.fields["saker"].widget.choices = [(s.pk, etikett(s)) for s in vis]
