"""Money is whole kroner (int). Shown the Norwegian way: ``1 790 000 kr`` with
non-breaking spaces so an amount never wraps across lines."""

from decimal import Decimal

NBSP = "\xa0"


def format_kroner(amount: int | Decimal | None) -> str:
    if amount is None:
        return "–"
    if isinstance(amount, float):
        raise TypeError("Beløp skal være hele kroner (int eller Decimal), ikke float.")
    whole = int(amount)
    if whole != amount:
        raise ValueError("Beløp skal være hele kroner.")
    sign = "−" if whole < 0 else ""
    grouped = f"{abs(whole):,}".replace(",", NBSP)
    return f"{sign}{grouped}{NBSP}kr"


def format_heltall(number: int | None) -> str:
    """A count such as a population, grouped by thousands: ``30 840``."""
    if number is None:
        return "–"
    return f"{int(number):,}".replace(",", NBSP)


def format_desimal(number: Decimal | int | str | None) -> str:
    """A measured figure the Norwegian way, without trailing zeros: ``12,4``,
    ``1 400 000``, ``−1,75``."""
    if number is None or number == "":
        return "–"
    value = Decimal(str(number))
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    sign = "−" if value < 0 else ""
    whole, _dot, fraction = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", NBSP)
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
