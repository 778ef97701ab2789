"""The kommune's knowledge base (kunnskapsgrunnlag): indicators and their values,
baselines, measures (tiltak), the challenge picture, attachments and the regional
state's catalogue of offers (virkemidler). Imported into ``kommuner.models``."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles import vedlegg as vedlegg_policy

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

    navn = models.CharField(_("navn"), max_length=200, unique=True)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    enhet = models.CharField(_("enhet"), max_length=20, choices=Enhet.choices)
    kilde = models.CharField(_("kilde"), max_length=200, blank=True)
    retning = models.CharField(_("retning"), max_length=10, choices=Retning.choices)
    tema = models.CharField(_("tema"), max_length=20, choices=Tema.choices)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rekkefolge", "navn"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")

    def __str__(self):
        return self.navn


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
    verdi = models.DecimalField(_("verdi"), max_digits=18, decimal_places=4)
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
    history = HistoricalRecords()

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
        ]

    def __str__(self):
        return f"{self.kommune} – {self.indikator} – {self.periode}"

    @property
    def er_laast(self) -> bool:
        return self.status == self.Status.GODKJENT


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
