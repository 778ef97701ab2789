"""The investment team's work with the kommuner: meetings and their minutes,
decisions, follow-up points, the register of unfit rules (Regelhinder) and meeting
series. The investment leader of a participation lives on
``kommuner.Deltakelse.investeringsleder`` (one source of truth, with history)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommuner.access import KommuneDataQuerySet
from kommuner.models import Etat, Fase5D, Kommune, Pilot


class Investeringsteam(models.Model):
    """The pilot's investment team: specialists from several etater."""

    pilot = models.OneToOneField(
        Pilot, on_delete=models.PROTECT, related_name="investeringsteam", verbose_name=_("pilot")
    )
    navn = models.CharField(_("navn"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investeringsteam")
        verbose_name_plural = _("investeringsteam")

    def __str__(self):
        return self.navn


class Teammedlem(models.Model):
    team = models.ForeignKey(
        Investeringsteam,
        on_delete=models.PROTECT,
        related_name="medlemmer",
        verbose_name=_("investeringsteam"),
    )
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="teammedlemskap",
        verbose_name=_("bruker"),
    )
    etat = models.ForeignKey(
        Etat, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("etat")
    )
    fra = models.DateField(_("fra"), default=timezone.localdate)
    til = models.DateField(_("til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "bruker__fullt_navn"]
        verbose_name = _("teammedlem")
        verbose_name_plural = _("teammedlemmer")
        constraints = [
            models.UniqueConstraint(fields=["team", "bruker"], name="unikt_teammedlem"),
        ]

    def __str__(self):
        return f"{self.bruker} ({self.etat or '–'})"


class Motetype(models.TextChoices):
    FORANKRING = "forankringsmote", _("Forankringsmøte")
    AVKLARING = "avklaringsmote", _("Avklaringsmøte")
    OPPSTART = "oppstartsmote", _("Oppstartsmøte")
    FREMDRIFT = "fremdriftsmote", _("Fremdriftsmøte")
    ARBEIDSGRUPPE = "arbeidsgruppemote", _("Arbeidsgruppemøte")
    WORKSHOP = "workshop", _("Workshop")
    KOLLEGIUM = "investeringskollegium", _("Investeringskollegium")
    STYRINGSGRUPPE = "styringsgruppemote", _("Styringsgruppemøte")
    ANNET = "annet", _("Annet")


class Niva(models.TextChoices):
    STRATEGISK = "strategisk", _("Strategisk nivå")
    OPERATIVT = "operativt", _("Operativt nivå")


class MoteQuerySet(KommuneDataQuerySet):
    pass


class Sokevektor(SearchVector):
    """The stored search vector of a text row: ``to_tsvector('norwegian', …)`` on
    PostgreSQL (a generated column with a GIN index, see migration 0003). Other
    databases (the SQLite demo) search by substring only, so there the column holds
    NULL."""

    def __init__(self, *fields: str):
        super().__init__(*fields, config="norwegian")

    def as_sql(self, compiler, connection, *args, **kwargs):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, *args, **kwargs)


def sokevektor_field(*fields: str) -> models.GeneratedField:
    return models.GeneratedField(
        expression=Sokevektor(*fields),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        verbose_name=_("søkevektor"),
    )


class Moteserie(models.Model):
    """A recurring meeting (the project leaders' network every third week, a monthly
    progress call). Planned meetings are created from it and logged afterwards."""

    class Intervall(models.TextChoices):
        UKENTLIG = "1", _("Hver uke")
        ANNENHVER = "2", _("Annenhver uke")
        TREDJE = "3", _("Hver tredje uke")
        MAANEDLIG = "maaned", _("Hver måned")

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, verbose_name=_("pilot"))
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kommune")
    )
    tittel = models.CharField(_("tittel"), max_length=200)
    type = models.CharField(_("møtetype"), max_length=30, choices=Motetype.choices)
    intervall = models.CharField(_("intervall"), max_length=10, choices=Intervall.choices)
    forste_start = models.DateTimeField(_("første møte"))
    varighet_minutter = models.PositiveIntegerField(_("varighet (minutter)"), default=60)
    antall = models.PositiveSmallIntegerField(_("antall møter"))
    sted = models.CharField(_("sted"), max_length=200, blank=True)
    digitalt = models.BooleanField(_("telefon/video"), default=False)
    opprettet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    history = HistoricalRecords()

    objects = MoteQuerySet.as_manager()

    class Meta:
        ordering = ["-forste_start"]
        verbose_name = _("møteserie")
        verbose_name_plural = _("møteserier")

    def __str__(self):
        return self.tittel

    def clean(self):
        if self.antall is not None and not 1 <= self.antall <= 52:
            raise ValidationError({"antall": _("Velg mellom 1 og 52 møter.")})


class Mote(models.Model):
    class Status(models.TextChoices):
        PLANLAGT = "planlagt", _("Planlagt")
        GJENNOMFORT = "gjennomfort", _("Gjennomført")
        AVLYST = "avlyst", _("Avlyst")

    pilot = models.ForeignKey(
        Pilot, on_delete=models.PROTECT, related_name="moter", verbose_name=_("pilot")
    )
    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moter",
        verbose_name=_("kommune"),
        help_text=_("Tomt for investeringsteamets egne møter (investeringskollegium)."),
    )
    type = models.CharField(_("møtetype"), max_length=30, choices=Motetype.choices)
    tittel = models.CharField(_("tittel"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.GJENNOMFORT
    )
    start = models.DateTimeField(_("tidspunkt"))
    varighet_minutter = models.PositiveIntegerField(_("varighet (minutter)"), default=60)
    sted = models.CharField(_("sted"), max_length=200, blank=True)
    digitalt = models.BooleanField(_("telefon/video"), default=False)
    fase = models.CharField(_("5D-fase"), max_length=20, choices=Fase5D.choices, blank=True)
    niva = models.CharField(_("nivå"), max_length=20, choices=Niva.choices, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    referat = models.TextField(_("referat"), blank=True)
    skrevet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skrevne_moter",
        verbose_name=_("referent"),
    )
    moteserie = models.ForeignKey(
        Moteserie,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moter",
        verbose_name=_("møteserie"),
    )
    versjon = models.PositiveIntegerField(_("versjon"), default=1, editable=False)
    endret = models.DateTimeField(_("sist endret"), auto_now=True)
    sokevektor = sokevektor_field("tittel", "agenda", "referat")
    history = HistoricalRecords(excluded_fields=["sokevektor"])

    objects = MoteQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        indexes = [
            # The list's order (newest first, id as tie-breaker) and its default window.
            models.Index(fields=["start", "id"], name="mote_start_id"),
            models.Index(fields=["kommune", "start"]),
            # The leader's "last/next meeting" per participation; covering (PostgreSQL)
            # for the dashboard's meetings per half-year and open follow-up points, read
            # from the index alone (12 → 2.6 ms for a fylke at national scale).
            models.Index(
                fields=["pilot", "kommune", "start"],
                include=["status", "id"],
                name="mote_pilot_kommune_start_dk",
            ),
            # The pilot's latest meeting held (every dashboard request reads it,
            # ``evaluering.kilder.siste_mote``): one index entry, where the order of
            # ``start`` alone scanned past every later meeting of every pilot
            # (0.4-4 ms at national scale, the dashboard's dearest warm query).
            models.Index(fields=["pilot", "status", "start"], name="mote_pilot_status_start"),
        ]

    def __str__(self):
        return f"{self.overskrift} {timezone.localtime(self.start):%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("investering:mote_detail", args=[self.pk])

    @property
    def overskrift(self) -> str:
        if self.tittel:
            return self.tittel
        hvor = self.kommune.navn if self.kommune_id else _("investeringsteamet")
        # get_type_display()'s text, without it translating every choice to look one up.
        type_ = Motetype(self.type).label if self.type in Motetype.values else self.type
        return f"{type_} – {hvor}"

    @property
    def stedtekst(self) -> str:
        if self.digitalt:
            return f"{_('Telefon/video')}{' – ' + self.sted if self.sted else ''}"
        return self.sted

    def clean(self):
        if self.type == Motetype.KOLLEGIUM and self.kommune_id:
            raise ValidationError(
                {"kommune": _("Investeringskollegiet er teamets eget møte og har ingen kommune.")}
            )
        if not self.kommune_id and self.type not in (Motetype.KOLLEGIUM, Motetype.STYRINGSGRUPPE):
            raise ValidationError({"kommune": _("Velg kommune for denne møtetypen.")})


class Motedeltaker(models.Model):
    """A participant: a portal user or a free-text name, with etat or kommune."""

    mote = models.ForeignKey(
        Mote, on_delete=models.CASCADE, related_name="deltakere", verbose_name=_("møte")
    )
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motedeltakelser",
        verbose_name=_("bruker"),
    )
    navn = models.CharField(_("navn"), max_length=200, blank=True)
    etat = models.ForeignKey(
        Etat, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("etat")
    )
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kommune")
    )
    organisasjon = models.CharField(_("annen organisasjon/rolle"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("møtedeltaker")
        verbose_name_plural = _("møtedeltakere")
        constraints = [
            models.CheckConstraint(
                condition=Q(bruker__isnull=False) | ~Q(navn=""), name="deltaker_har_navn"
            )
        ]

    def __str__(self):
        return self.visningsnavn

    @property
    def visningsnavn(self) -> str:
        return str(self.bruker) if self.bruker_id else self.navn

    @property
    def tilhorighet(self) -> str:
        if self.etat_id:
            return str(self.etat)
        if self.kommune_id:
            return str(self.kommune)
        return self.organisasjon

    def clean(self):
        if not self.bruker_id and not self.navn.strip():
            raise ValidationError(_("En deltaker må ha navn eller være en bruker."))


class BeslutningQuerySet(KommuneDataQuerySet):
    kommune_field = "mote__kommune"


class Beslutning(models.Model):
    mote = models.ForeignKey(
        Mote, on_delete=models.PROTECT, related_name="beslutninger", verbose_name=_("møte")
    )
    tekst = models.TextField(_("beslutning"))
    besluttet_av = models.CharField(_("besluttet av"), max_length=200, blank=True)
    sokevektor = sokevektor_field("tekst")
    history = HistoricalRecords(excluded_fields=["sokevektor"])

    objects = BeslutningQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")

    def __str__(self):
        return self.tekst[:80]


class OppfolgingQuerySet(KommuneDataQuerySet):
    kommune_field = "mote__kommune"

    def apne(self):
        return self.exclude(status=Oppfolgingspunkt.Status.LUKKET)

    def forfalte(self, today=None):
        today = today or timezone.localdate()
        return self.apne().filter(frist__lt=today)


class Oppfolgingspunkt(models.Model):
    class Status(models.TextChoices):
        APEN = "apen", _("Åpen")
        PAGAR = "pagar", _("Pågår")
        LUKKET = "lukket", _("Lukket")

    mote = models.ForeignKey(
        Mote, on_delete=models.PROTECT, related_name="oppfolgingspunkter", verbose_name=_("møte")
    )
    tekst = models.TextField(_("oppfølgingspunkt"))
    ansvarlig_bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oppfolgingspunkter",
        verbose_name=_("ansvarlig person"),
    )
    ansvarlig_etat = models.ForeignKey(
        Etat, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ansvarlig etat")
    )
    frist = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="apen")
    lukket_dato = models.DateField(_("lukket dato"), null=True, blank=True)
    lukket_i_mote = models.ForeignKey(
        Mote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lukkede_punkter",
        verbose_name=_("lukket i møte"),
    )
    sokevektor = sokevektor_field("tekst")
    history = HistoricalRecords(excluded_fields=["sokevektor"])

    objects = OppfolgingQuerySet.as_manager()

    class Meta:
        ordering = ["frist", "pk"]
        indexes = [
            # The board: open points (its default) in its order (due date, id) ...
            models.Index(
                fields=["frist", "id"], name="punkt_apne_frist_id", condition=~Q(status="lukket")
            ),
            # Open points per meeting: the list's counts and the leader's overview.
            models.Index(
                fields=["mote", "frist"],
                name="punkt_apne_mote_frist",
                condition=~Q(status="lukket"),
            ),
            # ... and one status in the board's order.
            models.Index(fields=["status", "frist", "id"], name="punkt_status_frist_id"),
        ]
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")

    def __str__(self):
        return self.tekst[:80]

    @property
    def ansvarlig(self) -> str:
        parts = [str(p) for p in (self.ansvarlig_bruker, self.ansvarlig_etat) if p]
        return ", ".join(parts)

    @property
    def er_forfalt(self) -> bool:
        return bool(
            self.frist and self.status != self.Status.LUKKET and self.frist < timezone.localdate()
        )

    def clean(self):
        if self.status == self.Status.LUKKET and not self.lukket_dato:
            self.lukket_dato = timezone.localdate()
        if self.status != self.Status.LUKKET:
            self.lukket_dato = None
            self.lukket_i_mote = None


class Oppfolgingsnotat(models.Model):
    """A short note on a follow-up point (team members may add these)."""

    punkt = models.ForeignKey(Oppfolgingspunkt, on_delete=models.PROTECT, related_name="notater")
    tekst = models.TextField(_("notat"))
    skrevet_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, verbose_name=_("skrevet av")
    )
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["opprettet", "pk"]
        verbose_name = _("notat")
        verbose_name_plural = _("notater")

    def __str__(self):
        return self.tekst[:80]


class RegelhinderQuerySet(KommuneDataQuerySet):
    pass


class Regelhinder(models.Model):
    """A rule, practice or allocation letter found unfit for the kommune (goal 2)."""

    class Status(models.TextChoices):
        IDENTIFISERT = "identifisert", _("Identifisert")
        VURDERT = "vurdert", _("Vurdert")
        LOFTET = "loftet", _("Løftet til nasjonalt nivå")
        ENDRET = "endret", _("Endret")
        AVVIST = "avvist", _("Avvist")

    # Allowed moves: forward along the path; endret/avvist are final.
    OVERGANGER = {
        "identifisert": {"vurdert", "avvist"},
        "vurdert": {"loftet", "endret", "avvist", "identifisert"},
        "loftet": {"endret", "avvist", "vurdert"},
        "endret": set(),
        "avvist": set(),
    }

    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, verbose_name=_("pilot"))
    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regelhindre",
        verbose_name=_("kommune"),
    )
    tittel = models.CharField(_("kort tittel"), max_length=200)
    beskrivelse = models.TextField(_("beskrivelse"))
    regel = models.CharField(_("regel, forskrift eller tildelingsbrev"), max_length=300, blank=True)
    etat = models.ForeignKey(
        Etat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regelhindre",
        verbose_name=_("etat som eier regelen"),
    )
    funnet_i_mote = models.ForeignKey(
        Mote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regelhindre",
        verbose_name=_("funnet i møte"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDENTIFISERT
    )
    utfall = models.TextField(_("utfall"), blank=True)
    registrert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    opprettet = models.DateTimeField(_("registrert"), default=timezone.now)
    # Moves on with every save (``felles.laas``): an edit form opened before another
    # person's save is refused instead of silently undoing it.
    versjon = models.PositiveIntegerField(_("versjon"), default=1, editable=False)
    sokevektor = sokevektor_field("tittel", "beskrivelse", "regel", "utfall")
    # The comment given with a change (why the status moved) is the history row's
    # change reason: free text, so longer than the library's default 100 characters.
    history = HistoricalRecords(
        excluded_fields=["sokevektor"],
        history_change_reason_field=models.TextField(null=True),
    )

    objects = RegelhinderQuerySet.as_manager()

    class Meta:
        ordering = ["-opprettet", "-pk"]
        verbose_name = _("regelhinder")
        verbose_name_plural = _("regelhindre")
        indexes = [
            # The register's order (newest first, id as tie-breaker) and its filters.
            models.Index(fields=["opprettet", "id"], name="regelhinder_opprettet_id"),
            models.Index(fields=["status", "opprettet"], name="regelhinder_status_opprettet"),
            models.Index(fields=["kommune", "opprettet"], name="regelhinder_kommune_opprettet"),
        ]

    def __str__(self):
        return self.tittel

    @property
    def neste_statuser(self) -> list[tuple[str, str]]:
        """The statuses this barrier may move to next, in the path's order, labelled."""
        neste = self.OVERGANGER.get(self.status, set())
        return [(s.value, s.label) for s in self.Status if s.value in neste]

    def clean(self):
        if self.funnet_i_mote_id and self.funnet_i_mote.kommune_id != self.kommune_id:
            raise ValidationError(
                {"funnet_i_mote": _("Møtet hører til en annen kommune enn regelhinderet.")}
            )


class Kalendertoken(models.Model):
    """The secret in a user's calendar feed address; regenerate to revoke."""

    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kalendertoken"
    )
    token = models.CharField(max_length=64, unique=True)
    opprettet = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kalendertoken")
        verbose_name_plural = _("kalendertokener")

    def __str__(self):
        return str(self.bruker)
