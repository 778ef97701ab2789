"""Search across meetings, follow-up points and rule barriers (PostgreSQL full text, a
plain fallback elsewhere), paged."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..models import Beslutning, Mote, Oppfolgingspunkt, Regelhinder


@dataclass
class Treff:
    type: str
    tittel: str
    url: str
    utdrag: SafeString
    dato: date | None
    rank: float = 0.0


MARK_START = "\x02"
MARK_STOP = "\x03"


def _ord(q: str) -> list[str]:
    return [w for w in re.findall(r"\w+", q, flags=re.UNICODE) if len(w) >= 2][:8]


def _utdrag(tekst: str, ord_: list[str], bredde: int = 90) -> SafeString:
    """A short excerpt around the first match, HTML-escaped, matches in <mark>."""
    tekst = " ".join(tekst.split())
    lower = tekst.lower()
    pos = min((p for p in (lower.find(w.lower()) for w in ord_) if p >= 0), default=0)
    start = max(pos - bredde, 0)
    stop = min(pos + bredde, len(tekst))
    utdrag = ("… " if start else "") + tekst[start:stop] + (" …" if stop < len(tekst) else "")
    escaped = html.escape(utdrag)
    for w in ord_:
        escaped = re.sub(
            f"({re.escape(html.escape(w))})",
            r"<mark>\1</mark>",
            escaped,
            flags=re.IGNORECASE,
        )
    return mark_safe(escaped)  # noqa: S308 - built from escaped text only


def _headline_html(headline: str) -> SafeString:
    escaped = html.escape(headline)
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - built from escaped text only


@dataclass
class Kilde:
    """One kind of row the search reads: its rows for the user, the text fields, the
    stored search vector (or None: computed per query), the field it sorts by within a
    rank, and how a hit shows."""

    key: str
    label: str
    rader: QuerySet
    fields: list[str]
    sokevektor: str | None
    sortering: str
    tittel: Callable
    url: Callable
    dato: Callable


def _kilder(user) -> list[Kilde]:
    return [
        Kilde(
            "mote",
            _("Referat"),
            Mote.objects.for_user(user).select_related("kommune"),
            ["referat", "agenda", "tittel"],
            "sokevektor",
            "start",
            lambda o: str(o),
            lambda o: o.get_absolute_url(),
            lambda o: timezone.localtime(o.start).date(),
        ),
        Kilde(
            "beslutning",
            _("Beslutning"),
            Beslutning.objects.for_user(user).select_related("mote", "mote__kommune"),
            ["tekst"],
            "sokevektor",
            "id",
            lambda o: str(o.mote),
            lambda o: o.mote.get_absolute_url(),
            lambda o: timezone.localtime(o.mote.start).date(),
        ),
        Kilde(
            "oppfolging",
            _("Oppfølgingspunkt"),
            Oppfolgingspunkt.objects.for_user(user).select_related("mote", "mote__kommune"),
            ["tekst"],
            "sokevektor",
            "id",
            lambda o: str(o.mote),
            lambda o: o.mote.get_absolute_url() + f"#punkt-{o.pk}",
            lambda o: o.frist,
        ),
        Kilde(
            # Stored too: computing it per query cost 68 ms at national scale (1 500
            # barriers) and grew with the register.
            "regelhinder",
            _("Regelhinder"),
            Regelhinder.objects.for_user(user).select_related("kommune"),
            ["tittel", "beskrivelse", "regel", "utfall"],
            "sokevektor",
            "opprettet",
            lambda o: o.tittel,
            lambda o: reverse("investering:regelhinder_detail", args=[o.pk]),
            lambda o: timezone.localtime(o.opprettet).date(),
        ),
    ]


SOK_PER_SIDE = 25
SOK_MAKS_SIDER = 20


@dataclass
class Sokeside:
    treff: list[Treff]
    side: int
    har_neste: bool


def sok(user, q: str, *, side: int = 1, per_side: int = SOK_PER_SIDE) -> Sokeside:
    """One page of hits for ``q`` in minutes, decisions, follow-up points and rule
    barriers ``user`` may read, best first: one query per kind of row.

    On PostgreSQL: full-text search with the ``norwegian`` configuration on the stored
    search vectors (GIN indexes), ranked, with highlighted snippets. The Snowball
    stemmer does not split compounds, so "fattigdom" alone does not match
    "barnefattigdommen"; each word of three letters or more is therefore also matched
    as a substring (``icontains``, served by the trigram indexes), and such hits rank
    below full-text hits. On SQLite only the substring match is used.

    Pages: each kind gives its best ``side * per_side + 1`` rows, the merged list is
    cut to the page; there is a next page when more rows remain. At most
    ``SOK_MAKS_SIDER`` pages (narrow the search beyond that)."""
    ord_ = _ord(q)
    side = min(max(side, 1), SOK_MAKS_SIDER)
    if not ord_:
        return Sokeside([], side, False)
    postgres = connection.vendor == "postgresql"
    trenger = side * per_side + 1
    rader: list[tuple[float, int, int, Kilde, object]] = []
    for nummer, kilde in enumerate(_kilder(user)):
        substring = Q()
        # Trigrams need three letters; shorter words are left to the full-text match.
        for w in [w for w in ord_ if len(w) >= 3 or not postgres]:
            substring &= _any_field_contains(kilde.fields, w)
        if postgres:
            rader_kilde = _fulltekst_treff(kilde, q, trenger)
            if len(rader_kilde) < trenger and substring:
                # Every full-text hit is in hand: the rest are substring hits, newest
                # first (an index scan that stops at the page), below them.
                rader_kilde += list(
                    kilde.rader.filter(substring)
                    .exclude(pk__in=[o.pk for o in rader_kilde])
                    .annotate(sortering=F(kilde.sortering))
                    .order_by(f"-{kilde.sortering}", "-pk")[: trenger - len(rader_kilde)]
                )
        else:
            rader_kilde = list(
                kilde.rader.filter(substring)
                .annotate(sortering=F(kilde.sortering))
                .order_by(f"-{kilde.sortering}", "-pk")[:trenger]
            )
        for rekke, o in enumerate(rader_kilde):
            rank = float(getattr(o, "rank", 0) or 0)
            # Ordered by rank, then the kind's own order: restricted to one kind the
            # merged order is that kind's, so pages neither skip nor repeat a hit.
            rader.append((rank, -nummer, -rekke, kilde, o))
    rader.sort(key=lambda r: r[:3], reverse=True)
    fra = (side - 1) * per_side
    # The hits of this page only are written out (title, link, excerpt).
    return Sokeside(
        [_treff(kilde, o, rank, ord_) for rank, _n, _r, kilde, o in rader[fra : fra + per_side]],
        side,
        len(rader) > fra + per_side and side < SOK_MAKS_SIDER,
    )


def _treff(kilde: Kilde, o, rank: float, ord_: list[str]) -> Treff:
    tekst = " ".join(getattr(o, f) or "" for f in kilde.fields)
    headline = getattr(o, "headline", "") or ""
    utdrag = _headline_html(headline) if MARK_START in headline else _utdrag(tekst, ord_)
    return Treff(
        kilde.key,
        f"{kilde.label}: {kilde.tittel(o)}",
        kilde.url(o),
        utdrag,
        kilde.dato(o),
        rank,
    )


SOK_KANDIDATER = 2000


def _fulltekst_treff(kilde: Kilde, q: str, antall: int) -> list:
    """The best ``antall`` full-text hits of ``kilde`` for ``q`` with rank and snippet,
    in one query: ranked among the ``SOK_KANDIDATER`` newest hits (a word found in most
    minutes would otherwise rank every row), the page's columns, joins and snippets for
    the best rows only.

    The candidates are a derived table, "the newest hits, LIMIT SOK_KANDIDATER", read
    backwards along the sort column's index until enough hits are found, and ranked
    outside it. A range ("sort column at or after the candidates' oldest") left the
    planner to guess the bound and read every hit through the GIN index (26 ms for
    «bolig» in the national pilot's meetings, 9 ms this way); "id IN (the newest ids)"
    made it scan the whole table into a hash."""
    vector = (
        F(kilde.sokevektor) if kilde.sokevektor else SearchVector(*kilde.fields, config="norwegian")
    )
    query = SearchQuery(q, config="norwegian", search_type="websearch")
    rekkefolge = ("-rank", f"-{kilde.sortering}", "-pk")
    kandidater = (
        kilde.rader.annotate(treff=vector)
        .filter(treff=query)
        .annotate(k_id=F("pk"), k_sort=F(kilde.sortering), k_rank=SearchRank(vector, query))
        .order_by(f"-{kilde.sortering}", "-pk")
        .values("k_id", "k_sort", "k_rank")[:SOK_KANDIDATER]
    )
    sql, params = kandidater.query.sql_with_params()
    # The inner SQL is the ORM's own, its values kept apart as parameters.
    utvalg = f"SELECT c.k_id FROM ({sql}) c"  # noqa: S608
    beste = RawSQL(  # noqa: S611
        f"{utvalg} ORDER BY c.k_rank DESC, c.k_sort DESC, c.k_id DESC LIMIT %s",
        (*params, antall),
    )
    combined = Concat(*[v for f in kilde.fields for v in (f, Value(" "))], output_field=TextField())
    return list(
        kilde.rader.filter(pk__in=beste)
        .annotate(
            rank=SearchRank(vector, query),
            sortering=F(kilde.sortering),
            headline=SearchHeadline(
                combined,
                query,
                config="norwegian",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by(*rekkefolge)
    )


def _any_field_contains(fields: list[str], word: str) -> Q:
    q = Q()
    for f in fields:
        q |= Q(**{f"{f}__icontains": word})
    return q
