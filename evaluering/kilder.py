"""What the dashboard and the status report read from the other apps, per kommune and
period. Each function answers for many kommuner in a fixed number of queries and says
whether its source exists yet (a section is shown empty, not broken, where it does not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Kilde:
    """Figures per kommune id from one source; ``tilgjengelig`` is False when the
    module that holds them is not in this installation yet."""

    tilgjengelig: bool
    per_kommune: dict[int, dict] = field(default_factory=dict)


def moter(kommune_ids: list[int], pilot_id: int, start: date, slutt: date) -> Kilde:
    """Meetings held, follow-up points open and overdue at the end of the period, rule
    barriers raised and lifted to national level (investering; three queries)."""
    from investering.selectors import tall_per_kommune

    return Kilde(
        tilgjengelig=True,
        per_kommune=tall_per_kommune(kommune_ids, pilot_id, start, slutt),
    )


def tilskudd(kommune_ids: list[int], pilot_id: int, start: date, slutt: date) -> Kilde:
    """Money granted and paid in the period, for the pilot's rounds and pots (tilskudd;
    at most three queries)."""
    from tilskudd.selectors import per_kommune_i_periode

    return Kilde(
        tilgjengelig=True,
        per_kommune=per_kommune_i_periode(
            kommune_ids=kommune_ids, start=start, slutt=slutt, pilot_id=pilot_id
        ),
    )


def indikatorer(kommune_ids: list[int], pilot_id: int, start: date, slutt: date) -> Kilde:
    """Key indicator trend and missing baselines."""
    return Kilde(tilgjengelig=False)
