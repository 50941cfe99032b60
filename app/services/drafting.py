"""A poll being drafted in the editor: the code suggested from its title, and the rows of its list table
turned into the items the spec reader checks (which fields each poll kind keeps)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from app.errors import EntryError
from app.rules.model import PollKind
from app.services import spec
from app.services.spec import ItemSpec
from app.text import search_key

CODE_LENGTH = 24


def suggest_code(title: str, taken: set[str]) -> str:
    """A short poll code from the title's first words, without diacritics ("bau-ban-chap-hanh")."""
    words = re.findall(r"[a-z0-9]+", search_key(title))
    code = ""
    for word in words:
        candidate = f"{code}-{word}" if code else word
        if len(candidate) > CODE_LENGTH:
            break
        code = candidate
    code = code or (words[0][:CODE_LENGTH] if words else "noi-dung")
    unique, n = code, 2
    while unique in taken:
        unique, n = f"{code}-{n}", n + 1
    return unique


def item_rows(items: Sequence[ItemSpec]) -> list[dict[str, Any]]:
    """Rows for the list table."""
    return [
        {
            "name": i.name,
            "birth_year": i.birth_year,
            "position": i.position or "",
            "note": i.note or "",
            "head": i.is_head,
            "max_level": i.max_level,
        }
        for i in items
    ]


def raw_items(rows: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The table's rows as the spec reader takes them (it then checks years, numbers and duplicates)."""
    result = []
    for number, row in enumerate(rows, start=1):
        name = str(row.get("name") or "").strip()
        if not name:
            missing = (
                "Dòng {n} chưa có nội dung biểu quyết." if kind == PollKind.MOTION else "Dòng {n} chưa có họ và tên."
            )
            raise EntryError(missing.format(n=number))
        raw: dict[str, Any] = {"name": name}
        if kind != PollKind.MOTION:
            raw.update(
                birth_year=row.get("birth_year"),
                position=row.get("position") or None,
                note=row.get("note") or None,
            )
        if kind == PollKind.EVALUATION:
            raw["head"] = bool(row.get("head"))
        if kind in (PollKind.EVALUATION, PollKind.SCORING):
            raw["max_level"] = row.get("max_level") or 1
        result.append(raw)
    return result


def list_items(rows: list[dict[str, Any]], kind: str, where: str = "Danh sách") -> tuple[ItemSpec, ...]:
    """The table's rows as ItemSpecs, checked and normalised by the spec reader (Vietnamese errors)."""
    return spec.parse_items(raw_items(rows, kind), where)
