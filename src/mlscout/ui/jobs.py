"""Background jobs of a session (deep profile, baselines): queued, started, polled by a fragment.

A shared server runs at most one heavy job per core at a time (MLSCOUT_MAX_JOBS overrides); the others wait in a
first-come queue, and each waiting page shows its place. The queue holds only job identifiers — never data — and is
the one object shared across sessions (through st.cache_resource).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from mlscout.jobs import Job, JobOutcome, Slots, default_memory_limit_mb, max_parallel_jobs

_JOBS = "mlscout_jobs"
_OUTCOMES = "mlscout_job_outcomes"


@st.cache_resource(max_entries=1)
def slots() -> Slots:
    return Slots(capacity=max_parallel_jobs())


@dataclass
class Pending:
    """A job asked for but not started yet: what to run, and its ticket in the queue."""

    job: Job
    ticket: str = field(default_factory=lambda: uuid.uuid4().hex)
    started: bool = False


def _jobs() -> dict[str, Pending]:
    return st.session_state.setdefault(_JOBS, {})


def outcomes() -> dict[str, JobOutcome]:
    return st.session_state.setdefault(_OUTCOMES, {})


def start(key: str, function: Callable[..., Any], *args: Any, time_limit_s: float = 300.0, **kwargs: Any) -> None:
    """Queue a job; it starts as soon as a slot is free (at once on an idle server)."""
    outcomes().pop(key, None)
    pending = Pending(Job(function, args, kwargs, time_limit_s=time_limit_s,
                          memory_limit_mb=default_memory_limit_mb()))
    _jobs()[key] = pending
    _advance(pending)


def _advance(pending: Pending) -> int:
    """Start the job when its turn has come; returns its place in the queue (0 = running)."""
    if pending.started:
        return 0
    place = slots().request(pending.ticket)
    if place == 0:
        pending.job.start()
        pending.started = True
    return place


def running(key: str) -> bool:
    return key in _jobs()


def forget(prefix: str) -> None:
    for key in [k for k in _jobs() if k.startswith(prefix)]:
        pending = _jobs().pop(key)
        if pending.started:
            pending.job.cancel()
        slots().release(pending.ticket)
    for key in [k for k in outcomes() if k.startswith(prefix)]:
        outcomes().pop(key)


def _finish(key: str, pending: Pending, outcome: JobOutcome) -> None:
    outcomes()[key] = outcome
    _jobs().pop(key, None)
    slots().release(pending.ticket)


def progress_panel(key: str, label: str) -> None:
    """Poll the job every half second: its place in the queue, then a progress bar; a cancel button throughout."""

    @st.fragment(run_every=0.5)
    def panel() -> None:
        pending = _jobs().get(key)
        if pending is None:
            return
        place = _advance(pending)
        if place:
            st.info(f"{label}: waiting for a free worker — place {place} in the queue "
                    f"({max_parallel_jobs()} job(s) run at a time on this server).")
        else:
            outcome = pending.job.poll()
            if outcome is not None:
                _finish(key, pending, outcome)
                st.rerun()
            fraction, message = pending.job.progress
            st.progress(min(max(fraction, 0.0), 1.0), text=f"{label}: {message} ({pending.job.elapsed_s:.0f} s)")
        if st.button("Cancel", key=f"cancel::{key}", icon=":material/cancel:"):
            outcome = pending.job.cancel() if pending.started else JobOutcome(status="cancelled",
                                                                                message="cancelled")
            _finish(key, pending, outcome)
            st.rerun()

    panel()
