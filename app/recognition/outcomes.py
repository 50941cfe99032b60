"""What became of a scanned page, as values: its outcome, its status, and each reason it needs a person or
was turned away — a code with typed parameters, never prose (VxSuite's adjudication reasons, issue #13).

Words are made only at the edge: `app.recognition.words.vietnamese` for the CLI and the minutes, the GUI
through Qt's tr (ui/screens/scanning.py) so the English UI translates them too. A reason is stored as
JSON (`Reason.as_json`: the code and its parameters); a text stored by an earlier version reads back as a
`ReasonCode.LEGACY` reason that shows that text (`Reason.from_json`). Nothing may search the words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

from app.printing.ballot_code import CodeProblem


class Outcome(StrEnum):
    """What a scanned page is."""

    READ = "read"  # every cell read with certainty: counted once its sheet is complete
    REVIEW = "review"  # read, but something needs a person
    BLANK = "blank"  # the blank back of a sheet
    UNREADABLE = "unreadable"  # nothing can be read from it: a person looks at the paper
    FOREIGN = "foreign"  # not a ballot of this meeting (or of a poll no longer in the file)
    DUPLICATE = "duplicate"  # scanned or keyed in before
    UNISSUED = "unissued"  # not in the register of issued sheets
    TEST = "test"  # a test-deck sheet: never counted
    CLOSED = "closed"  # its poll is closed: no more ballots


class Status(StrEnum):
    """What was done with a stored page."""

    COUNTED = "counted"
    PENDING = "pending"  # a person must decide
    WAITING = "waiting"  # decided; waits for the other pages of its sheet
    TURNED_AWAY = "turned_away"  # kept and reported, never counted
    DONE = "done"  # nothing to do (a blank back, a page scanned before)
    DISMISSED = "dismissed"  # taken out of the queue without counting


#: The status a page starts with, by its outcome (any other outcome: turned away).
FIRST_STATUS: Mapping[Outcome, Status] = {
    Outcome.READ: Status.WAITING,
    Outcome.REVIEW: Status.PENDING,
    Outcome.UNREADABLE: Status.PENDING,
    Outcome.BLANK: Status.DONE,
}


def first_status(outcome: Outcome) -> Status:
    """The status a newly stored page with `outcome` gets."""
    return FIRST_STATUS.get(outcome, Status.TURNED_AWAY)


class Region(StrEnum):
    """The kinds of marking region on a ballot page (a Cell's `kind`)."""

    BOX = "box"
    NAME = "name"
    SCORE = "score"
    LINE = "line"


class Check(StrEnum):
    """A page-level question for a person, beyond the cells."""

    STAMP = "stamp"  # is the committee's stamp on the ballot?
    EXTRA = "extra"  # is there writing outside the regions (which may make the ballot invalid)?


class ReasonCode(StrEnum):
    """Why a page needs a person, or was turned away. The parameters each code carries: `PARAMETERS`."""

    # a cell a person must decide (app.recognition.interpret.propose)
    BOX_FAINT = "box_faint"
    BOX_HALO = "box_halo"  # circled or scribbled round
    BOX_LINE = "box_line"  # one straight line through it and on beyond it on both sides: a fold crease, most likely
    NAME_PARTLY_STRUCK = "name_partly_struck"
    NAME_STRAY_LINE = "name_stray_line"  # a pen line in a name's cell, beside the name rather than through it
    SCORE_WRITTEN = "score_written"
    NAME_WRITTEN = "name_written"
    # the page as a whole (propose)
    STAMP_UNCLEAR = "stamp_unclear"
    OUTSIDE_MARKS = "outside_marks"
    # the file, the code and the template (app.recognition.pipeline)
    FILE_FAULT = "file_fault"
    BLANK_BACK = "blank_back"
    NO_QR = "no_qr"
    MANY_QR = "many_qr"
    CODE_MALFORMED = "code_malformed"
    CODE_WRONG_VERSION = "code_wrong_version"
    CODE_FOREIGN = "code_foreign"
    CODE_FORGED = "code_forged"
    CODE_WRONG_ROUND = "code_wrong_round"
    POLL_GONE = "poll_gone"
    TEST_SHEET = "test_sheet"
    ALIGN_FAULT = "align_fault"
    PAGES_MISMATCH = "pages_mismatch"
    # alignment and measuring (app.recognition.reading's Unreadable)
    MARKS_MISSING = "marks_missing"
    PAGE_WARPED = "page_warped"
    PAGE_SKEWED = "page_skewed"
    PRINT_SCALE = "print_scale"
    REGION_OUTSIDE = "region_outside"
    UNREADABLE = "unreadable"  # a refusal stored as text by the version before the codes above
    # the register and the ballots entered (app.services.scanning.storage)
    POLL_CLOSED = "poll_closed"
    NOT_IN_REGISTER = "not_in_register"
    SHEET_SPOILED = "sheet_spoiled"
    SHEET_UNUSED = "sheet_unused"
    ALREADY_SCANNED = "already_scanned"
    ALREADY_KEYED = "already_keyed"
    TWIN_PENDING = "twin_pending"  # the same page of the sheet waits in the queue
    SCANNED_BEFORE = "scanned_before"  # the same file's page was stored before
    ENTRY_REFUSED = "entry_refused"  # the rules refused the ballot the pages make
    # a reason stored as text by an earlier version
    LEGACY = "legacy"


_CELL = frozenset({"region", "row", "col"})

#: The parameters each code carries: exactly these are set, every other one is None.
PARAMETERS: Mapping[ReasonCode, frozenset[str]] = {
    ReasonCode.BOX_FAINT: _CELL | {"column"},
    ReasonCode.BOX_HALO: _CELL | {"column"},
    ReasonCode.BOX_LINE: _CELL | {"column"},
    ReasonCode.NAME_PARTLY_STRUCK: _CELL | {"share"},
    ReasonCode.NAME_STRAY_LINE: _CELL | {"mm"},
    ReasonCode.SCORE_WRITTEN: _CELL,
    ReasonCode.NAME_WRITTEN: _CELL,
    ReasonCode.STAMP_UNCLEAR: frozenset(),
    ReasonCode.OUTSIDE_MARKS: frozenset(),
    ReasonCode.FILE_FAULT: frozenset({"text"}),
    ReasonCode.BLANK_BACK: frozenset(),
    ReasonCode.NO_QR: frozenset(),
    ReasonCode.MANY_QR: frozenset({"count"}),
    ReasonCode.CODE_MALFORMED: frozenset(),
    ReasonCode.CODE_WRONG_VERSION: frozenset(),
    ReasonCode.CODE_FOREIGN: frozenset(),
    ReasonCode.CODE_FORGED: frozenset(),
    ReasonCode.CODE_WRONG_ROUND: frozenset(),
    ReasonCode.POLL_GONE: frozenset(),
    ReasonCode.TEST_SHEET: frozenset(),
    ReasonCode.ALIGN_FAULT: frozenset({"text"}),
    ReasonCode.PAGES_MISMATCH: frozenset(),
    ReasonCode.MARKS_MISSING: frozenset(),
    ReasonCode.PAGE_WARPED: frozenset({"mm"}),
    ReasonCode.PAGE_SKEWED: frozenset({"degrees", "max_degrees"}),
    ReasonCode.PRINT_SCALE: frozenset({"share", "low", "high"}),
    ReasonCode.REGION_OUTSIDE: frozenset(),
    ReasonCode.UNREADABLE: frozenset({"text"}),
    ReasonCode.POLL_CLOSED: frozenset({"poll"}),
    ReasonCode.NOT_IN_REGISTER: frozenset({"serial"}),
    ReasonCode.SHEET_SPOILED: frozenset({"serial"}),
    ReasonCode.SHEET_UNUSED: frozenset({"serial"}),
    ReasonCode.ALREADY_SCANNED: frozenset({"serial", "at", "station", "by"}),
    ReasonCode.ALREADY_KEYED: frozenset({"serial", "at", "station", "by"}),
    ReasonCode.TWIN_PENDING: frozenset({"serial", "file", "page"}),
    ReasonCode.SCANNED_BEFORE: frozenset({"at", "file"}),
    ReasonCode.ENTRY_REFUSED: frozenset({"text"}),
    ReasonCode.LEGACY: frozenset({"text"}),
}

#: The reason a ballot code's problem gives a scanned page (the problems a scan can meet).
CODE_PROBLEMS: Mapping[CodeProblem, ReasonCode] = {
    CodeProblem.MALFORMED: ReasonCode.CODE_MALFORMED,
    CodeProblem.WRONG_VERSION: ReasonCode.CODE_WRONG_VERSION,
    CodeProblem.FOREIGN: ReasonCode.CODE_FOREIGN,
    CodeProblem.FORGED: ReasonCode.CODE_FORGED,
    CodeProblem.WRONG_ROUND: ReasonCode.CODE_WRONG_ROUND,
}

#: The page-level question a reason asks a person (answered with the page's decision).
CHECKS: Mapping[ReasonCode, Check] = {
    ReasonCode.STAMP_UNCLEAR: Check.STAMP,
    ReasonCode.OUTSIDE_MARKS: Check.EXTRA,
}


@dataclass(frozen=True, repr=False)
class Reason:
    """Why a page needs a person or was turned away: a code and the parameters that code carries
    (`PARAMETERS[code]`, checked on construction; a wrong set is a bug and raises ValueError)."""

    code: ReasonCode
    region: Region | None = None  # the cell's kind, with its row and col
    row: int | None = None
    col: int | None = None
    column: str | None = None  # the printed heading of a box's column
    share: float | None = None  # 0–1: of the printed name struck; of the true size printed
    low: float | None = None  # the print-scale limits, as shares of the true size
    high: float | None = None
    degrees: float | None = None  # how far the page is turned off square
    max_degrees: float | None = None
    mm: float | None = None  # how far the page bends from the template; how much line lies beside a name
    count: int | None = None  # QR codes on the page
    serial: str | None = None
    poll: str | None = None  # a poll's code
    file: str | None = None  # a scanned file, as the user named it
    page: int | None = None  # a page of that file
    at: dt.datetime | None = None
    station: str | None = None
    by: str | None = None  # who scanned or keyed it
    text: str | None = None  # a fault in words made elsewhere (a file's, the rules'), or a legacy reason

    def __post_init__(self) -> None:
        wanted = PARAMETERS[self.code]
        given = frozenset(name for name, value in self.params().items() if value is not None)
        if given != wanted:
            raise ValueError(f"reason {self.code}: parameters {sorted(given)}, expected {sorted(wanted)}")

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params().items())
        return f"Reason({self.code.value}{', ' if params else ''}{params})"

    def params(self) -> dict[str, Any]:
        """The parameters that are set, by name (typed values)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "code" and getattr(self, f.name) is not None
        }

    @property
    def cell(self) -> tuple[str, int, int] | None:
        """(kind, row, col) of the cell this reason is about, if it is about one."""
        if self.region is None or self.row is None or self.col is None:
            return None
        return (str(self.region), self.row, self.col)

    @property
    def check(self) -> Check | None:
        """The page-level question this reason asks, if it asks one."""
        return CHECKS.get(self.code)

    def renamed(self, old: str, new: str) -> Reason:
        """The same reason with file name `old` replaced by `new` in its file and text parameters (the kept
        copy of a scan is named by its hash; the user knows it by the name they gave it)."""
        changes: dict[str, Any] = {}
        if self.file is not None:
            changes["file"] = self.file.replace(old, new)
        if self.text is not None:
            changes["text"] = self.text.replace(old, new)
        return replace(self, **changes) if changes else self

    def as_json(self) -> dict[str, Any]:
        """Stored form: {"code": …, "params": {…}} with plain JSON values (a time as ISO 8601)."""
        params: dict[str, Any] = {}
        for name, value in self.params().items():
            if isinstance(value, dt.datetime):
                params[name] = value.isoformat()
            elif isinstance(value, float):
                params[name] = round(value, 4)
            else:
                params[name] = str(value) if isinstance(value, StrEnum) else value
        return {"code": str(self.code), "params": params}

    @staticmethod
    def from_json(data: Any) -> Reason:
        """The inverse of as_json. A text (what earlier versions stored), or anything this version does not
        know, reads as a LEGACY reason showing what was stored."""
        if isinstance(data, str):
            return legacy(data)
        try:
            code = ReasonCode(data["code"])
            params = dict(data.get("params", {}))
            if "region" in params:
                params["region"] = Region(params["region"])
            if "at" in params:
                params["at"] = dt.datetime.fromisoformat(params["at"])
            for name in ("share", "low", "high", "degrees", "max_degrees", "mm"):
                if name in params:
                    params[name] = float(params[name])
            return Reason(code, **params)
        except (KeyError, TypeError, ValueError, AttributeError):
            return legacy(str(data))


def legacy(text: str) -> Reason:
    """A reason an earlier version stored as text."""
    return Reason(ReasonCode.LEGACY, text=text)


def reasons_json(reasons: Iterable[Reason]) -> list[dict[str, Any]]:
    """Stored form of a list of reasons."""
    return [r.as_json() for r in reasons]


def reasons_from_json(data: Any) -> tuple[Reason, ...]:
    """Reasons as stored: a list of as_json() forms, or (earlier versions) {"list": [text, …]}."""
    if isinstance(data, dict):
        data = data.get("list", [])
    if not isinstance(data, list):
        return ()
    return tuple(Reason.from_json(item) for item in data)
