"""Tables of the shared layer: the job outbox, sent emails, the worker's heartbeat."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
