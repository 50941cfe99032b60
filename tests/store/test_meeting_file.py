"""The meeting file: SQLite pragmas, refusing foreign or newer files, migrations in step with the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.errors import MeetingFileError
from app.store.db import (
    APPLICATION_ID,
    MIGRATIONS,
    MeetingFile,
    create_meeting_file,
    head_revision,
    open_meeting_file,
)
from app.store.orm import Base


def _pragma(meeting_file: MeetingFile, name: str) -> object:
    with meeting_file.reading() as session:
        return session.connection().exec_driver_sql(f"PRAGMA {name}").scalar()


def test_new_file_has_the_crash_safe_pragmas_and_the_newest_schema(tmp_path: Path) -> None:
    with create_meeting_file(tmp_path / "a.kiemphieu") as meeting_file:
        assert _pragma(meeting_file, "journal_mode") == "wal"
        assert _pragma(meeting_file, "foreign_keys") == 1
        assert _pragma(meeting_file, "synchronous") == 2  # FULL
        assert _pragma(meeting_file, "application_id") == APPLICATION_ID
        with meeting_file.reading() as session:
            version = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == head_revision()


def test_reopening_keeps_the_data_and_close_folds_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "a.kiemphieu"
    with create_meeting_file(path) as meeting_file, meeting_file.transaction() as session:
        session.execute(text("INSERT INTO exclusion (ordinal, reason, count) VALUES (1, 'Vắng', 2)"))
    assert not Path(f"{path}-wal").exists()
    with open_meeting_file(path) as meeting_file, meeting_file.reading() as session:
        assert session.execute(text("SELECT reason, count FROM exclusion")).one() == ("Vắng", 2)


def test_a_failed_transaction_stores_nothing(tmp_path: Path) -> None:
    def crashing_action(meeting_file: MeetingFile) -> None:
        with meeting_file.transaction() as session:
            session.execute(text("INSERT INTO exclusion (ordinal, reason, count) VALUES (1, 'x', 1)"))
            raise RuntimeError("crash in the middle of a user action")

    with create_meeting_file(tmp_path / "a.kiemphieu") as meeting_file:
        with pytest.raises(RuntimeError):
            crashing_action(meeting_file)
        with meeting_file.reading() as session:
            assert session.execute(text("SELECT count(*) FROM exclusion")).scalar() == 0


def test_create_refuses_to_overwrite_and_a_missing_folder(tmp_path: Path) -> None:
    existing = tmp_path / "a.kiemphieu"
    existing.write_text("do not touch")
    with pytest.raises(MeetingFileError, match="đã tồn tại"):
        create_meeting_file(existing)
    assert existing.read_text() == "do not touch"
    with pytest.raises(MeetingFileError, match="không tồn tại"):
        create_meeting_file(tmp_path / "nowhere" / "b.kiemphieu")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "không phải tệp hội nghị"),
        (b"Ballots, not a database\n" * 10, "không phải tệp hội nghị"),
        (b"SQLite format 3\x00" + b"\x00" * 10, "không phải tệp hội nghị"),
    ],
)
def test_open_refuses_what_is_not_a_meeting_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.kiemphieu"
    path.write_bytes(content)
    with pytest.raises(MeetingFileError, match=message):
        open_meeting_file(path)
    assert path.read_bytes() == content


def test_open_refuses_another_programs_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    with pytest.raises(MeetingFileError, match="SQLite nhưng không phải tệp hội nghị"):
        open_meeting_file(path)


def test_open_refuses_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(MeetingFileError, match="không tìm thấy"):
        open_meeting_file(tmp_path / "missing.kiemphieu")
    with pytest.raises(MeetingFileError, match="thư mục"):
        open_meeting_file(tmp_path)


def test_a_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.kiemphieu"
    create_meeting_file(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    with pytest.raises(MeetingFileError, match="phiên bản KiểmPhiếu mới hơn"):
        open_meeting_file(path)
    assert path.read_bytes() == before


def test_a_file_from_an_older_version_is_upgraded_on_open(tmp_path: Path) -> None:
    """A file at an older revision (here: the empty base, with data kept elsewhere) reaches head."""
    path = tmp_path / "old.kiemphieu"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
    with open_meeting_file(path) as meeting_file, meeting_file.reading() as session:
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def test_migrations_have_a_single_head() -> None:
    assert len(ScriptDirectory.from_config(_config()).get_heads()) == 1


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """`alembic check` in code: the migrated schema has nothing the models lack, or the reverse."""
    path = tmp_path / "a.kiemphieu"
    create_meeting_file(path).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_upgrade_again_with_data(tmp_path: Path) -> None:
    path = tmp_path / "a.kiemphieu"
    create_meeting_file(path).close()
    engine = create_engine(f"sqlite:///{path}")
    config = _config()
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO exclusion (ordinal, reason, count) VALUES (1, 'x', 1)"))
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars().all()
        assert set(tables) <= {"alembic_version"}
        command.upgrade(config, "head")
        connection.execute(text("INSERT INTO exclusion (ordinal, reason, count) VALUES (1, 'y', 2)"))
        assert connection.execute(text("SELECT reason FROM exclusion")).scalars().all() == ["y"]
    engine.dispose()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    with (
        create_meeting_file(tmp_path / "a.kiemphieu") as meeting_file,
        pytest.raises(IntegrityError, match="FOREIGN KEY"),
        meeting_file.transaction() as session,
    ):
        session.execute(text("INSERT INTO mark (ballot_id, row, col) VALUES (12345, 1, 0)"))


def test_a_read_only_file_is_refused_with_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.store.db as db

    path = tmp_path / "ro.kiemphieu"
    create_meeting_file(path).close()
    before = path.read_bytes()
    # Root ignores permission bits, so the check itself is made to see a read-only file.
    monkeypatch.setattr(db.os, "access", lambda p, mode: False)
    with pytest.raises(MeetingFileError, match="chỉ cho đọc"):
        open_meeting_file(path)
    assert path.read_bytes() == before


def test_reads_do_not_wait_for_one_another(example_meeting) -> None:
    """A long read (a 10,000-ballot tally off the UI thread) no longer holds SQLite's write lock: another
    thread's read goes on at once (#17: the window waited half a second for the poll list). Writes still
    take the lock at BEGIN."""
    import threading
    import time

    from sqlalchemy import text

    meeting_file = example_meeting
    started, release = threading.Event(), threading.Event()

    def long_read() -> None:
        with meeting_file.reading() as session:
            session.execute(text("select count(*) from ballot")).scalar()
            started.set()
            release.wait(5)

    reader = threading.Thread(target=long_read)
    reader.start()
    try:
        assert started.wait(5)
        begun = time.perf_counter()
        with meeting_file.reading() as session:
            assert session.execute(text("select count(*) from poll")).scalar()
        assert time.perf_counter() - begun < 0.5
        begun = time.perf_counter()
        with meeting_file.transaction() as session:  # a write goes on beside a read too (WAL)
            session.execute(text("update meeting set place = place"))
        assert time.perf_counter() - begun < 0.5
    finally:
        release.set()
        reader.join()
