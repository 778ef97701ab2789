from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from felles import vedlegg
from felles.forms import UTDATERT_SIDE, SprakSkjema, VersjonField
from felles.tabellfil import parse_desimal

from .models import (
    Indikator,
    Tema,
    Tiltak,
    Valideringsregel,
    Virkemiddel,
    tall_tekst,
    validate_periode,
)


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

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return tall_tekst(value)
        return value

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
    ``selectors.periodeskjema`` rows; locked (approved) values are read-only.

    Each row carries the version of the value the form showed (``versjon_<id>``, 0 for
    none), so that the service can refuse a post made on a form that is out of date.
    A value approved after the form was opened stays editable in the posted form: what
    the user typed goes to the service, which refuses it with a message, instead of
    being dropped without a word."""

    def __init__(self, *args, rader, **kwargs):
        super().__init__(*args, **kwargs)
        self.rader = rader
        for rad in rader:
            i = rad.indikator
            naa = rad.verdi.versjon if rad.verdi else 0
            laast = bool(rad.verdi and rad.verdi.er_laast)
            if laast and self.is_bound:
                # Locked on the user's screen only if they saw this version.
                laast = self.data.get(f"versjon_{i.pk}") == str(naa)
            initial = (
                rad.verdi.verdi.normalize() if rad.verdi and rad.verdi.er_tilgjengelig else None
            )
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
            self.fields[f"versjon_{i.pk}"] = forms.IntegerField(
                required=False, min_value=0, initial=naa, widget=forms.HiddenInput
            )

    def clean(self):
        """The indicator's hard limits (value type and allowed range), beside the field."""
        cleaned = super().clean()
        for rad in self.rader:
            navn = f"verdi_{rad.indikator.pk}"
            if self.fields[navn].disabled:
                continue
            feil = rad.indikator.grensefeil(cleaned.get(navn))
            if feil:
                self.add_error(navn, feil)
        return cleaned

    def bound_rows(self):
        for rad in self.rader:
            pk = rad.indikator.pk
            yield rad, self[f"verdi_{pk}"], self[f"kommentar_{pk}"], self[f"versjon_{pk}"]

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

    def versjoner(self):
        """{indikator: version the form showed} for the rows that carried one."""
        result = {}
        for rad in self.rader:
            versjon = self.cleaned_data.get(f"versjon_{rad.indikator.pk}")
            if versjon is not None:
                result[rad.indikator] = versjon
        return result

    def med_naavaerende_versjoner(self, rader):
        """The same posted input on the rows as stored now: after a refusal the user
        sees their own figures next to the current state and can decide again."""
        data = self.data.copy()
        for rad in rader:
            data[f"versjon_{rad.indikator.pk}"] = str(rad.verdi.versjon if rad.verdi else 0)
        return type(self)(data, rader=rader)


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
    # The version of the value the approver saw; the service refuses if it changed.
    versjon = VersjonField()
    # A value with warnings is approved only when the approver ticks that they saw them.
    bekreft_advarsler = forms.BooleanField(required=False)


class VersjonerField(forms.Field):
    """The values a page showed, posted as repeated ``verdi=<id>:<version>``."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": UTDATERT_SIDE, "invalid": UTDATERT_SIDE}

    def to_python(self, value):
        result = {}
        for item in value or []:
            pk, _sep, versjon = str(item).partition(":")
            if not (pk.isdigit() and versjon.isdigit()):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            result[int(pk)] = int(versjon)
        return result


class GodkjennAlleForm(forms.Form):
    periode = forms.CharField(max_length=7)
    verdi = VersjonerField()


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
        fields = list(Tiltak.REDIGERBARE_FELT)
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


class IndikatorForm(SprakSkjema, forms.ModelForm):
    # Name, description and definition in bokmål (required name), nynorsk and English.
    sprakfelt = ("navn", "beskrivelse", "definisjon")

    min_verdi = VerdiField(
        label=_("Laveste tillatte verdi"),
        required=False,
        help_text=_("Valgfritt. Innenfor verditypens grenser."),
    )
    maks_verdi = VerdiField(
        label=_("Høyeste tillatte verdi"),
        required=False,
        help_text=_("Valgfritt. Innenfor verditypens grenser."),
    )
    mad_faktor = VerdiField(
        label=_("k i median ± k × MAD"),
        required=False,
        help_text=Indikator._meta.get_field("mad_faktor").help_text,
    )

    class Meta:
        model = Indikator
        fields = [
            "navn",
            "kode",
            "tema",
            "enhet",
            "periodetype",
            "min_verdi",
            "maks_verdi",
            "maks_endring",
            "mad_faktor",
            "retning",
            "kilde",
            "beskrivelse",
            "definisjon",
            "rekkefolge",
            "aktiv",
        ]
        widgets = {
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
            "definisjon": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "enhet": _(
                "Gir de harde grensene: prosent 0–100, per 1000 innbyggere 0 eller mer, "
                "antall hele tall fra 0, kroner hele kroner."
            ),
            "aktiv": _(
                "Indikatorer slettes ikke. En indikator som ikke lenger brukes, gjøres "
                "inaktiv; verdiene den har, blir stående."
            ),
            "rekkefolge": _("Lavere tall kommer først i lister og i kunnskapspakken."),
        }


class ValideringsregelForm(forms.ModelForm):
    konstant = VerdiField(
        label=_("Tall på høyre side"),
        required=False,
        help_text=_("Legges til summen på høyre side, for eksempel 100."),
    )

    class Meta:
        model = Valideringsregel
        fields = ["navn", "venstre", "operator", "hoyre", "konstant", "beskrivelse", "aktiv"]
        widgets = {
            "venstre": forms.CheckboxSelectMultiple,
            "hoyre": forms.CheckboxSelectMultiple,
            "beskrivelse": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "venstre": _("Summen av disse verdiene sammenlignes med høyre side."),
            "hoyre": _(
                "Summen av disse verdiene pluss tallet under. Regelen sjekkes bare når "
                "kommunen har verdi for alle indikatorene i den."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for navn in ("venstre", "hoyre"):
            self.fields[navn].queryset = Indikator.objects.filter(aktiv=True)
