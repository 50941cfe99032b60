"""Points on a scoring ballot: the one parser and the one formatter (CLI, GUI, PDF, workbook).

A score is a whole or half point, stored in half points (8,5 points = 17). Anything else is refused, never
rounded: "8,3" is not read as 8,5. A mean is shown half up with two decimals and a decimal comma, as in the
minutes ("8,13" for 65/8).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from fractions import Fraction

from app.errors import EntryError
from app.text import format_decimal

MAX_POINTS = 10_000  # beyond any scale; larger numbers are typing accidents, not scores

_TYPED = re.compile(r"^([+-]?)([0-9]{1,9})(?:[.,]([0-9]{1,9}))?$")


class PointsError(EntryError):
    """A typed or read score that is not a whole or half point within bounds."""


def parse_points(text: str) -> int | None:
    """Half points from typed text: "8", "8,5", "8.5", "8,50"; None when blank; PointsError otherwise."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _TYPED.match(cleaned)
    if match is None:
        raise PointsError(f"“{text.strip()[:40]}” không phải một số điểm (ví dụ 8 hoặc 8,5)")
    sign, whole, fraction = match.groups()
    fraction = (fraction or "").rstrip("0")
    if fraction not in ("", "5"):
        raise PointsError(f"điểm {text.strip()} không phải điểm nguyên hoặc nửa điểm (ví dụ 8 hoặc 8,5)")
    halves = int(whole) * 2 + (1 if fraction == "5" else 0)
    if halves > 2 * MAX_POINTS:
        raise PointsError(f"điểm {text.strip()} quá lớn (tối đa {MAX_POINTS})")
    return -halves if sign == "-" else halves


def halves_of_number(value: int | float) -> int:
    """Half points from a number read from a file (JSON, TOML); PointsError unless a whole or half point."""
    if isinstance(value, bool):
        raise PointsError(f"{value} không phải một số điểm")
    if isinstance(value, float) and not math.isfinite(value):
        raise PointsError(f"điểm {value} không phải một số điểm (không xác định)")
    if abs(value) > MAX_POINTS:
        raise PointsError(f"điểm {value} quá lớn (tối đa {MAX_POINTS})")
    doubled = Fraction(value) * 2
    if doubled.denominator != 1:
        raise PointsError(f"điểm {value} không phải bội số của 0,5")
    return int(doubled)


def format_points(halves: int | None) -> str:
    """A score as the committee writes it: "30", "30,5", "-1,5"; "" when blank."""
    if halves is None:
        return ""
    sign = "-" if halves < 0 else ""
    whole, half = divmod(abs(halves), 2)
    return f"{sign}{whole},5" if half else f"{sign}{whole}"


MAX_MEAN_PLACES = 6


def format_mean(value: Fraction | int, boundaries: Iterable[Fraction] = ()) -> str:
    """A mean of points, half up to two decimals with a decimal comma ("8,13" for 65/8).

    When two decimals would carry the mean across a level's boundary (89,995 shown as "90,00" beside "Hoàn
    thành tốt", whose floor is 90), more decimals are printed until number and level agree ("89,995"), up to
    MAX_MEAN_PLACES; beyond that the digits are cut, not rounded, so the number never shows the higher level.
    """
    value = Fraction(value)
    marks = tuple(boundaries)
    for places in range(2, MAX_MEAN_PLACES + 1):
        text = format_decimal(value, places)
        shown = Fraction(text.replace(",", "."))
        if all((shown >= b) == (value >= b) for b in marks):
            return text
    scale = 10**MAX_MEAN_PLACES
    cut = Fraction(math.floor(value * scale), scale)
    return format_decimal(cut, MAX_MEAN_PLACES)
