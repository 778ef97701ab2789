"""The demo beyond the source documents, for ``manage.py seed_demo``: what the product
does with a pilot's data, dated in the pilots' own time (Østfold 2018–2020, programme
financing 2020–2023). Every row is made through the apps' services; only the time a
service stamps is moved afterwards (``tid``). Each part is skipped when it is there
already, so the command can run again.

- ``brukere``: contact persons for Sarpsborg, Fredrikstad and Indre Østfold (so that
  each Østfold kommune submits its own figures and applications);
- ``kunnskap``: approved indicator values with baselines for every participating
  kommune;
- ``tilskudd``: grant rounds in every state, applications in every status, an amended
  decision, payments and use-of-funds reports received and due;
- ``evaluering``: reflection-form answers, and the dates of the published report;
- ``historikk``: the apps' own seeds' history, dated in the pilots' time."""

from __future__ import annotations

from kommuner.models import Kommune
from kommuner.services import bruker_upsert

from . import tilskudd

KONTAKTPERSONER = [
    # (email, name, kommunenummer)
    ("kontakt.sarpsborg@demo.no", "Demo Kontaktperson Sarpsborg", "3105"),
    ("kontakt.fredrikstad@demo.no", "Demo Kontaktperson Fredrikstad", "3107"),
    ("kontakt.indre-ostfold@demo.no", "Demo Kontaktperson Indre Østfold", "3118"),
]


def seed_brukere(passord: str) -> None:
    for email, navn, nr in KONTAKTPERSONER:
        bruker_upsert(
            email=email,
            fullt_navn=navn,
            roller=["kontaktperson"],
            password=passord,
            kommune=Kommune.objects.get(kommunenummer=nr),
        )


KONTAKT = tilskudd.KONTAKT
