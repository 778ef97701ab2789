"""Payments and the reports on the use of funds."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommuner.models import Kommune

from ._felles import SakQuerySet
from .ordninger import Pott
from .vedtak import Tildeling, Vedtak


class Utbetaling(models.Model):
    """A payment of a decision's or an allocation's money. ``pott`` and ``kommune``
    are copied from what is paid, so the overview sums without joins through both."""

    vedtak = models.ForeignKey(
        Vedtak,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="utbetalinger",
        verbose_name=_("vedtak"),
    )
    tildeling = models.ForeignKey(
        Tildeling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="utbetalinger",
        verbose_name=_("tildeling"),
    )
    pott = models.ForeignKey(
        Pott, on_delete=models.PROTECT, related_name="utbetalinger", verbose_name=_("pott")
    )
    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="utbetalinger",
        verbose_name=_("kommune"),
    )
    belop = models.PositiveBigIntegerField(_("beløp (kr)"))
    dato = models.DateField(_("dato"))
    referanse = models.CharField(_("referanse"), max_length=100, blank=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    history = HistoricalRecords()

    objects = SakQuerySet.as_manager()

    class Meta:
        ordering = ["-dato", "-pk"]
        verbose_name = _("utbetaling")
        indexes = [models.Index(fields=["kommune", "dato"], name="utbetaling_kommune_dato")]
        verbose_name_plural = _("utbetalinger")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(vedtak__isnull=False, tildeling__isnull=True)
                    | Q(vedtak__isnull=True, tildeling__isnull=False)
                ),
                name="utbetaling_ett_grunnlag",
            ),
            models.CheckConstraint(condition=Q(belop__gt=0), name="utbetaling_positiv"),
        ]

    def __str__(self):
        return f"{self.belop} kr {self.dato}"


class Rapport(models.Model):
    """The kommune's report on the use of granted funds."""

    class Disponering(models.TextChoices):
        OVERFORES = "overfores", _("Overføres til neste år")
        TILBAKEBETALES = "tilbakebetales", _("Tilbakebetales")

    vedtak = models.ForeignKey(
        Vedtak,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rapporter",
        verbose_name=_("vedtak"),
    )
    tildeling = models.ForeignKey(
        Tildeling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rapporter",
        verbose_name=_("tildeling"),
    )
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="tilskuddsrapporter"
    )
    periode = models.CharField(_("periode"), max_length=50)
    beskrivelse = models.TextField(_("hva pengene er brukt til"))
    brukt_belop = models.PositiveBigIntegerField(_("brukt beløp (kr)"))
    ubrukt_belop = models.PositiveBigIntegerField(_("ubrukt beløp (kr)"), default=0)
    ubrukt_disponering = models.CharField(
        _("ubrukte midler"), max_length=20, choices=Disponering.choices, blank=True
    )
    innsendt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sendt inn av"),
    )
    innsendt = models.DateTimeField(_("sendt inn"), default=timezone.now)
    godkjent_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkjent av"),
    )
    godkjent = models.DateTimeField(_("godkjent"), null=True, blank=True)
    history = HistoricalRecords()

    objects = SakQuerySet.as_manager()

    class Meta:
        ordering = ["-innsendt"]
        verbose_name = _("rapport om bruk av midler")
        verbose_name_plural = _("rapporter om bruk av midler")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(vedtak__isnull=False, tildeling__isnull=True)
                    | Q(vedtak__isnull=True, tildeling__isnull=False)
                ),
                name="rapport_ett_grunnlag",
            ),
        ]

    def __str__(self):
        return f"{self.kommune} {self.periode}"

    def clean(self):
        if self.ubrukt_belop and not self.ubrukt_disponering:
            raise ValidationError(
                {"ubrukt_disponering": _("Si om ubrukte midler overføres eller tilbakebetales.")}
            )
