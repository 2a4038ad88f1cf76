"""A seeded synthetic business table (22 mixed columns) carrying the defects the quality checks look for."""

from __future__ import annotations

import numpy as np
import pandas as pd


def business_table(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def with_share(values: np.ndarray, value, share: float) -> np.ndarray:
        values = values.astype(object)
        values[rng.random(len(values)) < share] = value
        return values

    regions = np.array(["north", "south", "east", "west", "North ", "SOUTH", "unknown"])
    frame = pd.DataFrame({
        "customer_id": np.arange(1, rows + 1),
        "order_id": [f"O{i:08d}" for i in rng.permutation(rows)],
        "order_date": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1400, rows), unit="D"),
        "signup": [f"{m:02d}/{d:02d}/20{y:02d}" for m, d, y in zip(rng.integers(1, 13, rows),
                                                                   rng.integers(1, 29, rows),
                                                                   rng.integers(10, 24, rows), strict=True)],
        "region": regions[rng.choice(len(regions), rows, p=[0.3, 0.25, 0.2, 0.15, 0.04, 0.03, 0.03])],
        "segment": rng.choice(["retail", "sme", "corporate"], rows),
        "channel": with_share(rng.choice(["web", "store", "phone"], rows), "N/A", 0.05),
        "age": with_share(rng.integers(18, 90, rows), 999, 0.01),
        "income": with_share(rng.lognormal(10.5, 0.6, rows).round(2), np.nan, 0.12),
        "revenue": [f"{x:,.2f}" for x in rng.lognormal(6, 1.2, rows)],
        "quantity": rng.poisson(3, rows),
        "discount": with_share(rng.uniform(0, 0.3, rows).round(3), 0.0, 0.6),
        "unit_price": rng.normal(50, 12, rows).round(2),
        "price_eur": None,
        "returned": rng.choice(["yes", "no", "Y", "N"], rows, p=[0.05, 0.85, 0.02, 0.08]),
        "satisfaction": with_share(rng.integers(1, 6, rows), np.nan, 0.3),
        "notes": with_share(rng.choice(["call back", "vip", "late delivery complaint"], rows), np.nan, 0.9),
        "country": "CH",
        "sensor_reading": with_share(rng.normal(20, 2, rows).round(3), "ERR", 0.2),
        "weight_kg": np.r_[rng.normal(12, 3, rows - rows // 100), rng.normal(900, 50, rows // 100)].round(2),
        "churn": rng.choice(["yes", "no"], rows, p=[0.07, 0.93]),
        "updated": "2021-06-30",
    })
    frame["price_eur"] = (frame["unit_price"] * 0.93).round(2)
    duplicates = frame.sample(frac=0.01, random_state=seed)
    return pd.concat([frame, duplicates], ignore_index=True)
