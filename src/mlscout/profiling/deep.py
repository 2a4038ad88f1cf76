"""The deep profile: ydata-profiling's full HTML report, on demand, sampled, and safe for personal data.

Run it through `mlscout.jobs` (the app does): ydata-profiling is slow and memory-hungry and draws with matplotlib,
which must not run in the web server's threads. Its usage analytics are off (``YDATA_PROFILING_NO_ANALYTICS=1``,
set by ``import mlscout`` and again here before the import).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from mlscout.profiling.privacy import mask_frame
from mlscout.text import escape_html, with_content_security_policy

__all__ = ["DEEP_PROFILE_MAX_ROWS", "MINIMAL_FROM_ROWS", "DeepProfile", "build_deep_profile"]

DEEP_PROFILE_MAX_ROWS = 100_000
MINIMAL_FROM_ROWS = 50_000


_TITLE_ALIAS = "mlscoutalias0title"
_ALIAS_PATTERN = re.compile(r"mlscoutalias(?:\d{6}|0title)")


def _alias(position: int) -> str:
    """A name no renderer escapes or alters, of fixed width so that no alias is a prefix of another."""
    return f"mlscoutalias{position:06d}"


def _unalias(html: str, names: dict[str, str]) -> str:
    """Each alias in `html` replaced by its original name, escaped for HTML (and inert inside script strings)."""
    return _ALIAS_PATTERN.sub(lambda m: escape_html(names.get(m.group(0), m.group(0))), html)


@dataclass(frozen=True)
class DeepProfile:
    html: str
    rows_profiled: int
    rows_total: int
    minimal: bool
    masked_columns: tuple[str, ...]

    @property
    def sampled(self) -> bool:
        return self.rows_profiled < self.rows_total


def build_deep_profile(frame: pd.DataFrame, title: str, *, sensitive_columns: Iterable[str] = (),
                       max_rows: int = DEEP_PROFILE_MAX_ROWS, minimal: bool | None = None,
                       on_progress: Callable[[float, str], None] | None = None) -> DeepProfile:
    """Build the ydata-profiling report of `frame` as one self-contained HTML page.

    Parameters
    ----------
    frame : DataFrame
    title : str
    sensitive_columns : iterable of str
        Columns holding personal data: their values are masked before profiling, and no sample rows or duplicate
        rows are shown for any column.
    max_rows : int
        Above this, a random sample of `max_rows` rows is profiled, and the report's title says so.
    minimal : bool, optional
        ydata-profiling's minimal mode; by default on from MINIMAL_FROM_ROWS rows.
    """
    progress = on_progress or (lambda fraction, message: None)
    os.environ.setdefault("YDATA_PROFILING_NO_ANALYTICS", "1")
    total = len(frame)
    sensitive = tuple(str(c) for c in sensitive_columns)
    progress(0.05, "Sampling" if total > max_rows else "Preparing")
    data = frame.sample(max_rows, random_state=0) if total > max_rows else frame
    data = mask_frame(data, sensitive)
    minimal = total >= MINIMAL_FROM_ROWS if minimal is None else minimal
    if len(data) < total:
        title = f"{title} — random sample of {len(data):,} of {total:,} rows"
    # ydata-profiling writes column names and the title into its HTML unescaped: it only ever sees aliases,
    # which are swapped back for the escaped originals in the finished page.
    aliases = [_alias(i) for i in range(data.shape[1])]
    names = {**dict(zip(aliases, map(str, data.columns), strict=True)), _TITLE_ALIAS: title}
    data = data.set_axis(aliases, axis="columns")
    progress(0.1, "Loading ydata-profiling")
    import matplotlib

    matplotlib.use("Agg")
    from ydata_profiling import ProfileReport

    progress(0.2, "Computing statistics")
    report = ProfileReport(
        data, title=_TITLE_ALIAS, minimal=minimal, progress_bar=False,
        samples={"head": 0, "tail": 0, "random": 0},  # never show raw rows
        duplicates={"head": 0},
        html={"use_local_assets": True, "inline": True},
    )
    report.get_description()
    progress(0.8, "Rendering the report")
    html = with_content_security_policy(_unalias(report.to_html(), names))
    progress(1.0, "Done")
    return DeepProfile(html=html, rows_profiled=len(data), rows_total=total, minimal=minimal,
                       masked_columns=sensitive)
