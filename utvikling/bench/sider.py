"""The pages ``make bench`` measures, with the generated user who opens each. Needs
data from ``generer_testdata`` in the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from evaluering.models import Rapportperiode
from kommuner.models import Bruker, Kommune
from kommuner.roller import Rolle
from tilskudd.models import Tilskuddsrunde
from utvikling.testdata import NASJONAL_SLUG

# The lightest page behind the login: the password-change form (no app data). Every
# page's throughput is given as a ratio to this one's.
TRIVIELL = "triviell (passord/endre)"


@dataclass(frozen=True)
class Side:
    navn: str
    url: str
    bruker: Bruker | None  # None: no login (/helse/)


def _bruker(rolle: str) -> Bruker:
    return Bruker.objects.med_rolle(rolle).order_by("pk").first()


def kommunen() -> Kommune:
    """The pages' kommune: the one with the most meetings (the PDFs' too, bench/pdf.py)."""
    return Kommune.objects.annotate(n=Count("moter")).order_by("-n", "kommunenummer").first()


def sider() -> list[Side]:
    admin = _bruker(Rolle.ADMIN)
    leder = _bruker(Rolle.INVESTERINGSLEDER)
    styre = _bruker(Rolle.STYRINGSGRUPPE)
    # The kommune with the most meetings, the newest closed period, the open round.
    kommune = kommunen()
    nr = kommune.kommunenummer
    perioder = Rapportperiode.objects.filter(pilot__slug=NASJONAL_SLUG).order_by("-aar", "-halvaar")
    forrige = perioder[1] if perioder.count() > 1 else perioder.first()
    runde = Tilskuddsrunde.objects.order_by("-aapner").first()
    return [
        Side(TRIVIELL, reverse("password_change"), admin),
        Side("helse", reverse("helse"), None),
        Side(
            "nasjonalt dashbord (periode og fylke)",
            reverse("evaluering:dashboard", args=[NASJONAL_SLUG])
            + f"?periode={forrige.kode}&fylke={kommune.fylke}",
            styre,
        ),
        Side(
            "nasjonalt dashbord (hele landet)",
            reverse("evaluering:dashboard", args=[NASJONAL_SLUG]) + f"?periode={forrige.kode}",
            styre,
        ),
        Side("møteliste, første side", reverse("investering:mote_list"), admin),
        Side("møteliste, siste side", reverse("investering:mote_list") + "?side=999999", admin),
        Side("møtesøk («bolig»)", reverse("investering:sok") + "?q=bolig", admin),
        Side("oppfølgingstavle", reverse("investering:oppfolging_board"), admin),
        Side("regelhindre", reverse("investering:regelhinder_list"), admin),
        Side("kommuneliste", reverse("kommuner:list"), admin),
        Side("kommuneside", reverse("kommuner:detail", args=[nr]), admin),
        Side("kunnskapsgrunnlag", reverse("kommuner:kunnskapsgrunnlag", args=[nr]), admin),
        Side("pilotside", reverse("kommuner:pilot", args=[NASJONAL_SLUG]), admin),
        Side(
            "datakvalitet (nasjonal pilot)",
            reverse("kommuner:datakvalitet", args=[NASJONAL_SLUG]),
            admin,
        ),
        Side("tilskuddsoversikt", reverse("tilskudd:oversikt"), admin),
        Side("søknadsliste", reverse("tilskudd:soknader"), admin),
        Side("søknadskø (åpen runde)", reverse("tilskudd:runde_soknader", args=[runde.pk]), admin),
        Side("investeringsleders hjem", reverse("home"), leder),
        Side("refleksjonsskjema", reverse("evaluering:skjema_list"), admin),
    ]
