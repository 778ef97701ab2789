"""One user's write as ``make bench`` makes it, through the services: an indicator value
(a draft in the period now due) and a meeting held, in one kommune of the national
pilot. The write mix's clients make these one after the other (``bench/skriver.py``),
and the cold pass makes one in the pages' kommune before each page's first request in
a new worker (``kjor.kald``): what issue #23's independent run wrote (indicator values
and meetings). Needs Django set up and the generated data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from investering import services as investering_services
from kommuner.kunnskap import services as kunnskap_services
from kommuner.kunnskap.models import Indikator
from kommuner.models import Bruker, Kommune, Pilot
from kommuner.roller import Rolle
from utvikling.bench.sider import _bruker
from utvikling.testdata import NASJONAL_SLUG


@dataclass(frozen=True)
class Skriving:
    """What every write needs, read once: the pilot, the active indicators, the period
    now due and the admin who writes."""

    pilot: Pilot
    indikatorer: list[Indikator]
    periode: str
    bruker: Bruker

    @classmethod
    def les(cls) -> Skriving:
        return cls(
            pilot=Pilot.objects.get(slug=NASJONAL_SLUG),
            indikatorer=list(Indikator.objects.filter(aktiv=True)),
            periode=kunnskap_services.forfalte_perioder()[0],
            bruker=_bruker(Rolle.ADMIN),
        )

    def skriv(self, kommune: Kommune, rng: random.Random) -> int:
        """An indicator value and a meeting in ``kommune``, each its own transaction, as
        two saves in the browser; returns how many were saved. An approved value is
        locked (its write is refused): another indicator is tried, up to five."""
        antall = 0
        for indikator in rng.sample(self.indikatorer, min(5, len(self.indikatorer))):
            # A value the indicator accepts (its unit's and the catalogue's limits).
            lav, hoy = indikator.grenser()
            lav, hoy = int(lav or 0), int(hoy if hoy is not None else 1000)
            verdi = Decimal(rng.randint(lav * 10, hoy * 10)) / 10
            if indikator.harde_grenser()[2]:  # a whole number (a count, kroner)
                verdi = verdi.to_integral_value()
            try:
                kunnskap_services.indikatorverdi_upsert(
                    kommune=kommune,
                    indikator=indikator,
                    periode=self.periode,
                    verdi=verdi,
                    bruker=self.bruker,
                    send_inn=False,
                )
            except ValidationError:
                continue
            antall += 1
            break
        investering_services.mote_log(
            pilot=self.pilot,
            kommune=kommune,
            type="fremdriftsmote",
            start=timezone.now() - timedelta(days=rng.randint(1, 300)),
            skrevet_av=self.bruker,
            referat="Skrevet av benchmarken.",
        )
        return antall + 1
