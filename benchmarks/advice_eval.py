"""Score ML Scout's advice on the labelled evaluation corpus and write docs/advice-quality.md.

The corpus (``../shared/eval/``: 30 public tables, each annotated with its natural targets, the pain points a
consultant would name, traps, personal data, protected attributes, leaks and a reference baseline score) is
fetched once into a cache folder outside the repository, with its own pinned packages in a cache venv. Each table
then goes through the same pipeline the CLI runs (``mlscout assess``), in this process:

- **declared**: ``--target ID:COLUMN --baselines 0`` (the annotated main target, as a user would declare it);
- **blind**: ``--baselines 0`` with no target (what the tool guesses on its own);
- **baseline** (unless ``--no-baselines``): ``--target ID:COLUMN --baselines 1 --budget B``.

Usage::

    python benchmarks/advice_eval.py                 # everything, writes docs/advice-quality.md and the floors
    python benchmarks/advice_eval.py --only ID,ID    # a few tables, prints the card, writes nothing
    python benchmarks/advice_eval.py --fetch-only    # install the corpus packages and write the CSVs

``make eval`` runs the first form. The fast regression gate in ``make test`` (tests/unit/test_advice_gate.py)
scores a subset with the same functions and compares it with the floors this script writes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS_DIR = Path(os.environ.get("MLSCOUT_EVAL_CORPUS", REPO.parent / "shared" / "eval"))
CACHE_DIR = Path(os.environ.get("MLSCOUT_EVAL_CACHE", Path.home() / ".cache" / "mlscout-eval"))
PAIN_POINT_MAP = HERE / "eval" / "pain_point_map.yaml"
FLOORS = HERE / "eval" / "floors.json"
SCORECARD = REPO / "docs" / "advice-quality.md"
BEGIN, END = "<!-- advice-eval:begin -->", "<!-- advice-eval:end -->"

# The gate's subset, chosen for coverage: "not applicable" placeholders and a rare target (email_spam), free
# text, dirty categories and dates as text (aircraft_wildlife_strikes), person names and protected attributes
# (covid_testing_chop), zero-padded ids and 52k rows (minneapolis_police_stops), an HR table with coded
# categories (ibm_hr_attrition), a multi-series forecast (texas_housing_sales), no natural target
# (seattle_pet_licenses).
FAST_SUBSET = ("email_spam", "aircraft_wildlife_strikes", "covid_testing_chop", "minneapolis_police_stops",
               "ibm_hr_attrition", "texas_housing_sales", "seattle_pet_licenses")

# Trap kind -> the checks whose finding on that column means "caught". Kinds mapped to () have no check yet:
# they are reported as not covered, never silently dropped. Leaks are scored on the baselines instead.
TRAP_CHECKS: dict[str, tuple[str, ...]] = {
    "placeholder_missing": ("disguised_missing", "numeric_sentinel"),
    "missing_values": ("missing_values", "empty_column"),
    "structurally_missing": ("missing_values",),
    "imbalance": ("class_imbalance",),
    "duplicate_rows": ("duplicate_rows",),
    "numbers_as_text": ("numbers_as_text",),
    "dates_as_text": ("dates_as_text",),
    "dates_as_integers": ("dates_as_text",),
    "dates_as_decimal_year": ("dates_as_text",),
    "case_variants": ("inconsistent_categories",),
    "dirty_category": ("inconsistent_categories", "mixed_formats"),
    "mixed_encoding": ("boolean_spellings", "mixed_types", "inconsistent_categories"),
    "mixed_formats": ("mixed_types", "mixed_formats"),
    "outliers": ("outliers",),
    "impossible_values": ("outliers", "negative_values", "impossible_values"),
    "structural_zeros": ("excess_zeros",),
    "constant_column": ("constant_column",),
    "near_constant": ("near_constant",),
    "derived_columns": ("high_correlation", "duplicate_columns", "derived_column"),
    "zero_padded_ids": ("identifier_column",),
    "ids_as_float": ("identifier_column",),
    "id_like": ("identifier_column",),
    "small_sample": ("too_few_rows",),
    "integer_coded_categories": ("coded_category",),
    "pooled_category": ("catch_all_level",),
    "wide_small": ("too_few_rows",),
    "implicit_time_index": ("rows_in_time_order",),
    **{kind: () for kind in (
        "free_text", "integers_as_float", "ordinal_text", "binned_text", "hierarchy", "meaningless_columns", "sampling_weight", "future_covariate",
        "misleading_name", "name_format", "not_real_data", "censored_label", "grouped_rows",
        "mixed_units", "constant_within_period", "no_header", "float_artifacts")},
}
LEAK_KINDS = ("leakage", "proxy_leakage")
# Annotations that say what must NOT be reported: kind -> checks that contradict it on that column.
PLACEHOLDER_CHECKS = ("disguised_missing", "numeric_sentinel")
EMPTY_CHECKS = ("missing_values", "empty_column")
CONTRADICTING_CHECKS: dict[str, tuple[str, ...]] = {
    "placeholder_not_missing": PLACEHOLDER_CHECKS + EMPTY_CHECKS,
    "not_an_id": ("identifier_column",),
    "not_a_time_column": ("dates_as_text", "stale_data", "irregular_time_steps", "future_dates"),
}
SPELLING_CHECKS = ("inconsistent_categories", "boolean_spellings")
SUPPORTED_TASKS = ("binary", "multiclass", "regression", "forecast")
METRICS = {"roc_auc": "ROC AUC", "r2": "R²"}
TOLERANCE = {"roc_auc": 0.03, "r2": 0.05}
# The reference's procedure -> the kind of folds ML Scout reports for the same split.
FOLDS = {"hgb_clf_stratified5": "stratified", "tfidf_logreg_stratified5": "stratified",
         "hgb_clf_groupkfold5": "grouped", "hgb_clf_timeseries5": "time-ordered", "hgb_reg_kfold5": "shuffled"}


# ------------------------------------------------------------------------------------------------------------
# the corpus
# ------------------------------------------------------------------------------------------------------------
def load_corpus(corpus_dir: Path = CORPUS_DIR) -> list[dict]:
    """The corpus entries, as annotated (corpus.yaml is used as it is, never edited)."""
    path = corpus_dir / "corpus.yaml"
    if not path.exists():
        raise SystemExit(f"no evaluation corpus at {corpus_dir}: set MLSCOUT_EVAL_CORPUS to the folder holding "
                         "corpus.yaml and fetch.py (../shared/eval beside the repository).")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]


def load_pain_point_map(path: Path = PAIN_POINT_MAP) -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["map"]
    return {phrase: tuple(ids or ()) for phrase, ids in raw.items()}


def check_pain_point_map(entries: Iterable[dict], mapping: dict[str, tuple[str, ...]],
                         catalogue_ids: Iterable[str]) -> None:
    """Every phrase of the corpus mapped, every mapped id in the catalogue: otherwise the score means nothing."""
    phrases = {p for e in entries for p in e.get("pain_points") or ()}
    phrases |= {n["pain_point"] for e in entries for n in e.get("not_pain_points") or ()}
    missing = sorted(phrases - set(mapping))
    unknown = sorted({i for ids in mapping.values() for i in ids} - set(catalogue_ids))
    if missing or unknown:
        raise SystemExit(f"{PAIN_POINT_MAP.name}: unmapped corpus phrases {missing}; unknown catalogue ids "
                         f"{unknown}. Review the map before scoring.")


def data_dir(cache: Path = CACHE_DIR) -> Path:
    return cache / "data"


def ensure_corpus(ids: Sequence[str], cache: Path = CACHE_DIR, corpus_dir: Path = CORPUS_DIR,
                  log: Callable[[str], None] = print) -> Path:
    """The folder holding ``<id>.csv`` for every id, fetched when missing (offline once the packages are in).

    The corpus pins its own packages (numpy, pandas versions that differ from the app's), so they go into a
    cache venv of their own, never into the dev venv.
    """
    folder = data_dir(cache)
    missing = [i for i in ids if not (folder / f"{i}.csv").exists()]
    if not missing:
        return folder
    venv = cache / "venv"
    python = venv / "bin" / "python"
    marker = venv / ".corpus-installed"
    requirements = corpus_dir / "requirements.txt"
    if not marker.exists() or marker.read_text() != requirements.read_text():
        log(f"installing the corpus packages into {venv} (once)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(requirements)], check=True)
        subprocess.run([*pip, "--no-deps", "-r", str(corpus_dir / "requirements-nodeps.txt")], check=True)
        marker.write_text(requirements.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    log(f"writing {len(missing)} corpus table(s) into {folder}")
    subprocess.run([str(python), str(corpus_dir / "fetch.py"), str(folder), "--only", ",".join(missing)],
                   check=True, stdout=subprocess.DEVNULL)
    return folder


# ------------------------------------------------------------------------------------------------------------
# running the CLI's pipeline
# ------------------------------------------------------------------------------------------------------------
@dataclass
class Run:
    """One `mlscout assess` run: its exit code (None: it raised), time, stderr and Assessment (as JSON)."""

    args: tuple[str, ...]
    exit_code: int | None
    seconds: float
    stderr: str
    assessment: dict | None = None
    warnings: int = 0

    @property
    def ok(self) -> bool:
        """Ended by the contract (0, or 1 for a gate) with an Assessment, no traceback, no stage error."""
        return (self.exit_code in (0, 1) and self.assessment is not None and "Traceback" not in self.stderr
                and not self.assessment.get("errors"))

    @property
    def dataset(self) -> dict:
        return self.assessment["datasets"][0] if self.assessment and self.assessment["datasets"] else {}


def run_assess(csv: Path, *extra: str) -> Run:
    """`mlscout assess CSV --format json --quiet ...` through the CLI's own entry point, in this process."""
    from mlscout.cli import main

    args = ("assess", str(csv), "--format", "json", "--out", "-", "--quiet", *extra)
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:  # counted, not printed: a user would see each one
        warnings.simplefilter("always")
        try:
            code: int | None = main(list(args), out, err)
        except BaseException:  # noqa: BLE001 - exactly what the scorecard counts
            code = None
            err.write(traceback.format_exc())
    seconds = time.perf_counter() - start
    document = None
    if out.getvalue().strip():
        with contextlib.suppress(json.JSONDecodeError):
            document = json.loads(out.getvalue())
    return Run(args=args, exit_code=code, seconds=seconds, stderr=err.getvalue(), assessment=document,
               warnings=len(caught))


def declared_target(entry: dict) -> dict | None:
    """The annotated target a user would declare: the first one whose task ML Scout models."""
    return next((t for t in entry.get("targets") or () if t["task"] in SUPPORTED_TASKS), None)


@dataclass
class Runs:
    declared: Run | None
    blind: Run
    baseline: Run | None = None


def run_dataset(entry: dict, folder: Path, *, baselines: bool, budget_s: float) -> Runs:
    csv = folder / f"{entry['id']}.csv"
    target = declared_target(entry)
    spec = f"{entry['id']}:{target['column']}" if target else None
    declared = run_assess(csv, "--baselines", "0", "--target", spec) if spec else None
    blind = run_assess(csv, "--baselines", "0")
    baseline = (run_assess(csv, "--baselines", "1", "--budget", f"{budget_s:g}", "--target", spec)
                if baselines and spec else None)
    return Runs(declared=declared, blind=blind, baseline=baseline)


# ------------------------------------------------------------------------------------------------------------
# scoring: one small function per facet, each returning plain values
# ------------------------------------------------------------------------------------------------------------
def _findings(run: Run | None) -> list[dict]:
    return list(run.dataset.get("findings", ())) if run and run.assessment else []


def _evidence_names(finding: dict) -> set[str]:
    names: set[str] = set()
    for value in (finding.get("evidence") or {}).values():
        if isinstance(value, str):
            names.add(value)
        elif isinstance(value, list):
            names |= {v for v in value if isinstance(v, str)}
            names |= {x for v in value if isinstance(v, list) for x in v if isinstance(x, str)}
    return names


def _on_column(finding: dict, column: str | None) -> bool:
    if column is None:
        return True
    return finding.get("column") == column or column in _evidence_names(finding)


def score_target_guess(entry: dict, blind: Run) -> dict:
    """Is an annotated target the tool's first (or among its first three) likely targets, when none is given?"""
    annotated = {t["column"] for t in entry.get("targets") or ()}
    if not annotated:
        return {"target_top1": None, "target_top3": None}
    guesses = [c["column"] for c in blind.dataset.get("likely_targets", ())]
    return {"target_top1": bool(guesses[:1] and guesses[0] in annotated),
            "target_top3": bool(set(guesses[:3]) & annotated)}


def _ranked_ids(run: Run | None, dataset: str) -> list[str]:
    if not run or not run.assessment:
        return []
    opportunities = sorted((o for o in run.assessment.get("opportunities", ()) if o["dataset"] == dataset),
                           key=lambda o: o["rank"])
    return [o["pain_point_id"] for o in opportunities]


def score_opportunities(entry: dict, declared: Run | None, blind: Run, mapping: dict[str, tuple[str, ...]]) -> dict:
    """An annotated pain point in the top 1 / top 3; a not_pain_point in the top 3; the declared target ranked."""
    wanted = {i for p in entry.get("pain_points") or () for i in mapping[p]}
    unwanted = {i for n in entry.get("not_pain_points") or () for i in mapping[n["pain_point"]]}
    run = declared or blind
    ranked = _ranked_ids(run, entry["id"])
    blind_ranked = _ranked_ids(blind, entry["id"])
    has_pain_points = bool(entry.get("pain_points"))
    target = declared_target(entry)
    ranked_targets = {o.get("target") for o in (run.assessment or {}).get("opportunities", ())} if run else set()
    return {
        "pp_top1": bool(ranked[:1] and ranked[0] in wanted) if has_pain_points else None,
        "pp_top3": bool(set(ranked[:3]) & wanted) if has_pain_points else None,
        "pp_top3_blind": bool(set(blind_ranked[:3]) & wanted) if has_pain_points else None,
        "false_match": sorted(set(ranked[:3]) & unwanted),
        "top3": ranked[:3],
        "target_ranked": (target["column"] in ranked_targets) if target and declared else None,
    }


def score_traps(entry: dict, run: Run) -> dict:
    """Each annotated trap that a check should catch, caught on its column; the kinds no check covers."""
    findings = _findings(run)
    caught, missed, uncovered = [], [], []
    for trap in entry.get("traps") or ():
        kind, column = trap["kind"], trap.get("column")
        if kind in LEAK_KINDS or kind in CONTRADICTING_CHECKS:
            continue
        checks = TRAP_CHECKS.get(kind, ())
        key = f"{column or '(table)'}:{kind}"
        if not checks:
            uncovered.append(key)
        elif any(f["check_id"] in checks and _on_column(f, column) for f in findings):
            caught.append(key)
        else:
            missed.append(key)
    return {"traps_caught": caught, "traps_missed": missed, "traps_uncovered": uncovered}


def contradicting_checks(trap: dict) -> tuple[str, ...]:
    """The checks whose finding on the trap's column contradicts it.

    A 'not applicable' annotation is about a placeholder value ('none', 45) or about the empty cell; its note says
    which. Calling the empty cells missing contradicts it only when the note gives them as the state ("empty for
    every non-hurricane observation"), not when it says they are missing ("empty (7077) is missing").
    """
    checks = CONTRADICTING_CHECKS.get(trap["kind"], ())
    if trap["kind"] != "placeholder_not_missing":
        return checks
    note = str(trap.get("note") or "")
    empty_is_a_state = bool(re.search(r"\bempty\b", note)) and not re.search(r"empty[^.;]*\bis missing", note)
    return PLACEHOLDER_CHECKS + (EMPTY_CHECKS if empty_is_a_state else ())


def score_false_alarms(entry: dict, run: Run) -> dict:
    """Findings that contradict an annotation: a 'not applicable' value called missing, an id that is not one,
    imbalance on a column that is not a target, spelling variants across a target's classes."""
    findings = _findings(run)
    targets = {t["column"]: t["task"] for t in entry.get("targets") or ()}
    alarms: list[str] = []
    for trap in entry.get("traps") or ():
        checks = contradicting_checks(trap)
        if checks:
            alarms += [f"{trap['column']}:{f['check_id']}" for f in findings
                       if f["check_id"] in checks and f.get("column") == trap["column"]
                       and f["severity"] in ("warning", "critical")]
    alarms += [f"{f.get('column')}:class_imbalance (not a target)" for f in findings
               if f["check_id"] == "class_imbalance" and f.get("column") not in targets]
    alarms += [f"{f.get('column')}:{f['check_id']} (target classes)" for f in findings
               if f["check_id"] in SPELLING_CHECKS and targets.get(f.get("column")) in ("binary", "multiclass")]
    return {"false_alarms": sorted(set(alarms))}


# Names that are a part of a date or a calendar flag, compared letters only ('day_of_week' -> 'dayofweek'). Kept
# apart from ML Scout's own rule (words of a name): the harness must be able to disagree with it.
CALENDAR_NAMES = frozenset({"year", "yr", "month", "mnth", "mo", "week", "weekofyear", "weekday", "wday", "dow",
                            "dayofweek", "day", "dayofmonth", "hour", "hr", "minute", "quarter", "qtr", "season",
                            "holiday", "workingday", "workday", "weekend"})
DATE_TRAPS = frozenset({"dates_as_text", "dates_as_integers", "dates_as_decimal_year"})


def never_targets(entry: dict, run: Run | None) -> dict[str, str]:
    """Columns no use case predicts, with why: annotated identifiers, personal data, protected attributes and time
    columns; columns the run itself marks as an identifier, personal or protected; calendar parts by name."""
    why: dict[str, str] = {}
    for column in entry.get("id_columns") or ():
        why[column] = "identifier"
    for column in entry.get("personal_data") or {}:
        why[column] = "personal data"
    for column in entry.get("protected_attributes") or {}:
        why[column] = "protected attribute"
    for trap in entry.get("traps") or ():
        if trap["kind"] in DATE_TRAPS and trap.get("column"):
            why[trap["column"]] = "time column"
    if entry.get("time_column"):
        why[entry["time_column"]] = "time column"
    for column in (run.dataset or {}).get("columns", ()) if run else ():
        name = column["name"]
        if re.sub(r"[^a-z]", "", name.lower()) in CALENDAR_NAMES:
            why.setdefault(name, "calendar part")
        if column.get("semantic_type") == "identifier":
            why.setdefault(name, "identifier")
        if column.get("sensitive_attribute"):
            why.setdefault(name, "protected attribute")
        if column.get("personal_data"):
            why.setdefault(name, "personal data")
    return why


def score_improper_targets(entry: dict, runs: Runs) -> dict:
    """Targets the tool proposes (likely targets, and the targets of ranked opportunities in both runs) that are
    identifiers, personal data, protected attributes or calendar parts. The column the user declared is theirs."""
    declared = (declared_target(entry) or {}).get("column")
    proposed: set[str] = set()
    for run in (runs.blind, runs.declared):
        if run is None or not run.assessment:
            continue
        proposed |= {o["target"] for o in run.assessment.get("opportunities", ())
                     if o["dataset"] == entry["id"] and o.get("target")}
    if runs.blind.dataset:
        proposed |= {c["column"] for c in runs.blind.dataset.get("likely_targets", ())}
    never = never_targets(entry, runs.blind if runs.blind.dataset else runs.declared)
    annotated = {t["column"] for t in entry.get("targets") or ()}  # a salary can be personal and the outcome
    return {"improper_targets": sorted(f"{c} ({never[c]})" for c in proposed - {declared} - annotated
                                       if c in never)}


def score_access(entry: dict, run: Run) -> dict:
    """Personal data by column (true / false positives, misses), alarms on not_personal, protected attributes."""
    columns = run.dataset.get("columns", ())
    personal = {c["name"] for c in columns if c.get("sensitive") or c.get("personal_data")}
    protected = {c["name"] for c in columns if c.get("sensitive_attribute")}
    annotated = set(entry.get("personal_data") or {})
    not_personal = set(entry.get("not_personal") or {})
    annotated_protected = set(entry.get("protected_attributes") or {})
    return {"pii_tp": sorted(personal & annotated), "pii_fp": sorted(personal - annotated),
            "pii_fn": sorted(annotated - personal), "not_personal_alarms": sorted(personal & not_personal),
            "protected_found": sorted(protected & annotated_protected),
            "protected_missed": sorted(annotated_protected - protected)}


def score_baseline(entry: dict, run: Run | None, budget_s: float) -> dict:
    """The declared target's headline score against the reference; annotated leaks found; false suspects."""
    target = declared_target(entry)
    empty = {"baseline_score": None, "baseline_reference": None, "baseline_within": None,
             "baseline_within_like": None, "baseline_folds": None, "baseline_not_used": [], "leaks_found": [],
             "leaks_missed": [], "proxy_leaks_found": [], "proxy_leaks_missed": [], "false_suspects": [],
             "budget_kept": None, "baseline_partial": None}
    if run is None or target is None or not run.assessment:
        return empty
    result = next((b for b in run.assessment.get("baselines", ()) if b["target"] == target["column"]), None)
    if result is None:
        return empty
    best = next((m["score"] for m in result["models"] if m["name"] == result["best_model"]), None)
    reference = entry.get("reference_score") or {}
    comparable = METRICS.get(reference.get("metric")) == result["metric"] and best is not None
    leaks = {t["column"] for t in entry.get("traps") or () if t["kind"] == "leakage" and t.get("column")}
    # Known after the outcome by what they mean (decided in the same encounter, accrues over the claim, written
    # after the event): counted apart, so the leak line does not hide them.
    proxies = {t["column"] for t in entry.get("traps") or () if t["kind"] == "proxy_leakage" and t.get("column")}
    allowed = leaks | {t["column"] for t in entry.get("traps") or () if t["kind"] in LEAK_KINDS}
    allowed |= set(reference.get("excluded_columns") or ())
    # A column the annotation says is computed from the target ('volume is total dollar value of sales') reproduces
    # it by arithmetic: flagging it is the leakage rule, not a false suspect.
    allowed |= {t["column"] for t in entry.get("traps") or () if t["kind"] == "derived_columns" and t.get("column")
                and re.search(rf"\b{re.escape(target['column'])}\b", t.get("note") or "")}
    suspects = {s["column"].split("__")[0] for s in result.get("leakage_suspects", ())}
    # A leak is handled when it stays out of the headline: flagged as a suspect, or not a feature at all
    # (an identifier, personal data); a false suspect is a flagged column that is no annotated leak.
    kept_out = suspects | set(result.get("dropped_columns") or {})
    within = (abs(best - reference["value"]) <= TOLERANCE[reference["metric"]]) if comparable else None
    # Like for like: the same kind of folds, and no column the reference used that ML Scout kept out of the
    # features (protected attributes and personal data are, by design; identifiers the reference dropped too).
    not_used = set(result.get("dropped_columns") or {}) - set(reference.get("excluded_columns") or ()) \
        - set(entry.get("id_columns") or ())
    like_for_like = comparable and FOLDS.get(reference.get("procedure")) == result.get("folds_kind") \
        and not not_used
    return {
        "baseline_score": best, "baseline_reference": reference.get("value") if comparable else None,
        "baseline_within": within, "baseline_folds": result.get("folds_kind"),
        "baseline_not_used": sorted(not_used),
        "baseline_within_like": within if like_for_like else None,
        "leaks_found": sorted(leaks & kept_out), "leaks_missed": sorted(leaks - kept_out),
        "proxy_leaks_found": sorted(proxies & kept_out), "proxy_leaks_missed": sorted(proxies - kept_out),
        "false_suspects": sorted(suspects - allowed),
        "budget_kept": result.get("elapsed_s", 0.0) <= budget_s * 1.1, "baseline_partial": result.get("partial"),
    }


def score(entry: dict, runs: Runs, mapping: dict[str, tuple[str, ...]], budget_s: float = 30.0) -> dict:
    """Every facet of one table, as plain JSON-able values."""
    main = runs.declared or runs.blind
    row: dict[str, Any] = {"id": entry["id"], "has_target": bool(entry.get("targets")),
                           "has_pain_points": bool(entry.get("pain_points"))}
    all_runs = [r for r in (runs.declared, runs.blind, runs.baseline) if r is not None]
    row["ok"] = all(r.ok for r in all_runs)
    row["problems"] = [f"{' '.join(r.args[3:])}: exit {r.exit_code}; "
                       f"{(r.stderr.strip().splitlines() or [''])[-1][:160]}" for r in all_runs if not r.ok]
    row["seconds"] = round(sum(r.seconds for r in all_runs), 1)
    row["seconds_profile"] = round(runs.blind.seconds, 1)
    row["warnings"] = sum(r.warnings for r in all_runs)
    if not main.assessment or not main.dataset:
        return row
    row |= score_target_guess(entry, runs.blind)
    row |= score_opportunities(entry, runs.declared, runs.blind, mapping)
    row |= score_traps(entry, main)
    row |= score_false_alarms(entry, main)
    row |= score_access(entry, main)
    row |= score_improper_targets(entry, runs)
    row |= score_baseline(entry, runs.baseline, budget_s)
    readiness = main.dataset.get("readiness") or {}
    row["readiness"] = readiness.get("overall")
    return row


# ------------------------------------------------------------------------------------------------------------
# totals and the scorecard
# ------------------------------------------------------------------------------------------------------------
def _count(rows: list[dict], key: str) -> tuple[int, int]:
    values = [r.get(key) for r in rows if r.get(key) is not None]
    return sum(bool(v) for v in values), len(values)


def _ratio(hit: int, total: int) -> str:
    return f"{hit}/{total}" if total else "-"


def totals(rows: list[dict]) -> dict:
    pii_tp = sum(len(r.get("pii_tp", ())) for r in rows)
    pii_fp = sum(len(r.get("pii_fp", ())) for r in rows)
    pii_fn = sum(len(r.get("pii_fn", ())) for r in rows)
    prot_found = sum(len(r.get("protected_found", ())) for r in rows)
    prot_missed = sum(len(r.get("protected_missed", ())) for r in rows)
    scores = [r["readiness"] for r in rows if r.get("readiness") is not None]
    commonest = max((scores.count(s) for s in set(scores)), default=0)
    return {
        "datasets": len(rows), "runs_ok": _count(rows, "ok"),
        "target_top1": _count(rows, "target_top1"), "target_top3": _count(rows, "target_top3"),
        "pp_top1": _count(rows, "pp_top1"), "pp_top3": _count(rows, "pp_top3"),
        "pp_top3_blind": _count(rows, "pp_top3_blind"),
        "false_matches": (sum(bool(r.get("false_match")) for r in rows), len(rows)),
        "target_ranked": _count(rows, "target_ranked"),
        "traps_caught": (sum(len(r.get("traps_caught", ())) for r in rows),
                         sum(len(r.get("traps_caught", ())) + len(r.get("traps_missed", ())) for r in rows)),
        "traps_uncovered": sum(len(r.get("traps_uncovered", ())) for r in rows),
        "false_alarms": sum(len(r.get("false_alarms", ())) for r in rows),
        "improper_targets": sum(len(r.get("improper_targets", ())) for r in rows),
        "pii_precision": round(pii_tp / (pii_tp + pii_fp), 2) if pii_tp + pii_fp else None,
        "pii_recall": round(pii_tp / (pii_tp + pii_fn), 2) if pii_tp + pii_fn else None,
        "pii_counts": (pii_tp, pii_fp, pii_fn),
        "not_personal_alarms": sum(len(r.get("not_personal_alarms", ())) for r in rows),
        "protected_recall": round(prot_found / (prot_found + prot_missed), 2) if prot_found + prot_missed else None,
        "leaks_found": (sum(len(r.get("leaks_found", ())) for r in rows),
                        sum(len(r.get("leaks_found", ())) + len(r.get("leaks_missed", ())) for r in rows)),
        "proxy_leaks_found": (sum(len(r.get("proxy_leaks_found", ())) for r in rows),
                              sum(len(r.get("proxy_leaks_found", ())) + len(r.get("proxy_leaks_missed", ()))
                                  for r in rows)),
        "false_suspects": sum(len(r.get("false_suspects", ())) for r in rows),
        "baseline_within": _count(rows, "baseline_within"),
        "baseline_within_like": _count(rows, "baseline_within_like"), "budget_kept": _count(rows, "budget_kept"),
        "readiness": {"min": min(scores, default=None), "median": round(statistics.median(scores), 2) if scores else None,
                      "max": max(scores, default=None), "distinct": len(set(scores)),
                      "commonest_share": round(commonest / len(scores), 2) if scores else None},
        "seconds": round(sum(r.get("seconds", 0) for r in rows), 1),
    }


def _mark(value: bool | None) -> str:
    return "-" if value is None else "yes" if value else "no"


def _cell(items: Sequence[str], limit: int = 3) -> str:
    if not items:
        return "0"
    shown = ", ".join(str(i).replace("|", "/") for i in items[:limit])
    return f"{len(items)} ({shown}{', ...' if len(items) > limit else ''})"


def render(rows: list[dict], total: dict, meta: str) -> list[str]:
    """The scorecard as Markdown lines: a totals table, then one row per table."""
    t = total
    pii = t["pii_counts"]
    r = t["readiness"]
    lines = [meta, "", "### Totals", "",
             "| measure | value |", "|---|---|",
             f"| runs without error (declared, blind{', baseline' if t['budget_kept'][1] else ''}) | "
             f"{_ratio(*t['runs_ok'])} datasets |",
             f"| target guessed, top 1 / top 3 (no target declared) | {_ratio(*t['target_top1'])} / "
             f"{_ratio(*t['target_top3'])} |",
             f"| annotated pain point in top 1 / top 3 (target declared) | {_ratio(*t['pp_top1'])} / "
             f"{_ratio(*t['pp_top3'])} |",
             f"| annotated pain point in top 3, no target declared | {_ratio(*t['pp_top3_blind'])} |",
             f"| a not_pain_point in the top 3 (false match) | {_ratio(*t['false_matches'])} datasets |",
             f"| declared target present in the ranking | {_ratio(*t['target_ranked'])} |",
             f"| identifiers, personal data, protected attributes or calendar parts proposed as a target | "
             f"{t['improper_targets']} |",
             f"| traps caught / annotated (kinds a check covers) | {_ratio(*t['traps_caught'])} "
             f"({t['traps_uncovered']} more of kinds no check covers) |",
             f"| false alarms (findings that contradict an annotation) | {t['false_alarms']} |",
             f"| personal data by column: precision / recall | {t['pii_precision']} / {t['pii_recall']} "
             f"(TP {pii[0]}, FP {pii[1]}, FN {pii[2]}) |",
             f"| personal-data alarms on `not_personal` columns | {t['not_personal_alarms']} |",
             f"| protected attributes: recall | {t['protected_recall']} |",
             f"| leaks kept out of the headline (flagged, or no feature) / annotated `leakage` traps | "
             f"{_ratio(*t['leaks_found'])} |",
             f"| proxy leaks kept out / annotated `proxy_leakage` traps (known after the outcome only by what they "
             f"mean) | {_ratio(*t['proxy_leaks_found'])} |",
             f"| false leakage suspects | {t['false_suspects']} |",
             f"| headline baseline within 0.03 AUC / 0.05 R² of the reference | {_ratio(*t['baseline_within'])} |",
             f"| the same, like for like (same kind of folds, every feature the reference used) | "
             f"{_ratio(*t['baseline_within_like'])} |",
             f"| baselines within budget + 10% | {_ratio(*t['budget_kept'])} |",
             f"| overall readiness: min / median / max; distinct values; share of the commonest | {r['min']} / "
             f"{r['median']} / {r['max']}; {r['distinct']}; {r['commonest_share']} |",
             f"| seconds, all runs | {t['seconds']} |", "",
             "### Per table", "",
             "| table | ok | target top-1 / top-3 | top 3 (declared target) | pain point top-1 / top-3 | false match "
             "| traps caught | false alarms | PII TP / FP / FN | protected found / missed | leaks found / false "
             "| baseline vs reference | readiness | s |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        caught = len(row.get("traps_caught", ()))
        annotated = caught + len(row.get("traps_missed", ()))
        score_text = "-"
        if row.get("baseline_score") is not None:
            score_text = f"{row['baseline_score']:.3f}"
            if row.get("baseline_reference") is not None:
                score_text += f" vs {row['baseline_reference']:.3f} ({_mark(row['baseline_within'])}"
                score_text += ")" if row.get("baseline_within_like") is not None else ", not like for like)"
        lines.append(
            f"| {row['id']} | {_mark(row['ok'])} | {_mark(row.get('target_top1'))} / {_mark(row.get('target_top3'))}"
            f" | {', '.join(row.get('top3', ())) or '-'} | {_mark(row.get('pp_top1'))} / {_mark(row.get('pp_top3'))}"
            f" | {_cell(row.get('false_match', ()))} | {caught}/{annotated} | {_cell(row.get('false_alarms', ()))}"
            f" | {len(row.get('pii_tp', ()))} / {len(row.get('pii_fp', ()))} / {len(row.get('pii_fn', ()))}"
            f" | {len(row.get('protected_found', ()))} / {len(row.get('protected_missed', ()))}"
            f" | {len(row.get('leaks_found', ()))} / {len(row.get('false_suspects', ()))} | {score_text}"
            f" | {row.get('readiness', '-')} | {row.get('seconds', '-')} |")
    problems = [f"- {row['id']}: {p}" for row in rows for p in row.get("problems", ())]
    if problems:
        lines += ["", "### Runs that did not end by the contract", "", *problems]
    return lines


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU") if Path("/proc/cpuinfo").exists() else "unknown CPU"
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def write_scorecard(lines: list[str], path: Path = SCORECARD) -> None:
    """Replace what stands between the markers of docs/advice-quality.md."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Advice quality\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail, encoding="utf-8")


# The per-table facts the gate holds the code to: nothing caught may be lost, nothing false may be added.
FLOOR_KEYS = ("ok", "target_top3", "pp_top3", "target_ranked", "traps_caught", "false_alarms", "false_match",
              "pii_tp", "pii_fp", "not_personal_alarms", "protected_found", "improper_targets")


def floors_of(rows: Iterable[dict]) -> dict[str, dict]:
    return {row["id"]: {key: row.get(key) for key in FLOOR_KEYS} for row in rows if row["id"] in FAST_SUBSET}


def gate_regressions(row: dict, floor: dict) -> list[str]:
    """What a fresh score of one table lost against its floor (empty: no regression)."""
    lost: list[str] = []
    for key in ("ok", "target_top3", "pp_top3", "target_ranked"):
        if floor.get(key) and not row.get(key):
            lost.append(f"{key} was true, now {row.get(key)}")
    for key in ("traps_caught", "pii_tp", "protected_found"):
        gone = sorted(set(floor.get(key) or ()) - set(row.get(key) or ()))
        if gone:
            lost.append(f"{key} lost {gone}")
    for key in ("false_alarms", "false_match", "pii_fp", "not_personal_alarms", "improper_targets"):
        added = sorted(set(row.get(key) or ()) - set(floor.get(key) or ()))
        if added:
            lost.append(f"{key} added {added}")
    return lost


def evaluate_corpus(ids: Sequence[str] | None = None, *, baselines: bool = True, budget_s: float = 30.0,
                    log: Callable[[str], None] = print) -> tuple[list[dict], dict]:
    """Fetch what is missing, run and score each table; returns the rows and the totals."""
    from mlscout.catalogue.model import default_catalogue

    entries = load_corpus()
    mapping = load_pain_point_map()
    check_pain_point_map(entries, mapping, [p.id for p in default_catalogue().pain_points])
    if ids:
        unknown = sorted(set(ids) - {e["id"] for e in entries})
        if unknown:
            raise SystemExit(f"not in the corpus: {', '.join(unknown)}")
        entries = [e for e in entries if e["id"] in ids]
    folder = ensure_corpus([e["id"] for e in entries], log=log)
    rows = []
    for entry in entries:
        runs = run_dataset(entry, folder, baselines=baselines, budget_s=budget_s)
        row = score(entry, runs, mapping, budget_s)
        rows.append(row)
        log(f"{entry['id']:<30} ok={_mark(row['ok']):<3} traps {len(row.get('traps_caught', ()))}/"
            f"{len(row.get('traps_caught', ())) + len(row.get('traps_missed', ()))} false alarms "
            f"{len(row.get('false_alarms', ()))} top3 {row.get('top3')} {row['seconds']} s")
    return rows, totals(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated table ids (prints the card, writes nothing)")
    parser.add_argument("--no-baselines", action="store_true", help="skip the baseline runs")
    parser.add_argument("--budget", type=float, default=30.0, help="baseline budget in seconds (default 30)")
    parser.add_argument("--fetch-only", action="store_true", help="install the corpus packages, write the CSVs")
    parser.add_argument("--json", metavar="FILE", help="also write every row and the totals as JSON")
    args = parser.parse_args(argv)
    ids = [i for i in (args.only or "").split(",") if i]
    if args.fetch_only:
        ensure_corpus(ids or [e["id"] for e in load_corpus()])
        return 0
    started = time.perf_counter()
    rows, total = evaluate_corpus(ids, baselines=not args.no_baselines, budget_s=args.budget)
    from mlscout import __version__

    meta = (f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine()}; ML Scout {__version__}; "
            f"{total['datasets']} tables of the corpus; baselines "
            f"{'off' if args.no_baselines else f'on, budget {args.budget:g} s'}; "
            f"{time.perf_counter() - started:.0f} s wall.")
    lines = render(rows, total, meta)
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "totals": total}, indent=1, default=str))
    if not ids:
        write_scorecard(lines)
        FLOORS.write_text(json.dumps(floors_of(rows), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {SCORECARD.relative_to(REPO)} and {FLOORS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
