"""Run the whole assessment flow: load -> profile -> score -> ... -> Assessment.

The CLI calls `assess` once; the app calls the same stages one by one, so both end with the same Assessment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from mlscout.assessment import (
    Assessment,
    DatasetSummary,
    LoadFailure,
    StageError,
    check_errors,
    describe_error,
    summarize_dataset,
)
from mlscout.catalogue.model import Catalogue, default_catalogue
from mlscout.engines import EngineError, TableSource, is_engine_source, load_source, open_source
from mlscout.io import Dataset, LoadError, LoadLimits, load_table, unique_name
from mlscout.maturity.model import MaturityAnswers, evidence_from, score_maturity
from mlscout.opportunities import rank, unserved
from mlscout.profiling.checks import CHECKS, Finding, apply_statuses, run_checks
from mlscout.profiling.columns import likely_targets
from mlscout.profiling.dataset import profile_dataset, with_table_statistics
from mlscout.profiling.joins import Relationship, discover_relationships, linked_datasets
from mlscout.profiling.privacy import protect_dataset
from mlscout.readiness import score_readiness
from mlscout.settings import Settings

__all__ = ["ProgressCallback", "Source", "analyse_dataset", "assemble", "assess", "engine_source", "link_datasets",
           "load_sources", "rescore", "resolve_target", "run_baselines"]

ProgressCallback = Callable[[float, str], None]
Source = str | Path | tuple[str, bytes] | IO[bytes]


def _no_progress(fraction: float, message: str) -> None:
    """Default progress callback: report nothing."""


def _source_name(source: Source) -> str:
    if isinstance(source, tuple):
        return source[0]
    if isinstance(source, str) and is_engine_source(source):
        return source if "://" not in source else "a database table"
    if isinstance(source, (str, Path)):
        return Path(source).name
    return str(getattr(source, "description", None) or getattr(source, "name", "upload"))


def _too_large_to_load(path: Path, limits: LoadLimits) -> bool:
    """A CSV or Parquet file over the upload size, or a Parquet file whose table would not fit the memory
    budget: read where it lies by DuckDB instead of loaded."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".parquet") or not path.is_file():
        return False
    if path.stat().st_size > limits.max_file_bytes:
        return True
    if suffix == ".parquet":
        try:
            import pyarrow.parquet as pq

            metadata = pq.ParquetFile(path).metadata
        except Exception:  # noqa: BLE001 - the loader will say what is wrong with the file
            return False
        return metadata.num_rows * max(metadata.num_columns, 1) > limits.max_cells
    return False


def engine_source(source: Source | TableSource, *, engine: str = "auto", limits: LoadLimits | None = None,
                  options: Mapping[str, Any] | None = None) -> TableSource | None:
    """The engine that reads `source` where it lives, or None when it is loaded into memory.

    A URL (``postgresql://``, ``duckdb://``), ``spark:TABLE``, a glob or a folder always goes to an engine; a
    plain CSV or Parquet file does when it is too large to load (`_too_large_to_load`) or when `engine` names
    one; ``engine="pandas"`` loads every file.
    """
    if isinstance(source, TableSource):
        return source
    if not isinstance(source, (str, Path)) or engine == "pandas":
        return None
    if engine == "auto" and not is_engine_source(source) and not _too_large_to_load(Path(source),
                                                                                       limits or LoadLimits()):
        return None
    opened = open_source(source, **dict(options or {}))
    if engine not in ("auto", opened.engine):
        opened.close()
        raise EngineError(f"{opened.description} is read by the {opened.engine} engine, not {engine}.")
    return opened


def load_sources(sources: Sequence[Source | TableSource], *, limits: LoadLimits | None = None,
                 on_progress: ProgressCallback | None = None, taken_names: Sequence[str] = (),
                 engine: str = "auto", engine_options: Mapping[str, Any] | None = None,
                 settings: Settings | None = None) -> tuple[list[Dataset], list[LoadFailure]]:
    """Load every source; a file that fails is reported and never stops the others.

    Files are loaded into memory; tables that live in a database, a Spark cluster or files too large to load
    are read by their engine (`engine_source`), which computes the statistics where they are and hands over at
    most `settings.thresholds.sample_rows` rows, stratified on the dataset's declared target
    (`mlscout.engines.load_source`). Returns the datasets (names unique across all sources and `taken_names`)
    and the failures.
    """
    settings = settings or Settings()
    progress = on_progress or _no_progress
    datasets: list[Dataset] = []
    failures: list[LoadFailure] = []
    taken = set(taken_names)
    for i, source in enumerate(sources):
        name = _source_name(source)
        progress(i / max(len(sources), 1), f"Loading {name}")
        try:
            table = engine_source(source, engine=engine, limits=limits, options=engine_options)
            if table is not None:
                with table:
                    loaded = [load_engine_table(table, settings)]
            elif isinstance(source, tuple):
                loaded = load_table(source[1], source[0], limits=limits)
            else:
                loaded = load_table(source, limits=limits)
        except LoadError as exc:
            failures.append(LoadFailure(file=exc.file_name, message=exc.problem))
            continue
        except EngineError as exc:
            failures.append(LoadFailure(file=name, message=str(exc)))
            continue
        for dataset in loaded:
            new_name = unique_name(dataset.name, taken)
            taken.add(new_name)
            datasets.append(dataset if new_name == dataset.name else dataset.renamed(new_name))
    return datasets, failures


def load_engine_table(table: TableSource, settings: Settings) -> Dataset:
    """A table read where it lives, its sample bounded by `settings.thresholds.sample_rows` and stratified on the
    table's declared target, so the checks and the baselines see every class."""
    target = next(iter(settings.declared_targets(table.name)), None)
    return load_source(table, sample_rows=settings.thresholds.sample_rows, target=target)


def analyse_dataset(dataset: Dataset, settings: Settings | None = None, *, now: datetime | None = None
                    ) -> DatasetSummary:
    """Profile one dataset, run the quality checks and score its readiness."""
    settings = settings or Settings()
    now = now or datetime.now(UTC)
    profile = profile_dataset(dataset.frame, dataset.name, now=now,
                              overrides=settings.type_overrides.get(dataset.name),
                              correlation_threshold=settings.thresholds.correlation_warning,
                              sample_rows=settings.thresholds.sample_rows)
    if dataset.statistics is not None and dataset.info.sample_rows is not None:
        profile = with_table_statistics(profile, dataset.statistics)  # an engine's sample of a larger table
    # Personal data is found before any check runs, so no finding ever carries a raw personal value.
    profile = protect_dataset(dataset.frame, profile)
    findings = run_checks(profile, dataset.frame, settings, now=now)
    readiness = score_readiness(findings, profile.n_columns)
    return summarize_dataset(dataset, profile, findings, readiness, tuple(likely_targets(profile)))


def assess(sources: Sequence[Source], settings: Settings | None = None, *,
           on_progress: ProgressCallback | None = None, limits: LoadLimits | None = None,
           catalogue: Catalogue | None = None, catalogue_name: str = "built-in", baselines: int = 0,
           budget_s: float = 60.0, maturity_answers: MaturityAnswers | None = None,
           keep_features: Sequence[str] = (), drop_features: Sequence[str] = (), engine: str = "auto",
           engine_options: Mapping[str, Any] | None = None) -> Assessment:
    """Assess the given files and return the Assessment.

    Parameters
    ----------
    sources : sequence of paths, (file name, bytes) pairs or binary file objects
    settings : Settings, optional
        Thresholds, weights and overrides; defaults when omitted.
    on_progress : callable(fraction, message), optional
        Called as work advances, with a fraction in [0, 1].
    limits : LoadLimits, optional
        File-size bounds for loading.
    catalogue : Catalogue, optional
        Pain points to rank; the built-in catalogue when omitted.
    baselines : int
        Run baseline models for the targets forced in ``settings.targets`` and the top `baselines` opportunities
        (0 runs none but the forced ones).
    budget_s : float
        Wall-time budget of one baseline.
    maturity_answers : MaturityAnswers, optional
        The maturity questionnaire's answers; evidence from the data pre-fills or caps them.
    keep_features, drop_features : sequence of str
        Leakage suspects to keep in the baselines' headline score; columns to leave out of their features.
    engine : str
        ``auto`` (files are loaded, tables that live elsewhere or files too large to load are read where they
        are), ``pandas`` (load every file) or ``duckdb`` / ``sql`` / ``spark``; see `load_sources`.
    engine_options : mapping, optional
        Passed to `mlscout.engines.open_source`: ``table``, ``query``, ``memory_limit``, ``spark_master``.
    """
    settings = settings or Settings()
    progress = on_progress or _no_progress
    datasets, failures = load_sources(sources, limits=limits, on_progress=lambda f, m: progress(0.3 * f, m),
                                      engine=engine, engine_options=engine_options, settings=settings)
    for spec in settings.targets:  # a declared target that names nothing is a usage error, before any work
        resolve_target(spec, datasets)
    now = datetime.now(UTC)
    errors: list[StageError] = []
    summaries, analysed = [], []
    for i, dataset in enumerate(datasets):
        progress(0.3 + 0.6 * i / max(len(datasets), 1), f"Profiling {dataset.name}")
        try:
            summaries.append(analyse_dataset(dataset, settings, now=now))
            analysed.append(dataset)
        except Exception as exc:  # noqa: BLE001 - one dataset that cannot be profiled must not stop the others
            errors.append(StageError(stage="profile", dataset=dataset.name, message=describe_error(exc)))
    progress(0.92, "Looking for keys between datasets")
    relationships: list[Relationship] = []
    try:
        relationships, summaries = link_datasets(analysed, summaries, settings)
    except Exception as exc:  # noqa: BLE001 - the datasets are assessed without their links
        errors.append(StageError(stage="relationships", message=describe_error(exc)))
    progress(0.95, "Ranking opportunities")
    catalogue = catalogue or default_catalogue()
    results: list[Any] = []
    baseline_failures: list[Any] = []
    try:
        opportunities = rank(summaries, catalogue, settings)
        results, baseline_failures, baseline_errors = run_baselines(
            analysed, opportunities, settings, top=baselines, budget_s=budget_s,
            on_progress=lambda f, m: progress(0.95 + 0.04 * f, m), summaries=summaries,
            keep_features=keep_features, drop_features=drop_features)
        errors.extend(baseline_errors)
    except Exception as exc:  # noqa: BLE001 - the profile and findings stand without a ranking
        errors.append(StageError(stage="ranking", message=describe_error(exc)))
    assessment = assemble(summaries, settings, relationships=relationships, catalogue=catalogue,
                          catalogue_name=catalogue_name, baselines=results, baseline_failures=baseline_failures,
                          maturity_answers=maturity_answers, load_failures=failures, created_at=now,
                          errors=errors)
    progress(1.0, "Done")
    return assessment


def assemble(summaries: Sequence[DatasetSummary], settings: Settings, *, relationships: Sequence[Any] = (),
             catalogue: Catalogue | None = None, catalogue_name: str = "built-in", baselines: Sequence[Any] = (),
             baseline_failures: Sequence[Any] = (), maturity_answers: MaturityAnswers | None = None,
             load_failures: Sequence[LoadFailure] = (), created_at: datetime | None = None,
             errors: Sequence[StageError] = ()) -> Assessment:
    """The Assessment of analysed datasets: ranking (with the baselines' feasibility) and maturity included.

    The CLI reaches it through `assess`; the app calls it with the stages it has cached, so both end with the
    same document. A stage that fails here is recorded in ``errors`` and the document is still made.
    """
    catalogue = catalogue or default_catalogue()
    errors = [*errors, *check_errors(summaries)]
    opportunities: list[Any] = []
    try:
        opportunities = rank(summaries, catalogue, settings, baselines=list(baselines))
    except Exception as exc:  # noqa: BLE001 - the document stands without a ranking
        if not any(e.stage == "ranking" for e in errors):
            errors.append(StageError(stage="ranking", message=describe_error(exc)))
    maturity = None
    if maturity_answers is not None:
        try:
            maturity = score_maturity(maturity_answers, evidence_from(summaries))
        except Exception as exc:  # noqa: BLE001
            errors.append(StageError(stage="maturity", message=describe_error(exc)))
    return Assessment(created_at=created_at or datetime.now(UTC), settings=settings, datasets=tuple(summaries),
                      relationships=tuple(relationships), opportunities=tuple(opportunities),
                      unserved_pain_points=tuple(unserved(catalogue, opportunities)), baselines=tuple(baselines),
                      baseline_failures=tuple(baseline_failures), maturity=maturity, catalogue=catalogue_name,
                      load_failures=tuple(load_failures), errors=tuple(errors))


def resolve_target(spec: str, datasets: Sequence[Dataset]) -> tuple[Dataset, str]:
    """'DATASET:COLUMN' to the dataset and column; DATASET may be the name or the file name; splits on the last ':'."""
    name, sep, column = spec.rpartition(":")
    if not sep or not name or not column:
        raise ValueError(f"--target {spec!r}: write DATASET:COLUMN, e.g. sales:churn.")
    for dataset in datasets:
        if name in (dataset.name, dataset.info.file_name, Path(dataset.info.file_name).stem):
            if column not in map(str, dataset.frame.columns):
                raise ValueError(f"--target {spec!r}: dataset {dataset.name!r} has no column {column!r}.")
            return dataset, column
    raise ValueError(f"--target {spec!r}: no loaded dataset is called {name!r} "
                     f"(loaded: {', '.join(d.name for d in datasets)}).")


def run_baselines(datasets: Sequence[Dataset], opportunities: Sequence[Any], settings: Settings, *, top: int,
                  budget_s: float, on_progress: ProgressCallback | None = None,
                  summaries: Sequence[DatasetSummary] = (), keep_features: Sequence[str] = (),
                  drop_features: Sequence[str] = ()) -> tuple[list[Any], list[Any], list[StageError]]:
    """Baselines for the declared targets, then for the top opportunities that have a target, `top` in all.

    Returns the results, the baselines that could not run (a reason the user can act on), and the unexpected
    errors (each baseline that raised, while the others went on). ``top=0`` runs none.
    """
    from mlscout.assessment import BaselineFailure
    from mlscout.baselines import BaselineError, baseline_inputs, evaluate

    progress = on_progress or _no_progress
    by_name = {d.name: d for d in datasets}
    wanted: list[tuple[Dataset, str, str | None, str | None]] = []
    if top <= 0:
        return [], [], []
    for spec in settings.targets:
        dataset, column = resolve_target(spec, datasets)
        wanted.append((dataset, column, None, None))
    for opportunity in opportunities:
        if len(wanted) >= max(top, len(settings.targets)):
            break
        # a side baseline only where the target fits with confidence: its score must not promote a weak match
        if opportunity.target and opportunity.confident \
                and opportunity.task in ("binary", "multiclass", "regression", "forecasting"):
            key = (opportunity.dataset, opportunity.target)
            if key not in {(d.name, c) for d, c, _, _ in wanted}:
                wanted.append((by_name[opportunity.dataset], opportunity.target,
                               opportunity.task if opportunity.task == "forecasting" else None,
                               opportunity.time_column if opportunity.task == "forecasting" else None))
    summary_of = {s.name: s for s in summaries}
    results, failures, errors = [], [], []
    for i, (dataset, column, task, time_column) in enumerate(wanted):
        progress(i / max(len(wanted), 1), f"Baseline for {dataset.name}:{column}")
        inputs: dict[str, Any] = {}
        if dataset.name in summary_of:
            summary = summary_of[dataset.name]
            inputs = baseline_inputs(summary.columns, column, time_column, shape=summary.shape)
            if task == "forecasting":
                inputs.update(time_column=time_column, groups=None)
        else:
            inputs = {"time_column": time_column}
        try:
            results.append(evaluate(dataset.frame, column, task=task, budget_s=budget_s, dataset=dataset.name,
                                    keep_features=keep_features, drop_columns=drop_features,
                                    table_rows=dataset.table_rows, **inputs))
        except BaselineError as exc:
            failures.append(BaselineFailure(dataset=dataset.name, target=column, message=str(exc)))
        except Exception as exc:  # noqa: BLE001 - one baseline that breaks must not lose the others
            errors.append(StageError(stage="baseline", dataset=dataset.name,
                                     message=f"target {column}: {describe_error(exc)}"))
    return results, failures, errors


def link_datasets(datasets: Sequence[Dataset], summaries: Sequence[DatasetSummary], settings: Settings
                  ) -> tuple[list[Relationship], list[DatasetSummary]]:
    """Discover the keys between datasets; flag the ones that link to none of the others; score them again."""
    frames = {d.name: d.frame for d in datasets}
    by_name = {s.name: s for s in summaries}
    relationships = discover_relationships(frames, by_name) if len(datasets) > 1 else []
    linked = [with_links(s, relationships, len(summaries) - 1) for s in summaries]
    return relationships, [rescore(s, settings) for s in linked]


def with_links(summary: DatasetSummary, relationships: Sequence[Relationship], other_datasets: int
               ) -> DatasetSummary:
    """The summary with its 'isolated dataset' finding, when other datasets are loaded and none links to it."""
    findings = [f for f in summary.findings if f.check_id != "isolated_dataset"]
    if other_datasets and not linked_datasets(summary.name, relationships):
        spec = CHECKS["isolated_dataset"]
        findings.append(Finding(check_id=spec.id, dataset=summary.name, severity="warning",
                                dimension=spec.dimension, evidence={"others": other_datasets}, fix=spec.fix))
    return summary.model_copy(update={"findings": tuple(findings)})


def rescore(summary: DatasetSummary, settings: Settings) -> DatasetSummary:
    """Apply the user's accepted/resolved statuses to a dataset's findings and score it again (no re-profiling)."""
    from mlscout.profiling.checks import DIMENSIONS

    reset = [f.model_copy(update={"status": "open", "status_reason": None}) for f in summary.findings]
    findings = apply_statuses(reset, settings.ignored_checks)
    dimensions = tuple(summary.readiness.dimensions) if summary.readiness else DIMENSIONS
    readiness = score_readiness(findings, summary.n_columns, dimensions)
    return summary.model_copy(update={"findings": findings, "readiness": readiness})
