from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, ProtectedError, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fylker import ALLE_FYLKER, FYLKE_CHOICES
from .roller import Rolle
from .validators import validate_kommunenummer


class Etat(models.Model):
    """A regional agency or other public body that takes part (NAV, Bufetat, IMDi …)."""

    class Type(models.TextChoices):
        STATSFORVALTER = "statsforvalter", _("Statsforvalter")
        STATLIG = "statlig", _("Statlig regional etat")
        DIREKTORAT = "direktorat", _("Direktorat")
        DEPARTEMENT = "departement", _("Departement")
        FYLKESKOMMUNE = "fylkeskommune", _("Fylkeskommune")
        POLITI = "politi", _("Politi")
        UTDANNING = "utdanning", _("Universitet og høgskole")
        ANNET = "annet", _("Annet")

    navn = models.CharField(_("navn"), max_length=200, unique=True)
    kortnavn = models.CharField(_("kortnavn"), max_length=50, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["navn"]
        verbose_name = _("etat")
        verbose_name_plural = _("etater")

    def __str__(self):
        return self.kortnavn


class Maalform(models.TextChoices):
    """A kommune's official written form (målvedtak): what the state writes to it in."""

    BOKMAAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    NOYTRAL = "noytral", _("Nøytral")


def valgt_sprak(bruker) -> str:
    """The language ``bruker`` chose with the language switch, if it is one the portal
    offers; otherwise empty."""
    sprak = getattr(bruker, "sprak", "") or ""
    return sprak if sprak in dict(settings.LANGUAGES) else ""


class Kommune(models.Model):
    """Facts about the municipality itself; its part in a pilot is a Deltakelse."""

    kommunenummer = models.CharField(
        _("kommunenummer"), max_length=4, unique=True, validators=[validate_kommunenummer]
    )
    navn = models.CharField(_("navn"), max_length=100)
    fylke = models.CharField(_("fylke"), max_length=2, choices=FYLKE_CHOICES, editable=False)
    innbyggere = models.PositiveIntegerField(_("innbyggere"), null=True, blank=True)
    innbyggere_aar = models.PositiveSmallIntegerField(
        _("innbyggertall fra år"), null=True, blank=True
    )
    maalform = models.CharField(
        _("målform"),
        max_length=8,
        choices=Maalform.choices,
        default=Maalform.BOKMAAL,
        help_text=_(
            "Kommunens vedtatte målform. Portalen skriver e-post, varsler og brev til "
            "kommunen og dens folk på denne målformen; er kommunen nøytral, får hver "
            "mottaker språket de selv har valgt, ellers bokmål."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["navn"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.navn

    def get_absolute_url(self):
        return reverse("kommuner:detail", args=[self.kommunenummer])

    def sprak_for(self, bruker=None) -> str:
        """The language code to write to this kommune's people in: its målform
        (nynorsk → "nn", bokmål → "nb"); for a neutral kommune the language ``bruker``
        chose with the language switch, if any, else "nb". Use it as
        ``translation.override(kommune.sprak_for(mottaker))``; ``bruker`` may be None
        (a letter to the kommune itself)."""
        if self.maalform == Maalform.NYNORSK:
            return "nn"
        if self.maalform == Maalform.NOYTRAL:
            return valgt_sprak(bruker) or "nb"
        return "nb"

    def clean(self):
        # The fylke follows from the number: 3101 lies in fylke 31.
        if self.kommunenummer and self.kommunenummer[:2] in ALLE_FYLKER:
            self.fylke = self.kommunenummer[:2]


class Pilot(models.Model):
    navn = models.CharField(_("navn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnavn i adressen"), max_length=60, unique=True)
    piloteier = models.ForeignKey(
        Etat, on_delete=models.PROTECT, related_name="piloter", verbose_name=_("piloteier")
    )
    start = models.DateField(_("start"))
    slutt = models.DateField(_("slutt"), null=True, blank=True)
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "navn"]
        verbose_name = _("pilot")
        verbose_name_plural = _("piloter")
        constraints = [
            models.CheckConstraint(
                condition=Q(slutt__isnull=True) | Q(slutt__gte=F("start")),
                name="pilot_slutt_etter_start",
            )
        ]

    def __str__(self):
        return self.navn

    def get_absolute_url(self):
        return reverse("kommuner:pilot", args=[self.slug])

    def clean(self):
        if self.slutt and self.start and self.slutt < self.start:
            raise ValidationError({"slutt": _("Slutt kan ikke være før start.")})


class Fase5D(models.TextChoices):
    DEFINISJON = "definisjon", _("Definisjonsfasen")
    UNDERSOKELSE = "undersokelse", _("Undersøkelsesfasen")
    IDEER = "ideer", _("Generere ideer (drømmefasen)")
    DESIGN = "design", _("Designfasen")
    REALISERING = "realisering", _("Realiseringsfasen")


# The pilot leadership's status milestones (seed 001), in order.
MILEPAELER = [
    ("definert_utfordring", _("Definert utfordring")),
    ("forankret", _("Forankret")),
    ("kunnskapsgrunnlag", _("Kunnskapsgrunnlag")),
    ("definert_behov", _("Definert behov")),
    ("organisert", _("Organisert")),
    ("operativ", _("Operativ")),
]


# Choice value -> (lazy) label, for Deltakelse.get_status_display/get_fase_display.
_FASETEKST = dict(Fase5D.choices)


class Deltakelse(models.Model):
    """A kommune's participation in a pilot: status, milestones, 5D phase and who
    leads the work from the regional state."""

    class Status(models.TextChoices):
        INVITERT = "invitert", _("Invitert")
        DELTAR = "deltar", _("Deltar")
        TAKKET_NEI = "takket_nei", _("Takket nei")

    pilot = models.ForeignKey(
        Pilot, on_delete=models.PROTECT, related_name="deltakelser", verbose_name=_("pilot")
    )
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="deltakelser", verbose_name=_("kommune")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INVITERT
    )
    valgt_utfordring = models.TextField(_("valgt utfordring"), blank=True)
    fase = models.CharField(_("5D-fase"), max_length=20, choices=Fase5D.choices, blank=True)
    investeringsleder = models.ForeignKey(
        "Bruker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledede_deltakelser",
        verbose_name=_("investeringsleder"),
    )
    investeringsleder_etat = models.ForeignKey(
        Etat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledede_deltakelser",
        verbose_name=_("investeringsleders etat"),
    )
    definert_utfordring = models.DateField(_("definert utfordring"), null=True, blank=True)
    forankret = models.DateField(_("forankret"), null=True, blank=True)
    kunnskapsgrunnlag = models.DateField(_("kunnskapsgrunnlag"), null=True, blank=True)
    definert_behov = models.DateField(_("definert behov"), null=True, blank=True)
    organisert = models.DateField(_("organisert"), null=True, blank=True)
    operativ = models.DateField(_("operativ"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pilot__navn", "kommune__navn"]
        verbose_name = _("deltakelse")
        verbose_name_plural = _("deltakelser")
        # The participating kommuner (status) that averages and overviews ask for.
        indexes = [models.Index(fields=["status", "kommune"], name="deltakelse_status_kommune")]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "kommune"], name="unik_deltakelse"),
        ]

    # What may be changed on a participation: the form's fields and what the
    # service accepts, in the form's order.
    REDIGERBARE_FELT = (
        "status",
        "valgt_utfordring",
        "fase",
        "investeringsleder",
        "investeringsleder_etat",
        *(field for field, _label in MILEPAELER),
    )

    def __str__(self):
        return f"{self.kommune} – {self.pilot}"

    def clean(self):
        leder = self.investeringsleder
        if leder and leder.etat_id and self.investeringsleder_etat_id:
            if leder.etat_id != self.investeringsleder_etat_id:
                raise ValidationError(
                    {
                        "investeringsleder_etat": _(
                            "Investeringslederen hører til en annen etat enn den som er valgt."
                        )
                    }
                )
        if leder and leder.etat_id and not self.investeringsleder_etat_id:
            self.investeringsleder_etat_id = leder.etat_id
        today = timezone.localdate()
        future = [f for f, _label in MILEPAELER if (getattr(self, f) or today) > today]
        if future:
            raise ValidationError(
                {f: _("En milepæl kan ikke være nådd i framtiden.") for f in future}
            )

    @property
    def milepaeler(self) -> list[tuple[str, str, object]]:
        """(field, label, date or None) for each milestone, in order."""
        return [(field, label, getattr(self, field)) for field, label in MILEPAELER]

    # The labels of status and phase looked up in a dict made once, instead of Django's
    # get_FOO_display, which hashes every (lazily translated) choice on each call: the
    # pilot page and the kommune list show them for 50 participations a page. The same
    # text (the label in the active language, or the stored value if unknown).
    def get_status_display(self) -> str:
        return str(_STATUSTEKST.get(self.status, self.status))

    def get_fase_display(self) -> str:
        return str(_FASETEKST.get(self.fase, self.fase))

    @property
    def gjeldende_milepael(self):
        """The label of the furthest milestone reached, or None."""
        reached = [label for field, label in MILEPAELER if getattr(self, field)]
        return reached[-1] if reached else None

    @property
    def antall_milepaeler(self) -> int:
        return sum(1 for field, _label in MILEPAELER if getattr(self, field))


# Choice value -> (lazy) label, for Deltakelse.get_status_display.
_STATUSTEKST = dict(Deltakelse.Status.choices)


BRUKER_SLETTES_IKKE = _(
    "Brukere slettes ikke, de deaktiveres, så historikken beholder hvem som gjorde hva."
)


# The annotations ``med_roller`` adds, one per role: does the user hold it?
_ROLLE_ANNOTASJON = {rolle: f"_har_rolle_{rolle}" for rolle in Rolle.values}


class BrukerQuerySet(models.QuerySet):
    def med_roller(self):
        """Users with their roles read in the same query (one EXISTS per role), so that
        ``Bruker.roller`` costs no query of its own. The login backend loads the
        request's user this way."""
        from django.contrib.auth.models import Group

        return self.annotate(
            **{
                felt: Exists(Group.objects.filter(user=OuterRef("pk"), name=rolle))
                for rolle, felt in _ROLLE_ANNOTASJON.items()
            }
        )

    def med_rolle(self, *roller: str, bare_aktive: bool = True):
        """Users holding any of ``roller``, each once, active ones only unless
        ``bare_aktive=False`` (an admin's list of users): the one way to ask for "the
        admins" or "Halden's contact persons" (add ``.filter(kommune=...)``)."""
        qs = self.filter(
            pk__in=Bruker.groups.through.objects.filter(group__name__in=roller).values("bruker_id")
        )
        return qs.filter(is_active=True) if bare_aktive else qs

    def delete(self):
        """Users are never deleted: the history names who did what (see deactivation,
        ``services.bruker_deactivate``)."""
        raise ProtectedError(str(BRUKER_SLETTES_IKKE), set(self))


class BrukerManager(BaseUserManager.from_queryset(BrukerQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("E-post må oppgis.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


class Bruker(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Email is the login; roles are groups (see roller.py)."""

    email = models.EmailField(_("e-post"), unique=True)
    fullt_navn = models.CharField(_("fullt navn"), max_length=200)
    etat = models.ForeignKey(
        Etat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ansatte",
        verbose_name=_("etat"),
    )
    kommune = models.ForeignKey(
        Kommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kontaktpersoner",
        verbose_name=_("kommune (for kontaktpersoner)"),
    )
    sprak = models.CharField(
        _("valgt språk"),
        max_length=8,
        blank=True,
        help_text=_("Språket brukeren valgte sist med språkvalget; tomt om aldri valgt."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("tilgang til Django-admin"), default=False)
    date_joined = models.DateTimeField(_("opprettet"), default=timezone.now)

    objects = BrukerManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["fullt_navn"]

    class Meta:
        ordering = ["fullt_navn"]
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    def __str__(self):
        return self.fullt_navn or self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()

    def get_full_name(self):
        return self.fullt_navn

    @property
    def skrivesprak(self) -> str:
        """The language the portal writes to this person in (emails, notifications):
        a kommune's person gets the kommune's målform (``Kommune.sprak_for``), anyone
        else the language they chose, else the portal's."""
        if self.kommune_id:
            return self.kommune.sprak_for(self)
        return valgt_sprak(self) or settings.LANGUAGE_CODE

    def get_short_name(self):
        return self.fullt_navn.split(" ")[0] if self.fullt_navn else self.email

    def delete(self, *args, **kwargs):
        """Refused: a user who leaves is deactivated (``services.bruker_deactivate``)."""
        raise ProtectedError(str(BRUKER_SLETTES_IKKE), {self})

    @cached_property
    def roller(self) -> frozenset[str]:
        """The names of the user's role groups: read with the user where it was loaded
        ``med_roller`` (the request's user), otherwise one query; then cached."""
        if not self.is_active:
            return frozenset()
        if all(hasattr(self, felt) for felt in _ROLLE_ANNOTASJON.values()):
            return frozenset(r for r, felt in _ROLLE_ANNOTASJON.items() if getattr(self, felt))
        names = set(self.groups.values_list("name", flat=True))
        return frozenset(names & set(Rolle.values))

    def har_rolle(self, *roller: str) -> bool:
        return bool(self.roller.intersection(roller))


from .kunnskap.models import (  # noqa: E402, F401  (the knowledge base's tables)
    Indikator,
    Indikatorsnitt,
    Indikatorverdi,
    Kommunenummerendring,
    Nullpunkt,
    Snittendring,
    Snittperiode,
    SsbKilde,
    SsbKjoring,
    SsbKonflikt,
    Tema,
    Tiltak,
    Utfordringsbilde,
    Valideringsregel,
    Vedlegg,
    Virkemiddel,
)
