"""Seeded raw personal values never reach an output: Assessment JSON (CLI), the pages' text and data, the deep
profile's HTML."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

from mlscout.cli import main
from mlscout.io import load_table
from mlscout.jobs import run_job
from mlscout.pipeline import analyse_dataset
from mlscout.profiling.deep import build_deep_profile

RAW = {
    "full_name": ["Claire Dupont", "Kenji Sato", "Jörg Müller", "Ana García"],
    "email": ["claire.dupont@example.org", "kenji.sato@example.jp", "joerg.mueller@example.de",
              "ana.garcia@example.es"],
    "phone": ["+41 44 668 18 00", "+81 3-1234-5678", "+49 30 901820", "+34 912 345 678"],
    "card": ["4111 1111 1111 1111", "5500 0000 0000 0004", "3400 0000 0000 009", "6011 0000 0000 0004"],
    "iban": ["CH9300762011623852957", "DE89370400440532013000", "FR1420041010050500013M02606",
             "ES9121000418450200051332"],
}


def seeded_csv(rows: int = 400) -> bytes:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({column: [values[i % 4] + ("" if column in ("card", "iban") else f" {i}"
                                                    if column == "full_name" else "")
                                   for i in range(rows)] for column, values in RAW.items()})
    frame["email"] = [f"{i}.{v}" for i, v in zip(range(rows), frame["email"], strict=True)]
    frame["full_name"] = [RAW["full_name"][i % 4] for i in range(rows)]
    frame["amount"] = rng.lognormal(3, 1, rows).round(2)
    frame["segment"] = rng.choice(["retail", "sme"], rows)
    frame["note"] = [f"call {RAW['full_name'][i % 4]} at {RAW['email'][i % 4]}" if i % 5 == 0 else "no answer"
                     for i in range(rows)]
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode()


def raw_tokens() -> list[str]:
    tokens = [v for values in RAW.values() for v in values]
    tokens += ["claire.dupont", "kenji.sato", "Dupont", "Müller", "4111 1111", "CH9300762011623852957"]
    return tokens


def leaks(text: str) -> list[str]:
    return [t for t in raw_tokens() if t in text]


def _walk(node):
    proto = getattr(node, "proto", None)
    if proto is not None:
        yield str(proto)
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def test_cli_json_holds_no_raw_personal_value(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_bytes(seeded_csv())
    out, err = io.StringIO(), io.StringIO()
    assert main(["assess", str(path), "--baselines", "0"], stdout=out, stderr=err) == 0
    document = out.getvalue()
    assert not leaks(document), leaks(document)
    detected = {c["name"]: (c["personal_data"] or {}).get("kind") for c in json.loads(document)["datasets"][0]["columns"]}
    assert detected["email"] == "email" and detected["card"] == "payment_card" and detected["iban"] == "iban"


def test_pages_show_no_raw_personal_value(app):
    app.file_uploader[0].set_value(("customers.csv", seeded_csv(), "text/csv")).run()
    assert not app.exception
    data_page = "\n".join(_walk(app._tree))
    assert "customers" in data_page and not leaks(data_page), leaks(data_page)
    app.switch_page("pages/2_Quality.py").run()
    assert not app.exception
    for column in ["full_name", "email", "card", "note"]:
        app.selectbox(key="q_column").set_value(column).run()
        quality_page = "\n".join(_walk(app._tree))
        assert "personal data" in quality_page and not leaks(quality_page), (column, leaks(quality_page))


def test_deep_profile_holds_no_raw_personal_value():
    dataset = load_table(seeded_csv(), "customers.csv")[0]
    summary = analyse_dataset(dataset)
    sensitive = [c.name for c in summary.columns if c.sensitive]
    assert {"full_name", "email", "phone", "card", "iban", "note"} <= set(sensitive)
    outcome = run_job(build_deep_profile, dataset.frame, "customers", sensitive_columns=sensitive, time_limit_s=240)
    assert outcome.ok, outcome.message
    assert not leaks(outcome.value.html), leaks(outcome.value.html)


def test_pages_show_no_raw_value_of_personal_data_under_innocent_names(app):
    """Social security numbers in `ref`, names in `assigned` and `team`, card numbers in `pmt`, e-mail addresses as
    column names: the Data page's preview, the Quality page's overview, column details and charts show none."""
    from tests.unit.test_masked_by_default import innocent_table

    data, raw = innocent_table()
    app.file_uploader[0].set_value(("accounts.csv", data, "text/csv")).run()
    assert not app.exception
    data_page = "\n".join(_walk(app._tree))
    found = [value for value in raw if value in data_page]
    assert "accounts" in data_page and not found, found[:5]
    app.switch_page("pages/2_Quality.py").run()
    assert not app.exception
    for column in ["ref", "assigned", "pmt", "team", "segment"]:
        app.selectbox(key="q_column").set_value(column).run()
        quality_page = "\n".join(_walk(app._tree))
        found = [value for value in raw if value in quality_page]
        assert not found, (column, found[:5])
    assert "retail" in quality_page  # a safe category's values are still shown
