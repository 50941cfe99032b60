"""Refresh the English translation after UI changes: pyside6-lupdate updates the .ts, this script reports what is
left to translate and compiles the .qm.

Usage (from the repository root):

    .venv/bin/python tools/i18n.py            # update resources/i18n/kiemphieu_en.ts, report, run lrelease
    .venv/bin/python tools/i18n.py --check    # only report; exit 1 if a message is new, untranslated or stale
    .venv/bin/python tools/i18n.py --no-obsolete   # also drop messages no longer in the sources

After a run, open the .ts in Qt Linguist (or any editor), translate the messages the report lists as
untranslated (they are marked type="unfinished"), then run the script again so the .qm is compiled.
Commit both resources/i18n/kiemphieu_en.ts and resources/i18n/kiemphieu_en.qm.

Qt's own dialogs in Vietnamese (resources/i18n/qtbase_vi.ts → qtbase_vi.qm): Qt ships no Vietnamese translation
for its file and message dialogs, so the app ships one for the contexts it shows (QT_CONTEXTS). Their English
source strings are read from the qtbase_*.qm files that come with PySide6 (each holds context and source text of
every message it translates; the union of all languages is taken). A run merges them into qtbase_vi.ts (keeping
the Vietnamese already written; a new Qt string comes in untranslated) and compiles qtbase_vi.qm; --check fails
while a string of a covered context has no Vietnamese.

pyside6-lupdate finds the messages (LUPDATE_ALIASES):

* every `tr("context", "text")` in ui/: our helper `ui.i18n.tr` is given to lupdate as a spelling of
  `translate(context, source)`;
* every `QT_TRANSLATE_NOOP("context", "text")` in ui/: the screen titles (`title = QT_TRANSLATE_NOOP("nav", …)`,
  shown with `tr("nav", screen.title)`) and the editor's level abbreviations;
* every `translatable("context", "text")` in app/ (`app.text.translatable`, a spelling of QT_TRANSLATE_NOOP):
  the words the core owns and the GUI shows through `tr` (mark columns, physical reasons, scan outcomes and
  reasons). The core stays free of Qt; the words are written once.

A `tr(context, variable)` reaches the .ts only when its texts are marked; tests/ui/test_i18n.py checks each such
call site. Kept here by hand: only the completeness check (untranslated messages, and translations that lose a
placeholder, an HTML tag, a keyboard mnemonic or a label's final colon) and running lrelease.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = ROOT / "resources" / "i18n"
TS_FILE = I18N_DIR / "kiemphieu_en.ts"
QM_FILE = I18N_DIR / "kiemphieu_en.qm"
LANGUAGE = "en_US"
SOURCE_LANGUAGE = "vi_VN"
MARKER = "translatable"  # app.text.translatable
LUPDATE_ALIASES = f"translate+=tr,QT_TRANSLATE_NOOP+={MARKER}"


# ---------------------------------------------------------------------------------------- lupdate


def sources(root: Path = ROOT) -> list[Path]:
    """What lupdate reads, in a stable order: ui/ (not the `tr` helper itself), and the app/ modules that mark
    words with `translatable(`."""
    ui = [p for p in sorted((root / "ui").rglob("*.py")) if p != root / "ui" / "i18n.py"]
    marked = [
        p
        for p in sorted((root / "app").rglob("*.py"))
        if p != root / "app" / "text.py" and f"{MARKER}(" in p.read_text(encoding="utf-8")
    ]
    return [*ui, *marked]


def _tool(name: str) -> str | None:
    """A Qt tool beside this Python (the virtualenv), or on PATH."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    if beside.exists():
        return str(beside)
    return shutil.which(f"pyside6-{name}") or shutil.which(name)


def lupdate_tool() -> str | None:
    """pyside6-lupdate, or None when PySide6's tools are not installed."""
    return _tool("lupdate")


def lrelease_tool() -> str | None:
    """pyside6-lrelease, or None when PySide6's tools are not installed."""
    return _tool("lrelease")


def update_ts(ts_path: Path = TS_FILE, *, no_obsolete: bool = False, root: Path = ROOT) -> None:
    """Merge the messages of the sources into `ts_path` (translations kept; messages gone become "vanished")."""
    tool = lupdate_tool()
    if tool is None:
        raise FileNotFoundError("pyside6-lupdate not found (install PySide6 in the virtualenv)")
    command = [
        tool,
        "-silent",
        "-extensions",
        "py",
        "-tr-function-alias",
        LUPDATE_ALIASES,
        "-locations",
        "none",  # the .ts changes only when a text does, not when code moves
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        LANGUAGE,
        *(["-no-obsolete"] if no_obsolete else []),
        *[str(p) for p in sources(root)],
        "-ts",
        str(ts_path),
    ]
    subprocess.run(command, check=True, cwd=root)


def compile_qm(ts_path: Path = TS_FILE, qm_path: Path = QM_FILE) -> None:
    """Compile `ts_path` to `qm_path` with lrelease."""
    tool = lrelease_tool()
    if tool is None:
        raise FileNotFoundError("pyside6-lrelease not found (install PySide6 in the virtualenv)")
    subprocess.run([tool, "-silent", str(ts_path), "-qm", str(qm_path)], check=True)


# ---------------------------------------------------------------------------------------- the .ts


@dataclass(frozen=True)
class Message:
    """One message of the .ts: its translation (None: not translated yet) and whether it is finished or vanished."""

    context: str
    source: str
    translation: str | None = None
    finished: bool = False
    vanished: bool = False


def read_ts(path: Path = TS_FILE) -> list[Message]:
    """The messages of a .ts file (missing file: none)."""
    if not path.exists():
        return []
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for element in context.iter("message"):
            translation = element.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            text = translation.text if translation is not None else None
            messages.append(
                Message(
                    name,
                    element.findtext("source") or "",
                    text or None,
                    finished=kind is None and bool(text),
                    vanished=kind in ("vanished", "obsolete"),
                )
            )
    return messages


# ---------------------------------------------------------------------------------------- checks


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d+")  # ours: {name}; Qt's: %1
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)[^>]*>")


def mnemonics(text: str) -> int:
    """How many keyboard mnemonics ('&x', not '&&') `text` has."""
    return len(re.findall(r"(?<!&)&(?=[^&\s])", text.replace("&&", "")))


def problems(message: Message) -> list[str]:
    """What a translation breaks: placeholders, HTML tags, mnemonics, a label's final colon or ellipsis."""
    if not message.translation:
        return []
    source, translation = message.source, message.translation
    found = []
    if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
        found.append("placeholders differ")
    if sorted(TAG.findall(source)) != sorted(TAG.findall(translation)):
        found.append("HTML tags differ")
    if mnemonics(source) != mnemonics(translation):
        found.append("keyboard mnemonics differ")
    ending = source[-1:] if source.endswith(":") or (source.endswith("…") and not source.endswith(" …")) else ""
    if ending and not translation.endswith(ending):  # a label's colon; the "…" of a command that asks more
        found.append(f"should end with {ending!r}")
    return found


@dataclass(frozen=True)
class Report:
    """What is left to do after lupdate: messages to translate, translations to fix, messages no longer used."""

    messages: list[Message]

    @property
    def current(self) -> list[Message]:
        return [m for m in self.messages if not m.vanished]

    @property
    def untranslated(self) -> list[Message]:
        return [m for m in self.current if not m.finished]

    @property
    def broken(self) -> list[tuple[Message, list[str]]]:
        return [(m, found) for m in self.current if (found := problems(m))]

    @property
    def vanished(self) -> list[Message]:
        return [m for m in self.messages if m.vanished]

    def lines(self) -> list[str]:
        contexts = {m.context for m in self.current}
        lines = [
            f"{len(self.current)} messages in {len(contexts)} contexts: {len(self.untranslated)} untranslated, "
            f"{len(self.vanished)} no longer used."
        ]
        lines += [f"  untranslated [{m.context}] {m.source!r}" for m in self.untranslated]
        lines += [f"  check [{m.context}] {m.source!r}: {', '.join(found)}" for m, found in self.broken]
        return lines


def check(ts_path: Path = TS_FILE, *, no_obsolete: bool = False) -> tuple[Report, bool]:
    """What lupdate would leave to do, and whether it would change `ts_path`; nothing is written."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / ts_path.name
        if ts_path.exists():
            shutil.copyfile(ts_path, copy)
        update_ts(copy, no_obsolete=no_obsolete)
        stale = not ts_path.exists() or copy.read_bytes() != ts_path.read_bytes()
        return Report(read_ts(copy)), stale


# ---------------------------------------------------------------------------------------- Qt's own words (qtbase_vi)


QT_TS_FILE = I18N_DIR / "qtbase_vi.ts"
QT_QM_FILE = I18N_DIR / "qtbase_vi.qm"
QT_LANGUAGE = "vi_VN"
# The Qt contexts whose words the app's windows show: the file dialog (and its model, icon provider, sidebar),
# message boxes and button boxes (QPlatformTheme and QGnomeTheme name the standard buttons), the input and
# progress dialogs, the context menus of line edits, text views, spin boxes (the date field) and scroll bars, and
# the print dialog Qt draws where the system has none of its own (Linux: its pages, options and CUPS job settings).
QT_CONTEXTS = (
    "QAbstractFileIconProvider",
    "QAbstractSpinBox",
    "QComboBox",
    "QCupsJobWidget",
    "QDateTimeEdit",
    "QDialog",
    "QDialogButtonBox",
    "QFileDialog",
    "QFileSystemModel",
    "QGnomeTheme",
    "QInputDialog",
    "QLineEdit",
    "QMessageBox",
    "QPPDOptionsModel",
    "QPageSetupWidget",
    "QPlatformTheme",
    "QPrintDialog",
    "QPrintPropertiesDialog",
    "QPrintPropertiesWidget",
    "QPrintSettingsOutput",
    "QPrintWidget",
    "QProgressDialog",
    "QScrollBar",
    "QUnicodeControlCharacterMenu",
    "QWidgetTextControl",
)
# Messages of those contexts the app never shows: the licence text of "About Qt" (the app has no such command).
QT_NEVER_SHOWN = ("<p>Qt is a C++ toolkit",)

QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
QM_MESSAGES_BLOCK = 0x69
# Tags of a message record in the messages block (qtranslator.cpp): each is followed by a 32-bit length and
# its bytes, but for the end tag (nothing) and the obsolete one (4 bytes).
QM_END, QM_TRANSLATION, QM_OBSOLETE1, QM_SOURCE, QM_CONTEXT, QM_COMMENT = 1, 3, 5, 6, 7, 8


@dataclass(frozen=True, order=True)
class QtMessage:
    """One of Qt's own messages: what QCoreApplication.translate is asked for."""

    context: str
    source: str
    comment: str = ""


def read_qm(path: Path) -> list[QtMessage]:
    """The messages (context, source text, comment) of a compiled .qm file; their translations are not needed."""
    data = path.read_bytes()
    if data[:16] != QM_MAGIC:
        raise ValueError(f"{path} is not a .qm file")
    blocks: dict[int, bytes] = {}
    at = 16
    while at + 5 <= len(data):
        tag, length = data[at], struct.unpack(">I", data[at + 1 : at + 5])[0]
        blocks[tag] = data[at + 5 : at + 5 + length]
        at += 5 + length
    block = blocks.get(QM_MESSAGES_BLOCK, b"")
    messages: list[QtMessage] = []
    fields: dict[int, str] = {}
    at = 0
    while at < len(block):
        tag = block[at]
        at += 1
        if tag == QM_END:
            messages.append(
                QtMessage(fields.get(QM_CONTEXT, ""), fields.get(QM_SOURCE, ""), fields.get(QM_COMMENT, ""))
            )
            fields = {}
            continue
        if tag == QM_OBSOLETE1:
            at += 4
            continue
        length = struct.unpack(">I", block[at : at + 4])[0]
        at += 4
        if length == 0xFFFFFFFF:  # a null translation
            continue
        if tag != QM_TRANSLATION:
            fields[tag] = block[at : at + length].decode("utf-8")
        at += length
    return messages


def qt_translations_dir() -> Path:
    """The folder of Qt's own .qm files inside the installed PySide6 (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("PySide6 is not installed")
    return Path(spec.origin).parent / "Qt" / "translations"


def qt_messages(folder: Path | None = None) -> list[QtMessage]:
    """Qt's messages of QT_CONTEXTS, from every qtbase_*.qm PySide6 ships (a string one language lacks another
    has), less QT_NEVER_SHOWN; sorted."""
    found: set[QtMessage] = set()
    for path in sorted((folder or qt_translations_dir()).glob("qtbase_*.qm")):
        found.update(m for m in read_qm(path) if m.context in QT_CONTEXTS and not m.source.startswith(QT_NEVER_SHOWN))
    if not found:
        raise FileNotFoundError("no qtbase_*.qm in PySide6's translations: Qt's source strings are read from them")
    return sorted(found)


def read_qt_ts(path: Path = QT_TS_FILE) -> dict[QtMessage, Message]:
    """The messages of qtbase_vi.ts by what Qt asks for (missing file: none)."""
    if not path.exists():
        return {}
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for element in context.iter("message"):
            source = element.findtext("source") or ""
            translation = element.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            text = (translation.text if translation is not None else None) or None
            key = QtMessage(name, source, element.findtext("comment") or "")
            found[key] = Message(name, source, text, finished=kind is None and bool(text))
    return found


def qt_ts_text(messages: list[QtMessage], known: dict[QtMessage, Message]) -> bytes:
    """qtbase_vi.ts for `messages`, with the translations of `known` (a message without one: unfinished)."""
    root = ET.Element("TS", {"version": "2.1", "language": QT_LANGUAGE, "sourcelanguage": "en_US"})
    contexts: dict[str, ET.Element] = {}
    for message in messages:
        if message.context not in contexts:
            contexts[message.context] = ET.SubElement(root, "context")
            ET.SubElement(contexts[message.context], "name").text = message.context
        element = ET.SubElement(contexts[message.context], "message")
        ET.SubElement(element, "source").text = message.source
        if message.comment:
            ET.SubElement(element, "comment").text = message.comment
        old = known.get(message)
        translation = ET.SubElement(element, "translation")
        if old is not None and old.translation:
            translation.text = old.translation
        if old is None or not old.finished:
            translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n'.encode()


def update_qt_ts(path: Path = QT_TS_FILE) -> None:
    """Merge Qt's current messages of QT_CONTEXTS into `path`, keeping the Vietnamese already written."""
    path.write_bytes(qt_ts_text(qt_messages(), read_qt_ts(path)))


def check_qt(path: Path = QT_TS_FILE) -> tuple[Report, bool]:
    """What is left to translate in qtbase_vi.ts, and whether a run would change it (a Qt string not in it)."""
    known = read_qt_ts(path)
    text = qt_ts_text(qt_messages(), known)
    stale = not path.exists() or path.read_bytes() != text
    return Report([known.get(m) or Message(m.context, m.source) for m in qt_messages()]), stale


# ---------------------------------------------------------------------------------------- command line


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; exit 1 when the .ts is not up to date")
    parser.add_argument("--no-obsolete", action="store_true", help="drop messages no longer in the sources")
    parser.add_argument("--ts", type=Path, default=TS_FILE)
    parser.add_argument("--qm", type=Path, default=QM_FILE)
    args = parser.parse_args(argv)

    if args.check:
        failed = False
        for (report, stale), ts in ((check(args.ts, no_obsolete=args.no_obsolete), args.ts), (check_qt(), QT_TS_FILE)):
            _say(f"{ts.name}:")
            for line in report.lines():
                _say(line)
            if stale:
                _say(f"{ts.relative_to(ROOT) if ts.is_relative_to(ROOT) else ts} is not up to date.")
            failed = failed or stale or bool(report.untranslated or report.broken)
        return 1 if failed else 0

    args.ts.parent.mkdir(parents=True, exist_ok=True)
    update_ts(args.ts, no_obsolete=args.no_obsolete)
    update_qt_ts()
    failed = False
    for ts, qm, report in (
        (args.ts, args.qm, Report(read_ts(args.ts))),
        (QT_TS_FILE, QT_QM_FILE, Report(list(read_qt_ts().values()))),
    ):
        _say(f"{ts.name}:")
        for line in report.lines():
            _say(line)
        compile_qm(ts, qm)
        _say(f"Wrote {ts} and {qm}.")
        failed = failed or bool(report.untranslated or report.broken)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
