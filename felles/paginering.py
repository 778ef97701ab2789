"""The one paginator: every paged list, in a view or (where a page's figures are
computed for its rows alone) in a selector, is cut here, so the page sizes, the
``side`` parameter and its handling of bad input live in one place.

Selectors return querysets; views page them with ``side(request, queryset)``. A
selector that must compute per page (the data-quality table, the knowledge base's
periods, the grants overview's tables) takes the page number and calls
``sideutsnitt``."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict

# Rows of a table: kommuner, users, applications, the journal, forms, data quality.
SIDESTORRELSE = 50
# Entries with text of their own: meetings, follow-up points, rule barriers,
# notifications.
SIDESTORRELSE_LOGG = 25


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

    def _ider(self, bottom: int, top: int) -> list:
        qs: QuerySet = self.object_list
        if top <= bottom:
            return []
        if bottom > self.count - top:
            baklengs = qs.reverse().values_list("pk", flat=True)
            return list(baklengs[self.count - top : self.count - bottom])[::-1]
        return list(qs.values_list("pk", flat=True)[bottom:top])

    def _rader(self, bottom: int, top: int) -> list:
        ids = self._ider(bottom, top)
        rader = {o.pk: o for o in self.object_list.filter(pk__in=ids).order_by()} if ids else {}
        return [rader[pk] for pk in ids if pk in rader]


class ToveisIderPaginator(ToveisPaginator):
    """A ``ToveisPaginator`` whose pages hold the ids alone (count and ids: two
    queries), for a list whose rows are read and rendered elsewhere (kept per row:
    ``investering.views.moter``)."""

    def _rader(self, bottom: int, top: int) -> list:
        return self._ider(bottom, top)


def kjent_side(ider: list, nummer: int, antall: int, *, per_side: int) -> Page:
    """The page ``nummer`` holding ``ider`` of a list of ``antall`` rows, both read
    before (kept by ``felles.datastand``: ``investering.selectors.mote_list_side``):
    the ``Page`` a ``ToveisIderPaginator`` gave, without its queries."""
    paginator = ToveisIderPaginator(ider, per_side)
    paginator.count = antall  # Paginator.count is a cached_property: given, not counted
    return Page(ider, nummer, paginator)


def sideutsnitt(objekter, nummer, *, per_side: int = SIDESTORRELSE, toveis: bool = False) -> Page:
    """The page ``nummer`` (as given: a string, a number or None; anything not a page
    gives the first page, past the end the last) of ``objekter``. ``toveis``: a
    queryset ordered on an index, read as ``ToveisPaginator`` does."""
    klasse = ToveisPaginator if toveis else Paginator
    return klasse(objekter, per_side).get_page(nummer)


def side(
    request,
    objekter,
    *,
    per_side: int = SIDESTORRELSE,
    param: str = "side",
    toveis: bool = False,
) -> Page:
    """The page of ``objekter`` that ``request`` asks for in ``param``."""
    return sideutsnitt(objekter, request.GET.get(param), per_side=per_side, toveis=toveis)


def valgte_parametre(request, navn: tuple[str, ...] | None = None) -> list[tuple[str, list[str]]]:
    """The request's parameters among ``navn`` (every one without ``navn``), in the
    order given (the page links keep them so): what a kept part of a list page
    (``felles.datastand``) is keyed by; ``lenkegrunnlag`` makes them a query again."""
    return [
        (param, request.GET.getlist(param))
        for param in request.GET
        if navn is None or param in navn
    ]


def lenkegrunnlag(valgt: list[tuple[str, list[str]]]) -> QueryDict:
    """The chosen parameters (``valgte_parametre``) as the query a kept part's filter
    form and page links start from (``includes/pagination.html``)."""
    query = QueryDict(mutable=True)
    for param, verdier in valgt:
        query.setlist(param, verdier)
    return query
