"""One computer writes a meeting file: a file on a network share is refused for writing, and a file another
computer has open is refused to this one (README, fault table; docs/meeting-file.md §1).

The file runs in WAL mode, whose shared-memory index works only between processes of one computer, and SQLite's
own documentation warns that file locking over network file systems is unreliable: two computers writing one file
over a share can corrupt it. Stations enter on their own files and hand their passes over as signed files.

Two guards, because neither sees everything:

- `network_file_system` asks the operating system what the file sits on (Linux: the mount table; Windows: the
  drive type, or a `\\\\server\\share` path);
- the open marker `<name>-dangmo` beside the file names the computer that has it open for writing, and is kept
  fresh while it does (each transaction, and the window's timer). Another computer that finds a fresh marker of a
  third computer refuses to write; a marker not refreshed for `STALE_AFTER` (a computer that crashed, a stick
  pulled out without closing) is taken over.

A computer that sleeps longer than `STALE_AFTER` with the file open cannot refresh its marker, so another computer
may take the file over meanwhile. Before it writes again after a pause, an opening checks that the file is still
its own (`lost`): a fresh marker of another computer, or — after a pause past the limit — a marker that no longer
names this opening (another computer's claim overwrites it, and its closing removes it) means another computer
may have written; the opening then stops writing for good (app.store.db.MeetingFile.lost). After a pause past the
limit with its own marker still in place, nobody took the file over: it goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path, PurePath

from app import clock
from app.errors import MeetingFileError

# Where Linux lists the mounts this process sees (tests point it at a table of their own).
MOUNTINFO = Path("/proc/self/mountinfo")

# File systems reached over a network. 9p is left out on purpose: WSL shows the Windows disks through it.
NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "coda",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "afpfs",
        "webdav",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.davfs2",
        "fuse.smbnetfs",
        "fuse.rclone",
        "fuse.cephfs",
    }
)

MARKER_SUFFIX = "-dangmo"
# A marker not refreshed for this long belongs to a computer that no longer has the file open.
STALE_AFTER = dt.timedelta(minutes=5)
# How often an open file refreshes its marker (each transaction at most this often, and the window's timer).
REFRESH_EVERY = dt.timedelta(minutes=1)

_DRIVE_REMOTE = 4  # GetDriveTypeW


def computer() -> str:
    """This computer's name as the marker records it (the operating system's, not a station name a test sets)."""
    return socket.gethostname() or "may-khong-ten"


def _unescape_mount(field: str) -> str:
    """Mount points in mountinfo write space, tab, newline and backslash as octal escapes (\\040…)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and len(field[i + 1 : i + 4]) == 3 and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def _linux_file_system(path: Path) -> str | None:
    """The type of the file system the deepest mount point above `path` holds, from the mount table."""
    try:
        table = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    target = str(path)
    best: tuple[int, str] | None = None
    for line in table.splitlines():
        head, sep, tail = line.partition(" - ")
        fields = head.split()
        if not sep or len(fields) < 5 or not tail.split():
            continue
        mount_point = _unescape_mount(fields[4])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        # A later line for the same mount point is mounted over the earlier one: it wins on equal length.
        if inside and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), tail.split()[0])
    return best[1] if best else None


def _windows_is_remote(path: PurePath) -> bool:
    if str(path).startswith("\\\\") and not str(path).startswith("\\\\?\\"):
        return True  # \\server\share\…
    import ctypes

    drive = path.anchor or str(path)[:3]
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    return int(windll.kernel32.GetDriveTypeW(drive)) == _DRIVE_REMOTE


def network_file_system(path: Path) -> str | None:
    """The name of the network file system `path` sits on (`nfs4`, `cifs`, `ổ mạng`…), or None when it is on
    this computer's own disks or the system cannot tell."""
    resolved = path.resolve()
    system: str = sys.platform  # read when called (not fixed for the type checker): tests name the system
    if system == "win32":
        return "ổ mạng" if _windows_is_remote(resolved) else None
    if system.startswith("linux"):
        kind = _linux_file_system(resolved)
        return kind if kind in NETWORK_TYPES else None
    return None


def refuse_network(path: Path) -> None:
    """Refuse to write a meeting file that sits on a network share, in one line with what to do instead."""
    kind = network_file_system(path)
    if kind is not None:
        raise MeetingFileError(
            f"{path.name}: tệp nằm trên ổ mạng dùng chung ({kind}); ghi qua ổ mạng không an toàn (hai máy ghi cùng "
            "một tệp làm hỏng nó). Hãy chép tệp về ổ của máy này rồi mở bản chép; mỗi máy nhập trên tệp của mình "
            "và trao lượt nhập bằng tệp có chữ ký (kiemphieu export-pass / import-pass)."
        )


def marker_path(path: Path) -> Path:
    return path.with_name(path.name + MARKER_SUFFIX)


def _read_marker(marker: Path) -> tuple[str, str, dt.datetime] | None:
    """The computer and the opening named in a marker, and when it was last refreshed; None when there is none
    (or it is torn)."""
    found = _read_marker_with_pid(marker)
    return None if found is None else found[:3]


def _read_marker_with_pid(marker: Path) -> tuple[str, str, dt.datetime, int | None] | None:
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        host, opening = str(data["may"]), str(data["mo"])
        since = dt.datetime.fromisoformat(str(data["luc"]))
        modified = dt.datetime.fromtimestamp(marker.stat().st_mtime).replace(microsecond=0)
        pid = int(data["pid"]) if "pid" in data else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # The later of the two: the other computer's clock may run behind this one's.
    return host, opening, max(since, modified), pid


def process_running(pid: int) -> bool:
    """Whether a process `pid` runs on this computer (asked without disturbing it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        windll = getattr(ctypes, "windll", None)
        if windll is None:
            return False
        handle = windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # running, under another user
    return True


def _fresh(since: dt.datetime) -> bool:
    return clock.now() - since < STALE_AFTER


def _write_marker(marker: Path, opening: str) -> None:
    payload = {"may": computer(), "mo": opening, "pid": os.getpid(), "luc": clock.now().isoformat()}
    with suppress(OSError):
        marker.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def new_opening() -> str:
    """A name for one opening of a file for writing (one window, one command), written in its marker."""
    return secrets.token_hex(8)


def claim(path: Path, opening: str) -> None:
    """Mark `path` as open for writing on this computer, unless another computer — or another program of this
    one — has it open. When another opening of this process already holds a fresh marker, it keeps it (`refresh`
    takes over once it is gone).

    Another program of this computer is refused too (#17): SQLite's locks between programs of one computer hold
    only while neither program closes the file outside SQLite — on Linux and macOS any close of the file drops
    every lock of the program that closes it (Qt's file dialog does), and a second program writing, then closing,
    deleted the WAL the first was still committing into (tests/store/test_lost_wal.py)."""
    marker = marker_path(path)
    found = _read_marker_with_pid(marker)
    if found is not None and _fresh(found[2]):
        host, _, since, pid = found
        if host == computer() and pid is not None and pid != os.getpid() and process_running(pid):
            raise MeetingFileError(
                f"{path.name}: tệp đang được mở để ghi trong một cửa sổ KiểmPhiếu khác trên máy này (hoặc một lệnh "
                f"kiemphieu đang chạy; lần cuối {since:%H:%M:%S}). Chỉ một cửa sổ được ghi vào một tệp: hãy làm "
                "tiếp trong cửa sổ đó, hoặc đóng nó rồi mở lại tệp ở đây. Xem kết quả mà không ghi: kiemphieu info."
            )
        if host != computer():
            raise MeetingFileError(
                f"{path.name}: tệp đang được mở để ghi trên máy {host} (lần cuối {since:%H:%M:%S}); chỉ một máy được "
                "ghi vào một tệp. Mỗi máy nhập trên tệp của mình và trao lượt nhập bằng tệp có chữ ký "
                f"(kiemphieu export-pass / import-pass). Nếu máy {host} đã tắt, chờ "
                f"{int(STALE_AFTER.total_seconds()) // 60} phút rồi mở lại."
            )
        if not _ended(pid):
            return
    _write_marker(marker, opening)


def held(path: Path) -> bool:
    """Whether some opening holds `path` open for writing now: a fresh marker whose program still runs (any
    opening of this very program counts; a program of another computer is taken to run)."""
    found = _read_marker_with_pid(marker_path(path))
    return found is not None and _fresh(found[2]) and not (found[0] == computer() and _ended(found[3]))


def _ended(pid: int | None) -> bool:
    """Whether the program of this computer named in a marker has ended (a crash left its marker behind)."""
    return pid is not None and pid != os.getpid() and not process_running(pid)


def refresh(path: Path, opening: str) -> None:
    """Keep the marker fresh while the file stays open: this opening's own, or a new one when the opening that
    held it has closed (or stopped refreshing it)."""
    marker = marker_path(path)
    found = _read_marker_with_pid(marker)
    if found is None or found[1] == opening or not _fresh(found[2]) or (found[0] == computer() and _ended(found[3])):
        _write_marker(marker, opening)


@dataclass(frozen=True)
class Lost:
    """Why an opening may no longer write its file: another computer may have taken it over while it paused."""

    host: str | None  # the other computer whose marker is there now; None: the marker is gone or not its own
    paused: dt.timedelta  # since the opening last refreshed its marker


def lost(path: Path, opening: str, refreshed: dt.datetime) -> Lost | None:
    """Whether the opening `opening`, which last refreshed its marker at `refreshed`, may have lost the file to
    another computer: a fresh marker of another computer, or a pause past `STALE_AFTER` after which the marker
    no longer names this opening. None while the file is still its own."""
    found = _read_marker(marker_path(path))
    paused = max(clock.now() - refreshed, dt.timedelta(0))
    other = found[0] if found is not None and found[0] != computer() else None
    if other is not None and found is not None and _fresh(found[2]):
        return Lost(other, paused)
    if paused >= STALE_AFTER and (found is None or found[1] != opening):
        return Lost(other, paused)
    return None


def lost_message(path: Path, why: Lost) -> str:
    """`why` in one paragraph: what happened, that this window only reads from now on, and what to do."""
    minutes = int(why.paused.total_seconds()) // 60
    limit = int(STALE_AFTER.total_seconds()) // 60
    if why.host is not None:
        happened = f"máy {why.host} đã mở tệp để ghi (máy này đã không ghi dấu đang mở tệp trong {minutes} phút)"
    else:
        happened = (
            f"máy này đã tạm dừng {minutes} phút (máy ngủ hoặc bị treo), quá {limit} phút, và dấu đang mở tệp không "
            "còn là của nó: trong lúc đó một máy khác có thể đã ghi vào tệp"
        )
    return (
        f"{path.name}: {happened}. Để hai máy không cùng ghi làm hỏng tệp, từ giờ chương trình chỉ đọc tệp này. "
        "Hãy đóng tệp rồi mở lại (nếu máy khác đang mở, chương trình sẽ báo) và chạy kiemphieu verify; mỗi máy "
        "nhập trên tệp của mình và trao lượt nhập bằng tệp có chữ ký (kiemphieu export-pass / import-pass)."
    )


def release(path: Path, opening: str) -> None:
    """Remove the marker when this opening holds it."""
    marker = marker_path(path)
    found = _read_marker(marker)
    if found is not None and found[1] == opening:
        with suppress(OSError):
            marker.unlink()
