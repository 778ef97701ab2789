"""Writes for the kommuner app. Views, forms and commands parse input and call these."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Bruker, Deltakelse, Etat, Kommune, Pilot
from .roller import Rolle


def etat_upsert(*, kortnavn: str, navn: str, type: str) -> Etat:
    etat = Etat.objects.filter(kortnavn=kortnavn).first() or Etat(kortnavn=kortnavn)
    etat.navn = navn
    etat.type = type
    etat.full_clean()
    etat.save()
    return etat


def kommune_upsert(
    *,
    kommunenummer: str,
    navn: str,
    innbyggere: int | None = None,
    innbyggere_aar: int | None = None,
) -> tuple[Kommune, bool]:
    """Create or update a kommune by number. Returns (kommune, created)."""
    kommune = Kommune.objects.filter(kommunenummer=kommunenummer).first()
    created = kommune is None
    if created:
        kommune = Kommune(kommunenummer=kommunenummer)
    kommune.navn = navn
    if innbyggere is not None:
        kommune.innbyggere = innbyggere
        kommune.innbyggere_aar = innbyggere_aar
    kommune.full_clean()
    kommune.save()
    return kommune, created


def kommune_update(
    *,
    kommune: Kommune,
    navn: str,
    innbyggere: int | None,
    innbyggere_aar: int | None,
    maalform: str = "",
) -> Kommune:
    """The kommune's facts; an empty ``maalform`` keeps the one it has."""
    kommune.navn = navn
    kommune.innbyggere = innbyggere
    kommune.innbyggere_aar = innbyggere_aar
    if maalform:
        kommune.maalform = maalform
    kommune.full_clean()
    kommune.save()
    return kommune


def pilot_upsert(
    *, slug: str, navn: str, piloteier: Etat, start: date, slutt: date | None, beskrivelse: str
) -> Pilot:
    pilot = Pilot.objects.filter(slug=slug).first() or Pilot(slug=slug)
    pilot.navn = navn
    pilot.piloteier = piloteier
    pilot.start = start
    pilot.slutt = slutt
    pilot.beskrivelse = beskrivelse
    pilot.full_clean()
    pilot.save()
    return pilot


def deltakelse_upsert(*, pilot: Pilot, kommune: Kommune, **fields) -> Deltakelse:
    deltakelse = Deltakelse.objects.filter(pilot=pilot, kommune=kommune).first()
    deltakelse = deltakelse or Deltakelse(pilot=pilot, kommune=kommune)
    return deltakelse_update(deltakelse=deltakelse, **fields)


def deltakelse_update(*, deltakelse: Deltakelse, **fields) -> Deltakelse:
    unknown = set(fields) - set(Deltakelse.REDIGERBARE_FELT)
    if unknown:
        raise TypeError(f"Ukjente felt: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(deltakelse, name, value)
    leder = deltakelse.investeringsleder
    if leder is not None and not leder.har_rolle(Rolle.INVESTERINGSLEDER):
        raise ValidationError(
            {
                "investeringsleder": _("%(navn)s har ikke rollen investeringsleder.")
                % {"navn": leder}
            }
        )
    deltakelse.full_clean()
    deltakelse.save()
    return deltakelse


def deltakelse_investeringsleder_set(
    *, deltakelse: Deltakelse, investeringsleder: Bruker | None
) -> Deltakelse:
    """Who leads a kommune's participation (admins decide). The leader's etat follows
    the leader when the leader has one; the history records who changed it, when."""
    if investeringsleder is not None and not investeringsleder.is_active:
        raise ValidationError(
            {"investeringsleder": _("%(navn)s er deaktivert.") % {"navn": investeringsleder}}
        )
    etat = deltakelse.investeringsleder_etat
    if investeringsleder is not None and investeringsleder.etat_id:
        etat = investeringsleder.etat
    return deltakelse_update(
        deltakelse=deltakelse, investeringsleder=investeringsleder, investeringsleder_etat=etat
    )


@transaction.atomic
def bruker_upsert(
    *,
    email: str,
    fullt_navn: str,
    roller: list[str],
    password: str | None = None,
    etat: Etat | None = None,
    kommune: Kommune | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> Bruker:
    """Create or update a user with exactly these roles. A contact person must be
    bound to a kommune."""
    unknown = set(roller) - set(Rolle.values)
    if unknown:
        raise ValidationError(_("Ukjent rolle: %(r)s") % {"r": ", ".join(sorted(unknown))})
    if Rolle.KONTAKTPERSON in roller and kommune is None:
        raise ValidationError({"kommune": _("En kontaktperson må høre til en kommune.")})
    bruker = Bruker.objects.filter(email__iexact=email).first() or Bruker(email=email.lower())
    bruker.fullt_navn = fullt_navn
    bruker.etat = etat
    bruker.kommune = kommune
    bruker.is_staff = is_staff
    bruker.is_superuser = is_superuser
    if password is not None:
        bruker.set_password(password)
    elif not bruker.pk:
        bruker.set_unusable_password()
    bruker.full_clean(exclude=["password"])
    bruker.save()
    # The role groups come from migration 0002; get_or_create keeps this working on a
    # database that was flushed (transactional tests).
    bruker.groups.set([Group.objects.get_or_create(name=rolle)[0] for rolle in roller])
    bruker.__dict__.pop("roller", None)
    return bruker


def bruker_sprak_set(*, bruker: Bruker, sprak: str) -> Bruker:
    """Remember the language ``bruker`` chose with the language switch, so that the
    portal can write to them in it where their kommune leaves it open (a neutral
    kommune) or they belong to none. A language the portal does not offer is ignored."""
    if sprak in dict(settings.LANGUAGES) and bruker.sprak != sprak:
        bruker.sprak = sprak
        bruker.save(update_fields=["sprak"])
    return bruker


@transaction.atomic
def bruker_deactivate(*, bruker: Bruker, utfort_av: Bruker | None = None) -> Bruker:
    """A user who leaves is deactivated, never deleted: they can no longer log in (an
    open session ends at its next request) and hold no role, while every record keeps
    who did it. Nobody deactivates themselves (they would lock themselves out), and the
    last active admin stays (every way to deactivate comes here: the user pages, the
    Django admin's action)."""
    if utfort_av is not None and utfort_av.pk == bruker.pk:
        raise ValidationError(_("Du kan ikke deaktivere deg selv."))
    if bruker.is_active and bruker.har_rolle(Rolle.ADMIN):
        # The active admins' rows locked, so two admins deactivating each other at
        # once cannot both pass the count.
        aktive_admins = list(
            Bruker.objects.med_rolle(Rolle.ADMIN)
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        if len(set(aktive_admins) - {bruker.pk}) == 0:
            raise ValidationError(_("Den siste aktive pilotlederen kan ikke deaktiveres."))
    if bruker.is_active:
        bruker.is_active = False
        bruker.full_clean(exclude=["password"])
        bruker.save(update_fields=["is_active"])
    bruker.__dict__.pop("roller", None)
    return bruker
