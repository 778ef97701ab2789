"""Tilskudd's notifications: its kinds (registered with ``felles.varselslag`` when the
app is ready) and who is told of what, through ``felles.varsler.varsle_alle`` (in the
portal and by email, with opt-out per kind). Called by ``tasks.py``, after commit or
by the beat."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from felles import oversatt
from felles.penger import format_kroner
from felles.varselslag import registrer
from felles.varsler import absolutt_url, varsle_alle
from kommuner.models import Bruker, Kommune
from kommuner.roller import Rolle

from .models import (
    Dokument,
    Soknad,
    Tildeling,
    Tilskuddsrunde,
    Vedtak,
    Vedtaksversjon,
    rapportfrist,
)

# --- the kinds --------------------------------------------------------------------

RUNDE_AAPNET = registrer("tilskudd", "runde_aapnet", gettext_lazy("Tilskuddsrunde åpnet"))
RUNDE_STENGER = registrer(
    "tilskudd", "runde_stenger", gettext_lazy("Tilskuddsrunde stenger om 7 dager")
)
RAPPORT_FRIST = registrer(
    "tilskudd", "rapport_frist", gettext_lazy("Rapport om bruk av midler skal leveres")
)
SOKNAD_MOTTATT = registrer(
    "tilskudd", "soknad_mottatt", gettext_lazy("Kommunens søknad om tilskudd er mottatt")
)
SOKNAD_NY = registrer("tilskudd", "soknad_ny", gettext_lazy("Ny søknad om tilskudd til behandling"))
VEDTAK = registrer("tilskudd", "vedtak", gettext_lazy("Vedtak om tilskudd til kommunen"))
VEDTAK_ENDRET = registrer("tilskudd", "vedtak_endret", gettext_lazy("Vedtak om tilskudd endret"))

# --- who is told ------------------------------------------------------------------


def _kontaktpersoner(kommune_ids) -> QuerySet[Bruker]:
    """The active contact persons of the kommuner ``kommune_ids``, with their kommune
    (its målform decides the language written to them)."""
    return (
        Bruker.objects.med_rolle(Rolle.KONTAKTPERSON)
        .filter(kommune_id__in=kommune_ids)
        .select_related("kommune")
        .order_by("pk")
    )


def _kommune_ids(runde: Tilskuddsrunde):
    if runde.alle_kommuner:
        return Kommune.objects.values_list("pk", flat=True)
    return runde.kommuner.values_list("pk", flat=True)


@transaction.atomic
def varsle_runde_aapnet(*, runde_id: int) -> int:
    """Tell eligible contact persons that a round is open (``felles.varsler``: in the
    portal and by email). Once per round."""
    runde = Tilskuddsrunde.objects.select_for_update().filter(pk=runde_id).first()
    if runde is None or runde.apning_varslet or runde.aapner > timezone.now():
        return 0
    if runde.stenger <= timezone.now():
        # A round registered after it closed (e.g. history) is not announced.
        runde.apning_varslet = timezone.now()
        runde.save(update_fields=["apning_varslet"])
        return 0
    url = reverse("tilskudd:mine_runder")

    def tekst() -> str:  # in each recipient's language
        frist = formats.date_format(timezone.localtime(runde.stenger), "DATETIME_FORMAT")
        return _(
            "Tilskuddsrunden «%(tittel)s» er åpnet, og kommunen deres kan søke.\n"
            "Søknadsfrist: %(frist)s.\n\nLogg inn i Velferdspilot for å lage en søknad: %(url)s"
        ) % {"tittel": runde.tittel, "frist": frist, "url": absolutt_url(url)}

    sent = varsle_alle(
        mottakere=_kontaktpersoner(_kommune_ids(runde)),
        slag=RUNDE_AAPNET,
        tittel=gettext_noop("Ny tilskuddsrunde: %(tittel)s"),
        param={"tittel": oversatt.per_sprak(runde, "tittel")},
        url=url,
        noekkel=f"runde-aapnet:{runde.pk}",
        tekst=tekst,
    )
    runde.apning_varslet = timezone.now()
    runde.save(update_fields=["apning_varslet"])
    return sent


def varsle_runder_aapnet() -> int:
    """For the beat schedule: rounds whose opening time has come."""
    ids = Tilskuddsrunde.objects.filter(
        apning_varslet__isnull=True, aapner__lte=timezone.now()
    ).values_list("pk", flat=True)
    return sum(varsle_runde_aapnet(runde_id=pk) for pk in list(ids))


RUNDE_STENGER_DAGER = 7


def varsle_runder_stenger(*, now: datetime | None = None) -> int:
    """Daily (beat): open rounds whose deadline is within seven days. Each eligible
    kommune's contact persons are told once per round and deadline, unless the kommune
    has already sent in an application in the round. Returns the emails sent."""
    now = now or timezone.now()
    runder = Tilskuddsrunde.objects.filter(
        aapner__lte=now, stenger__gt=now, stenger__lte=now + timedelta(days=RUNDE_STENGER_DAGER)
    ).order_by("pk")
    sent = 0
    for runde in runder:
        har_sokt = Soknad.objects.filter(runde=runde).exclude(
            status__in=[Soknad.Status.UTKAST, Soknad.Status.TRUKKET]
        )
        frist = timezone.localtime(runde.stenger)
        sent += varsle_alle(
            mottakere=_kontaktpersoner(_kommune_ids(runde)).exclude(
                kommune_id__in=har_sokt.values("kommune_id")
            ),
            slag=RUNDE_STENGER,
            tittel=gettext_noop("Tilskuddsrunden «%(tittel)s» stenger %(frist)s"),
            param={"tittel": oversatt.per_sprak(runde, "tittel"), "frist": frist},
            url=reverse("tilskudd:mine_runder"),
            noekkel=f"runde-stenger:{runde.pk}:{frist:%Y-%m-%d}",
        )
    return sent


def varsle_rapportfrister(*, today: date | None = None) -> int:
    """Daily (beat): from ``TILSKUDD_RAPPORT_VARSEL_DAGER`` days before a report
    deadline, the kommune's contact persons are told of each grant (a decision with
    money, an allocation to the kommune) of that pot year they have not reported on,
    once per grant and year. Returns the emails sent."""
    today = today or timezone.localdate()
    vindu = today + timedelta(days=settings.TILSKUDD_RAPPORT_VARSEL_DAGER)
    aar = [a for a in (today.year - 1, today.year) if today <= rapportfrist(a) <= vindu]
    if not aar:
        return 0
    saker = [
        (
            f"vedtak:{v.pk}",
            v.soknad.kommune_id,
            v.soknad.runde.pott.aar,
            v.soknad.tittel,
            reverse("tilskudd:rapport_ny", args=[v.soknad_id]),
        )
        for v in Vedtak.objects.filter(
            soknad__runde__pott__aar__in=aar, belop_innvilget__gt=0, rapporter__isnull=True
        )
        .select_related("soknad__runde__pott")
        .order_by("pk")
    ] + [
        (
            f"tildeling:{t.pk}",
            t.kommune_id,
            t.pott.aar,
            t.formaal or str(t.pott),
            reverse("tilskudd:tildeling_rapport", args=[t.pk]),
        )
        for t in Tildeling.objects.filter(
            pott__aar__in=aar, kommune__isnull=False, rapporter__isnull=True
        )
        .select_related("pott")
        .order_by("pk")
    ]
    mottakere: dict[int, list[Bruker]] = {}
    for bruker in _kontaktpersoner({kommune_id for _n, kommune_id, *_r in saker}):
        mottakere.setdefault(bruker.kommune_id, []).append(bruker)
    sent = 0
    for nokkel, kommune_id, pott_aar, tittel, url in saker:
        sent += varsle_alle(
            mottakere=mottakere.get(kommune_id, []),
            slag=RAPPORT_FRIST,
            tittel=gettext_noop(
                "Rapport om bruk av midler til «%(tittel)s» skal leveres innen %(frist)s"
            ),
            param={"tittel": tittel, "frist": rapportfrist(pott_aar)},
            url=url,
            noekkel=f"rapport-frist:{nokkel}:{pott_aar}",
        )
    return sent


def _kvittering_url(soknad: Soknad) -> str:
    """The receipt of what the kommune sent (the case's incoming application document),
    or the application's page if no receipt is stored."""
    kvittering = (
        Dokument.objects.filter(soknad=soknad, slag=Dokument.Slag.SOKNAD)
        .order_by("-nummer")
        .values_list("pk", flat=True)
        .first()
    )
    if kvittering is None:
        return reverse("tilskudd:soknad", args=[soknad.pk])
    return reverse("tilskudd:dokument", args=[soknad.pk, kvittering])


def varsle_soknad_sendt_inn(*, soknad_id: int) -> int:
    """An application was sent in: its kommune's contact persons are told it was
    received (with the receipt), the admins that it waits in the queue. In the portal
    and by email (``felles.varsler``), once per submission and recipient."""
    soknad = Soknad.objects.select_related("kommune", "runde").filter(pk=soknad_id).first()
    if soknad is None or soknad.status == Soknad.Status.UTKAST:
        return 0
    innsendt = f"{soknad.pk}:{soknad.sendt_inn:%Y%m%d%H%M%S}"
    param = {
        "kommune": str(soknad.kommune),
        "tittel": soknad.tittel,
        "runde": soknad.runde.tittel,
        "belop": format_kroner(soknad.belop_sokt),
        "sak": soknad.saksnummer,
    }
    kvittering = _kvittering_url(soknad)
    sent = varsle_alle(
        mottakere=_kontaktpersoner([soknad.kommune_id]),
        slag=SOKNAD_MOTTATT,
        tittel=gettext_noop("Søknaden er mottatt: %(tittel)s"),
        param=param,
        url=kvittering,
        noekkel=f"soknad-mottatt:{innsendt}",
        tekst=lambda: (
            _(
                "Statsforvalteren har mottatt søknaden «%(tittel)s» i runden «%(runde)s» "
                "(søkt beløp %(belop)s, saksnummer %(sak)s).\n\n"
                "Kvitteringen med det dere sendte inn: %(url)s"
            )
            % {**param, "url": absolutt_url(kvittering)}
        ),
    )
    koen = reverse("tilskudd:runde_soknader", args=[soknad.runde_id])
    admins = Bruker.objects.med_rolle(Rolle.ADMIN).select_related("kommune").order_by("pk")
    return sent + varsle_alle(
        mottakere=admins,
        slag=SOKNAD_NY,
        tittel=gettext_noop("Ny søknad fra %(kommune)s"),
        param=param,
        url=koen,
        noekkel=f"soknad-sendt-inn:{innsendt}",
        tekst=lambda: (
            _(
                "%(kommune)s har sendt inn søknaden «%(tittel)s» i runden «%(runde)s» "
                "(søkt beløp %(belop)s).\n\nSøknadskøen: %(url)s"
            )
            % {**param, "url": absolutt_url(koen)}
        ),
    )


def varsle_vedtak(*, vedtak_id: int) -> int:
    """A decision: its kommune's contact persons are told, with the letter, once per
    decision and recipient."""
    vedtak = Vedtak.objects.select_related("soknad__kommune").filter(pk=vedtak_id).first()
    if vedtak is None:
        return 0
    soknad = vedtak.soknad
    brev = reverse("tilskudd:vedtaksbrev", args=[soknad.pk])
    return varsle_alle(
        mottakere=_kontaktpersoner([soknad.kommune_id]),
        slag=VEDTAK,
        tittel=gettext_noop("Vedtak om tilskudd: %(tittel)s"),
        param={"tittel": soknad.tittel},
        url=brev,
        noekkel=f"vedtak:{vedtak.pk}",
        tekst=lambda: (
            _(
                "Søknaden «%(tittel)s» er avgjort: %(utfall)s, %(belop)s.\n\n"
                "Vedtaksbrevet kan lastes ned her: %(url)s"
            )
            % {
                "tittel": soknad.tittel,
                "utfall": vedtak.get_utfall_display().lower(),
                "belop": format_kroner(vedtak.belop_innvilget),
                "url": absolutt_url(brev),
            }
        ),
    )


def varsle_vedtak_endret(*, versjon_id: int) -> int:
    """Tell the kommune's contact persons that a decision was amended: once per
    amendment (version) and recipient."""
    versjon = (
        Vedtaksversjon.objects.select_related("vedtak__soknad__kommune")
        .filter(pk=versjon_id)
        .first()
    )
    if versjon is None:
        return 0
    soknad = versjon.vedtak.soknad
    brev = reverse("tilskudd:vedtaksbrev_versjon", args=[soknad.pk, versjon.nummer])
    return varsle_alle(
        mottakere=_kontaktpersoner([soknad.kommune_id]),
        slag=VEDTAK_ENDRET,
        tittel=gettext_noop("Endringsvedtak om tilskudd: %(tittel)s"),
        param={"tittel": soknad.tittel},
        url=brev,
        noekkel=f"vedtak-endret:{versjon.pk}",
        tekst=lambda: (
            _(
                "Vedtaket om tilskudd til «%(tittel)s» (sak %(sak)s) er endret: %(utfall)s, "
                "%(belop)s.\nGrunn til endringen: %(grunn)s\n\n"
                "Det nye vedtaksbrevet (versjon %(versjon)s) kan lastes ned her: %(url)s"
            )
            % {
                "tittel": soknad.tittel,
                "sak": soknad.saksnummer,
                "utfall": versjon.get_utfall_display().lower(),
                "belop": format_kroner(versjon.belop_innvilget),
                "grunn": versjon.endringsgrunn,
                "versjon": versjon.nummer,
                "url": absolutt_url(brev),
            }
        ),
    )
