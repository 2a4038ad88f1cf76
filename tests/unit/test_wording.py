"""No user-facing text says a word twice in a row ("no signal signal"): the declarations (checks, catalogue,
maturity questions), the string literals of the pages and the UI, and a whole rendered report of the sample data."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOUBLED = re.compile(r"\b([A-Za-z]{2,})\s+\1\b", re.IGNORECASE)
# Legitimate repeats in English ("had had", "that that") are not used by ML Scout; none is allowed.


def doubled(text: str) -> list[str]:
    return [m.group(0) for m in DOUBLED.finditer(text)]


def test_declarations_have_no_doubled_words():
    import yaml

    from mlscout.profiling.checks import CHECKS

    texts = [t for spec in CHECKS.values() for t in (spec.title, spec.message, spec.fix, spec.severity_rule)]
    catalogue = yaml.safe_load((ROOT / "src/mlscout/catalogue/pain_points.yaml").read_text(encoding="utf-8"))
    texts += [str(v) for point in catalogue["pain_points"] for v in point.values() if isinstance(v, str)]
    texts.append((ROOT / "src/mlscout/maturity/questions.yaml").read_text(encoding="utf-8"))
    found = [(t, doubled(t)) for t in texts if doubled(t)]
    assert not found, found


@pytest.mark.parametrize("path", sorted([*ROOT.glob("pages/*.py"), ROOT / "app.py", *ROOT.glob("src/mlscout/ui/*.py"),
                                         *ROOT.glob("src/mlscout/report/*.py"), ROOT / "src/mlscout/cli.py"]),
                         ids=lambda p: p.name)
def test_string_literals_of_the_interface_have_no_doubled_words(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    found = [(s, doubled(s)) for s in strings if doubled(s)]
    assert not found, found


def test_a_rendered_report_of_the_sample_data_has_no_doubled_words(sample_dir):
    from mlscout.pipeline import assess
    from mlscout.report.render import render_markdown

    paths = sorted(sample_dir.glob("*.csv"))
    assessment = assess(paths, baselines=2, budget_s=10)
    text = render_markdown(assessment)
    assert len(text) > 2000 and not doubled(text), doubled(text)


def test_one_of_a_thing_reads_in_the_singular():
    """A column with one missing value reads: '1 row (0.0%) is missing', not '1 rows ... are'."""
    from datetime import UTC, datetime

    import numpy as np
    import pandas as pd

    from mlscout.profiling.checks import run_checks
    from mlscout.profiling.dataset import profile_dataset

    values = np.arange(2000, dtype=float)
    values[7] = np.nan
    frame = pd.DataFrame({"reading": values})
    found = run_checks(profile_dataset(frame, "t", now=datetime(2026, 12, 1, tzinfo=UTC)), frame, None)
    message = next(f.message for f in found if f.check_id == "missing_values")
    assert message.startswith("reading: 1 row (") and " is missing" in message, message


def test_every_link_of_the_docs_stays_inside_the_repository():
    """The README once linked to a file outside the repository: a newcomer's clone has no such file."""
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "sample_data" / "README.md"]
    broken = []
    for path in files:
        for target in re.findall(r"\]\(([^)\s]+)\)", path.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "#", "mailto:")):
                continue
            resolved = (path.parent / target.split("#")[0]).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{path.relative_to(ROOT)} -> {target}")
    assert not broken, broken
