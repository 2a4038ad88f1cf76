"""Files built in memory for the loader's tests."""

from __future__ import annotations

import io

import pandas as pd


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per entry."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buf.getvalue()


def parquet_parts(frame: pd.DataFrame, folder, parts: int):
    """The table as a folder of `parts` Parquet files (a lake's partitions), in row order; returns the folder."""
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    for i, rows in enumerate(np.array_split(np.arange(len(frame)), parts)):
        frame.iloc[rows].to_parquet(folder / f"part-{i}.parquet", index=False)
    return folder
