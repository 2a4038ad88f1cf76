"""Pairwise associations on real-like shapes: house prices (area and price), census (relationship and sex, education
and income), a noise column that goes with nothing, and an e-mail column left out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mlscout.profiling.associations import associations, associations_frame
from mlscout.profiling.dataset import profile_dataset
from mlscout.profiling.privacy import protect_dataset

rng = np.random.default_rng(41)
N = 8000


def test_each_kind_of_pair_gets_its_measure_and_the_strong_pairs_come_first():
    area = rng.gamma(6, 250, N)
    sex = rng.choice(["Male", "Female"], N)
    relationship = np.where(sex == "Male", rng.choice(["Husband", "Own-child"], N, p=[0.8, 0.2]),
                            rng.choice(["Wife", "Own-child"], N, p=[0.8, 0.2]))
    education = rng.choice(["HS-grad", "Bachelors", "Masters"], N)
    income = rng.normal(30, 5, N) + np.select([education == "Bachelors", education == "Masters"], [10, 20], 0)
    frame = pd.DataFrame({"GrLivArea": area.round(0), "SalePrice": (area * 120 + rng.normal(0, 20000, N)).round(0),
                          "sex": sex, "relationship": relationship, "education": education,
                          "test_score": income.round(1), "noise": rng.normal(0, 1, N),
                          "email": [f"p{i}@example.org" for i in range(N)]})
    profile = protect_dataset(frame, profile_dataset(frame, "t"))
    found = associations(frame, profile.columns)
    pairs = {frozenset((s.a, s.b)): s for s in found}
    assert pairs[frozenset(("GrLivArea", "SalePrice"))].measure == "pearson"
    assert pairs[frozenset(("GrLivArea", "SalePrice"))].value > 0.8
    assert pairs[frozenset(("sex", "relationship"))].measure == "cramers_v"
    assert pairs[frozenset(("sex", "relationship"))].value > 0.7
    assert pairs[frozenset(("education", "test_score"))].measure == "correlation_ratio"
    assert pairs[frozenset(("education", "test_score"))].value > 0.8
    assert all(s.strength < 0.1 for s in found if "noise" in (s.a, s.b))
    assert not [s for s in found if "email" in (s.a, s.b)]
    assert found[0].strength >= found[-1].strength and max(s.rows for s in found) == 5000  # sampled
    table = associations_frame(found, limit=3)
    assert list(table.columns) == ["column", "with", "measure", "value", "rows"] and len(table) == 3


def test_a_table_with_one_usable_column_has_no_pairs():
    frame = pd.DataFrame({"id": np.arange(N), "amount": rng.normal(0, 1, N)})
    profile = protect_dataset(frame, profile_dataset(frame, "t"))
    assert associations(frame, profile.columns) == []
