"""Which rows a transaction changed, noted by temporary triggers (they live in the connection, never in the file).

Every table but the audit log itself is tracked: whatever writes to it (the ORM, a bulk DELETE, a foreign-key
cascade) leaves (table, rowid) in `temp.kp_changed`. Before the transaction commits, the services read the
changed rows back and write their new values into the audit log (app.services.audit), so the log alone
rebuilds every table (`kiemphieu verify`, issue #14).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Connection

UNTRACKED = frozenset({"audit_log", "alembic_version"})
# Stored only as a SHA-256 in the log: the log may be shown, the value itself must not be (the secret signs
# the ballot codes; the PIN's hash is salted but short PINs are guessable from it; the registry's serials are
# never written to the log, only to the registry).
HASHED = frozenset({("meeting", "secret"), ("meeting", "head_pin"), ("ballot_sheet", "serial")})


def tables(connection: Connection) -> list[str]:
    """The tracked tables of the meeting file, by name."""
    return [
        name
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        if name not in UNTRACKED
    ]


def columns(connection: Connection, table: str) -> list[str]:
    """The columns of `table`, in the file's order."""
    return [row[1] for row in connection.exec_driver_sql(f"PRAGMA main.table_info('{table}')")]


def install(connection: Connection) -> None:
    """Create the temporary table and triggers on this connection, unless they are there already."""
    present = connection.exec_driver_sql(
        "SELECT count(*) FROM temp.sqlite_master WHERE name = 'kp_changed'"
    ).scalar_one()
    if present:
        return
    connection.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS kp_changed (tbl TEXT NOT NULL, rid INTEGER NOT NULL)")
    for table in tables(connection):
        for verb, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = " ".join(f"INSERT INTO kp_changed VALUES ('{table}', {row}.rowid);" for row in rows)
            connection.exec_driver_sql(
                f"CREATE TEMP TRIGGER IF NOT EXISTS kp_{table}_{verb.lower()} AFTER {verb} ON main.{table} "
                f"BEGIN {body} END"
            )


def encode(table: str, column: str, value: Any) -> Any:
    """A stored value as the log writes it (JSON): bytes as hex, the secret and the PIN's hash as SHA-256."""
    if (table, column) in HASHED and value is not None:
        raw = value if isinstance(value, bytes) else str(value).encode("utf-8")
        return {"sha256": hashlib.sha256(raw).hexdigest()}
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    return value


def read_rows(connection: Connection, table: str, ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """Rows of `table` (all, or those with these rowids) as {rowid: {column: encoded value}}."""
    names = columns(connection, table)
    select = ", ".join(f'"{name}"' for name in names)
    rows: dict[int, dict[str, Any]] = {}
    if ids is None:
        result = connection.exec_driver_sql(f'SELECT rowid, {select} FROM main."{table}"')
        fetched = list(result)
    else:
        fetched = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            fetched += list(
                connection.exec_driver_sql(
                    f'SELECT rowid, {select} FROM main."{table}" WHERE rowid IN ({marks})', tuple(chunk)
                )
            )
    for rowid, *values in fetched:
        rows[int(rowid)] = {name: encode(table, name, v) for name, v in zip(names, values, strict=True)}
    return rows


def changes(connection: Connection) -> dict[str, dict[int, dict[str, Any] | None]]:
    """The rows changed since the last call, with their new values (None: deleted); forgets them."""
    present = connection.exec_driver_sql(
        "SELECT count(*) FROM temp.sqlite_master WHERE name = 'kp_changed'"
    ).scalar_one()
    if not present:
        return {}
    changed: dict[str, set[int]] = {}
    for table, rowid in connection.exec_driver_sql("SELECT DISTINCT tbl, rid FROM temp.kp_changed"):
        changed.setdefault(str(table), set()).add(int(rowid))
    connection.exec_driver_sql("DELETE FROM temp.kp_changed")
    result: dict[str, dict[int, dict[str, Any] | None]] = {}
    for table, ids in sorted(changed.items()):
        now = read_rows(connection, table, sorted(ids))
        result[table] = {rowid: now.get(rowid) for rowid in sorted(ids)}
    return result


def snapshot(connection: Connection) -> dict[str, dict[int, dict[str, Any]]]:
    """Every tracked table as {table: {rowid: {column: encoded value}}}."""
    return {table: read_rows(connection, table) for table in tables(connection)}
