"""The one place services read the time (tests replace `now`); rules never read the clock."""

from __future__ import annotations

import datetime as dt
import socket


def now() -> dt.datetime:
    """Local wall-clock time, to the second, as written in minutes and logs."""
    return dt.datetime.now().replace(microsecond=0)


def station() -> str:
    """The name of this computer, recorded with each entry (which station entered a ballot)."""
    return socket.gethostname() or "may-khong-ten"
