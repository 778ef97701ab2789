"""Grants: schemes, pooled pots, rounds, applications, decisions, allocations,
payments and reports on the use of funds.

Rules that need other rows (the pot is never over-committed, payments never exceed
what was granted, no submission after the deadline) live in ``services/``, where
they run inside one transaction with the pot row locked.

One module per concern; this package imports every model, so the app (``tilskudd``)
and the migrations see them as before (``tilskudd.models.Soknad``)."""

from ._felles import SakQuerySet
from .dokument import Dokument, DokumentQuerySet, dokument_path
from .ordninger import Pott, PottKilde, Tilskuddsordning, Tilskuddsrunde, rapportfrist
from .soknad import Budsjettlinje, Nummerserie, Soknad, SoknadQuerySet, Vedlegg, vedlegg_path
from .sporsmal import SPORSMAL_TEKSTER, Sporsmal, Svar
from .utbetaling import Rapport, Utbetaling
from .vedtak import (
    Tildeling,
    Utfall,
    Vedtak,
    VedtakQuerySet,
    Vedtaksforslag,
    Vedtaksversjon,
    VedtaksversjonQuerySet,
)
from .vurdering import POENG_MAKS, POENG_MIN, Innstilling, Kriterium, Poeng, Saksnotat

__all__ = [
    "SakQuerySet",
    "Tilskuddsordning",
    "rapportfrist",
    "Pott",
    "PottKilde",
    "Tilskuddsrunde",
    "SoknadQuerySet",
    "Soknad",
    "Nummerserie",
    "Budsjettlinje",
    "vedlegg_path",
    "Vedlegg",
    "SPORSMAL_TEKSTER",
    "Sporsmal",
    "Svar",
    "Kriterium",
    "POENG_MIN",
    "POENG_MAKS",
    "Poeng",
    "Saksnotat",
    "Innstilling",
    "Utfall",
    "Vedtaksforslag",
    "VedtakQuerySet",
    "Vedtak",
    "VedtaksversjonQuerySet",
    "Vedtaksversjon",
    "Tildeling",
    "Utbetaling",
    "Rapport",
    "DokumentQuerySet",
    "dokument_path",
    "Dokument",
]
