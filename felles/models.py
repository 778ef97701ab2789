"""Tables of the shared layer: the job outbox, sent emails, the worker's heartbeat, the
users' notifications and their email choices."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import oversatt, varselslag


class Jobb(models.Model):
    """Work that must follow a commit (a render, an email), recorded in the same
    transaction as the change that calls for it and handed to Celery after commit.
    If the broker is down the row waits; ``felles.tasks.overlever_ventende`` hands it
    over when the broker is back. The Celery task id is ``jobb-<pk>``, so a job handed
    over twice is still one task, and the task's end marks the row."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Venter på køen")
        OVERLEVERT = "overlevert", _("Lagt i køen")
        FERDIG = "ferdig", _("Ferdig")
        FEILET = "feilet", _("Feilet")

    oppgave = models.CharField(_("oppgave"), max_length=200)
    argumenter = models.JSONField(_("argumenter"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VENTER
    )
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    overlevert = models.DateTimeField(_("lagt i køen"), null=True, blank=True)
    ferdig = models.DateTimeField(_("ferdig"), null=True, blank=True)
    forsok = models.PositiveIntegerField(_("forsøk på å legge i køen"), default=0)
    siste_feil = models.TextField(_("siste feil"), blank=True)
    # Set from the size of the job by the service that orders it (e.g. a report's
    # render grows with its kommuner); empty: the task's own limits apply.
    tidsgrense = models.PositiveIntegerField(_("tidsgrense (sekunder)"), null=True, blank=True)
    myk_tidsgrense = models.PositiveIntegerField(
        _("myk tidsgrense (sekunder)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("bakgrunnsjobb")
        verbose_name_plural = _("bakgrunnsjobber")
        indexes = [models.Index(fields=["status", "opprettet"], name="jobb_status_opprettet")]

    def __str__(self):
        return f"{self.oppgave}{tuple(self.argumenter)} ({self.get_status_display()})"

    @property
    def task_id(self) -> str:
        return f"jobb-{self.pk}"


class Utsending(models.Model):
    """An email that has been sent, so each is sent once (keyed per event and
    recipient)."""

    nokkel = models.CharField(max_length=200, unique=True)
    mottaker = models.CharField(max_length=500)
    sendt = models.DateTimeField()

    class Meta:
        verbose_name = _("utsending")
        verbose_name_plural = _("utsendinger")

    def __str__(self):
        return self.nokkel


class Hjerteslag(models.Model):
    """When a Celery worker last ran a job or the beat's heartbeat (``/helse/``)."""

    navn = models.CharField(max_length=50, unique=True)
    sist = models.DateTimeField()

    class Meta:
        verbose_name = _("hjerteslag")
        verbose_name_plural = _("hjerteslag")

    def __str__(self):
        return f"{self.navn}: {self.sist:%Y-%m-%d %H:%M:%S}"


class Varsel(models.Model):
    """A notification in the portal for one user (``felles.varsler.varsle``): made once
    per event and recipient (``noekkel``), marked read by its owner."""

    mottaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="varsler",
        verbose_name=_("mottaker"),
    )
    # A kind registered by the app that sends it (felles.varselslag): plain text, so a
    # new kind needs no migration here.
    slag = models.CharField(
        _("type"), max_length=varselslag.MAKS_LENGDE, validators=[varselslag.sjekk_slag]
    )
    # The title as first made, in the portal's language (LANGUAGE_CODE): for search, the
    # email and rows made before titles were stored untranslated (no ``tittel_mal``).
    tittel = models.CharField(_("tittel"), max_length=300)
    # The title untranslated: its msgid (and plural msgid, counted by the parameter
    # ``n``) and parameters, translated when shown (``visningstittel``).
    tittel_mal = models.TextField(_("tittel (uoversatt)"), blank=True)
    tittel_flertall = models.TextField(_("tittel i flertall (uoversatt)"), blank=True)
    tittel_param = models.JSONField(_("parametere til tittelen"), default=dict, blank=True)
    url = models.CharField(_("lenke"), max_length=500)
    noekkel = models.CharField(_("nøkkel"), max_length=200)
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    lest = models.DateTimeField(_("lest"), null=True, blank=True)
    # The recipient's kommune (the user model's ``kommune_id``: contact persons) when
    # told: the notification is about that kommune, and shown only while the recipient
    # still belongs to it (``felles.varsler.varsler_for``). Empty for everybody else.
    mottakers_kommune = models.BigIntegerField(
        _("mottakerens kommune da varselet ble laget"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-opprettet", "-pk"]
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        constraints = [
            models.UniqueConstraint(fields=["mottaker", "noekkel"], name="varsel_en_per_mottaker"),
        ]
        indexes = [
            # The user's list, newest first.
            models.Index(fields=["mottaker", "-opprettet", "-id"], name="varsel_mottaker_nyest"),
            # The unread count in the navigation (every page).
            models.Index(
                fields=["mottaker"], name="varsel_uleste", condition=models.Q(lest__isnull=True)
            ),
        ]

    def __str__(self):
        return self.visningstittel

    @property
    def visningstittel(self) -> str:
        """The title in the reader's (active) language; the stored text for rows without
        an untranslated title, or whose translation does not fit its parameters."""
        if not self.tittel_mal:
            return self.tittel
        try:
            return tittel_gjengi(
                mal=self.tittel_mal, flertall=self.tittel_flertall, param=self.tittel_param
            )
        except (KeyError, TypeError, ValueError):
            return self.tittel


# A notification title's parameters are stored as JSON: text and numbers as they are,
# dates and times as ISO text under a tag, and formatted in the reader's language when
# shown (so no locale's format is frozen into the row).
_DATO, _TIDSPUNKT = "dato", "tidspunkt"
# A text that is data, in each language it has (felles.oversatt.PerSprak): shown in the
# reader's language, else bokmål.
_SPRAK = "sprak"


def tittel_param_json(param: Mapping[str, object]) -> dict:
    """Parameters for ``Varsel.tittel_param``: str, int, float, date or datetime
    (aware)."""
    ut: dict = {}
    for navn, verdi in param.items():
        if isinstance(verdi, datetime):
            if timezone.is_naive(verdi):
                raise ValueError(f"Tidspunkt uten tidssone: {navn}")
            ut[navn] = {_TIDSPUNKT: verdi.isoformat()}
        elif isinstance(verdi, date):
            ut[navn] = {_DATO: verdi.isoformat()}
        elif isinstance(verdi, oversatt.PerSprak):
            ut[navn] = {_SPRAK: dict(verdi)}
        elif isinstance(verdi, bool) or not isinstance(verdi, str | int | float):
            # A model or a lazy text would be frozen into a string in one language.
            raise TypeError(f"Parameteren {navn} må være tekst, tall eller dato: {verdi!r}")
        else:
            ut[navn] = verdi
    return ut


def _param_vis(verdi):
    if isinstance(verdi, dict):
        if _DATO in verdi:
            return formats.date_format(date.fromisoformat(verdi[_DATO]), "SHORT_DATE_FORMAT")
        if _TIDSPUNKT in verdi:
            tidspunkt = timezone.localtime(datetime.fromisoformat(verdi[_TIDSPUNKT]))
            return formats.date_format(tidspunkt, "DATETIME_FORMAT")
        if _SPRAK in verdi:
            return oversatt.PerSprak(verdi[_SPRAK]).vis()
    return verdi


def tittel_gjengi(*, mal: str, flertall: str = "", param: Mapping) -> str:
    """A stored title translated into the active language, its parameters filled in
    (dates formatted for that language)."""
    verdier = {navn: _param_vis(verdi) for navn, verdi in param.items()}
    tekst = ngettext(mal, flertall, verdier["n"]) if flertall else gettext(mal)
    return tekst % verdier if verdier else tekst


class EpostAvmelding(models.Model):
    """A user has turned email off for one kind of notification (the notification
    still shows in the portal)."""

    bruker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A kind registered by the app that sends it (felles.varselslag): plain text, so a
    # new kind needs no migration here.
    slag = models.CharField(
        _("type"), max_length=varselslag.MAKS_LENGDE, validators=[varselslag.sjekk_slag]
    )

    class Meta:
        verbose_name = _("avmelding fra e-post")
        verbose_name_plural = _("avmeldinger fra e-post")
        constraints = [
            models.UniqueConstraint(fields=["bruker", "slag"], name="epostavmelding_unik"),
        ]

    def __str__(self):
        return f"{self.bruker_id}: {self.slag}"


class Datastand(models.Model):
    """One row per transaction that wrote to a group of tables, made by a database
    trigger (``felles.datastand``); the sum of ``vekt`` per group is its stamp. Rows of
    finished transactions are folded into one (``datastand_komprimer``), which keeps the
    sum."""

    gruppe = models.CharField(max_length=40)
    txid = models.BigIntegerField(null=True, blank=True)
    vekt = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("datastand")
        verbose_name_plural = _("datastander")
        constraints = [
            models.UniqueConstraint(fields=["gruppe", "txid"], name="datastand_gruppe_txid")
        ]

    def __str__(self):
        return f"{self.gruppe}: {self.txid} ({self.vekt})"
