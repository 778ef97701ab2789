"""Server-rendered SVG line charts for the PDF (WeasyPrint runs no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

BREDDE = 360
HOYDE = 150
MARG_V = 44
MARG_H = 12
MARG_T = 12
MARG_B = 28


@dataclass
class Punkt:
    x: float
    y: float
    etikett: str


def linjediagram(rad) -> dict:
    """Points for the kommune's values and the participating kommuner's average,
    scaled into a small chart. Missing values leave gaps (separate polylines)."""
    egne = [float(c.verdi.verdi) if c.verdi else None for c in rad.celler]
    snitt = [float(c.snitt) if c.snitt is not None else None for c in rad.celler]
    alle = [v for v in egne + snitt if v is not None]
    if rad.nullpunkt:
        alle.append(float(rad.nullpunkt.verdi))
    lo, hi = (min(alle), max(alle)) if alle else (0.0, 1.0)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    n = len(rad.celler)
    plot_w = BREDDE - MARG_V - MARG_H
    plot_h = HOYDE - MARG_T - MARG_B

    def x(i):
        return MARG_V + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)

    def y(v):
        return MARG_T + plot_h * (1 - (v - lo) / (hi - lo))

    def linjer(verdier):
        segmenter, current = [], []
        for i, v in enumerate(verdier):
            if v is None:
                if current:
                    segmenter.append(current)
                current = []
            else:
                current.append((round(x(i), 1), round(y(v), 1)))
        if current:
            segmenter.append(current)
        return [
            {
                "points": " ".join(f"{a},{b}" for a, b in seg),
                "punkter": seg,
                "firkanter": [(round(a - 3, 1), round(b - 3, 1)) for a, b in seg],
            }
            for seg in segmenter
        ]

    return {
        "bredde": BREDDE,
        "hoyde": HOYDE,
        "egne": linjer(egne),
        "snitt": linjer(snitt),
        "nullpunkt_y": round(y(float(rad.nullpunkt.verdi)), 1) if rad.nullpunkt else None,
        "x_etiketter": [(round(x(i), 1), c.periode) for i, c in enumerate(rad.celler)],
        "y_min": (round(y(lo), 1), _fmt(lo)),
        "y_max": (round(y(hi), 1), _fmt(hi)),
        "akse_x": MARG_V,
        "etikett_x": MARG_V - 4,
        "akse_y": HOYDE - MARG_B,
        "akse_h": BREDDE - MARG_H,
        "etikett_y": HOYDE - 8,
    }


def _fmt(v: float) -> str:
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
