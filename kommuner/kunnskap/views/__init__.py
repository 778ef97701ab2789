"""The knowledge base's pages, one module per concern; the package re-exports every
public view (``views.kunnskapsgrunnlag``, the names ``urls.py`` routes to)."""

from ._felles import XLSX_TYPE, Status
from .behandling import (
    behandle,
    eksport_indikator,
    eksport_kommune,
    gjenapne,
    godkjenn_alle,
    nullpunkt,
    verdi_historikk,
)
from .grunnlag import kunnskapsgrunnlag, periode_registrer
from .katalog import (
    indikator_edit,
    indikator_list,
    valideringsregel_edit,
    valideringsregel_list,
    virkemiddel_edit,
    virkemiddel_list,
)
from .kvalitet import datakvalitet
from .opplasting import FORHANDSVIS_MAKS_RADER, mal, opplasting, opplasting_bekreft
from .pakke import kunnskapspakke, kunnskapspakke_pdf
from .tiltak import (
    tiltak_detail,
    tiltak_edit,
    tiltak_list,
    utfordringsbilde,
    utfordringsbilde_edit,
    vedlegg_last_ned,
    vedlegg_list,
    vedlegg_slett,
)

__all__ = [
    "Status",
    "XLSX_TYPE",
    "kunnskapsgrunnlag",
    "periode_registrer",
    "FORHANDSVIS_MAKS_RADER",
    "opplasting",
    "opplasting_bekreft",
    "mal",
    "behandle",
    "godkjenn_alle",
    "gjenapne",
    "verdi_historikk",
    "nullpunkt",
    "eksport_kommune",
    "eksport_indikator",
    "tiltak_list",
    "tiltak_detail",
    "tiltak_edit",
    "utfordringsbilde",
    "utfordringsbilde_edit",
    "vedlegg_list",
    "vedlegg_last_ned",
    "vedlegg_slett",
    "kunnskapspakke",
    "kunnskapspakke_pdf",
    "virkemiddel_list",
    "virkemiddel_edit",
    "indikator_list",
    "indikator_edit",
    "valideringsregel_list",
    "valideringsregel_edit",
    "datakvalitet",
]
