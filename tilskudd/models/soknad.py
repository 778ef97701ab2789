"""The application, its number series, budget lines and attachments."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommuner.models import Kommune

from ..access import omfang_soknad_filter, soknad_filter
from ._felles import SakQuerySet
from .ordninger import Tilskuddsrunde


class SoknadQuerySet(SakQuerySet):
    def for_user(self, user):
        return self.filter(soknad_filter(user))

    def for_omfang(self, omfang):
        """``for_user`` for a reach given by ``access.soknad_omfang``."""
        return self.filter(omfang_soknad_filter(omfang))


class Soknad(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        SENDT_INN = "sendt_inn", _("Sendt inn")
        UNDER_BEHANDLING = "under_behandling", _("Under behandling")
        INNVILGET = "innvilget", _("Innvilget")
        DELVIS_INNVILGET = "delvis_innvilget", _("Delvis innvilget")
        AVSLATT = "avslatt", _("Avslått")
        TRUKKET = "trukket", _("Trukket")

    # Statuses in which the kommune may still change the application.
    REDIGERBAR = frozenset({Status.UTKAST})
    # Statuses of a case not yet decided (it may still be withdrawn).
    TIL_BEHANDLING = frozenset({Status.SENDT_INN, Status.UNDER_BEHANDLING})

    runde = models.ForeignKey(
        Tilskuddsrunde,
        on_delete=models.PROTECT,
        related_name="soknader",
        verbose_name=_("tilskuddsrunde"),
    )
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="soknader", verbose_name=_("kommune")
    )
    tittel = models.CharField(_("tittel"), max_length=200)
    formaal = models.TextField(_("formål"))
    belop_sokt = models.PositiveBigIntegerField(_("søkt beløp (kr)"))
    tiltak = models.ManyToManyField(
        "kommuner.Tiltak",
        blank=True,
        related_name="soknader",
        verbose_name=_("tiltak søknaden finansierer"),
    )
    politisk_vedtatt = models.DateField(_("politisk vedtatt"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UTKAST
    )
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opprettet av"),
    )
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    sendt_inn = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    deres_referanse = models.CharField(
        _("kommunens referanse"),
        max_length=100,
        blank=True,
        help_text=_("Kommunens eget saksnummer, som vi oppgir som «Deres referanse»."),
    )
    postadresse = models.TextField(
        _("postadresse for svar"),
        blank=True,
        help_text=_("Adressen vedtaksbrevet sendes til."),
    )
    # The case number (Noark "saksnummer"): year and number in that year's sequence
    # (``Nummerserie``), given at submission, never to a draft.
    saksaar = models.PositiveSmallIntegerField(_("saksår"), null=True, blank=True, editable=False)
    sekvensnummer = models.PositiveIntegerField(
        _("sekvensnummer"), null=True, blank=True, editable=False
    )
    # The admin who handles the case (assesses it and proposes the decision).
    saksbehandler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saksbehandler"),
    )
    history = HistoricalRecords(m2m_fields=[tiltak])

    objects = SoknadQuerySet.as_manager()

    class Meta:
        ordering = ["-opprettet"]
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        # What the lists filter and sort on: the round's queue (status, sent in), the
        # kommune's own list and everybody's list (newest first).
        indexes = [
            models.Index(fields=["runde", "status"], name="soknad_runde_status"),
            models.Index(fields=["runde", "sendt_inn"], name="soknad_runde_sendt_inn"),
            models.Index(fields=["kommune", "-opprettet"], name="soknad_kommune_opprettet"),
            models.Index(fields=["-opprettet"], name="soknad_opprettet"),
            models.Index(fields=["status"], name="soknad_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["saksaar", "sekvensnummer"],
                condition=Q(saksaar__isnull=False),
                name="unik_saksnummer",
            ),
            models.CheckConstraint(
                condition=Q(saksaar__isnull=True, sekvensnummer__isnull=True)
                | Q(saksaar__isnull=False, sekvensnummer__isnull=False),
                name="saksnummer_hele",
            ),
        ]

    def __str__(self):
        return f"{self.tittel} ({self.kommune})"

    @property
    def kan_redigeres(self) -> bool:
        return self.status in self.REDIGERBAR

    @property
    def vedtaket(self):
        """The decision, or None before one is made (``self.vedtak`` raises then: a
        template's ``{% if s.vedtak %}`` pays for the exception and a ``dir()``)."""
        try:
            return self.vedtak
        except ObjectDoesNotExist:
            return None

    @property
    def status_tekst(self) -> str:
        """``get_status_display()`` without its cost (Django hashes every lazy label of
        the choices on each call: a third of a 50-row list's rendering)."""
        return str(_STATUS_TEKST.get(self.status, self.status))

    @property
    def kan_trekkes(self) -> bool:
        return self.status in {self.Status.UTKAST, *self.TIL_BEHANDLING}

    @property
    def kan_avgjores(self) -> bool:
        """Assessed, proposed and decided only once taken into review ("Ta til
        behandling"): never straight from "Sendt inn"."""
        return self.status == self.Status.UNDER_BEHANDLING

    @property
    def saksnummer(self) -> str:
        """The case number on letters, pages, the journal and the archive:
        ``<year>/<sequence>``, e.g. ``2026/00123``, from the per-year sequence
        (``Nummerserie``) at submission. A draft has none (empty)."""
        if self.saksaar is None:
            return ""
        return f"{self.saksaar}/{self.sekvensnummer:05d}"


class Nummerserie(models.Model):
    """A per-year sequence: the case numbers (``SAK``) and the journal's running
    numbers (``JOURNAL``) of one year. ``siste`` is the last number given."""

    class Slag(models.TextChoices):
        SAK = "sak", _("Saksnummer")
        JOURNAL = "journal", _("Journalpost")

    slag = models.CharField(_("serie"), max_length=10, choices=Slag.choices)
    aar = models.PositiveSmallIntegerField(_("år"))
    siste = models.PositiveIntegerField(_("siste nummer"), default=0)

    class Meta:
        ordering = ["slag", "aar"]
        verbose_name = _("nummerserie")
        verbose_name_plural = _("nummerserier")
        constraints = [
            models.UniqueConstraint(fields=["slag", "aar"], name="unik_nummerserie"),
        ]

    def __str__(self):
        return f"{self.get_slag_display()} {self.aar}: {self.siste}"


class Budsjettlinje(models.Model):
    soknad = models.ForeignKey(
        Soknad, on_delete=models.CASCADE, related_name="budsjettlinjer", verbose_name=_("søknad")
    )
    beskrivelse = models.CharField(_("beskrivelse"), max_length=200)
    belop = models.PositiveBigIntegerField(_("beløp (kr)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budsjettlinje")
        verbose_name_plural = _("budsjettlinjer")

    def __str__(self):
        return self.beskrivelse


def vedlegg_path(instance, filename: str) -> str:
    # A random name on disk; the person's file name is kept in ``navn``.
    suffix = Path(filename).suffix.lower()
    return f"tilskudd/soknader/{instance.soknad_id}/{uuid.uuid4().hex}{suffix}"


class Vedlegg(models.Model):
    """An attachment to an application (e.g. the political decision, a project plan)."""

    soknad = models.ForeignKey(
        Soknad, on_delete=models.CASCADE, related_name="vedlegg", verbose_name=_("søknad")
    )
    fil = models.FileField(_("fil"), upload_to=vedlegg_path)
    navn = models.CharField(_("filnavn"), max_length=200)
    lastet_opp_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )
    lastet_opp = models.DateTimeField(_("lastet opp"), default=timezone.now)

    class Meta:
        ordering = ["lastet_opp", "pk"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self):
        return self.navn


# The statuses' labels (lazy: translated when shown), for ``Soknad.status_tekst``.
_STATUS_TEKST = dict(Soknad.Status.choices)
