"""The kommune's knowledge base (kunnskapsgrunnlag): indicators and their values,
baselines, measures (tiltak), the challenge picture, attachments and the regional
state's catalogue of offers (virkemidler). Imported into ``kommuner.models``."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles import vedlegg as vedlegg_policy
from felles.oversatt import sprakfelt

PERIODE_RE = re.compile(r"^(?P<aar>\d{4})(-H(?P<halvaar>[12]))?$")
FORSTE_AAR = 2000


class Tema(models.TextChoices):
    BARNEFATTIGDOM = "barnefattigdom", _("Barnefattigdom")
    BOLIG = "bolig", _("Bolig")
    ARBEID = "arbeid", _("Arbeid")
    UTDANNING = "utdanning", _("Utdanning")
    HELSE = "helse", _("Helse")
    INTEGRERING = "integrering", _("Integrering")
    SAMHANDLING = "samhandling", _("Samhandling")
    ANNET = "annet", _("Annet")


def periode_parse(periode: str) -> tuple[int, int | None]:
    """'2025' -> (2025, None); '2025-H1' -> (2025, 1). Raises ValueError."""
    match = PERIODE_RE.match((periode or "").strip().upper())
    if not match:
        raise ValueError(periode)
    halvaar = match.group("halvaar")
    return int(match.group("aar")), int(halvaar) if halvaar else None


def periode_sort_key(periode: str) -> tuple[int, int]:
    """Years sort after their own half-years: 2024-H1, 2024-H2, 2024, 2025-H1 …"""
    aar, halvaar = periode_parse(periode)
    return aar, halvaar or 3


def validate_periode(value: str) -> None:
    try:
        aar, halvaar = periode_parse(value)
    except ValueError:
        raise ValidationError(
            _("Perioden må være et år (2025) eller et halvår (2025-H1 eller 2025-H2)."),
            code="ugyldig_periode",
        ) from None
    today = timezone.localdate()
    start_month = 7 if halvaar == 2 else 1
    if aar < FORSTE_AAR or (aar, start_month) > (today.year, today.month):
        raise ValidationError(
            _("Perioden %(periode)s er utenfor gyldig tidsrom (%(fra)s til i dag).")
            % {"periode": value, "fra": FORSTE_AAR},
            code="periode_utenfor",
        )


def tall_tekst(verdi: Decimal) -> str:
    """A number as Norwegians write it in a message: 12,5; 1400."""
    return format(verdi.normalize(), "f").replace(".", ",")


# The value type's hard limits: (lowest, highest, whole numbers only). "Annet" has none.
HARDE_GRENSER: dict[str, tuple[Decimal | None, Decimal | None, bool]] = {
    "prosent": (Decimal(0), Decimal(100), False),
    "per_1000": (Decimal(0), None, False),
    "antall": (Decimal(0), None, True),
    "kroner": (None, None, True),
}


class Indikator(models.Model):
    """One measure in the results framework, e.g. the share of children in
    persistent low-income households."""

    class Enhet(models.TextChoices):
        PROSENT = "prosent", _("prosent")
        ANTALL = "antall", _("antall")
        KRONER = "kroner", _("kroner")
        PER_1000 = "per_1000", _("per 1000 innbyggere")
        ANNET = "annet", _("annet")

    class Retning(models.TextChoices):
        HOYERE = "hoyere", _("Høyere er bedre")
        LAVERE = "lavere", _("Lavere er bedre")

    class Periodetype(models.TextChoices):
        AAR = "aar", _("År")
        HALVAAR = "halvaar", _("Halvår")
        KVARTAL = "kvartal", _("Kvartal (registreres som halvåret det avslutter)")

    navn = models.CharField(_("navn"), max_length=200, unique=True)
    kode = models.CharField(
        _("kode"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9_.-]+$", _("Koden kan ha bokstaver (a–z), sifre, punktum, - og _.")
            )
        ],
        help_text=_("Kort, fast kode for indikatoren, for eksempel BF01."),
    )
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    definisjon = models.TextField(
        _("definisjon"),
        blank=True,
        help_text=_("Hva som telles og hvordan tallet regnes ut (teller, nevner, kilde)."),
    )
    # The value type: it gives the hard limits (``harde_grenser``).
    enhet = models.CharField(_("verditype"), max_length=20, choices=Enhet.choices)
    periodetype = models.CharField(
        _("periodetype"),
        max_length=10,
        choices=Periodetype.choices,
        default=Periodetype.AAR,
        help_text=_("Perioden indikatoren rapporteres for."),
    )
    min_verdi = models.DecimalField(
        _("laveste tillatte verdi"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Valgfritt. Innenfor verditypens grenser."),
    )
    maks_verdi = models.DecimalField(
        _("høyeste tillatte verdi"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Valgfritt. Innenfor verditypens grenser."),
    )
    maks_endring = models.PositiveIntegerField(
        _("største endring fra forrige periode (prosent)"),
        null=True,
        blank=True,
        default=50,
        help_text=_("En større endring flagges som uteligger. Tom: ingen kontroll."),
    )
    mad_faktor = models.DecimalField(
        _("k i median ± k × MAD"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        default=Decimal(3),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_(
            "En verdi lenger fra medianen i pilotens andre kommuner enn k ganger "
            "medianavviket (MAD) flagges. Tom: ingen kontroll."
        ),
    )
    kilde = models.CharField(_("kilde"), max_length=200, blank=True)
    retning = models.CharField(_("retning"), max_length=10, choices=Retning.choices)
    tema = models.CharField(_("tema"), max_length=20, choices=Tema.choices)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=100)
    # The history keeps the base columns, which hold the bokmål text (felles.oversatt).
    history = HistoricalRecords(excluded_fields=sprakfelt("navn", "beskrivelse", "definisjon"))

    class Meta:
        ordering = ["rekkefolge", "navn"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(
                fields=["kode"], condition=~Q(kode=""), name="unik_indikatorkode"
            ),
        ]

    def __str__(self):
        return self.navn

    def harde_grenser(self) -> tuple[Decimal | None, Decimal | None, bool]:
        """(lowest, highest, whole numbers only) that the value type allows."""
        return HARDE_GRENSER.get(self.enhet, (None, None, False))

    def grenser(self) -> tuple[Decimal | None, Decimal | None]:
        """The allowed range: the value type's hard limits, narrowed by the optional
        range set in the catalogue."""
        lav, hoy, _heltall = self.harde_grenser()
        if self.min_verdi is not None and (lav is None or self.min_verdi > lav):
            lav = self.min_verdi
        if self.maks_verdi is not None and (hoy is None or self.maks_verdi < hoy):
            hoy = self.maks_verdi
        return lav, hoy

    def grensefeil(self, verdi: Decimal | None) -> str | None:
        """Why ``verdi`` cannot be stored for this indicator, or None. The one check of
        hard limits: the entry form, the upload and the SSB fetch all call it."""
        if verdi is None:
            return None
        _lav, _hoy, heltall = self.harde_grenser()
        lav, hoy = self.grenser()
        if heltall and verdi != verdi.to_integral_value():
            return _("%(enhet)s må være et helt tall.") % {
                "enhet": capfirst(self.get_enhet_display())
            }
        if (lav is not None and verdi < lav) or (hoy is not None and verdi > hoy):
            if lav is not None and hoy is not None:
                return _("Verdien %(verdi)s er utenfor tillatt område %(lav)s–%(hoy)s.") % {
                    "verdi": tall_tekst(verdi),
                    "lav": tall_tekst(lav),
                    "hoy": tall_tekst(hoy),
                }
            if lav is not None:
                return _("Verdien %(verdi)s er lavere enn %(lav)s, som er laveste tillatte.") % {
                    "verdi": tall_tekst(verdi),
                    "lav": tall_tekst(lav),
                }
            return _("Verdien %(verdi)s er høyere enn %(hoy)s, som er høyeste tillatte.") % {
                "verdi": tall_tekst(verdi),
                "hoy": tall_tekst(hoy),
            }
        return None

    def clean(self):
        lav, hoy, _heltall = self.harde_grenser()
        feil = {}
        for navn in ("min_verdi", "maks_verdi"):
            grense = getattr(self, navn)
            if grense is None:
                continue
            if (lav is not None and grense < lav) or (hoy is not None and grense > hoy):
                feil[navn] = _("Må ligge innenfor verditypens grenser (%(lav)s–%(hoy)s).") % {
                    "lav": tall_tekst(lav) if lav is not None else "",
                    "hoy": tall_tekst(hoy) if hoy is not None else "",
                }
        if (
            "maks_verdi" not in feil
            and self.min_verdi is not None
            and self.maks_verdi is not None
            and self.min_verdi > self.maks_verdi
        ):
            feil["maks_verdi"] = _("Høyeste tillatte verdi kan ikke være lavere enn laveste.")
        if feil:
            raise ValidationError(feil)


class Indikatorverdi(models.Model):
    """A kommune's value of one indicator for one period. One row per
    (kommune, indikator, periode); every change is kept in its history."""

    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        SENDT_INN = "sendt_inn", _("Sendt inn")
        GODKJENT = "godkjent", _("Godkjent")
        RETURNERT = "returnert", _("Returnert med kommentar")

    kommune = models.ForeignKey(
        "kommuner.Kommune",
        on_delete=models.PROTECT,
        related_name="indikatorverdier",
        verbose_name=_("kommune"),
    )
    indikator = models.ForeignKey(
        Indikator, on_delete=models.PROTECT, related_name="verdier", verbose_name=_("indikator")
    )
    periode = models.CharField(_("periode"), max_length=7, validators=[validate_periode])
    # Empty only for a figure the source does not publish (``mangler_grunn`` says why).
    verdi = models.DecimalField(_("verdi"), max_digits=18, decimal_places=4, null=True, blank=True)
    mangler_grunn = models.CharField(
        _("hvorfor tallet ikke er tilgjengelig"), max_length=200, blank=True
    )
    # Where a fetched figure comes from ("SSB, tabell 12345, hentet 01.03.2026");
    # empty for a value a person entered or uploaded.
    opphav = models.CharField(_("opphav"), max_length=120, blank=True)
    kommentar = models.TextField(_("kommentar"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UTKAST
    )
    sendt_inn_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sendt inn av"),
    )
    sendt_inn_tid = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    behandlet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkjent eller returnert av"),
    )
    behandlet_tid = models.DateTimeField(_("godkjent eller returnert"), null=True, blank=True)
    tilbakemelding = models.TextField(_("kommentar fra den som behandlet"), blank=True)
    versjon = models.PositiveIntegerField(
        _("versjon"),
        default=1,
        help_text=_("Øker ved hver endring av verdi eller status."),
    )
    # Warnings from the quality checks (``kunnskap.kvalitet``): outliers and broken
    # validation rules, each {"kode", "mal", "param"}; never a reason to refuse.
    advarsler = models.JSONField(_("advarsler"), default=list, blank=True)
    history = HistoricalRecords(excluded_fields=["advarsler"])

    class Meta:
        ordering = ["indikator__rekkefolge", "indikator__navn", "periode"]
        verbose_name = _("indikatorverdi")
        verbose_name_plural = _("indikatorverdier")
        # The kommune filter is the unique constraint's first column; the averages over
        # participating kommuner filter status and period.
        indexes = [
            models.Index(
                fields=["status", "periode", "indikator"], name="indikatorverdi_status_periode"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "indikator", "periode"], name="unik_indikatorverdi"
            ),
            models.CheckConstraint(
                condition=Q(verdi__isnull=False) | ~Q(mangler_grunn=""),
                name="indikatorverdi_verdi_eller_grunn",
            ),
        ]

    def __str__(self):
        return f"{self.kommune} – {self.indikator} – {self.periode}"

    def get_status_display(self) -> str:
        """The status's label (as Django's, from a dict made once: Django's hashes every
        lazily translated choice on each call, and the knowledge-base page shows
        hundreds of values)."""
        return str(_VERDISTATUS.get(self.status, self.status))

    @property
    def er_laast(self) -> bool:
        return self.status == self.Status.GODKJENT

    @property
    def er_tilgjengelig(self) -> bool:
        return self.verdi is not None

    @property
    def fra_ssb(self) -> bool:
        return self.opphav.startswith("SSB")

    @property
    def advarsel_tekster(self) -> list[str]:
        return advarsel_tekster(self.advarsler)


def advarsel_tekster(advarsler: list[dict]) -> list[str]:
    """Stored warnings in the reader's language (each is a gettext_noop template and
    its parameters)."""
    return [gettext(a["mal"]) % a.get("param", {}) for a in advarsler or []]


# Choice value -> (lazy) label, for Indikatorverdi.get_status_display.
_VERDISTATUS = dict(Indikatorverdi.Status.choices)


class Valideringsregel(models.Model):
    """A rule between indicators, checked for each kommune and period (DHIS2's
    validation rules): the sum of the left side's values compared with the sum of the
    right side's values plus a constant. "Part ≤ whole" is one indicator on each side;
    "the shares add up to at most 100" is the shares on the left and 100 on the right.
    A broken rule is a warning on the values, never a refusal; a rule with a value
    missing is not checked."""

    class Operator(models.TextChoices):
        MINDRE_ELLER_LIK = "le", "≤"
        MINDRE = "lt", "<"
        LIK = "eq", "="
        STORRE_ELLER_LIK = "ge", "≥"
        STORRE = "gt", ">"

    navn = models.CharField(_("navn"), max_length=200, unique=True)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    venstre = models.ManyToManyField(
        Indikator, related_name="regler_venstre", verbose_name=_("venstre side (summen av)")
    )
    operator = models.CharField(_("sammenligning"), max_length=2, choices=Operator.choices)
    hoyre = models.ManyToManyField(
        Indikator,
        related_name="regler_hoyre",
        blank=True,
        verbose_name=_("høyre side (summen av)"),
    )
    konstant = models.DecimalField(
        _("tall på høyre side"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Legges til summen på høyre side, for eksempel 100."),
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["navn"]
        verbose_name = _("valideringsregel")
        verbose_name_plural = _("valideringsregler")

    def __str__(self):
        return self.navn

    def holder(self, venstre: Decimal, hoyre: Decimal) -> bool:
        return {
            "le": venstre <= hoyre,
            "lt": venstre < hoyre,
            "eq": venstre == hoyre,
            "ge": venstre >= hoyre,
            "gt": venstre > hoyre,
        }[self.operator]


class Nullpunkt(models.Model):
    """The baseline (nullpunktsmåling) a kommune starts from for one indicator."""

    kommune = models.ForeignKey(
        "kommuner.Kommune",
        on_delete=models.PROTECT,
        related_name="nullpunkter",
        verbose_name=_("kommune"),
    )
    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.PROTECT,
        related_name="nullpunkter",
        verbose_name=_("indikator"),
    )
    periode = models.CharField(_("periode"), max_length=7, validators=[validate_periode])
    verdi = models.DecimalField(_("verdi"), max_digits=18, decimal_places=4)
    kommentar = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indikator__rekkefolge", "indikator__navn"]
        verbose_name = _("nullpunktsmåling")
        verbose_name_plural = _("nullpunktsmålinger")
        constraints = [
            models.UniqueConstraint(fields=["kommune", "indikator"], name="unikt_nullpunkt"),
        ]

    def __str__(self):
        return f"{self.kommune} – {self.indikator} ({self.periode})"

    def endring(self, verdi: Decimal | None) -> Decimal | None:
        return None if verdi is None else verdi - self.verdi


class Tiltak(models.Model):
    """A measure in the kommune's portfolio, with the evaluation record the Innlandet
    evaluation (seed 004) used for every measure."""

    class Status(models.TextChoices):
        PLANLAGT = "planlagt", _("Planlagt")
        I_GANG = "i_gang", _("I gang")
        EVALUERT = "evaluert", _("Evaluert")
        VIDEREFORT = "viderefort", _("Videreført i ordinær drift")
        AVSLUTTET = "avsluttet", _("Avsluttet")

    kommune = models.ForeignKey(
        "kommuner.Kommune",
        on_delete=models.PROTECT,
        related_name="tiltak",
        verbose_name=_("kommune"),
    )
    navn = models.CharField(_("navn"), max_length=200)
    fokusomrade = models.CharField(_("fokusområde"), max_length=200, blank=True)
    malgruppe = models.TextField(_("målgruppe"), blank=True)
    formal = models.TextField(_("formål"), blank=True)
    ansvarlig_enhet = models.CharField(_("ansvarlig enhet"), max_length=200, blank=True)
    startdato = models.DateField(_("startdato"), null=True, blank=True)
    stillingsprosent = models.PositiveIntegerField(
        _("finansierte stillinger (prosent til sammen)"),
        null=True,
        blank=True,
        help_text=_("To hele stillinger er 200."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANLAGT
    )
    resultater = models.TextField(_("registrerte resultater"), blank=True)
    evaluering_mal = models.TextField(_("mål for evalueringen"), blank=True)
    evaluering_metode = models.TextField(_("evalueringsmetode"), blank=True)
    evaluering_laerdom = models.TextField(_("hva vi har lært"), blank=True)
    evaluering_videre = models.TextField(_("hva som blir viktig videre"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kommune__navn", "fokusomrade", "navn"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.UniqueConstraint(fields=["kommune", "navn"], name="unikt_tiltak_per_kommune"),
        ]

    # What the kommune writes about a measure: the form's fields and what the
    # service accepts, in the form's order.
    REDIGERBARE_FELT = (
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
    )

    def __str__(self):
        return self.navn


class Utfordringsbilde(models.Model):
    """The kommune's own description of its challenge. ``tekst`` holds sanitised HTML."""

    kommune = models.OneToOneField(
        "kommuner.Kommune",
        on_delete=models.PROTECT,
        related_name="utfordringsbilde",
        verbose_name=_("kommune"),
    )
    tema = models.CharField(_("valgt tema"), max_length=20, choices=Tema.choices, blank=True)
    malgrupper = models.TextField(_("målgrupper"), blank=True)
    tekst = models.TextField(_("utfordringsbilde"), blank=True)
    endret = models.DateTimeField(_("sist endret"), auto_now=True)
    endret_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sist endret av"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfordringsbilde")
        verbose_name_plural = _("utfordringsbilder")

    def __str__(self):
        return f"{self.kommune}"


def _vedlegg_path(instance, filename: str) -> str:
    # The stored name never comes from the user; the original name is kept in `navn`.
    return f"vedlegg/{instance.kommune_id}/{uuid.uuid4().hex}"


class Vedlegg(models.Model):
    """A document attached to a kommune. Stored under MEDIA_ROOT (outside the web
    root) and served only through a view that checks access."""

    kommune = models.ForeignKey(
        "kommuner.Kommune",
        on_delete=models.PROTECT,
        related_name="vedlegg",
        verbose_name=_("kommune"),
    )
    fil = models.FileField(_("fil"), upload_to=_vedlegg_path, max_length=300)
    navn = models.CharField(_("filnavn"), max_length=200)
    beskrivelse = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    # The type told by the content (felles.vedlegg, the one attachment policy).
    type = models.CharField(_("filtype"), max_length=10, choices=vedlegg_policy.TYPE_CHOICES)
    storrelse = models.PositiveIntegerField(_("størrelse (byte)"))
    lastet_opp_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )
    lastet_opp = models.DateTimeField(_("lastet opp"), default=timezone.now)

    class Meta:
        ordering = ["-lastet_opp"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self):
        return self.navn


class Virkemiddel(models.Model):
    """Something an agency offers kommuner: competence, a programme, a network,
    statistics or a grant scheme (seed 002's stakeholder table)."""

    class Type(models.TextChoices):
        KOMPETANSE = "kompetanse", _("Kompetanse")
        PROGRAM = "program", _("Program")
        NETTVERK = "nettverk", _("Nettverk")
        STATISTIKK = "statistikk", _("Statistikk og analyse")
        TILSKUDD = "tilskudd", _("Tilskuddsordning")

    etat = models.ForeignKey(
        "kommuner.Etat",
        on_delete=models.PROTECT,
        related_name="virkemidler",
        verbose_name=_("etat"),
    )
    navn = models.CharField(_("navn"), max_length=200)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    tema = models.CharField(_("tema"), max_length=20, choices=Tema.choices)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["tema", "etat__kortnavn", "navn"]
        verbose_name = _("virkemiddel")
        verbose_name_plural = _("virkemidler")
        constraints = [
            models.UniqueConstraint(fields=["etat", "navn"], name="unikt_virkemiddel"),
            models.CheckConstraint(condition=~Q(navn=""), name="virkemiddel_har_navn"),
        ]

    def __str__(self):
        return f"{self.navn} ({self.etat})"


# ------------------------------------------------------------------ SSB


class SsbKilde(models.Model):
    """Where an indicator's figures are fetched from: a table of Statistics Norway's
    PxWebApi v2 (or another office running the same API), the contents code, fixed
    values for the table's other dimensions and the period granularity."""

    class Periodetype(models.TextChoices):
        AAR = "aar", _("År")
        HALVAAR = "halvaar", _("Halvår")
        KVARTAL = "kvartal", _("Kvartal (lagres som halvåret det avslutter)")

    indikator = models.OneToOneField(
        Indikator, on_delete=models.CASCADE, related_name="ssb_kilde", verbose_name=_("indikator")
    )
    tabell = models.CharField(
        _("tabellnummer"),
        max_length=5,
        validators=[
            RegexValidator(r"^\d{5}$", _("Tabellnummeret er fem sifre, for eksempel 12345."))
        ],
    )
    innhold = models.CharField(
        _("statistikkvariabel (ContentsCode)"),
        max_length=60,
        validators=[RegexValidator(r"^[A-Za-z0-9_]+$", _("Bare bokstaver, sifre og _."))],
    )
    faste_verdier = models.JSONField(
        _("faste verdier for de andre dimensjonene"),
        default=dict,
        blank=True,
        help_text=_("For eksempel Alder=0-17, Kjonn=0 (én verdi per dimensjon)."),
    )
    periodetype = models.CharField(
        _("periodetype"), max_length=10, choices=Periodetype.choices, default=Periodetype.AAR
    )
    antall_perioder = models.PositiveSmallIntegerField(
        _("antall siste perioder som hentes"),
        default=5,
        help_text=_("For en kvartalstabell: antall halvår (to kvartaler hver)."),
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    skala = models.DecimalField(
        _("skala"),
        max_digits=12,
        decimal_places=6,
        default=Decimal(1),
        help_text=_("SSB-tallet ganges med denne (1 når tabellen har indikatorens enhet)."),
    )
    enhetsmerknad = models.CharField(_("merknad om skala og enhet"), max_length=200, blank=True)
    godkjenn_ved_henting = models.BooleanField(
        _("hentede tall godkjennes ved henting"),
        default=True,
        help_text=_("Ellers venter tallene på godkjenning som innsendte verdier."),
    )
    aktiv = models.BooleanField(_("hentes månedlig"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SSB-kilde")
        verbose_name_plural = _("SSB-kilder")

    def __str__(self):
        return f"{self.indikator} (SSB {self.tabell})"

    @property
    def ssb_perioder(self) -> int:
        """How many of SSB's latest periods a fetch asks for: ``antall_perioder`` counts
        the portal's periods, and a half-year takes two quarters."""
        if self.periodetype == self.Periodetype.KVARTAL:
            return self.antall_perioder * 2
        return self.antall_perioder

    def clean(self):
        verdier = self.faste_verdier
        if not isinstance(verdier, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k and v for k, v in verdier.items()
        ):
            raise ValidationError({"faste_verdier": _("Faste verdier er én kode per dimensjon.")})
        # PxWebApi reads dimension names without regard to case (``region=`` is Region).
        if {"region", "tid", "contentscode"} & {k.casefold() for k in verdier}:
            raise ValidationError(
                {
                    "faste_verdier": _(
                        "Region, Tid og ContentsCode velges av portalen, ikke som faste verdier."
                    )
                }
            )
        if self.skala is not None and self.skala <= 0:
            raise ValidationError({"skala": _("Skalaen må være større enn null.")})


class SsbKjoring(models.Model):
    """One fetch run for one indicator, with what it did (the page and the email
    show this)."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Venter")
        KJORER = "kjorer", _("Kjører")
        FERDIG = "ferdig", _("Ferdig")
        FEILET = "feilet", _("Feilet")

    kilde = models.ForeignKey(
        SsbKilde, on_delete=models.CASCADE, related_name="kjoringer", verbose_name=_("kilde")
    )
    startet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("startet av"),
    )
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    startet = models.DateTimeField(_("startet"), null=True, blank=True)
    ferdig = models.DateTimeField(_("ferdig"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VENTER
    )
    foresporsler = models.PositiveIntegerField(_("forespørsler i alt"), default=0)
    foresporsler_ferdig = models.PositiveIntegerField(_("forespørsler ferdig"), default=0)
    hentet = models.PositiveIntegerField(_("celler hentet"), default=0)
    nye = models.PositiveIntegerField(_("nye verdier"), default=0)
    reviderte = models.PositiveIntegerField(_("reviderte verdier"), default=0)
    uendret = models.PositiveIntegerField(_("uendrede verdier"), default=0)
    mangler = models.PositiveIntegerField(_("ikke tilgjengelige"), default=0)
    konflikter = models.PositiveIntegerField(_("konflikter"), default=0)
    ukjente_regioner = models.JSONField(_("ukjente regioner"), default=list, blank=True)
    # Figures outside the indicator's hard limits: not stored, listed here
    # ({"kommune", "periode", "verdi", "feil"}).
    avviste = models.JSONField(_("avviste verdier"), default=list, blank=True)
    flagget = models.PositiveIntegerField(_("flaggede verdier"), default=0)
    feil = models.TextField(_("feil"), blank=True)

    class Meta:
        ordering = ["-opprettet", "-pk"]
        verbose_name = _("SSB-henting")
        verbose_name_plural = _("SSB-hentinger")

    def __str__(self):
        return f"{self.kilde} {self.opprettet:%Y-%m-%d %H:%M}"

    @property
    def pagar(self) -> bool:
        return self.status in (self.Status.VENTER, self.Status.KJORER)

    @property
    def prosent(self) -> int:
        if not self.foresporsler:
            return 0
        return min(100, round(100 * self.foresporsler_ferdig / self.foresporsler))


class SsbKonflikt(models.Model):
    """A fetched figure that differs from a value a person entered for the same
    kommune, indicator and period. The fetch never overwrites such a value: the
    leader chooses (``ssb.services.ssb_konflikt_resolve``)."""

    class Valg(models.TextChoices):
        SSB = "ssb", _("SSB-tallet er tatt i bruk")
        KOMMUNE = "kommune", _("Kommunens tall er beholdt")

    verdi = models.ForeignKey(
        Indikatorverdi,
        on_delete=models.CASCADE,
        related_name="ssb_konflikter",
        verbose_name=_("indikatorverdi"),
    )
    ssb_verdi = models.DecimalField(
        _("SSB-verdi"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    mangler_grunn = models.CharField(
        _("hvorfor tallet ikke er tilgjengelig"), max_length=200, blank=True
    )
    opphav = models.CharField(_("opphav"), max_length=120)
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    valg = models.CharField(_("valg"), max_length=10, choices=Valg.choices, blank=True)
    lost_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("løst av"),
    )
    lost_tid = models.DateTimeField(_("løst"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opprettet"]
        verbose_name = _("konflikt med SSB-tall")
        verbose_name_plural = _("konflikter med SSB-tall")
        constraints = [
            models.UniqueConstraint(
                fields=["verdi"], condition=Q(valg=""), name="en_aapen_ssb_konflikt_per_verdi"
            ),
        ]

    def __str__(self):
        return f"{self.verdi} ({self.opphav})"


class Kommunenummerendring(models.Model):
    """A change of kommune number from KLASS (classification 131's change list):
    SSB's tables keep old numbers for old periods, and the fetch maps them."""

    gammelt_nummer = models.CharField(_("gammelt nummer"), max_length=4)
    gammelt_navn = models.CharField(_("gammelt navn"), max_length=100, blank=True)
    nytt_nummer = models.CharField(_("nytt nummer"), max_length=4)
    nytt_navn = models.CharField(_("nytt navn"), max_length=100, blank=True)
    gyldig_fra = models.DateField(_("endret fra"))

    class Meta:
        ordering = ["gyldig_fra", "gammelt_nummer", "nytt_nummer"]
        verbose_name = _("endring av kommunenummer")
        verbose_name_plural = _("endringer av kommunenummer")
        constraints = [
            models.UniqueConstraint(
                fields=["gammelt_nummer", "nytt_nummer", "gyldig_fra"],
                name="unik_kommunenummerendring",
            ),
        ]

    def __str__(self):
        return f"{self.gammelt_nummer} → {self.nytt_nummer} ({self.gyldig_fra})"


class Indikatorsnitt(models.Model):
    """The approved values of every participating kommune for one indicator and period,
    summed and counted (their average is ``summ / antall``): kept by
    ``kunnskap.snitt`` from the marks (``Snittendring``) the database's triggers write,
    PostgreSQL only. No row: no such value."""

    indikator_id = models.IntegerField()
    periode = models.CharField(max_length=7)
    summ = models.DecimalField(max_digits=30, decimal_places=4)
    antall = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["periode", "indikator_id"], name="unikt_indikatorsnitt")
        ]

    def __str__(self):
        return f"{self.indikator_id} {self.periode}"


class Snittperiode(models.Model):
    """A period whose averages (``Indikatorsnitt``) have been computed for every
    indicator: from then on only its marked (indicator, period) pairs are computed."""

    periode = models.CharField(max_length=7, unique=True)

    def __str__(self):
        return self.periode


class Snittendring(models.Model):
    """A mark that the average of one (indicator, period) must be computed again:
    written by the triggers on indicator values and participations (``kunnskap.snitt``)
    in the writing transaction, so it exists exactly when the change does. Both empty:
    every average (a table was truncated)."""

    id = models.BigAutoField(primary_key=True)
    indikator_id = models.IntegerField(null=True)
    periode = models.CharField(max_length=7, null=True)

    def __str__(self):
        return f"{self.indikator_id} {self.periode}"
