"""The Assessment contract: JSON round-trip, published schema in sync, settings file validation."""

from __future__ import annotations

import json

import jsonschema
import pytest

from mlscout.assessment import Assessment, schema_json
from mlscout.pipeline import assess
from mlscout.settings import IgnoredCheck, Settings, SettingsError, load_settings, save_settings


def test_json_roundtrip_of_a_real_assessment(sample_dir):
    settings = Settings(ignored_checks=(IgnoredCheck(check_id="missing", column="notes", reason="known"),))
    original = assess([sample_dir / "credit_applications.csv", ("bad.csv", b"")], settings)
    again = Assessment.model_validate_json(original.model_dump_json())
    assert again == original
    assert again.datasets[0].name == "credit_applications"
    assert again.datasets[0].rows == 4454 and again.datasets[0].n_columns == 14
    assert again.load_failures[0].file == "bad.csv"


def test_published_schema_is_current(repo):
    published = (repo / "docs" / "assessment.schema.json").read_text()
    assert json.loads(published) == json.loads(schema_json()), "run `make schema` to regenerate the schema"


def test_assessment_validates_against_published_schema(repo, sample_dir):
    schema = json.loads((repo / "docs" / "assessment.schema.json").read_text())
    document = json.loads(assess([sample_dir / "telecom_churn.csv"]).model_dump_json())
    jsonschema.validate(document, schema)


def test_settings_yaml_roundtrip(tmp_path):
    path = tmp_path / "mlscout.yaml"
    settings = Settings(type_overrides={"sales": {"zip": "categorical"}}, targets=("sales:churn",))
    save_settings(settings, path)
    assert load_settings(path) == settings


def test_settings_typo_is_named(tmp_path):
    path = tmp_path / "mlscout.yaml"
    path.write_text("thresholds:\n  missing_warnin: 0.1\n")
    with pytest.raises(SettingsError, match="thresholds.missing_warnin"):
        load_settings(path)


def test_settings_out_of_range_is_named(tmp_path):
    path = tmp_path / "mlscout.yaml"
    path.write_text("thresholds:\n  missing_warning: 3\n")
    with pytest.raises(SettingsError, match="missing_warning"):
        load_settings(path)


def test_settings_not_yaml(tmp_path):
    path = tmp_path / "mlscout.yaml"
    path.write_text("a: [1, 2\n")
    with pytest.raises(SettingsError, match="not valid YAML"):
        load_settings(path)


def test_checks_doc_is_current(repo):
    from mlscout.profiling.checks import checks_markdown

    assert (repo / "docs" / "checks.md").read_text() == checks_markdown(), \
        "run `python -m mlscout.profiling.checks docs/checks.md`"


def test_readme_counts_match_the_registry(repo):
    """The README once said 28 checks while the app said 31: the counts are checked here."""
    import re

    from mlscout.profiling.checks import CHECKS

    quality = [c for c, spec in CHECKS.items() if c != "check_failed" and spec.dimension != "access"]
    access = [c for c, spec in CHECKS.items() if spec.dimension == "access"]
    text = (repo / "README.md").read_text()
    assert {int(n) for n in re.findall(r"(\d+) quality checks", text)} == {len(quality)}
    assert {int(n) for n in re.findall(r"(\d+) access checks", text)} == {len(access)}
    from mlscout.catalogue.model import default_catalogue

    assert {int(n) for n in re.findall(r"(\d+) business pain points", text)} == \
        {len(default_catalogue().pain_points)}
