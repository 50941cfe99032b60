"""#17 (the counting-day walk repeated in a real window): the leftovers of issue 17f."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.services import audit, meetings
from app.store.orm import AuditEntry
from tests.ui.entry_helpers import focus_in
from ui.main_window import MainWindow


def _audit_rows(window: MainWindow) -> int:
    return int(window.context.read(lambda s: s.scalar(select(func.count(AuditEntry.id)))) or 0)


def _actions(window: MainWindow) -> list[str]:
    return list(window.context.read(lambda s: list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))))


def _committee_screen(window: MainWindow, qtbot):
    from ui.screens.committee import CommitteeScreen

    screen = next(s for s in window.screens if isinstance(s, CommitteeScreen))
    window.show()
    window.go_to(window.screens.index(screen))
    focus_in(qtbot, window)
    screen.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    return screen


def test_ctrl_s_on_an_unchanged_committee_writes_nothing(window: MainWindow, qtbot) -> None:
    screen = _committee_screen(window, qtbot)
    before = _audit_rows(window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # (the save runs off the UI thread: its answer comes when it is done; on a loaded machine, after the key)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Không có thay đổi để ghi.", timeout=10_000)
    assert _audit_rows(window) == before
    assert not screen.dirty


def test_ctrl_s_on_a_changed_committee_writes_one_transaction(window: MainWindow, qtbot) -> None:
    screen = _committee_screen(window, qtbot)
    before = _audit_rows(window)
    screen.add_row("Phạm Thị Thu", "Thư ký", focus=False)
    screen.table.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Đã ghi danh sách Ban kiểm phiếu.", timeout=10_000)
    # The action and the state entry of its transaction (the rows it changed), nothing more.
    assert _actions(window)[before:] == ["committee.set", audit.STATE]
    assert window.context.read(meetings.meeting_info).committee[-1] == ("Phạm Thị Thu", "Thư ký")
    assert not screen.dirty


def test_ctrl_s_on_the_unchanged_meeting_screen_says_so(window: MainWindow, qtbot) -> None:
    """The meeting screen, saved with nothing changed, writes nothing too and says so the same way."""
    from ui.screens.meeting import MeetingScreen

    screen = next(s for s in window.screens if isinstance(s, MeetingScreen))
    window.show()
    window.go_to(window.screens.index(screen))
    screen.place.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.place)
    before = _audit_rows(window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.status.text() == "Không có thay đổi để ghi.", timeout=10_000)  # (off the UI thread)
    assert _audit_rows(window) == before


def _collected_unset(context, code: str) -> int:
    """Poll `code` as it is before the committee records the ballots collected; returns the ballots entered."""
    from app.services.polls import get_poll
    from app.services.tallying import tally_json, tally_poll

    def unset(session) -> None:
        get_poll(session, code).collected = None  # setting up the state only (no service clears the count)

    context.write(unset)
    return int(context.read(lambda s: tally_json(tally_poll(s, code)))["entered"])


def test_results_do_not_show_the_entered_count_as_collected(qtbot, context) -> None:
    from ui.screens.results import ResultsScreen

    entered = _collected_unset(context, "bch")
    screen = ResultsScreen(context)
    qtbot.addWidget(screen)
    context.select_poll("bch")
    screen.refresh()
    qtbot.waitUntil(lambda: screen.stat["entered"].text() == str(entered), timeout=10_000)
    assert screen.stat["collected"].text() == "chưa ghi"
    assert "chưa ghi số phiếu thu về" in screen.stat["collected"].toolTip()
    assert "KẾT QUẢ TẠM THỜI" in screen.poll_label.text()
    summary = screen.summary_label.text()
    assert f"đã nhập {entered} phiếu; Ban kiểm phiếu <b>chưa ghi số phiếu thu về</b>" in summary
    assert f"{entered}/{entered}" not in summary


def test_the_projector_does_not_show_the_entered_count_as_collected(qtbot, context) -> None:
    from ui.projector import ProjectorWindow

    entered = _collected_unset(context, "bch")
    context.select_poll("bch")
    projector = ProjectorWindow(context)
    qtbot.addWidget(projector)
    projector.refresh()
    qtbot.waitUntil(lambda: "Hợp lệ" in projector.totals_label.text(), timeout=10_000)
    assert "Thu về <b>chưa ghi</b>" in projector.totals_label.text()
    assert f"Thu về <b>{entered}</b>" not in projector.totals_label.text()
    assert "KẾT QUẢ TẠM THỜI" in projector.title_label.text()


FILE_DIALOG_SIZES = r"""
import json, locale, sys, time
from pathlib import Path
from PySide6.QtWidgets import QFileDialog, QFileSystemModel
from ui.app import make_application

app = make_application([])
folder = Path(sys.argv[1])
dialog = QFileDialog(None, "Mở tệp hội nghị", str(folder))
dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own: the one a kiosk without a portal shows
dialog.setViewMode(QFileDialog.ViewMode.Detail)
dialog.show()
model = dialog.findChild(QFileSystemModel)
names = ("bien-ban.pdf", "phieu.pdf")
sizes = {}
for _ in range(500):
    app.processEvents()
    sizes = {name: str(model.index(str(folder / name)).siblingAtColumn(1).data() or "") for name in names}
    if all(sizes.values()):
        break
    time.sleep(0.01)
print(json.dumps({"sizes": sizes, "numeric": locale.setlocale(locale.LC_NUMERIC)}))
"""


def test_the_file_dialog_sizes_in_vietnamese_under_the_c_locale(tmp_path) -> None:
    """#17: with LANG unset / LC_ALL=C (many kiosks), Qt's file dialog wrote the size column with the C locale
    ("500 bytes", "4.88 KiB") in a Vietnamese dialog: Qt formats it with the *system* locale, read from the
    environment, not through a translation. A fresh process, as the app starts."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path / "tep"
    folder.mkdir()
    (folder / "bien-ban.pdf").write_bytes(b"%" * 500)
    (folder / "phieu.pdf").write_bytes(b"%" * 5000)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "KIEMPHIEU_LANG"))}
    env |= {"LC_ALL": "C", "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).parents[2])}
    env |= {"XDG_CONFIG_HOME": str(tmp_path / "config")}  # the settings: none, Vietnamese by default
    run = subprocess.run(
        [sys.executable, "-c", FILE_DIALOG_SIZES, str(folder)], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["sizes"] == {"bien-ban.pdf": "500 byte", "phieu.pdf": "4,88 KiB"}
    assert seen["numeric"] == "C"  # the C library's numbers are left as they were


def test_a_locale_the_user_set_is_kept() -> None:
    from ui.app import vietnamese_system_locale

    for environ in ({"LANG": "en_US.UTF-8"}, {"LC_ALL": "vi_VN.UTF-8", "LANG": "C"}, {"LC_MESSAGES": "de_DE"}):
        before = dict(environ)
        assert not vietnamese_system_locale("vi", environ)
        assert environ == before
    english: dict[str, str] = {}
    assert not vietnamese_system_locale("en", english)
    assert english == {}
    kiosk = {"LC_ALL": "C", "LC_CTYPE": "C.UTF-8"}
    assert vietnamese_system_locale("vi", kiosk)
    assert kiosk == {
        "LANG": "C",
        "LC_CTYPE": "C.UTF-8",
        "LC_MESSAGES": "vi_VN.UTF-8",
        "LC_NUMERIC": "vi_VN.UTF-8",
        "LC_TIME": "vi_VN.UTF-8",
    }


def test_the_entry_log_beside_the_form_says_which_ballots_were_read_from_scans(window: MainWindow, qtbot) -> None:
    """#17, item 1: a ballot read from a scanned image shows as such on the entry screen, one keyed by hand does
    not repeat "nhập tay" on every line; the words are the one set the minutes and the workbook print."""
    from app.rules.model import Ballot
    from app.services.ballots import enter_ballot
    from app.sources import BallotSource
    from tests.ui.entry_helpers import entry_screen

    code = "tin-nhiem"
    screen = entry_screen(window, code)
    screen.pass_no.setValue(2)  # a pass of its own: only the two ballots below
    for source, operator in ((BallotSource.KEYED, "Lê Thị Mai"), (BallotSource.SCAN, "may-quet")):
        window.context.write(
            lambda s, source=source, operator=operator: enter_ballot(
                s,
                code=code,
                serial=None,
                ballot=Ballot(key="", physical_invalid="torn"),
                operator=operator,
                station="may-2",
                source=source,
                pass_no=2,
                without_code=True,
            )
        )
    screen.refresh()
    qtbot.waitUntil(lambda: screen.recent.count() == 2, timeout=10_000)
    scanned, keyed = (screen.recent.item(i).text() for i in range(2))  # newest first
    assert "đọc từ ảnh quét" in scanned
    assert "may-quet" in scanned
    assert "đọc từ ảnh quét" not in keyed
    assert "nhập tay" not in keyed
