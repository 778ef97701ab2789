"""Grant schemes, the pooled pots and the schemes they pool, the rounds, and when a
use-of-funds report is due."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles.oversatt import sprakfelt
from kommuner.models import Etat, Kommune, Pilot


class Tilskuddsordning(models.Model):
    """A state grant scheme, e.g. KD kap. 231 post 63. The sources name the same
    scheme in several ways; ``aliaser`` keeps those names (one per line)."""

    navn = models.CharField(_("navn"), max_length=300, unique=True)
    eier = models.ForeignKey(
        Etat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tilskuddsordninger",
        verbose_name=_("eier (departement eller etat)"),
    )
    kapittel = models.PositiveIntegerField(_("kapittel"), null=True, blank=True)
    post = models.PositiveSmallIntegerField(_("post"), null=True, blank=True)
    aliaser = models.TextField(
        _("andre navn"), blank=True, help_text=_("Ett navn per linje, slik kildene skriver det.")
    )
    # The history keeps the base columns, which hold the bokmål text (felles.oversatt).
    history = HistoricalRecords(excluded_fields=sprakfelt("navn"))

    class Meta:
        ordering = ["kapittel", "post", "navn"]
        verbose_name = _("tilskuddsordning")
        verbose_name_plural = _("tilskuddsordninger")
        constraints = [
            models.UniqueConstraint(
                fields=["kapittel", "post"],
                condition=Q(kapittel__isnull=False, post__isnull=False),
                name="unik_kapittel_post",
            ),
        ]

    def __str__(self):
        if self.kap_post:
            return f"{self.kap_post} {self.navn}"
        return self.navn

    @property
    def kap_post(self) -> str:
        if self.kapittel is None or self.post is None:
            return ""
        return f"{self.kapittel}/{self.post:02d}"

    @property
    def alias_liste(self) -> list[str]:
        return [line.strip() for line in self.aliaser.splitlines() if line.strip()]

    def clean(self):
        if (self.kapittel is None) != (self.post is None):
            raise ValidationError(_("Oppgi både kapittel og post, eller ingen av dem."))


def rapportfrist(aar: int) -> date:
    """When the report on the use of a pot year's money is due: the date
    ``TILSKUDD_RAPPORTFRIST`` (month, day) of the following year."""
    maaned, dag = settings.TILSKUDD_RAPPORTFRIST
    return date(aar + 1, maaned, dag)


class Pott(models.Model):
    """The money for one year, pooled from one or more schemes (its sources)."""

    navn = models.CharField(_("navn"), max_length=200)
    aar = models.PositiveSmallIntegerField(_("år"))
    total = models.PositiveBigIntegerField(_("totalbeløp (kr)"))
    pilot = models.ForeignKey(
        Pilot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="potter",
        verbose_name=_("pilot"),
    )
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-aar", "navn"]
        verbose_name = _("pott")
        verbose_name_plural = _("potter")
        constraints = [
            models.UniqueConstraint(fields=["navn", "aar"], name="unik_pott_navn_aar"),
        ]

    def __str__(self):
        # A name that already holds its year ("Innovasjonsmidler 2026") is not given
        # it twice.
        if str(self.aar) in self.navn.split():
            return self.navn
        return f"{self.navn} {self.aar}"

    # ``bundet`` (granted from the pot) is annotated by ``selectors.potter_med_tall()``.
    @property
    def gjenstaar(self) -> int:
        return self.total - self.bundet

    @property
    def kildefordeling_kjent(self) -> bool:
        kilder = list(self.kilder.all())
        return bool(kilder) and all(k.belop is not None for k in kilder)


class PottKilde(models.Model):
    """How much of a pot comes from one scheme. When the sources name the schemes but
    not the split, every ``belop`` is empty; otherwise they add up to the total."""

    pott = models.ForeignKey(
        Pott, on_delete=models.CASCADE, related_name="kilder", verbose_name=_("pott")
    )
    ordning = models.ForeignKey(
        Tilskuddsordning,
        on_delete=models.PROTECT,
        related_name="pottkilder",
        verbose_name=_("tilskuddsordning"),
    )
    belop = models.PositiveBigIntegerField(_("beløp (kr)"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ordning__kapittel", "ordning__post", "ordning__navn"]
        verbose_name = _("kilde til pott")
        verbose_name_plural = _("kilder til pott")
        constraints = [
            models.UniqueConstraint(fields=["pott", "ordning"], name="unik_pottkilde"),
        ]

    def __str__(self):
        return f"{self.pott}: {self.ordning}"


class Tilskuddsrunde(models.Model):
    pott = models.ForeignKey(
        Pott, on_delete=models.PROTECT, related_name="runder", verbose_name=_("pott")
    )
    pilot = models.ForeignKey(
        Pilot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tilskuddsrunder",
        verbose_name=_("pilot"),
    )
    tittel = models.CharField(_("tittel"), max_length=200)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    kriterier = models.TextField(_("kriterier"), blank=True)
    aapner = models.DateTimeField(_("åpner"))
    stenger = models.DateTimeField(_("søknadsfrist"))
    alle_kommuner = models.BooleanField(_("alle kommuner kan søke"), default=True)
    kommuner = models.ManyToManyField(
        Kommune,
        blank=True,
        related_name="tilskuddsrunder",
        verbose_name=_("kommuner som kan søke"),
    )
    maks_belop = models.PositiveBigIntegerField(
        _("høyeste beløp per søknad (kr)"), null=True, blank=True
    )
    krever_politisk_vedtak = models.BooleanField(
        _("søknaden må være politisk vedtatt"), default=False
    )
    apning_varslet = models.DateTimeField(_("åpning varslet"), null=True, blank=True)
    klageinstans = models.CharField(
        _("klageinstans"),
        max_length=200,
        blank=True,
        help_text=_("Hvem som avgjør en klage på vedtak i runden, f.eks. et departement."),
    )
    # The history keeps the base columns, which hold the bokmål text (felles.oversatt).
    history = HistoricalRecords(
        m2m_fields=[kommuner], excluded_fields=sprakfelt("tittel", "beskrivelse", "kriterier")
    )

    class Meta:
        ordering = ["-aapner", "tittel"]
        verbose_name = _("tilskuddsrunde")
        verbose_name_plural = _("tilskuddsrunder")
        constraints = [
            models.CheckConstraint(
                condition=Q(stenger__gt=F("aapner")), name="runde_stenger_etter_aapner"
            ),
        ]

    def __str__(self):
        return self.tittel

    def clean(self):
        if self.aapner and self.stenger and self.stenger <= self.aapner:
            raise ValidationError({"stenger": _("Søknadsfristen må være etter åpningen.")})

    def er_aapen(self, now=None) -> bool:
        now = now or timezone.now()
        return self.aapner <= now < self.stenger
