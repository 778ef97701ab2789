"""The portal's own pages about itself: the accessibility statement and the privacy
notice (open without login: the law requires them to be reachable by anyone), and
"Om portalen", the getting-started guide for each role.

What the pages say about time limits and retention is read from the settings the
code runs with, so the text follows the code. Who answers for the portal and where
to write come from the environment (``DJANGO_CONTROLLER_NAME`` and friends, see
``settings/base.py``); an empty one is shown as "not given yet", never invented."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kommuner.access import roles_of
from kommuner.roller import HJEM_PRIORITET, Rolle

# The accessibility statement: when it was written and when it was last reviewed
# against the portal. Change both dates (and the deviations below) when you review it.
ERKLAERING_OPPRETTET = date(2026, 12, 1)
ERKLAERING_GJENNOMGATT = date(2026, 12, 1)


@dataclass(frozen=True)
class Avvik:
    """A known deviation from WCAG 2.1 A/AA: what, which criterion, why, what instead."""

    hva: str
    kriterium: str
    grunn: str
    alternativ: str


def kjente_avvik() -> list[Avvik]:
    """The deviations we know of, kept true by hand at each review (docs/sider.md); the
    session limits are read from the settings the middleware enforces."""
    inaktiv = settings.SESSION_COOKIE_AGE // 3600
    maks = _timer(settings.SESSION_ABSOLUTE_LIFETIME)
    okt = ngettext(
        "Økten avsluttes etter %(inaktiv)s time uten aktivitet",
        "Økten avsluttes etter %(inaktiv)s timer uten aktivitet",
        inaktiv,
    ) % {"inaktiv": inaktiv} + ngettext(
        " og senest %(maks)s time etter innlogging,",
        " og senest %(maks)s timer etter innlogging,",
        maks,
    ) % {"maks": maks}
    return [
        Avvik(
            hva=gettext(
                "PDF-dokumentene portalen lager (statusrapporten, kommunens PDF, "
                "vedtaksbrevet, møtereferatet og kunnskapspakken) er ikke merket (tagget) "
                "PDF. En skjermleser kan lese teksten, men ikke overskrifts- og "
                "tabellstrukturen."
            ),
            kriterium=gettext("1.3.1 Informasjon og relasjoner"),
            grunn=gettext("PDF-generatoren er ikke satt opp til å lage merket PDF ennå."),
            alternativ=gettext(
                "Det samme innholdet finnes som nettside: møtesiden, søknadssiden med "
                "vedtaket, kunnskapspakken, halvårsrapportens dashbord og rapportens "
                "datagrunnlag."
            ),
        ),
        Avvik(
            hva=okt
            + " "
            + gettext(
                "uten varsel på forhånd og uten mulighet til å forlenge den. Et skjema som "
                "sendes etter at økten er avsluttet, må fylles ut på nytt etter innlogging."
            ),
            kriterium=gettext("2.2.1 Justerbar hastighet"),
            grunn=gettext(
                "Sikkerhet: portalen gir tilgang til kommunenes arbeidsdata og saker, og en "
                "forlatt innlogget nettleser skal ikke stå åpen."
            ),
            alternativ=gettext("Lagre underveis når du skriver lange referater eller søknader."),
        ),
        Avvik(
            hva=gettext(
                "Vedlegg som brukerne laster opp (i kunnskapsgrunnlaget og i søknader), "
                "kontrolleres ikke for universell utforming."
            ),
            kriterium=gettext("Flere krav, avhengig av dokumentet"),
            grunn=gettext(
                "Innholdet lages av brukerne, ikke av portalen. Den som laster opp, har "
                "ansvaret for at dokumentet er tilgjengelig."
            ),
            alternativ=gettext("Be den som lastet opp vedlegget om en tilgjengelig versjon."),
        ),
    ]


def _timer(varighet: timedelta) -> int:
    return int(varighet.total_seconds() // 3600)


def _minutter(varighet: timedelta) -> int:
    return int(varighet.total_seconds() // 60)


def _kontakt() -> dict:
    return {
        "behandlingsansvarlig": settings.BEHANDLINGSANSVARLIG,
        "personvern_epost": settings.PERSONVERN_EPOST,
        "personvernombud": settings.PERSONVERNOMBUD,
        "personvernombud_epost": settings.PERSONVERNOMBUD_EPOST,
        "tilgjengelighet_epost": settings.TILGJENGELIGHET_EPOST,
        "portal_url": settings.PORTAL_URL,
    }


def _okt() -> dict:
    """The session limits as the middleware enforces them."""
    return {
        "okt_inaktiv_timer": settings.SESSION_COOKIE_AGE // 3600,
        "okt_maks_timer": _timer(settings.SESSION_ABSOLUTE_LIFETIME),
    }


def _vert(url: str) -> str:
    return urlsplit(url).hostname or ""


def databehandlere() -> list[str]:
    """Who else handles the portal's personal data, as far as the settings name them:
    the email server, the object storage, the error tracker, the sign-in providers,
    and the processors the controller lists in ``DJANGO_PROCESSORS``."""
    rader: list[str] = []
    epostvert = getattr(settings, "EMAIL_HOST", "")
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend") and epostvert:
        rader.append(
            str(_("E-posttjener (%(vert)s): sender varsler og invitasjoner.") % {"vert": epostvert})
        )
    if settings.S3_BUCKET:
        endepunkt = settings.STORAGES["default"]["OPTIONS"].get("endpoint_url") or ""
        rader.append(
            str(
                _("Objektlager (%(vert)s): lagrer opplastede vedlegg og rapporter.")
                % {"vert": _vert(endepunkt) or settings.S3_BUCKET}
            )
        )
    dsn = getattr(settings, "SENTRY_DSN", "")
    if dsn:
        rader.append(
            str(
                _(
                    "Feilsporing (%(vert)s): tar imot tekniske feilmeldinger, uten "
                    "personopplysninger."
                )
                % {"vert": _vert(dsn)}
            )
        )
    for tilbyder in settings.OIDC_TILBYDERE.values():
        rader.append(
            str(
                _("%(navn)s: innlogging; bekrefter hvem du er og gir portalen en fast id.")
                % {"navn": tilbyder["navn"]}
            )
        )
    rader.extend(settings.DATABEHANDLERE)
    return rader


@require_safe
def tilgjengelighet(request):
    return render(
        request,
        "sider/tilgjengelighet.html",
        {
            **_kontakt(),
            **_okt(),
            "opprettet": ERKLAERING_OPPRETTET,
            "gjennomgatt": ERKLAERING_GJENNOMGATT,
            "avvik": kjente_avvik(),
            "uustatus_url": settings.TILGJENGELIGHET_UUSTATUS_URL,
        },
    )


@require_safe
def personvern(request):
    return render(
        request,
        "sider/personvern.html",
        {
            **_kontakt(),
            **_okt(),
            "axes_grense": settings.AXES_FAILURE_LIMIT,
            "axes_minutter": _minutter(settings.AXES_COOLOFF_TIME),
            "innloggingslogg": not getattr(settings, "AXES_DISABLE_ACCESS_LOG", False),
            "invitasjon_dager": settings.INVITASJON_GYLDIG.days,
            "databehandlere": databehandlere(),
            "oidc": bool(settings.OIDC_TILBYDERE),
        },
    )


@login_required
@require_safe
def om_portalen(request):
    """The getting-started guide: one section for each role the user holds, in the
    order of their home pages; none for a user without a role."""
    roller = roles_of(request.user)
    return render(
        request,
        "sider/om_portalen.html",
        {
            "roller": [Rolle(r) for r in HJEM_PRIORITET if r in roller],
            "kommune": request.user.kommune if Rolle.KONTAKTPERSON in roller else None,
        },
    )
