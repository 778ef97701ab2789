"""Goals, assessments, reflection forms, researcher's notes and the half-yearly
status report of a pilot."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles.oversatt import sprakfelt
from kommuner.access import (
    ALLE_KOMMUNER,
    KommuneDataQuerySet,
    omfang_filter,
    workdata_omfang,
)
from kommuner.models import Kommune, Pilot


class Mal(models.Model):
    """A goal the pilot is measured against (the six goals of the Østfold pilot)."""

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="mal")
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    tittel = models.CharField(_("mål"), max_length=300)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    indikatorer = models.ManyToManyField(
        "kommuner.Indikator",
        blank=True,
        related_name="mal",
        verbose_name=_("indikatorer som viser målet"),
    )
    # The history keeps the base columns, which hold the bokmål text (felles.oversatt).
    history = HistoricalRecords(excluded_fields=sprakfelt("tittel", "beskrivelse"))

    class Meta:
        ordering = ["pilot", "nummer"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "nummer"], name="unikt_malnummer"),
        ]

    def __str__(self):
        return f"{self.nummer}. {self.tittel}"


class Rapportperiode(models.Model):
    """A half-year of a pilot: 2026-H1 is 01.01–30.06, 2026-H2 is 01.07–31.12."""

    class Status(models.TextChoices):
        APEN = "apen", _("Åpen")
        LUKKET = "lukket", _("Lukket")
        PUBLISERT = "publisert", _("Publisert")

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="rapportperioder")
    aar = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    halvaar = models.PositiveSmallIntegerField(
        _("halvår"), choices=[(1, _("1. halvår")), (2, _("2. halvår"))]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APEN
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pilot", "-aar", "-halvaar"]
        verbose_name = _("rapportperiode")
        verbose_name_plural = _("rapportperioder")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "aar", "halvaar"], name="unik_periode"),
        ]

    def __str__(self):
        return self.kode

    @property
    def kode(self) -> str:
        return f"{self.aar}-H{self.halvaar}"

    @property
    def start(self) -> date:
        return date(self.aar, 1 if self.halvaar == 1 else 7, 1)

    @property
    def slutt(self) -> date:
        return date(self.aar, 6, 30) if self.halvaar == 1 else date(self.aar, 12, 31)


class Skala(models.TextChoices):
    """The fixed assessment scale, plus the honest 'cannot be shown' (seed 004)."""

    IKKE_STARTET = "ikke_startet", _("Ikke startet")
    LITEN = "liten", _("I liten grad")
    NOEN = "noen", _("I noen grad")
    STOR = "stor", _("I stor grad")
    OPPNADD = "oppnadd", _("Oppnådd")
    IKKE_MALBART = "ikke_malbart", _("Ikke målbart – mangler nullpunkt")


SKALA_VERDI = {
    Skala.IKKE_STARTET: 0,
    Skala.LITEN: 1,
    Skala.NOEN: 2,
    Skala.STOR: 3,
    Skala.OPPNADD: 4,
}


class Maloppnaelse(models.Model):
    """How far a goal is reached in a period, for the pilot as a whole or one kommune."""

    mal = models.ForeignKey(Mal, on_delete=models.PROTECT, related_name="vurderinger")
    periode = models.ForeignKey(
        Rapportperiode, on_delete=models.PROTECT, related_name="vurderinger"
    )
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, null=True, blank=True, related_name="malvurderinger"
    )
    vurdering = models.CharField(_("vurdering"), max_length=20, choices=Skala.choices)
    begrunnelse = models.TextField(_("begrunnelse"))
    tiltak = models.ManyToManyField(
        "kommuner.Tiltak", blank=True, related_name="malvurderinger", verbose_name=_("tiltak")
    )
    vurdert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    dato = models.DateField(_("dato"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["mal__nummer", "kommune__navn"]
        verbose_name = _("måloppnåelse")
        verbose_name_plural = _("måloppnåelser")
        constraints = [
            models.UniqueConstraint(
                fields=["mal", "periode", "kommune"], name="en_vurdering_per_kommune"
            ),
            models.UniqueConstraint(
                fields=["mal", "periode"],
                condition=Q(kommune__isnull=True),
                name="en_samlet_vurdering",
            ),
        ]

    def __str__(self):
        return f"{self.mal} {self.periode}: {self.get_vurdering_display()}"

    @property
    def css(self) -> str:
        return f"skala-{self.vurdering}"


class RefleksjonsskjemaQuerySet(models.QuerySet):
    def for_user(self, user):
        """Every form for those who read every kommune's working data; a contact
        person the forms sent to their own kommune."""
        return self.for_omfang(workdata_omfang(user))

    def for_omfang(self, omfang):
        """``for_user`` for a reach given by ``kommuner.access.workdata_omfang``."""
        if omfang == ALLE_KOMMUNER:
            return self
        return self.filter(kommuner__in=Kommune.objects.filter(omfang_filter(omfang, "pk")))


class Refleksjonsskjema(models.Model):
    """A questionnaire (seed 003): statements answered 1–5, plus free text."""

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="refleksjonsskjema")
    periode = models.ForeignKey(
        Rapportperiode, on_delete=models.PROTECT, related_name="refleksjonsskjema"
    )
    tittel = models.CharField(_("tittel"), max_length=200)
    innledning = models.TextField(_("innledning"), blank=True)
    kommuner = models.ManyToManyField(Kommune, related_name="refleksjonsskjema")
    forrige = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sammenlign med skjema"),
    )
    history = HistoricalRecords(m2m_fields=[kommuner])

    objects = RefleksjonsskjemaQuerySet.as_manager()

    class Meta:
        ordering = ["-periode__aar", "-periode__halvaar", "tittel"]
        verbose_name = _("refleksjonsskjema")
        verbose_name_plural = _("refleksjonsskjema")

    def __str__(self):
        return f"{self.tittel} ({self.periode})"


class Pastand(models.Model):
    skjema = models.ForeignKey(
        Refleksjonsskjema, on_delete=models.CASCADE, related_name="pastander"
    )
    nummer = models.PositiveSmallIntegerField(_("nummer"))
    tekst = models.CharField(_("påstand"), max_length=400)

    class Meta:
        ordering = ["skjema", "nummer"]
        verbose_name = _("påstand")
        verbose_name_plural = _("påstander")
        constraints = [
            models.UniqueConstraint(fields=["skjema", "nummer"], name="unikt_pastandsnummer"),
        ]

    def __str__(self):
        return self.tekst


class RefleksjonssvarQuerySet(KommuneDataQuerySet):
    pass


class Refleksjonssvar(models.Model):
    """One kommune's answer to one form (one per kommune and form)."""

    skjema = models.ForeignKey(Refleksjonsskjema, on_delete=models.PROTECT, related_name="svar")
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, related_name="refleksjonssvar")
    fritekst = models.TextField(_("fritekst"), blank=True)
    besvart_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    besvart = models.DateTimeField(_("besvart"))
    history = HistoricalRecords()

    objects = RefleksjonssvarQuerySet.as_manager()

    class Meta:
        ordering = ["skjema", "kommune__navn"]
        verbose_name = _("refleksjonssvar")
        verbose_name_plural = _("refleksjonssvar")
        constraints = [
            models.UniqueConstraint(fields=["skjema", "kommune"], name="ett_svar_per_kommune"),
        ]

    def __str__(self):
        return f"{self.skjema} – {self.kommune}"


class Pastandssvar(models.Model):
    svar = models.ForeignKey(Refleksjonssvar, on_delete=models.CASCADE, related_name="verdier")
    pastand = models.ForeignKey(Pastand, on_delete=models.PROTECT, related_name="verdier")
    verdi = models.PositiveSmallIntegerField(
        _("verdi"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["svar", "pastand"], name="en_verdi_per_pastand"),
            models.CheckConstraint(
                condition=Q(verdi__gte=1, verdi__lte=5), name="verdi_mellom_1_og_5"
            ),
        ]

    def __str__(self):
        return f"{self.pastand_id}: {self.verdi}"


class EvalueringsnotatQuerySet(KommuneDataQuerySet):
    pass


class Evalueringsnotat(models.Model):
    """The follow-up researcher's note on a kommune in a period."""

    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="evalueringsnotater"
    )
    periode = models.ForeignKey(
        Rapportperiode, on_delete=models.PROTECT, related_name="evalueringsnotater"
    )
    tekst = models.TextField(_("notat"))
    forfatter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opprettet = models.DateTimeField(_("opprettet"), auto_now_add=True)
    history = HistoricalRecords()

    objects = EvalueringsnotatQuerySet.as_manager()

    class Meta:
        ordering = ["-opprettet"]
        verbose_name = _("evalueringsnotat")
        verbose_name_plural = _("evalueringsnotater")

    def __str__(self):
        return f"{self.kommune} {self.periode}"


def rapport_path(instance, filename):
    periode = instance.periode
    return f"statusrapporter/{periode.pilot.slug}/{periode.kode}-v{instance.versjon}.pdf"


# The hard time limit of the render task (evaluering.tasks.statusrapport_render) when
# its job sets none, and the least any render job gets.
RENDER_TIME_LIMIT = 300
# Each kommune adds its page(s): measured 0.1–0.2 s per kommune on one core with
# PostgreSQL (357 kommuner: ~60 s); a second per kommune leaves room for a busy worker.
RENDER_SEKUNDER_PER_KOMMUNE = 1
RENDER_GRUNNTID = 60


def render_tidsgrense(antall_kommuner: int) -> int:
    """The hard time limit (seconds) of the render job of a report with
    ``antall_kommuner`` kommuner: it grows with the kommuner, from ``RENDER_TIME_LIMIT``
    up to the longest any task may run (the broker's visibility timeout is set above
    that, so a running render is never delivered twice)."""
    from django.conf import settings

    wanted = RENDER_GRUNNTID + RENDER_SEKUNDER_PER_KOMMUNE * antall_kommuner
    return max(RENDER_TIME_LIMIT, min(wanted, settings.CELERY_LONGEST_TASK_TIME_LIMIT))


class Statusrapport(models.Model):
    """One generated half-yearly report. A published report never changes:
    regenerating makes a new version."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Lages")
        UTKAST = "utkast", _("Utkast")
        PUBLISERT = "publisert", _("Publisert")
        FEILET = "feilet", _("Feilet")

    periode = models.ForeignKey(
        Rapportperiode, on_delete=models.PROTECT, related_name="statusrapporter"
    )
    versjon = models.PositiveSmallIntegerField(_("versjon"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VENTER
    )
    bestilt = models.DateTimeField(_("bestilt"))
    generert = models.DateTimeField(_("generert"), null=True, blank=True)
    generert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tom når rapporten ble laget etter plan."),
    )
    pdf = models.FileField(_("PDF"), upload_to=rapport_path, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    grunnlag = models.JSONField(_("datagrunnlag"), default=dict, blank=True)
    feilmelding = models.TextField(_("feilmelding"), blank=True)
    publisert = models.DateTimeField(_("publisert"), null=True, blank=True)
    publisert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    jobb = models.ForeignKey(
        "felles.Jobb",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Bakgrunnsjobben som lager PDF-en."),
    )
    history = HistoricalRecords(excluded_fields=["jobb"])

    class Meta:
        ordering = ["-periode__aar", "-periode__halvaar", "-versjon"]
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        constraints = [
            models.UniqueConstraint(fields=["periode", "versjon"], name="unik_rapportversjon"),
        ]

    def __str__(self):
        return f"{self.periode.pilot} {self.periode.kode} v{self.versjon}"

    def _startet(self):
        """When the current attempt to make the PDF was handed to a worker."""
        if self.jobb_id is None:
            return self.bestilt
        return self.jobb.overlevert

    @property
    def i_ko(self) -> bool:
        """Ordered, but the job still waits for the broker to take it."""
        return self.status == self.Status.VENTER and self._startet() is None

    @property
    def tidsgrense(self) -> int:
        """The hard time limit of the current render job."""
        return (self.jobb.tidsgrense if self.jobb_id else None) or RENDER_TIME_LIMIT

    def alder(self, now=None):
        return (now or timezone.now()) - (self.jobb.opprettet if self.jobb_id else self.bestilt)

    @property
    def stoppet_opp(self) -> bool:
        """Still "Lages" longer than the render task's hard time limit allows: the
        worker died or the job was lost. An admin may start it again."""
        startet = self._startet()
        return (
            self.status == self.Status.VENTER
            and startet is not None
            and timezone.now() - startet > timedelta(seconds=self.tidsgrense + 60)
        )

    @property
    def venter_fortsatt(self) -> bool:
        """The page polls for this report only while it may still finish by itself."""
        return (
            self.status == self.Status.VENTER
            and not self.stoppet_opp
            and self.alder() < timedelta(seconds=self.tidsgrense + 60)
        )

    def clean(self):
        if self.pk:
            before = Statusrapport.objects.filter(pk=self.pk).values("status").first()
            if before and before["status"] == self.Status.PUBLISERT:
                raise ValidationError(_("En publisert rapport kan ikke endres."))


# Analytics tables (``evaluering.analyse``): the per-kommune figures of the dashboard,
# the status reports and the one-kommune PDF, computed once per change. They hold ids
# only (names are joined when read, in the reader's language) and no foreign keys:
# they are derived, may be thrown away and rebuilt (``manage.py analyse_bygg``), and
# must never keep a kommune or a pilot from being deleted.


class AnalyseEndring(models.Model):
    """A mark that a kommune's figures must be computed again: written by the database
    triggers of every table under them (``analyse.TRIGGERE``), in the writing
    transaction, so it exists exactly when the change does. ``kommune_id`` empty: every
    kommune (a table was truncated)."""

    id = models.BigAutoField(primary_key=True)
    kommune_id = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["kommune_id"], name="analyse_endring_kommune")]

    def __str__(self):
        return f"{self.kommune_id}"


class AnalyseKommune(models.Model):
    """A kommune's figures in one half-year of one pilot it takes part in
    (``investering.selectors.tall_per_kommune`` and
    ``tilskudd.selectors.per_kommune_i_periode`` for that half-year)."""

    pilot_id = models.IntegerField()
    kommune_id = models.IntegerField()
    aar = models.PositiveSmallIntegerField()
    halvaar = models.PositiveSmallIntegerField()
    moter_holdt = models.IntegerField(default=0)
    apne_punkter = models.IntegerField(default=0)
    forfalte_punkter = models.IntegerField(default=0)
    regelhindre_nye = models.IntegerField(default=0)
    regelhindre_loftet = models.IntegerField(default=0)
    innvilget = models.BigIntegerField(default=0)
    utbetalt = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pilot_id", "aar", "halvaar", "kommune_id"], name="unik_analyse_kommune"
            )
        ]
        # A page of kommuner's rows of one pilot (the dashboard's meetings per
        # half-year): the unique index leads with the pilot and read every kommune's.
        indexes = [models.Index(fields=["kommune_id", "pilot_id"], name="analyse_kommune_kp")]

    def __str__(self):
        return f"{self.pilot_id}:{self.kommune_id}:{self.aar}-H{self.halvaar}"


class AnalyseIndikator(models.Model):
    """What an indicator shows for a kommune at the end of a half-year
    (``evaluering.kilder.indikatorverdier``'s rule): the latest approved value by then
    and the baseline measured by then. A row only where there is one of them."""

    kommune_id = models.IntegerField()
    indikator_id = models.IntegerField()
    slutt = models.DateField()
    periode = models.CharField(max_length=7, blank=True)
    verdi = models.DecimalField(max_digits=18, decimal_places=4, null=True)
    opphav = models.CharField(max_length=120, blank=True)
    nullpunkt_periode = models.CharField(max_length=7, blank=True)
    nullpunkt = models.DecimalField(max_digits=18, decimal_places=4, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indikator_id", "slutt", "kommune_id"], name="unik_analyse_indikator"
            )
        ]
        # A page of kommuner's baselines at one period's end (the dashboard's goal
        # flags, ``kilder.manglende_nullpunkter``), read from the index alone: the unique
        # index leads with the indicator and visited every kommune's rows (5 ms).
        indexes = [
            models.Index(
                fields=["kommune_id", "slutt", "indikator_id"],
                include=["nullpunkt_periode"],
                name="analyse_indikator_kst",
            )
        ]

    def __str__(self):
        return f"{self.kommune_id}:{self.indikator_id}:{self.slutt}"


class AnalyseVersjon(models.Model):
    """How many times a kommune's analytics rows have changed (``analyse._lagre`` adds
    one, in the transaction that changes them, only when a row really differs): the
    part of a kept figure's key that follows exactly the kommuner it shows
    (``analyse.stand``), so that a change to one kommune's figures leaves every figure
    of other kommuner kept. Only ever grows; no row is version 0."""

    kommune_id = models.IntegerField(primary_key=True)
    versjon = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.kommune_id}:{self.versjon}"
