"""Reads for the investment team's pages, shaped so each page costs a fixed number
of queries whatever the number of meetings, participants and follow-up points. One
module per concern; the package re-exports every public name (``selectors.mote_list``)."""

from .kalender import kalender_hendelser, kalender_moter
from .ledere import LedetKommune, leader_overview, team_overview
from .moter import (
    KOMMENDE_ANTALL,
    MOTE_SORTERINGER,
    MOTEVERSJONER_PER_SIDE,
    STANDARDVINDU_DAGER,
    Difflinje,
    Moteversjon,
    apne_punkter_fra_tidligere,
    deltakere_som_tekst,
    mote_detail,
    mote_forslag,
    mote_historikk,
    mote_list,
    mote_oversikt,
    mote_rader,
    mote_versjoner,
    moter_eksport_rader,
    referat_diff,
    tekstdiff,
)
from .oppfolging import oppfolging_board, team_admin
from .regelhinder import (
    Regelhinderhendelse,
    regelhinder_detail,
    regelhinder_eksport_rader,
    regelhinder_historikk,
    regelhinder_list,
)
from .soking import (
    MARK_START,
    MARK_STOP,
    SOK_KANDIDATER,
    SOK_MAKS_SIDER,
    SOK_PER_SIDE,
    Kilde,
    Sokeside,
    Treff,
    sok,
)
from .tall import tall_per_kommune

__all__ = [
    "STANDARDVINDU_DAGER",
    "MOTE_SORTERINGER",
    "mote_list",
    "KOMMENDE_ANTALL",
    "mote_oversikt",
    "mote_rader",
    "mote_detail",
    "apne_punkter_fra_tidligere",
    "mote_historikk",
    "Difflinje",
    "tekstdiff",
    "Moteversjon",
    "MOTEVERSJONER_PER_SIDE",
    "mote_versjoner",
    "referat_diff",
    "deltakere_som_tekst",
    "mote_forslag",
    "moter_eksport_rader",
    "LedetKommune",
    "leader_overview",
    "team_overview",
    "team_admin",
    "oppfolging_board",
    "regelhinder_list",
    "regelhinder_detail",
    "Regelhinderhendelse",
    "regelhinder_historikk",
    "regelhinder_eksport_rader",
    "kalender_moter",
    "kalender_hendelser",
    "Treff",
    "MARK_START",
    "MARK_STOP",
    "Kilde",
    "SOK_PER_SIDE",
    "SOK_MAKS_SIDER",
    "Sokeside",
    "sok",
    "SOK_KANDIDATER",
    "tall_per_kommune",
]
