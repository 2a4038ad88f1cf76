"""Masked unless known safe: personal data under innocent column names reaches no output, even where detection
misses it.

The seeded table is the one a security review used: `ref` holds US social security numbers in 70% of its rows,
`assigned` full names, `pmt` card numbers in 60% of its rows (read as numbers, since the other rows are empty),
`team` six account managers' names, and two columns are *named* with customers' e-mail addresses.
"""

from __future__ import annotations

import io
import json
import sqlite3

import numpy as np
import pandas as pd
import pytest

from mlscout.cli import main
from mlscout.io import load_table
from mlscout.pipeline import analyse_dataset
from mlscout.profiling import privacy
from mlscout.profiling.columns import ColumnProfile
from mlscout.store import database_path


def innocent_table(rows: int = 600) -> tuple[bytes, list[str]]:
    """The CSV bytes and every raw personal value in them."""
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(7)
    rng = np.random.default_rng(7)
    ssn = [fake.ssn() for _ in range(rows)]
    names = [fake.name() for _ in range(rows)]
    cards = [fake.credit_card_number(card_type="visa16") for _ in range(rows)]
    managers = [fake.name() for _ in range(6)]
    header_emails = [fake.email() for _ in range(2)]
    frame = pd.DataFrame({
        "ref": [s if rng.random() < 0.7 else f"R{rng.integers(1000, 9999)}" for s in ssn],
        "assigned": names,
        "pmt": [c if rng.random() < 0.6 else "" for c in cards],
        "team": [managers[i % 6] for i in range(rows)],
        "amount": rng.lognormal(3, 1, rows).round(2),
        "segment": rng.choice(["retail", "sme", "corporate"], rows),
        header_emails[0]: rng.integers(0, 5, rows),
        header_emails[1]: rng.choice(["yes", "no"], rows),
    })
    return frame.to_csv(index=False).encode(), ssn + names + cards + managers + header_emails


def leaks(text: str, raw: list[str]) -> list[str]:
    return [value for value in raw if value in text]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[str, list[str]]:
    data, raw = innocent_table()
    path = tmp_path_factory.mktemp("innocent") / "accounts.csv"
    path.write_bytes(data)
    return str(path), raw


def assess_text(path: str, fmt: str, *extra: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["assess", path, "--baselines", "0", "--format", fmt, *extra], stdout=out, stderr=err) == 0, \
        err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_no_output_holds_a_raw_value(seeded, fmt):
    path, raw = seeded
    text = assess_text(path, fmt)
    assert "accounts" in text and not leaks(text, raw), leaks(text, raw)[:5]


def test_the_store_holds_no_raw_value(seeded):
    path, raw = seeded
    out, err = io.StringIO(), io.StringIO()
    assert main(["assess", path, "--baselines", "0", "--save", "--project", "audit"], stdout=out, stderr=err) == 0
    with sqlite3.connect(database_path()) as connection:
        documents = "\n".join(row[0] for row in connection.execute("SELECT document FROM assessments"))
    assert "accounts" in documents and not leaks(documents, raw), leaks(documents, raw)[:5]


def test_detection_finds_them_by_their_values(seeded):
    path, _ = seeded
    document = json.loads(assess_text(path, "json"))
    columns = {c["name"]: c for c in document["datasets"][0]["columns"]}
    kinds = {name: (c["personal_data"] or {}).get("kind") for name, c in columns.items()}
    assert kinds["ref"] == "us_ssn"  # in 70% of the rows, under a name that says nothing
    assert kinds["pmt"] == "payment_card"  # 16-digit numbers read as floats, every one passing the checksum
    assert kinds["assigned"] == kinds["team"] == "person_name"
    assert kinds["amount"] is None and kinds["segment"] is None
    assert {"column_7_email", "column_8_email"} <= set(columns)  # the e-mail headers are replaced at load
    notes = document["datasets"][0]["load_notes"]
    assert any("2 column name(s) were personal data themselves (email)" in note for note in notes)


def test_with_detection_switched_off_nothing_leaks_either(seeded, monkeypatch):
    """What decides masking is whether a column is known safe, not whether detection named personal data."""
    path, raw = seeded
    monkeypatch.setattr(privacy, "detect_personal_data", lambda series, profile: None)
    for fmt in ("json", "html"):
        text = assess_text(path, fmt)
        assert not leaks(text, raw), (fmt, leaks(text, raw)[:5])
    document = json.loads(assess_text(path, "json"))
    shown = {c["name"]: c["values_shown"] for c in document["datasets"][0]["columns"]}
    assert shown == {"ref": False, "assigned": False, "pmt": False, "team": False, "amount": True,
                     "segment": True, "column_7_email": True, "column_8_email": True}


def _profile(values: list, name: str = "x") -> ColumnProfile:
    dataset = load_table(pd.DataFrame({name: values}).to_csv(index=False).encode(), "t.csv")[0]
    return analyse_dataset(dataset).columns[0]


@pytest.mark.parametrize(("values", "shown"), [
    ([1.5, 2.25, 3.0, 4.5] * 50, True),                                     # a measure
    ([f"2024-01-0{i % 9 + 1}" for i in range(200)], True),                # dates
    (["yes", "no"] * 100, True),                                            # a flag
    (["retail", "sme", "corporate", "public"] * 50, True),                  # a small category whose levels repeat
    ([f"CUST-{i:05d}" for i in range(200)], False),                         # an identifier
    ([f"the parcel {i} arrived late and was damaged" for i in range(200)], False),  # free text
    ([f"level {i}" for i in range(100)] * 2, False),                        # a category of 100 levels
])
def test_values_are_shown_only_for_columns_known_safe(values, shown):
    column = _profile(values)
    assert column.values_shown is shown, (column.semantic_type, column.distinct)
    if not shown:
        assert all(v.value not in map(str, values) for v in column.top_values)


def test_a_small_category_of_peoples_names_is_not_safe():
    column = _profile(["Carmen Cummings", "Leah Morton", "Jason Graham"] * 60, name="team")
    assert not column.values_shown


def test_headers_that_are_personal_data_are_recognised_and_ordinary_ones_are_not():
    assert privacy.header_kind("jane.doe@example.com") == "email"
    assert privacy.header_kind("078-05-1120") == "identifier number"
    assert privacy.header_kind("+44 20 7946 0958") == "phone"
    assert privacy.header_kind("Mia Smith") == "person_name"
    for ordinary in ("customer_name", "Grace Period", "Max Speed", "email", "phone_number", "2024-01-31",
                     "Total Charges", "Victoria", "Jordan Brown sales"):
        assert privacy.header_kind(ordinary) is None, ordinary


def test_the_pdf_and_the_deep_profile_hold_no_raw_value(seeded, tmp_path):
    """The two outputs written by other libraries: the PDF (fpdf2) and the deep profile (ydata-profiling), given
    the columns the profile masks."""
    from pypdf import PdfReader

    from mlscout.jobs import run_job
    from mlscout.profiling.deep import build_deep_profile
    from mlscout.profiling.privacy import masked_columns

    path, raw = seeded
    out, err = io.StringIO(), io.StringIO()
    assert main(["assess", path, "--baselines", "0", "--format", "pdf", "--out", str(tmp_path)], stdout=out,
                stderr=err) == 0, err.getvalue()
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "assessment.pdf").pages)
    assert "accounts" in pdf_text and not leaks(pdf_text, raw), leaks(pdf_text, raw)[:5]

    dataset = load_table(path)[0]
    masked = masked_columns(analyse_dataset(dataset).columns)
    assert {"ref", "assigned", "pmt", "team"} <= set(masked) and "amount" not in masked
    outcome = run_job(build_deep_profile, dataset.frame, "accounts", sensitive_columns=masked, time_limit_s=240)
    assert outcome.ok, outcome.message
    assert not leaks(outcome.value.html, raw), leaks(outcome.value.html, raw)[:5]
