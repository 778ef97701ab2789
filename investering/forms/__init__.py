"""The investment team's forms, one module per concern; the package re-exports every
public name (``forms.MoteNyForm``)."""

from .filtre import KommuneFilterForm, MoteFilterForm, OppfolgingFilterForm, RegelhinderFilterForm
from .hvor import TEAM, HvorField, HvorForm, mote_valg, parse_hvor
from .moter import (
    AnsvarligField,
    BeslutningForm,
    MoteForm,
    MoteNyForm,
    MoteRedigerForm,
    MoteserieForm,
    NotatForm,
    OppfolgingForm,
    PunktStatusForm,
    mote_felt_etikett,
    mote_initial,
    parse_deltakere,
)
from .regelhinder import RegelhinderForm, RegelhinderRedigerForm, RegelhinderStatusForm
from .team import LederForm, TeammedlemForm, TeamNavnForm

__all__ = [
    "TEAM",
    "mote_valg",
    "parse_hvor",
    "HvorField",
    "HvorForm",
    "parse_deltakere",
    "MoteForm",
    "mote_felt_etikett",
    "AnsvarligField",
    "MoteNyForm",
    "MoteRedigerForm",
    "mote_initial",
    "BeslutningForm",
    "OppfolgingForm",
    "NotatForm",
    "PunktStatusForm",
    "MoteserieForm",
    "KommuneFilterForm",
    "MoteFilterForm",
    "OppfolgingFilterForm",
    "RegelhinderFilterForm",
    "RegelhinderForm",
    "RegelhinderStatusForm",
    "RegelhinderRedigerForm",
    "TeamNavnForm",
    "TeammedlemForm",
    "LederForm",
]
