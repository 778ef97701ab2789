"""Grants: schemes, pooled pots, rounds, applications, decisions, allocations,
payments and reports on the use of funds.

Rules that need other rows (the pot is never over-committed, payments never exceed
what was granted, no submission after the deadline) live in ``services.py``, where
they run inside one transaction with the pot row locked."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles.oversatt import sprakfelt
from felles.penger import format_desimal, format_kroner
from kommuner.models import Etat, Kommune, Pilot

from .access import case_filter, soknad_filter


class SakQuerySet(models.QuerySet):
    """Grant cases: ``for_user`` keeps what ``access.case_filter`` lets the user read.
    Subclasses name the path to the kommune in ``kommune_field``."""

    kommune_field = "kommune"

    def for_user(self, user):
        return self.filter(case_filter(user, self.kommune_field))


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


class SoknadQuerySet(SakQuerySet):
    def for_user(self, user):
        return self.filter(soknad_filter(user))


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


class Utfall(models.TextChoices):
    """A decision's outcome (``Vedtak.Utfall``), shared with the proposal."""

    INNVILGET = "innvilget", _("Innvilget")
    DELVIS_INNVILGET = "delvis_innvilget", _("Delvis innvilget")
    AVSLATT = "avslatt", _("Avslått")


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


class DokumentQuerySet(SakQuerySet):
    """A case's documents: read by whoever reads the case; a kommune never sees an
    internal one (``intern``)."""

    kommune_field = "soknad__kommune"

    def for_user(self, user):
        from .access import may_read_internal_documents

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
