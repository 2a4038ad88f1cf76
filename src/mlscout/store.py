"""Saved assessments: the standard library's sqlite3, in WAL mode, in a file of the data directory.

The data directory is ``$MLSCOUT_HOME`` (default ``~/.mlscout/``). Each saved assessment is the Assessment JSON —
statistics, findings, opportunities, baselines and maturity, never raw rows, with personal values already masked —
with its owner, team, project name and time in indexed columns. Every read and write names the owner
(`mlscout.workspace.Workspace`): a save is listed, opened or deleted only by its owner (or listed and opened by its
team), and an id of someone else's save answers exactly like an id that does not exist. The schema is created and
versioned on first use (``PRAGMA user_version``). Every write is one transaction, so a process killed midway leaves every committed row
readable; concurrent writers wait for each other (busy timeout) rather than fail.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from mlscout.assessment import Assessment
from mlscout.workspace import LOCAL, Workspace

__all__ = ["SCHEMA_VERSION", "SavedAssessment", "StoreError", "data_dir", "database_path", "delete", "export_json",
           "history_frame", "import_json", "list_saved", "load", "maturity_history", "save"]

SCHEMA_VERSION = 2
_MIGRATIONS = {
    1: """
        CREATE TABLE IF NOT EXISTS assessments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            project TEXT NOT NULL,
            created_at TEXT NOT NULL,
            saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            datasets INTEGER NOT NULL,
            readiness REAL,
            maturity_level INTEGER,
            document TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS assessments_project_time ON assessments (project, created_at);
    """,
    # private workspaces: saves made before sign-in existed belong to the single local user
    2: """
        ALTER TABLE assessments ADD COLUMN owner TEXT NOT NULL DEFAULT 'local';
        ALTER TABLE assessments ADD COLUMN team TEXT;
        CREATE INDEX IF NOT EXISTS assessments_owner_project_time ON assessments (owner, project, created_at);
        CREATE INDEX IF NOT EXISTS assessments_team_project_time ON assessments (team, project, created_at);
    """,
}


class StoreError(RuntimeError):
    """The history could not be read or written; the message says what to do.

    ``public`` is the same message without the server's file path (for the page); ``damaged`` says whether setting
    the file aside (`set_aside`) and starting a fresh history would help.
    """

    def __init__(self, message: str, *, path: Path | None = None, damaged: bool = False) -> None:
        super().__init__(f"{message} ({path})" if path is not None else message)
        self.public = message
        self.path = path
        self.damaged = damaged


def _store_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """One plain line for what SQLite reports: damaged, foreign, read-only, locked or full."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError("the history file is damaged (not a readable ML Scout database); set it aside and start "
                          "a fresh history (`mlscout history --start-fresh`, or the button on the page)", path=path,
                          damaged=True)
    if "readonly" in text or "read-only" in text or "permission" in text:
        return StoreError("the history file is read-only; make it writable, or set MLSCOUT_HOME to a writable "
                          "folder", path=path)
    if "locked" in text or "busy" in text:
        return StoreError("the history is locked by another ML Scout process; try again when it has finished",
                          path=path)
    if "full" in text or "disk i/o" in text:
        return StoreError("the disk holding the history is full or failing; free space or set MLSCOUT_HOME "
                          "elsewhere", path=path)
    return StoreError(f"the history could not be used ({str(exc).splitlines()[0][:120]})", path=path)


def set_aside(path: Path | None = None) -> Path | None:
    """Move a damaged history file aside (kept, renamed with the time) so a fresh one starts; the moved path."""
    path = path or database_path()
    if not path.exists():
        return None
    moved = path.with_name(f"{path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}")
    path.rename(moved)
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.rename(moved.with_name(moved.name + suffix))
    return moved


class SavedAssessment(BaseModel):
    """One row of the history (without the document)."""

    model_config = ConfigDict(frozen=True)

    id: int
    project: str
    created_at: datetime
    datasets: int
    readiness: float | None
    maturity_level: int | None


def data_dir() -> Path:
    return Path(os.environ.get("MLSCOUT_HOME") or Path.home() / ".mlscout")


def database_path() -> Path:
    return data_dir() / "mlscout.db"


@contextmanager
def _connect(path: Path | None = None) -> Iterator[sqlite3.Connection]:
    path = path or database_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the history ({exc}); set MLSCOUT_HOME to a writable folder", path=path) \
            from None
    try:
        try:
            _use_wal(connection)
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA busy_timeout=30000")
            _refuse_foreign(connection, path)
            _migrate(connection)
            yield connection
        except sqlite3.Error as exc:  # every SQLite fault is one plain line, never a traceback
            raise _store_error(exc, path) from None
    finally:
        connection.close()


def _refuse_foreign(connection: sqlite3.Connection, path: Path) -> None:
    """Another application's SQLite file is not made into a history (tables added to it)."""
    if connection.execute("PRAGMA user_version").fetchone()[0]:
        return
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables - {"assessments"}:
        raise StoreError("the history file belongs to another application (it holds other tables); set "
                         "MLSCOUT_HOME to a folder of its own", path=path)


def _use_wal(connection: sqlite3.Connection, wait_s: float = 30.0) -> None:
    """Switch the database to write-ahead logging, which it keeps once set.

    SQLite answers a journal-mode pragma with "database is locked" at once, without waiting, while another
    process opens or closes the database (seen with two processes saving at once on a busy machine). So the mode
    is only read when already set, and the switch is retried for up to `wait_s` seconds.
    """
    deadline = time.monotonic() + wait_s
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"the history was written by a newer ML Scout (schema {version}); upgrade ML Scout.")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] < target:
                # statement by statement: executescript() would commit the transaction half-way
                for statement in filter(str.strip, _MIGRATIONS[target].split(";")):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {target}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _check_project(project: str) -> str:
    project = (project or "").strip()
    if not project or len(project) > 200:
        raise StoreError("give the project a name (1-200 characters) to save the assessment under it.")
    return project


def _visible(workspace: Workspace) -> tuple[str, tuple]:
    """The SQL condition (and its parameters) for the saves a workspace may list and open."""
    if workspace.team:
        return "(owner = ? OR team = ?)", (workspace.owner, workspace.team)
    return "owner = ?", (workspace.owner,)


def save(assessment: Assessment, project: str, workspace: Workspace = LOCAL) -> int:
    """Store an assessment under a project of `workspace`'s owner; returns its id."""
    project = _check_project(project)
    readiness = [d.readiness.overall for d in assessment.datasets if d.readiness is not None]
    maturity = getattr(assessment, "maturity", None)
    with _connect() as connection:
        connection.execute("BEGIN IMMEDIATE")
        try:
            cursor = connection.execute(
                "INSERT INTO assessments (owner, team, project, created_at, datasets, readiness, maturity_level, "
                "document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (workspace.owner, workspace.team, project, assessment.created_at.isoformat(),
                 len(assessment.datasets), min(readiness) if readiness else None, maturity.level if maturity is not None else None,
                 assessment.model_dump_json()))
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return int(cursor.lastrowid)


def list_saved(project: str | None = None, workspace: Workspace = LOCAL) -> list[SavedAssessment]:
    """The saved assessments `workspace` may see, oldest first; only those of `project` when given."""
    condition, parameters = _visible(workspace)
    query = f"SELECT id, project, created_at, datasets, readiness, maturity_level FROM assessments WHERE {condition}"
    if project is not None:
        query += " AND project = ?"
        parameters = (*parameters, project)
    with _connect() as connection:
        rows = connection.execute(query + " ORDER BY created_at, id", parameters).fetchall()
    return [SavedAssessment(id=r[0], project=r[1], created_at=r[2], datasets=r[3], readiness=r[4],
                            maturity_level=r[5]) for r in rows]


def load(assessment_id: int, project: str | None = None, workspace: Workspace = LOCAL) -> Assessment:
    """One saved assessment that `workspace` may see; with `project`, only if it belongs to that project."""
    condition, parameters = _visible(workspace)
    with _connect() as connection:
        row = connection.execute(f"SELECT project, document FROM assessments WHERE id = ? AND {condition}",
                                 (assessment_id, *parameters)).fetchone()
    if row is None or (project is not None and row[0] != project):
        raise StoreError(f"no saved assessment #{assessment_id}" + (f" in project {project!r}." if project else "."))
    return Assessment.model_validate_json(row[1])


def delete(assessment_id: int, project: str | None = None, workspace: Workspace = LOCAL) -> None:
    """Delete one of the owner's own saves (a team mate's save is left alone)."""
    query, parameters = "DELETE FROM assessments WHERE id = ? AND owner = ?", (assessment_id, workspace.owner)
    if project is not None:
        query, parameters = query + " AND project = ?", (*parameters, project)
    with _connect() as connection:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(query, parameters)
        connection.execute("COMMIT")


def export_json(assessment_id: int, project: str | None = None, workspace: Workspace = LOCAL) -> str:
    return load(assessment_id, project, workspace).model_dump_json(indent=2)


def import_json(text: str, project: str, workspace: Workspace = LOCAL) -> int:
    """Store an exported assessment (validated first) under `project`."""
    try:
        assessment = Assessment.model_validate_json(text)
    except ValueError as exc:
        raise StoreError(f"not an ML Scout assessment: {str(exc).splitlines()[0]}") from None
    return save(assessment, project, workspace)


def history_frame(rows: list[SavedAssessment]) -> pd.DataFrame:  # noqa: F821 - pandas imported lazily
    """The history as a table, newest first."""
    import pandas as pd

    return pd.DataFrame([{"#": r.id, "saved (UTC)": f"{r.created_at:%Y-%m-%d %H:%M}", "datasets": r.datasets,
                          "lowest readiness": r.readiness, "maturity level": r.maturity_level}
                         for r in reversed(rows)])


def maturity_history(project: str, last: int = 20, workspace: Workspace = LOCAL) -> list[dict]:
    """(saved time, factor, score) points of the last saved assessments of a project that rated maturity."""
    points = []
    for row in list_saved(project, workspace)[-last:]:
        maturity = load(row.id, project, workspace).maturity
        if maturity is None:
            continue
        points += [{"saved": row.created_at, "factor": factor, "score": score}
                   for factor, score in maturity.factors.items() if score is not None]
    return points
