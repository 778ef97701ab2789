"""What every page of a kommune's knowledge base starts from: the kommune as the user
may see it, the common context."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from felles import tabellfil

from ... import access
from ..models import Indikatorverdi

Status = Indikatorverdi.Status

XLSX_TYPE = tabellfil.XLSX_TYPE


def _kommune(request, kommunenummer, *, edit=False):
    kommune = access.get_kommune_with_workdata_or_404(request.user, kommunenummer)
    if edit and not access.can_edit_kommune_data(request.user, kommune):
        raise PermissionDenied
    return kommune


def _ctx(request, kommune, fane, **extra):
    if "kan_redigere" not in extra:
        extra["kan_redigere"] = access.can_edit_kommune_data(request.user, kommune)
    return {"kommune": kommune, "fane": fane, **extra}
