"""Screenshots of every screen for the user guide in README.md, at the two window sizes the GUI is made for
(docs/screens/NN-<name>-1024.png and NN-<name>-1366.png: a 1024×768 projector mirror, a 1366×768 laptop).

Needs a real X server at least 1366×768; it starts none itself. On a machine without a display:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/make_screenshots.py

For each size the demo meeting is built afresh in a temporary folder, the main window is opened at that size
and every step is saved with QWidget.grab() (256-colour PNG). Dialogs are answered by the script (nothing
waits for a click); a dialog that is part of a picture is drawn over the window it belongs to. One extra
picture of the whole X screen, taken with ImageMagick's `import -window root`, checks that the X path
really draws the window
(it is compared with window.grab() and then thrown away).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageStat
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget
from sqlalchemy.orm import Session

from app.rules.model import PollKind
from app.services import sheets
from app.services.demo import build_demo
from app.services.spec import CriterionSpec, ItemSpec, PollSpec
from ui import workers
from ui.app import make_application
from ui.main_window import SCREEN_ORDER, MainWindow, NewMeetingDialog
from ui.ops import Changes, CollectionOp

OUT = Path(__file__).resolve().parent / "screens"
SIZES = ((1024, 768), (1366, 768))
MAX_BYTES = 250_000
OPERATOR = "Lê Thị Mai"


def settle(ms: int = 400) -> None:
    """Let Qt lay out, paint and run its timers (debounced refreshes, the partial tally)."""
    QTest.qWait(ms)


def png_bytes(pixmap: QPixmap) -> bytes:
    """`pixmap` as PNG data."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    return bytes(buffer.data().data())


def save(pixmap: QPixmap, name: str) -> Path:
    """Write docs/screens/<name>.png in 256 colours (screens have about a thousand, nearly all of them
    anti-aliasing shades: the text looks the same and the file is a third of the size)."""
    image = Image.open(io.BytesIO(png_bytes(pixmap))).convert("RGB")
    target = OUT / f"{name}.png"
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(target, optimize=True)
    size = target.stat().st_size
    print(f"{target.relative_to(OUT.parent.parent)}: {image.width}×{image.height}, {size // 1024} KB")
    if size > MAX_BYTES:
        print(f"  (lớn hơn {MAX_BYTES // 1000} KB)")
    return target


def shot(widget: QWidget, name: str) -> Path:
    """Save what `widget` shows."""
    settle()
    return save(widget.grab(), name)


def with_dialog(window: QWidget, dialog: QWidget, name: str) -> Path:
    """The window, slightly dimmed, with `dialog` drawn where it stands on the screen (clamped inside)."""
    settle()
    picture = window.grab()
    front = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))
    where = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
    x = max(0, min(where.x(), picture.width() - front.width()))
    y = max(0, min(where.y(), picture.height() - front.height()))
    painter.setPen(QColor("#666666"))
    painter.drawRect(x - 1, y - 1, front.width() + 1, front.height() + 1)
    painter.drawPixmap(x, y, front)
    painter.end()
    return save(picture, name)


def grab_modal_then(window: QWidget, name: str, answer: Callable[[QWidget], None]) -> None:
    """When the next modal dialog is up, picture it over `window`, then close it with `answer`."""

    def take() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(100, take)
            return
        with_dialog(window, dialog, name)
        answer(dialog)

    QTimer.singleShot(300, take)


def check_real_x(window: MainWindow, folder: Path) -> None:
    """Take the whole X screen with ImageMagick and compare it with window.grab(): the real-X path works."""
    if shutil.which("import") is None:
        print("ImageMagick 'import' không có: bỏ qua bước kiểm tra màn hình X thật.")
        return
    settle(600)
    root = folder / "root.png"
    subprocess.run(["import", "-window", "root", str(root)], check=True, timeout=60)
    screen = Image.open(root).convert("RGB")
    grabbed = Image.open(io.BytesIO(png_bytes(window.grab()))).convert("RGB")
    origin = window.mapToGlobal(QPoint(0, 0))
    box = (origin.x(), origin.y(), origin.x() + grabbed.width, origin.y() + grabbed.height)
    difference = ImageStat.Stat(ImageChops.difference(screen.crop(box), grabbed)).mean
    colours = len(screen.getcolors(1 << 20) or [])
    print(
        f"import -window root: {screen.width}×{screen.height}, {colours} màu; "
        f"sai khác trung bình với window.grab() tại ({origin.x()}, {origin.y()}): "
        + ", ".join(f"{d:.2f}" for d in difference)
    )
    if colours < 16 or max(difference) > 8:
        raise SystemExit("Màn hình X không giống cửa sổ chương trình: kiểm tra lại DISPLAY.")


def answer_dialogs(folder: Path) -> None:
    """Questions say Yes, save dialogs take the suggested name in `folder`, reasons are filled in."""

    def save_name(parent: QWidget, caption: str, suggested: str = "", *args: object, **kwargs: object) -> tuple:
        return str(folder / Path(suggested).name), ""

    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)  # type: ignore[method-assign]
    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)  # type: ignore[method-assign]

    def warning(parent: QWidget, title: str, text: str, *args: object, **kwargs: object) -> QMessageBox.StandardButton:
        print(f"(cảnh báo: {text})")
        return QMessageBox.StandardButton.Ok

    QMessageBox.warning = staticmethod(warning)  # type: ignore[method-assign]
    QFileDialog.getSaveFileName = staticmethod(save_name)  # type: ignore[method-assign]
    QInputDialog.getText = staticmethod(  # type: ignore[method-assign]
        lambda *a, **k: ("Sửa số phiếu thu về theo biên bản mở hòm phiếu", True)
    )


#: A poll still being prepared (nothing printed): the poll editor shows it editable.
DRAFT_SCORING = PollSpec(
    code="cham-diem-cong-chuc",
    kind=PollKind.SCORING,
    profile="scoring",
    title="Chấm điểm công chức chuyên môn xã năm 2025",
    seats=0,
    items=(
        ItemSpec("Nguyễn Thị Hoa", 1985, "Công chức Văn phòng – Thống kê"),
        ItemSpec("Trần Văn Khánh", 1982, "Công chức Địa chính – Xây dựng"),
        ItemSpec("Lương Thị Thu", 1990, "Công chức Tài chính – Kế toán"),
    ),
    criteria=(
        CriterionSpec("Phẩm chất chính trị, đạo đức, lối sống", 40),
        CriterionSpec("Năng lực và kỹ năng", 40),
        CriterionSpec("Kết quả thực hiện nhiệm vụ được giao", 120),
    ),
)


SCANNED_CONFIDENCE = PollSpec(
    code="tin-nhiem-ubkt",
    kind=PollKind.CONFIDENCE,
    profile="party-confidence",
    title="Lấy phiếu tín nhiệm Ủy ban Kiểm tra Đảng ủy xã năm 2025",
    seats=0,
    items=(
        ItemSpec("Lê Văn Cường", 1975, "Chủ nhiệm Ủy ban Kiểm tra"),
        ItemSpec("Bùi Quang Huy", 1980, "Phó Chủ nhiệm Ủy ban Kiểm tra"),
        ItemSpec("Đào Văn Nam", 1984, "Ủy viên Ủy ban Kiểm tra"),
    ),
)


def scan_pictures(window: MainWindow, folder: Path, show: Callable[..., QWidget], name: Callable[[str], str]) -> None:
    """Six confidence ballots of a poll of their own, marked by hand (a faint dot, a circled box, a signature),
    scanned and waiting for review."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ (pen marks, filled sheets)
    from app.printing.layout import template
    from app.rules.model import Ballot
    from app.services import polls, printing
    from benchmarks import penmarks
    from benchmarks.filled import filled_sheets

    meeting_file = window.context.meeting_file
    assert meeting_file is not None
    code = SCANNED_CONFIDENCE.code
    window.context.write(lambda s: polls.add_poll(s, SCANNED_CONFIDENCE, actor=OPERATOR))
    empty = Ballot(key="", choices=(frozenset(), frozenset(), frozenset()))
    sheets = filled_sheets(meeting_file, code, [empty] * 6, folder)
    page = template(code, "A4", window.context.read(lambda s: printing.poll_layout(s, code, "A4"))[1])
    boxes = {(r["row"], r["col"]): r["rect"] for r in page["pages"][0]["regions"] if r["kind"] == "box"}
    rng = random.Random(4)
    scans = folder / "may-quet"
    scans.mkdir()
    for n, (_, images) in enumerate(sheets):
        image = images[0]
        hand = penmarks.Hand(0.5, 40, 0.1)
        for row in (1, 2, 3):
            style = "faint_dot" if (n, row) == (0, 2) else "circled" if (n, row) == (1, 3) else "cross"
            penmarks.draw_box(image, boxes[(row, (row + n) % 3 + 1)], 200, style, hand, rng)
        if n == 2:
            penmarks.draw_signature(image, page["pages"][0], 200, hand, rng)
        image = penmarks.degrade(image, penmarks.moderate(rng), rng)
        image.save(scans / f"quet-{n + 1:03d}.png", dpi=(200, 200))
    scanning = show("scanning", code)
    scanning.scan([scans])  # type: ignore[attr-defined]
    scanning.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    scanning.queue_list.setCurrentRow(1)  # type: ignore[attr-defined]  # the circled box
    window.statusBar().clearMessage()
    shot(window, name("scan-review"))
    scanning.tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
    shot(window, name("scan-bulk"))


def main() -> int:
    os.environ["KIEMPHIEU_LANG"] = "vi"  # the pictures are of the Vietnamese interface, whatever the user chose
    if not os.environ.get("DISPLAY"):
        print('Cần màn hình X: xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/make_screenshots.py')
        return 2
    app = make_application([sys.argv[0], "-platform", "xcb"])
    if QGuiApplication.platformName() != "xcb":
        print(f"Nền tảng Qt là '{QGuiApplication.platformName()}', không phải xcb (X thật).")
        return 2
    screen = QGuiApplication.primaryScreen()
    print(
        f"Màn hình X {os.environ['DISPLAY']}: {screen.geometry().width()}×{screen.geometry().height()}, "
        f"{screen.logicalDotsPerInch():.0f} dpi"
    )
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    workers.set_synchronous(True)  # background jobs run inline: every picture shows a finished job
    for width, height in SIZES:
        walk(width, height)
    app.processEvents()
    return 0


def walk(width: int, height: int) -> None:
    """Every screen, in the order of the work, in a window of `width`×`height` on a fresh demo meeting."""
    with tempfile.TemporaryDirectory(prefix="kiemphieu-") as temp:
        folder = Path(temp)
        # Recent files and the operator go to a throw-away settings file, never the user's.
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
        QSettings().setValue("operator", OPERATOR)
        answer_dialogs(folder)
        meeting = folder / "dai-hoi-an-binh.kiemphieu"
        build_demo(meeting).close()

        window = MainWindow()
        window.show()
        window.move(0, 0)
        window.resize(width, height)
        # Open and close once so that the start page lists the file under "Mở gần đây".
        window.context.open(meeting)
        window.context.close()
        settle(800)
        check_real_x(window, folder)
        step = iter(range(1, 100))

        def name(text: str) -> str:
            return f"{next(step):02d}-{text}-{width}"

        shot(window, name("start"))

        dialog = NewMeetingDialog(window)
        dialog.title.setText("Đại hội đại biểu Đảng bộ xã An Bình lần thứ XX, nhiệm kỳ 2025–2030")
        dialog.organization.setText("ĐẢNG BỘ XÃ AN BÌNH")
        dialog.superior.setText("ĐẢNG BỘ HUYỆN YÊN LẠC")
        dialog.place.setText("An Bình")
        dialog.convened.setValue(150)
        dialog.present.setValue(146)
        dialog.show()
        with_dialog(window, dialog, name("new-meeting"))
        dialog.reject()

        window.context.open(meeting)

        def show(screen_name: str, poll: str = "bch") -> QWidget:
            window.context.select_poll(poll)
            window.go_to(SCREEN_ORDER.index(screen_name))
            settle()
            return window.screens[SCREEN_ORDER.index(screen_name)]

        show("meeting")
        shot(window, name("meeting"))
        show("committee")
        shot(window, name("committee"))
        show("polls")
        shot(window, name("polls"))
        polls = show("polls")
        polls.create_poll(DRAFT_SCORING)  # type: ignore[attr-defined]
        polls.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
        window.statusBar().clearMessage()
        shot(window, name("polls-scoring"))

        printing = show("printing")
        printing.save_pdf()  # type: ignore[attr-defined]  # 151 ballots into the temp folder, then the preview
        shot(window, name("printing"))
        window.statusBar().clearMessage()

        entry = show("entry")
        entry.take_unnumbered()  # type: ignore[attr-defined]
        for key in (Qt.Key.Key_3, Qt.Key.Key_8):  # strike names 3 and 8 by their row numbers
            QTest.keyClick(entry.editor.view, key)  # type: ignore[attr-defined]
        settle(600)  # the partial tally refreshes after 250 ms
        shot(window, name("entry"))
        entry.cancel_sheet()  # type: ignore[attr-defined]

        entry = show("entry", "tin-nhiem")
        entry.take_unnumbered()  # type: ignore[attr-defined]
        for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1):  # one key per row: column 1, 2, 1
            QTest.keyClick(entry.editor.view, key)  # type: ignore[attr-defined]
        settle(600)
        shot(window, name("entry-grid"))
        entry.cancel_sheet()  # type: ignore[attr-defined]

        # A check code typed with one character wrong: refused at once, loudly.
        entry = show("entry")
        check = window.context.read(lambda s: sheets.list_sheets(s, "bch"))[0].check
        typo = check[:-1] + ("A" if check[-1] != "A" else "B")
        entry.scan.setText(typo)  # type: ignore[attr-defined]
        grab_modal_then(window, name("entry-refused"), lambda box: box.close())
        entry.take_scan()  # type: ignore[attr-defined]

        scan_pictures(window, folder, show, name)

        # The committee records the 5 spare sheets printed above (151 for 146 present) as never handed out (Ghi phiếu
        # chưa phát): the numbers reconcile, so the results say who is elected and the minutes are made, as the
        # guide tells (the pictures showed "Kết quả tạm thời" and the minutes refused).
        def spare_sheets(session: Session) -> list[str]:
            issued = [s.serial for s in sheets.list_sheets(session, "bch") if s.status == "issued" and not s.entered]
            return issued[-5:]

        spare = window.context.read(spare_sheets)
        CollectionOp(
            window,
            window.context,
            lambda session: sheets.return_unused(session, serials=spare, actor=OPERATOR),
            Changes.poll("bch"),
        ).run()
        settle()

        results = show("results")
        settle(600)
        shot(window, name("results"))
        results.open_projector()  # type: ignore[attr-defined]
        settle(1000)
        projector = results.projector  # type: ignore[attr-defined]
        if projector.width() != width:  # the projector mirrors a 1024×768 window: picture it at that size
            projector.showNormal()
            projector.setGeometry(0, 0, width, height)
            settle(600)
        shot(projector, name("projector"))
        projector.close()

        minutes = show("minutes")
        shot(window, name("minutes"))
        minutes.make_final()  # type: ignore[attr-defined]  # PDF + Excel into the temp folder; closes the poll
        shot(window, name("minutes-made"))

        window.close()
        settle(200)


if __name__ == "__main__":
    raise SystemExit(main())
