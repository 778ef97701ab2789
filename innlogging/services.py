"""Writes for sign-in and user administration. Every refusal of a sign-in raises
``Avvist`` inside the transaction, so nothing is created."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from felles.epost import send_once_til_adresse
from felles.jobber import legg_i_ko
from felles.varsler import varsle
from kommuner.models import Bruker, Etat, Kommune, Pilot
from kommuner.roller import Rolle
from kommuner.services import bruker_deactivate, bruker_upsert

from . import varsler
from .models import Brukerhendelse, Identitet, Invitasjon

SALT = "innlogging.invitasjon"


class Avvist(Exception):
    """A sign-in refused; ``kode`` picks the Norwegian explanation (views.AVVIST)."""

    def __init__(self, kode: str):
        super().__init__(kode)
        self.kode = kode


def _logg(*, bruker: Bruker, utfort_av: Bruker | None, hendelse: str) -> None:
    Brukerhendelse.objects.create(bruker=bruker, utfort_av=utfort_av, hendelse=hendelse[:500])


def _sjekk_roller(*, roller: list[str], kommune: Kommune | None) -> None:
    if not roller:
        raise ValidationError({"roller": _("Velg minst én rolle.")})
    unknown = set(roller) - set(Rolle.values)
    if unknown:
        raise ValidationError(_("Ukjent rolle: %(r)s") % {"r": ", ".join(sorted(unknown))})
    if Rolle.KONTAKTPERSON in roller and kommune is None:
        raise ValidationError({"kommune": _("En kontaktperson må høre til en kommune.")})


# --- invitations ---------------------------------------------------------------------


def invitasjon_token(invitasjon: Invitasjon) -> str:
    return signing.dumps([invitasjon.pk, invitasjon.nokkel], salt=SALT)


def invitasjon_lenke(invitasjon: Invitasjon, *, base_url: str) -> str:
    return base_url + reverse("innlogging:invitasjon", args=[invitasjon_token(invitasjon)])


@transaction.atomic
def invitasjon_create(
    *,
    email: str,
    fullt_navn: str,
    roller: list[str],
    invitert_av: Bruker,
    kommune: Kommune | None = None,
    pilot: Pilot | None = None,
    etat: Etat | None = None,
    annen_epost_tillatt: bool = False,
) -> Invitasjon:
    """Invite a person; the email with the link goes through the outbox. Where the
    provider asserts a verified email, it must be ``email`` unless
    ``annen_epost_tillatt``."""
    email = email.strip().lower()
    _sjekk_roller(roller=roller, kommune=kommune)
    if Bruker.objects.filter(email__iexact=email, is_active=False).exists():
        raise ValidationError(
            {"email": _("Brukeren med denne e-postadressen er deaktivert. Aktiver den først.")}
        )
    if any(i.er_aapen for i in Invitasjon.objects.filter(email__iexact=email)):
        raise ValidationError(
            {"email": _("Denne personen har allerede en åpen invitasjon. Send den på nytt.")}
        )
    now = timezone.now()
    invitasjon = Invitasjon(
        email=email,
        fullt_navn=fullt_navn.strip(),
        roller=sorted(set(roller)),
        kommune=kommune,
        pilot=pilot,
        etat=etat,
        nokkel=secrets.token_urlsafe(24),
        opprettet=now,
        sendt=now,
        utloper=now + settings.INVITASJON_GYLDIG,
        invitert_av=invitert_av,
        annen_epost_tillatt=annen_epost_tillatt,
    )
    invitasjon.full_clean()
    invitasjon.save()
    legg_i_ko("innlogging.tasks.invitasjon_send", invitasjon.pk)
    return invitasjon


@transaction.atomic
def invitasjon_resend(*, invitasjon: Invitasjon, utfort_av: Bruker) -> Invitasjon:
    """A new link, valid for another seven days; the old link no longer works."""
    if invitasjon.brukt or invitasjon.trukket:
        raise ValidationError(_("Invitasjonen er brukt eller trukket tilbake."))
    now = timezone.now()
    invitasjon.nokkel = secrets.token_urlsafe(24)
    invitasjon.sendt = now
    invitasjon.utloper = now + settings.INVITASJON_GYLDIG
    invitasjon.full_clean()
    invitasjon.save()
    legg_i_ko("innlogging.tasks.invitasjon_send", invitasjon.pk)
    return invitasjon


@transaction.atomic
def invitasjon_withdraw(*, invitasjon: Invitasjon, utfort_av: Bruker) -> Invitasjon:
    if invitasjon.brukt:
        raise ValidationError(_("Invitasjonen er allerede brukt."))
    if not invitasjon.trukket:
        invitasjon.trukket = timezone.now()
        invitasjon.save(update_fields=["trukket"])
    return invitasjon


def invitasjon_send(*, invitasjon_id: int, base_url: str) -> bool:
    """The invitation email (once per link: resending makes a new key).

    A plain email, not ``felles.varsler.varsle``: it goes to an address that has no
    account yet (nobody to show a notice to in the portal, no settings to opt out
    with), and it is the only way in, so it must not be opted out of."""
    invitasjon = Invitasjon.objects.select_related("kommune", "pilot", "invitert_av").get(
        pk=invitasjon_id
    )
    if not invitasjon.er_aapen:
        return False
    # A kommune's person is written to in the kommune's målform (not yet a user: no
    # language of their own); others in the portal's language.
    sprak = invitasjon.kommune.sprak_for() if invitasjon.kommune else settings.LANGUAGE_CODE
    with translation.override(sprak):
        body = render_to_string(
            "innlogging/epost/invitasjon.txt",
            {
                "invitasjon": invitasjon,
                "lenke": invitasjon_lenke(invitasjon, base_url=base_url),
                # Plain strings: the email is rendered without autoescaping, where the
                # ``join`` filter gives up on lazy labels and printed the Python list.
                "roller": [str(Rolle(r).label) for r in invitasjon.roller],
            },
        )
        emne = _("Invitasjon til Velferdspilot")
    return send_once_til_adresse(
        nokkel=f"invitasjon:{invitasjon.pk}:{invitasjon.nokkel}",
        til=invitasjon.email,
        emne=emne,
        tekst=body,
    )


def invitasjon_fra_token(token: str) -> Invitasjon:
    """The open invitation the link names, or ``Avvist``."""
    try:
        pk, nokkel = signing.loads(token, salt=SALT)
        invitasjon = Invitasjon.objects.get(pk=pk)
    except (signing.BadSignature, ValueError, TypeError, Invitasjon.DoesNotExist) as exc:
        raise Avvist("ingen_invitasjon") from exc
    if invitasjon.brukt:
        raise Avvist("invitasjon_brukt")
    if invitasjon.trukket or not secrets.compare_digest(str(nokkel), invitasjon.nokkel):
        raise Avvist("invitasjon_ugyldig")
    if invitasjon.utloper <= timezone.now():
        raise Avvist("invitasjon_utlopt")
    return invitasjon


# --- signing in ----------------------------------------------------------------------


def _epost_godkjent(claims: dict) -> str | None:
    """The verified email the provider asserts, when it lies in an allowed domain."""
    email = str(claims.get("email") or "").strip().lower()
    if not settings.OIDC_EPOST_DOMENER or claims.get("email_verified") is not True:
        return None
    if "@" not in email or email.rsplit("@", 1)[1] not in settings.OIDC_EPOST_DOMENER:
        return None
    return email


def _bekreftet_epost(claims: dict) -> str:
    """The email the provider asserts as verified (``email_verified: true``), or ""."""
    if claims.get("email_verified") is not True:
        return ""
    return str(claims.get("email") or "").strip().lower()


def _navn(claims: dict) -> str:
    """The person's name as the provider gives it, or ""."""
    navn = str(claims.get("name") or "").strip()
    if not navn:
        deler = (claims.get("given_name"), claims.get("family_name"))
        navn = " ".join(str(d).strip() for d in deler if d)
    return " ".join(navn.split())[:200]


def _bind(*, invitasjon: Invitasjon, issuer: str, sub: str, claims: dict) -> Bruker:
    """Take the invitation into use for this identity: the user, the bound identity,
    the entry in the user's log (with the provider's name) and, after commit, the
    inviting admin's notification. A verified email from the provider must be the
    invitation's, unless the admin allowed another."""
    epost = _bekreftet_epost(claims)
    if epost and epost != invitasjon.email.lower() and not invitasjon.annen_epost_tillatt:
        raise Avvist("feil_epost")
    navn = _navn(claims)
    existing = Bruker.objects.filter(email__iexact=invitasjon.email).first()
    if existing is not None and not existing.is_active:
        raise Avvist("deaktivert")
    bruker = bruker_upsert(
        email=invitasjon.email,
        fullt_navn=(existing.fullt_navn if existing else "") or invitasjon.fullt_navn,
        roller=invitasjon.roller,
        etat=invitasjon.etat or (existing.etat if existing else None),
        kommune=invitasjon.kommune if Rolle.KONTAKTPERSON in invitasjon.roller else None,
        is_staff=existing.is_staff if existing else False,
        is_superuser=existing.is_superuser if existing else False,
    )
    Identitet.objects.create(bruker=bruker, issuer=issuer, sub=sub, sist_brukt=timezone.now())
    invitasjon.brukt = timezone.now()
    invitasjon.bruker = bruker
    invitasjon.navn_fra_tilbyder = navn
    invitasjon.save(update_fields=["brukt", "bruker", "navn_fra_tilbyder"])
    _logg(
        bruker=bruker,
        utfort_av=invitasjon.invitert_av,
        hendelse=_(
            "Invitasjon tatt i bruk; identitet fra %(issuer)s knyttet til brukeren; "
            "navn fra innloggingstjenesten: %(navn)s; e-post fra innloggingstjenesten: "
            "%(epost)s"
        )
        % {"issuer": issuer, "navn": navn or "–", "epost": epost or "–"},
    )
    legg_i_ko("innlogging.tasks.invitasjon_brukt_varsle", invitasjon.pk)
    return bruker


def invitasjon_brukt_varsle(*, invitasjon_id: int) -> bool:
    """Tell the admin who invited that the invitation was taken into use, with the
    name the provider gave (once per invitation). Returns whether an email was sent."""
    invitasjon = (
        Invitasjon.objects.select_related("invitert_av")
        .filter(pk=invitasjon_id, brukt__isnull=False)
        .first()
    )
    if invitasjon is None or invitasjon.bruker_id is None:
        return False
    if invitasjon.navn_fra_tilbyder:
        tittel = gettext_noop(
            "%(navn)s (navnet fra innloggingstjenesten) har tatt i bruk invitasjonen til %(email)s"
        )
    else:
        tittel = gettext_noop(
            "Invitasjonen til %(email)s er tatt i bruk (innloggingstjenesten oppga ikke navn)"
        )
    return varsle(
        mottaker=invitasjon.invitert_av,
        slag=varsler.INVITASJON_BRUKT,
        tittel=tittel,
        param={"navn": invitasjon.navn_fra_tilbyder, "email": invitasjon.email},
        url=reverse("innlogging:bruker_detail", args=[invitasjon.bruker_id]),
        noekkel=f"invitasjon-brukt:{invitasjon.pk}",
    )


@transaction.atomic
def innlogging_resolve(
    *, issuer: str, sub: str, claims: dict, invitasjon_token: str | None = None
) -> Bruker:
    """The user a provider's identity signs in as. A bound identity signs in its user;
    otherwise only an open invitation (from its link, or by verified email when
    allowed) binds it. Everything else is refused with ``Avvist``."""
    if not issuer or not sub:
        raise Avvist("ugyldig_svar")
    identitet = (
        Identitet.objects.select_for_update()
        .select_related("bruker")
        .filter(issuer=issuer, sub=sub)
    ).first()
    if identitet is not None:
        if not identitet.bruker.is_active:
            raise Avvist("deaktivert")
        identitet.sist_brukt = timezone.now()
        identitet.save(update_fields=["sist_brukt"])
        return identitet.bruker
    if invitasjon_token:
        invitasjon = invitasjon_fra_token(invitasjon_token)
        invitasjon = Invitasjon.objects.select_for_update().get(pk=invitasjon.pk)
        if invitasjon.brukt:
            raise Avvist("invitasjon_brukt")
        return _bind(invitasjon=invitasjon, issuer=issuer, sub=sub, claims=claims)
    email = _epost_godkjent(claims)
    if email:
        for invitasjon in Invitasjon.objects.select_for_update().filter(email__iexact=email):
            if invitasjon.er_aapen:
                return _bind(invitasjon=invitasjon, issuer=issuer, sub=sub, claims=claims)
    raise Avvist("ingen_invitasjon")


# --- user administration -------------------------------------------------------------


def _aktive_admins() -> int:
    return Bruker.objects.med_rolle(Rolle.ADMIN).count()


@transaction.atomic
def bruker_roller_update(
    *, bruker: Bruker, roller: list[str], kommune: Kommune | None, utfort_av: Bruker
) -> Bruker:
    """Change a user's roles and kommune binding (one kommune: a contact person is
    never bound to two). The last active admin keeps the admin role."""
    _sjekk_roller(roller=roller, kommune=kommune)
    if Rolle.ADMIN in bruker.roller and Rolle.ADMIN not in roller and _aktive_admins() <= 1:
        raise ValidationError({"roller": _("Den siste aktive pilotlederen må beholde rollen.")})
    foer = (sorted(bruker.roller), bruker.kommune)
    bruker.kommune = kommune if Rolle.KONTAKTPERSON in roller else None
    bruker.full_clean(exclude=["password"])
    bruker.save(update_fields=["kommune"])
    bruker.groups.set([Group.objects.get_or_create(name=r)[0] for r in sorted(set(roller))])
    bruker.__dict__.pop("roller", None)
    _logg(
        bruker=bruker,
        utfort_av=utfort_av,
        hendelse=_("Roller endret fra %(foer)s til %(etter)s; kommune: %(kommune)s")
        % {
            "foer": ", ".join(foer[0]) or "–",
            "etter": ", ".join(sorted(set(roller))),
            "kommune": bruker.kommune or "–",
        },
    )
    return bruker


@transaction.atomic
def bruker_deaktiver(*, bruker: Bruker, utfort_av: Bruker) -> Bruker:
    """Deactivate (never delete) and log it; ``kommuner.services.bruker_deactivate``
    keeps the last active admin and refuses oneself."""
    was_active = bruker.is_active
    bruker_deactivate(bruker=bruker, utfort_av=utfort_av)
    if was_active:
        _logg(bruker=bruker, utfort_av=utfort_av, hendelse=_("Deaktivert"))
    return bruker


@transaction.atomic
def bruker_aktiver(*, bruker: Bruker, utfort_av: Bruker) -> Bruker:
    if not bruker.is_active:
        bruker.is_active = True
        bruker.full_clean(exclude=["password"])
        bruker.save(update_fields=["is_active"])
        bruker.__dict__.pop("roller", None)
        _logg(bruker=bruker, utfort_av=utfort_av, hendelse=_("Aktivert igjen"))
    return bruker


def sesjoner_rydd() -> None:
    """Delete every expired session (what ``manage.py clearsessions`` does), whichever
    session engine the settings name: run by the beat every night."""
    from importlib import import_module

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
