"""Assessment and decisions: case workers, notes, scores, recommendations, decision
proposals and their sign-off, changes, imports, payments, use-of-funds reports,
allocations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from felles.forms import MedVersjon
from kommuner.models import Etat, Kommune

from ..models import POENG_MAKS, POENG_MIN, Rapport, Vedtak
from .felt import DateInput, kroner_field


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
