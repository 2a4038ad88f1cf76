"""Join discovery among related generated tables, none between unrelated ones, and the isolated-silo finding."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd

from mlscout.io import Dataset, DatasetInfo
from mlscout.pipeline import analyse_dataset, link_datasets
from mlscout.profiling.dataset import profile_dataset
from mlscout.profiling.joins import discover_relationships
from mlscout.settings import Settings

NOW = datetime(2026, 11, 27, tzinfo=UTC)


def dataset(name: str, frame: pd.DataFrame) -> Dataset:
    info = DatasetInfo(name=name, file_name=f"{name}.csv", format="csv", bytes=0, rows=len(frame),
                       columns=frame.shape[1], content_hash=name)
    return Dataset(info, frame)


def related_tables(seed: int = 0) -> list[Dataset]:
    rng = np.random.default_rng(seed)
    customers = pd.DataFrame({"id": np.arange(1, 501), "segment": rng.choice(["retail", "sme"], 500),
                              "signup_year": rng.integers(2015, 2025, 500)})
    products = pd.DataFrame({"sku": [f"SKU-{i:04d}" for i in range(200)], "price": rng.uniform(5, 500, 200).round(2),
                             "category": rng.choice(["a", "b", "c"], 200)})
    orders = pd.DataFrame({"order_id": np.arange(10_001, 13_001), "customer_id": rng.integers(1, 501, 3000),
                           "product_sku": rng.choice(products["sku"], 3000), "quantity": rng.integers(1, 5, 3000)})
    return [dataset("customers", customers), dataset("products", products), dataset("orders", orders)]


def unrelated_table(seed: int = 1) -> Dataset:
    rng = np.random.default_rng(seed)
    return dataset("sensors", pd.DataFrame({"id": np.arange(1, 801), "machine": rng.choice(["m1", "m2"], 800),
                                            "temperature": rng.normal(60, 5, 800)}))


def link(datasets: list[Dataset]):
    summaries = [analyse_dataset(d, now=NOW) for d in datasets]
    return link_datasets(datasets, summaries, Settings())


def test_keys_among_customers_orders_products_are_found():
    relationships, _ = link(related_tables())
    found = {(r.left_dataset, r.left_column, r.right_dataset, r.right_column): r for r in relationships}
    assert ("orders", "customer_id", "customers", "id") in found
    assert ("orders", "product_sku", "products", "sku") in found
    to_customers = found[("orders", "customer_id", "customers", "id")]
    assert to_customers.cardinality == "n-1" and to_customers.match_share == 1.0
    assert len(relationships) == 2


def test_no_key_between_unrelated_tables():
    tables = related_tables() + [unrelated_table()]
    relationships, summaries = link(tables)
    assert not [r for r in relationships if "sensors" in (r.left_dataset, r.right_dataset)]
    isolated = {s.name for s in summaries for f in s.findings if f.check_id == "isolated_dataset"}
    assert isolated == {"sensors"}
    sensors = next(s for s in summaries if s.name == "sensors")
    assert sensors.readiness.dimensions["access"] < 100


def test_a_single_dataset_is_never_isolated():
    _, summaries = link([unrelated_table()])
    assert not [f for s in summaries for f in s.findings if f.check_id == "isolated_dataset"]


def test_partial_matches_report_the_share_of_rows():
    customers, products, orders = related_tables()
    frame = orders.frame.copy()
    frame.loc[:599, "customer_id"] = frame.loc[:599, "customer_id"] + 10_000  # 20% orphan orders
    relationships, _ = link([customers, dataset("orders", frame)])
    [rel] = relationships
    assert rel.match_share == 0.8


def test_two_measures_with_the_same_name_are_no_key():
    """credit_applications.Age -> adult.age was proposed ('100% rows matched, names agree'): ages are measures."""
    rng = np.random.default_rng(3)
    credit = pd.DataFrame({"Age": rng.integers(18, 80, 600), "Amount": rng.integers(100, 5000, 600),
                           "Status": rng.choice(["good", "bad"], 600)})
    adult = pd.DataFrame({"age": rng.integers(17, 90, 900), "hours": rng.integers(10, 60, 900),
                          "income": rng.choice(["<=50K", ">50K"], 900)})
    frames = {"credit_applications": credit, "adult": adult}
    profiles = {name: profile_dataset(frame, name) for name, frame in frames.items()}
    assert discover_relationships(frames, profiles) == []
