from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import FilterForm, FlereValgField, SprakSkjema
from kommuner.models import Indikator, Kommune, Tema, Tiltak

from .models import Mal, Refleksjonsskjema, Skala


class DashboardFilterForm(FilterForm, forms.Form):
    periode = forms.ChoiceField(label=_("Periode"), required=False)
    fylke = forms.ChoiceField(label=_("Fylke"), required=False)
    tema = forms.ChoiceField(
        label=_("Tema"), required=False, choices=[("", _("Alle"))] + list(Tema.choices)
    )
    indikator = forms.ModelChoiceField(
        label=_("Indikator i sammenligningen"),
        queryset=Indikator.objects.filter(aktiv=True).order_by("rekkefolge", "navn"),
        required=False,
        empty_label=_("Nøkkelindikatoren"),
    )

    def __init__(self, *args, perioder, fylker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [(p.kode, p.kode) for p in reversed(perioder)]
        self.fields["fylke"].choices = [("", _("Alle"))] + fylker


class MalForm(SprakSkjema, forms.ModelForm):
    # The goal and its description in bokmål (required goal), nynorsk and English.
    sprakfelt = ("tittel", "beskrivelse")

    class Meta:
        model = Mal
        fields = ["nummer", "tittel", "beskrivelse", "indikatorer"]
        field_classes = {"indikatorer": FlereValgField}
        widgets = {
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
            "indikatorer": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikatorer"].queryset = Indikator.objects.filter(aktiv=True).order_by(
            "rekkefolge", "navn"
        )


class MaloppnaelseForm(forms.Form):
    mal = forms.ModelChoiceField(label=_("Mål"), queryset=Mal.objects.none())
    kommune = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Kommune.objects.none(),
        required=False,
        empty_label=_("Hele piloten"),
    )
    vurdering = forms.ChoiceField(label=_("Vurdering"), choices=Skala.choices)
    tiltak = FlereValgField(
        label=_("Tiltak vurderingen bygger på"),
        queryset=Tiltak.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    begrunnelse = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mal"].queryset = Mal.objects.filter(pilot=pilot).order_by("nummer")
        self.fields["kommune"].queryset = Kommune.objects.filter(
            deltakelser__pilot=pilot, deltakelser__status="deltar"
        ).order_by("navn")
        self.fields["tiltak"].queryset = (
            Tiltak.objects.filter(
                kommune__deltakelser__pilot=pilot, kommune__deltakelser__status="deltar"
            )
            .select_related("kommune")
            .order_by("kommune__navn", "navn")
        )
        self.fields["tiltak"].label_from_instance = lambda t: f"{t.kommune.navn}: {t.navn}"

    def clean(self):
        data = super().clean()
        kommune, tiltak = data.get("kommune"), data.get("tiltak") or []
        if kommune and any(t.kommune_id != kommune.pk for t in tiltak):
            raise forms.ValidationError(
                _("Velg bare tiltak fra %(k)s når vurderingen gjelder én kommune.") % {"k": kommune}
            )
        return data


class RefleksjonsskjemaForm(forms.Form):
    tittel = forms.CharField(label=_("Tittel"), max_length=200)
    innledning = forms.CharField(
        label=_("Innledning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pastander = forms.CharField(
        label=_("Påstander"),
        help_text=_(
            "Én påstand per linje. Kommunene svarer fra 1 = i liten grad til 5 = i stor grad."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    pastander_nn = forms.CharField(
        label=_("Påstander (nynorsk)"),
        required=False,
        help_text=_(
            "Valgfritt: de samme påstandene på nynorsk, én per linje i samme rekkefølge. "
            "Der teksten mangler, ser leseren bokmålsteksten."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    pastander_en = forms.CharField(
        label=_("Påstander (engelsk)"),
        required=False,
        help_text=_(
            "Valgfritt: de samme påstandene på engelsk, én per linje i samme rekkefølge. "
            "Der teksten mangler, ser leseren bokmålsteksten."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    kommuner = FlereValgField(
        label=_("Send til kommunene"),
        queryset=Kommune.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    forrige = forms.ModelChoiceField(
        label=_("Sammenlign med skjema"),
        queryset=Refleksjonsskjema.objects.none(),
        required=False,
        help_text=_("Påstander med samme nummer sammenlignes mellom periodene."),
    )

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kommuner"].queryset = Kommune.objects.filter(
            deltakelser__pilot=pilot, deltakelser__status="deltar"
        ).order_by("navn")
        self.fields["forrige"].queryset = Refleksjonsskjema.objects.filter(pilot=pilot)

    def clean_pastander(self):
        lines = [ln.strip() for ln in self.cleaned_data["pastander"].splitlines() if ln.strip()]
        if not lines:
            raise forms.ValidationError(_("Skriv minst én påstand."))
        if any(len(ln) > 400 for ln in lines):
            raise forms.ValidationError(_("En påstand kan ha høyst 400 tegn."))
        return lines

    def _oversatte_pastander(self, felt):
        lines = [ln.strip() for ln in self.cleaned_data[felt].splitlines() if ln.strip()]
        if any(len(ln) > 400 for ln in lines):
            raise forms.ValidationError(_("En påstand kan ha høyst 400 tegn."))
        return lines

    def clean_pastander_nn(self):
        return self._oversatte_pastander("pastander_nn")

    def clean_pastander_en(self):
        return self._oversatte_pastander("pastander_en")


SVAR_CHOICES = [(i, str(i)) for i in range(1, 6)]


class RefleksjonssvarForm(forms.Form):
    fritekst = forms.CharField(
        label=_("Fritekst: refleksjoner, hemmere og fremmere"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, pastander, **kwargs):
        super().__init__(*args, **kwargs)
        self.pastander = list(pastander)
        for p in self.pastander:
            self.fields[f"p{p.pk}"] = forms.TypedChoiceField(
                label=f"{p.nummer}. {p.tekst}",
                choices=SVAR_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 = i liten grad, 5 = i stor grad"),
            )

    def verdier(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data[f"p{p.pk}"] for p in self.pastander}


class NotatForm(forms.Form):
    tekst = forms.CharField(label=_("Notat"), widget=forms.Textarea(attrs={"rows": 5}))
