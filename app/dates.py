"""Dates and times as Vietnamese documents write them: day/month/year, 24-hour clock, "ngày" before a date.

The one place the project formats a date or a time for a person (the minutes, the entry log, the workbook,
messages, the GUI); stored and exchanged values stay ISO 8601.
"""

from __future__ import annotations

import datetime as dt


def day(value: dt.date, *, year: bool = True) -> str:
    """The date as 06/12/2026, or 06/12 without the year."""
    return f"{value:%d/%m/%Y}" if year else f"{value:%d/%m}"


def time(value: dt.datetime | dt.time, *, seconds: bool = False) -> str:
    """The time as 14:05, or 14:05:09 with seconds."""
    return f"{value:%H:%M:%S}" if seconds else f"{value:%H:%M}"


def moment(value: dt.datetime, *, seconds: bool = False, year: bool = True, on_day: bool = False) -> str:
    """A time then its date: 14:05 06/12/2026; with `on_day` 14:05 ngày 06/12/2026."""
    joiner = " ngày " if on_day else " "
    return time(value, seconds=seconds) + joiner + day(value, year=year)


def spoken(value: dt.datetime) -> str:
    """As the minutes say when they were completed: hồi 14 giờ 05 phút, ngày 06/12/2026."""
    return f"hồi {value.hour} giờ {value.minute:02d} phút, ngày {day(value)}"


def file_stamp(value: dt.datetime) -> str:
    """A time in a file name, sorting in order: 20261206-140509."""
    return f"{value:%Y%m%d-%H%M%S}"
