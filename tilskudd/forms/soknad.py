"""The kommune's application: its fields, the round's questions as fields, the budget
lines, attachments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from felles import vedlegg
from felles.forms import FlereValgField
from kommuner.models import Kommune, Tiltak

from ..models import Sporsmal
from .felt import DateInput, kroner_field


class SoknadForm(forms.Form):
    tittel = forms.CharField(label=_("Tittel"), max_length=200)
    formaal = forms.CharField(label=_("Formål"), widget=forms.Textarea)
    belop_sokt = kroner_field(_("Søkt beløp (kr)"))
    tiltak = FlereValgField(
        label=_("Tiltak søknaden finansierer"),
        queryset=Tiltak.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kommunens tiltak fra kunnskapsgrunnlaget."),
    )
    politisk_vedtatt = forms.DateField(
        label=_("Politisk vedtatt (dato)"),
        widget=DateInput(),
        required=False,
        help_text=_("Fylles ut om runden krever politisk behandling."),
    )
    deres_referanse = forms.CharField(
        label=_("Kommunens referanse"),
        max_length=100,
        required=False,
        help_text=_("Kommunens eget saksnummer, som vi oppgir som «Deres referanse»."),
    )
    postadresse = forms.CharField(
        label=_("Postadresse for svar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Adressen vedtaksbrevet sendes til."),
    )

    def __init__(self, *args, kommune: Kommune, sporsmal=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kommune's own measures can be chosen (another kommune's id is invalid).
        self.fields["tiltak"].queryset = Tiltak.objects.filter(kommune=kommune).order_by("navn")
        if not self.fields["tiltak"].queryset.exists():
            del self.fields["tiltak"]
        # The round's own questions, after the fixed fields. A draft may leave them
        # empty; the required ones must be answered to send it in (``soknad_submit``).
        self.sporsmal = list(sporsmal)
        for sp in self.sporsmal:
            self.fields[svarfelt(sp)] = _svarfelt_for(sp)

    def svar(self) -> dict[int, object]:
        """The answers, question id to value, for ``services.soknad_create/update``."""
        return {sp.pk: self.cleaned_data.get(svarfelt(sp)) for sp in self.sporsmal}


def svarfelt(sporsmal: Sporsmal) -> str:
    return f"sporsmal_{sporsmal.pk}"


MAA_BESVARES = _("Må besvares før søknaden sendes inn.")


def _svarfelt_for(sp: Sporsmal) -> forms.Field:
    hjelp = sp.hjelpetekst
    if sp.paakrevd:
        hjelp = f"{hjelp} {MAA_BESVARES}".strip()
    slag = Sporsmal.Slag
    if sp.slag == slag.TALL:
        return forms.DecimalField(
            label=sp.tekst, required=False, help_text=hjelp, max_digits=18, decimal_places=4
        )
    if sp.slag == slag.KRONER:
        return kroner_field(sp.tekst, required=False, help_text=hjelp)
    if sp.slag == slag.VALG:
        return forms.ChoiceField(
            label=sp.tekst,
            required=False,
            help_text=hjelp,
            choices=[("", "–"), *((v, v) for v in sp.valg_liste)],
        )
    if sp.slag == slag.VEDLEGG:
        return forms.FileField(
            label=sp.tekst, required=False, help_text=f"{hjelp} {vedlegg.HJELPETEKST}".strip()
        )
    return forms.CharField(
        label=sp.tekst,
        required=False,
        help_text=hjelp,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def svar_initial(svar) -> dict:
    """The form's initial values from stored answers (files are not shown again)."""
    initial = {}
    for a in svar:
        if a.belop is not None:
            initial[svarfelt(a.sporsmal)] = a.belop
        elif a.tall is not None:
            initial[svarfelt(a.sporsmal)] = a.tall.normalize()
        elif a.tekst:
            initial[svarfelt(a.sporsmal)] = a.tekst
    return initial


class BudsjettlinjeForm(forms.Form):
    beskrivelse = forms.CharField(label=_("Budsjettpost"), max_length=200, required=False)
    belop = kroner_field(_("Beløp (kr)"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("beskrivelse") and data.get("belop") is None:
            self.add_error("belop", _("Oppgi beløp for budsjettposten."))
        if data.get("belop") is not None and not data.get("beskrivelse"):
            self.add_error("beskrivelse", _("Beskriv budsjettposten."))
        return data


BudsjettFormSet = forms.formset_factory(BudsjettlinjeForm, extra=3, max_num=20)


def budsjettlinjer(formset) -> list[tuple[str, int]]:
    return [
        (f.cleaned_data["beskrivelse"], f.cleaned_data["belop"])
        for f in formset
        if f.cleaned_data.get("beskrivelse")
    ]


class VedleggForm(forms.Form):
    fil = forms.FileField(
        label=_("Legg ved en fil"),
        help_text=vedlegg.HJELPETEKST,
    )
