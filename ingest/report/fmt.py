"""Numbers as the report prints them: money from Decimal to the cent, half away from zero (as SQL round(x, 2) on a
DECIMAL), never through a float; shares and changes to one decimal of a percent."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
NONE = "\u2013"  # an en dash: no value (no outcome to divide by, no month to compare with)


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | None, currency: str = "") -> str:
    """50674.911111 -> '50,674.91' (or 'USD 50,674.91'); None -> NONE."""
    if value is None:
        return NONE
    text = f"{cents(value):,.2f}"
    return f"{currency} {text}" if currency else text


def ratio(numerator: Decimal, denominator: Decimal | int) -> Decimal | None:
    """An exact Decimal quotient (28 significant digits), for a figure the marts give as a sum over a sum."""
    return None if not denominator else Decimal(numerator) / Decimal(denominator)


def percent(share: Decimal | None) -> str:
    """0.234567 -> '23.5%'."""
    if share is None:
        return NONE
    return f"{(Decimal(share) * 100).quantize(TENTH, rounding=ROUND_HALF_UP)}%"


def count(value: int | None) -> str:
    return NONE if value is None else f"{value:,}"


def change(current: Decimal | int | None, previous: Decimal | int | None) -> str:
    """Relative change, '+12.3%' / '-4.0%' / 'no change'; '' when there is nothing to compare with."""
    if current is None or not previous:
        return ""
    relative = ((Decimal(current) - Decimal(previous)) / Decimal(previous) * 100).quantize(TENTH, ROUND_HALF_UP)
    return "no change" if relative == 0 else f"{relative:+}%"


def points(current: Decimal | None, previous: Decimal | None) -> str:
    """Change of a share in percentage points: '+1.2 pts'."""
    if current is None or previous is None:
        return ""
    delta = ((Decimal(current) - Decimal(previous)) * 100).quantize(TENTH, ROUND_HALF_UP)
    return "no change" if delta == 0 else f"{delta:+} pts"


def method_split(direct: Decimal, in_flight: Decimal, team_period: Decimal) -> str:
    """How a cost reached its outcomes, in words: 'direct 12.0%, in flight 80.0%, team-period share 8.0%'."""
    total = direct + in_flight + team_period
    if not total:
        return NONE
    parts = [("direct", direct), ("in flight", in_flight), ("team-period share", team_period)]
    shown = [(name, percent(value / total)) for name, value in parts if value]
    return ", ".join(f"{name} {share}" for name, share in shown if share not in ("0.0%", "-0.0%"))
