"""Personal data and protected attributes: measured precision and recall on a labelled Faker table in several
locales, masking everywhere, and no false alarm on the sample data."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from mlscout.io import load_table
from mlscout.pipeline import analyse_dataset
from mlscout.profiling.dataset import profile_dataset
from mlscout.profiling.privacy import PERSONAL_KINDS, protect_dataset
from mlscout.text import mask

NOW = datetime(2026, 11, 27, tzinfo=UTC)
LOCALES = ["en_US", "fr_FR", "de_DE", "en_GB", "it_IT", "es_ES", "ja_JP"]
ROWS = 300


def _name(fake: Faker, locale: str) -> tuple[str, str]:
    if locale == "ja_JP":
        return fake.first_romanized_name(), fake.last_romanized_name()
    return fake.first_name(), fake.last_name()


def labelled_table(locale: str, seed: int) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """A table of personal-data columns mixed among ordinary ones; the label of each column (None: not personal)."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    rng = np.random.default_rng(seed)
    columns: dict[str, tuple[list, str | None]] = {}
    names = [_name(fake, locale) for _ in range(ROWS)]
    columns["customer_name"] = ([f"{first} {last}" for first, last in names], "person_name")
    columns["party"] = ([f"{last.upper()}, {first}" for first, last in names], "person_name")  # LAST, First
    columns["addressee"] = ([f"{rng.choice(['Dr.', 'Mr.', 'Ms.', 'Prof.'])} {first} {last}"
                             for first, last in names], "person_name")
    columns["email"] = ([fake.email() for _ in range(ROWS)], "email")
    columns["phone"] = ([fake.phone_number() for _ in range(ROWS)], "phone")
    columns["card_number"] = ([fake.credit_card_number() for _ in range(ROWS)], "payment_card")
    columns["bank_account"] = ([fake.iban() for _ in range(ROWS)], "iban")
    columns["client_ip"] = ([fake.ipv4() if i % 2 else fake.ipv6() for i in range(ROWS)], "ip_address")
    columns["street"] = ([fake.street_address().replace("\n", ", ") for _ in range(ROWS)], "street_address")
    columns["zip_code"] = ([fake.postcode() for _ in range(ROWS)], "postal_code")
    columns["date_of_birth"] = ([fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat()
                                 for _ in range(ROWS)], "date_of_birth")
    if locale == "en_US":
        columns["ssn"] = ([fake.ssn() for _ in range(ROWS)], "us_ssn")
    if locale in ("en_GB", "it_IT"):
        columns["tax_id"] = ([fake.ssn() for _ in range(ROWS)], "national_id")
    columns["notes"] = ([f"{fake.sentence()} Contact {fake.email()}" if i % 3 == 0 else fake.sentence()
                         for i in range(ROWS)], "free_text_with_personal_data")
    # ordinary columns, some with telling but misleading names
    columns["product_code"] = ([f"PRD-{rng.integers(10000, 99999)}" for _ in range(ROWS)], None)
    columns["product_name"] = ([fake.catch_phrase() if locale == "en_US" else
                                f"{fake.word().capitalize()} {fake.word().capitalize()}" for _ in range(ROWS)], None)
    columns["company_name"] = ([fake.company() for _ in range(ROWS)], None)
    columns["file_name"] = ([fake.file_name() for _ in range(ROWS)], None)
    columns["amount"] = (list(rng.lognormal(4, 1, ROWS).round(2)), None)
    columns["order_id"] = (list(rng.permutation(10**6)[:ROWS]), None)
    # beside names, e-mails and card numbers, dates and cities single people out: quasi-identifiers
    columns["order_date"] = ([fake.date_between("-2y", "today").isoformat() for _ in range(ROWS)],
                             "quasi_identifier")
    columns["comment"] = ([fake.sentence(nb_words=8) for _ in range(ROWS)], None)
    columns["city"] = ([fake.city() for _ in range(ROWS)], "quasi_identifier")
    columns["quantity"] = (list(rng.integers(1, 20, ROWS)), None)
    frame = pd.DataFrame({name: values for name, (values, _) in columns.items()})
    return frame, {name: label for name, (_, label) in columns.items()}


def detections(frame: pd.DataFrame) -> dict[str, str | None]:
    profile = protect_dataset(frame, profile_dataset(frame, "t", now=NOW))
    return {c.name: c.personal_data.kind if c.personal_data else None for c in profile.columns}


@pytest.fixture(scope="module")
def scored():
    truth, found = [], []
    for i, locale in enumerate(LOCALES):
        frame, labels = labelled_table(locale, seed=i)
        detected = detections(frame)
        for column, label in labels.items():
            truth.append((locale, column, label))
            found.append((locale, column, detected[column]))
    return truth, found


def test_precision_and_recall_per_kind(scored):
    truth, found = scored
    true_positive, predicted, actual = defaultdict(int), defaultdict(int), defaultdict(int)
    mistakes = []
    for (locale, column, label), (_, _, kind) in zip(truth, found, strict=True):
        if label:
            actual[label] += 1
        if kind:
            predicted[kind] += 1
        if label and kind == label:
            true_positive[label] += 1
        elif label or kind:
            mistakes.append(f"{locale}.{column}: expected {label}, found {kind}")
    report = {}
    for kind in PERSONAL_KINDS:
        if not actual[kind] and not predicted[kind]:
            continue
        precision = true_positive[kind] / predicted[kind] if predicted[kind] else 0.0
        recall = true_positive[kind] / actual[kind] if actual[kind] else 0.0
        report[kind] = (round(precision, 3), round(recall, 3), actual[kind])
    print(report)
    failing = {k: v for k, v in report.items() if v[0] < 0.95 or v[1] < 0.95}
    assert not failing, (failing, "\n".join(mistakes))
    assert len(report) >= 11  # every kind the module claims is measured


def test_last_first_names_are_detected_without_a_telling_header():
    frame = pd.DataFrame({"party": ["DUPONT, Claire", "SATO, Kenji", "Dupont, Mme Claire", "MÜLLER, Jörg",
                                    "O'NEILL, Sean", "VAN DER BERG, Anna"] * 10,
                          "x": range(60)})
    assert detections(frame)["party"] == "person_name"


def test_a_name_header_alone_is_not_enough():
    frame = pd.DataFrame({
        "customer_name": [f"SKU-{i:05d}" for i in range(200)],
        "product_name": ["Ultra Widget", "Steel Chair", "Blue Lamp", "Oak Table"] * 50,
        "company_name": ["Acme Corporation", "Globex Inc", "Initech", "Umbrella Group"] * 50,
        "file_name": [f"report_{i}.pdf" for i in range(200)],
        "phone": [f"model {i}" for i in range(200)],
    })
    assert set(detections(frame).values()) == {None}


def test_protected_attributes_by_name_and_values():
    frame = pd.DataFrame({
        "gender": ["female", "male", "female", "non-binary"] * 50,
        "col_7": ["married", "single", "divorced", "widowed"] * 50,
        "age": list(range(20, 70)) * 4,
        "diagnosis": ["J45", "E11", "I10", "none"] * 50,
        "size": ["M", "L", "S", "XL"] * 50,
    })
    profile = protect_dataset(frame, profile_dataset(frame, "t", now=NOW))
    found = {c.name: c.sensitive_attribute for c in profile.columns}
    assert found == {"gender": "sex_gender", "col_7": "marital_status", "age": "age", "diagnosis": "health",
                     "size": None}
    assert all(c.personal_data is None for c in profile.columns)


@pytest.mark.parametrize("dataset", ["telecom_churn", "credit_applications", "bank_calls", "food_deliveries"])
def test_sample_data_has_no_personal_data(dataset, sample_dir):
    summary = analyse_dataset(load_table(sample_dir / f"{dataset}.csv")[0], now=NOW)
    assert [c.name for c in summary.columns if c.personal_data] == []


def test_profile_of_a_personal_column_holds_no_raw_value():
    emails = [f"claire.dupont{i}@example.org" for i in range(100)]
    frame = pd.DataFrame({"email": emails, "card": ["4111 1111 1111 1111"] * 100})
    summary = analyse_dataset(load_table(frame.to_csv(index=False).encode(), "people.csv")[0], now=NOW)
    text = summary.model_dump_json()
    assert "claire.dupont" not in text and "4111 1111" not in text
    assert mask("claire.dupont7@example.org") == "c***@e***.org"
    finding = next(f for f in summary.findings if f.check_id == "personal_data" and f.column == "card")
    assert finding.severity == "critical" and "drop" in finding.message
