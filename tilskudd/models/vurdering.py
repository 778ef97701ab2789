"""The assessment inside Statsforvalteren: criteria, scores, case notes and the recommendation."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .ordninger import Tilskuddsrunde
from .soknad import Soknad


class Kriterium(models.Model):
    """A criterion the round's applications are scored on, with its weight. Locked
    once an application in the round has a score on it (``services``)."""

    runde = models.ForeignKey(
        Tilskuddsrunde,
        on_delete=models.PROTECT,
        related_name="vurderingskriterier",
        verbose_name=_("tilskuddsrunde"),
    )
    navn = models.CharField(_("kriterium"), max_length=200)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    vekt = models.PositiveSmallIntegerField(
        _("vekt"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Et helt tall fra 1 til 100; poengene vektes med det."),
    )
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["runde", "rekkefolge", "pk"]
        verbose_name = _("vurderingskriterium")
        verbose_name_plural = _("vurderingskriterier")

    def __str__(self):
        return self.navn


# The scale of a score on one criterion.
POENG_MIN = 1
POENG_MAKS = 5


class Poeng(models.Model):
    """The case handler's score of one application on one criterion (1–5). Internal:
    never shown to the kommune."""

    soknad = models.ForeignKey(
        Soknad, on_delete=models.PROTECT, related_name="poeng", verbose_name=_("søknad")
    )
    kriterium = models.ForeignKey(
        Kriterium, on_delete=models.PROTECT, related_name="poeng", verbose_name=_("kriterium")
    )
    poeng = models.PositiveSmallIntegerField(
        _("poeng"), validators=[MinValueValidator(POENG_MIN), MaxValueValidator(POENG_MAKS)]
    )
    vurdert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vurdert av"),
    )
    vurdert = models.DateTimeField(_("vurdert"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kriterium__rekkefolge", "kriterium_id"]
        verbose_name = _("poeng")
        verbose_name_plural = _("poeng")
        constraints = [
            models.UniqueConstraint(fields=["soknad", "kriterium"], name="unik_poeng"),
        ]

    def __str__(self):
        return f"{self.kriterium}: {self.poeng}"


class Saksnotat(models.Model):
    """An internal note on a case, by an admin. Never shown to the kommune."""

    soknad = models.ForeignKey(
        Soknad, on_delete=models.PROTECT, related_name="notater", verbose_name=_("søknad")
    )
    tekst = models.TextField(_("notat"))
    skrevet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    skrevet = models.DateTimeField(_("skrevet"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["skrevet", "pk"]
        verbose_name = _("internt notat")
        verbose_name_plural = _("interne notater")

    def __str__(self):
        return self.tekst[:50]


class Innstilling(models.Model):
    """The case handler's recommendation: an amount and the reasoning. Internal."""

    soknad = models.OneToOneField(
        Soknad, on_delete=models.PROTECT, related_name="innstilling", verbose_name=_("søknad")
    )
    belop = models.PositiveBigIntegerField(_("anbefalt beløp (kr)"))
    begrunnelse = models.TextField(_("begrunnelse"))
    skrevet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skrevet av"),
    )
    skrevet = models.DateTimeField(_("skrevet"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("innstilling")
        verbose_name_plural = _("innstillinger")

    def __str__(self):
        return f"{self.soknad}: {self.belop}"
