"""The GUI's words for the rules' reasons and notes: the Vietnamese templates of app.rules.words through Qt's
tr (context "rule_reasons"; tools/i18n.py lists them), so the English UI shows them in English (#17, item 9).

Words a person typed (`Code.STATED`) are shown as typed; a mark column's label goes through the "columns"
context the result grid uses.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.rules.reasons import Code, Reason
from app.rules.words import LOWER, TEMPLATES
from ui.i18n import tr


def words(reason: Reason) -> str:
    """A reason or a note in the UI language, its parameters filled in."""
    if reason.code is Code.STATED:
        return str(reason.params().get("text", ""))
    values: dict[str, str] = {}
    for name, value in reason.args:
        if isinstance(value, tuple):
            values[name] = ", ".join(value)
        elif name in LOWER:
            values[name] = tr("columns", str(value)).lower()
        else:
            values[name] = str(value)
    return tr("rule_reasons", TEMPLATES[reason.code]).format(**values)


def all_words(reasons: Iterable[Reason]) -> list[str]:
    """Each reason in the UI language."""
    return [words(reason) for reason in reasons]
