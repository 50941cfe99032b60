"""Refresh the English translation after UI changes: pyside6-lupdate updates the .ts, this script reports what is
left to translate and compiles the .qm.

Usage (from the repository root):

    .venv/bin/python tools/i18n.py            # update resources/i18n/kiemphieu_en.ts, report, run lrelease
    .venv/bin/python tools/i18n.py --check    # only report; exit 1 if a message is new, untranslated or stale
    .venv/bin/python tools/i18n.py --no-obsolete   # also drop messages no longer in the sources

After a run, open the .ts in Qt Linguist (or any editor), translate the messages the report lists as
untranslated (they are marked type="unfinished"), then run the script again so the .qm is compiled.
Commit both resources/i18n/kiemphieu_en.ts and resources/i18n/kiemphieu_en.qm.

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
import re
import shutil
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


PLACEHOLDER = re.compile(r"\{[^{}]*\}")
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
        report, stale = check(args.ts, no_obsolete=args.no_obsolete)
        for line in report.lines():
            _say(line)
        if stale:
            _say(f"{args.ts.relative_to(ROOT) if args.ts.is_relative_to(ROOT) else args.ts} is not up to date.")
        return 1 if stale or report.untranslated or report.broken else 0

    args.ts.parent.mkdir(parents=True, exist_ok=True)
    update_ts(args.ts, no_obsolete=args.no_obsolete)
    report = Report(read_ts(args.ts))
    for line in report.lines():
        _say(line)
    compile_qm(args.ts, args.qm)
    _say(f"Wrote {args.ts} and {args.qm}.")
    return 1 if report.untranslated or report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
