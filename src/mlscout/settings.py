"""Settings of one assessment: thresholds, weights, silenced checks, type overrides and targets.

They are read from and written to an optional ``mlscout.yaml``. Unknown keys are refused with an error that names
them, so a typo never silently falls back to a default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mlscout.files import parse_yaml, read_text

__all__ = ["Settings", "Thresholds", "Weights", "IgnoredCheck", "SettingsError", "load_settings", "save_settings",
           "settings_from_yaml", "settings_to_yaml"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Strict):
    """Numbers that decide when a quality check fires and how severe it is."""

    missing_warning: float = Field(0.05, ge=0, le=1, description="Missing share from which a column is flagged.")
    missing_critical: float = Field(0.5, ge=0, le=1, description="Missing share that makes the finding critical.")
    placeholder_min_share: float = Field(0.001, ge=0, le=1, description="Share of a placeholder to report it.")
    catch_all_share: float = Field(
        0.05, ge=0, le=1, description="Share of the rows in a catch-all level ('other', 'etc', 'misc') from which "
                                      "it is reported: a group that pools what was not named.")
    near_constant_share: float = Field(0.98, gt=0, le=1, description="Share of one value that makes a column near-constant.")
    duplicate_rows_warning: float = Field(0.0, ge=0, le=1, description="Duplicate-row share above which to warn.")
    high_cardinality_ratio: float = Field(0.5, gt=0, le=1, description="Distinct/rows ratio of a text column that is too high to be a category.")
    high_cardinality_min: int = Field(100, ge=2, description="Distinct labels from which a categorical is high-cardinality.")
    outlier_share_warning: float = Field(0.01, ge=0, le=1, description="Share of robust outliers to report.")
    zeros_share_warning: float = Field(0.5, ge=0, le=1, description="Share of zeros to report.")
    skew_warning: float = Field(2.0, gt=0, description="Absolute skewness to report.")
    correlation_warning: float = Field(0.95, gt=0, le=1, description="Absolute correlation between two columns to report.")
    imbalance_minority_share: float = Field(0.1, gt=0, lt=0.5, description="Minority-class share of the target under which it is imbalanced (warning).")
    imbalance_info_share: float = Field(
        0.25, gt=0, lt=0.5, description="Minority-class share under which the target is noted as moderately "
                                        "imbalanced (info: stratify the folds, read PR AUC beside ROC AUC).")
    stale_days: int | None = Field(
        None, ge=1, description="Freshness requirement: age in days of the newest timestamp that counts as stale. "
                                "None (the default): no requirement, the period the data covers is noted instead.")
    min_rows_per_feature: int = Field(10, ge=1, description="Rows per feature below which a table is too small.")
    small_sample_rows: int = Field(
        1000, ge=1, description="Rows under which cross-validated scores move by several points between splits "
                                "(info: read the baselines as a rough signal).")
    sample_rows: int = Field(200_000, ge=1000, description="Rows sampled for statistics that allow sampling.")
    duplicate_groups_max: int = Field(
        10, ge=1, description="Groups of identical columns in one table beyond which they are one table finding "
                              "(sparse fingerprint bits that coincide), not one finding per group.")
    missing_together_share: float = Field(
        0.9, gt=0, le=1, description="Share of their empty rows two columns must have in common (of the rows empty in "
                                     "either) to be one gap, one missing-value finding.")


class Weights(_Strict):
    """Weights of the opportunity score (a weighted geometric mean). They need not sum to 1."""

    business_impact: float = Field(0.30, ge=0)
    feasibility: float = Field(0.25, ge=0)
    data_readiness: float = Field(0.25, ge=0)
    effort: float = Field(0.10, ge=0)
    risk: float = Field(0.10, ge=0)


class IgnoredCheck(_Strict):
    """A check silenced for a dataset and/or column. It still shows, as accepted, with its reason."""

    check_id: str
    dataset: str | None = None
    column: str | None = None
    status: Literal["accepted", "resolved"] = "accepted"
    reason: str = "accepted by the user"


class Settings(_Strict):
    """Everything an assessment ran with, so that any run can be reproduced."""

    thresholds: Thresholds = Field(default_factory=Thresholds)
    weights: Weights = Field(default_factory=Weights)
    ignored_checks: tuple[IgnoredCheck, ...] = ()
    type_overrides: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="{dataset: {column: semantic type}}")
    targets: tuple[str, ...] = Field(default=(), description="Declared targets as 'dataset:column'.")
    pain_point_overrides: dict[str, dict[Literal["value", "effort", "risk"], int]] = Field(
        default_factory=dict, description="{pain point id: {value|effort|risk: 1-5}}: your own view of a pain point.")
    target_purposes: dict[str, str] = Field(
        default_factory=dict, description="{'dataset:column': business purpose}: what predicting a declared target "
                                          "no catalogue entry fits is for ('approve small loans faster'); it names "
                                          "its 'Predict' entry in the ranking.")

    def with_status(self, check_id: str, dataset: str | None, column: str | None,
                    status: Literal["accepted", "resolved"], reason: str = "") -> Settings:
        """These settings with one finding accepted or resolved (for its check, dataset and column), with a reason."""
        entry = IgnoredCheck(check_id=check_id, dataset=dataset, column=column, status=status,
                             reason=reason.strip() or f"{status} by the user")
        return self.model_copy(update={"ignored_checks": (*self.reopened(check_id, dataset, column).ignored_checks,
                                                          entry)})

    def reopened(self, check_id: str, dataset: str | None, column: str | None) -> Settings:
        """These settings with the status of one finding undone."""
        kept = tuple(s for s in self.ignored_checks
                     if not (s.check_id == check_id and s.column == column and s.dataset in (None, dataset)))
        return self.model_copy(update={"ignored_checks": kept})

    def with_target_purpose(self, dataset: str, column: str, purpose: str) -> Settings:
        """These settings with the purpose of predicting `column` of `dataset` set (an empty one removes it)."""
        spec = f"{dataset}:{column}"
        purposes = {k: v for k, v in self.target_purposes.items() if k != spec}
        if purpose.strip():
            purposes[spec] = purpose.strip()
        return self.model_copy(update={"target_purposes": purposes})

    def target_purpose(self, dataset: str, column: str) -> str | None:
        """The purpose given to predicting `column` of `dataset` (named like a declared target), if any."""
        for spec, purpose in self.target_purposes.items():
            name, _, target = spec.rpartition(":")
            if target == column and dataset in (name, Path(name).stem, Path(name).name) and purpose.strip():
                return purpose.strip()
        return None

    def declared_targets(self, dataset: str) -> tuple[str, ...]:
        """The columns declared as targets of `dataset` (named by its name or its file name, with or without
        extension); the spec splits on its last ':'."""
        columns = []
        for spec in self.targets:
            name, _, column = spec.rpartition(":")
            if column and dataset in (name, Path(name).stem, Path(name).name):
                columns.append(column)
        return tuple(columns)

    @field_validator("pain_point_overrides")
    @classmethod
    def _levels_in_range(cls, value: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        for point, levels in value.items():
            for key, level in levels.items():
                if not 1 <= level <= 5:
                    raise ValueError(f"{point}.{key} must be between 1 and 5, not {level}")
        return value


class SettingsError(ValueError):
    """A settings file could not be read; the message names the file and the faulty field."""


def load_settings(path: str | Path | None) -> Settings:
    """Read settings from a YAML file; `None` gives the defaults."""
    if path is None:
        return Settings()
    return settings_from_yaml(read_text(path, SettingsError, "settings file"), str(path))


def settings_from_yaml(text: str, source: str = "mlscout.yaml") -> Settings:
    """Parse settings from YAML text; errors name `source` and the faulty field."""
    raw: Any = parse_yaml(text, source, SettingsError)
    if not isinstance(raw, dict):
        raise SettingsError(f"{source}: expected a mapping of settings at the top level.")
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"{source}: {problems}") from None


def settings_to_yaml(settings: Settings) -> str:
    """YAML text of the settings (defaults included, so the file documents every knob)."""
    return yaml.safe_dump(settings.model_dump(mode="json"), sort_keys=False, allow_unicode=True)


def save_settings(settings: Settings, path: str | Path) -> None:
    Path(path).write_text(settings_to_yaml(settings), encoding="utf-8")
