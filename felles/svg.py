"""Tiny server-rendered SVG charts for PDFs (WeasyPrint runs no JavaScript).
Each chart has a <title> and <desc> and the caller shows the numbers as a table too."""

from html import escape


def bar_chart(
    rows: list[tuple[str, float | int | str | None]],
    *,
    title: str,
    maximum: float | None = None,
    width: int = 480,
    bar_height: int = 16,
    label_width: int = 170,
    value_format=str,
) -> str:
    """Horizontal bars, one per (label, value). A text value is written instead of a
    bar (for 'not assessed' and the like); ``None`` is written as 'mangler'."""
    values = [v for _label, v in rows if isinstance(v, int | float)]
    top = maximum if maximum is not None else (max(values) if values else 1) or 1
    gap = 6
    height = max(1, len(rows)) * (bar_height + gap) + gap
    chart_width = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
        "<desc>"
        + escape("; ".join(f"{label}: {_text(v, value_format)}" for label, v in rows))
        + "</desc>",
    ]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height - 4}" font-size="9" '
            f'text-anchor="end">{escape(str(label))}</text>'
        )
        if not isinstance(value, int | float):
            parts.append(
                f'<text x="{label_width}" y="{y + bar_height - 4}" font-size="9" '
                f'fill="#555">{escape(_text(value, value_format))}</text>'
            )
            continue
        bar = max(0.0, float(value)) / float(top) * chart_width
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" '
            f'fill="#123c5a"/>'
        )
        parts.append(
            f'<text x="{label_width + bar + 4:.1f}" y="{y + bar_height - 4}" '
            f'font-size="9">{escape(value_format(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _text(value, value_format) -> str:
    if value is None:
        return "mangler"
    if isinstance(value, str):
        return value
    return value_format(value)
