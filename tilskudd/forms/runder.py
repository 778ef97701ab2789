"""Setting up grants: pots and the schemes they pool, rounds, a round's questions and criteria."""

from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import FlereValgField, SprakSkjema
from kommuner.models import Kommune, Pilot

from ..models import SPORSMAL_TEKSTER, Pott, Sporsmal, Tilskuddsordning
from .felt import DATETIME_FORMAT, DateTimeLocalInput, kroner_field


class PottForm(forms.Form):
    navn = forms.CharField(label=_("Navn"), max_length=200)
    aar = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    total = kroner_field(_("Totalbeløp (kr)"))
    pilot = forms.ModelChoiceField(
        label=_("Pilot"), queryset=Pilot.objects.order_by("navn"), required=False
    )
    beskrivelse = forms.CharField(label=_("Beskrivelse"), widget=forms.Textarea, required=False)


class KildeForm(forms.Form):
    ordning = forms.ModelChoiceField(
        label=_("Tilskuddsordning"), queryset=Tilskuddsordning.objects.all(), required=False
    )
    belop = kroner_field(
        _("Beløp (kr)"), required=False, help_text=_("La stå tomt om fordelingen er ukjent.")
    )


# A pot may pool many schemes; the form starts with three rows and "Legg til kilde"
# adds one at a time (by JS, or by a submit without it).
MAKS_KILDER = 40
KildeFormSet = forms.formset_factory(
    KildeForm, extra=0, max_num=MAKS_KILDER, validate_max=True, absolute_max=MAKS_KILDER
)


def kilder(formset) -> list[tuple[Tilskuddsordning, int | None]]:
    """The pot's sources from a valid ``KildeFormSet`` (empty rows left out)."""
    return [
        (f.cleaned_data["ordning"], f.cleaned_data.get("belop"))
        for f in formset
        if f.cleaned_data.get("ordning")
    ]


class RundeForm(SprakSkjema, forms.Form):
    # The round's title, description and criteria in bokmål, nynorsk and English.
    sprakfelt = ("tittel", "beskrivelse", "kriterier")

    pott = forms.ModelChoiceField(label=_("Pott"), queryset=Pott.objects.all())
    pilot = forms.ModelChoiceField(
        label=_("Pilot"), queryset=Pilot.objects.order_by("navn"), required=False
    )
    tittel = forms.CharField(label=_("Tittel"), max_length=200)
    beskrivelse = forms.CharField(label=_("Beskrivelse"), widget=forms.Textarea, required=False)
    kriterier = forms.CharField(label=_("Kriterier"), widget=forms.Textarea, required=False)
    aapner = forms.DateTimeField(
        label=_("Åpner"), widget=DateTimeLocalInput(), input_formats=[DATETIME_FORMAT]
    )
    stenger = forms.DateTimeField(
        label=_("Søknadsfrist"), widget=DateTimeLocalInput(), input_formats=[DATETIME_FORMAT]
    )
    alle_kommuner = forms.BooleanField(
        label=_("Alle kommuner kan søke"), required=False, initial=True
    )
    kommuner = FlereValgField(
        label=_("Kommuner som kan søke"),
        queryset=Kommune.objects.order_by("navn"),
        required=False,
        help_text=_("Brukes bare når ikke alle kommuner kan søke."),
    )
    maks_belop = kroner_field(_("Høyeste beløp per søknad (kr)"), required=False)
    krever_politisk_vedtak = forms.BooleanField(
        label=_("Søknaden må være politisk vedtatt"), required=False
    )
    klageinstans = forms.CharField(
        label=_("Klageinstans"),
        max_length=200,
        required=False,
        help_text=_("Hvem som avgjør en klage på vedtak i runden, f.eks. et departement."),
    )

    def clean(self):
        data = super().clean()
        if data.get("aapner") and data.get("stenger") and data["stenger"] <= data["aapner"]:
            self.add_error("stenger", _("Søknadsfristen må være etter åpningen."))
        return data


class SporsmalForm(SprakSkjema, forms.Form):
    # The question and its help text in bokmål, nynorsk and English.
    sprakfelt = SPORSMAL_TEKSTER

    tekst = forms.CharField(label=_("Spørsmål"), max_length=300)
    hjelpetekst = forms.CharField(label=_("Hjelpetekst"), max_length=300, required=False)
    slag = forms.ChoiceField(label=_("Svartype"), choices=Sporsmal.Slag.choices)
    valg = forms.CharField(
        label=_("Alternativer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bare for valgspørsmål: ett alternativ per linje."),
    )
    paakrevd = forms.BooleanField(label=_("Må besvares"), required=False)
    rekkefolge = forms.IntegerField(label=_("Rekkefølge"), min_value=0, max_value=999, initial=0)


class KriteriumForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_kriterium-%s")
        super().__init__(*args, **kwargs)

    navn = forms.CharField(label=_("Kriterium"), max_length=200)
    beskrivelse = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    vekt = forms.IntegerField(
        label=_("Vekt"),
        min_value=1,
        max_value=100,
        help_text=_("Et helt tall fra 1 til 100; poengene vektes med det."),
    )
    rekkefolge = forms.IntegerField(label=_("Rekkefølge"), min_value=0, max_value=999, initial=0)
