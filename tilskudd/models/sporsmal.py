"""A round's questions (kept per language) and the application's answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles.oversatt import sprakfelt
from felles.penger import format_desimal, format_kroner

from .ordninger import Tilskuddsrunde
from .soknad import Soknad, Vedlegg

# The texts of a round's question kept per language (tilskudd/translation.py).
SPORSMAL_TEKSTER = ("tekst", "hjelpetekst")


class Sporsmal(models.Model):
    """A question of the round's own form, asked on top of the fixed fields. Once the
    round has an application sent in, its questions are locked (``services``): the
    answers sent in keep the meaning they were given."""

    class Slag(models.TextChoices):
        TEKST = "tekst", _("Tekst")
        TALL = "tall", _("Tall")
        KRONER = "kroner", _("Beløp i kroner")
        VALG = "valg", _("Valg mellom alternativer")
        VEDLEGG = "vedlegg", _("Vedlegg")

    runde = models.ForeignKey(
        Tilskuddsrunde,
        on_delete=models.PROTECT,
        related_name="sporsmal",
        verbose_name=_("tilskuddsrunde"),
    )
    tekst = models.CharField(_("spørsmål"), max_length=300)
    hjelpetekst = models.CharField(_("hjelpetekst"), max_length=300, blank=True)
    slag = models.CharField(_("svartype"), max_length=10, choices=Slag.choices)
    valg = models.TextField(_("alternativer"), blank=True, help_text=_("Ett alternativ per linje."))
    paakrevd = models.BooleanField(_("må besvares"), default=False)
    rekkefolge = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords(excluded_fields=sprakfelt(*SPORSMAL_TEKSTER))

    class Meta:
        ordering = ["runde", "rekkefolge", "pk"]
        verbose_name = _("spørsmål i runden")
        verbose_name_plural = _("spørsmål i runden")

    def __str__(self):
        return self.tekst

    @property
    def valg_liste(self) -> list[str]:
        return [line.strip() for line in self.valg.splitlines() if line.strip()]

    def clean(self):
        if self.slag == self.Slag.VALG and len(self.valg_liste) < 2:
            raise ValidationError({"valg": _("Et valgspørsmål trenger minst to alternativer.")})
        if self.slag != self.Slag.VALG and self.valg.strip():
            raise ValidationError({"valg": _("Bare valgspørsmål har alternativer.")})


class Svar(models.Model):
    """The application's answer to one of its round's questions: text and choices in
    ``tekst``, a number in ``tall``, whole kroner in ``belop``, a file as one of the
    application's attachments (``vedlegg``, checked by the one attachment policy)."""

    soknad = models.ForeignKey(
        Soknad, on_delete=models.CASCADE, related_name="svar", verbose_name=_("søknad")
    )
    sporsmal = models.ForeignKey(
        Sporsmal, on_delete=models.PROTECT, related_name="svar", verbose_name=_("spørsmål")
    )
    tekst = models.TextField(_("svar"), blank=True)
    tall = models.DecimalField(_("tall"), max_digits=18, decimal_places=4, null=True, blank=True)
    belop = models.PositiveBigIntegerField(_("beløp (kr)"), null=True, blank=True)
    vedlegg = models.ForeignKey(
        Vedlegg,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vedlegg"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["sporsmal__rekkefolge", "sporsmal_id"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["soknad", "sporsmal"], name="unik_svar"),
        ]

    def __str__(self):
        return f"{self.sporsmal}: {self.visning}"

    @property
    def er_tomt(self) -> bool:
        return (
            not self.tekst.strip()
            and self.tall is None
            and self.belop is None
            and (self.vedlegg_id is None)
        )

    @property
    def visning(self) -> str:
        """The answer as text, for pages, the receipt and the exports."""
        if self.belop is not None:
            return format_kroner(self.belop)
        if self.tall is not None:
            return format_desimal(self.tall)
        if self.vedlegg_id is not None:
            return self.vedlegg.navn
        return self.tekst
