"""Real services for the engine tests: a PostgreSQL server and a Spark session, started by the tests themselves.

PostgreSQL comes from Debian's package (`scripts/ensure-services.sh`, run by `make test`): a fresh cluster on a
temporary data directory and a free port, with password authentication over TCP, stopped at the end. Spark runs
in local mode (`local[2]`) on Debian's Java. When a service cannot be started, `ServiceUnavailable` says why and
the tests that need it are skipped with that reason (the summary lists it), never silently.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ServiceUnavailable(RuntimeError):
    """A service the tests need cannot be started here; the message says what is missing."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_bin() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.insert(0, found)
    if not candidates:
        raise ServiceUnavailable("PostgreSQL is not installed (Debian: apt-get install postgresql; "
                                 "`make test` installs it as root)")
    return Path(candidates[0]).parent


@dataclass
class Postgres:
    """A running PostgreSQL server: connect with `url` (user `mlscout`, the password below)."""

    host: str
    port: int
    user: str
    password: str
    database: str
    data_dir: Path
    bin_dir: Path
    run_as: str | None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}:{self.password}@{self.host}:{self.port}/{self.database}"

    def url_without_password(self) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{self.database}"

    def log(self) -> str:
        path = self.data_dir / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        _run(self, [str(self.bin_dir / "pg_ctl"), "stop", "-D", str(self.data_dir), "-m", "immediate", "-w"],
             check=False)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def _run(server: Postgres | None, command: list[str], *, run_as: str | None = None, check: bool = True
         ) -> subprocess.CompletedProcess:
    user = run_as if server is None else server.run_as
    if user:
        command = ["runuser", "-u", user, "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if check and done.returncode:
        raise ServiceUnavailable(f"{' '.join(command[-6:])} failed: {(done.stderr or done.stdout).strip()[:300]}")
    return done


def start_postgres(password: str) -> Postgres:
    """Initialise and start a private PostgreSQL cluster; the superuser `mlscout` logs in with `password`."""
    bin_dir = _postgres_bin()
    run_as = None
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: run it as Debian's postgres user
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise ServiceUnavailable("running as root and there is no 'postgres' user to run PostgreSQL as") from None
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="mlscout-pg-"))
    data_dir, socket_dir = root / "data", root / "socket"
    socket_dir.mkdir()
    password_file = root / "password"
    password_file.write_text(password + "\n")
    if run_as:
        entry = pwd.getpwnam(run_as)
        for path in (root, socket_dir, password_file):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = free_port()
    server = Postgres("127.0.0.1", port, "mlscout", password, "postgres", data_dir, bin_dir, run_as)
    _run(None, [str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "mlscout", "--pwfile", str(password_file),
                "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8"],
         run_as=run_as)
    password_file.unlink()
    options = f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=64MB"
    done = _run(server, [str(bin_dir / "pg_ctl"), "start", "-D", str(data_dir), "-o", options,
                         "-l", str(data_dir / "server.log"), "-w", "-t", "30"], check=False)
    if done.returncode:
        log = server.log()
        server.stop()
        raise ServiceUnavailable(f"PostgreSQL did not start: {log.strip()[-400:] or done.stderr.strip()[:300]}")
    return server


def spark_or_skip_reason() -> str | None:
    """Why a local Spark session cannot start here, or None when it can."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'mlscout[spark]'; `make test` installs it)"
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        return "Java is not installed (Debian: apt-get install default-jre-headless; `make test` installs it)"
    return None
