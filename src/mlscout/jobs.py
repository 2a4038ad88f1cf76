"""Heavy work (deep profile, baselines) in a spawned worker process.

Streamlit runs every browser session as a thread of one process, and ydata-profiling draws with matplotlib, which is
not thread-safe; model fitting can use all memory. A job therefore runs in its own spawned process, with

- a time limit (wall clock), after which the worker is killed;
- a memory watchdog that reads the worker's actual resident memory (RSS, children included) and kills it above the
  limit. (An address-space rlimit misfires with pyarrow and OpenBLAS, which reserve far more than they use.)
- cancellation from the caller;
- progress sent back through a queue as ``(fraction, message)``.

The function must be importable (defined at module level) and accept an ``on_progress`` keyword argument.
Whatever happens in the worker — an exception, a crash, a kill — the caller gets a `JobOutcome` with a message,
never an exception, and keeps running.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Job", "JobOutcome", "Slots", "Supervisor", "available_cores", "default_memory_limit_mb", "max_parallel_jobs",
           "run_job"]

Status = Literal["running", "done", "failed", "timeout", "memory", "cancelled", "crashed"]
_POLL_S = 0.1


def available_cores() -> int:
    """Cores this process may use: the machine's, narrowed by its CPU affinity and by a container's CPU quota.

    ``os.cpu_count()`` counts the host's cores. In a container limited to two cores on a large host it said many
    more, and a server ran eight baselines at once on two cores (1.6 GB where two at a time stay under 0.8 GB).
    joblib's count reads the affinity and the cgroup quota.
    """
    from joblib import cpu_count

    return max(1, int(cpu_count()))


def max_parallel_jobs() -> int:
    """Heavy jobs run at once on a server: one per available core (MLSCOUT_MAX_JOBS overrides)."""
    configured = os.environ.get("MLSCOUT_MAX_JOBS")
    return max(1, int(configured)) if configured else available_cores()


def default_memory_limit_mb() -> int:
    """Memory one job may use: 80% of the machine's memory shared by the jobs that may run at once
    (on 2 cores and 24 GiB: 9.8 GB each). MLSCOUT_JOB_MEMORY_MB overrides."""
    configured = os.environ.get("MLSCOUT_JOB_MEMORY_MB")
    if configured:
        return int(float(configured))
    import psutil

    return int(psutil.virtual_memory().total / 1024 / 1024 * 0.8 / max_parallel_jobs())


@dataclass
class Slots:
    """A first-come queue of job tickets and the set of running ones. It holds ids only, never data, so a server
    can share one between its sessions."""

    capacity: int
    running: set[str] = field(default_factory=set)
    waiting: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def request(self, ticket: str) -> int:
        """0 when the job may start now (it is then counted as running); else its place in the queue (1 = next)."""
        with self.lock:
            if ticket in self.running:
                return 0
            if ticket not in self.waiting:
                self.waiting.append(ticket)
            if len(self.running) < self.capacity and self.waiting[0] == ticket:
                self.waiting.pop(0)
                self.running.add(ticket)
                return 0
            return self.waiting.index(ticket) + 1

    def release(self, ticket: str) -> None:
        with self.lock:
            self.running.discard(ticket)
            if ticket in self.waiting:
                self.waiting.remove(ticket)


@dataclass(frozen=True)
class JobOutcome:
    status: Status
    value: Any = None
    message: str = ""
    elapsed_s: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == "done"


def threads_per_job() -> int:
    """Threads one job's numeric libraries may use: the cores shared out among the jobs that run at once.

    Two jobs each spinning two OpenMP threads on two cores were measured 30 times slower than one (a 20 s baseline
    budget took 208 s): the thread pools fight for the cores instead of sharing them.
    """
    return max(1, available_cores() // max_parallel_jobs())


def _worker(results: Any, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    os.environ.setdefault("YDATA_PROFILING_NO_ANALYTICS", "1")
    threads = str(threads_per_job())
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = threads  # read when a library loads its pool: the job's imports come later
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(int(threads))  # and the pools this process already has
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        pass

    def report(fraction: float, message: str) -> None:
        results.put(("progress", float(fraction), str(message)))

    try:
        value = function(*args, on_progress=report, **kwargs)
    except MemoryError:
        results.put(("failed", None, "the job ran out of memory"))
    except BaseException as exc:  # noqa: BLE001 - everything is reported to the caller as a message
        text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
        results.put(("failed", None, f"{type(exc).__name__}: {text}" if text else type(exc).__name__))
    else:
        results.put(("done", value, ""))


@dataclass
class Job:
    """A function running in a worker process. Call `start`, then `poll` until it returns an outcome."""

    function: Callable[..., Any]
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    time_limit_s: float = 300.0
    memory_limit_mb: float | None = None
    progress: tuple[float, str] = (0.0, "waiting")
    _process: Any = None
    _results: Any = None
    _started: float = 0.0
    _peak_mb: float = 0.0
    _outcome: JobOutcome | None = None
    _unreported: list[tuple[float, str]] = field(default_factory=list)

    def start(self) -> Job:
        context = mp.get_context("spawn")
        self._results = context.Queue()
        self._process = context.Process(target=_worker, args=(self._results, self.function, self.args,
                                                              self.kwargs), daemon=True)
        self._started = time.monotonic()
        self.progress = (0.0, "starting")
        self._process.start()
        return self

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self._started if self._started else 0.0

    @property
    def finished(self) -> bool:
        return self._outcome is not None

    def _rss_mb(self) -> float:
        import psutil

        try:
            process = psutil.Process(self._process.pid)
            rss = process.memory_info().rss
            for child in process.children(recursive=True):
                try:
                    rss += child.memory_info().rss
                except psutil.Error:
                    pass
            return rss / 1024 / 1024
        except psutil.Error:
            return 0.0

    def _finish(self, status: Status, value: Any = None, message: str = "") -> JobOutcome:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=5)
        if self._results is not None:
            self._results.close()
            self._results.cancel_join_thread()
        self._outcome = JobOutcome(status=status, value=value, message=message,
                                   elapsed_s=round(self.elapsed_s, 3), peak_rss_mb=round(self._peak_mb, 1))
        return self._outcome

    def poll(self) -> JobOutcome | None:
        """Collect progress, enforce the limits; the outcome once the job has ended, else None."""
        if self._outcome is not None:
            return self._outcome
        if self._process is None:
            raise RuntimeError("start() the job before polling it")
        outcome = self._drain(wait_s=None)
        if outcome is not None:
            return outcome
        rss = self._rss_mb()
        self._peak_mb = max(self._peak_mb, rss)
        if self.memory_limit_mb and rss > self.memory_limit_mb:
            return self._finish("memory", None, f"the job used {rss:,.0f} MB, over its {self.memory_limit_mb:,.0f} MB "
                                                "limit, and was stopped. Try a smaller sample.")
        if self.elapsed_s > self.time_limit_s:
            return self._finish("timeout", None, f"the job took longer than {self.time_limit_s:.0f} s and was "
                                                 "stopped. Try a smaller sample or a larger time budget.")
        if not self._process.is_alive():
            # It may have put its last messages just before exiting: drain them all (progress first, then the
            # result), not just one, before calling it a crash.
            outcome = self._drain(wait_s=1.0)
            if outcome is not None:
                return outcome
            code = self._process.exitcode
            reason = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            return self._finish("crashed", None, f"the worker process stopped unexpectedly ({reason}).")
        return None

    def _drain(self, wait_s: float | None) -> JobOutcome | None:
        """Read every queued message: progress is recorded, a result ends the job. `wait_s` None never waits."""
        while True:
            try:
                kind, a, b = self._results.get_nowait() if wait_s is None else self._results.get(timeout=wait_s)
            except (queue.Empty, EOFError, OSError, ValueError):
                return None
            if kind == "progress":
                self.progress = (a, b)
                self._unreported.append(self.progress)
            elif kind == "done":
                return self._finish("done", a)
            else:
                return self._finish("failed", None, b)

    def cancel(self) -> JobOutcome:
        if self._outcome is not None:
            return self._outcome
        return self._finish("cancelled", None, "cancelled")

    def wait(self, on_progress: Callable[[float, str], None] | None = None,
             should_cancel: Callable[[], bool] | None = None) -> JobOutcome:
        """Block until the job ends, forwarding progress; `should_cancel` is asked at every poll."""
        while True:
            outcome = self.poll()
            if on_progress is not None:
                for fraction, message in self._unreported:
                    on_progress(fraction, message)
            self._unreported.clear()
            if outcome is not None:
                return outcome
            if should_cancel is not None and should_cancel():
                return self.cancel()
            time.sleep(_POLL_S)


def run_job(function: Callable[..., Any], *args: Any, time_limit_s: float = 300.0,
            memory_limit_mb: float | None = None, on_progress: Callable[[float, str], None] | None = None,
            **kwargs: Any) -> JobOutcome:
    """Run `function(*args, on_progress=..., **kwargs)` in a worker process and wait for its outcome."""
    limit = memory_limit_mb if memory_limit_mb is not None else default_memory_limit_mb()
    job = Job(function, args, kwargs, time_limit_s=time_limit_s, memory_limit_mb=limit).start()
    return job.wait(on_progress=on_progress)


class Supervisor:
    """The server's owner of heavy jobs: it starts them in queue order, enforces their time and memory limits,
    frees their slot when they end, and keeps their outcome for the page to pick up, whether or not any browser tab
    is still open.

    A page only submits a job and asks for its status; the asking is its heartbeat. A job still waiting whose page
    has not asked for `abandon_after_s` (its tab was closed) leaves the queue, so it never holds up the others; a
    running job ends by itself or by its limits, and an outcome nobody picks up is dropped after `keep_outcomes_s`.
    The supervisor holds job identifiers, processes and outcomes: it is shared by every session of a server.
    """

    def __init__(self, capacity: int, *, interval_s: float = 0.25, abandon_after_s: float = 30.0,
                 keep_outcomes_s: float = 600.0) -> None:
        self.slots = Slots(capacity=capacity)
        self.interval_s = interval_s
        self.abandon_after_s = abandon_after_s
        self.keep_outcomes_s = keep_outcomes_s
        self._lock = threading.RLock()
        self._queued: dict[str, Job] = {}
        self._running: dict[str, Job] = {}
        self._seen: dict[str, float] = {}
        self._outcomes: dict[str, tuple[JobOutcome, float]] = {}
        self._thread: threading.Thread | None = None

    def submit(self, job: Job, ticket: str) -> str:
        """Queue `job` under `ticket`; it starts as soon as a slot is free."""
        with self._lock:
            self._queued[ticket] = job
            self._seen[ticket] = time.monotonic()
            self._ensure_thread()
        self.tick()
        return ticket

    def status(self, ticket: str) -> tuple[str, Any]:
        """('waiting', place), ('running', (fraction, message, elapsed s)), ('ended', JobOutcome) or ('unknown',
        None); asking counts as the page's heartbeat."""
        with self._lock:
            self._seen[ticket] = time.monotonic()
            if ticket in self._outcomes:
                return "ended", self._outcomes.pop(ticket)[0]
            if ticket in self._running:
                job = self._running[ticket]
                return "running", (*job.progress, job.elapsed_s)
            if ticket in self._queued:
                return "waiting", self.slots.request(ticket) or 1
            return "unknown", None

    def cancel(self, ticket: str) -> JobOutcome:
        with self._lock:
            job = self._running.pop(ticket, None) or self._queued.pop(ticket, None)
            self.slots.release(ticket)
            self._seen.pop(ticket, None)
            self._outcomes.pop(ticket, None)
        if job is None:
            return JobOutcome(status="cancelled", message="cancelled")
        return job.cancel()

    def tick(self) -> None:
        """One round: collect ended jobs, drop abandoned waiting ones, start what the free slots allow."""
        now = time.monotonic()
        with self._lock:
            for ticket, job in list(self._running.items()):
                outcome = job.poll()  # enforces the time and memory limits
                if outcome is not None:
                    del self._running[ticket]
                    self.slots.release(ticket)
                    self._outcomes[ticket] = (outcome, now)
            for ticket in list(self._queued):
                if now - self._seen.get(ticket, now) > self.abandon_after_s:
                    del self._queued[ticket]
                    self.slots.release(ticket)
                    self._seen.pop(ticket, None)
            for ticket in list(self._queued):
                if self.slots.request(ticket) == 0:
                    self._running[ticket] = self._queued.pop(ticket).start()
            for ticket, (_, ended) in list(self._outcomes.items()):
                if now - ended > self.keep_outcomes_s:
                    del self._outcomes[ticket]
                    self._seen.pop(ticket, None)

    @property
    def busy(self) -> bool:
        with self._lock:
            return bool(self._queued or self._running)

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="mlscout-job-supervisor", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        # Sleeps while there is nothing to watch: an idle server spends no CPU here.
        while True:
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - the supervisor must outlive any one job's failure
                pass
            with self._lock:
                if not (self._queued or self._running):
                    self._thread = None
                    return
            time.sleep(self.interval_s)
