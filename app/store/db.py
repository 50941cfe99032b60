"""Opening, creating and migrating meeting files; one transaction per user action."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app import clock
from app.errors import MeetingFileError
from app.store import sharing

# PRAGMA application_id marks a SQLite file as a KiểmPhiếu meeting ("KPHU").
APPLICATION_ID = 0x4B504855
SUFFIX = ".kiemphieu"
_SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Set while MeetingFile.reading() runs (per thread): its transaction begins DEFERRED, a snapshot that takes no
# lock. Only writes take SQLite's write lock at BEGIN (IMMEDIATE): a 10,000-ballot tally read off the UI
# thread held that lock for half a second, and the UI thread's own small reads waited for it (#17).
_READING: ContextVar[bool] = ContextVar("kiemphieu_reading", default=False)


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this version of the app knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _make_engine(path: Path, read_only: bool = False, *, reader: bool = False) -> Engine:
    if read_only or reader:
        # A copy nobody can write (read-only file or folder): opened as immutable, so SQLite needs no journal,
        # no WAL index and no lock file beside it; every write is refused by SQLite itself.
        # A reader of a file this computer may write (`kiemphieu info` while the window has it open): read-only
        # but not immutable, so it sees the window's WAL. A read-only connection never folds the WAL into the
        # file nor deletes it when it closes — a writing one does when it finds no other connection's lock, and
        # the window's locks may be gone without the window knowing (#17, `open_meeting_file`).
        uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("" if reader else "&immutable=1")
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    else:
        engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, so transactions are real.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if not (read_only or reader):
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed ballot survives a power cut or kill -9 (docs/meeting-file.md §1).
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only or reader or _READING.get() else "BEGIN IMMEDIATE")

    return engine


def storage_error(path: Path, exc: DatabaseError) -> MeetingFileError:
    """A Vietnamese message for SQLite refusing a write: the action was not saved, and what to do."""
    name = str(getattr(exc.orig, "sqlite_errorname", ""))
    not_saved = f"{path.name}: thao tác vừa rồi CHƯA được ghi"
    if name == "SQLITE_FULL":
        return MeetingFileError(
            f"{not_saved} vì ổ đĩa đã đầy. Những gì đã ghi trước đó vẫn nguyên vẹn. Hãy giải phóng chỗ trống "
            "trên ổ (hoặc đóng chương trình, chép tệp sang ổ khác) rồi làm lại."
        )
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return MeetingFileError(
            f"{not_saved} vì một cửa sổ hoặc máy khác đang ghi vào tệp quá lâu. Hãy thử lại sau giây lát."
        )
    if name.startswith("SQLITE_READONLY"):
        return MeetingFileError(
            f"{not_saved} vì tệp (hoặc thư mục chứa nó) đã trở thành chỉ cho đọc. Hãy chép tệp sang một thư mục "
            "ghi được rồi mở bản chép."
        )
    if name.startswith("SQLITE_IOERR"):
        return MeetingFileError(
            f"{not_saved} vì lỗi đọc/ghi ổ đĩa (ổ USB bị rút, ổ mạng mất kết nối?). Hãy kiểm tra ổ đĩa, chạy "
            "`kiemphieu verify` rồi làm lại."
        )
    return MeetingFileError(f"{not_saved} ({exc.orig}).")


class MeetingFile:
    """An open meeting file. Use `transaction()` for each user action; `close()` when done."""

    def __init__(
        self, path: Path, engine: Engine, *, read_only: bool = False, opening: str | None = None, reader: bool = False
    ) -> None:
        self.path = path
        self.engine = engine
        # A copy nobody can write (read-only file or folder), opened for reading (#15); or a `reader`: a file this
        # computer may write, opened by a command that only reads (read-only connections, #17).
        self.read_only = read_only or reader
        self._reader = reader
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Open for writing (`opening` names it in the open marker beside the file, app/store/sharing.py).
        self._opening = opening
        self._marked = clock.now()
        # Set when another computer may have taken the file over while this process paused: it only reads then.
        self.lost: sharing.Lost | None = None

    def keep_marked(self, *, force: bool = False) -> sharing.Lost | None:
        """Refresh this computer's open marker (at most once a `sharing.REFRESH_EVERY`, unless `force`), so
        another computer keeps refusing to write to the file while this one has it open — after checking that the
        file is still this opening's (`sharing.lost`: another computer may have taken it over while this one
        slept). When it is not, the file is read-only in this process from then on; returns why (`lost`)."""
        if self._opening is not None and (force or clock.now() - self._marked >= sharing.REFRESH_EVERY):
            why = sharing.lost(self.path, self._opening, self._marked)
            if why is not None:
                self.lost, self.read_only = why, True
                self._opening = None  # the marker is not this opening's: never refreshed nor removed again
                return why
            sharing.refresh(self.path, self._opening)
            self._marked = clock.now()
        return self.lost

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together, or nothing does."""
        # Before writing, after a pause: the file must still be this opening's (the marker is then refreshed).
        why = self.keep_marked()
        if why is not None:
            raise MeetingFileError(f"Thao tác này CHƯA được ghi. {sharing.lost_message(self.path, why)}")
        if self.read_only:
            raise MeetingFileError(
                f"{self.path.name}: tệp đang mở chỉ để đọc, thao tác này CHƯA được ghi. Hãy chép tệp sang một thư "
                "mục ghi được rồi mở bản chép."
            )
        session = self._sessions()
        writing = _READING.set(False)  # a write inside a read (never meant): still IMMEDIATE
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            # If the connection itself failed (disk gone), nothing was committed; the refusal below says so.
            with suppress(DatabaseError):
                session.rollback()
            raise storage_error(self.path, exc) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            _READING.reset(writing)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed. Its transaction is a snapshot that takes no
        lock (BEGIN DEFERRED in WAL mode): reads never wait for one another."""
        session = self._sessions()
        marked = _READING.set(True)
        try:
            yield session
        finally:
            # close() ends the transaction without expiring what was loaded, so results stay readable.
            session.close()
            _READING.reset(marked)

    def checkpoint(self) -> None:
        """Copy everything in the WAL into the file itself (its header included), so another program
        opening the file (`kiemphieu info` while the window has it open) sees a complete meeting file."""
        # Outside any transaction (a checkpoint cannot run inside one): the bare DB-API connection.
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
            cursor.close()
        finally:
            connection.close()

    def close(self) -> None:
        """Close every connection; SQLite then folds the WAL back into the file."""
        self.engine.dispose()
        if self._opening is not None:
            sharing.release(self.path, self._opening)
            self._opening = None
        if self._reader:
            self._reader = False
            _fold_wal(self.path)

    def __enter__(self) -> MeetingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _fold_wal(path: Path) -> None:
    """After a command that only read (read-only connections leave the WAL beside the file): when no program holds
    the file open for writing (its open marker), one writing connection opened and closed folds the WAL into the
    file and removes it, so the file is self-contained again for copying. With a program writing, the WAL stays
    hers (`open_meeting_file`)."""
    if sharing.held(path) or not Path(f"{path}-wal").exists():
        return
    with suppress(sqlite3.Error):
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()


def _migrate(engine: Engine, path: Path) -> None:
    config = _alembic_config()
    script = ScriptDirectory.from_config(config)
    with engine.begin() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None:
            try:
                script.get_revision(current)
            except CommandError:
                raise MeetingFileError(
                    f"{path.name}: tệp được tạo bởi phiên bản KiểmPhiếu mới hơn (lược đồ {current}). "
                    "Hãy mở bằng phiên bản mới hơn của chương trình."
                ) from None
        if current == script.get_current_head():
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _revision(engine: Engine, path: Path) -> str | None:
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise MeetingFileError(f"{path.name}: không mở được tệp hội nghị để đọc ({exc.orig}).") from None


def _open_read_only(path: Path) -> MeetingFile:
    engine = _make_engine(path, read_only=True)
    if _revision(engine, path) != head_revision():
        engine.dispose()
        raise MeetingFileError(
            f"{path.name}: tệp chỉ cho đọc và cần được cập nhật lên phiên bản này trước khi xem; hãy chép tệp sang "
            "một thư mục ghi được rồi mở bản chép."
        )
    return MeetingFile(path, engine, read_only=True)


def _open_reader(path: Path) -> MeetingFile:
    """A file this computer may write, opened by a command that only reads: through read-only connections, so
    that closing never folds nor deletes the WAL the window may still be writing (#17). An older schema is
    brought up to date first, the way any opening does."""
    engine = _make_engine(path, reader=True)
    if _revision(engine, path) != head_revision():
        engine.dispose()
        writer = _make_engine(path)
        try:
            _migrate(writer, path)
        except (OperationalError, DatabaseError) as exc:
            raise MeetingFileError(f"{path.name}: không mở được tệp hội nghị ({exc.orig}).") from None
        finally:
            writer.dispose()
        engine = _make_engine(path, reader=True)
    return MeetingFile(path, engine, reader=True)


def check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise MeetingFileError(f"{path}: không đọc được tệp ({exc.strerror}).") from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise MeetingFileError(f"{path.name}: không phải tệp hội nghị KiểmPhiếu (.kiemphieu).")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise MeetingFileError(f"{path.name}: là cơ sở dữ liệu SQLite nhưng không phải tệp hội nghị KiểmPhiếu.")


def create_meeting_file(path: Path) -> MeetingFile:
    """Create an empty meeting file at `path` (refusing to overwrite) with the newest schema."""
    if path.exists():
        raise MeetingFileError(f"{path}: tệp đã tồn tại; hãy chọn tên khác hoặc xóa tệp cũ.")
    if not path.parent.exists():
        raise MeetingFileError(f"{path}: thư mục {path.parent} không tồn tại.")
    sharing.refuse_network(path)
    # SQLite keeps "<name>-journal" and "<name>-wal" beside the file: their names must fit too.
    longest = name_max(path.parent) - len(JOURNAL_SUFFIX.encode())
    if len(path.name.encode("utf-8")) > longest:
        raise MeetingFileError(
            f"{path.name[:40]}…: tên tệp dài {len(path.name.encode('utf-8'))} byte, quá {longest} byte "
            "(chữ có dấu tính 2–3 byte một chữ); hãy đặt tên ngắn hơn."
        )
    opening = sharing.new_opening()
    sharing.claim(path, opening)  # before anything is made: another computer's fresh marker refuses here
    engine = _make_engine(path)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        _migrate(engine, path)
        meeting_file = MeetingFile(path, engine, opening=opening)
        # The identification (application_id in the header) and the schema go into the file now, not
        # only into the WAL: a second program opening the file checks the header before anything else.
        meeting_file.checkpoint()
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        _remove_failed(path)
        raise MeetingFileError(f"{path}: không tạo được tệp hội nghị ({exc.orig}).") from None
    return meeting_file


JOURNAL_SUFFIX = "-journal"  # the longest of SQLite's companion suffixes (-wal, -shm, -journal)


def name_max(folder: Path) -> int:
    """The longest file name, in bytes, the folder's file system takes (255 where it cannot be asked)."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):
        return 255


def _remove_failed(path: Path) -> None:
    """Remove what a failed creation left (an empty or half-made file), so that a retry is not refused."""
    suffixes = ("-wal", "-shm", JOURNAL_SUFFIX, sharing.MARKER_SUFFIX)
    for leftover in (path, *(path.with_name(path.name + s) for s in suffixes)):
        with suppress(OSError):
            leftover.unlink()


def _writable(path: Path) -> bool:
    """Whether this process may write the file and create SQLite's companion files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_for_work(path: Path) -> MeetingFile:
    """Open a meeting file the way the window does: for writing, with this computer's open marker beside it
    (another computer's fresh marker is refused in words, app/store/sharing.py), or for reading when this
    computer may not write it — a copy nobody can write, a write-protected stick (#15), a network share (#14)."""
    if path.is_file() and (not _writable(path) or sharing.network_file_system(path) is not None):
        return open_meeting_file(path, read_only=True)
    return open_meeting_file(path)


def open_meeting_file(path: Path, *, read_only: bool = False) -> MeetingFile:
    """Open an existing meeting file, bringing an older schema up to date.

    With `read_only` (commands that only read: info, tally, check, verify…), a file that cannot be written
    (a read-only copy, a write-protected USB stick) is opened for reading instead of being refused.
    """
    if not path.exists():
        raise MeetingFileError(f"{path}: không tìm thấy tệp hội nghị.")
    if path.is_dir():
        raise MeetingFileError(f"{path}: là một thư mục, không phải tệp hội nghị.")
    check_header(path)
    writable = _writable(path)
    if read_only and (not writable or sharing.network_file_system(path) is not None):
        # On a network share no computer writes (below), so a snapshot read without locks is consistent.
        return _open_read_only(path)
    if read_only:
        # Not a writing connection, even for a moment: on Linux and macOS SQLite's locks are held per process and
        # ANY close of the file in a process drops them all (Qt's file dialog reads the file's first bytes to name
        # its type). A writing connection closing then finds no lock of the window's, folds the WAL into the file
        # and deletes it; the window goes on committing into the deleted WAL, and a crash loses what it
        # confirmed (#17: 15 ballots; tests/store/test_lost_wal.py). A read-only connection never does that.
        return _open_reader(path)
    if not writable:
        # Every action is written at once, and SQLite keeps its journal beside the file.
        raise MeetingFileError(
            f"{path.name}: tệp (hoặc thư mục chứa nó) chỉ cho đọc. Hãy chép tệp sang một thư mục ghi được "
            "(ví dụ Tài liệu) rồi mở bản chép."
        )
    opening = sharing.new_opening()
    sharing.refuse_network(path)
    sharing.claim(path, opening)
    engine = _make_engine(path)
    try:
        _migrate(engine, path)
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        sharing.release(path, opening)
        raise MeetingFileError(f"{path.name}: không mở được tệp hội nghị ({exc.orig}).") from None
    except MeetingFileError:
        engine.dispose()
        sharing.release(path, opening)
        raise
    return MeetingFile(path, engine, opening=opening)
