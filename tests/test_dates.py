"""app/dates.py: the one Vietnamese date and time format."""

from __future__ import annotations

import datetime as dt

from app import dates

AT = dt.datetime(2026, 12, 6, 14, 5, 9)


def test_each_form() -> None:
    assert dates.day(AT.date()) == "06/12/2026"
    assert dates.day(AT, year=False) == "06/12"
    assert dates.time(AT) == "14:05"
    assert dates.time(AT, seconds=True) == "14:05:09"
    assert dates.moment(AT) == "14:05 06/12/2026"
    assert dates.moment(AT, on_day=True) == "14:05 ngày 06/12/2026"
    assert dates.moment(AT, seconds=True, year=False) == "14:05:09 06/12"
    assert dates.moment(AT, seconds=True, on_day=True) == "14:05:09 ngày 06/12/2026"
    assert dates.spoken(AT) == "hồi 14 giờ 05 phút, ngày 06/12/2026"
    assert dates.file_stamp(AT) == "20261206-140509"
