"""The meeting log: a meeting with its participants and follow-up owners, its
decisions, follow-up points and notes, and meeting series."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from felles.forms import FlereValgField, MedVersjon
from kommuner.models import Bruker, Etat, Fase5D, Kommune

from .. import access
from ..models import Mote, Moteserie, Motetype, Niva, Oppfolgingspunkt
from ..selectors import deltakere_som_tekst
from ..services import ANSVARLIG_UTENFOR, MOTE_FIELDS, Deltaker
from .hvor import TEAM, HvorForm, _dato_widget


def parse_deltakere(tekst: str) -> list[Deltaker]:
    """One participant per line: "Navn, etat eller kommune". The organisation is
    matched against the etater (short or full name) and kommuner; otherwise kept as
    text."""
    etater = {e.kortnavn.lower(): e for e in Etat.objects.all()}
    etater.update({e.navn.lower(): e for e in etater.values()})
    kommuner = {k.navn.lower(): k for k in Kommune.objects.all()}
    deltakere = []
    for line in tekst.splitlines():
        line = line.strip()
        if not line:
            continue
        navn, _sep, org = (part.strip() for part in line.partition(","))
        if not navn:
            continue
        etat = etater.get(org.lower())
        kommune = None if etat else kommuner.get(org.lower())
        deltakere.append(
            Deltaker(
                navn=navn,
                etat=etat,
                kommune=kommune,
                organisasjon="" if (etat or kommune) else org,
            )
        )
    return deltakere


class MoteForm(HvorForm):
    type = forms.ChoiceField(label=_("Møtetype"), choices=Motetype.choices)
    tittel = forms.CharField(label=_("Tittel (valgfri)"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=Mote.Status.choices, initial=Mote.Status.GJENNOMFORT
    )
    dato = forms.DateField(label=_("Dato"), widget=_dato_widget())
    klokkeslett = forms.TimeField(
        label=_("Klokkeslett"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    varighet_minutter = forms.IntegerField(
        label=_("Varighet (minutter)"), min_value=5, max_value=24 * 60, initial=60
    )
    digitalt = forms.BooleanField(label=_("Telefon/video"), required=False)
    sted = forms.CharField(label=_("Sted"), max_length=200, required=False)
    fase = forms.ChoiceField(
        label=_("5D-fase"), choices=[("", "–")] + list(Fase5D.choices), required=False
    )
    niva = forms.ChoiceField(
        label=_("Nivå"), choices=[("", "–")] + list(Niva.choices), required=False
    )
    deltakere_brukere = FlereValgField(
        label=_("Deltakere som er brukere av portalen"),
        queryset=Bruker.objects.filter(is_active=True).select_related("etat", "kommune"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deltakere_fritekst = forms.CharField(
        label=_("Andre deltakere"),
        help_text=_("Én per linje: «Navn, etat eller kommune»."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    referat = forms.CharField(
        label=_("Referat"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deltakere_brukere"].label_from_instance = lambda b: (
            f"{b} ({b.etat or b.kommune or b.email})"
        )

    def clean(self):
        data = super().clean()
        if data.get("dato") and data.get("klokkeslett"):
            data["start"] = timezone.make_aware(datetime.combine(data["dato"], data["klokkeslett"]))
        return data

    def deltakere(self) -> list[Deltaker]:
        brukere = [Deltaker(bruker=b) for b in self.cleaned_data.get("deltakere_brukere") or []]
        return brukere + parse_deltakere(self.cleaned_data.get("deltakere_fritekst", ""))

    def mote_fields(self) -> dict:
        """The meeting's own fields (``services.MOTE_FIELDS``), for ``mote_log`` and
        ``mote_update``."""
        pilot, kommune = self.cleaned_data["hvor"]
        data = {**self.cleaned_data, "pilot": pilot, "kommune": kommune}
        return {name: data[name] for name in MOTE_FIELDS}


def mote_felt_etikett(felt: str) -> str:
    """The label a meeting field (``services.MOTE_FIELDS``) has on the meeting form,
    for the conflict table and the history: the form asks for the kommune and pilot
    together ("Kommune") and the start as date and time."""
    if felt == "start":
        return str(_("Tidspunkt"))
    navn = {"kommune": "hvor", "pilot": "hvor"}.get(felt, felt)
    return str(MoteForm.base_fields[navn].label)


class AnsvarligField(forms.ModelChoiceField):
    """The owner of a follow-up point, among the people of the meeting's pilot and
    kommune (``access.ansvarlige_per_sted``): one list for a known meeting, grouped by
    place where the form also chooses the place. Another id is refused as an invalid
    choice; the service checks the place again."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Bruker.objects.none(), required=False, **kwargs)

    def sett_folk(self, per_sted: dict, etiketter: dict | None = None) -> None:
        alle = {b.pk: b for folk in per_sted.values() for b in folk}
        self.queryset = Bruker.objects.filter(pk__in=list(alle)).select_related("etat", "kommune")
        navn = {pk: self.label_from_instance(b) for pk, b in alle.items()}
        if etiketter is None:
            valg = [(b.pk, navn[b.pk]) for folk in per_sted.values() for b in folk]
        else:
            valg = [
                (etiketter[sted], [(b.pk, navn[b.pk]) for b in folk])
                for sted, folk in per_sted.items()
                if folk and sted in etiketter
            ]
        self.choices = [("", self.empty_label), *valg]

    def label_from_instance(self, obj):
        hvor = obj.etat or obj.kommune
        return f"{obj} ({hvor})" if hvor else str(obj)


class MoteNyForm(MoteForm):
    """The fast path: decisions one per line and one follow-up point on the same page.

    Unbound, it starts today at 09:00 as a progress meeting, in the kommune ``forvalg``
    names (a kommune id, or "team") if the user may log there, else in the first."""

    beslutninger = forms.CharField(
        label=_("Beslutninger"),
        help_text=_("Én beslutning per linje."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    oppfolging_tekst = forms.CharField(
        label=_("Oppfølgingspunkt"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    oppfolging_ansvarlig = AnsvarligField(
        label=_("Ansvarlig person"),
        help_text=_("Personene i møtets pilot og kommune, gruppert etter kommune."),
    )
    oppfolging_etat = forms.ModelChoiceField(
        label=_("Ansvarlig etat"), queryset=Etat.objects.all(), required=False
    )
    oppfolging_frist = forms.DateField(label=_("Frist"), required=False, widget=_dato_widget())

    def __init__(self, *args, forvalg: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        etiketter = {}
        for key, label in self.fields["hvor"].choices:
            pilot_id, _sep, kommune_id = key.partition(":")
            etiketter[(int(pilot_id), None if kommune_id == TEAM else int(kommune_id))] = label
        self.fields["oppfolging_ansvarlig"].sett_folk(
            access.ansvarlige_per_sted(list(etiketter)), etiketter
        )
        if not self.is_bound:
            valg = [key for key, _label in self.fields["hvor"].choices]
            hvor = next((k for k in valg if forvalg and k.partition(":")[2] == forvalg), "")
            self.initial = {
                "hvor": hvor or next(iter(valg), ""),
                "dato": timezone.localdate(),
                "klokkeslett": "09:00",
                "varighet_minutter": 60,
                "type": Motetype.FREMDRIFT,
                **self.initial,
            }

    def valgt_sted(self) -> tuple[int | None, int | None]:
        """(pilot id, kommune id) of the preselected place; a team meeting has no
        kommune."""
        pilot_id, _sep, kommune_id = self.initial.get("hvor", "").partition(":")
        if not pilot_id:
            return None, None
        return int(pilot_id), None if kommune_id == TEAM else int(kommune_id)

    def clean(self):
        data = super().clean()
        har_punkt = any(
            data.get(f) for f in ("oppfolging_ansvarlig", "oppfolging_etat", "oppfolging_frist")
        )
        if har_punkt and not (data.get("oppfolging_tekst") or "").strip():
            self.add_error("oppfolging_tekst", _("Skriv hva som skal følges opp."))
        ansvarlig, hvor = data.get("oppfolging_ansvarlig"), data.get("hvor")
        if ansvarlig is not None and hvor is not None:
            pilot, kommune = hvor
            folk = access.ansvarlige_for(pilot_id=pilot.pk, kommune_id=kommune and kommune.pk)
            if ansvarlig not in folk:
                self.add_error("oppfolging_ansvarlig", ANSVARLIG_UTENFOR)
        return data

    def beslutning_liste(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["beslutninger"].splitlines() if line.strip()
        ]

    def oppfolging_liste(self) -> list[dict]:
        data = self.cleaned_data
        if not (data.get("oppfolging_tekst") or "").strip():
            return []
        return [
            {
                "tekst": data["oppfolging_tekst"],
                "ansvarlig_bruker": data.get("oppfolging_ansvarlig"),
                "ansvarlig_etat": data.get("oppfolging_etat"),
                "frist": data.get("oppfolging_frist"),
            }
        ]


class MoteRedigerForm(MedVersjon, MoteForm):
    pass


def mote_initial(mote: Mote) -> dict:
    lokal = timezone.localtime(mote.start)
    deltakere = list(mote.deltakere.all())
    return {
        "hvor": f"{mote.pilot_id}:{mote.kommune_id or TEAM}",
        "type": mote.type,
        "tittel": mote.tittel,
        "status": mote.status,
        "dato": lokal.date(),
        "klokkeslett": lokal.time().replace(second=0, microsecond=0),
        "varighet_minutter": mote.varighet_minutter,
        "digitalt": mote.digitalt,
        "sted": mote.sted,
        "fase": mote.fase,
        "niva": mote.niva,
        "deltakere_brukere": [d.bruker_id for d in deltakere if d.bruker_id],
        "deltakere_fritekst": deltakere_som_tekst(deltakere),
        "agenda": mote.agenda,
        "referat": mote.referat,
        "versjon": mote.versjon,
    }


class BeslutningForm(forms.Form):
    tekst = forms.CharField(label=_("Ny beslutning"), widget=forms.Textarea(attrs={"rows": 2}))
    besluttet_av = forms.CharField(label=_("Besluttet av"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        # The meeting page shows this form beside OppfolgingForm: ids of their own.
        kwargs.setdefault("auto_id", "beslutning_%s")
        super().__init__(*args, **kwargs)


class OppfolgingForm(forms.Form):
    tekst = forms.CharField(
        label=_("Nytt oppfølgingspunkt"), widget=forms.Textarea(attrs={"rows": 2})
    )
    ansvarlig_bruker = AnsvarligField(label=_("Ansvarlig person"))
    ansvarlig_etat = forms.ModelChoiceField(
        label=_("Ansvarlig etat"), queryset=Etat.objects.all(), required=False
    )
    frist = forms.DateField(label=_("Frist"), required=False, widget=_dato_widget())

    def __init__(self, *args, mote: Mote, **kwargs):
        kwargs.setdefault("auto_id", "oppfolging_%s")
        super().__init__(*args, **kwargs)
        sted = (mote.pilot_id, mote.kommune_id)
        self.fields["ansvarlig_bruker"].sett_folk(access.ansvarlige_per_sted([sted]))


class NotatForm(forms.Form):
    tekst = forms.CharField(label=_("Notat"), widget=forms.Textarea(attrs={"rows": 2}))


class PunktStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Oppfolgingspunkt.Status.choices)


class MoteserieForm(HvorForm):
    tittel = forms.CharField(label=_("Tittel"), max_length=200)
    type = forms.ChoiceField(
        label=_("Møtetype"), choices=Motetype.choices, initial=Motetype.FREMDRIFT
    )
    intervall = forms.ChoiceField(label=_("Intervall"), choices=Moteserie.Intervall.choices)
    forste_dato = forms.DateField(label=_("Første møte, dato"), widget=_dato_widget())
    klokkeslett = forms.TimeField(
        label=_("Klokkeslett"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    antall = forms.IntegerField(label=_("Antall møter"), min_value=1, max_value=52, initial=6)
    varighet_minutter = forms.IntegerField(
        label=_("Varighet (minutter)"), min_value=5, max_value=24 * 60, initial=60
    )
    digitalt = forms.BooleanField(label=_("Telefon/video"), required=False)
    sted = forms.CharField(label=_("Sted"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forste_dato"].initial = timezone.localdate() + timedelta(days=7)

    def clean(self):
        data = super().clean()
        if data.get("forste_dato") and data.get("klokkeslett"):
            data["forste_start"] = timezone.make_aware(
                datetime.combine(data["forste_dato"], data["klokkeslett"])
            )
        return data

    def serie_fields(self) -> dict:
        """The series as ``services.moteserie_create`` takes it."""
        data = self.cleaned_data
        pilot, kommune = data["hvor"]
        felt = (
            "tittel",
            "type",
            "intervall",
            "forste_start",
            "antall",
            "varighet_minutter",
            "sted",
            "digitalt",
        )
        return {"pilot": pilot, "kommune": kommune, **{name: data[name] for name in felt}}
