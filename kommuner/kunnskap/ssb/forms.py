"""Forms of the SSB pages: the source of an indicator, "test the source", the KLASS
change list and the leader's choice in a conflict."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ...models import Kommune
from ..models import SsbKilde, SsbKonflikt


class FasteVerdierField(forms.CharField):
    """One ``Dimensjon=kode`` per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        value = super().to_python(value) or ""
        verdier = {}
        for n, linje in enumerate(value.splitlines(), 1):
            linje = linje.strip()
            if not linje:
                continue
            dim, sep, kode = (s.strip() for s in linje.partition("="))
            if not sep or not dim or not kode:
                raise ValidationError(
                    _("Linje %(n)s: skriv Dimensjon=kode, for eksempel Alder=0-17."),
                    params={"n": n},
                    code="format",
                )
            if dim in verdier:
                raise ValidationError(
                    _("Dimensjonen %(d)s står to ganger."), params={"d": dim}, code="dobbel"
                )
            verdier[dim] = kode
        return verdier

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{k}={v}" for k, v in value.items())
        return value


class SsbKildeForm(forms.ModelForm):
    faste_verdier = FasteVerdierField(
        label=_("Faste verdier for de andre dimensjonene"),
        required=False,
        help_text=_(
            "Én per linje, som Dimensjon=kode (for eksempel Alder=0-17). Region, Tid og "
            "ContentsCode velger portalen selv."
        ),
    )

    class Meta:
        model = SsbKilde
        fields = [
            "tabell",
            "innhold",
            "faste_verdier",
            "periodetype",
            "antall_perioder",
            "skala",
            "enhetsmerknad",
            "godkjenn_ved_henting",
            "aktiv",
        ]


class SsbTestForm(forms.Form):
    kommune = forms.ModelChoiceField(
        label=_("Kommune å teste med"),
        queryset=Kommune.objects.filter(deltakelser__isnull=False).distinct().order_by("navn"),
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the kommuner once: the rendering walks the choices more than once.
        felt = self.fields["kommune"]
        felt.choices = [(k.pk, str(k)) for k in felt.queryset]


class KlassEndringerForm(forms.Form):
    fil = forms.FileField(
        label=_("KLASS-endringer (CSV eller XLSX)"),
        help_text=_(
            "Eksport av endringene i klassifikasjon 131 (Standard for kommuneinndeling) med "
            "kolonnene oldCode, oldName, newCode, newName og changeOccurred."
        ),
    )


class KonfliktForm(forms.Form):
    valg = forms.ChoiceField(choices=SsbKonflikt.Valg.choices)
