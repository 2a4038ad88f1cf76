"""The fast paths of the profile give the same answers as the plain pandas / numpy computation they replace.

Statistics are computed on distinct values weighted by their counts, duplicate rows on packed codes, duplicate
columns on signatures, numbers in pyarrow kernels: each is compared here with the straightforward reference on
random and adversarial inputs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlscout.io import load_table
from mlscout.profiling import columns as C
from mlscout.profiling import dataset as D

# ----------------------------------------------------------------------------------------------------------------
# weighted statistics == numpy on the repeated values
# ----------------------------------------------------------------------------------------------------------------
finite_floats = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.one_of(finite_floats, st.sampled_from([0.0, -0.0, 1.0, 999.0, np.inf, -np.inf])),
                          st.integers(0, 50)), min_size=1, max_size=40))
def test_weighted_statistics_equal_numpy_on_the_repeated_values(pairs):
    values = np.array([v for v, _ in pairs], dtype="float64")
    weights = np.array([w for _, w in pairs], dtype="int64")
    stats = C._numeric_stats(values, weights)
    expanded = np.repeat(values, weights)
    finite = expanded[np.isfinite(expanded)]
    assert stats.infinite == int(np.isinf(expanded).sum())
    if finite.size == 0:
        assert stats.mean is None
        return
    p01, q1, median, q3, p99 = np.quantile(finite, [0.01, 0.25, 0.5, 0.75, 0.99])
    scale = max(1.0, float(np.abs(finite).max()))
    for got, want in ((stats.min, finite.min()), (stats.max, finite.max()), (stats.p01, p01), (stats.q1, q1),
                      (stats.median, median), (stats.q3, q3), (stats.p99, p99), (stats.mean, finite.mean())):
        assert got == pytest.approx(want, abs=1e-9 * scale)
    if finite.size > 1:
        assert stats.std == pytest.approx(finite.std(ddof=1), rel=1e-6, abs=1e-9 * scale)
    assert stats.zeros == int((finite == 0).sum())
    assert stats.negatives == int((finite < 0).sum())
    assert stats.integer_valued == bool(np.all(np.mod(finite, 1) == 0))
    iqr = q3 - q1
    if iqr > 0:
        # Tukey's fences, or the adjusted boxplot's for the medcouple the profile measured on a skewed column
        low, high = (q1 - 3 * iqr, q3 + 3 * iqr) if stats.medcouple is None else \
            C._adjusted_fences(q1, q3, stats.medcouple)
        # a value shared by 1% of the rows (3 at least) is a level, not an outlier
        shared = pd.Series(finite).map(pd.Series(finite).value_counts()).to_numpy()
        level = shared >= max(C.OUTLIER_LEVEL_MIN_ROWS, C.OUTLIER_LEVEL_SHARE * finite.size)
        assert stats.outliers == int((((finite < low) | (finite > high)) & ~level).sum())
    if stats.histogram:
        lo, hi = stats.histogram[0][0], stats.histogram[-1][1]
        assert sum(c for _, _, c in stats.histogram) == int(((finite >= lo) & (finite <= hi)).sum())


def test_most_frequent_first_is_a_stable_sort_by_count():
    rng = np.random.default_rng(1)
    for size, k in ((50, 10), (5000, 10), (5000, 2000), (100_000, 20_000)):
        weights = rng.integers(1, 4, size)
        assert np.array_equal(C._most_frequent_first(weights, k), np.argsort(-weights, kind="stable")[:k])


# ----------------------------------------------------------------------------------------------------------------
# duplicate rows and columns == pandas
# ----------------------------------------------------------------------------------------------------------------
def _reference_counts(frame: pd.DataFrame) -> tuple[int, int]:
    exact = int(frame.duplicated().sum())
    folded = frame.copy()
    for name in frame.columns:
        column = frame[name].astype(object)
        is_text = column.map(lambda v: isinstance(v, str))
        folded[name] = column.where(~is_text, column[is_text].str.strip().str.replace(r"\s+", " ", regex=True)
                                    .str.lower())
    return exact, int(folded.astype(object).map(repr).duplicated().sum()) - exact


def _counts(frame: pd.DataFrame) -> tuple[int, int]:
    return D.duplicate_row_counts([C.factorize(frame.iloc[:, i]) for i in range(frame.shape[1])], len(frame))


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.integers(1, 4), st.integers(0, 60), st.randoms(use_true_random=False))
def test_duplicate_rows_equal_pandas(n_cols, n_rows, rnd):
    labels = ["a", "A", " a", "a  b", "A B", "b", None, "", "x"]
    data = {}
    for i in range(n_cols):
        kind = rnd.choice(["text", "arrow", "int", "float", "mixed"])
        if kind in ("text", "arrow"):
            column = pd.Series([rnd.choice(labels) for _ in range(n_rows)], dtype=object)
            data[f"c{i}"] = column.astype("string[pyarrow]") if kind == "arrow" else column
        elif kind == "int":
            data[f"c{i}"] = pd.Series([rnd.randint(0, 2) for _ in range(n_rows)], dtype="int64")
        elif kind == "float":
            data[f"c{i}"] = pd.Series([rnd.choice([0.5, 1.0, np.nan]) for _ in range(n_rows)], dtype="float64")
        else:
            data[f"c{i}"] = pd.Series([rnd.choice([1, "1", "a", "A", None]) for _ in range(n_rows)], dtype=object)
    frame = pd.DataFrame(data)
    assert _counts(frame) == _reference_counts(frame)


def test_duplicate_rows_of_a_wide_high_cardinality_table_equal_pandas():
    # many columns of many values: the codes need several 63-bit packs, mixed by hashing
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({f"c{i}": rng.integers(0, 50_000, 20_000) for i in range(12)})
    frame = pd.concat([frame, frame.sample(300, random_state=0)], ignore_index=True)
    frame["label"] = pd.Series(rng.choice(["North", "north ", "south"], len(frame))).astype("string[pyarrow]")
    assert _counts(frame) == _reference_counts(frame)


def test_duplicate_columns_equal_a_pairwise_comparison():
    rng = np.random.default_rng(3)
    base = rng.integers(0, 3, 400)
    frame = pd.DataFrame({
        "a": base, "a_float": base.astype(float), "a_text": base.astype(str), "b": rng.integers(0, 3, 400),
        "a_again": base, "text": pd.Series(np.where(base == 0, "x", "y")).astype("string[pyarrow]"),
        "text_copy": pd.Series(np.where(base == 0, "x", "y")).astype("string[pyarrow]"),
        "same_start": np.r_[base[:300], (base[300:] + 1) % 3],
    })
    # 5 rows and 2,000 columns of a few values: most columns share their first codes without being equal
    wide = pd.DataFrame(rng.integers(0, 9, (5, 2000)), columns=[f"w{i}" for i in range(2000)])
    for table in (frame, wide):
        factorized = [C.factorize(table.iloc[:, i]) for i in range(table.shape[1])]
        found = set(D._duplicate_columns(table, factorized))
        # reference: a column's content as text, numbers compared as floats (1 and 1.0 are the same value)
        def content(column: pd.Series) -> tuple:
            return tuple(float(v) if isinstance(v, (int, float, np.number)) else repr(v)
                         for v in column.astype(object).tolist())

        first_with: dict[tuple, str] = {}
        expected = set()
        for name in table.columns:
            key = content(table[name])
            if key in first_with:
                expected.add((first_with[key], name))
            else:
                first_with[key] = name
        assert found == expected


# ----------------------------------------------------------------------------------------------------------------
# numbers parsed in pyarrow == pandas' parser on the patterns the profile accepts
# ----------------------------------------------------------------------------------------------------------------
def test_numbers_parsed_in_arrow():
    values = ["12", "-3.5", "+4", ".5", "5.", "1e3", "1,234.50", "12,345", "1.234,5", "3,5", "1,23", "abc", "",
              "1 234", "12-3", "0012", "-0.0", "1,2,3"]
    parsed = C._parse_numbers_arrow(pa.array(values))
    expected = [12, -3.5, 4, 0.5, 5, 1000, 1234.5, 12345, 1234.5, 3.5, 1.23, np.nan, np.nan, np.nan, np.nan, 12,
                -0.0, np.nan]
    np.testing.assert_array_equal(parsed, np.array(expected, dtype=float))


# ----------------------------------------------------------------------------------------------------------------
# reading a large CSV straight from disk == reading its bytes
# ----------------------------------------------------------------------------------------------------------------
@pytest.fixture
def direct_read_always(monkeypatch):
    import mlscout.io as io_module

    monkeypatch.setattr(io_module, "_DIRECT_READ_MIN_BYTES", 0)
    return io_module


def test_reading_from_disk_equals_reading_bytes(tmp_path, direct_read_always):
    path = tmp_path / "orders.csv"
    path.write_text("id,city,amount,when\n" + "".join(f"{i},Zürich {i % 7},{i * 1.5},2024-03-{i % 28 + 1:02d}\n"
                                                    for i in range(5000)), encoding="utf-8")
    from_disk = load_table(path)[0]
    from_bytes = load_table(path.read_bytes(), "orders.csv")[0]
    pd.testing.assert_frame_equal(from_disk.frame, from_bytes.frame)
    assert from_disk.info == from_bytes.info


def test_reading_from_disk_falls_back_when_the_file_changes_its_ways(tmp_path, direct_read_always):
    # cp1252 bytes far below the sniffed head, and ragged lines: the byte-level route reads and explains them
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"name,score\n" + b"alpha,1\n" * 40_000 + "Müller,2\n".encode("cp1252"))
    dataset = load_table(latin)[0]
    assert dataset.info.encoding == "cp1252" and dataset.frame["name"].iloc[-1] == "Müller"
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,b\n" + "1,2\n" * 40_000 + "3,4,5\n", encoding="utf-8")
    dataset = load_table(ragged)[0]
    assert len(dataset.frame) == 40_000 and any("Skipped 1 line" in n for n in dataset.info.load_notes)
