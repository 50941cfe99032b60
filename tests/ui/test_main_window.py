"""The main window: start page, opening files, navigation, polls at a glance, the committee screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.services import meetings
from ui.main_window import SCREEN_ORDER, MainWindow, load_screens
from ui.models import ROW_ROLE


def test_start_page_until_a_meeting_is_open(qtbot, tmp_path: Path) -> None:
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.pages.currentWidget() is win.start
    bad = tmp_path / "not-a-meeting.kiemphieu"
    bad.write_text("hello")
    messages: list[str] = []
    import ui.main_window as main_window

    original = main_window.show_error
    main_window.show_error = lambda parent, exc: messages.append(str(exc))
    try:
        win.open_path(bad)
    finally:
        main_window.show_error = original
    assert win.pages.currentWidget() is win.start
    assert messages
    assert "không phải tệp hội nghị" in messages[0]


def test_screens_follow_the_working_order(window: MainWindow) -> None:
    names = [type(s).__module__.rsplit(".", 1)[-1] for s in window.screens]
    assert names == [n for n in SCREEN_ORDER if n in names]
    assert len(window.screens) == len(load_screens())
    assert window.nav.count() == len(window.screens)


def test_polls_at_a_glance_and_current_poll(window: MainWindow) -> None:
    model = window.poll_model
    assert model.rowCount() == 9
    first = model.data(model.index(0, 0), ROW_ROLE)
    assert window.context.current_poll == first.code
    status = model.data(model.index(0, model.COL_STATUS), Qt.ItemDataRole.DisplayRole)
    assert status == "Đang kiểm phiếu"
    window._poll_clicked(model.index(3, 0))
    assert window.context.current_poll == model.data(model.index(3, 0), ROW_ROLE).code


def test_recent_files_are_remembered(window: MainWindow, demo_path: Path) -> None:
    assert demo_path.resolve() in [p.resolve() for p in window.context.recent_files()]


def test_the_committee_is_saved_on_the_writer_thread_and_the_change_reaches_the_screen(
    window: MainWindow, qtbot, background: None, monkeypatch
) -> None:
    """#17: Ctrl+S on the committee goes through the operations layer: off the UI thread, then the change record
    (the committee) is handed to the screen shown, which shows what is stored."""
    import threading

    from app.services import editing
    from ui.context import Changes
    from ui.screens.committee import CommitteeScreen

    screen = next(s for s in window.screens if isinstance(s, CommitteeScreen))
    window.go_to(window.screens.index(screen))
    # the stored committee is read off the UI thread; the list is off until it is shown (a person cannot type)
    qtbot.waitUntil(screen.isEnabled, timeout=10_000)
    threads: list[threading.Thread] = []
    store = editing.set_committee

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return store(*args, **kwargs)

    monkeypatch.setattr(editing, "set_committee", recorded)
    applied: list[Changes] = []
    apply = screen.apply
    monkeypatch.setattr(screen, "apply", lambda changes: (applied.append(changes), apply(changes)))
    screen.add_row("Phạm Thị Thu", "Thư ký", focus=False)
    screen.save()
    qtbot.waitUntil(lambda: bool(applied), timeout=10_000)
    assert threads
    assert threading.main_thread() not in threads
    assert applied == [Changes(committee=True)]
    assert not screen.dirty
    assert screen.members()[-1] == ("Phạm Thị Thu", "Thư ký")
    assert window.context.read(meetings.meeting_info).committee[-1] == ("Phạm Thị Thu", "Thư ký")


def test_committee_screen_edits_the_committee(window: MainWindow, qtbot) -> None:
    from ui.screens.committee import CommitteeScreen

    screen = next(s for s in window.screens if isinstance(s, CommitteeScreen))
    window.go_to(window.screens.index(screen))
    assert screen.members()[0] == ("Nguyễn Văn Hùng", "Trưởng ban")
    screen.add_row("Phạm Thị Thu", "Thư ký", focus=False)
    screen.table.select_row(3)
    screen.move_row(-1)
    screen.save()
    info = window.context.read(meetings.meeting_info)
    assert info.committee == (
        ("Nguyễn Văn Hùng", "Trưởng ban"),
        ("Lê Thị Mai", "Ủy viên"),
        ("Phạm Thị Thu", "Thư ký"),
        ("Trần Quốc Toản", "Ủy viên"),
    )


def test_rotating_backups_beside_the_file(window: MainWindow, demo_path: Path, monkeypatch) -> None:
    from app.services import backups

    monkeypatch.setattr(backups, "BACKUPS_KEPT", 2)
    folder = window.context.backup_folder()
    assert folder == demo_path.with_name("demo.saoluu")
    import datetime as dt
    import itertools

    from app import clock

    seconds = itertools.count(1)
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2025, 6, 20, 9, 30) + dt.timedelta(seconds=next(seconds)))
    for _ in range(3):
        assert window.context.backup_now() is not None
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 2
    assert window.context.backup_timer.isActive()


def test_a_failed_backup_is_said_not_silent(window: MainWindow, monkeypatch) -> None:
    from app.errors import KiemPhieuError
    from app.services import integrity

    def full_disk(*_args: object) -> None:
        raise KiemPhieuError("đĩa đầy")

    monkeypatch.setattr(integrity, "backup", full_disk)
    assert window.context.backup_now() is None
    assert "Chưa sao lưu được (đĩa đầy)" in window.statusBar().currentMessage()


def test_a_read_only_copy_opens_for_reading_with_a_banner(qtbot, demo_path: Path, tmp_path: Path, monkeypatch) -> None:
    """#15: a copy nobody can write (a write-protected stick) opens; results read, writes refused in words."""
    import os

    import pytest

    import app.store.db as db
    from app.errors import MeetingFileError
    from app.services import polls, tallying

    folder = tmp_path / "ban-sao"
    folder.mkdir()
    copy = folder / demo_path.name
    copy.write_bytes(demo_path.read_bytes())
    real_access = os.access
    monkeypatch.setattr(db.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    win = MainWindow()
    qtbot.addWidget(win)
    win.open_path(copy)
    try:
        assert win.pages.currentWidget() is win.work
        assert not win.read_only_banner.isHidden()
        assert "Tệp chỉ cho đọc." in win.read_only_banner.text()
        assert win.windowTitle().endswith("(chỉ đọc)")
        summaries = win.context.read(polls.list_polls)
        assert summaries
        entered = win.context.read(lambda s: tallying.tally_poll(s, summaries[0].code)).tally.totals.entered
        assert entered == summaries[0].entered
        with pytest.raises(MeetingFileError, match="tệp đang mở chỉ để đọc, thao tác này CHƯA được ghi"):
            win.context.write(
                lambda s: polls.set_ballot_counts(s, code=summaries[0].code, issued=None, collected=1, actor="x")
            )
        for index in range(win.nav.count()):  # every screen shows without writing anything
            win.nav.setCurrentRow(index)
        assert sorted(p.name for p in folder.iterdir()) == [copy.name]  # no journal, WAL, lock or backup
    finally:
        win.context.close()
    assert win.read_only_banner.isHidden()


def test_a_file_taken_over_while_the_computer_slept_turns_read_only_with_a_banner(
    window: MainWindow, demo_path: Path, monkeypatch
) -> None:
    """#14: the window's timer fires when the computer wakes; another computer has the file now."""
    import datetime as dt
    import os

    import pytest
    from conftest import FROZEN_NOW

    from app import clock
    from app.errors import MeetingFileError
    from app.services import polls
    from app.store import sharing
    from app.store.db import open_meeting_file

    assert _marker_host(demo_path) == sharing.computer()  # the window holds the file's open marker
    os.utime(sharing.marker_path(demo_path), (FROZEN_NOW.timestamp(), FROZEN_NOW.timestamp()))
    monkeypatch.setattr(clock, "now", lambda: FROZEN_NOW + dt.timedelta(minutes=7))
    monkeypatch.setattr(sharing, "computer", lambda: "may-ban-2")
    other = open_meeting_file(demo_path)  # the stale marker is taken over
    monkeypatch.setattr(sharing, "computer", lambda: "may-ban-1")
    assert window.read_only_banner.isHidden()
    window.context.mark_timer.timeout.emit()
    assert not window.read_only_banner.isHidden()
    assert "Máy may-ban-2 đã mở tệp này để ghi" in window.read_only_banner.text()
    assert "(7 phút)" in window.read_only_banner.text()
    assert window.windowTitle().endswith("(chỉ đọc)")
    assert not window.context.mark_timer.isActive()
    assert not window.context.backup_timer.isActive()
    with pytest.raises(MeetingFileError, match="máy may-ban-2 đã mở tệp để ghi"):
        window.context.write(lambda s: polls.set_ballot_counts(s, code="bch", issued=9, collected=None, actor="x"))
    other.close()


def _marker_host(path: Path) -> object:
    import json

    from app.store import sharing

    return json.loads(sharing.marker_path(path).read_text(encoding="utf-8"))["may"]


def _cli_anchor(path: Path, capsys) -> str:
    from app.cli import main

    capsys.readouterr()
    assert main(["anchor", str(path)]) == 0
    return capsys.readouterr().out.strip()


def test_the_anchor_code_is_in_view_and_goes_to_the_witness_file(
    window: MainWindow, demo_path: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from app.services import polls

    code = _cli_anchor(demo_path, capsys)
    assert window.anchor_label.text() == f"Mã neo: {code}"
    beside = demo_path.with_name("demo.neo.txt")
    assert window.context.witness_path() == beside
    window.context.backup_timer.timeout.emit()  # the five-minute tick
    assert beside.read_text(encoding="utf-8").splitlines()[-1].split("\t")[1:] == [code, "định kỳ"]
    # The head puts the witness file on a USB stick: the current code is written there at once.
    usb = tmp_path / "usb" / "dai-hoi.neo.txt"
    usb.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(usb), ""))
    window.choose_witness()
    assert usb.read_text(encoding="utf-8").splitlines()[-1].split("\t")[1:] == [code, "ghi theo lệnh"]
    window.context.write(lambda s: polls.set_ballot_counts(s, code="bch", issued=300, collected=None, actor="t"))
    later = _cli_anchor(demo_path, capsys)
    assert later != code
    assert window.anchor_label.text() == f"Mã neo: {later}"
    window.context.close()
    assert window.anchor_label.text() == ""
    lines = [line.split("\t")[1:] for line in usb.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    assert lines == [[code, "ghi theo lệnh"], [later, "đóng tệp"]]
    assert main_verify_witness(demo_path, usb, capsys) == 0


def main_verify_witness(path: Path, witness: Path, capsys) -> int:
    from app.cli import main

    capsys.readouterr()
    return main(["verify", str(path), "--witness", str(witness)])


def test_a_witness_file_that_cannot_be_written_is_said_not_silent(window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    QSettings().setValue(window.context._witness_key(), str(tmp_path / "rut-ra" / "dai-hoi.neo.txt"))
    window.context.backup_timer.timeout.emit()
    assert "Chưa ghi được mã neo" in window.statusBar().currentMessage()


def test_a_second_window_on_a_file_another_window_has_open_is_refused_in_words(
    qtbot, demo_path: Path, monkeypatch
) -> None:
    """#17: a second KiểmPhiếu of this computer on the same file (a stray second window) is refused: the one writing
    it keeps the file to itself (tests/store/test_lost_wal.py tells why)."""
    import json
    import subprocess
    import sys

    from PySide6.QtWidgets import QMessageBox

    from app import clock
    from app.store import sharing

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        sharing.marker_path(demo_path).write_text(
            json.dumps({"may": sharing.computer(), "mo": "ab12", "pid": other.pid, "luc": clock.now().isoformat()}),
            encoding="utf-8",
        )
        messages: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *args: messages.append(text))
        win = MainWindow()
        qtbot.addWidget(win)
        win.open_path(demo_path)
        assert not win.context.is_open
        assert win.pages.currentWidget() is not win.work
        assert len(messages) == 1
        assert "đang được mở để ghi trong một cửa sổ KiểmPhiếu khác trên máy này" in messages[0]
        assert "Traceback" not in messages[0]
    finally:
        other.kill()
        other.wait()
    win.open_path(demo_path)  # that window gone, the file opens at once
    assert win.context.is_open
    win.context.close()


def test_a_committee_write_refused_keeps_what_was_typed_though_a_read_came_meanwhile(
    window: MainWindow, qtbot, background: None, monkeypatch
) -> None:
    """#17: a read of the committee asked while its write waits on the writer thread began before the write: its
    answer is the old list. It must not replace the rows on screen — had the write then been refused, the rows
    typed would be gone with nothing saved. Refused, the typed rows stay, not saved; stored, the list shows what
    is stored."""
    import threading

    from app.errors import EntryError
    from app.services import editing
    from ui.screens.committee import CommitteeScreen

    screen = next(s for s in window.screens if isinstance(s, CommitteeScreen))
    window.go_to(window.screens.index(screen))
    qtbot.waitUntil(screen.isEnabled, timeout=10_000)
    release = threading.Event()
    errors: list[str] = []
    monkeypatch.setattr("ui.screens.committee.show_error", lambda _parent, exc: errors.append(str(exc)))

    def refused(*args, **kwargs):
        release.wait(10)
        raise EntryError("Tên thành viên không hợp lệ.")

    monkeypatch.setattr(editing, "set_committee", refused)
    screen.add_row("Phạm Thị Thu", "Thư ký", focus=False)
    screen.save()
    screen.refresh()  # e.g. the window shown again while the write waits
    qtbot.wait(300)  # the read, had it gone ahead, is answered by now
    assert screen.members()[-1] == ("Phạm Thị Thu", "Thư ký")
    release.set()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert screen.dirty
    assert screen.members()[-1] == ("Phạm Thị Thu", "Thư ký")
