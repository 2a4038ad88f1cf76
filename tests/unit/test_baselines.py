"""Baselines: verdicts on known signal and on noise, planted leaks found, time-ordered folds, forecasting,
the budget."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlscout.baselines import BaselineError, evaluate, time_ordered_folds


def classification_table(n: int = 3000, signal: bool = True, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    segment = rng.choice(["a", "b", "c"], n)
    logit = 2.5 * x1 - 1.5 * x2 + (segment == "a") * 1.0 if signal else np.zeros(n)
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame({"customer_id": np.arange(n), "x1": x1, "x2": x2, "segment": segment,
                         "noise": rng.normal(size=n), "churn": np.where(y, "yes", "no")})


def test_known_strong_signal_is_strong():
    result = evaluate(classification_table(), "churn", budget_s=60)
    assert result.task == "binary" and result.metric == "ROC AUC"
    assert result.verdict == "strong" and result.feasibility >= 80
    assert result.models[0].name.startswith("dummy") and abs(result.models[0].score - 0.5) < 0.01
    assert result.lift > 0.3
    assert "customer_id" in result.dropped_columns and not result.leakage_suspects
    assert {m for m in result.models[1].metrics} == {"ROC AUC", "PR AUC", "balanced accuracy"}
    assert result.importances[0].feature in ("x1", "x2")
    assert result.learning_curve and result.learning_curve_verdict in ("more data would help", "has plateaued")


def test_pure_noise_gives_no_signal():
    frame = classification_table(signal=False, seed=1)
    result = evaluate(frame, "churn", budget_s=60)
    assert result.verdict == "no signal" and result.feasibility == 0


def test_planted_leaks_are_flagged():
    rng = np.random.default_rng(2)
    n = 2000
    x = rng.normal(size=n)
    amount = 50 + 10 * x + rng.normal(scale=5, size=n)
    part = rng.uniform(0, 40, n)
    frame = pd.DataFrame({"x": x, "other": rng.normal(size=n), "amount": amount,
                          "total_check": amount + rng.normal(scale=0.01, size=n),
                          "net": part, "fees": amount - part})
    result = evaluate(frame, "amount", budget_s=60)
    suspects = {s.column: s for s in result.leakage_suspects}
    assert "total_check" in suspects and suspects["total_check"].lone_score >= 0.95
    assert {"net", "fees"} <= set(suspects) and "reproduces the target" in suspects["fees"].reason
    assert "x" not in suspects and "other" not in suspects
    # the headline is leak-free; what the suspects are worth is shown beside it
    headline = max(m.score for m in result.models[1:])
    assert headline < 0.9 and result.with_suspects_score is not None and result.with_suspects_score > 0.99
    assert result.dropped_columns["fees"].startswith("leakage suspect")
    cleaner = evaluate(frame, "amount", budget_s=60, drop_columns=list(suspects))
    assert not cleaner.leakage_suspects and abs(max(m.score for m in cleaner.models[1:]) - headline) < 0.02
    kept = evaluate(frame, "amount", budget_s=60, keep_features=["total_check"])
    assert kept.kept_suspects == ("total_check",) and max(m.score for m in kept.models[1:]) > 0.99


def test_name_derived_columns_are_not_features():
    frame = classification_table()
    frame["churn_reason"] = np.where(frame["churn"] == "yes", "moved", "stayed")
    result = evaluate(frame, "churn", budget_s=60)
    assert result.dropped_columns["churn_reason"].startswith("leakage suspect")
    assert any(s.column == "churn_reason" for s in result.leakage_suspects)


def test_a_name_that_only_contains_the_targets_is_no_suspect():
    """Census income: 'workclass' was a suspect because it contains 'class' (its lone ROC AUC is 0.58)."""
    rng = np.random.default_rng(5)
    n = 3000
    frame = classification_table(n=n)
    frame = frame.rename(columns={"churn": "class"})
    frame["workclass"] = np.where(rng.random(n) < 0.6, frame["segment"], rng.choice(["a", "b", "c"], n))
    result = evaluate(frame, "class", budget_s=60)
    assert "workclass" not in {s.column for s in result.leakage_suspects}
    assert not any("suspiciously" in note for note in result.notes)


def test_a_whole_token_name_with_a_high_lone_score_is_a_suspect():
    rng = np.random.default_rng(6)
    frame = classification_table()
    truth = frame["churn"] == "yes"
    frame["churn_flag_q3"] = np.where(rng.random(len(frame)) < 0.88, truth, ~truth).astype(int)
    result = evaluate(frame, "churn", budget_s=60)
    suspect = next(s for s in result.leakage_suspects if s.column == "churn_flag_q3")
    assert "name carries the target" in suspect.reason or "almost the answer" in suspect.reason


def test_time_ordered_folds_never_train_on_the_future():
    rng = np.random.default_rng(3)
    stamps = pd.Series(pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.permutation(1000), unit="h"))
    for train, valid in time_ordered_folds(stamps, 5):
        assert stamps.iloc[train].max() <= stamps.iloc[valid].min()
    frame = classification_table(1000)
    frame["signup"] = stamps.to_numpy()
    result = evaluate(frame, "churn", time_column="signup", task="binary", budget_s=60)
    assert result.time_column == "signup" and result.verdict in ("strong", "moderate")


def test_daily_transaction_log_with_several_series_is_aggregated_and_forecast():
    rng = np.random.default_rng(4)
    rows = []
    for store, level in (("north", 40), ("south", 25), ("city", 60)):
        for day in pd.date_range("2025-01-01", periods=240, freq="D"):
            weekly = 1.6 if day.dayofweek >= 5 else 1.0
            for _ in range(rng.poisson(level * weekly / 10)):  # several transactions a day
                rows.append({"sold_at": day + pd.Timedelta(minutes=int(rng.integers(0, 1440))), "store": store,
                             "quantity": int(rng.integers(1, 20))})
    log = pd.DataFrame(rows)
    result = evaluate(log, "quantity", time_column="sold_at", series_id="store", task="forecasting", budget_s=60)
    assert result.task == "forecasting" and result.forecast.series == 3
    assert result.forecast.frequency == "day" and result.forecast.season_length == 7
    assert result.forecast.aggregation == "sum of quantity"
    assert {m.name for m in result.models} == {"seasonal naive", "gradient boosting on lags"}
    assert all("MASE" in m.metrics for m in result.models)


def test_budget_marks_a_partial_result():
    frame = classification_table(20_000)
    result = evaluate(frame, "churn", budget_s=2)
    assert result.partial and result.elapsed_s < 30


def test_sampling_above_max_rows_is_stated():
    result = evaluate(classification_table(6000), "churn", budget_s=60, max_rows=2000)
    assert result.sample_rows == 2000 and result.rows_total == 6000
    assert any("sampled 2,000 of 6,000 rows" in note for note in result.notes)


@pytest.mark.parametrize("target,match", [("nope", "no column"), ("customer_id", "distinct|too many|single")])
def test_bad_targets_get_a_clear_error(target, match):
    frame = classification_table(200)
    frame["customer_id"] = frame["customer_id"].astype(str)
    with pytest.raises(BaselineError, match=match):
        evaluate(frame, target, budget_s=10)


def test_a_column_filled_only_when_the_outcome_happened_is_a_suspect():
    """Korea's patients: 'released_date' is filled exactly for the released; its values need not matter."""
    rng = np.random.default_rng(8)
    frame = classification_table(n=2000)
    released = frame["churn"] == "yes"
    frame["closed_on"] = np.where(released & (rng.random(2000) < 0.97),
                                  rng.integers(1, 300, 2000).astype(float), np.nan)
    result = evaluate(frame, "churn", budget_s=60)
    suspect = next(s for s in result.leakage_suspects if s.column == "closed_on")
    assert "filled according to the outcome" in suspect.reason
    assert result.dropped_columns["closed_on"].startswith("leakage suspect")


def test_fold_plans_time_ordered_grouped_or_stratified():
    """Résumé callbacks: several résumés per job ad, so folds grouped by ad; dated events: time-ordered."""
    from mlscout.baselines import plan_folds
    from mlscout.profiling.dataset import profile_dataset

    rng = np.random.default_rng(9)
    n = 2000
    ads = pd.DataFrame({"job_ad_id": rng.integers(1, 300, n), "years": rng.integers(0, 30, n),
                        "received_callback": rng.choice(["yes", "no"], n)})
    plan = plan_folds(profile_dataset(ads, "resumes").columns, "received_callback")
    assert (plan.kind, plan.column) == ("grouped", "job_ad_id") and "stay on one side" in plan.reason
    stops = ads.assign(date=pd.date_range("2017-01-01", periods=n, freq="37min"))
    assert plan_folds(profile_dataset(stops, "stops").columns, "received_callback").kind == "time-ordered"
    plain = ads.drop(columns="job_ad_id")
    assert plan_folds(profile_dataset(plain, "plain").columns, "received_callback").kind == "stratified"
    # NASS crashes: 'caseid' ('13:157:1') for 2.8 occupants per crash; 'paid' amounts are no key
    crashes = plain.assign(caseid=[f"{i // 3 % 12}:{i // 3}:1" for i in range(n)],
                           paid=rng.integers(0, 40, n).astype(str))
    plan = plan_folds(profile_dataset(crashes, "crashes").columns, "received_callback")
    assert (plan.kind, plan.column) == ("grouped", "caseid"), plan
    # CHOP COVID-19 tests: an elapsed-day count in row order is a time axis, with 100 days for 6,000 rows
    tests = plain.assign(pan_day=np.sort(rng.integers(4, 108, n)))
    plan = plan_folds(profile_dataset(tests, "tests").columns, "received_callback")
    assert (plan.kind, plan.column) == ("time-ordered", "pan_day"), plan


def test_grouped_folds_keep_an_entity_on_one_side():
    rng = np.random.default_rng(10)
    ads = rng.integers(0, 150, 3000)
    ad_effect = rng.normal(size=150)[ads]  # the outcome depends on the ad, which no feature shows
    frame = pd.DataFrame({"job_ad_id": ads, "ad_code": ads.astype(str), "x": rng.normal(size=3000),
                          "callback": np.where(ad_effect + 0.3 * rng.normal(size=3000) > 0.8, "yes", "no")})
    shuffled = evaluate(frame.drop(columns="job_ad_id"), "callback", budget_s=60)
    grouped = evaluate(frame.drop(columns="job_ad_id"), "callback", budget_s=60, groups="ad_code")
    assert grouped.folds_kind == "grouped" and shuffled.folds_kind == "stratified"
    assert max(m.score for m in grouped.models[1:]) < max(m.score for m in shuffled.models[1:]) - 0.1


def test_a_value_that_decides_the_outcome_is_a_leak_suspect():
    """MONICA heart attacks: 'hosp' = 'n' (never reached hospital) for 1,922 of the dead and 3 survivors — a value
    recorded because of the outcome. A risk factor that merely raises the odds ('smoker') is not flagged."""
    import numpy as np
    import pandas as pd

    from mlscout.baselines import evaluate

    rng = np.random.default_rng(21)
    n = 3000
    smoker = rng.choice(["y", "n"], n)
    dead = rng.random(n) < np.where(smoker == "y", 0.45, 0.3)
    hosp = np.where(dead & (rng.random(n) < 0.6), "n", "y")
    frame = pd.DataFrame({"age": rng.integers(35, 70, n), "smoker": smoker, "hosp": hosp,
                          "outcome": np.where(dead, "dead", "live")})
    result = evaluate(frame, "outcome", budget_s=30)
    suspects = {s.column: s.reason for s in result.leakage_suspects}
    assert "hosp" in suspects and "'hosp' = 'n' means 'dead'" in suspects["hosp"]
    assert "smoker" not in suspects and "hosp" in result.dropped_columns


def test_fairness_gap_and_diagnostics_on_a_planted_biased_table():
    """Approvals that depend on sex through a proxy (height): sex is kept out of the features, yet the model's
    positive rate differs between the groups, and the note says by how much, beside the actual rates."""
    import numpy as np
    import pandas as pd

    from mlscout import charts
    from mlscout.baselines import evaluate, excluded_features
    from mlscout.profiling.dataset import profile_dataset
    from mlscout.profiling.privacy import protect_dataset

    rng = np.random.default_rng(8)
    n = 3000
    sex = rng.choice(["female", "male"], n)
    height = np.where(sex == "male", 178, 165) + rng.normal(0, 6, n)
    income = rng.gamma(3, 15000, n)
    approved = income / 20000 + (sex == "male") * 1.5 + rng.normal(0, 1, n) > 3
    frame = pd.DataFrame({"sex": sex, "height": height.round(1), "income": income.round(0),
                          "approved": np.where(approved, "yes", "no")})
    profile = protect_dataset(frame, profile_dataset(frame, "loans"))
    result = evaluate(frame, "approved", budget_s=30, exclude=excluded_features(profile.columns))
    assert "sex" in result.dropped_columns and "sex" not in {i.feature for i in result.importances}
    [note] = result.fairness
    rates = {g.group: g for g in note.groups}
    assert note.attribute == "sex" and note.statistic == "positive rate"
    assert rates["male"].value - rates["female"].value > 0.15 and note.gap > 0.15
    assert rates["male"].actual > rates["female"].actual and "actual rates" in note.text
    diagnostics = result.diagnostics
    assert sum(map(sum, diagnostics.confusion)) == diagnostics.rows == n
    assert diagnostics.labels == ("no", "yes") and 0 < diagnostics.threshold < 1
    fprs = [p[0] for p in diagnostics.roc]
    assert fprs == sorted(fprs) and diagnostics.roc[-1] == (1.0, 1.0)
    assert charts.diagnostics_chart(result).to_dict()["hconcat"]


def test_regression_diagnostics_hold_a_sample_of_predicted_versus_actual():
    import numpy as np
    import pandas as pd

    from mlscout import charts
    from mlscout.baselines import evaluate

    rng = np.random.default_rng(9)
    frame = pd.DataFrame({"area": rng.uniform(30, 200, 2000), "rooms": rng.integers(1, 6, 2000)})
    frame["price"] = frame["area"] * 2000 + frame["rooms"] * 40000 + rng.normal(0, 40000, 2000)
    result = evaluate(frame, "price", budget_s=30)
    diagnostics = result.diagnostics
    assert len(diagnostics.predicted_vs_actual) == 300 and diagnostics.rows == 2000
    assert diagnostics.residual_quantiles["p05"] < 0 < diagnostics.residual_quantiles["p95"]
    assert charts.diagnostics_chart(result).to_dict()["layer"]


def test_a_partial_result_says_which_steps_the_budget_cut():
    import numpy as np
    import pandas as pd

    from mlscout.baselines import evaluate, partial_text

    rng = np.random.default_rng(4)
    n = 20_000
    frame = pd.DataFrame({f"x{i}": rng.normal(0, 1, n) for i in range(8)})
    frame["y"] = np.where(frame.x0 + frame.x1 + rng.normal(0, 1, n) > 0, "yes", "no")
    result = evaluate(frame, "y", budget_s=2)
    assert result.partial and result.skipped
    text = partial_text(result)
    assert text.startswith("partial: the time budget ran out before ") and result.skipped[0] in text
    assert not partial_text(evaluate(frame.head(2000), "y", budget_s=60))


def test_forecasting_scores_what_ml_adds_and_leaves_gaps_missing():
    """A perfectly weekly series is predictable by repeating last week: ML adds nothing and the verdict says so,
    while the predictability is high. Days without sales are gaps, not zero sales."""
    days = pd.date_range("2025-01-01", periods=280, freq="D")
    weekly = np.tile([10.0, 12, 11, 13, 20, 35, 30], 40) + np.random.default_rng(2).normal(0, 0.3, 280)
    sales = pd.DataFrame({"day": days, "amount": weekly})
    sales = sales.drop(index=[50, 51, 120])  # three days missing from the export
    result = evaluate(sales, "amount", time_column="day", task="forecasting", budget_s=60)
    assert result.metric == "skill over seasonal naive"
    assert result.forecast.predictability > 0.9 and result.forecast.missing_periods == 3
    assert result.verdict == "no signal" and result.lift <= 0.05
    assert any("3 periods without rows left missing" in note for note in result.notes)


def test_permutation_importance_fits_the_time_left():
    """modeldata's ames (74 features) spent 13.6 s on permutation importance with 3.6 s of a 15 s budget left: the
    step times one scoring and cuts its rows (or is skipped) so the budget holds."""
    import time

    import numpy as np
    import pandas as pd
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.metrics import get_scorer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OrdinalEncoder

    from mlscout.baselines import _Budget, _importances

    rng = np.random.default_rng(8)
    n = 4000
    X = pd.DataFrame({f"c{i}": rng.choice(list("abcdefgh"), n) for i in range(60)})
    y = (X["c0"] == "a") * 3.0 + rng.normal(0, 1, n)
    pipeline = make_pipeline(OrdinalEncoder(), HistGradientBoostingRegressor(max_iter=50, random_state=0))
    budget = _Budget(4.0, lambda *_: None)  # the whole step takes about 9 s on these 60 features
    started = time.monotonic()
    found = _importances(pipeline, X.iloc[:3000], y[:3000], X.iloc[3000:], y[3000:], get_scorer("r2"), budget,
                         lambda *_: None)
    assert time.monotonic() - started <= 4.0 * 1.1
    assert found or "the permutation importance" in budget.skipped
    few = X.iloc[:, :6]  # with time to spare, the whole step runs and finds the one feature that matters
    budget = _Budget(60.0, lambda *_: None)
    found = _importances(pipeline, few.iloc[:3000], y[:3000], few.iloc[3000:], y[3000:], get_scorer("r2"), budget,
                         lambda *_: None)
    assert found[0].feature == "c0" and not budget.skipped


def test_a_target_set_once_per_group_is_scored_on_unseen_groups():
    """causaldata's social_insure: the insurance 'default' was assigned per address (cluster randomisation);
    random folds gave gradient boosting ROC AUC 1.000 by memorising the addresses. Grouped folds score a new
    address (near chance here). A region that only shifts the odds leaves the folds stratified."""
    import numpy as np
    import pandas as pd

    from mlscout.baselines import evaluate

    rng = np.random.default_rng(12)
    addresses = np.repeat([f"a{i:03d}" for i in range(60)], 10)
    assigned = dict(zip(np.unique(addresses), rng.integers(0, 2, 60), strict=True))
    frame = pd.DataFrame({"address": addresses, "age": rng.integers(20, 70, len(addresses)),
                          "ricearea": rng.gamma(2, 1, len(addresses)).round(2)})
    frame["default"] = [assigned[a] for a in addresses]
    result = evaluate(frame, "default", budget_s=30)
    assert result.folds_kind == "grouped" and "'address'" in result.folds_reason
    assert max(m.score for m in result.models) < 0.7
    region = rng.choice(list("ABCDEFGHIJ"), len(addresses))
    shifted = frame.assign(address=region, default=(rng.random(len(addresses)) < np.where(region < "E", 0.7, 0.3))
                           .astype(int))
    assert evaluate(shifted, "default", budget_s=30).folds_kind == "stratified"


def _profile_roles(frame: pd.DataFrame, name: str):
    from mlscout.profiling.dataset import profile_dataset
    from mlscout.profiling.privacy import protect_dataset

    return protect_dataset(frame, profile_dataset(frame, name)).columns


def test_what_the_protected_attributes_would_add_is_shown_beside_the_headline():
    """A mortality table where age is the first risk factor: the headline leaves age and sex out, as the access
    findings ask, and says what they would add (Korea's COVID-19 deaths: 0.755 without, 0.825 with)."""
    from mlscout.baselines import baseline_inputs

    rng = np.random.default_rng(11)
    n = 2000
    age = rng.integers(20, 95, n)
    lactate = rng.gamma(2.0, 1.0, n)
    died = rng.random(n) < 1 / (1 + np.exp(-(-7.5 + 0.09 * age + 0.3 * lactate)))
    frame = pd.DataFrame({"age": age, "sex": rng.choice(["female", "male"], n), "lactate": lactate.round(2),
                          "heart_rate": rng.integers(50, 130, n), "died": np.where(died, "yes", "no")})
    inputs = baseline_inputs(_profile_roles(frame, "patients"), "died")
    result = evaluate(frame, "died", budget_s=60, **inputs)
    assert result.dropped_columns["age"].startswith("protected attribute")
    assert not {"age", "sex"} & {i.feature for i in result.importances}
    headline = max(m.score for m in result.models[1:])
    assert result.with_protected_score is not None and result.with_protected_score > headline + 0.1
    note = next(n for n in result.notes if "protected attributes" in n)
    assert "age" in note and "depends on them" in note


def test_protected_attributes_that_add_nothing_are_said_to_add_little():
    """The sample credit applications: Age and Marital add 0.003 ROC AUC to what the other columns carry."""
    from pathlib import Path

    from mlscout.baselines import baseline_inputs

    frame = pd.read_csv(Path(__file__).resolve().parents[2] / "sample_data" / "credit_applications.csv")
    inputs = baseline_inputs(_profile_roles(frame, "credit_applications"), "Status")
    assert set(inputs["exclude"]) == {"Age", "Marital"}
    result = evaluate(frame, "Status", budget_s=60, **inputs)
    headline = max(m.score for m in result.models[1:])
    assert result.with_protected_score is not None and abs(result.with_protected_score - headline) < 0.02
    assert any("add little" in note for note in result.notes)
