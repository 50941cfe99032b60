"""English through Qt's translation system: every UI text is in the .ts and translated, the .qm matches it,
and the main window speaks English with KIEMPHIEU_LANG=en (Vietnamese otherwise).

After changing UI texts: `.venv/bin/python tools/i18n.py` (see its docstring)."""

from __future__ import annotations

import ast
import importlib.util
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QLabel

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "kiemphieu_en.ts"
QM = ROOT / "resources" / "i18n" / "kiemphieu_en.qm"
REFRESH = "run `.venv/bin/python tools/i18n.py` and translate what it lists"


def _load_tool() -> ModuleType:
    name = "kiemphieu_tools_i18n"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "i18n.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def ts_messages() -> dict[tuple[str, str], ET.Element]:
    """(context, source) → the <translation> element of every message in the .ts."""
    root = ET.parse(TS).getroot()
    assert root.tag == "TS"
    assert root.get("version") == "2.1"
    assert root.get("language") == "en_US"
    assert root.get("sourcelanguage") == "vi_VN"
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[(name, message.findtext("source") or "")] = translation
    return found


def literal_calls() -> list[tuple[str, str, str]]:
    """(context, text, where) of every `tr("context", "text")` with literal arguments in ui/ (read with ast)."""
    calls = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and len(node.args) == 2
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
            ):
                context, text = (a.value for a in node.args)  # type: ignore[attr-defined]
                calls.append((context, text, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return calls


def finished(translation: ET.Element | None) -> bool:
    return translation is not None and translation.get("type") is None and bool(translation.text)


# ---------------------------------------------------------------------------------------- (a) the .ts


def test_every_literal_has_a_finished_translation() -> None:
    messages = ts_messages()
    calls = literal_calls()
    assert len(calls) > 300  # the walk really found the GUI's texts
    missing = [f"{where} [{ctx}] {text!r}" for ctx, text, where in calls if not finished(messages.get((ctx, text)))]
    assert not missing, f"untranslated UI texts ({REFRESH}):\n" + "\n".join(missing)


def test_screen_titles_are_translated_under_nav() -> None:
    messages = ts_messages()
    from ui.main_window import load_screens

    titles = [cls.title for cls in load_screens()]
    assert "Thông tin hội nghị" in titles
    assert "Biên bản" in titles
    for title in titles:
        assert finished(messages.get(("nav", title))), f"screen title {title!r} not translated ({REFRESH})"


def dynamic_texts() -> dict[tuple[str, str], list[str]]:
    """(file, context) of every `tr(context, variable)` in ui/ → the texts the variable can hold."""
    from app.recognition.words import OUTCOME_WORDS, REASON_TEMPLATES, STATUS_WORDS
    from app.rules import model
    from app.rules.words import TEMPLATES
    from app.sources import SOURCE_WORDS
    from ui.ballot_editors import LEVEL_ABBREVIATIONS
    from ui.help import SHORTCUTS
    from ui.main_window import load_screens

    columns = [
        *model.AGREE_COLUMNS,
        *model.CONFIDENCE_COLUMNS,
        *model.BINDING_COLUMNS,
        *model.LEVEL_COLUMNS,
        *model.MOTION_COLUMNS,
    ]
    return {
        ("ui/main_window.py", "nav"): [cls.title for cls in load_screens()],
        ("ui/ballot_editors.py", "editor"): list(LEVEL_ABBREVIATIONS),
        ("ui/ballot_editors.py", "columns"): columns,
        ("ui/screens/polls.py", "columns"): list(model.LEVEL_COLUMNS),
        ("ui/tally_view.py", "columns"): columns,
        ("ui/screens/scanning.py", "scanning"): [*OUTCOME_WORDS.values(), *STATUS_WORDS.values()],
        ("ui/screens/scanning.py", "scan_reasons"): list(REASON_TEMPLATES.values()),
        ("ui/rule_words.py", "rule_reasons"): list(TEMPLATES.values()),
        ("ui/rule_words.py", "columns"): columns,
        ("ui/screens/entry.py", "ballot_source"): list(SOURCE_WORDS.values()),
        ("ui/help.py", "help"): sorted(
            {where for where, _rows in SHORTCUTS} | {what for _where, rows in SHORTCUTS for _keys, what in rows}
        ),
    }


#: (file, context) of the `tr(context, variable)` whose texts stay Vietnamese on purpose (not in the .ts, so
#: QCoreApplication.translate returns the source): the meeting screen's suggestions are words of the Vietnamese
#: minutes. (The committee's roles are not passed to tr at all: a role is stored as typed.)
STAY_VIETNAMESE = {("ui/screens/meeting.py", "meeting")}


def variable_calls() -> list[tuple[str, str, str]]:
    """(file, context, code) of every `tr(...)` in ui/ whose text is not a literal (read with ast)."""
    calls = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path == ROOT / "ui" / "i18n.py":
            continue  # the helper itself
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and len(node.args) == 2
                and not (isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str))
            ):
                context = node.args[0].value if isinstance(node.args[0], ast.Constant) else "?"
                code = " ".join((ast.get_source_segment(text, node) or "").split())
                calls.append((path.relative_to(ROOT).as_posix(), str(context), f"{path.name}:{node.lineno}: {code}"))
    return calls


def test_texts_from_variables_are_marked_and_translated() -> None:
    """A tr(context, variable) is listed above, and every text it can show is marked for lupdate (`translatable`
    in app/, QT_TRANSLATE_NOOP in ui/), so it is in the .ts, translated."""
    texts = dynamic_texts()
    calls = variable_calls()
    assert len(calls) >= len(texts)
    unknown = [code for path, context, code in calls if (path, context) not in texts.keys() | STAY_VIETNAMESE]
    assert not unknown, "tr() of a variable not listed in dynamic_texts() or STAY_VIETNAMESE:\n" + "\n".join(unknown)
    messages = ts_messages()
    untranslated = [
        f"{path} [{context}] {text!r}"
        for (path, context), values in texts.items()
        for text in values
        if not finished(messages.get((context, text)))
    ]
    assert not untranslated, f"untranslated (mark it `translatable` or QT_TRANSLATE_NOOP; {REFRESH}):\n" + "\n".join(
        untranslated
    )
    assert finished(messages.get(("rule_reasons", "Phiếu bị rách, không còn nguyên vẹn")))
    assert finished(messages.get(("columns", "Hoàn thành tốt nhiệm vụ")))
    assert ("committee", "Trưởng ban") not in messages


def test_the_core_marks_its_words_without_qt() -> None:
    from app.text import translatable

    assert translatable("columns", "Đồng ý") == "Đồng ý"
    read = {p.relative_to(ROOT).as_posix() for p in tool.sources()}
    assert {"app/rules/model.py", "app/rules/words.py", "app/recognition/words.py", "ui/main_window.py"} <= read
    assert "ui/i18n.py" not in read


def test_ts_is_what_lupdate_writes() -> None:
    """The .ts is up to date: pyside6-lupdate would leave it unchanged, with nothing left to translate."""
    if tool.lupdate_tool() is None:
        pytest.skip("pyside6-lupdate is not installed")
    report, stale = tool.check(TS)
    assert not stale, f"the .ts is stale: {REFRESH}"
    assert not report.untranslated, f"untranslated ({REFRESH}): {report.untranslated}"
    assert len(report.current) > 600


def test_translations_keep_placeholders_tags_and_mnemonics() -> None:
    broken = []
    for (context, source), translation in ts_messages().items():
        message = tool.Message(context, source, translation=translation.text)
        if translation.get("type") not in ("vanished", "obsolete") and (found := tool.problems(message)):
            broken.append(f"[{context}] {source!r} → {translation.text!r}: {', '.join(found)}")
    assert not broken, "\n".join(broken)


def test_problem_checks() -> None:
    def problems(source: str, translation: str) -> list[str]:
        return tool.problems(tool.Message("c", source, translation=translation))

    assert problems("Tệp: {path}", "File: {path}") == []
    assert problems("Tệp: {path}", "File: {file}") == ["placeholders differ"]
    assert problems("<b>Các bước</b>", "Steps") == ["HTML tags differ"]
    assert problems("&Tệp", "File") == ["keyboard mnemonics differ"]
    assert problems("Mở…", "Open") == ["should end with '…'"]
    assert problems("ĐẢNG BỘ XÃ …", "PARTY ORGANISATION OF … COMMUNE") == []
    assert tool.mnemonics("A && B") == 0


# ---------------------------------------------------------------------------------------- (b) the .qm


def test_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    if tool.lrelease_tool() is None:
        pytest.skip("pyside6-lrelease is not installed")
    assert QM.exists(), f"missing {QM.name}: {REFRESH}"
    fresh = tmp_path / "fresh.qm"
    tool.compile_qm(TS, fresh)
    assert fresh.read_bytes() == QM.read_bytes(), f"{QM.name} does not match {TS.name}: {REFRESH}"


def test_qm_translates() -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    assert translator.translate("menu", "&Tệp") == "&File"
    assert translator.translate("nav", "Ban kiểm phiếu") == "Counting committee"
    assert translator.translate("committee", "Trưởng ban") == ""  # a stored role: stays Vietnamese


# ---------------------------------------------------------------------------------------- (c) the window


def window_texts(qtbot: object) -> tuple[list[str], list[str], list[str], list[str]]:
    """The start page's labels, the menu titles, the navigation and the Go menu of a new main window."""
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    labels = [label.text() for label in window.start.findChildren(QLabel)]
    menus = [action.text() for action in window.menuBar().actions()]
    nav = [window.nav.item(row).text() for row in range(window.nav.count())]
    go = [action.text() for action in window.menuBar().actions()[1].menu().actions()]
    return labels, menus, nav, go


def test_main_window_in_english(app_in: object, qtbot: object) -> None:
    app = app_in("en")  # type: ignore[operator]
    assert QCoreApplication.translate("menu", "&Tệp") == "&File"
    labels, menus, nav, go = window_texts(qtbot)
    assert "KiểmPhiếu — ballot counting for meetings" in labels
    assert menus == ["&File", "&Go", "Op&tions", "&Help"]
    assert nav[:3] == ["1. Meeting details", "2. Counting committee", "3. Polls"]
    assert nav[-1] == "8. Minutes"
    assert go[1] == "Counting committee"
    assert app.findChildren(QTranslator)


def test_main_window_in_vietnamese_by_default(app_in: object, qtbot: object) -> None:
    app_in(None)  # type: ignore[operator]
    assert QCoreApplication.translate("menu", "&Tệp") == "&Tệp"
    labels, menus, nav, go = window_texts(qtbot)
    assert "KiểmPhiếu — kiểm phiếu hội nghị" in labels
    assert menus == ["&Tệp", "Đ&i tới", "Tùy &chọn", "Trợ &giúp"]
    assert nav[:2] == ["1. Thông tin hội nghị", "2. Ban kiểm phiếu"]
    assert go[1] == "Ban kiểm phiếu"


# ---------------------------------------------------------------------------------------- (d) the room


def test_english_fits_the_window_on_every_screen(app_in: object, qtbot: object, demo_path: Path) -> None:
    """English labels are longer than the Vietnamese: every screen, with the demo meeting, still fits 1366×768."""
    from ui.main_window import MainWindow

    app_in("en")  # type: ignore[operator]
    window = MainWindow()
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.context.open(demo_path)
    try:
        for row, screen in enumerate(window.screens):
            window.go_to(row)
            hint = window.minimumSizeHint()
            assert hint.width() <= 1366, f"{type(screen).__name__} needs {hint.width()} px"
            assert hint.height() <= 768, f"{type(screen).__name__} needs {hint.height()} px"
    finally:
        window.context.close()


def test_english_result_columns_and_entry_hints(app_in: object, qtbot: object, demo_path: Path) -> None:
    """In the English UI the result grid's columns and the entry screen's hints are English (#17, item 9)."""
    from PySide6.QtCore import Qt

    from ui.context import MeetingContext
    from ui.screens.entry import EntryScreen
    from ui.screens.results import ResultsScreen

    app_in("en")  # type: ignore[operator]
    context = MeetingContext()
    context.open(demo_path)
    try:
        results = ResultsScreen(context)
        qtbot.addWidget(results)  # type: ignore[attr-defined]
        for code, expected in (
            ("nghi-quyet", ["Agree", "Disagree", "Other opinion"]),
            ("tin-nhiem", ["High confidence"]),
        ):
            context.select_poll(code)
            results.refresh()
            model = results.model
            headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
            for word in expected:
                assert word in headers, headers
        entry = EntryScreen(context)
        qtbot.addWidget(entry)  # type: ignore[attr-defined]
        context.select_poll("bch")
        entry.refresh()
        entry.take_unnumbered()
        hints = [label.text() for label in entry.findChildren(QLabel) if label.text()]
        assert any("Type the number" in h or "Enter to save" in h for h in hints), hints
    finally:
        context.close()
