"""Maturity scoring, evidence from the data, the template round trip."""

from __future__ import annotations

import pytest
import yaml

from mlscout.maturity.model import (
    Evidence,
    MaturityAnswers,
    MaturityError,
    answers_from_yaml,
    evidence_from,
    load_questionnaire,
    score_maturity,
    template_yaml,
)
from mlscout.profiling.checks import Finding

QUESTIONS = load_questionnaire().questions()


def all_at(level: int) -> dict[str, int]:
    return {q: level for q in QUESTIONS}


def test_questionnaire_covers_five_factors_with_four_to_six_questions():
    questionnaire = load_questionnaire()
    assert [f.id for f in questionnaire.factors] == ["strategy", "architecture", "modeling", "processes",
                                                     "governance"]
    assert all(4 <= len(f.questions) <= 6 for f in questionnaire.factors)
    assert all([o.level for o in q.options] == [0, 1, 2, 3, 4] for _, q in QUESTIONS.values())
    stages = {q.stage for _, q in QUESTIONS.values()}
    assert {"ideation", "development", "integration", "data preparation", "training and evaluation",
            "model registration", "one shared repository", "packaging and certifying a model",
            "releasing the application"} <= stages


def test_all_lowest_and_all_highest():
    lowest = score_maturity(all_at(0))
    assert lowest.level == 0 and set(lowest.factors.values()) == {0.0} and lowest.coverage == 1.0
    assert len(lowest.recommendations) == 6
    highest = score_maturity(all_at(4))
    assert highest.level == 4 and set(highest.factors.values()) == {100.0} and not highest.recommendations


def test_mixed_answers():
    answers = all_at(3)
    for question in QUESTIONS:
        if question.startswith("governance_"):
            answers[question] = 1
    maturity = score_maturity(answers)
    assert maturity.factors["governance"] == 25.0 and maturity.factors["strategy"] == 75.0
    assert maturity.weakest_factor == "governance"
    assert maturity.level == 2  # mean of (3, 3, 3, 3, 1) = 2.6
    assert maturity.recommendations[0].factor == "governance"
    assert maturity.recommendations[0].action == QUESTIONS[maturity.recommendations[0].question_id][1].option(1).next


def test_unanswered_questions_are_left_out_not_zero():
    answers = {q: (4 if q.startswith("strategy_") else None) for q in QUESTIONS}
    maturity = score_maturity(answers)
    assert maturity.factors["strategy"] == 100.0 and maturity.factors["governance"] is None
    assert maturity.level == 4 and maturity.coverage == pytest.approx(4 / len(QUESTIONS), abs=1e-3)
    assert score_maturity({}).level is None


def personal_finding(status: str = "open") -> Finding:
    return Finding(check_id="personal_data", dataset="customers", column="email", severity="warning",
                   dimension="access", evidence={}, fix="f", status=status,
                   status_reason=None if status == "open" else "pseudonymised upstream")


class _Dataset:
    def __init__(self, findings):
        self.findings = findings


def test_personal_data_with_no_action_lowers_governance():
    answers = all_at(3)
    without = score_maturity(answers, evidence_from([_Dataset([])]))
    with_open = score_maturity(answers, evidence_from([_Dataset([personal_finding()])]))
    assert with_open.answers["governance_privacy"] == 1
    assert with_open.factors["governance"] < without.factors["governance"]
    assert any(e.question_id == "governance_privacy" and e.effect == "cap" and e.applied for e in with_open.evidence)
    handled = score_maturity(answers, evidence_from([_Dataset([personal_finding("resolved")])]))
    assert handled.answers["governance_privacy"] == 3  # a pre-fill never overrides the user's answer


def test_evidence_can_be_ignored():
    answers = MaturityAnswers(answers=all_at(3), ignored_evidence=("governance_privacy",))
    maturity = score_maturity(answers, evidence_from([_Dataset([personal_finding()])]))
    assert maturity.answers["governance_privacy"] == 3
    assert not next(e for e in maturity.evidence if e.question_id == "governance_privacy").applied


def test_prefill_answers_unanswered_questions():
    evidence = [Evidence(question_id="governance_privacy", effect="prefill", level=2, reason="r")]
    assert score_maturity({}, evidence).answers["governance_privacy"] == 2


def test_template_round_trip_and_errors():
    template = template_yaml()
    document = yaml.safe_load(template)
    assert set(document["answers"]) == set(QUESTIONS)
    assert all(entry["answer"] is None for entry in document["answers"].values())
    filled = template.replace("    answer: null", "    answer: 2", 3)
    answers = answers_from_yaml(filled)
    assert sum(1 for v in answers.answers.values() if v == 2) == 3
    with pytest.raises(MaturityError, match="strategy_ideation"):
        answers_from_yaml("answers:\n  strategy_ideation: 7\n")
    with pytest.raises(MaturityError, match="unknown question 'vibes'"):
        answers_from_yaml("answers:\n  vibes: 2\n")
