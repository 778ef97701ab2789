"""Sign-in with OpenID Connect: the identities bound to users, the invitations that
bind them, and the log of what admins did to users.

An identity is the provider's issuer and ``sub``; never the national identity number."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kommuner.models import Etat, Kommune, Pilot


class Identitet(models.Model):
    """A provider's identity (issuer + sub) bound to a user through an invitation."""

    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="identiteter",
        verbose_name=_("bruker"),
    )
    issuer = models.CharField(_("utsteder"), max_length=500)
    sub = models.CharField(_("subjekt (sub)"), max_length=255)
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    sist_brukt = models.DateTimeField(_("sist brukt"), null=True, blank=True)

    class Meta:
        ordering = ["opprettet"]
        verbose_name = _("identitet")
        verbose_name_plural = _("identiteter")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="unik_identitet"),
        ]

    def __str__(self):
        return f"{self.issuer} / {self.sub}"


class Invitasjon(models.Model):
    """An admin's invitation: the one way an identity is bound to a user. The link in
    the email is signed (``services.invitasjon_lenke``) over the invitation's id and
    ``nokkel``; sending it again makes a new ``nokkel``, so the old link dies."""

    email = models.EmailField(_("e-post"))
    fullt_navn = models.CharField(_("fullt navn"), max_length=200)
    roller = models.JSONField(_("roller"), default=list)
    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    pilot = models.ForeignKey(
        Pilot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pilot"),
    )
    etat = models.ForeignKey(
        Etat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("etat"),
    )
    nokkel = models.CharField(max_length=64, editable=False)
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    sendt = models.DateTimeField(_("sendt"), default=timezone.now)
    utloper = models.DateTimeField(_("utløper"))
    invitert_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invitert av"),
    )
    # Where the provider asserts a verified email, it must be this invitation's, unless
    # the admin allowed another (a shared mailbox, a changed address).
    annen_epost_tillatt = models.BooleanField(
        _("godta en annen e-postadresse fra innloggingstjenesten"), default=False
    )
    brukt = models.DateTimeField(_("brukt"), null=True, blank=True)
    # The name the provider gave when the invitation was taken into use.
    navn_fra_tilbyder = models.CharField(
        _("navn fra innloggingstjenesten"), max_length=200, blank=True
    )
    trukket = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitasjoner",
        verbose_name=_("bruker"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opprettet"]
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")

    def __str__(self):
        return self.email

    @property
    def er_aapen(self) -> bool:
        return not self.brukt and not self.trukket and self.utloper > timezone.now()

    @property
    def status(self) -> str:
        if self.brukt:
            return str(_("Brukt"))
        if self.trukket:
            return str(_("Trukket tilbake"))
        if self.utloper <= timezone.now():
            return str(_("Utløpt"))
        return str(_("Åpen"))


class Brukerhendelse(models.Model):
    """What an admin (or the person, by signing in) did to a user: who and when."""

    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hendelser",
        verbose_name=_("bruker"),
    )
    utfort_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
    )
    tidspunkt = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    hendelse = models.CharField(_("hendelse"), max_length=500)

    class Meta:
        ordering = ["-tidspunkt", "-pk"]
        verbose_name = _("brukerhendelse")
        verbose_name_plural = _("brukerhendelser")

    def __str__(self):
        return self.hendelse
