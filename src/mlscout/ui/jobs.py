"""Background jobs of a session (deep profile, baselines), owned by the server's supervisor, shown by a fragment.

A shared server runs at most one heavy job per core at a time (MLSCOUT_MAX_JOBS overrides); the others wait in a
first-come queue, and each waiting page shows its place. The supervisor (`mlscout.jobs.Supervisor`, shared across
sessions through st.cache_resource) starts, limits and ends the jobs itself: a closed tab frees its slot and cannot
let a job outgrow its limits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from mlscout.jobs import (
    Job,
    JobOutcome,
    Slots,
    Supervisor,
    default_memory_limit_mb,
    max_parallel_jobs,
)

_JOBS = "mlscout_jobs"
_OUTCOMES = "mlscout_job_outcomes"


@st.cache_resource(max_entries=1)
def supervisor() -> Supervisor:
    """The server's one supervisor: it owns every session's jobs, so limits and slots hold with tabs closed."""
    return Supervisor(capacity=max_parallel_jobs())


def slots() -> Slots:
    return supervisor().slots


@dataclass
class Pending:
    """A job asked for by this session: its ticket with the supervisor."""

    ticket: str = field(default_factory=lambda: uuid.uuid4().hex)


def _jobs() -> dict[str, Pending]:
    return st.session_state.setdefault(_JOBS, {})


def outcomes() -> dict[str, JobOutcome]:
    return st.session_state.setdefault(_OUTCOMES, {})


def start(key: str, function: Callable[..., Any], *args: Any, time_limit_s: float = 300.0, **kwargs: Any) -> None:
    """Hand a job to the supervisor; it starts as soon as a slot is free (at once on an idle server)."""
    outcomes().pop(key, None)
    pending = Pending()
    _jobs()[key] = pending
    supervisor().submit(Job(function, args, kwargs, time_limit_s=time_limit_s,
                            memory_limit_mb=default_memory_limit_mb()), pending.ticket)


def running(key: str) -> bool:
    return key in _jobs()


def forget(prefix: str) -> None:
    for key in [k for k in _jobs() if k.startswith(prefix)]:
        supervisor().cancel(_jobs().pop(key).ticket)
    for key in [k for k in outcomes() if k.startswith(prefix)]:
        outcomes().pop(key)


def progress_panel(key: str, label: str) -> None:
    """Ask the supervisor every half second: the job's place in the queue, then a progress bar; a cancel button
    throughout. Closing the tab stops the asking, never the limits."""

    @st.fragment(run_every=0.5)
    def panel() -> None:
        pending = _jobs().get(key)
        if pending is None:
            return
        state, detail = supervisor().status(pending.ticket)
        if state in ("ended", "unknown"):
            outcomes()[key] = detail if state == "ended" else JobOutcome(
                status="cancelled", message="the job was dropped from the queue while this page was away; "
                                            "start it again")
            _jobs().pop(key, None)
            st.rerun()
        elif state == "waiting":
            st.info(f"{label}: waiting for a free worker — place {detail} in the queue "
                    f"({max_parallel_jobs()} job(s) run at a time on this server).")
        else:
            fraction, message, elapsed = detail
            st.progress(min(max(fraction, 0.0), 1.0), text=f"{label}: {message} ({elapsed:.0f} s)")
        if st.button("Cancel", key=f"cancel::{key}", icon=":material/cancel:"):
            outcomes()[key] = supervisor().cancel(pending.ticket)
            _jobs().pop(key, None)
            st.rerun()

    panel()
