"""The filters of the meeting list, the follow-up board and the rule barriers."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from felles.forms import FilterForm
from kommuner.models import Bruker, Etat, Fase5D, Kommune

from ..models import Motetype, Oppfolgingspunkt, Regelhinder
from .hvor import _dato_widget


class _LetteValg(ModelChoiceIterator):
    """A filter's choices as ``(pk, label)`` from one plain query of the columns the
    label needs, instead of a model instance per row read through a server-side cursor
    (357 kommuner a request on every list page)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        etikett = self.field.etikett
        for pk, *felt in self.queryset.values_list("pk", *self.field.etikettfelt):
            yield (pk, etikett(*felt))


class LettValgField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` whose choices are ``(pk, etikett(*etikettfelt))``: the
    same options as ``str(row)`` gives (``etikett`` must agree with the model's
    ``__str__``), read without building the rows. Validation is Django's."""

    iterator = _LetteValg

    def __init__(self, *args, etikettfelt: tuple[str, ...], etikett=str, **kwargs):
        self.etikettfelt = etikettfelt
        self.etikett = etikett
        super().__init__(*args, **kwargs)


class KommuneFilterForm(FilterForm, forms.Form):
    """A list's filters, starting with the kommuner the user may read (``kommuner``)."""

    kommune = LettValgField(
        label=_("Kommune"),
        queryset=Kommune.objects.none(),
        required=False,
        empty_label=_("Alle"),
        etikettfelt=("navn",),
    )

    def __init__(self, *args, kommuner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommune"].queryset = kommuner


def _etat_filter(label) -> forms.ModelChoiceField:
    return LettValgField(
        label=label,
        queryset=Etat.objects.all(),
        required=False,
        empty_label=_("Alle"),
        etikettfelt=("kortnavn",),
    )


class MoteFilterForm(KommuneFilterForm):
    type = forms.ChoiceField(
        label=_("Møtetype"), choices=[("", _("Alle"))] + list(Motetype.choices), required=False
    )
    fase = forms.ChoiceField(
        label=_("5D-fase"), choices=[("", _("Alle"))] + list(Fase5D.choices), required=False
    )
    etat = _etat_filter(_("Etat til stede"))
    fra = forms.DateField(label=_("Fra dato"), required=False, widget=_dato_widget())
    til = forms.DateField(label=_("Til dato"), required=False, widget=_dato_widget())
    sortering = forms.ChoiceField(
        label=_("Rekkefølge"),
        choices=[("", _("Nyeste først")), ("eldste", _("Eldste først"))],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["til"] < data["fra"]:
            raise ValidationError(_("Til-dato kan ikke være før fra-dato."))
        return data


class OppfolgingFilterForm(KommuneFilterForm):
    etat = _etat_filter(_("Ansvarlig etat"))
    ansvarlig = LettValgField(
        label=_("Ansvarlig person"),
        # Users responsible for some point: a semi-join on the point's user index, not
        # a DISTINCT over every point.
        queryset=Bruker.objects.filter(
            Exists(Oppfolgingspunkt.objects.filter(ansvarlig_bruker=OuterRef("pk")))
        ),
        required=False,
        empty_label=_("Alle"),
        # Bruker.__str__
        etikettfelt=("fullt_navn", "email"),
        etikett=lambda fullt_navn, email: fullt_navn or email,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Åpne og pågående"))] + list(Oppfolgingspunkt.Status.choices),
        required=False,
    )


class RegelhinderFilterForm(KommuneFilterForm):
    etat = _etat_filter(_("Etat som eier regelen"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle"))] + list(Regelhinder.Status.choices),
        required=False,
    )
