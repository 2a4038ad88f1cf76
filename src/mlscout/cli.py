"""The command line: ``mlscout app | assess | history | maturity template``. Contract: docs/cli.md.

Exit codes: 0 ok; 1 a readiness gate failed; 2 usage or input error (2 wins over 1); 3 the run could not produce
an Assessment at all (a failure inside one stage is an entry in the Assessment's ``errors`` instead).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from mlscout import __version__

EXIT_OK, EXIT_GATE_FAILED, EXIT_USAGE, EXIT_NO_ASSESSMENT = 0, 1, 2, 3
FORMATS = ("json", "html", "pdf", "md")
IMPLEMENTED_FORMATS = FORMATS

# Flags that docs/cli.md promises and this version does not implement yet: refused, never silently ignored.
_NOT_YET: dict[str, str] = {}

# The settings `mlscout app` passes to streamlit itself, so the app behaves the same from any directory.
STREAMLIT_FLAGS = (
    "--browser.gatherUsageStats", "false",
    "--server.maxUploadSize", "1024",
    "--server.headless", "true",
    "--theme.base", "light",
    "--theme.primaryColor", "#1f6feb",
    "--client.toolbarMode", "minimal",
    # a failure shows a plain message, never a traceback with server paths (the server log keeps the details)
    "--client.showErrorDetails", "none",
    # a deployment, not a development server: no file watcher (it walks .venv), no rerun on save
    "--server.fileWatcherType", "none",
    "--server.runOnSave", "false",
)


class UsageError(Exception):
    """A problem with how the command was called; exit code 2."""


class RunFailed(Exception):
    """The run could not produce an Assessment; exit code 3."""


class StderrProgress:
    """Progress on stderr: a one-line bar on a terminal, plain lines elsewhere (a CI log); nothing when quiet."""

    def __init__(self, stream: TextIO, enabled: bool, terminal: bool = True):
        self.stream = stream
        self.enabled = enabled
        self.terminal = terminal
        self._last = ""

    def __call__(self, fraction: float, message: str) -> None:
        if not self.enabled:
            return
        if not self.terminal:
            if message != self._last:  # one line per step, never a carriage return in a log
                self.stream.write(f"[{max(0.0, min(1.0, fraction)):4.0%}] {message}\n")
                self.stream.flush()
                self._last = message
            return
        width = 30
        filled = int(round(max(0.0, min(1.0, fraction)) * width))
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} {message[:60]:<60}"
        if line != self._last:
            self.stream.write(line)
            self.stream.flush()
            self._last = line

    def close(self) -> None:
        if self.enabled and self.terminal and self._last:
            self.stream.write("\n")
            self.stream.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlscout",
        description="Which of your business problems can ML solve with the data you have?")
    parser.add_argument("--version", action="version", version=f"mlscout {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    app = sub.add_parser("app", help="start the web app (on localhost unless sign-in is configured)")
    app.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    app.add_argument("--address", default="localhost",
                     help="address to listen on (default localhost); any other needs sign-in configured")
    app.add_argument("--secrets", metavar="FILE", action="append", default=[],
                     help="a secrets.toml with the [auth] section of an OpenID Connect provider (repeatable; "
                          "~/.streamlit/secrets.toml and the app's .streamlit/secrets.toml are read too)")
    app.add_argument("--allow-shared-without-sign-in", action="store_true",
                     help="serve on a non-local address without sign-in (only behind a proxy that signs people "
                          "in: otherwise anyone who reaches the server sees every upload and save)")

    assess = sub.add_parser("assess", help="assess data files and write the Assessment")
    assess.add_argument("paths", nargs="+", metavar="SOURCE",
                        help="data files (csv, tsv, xlsx, parquet, json, .gz, .zip), a glob or folder of CSV or "
                             "Parquet files, duckdb:///file.db?table=NAME, a database URL (postgresql://user@host/"
                             "db, with --table or --query) or spark:TABLE; see docs/scale.md")
    assess.add_argument("--config", metavar="FILE", help="settings file (mlscout.yaml)")
    assess.add_argument("--target", metavar="DATASET:COLUMN", action="append",
                        help="declare the target column of a dataset (repeatable)")
    assess.add_argument("--catalogue", metavar="FILE", help="your own pain-point catalogue (YAML or CSV)")
    assess.add_argument("--maturity", metavar="FILE", help="maturity answers (from `mlscout maturity template`)")
    assess.add_argument("--baselines", metavar="N", type=int, default=None,
                        help="run at most N baselines: the declared targets first, then the top "
                        "opportunities (default 3; 0 runs none)")
    assess.add_argument("--budget", metavar="SECONDS", type=float, help="time budget per baseline (default 60)")
    assess.add_argument("--keep-feature", metavar="COLUMN", action="append", default=[],
                        help="keep this leakage suspect in the baselines' headline score (repeatable)")
    assess.add_argument("--drop-feature", metavar="COLUMN", action="append", default=[],
                        help="leave this column out of the baselines' features (repeatable)")
    assess.add_argument("--format", default="json", metavar="json|html|pdf|md[,...]", help="output format(s)")
    assess.add_argument("--out", default="-", metavar="FILE|DIR|-", help="output file, directory, or - for stdout")
    assess.add_argument("--fail-under", metavar="SCORE", type=float, help="exit 1 when a dataset scores below")
    assess.add_argument("--save", action="store_true", help="save the run in the local history")
    assess.add_argument("--project", metavar="NAME", help="project name for --save")
    assess.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_engine_arguments(assess, default="auto")

    history = sub.add_parser("history", help="list saved assessments")
    history.add_argument("--project", metavar="NAME", help="only the assessments saved in this project")
    history.add_argument("--start-fresh", action="store_true",
                         help="set a damaged history file aside (kept, renamed) and start a new, empty one")
    stats = sub.add_parser("stats", help="column statistics of a file, glob or folder, computed where it lies")
    stats.add_argument("source", metavar="SOURCE",
                       help="a CSV or Parquet file, a glob such as 'lake/*.parquet' (quoted), a folder of them, "
                            "duckdb:///file.db?table=NAME, a database URL with --table or --query, or spark:TABLE")
    _add_engine_arguments(stats, default="auto")
    stats.add_argument("--approximate", action="store_true",
                       help="approximate distinct counts and quartiles (within a few percent), for tables too "
                            "large for exact ones; the JSON says \"exact\": false")

    maturity = sub.add_parser("maturity", help="maturity questionnaire tools")
    maturity.add_argument("action", choices=["template"], help="template: print the questionnaire as YAML")
    return parser


def _parse_formats(raw: str) -> list[str]:
    formats = [f.strip().lower() for f in raw.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if not formats or unknown:
        raise UsageError(f"unknown format {', '.join(unknown) or raw!r}: choose from {', '.join(FORMATS)}.")
    pending = [f for f in formats if f not in IMPLEMENTED_FORMATS]
    if pending:
        raise UsageError(f"format {', '.join(pending)} is not available yet in mlscout {__version__}; "
                         "use --format json.")
    return list(dict.fromkeys(formats))


def _check_not_yet(args: argparse.Namespace) -> None:
    for attr, flag in _NOT_YET.items():
        value = getattr(args, attr, None)
        if value not in (None, False, []):
            raise UsageError(f"{flag} is not available yet in mlscout {__version__} (see docs/cli.md).")
    if args.baselines is not None and args.baselines < 0:
        raise UsageError("--baselines must be 0 or more.")
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise UsageError("--fail-under takes a readiness score between 0 and 100.")
    if args.budget is not None and args.budget <= 0:
        raise UsageError("--budget must be a positive number of seconds.")
    if args.project and not args.save:
        raise UsageError("--project only makes sense with --save.")
    if args.save and not args.project:
        raise UsageError("--save needs --project NAME: saved assessments are kept per project.")


def _write_outputs(outputs: dict[str, str | bytes], out: str, stdout: TextIO) -> None:
    if len(outputs) == 1 and out == "-":
        content = next(iter(outputs.values()))
        if isinstance(content, bytes):
            buffer = getattr(stdout, "buffer", None)
            if buffer is None:
                raise UsageError("PDF cannot go to this output; use --out FILE.")
            buffer.write(content)
            buffer.flush()
        else:
            stdout.write(content)
        return
    if out == "-":
        raise UsageError("several formats need --out DIR (stdout takes one format).")
    target = Path(out)
    files = {target: next(iter(outputs.values()))} if len(outputs) == 1 and not target.is_dir() else \
        {target / f"assessment.{fmt}": content for fmt, content in outputs.items()}
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _render(assessment, formats: list[str]) -> dict[str, str | bytes]:
    from mlscout.report.render import render_html, render_json, render_markdown

    outputs: dict[str, str | bytes] = {}
    for fmt in formats:
        if fmt == "json":
            outputs[fmt] = render_json(assessment)
        elif fmt == "html":
            outputs[fmt] = render_html(assessment)
        elif fmt == "md":
            outputs[fmt] = render_markdown(assessment)
        else:
            from mlscout.report.pdf import render_pdf

            outputs[fmt] = render_pdf(assessment)
    return outputs


def _gate(assessment, fail_under: float | None, stderr: TextIO) -> bool:
    """True when every dataset meets --fail-under; one line per failing dataset on stderr otherwise."""
    if fail_under is None:
        return True
    passed = True
    for dataset in assessment.datasets:
        readiness = dataset.readiness
        if readiness is None or readiness.overall >= fail_under:
            continue
        passed = False
        worst = min(readiness.dimensions, key=readiness.dimensions.get)
        stderr.write(f"readiness gate: {dataset.name} scores {readiness.overall:.0f} < {fail_under:g} "
                     f"({readiness.explain(worst, limit=2)})\n")
    return passed


def cmd_assess(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from mlscout.pipeline import assess
    from mlscout.settings import SettingsError, load_settings

    formats = _parse_formats(args.format)
    _check_not_yet(args)
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None
    if args.target:
        settings = settings.model_copy(update={"targets": (*settings.targets, *args.target)})
    answers = None
    if args.maturity:
        from mlscout.files import read_text
        from mlscout.maturity.model import MaturityError, answers_from_yaml

        try:
            answers = answers_from_yaml(read_text(args.maturity, MaturityError, "file"), args.maturity)
        except MaturityError as exc:
            raise UsageError(str(exc)) from None
    catalogue = None
    if args.catalogue:
        from mlscout.catalogue.model import CatalogueError, load_catalogue

        try:
            catalogue = load_catalogue(args.catalogue)
        except CatalogueError as exc:
            raise UsageError(str(exc)) from None
    progress = StderrProgress(stderr, enabled=not args.quiet, terminal=stderr.isatty())
    try:
        assessment = assess(args.paths, settings, on_progress=progress, catalogue=catalogue,
                            catalogue_name=args.catalogue or "built-in",
                            baselines=3 if args.baselines is None else args.baselines,
                            budget_s=args.budget or 60.0, maturity_answers=answers,
                            keep_features=tuple(args.keep_feature), drop_features=tuple(args.drop_feature),
                            engine=args.engine, engine_options=_engine_options(args))
    except ValueError as exc:  # a --target that names no loaded dataset or column
        raise UsageError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - the contract: one line and exit 3, never a traceback
        from mlscout.assessment import describe_error

        raise RunFailed(f"the assessment could not be completed: {describe_error(exc)}") from None
    finally:
        progress.close()
    try:
        outputs = _render(assessment, formats)
    except Exception as exc:  # noqa: BLE001
        from mlscout.assessment import describe_error

        raise RunFailed(f"the report could not be written: {describe_error(exc)}") from None
    _write_outputs(outputs, args.out, stdout)
    if args.save:
        from mlscout.store import StoreError, save

        try:
            saved = save(assessment, args.project)
        except StoreError as exc:
            raise UsageError(str(exc)) from None
        if not args.quiet:
            stderr.write(f"saved as #{saved} in project {args.project!r}\n")
    for failure in assessment.load_failures:
        stderr.write(f"error: {failure.file}: {failure.message}\n")
    for failure in assessment.baseline_failures:
        stderr.write(f"warning: baseline {failure.dataset}:{failure.target}: {failure.message}\n")
    for error in assessment.errors:
        where = f" {error.dataset}" if error.dataset else ""
        stderr.write(f"warning: {error.stage}{where} failed and was skipped: {error.message}\n")
    gate_passed = _gate(assessment, args.fail_under, stderr)
    if assessment.load_failures:
        return EXIT_USAGE  # 2 wins over 1
    return EXIT_OK if gate_passed else EXIT_GATE_FAILED


def _add_engine_arguments(parser: argparse.ArgumentParser, *, default: str) -> None:
    parser.add_argument("--engine", choices=("auto", "pandas", "duckdb", "sql", "spark"), default=default,
                        help="auto (default): files are loaded, tables that live elsewhere (URLs, globs, folders, "
                             "files too large to load) are read where they are; pandas loads every file; duckdb "
                             "reads files out of core under --memory-limit")
    parser.add_argument("--table", metavar="NAME", help="the table to read from a database URL (schema.table)")
    parser.add_argument("--query", metavar="SQL", help="a SELECT query to read from a database URL instead of a table")
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB's memory limit, e.g. 1GB (default 1GB)")
    parser.add_argument("--spark-master", metavar="URL",
                        help="Spark master for spark:TABLE (default: SPARK_REMOTE when set, else local[2])")


def _engine_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"table": args.table, "query": args.query, "memory_limit": args.memory_limit,
            "spark_master": args.spark_master}


def cmd_stats(args: argparse.Namespace, stdout: TextIO) -> int:
    """Column statistics as JSON (`mlscout.engines.TableStatistics`)."""
    from mlscout.engines import EngineError, table_statistics
    from mlscout.io import LoadError

    if args.approximate and args.engine == "pandas":
        raise UsageError("--approximate needs an engine that reads the table where it lies (the pandas engine "
                         "computes exact statistics).")
    try:
        statistics = table_statistics(args.source, args.engine, exact=not args.approximate,
                                      **_engine_options(args)) if args.engine != "pandas" else \
            table_statistics(args.source, "pandas")
    except (EngineError, LoadError) as exc:
        raise UsageError(str(exc)) from None
    stdout.write(statistics.model_dump_json(indent=2) + "\n")
    return EXIT_OK


def cmd_history(args: argparse.Namespace, stdout: TextIO) -> int:
    from mlscout.store import StoreError, database_path, list_saved, set_aside

    if getattr(args, "start_fresh", False):
        moved = set_aside()
        stdout.write(f"the history was set aside as {moved}; a new one starts with the next save\n" if moved
                     else f"no history file at {database_path()}: nothing to set aside\n")
        return EXIT_OK
    try:
        saved = list_saved(args.project)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    if not saved:
        stdout.write(f"no saved assessment{' in project ' + repr(args.project) if args.project else ''} "
                     f"({database_path()})\n")
        return EXIT_OK
    stdout.write(f"{'id':>5}  {'project':<24} {'created (UTC)':<20} {'datasets':>8} {'readiness':>9} "
                 f"{'maturity':>8}\n")
    for row in saved:
        readiness = f"{row.readiness:.0f}" if row.readiness is not None else "-"
        maturity = str(row.maturity_level) if row.maturity_level is not None else "-"
        project = _printable(row.project)
        stdout.write(f"{row.id:>5}  {project[:24]:<24} {row.created_at:%Y-%m-%d %H:%M:%S}  {row.datasets:>8} "
                     f"{readiness:>9} {maturity:>8}\n")
    return EXIT_OK


def _printable(text: str) -> str:
    """Text from the store made safe for a terminal: control characters (escapes that move the cursor or
    rewrite the screen), bidi overrides and zero-width characters shown as \\uXXXX."""
    from mlscout.text import visible_controls

    return visible_controls(str(text).replace("\n", " ").replace("\r", " ").replace("\t", " "))


def app_command(port: int = 8501, address: str = "localhost", secrets: Sequence[str | Path] = (),
                allow_without_sign_in: bool = False) -> list[str]:
    """The command line that starts the web app with ML Scout's settings.

    Raises `UsageError` for a non-local `address` when no secrets file configures sign-in (and it was not
    explicitly allowed): a shared server without sign-in shows every session's saves to anyone.
    """
    from mlscout.workspace import check_bind_address, secrets_files

    app_path = Path(__file__).resolve().parents[2] / "app.py"
    if not app_path.exists():
        raise UsageError(f"cannot find app.py next to the package (looked at {app_path}); "
                         "run `mlscout app` from a source checkout (pip install -e .).")
    extra = [Path(path).resolve() for path in secrets]
    for path in extra:
        if not path.is_file():
            raise UsageError(f"no secrets file at {path}")
    files = secrets_files(app_path.parent, extra)
    try:
        check_bind_address(address, files, allow_without_sign_in)
    except (PermissionError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    # a list option of streamlit's is given once per item; naming the files replaces its default list
    secrets_flag = [part for path in files for part in ("--secrets.files", str(path))] if extra else []
    return [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.port", str(port),
            "--server.address", address, *STREAMLIT_FLAGS, *secrets_flag]


def cmd_app(args: argparse.Namespace) -> int:
    command = app_command(args.port, args.address, args.secrets, args.allow_shared_without_sign_in)
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", YDATA_PROFILING_NO_ANALYTICS="1")
    from mlscout.workspace import is_local_address

    if not is_local_address(args.address):
        env["MLSCOUT_SHARED"] = "1"  # the Connect panel opens no server file unless MLSCOUT_DATA_ROOTS allows it
    return subprocess.call(command, cwd=Path(command[4]).parent, env=env)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its usage message
        return int(exc.code or 0) and EXIT_USAGE
    try:
        if args.command == "assess":
            return cmd_assess(args, stdout, stderr)
        if args.command == "app":
            return cmd_app(args)
        if args.command == "stats":
            return cmd_stats(args, stdout)
        if args.command == "history":
            return cmd_history(args, stdout)
        if args.command == "maturity":
            from mlscout.maturity.model import template_yaml

            stdout.write(template_yaml())
            return EXIT_OK
        parser.print_help(stdout)
        return EXIT_USAGE
    except UsageError as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except RunFailed as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_NO_ASSESSMENT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
