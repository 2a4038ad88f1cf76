"""Functions run in worker processes by test_jobs.py (they must be importable)."""

from __future__ import annotations

import os
import time


def add(a, b, *, on_progress):
    on_progress(0.5, "adding")
    return a + b


def crash(*, on_progress):
    on_progress(0.1, "about to crash")
    os._exit(3)


def segfault(*, on_progress):
    import ctypes

    ctypes.string_at(0)


def raise_error(*, on_progress):
    raise ValueError("the data has no rows")


def hog_memory(megabytes, *, on_progress):
    blocks = []
    for _ in range(megabytes // 50):
        blocks.append(bytearray(50 * 1024 * 1024))
        on_progress(len(blocks) * 50 / megabytes, "allocating")
        time.sleep(0.02)
    time.sleep(30)
    return len(blocks)


def sleep(seconds, *, on_progress):
    time.sleep(seconds)
    return "woke up"


def chatty(*, on_progress):
    """Many progress messages (that still fit in the pipe), the result, then exit: the parent must drain them all."""
    for i in range(200):
        on_progress(i / 200, f"step {i}")
    return "finished"
