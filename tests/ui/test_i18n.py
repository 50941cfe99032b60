"""English through Qt's translation system: every UI text is in the .ts and translated, the .qm matches it,
and the main window speaks English with KIEMPHIEU_LANG=en (Vietnamese otherwise).

After changing UI texts: `.venv/bin/python tools/i18n.py` (see its docstring)."""

from __future__ import annotations

import ast
import importlib.util
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QLabel

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


def test_texts_from_variables_are_listed_and_translated() -> None:
    """A tr(context, variable) must be declared in tools/i18n.py DYNAMIC; its listed texts are translated."""
    current, unknown = tool.extract()
    assert not unknown, "tr() with non-literal text, not declared in tools/i18n.py DYNAMIC:\n" + "\n".join(
        f"{s.path}:{s.line}: {s.code}" for s in unknown
    )
    messages = ts_messages()
    untranslated = [key for key in current if not finished(messages.get(key))]
    assert not untranslated, f"untranslated ({REFRESH}): {untranslated}"
    assert finished(messages.get(("rule_reasons", "Phiếu bị rách, không còn nguyên vẹn")))
    assert finished(messages.get(("levels", "Hoàn thành tốt nhiệm vụ")))


def test_ts_is_what_the_tool_writes() -> None:
    """The .ts is up to date: the tool would write it unchanged (no new, vanished or reordered message)."""
    current, _ = tool.extract()
    merged = tool.merge(current, tool.read_ts(TS))
    assert tool.render_ts(merged, TS) == TS.read_text(encoding="utf-8"), f"the .ts is stale: {REFRESH}"


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


def test_merge_keeps_translations_and_vanished_messages() -> None:
    old = {
        ("c", "cũ"): tool.Message("c", "cũ", [], "old", finished=True),
        ("c", "giữ"): tool.Message("c", "giữ", [], "kept", finished=True),
        ("c", "dở"): tool.Message("c", "dở", [], "half"),
    }
    current = {key: tool.Message(*key, ["ui/x.py"]) for key in [("c", "giữ"), ("c", "dở"), ("c", "mới")]}
    merged = {m.source: m for m in tool.merge(current, old)}
    assert merged["giữ"].translation == "kept"
    assert merged["giữ"].finished
    assert merged["dở"].translation == "half"
    assert not merged["dở"].finished
    assert merged["mới"].translation is None
    assert merged["cũ"].vanished
    text = tool.render_ts(merged.values())
    assert '<translation type="vanished">old</translation>' in text
    assert '<translation type="unfinished">half</translation>' in text
    assert "<translation>kept</translation>" in text
    assert "cũ" not in {m.source for m in tool.merge(current, old, keep_obsolete=False)}


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


@pytest.fixture
def app_in(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[object]:
    """Run ui.app.make_application with a language; undo what it does to the shared QApplication afterwards."""
    names = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    font, locale = qapp.font(), QLocale()
    before = qapp.findChildren(QTranslator)

    def start(language: str | None) -> QApplication:
        from ui.app import make_application

        if language is None:
            monkeypatch.delenv("KIEMPHIEU_LANG", raising=False)
        else:
            monkeypatch.setenv("KIEMPHIEU_LANG", language)
        return make_application([])

    yield start
    for translator in qapp.findChildren(QTranslator):
        if not any(translator is old for old in before):
            qapp.removeTranslator(translator)
            translator.setParent(None)
    QCoreApplication.setOrganizationName(names[0])
    QCoreApplication.setApplicationName(names[1])
    qapp.setFont(font)
    QLocale.setDefault(locale)


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
    assert menus == ["&Tệp", "&Đi tới", "Tùy &chọn", "Trợ &giúp"]
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
