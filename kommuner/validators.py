import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .fylker import ALLE_FYLKER

KOMMUNENUMMER_RE = re.compile(r"^\d{4}$")


def validate_kommunenummer(value: str) -> None:
    """A kommunenummer is four digits whose first two are a fylke's number
    (3101 is Halden in Østfold, fylke 31)."""
    if not isinstance(value, str) or not KOMMUNENUMMER_RE.match(value):
        raise ValidationError(
            _("Kommunenummer må være fire sifre, for eksempel 3101."), code="format"
        )
    if value[:2] not in ALLE_FYLKER:
        raise ValidationError(
            _("%(nr)s begynner ikke med et gyldig fylkesnummer.") % {"nr": value},
            code="fylke",
        )
    if value[2:] == "00":
        raise ValidationError(_("%(nr)s er ikke et kommunenummer.") % {"nr": value}, code="null")
