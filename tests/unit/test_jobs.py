"""Worker jobs: results, progress, and every way a job can fail reported as a message while the caller runs on."""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
import pytest

from mlscout.jobs import Job, run_job
from mlscout.profiling.deep import build_deep_profile
from tests.unit import job_helpers


def test_result_and_progress():
    seen = []
    outcome = run_job(job_helpers.add, 2, 3, on_progress=lambda f, m: seen.append((f, m)), time_limit_s=60)
    assert outcome.ok and outcome.value == 5
    assert (0.5, "adding") in seen


def test_exception_becomes_a_message():
    outcome = run_job(job_helpers.raise_error, time_limit_s=60)
    assert outcome.status == "failed" and outcome.message == "ValueError: the data has no rows"


def test_crash_is_reported_and_the_caller_keeps_running():
    outcome = run_job(job_helpers.crash, time_limit_s=60)
    assert outcome.status == "crashed" and "exit code 3" in outcome.message
    outcome = run_job(job_helpers.segfault, time_limit_s=60)
    assert outcome.status == "crashed" and "signal 11" in outcome.message
    assert run_job(job_helpers.add, 1, 1, time_limit_s=60).value == 2  # still fine afterwards


def test_memory_watchdog_stops_a_job_over_its_limit():
    outcome = run_job(job_helpers.hog_memory, 1500, time_limit_s=60, memory_limit_mb=600)
    assert outcome.status == "memory", outcome
    assert "over its 600 MB limit" in outcome.message
    assert outcome.peak_rss_mb > 600
    assert outcome.elapsed_s < 30


def test_time_limit():
    outcome = run_job(job_helpers.sleep, 30, time_limit_s=2)
    assert outcome.status == "timeout" and outcome.elapsed_s < 10


def test_cancel():
    job = Job(job_helpers.sleep, (30,), time_limit_s=60).start()
    time.sleep(0.5)
    outcome = job.cancel()
    assert outcome.status == "cancelled"
    assert not job._process.is_alive()


def test_deep_profile_masks_personal_values_and_shows_no_rows():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"amount": rng.normal(100, 10, 1500).round(2),
                          "segment": rng.choice(["retail", "sme"], 1500),
                          "email": [f"claire.dupont{i}@example.org" for i in range(1500)]})
    outcome = run_job(build_deep_profile, frame, "customers", sensitive_columns=["email"], max_rows=1000,
                      time_limit_s=240)
    assert outcome.ok, outcome.message
    profile = outcome.value
    assert profile.sampled and profile.rows_profiled == 1000 and profile.rows_total == 1500
    assert "random sample of 1,000 of 1,500 rows" in profile.html
    assert "claire.dupont" not in profile.html
    assert "src=\"http" not in profile.html and "href=\"http" not in profile.html.split("<body")[0]


def test_deep_profile_over_its_memory_limit_is_a_message():
    frame = pd.DataFrame({"x": np.arange(5000), "y": np.random.default_rng(1).normal(size=5000)})
    outcome = run_job(build_deep_profile, frame, "big", time_limit_s=240, memory_limit_mb=150)
    assert outcome.status == "memory"
    assert "over its 150 MB limit" in outcome.message and outcome.value is None
    assert run_job(job_helpers.add, 2, 2, time_limit_s=60).value == 4  # the caller goes on


def test_slots_run_one_job_per_core_and_queue_the_rest_in_order():
    from mlscout.jobs import Slots

    slots = Slots(capacity=2)
    assert slots.request("a") == 0 and slots.request("b") == 0
    assert slots.request("c") == 1 and slots.request("d") == 2
    assert slots.request("c") == 1  # asking again keeps the place
    slots.release("a")
    assert slots.request("d") == 2  # not its turn: c is first
    assert slots.request("c") == 0 and slots.request("d") == 1
    slots.release("b")
    assert slots.request("d") == 0 and slots.running == {"c", "d"} and not slots.waiting


def test_result_after_many_progress_messages_is_not_mistaken_for_a_crash(monkeypatch):
    import queue as queue_module

    job = Job(job_helpers.chatty, time_limit_s=60).start()
    job._process.join(timeout=30)
    assert not job._process.is_alive()
    # The race seen under load: the quick drain finds nothing yet, then the worker is found gone with its last
    # messages (progress, then the result) still in the pipe.
    monkeypatch.setattr(job._results, "get_nowait", lambda: (_ for _ in ()).throw(queue_module.Empty()))
    outcome = job.poll()
    assert outcome is not None and outcome.ok and outcome.value == "finished", outcome


def _thread_limits(on_progress=None):
    import sklearn.ensemble  # noqa: F401 - loads scikit-learn's OpenMP runtime, as a baseline does
    from threadpoolctl import threadpool_info

    return sorted({pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp"})


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="CPU affinity is a Linux call")
def test_jobs_count_the_cores_this_process_may_use_not_the_hosts(monkeypatch):
    """Seen in CI: in a container limited to two cores, os.cpu_count() counted the host's, and a server ran eight
    baselines at once on two cores. The count follows what the process may use (here its CPU affinity)."""
    from mlscout.jobs import max_parallel_jobs, threads_per_job

    monkeypatch.delenv("MLSCOUT_MAX_JOBS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)  # the host, as a container sees it
    usable = len(os.sched_getaffinity(0))
    assert max_parallel_jobs() <= usable < 64
    assert threads_per_job() * max_parallel_jobs() <= usable


def test_a_job_uses_its_share_of_the_cores(monkeypatch):
    """Jobs that run at once share the cores instead of each spinning a thread per core."""
    import os

    from mlscout.jobs import run_job

    monkeypatch.setenv("MLSCOUT_MAX_JOBS", str(max(1, os.cpu_count() or 1)))
    outcome = run_job(_thread_limits, time_limit_s=60)
    assert outcome.ok, outcome.message
    assert outcome.value == [1]


def _wait_until(condition, timeout_s=30.0):
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_supervisor_ends_jobs_and_frees_slots_with_every_tab_closed():
    """Seen on a shared server: two tabs started a baseline and closed; every later job waited for ever. Here no
    page ever asks after the first two jobs: the supervisor still stops the one over its time limit, collects the
    other, frees both slots, and a third job runs."""
    from mlscout.jobs import Supervisor

    supervisor = Supervisor(capacity=2, interval_s=0.05)
    supervisor.submit(Job(job_helpers.sleep, (30,), time_limit_s=1.0), "closed-tab-1")
    supervisor.submit(Job(job_helpers.add, (1, 2)), "closed-tab-2")
    _wait_until(lambda: not supervisor.slots.running)  # both ended without anyone polling
    supervisor.submit(Job(job_helpers.add, (20, 22)), "open-tab")
    seen = []
    _wait_until(lambda: seen.append(supervisor.status("open-tab")) or seen[-1][0] == "ended")
    assert seen[-1][1].value == 42
    assert supervisor.status("closed-tab-1")[1].status == "timeout"
    assert supervisor.status("closed-tab-2")[1].value == 3


def test_the_supervisor_stops_a_job_over_its_memory_limit_with_its_tab_closed():
    from mlscout.jobs import Supervisor

    supervisor = Supervisor(capacity=1, interval_s=0.05, abandon_after_s=60)
    supervisor.submit(Job(job_helpers.hog_memory, (600,), memory_limit_mb=250, time_limit_s=60), "hog")
    _wait_until(lambda: not supervisor.busy)
    state, outcome = supervisor.status("hog")
    assert state == "ended" and outcome.status == "memory"


def test_a_waiting_job_whose_tab_is_gone_leaves_the_queue():
    import time

    from mlscout.jobs import Supervisor

    supervisor = Supervisor(capacity=1, interval_s=0.05, abandon_after_s=0.5)
    supervisor.submit(Job(job_helpers.sleep, (1.5,)), "running")
    supervisor.submit(Job(job_helpers.add, (1, 1)), "abandoned")  # its page never asks again
    supervisor.submit(Job(job_helpers.add, (2, 2)), "patient")
    deadline = time.monotonic() + 30
    while supervisor.status("patient")[0] != "ended":  # this page keeps asking: its heartbeat
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert supervisor.status("abandoned") == ("unknown", None)
