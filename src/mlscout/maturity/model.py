"""MLOps maturity: answers -> factor scores, an overall level, the weakest factor and recommendations.

Scoring: a factor's score is the mean of its answered levels / 4 x 100; an unanswered question (None) is left out,
not counted as zero, and the coverage (answered / asked) is reported. The overall level is the floor of the mean
of the factor means (0-4). Evidence from the assessment pre-fills unanswered questions or caps answers where the
data speaks; each evidence item is shown and can be ignored by the user.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from mlscout.files import parse_yaml

__all__ = ["Evidence", "Maturity", "MaturityAnswers", "MaturityError", "Questionnaire", "answers_from_yaml",
           "evidence_from", "load_questionnaire", "score_maturity", "template_yaml"]

QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    level: int = Field(ge=0, le=4)
    practice: str
    next: str


class Question(_Frozen):
    id: str
    text: str
    stage: str
    options: tuple[Option, ...]

    def option(self, level: int) -> Option:
        return next(o for o in self.options if o.level == level)


class Factor(_Frozen):
    id: str
    name: str
    description: str
    questions: tuple[Question, ...]


class Questionnaire(_Frozen):
    version: int = 1
    factors: tuple[Factor, ...]

    def questions(self) -> dict[str, tuple[Factor, Question]]:
        return {q.id: (f, q) for f in self.factors for q in f.questions}


class MaturityError(ValueError):
    """Answers that cannot be read; the message names the question."""


class MaturityAnswers(_Frozen):
    """The user's answers: {question id: level 0-4 or None}, and the evidence items they chose to ignore."""

    answers: dict[str, int | None] = Field(default_factory=dict)
    ignored_evidence: tuple[str, ...] = ()


class Evidence(_Frozen):
    """What the data says about one question."""

    question_id: str
    effect: Literal["cap", "prefill"]
    level: int = Field(ge=0, le=4)
    reason: str
    applied: bool = True


class Recommendation(_Frozen):
    factor: str
    question_id: str
    current_level: int
    action: str


class Maturity(_Frozen):
    factors: dict[str, float | None] = Field(description="{factor: score 0-100, or None when unanswered}")
    level: int | None = Field(description="Overall level 0-4 (None when nothing is answered).")
    weakest_factor: str | None
    coverage: float = Field(ge=0, le=1, description="Share of the questions answered (by the user or evidence).")
    recommendations: tuple[Recommendation, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    answers: dict[str, int | None] = Field(default_factory=dict, description="Effective level per question.")


_QUESTIONNAIRE: Questionnaire | None = None


def load_questionnaire() -> Questionnaire:
    """The shipped questionnaire (parsed once per process; it is immutable)."""
    global _QUESTIONNAIRE
    if _QUESTIONNAIRE is None:
        _QUESTIONNAIRE = Questionnaire.model_validate(yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8")))
    return _QUESTIONNAIRE


def template_yaml() -> str:
    """Every question with its options and `answer: null`, to fill in with a level 0-4."""
    questionnaire = load_questionnaire()
    lines = ["# ML Scout maturity questionnaire. Replace each `answer: null` by the level (0-4) that fits best;",
             "# leave null what you do not know: unanswered questions are left out of the score.", "answers:"]
    for factor in questionnaire.factors:
        lines.append(f"  # --- {factor.name}: {factor.description}")
        for question in factor.questions:
            lines.append(f"  {question.id}:")
            lines.append(f"    question: {json.dumps(question.text, ensure_ascii=False)}")
            lines.append("    options:")
            for option in question.options:
                lines.append(f"      - level: {option.level}")
                lines.append(f"        practice: {json.dumps(option.practice, ensure_ascii=False)}")
            lines.append("    answer: null")
    return "\n".join(lines) + "\n"


def answers_from_yaml(text: str, source: str = "answers.yaml") -> MaturityAnswers:
    """Read a filled-in template (or a plain {question id: level} mapping)."""
    raw: Any = parse_yaml(text, source, MaturityError)
    if not isinstance(raw, dict):
        raise MaturityError(f"{source}: expected a mapping with 'answers'.")
    body = raw.get("answers", raw)
    known = load_questionnaire().questions()
    answers: dict[str, int | None] = {}
    for question_id, value in (body or {}).items():
        if question_id not in known:
            raise MaturityError(f"{source}: unknown question '{question_id}' (see `mlscout maturity template`).")
        level = value.get("answer") if isinstance(value, dict) else value
        if level is not None and (not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 4):
            raise MaturityError(f"{source}: question '{question_id}': answer must be a level 0-4 or null, "
                                f"not {level!r}.")
        answers[question_id] = level
    ignored = raw.get("ignored_evidence", ()) if isinstance(raw.get("ignored_evidence", ()), list) else ()
    return MaturityAnswers(answers=answers, ignored_evidence=tuple(ignored))


def evidence_from(datasets: Iterable[Any]) -> list[Evidence]:
    """What the assessed data says about governance, processes and architecture."""
    datasets = list(datasets)
    if not datasets:
        return []
    findings = [f for d in datasets for f in d.findings]
    personal = [f for f in findings if f.check_id == "personal_data"]
    evidence: list[Evidence] = []
    open_personal = [f for f in personal if f.status == "open"]
    if open_personal:
        columns = ", ".join(sorted({f"{f.dataset}.{f.column}" for f in open_personal})[:4])
        evidence.append(Evidence(question_id="governance_privacy", effect="cap", level=1,
                                 reason=f"personal data with no recorded action: {columns}"))
    elif personal:
        evidence.append(Evidence(question_id="governance_privacy", effect="prefill", level=2,
                                 reason=f"every personal-data column ({len(personal)}) has a recorded action"))
    critical = [f for f in findings if f.severity == "critical" and f.status == "open" and f.dimension != "access"]
    if critical:
        evidence.append(Evidence(question_id="governance_data_quality", effect="cap", level=1,
                                 reason=f"{len(critical)} critical data-quality finding(s) open, e.g. "
                                        f"{critical[0].message[:100]}"))
        evidence.append(Evidence(question_id="processes_monitoring", effect="cap", level=2,
                                 reason="critical data-quality defects reach the assessed extracts unnoticed"))
    elif findings:
        evidence.append(Evidence(question_id="governance_data_quality", effect="prefill", level=2,
                                 reason="no critical data-quality finding is open"))
    isolated = [f.dataset for f in findings if f.check_id == "isolated_dataset" and f.status == "open"]
    if isolated:
        evidence.append(Evidence(question_id="architecture_data_access", effect="cap", level=1,
                                 reason=f"dataset(s) that link to no other: {', '.join(isolated[:4])}"))
    elif len(datasets) > 1:
        evidence.append(Evidence(question_id="architecture_data_access", effect="prefill", level=2,
                                 reason=f"all {len(datasets)} datasets link through shared keys"))
    return evidence


def score_maturity(answers: MaturityAnswers | Mapping[str, int | None],
                   evidence: Iterable[Evidence] = ()) -> Maturity:
    """Factor scores, overall level, weakest factor, coverage and prioritised recommendations."""
    if not isinstance(answers, MaturityAnswers):
        answers = MaturityAnswers(answers=dict(answers))
    questionnaire = load_questionnaire()
    known = questionnaire.questions()
    for question_id in answers.answers:
        if question_id not in known:
            raise MaturityError(f"unknown question '{question_id}'.")
    effective: dict[str, int | None] = {q: answers.answers.get(q) for q in known}
    shown: list[Evidence] = []
    for item in evidence:
        applied = item.question_id not in answers.ignored_evidence and item.question_id in known
        if applied and item.effect == "prefill" and effective[item.question_id] is None:
            effective[item.question_id] = item.level
        elif applied and item.effect == "cap" and effective[item.question_id] is not None:
            effective[item.question_id] = min(effective[item.question_id], item.level)
        elif applied and item.effect == "cap":
            effective[item.question_id] = item.level
        elif applied:
            applied = False  # a pre-fill never overrides the user's own answer
        shown.append(item.model_copy(update={"applied": applied}))
    factor_scores: dict[str, float | None] = {}
    factor_levels: dict[str, float] = {}
    for factor in questionnaire.factors:
        levels = [effective[q.id] for q in factor.questions if effective[q.id] is not None]
        if levels:
            mean = sum(levels) / len(levels)
            factor_levels[factor.id] = mean
            factor_scores[factor.id] = round(mean / 4 * 100, 1)
        else:
            factor_scores[factor.id] = None
    answered = sum(1 for v in effective.values() if v is not None)
    level = math.floor(sum(factor_levels.values()) / len(factor_levels) + 1e-9) if factor_levels else None
    weakest = min(factor_levels, key=lambda k: (factor_levels[k], k)) if factor_levels else None
    recommendations = []
    for question_id, current in sorted(((q, v) for q, v in effective.items() if v is not None and v < 4),
                                       key=lambda qv: (factor_levels.get(known[qv[0]][0].id, 5), qv[1], qv[0])):
        factor, question = known[question_id]
        recommendations.append(Recommendation(factor=factor.id, question_id=question_id, current_level=current,
                                              action=question.option(current).next))
    return Maturity(factors=factor_scores, level=level, weakest_factor=weakest,
                    coverage=round(answered / len(known), 3), recommendations=tuple(recommendations[:6]),
                    evidence=tuple(shown), answers=effective)
