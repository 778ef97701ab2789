"""The queryset every case table builds on (a case is read through its application)."""

from __future__ import annotations

from django.db import models

from ..access import case_filter


class SakQuerySet(models.QuerySet):
    """Grant cases: ``for_user`` keeps what ``access.case_filter`` lets the user read.
    Subclasses name the path to the kommune in ``kommune_field``."""

    kommune_field = "kommune"

    def for_user(self, user):
        return self.filter(case_filter(user, self.kommune_field))
