"""The meeting specification (TOML) that `kiemphieu new` reads: parsing and validation."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import limits
from app.errors import KiemPhieuError, SpecError
from app.profiles import get_profile
from app.rules import points
from app.rules.model import PollKind
from app.rules.profile import with_overrides
from app.text import name_key, nfc

POLL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

# Which list each kind takes in the spec.
ITEM_KEYS: dict[PollKind, str] = {
    PollKind.ELECTION: "candidates",
    PollKind.CONFIDENCE: "subjects",
    PollKind.EVALUATION: "subjects",
    PollKind.SCORING: "subjects",
    PollKind.MOTION: "motions",
    PollKind.NOMINATION: "eligible",
}
DEFAULT_PROFILE: dict[PollKind, str] = {
    PollKind.ELECTION: "party-election",
    PollKind.CONFIDENCE: "party-confidence",
    PollKind.EVALUATION: "evaluation",
    PollKind.SCORING: "scoring",
    PollKind.MOTION: "motion",
    PollKind.NOMINATION: "nomination",
}


@dataclass(frozen=True)
class ItemSpec:
    """A candidate, subject, motion or eligible name as specified."""

    name: str
    birth_year: int | None = None
    position: str | None = None
    note: str | None = None
    is_head: bool = False
    max_level: int = 1


@dataclass(frozen=True)
class CriterionSpec:
    """A scoring criterion and its maximum, in half points."""

    name: str
    max_halves: int


@dataclass(frozen=True)
class PollSpec:
    """One poll as specified."""

    code: str
    kind: PollKind
    profile: str
    title: str
    seats: int
    items: tuple[ItemSpec, ...]
    criteria: tuple[CriterionSpec, ...] = ()
    round_no: int = 1
    issued: int | None = None
    collected: int | None = None
    binding: bool = False
    collective_level: int | None = None
    rules: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MeetingSpec:
    """A whole meeting as specified, plus warnings worth showing (not errors)."""

    title: str
    organization: str
    place: str
    date: dt.date
    convened: int
    present: int
    superior: str | None = None
    congress: str | None = None
    term: str | None = None
    electorate: str = "đại biểu"  # "đại biểu chính thức", "đảng viên chính thức" … as the minutes say it
    exclusions: tuple[tuple[str, int], ...] = ()
    committee: tuple[tuple[str, str], ...] = ()
    polls: tuple[PollSpec, ...] = ()
    warnings: tuple[str, ...] = ()


class _Reader:
    """Typed access to one TOML table, with error messages that say where."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise SpecError(f"{where}: phải là một bảng (table) TOML.")
        self.data: dict[str, Any] = data
        self.where = where

    def refuse_unknown(self, allowed: set[str]) -> None:
        unknown = sorted(set(self.data) - allowed)
        if unknown:
            raise SpecError(
                f"{self.where}: khóa không hợp lệ '{unknown[0]}' (các khóa được phép: {', '.join(sorted(allowed))})."
            )

    def opt_text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise SpecError(f"{self.where}: '{key}' phải là chuỗi ký tự, không phải {_type_name(value)}.")
        limit = limits.MAX_NAME_CHARS if key == "name" else limits.MAX_TEXT_CHARS
        if len(value) > limit:
            raise SpecError(f"{self.where}: '{key}' dài quá {limit} ký tự.")
        return nfc(value) or None

    def text(self, key: str) -> str:
        value = self.opt_text(key)
        if value is None:
            if key in self.data:
                raise SpecError(f"{self.where}: '{key}' không được để trống.")
            raise SpecError(f"{self.where}: thiếu '{key}'.")
        return value

    def opt_integer(self, key: str, minimum: int = 0, maximum: int = limits.MAX_PEOPLE) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise SpecError(f"{self.where}: '{key}' phải là số nguyên, không phải {_type_name(value)}.")
        if value < minimum:
            raise SpecError(f"{self.where}: '{key}' phải từ {minimum} trở lên (đang là {value}).")
        if value > maximum:
            shown = str(value) if len(str(value)) <= 24 else f"một số {len(str(value))} chữ số"
            raise SpecError(f"{self.where}: '{key}' phải từ {minimum} đến {maximum} (đang là {shown}).")
        return value

    def integer(self, key: str, minimum: int = 0, maximum: int = limits.MAX_PEOPLE) -> int:
        value = self.opt_integer(key, minimum, maximum)
        if value is None:
            raise SpecError(f"{self.where}: thiếu '{key}'.")
        return value

    def boolean(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise SpecError(f"{self.where}: '{key}' phải là true hoặc false.")
        return value

    def array(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise SpecError(f"{self.where}: '{key}' phải là một danh sách [ ... ].")
        return value


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "số", float: "số", str: "chuỗi", list: "danh sách", dict: "bảng"}
    return names.get(type(value), type(value).__name__)


def _refuse_number(name: str, where: str) -> None:
    if name.replace(".", "", 1).replace(",", "", 1).isdigit():
        raise SpecError(f"{where}: '{name}' là một con số, không phải họ tên.")


def parse_item(raw: Any, where: str) -> ItemSpec:
    """A list entry: a plain name, or a table with name and optional details."""
    if isinstance(raw, str):
        if len(raw) > limits.MAX_NAME_CHARS:
            raise SpecError(f"{where}: tên dài quá {limits.MAX_NAME_CHARS} ký tự.")
        name = nfc(raw)
        if not name:
            raise SpecError(f"{where}: tên không được để trống.")
        _refuse_number(name, where)
        return ItemSpec(name=name)
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: phải là tên (chuỗi) hoặc bảng {{ name = ... }}, không phải {_type_name(raw)}.")
    reader = _Reader(raw, where)
    reader.refuse_unknown({"name", "birth_year", "position", "note", "head", "max_level"})
    name = reader.text("name")
    _refuse_number(name, where)
    birth_year = reader.opt_integer("birth_year", 1900, 2100)
    max_level = reader.opt_integer("max_level", 1, 4) or 1
    return ItemSpec(
        name=name,
        birth_year=birth_year,
        position=reader.opt_text("position"),
        note=reader.opt_text("note"),
        is_head=reader.boolean("head"),
        max_level=max_level,
    )


def parse_items(raws: list[Any], where: str) -> tuple[ItemSpec, ...]:
    """A list of items, refusing names that appear twice (unless birth years tell them apart)."""
    if len(raws) > limits.MAX_ITEMS:
        raise SpecError(f"{where}: {len(raws)} mục, quá {limits.MAX_ITEMS} mục trên một phiếu.")
    items = tuple(parse_item(raw, f"{where}[{i + 1}]") for i, raw in enumerate(raws))
    seen: dict[tuple[str, int | None], int] = {}
    for i, item in enumerate(items, start=1):
        key = (name_key(item.name), item.birth_year)
        if key in seen:
            raise SpecError(
                f"{where}[{i}]: '{item.name}' trùng với mục {seen[key]}; nếu là hai người trùng họ tên, "
                "hãy ghi năm sinh (birth_year) để phân biệt."
            )
        seen[key] = i
    return items


def _parse_criteria(raws: list[Any], where: str) -> tuple[CriterionSpec, ...]:
    if len(raws) > limits.MAX_CRITERIA:
        raise SpecError(f"{where}: {len(raws)} tiêu chí, quá {limits.MAX_CRITERIA}.")
    result = []
    for i, raw in enumerate(raws, start=1):
        reader = _Reader(raw, f"{where}[{i}]")
        reader.refuse_unknown({"name", "max"})
        name = reader.text("name")
        maximum = reader.data.get("max")
        if isinstance(maximum, bool) or not isinstance(maximum, int | float):
            raise SpecError(f"{where}[{i}]: 'max' phải là số điểm tối đa lớn hơn 0.")
        try:
            halves = points.halves_of_number(maximum)
        except points.PointsError as exc:
            raise SpecError(f"{where}[{i}]: 'max': {exc}.") from None
        if not 0 < halves <= 2 * limits.MAX_CRITERION_POINTS:
            raise SpecError(
                f"{where}[{i}]: 'max' phải là số điểm tối đa lớn hơn 0 và không quá {limits.MAX_CRITERION_POINTS}."
            )
        result.append(CriterionSpec(name=name, max_halves=halves))
    return tuple(result)


def parse_poll(raw: Any, where: str, warnings: list[str]) -> PollSpec:
    """One [[polls]] table."""
    reader = _Reader(raw, where)
    code = reader.text("id")
    where = f"{where} ('{code}')"
    reader.where = where
    if not POLL_CODE.match(code):
        raise SpecError(f"{where}: 'id' chỉ gồm chữ không dấu, số, '-', '_' hoặc '.' (tối đa 64 ký tự).")
    kind_text = reader.text("kind")
    try:
        kind = PollKind(kind_text)
    except ValueError:
        raise SpecError(
            f"{where}: loại '{kind_text}' không có; chọn một trong: {', '.join(k.value for k in PollKind)}."
        ) from None
    item_key = ITEM_KEYS[kind]
    allowed = {"id", "kind", "profile", "title", "seats", "issued", "collected", "round", "rules", item_key}
    if kind is PollKind.SCORING:
        allowed.add("criteria")
    if kind is PollKind.CONFIDENCE:
        allowed.add("binding")
    if kind is PollKind.EVALUATION:
        allowed.add("collective_level")
    reader.refuse_unknown(allowed)
    profile_id = reader.opt_text("profile") or DEFAULT_PROFILE[kind]
    try:
        profile = get_profile(profile_id)
        if kind.value not in profile.kinds:
            raise SpecError(
                f"{where}: hồ sơ quy tắc '{profile_id}' không dùng cho loại '{kind.value}' "
                f"(dùng cho: {', '.join(profile.kinds)})."
            )
        rules = reader.data.get("rules", {})
        if not isinstance(rules, dict):
            raise SpecError(f"{where}: 'rules' phải là một bảng, ví dụ rules = {{ aggregate = \"median\" }}.")
        with_overrides(profile, rules, f"{where}: rules")
    except SpecError:
        raise
    except KiemPhieuError as exc:
        raise SpecError(f"{where}: {exc}") from None
    title = reader.text("title")
    raw_items = reader.array(item_key)
    if not raw_items and kind is not PollKind.NOMINATION:
        raise SpecError(f"{where}: thiếu danh sách '{item_key}' (ít nhất một mục).")
    items = parse_items(raw_items, f"{where}: {item_key}")
    criteria: tuple[CriterionSpec, ...] = ()
    if kind is PollKind.SCORING:
        criteria = _parse_criteria(reader.array("criteria"), f"{where}: criteria")
        if not criteria:
            raise SpecError(f"{where}: phiếu chấm điểm cần 'criteria' = [ {{ name = ..., max = ... }} ].")
    seats_needed = kind in (PollKind.ELECTION, PollKind.NOMINATION)
    seats = (
        reader.integer("seats", 1, limits.MAX_SEATS)
        if seats_needed
        else reader.opt_integer("seats", 1, limits.MAX_SEATS) or 0
    )
    if kind is PollKind.ELECTION:
        if len(items) < seats:
            warnings.append(f"{where}: danh sách có {len(items)} người, ít hơn số cần bầu ({seats}).")
        elif seats <= 5 and len(items) - seats > 1:
            warnings.append(
                f"{where}: số dư {len(items) - seats} người; khi bầu từ 3 đến 5 người chỉ được dư tối đa 1 người."
            )
        elif seats > 5 and 10 * (len(items) - seats) > 3 * seats:
            warnings.append(
                f"{where}: số dư {len(items) - seats} vượt 30% số cần bầu ({seats}); "
                "cần có quyết định của đại hội (Quy định 190-QĐ/TW, Điều 14)."
            )
    collective_level = reader.opt_integer("collective_level", 1, 4)
    issued = reader.opt_integer("issued")
    collected = reader.opt_integer("collected")
    if issued is not None and collected is not None and collected > issued:
        raise SpecError(f"{where}: số phiếu thu về ({collected}) lớn hơn số phiếu phát ra ({issued}).")
    return PollSpec(
        code=code,
        kind=kind,
        profile=profile_id,
        title=title,
        seats=seats,
        items=items,
        criteria=criteria,
        round_no=reader.opt_integer("round", 1, 100) or 1,
        issued=issued,
        collected=collected,
        binding=reader.boolean("binding"),
        collective_level=collective_level,
        rules=dict(reader.data.get("rules", {})),
    )


def parse_spec(data: dict[str, Any], where: str) -> MeetingSpec:
    """Validate a parsed TOML document and build the MeetingSpec."""
    top = _Reader(data, where)
    top.refuse_unknown({"meeting", "attendance", "committee", "polls"})
    meeting = _Reader(data.get("meeting"), f"{where}: [meeting]")
    meeting.refuse_unknown({"title", "organization", "superior", "congress", "term", "place", "date", "electorate"})
    raw_date = meeting.data.get("date")
    if isinstance(raw_date, dt.datetime):
        date = raw_date.date()
    elif isinstance(raw_date, dt.date):
        date = raw_date
    elif isinstance(raw_date, str):
        try:
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            raise SpecError(f"{where}: [meeting] 'date' phải có dạng 2025-06-20.") from None
    else:
        raise SpecError(f"{where}: [meeting] thiếu 'date' (dạng 2025-06-20).")
    attendance = _Reader(data.get("attendance"), f"{where}: [attendance]")
    attendance.refuse_unknown({"convened", "present", "excluded"})
    convened = attendance.integer("convened")
    present = attendance.integer("present")
    if present > convened:
        raise SpecError(f"{where}: [attendance] số có mặt ({present}) lớn hơn số được triệu tập ({convened}).")
    exclusions = []
    for i, raw in enumerate(attendance.array("excluded"), start=1):
        row = _Reader(raw, f"{where}: [attendance] excluded[{i}]")
        row.refuse_unknown({"reason", "count"})
        reason, count = row.text("reason"), row.integer("count", 1)
        exclusions.append((reason, count))
    if sum(c for _, c in exclusions) > convened:
        raise SpecError(f"{where}: [attendance] số không tính vào tổng số lớn hơn số được triệu tập.")
    committee = []
    for i, raw in enumerate(top.array("committee"), start=1):
        row = _Reader(raw, f"{where}: [[committee]] {i}")
        row.refuse_unknown({"name", "role"})
        name, role = row.text("name"), row.opt_text("role") or "Ủy viên"
        committee.append((name, role))
    warnings: list[str] = []
    polls = [parse_poll(raw, f"{where}: [[polls]] {i}", warnings) for i, raw in enumerate(top.array("polls"), 1)]
    codes = [p.code for p in polls]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise SpecError(f"{where}: mã nội dung bỏ phiếu '{duplicates[0]}' bị trùng.")
    title, organization, place = meeting.text("title"), meeting.text("organization"), meeting.text("place")
    return MeetingSpec(
        title=title,
        organization=organization,
        place=place,
        date=date,
        convened=convened,
        present=present,
        superior=meeting.opt_text("superior"),
        congress=meeting.opt_text("congress"),
        term=meeting.opt_text("term"),
        electorate=meeting.opt_text("electorate") or "đại biểu",
        exclusions=tuple(exclusions),
        committee=tuple(committee),
        polls=tuple(polls),
        warnings=tuple(warnings),
    )


def _nesting_ok(text: str) -> bool:
    """Whether the inline arrays and tables of a TOML text nest at most MAX_TOML_DEPTH deep.

    Counted over brackets outside strings and comments, which is an upper bound of the real nesting
    ('[[polls]]' headers open and close on their line); tomllib recurses once per level.
    """
    depth = 0
    quote = ""
    escape = comment = False
    for ch in text:
        if comment:
            comment = ch != "\n"
        elif quote:
            if escape:
                escape = False
            elif ch == "\\" and quote == '"':
                escape = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > limits.MAX_TOML_DEPTH:
                return False
        elif ch in "]}":
            depth = max(0, depth - 1)
    return True


def read_spec(path: Path) -> MeetingSpec:
    """Read and validate a spec file; every problem is a SpecError naming the file and the place."""
    try:
        text = limits.read_bounded(path, limits.MAX_SPEC_BYTES, "tệp mô tả hội nghị").decode("utf-8-sig")
    except FileNotFoundError:
        raise SpecError(f"{path}: không tìm thấy tệp mô tả hội nghị.") from None
    except UnicodeDecodeError:
        raise SpecError(f"{path.name}: tệp phải được lưu với mã UTF-8.") from None
    except limits.InputLimitError as exc:
        raise SpecError(str(exc)) from None
    except OSError as exc:
        raise SpecError(f"{path}: không đọc được tệp ({exc.strerror}).") from None
    if not _nesting_ok(text):
        raise SpecError(f"{path.name}: các bảng / danh sách lồng nhau quá {limits.MAX_TOML_DEPTH} tầng.")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path.name}: lỗi cú pháp TOML: {exc}.") from None
    except RecursionError:
        raise SpecError(f"{path.name}: các bảng / danh sách lồng nhau quá sâu.") from None
    return parse_spec(data, path.name)
