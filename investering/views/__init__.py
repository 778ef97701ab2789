"""Pages of the meeting log, one module per resource. Views parse input, ask
``investering.access``, call one service or selector and render; every object comes
through a ``for_user`` queryset, so another kommune's object is a 404."""

from .eksport import mote_export, mote_pdf, regelhinder_export
from .kalender import kalender, kalender_feed, kalender_ny_lenke
from .moter import (
    beslutning_add,
    mote_create,
    mote_detail,
    mote_edit,
    mote_historikk,
    mote_list,
    mote_referat,
)
from .moteserier import moteserie_create
from .oppfolging import oppfolging_add, oppfolging_board, punkt_notat, punkt_status
from .regelhinder import (
    regelhinder_create,
    regelhinder_detail,
    regelhinder_edit,
    regelhinder_list,
    regelhinder_status,
)
from .sok import sok
from .team import (
    investeringsleder_set,
    mine_kommuner,
    team,
    team_admin,
    teammedlem_add,
    teammedlem_avslutt,
)

__all__ = [
    "beslutning_add",
    "kalender",
    "kalender_feed",
    "kalender_ny_lenke",
    "mine_kommuner",
    "mote_create",
    "mote_detail",
    "mote_edit",
    "mote_export",
    "mote_historikk",
    "mote_list",
    "mote_pdf",
    "mote_referat",
    "moteserie_create",
    "oppfolging_add",
    "oppfolging_board",
    "punkt_notat",
    "punkt_status",
    "regelhinder_create",
    "regelhinder_detail",
    "regelhinder_edit",
    "regelhinder_list",
    "regelhinder_status",
    "regelhinder_export",
    "sok",
    "investeringsleder_set",
    "team",
    "team_admin",
    "teammedlem_add",
    "teammedlem_avslutt",
]
