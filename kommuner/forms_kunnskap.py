from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from velferdspilot.lib import vedlegg
from velferdspilot.lib.tabellfil import parse_desimal

from .models_kunnskap import Tema, Tiltak, Virkemiddel, validate_periode


class PeriodeValgForm(forms.Form):
    periode = forms.CharField(
        label=_("Periode"),
        max_length=7,
        help_text=_("Et år (2025) eller et halvår (2025-H1 eller 2025-H2)."),
    )

    def clean_periode(self):
        periode = self.cleaned_data["periode"].strip().upper()
        validate_periode(periode)
        return periode


class VerdiField(forms.CharField):
    """A number as Norwegians write it: decimal comma, spaces between thousands."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            verdi = parse_desimal(value)
        except ValueError:
            raise ValidationError(_("Skriv et tall, for eksempel 12,5."), code="tall") from None
        if verdi.normalize().as_tuple().exponent < -4:
            raise ValidationError(_("Bruk høyst fire desimaler."), code="desimaler")
        return verdi


class PeriodeVerdierForm(forms.Form):
    """One field per indicator (plus a comment) for one period. Built from
    ``selectors_kunnskap.periodeskjema`` rows; locked (approved) values are read-only."""

    def __init__(self, *args, rader, **kwargs):
        super().__init__(*args, **kwargs)
        self.rader = rader
        for rad in rader:
            i = rad.indikator
            laast = bool(rad.verdi and rad.verdi.er_laast)
            initial = rad.verdi.verdi.normalize() if rad.verdi else None
            self.fields[f"verdi_{i.pk}"] = VerdiField(
                label=i.navn,
                required=False,
                disabled=laast,
                initial=format(initial, "f").replace(".", ",") if initial is not None else "",
            )
            self.fields[f"kommentar_{i.pk}"] = forms.CharField(
                label=_("Kommentar til «%(navn)s»") % {"navn": i.navn},
                required=False,
                disabled=laast,
                max_length=2000,
                initial=rad.verdi.kommentar if rad.verdi else "",
            )

    def bound_rows(self):
        for rad in self.rader:
            yield rad, self[f"verdi_{rad.indikator.pk}"], self[f"kommentar_{rad.indikator.pk}"]

    def verdier(self):
        """{indikator: (value or None, comment)} for the fields that are not locked."""
        result = {}
        for rad in self.rader:
            name = f"verdi_{rad.indikator.pk}"
            if self.fields[name].disabled:
                continue
            result[rad.indikator] = (
                self.cleaned_data.get(name),
                self.cleaned_data.get(f"kommentar_{rad.indikator.pk}", ""),
            )
        return result


class OpplastingForm(forms.Form):
    fil = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Kolonner: kommunenummer;indikator;periode;verdi;kommentar. Semikolon eller "
            "komma, desimalkomma er greit. Høyst 5 MB."
        ),
    )


class BehandleForm(forms.Form):
    handling = forms.ChoiceField(
        choices=[("godkjenn", _("Godkjenn")), ("returner", _("Returner"))],
        widget=forms.HiddenInput,
    )
    kommentar = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GjenapneForm(forms.Form):
    kommentar = forms.CharField(
        label=_("Hvorfor må verdien rettes?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NullpunktForm(forms.Form):
    periode = forms.CharField(label=_("Periode for nullpunktet"), max_length=7)
    verdi = VerdiField(label=_("Verdi"), required=True)
    kommentar = forms.CharField(label=_("Kommentar eller kilde"), required=False, max_length=2000)

    def clean_periode(self):
        periode = self.cleaned_data["periode"].strip().upper()
        validate_periode(periode)
        return periode


class TiltakForm(forms.ModelForm):
    class Meta:
        model = Tiltak
        fields = [
            "navn",
            "fokusomrade",
            "malgruppe",
            "formal",
            "ansvarlig_enhet",
            "startdato",
            "stillingsprosent",
            "status",
            "resultater",
            "evaluering_mal",
            "evaluering_metode",
            "evaluering_laerdom",
            "evaluering_videre",
        ]
        widgets = {
            "startdato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "malgruppe": forms.Textarea(attrs={"rows": 2}),
            "formal": forms.Textarea(attrs={"rows": 3}),
            "resultater": forms.Textarea(attrs={"rows": 3}),
            "evaluering_mal": forms.Textarea(attrs={"rows": 2}),
            "evaluering_metode": forms.Textarea(attrs={"rows": 2}),
            "evaluering_laerdom": forms.Textarea(attrs={"rows": 3}),
            "evaluering_videre": forms.Textarea(attrs={"rows": 3}),
        }


class UtfordringsbildeForm(forms.Form):
    tema = forms.ChoiceField(
        label=_("Valgt tema"), choices=[("", "–")] + list(Tema.choices), required=False
    )
    malgrupper = forms.CharField(
        label=_("Målgrupper"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    tekst = forms.CharField(
        label=_("Utfordringsbilde"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Skriv avsnitt med tom linje mellom. Enkel HTML er tillatt (taggene p, ul, ol, "
            "li, strong, em, h3 og h4); alt annet fjernes."
        ),
    )


class VedleggForm(forms.Form):
    fil = forms.FileField(
        label=_("Fil"),
        help_text=vedlegg.HJELPETEKST,
    )
    beskrivelse = forms.CharField(label=_("Beskrivelse"), required=False, max_length=300)


class VirkemiddelForm(forms.ModelForm):
    class Meta:
        model = Virkemiddel
        fields = ["etat", "navn", "type", "tema", "beskrivelse", "aktiv"]
        widgets = {"beskrivelse": forms.Textarea(attrs={"rows": 3})}
