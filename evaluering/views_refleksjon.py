"""The list of reflection forms, kept per reader's reach (``felles.datastand``)."""

from __future__ import annotations

from django.http import QueryDict

from felles.datastand import hurtig_fragment
from kommuner.models import Pilot

from . import selectors
from .apps import EVALUERING, REFLEKSJON


@hurtig_fragment("evaluering/_skjema_list.html", grupper=(REFLEKSJON, EVALUERING))
def refleksjonsliste(*, omfang, er_admin: bool, side: str | None) -> dict:
    """The list's buttons for a new form (admins: one per pilot), its table and page
    links, rendered once per reach of working data (``kommuner.access.workdata_omfang``:
    which forms, and whose answers are counted), role and page, and kept until a form,
    an answer, a pilot or a report period changes. The page links carry ``side`` alone
    (the list has no other parameter)."""
    return {
        "page": selectors.reflection_form_page(omfang=omfang, side=side),
        "er_admin": er_admin,
        "piloter": Pilot.objects.order_by("-start") if er_admin else [],
        "lenkegrunnlag": QueryDict(),
    }
