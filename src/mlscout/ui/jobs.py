"""Background jobs of a session (deep profile, baselines): started from a page, polled by a fragment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from mlscout.jobs import Job, JobOutcome, default_memory_limit_mb

_JOBS = "mlscout_jobs"
_OUTCOMES = "mlscout_job_outcomes"


def _jobs() -> dict[str, Job]:
    return st.session_state.setdefault(_JOBS, {})


def outcomes() -> dict[str, JobOutcome]:
    return st.session_state.setdefault(_OUTCOMES, {})


def start(key: str, function: Callable[..., Any], *args: Any, time_limit_s: float = 300.0, **kwargs: Any) -> None:
    outcomes().pop(key, None)
    _jobs()[key] = Job(function, args, kwargs, time_limit_s=time_limit_s,
                       memory_limit_mb=default_memory_limit_mb()).start()


def running(key: str) -> bool:
    return key in _jobs()


def forget(prefix: str) -> None:
    for key in [k for k in _jobs() if k.startswith(prefix)]:
        _jobs().pop(key).cancel()
    for key in [k for k in outcomes() if k.startswith(prefix)]:
        outcomes().pop(key)


def progress_panel(key: str, label: str) -> None:
    """Poll the job every half second: a progress bar and a cancel button; a full rerun when it ends."""

    @st.fragment(run_every=0.5)
    def panel() -> None:
        job = _jobs().get(key)
        if job is None:
            return
        outcome = job.poll()
        if outcome is None:
            fraction, message = job.progress
            st.progress(min(max(fraction, 0.0), 1.0), text=f"{label}: {message} ({job.elapsed_s:.0f} s)")
            if st.button("Cancel", key=f"cancel::{key}", icon=":material/cancel:"):
                outcomes()[key] = job.cancel()
                _jobs().pop(key, None)
                st.rerun()
            return
        outcomes()[key] = outcome
        _jobs().pop(key, None)
        st.rerun()

    panel()
