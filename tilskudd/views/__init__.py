"""Pages for grants, one module per resource. Views parse input, ask ``access``, call
one service or selector and render; kommune-bound rows come through ``for_user``
querysets, so another kommune's row is a 404."""

from .behandling import (
    forslag_godkjenn,
    soknad_innstilling,
    soknad_notat,
    soknad_poeng,
    soknad_saksbehandler,
)
from .journal import arkivuttrekk, dokument, journal, journal_eksport
from .oversikt import index, kommune_tilskudd, oversikt, oversikt_eksport
from .potter import pott_detail, pott_ny, pott_rediger, potter
from .rapporter import rapport_godkjenn, rapport_ny, tildeling_rapport
from .runder import (
    mine_runder,
    runde_ny,
    runde_rangering,
    runde_rediger,
    runde_soknader,
    runde_soknader_eksport,
)
from .skjema import runde_skjema, runde_skjema_ny, runde_skjema_rediger, runde_skjema_slett
from .soknader import (
    soknad_detail,
    soknad_ny,
    soknad_rediger,
    soknad_send_inn,
    soknad_trekk,
    soknader,
    vedlegg_last_ned,
    vedlegg_ny,
    vedlegg_slett,
)
from .tildelinger import tildeling_detail, tildeling_import, tildeling_ny
from .utbetalinger import tildeling_utbetaling, utbetaling_ny
from .vedtak import soknad_behandle, vedtak_endre, vedtak_ny, vedtaksbrev, vedtaksbrev_versjon

__all__ = [
    "forslag_godkjenn",
    "runde_rangering",
    "runde_skjema",
    "runde_skjema_ny",
    "runde_skjema_rediger",
    "runde_skjema_slett",
    "soknad_innstilling",
    "soknad_notat",
    "soknad_poeng",
    "soknad_saksbehandler",
    "arkivuttrekk",
    "dokument",
    "journal",
    "journal_eksport",
    "index",
    "kommune_tilskudd",
    "mine_runder",
    "oversikt",
    "oversikt_eksport",
    "pott_detail",
    "pott_ny",
    "pott_rediger",
    "potter",
    "rapport_godkjenn",
    "rapport_ny",
    "runde_ny",
    "runde_rediger",
    "runde_soknader",
    "runde_soknader_eksport",
    "soknad_behandle",
    "soknad_detail",
    "soknad_ny",
    "soknad_rediger",
    "soknad_send_inn",
    "soknad_trekk",
    "soknader",
    "tildeling_detail",
    "tildeling_import",
    "tildeling_ny",
    "tildeling_rapport",
    "tildeling_utbetaling",
    "utbetaling_ny",
    "vedlegg_last_ned",
    "vedlegg_ny",
    "vedlegg_slett",
    "vedtak_endre",
    "vedtak_ny",
    "vedtaksbrev",
    "vedtaksbrev_versjon",
]
