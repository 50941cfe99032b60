"""Fuzzing the parsers a user's file goes through (#9): the meeting spec (TOML), the entries file (JSON lines),
one entries line and a candidate workbook. Whatever the bytes, the answer is the parsed value or the project's
own error with a message — never a traceback — and a rejected entries line stores nothing."""

from __future__ import annotations

import copy
import json
import shutil
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.errors import EntryError, ImportFileError, KiemPhieuError, SpecError
from app.services import ballots
from app.services.demo import example_spec_path
from app.services.spec import MeetingSpec, parse_spec, read_spec
from app.store.db import MeetingFile, open_meeting_file
from app.store.orm import BallotRecord

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CODES = ["bch", "bi-thu", "ubkt", "dai-bieu", "tin-nhiem", "danh-gia", "cham-diem", "nghi-quyet", "gioi-thieu"]

# JSON-like values, with the awkward ones: huge and negative numbers, NaN, Vietnamese and control characters.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", " ", "Nguyễn Văn An", "Thuý", "#1", "x" * 70, "Không hợp lệ", "\u0000", "1e999"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
ENTRY_KEYS = ["serial", "struck", "choices", "scores", "names", "physical_invalid", "note"]


def _example_data() -> dict[str, Any]:
    return tomllib.loads(example_spec_path().read_text(encoding="utf-8"))


EXAMPLE = _example_data()


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a parsed TOML document where a value could be swapped."""
    found: list[tuple[Any, ...]] = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


PATHS = _paths(EXAMPLE)


def _replace(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _delete(document: dict[str, Any], path: tuple[Any, ...]) -> None:
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]


def _attempt(call: Callable[[], Any]) -> tuple[Any, KiemPhieuError | None]:
    """The call's value, or the project's error it raised; any other exception fails the test."""
    try:
        return call(), None
    except KiemPhieuError as exc:
        return None, exc


def _parses_or_refuses(data: dict[str, Any]) -> MeetingSpec | None:
    spec, error = _attempt(lambda: parse_spec(data, "hoinghi.toml"))
    if error is not None:
        assert isinstance(error, SpecError)
        assert str(error).startswith("hoinghi.toml"), error  # it says which file
    return spec


def test_the_example_itself_parses() -> None:
    spec = parse_spec(copy.deepcopy(EXAMPLE), "hoinghi.toml")
    assert [p.code for p in spec.polls] == CODES


@SETTINGS
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=4))
def test_a_spec_with_values_swapped_parses_or_is_refused_with_a_spec_error(edits: list[tuple[Any, Any]]) -> None:
    document = copy.deepcopy(EXAMPLE)
    for path, value in edits:
        try:
            _replace(document, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced the parent; nothing left to swap there
    _parses_or_refuses(document)


@SETTINGS
@given(paths=st.lists(st.sampled_from(PATHS), min_size=1, max_size=3))
def test_a_spec_with_parts_missing_parses_or_is_refused_with_a_spec_error(paths: list[tuple[Any, ...]]) -> None:
    document = copy.deepcopy(EXAMPLE)
    for path in sorted(paths, key=lambda p: [str(s) for s in p], reverse=True):
        try:
            _delete(document, path)
        except (KeyError, IndexError, TypeError):
            continue
    _parses_or_refuses(document)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=10_000),
    length=st.integers(min_value=1, max_value=200),
    insert=st.binary(max_size=40),
)
def test_a_damaged_spec_file_is_read_or_refused_with_a_spec_error(
    tmp_path_factory: pytest.TempPathFactory, cut: int, length: int, insert: bytes
) -> None:
    original = example_spec_path().read_bytes()
    cut %= len(original)
    damaged = original[:cut] + insert + original[cut + length :]
    path = tmp_path_factory.mktemp("spec") / "hoinghi.toml"
    path.write_bytes(damaged)
    _, error = _attempt(lambda: read_spec(path))
    if error is not None:
        assert isinstance(error, SpecError)
        assert "hoinghi.toml" in str(error)


@SETTINGS
@given(data=st.one_of(VALUES, st.dictionaries(st.sampled_from(ENTRY_KEYS), VALUES, max_size=3)))
def test_parse_entry_returns_a_draft_or_an_entry_error(data: Any) -> None:
    draft, error = _attempt(lambda: ballots.parse_entry(data))
    if error is not None:
        assert isinstance(error, EntryError)
        assert str(error)
        return
    assert isinstance(data, dict)
    assert draft.ballot.physical_invalid or draft.ballot.marks_entered


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory, _example_template: Path) -> Iterator[MeetingFile]:
    path = tmp_path_factory.mktemp("fuzz") / "hoinghi.kiemphieu"
    shutil.copyfile(_example_template, path)
    with open_meeting_file(path) as meeting_file:
        yield meeting_file


def _stored(meeting_file: MeetingFile) -> int:
    with meeting_file.reading() as session:
        return int(session.scalar(select(func.count()).select_from(BallotRecord)) or 0)


LINES = st.one_of(
    st.dictionaries(st.sampled_from(ENTRY_KEYS), VALUES, min_size=1, max_size=3).map(
        lambda d: json.dumps(d, ensure_ascii=False, allow_nan=True)
    ),
    VALUES.map(lambda v: json.dumps(v, ensure_ascii=False, allow_nan=True)),
    st.text(max_size=30),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.sampled_from(CODES), lines=st.lists(LINES, min_size=1, max_size=6))
def test_an_entries_file_of_garbage_stores_exactly_the_lines_it_accepts(
    meeting: MeetingFile, tmp_path_factory: pytest.TempPathFactory, code: str, lines: list[str]
) -> None:
    path = tmp_path_factory.mktemp("entries") / "phieu.jsonl"
    path.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), encoding="utf-8")
    before = _stored(meeting)
    report, error = _attempt(lambda: ballots.enter_file(meeting, code=code, path=path, operator="fuzz", pass_no=3))
    if error is not None:  # only a file-level refusal (unreadable file) may stop the whole file
        assert str(error)
        assert _stored(meeting) == before
        return
    assert _stored(meeting) == before + len(report.accepted)
    for number, reason in report.rejected:
        assert 1 <= number <= len(lines)
        assert reason


def test_line_numbers_count_newlines_only_not_unicode_line_separators(meeting: MeetingFile, tmp_path: Path) -> None:
    """Found by the fuzzer: U+2028 or U+0085 inside a name (json.dumps leaves them raw) shifted every later
    line number, so the committee was sent to the wrong line."""
    path = tmp_path / "phieu.jsonl"
    first = json.dumps({"names": ["Nguyễn\u2028Văn\x85An"]}, ensure_ascii=False)
    path.write_text(first + "\n{ không phải JSON\n", encoding="utf-8")
    report = ballots.enter_file(meeting, code="gioi-thieu", path=path, operator="fuzz", pass_no=3)
    assert len(report.accepted) == 1
    assert [number for number, _ in report.rejected] == [2]


CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.sampled_from(["Họ và tên", "Năm sinh", "Chức vụ", "Ghi chú", "Nguyễn Văn An", "1970", "STT", ""]),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=0, max_size=8))
def test_a_candidate_workbook_of_any_cells_is_read_or_refused_with_an_import_error(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[Any]]
) -> None:
    from openpyxl import Workbook

    from app.services.importing import read_items_xlsx

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path_factory.mktemp("xlsx") / "ungvien.xlsx"
    workbook.save(path)
    items, error = _attempt(lambda: read_items_xlsx(path))
    if error is not None:
        assert isinstance(error, ImportFileError)
        assert "ungvien.xlsx" in str(error)
        return
    assert items
    assert all(item.name.strip() for item in items)


# --------------------------------------------------------------------------- #15: the classes found by hand

_DEEP = st.integers(min_value=1, max_value=3000).map(lambda n: "[" * n + "]" * n)
_DIGITS = st.integers(min_value=1, max_value=6000).map(lambda n: '{"struck": [' + "7" * n + "]}")
_MIXED = st.lists(st.sampled_from(["[", "]", "{", "}", '"a":', "1", ",", "9" * 30, "null", '"', "\\"]), max_size=60)


@SETTINGS
@given(st.one_of(_DEEP, _DIGITS, _MIXED.map("".join), st.text(max_size=200)))
def test_an_entries_line_is_parsed_or_refused_in_words(line: str) -> None:
    message = ""
    try:
        ballots.parse_entry(ballots.parse_json_line(line))
    except EntryError as exc:
        message = str(exc)
        assert message


@SETTINGS
@given(st.text(max_size=40))
def test_typed_points_are_read_or_refused_never_rounded(text: str) -> None:
    from app.rules.points import PointsError, format_points, parse_points

    try:
        halves = parse_points(text)
    except PointsError as exc:
        halves, message = None, str(exc)
        assert message
    if halves is not None:
        assert parse_points(format_points(halves)) == halves
        assert float(text.strip().replace(",", ".")) * 2 == halves
