"""Refresh the English translation after UI changes: extract, update the .ts, report, compile the .qm.

Usage (from the repository root):

    .venv/bin/python tools/i18n.py            # update resources/i18n/kiemphieu_en.ts, report, run lrelease
    .venv/bin/python tools/i18n.py --check    # only report; exit 1 if a message is new, untranslated or stale
    .venv/bin/python tools/i18n.py --no-obsolete   # also drop messages no longer in the sources

After a run, open the .ts in Qt Linguist (or any editor), translate the messages the report lists as
untranslated (they are marked type="unfinished"), then run the script again so the .qm is compiled.
Commit both resources/i18n/kiemphieu_en.ts and resources/i18n/kiemphieu_en.qm.

Why not plain `pyside6-lupdate ui`: the GUI translates through our helper `ui.i18n.tr(context, text)`,
which lupdate's Python parser takes for `QObject.tr(source, disambiguation)` (the context would become
the source text). `-tr-function-alias translate+=tr` fixes that, but lupdate still cannot see the screen
titles (class attributes `title = "…"` translated as `tr("nav", cls.title)`) nor the few strings that
come from constants. This script reads the sources with `ast` instead:

* every `tr("context", "literal")` in ui/ (implicit concatenation and `"a" + "b"` included; a
  `.format(...)` on the result does not matter);
* the class attributes `title = "…"` in ui/screens/*.py, under the context "nav";
* the call sites listed in DYNAMIC below, whose text is a variable: their possible values are listed
  here, or the site is declared to stay Vietnamese on purpose (words stored in the Vietnamese minutes).

Any other `tr(...)` whose arguments are not literals is reported as unseen: list its strings in DYNAMIC.
Existing translations are kept; messages whose source text vanished are kept as type="vanished" (lrelease
ignores them) so a translator can reuse them, unless --no-obsolete.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
I18N_DIR = ROOT / "resources" / "i18n"
TS_FILE = I18N_DIR / "kiemphieu_en.ts"
QM_FILE = I18N_DIR / "kiemphieu_en.qm"
LANGUAGE = "en_US"
SOURCE_LANGUAGE = "vi_VN"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------------------------------- dynamic sites


def _editor_headers() -> list[str]:
    """ui/ballot_editors.py: `tr("editor", short.get(c, f"{i} · {c}"))` over a poll's mark columns."""
    from app.rules import model

    tree = ast.parse((ROOT / "ui" / "ballot_editors.py").read_text(encoding="utf-8"))
    short: dict[str, str] = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "short" for t in node.targets)
        and isinstance(node.value, ast.Dict)
    )
    columns = (model.AGREE_COLUMNS, model.CONFIDENCE_COLUMNS, model.BINDING_COLUMNS, model.LEVEL_COLUMNS)
    headers = [short.get(c, f"{i} · {c}") for cols in (*columns, model.MOTION_COLUMNS) for i, c in enumerate(cols, 1)]
    return list(dict.fromkeys(headers))


def _level_columns() -> list[str]:
    from app.rules.model import LEVEL_COLUMNS

    return list(LEVEL_COLUMNS)


def _ballot_columns() -> list[str]:
    """ui/tally_view.py: `tr("columns", tally["columns"][i])`, the mark columns of every poll kind."""
    from app.rules import model

    columns = (
        model.AGREE_COLUMNS,
        model.CONFIDENCE_COLUMNS,
        model.BINDING_COLUMNS,
        model.LEVEL_COLUMNS,
        model.MOTION_COLUMNS,
    )
    return list(dict.fromkeys(c for cols in columns for c in cols))


def _rule_reasons() -> list[str]:
    """ui/rule_words.py: `tr("rule_reasons", TEMPLATES[code])`, every reason and note of the rules but the
    words a person typed (shown as typed)."""
    from app.rules.reasons import Code
    from app.rules.words import TEMPLATES

    return [text for code, text in TEMPLATES.items() if code is not Code.STATED]


def _scan_outcomes() -> list[str]:
    """ui/screens/scanning.py `words`: `tr("scanning", OUTCOME_WORDS[…])` and the same for STATUS_WORDS."""
    from app.recognition.words import OUTCOME_WORDS, STATUS_WORDS

    return list(dict.fromkeys([*OUTCOME_WORDS.values(), *STATUS_WORDS.values()]))


def _scan_reasons() -> list[str]:
    """ui/screens/scanning.py `words`: `tr("scan_reasons", REASON_TEMPLATES[code])`, then its parameters filled."""
    from app.recognition.words import REASON_TEMPLATES

    return list(dict.fromkeys(REASON_TEMPLATES.values()))


def _screen_titles() -> list[str]:
    return []  # the class attributes `title` of ui/screens/*.py, extracted with the literals


#: (file relative to the root, context) of a `tr(context, variable)` call site → its possible texts, or
#: None when the texts stay Vietnamese on purpose (not in the .ts: QCoreApplication.translate returns
#: the source). Every unseen call site must be listed here; the tests check it.
DYNAMIC: dict[tuple[str, str], Callable[[], list[str]] | None] = {
    ("ui/main_window.py", "nav"): _screen_titles,
    ("ui/ballot_editors.py", "editor"): _editor_headers,
    ("ui/screens/polls.py", "levels"): _level_columns,
    ("ui/tally_view.py", "columns"): _ballot_columns,
    ("ui/rule_words.py", "rule_reasons"): _rule_reasons,
    ("ui/rule_words.py", "columns"): _ballot_columns,
    ("ui/screens/scanning.py", "scanning"): _scan_outcomes,
    ("ui/screens/scanning.py", "scan_reasons"): _scan_reasons,
    # The roles are stored as typed and the minutes look for "Trưởng ban": they stay Vietnamese.
    ("ui/screens/committee.py", "committee"): None,
    # Suggestions are words of the Vietnamese minutes (see the comment in ui/screens/meeting.py).
    ("ui/screens/meeting.py", "meeting"): None,
}


# ---------------------------------------------------------------------------------------- extraction


@dataclass
class Message:
    """One translatable text: where it is used and its translation (None: not translated yet)."""

    context: str
    source: str
    locations: list[str] = field(default_factory=list)  # files, relative to the root
    translation: str | None = None
    finished: bool = False
    vanished: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.source)


@dataclass(frozen=True)
class CallSite:
    """A `tr(...)` call whose arguments are not both string literals."""

    path: str
    line: int
    context: str | None
    code: str


def _string(node: ast.expr) -> str | None:
    """The value of a string literal (also `"a" "b"` and `"a" + "b"`), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left), _string(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def _is_tr(node: ast.Call) -> bool:
    return isinstance(node.func, ast.Name) and node.func.id == "tr" and len(node.args) == 2 and not node.keywords


def ui_sources(root: Path = ROOT) -> list[Path]:
    """The Python files of ui/, in a stable order."""
    return sorted((root / "ui").rglob("*.py"))


def scan(root: Path = ROOT) -> tuple[list[tuple[str, str, str, int]], list[CallSite]]:
    """(context, text, file, line) of every literal tr() call and screen title; and the unseen call sites."""
    found: list[tuple[str, str, str, int]] = []
    unseen: list[CallSite] = []
    for path in ui_sources(root):
        if path.name == "i18n.py" and path.parent.name == "ui":
            continue  # the helper itself
        relative = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=relative)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_tr(node):
                context, source = _string(node.args[0]), _string(node.args[1])
                if context is not None and source is not None:
                    found.append((context, source, relative, node.lineno))
                else:
                    code = ast.get_source_segment(text, node) or ""
                    unseen.append(CallSite(relative, node.lineno, context, " ".join(code.split())))
            elif isinstance(node, ast.ClassDef) and relative.startswith("ui/screens/"):
                for statement in node.body:
                    if (
                        isinstance(statement, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == "title" for t in statement.targets)
                        and (title := _string(statement.value))
                    ):
                        found.append(("nav", title, relative, statement.lineno))
    found.sort(key=lambda f: (f[2], f[3]))
    unseen.sort(key=lambda s: (s.path, s.line))
    return found, unseen


def extract(root: Path = ROOT) -> tuple[dict[tuple[str, str], Message], list[CallSite]]:
    """The messages the UI needs translated, in order of first use; and the unseen call sites not in DYNAMIC."""
    found, unseen = scan(root)
    messages: dict[tuple[str, str], Message] = {}

    def add(context: str, source: str, location: str) -> None:
        message = messages.setdefault((context, source), Message(context, source))
        if location not in message.locations:
            message.locations.append(location)

    for context, source, relative, _line in found:
        add(context, source, relative)
    unknown = []
    for site in unseen:
        key = (site.path, site.context or "")
        if key not in DYNAMIC:
            unknown.append(site)
            continue
        values = DYNAMIC[key]
        for source in values() if values is not None else []:
            add(site.context or "", source, site.path)
    return messages, unknown


# ---------------------------------------------------------------------------------------- .ts files


def read_ts(path: Path = TS_FILE) -> dict[tuple[str, str], Message]:
    """The messages of a .ts file (missing file: none)."""
    if not path.exists():
        return {}
    messages: dict[tuple[str, str], Message] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for element in context.iter("message"):
            source = element.findtext("source") or ""
            translation = element.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            text = translation.text if translation is not None else None
            messages[(name, source)] = Message(
                name,
                source,
                [loc.get("filename", "") for loc in element.iter("location")],
                text or None,
                finished=kind is None and bool(text),
                vanished=kind in ("vanished", "obsolete"),
            )
    return messages


def merge(
    current: dict[tuple[str, str], Message], old: dict[tuple[str, str], Message], *, keep_obsolete: bool = True
) -> list[Message]:
    """The current messages with the translations of `old`; old messages no longer used become vanished."""
    merged = []
    for key, message in current.items():
        previous = old.get(key)
        if previous is not None and previous.translation:
            message.translation = previous.translation
            message.finished = previous.finished or previous.vanished
        merged.append(message)
    if keep_obsolete:
        for key, previous in old.items():
            if key not in current and previous.translation:
                merged.append(Message(previous.context, previous.source, [], previous.translation, vanished=True))
    return merged


def render_ts(messages: Iterable[Message], ts_path: Path = TS_FILE) -> str:
    """The .ts XML (TS 2.1, as Qt Linguist writes it): contexts sorted by name, messages in order of use."""
    by_context: dict[str, list[Message]] = {}
    for message in messages:
        by_context.setdefault(message.context, []).append(message)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE TS>",
        f'<TS version="2.1" language="{LANGUAGE}" sourcelanguage="{SOURCE_LANGUAGE}">',
    ]
    base = ts_path.parent
    for context in sorted(by_context):
        lines += ["<context>", f"    <name>{escape(context)}</name>"]
        for message in by_context[context]:
            lines.append("    <message>")
            for location in message.locations:
                relative = Path(os.path.relpath(ROOT / location, base)).as_posix()
                lines.append(f"        <location filename={quoteattr(relative)}/>")
            lines.append(f"        <source>{escape(message.source)}</source>")
            translation = escape(message.translation or "")
            if message.vanished:
                lines.append(f'        <translation type="vanished">{translation}</translation>')
            elif message.finished and message.translation:
                lines.append(f"        <translation>{translation}</translation>")
            else:
                lines.append(f'        <translation type="unfinished">{translation}</translation>')
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------- checks


PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)[^>]*>")


def mnemonics(text: str) -> int:
    """How many keyboard mnemonics ('&x', not '&&') `text` has."""
    return len(re.findall(r"(?<!&)&(?=[^&\s])", text.replace("&&", "")))


def problems(message: Message) -> list[str]:
    """What a finished translation breaks: placeholders, HTML tags, mnemonics, line breaks."""
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


# ---------------------------------------------------------------------------------------- lrelease


def lrelease_tool() -> str | None:
    """The pyside6-lrelease beside this Python (the virtualenv), or on PATH."""
    beside = Path(sys.executable).parent / "pyside6-lrelease"
    if beside.exists():
        return str(beside)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_qm(ts_path: Path = TS_FILE, qm_path: Path = QM_FILE) -> None:
    """Compile `ts_path` to `qm_path` with lrelease."""
    tool = lrelease_tool()
    if tool is None:
        raise FileNotFoundError("pyside6-lrelease not found (install PySide6 in the virtualenv)")
    subprocess.run([tool, "-silent", str(ts_path), "-qm", str(qm_path)], check=True)


# ---------------------------------------------------------------------------------------- command line


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; exit 1 when the .ts is not up to date")
    parser.add_argument("--no-obsolete", action="store_true", help="drop messages no longer in the sources")
    parser.add_argument("--ts", type=Path, default=TS_FILE)
    parser.add_argument("--qm", type=Path, default=QM_FILE)
    args = parser.parse_args(argv)

    current, unknown = extract()
    old = read_ts(args.ts)
    merged = merge(current, old, keep_obsolete=not args.no_obsolete)
    text = render_ts(merged, args.ts)
    new = [m for m in merged if not m.vanished and m.key not in old]
    untranslated = [m for m in merged if not m.vanished and not m.finished]
    vanished = [m for m in merged if m.vanished]
    broken = [(m, p) for m in merged if not m.vanished and (p := problems(m))]

    _say(
        f"{len(current)} messages in {len({m.context for m in current.values()})} contexts: {len(new)} new, "
        f"{len(untranslated)} untranslated, {len(vanished)} no longer used."
    )
    for message in untranslated:
        _say(f"  untranslated [{message.context}] {message.source!r}  ({', '.join(message.locations)})")
    for message, found in broken:
        _say(f"  check [{message.context}] {message.source!r}: {', '.join(found)}")
    for site in unknown:
        _say(f"  unseen {site.path}:{site.line}: {site.code}  (list its texts in DYNAMIC, tools/i18n.py)")

    if args.check:
        stale = not args.ts.exists() or args.ts.read_text(encoding="utf-8") != text
        if stale:
            _say(f"{args.ts.relative_to(ROOT) if args.ts.is_relative_to(ROOT) else args.ts} is not up to date.")
        return 1 if stale or untranslated or broken or unknown else 0

    args.ts.parent.mkdir(parents=True, exist_ok=True)
    args.ts.write_text(text, encoding="utf-8")
    compile_qm(args.ts, args.qm)
    _say(f"Wrote {args.ts} and {args.qm}.")
    return 1 if untranslated or broken or unknown else 0


if __name__ == "__main__":
    sys.exit(main())
