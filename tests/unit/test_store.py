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
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
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
