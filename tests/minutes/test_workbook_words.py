"""The results workbook speaks Vietnamese (#17, item 9): every logged action, every ballot source and the
details of an action are words, not codes or JSON."""

from __future__ import annotations

import re
from pathlib import Path

import app
from app.excel.workbook import ACTION_WORDS, DETAIL_WORDS, _detail_text
from app.sources import SOURCE_WORDS, BallotSource, source_words

APP = Path(app.__file__).parent


def _logged_actions() -> set[str]:
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', text))
        found |= set(re.findall(r'"((?:ballots?|sheet|poll|minutes)\.[a-z_]+)",\s*action', text))
    return found


def test_every_logged_action_has_words() -> None:
    actions = _logged_actions() | {"sheet.spoiled", "sheet.unused", "ballots.printed", "minutes.printed"}
    assert len(actions) > 20
    assert sorted(actions - set(ACTION_WORDS)) == []


def _written_sources() -> set[str]:
    """Every `source` a ballot is written with, as code: `source=BallotSource.SCAN`, a default
    `source: BallotSource = BallotSource.KEYED` — and any plain string left (there must be none)."""
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"source(?:: BallotSource)? ?= ?BallotSource\.([A-Z]+)", text))
        found |= {f"plain:{s}" for s in re.findall(r'source(?:: str)? ?= ?"([a-z]+)"', text)}
    return found


def test_every_source_is_typed_and_has_words() -> None:
    """#17: one typed value, one set of words, used by the workbook, the minutes and the entry log."""
    assert _written_sources() == {"KEYED", "IMPORT", "SCAN"}
    assert set(SOURCE_WORDS) == set(BallotSource)
    assert [str(s) for s in BallotSource] == ["keyed", "import", "scan"]  # the strings meeting files hold
    assert SOURCE_WORDS[BallotSource.KEYED] == "nhập tay"
    assert source_words("scan") == "đọc từ ảnh quét"
    assert source_words("import") == "nhận từ máy khác"
    assert source_words("fax") == "fax"  # a source of another version: as stored


def test_one_set_of_source_words() -> None:
    """No module keeps a dictionary of its own (the walk found three, saying "quét", "quét ảnh", "nhập từ tệp")."""
    for path in APP.rglob("*.py"):
        if path.name == "sources.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'"(?:keyed|import|scan)":\s*"', text), path
        assert "quét ảnh" not in text, path


def test_details_are_words() -> None:
    text = _detail_text({"pass": 1, "station": "MAY-1", "source": "scan", "head_pin": False, "marks": [1, 3]})
    assert text == "lượt nhập: 1; máy: MAY-1; nguồn: đọc từ ảnh quét; có mã PIN Trưởng ban: không; dấu: 1, 3"
    assert "{" not in _detail_text({"before": {"title": "A"}, "after": {"title": "B"}})
    assert set(DETAIL_WORDS) >= {"reason", "revision", "digest"}
