"""Server-rendered SVG charts (WeasyPrint runs no JavaScript): horizontal bars for the
status report and lines over periods for the knowledge package. Each chart is named
(``role="img"``, ``aria-label`` and ``<title>``), the caller shows the numbers in a
table too, every text it draws is escaped, and coordinates are never localised."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .penger import format_desimal

BLA = "#123c5a"
BRUN = "#8a4b08"
GRA = "#6c757d"
MORK = "#212529"


def _open(width: int, height: int, title: str, description: str, css_class: str) -> str:
    klass = f' class="{escape(css_class)}"' if css_class else ""
    desc = f"<desc>{escape(description)}</desc>" if description else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"{klass}>'
        f"<title>{escape(title)}</title>{desc}"
    )


def bar_chart(
    rows: Sequence[tuple[str, float | int | str | None]],
    *,
    title: str,
    maximum: float | None = None,
    width: int = 480,
    bar_height: int = 16,
    label_width: int = 170,
    value_format: Callable[[float | int], str] = str,
) -> SafeString:
    """Horizontal bars, one per (label, value). A text value is written instead of a
    bar (for 'not assessed' and the like); ``None`` is written as 'mangler'."""
    values = [v for _label, v in rows if isinstance(v, int | float)]
    top = maximum if maximum is not None else (max(values) if values else 1) or 1
    gap = 6
    height = max(1, len(rows)) * (bar_height + gap) + gap
    chart_width = width - label_width - 60
    description = "; ".join(f"{label}: {_value_text(v, value_format)}" for label, v in rows)
    parts = [_open(width, height, str(title), description, "")]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 4}" font-size="9" '
            f'text-anchor="end">{escape(str(label))}</text>'
        )
        if not isinstance(value, int | float):
            parts.append(
                f'<text x="{label_width}" y="{y + bar_height - 4}" font-size="9" '
                f'fill="#555">{escape(_value_text(value, value_format))}</text>'
            )
            continue
        bar = max(0.0, float(value)) / float(top) * chart_width
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" '
            f'fill="{BLA}"/>'
        )
        parts.append(
            f'<text x="{label_width + bar + 4:.1f}" y="{y + bar_height - 4}" '
            f'font-size="9">{escape(value_format(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _value_text(value, value_format) -> str:
    if value is None:
        return _("mangler")
    if isinstance(value, str):
        return value
    return value_format(value)


@dataclass(frozen=True)
class Series:
    """One line: a value per label (``None`` leaves a gap), drawn solid or dashed,
    its points marked with circles or squares."""

    values: Sequence[float | None]
    colour: str = BLA
    dashed: bool = False
    marker: str = "circle"


def line_chart(
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    title: str,
    reference: float | None = None,
    width: int = 360,
    height: int = 150,
    css_class: str = "",
) -> SafeString:
    """Lines over ``labels`` (periods), scaled to the values and the ``reference``
    (a dotted horizontal line, e.g. a baseline); the lowest and highest value are
    written on the y axis and every label under the x axis."""
    left, right, top_margin, bottom = 44, 12, 12, 28
    alle = [v for s in series for v in s.values if v is not None]
    if reference is not None:
        alle.append(reference)
    lo, hi = (min(alle), max(alle)) if alle else (0.0, 1.0)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    n = len(labels)
    plot_w = width - left - right
    plot_h = height - top_margin - bottom
    axis_y = height - bottom

    def x(i: int) -> float:
        return round(left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(top_margin + plot_h * (1 - (v - lo) / (hi - lo)), 1)

    def text(tx, ty, value, anchor) -> str:
        return (
            f'<text x="{tx}" y="{ty}" text-anchor="{anchor}" font-size="10" '
            f'fill="{MORK}">{escape(str(value))}</text>'
        )

    parts = [
        _open(width, height, str(title), "", css_class),
        f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" '
        f'stroke="{GRA}" stroke-width="1"/>',
        f'<line x1="{left}" y1="8" x2="{left}" y2="{axis_y}" stroke="{GRA}" stroke-width="1"/>',
        text(left - 4, y(hi), _number(hi), "end"),
        text(left - 4, y(lo), _number(lo), "end"),
        *(text(x(i), height - 8, label, "middle") for i, label in enumerate(labels)),
    ]
    if reference is not None:
        parts.append(
            f'<line x1="{left}" y1="{y(reference)}" x2="{width - right}" y2="{y(reference)}" '
            f'stroke="#495057" stroke-width="1" stroke-dasharray="2,2"/>'
        )
    for s in series:
        dash = ' stroke-dasharray="6,4"' if s.dashed else ""
        for segment in _segments(s.values):
            points = [(x(i), y(v)) for i, v in segment]
            parts.append(
                f'<polyline points="{" ".join(f"{a},{b}" for a, b in points)}" fill="none" '
                f'stroke="{s.colour}" stroke-width="2"{dash}/>'
            )
            for a, b in points:
                if s.marker == "square":
                    parts.append(
                        f'<rect x="{round(a - 3, 1)}" y="{round(b - 3, 1)}" width="6" '
                        f'height="6" fill="{s.colour}"/>'
                    )
                else:
                    parts.append(f'<circle cx="{a}" cy="{b}" r="3.5" fill="{s.colour}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _segments(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of (index, value) without a gap: a missing value breaks the line."""
    segments: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append((i, float(v)))
    return [s for s in segments if s]


def _number(value: float) -> str:
    return format_desimal(Decimal(f"{value:.1f}"))
