"""The results workbook speaks Vietnamese (#17, item 9): every logged action, every ballot source and the
details of an action are words, not codes or JSON."""

from __future__ import annotations

import re
from pathlib import Path

import app
from app.excel.workbook import ACTION_WORDS, DETAIL_WORDS, SOURCE_WORDS, _detail_text

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
    """Every `source` a ballot is written with (`source="scan"`, a default `source: str = "keyed"`)."""
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        found |= set(re.findall(r'source(?:: str)? = ?"([a-z]+)"', path.read_text(encoding="utf-8")))
        found |= set(re.findall(r'source="([a-z]+)"', path.read_text(encoding="utf-8")))
    return found


def test_every_source_has_words() -> None:
    assert _written_sources() == {"keyed", "import", "scan"}
    assert _written_sources() <= set(SOURCE_WORDS)
    assert SOURCE_WORDS["keyed"] == "nhập tay"


def test_details_are_words() -> None:
    text = _detail_text({"pass": 1, "station": "MAY-1", "source": "scan", "head_pin": False, "marks": [1, 3]})
    assert text == "lượt nhập: 1; máy: MAY-1; nguồn: quét; có mã PIN Trưởng ban: không; dấu: 1, 3"
    assert "{" not in _detail_text({"before": {"title": "A"}, "after": {"title": "B"}})
    assert set(DETAIL_WORDS) >= {"reason", "revision", "digest"}
