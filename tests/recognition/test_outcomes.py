"""Outcomes, statuses and reasons are typed values; their words are made at the edge (issue #13).

Every reason code has its parameters and its Vietnamese words; the stored form round-trips; a text stored by an
earlier version reads back as a legacy reason showing that text; and no code under app/ finds a reason by
searching its words.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import string
from pathlib import Path

import pytest
from reason_samples import SAMPLES

from app.recognition.outcomes import (
    PARAMETERS,
    Check,
    Outcome,
    Reason,
    ReasonCode,
    Region,
    Status,
    first_status,
    legacy,
    reasons_from_json,
    reasons_json,
)
from app.recognition.words import OUTCOME_WORDS, REASON_TEMPLATES, STATUS_WORDS, vietnamese

ROOT = Path(__file__).resolve().parents[2]


def test_the_samples_cover_every_code_and_every_code_has_words_and_parameters() -> None:
    assert sorted(r.code for r, _, _ in SAMPLES) == sorted(ReasonCode)
    assert set(PARAMETERS) == set(ReasonCode)
    assert set(REASON_TEMPLATES) == set(ReasonCode)
    for code, template in REASON_TEMPLATES.items():
        named = {field for _, field, _, _ in string.Formatter().parse(template) if field}
        assert named <= PARAMETERS[code], code  # the words use only the code's parameters...
        assert PARAMETERS[code] - named <= {"region", "col"}, code  # ...and show all but where the code says


@pytest.mark.parametrize(("reason", "words", "_english"), SAMPLES, ids=[str(r.code) for r, _, _ in SAMPLES])
def test_each_reason_in_vietnamese_with_its_parameters(reason: Reason, words: str, _english: str) -> None:
    assert vietnamese(reason) == words


def test_a_partly_struck_name_shows_the_share_struck() -> None:
    reason = Reason(ReasonCode.NAME_PARTLY_STRUCK, region=Region.NAME, row=5, col=0, share=0.456)
    assert vietnamese(reason) == "dòng 5 (tên): gạch một phần tên (46%)"
    assert reason.cell == ("name", 5, 0)


@pytest.mark.parametrize(("reason", "_words", "_english"), SAMPLES, ids=[str(r.code) for r, _, _ in SAMPLES])
def test_each_reason_survives_its_stored_form(reason: Reason, _words: str, _english: str) -> None:
    stored = json.loads(json.dumps(reason.as_json()))  # as the JSON column holds it
    assert stored["code"] == reason.code.value
    assert set(stored["params"]) == PARAMETERS[reason.code]
    assert Reason.from_json(stored) == reason
    assert reasons_from_json(json.loads(json.dumps(reasons_json([reason, reason])))) == (reason, reason)


def test_stored_parameters_are_plain_values() -> None:
    reason = Reason(ReasonCode.ALREADY_KEYED, serial="A", at=dt.datetime(2026, 1, 2, 3, 4, 5), station="m", by="b")
    assert reason.as_json() == {
        "code": "already_keyed",
        "params": {"serial": "A", "at": "2026-01-02T03:04:05", "station": "m", "by": "b"},
    }
    struck = Reason(ReasonCode.NAME_PARTLY_STRUCK, region=Region.NAME, row=3, col=0, share=0.456789)
    assert struck.as_json() == {
        "code": "name_partly_struck",
        "params": {"region": "name", "row": 3, "col": 0, "share": 0.4568},
    }


def test_texts_stored_by_earlier_versions_read_as_legacy_reasons_showing_the_text() -> None:
    old = {"list": ["dòng 2, ô 'Tín nhiệm': dấu mờ hoặc nhỏ", "không thấy rõ dấu đóng trên phiếu (góc trên bên trái)"]}
    reasons = reasons_from_json(old)
    assert [r.code for r in reasons] == [ReasonCode.LEGACY, ReasonCode.LEGACY]
    assert [vietnamese(r) for r in reasons] == old["list"]
    assert reasons[1].check is None  # a legacy text asks nothing: its question was stored with the page
    # Anything this version does not know is shown as it was stored, never dropped and never a crash.
    assert Reason.from_json({"code": "from_the_future", "params": {}}) == legacy(
        str({"code": "from_the_future", "params": {}})
    )
    assert Reason.from_json({"code": "no_qr", "params": {"row": 1}}).code is ReasonCode.LEGACY
    assert reasons_from_json(None) == ()


def test_a_reason_with_the_wrong_parameters_is_a_bug() -> None:
    with pytest.raises(ValueError, match="name_partly_struck"):
        Reason(ReasonCode.NAME_PARTLY_STRUCK, region=Region.NAME, row=3, col=0)  # no share
    with pytest.raises(ValueError, match="no_qr"):
        Reason(ReasonCode.NO_QR, count=2)


def test_page_level_questions_come_from_codes() -> None:
    assert Reason(ReasonCode.STAMP_UNCLEAR).check is Check.STAMP
    assert Reason(ReasonCode.OUTSIDE_MARKS).check is Check.EXTRA
    assert all(
        r.check is None for r, _, _ in SAMPLES if r.code not in (ReasonCode.STAMP_UNCLEAR, ReasonCode.OUTSIDE_MARKS)
    )


def test_a_renamed_file_changes_only_names_in_file_and_text_parameters() -> None:
    fault = Reason(ReasonCode.FILE_FAULT, text="abc123.png: không đọc được ảnh")
    assert fault.renamed("abc123.png", "quet-1.png").text == "quet-1.png: không đọc được ảnh"
    stamp = Reason(ReasonCode.STAMP_UNCLEAR)
    assert stamp.renamed("a", "b") is stamp


def test_outcomes_and_statuses_have_words_and_a_first_status() -> None:
    assert {o: vietnamese(o) for o in Outcome} == dict(OUTCOME_WORDS)
    assert vietnamese(Outcome.READ) == "đọc được, đã tính"
    assert vietnamese(Status.PENDING) == "chờ người xem"
    assert set(STATUS_WORDS) == set(Status)
    assert [first_status(o) for o in Outcome] == [
        Status.WAITING,  # read: waits for the rest of its sheet
        Status.PENDING,  # review
        Status.DONE,  # blank
        Status.PENDING,  # unreadable
        *[Status.TURNED_AWAY] * 5,  # foreign, duplicate, unissued, test, closed
    ]


# ---------------------------------------------------------------------------------------- nothing searches words

SCANNING_CODE = [
    *sorted((ROOT / "app" / "services" / "scanning").glob("*.py")),
    ROOT / "app" / "recognition" / "interpret.py",
    ROOT / "app" / "recognition" / "pipeline.py",
    ROOT / "app" / "recognition" / "outcomes.py",
    *sorted((ROOT / "app" / "cli").glob("*.py")),
    ROOT / "ui" / "screens" / "scanning.py",
]


def _words_searched(path: Path) -> list[str]:
    """`"some words" in x` (or `not in`) where x is not a literal collection: a search of text for meaning."""
    found = []
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare) or not isinstance(node.left, ast.Constant):
            continue
        if not isinstance(node.left.value, str) or (" " not in node.left.value.strip() and node.left.value.isascii()):
            continue
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.In | ast.NotIn) and not isinstance(right, ast.Tuple | ast.List | ast.Set | ast.Dict):
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    for node in ast.walk(tree):  # .find / .startswith / .endswith / .index with Vietnamese words
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("find", "startswith", "endswith", "index", "count", "split")
            and any(
                isinstance(a, ast.Constant) and isinstance(a.value, str) and not a.value.isascii() for a in node.args
            )
        ):
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_scanning_code_searches_words() -> None:
    assert all(p.exists() for p in SCANNING_CODE)
    searched = [hit for path in SCANNING_CODE for hit in _words_searched(path)]
    assert searched == [], "\n".join(searched)


def test_the_word_search_check_finds_a_search(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('flagged = any("dấu đóng" in r for r in reasons)\nok = kind in ("box", "name")\n', encoding="utf-8")
    assert len(_words_searched(bad)) == 1
