"""The documents of record (letters, receipts), stored once."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ._felles import SakQuerySet
from .soknad import Soknad
from .utbetaling import Rapport, Utbetaling
from .vedtak import Vedtaksversjon


class DokumentQuerySet(SakQuerySet):
    """A case's documents: read by whoever reads the case; a kommune never sees an
    internal one (``intern``)."""

    kommune_field = "soknad__kommune"

    def for_user(self, user):
        from ..access import may_read_internal_documents

        qs = super().for_user(user)
        if not may_read_internal_documents(user):
            qs = qs.filter(intern=False)
        return qs


def dokument_path(instance, filename: str) -> str:
    return f"tilskudd/dokumenter/{instance.soknad_id}/{uuid.uuid4().hex}.pdf"


class Dokument(models.Model):
    """A document of record in a case (a Noark "journalpost" with its one document):
    the application as received, the decision, each amendment, a payment notice, a
    report on the use of funds. Made once, by the service of the event, as PDF/A with
    its SHA-256; every download serves these bytes. Never changed."""

    class Slag(models.TextChoices):
        SOKNAD = "soknad", _("Søknad")
        VEDTAK = "vedtak", _("Vedtak")
        ENDRINGSVEDTAK = "endringsvedtak", _("Endringsvedtak")
        UTBETALING = "utbetaling", _("Melding om utbetaling")
        RAPPORT = "rapport", _("Rapport om bruk av midler")

    class Retning(models.TextChoices):
        INN = "I", _("Inngående")
        UT = "U", _("Utgående")

    soknad = models.ForeignKey(
        Soknad, on_delete=models.PROTECT, related_name="dokumenter", verbose_name=_("sak")
    )
    nummer = models.PositiveSmallIntegerField(_("dokumentnummer i saken"))
    # The journal's own running number in the year (Noark "journalsekvensnummer").
    journalaar = models.PositiveSmallIntegerField(_("journalår"))
    journalsekvensnummer = models.PositiveIntegerField(_("journalsekvensnummer"))
    slag = models.CharField(_("dokumenttype"), max_length=20, choices=Slag.choices)
    retning = models.CharField(_("retning"), max_length=1, choices=Retning.choices)
    tittel = models.CharField(_("tittel"), max_length=300)
    dato = models.DateField(_("journaldato"))
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    avsender = models.CharField(_("avsender"), max_length=200)
    mottaker = models.CharField(_("mottaker"), max_length=200)
    tilgangskode = models.CharField(_("tilgangskode"), max_length=2, blank=True)
    skjermingshjemmel = models.CharField(_("hjemmel for skjerming"), max_length=100, blank=True)
    intern = models.BooleanField(_("internt dokument"), default=False)
    fil = models.FileField(_("fil"), upload_to=dokument_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storrelse = models.PositiveIntegerField(_("størrelse (byte)"))
    format = models.CharField(_("format"), max_length=20)
    vedtaksversjon = models.OneToOneField(
        Vedtaksversjon,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokument",
        verbose_name=_("vedtaksversjon"),
    )
    utbetaling = models.OneToOneField(
        Utbetaling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokument",
        verbose_name=_("utbetaling"),
    )
    rapport = models.OneToOneField(
        Rapport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokument",
        verbose_name=_("rapport"),
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opprettet av"),
    )

    objects = DokumentQuerySet.as_manager()

    class Meta:
        ordering = ["soknad", "nummer"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        indexes = [models.Index(fields=["dato", "soknad"], name="dokument_dato")]
        constraints = [
            models.UniqueConstraint(fields=["soknad", "nummer"], name="unik_dokumentnummer"),
            models.UniqueConstraint(
                fields=["journalaar", "journalsekvensnummer"], name="unik_journalpostnummer"
            ),
            models.CheckConstraint(
                condition=Q(tilgangskode="") | ~Q(skjermingshjemmel=""),
                name="dokument_tilgangskode_har_hjemmel",
            ),
        ]

    def __str__(self):
        return f"{self.dokumentnummer} {self.tittel}"

    @property
    def dokumentnummer(self) -> str:
        """``<saksnummer>-<nummer>``, e.g. ``2026/00123-3``."""
        return f"{self.soknad.saksnummer}-{self.nummer}"

    @property
    def filnavn(self) -> str:
        return f"{self.soknad.saksnummer.replace('/', '-')}-{self.nummer}.pdf"
