"""The history: a round trip on a fresh database, concurrent writers, and a write killed midway."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from mlscout.assessment import Assessment
from mlscout.pipeline import assess
from mlscout.store import (
    SCHEMA_VERSION,
    StoreError,
    database_path,
    delete,
    export_json,
    import_json,
    list_saved,
    load,
    save,
)


def test_round_trip_on_a_fresh_database(sample_dir):
    assert not database_path().exists()
    assessment = assess([sample_dir / "bank_calls.csv"])
    first = save(assessment, "ops")
    second = save(assessment, "sales")
    assert database_path().exists()
    with sqlite3.connect(database_path()) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert load(first) == assessment
    assert [s.id for s in list_saved("ops")] == [first]
    assert [s.project for s in list_saved()] == ["ops", "sales"]
    with pytest.raises(StoreError, match="no saved assessment"):
        load(first, project="sales")  # scoped to the project
    copy = import_json(export_json(first), "ops")
    assert load(copy) == assessment
    delete(second)
    assert [s.project for s in list_saved()] == ["ops", "ops"]
    with pytest.raises(StoreError, match="not an ML Scout assessment"):
        import_json('{"hello": 1}', "ops")
    with pytest.raises(StoreError, match="give the project a name"):
        save(assessment, "  ")


WRITER = """
import sys
from mlscout.assessment import Assessment
from mlscout.store import save
assessment = Assessment()
for i in range(int(sys.argv[2])):
    saved = save(assessment, sys.argv[1])
    print(saved, flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(_isolated_home):
    env = dict(os.environ, MLSCOUT_HOME=str(_isolated_home))
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, name, "40"], env=env, stdout=subprocess.PIPE,
                                text=True) for name in ("a", "b")]
    outputs = [w.communicate(timeout=120)[0].split() for w in writers]
    assert all(w.returncode == 0 for w in writers)
    assert len(outputs[0]) == len(outputs[1]) == 40
    saved = list_saved()
    assert len(saved) == 80 and {s.project for s in saved} == {"a", "b"}
    assert sorted(s.id for s in saved) == sorted(int(i) for out in outputs for i in out)


def test_a_write_killed_midway_leaves_every_committed_row(_isolated_home):
    env = dict(os.environ, MLSCOUT_HOME=str(_isolated_home))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, "crash", "100000"], env=env, stdout=subprocess.PIPE,
                              text=True)
    committed = []
    deadline = time.monotonic() + 60
    while len(committed) < 25 and time.monotonic() < deadline:
        committed.append(int(writer.stdout.readline()))
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    with sqlite3.connect(database_path()) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {s.id for s in list_saved("crash")}
    assert set(committed) <= stored  # every row the writer saw committed is there
    assert isinstance(load(max(stored)), Assessment)


class _LockedAtFirst:
    """A connection whose journal-mode pragma answers "database is locked" a few times, as SQLite does (without
    waiting) while another process opens or closes the database."""

    def __init__(self, failures: int, mode: str):
        self.failures, self.mode, self.statements = failures, mode, []

    def execute(self, statement: str):
        self.statements.append(statement)
        if self.failures:
            self.failures -= 1
            raise sqlite3.OperationalError("database is locked")
        if statement == "PRAGMA journal_mode=WAL":
            self.mode = "wal"
        return self

    def fetchone(self):
        return (self.mode,)


def test_journal_mode_is_retried_while_another_process_holds_the_lock():
    from mlscout.store import _use_wal

    connection = _LockedAtFirst(failures=3, mode="delete")
    _use_wal(connection)
    assert connection.mode == "wal" and connection.statements[-1] == "PRAGMA journal_mode=WAL"
    already = _LockedAtFirst(failures=0, mode="wal")
    _use_wal(already)
    assert already.statements == ["PRAGMA journal_mode"]  # set once, then only read: no lock needed
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _use_wal(_LockedAtFirst(failures=10**6, mode="delete"), wait_s=0.2)


def _cli(*argv: str) -> tuple[int, str, str]:
    import io

    from mlscout.cli import main

    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fault, expected", [
    ("damaged", "damaged"), ("read-only", "read-only"), ("foreign", "another application")])
def test_a_faulty_history_is_one_plain_line_never_a_traceback(_isolated_home, sample_dir, fault, expected,
                                                             monkeypatch):
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if fault == "damaged":
        path.write_bytes(b"this is not a database, it was cut in half by a full disk" * 40)
    elif fault == "foreign":
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    else:
        save(assess([sample_dir / "bank_calls.csv"]), "p")
        # a read-only mount (file permissions do not stop root, who runs CI): SQLite's own read-only mode
        import mlscout.store

        connect = sqlite3.connect
        monkeypatch.setattr(mlscout.store.sqlite3, "connect",
                            lambda target, **kw: connect(f"file:{target}?mode=ro", uri=True, **kw))
    try:
        with pytest.raises(StoreError, match=expected) as caught:
            save(assess([sample_dir / "bank_calls.csv"]), "p") if fault != "foreign" else list_saved()
        assert str(path) not in caught.value.public and str(path) in str(caught.value)
        command = ("history",) if fault != "read-only" else (
            "assess", str(sample_dir / "bank_calls.csv"), "--baselines", "0", "--save", "--project", "p",
            "--format", "json", "--out", os.devnull, "--quiet")  # reading a read-only history is fine; saving not
        code, out, err = _cli(*command)
        assert code == 2 and "Traceback" not in err and expected in err and len(err.strip().splitlines()) == 1
    finally:
        monkeypatch.undo()
    if fault == "foreign":  # the other application's table is untouched
        with sqlite3.connect(path) as connection:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"invoices"}


def test_a_damaged_history_is_set_aside_and_a_fresh_one_starts(_isolated_home, sample_dir):
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"garbage" * 500)
    with pytest.raises(StoreError) as caught:
        list_saved()
    assert caught.value.damaged
    code, out, _ = _cli("history", "--start-fresh")
    assert code == 0 and "set aside" in out
    kept = [p for p in path.parent.iterdir() if p.name.startswith("mlscout.db.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"garbage" * 500
    saved = save(assess([sample_dir / "bank_calls.csv"]), "p")
    assert [row.id for row in list_saved("p")] == [saved]


def test_each_owner_sees_only_their_own_saves(sample_dir):
    from mlscout.workspace import LOCAL, Workspace

    alice = Workspace(owner="https://idp|alice", label="alice@example.org", signed_in=True)
    bob = Workspace(owner="https://idp|bob", label="bob@example.org", signed_in=True)
    assessment = assess([sample_dir / "bank_calls.csv"])
    alice_id = save(assessment, "Q4", alice)
    bob_id = save(assessment, "Q4", bob)
    assert [row.id for row in list_saved("Q4", alice)] == [alice_id]
    assert [row.id for row in list_saved(None, bob)] == [bob_id]
    assert list_saved("Q4", LOCAL) == []  # the single-user owner is an owner like any other
    # someone else's id answers like an id that does not exist, for reading, exporting and deleting
    for call in (lambda: load(alice_id, None, bob), lambda: export_json(alice_id, "Q4", bob)):
        with pytest.raises(StoreError, match=f"no saved assessment #{alice_id}"):
            call()
    delete(alice_id, None, bob)
    assert [row.id for row in list_saved("Q4", alice)] == [alice_id]
    assert load(alice_id, "Q4", alice).created_at == assessment.created_at


def test_a_team_lists_and_opens_its_members_saves_but_deletes_only_its_own(sample_dir):
    from mlscout.workspace import Workspace

    alice = Workspace(owner="idp|alice", label="alice", team="risk", signed_in=True)
    carol = Workspace(owner="idp|carol", label="carol", team="risk", signed_in=True)
    dave = Workspace(owner="idp|dave", label="dave", team="sales", signed_in=True)
    assessment = assess([sample_dir / "bank_calls.csv"])
    alice_id = save(assessment, "churn", alice)
    assert [row.id for row in list_saved("churn", carol)] == [alice_id]
    assert load(alice_id, "churn", carol).created_at == assessment.created_at
    assert list_saved("churn", dave) == []
    delete(alice_id, "churn", carol)
    assert [row.id for row in list_saved("churn", alice)] == [alice_id]


def test_a_history_written_before_workspaces_is_migrated_to_the_local_owner(sample_dir):
    """A version-1 file (no owner column) keeps its saves: they belong to the single local user."""
    from mlscout.workspace import LOCAL, Workspace

    assessment = assess([sample_dir / "bank_calls.csv"])
    database_path().parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(database_path()) as connection:
        connection.executescript("""
            CREATE TABLE assessments (id INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL,
                created_at TEXT NOT NULL, saved_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                datasets INTEGER NOT NULL, readiness REAL, maturity_level INTEGER, document TEXT NOT NULL);
            PRAGMA user_version = 1;""")
        connection.execute("INSERT INTO assessments (project, created_at, datasets, document) VALUES (?, ?, ?, ?)",
                           ("old", assessment.created_at.isoformat(), 1, assessment.model_dump_json()))
    rows = list_saved("old", LOCAL)
    assert len(rows) == 1 and load(rows[0].id, "old").created_at == assessment.created_at
    assert list_saved("old", Workspace(owner="idp|eve", label="eve", signed_in=True)) == []
    with sqlite3.connect(database_path()) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
