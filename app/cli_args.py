"""Argument types of `kiemphieu`: every number typed on the command line is bounded (argparse `type=`).

A bad value is a usage error (exit 2) with one Vietnamese line naming the option and the allowed range.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from app import limits


def _digits(text: str) -> str:
    value = text.strip()
    body = value[1:] if value[:1] in "+-" else value
    # ASCII digits only: int() would also take Arabic-Indic or full-width digits.
    if not body or not body.isascii() or not body.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' không phải số nguyên")
    if len(body) > limits.MAX_INT_DIGITS:
        raise argparse.ArgumentTypeError(f"'{text}' quá lớn")
    return value


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        value = int(_digits(text))
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"'{text}': phải từ {low} đến {high}")
        return value

    parse.__name__ = "số nguyên"  # argparse names the type in its message
    return parse


def bounded_seconds(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a finite number of seconds from `low` to `high` (decimal point or comma)."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip().replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' không phải số giây") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"'{text}': số giây phải từ {low:g} đến {high:g}")
        return value

    parse.__name__ = "số giây"
    return parse


PEOPLE = bounded_int(0, limits.MAX_PEOPLE)
SEATS = bounded_int(1, limits.MAX_SEATS)
PAGE_ID = bounded_int(1, 2**62)
COPIES = bounded_int(1, limits.MAX_PEOPLE)
WORKERS = bounded_int(1, 64)
INTERVAL = bounded_seconds(0.1, 3600.0)
IDLE_EXIT = bounded_seconds(0.0, 7 * 24 * 3600.0)
