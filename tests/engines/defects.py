"""A table with every kind of defect the checks look for, that every engine can store (no mixed types in one
column: a database column has one type)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def defect_table(rows: int = 3000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = rows
    regions = rng.choice(["North", "South", "East", "West"], n)
    regions[rng.random(n) < 0.03] = "north "  # a spelling variant with a trailing space
    regions[rng.random(n) < 0.02] = "NORTH"
    income = np.round(rng.lognormal(10, 0.6, n), 2)
    income[rng.random(n) < 0.005] = income.max() * 40  # outliers
    income[rng.random(n) < 0.04] = np.nan  # missing
    age = rng.integers(18, 90, n).astype(float)
    age[rng.random(n) < 0.01] = -999  # a sentinel for 'unknown'
    age[rng.random(n) < 0.003] = -3  # impossible
    visits = np.where(rng.random(n) < 0.6, 0, rng.poisson(3, n))  # excess zeros
    signed_up = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1200, n), unit="D")
    signed_up = signed_up.where(rng.random(n) > 0.002, pd.Timestamp("2031-06-01"))  # future dates
    comment = np.array(["N/A"] * n, dtype=object)
    comment[rng.random(n) < 0.4] = "called back"
    comment[rng.random(n) < 0.2] = "no answer"
    frame = pd.DataFrame({
        "customer_id": [f"C{i:06d}" for i in range(n)],
        "email": [f"person{i}@example.org" for i in rng.integers(0, 10**6, n)],
        "gender": rng.choice(["female", "male"], n),
        "region": regions,
        "income": income,
        "age": age,
        "visits": visits,
        "amount_text": [f"{v:,.2f}" for v in rng.gamma(2, 600, n)],  # numbers stored as text, with separators
        "signed_up": signed_up,
        "signup_day": signed_up.strftime("%d/%m/%Y"),  # a date stored as text
        "active": rng.choice(["yes", "no", "Y", "N"], n),  # yes/no spelled several ways
        "comment": comment,  # a placeholder that means 'missing'
        "country": "FR",  # constant
        "channel": np.where(rng.random(n) < 0.995, "web", "phone"),  # near-constant
        "notes": None,  # empty
        "sku": [f"SKU-{v}" for v in rng.integers(0, n // 2, n)],  # high cardinality
        "churned": (rng.random(n) < 0.06).astype(int),  # an imbalanced target
    })
    frame["notes"] = frame["notes"].astype(object)
    frame["income_copy"] = frame["income"]  # a duplicate column
    frame["total"] = frame["visits"] * 10 + frame["churned"]  # a derived column
    duplicates = frame.sample(n=max(1, n // 50), random_state=seed)  # 2% exact duplicate rows
    return pd.concat([frame, duplicates], ignore_index=True)
