"""Where documents are rendered: in this process, in worker processes, or on a Dask cluster.

Takes in: how many local workers to use, or the address of a Dask scheduler.
Gives out: a ``concurrent.futures.Executor`` (or ``None`` for in-process rendering) that
``build()`` submits jobs to. Everything a worker runs is importable at module level.

A brand's templates come from other people, so one document's work is bounded: each local
worker has a memory cap (``RLIMIT_AS``, where the platform has it) and ``time_limit`` stops
a document that runs too long. Local workers also die with the process that started them
(``PR_SET_PDEATHSIG`` on Linux, a watchdog thread elsewhere), so a killed build leaves no
workers behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from types import FrameType
from typing import Any

from toolkit.errors import SetupError

MEMORY_LIMIT = 4 * 1024**3
"""Address space (bytes) one local worker may use: a rendering worker needs well under
1 GB, so only a runaway template reaches this."""
PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal a Linux process gets when its parent dies."""


class TimeLimitExceeded(BaseException):
    """A document ran past its time limit. A ``BaseException``, so no ``except
    Exception`` inside a renderer can swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``TimeLimitExceeded`` in the block after ``seconds`` (``None`` or 0: no limit).
    Needs a POSIX timer and the main thread (local workers and in-process builds have both;
    Dask threads do not, and go without)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or seconds <= 0 or not usable:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def start_worker(parent: int, memory_limit: int | None) -> None:
    """Run first in every local worker: die with ``parent``, cap the memory, and import the
    renderer now, so a document's time limit does not pay for a cold start."""
    _die_with_parent(parent)
    if memory_limit:
        _cap_memory(memory_limit)
    with contextlib.suppress(ImportError, OSError):  # the system check reports these
        importlib.import_module("weasyprint")


def _die_with_parent(parent: int) -> None:
    libc_name = ctypes.util.find_library("c") if sys.platform.startswith("linux") else None
    if libc_name:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _cap_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform (Windows)
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    capped = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (capped, hard))


@contextmanager
def executor_for(
    jobs: int, dask_address: str | None = None, memory_limit: int | None = MEMORY_LIMIT
) -> Iterator[Executor | None]:
    """An executor for ``jobs`` local workers (each capped at ``memory_limit`` bytes), or
    for the Dask cluster at ``dask_address``."""
    if dask_address:
        with _dask_executor(dask_address) as executor:
            yield executor
    elif jobs > 1:
        # spawn: fresh interpreters (fork is unsafe with threads). Workers live for the whole
        # build: max_tasks_per_child deadlocks on Python 3.11-3.14 once a worker reaches its
        # limit with work still queued (CPython gh-115634; a 64-document build hung after
        # 2 x 25), and a worker's memory levels off anyway (docs/performance.md).
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=start_worker,
            initargs=(os.getpid(), memory_limit),
        ) as pool:
            yield pool
    else:
        yield None


@contextmanager
def _dask_executor(address: str) -> Iterator[Executor]:
    try:  # optional extra; imported by name so it stays optional for the type checker too
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise SetupError(
            "--dask needs the optional extra: pip install 'online-safety-toolkit[distributed]'"
        ) from None
    try:
        client = distributed.Client(address, timeout="10s")
    except OSError as error:
        raise SetupError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        executor: Executor = client.get_executor()
        yield executor
    finally:
        client.close()
