"""The CLI contract of docs/cli.md: outputs, exit codes, refusals of flags not implemented yet."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import jsonschema
import pytest

from mlscout import __version__
from mlscout.cli import STREAMLIT_FLAGS, app_command, main


def run(*argv: str, quiet: bool = True) -> tuple[int, str, str]:
    """Run the CLI in-process. `assess` runs without baselines unless the test asks for them, and quietly (its
    progress lines would be on stderr) unless the test looks at the progress."""
    if argv and argv[0] == "assess" and "--baselines" not in argv:
        argv = (*argv, "--baselines", "0")
    if argv and argv[0] == "assess" and quiet and "--quiet" not in argv:
        argv = (*argv, "--quiet")
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_assess_prints_a_schema_valid_assessment(repo, sample_dir):
    code, out, err = run("assess", str(sample_dir / "telecom_churn.csv"), "--format", "json", "--out", "-")
    assert code == 0, err
    document = json.loads(out)
    jsonschema.validate(document, json.loads((repo / "docs/assessment.schema.json").read_text()))
    assert document["datasets"][0]["name"] == "telecom_churn"
    assert document["datasets"][0]["rows"] == 5000


def test_corrupt_file_exits_2_and_good_files_are_still_reported(tmp_path, sample_dir):
    bad = tmp_path / "broken.csv"
    bad.write_bytes(bytes(range(256)) * 8)
    code, out, err = run("assess", str(sample_dir / "bank_calls.csv"), str(bad), "--baselines", "0")
    assert code == 2
    assert [d["name"] for d in json.loads(out)["datasets"]] == ["bank_calls"]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: broken.csv: ") and "binary" in lines[0]


def test_out_file_and_directory(tmp_path, sample_dir):
    target = tmp_path / "run.json"
    assert run("assess", str(sample_dir / "bank_calls.csv"), "--out", str(target))[0] == 0
    assert json.loads(target.read_text())["datasets"][0]["rows"] == 27716
    folder = tmp_path / "reports"
    folder.mkdir()
    assert run("assess", str(sample_dir / "bank_calls.csv"), "--out", str(folder))[0] == 0
    assert (folder / "assessment.json").exists()


def test_config_file_is_applied_and_a_bad_one_is_a_usage_error(tmp_path, sample_dir):
    good = tmp_path / "mlscout.yaml"
    good.write_text("thresholds:\n  missing_warning: 0.2\n")
    code, out, _ = run("assess", str(sample_dir / "bank_calls.csv"), "--config", str(good))
    assert code == 0 and json.loads(out)["settings"]["thresholds"]["missing_warning"] == 0.2
    bad = tmp_path / "bad.yaml"
    bad.write_text("wieghts: {}\n")
    code, _, err = run("assess", str(sample_dir / "bank_calls.csv"), "--config", str(bad))
    assert code == 2 and "wieghts" in err


@pytest.mark.parametrize("flags,match", [(["--format", "xml"], "unknown format"),
                                         (["--fail-under", "140"], "between 0 and 100")])
def test_bad_flags_are_refused_with_exit_2(flags, match, sample_dir):
    code, out, err = run("assess", str(sample_dir / "bank_calls.csv"), *flags)
    assert code == 2 and out == "" and err.startswith("error: ") and match in err


def test_usage_errors_exit_2():
    assert run()[0] == 2
    assert run("assess")[0] == 2
    assert run("frobnicate")[0] == 2
    assert run("maturity", "grade")[0] == 2


def test_version_and_console_script(repo):
    result = subprocess.run([sys.executable, "-m", "mlscout.cli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"mlscout {__version__}"


def test_app_command_passes_privacy_and_upload_settings(repo):
    command = app_command(8765)
    assert command[-len(STREAMLIT_FLAGS):] == list(STREAMLIT_FLAGS)
    flags = dict(zip(command[5::2], command[6::2], strict=False))
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--server.maxUploadSize"] == "1024"
    assert command[4] == str(repo / "app.py")


def test_import_is_light():
    code = ("import sys, mlscout, mlscout.cli, mlscout.pipeline, mlscout.io, os;"
            "heavy=[m for m in ('sklearn','ydata_profiling','streamlit') if m in sys.modules];"
            "assert not heavy, heavy; assert os.environ['YDATA_PROFILING_NO_ANALYTICS']=='1'")
    env = {k: v for k, v in __import__("os").environ.items() if k != "YDATA_PROFILING_NO_ANALYTICS"}
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0


def test_streamlit_config_matches_cli(repo):
    import tomllib

    config = tomllib.loads((repo / ".streamlit/config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] == 1024


def test_assessment_carries_columns_findings_and_readiness(tmp_path):
    data = tmp_path / "orders.csv"
    data.write_text("id,region,notes\n" + "".join(f"{i},{['north', 'south'][i % 4 // 2] if i % 2 else 'unknown'},\n"
                                                   for i in range(200)))
    code, out, _ = run("assess", str(data), "--baselines", "0")
    assert code == 0
    dataset = json.loads(out)["datasets"][0]
    region = next(c for c in dataset["columns"] if c["name"] == "region")
    assert region["semantic_type"] == "categorical" and region["placeholders"] == {"unknown": 100}
    assert {"missing_fraction", "distinct", "top_values"} <= set(region)
    finding = next(f for f in dataset["findings"] if f["check_id"] == "disguised_missing")
    assert set(finding) >= {"check_id", "column", "severity", "dimension", "message", "evidence", "fix", "status"}
    assert finding["message"].startswith("region: 100 rows (50.0%) hold placeholder(s) 'unknown'")
    assert set(dataset["readiness"]["dimensions"]) >= {"completeness", "validity", "consistency", "uniqueness",
                                                       "timeliness", "volume"}
    assert 0 <= dataset["readiness"]["overall"] < 100


def test_config_silences_a_check_which_stays_visible_as_accepted(tmp_path):
    data = tmp_path / "orders.csv"
    data.write_text("id,region\n" + "".join(f"{i},{'north' if i % 2 else 'unknown'}\n" for i in range(200)))
    config = tmp_path / "mlscout.yaml"
    config.write_text("ignored_checks:\n  - check_id: disguised_missing\n    column: region\n"
                      "    reason: placeholder kept on purpose\n")
    code, out, _ = run("assess", str(data), "--config", str(config))
    finding = next(f for f in json.loads(out)["datasets"][0]["findings"] if f["check_id"] == "disguised_missing")
    assert (finding["status"], finding["status_reason"]) == ("accepted", "placeholder kept on purpose")


def test_assessment_ranks_opportunities(sample_dir):
    code, out, _ = run("assess", str(sample_dir / "telecom_churn.csv"), "--baselines", "0")
    opportunities = json.loads(out)["opportunities"]
    first = opportunities[0]
    assert (first["rank"], first["pain_point_id"], first["dataset"], first["target"]) == \
        (1, "churn", "telecom_churn", "churn")
    assert set(first) >= {"rank", "pain_point_id", "pain_point", "business_function", "dataset", "target", "task",
                          "score", "value", "feasibility", "feasibility_source", "readiness_score", "rationale",
                          "data_gaps"}


def test_user_catalogue_and_its_errors(tmp_path, sample_dir):
    good = tmp_path / "mine.yaml"
    good.write_text("pain_points:\n  - id: call_staffing\n    name: Call staffing\n    business_function: service\n"
                    "    problem: p\n    ml_task: forecasting\n    target: {keywords: [calls], shape: count_over_time}\n"
                    "    context_keywords: [date, time]\n    signals: {required: [timestamp]}\n"
                    "    value: 5\n    effort: 1\n    risk: 1\n")
    code, out, _ = run("assess", str(sample_dir / "bank_calls.csv"), "--catalogue", str(good))
    document = json.loads(out)
    assert code == 0 and [o["pain_point_id"] for o in document["opportunities"]] == ["call_staffing"]
    assert document["catalogue"] == str(good)
    bad = tmp_path / "bad.yaml"
    bad.write_text("pain_points:\n  - id: x\n    name: X\n    business_function: s\n    problem: p\n"
                   "    ml_task: binary\n    value: 7\n    effort: 1\n    risk: 1\n")
    code, out, err = run("assess", str(sample_dir / "bank_calls.csv"), "--catalogue", str(bad))
    assert code == 2 and "entry 'x', field value" in err and out == ""


def test_baselines_for_the_top_opportunity_and_for_a_declared_target(sample_dir):
    code, out, err = run("assess", str(sample_dir / "telecom_churn.csv"), "--baselines", "1", "--budget", "20")
    assert code == 0, err
    document = json.loads(out)
    baselines = {(b["dataset"], b["target"]): b for b in document["baselines"]}
    assert set(baselines) == {("telecom_churn", "churn")}
    churn = baselines[("telecom_churn", "churn")]
    assert set(churn) >= {"dataset", "target", "task", "metric", "sample_rows", "models", "lift", "feasibility",
                          "verdict", "leakage_suspects", "learning_curve", "importances", "partial",
                          "with_suspects_score", "dropped_columns"}
    assert churn["verdict"] in ("strong", "moderate") and churn["models"][0]["name"].startswith("dummy")
    first = document["opportunities"][0]
    assert first["pain_point_id"] == "churn" and first["feasibility_source"] == "baseline"
    # a declared target gets its baseline first, and the ranking offers pain points on it only
    code, out, err = run("assess", str(sample_dir / "telecom_churn.csv"), "--baselines", "1", "--budget", "20",
                         "--target", "telecom_churn.csv:number_customer_service_calls")
    assert code == 0, err
    document = json.loads(out)
    assert [b["target"] for b in document["baselines"]] == ["number_customer_service_calls"]
    assert document["opportunities"][0]["target"] == "number_customer_service_calls"


def test_baselines_0_runs_none_even_for_a_declared_target(sample_dir):
    code, out, err = run("assess", str(sample_dir / "telecom_churn.csv"), "--baselines", "0",
                         "--target", "telecom_churn:churn")
    assert code == 0, err
    assert json.loads(out)["baselines"] == []


def test_a_stage_that_raises_is_an_error_entry_and_the_run_goes_on(sample_dir, monkeypatch):
    import mlscout.pipeline

    def broken_rank(*args, **kwargs):
        raise RuntimeError("ranking exploded")

    monkeypatch.setattr(mlscout.pipeline, "rank", broken_rank)
    code, out, err = run("assess", str(sample_dir / "telecom_churn.csv"), "--baselines", "0")
    assert code == 0, err
    document = json.loads(out)
    assert document["errors"] == [{"stage": "ranking", "dataset": None, "message": "RuntimeError: ranking exploded"}]
    assert document["datasets"][0]["findings"] and document["opportunities"] == []
    assert "warning: ranking failed and was skipped: RuntimeError: ranking exploded" in err
    assert "Traceback" not in err


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(sample_dir):
    code, out, err = run("assess", str(sample_dir / "telecom_churn.csv"), quiet=False)
    assert code == 0
    lines = err.splitlines()
    assert "\r" not in err and lines and all(line.startswith("[") for line in lines)
    assert any("Profiling telecom_churn" in line for line in lines) and lines[-1].endswith("Done")


def test_a_run_that_produces_no_assessment_exits_3_with_one_line(sample_dir, monkeypatch):
    import mlscout.pipeline

    def broken_load(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(mlscout.pipeline, "load_sources", broken_load)
    code, out, err = run("assess", str(sample_dir / "telecom_churn.csv"))
    assert code == 3 and out == ""
    assert err == "error: the assessment could not be completed: MemoryError\n"


@pytest.mark.parametrize("spec,match", [("nowhere:churn", "no loaded dataset"), ("telecom_churn:nope", "no column"),
                                        ("churn", "DATASET:COLUMN")])
def test_bad_target_is_a_usage_error(spec, match, sample_dir):
    code, out, err = run("assess", str(sample_dir / "telecom_churn.csv"), "--target", spec)
    assert code == 2 and match in err


def test_maturity_template_answers_save_and_history(tmp_path, sample_dir):
    code, template, _ = run("maturity", "template")
    assert code == 0 and template.count("answer: null") >= 20
    answers = tmp_path / "answers.yaml"
    answers.write_text(template.replace("    answer: null", "    answer: 2"))
    code, out, err = run("assess", str(sample_dir / "credit_applications.csv"), "--maturity", str(answers),
                         "--save", "--project", "credit")
    assert code == 0, err
    maturity = json.loads(out)["maturity"]
    assert set(maturity) >= {"factors", "level", "weakest_factor", "coverage", "recommendations", "evidence"}
    assert maturity["level"] == 2 and maturity["coverage"] == 1.0
    code, history, _ = run("history", "--project", "credit")
    assert code == 0 and "credit" in history and len(history.strip().splitlines()) == 2
    code, history, _ = run("history", "--project", "nobody")
    assert "no saved assessment in project 'nobody'" in history


@pytest.mark.parametrize("flags,match", [(["--save"], "--save needs --project"),
                                         (["--maturity", "missing.yaml"], "no such file")])
def test_save_and_maturity_usage_errors(flags, match, sample_dir):
    code, _, err = run("assess", str(sample_dir / "bank_calls.csv"), *flags)
    assert code == 2 and match in err


def test_gate_exit_codes_and_every_format(tmp_path, sample_dir):
    out = tmp_path / "reports"
    code, _, err = run("assess", str(sample_dir / "telecom_churn.csv"), "--format", "html,pdf,md,json", "--out",
                       str(out), "--fail-under", "50")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["assessment.html", "assessment.json", "assessment.md",
                                                     "assessment.pdf"]
    assert (out / "assessment.pdf").read_bytes().startswith(b"%PDF")
    fresh = tmp_path / "mlscout.yaml"  # a freshness requirement that the 2008-2010 call log does not meet
    fresh.write_text("thresholds:\n  stale_days: 365\n")
    code, _, err = run("assess", str(sample_dir / "bank_calls.csv"), "--fail-under", "98", "--out",
                       str(tmp_path / "a.json"), "--config", str(fresh), "--baselines", "0")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("readiness gate: bank_calls scores 96 < 98 (timeliness")
    code, _, err = run("assess", str(sample_dir / "bank_calls.csv"), "--fail-under", "98", "--out",
                       str(tmp_path / "a2.json"), "--baselines", "0")
    assert code == 0, err  # without a freshness requirement, an old table is not stale
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01" * 100)
    code, _, err = run("assess", str(sample_dir / "bank_calls.csv"), str(broken), "--fail-under", "98",
                       "--out", str(tmp_path / "b.json"), "--config", str(fresh), "--baselines", "0")
    assert code == 2  # a usage or input error wins over a failed gate
    assert "readiness gate: bank_calls" in err and "error: broken.csv" in err


def test_pdf_to_stdout_needs_a_binary_stream(sample_dir):
    code, _, err = run("assess", str(sample_dir / "bank_calls.csv"), "--format", "pdf")
    assert code == 2 and "PDF cannot go to this output" in err


def test_several_formats_need_a_directory(sample_dir):
    code, _, err = run("assess", str(sample_dir / "bank_calls.csv"), "--format", "json,md")
    assert code == 2 and "--out DIR" in err


def test_history_never_prints_terminal_escapes_from_a_project_name(sample_dir):
    name = "ops\x1b[2J\x1b[31mred\u202etxt.exe"
    code, _, err = run("assess", str(sample_dir / "bank_calls.csv"), "--save", "--project", name)
    assert code == 0, err
    code, out, _ = run("history")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert "ops\\u001b[2J" in out


def test_every_option_of_every_command_says_what_it_does():
    """`mlscout history --help` once had no text for --project."""
    import argparse

    from mlscout.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    silent = [f"{name} {' / '.join(action.option_strings) or action.dest}"
              for name, sub in commands.choices.items() for action in sub._actions
              if not isinstance(action, argparse._HelpAction) and not (action.help or "").strip()]
    assert not silent, silent
