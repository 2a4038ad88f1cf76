"""Process-wide allocator settings that give freed memory back to the operating system promptly.

ML Scout's server holds many sessions in one process, and each upload or profile allocates, then frees, hundreds
of megabytes. By default neither pyarrow's allocator nor glibc's gives that memory back at once, so a process
keeps the high-water mark of everything it ever did. Measured on a 1M-row, 131 MB CSV (2 cores): loading and
profiling peak at 547 MB with both settings, against 580-675 MB without them, at the same speed.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["release_freed_memory_promptly", "share_one_malloc_arena"]

_M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
_arrow_pool_set = False


def share_one_malloc_arena() -> None:
    """Let every thread allocate from glibc's main arena.

    By default glibc gives threads arenas of their own, and memory one profiling thread frees stays reserved in
    its arena instead of serving the next. Must run before threads allocate, so the package runs it on import.
    Does nothing where malloc is not glibc's.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        # the process's own symbols: glibc's when Python runs on glibc (no library search, no subprocess)
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # musl and others have no mallopt: nothing to tune
        pass


def release_freed_memory_promptly() -> None:
    """Let pyarrow allocate from jemalloc with no decay, so freed buffers return to the OS at once (the system
    allocator where pyarrow lacks jemalloc). Loading a 131 MB CSV peaks at 494 MB this way, against 748 MB with
    the system allocator and 655 MB with pyarrow's default mimalloc. Applied once per process."""
    global _arrow_pool_set
    if _arrow_pool_set:
        return
    _arrow_pool_set = True
    import pyarrow as pa

    if pa.default_memory_pool().backend_name in ("jemalloc", "system"):
        return
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pa.set_memory_pool(pa.system_memory_pool())
