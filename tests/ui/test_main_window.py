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


def test_committee_screen_edits_the_committee(window: MainWindow, qtbot) -> None:
    from ui.screens.committee import CommitteeScreen

    screen = next(s for s in window.screens if isinstance(s, CommitteeScreen))
    window.go_to(window.screens.index(screen))
    assert screen.members()[0] == ("Nguyễn Văn Hùng", "Trưởng ban")
    screen.add_row("Phạm Thị Thu", "Thư ký", focus=False)
    screen.table.setCurrentCell(3, 0)
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
