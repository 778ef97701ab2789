"""Reading Statistics Norway's municipality classification (KLASS 131) and applying
it to the register. Bad rows are reported, never guessed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles import tabellfil

from ..models import Kommune
from ..services import kommune_upsert
from ..validators import validate_kommunenummer


@dataclass
class Importrapport:
    opprettet: list[str] = field(default_factory=list)
    endret: list[str] = field(default_factory=list)
    uendret: int = 0
    hoppet_over: list[str] = field(default_factory=list)
    feil: list[str] = field(default_factory=list)


def _dato(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    return date.fromisoformat(text[:10])


def klass_les(data: bytes, filnavn: str = "") -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(code, name) pairs valid today, lines skipped as no longer/not yet valid, and
    errors with line numbers. Raises ``TabellfilError`` for whole-file problems."""
    rader = tabellfil.les_tabell(
        data=data,
        filnavn=filnavn,
        kolonner=["code", "name"],
        valgfrie=["validfrom", "validto"],
        mangler_melding=_(
            "Første linje må ha kolonnene «code» og «name» (KLASS-eksport, klassifikasjon 131)."
        ),
    )
    today = timezone.localdate()
    gyldige, hoppet, feil, sett = [], [], [], {}
    for rad in rader:
        linje = rad.nummer

        def celle(k, rad=rad):
            return rad.verdier[k]

        code, name = celle("code"), celle("name")
        try:
            validate_kommunenummer(code)
        except ValidationError as exc:
            feil.append(_("Linje %(n)s: %(m)s") % {"n": linje, "m": " ".join(exc.messages)})
            continue
        if not name:
            feil.append(_("Linje %(n)s: navn mangler for %(nr)s.") % {"n": linje, "nr": code})
            continue
        try:
            fra, til = _dato(celle("validfrom")), _dato(celle("validto"))
        except ValueError:
            feil.append(_("Linje %(n)s: ugyldig dato.") % {"n": linje})
            continue
        if (til and til <= today) or (fra and fra > today):
            hoppet.append(
                _("Linje %(n)s: %(nr)s %(navn)s er ikke gyldig i dag.")
                % {"n": linje, "nr": code, "navn": name}
            )
            continue
        if code in sett:
            feil.append(
                _("Linje %(n)s: %(nr)s står også på linje %(m)s.")
                % {"n": linje, "nr": code, "m": sett[code]}
            )
            continue
        sett[code] = linje
        gyldige.append((code, name))
    return gyldige, hoppet, feil


@transaction.atomic
def kommuner_importer(*, data: bytes, filnavn: str = "", dry_run: bool = False) -> Importrapport:
    """Create or update kommuner by number from a KLASS 131 CSV export."""
    rapport = Importrapport()
    gyldige, rapport.hoppet_over, rapport.feil = klass_les(data, filnavn)
    eksisterende = {k.kommunenummer: k.navn for k in Kommune.objects.all()}
    for code, name in gyldige:
        gammelt = eksisterende.get(code)
        if gammelt == name:
            rapport.uendret += 1
            continue
        if not dry_run:
            kommune_upsert(kommunenummer=code, navn=name)
        if gammelt is None:
            rapport.opprettet.append(f"{code} {name}")
        else:
            rapport.endret.append(f"{code}: {gammelt} → {name}")
    return rapport
