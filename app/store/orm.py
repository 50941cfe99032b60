"""SQLAlchemy 2 typed ORM models of a meeting file. Only app/store and app/services use them."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, LargeBinary, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention (Alembic's SQLite batch mode needs named constraints)."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, bytes: LargeBinary}


class Meeting(Base):
    """The conference; a meeting file holds exactly one."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    organization: Mapped[str]
    superior: Mapped[str | None]
    congress: Mapped[str | None]
    term: Mapped[str | None]
    place: Mapped[str]
    date: Mapped[dt.date]
    convened: Mapped[int]
    present: Mapped[int]
    electorate: Mapped[str] = mapped_column(default="đại biểu")  # who is convened, as the minutes say it
    fingerprint: Mapped[str] = mapped_column(String(32))
    secret: Mapped[bytes]
    head_pin: Mapped[str | None]  # PBKDF2 hash of the committee head's PIN; None: roles not enabled
    created_at: Mapped[dt.datetime]


class Exclusion(Base):
    """A category of people who leave the election base (docs/regulations.md §2.4), with its reason."""

    __tablename__ = "exclusion"

    id: Mapped[int] = mapped_column(primary_key=True)
    ordinal: Mapped[int]
    reason: Mapped[str]
    count: Mapped[int]


class CommitteeMember(Base):
    """A member of the counting committee (Ban kiểm phiếu)."""

    __tablename__ = "committee_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    ordinal: Mapped[int]
    name: Mapped[str]
    role: Mapped[str]


class Poll(Base):
    """One ballot: an election round, a confidence poll, an evaluation, a scoring, a motion, a nomination."""

    __tablename__ = "poll"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    ordinal: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str]
    round_no: Mapped[int] = mapped_column(default=1)
    seats: Mapped[int]
    profile_id: Mapped[str] = mapped_column(String(64))
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
    binding: Mapped[bool] = mapped_column(default=False)
    collective_level: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    issued: Mapped[int | None]
    collected: Mapped[int | None]
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("poll.id"))
    created_at: Mapped[dt.datetime]

    items: Mapped[list[PollItem]] = relationship(
        back_populates="poll", lazy="raise", order_by="PollItem.ordinal", cascade="all, delete-orphan"
    )


class PollItem(Base):
    """A row of a ballot (candidate, subject, motion, eligible name) or a scoring criterion."""

    __tablename__ = "poll_item"
    __table_args__ = (UniqueConstraint("poll_id", "role", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # "item" or "criterion"
    ordinal: Mapped[int]
    name: Mapped[str]
    birth_year: Mapped[int | None]
    position: Mapped[str | None]
    note: Mapped[str | None]
    is_head: Mapped[bool] = mapped_column(default=False)
    max_level: Mapped[int] = mapped_column(default=1)
    max_halves: Mapped[int | None]

    poll: Mapped[Poll] = relationship(back_populates="items", lazy="raise")


class BallotSheet(Base):
    """A printed ballot sheet in the issued-ballot registry (never linked to a voter)."""

    __tablename__ = "ballot_sheet"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    serial: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16))  # issued / spoiled / unused / test
    created_at: Mapped[dt.datetime]


class BallotRecord(Base):
    """One returned ballot as entered (keyed, imported or scanned)."""

    __tablename__ = "ballot"
    __table_args__ = (
        UniqueConstraint("poll_id", "pass_no", "serial"),
        UniqueConstraint("poll_id", "pass_no", "app_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="RESTRICT"), index=True)
    pass_no: Mapped[int] = mapped_column(default=1)
    serial: Mapped[str | None] = mapped_column(String(64))
    app_number: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(16))  # keyed / import / scan
    operator: Mapped[str]
    station: Mapped[str]
    entered_at: Mapped[dt.datetime]
    physical_invalid: Mapped[str | None]
    marks_entered: Mapped[bool] = mapped_column(default=True)
    auto_valid: Mapped[bool]
    auto_reason: Mapped[str | None]
    override_valid: Mapped[bool | None]
    override_reason: Mapped[str | None]
    override_by: Mapped[str | None]
    override_at: Mapped[dt.datetime | None]


class Mark(Base):
    """One mark on a ballot: a struck row (col 0), a marked box, a score (half points) or a written name."""

    __tablename__ = "mark"

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballot.id", ondelete="CASCADE"), index=True)
    row: Mapped[int]
    col: Mapped[int]
    value: Mapped[int | None]
    text: Mapped[str | None]


class AuditEntry(Base):
    """Append-only audit log, hash-chained, written in the same transaction as the change."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    actor: Mapped[str]
    action: Mapped[str] = mapped_column(String(48))
    poll_id: Mapped[int | None]
    subject: Mapped[str | None]
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class MinutesRecord(Base):
    """A finalised tally: one row per revision of a poll's minutes, with the digest printed on them."""

    __tablename__ = "minutes_record"
    __table_args__ = (UniqueConstraint("poll_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="RESTRICT"), index=True)
    revision: Mapped[int]
    closed_at: Mapped[dt.datetime]
    closed_by: Mapped[str]
    reopen_reason: Mapped[str | None]  # why the previous revision was reopened
    tally: Mapped[dict[str, Any]]
    digest: Mapped[str] = mapped_column(String(64))


class ScannedPage(Base):
    """One page of a scanned file and what became of it: counted, waiting for a person, or turned away.

    The file itself is kept beside the meeting file under its SHA-256 (`file_sha256`), so the page can be
    shown again, recounted or archived. `cells` holds every region's reading ([kind, row, col, score, value,
    certain]) and, once a person has decided, their values (`reviewed_by`): a re-run never overwrites them;
    `decisions` lists what the person changed. Reasons are codes with parameters, never prose. The JSON
    columns are read and written only through app.services.scanning.storage (typed values there).
    """

    __tablename__ = "scanned_page"
    __table_args__ = (UniqueConstraint("file_sha256", "page_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str]
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    page_no: Mapped[int]
    scanned_at: Mapped[dt.datetime]
    operator: Mapped[str]
    station: Mapped[str]
    outcome: Mapped[str] = mapped_column(String(16))  # app.recognition.outcomes.Outcome
    status: Mapped[str] = mapped_column(String(16))  # app.recognition.outcomes.Status
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [Reason.as_json(), …]
    poll_id: Mapped[int | None] = mapped_column(ForeignKey("poll.id", ondelete="RESTRICT"), index=True)
    pass_no: Mapped[int] = mapped_column(default=1)
    serial: Mapped[str | None] = mapped_column(String(64), index=True)
    sheet_page: Mapped[int | None]  # which page of its sheet (1 for single-page ballots)
    sheet_pages: Mapped[int | None]
    cells: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[kind, row, col, score, value, certain], …]
    measures: Mapped[dict[str, Any] | None]  # pipeline.Measures.as_json(); None: the page was not read
    checks: Mapped[list[Any]] = mapped_column(JSON, default=list)  # page-level questions still open: Check values
    physical_invalid: Mapped[str | None]  # why a person ruled the ballot invalid on its face
    decisions: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [[kind, row, col, before, after, score], …]
    ballot_id: Mapped[int | None] = mapped_column(ForeignKey("ballot.id", ondelete="RESTRICT"), index=True)
    reviewed_by: Mapped[str | None]
    reviewed_at: Mapped[dt.datetime | None]
    review_note: Mapped[str | None]
