"""The report's content, built once from the Assessment as ordered sections; every renderer reads these sections.

Executive summary first (overall readiness, the top opportunities, the blockers that matter most, maturity and next
steps), then each dataset's quality and access, the opportunities in detail, the baselines, the maturity, and an
appendix with every finding and its status. Text from the data is kept as plain strings here: each renderer
escapes it for its own format. Values of columns not known to be safe are already masked in the Assessment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from mlscout.assessment import Assessment
from mlscout.baselines import VERDICT_TEXT, partial_text
from mlscout.readiness import SEVERITY_POINTS, readiness_label

__all__ = ["Block", "ReportDocument", "Section", "build_document"]

BlockKind = Literal["paragraph", "bullets", "table", "chart", "metrics", "note"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    metrics: tuple[tuple[str, str], ...] = ()
    chart: Callable[[], Any] | None = None  # builds an Altair chart (charts.py) when a renderer needs it
    chart_id: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    level: int = 1
    blocks: tuple[Block, ...] = ()
    audience: Literal["executive", "engineer"] = "engineer"


@dataclass(frozen=True)
class ReportDocument:
    title: str
    subtitle: str
    generated_at: datetime
    sections: tuple[Section, ...] = field(default_factory=tuple)


def _fmt(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _overall(assessment: Assessment) -> tuple[float | None, str]:
    scored = [d.readiness for d in assessment.datasets if d.readiness is not None]
    if not scored:
        return None, "no dataset"
    lowest = min(scored, key=lambda r: r.overall)
    return lowest.overall, readiness_label(lowest.overall, sum(r.blockers for r in scored))


def _blockers(assessment: Assessment, limit: int = 3) -> list[str]:
    open_findings = [f for d in assessment.datasets for f in d.findings if f.status == "open"]
    open_findings.sort(key=lambda f: (-SEVERITY_POINTS[f.severity], f.dimension != "access", f.dataset))
    return [f"[{f.severity}] {f.dataset}: {f.message} — {f.fix}" for f in open_findings[:limit]]


def _executive(assessment: Assessment) -> Section:
    from mlscout import charts

    lowest, label = _overall(assessment)
    blocks: list[Block] = [Block("metrics", metrics=(
        ("Datasets", str(len(assessment.datasets))),
        ("Lowest readiness", f"{_fmt(lowest)}/100 ({label})"),
        ("Opportunities found", str(len(assessment.opportunities))),
        ("Maturity level", "-" if assessment.maturity is None or assessment.maturity.level is None
         else f"{assessment.maturity.level}/4"),
    ))]
    top = assessment.opportunities[:5]
    if top:
        blocks.append(Block("paragraph", text="Where machine learning fits best with the data in hand:"))
        blocks.append(Block("table", columns=("#", "Opportunity", "Dataset", "Target", "Value", "Feasibility",
                                              "Score"),
                            rows=tuple((str(o.rank), o.pain_point, o.dataset, o.target or "-", _fmt(o.value),
                                        f"{_fmt(o.feasibility)} ({o.feasibility_source})", _fmt(o.score))
                                       for o in top)))
        blocks.append(Block("chart", chart=lambda: charts.opportunity_quadrant_chart(assessment.opportunities[:20]),
                            chart_id="quadrant"))
    else:
        blocks.append(Block("paragraph", text="No pain point of the catalogue fits the assessed data yet."))
    blockers = _blockers(assessment)
    blocks.append(Block("paragraph", text="The blockers that matter most:"))
    blocks.append(Block("bullets", items=tuple(blockers) or ("No open finding.",)))
    if assessment.maturity is not None and assessment.maturity.level is not None:
        steps = tuple(f"{r.factor}: {r.action}" for r in assessment.maturity.recommendations[:3])
        blocks.append(Block("paragraph", text=f"MLOps maturity: level {assessment.maturity.level} of 4; weakest "
                                              f"factor: {assessment.maturity.weakest_factor}. Next steps:"))
        blocks.append(Block("bullets", items=steps))
    return Section("summary", "Executive summary", blocks=tuple(blocks), audience="executive")


def _dataset_sections(assessment: Assessment) -> list[Section]:
    from mlscout import charts
    from mlscout.profiling.privacy import ACTIONS

    sections = []
    for dataset in assessment.datasets:
        readiness = dataset.readiness
        blocks: list[Block] = [Block("paragraph", text=(
            f"{dataset.rows:,} rows x {dataset.n_columns} columns, read from {dataset.source.file_name} "
            f"({dataset.source.format}).") + (f" Covers {dataset.period}." if dataset.period else "")
            + (f" Load notes: {' '.join(dataset.load_notes)}" if dataset.load_notes else ""))]
        if dataset.source.applied_fixes:
            blocks.append(Block("paragraph", text="Fixes applied in ML Scout before this assessment:"))
            blocks.append(Block("bullets", items=tuple(dataset.source.applied_fixes)))
        if dataset.shape is not None:
            blocks.append(Block("paragraph", text=f"What the table is: {dataset.shape.text()}."))
        if readiness is not None:
            blocks.append(Block("metrics", metrics=(("Overall readiness", f"{readiness.overall:.0f}/100"),
                                                    *((d.capitalize(), f"{s:.0f}")
                                                      for d, s in readiness.dimensions.items()))))
            blocks.append(Block("chart", chart=lambda r=readiness: charts.readiness_chart(r),
                                chart_id=f"readiness-{dataset.name}"))
            lost = [readiness.explain(d) for d in readiness.dimensions if readiness.lost(d)]
            if lost:
                blocks.append(Block("bullets", items=tuple(lost)))
        counts = {s: sum(1 for f in dataset.findings if f.severity == s and f.status == "open")
                  for s in ("critical", "warning", "info")}
        blocks.append(Block("paragraph", text=f"Open findings: {counts['critical']} critical, {counts['warning']} "
                                              f"warnings, {counts['info']} for information (all in the appendix)."))
        quality = [f for f in dataset.findings if f.dimension != "access" and f.status == "open"
                   and f.severity != "info"]
        if quality:
            blocks.append(Block("table", columns=("Severity", "Finding", "Fix"),
                                rows=tuple((f.severity, f.message, f.fix) for f in quality[:15])))
        personal = [c for c in dataset.columns if c.personal_data is not None]
        protected = [c for c in dataset.columns if c.sensitive_attribute]
        access_blocks: list[Block] = []
        if personal:
            access_blocks.append(Block("table", columns=("Column", "Personal data", "Confidence", "Example (masked)",
                                                         "Action"),
                                       rows=tuple((c.name, c.personal_data.kind.replace("_", " "),
                                                   f"{c.personal_data.confidence:.0%}", c.personal_data.example,
                                                   ACTIONS[c.personal_data.kind]) for c in personal)))
        if protected:
            access_blocks.append(Block("bullets", items=tuple(
                f"{c.name}: protected attribute ({c.sensitive_attribute.replace('_', ' ')}) — fairness review"
                for c in protected)))
        if not access_blocks:
            access_blocks.append(Block("paragraph", text="No personal data and no protected attribute detected."))
        sections.append(Section(f"dataset-{dataset.name}", f"Dataset: {dataset.name}", blocks=tuple(blocks)))
        sections.append(Section(f"access-{dataset.name}", "Access and privacy", level=2, blocks=tuple(access_blocks)))
    if assessment.relationships:
        sections.append(Section("links", "How the datasets link", blocks=(
            Block("table", columns=("From", "To", "Rows matched", "Cardinality"),
                  rows=tuple((f"{r.left_dataset}.{r.left_column}", f"{r.right_dataset}.{r.right_column}",
                              f"{r.match_share:.0%}", r.cardinality) for r in assessment.relationships)),)))
    return sections


def _opportunity_section(assessment: Assessment) -> Section:
    blocks: list[Block] = []
    if assessment.opportunities:
        blocks.append(Block("table", columns=("#", "Opportunity", "Function", "Dataset", "Target", "Task", "Score",
                                              "Value", "Feasibility", "Readiness"),
                            rows=tuple((str(o.rank), o.pain_point, o.business_function, o.dataset, o.target or "-",
                                        o.task.replace("_", " "), _fmt(o.score), _fmt(o.value), _fmt(o.feasibility),
                                        _fmt(o.readiness_score)) for o in assessment.opportunities[:15])))
        for o in assessment.opportunities[:5]:
            items = [f"{factor.replace('_', ' ')}: {text}" for factor, text in o.rationale.items()]
            items += [f"gap: {gap}" for gap in o.data_gaps]
            blocks.append(Block("paragraph", text=f"{o.rank}. {o.pain_point} — {o.dataset}"
                                                  + (f", target {o.target}" if o.target else "")))
            blocks.append(Block("bullets", items=tuple(items)))
    if assessment.unserved_pain_points:
        blocks.append(Block("paragraph", text="Pain points the data cannot serve yet, and what they would need:"))
        blocks.append(Block("bullets", items=tuple(f"{u.pain_point}: {'; '.join(u.needs)}"
                                                   for u in assessment.unserved_pain_points[:12])))
    return Section("opportunities", "Opportunities", blocks=tuple(blocks))


def _baseline_section(assessment: Assessment) -> Section | None:
    from mlscout import charts

    if not assessment.baselines and not assessment.baseline_failures:
        return None
    blocks: list[Block] = []
    for result in assessment.baselines:
        blocks.append(Block("paragraph", text=f"{result.dataset}: {result.target} ({result.task}) — "
                                              f"{VERDICT_TEXT[result.verdict]}, feasibility {result.feasibility:.0f}/100, lift "
                                              f"{result.lift:+.3f} {result.metric} over the dummy, "
                                              f"{result.sample_rows:,} rows"
                                              + (f" ({partial_text(result)})" if result.partial else "")))
        blocks.append(Block("table", columns=("Model", result.metric, "Spread"),
                            rows=tuple((m.name, f"{m.score:.3f}", f"{m.std:.3f}") for m in result.models)))
        blocks.append(Block("chart", chart=lambda r=result: charts.baseline_models_chart(r),
                            chart_id=f"baseline-{result.dataset}-{result.target}"))
        if result.diagnostics is not None and charts.diagnostics_chart(result) is not None:
            blocks.append(Block("chart", chart=lambda r=result: charts.diagnostics_chart(r),
                                chart_id=f"diagnostics-{result.dataset}-{result.target}"))
        if result.leakage_suspects:
            blocks.append(Block("bullets", items=tuple(f"leakage suspect {s.column}: {s.reason}"
                                                       for s in result.leakage_suspects)))
        if result.notes:  # what the score stands on: the sample, the suspects and protected attributes set aside
            blocks.append(Block("bullets", items=tuple(f"note: {note}" for note in result.notes)))
        if result.fairness:
            blocks.append(Block("bullets", items=tuple(f"fairness: {note.text}" for note in result.fairness)))
        if result.learning_curve_verdict:
            blocks.append(Block("note", text=f"Learning curve: {result.learning_curve_verdict}."))
    for failure in assessment.baseline_failures:
        blocks.append(Block("note", text=f"{failure.dataset}: {failure.target}: {failure.message}"))
    return Section("baselines", "Baseline models", blocks=tuple(blocks))


def _maturity_section(assessment: Assessment) -> Section | None:
    from mlscout import charts

    maturity = assessment.maturity
    if maturity is None:
        return None
    blocks: list[Block] = [Block("metrics", metrics=(
        ("Level", "-" if maturity.level is None else f"{maturity.level}/4"),
        ("Weakest factor", maturity.weakest_factor or "-"), ("Coverage", f"{maturity.coverage:.0%}")))]
    if maturity.level is not None:
        blocks.append(Block("chart", chart=lambda: charts.maturity_chart(maturity), chart_id="maturity"))
    blocks.append(Block("bullets", items=tuple(f"{r.factor} (level {r.current_level}): {r.action}"
                                               for r in maturity.recommendations) or ("No recommendation.",)))
    if maturity.evidence:
        blocks.append(Block("paragraph", text="Evidence from the data:"))
        blocks.append(Block("bullets", items=tuple(
            f"{e.question_id}: {e.effect} at level {e.level} — {e.reason}" + ("" if e.applied else " (set aside)")
            for e in maturity.evidence)))
    return Section("maturity", "MLOps maturity", blocks=tuple(blocks))


def _errors_section(assessment: Assessment) -> Section | None:
    if not assessment.errors:
        return None
    return Section("errors", "Parts of the run that failed", blocks=(
        Block("paragraph", text="These stages failed and were skipped; everything else in this report stands."),
        Block("table", columns=("Stage", "Dataset", "Error"),
              rows=tuple((e.stage, e.dataset or "-", e.message) for e in assessment.errors))))


def _appendix(assessment: Assessment) -> Section:
    rows = tuple((f.dataset, f.column or "(table)", f.severity, f.dimension, f.message,
                  f.status + (f": {f.status_reason}" if f.status_reason else ""))
                 for d in assessment.datasets for f in d.findings)
    return Section("appendix", "Appendix: every finding", blocks=(
        Block("table", columns=("Dataset", "Column", "Severity", "Dimension", "Finding", "Status"), rows=rows)
        if rows else Block("paragraph", text="No finding."),))


def build_document(assessment: Assessment, title: str = "ML readiness report") -> ReportDocument:
    """The report's sections, in order."""
    names = ", ".join(d.name for d in assessment.datasets) or "no dataset"
    sections = [_executive(assessment), *_dataset_sections(assessment), _opportunity_section(assessment)]
    for optional in (_baseline_section(assessment), _maturity_section(assessment), _errors_section(assessment)):
        if optional is not None:
            sections.append(optional)
    sections.append(_appendix(assessment))
    return ReportDocument(title=title, subtitle=f"{names} — assessed {assessment.created_at:%Y-%m-%d %H:%M} UTC "
                                                f"by ML Scout {assessment.tool_version}",
                          generated_at=assessment.created_at, sections=tuple(sections))
