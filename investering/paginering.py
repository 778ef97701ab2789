"""Pages of long lists whose last page costs what the first does."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet


class ToveisPaginator(Paginator):
    """A ``Paginator`` for a queryset ordered on an index (``-start, -pk``):

    - ``count(*)`` runs once (Django's ``cached_property``), without the annotations and
      joins the page shows;
    - a page past the middle is read from the other end, in reversed order, so the
      OFFSET is never more than half the rows and the last page is as cheap as the
      first;
    - the page's ids are read first (only the ordered columns: an index scan), then the
      rows with their annotations, joins and prefetches for those ids alone, so nothing
      is computed for the rows skipped by the OFFSET.

    Three queries per page (count, ids, rows) plus the queryset's prefetches."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rader(bottom, top), number, self)

    def _rader(self, bottom: int, top: int) -> list:
        qs: QuerySet = self.object_list
        if top <= bottom:
            return []
        if bottom > self.count - top:
            baklengs = qs.reverse().values_list("pk", flat=True)
            ids = list(baklengs[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(qs.values_list("pk", flat=True)[bottom:top])
        rader = {o.pk: o for o in qs.filter(pk__in=ids).order_by()}
        return [rader[pk] for pk in ids if pk in rader]
