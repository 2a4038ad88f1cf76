"""The advice regression gate: a fast subset of the evaluation corpus, scored as `make eval` scores it.

Floors come from the last full run (benchmarks/eval/floors.json, written by `make eval`): a change that loses a
caught trap, a guessed target, a pain point in the top 3 or a personal-data column, or that adds a false alarm,
a false match or a personal-data false positive on one of these tables fails here. Baselines are left to
`make eval`.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import advice_eval  # noqa: E402

pytestmark = pytest.mark.timeout(600)


def _corpus_or_skip() -> None:
    if not (advice_eval.CORPUS_DIR / "corpus.yaml").exists():
        if os.environ.get("CI"):
            pytest.fail(f"the evaluation corpus is missing at {advice_eval.CORPUS_DIR} (../shared/eval)")
        pytest.skip(f"no evaluation corpus at {advice_eval.CORPUS_DIR}; set MLSCOUT_EVAL_CORPUS")


def test_fast_subset_keeps_the_floors_of_the_last_scorecard():
    _corpus_or_skip()
    floors = json.loads(advice_eval.FLOORS.read_text(encoding="utf-8"))
    assert set(floors) == set(advice_eval.FAST_SUBSET), "floors.json is stale: run `make eval`"
    rows, total = advice_eval.evaluate_corpus(list(advice_eval.FAST_SUBSET), baselines=False, log=lambda _: None)
    regressions = {row["id"]: advice_eval.gate_regressions(row, floors[row["id"]]) for row in rows}
    assert not any(regressions.values()), {k: v for k, v in regressions.items() if v}
    assert total["runs_ok"] == (len(rows), len(rows))


def test_the_gate_sees_a_lost_trap_a_new_false_alarm_and_a_lost_pain_point():
    floor = {"ok": True, "pp_top3": True, "traps_caught": ["a:imbalance", "b:outliers"], "false_alarms": ["x:y"],
             "pii_tp": ["email"], "pii_fp": [], "false_match": [], "protected_found": ["sex"]}
    same = dict(floor, traps_caught=["b:outliers", "a:imbalance", "c:new"])
    assert advice_eval.gate_regressions(same, floor) == []
    worse = dict(floor, pp_top3=False, traps_caught=["b:outliers"], false_alarms=["x:y", "z:w"],
                 pii_fp=["city"], protected_found=[])
    lost = advice_eval.gate_regressions(worse, floor)
    assert len(lost) == 5
    assert any("a:imbalance" in item for item in lost) and any("z:w" in item for item in lost)


@pytest.mark.parametrize("table, target, model", [
    ("chemical_process_yield", "yield", "gradient boosting"),  # 176 rows, 57 columns
    ("fine_food_reviews", "score", "logistic regression"),  # 10,000 reviews of free text
])
def test_small_wide_and_text_tables_reach_the_reference_baseline(table, target, model):
    """Gradient boosting on 176 rows is not starved by an early-stopping split of 17 rows; the text model reads
    words and word pairs; the linear model of a wide table picks its penalty. Each headline within the corpus
    tolerance of its reference (same folds, same features)."""
    _corpus_or_skip()
    from mlscout.baselines import baseline_inputs, evaluate
    from mlscout.io import load_table
    from mlscout.pipeline import analyse_dataset

    entry = next(e for e in advice_eval.load_corpus() if e["id"] == table)
    dataset = load_table(advice_eval.ensure_corpus([table], log=lambda _: None) / f"{table}.csv")[0]
    summary = analyse_dataset(dataset)
    result = evaluate(dataset.frame, target, budget_s=30, dataset=table, **baseline_inputs(summary.columns, target))
    scores = {m.name: m.score for m in result.models}
    reference = entry["reference_score"]
    assert abs(scores[model] - reference["value"]) <= advice_eval.TOLERANCE[reference["metric"]], scores
    assert min(scores.values()) > -0.05, scores  # no model worse than predicting the mean


def test_a_small_table_gets_the_same_folds_whatever_the_budget_left():
    """176 rows of 57 columns: five folds at a 30 s or a 21 s budget alike. The count once followed the time left
    after the leak probes, so a busy machine (19 s left instead of 20) got three folds and ridge R² -0.07."""
    _corpus_or_skip()
    from mlscout.baselines import baseline_inputs, evaluate
    from mlscout.io import load_table
    from mlscout.pipeline import analyse_dataset

    table = "chemical_process_yield"
    dataset = load_table(advice_eval.ensure_corpus([table], log=lambda _: None) / f"{table}.csv")[0]
    inputs = baseline_inputs(analyse_dataset(dataset).columns, "yield")
    roomy, tight = (evaluate(dataset.frame, "yield", budget_s=budget, dataset=table, **inputs) for budget in (30, 21))
    assert roomy.folds == tight.folds == 5
    assert [m.score for m in roomy.models] == [m.score for m in tight.models]
