"""Writes for grants. Views, forms, tasks and the demo seed call these.

The one rule that must hold under concurrency: **a pot is never committed beyond its
total**, and nothing is paid beyond what was granted. Every service that changes what a
pot is committed to or what is paid from it (a decision, an allocation, an import of
allocations, a payment, moving a round to another pot, changing a pot's total) locks
the rows it depends on with ``select_for_update`` inside its transaction, *before* it
reads the figures it checks, and always in one global order:

1. the round row (``Tilskuddsrunde``), when the service goes through a round;
2. every pot row it touches (``Pott``), by primary key (``_lock_potter``);
3. then the application, decision or allocation rows it changes or pays.

A service reads the round's pot only after locking the round, so a decision and a move
of its round to another pot queue on the round row, and whichever comes second sees the
first. Two services never wait on each other in opposite orders, so they never deadlock.
(Inserting a row that refers to a pot makes PostgreSQL lock that pot row too; that is
why a payment locks its pot before the decision or allocation it pays.)"""

from .ordninger_og_potter import (
    ordning_upsert,
    pott_upsert,
)
from .rapporter import (
    rapport_approve,
    rapport_submit,
)
from .runder import (
    RUNDE_TEKSTER,
    runde_upsert,
)
from .skjema import (
    MAKS_KRONER,
    MAKS_SVARLENGDE,
    sporsmal_delete,
    sporsmal_upsert,
)
from .soknader import (
    soknad_create,
    soknad_start_review,
    soknad_submit,
    soknad_update,
    soknad_withdraw,
)
from .tildelinger_og_utbetalinger import (
    TILDELING_KOLONNER,
    ImportFeil,
    ImportResultat,
    innvilget_belop,
    tildeling_import,
    tildeling_upsert,
    utbetaling_create,
)
from .vedlegg import (
    vedlegg_create,
    vedlegg_delete,
)
from .vedtak import (
    _lagre_versjon,
    vedtak_create,
    vedtak_endre,
    vedtak_foresla,
    vedtak_godkjenn,
    vedtak_send_tilbake,
)
from .vurdering import (
    innstilling_set,
    kriterium_delete,
    kriterium_upsert,
    notat_create,
    poeng_set,
    saksbehandler_assign,
)

__all__ = [
    "ordning_upsert",
    "pott_upsert",
    "RUNDE_TEKSTER",
    "runde_upsert",
    "soknad_create",
    "soknad_update",
    "soknad_submit",
    "soknad_withdraw",
    "soknad_start_review",
    "vedlegg_create",
    "vedlegg_delete",
    "sporsmal_upsert",
    "sporsmal_delete",
    "MAKS_SVARLENGDE",
    "MAKS_KRONER",
    "saksbehandler_assign",
    "notat_create",
    "kriterium_upsert",
    "kriterium_delete",
    "poeng_set",
    "innstilling_set",
    "vedtak_foresla",
    "vedtak_godkjenn",
    "vedtak_send_tilbake",
    "vedtak_create",
    "_lagre_versjon",
    "vedtak_endre",
    "tildeling_upsert",
    "ImportFeil",
    "ImportResultat",
    "TILDELING_KOLONNER",
    "tildeling_import",
    "innvilget_belop",
    "utbetaling_create",
    "rapport_submit",
    "rapport_approve",
]
