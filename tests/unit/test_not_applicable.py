"""Missing or not applicable, spelling variants and imbalance, on near-misses seen in real public tables.

Each case mirrors a table of the evaluation corpus (../shared/eval) or the issue that reported it, reduced to the
pattern: the storms' hurricane category, the CHOP covid tests' co-missing patient class, the storms' diameters not
recorded before 2004, the spam table's number = none, Korea's disease flag, census income's '<=50K' / '>50K'.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd

from mlscout.profiling.checks import run_checks
from mlscout.profiling.dataset import profile_dataset
from mlscout.profiling.privacy import protect_dataset
from mlscout.settings import Settings

NOW = datetime(2026, 11, 27, tzinfo=UTC)
N = 2000
rng = np.random.default_rng(7)


def _findings(frame: pd.DataFrame, settings: Settings | None = None) -> dict[tuple[str, str | None], object]:
    profile = protect_dataset(frame, profile_dataset(frame, "t", now=NOW))
    return {(f.check_id, f.column): f for f in run_checks(profile, frame, settings, now=NOW)}


def test_empty_exactly_where_a_companion_says_so_is_not_applicable():
    status = rng.choice(["hurricane", "tropical storm", "extratropical"], N)
    frame = pd.DataFrame({"status": status, "wind": rng.normal(60, 15, N),
                          "category": np.where(status == "hurricane", rng.integers(1, 6, N), np.nan)})
    found = _findings(frame)
    assert ("missing_values", "category") not in found
    reading = found[("not_applicable", "category")]
    assert reading.severity == "info" and "status" in reading.message and "hurricane" not in reading.message


def test_empty_together_with_another_columns_empty_cells_is_still_missing():
    lost = rng.random(N) < 0.45
    frame = pd.DataFrame({"patient_class": np.where(lost, None, rng.choice(["inpatient", "outpatient"], N)),
                          "payor_group": np.where(lost, None, rng.choice(["medicaid", "commercial"], N)),
                          "age": rng.integers(1, 90, N)})
    found = _findings(frame)
    assert found[("missing_values", "patient_class")].severity == "warning"
    assert ("not_applicable", "patient_class") not in found


def test_empty_before_a_year_is_not_recorded_which_is_missing():
    year = rng.integers(1975, 2021, N)
    frame = pd.DataFrame({"year": year, "wind": rng.normal(60, 15, N),
                          "diameter": np.where(year >= 2004, rng.normal(150, 40, N), np.nan)})
    found = _findings(frame)
    assert ("missing_values", "diameter") in found and ("not_applicable", "diameter") not in found


def test_empty_where_a_measure_is_zero_is_not_applicable():
    area = np.where(rng.random(N) < 0.9, 0, rng.integers(200, 800, N))
    frame = pd.DataFrame({"pool_area": area, "lot": rng.normal(9000, 2000, N),
                          "pool_quality": np.where(area == 0, None, rng.choice(["Ex", "Gd", "Fa"], N))})
    found = _findings(frame)
    assert ("not_applicable", "pool_quality") in found and ("missing_values", "pool_quality") not in found


def test_none_as_a_frequent_level_is_a_category_but_unknown_is_missing():
    frame = pd.DataFrame({"number": rng.choice(["small", "none", "big"], N, p=[0.7, 0.15, 0.15]),
                          "source": rng.choice(["web", "mail", "unknown"], N, p=[0.6, 0.3, 0.1]),
                          "size": rng.integers(1, 100, N)})
    found = _findings(frame)
    assert ("not_applicable", "number") in found and ("disguised_missing", "number") not in found
    assert ("disguised_missing", "source") in found


def test_a_rare_none_stays_a_placeholder():
    values = rng.choice(["small", "big"], N).astype(object)
    values[:15] = "none"  # 0.75%: too rare to be a level of its own
    found = _findings(pd.DataFrame({"number": values, "size": rng.integers(1, 100, N)}))
    assert ("disguised_missing", "number") in found and ("not_applicable", "number") not in found


def test_a_flag_recorded_only_when_true_is_not_missing():
    frame = pd.DataFrame({"disease": np.where(rng.random(N) < 0.01, "TRUE", None),
                          "age": rng.integers(1, 90, N)})
    found = _findings(frame)
    assert ("not_applicable", "disease") in found and ("missing_values", "disease") not in found


def test_comparison_signs_digits_and_units_are_meaning_not_spelling():
    frame = pd.DataFrame({"income": rng.choice(["<=50K", ">50K"], N),
                          "delta": rng.choice(["-1", "1", "0"], N),
                          "pack": rng.choice(["10kg", "10g"], N),
                          "city": rng.choice(["Zürich", "ZURICH", "zurich ", "Bern"], N)})
    found = _findings(frame)
    assert not {("inconsistent_categories", c) for c in ("income", "delta", "pack")} & set(found)
    assert ("inconsistent_categories", "city") in found


def test_imbalance_is_checked_on_the_declared_target_only():
    frame = pd.DataFrame({"workclass": rng.choice(["private", "federal-gov"], N, p=[0.97, 0.03]),
                          "purchase": rng.choice(["yes", "no"], N, p=[0.06, 0.94]),
                          "age": rng.integers(18, 90, N)})
    declared = Settings(targets=("t:purchase",))
    found = _findings(frame, declared)
    assert found[("class_imbalance", "purchase")].severity == "warning"
    assert "the target" in found[("class_imbalance", "purchase")].message
    assert ("class_imbalance", "workclass") not in found
    guessed = [f for (check, _), f in _findings(frame).items() if check == "class_imbalance"]
    assert len(guessed) <= 1 and all("a guess" in f.message for f in guessed)


def test_one_placeholder_in_many_columns_is_one_finding_for_the_table():
    """Census income writes ' ?' for unknown in workclass, occupation and native-country: one export habit."""
    frame = pd.DataFrame({name: np.where(rng.random(N) < 0.06, "?", rng.choice(["a", "b", "c"], N))
                          for name in ("workclass", "occupation", "native_country")})
    frame["age"] = rng.integers(18, 90, N)
    found = _findings(frame)
    grouped = found[("disguised_missing", None)]
    assert grouped.evidence["columns"] == ["workclass", "occupation", "native_country"]
    assert "in 3 columns" in grouped.message
    assert not [key for key in found if key[0] == "disguised_missing" and key[1] is not None]


def test_integer_codes_are_categories_but_counts_are_quantities():
    """Workers' compensation 'injtype' 1-8 and HMDA 'chist' 1-6 are codes; a count of calls 0-9 is a number."""
    frame = pd.DataFrame({"injtype": rng.integers(1, 9, N), "chist": rng.integers(1, 7, N),
                          "calls": rng.integers(0, 10, N), "children": rng.integers(0, 5, N),
                          "amount": rng.normal(100, 10, N)})
    found = _findings(frame)
    assert ("coded_category", "injtype") in found and ("coded_category", "chist") in found
    assert "codes 1 to 8" in found[("coded_category", "injtype")].message or "name" in found[("coded_category", "injtype")].message
    assert "codes 1 to 6" in found[("coded_category", "chist")].message  # "hist" alone is no code name
    assert ("coded_category", "calls") not in found and ("coded_category", "children") not in found


def test_a_mostly_empty_optional_category_is_told_both_ways_not_called_critical():
    """Seattle's 'secondary_breed' (56% empty: a pure-bred animal) and the strikes' 'effect' (90% empty)."""
    frame = pd.DataFrame({"secondary_breed": np.where(rng.random(N) < 0.56, None,
                                                      rng.choice(["Mix", "Poodle", "Terrier"], N)),
                          "weight": np.where(rng.random(N) < 0.56, np.nan, rng.normal(20, 5, N)),
                          "species": rng.choice(["Dog", "Cat"], N)})
    found = _findings(frame)
    optional = found[("missing_values", "secondary_breed")]
    assert optional.severity == "info" and "empty means 'none'" in optional.message
    assert found[("missing_values", "weight")].severity == "critical"


def test_not_known_abbreviations_and_bracketed_phrases_are_missing_but_a_letter_code_is_not():
    """WHO MONICA's 'nk' (not known) and Tate's '[title not known]'; its smoking status 'x' is ex-smoker."""
    frame = pd.DataFrame({"premi": rng.choice(["y", "n", "nk"], N, p=[0.25, 0.6, 0.15]),
                          "smstat": rng.choice(["c", "x", "n"], N),
                          "title": np.where(rng.random(N) < 0.02, "[title not known]",
                                            [f"Study {i}" for i in range(N)]),
                          "age": rng.integers(30, 80, N)})
    found = _findings(frame)
    assert "'nk'" in found[("disguised_missing", "premi")].message
    assert ("disguised_missing", "title") in found
    assert ("disguised_missing", "smstat") not in found


def test_a_mostly_empty_date_may_be_an_event_that_has_not_happened():
    """survival's udca: 'death.dt', 'tx.dt', 'worsen.dt' are empty for the patients to whom it did not happen;
    Ecdat's breaches: 'breach_end' is empty while the breach goes on. Critical 'missing' said the data were lost;
    a mostly empty date now says both readings. A mostly empty measurement stays critical."""
    entry = pd.Timestamp("1988-04-21") + pd.to_timedelta(rng.integers(0, 400, N), unit="D")
    died = rng.random(N) < 0.12
    frame = pd.DataFrame({"entry_dt": entry.strftime("%Y-%m-%d"),
                          "death_dt": np.where(died, (entry + pd.to_timedelta(rng.integers(30, 1800, N), unit="D"))
                                               .strftime("%Y-%m-%d"), None),
                          "bili": np.where(rng.random(N) < 0.3, rng.gamma(2, 0.8, N).round(1), np.nan)})
    found = _findings(frame)
    death = found[("missing_values", "death_dt")]
    assert death.severity == "info" and "has not happened" in death.message
    assert found[("missing_values", "bili")].severity == "critical"


def test_a_mostly_empty_note_is_nothing_written_not_lost_data():
    """palmerpenguins' raw 'Comments' (84% empty), Ecdat's breaches 'Summary' (87%), Blizzard's 'other_info'
    (64%): a note most rows do not need. Critical 'missing' told the user a remark field had lost its data. A
    measurement empty as often stays critical."""
    remarks = ["Nest never observed with full clutch.", "Adult not sampled.", "No blood sample obtained.",
               "Sexing primers did not amplify.", "Not enough blood for isotopes."]
    frame = pd.DataFrame({"Comments": np.where(rng.random(N) < 0.84, None,
                                               [f"{rng.choice(remarks)} Bird {i} checked again." for i in range(N)]),
                          "culmen_length": np.where(rng.random(N) < 0.84, np.nan, rng.normal(44, 5, N)),
                          "island": rng.choice(["Biscoe", "Dream", "Torgersen"], N)})
    found = _findings(frame)
    note = found[("missing_values", "Comments")]
    assert note.severity == "info" and "nothing was written" in note.message
    assert found[("missing_values", "culmen_length")].severity == "critical"


def test_a_rare_class_is_critical_only_when_too_few_rows_to_learn_it():
    """openintro's covid deaths: 734 of 268,166 cases (0.27%) were 'critical', as if no model could learn them;
    fraud tables are like it. Hundreds of cases are learnable (stratified folds, PR AUC): a warning. Forty are
    not."""
    rows = 60_000
    declared = Settings(targets=("t:outcome",))
    for positives, severity in ((300, "warning"), (40, "critical")):
        outcome = np.array(["death"] * positives + ["survived"] * (rows - positives))
        frame = pd.DataFrame({"outcome": outcome, "age_group": rng.choice(["<50", "50+"], rows)})
        found = _findings(frame, declared)
        assert found[("class_imbalance", "outcome")].severity == severity, positives
