from django import forms
from django.utils.translation import gettext_lazy as _

from felles import vedlegg
from felles.forms import FilterForm, FlereValgField, MedVersjon, RaskSelect, SprakSkjema
from kommuner.models import Etat, Kommune, Pilot, Tiltak

from .models import (
    POENG_MAKS,
    POENG_MIN,
    SPORSMAL_TEKSTER,
    Dokument,
    Pott,
    Rapport,
    Soknad,
    Sporsmal,
    Tilskuddsordning,
    Vedtak,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def kroner_field(label, required=True, help_text=""):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10**12,
        help_text=help_text,
        error_messages={"invalid": _("Skriv et helt antall kroner, uten mellomrom eller øre.")},
    )


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


class VedtakForm(forms.Form):
    utfall = forms.ChoiceField(
        label=_("Utfall"), choices=Vedtak.Utfall.choices, widget=forms.RadioSelect
    )
    belop_innvilget = kroner_field(
        _("Innvilget beløp (kr)"),
        required=False,
        help_text=_("Ved innvilgelse gjelder søkt beløp; ved avslag 0 kr."),
    )
    vilkaar = forms.CharField(label=_("Vilkår"), widget=forms.Textarea, required=False)
    begrunnelse = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea)
    tittel = forms.CharField(
        label=_("Din stillingstittel"),
        max_length=200,
        required=False,
        help_text=_("Står under navnet ditt i vedtaksbrevet."),
    )
    telefon = forms.CharField(
        label=_("Ditt telefonnummer"),
        max_length=30,
        required=False,
        help_text=_("Står i vedtaksbrevet, så kommunen vet hvem de kan ringe."),
    )


class ForslagForm(forms.Form):
    """The case handler's proposal: the decision's content, without the decider's
    title and phone (the approver gives theirs)."""

    utfall = VedtakForm.base_fields["utfall"]
    belop_innvilget = VedtakForm.base_fields["belop_innvilget"]
    vilkaar = VedtakForm.base_fields["vilkaar"]
    begrunnelse = VedtakForm.base_fields["begrunnelse"]


class GodkjennForm(MedVersjon):
    """Approve a proposal: the approver's title and phone go on the letter."""

    tittel = VedtakForm.base_fields["tittel"]
    telefon = VedtakForm.base_fields["telefon"]


class SendTilbakeForm(MedVersjon):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_tilbake-%s")
        super().__init__(*args, **kwargs)

    kommentar = forms.CharField(
        label=_("Kommentar til saksbehandleren"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvorfor forslaget sendes tilbake, og hva som bør endres."),
    )


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


class SaksbehandlerForm(forms.Form):
    saksbehandler = forms.ModelChoiceField(label=_("Saksbehandler"), queryset=None)

    def __init__(self, *args, saksbehandlere, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saksbehandler"].queryset = saksbehandlere


class NotatForm(forms.Form):
    tekst = forms.CharField(
        label=_("Nytt internt notat"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bare Statsforvalterens saksbehandlere ser notatene, aldri kommunen."),
    )


class PoengForm(forms.Form):
    """A score (1–5) per criterion of the round; an empty choice removes a score."""

    def __init__(self, *args, kriterier=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kriterier = list(kriterier)
        valg = [("", "–"), *((str(n), str(n)) for n in range(POENG_MIN, POENG_MAKS + 1))]
        for k in self.kriterier:
            self.fields[f"kriterium_{k.pk}"] = forms.TypedChoiceField(
                label=_("%(navn)s (vekt %(vekt)s)") % {"navn": k.navn, "vekt": k.vekt},
                choices=valg,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def poeng(self) -> dict[int, int | None]:
        return {k.pk: self.cleaned_data.get(f"kriterium_{k.pk}") for k in self.kriterier}


class InnstillingForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_innstilling-%s")
        super().__init__(*args, **kwargs)

    belop = kroner_field(_("Anbefalt beløp (kr)"))
    begrunnelse = forms.CharField(
        label=_("Begrunnelse for innstillingen"), widget=forms.Textarea(attrs={"rows": 3})
    )


class VedtakEndringForm(MedVersjon, VedtakForm):
    """An amendment: the decision's fields, why it is changed (required), and the
    version it was opened at: an amendment from a form opened before another admin's
    amendment is refused instead of silently undoing it."""

    endringsgrunn = forms.CharField(
        label=_("Grunn til endringen"),
        widget=forms.Textarea,
        help_text=_("Står i det nye vedtaksbrevet og i historikken."),
    )


class ImportForm(forms.Form):
    """On the pot page beside ``TildelingForm``: own ids (both have ``formaal``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_import-%s")
        super().__init__(*args, **kwargs)

    fil = forms.FileField(
        label=_("Fil med tildelinger (CSV eller XLSX)"),
        help_text=_("Kolonner: kommunenummer;aar;belop. Første rad er overskrift."),
    )
    formaal = forms.CharField(label=_("Formål"), max_length=300, required=False)


class UtbetalingForm(forms.Form):
    belop = kroner_field(_("Beløp (kr)"))
    dato = forms.DateField(label=_("Dato"), widget=DateInput())
    referanse = forms.CharField(label=_("Referanse"), max_length=100, required=False)


class RapportForm(forms.Form):
    periode = forms.CharField(label=_("Periode"), max_length=50, help_text=_("For eksempel 2020."))
    beskrivelse = forms.CharField(label=_("Hva pengene er brukt til"), widget=forms.Textarea)
    brukt_belop = kroner_field(_("Brukt beløp (kr)"))
    ubrukt_belop = kroner_field(_("Ubrukt beløp (kr)"), required=False)
    ubrukt_disponering = forms.ChoiceField(
        label=_("Ubrukte midler"),
        choices=[("", "–"), *Rapport.Disponering.choices],
        required=False,
    )


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


class VedleggForm(forms.Form):
    fil = forms.FileField(
        label=_("Legg ved en fil"),
        help_text=vedlegg.HJELPETEKST,
    )


class TildelingForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_tildeling-%s")
        super().__init__(*args, **kwargs)

    kommune = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Kommune.objects.order_by("navn"), required=False
    )
    etat = forms.ModelChoiceField(
        label=_("eller etat"),
        queryset=Etat.objects.order_by("navn"),
        required=False,
        help_text=_("For eksempel en høgskole som får midler til en evaluering."),
    )
    belop = kroner_field(_("Beløp (kr)"))
    formaal = forms.CharField(label=_("Formål"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("kommune")) == bool(data.get("etat")):
            raise forms.ValidationError(_("Velg én kommune eller én etat."))
        return data
