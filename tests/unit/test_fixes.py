"""Fixes chosen from the findings: applied to a copy of the table, and written as code that does the same.

The table copies real shapes: census income's ' ?' placeholders and ', '-padded text, house prices' PoolQC 'NA'
where there is no pool, numbers and dates exported as text, and an e-mail column.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from mlscout.fixes import NOT_APPLICABLE_LEVEL, apply_fixes, available_fixes, fixes_code
from mlscout.io import Dataset, DatasetInfo
from mlscout.pipeline import analyse_dataset

NOW = datetime(2026, 12, 1, tzinfo=UTC)
N = 600


def table() -> pd.DataFrame:
    rng = np.random.default_rng(31)
    pool_area = np.where(rng.random(N) < 0.1, rng.integers(300, 700, N), 0)
    return pd.DataFrame({
        "workclass": np.where(rng.random(N) < 0.06, " ?", rng.choice(["Private", "Self-emp", "State-gov"], N)),
        "occupation": np.where(rng.random(N) < 0.06, " ?", rng.choice(["Sales", "Tech-support", "Craft"], N)),
        "native-country": np.where(rng.random(N) < 0.06, " ?", rng.choice(["United-States", "Mexico"], N)),
        "city": [f"  {c}" for c in rng.choice(["Zurich", "Bern", "Basel"], N)],
        "PoolArea": pool_area,
        "PoolQC": np.where(pool_area > 0, rng.choice(["Ex", "Gd", "Fa"], N), "NA"),
        "amount": [f"{x:.2f}" for x in rng.uniform(10, 900, N)],
        "signup": [f"{d:%d/%m/%Y}" for d in pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 600, N), "D")],
        "email": [f"user{i}@example.org" for i in range(N)],
        "income": rng.choice(["<=50K", ">50K"], N, p=[0.76, 0.24]),
    })


def summary_of(frame: pd.DataFrame):
    info = DatasetInfo(name="census", file_name="census.csv", format="csv", bytes=0, rows=len(frame),
                       columns=frame.shape[1], content_hash="census")
    return analyse_dataset(Dataset(info, frame), now=NOW)


def test_each_fix_answers_a_finding_and_the_cleaned_table_has_none_of_them():
    frame = table()
    fixes = available_fixes(summary_of(frame))
    kinds = {(f.kind, f.column) for f in fixes}
    assert {("to_missing", "workclass"), ("to_missing", "occupation"), ("to_missing", "native-country"),
            ("not_applicable_level", "PoolQC"), ("trim", "city"), ("parse_numbers", "amount"),
            ("parse_dates", "signup"), ("drop", "email"), ("pseudonymise", "email")} <= kinds, kinds
    # 'signup' dates beside an e-mail are personal too (quasi-identifiers): they are parsed here, not dropped
    chosen = [f for f in fixes if f.kind != "pseudonymise" and (f.kind != "drop" or f.column == "email")]
    cleaned = apply_fixes(frame, chosen)
    assert cleaned["workclass"].isna().sum() == (frame["workclass"] == " ?").sum() > 0
    assert (cleaned["PoolQC"] == NOT_APPLICABLE_LEVEL).sum() == (frame["PoolArea"] == 0).sum()
    assert cleaned["amount"].dtype.kind == "f" and cleaned["signup"].dtype.kind == "M"
    assert cleaned["signup"].min() >= pd.Timestamp("2024-01-01") and "email" not in cleaned
    assert not cleaned["city"].str.startswith(" ").any()
    assert frame["workclass"].eq(" ?").any(), "the original frame is left as it was"
    after = {f.check_id for f in summary_of(cleaned).findings if f.status == "open"}
    assert not after & {"disguised_missing", "whitespace", "numbers_as_text", "personal_data"}, after


def test_the_code_does_what_the_app_did():
    frame = table()
    fixes = available_fixes(summary_of(frame))
    code = fixes_code(fixes, "census")
    namespace: dict = {}
    exec(compile(code, "clean_census.py", "exec"), namespace)  # noqa: S102 - the module under test
    pd.testing.assert_frame_equal(namespace["clean"](frame, salt="s3cret"), apply_fixes(frame, fixes, salt="s3cret"))
    hashed = [f for f in fixes if f.kind != "drop"]
    with pytest.raises(ValueError, match="salt"):
        apply_fixes(frame, hashed)
    emails = apply_fixes(frame, hashed, salt="s3cret")["email"]
    assert emails.str.fullmatch(r"[0-9a-f]{16}").all() and emails.nunique() == N
    assert not emails.equals(apply_fixes(frame, hashed, salt="other")["email"])


def test_names_and_values_from_the_data_never_become_code(tmp_path):
    marker = tmp_path / "ran"
    hostile = f"x'); open({str(marker)!r}, 'w'); ('"
    frame = pd.DataFrame({hostile: np.where(np.arange(N) % 10 == 0, f"?'); open({str(marker)!r}, 'w'); ('",
                                            "value")})
    frame[hostile] = frame[hostile].where(np.arange(N) % 10 != 0, "?")
    frame["line\nbreak"] = [" a", "b "] * (N // 2)
    fixes = available_fixes(summary_of(frame))
    assert fixes, "the case needs fixes on the hostile columns"
    namespace: dict = {}
    exec(compile(fixes_code(fixes, "t"), "clean.py", "exec"), namespace)  # noqa: S102
    pd.testing.assert_frame_equal(namespace["clean"](frame), apply_fixes(frame, fixes))
    assert not marker.exists()


def test_fixes_for_another_version_of_the_table_say_so():
    frame = table()
    fixes = available_fixes(summary_of(frame))
    with pytest.raises(ValueError, match="no column 'workclass'"):
        apply_fixes(frame.drop(columns="workclass"), fixes, salt="x")


def test_a_fixed_dataset_says_which_fixes_and_is_a_new_content():
    from mlscout.fixes import fixed_dataset

    frame = table()
    info = DatasetInfo(name="census", file_name="census.csv", format="csv", bytes=0, rows=len(frame),
                       columns=frame.shape[1], content_hash="census")
    dataset = Dataset(info, frame)
    fixes = [f for f in available_fixes(summary_of(frame)) if f.kind == "drop" and f.column == "email"]
    fixed = fixed_dataset(dataset, fixes)
    assert fixed.info.applied_fixes == ("'email': drop the column (personal data)",)
    assert fixed.info.columns == frame.shape[1] - 1 and fixed.info.content_hash != info.content_hash
    assert "email" in dataset.frame  # the loaded table is left as it was


def test_the_cleaned_csv_cannot_run_formulas_in_a_spreadsheet():
    """Cells and names that start like a formula are written with an apostrophe; numbers stay numbers."""
    import io

    from mlscout.fixes import frame_to_csv

    frame = pd.DataFrame({"=HYPERLINK(\"http://evil.example\",\"x\")": ["=1+2", "+cmd|' /C calc'!A0", "@SUM(A1)",
                                                                        "-2+3", "plain"],
                          "amount": [-12.5, 3.0, 4.0, 5.0, 6.0],
                          "code": pd.Categorical(["=A1", "b", "b", "c", "c"]),
                          "as_text": ["-12.5", "+3", "1e5", "7%", "x"]})
    back = pd.read_csv(io.BytesIO(frame_to_csv(frame)), dtype=str, keep_default_na=False)
    assert list(back.columns)[0] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert list(back.iloc[:, 0]) == ["'=1+2", "'+cmd|' /C calc'!A0", "'@SUM(A1)", "'-2+3", "plain"]
    assert list(back["amount"]) == ["-12.5", "3.0", "4.0", "5.0", "6.0"]
    assert list(back["code"]) == ["'=A1", "b", "b", "c", "c"]
    assert list(back["as_text"]) == ["-12.5", "+3", "1e5", "7%", "x"]  # numbers written as text are not formulas


def test_small_tables_are_exported_at_once_and_large_ones_on_click(monkeypatch):
    from mlscout import fixes

    small = pd.DataFrame({"a": range(100)})
    assert fixes.export_data(small, fixes.frame_to_csv) == fixes.frame_to_csv(small)
    monkeypatch.setattr(fixes, "EAGER_EXPORT_BYTES", 100)
    deferred = fixes.export_data(small, fixes.frame_to_csv)
    assert callable(deferred) and deferred() == fixes.frame_to_csv(small)


def test_a_fix_on_a_table_read_where_it_lives_says_only_its_sample_remains(tmp_path):
    from mlscout.engines import DuckDBSource, load_source
    from mlscout.fixes import fixed_dataset
    from tests.engines.defects import defect_table
    from tests.unit.file_builders import parquet_parts

    frame = defect_table()
    with DuckDBSource(parquet_parts(frame, tmp_path / "lake", 2)) as source:
        dataset = load_source(source, sample_rows=1_000)
    fixes = available_fixes(analyse_dataset(dataset))
    assert fixes, "the defect table has fixable findings"
    fixed = fixed_dataset(dataset, fixes[:1], salt="a secret")
    assert (fixed.info.rows, fixed.info.sample_rows, fixed.statistics) == (1_000, None, None)
    assert fixed.info.load_notes[-1].startswith("Fixed in ML Scout: what remains is the engine's sample of 1,000 "
                                                f"rows, not the table of {len(frame):,}")
    assert analyse_dataset(fixed).rows == 1_000  # no whole-table counts laid over the fixed sample
