"""Decisions: the outcome, the proposal awaiting sign-off, the decision and its
versions, the allocations from pots."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommuner.models import Etat, Kommune

from ._felles import SakQuerySet
from .ordninger import Pott
from .soknad import Soknad


class Utfall(models.TextChoices):
    """A decision's outcome (``Vedtak.Utfall``), shared with the proposal."""

    INNVILGET = "innvilget", _("Innvilget")
    DELVIS_INNVILGET = "delvis_innvilget", _("Delvis innvilget")
    AVSLATT = "avslatt", _("Avslått")


class Vedtaksforslag(models.Model):
    """The first step of the two-step sign-off: the case handler proposes the
    decision; another admin approves it (then, and only then, the ``Vedtak`` is made)
    or sends it back with a comment. A case has at most one open proposal."""

    class Status(models.TextChoices):
        FORESLATT = "foreslatt", _("Venter på godkjenning")
        GODKJENT = "godkjent", _("Godkjent")
        SENDT_TILBAKE = "sendt_tilbake", _("Sendt tilbake")

    soknad = models.ForeignKey(
        Soknad, on_delete=models.PROTECT, related_name="vedtaksforslag", verbose_name=_("søknad")
    )
    utfall = models.CharField(_("utfall"), max_length=20, choices=Utfall.choices)
    belop_innvilget = models.PositiveBigIntegerField(_("innvilget beløp (kr)"))
    vilkaar = models.TextField(_("vilkår"), blank=True)
    begrunnelse = models.TextField(_("begrunnelse"))
    foreslatt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("foreslått av"),
    )
    foreslatt = models.DateTimeField(_("foreslått"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.FORESLATT
    )
    behandlet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkjent eller sendt tilbake av"),
    )
    behandlet = models.DateTimeField(_("godkjent eller sendt tilbake"), null=True, blank=True)
    kommentar = models.TextField(_("kommentar"), blank=True)
    versjon = models.PositiveIntegerField(_("versjon"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-foreslatt", "-pk"]
        verbose_name = _("forslag til vedtak")
        verbose_name_plural = _("forslag til vedtak")
        constraints = [
            models.UniqueConstraint(
                fields=["soknad"], condition=Q(status="foreslatt"), name="ett_apent_forslag"
            ),
            models.CheckConstraint(
                condition=~Q(utfall="avslatt") | Q(belop_innvilget=0),
                name="forslag_avslag_null_kroner",
            ),
        ]

    def __str__(self):
        return f"{self.get_utfall_display()}: {self.soknad}"


class VedtakQuerySet(SakQuerySet):
    kommune_field = "soknad__kommune"


class Vedtak(models.Model):
    Utfall = Utfall

    soknad = models.OneToOneField(
        Soknad, on_delete=models.PROTECT, related_name="vedtak", verbose_name=_("søknad")
    )
    utfall = models.CharField(_("utfall"), max_length=20, choices=Utfall.choices)
    belop_innvilget = models.PositiveBigIntegerField(_("innvilget beløp (kr)"))
    vilkaar = models.TextField(_("vilkår"), blank=True)
    begrunnelse = models.TextField(_("begrunnelse"))
    vedtatt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vedtatt av"),
    )
    vedtatt = models.DateTimeField(_("vedtatt"), default=timezone.now)
    # The decider's title on the letter (``Bruker`` holds none; the form fills in the
    # title this person gave on their last decision).
    tittel = models.CharField(_("stillingstittel"), max_length=200, blank=True)
    telefon = models.CharField(_("telefon"), max_length=30, blank=True)
    # The approved proposal the decision came from (two-step sign-off): who proposed
    # it, and ``vedtatt_av`` approved it. Empty for decisions made before sign-off.
    forslag = models.OneToOneField(
        Vedtaksforslag,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vedtak",
        verbose_name=_("forslag til vedtak"),
    )
    # 1 for the first decision; each amendment (``Vedtaksversjon``) adds one. The row
    # holds the decision as it stands now; ``vedtatt``/``vedtatt_av`` stay the first.
    versjon = models.PositiveSmallIntegerField(_("versjon"), default=1)
    endret = models.DateTimeField(_("sist endret"), null=True, blank=True)
    history = HistoricalRecords()

    objects = VedtakQuerySet.as_manager()

    class Meta:
        ordering = ["-vedtatt"]
        verbose_name = _("vedtak")
        indexes = [models.Index(fields=["vedtatt"], name="vedtak_vedtatt")]
        verbose_name_plural = _("vedtak")
        constraints = [
            models.CheckConstraint(
                condition=~Q(utfall="avslatt") | Q(belop_innvilget=0),
                name="vedtak_avslag_null_kroner",
            ),
        ]

    def __str__(self):
        return f"{self.get_utfall_display()}: {self.soknad}"


class VedtaksversjonQuerySet(SakQuerySet):
    kommune_field = "vedtak__soknad__kommune"


class Vedtaksversjon(models.Model):
    """One version of a decision as its letter states it: version 1 is the decision,
    every later one an amendment (``endringsgrunn`` says why). Versions are never
    changed; each keeps its letter retrievable."""

    vedtak = models.ForeignKey(
        Vedtak, on_delete=models.PROTECT, related_name="versjoner", verbose_name=_("vedtak")
    )
    nummer = models.PositiveSmallIntegerField(_("versjon"))
    utfall = models.CharField(_("utfall"), max_length=20, choices=Vedtak.Utfall.choices)
    belop_innvilget = models.PositiveBigIntegerField(_("innvilget beløp (kr)"))
    vilkaar = models.TextField(_("vilkår"), blank=True)
    begrunnelse = models.TextField(_("begrunnelse"))
    endringsgrunn = models.TextField(_("grunn til endringen"), blank=True)
    vedtatt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vedtatt av"),
    )
    tittel = models.CharField(_("stillingstittel"), max_length=200, blank=True)
    telefon = models.CharField(_("telefon"), max_length=30, blank=True)
    vedtatt = models.DateTimeField(_("vedtatt"), default=timezone.now)
    history = HistoricalRecords()

    objects = VedtaksversjonQuerySet.as_manager()

    class Meta:
        ordering = ["vedtak", "nummer"]
        verbose_name = _("vedtaksversjon")
        verbose_name_plural = _("vedtaksversjoner")
        constraints = [
            models.UniqueConstraint(fields=["vedtak", "nummer"], name="unik_vedtaksversjon"),
            models.CheckConstraint(
                condition=~Q(utfall="avslatt") | Q(belop_innvilget=0),
                name="vedtaksversjon_avslag_null_kroner",
            ),
            models.CheckConstraint(
                condition=Q(nummer=1) | ~Q(endringsgrunn=""),
                name="vedtaksversjon_endring_har_grunn",
            ),
        ]

    def __str__(self):
        return f"{self.vedtak} ({self.nummer})"

    @property
    def er_endring(self) -> bool:
        return self.nummer > 1


class Tildeling(models.Model):
    """A direct allocation from a pot without an application: how the
    programme-financing pilot paid each kommune a fixed yearly amount. The receiver
    is a kommune or, for example for a commissioned evaluation, an etat."""

    pott = models.ForeignKey(
        Pott, on_delete=models.PROTECT, related_name="tildelinger", verbose_name=_("pott")
    )
    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tildelinger",
        verbose_name=_("kommune"),
    )
    etat = models.ForeignKey(
        Etat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tildelinger",
        verbose_name=_("etat"),
    )
    belop = models.PositiveBigIntegerField(_("beløp (kr)"))
    formaal = models.CharField(_("formål"), max_length=300, blank=True)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    opprettet = models.DateTimeField(_("registrert"), default=timezone.now)
    history = HistoricalRecords()

    # Allocations to an etat (e.g. an evaluation) are no kommune's working data; a
    # contact person sees only their own kommune's.
    objects = SakQuerySet.as_manager()

    class Meta:
        ordering = ["-pott__aar", "kommune__navn", "etat__navn"]
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kommune__isnull=False, etat__isnull=True)
                    | Q(kommune__isnull=True, etat__isnull=False)
                ),
                name="tildeling_en_mottaker",
            ),
            models.UniqueConstraint(
                fields=["pott", "kommune"],
                condition=Q(kommune__isnull=False),
                name="unik_tildeling_kommune",
            ),
            models.UniqueConstraint(
                fields=["pott", "etat"],
                condition=Q(etat__isnull=False),
                name="unik_tildeling_etat",
            ),
        ]

    def __str__(self):
        return f"{self.mottaker}: {self.pott}"

    @property
    def mottaker(self):
        return self.kommune or self.etat

    def clean(self):
        if bool(self.kommune_id) == bool(self.etat_id):
            raise ValidationError(_("En tildeling går til én kommune eller én etat."))
