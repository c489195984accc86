"""Where documents are rendered: in this process, in worker processes, or on a Dask cluster.

Takes in: how many local workers to use, or the address of a Dask scheduler.
Gives out: a ``concurrent.futures.Executor`` (or ``None`` for in-process rendering) that
``build()`` submits jobs to. Everything a worker runs is importable at module level.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from toolkit.errors import SetupError


@contextmanager
def executor_for(jobs: int, dask_address: str | None = None) -> Iterator[Executor | None]:
    """An executor for ``jobs`` local workers, or for the Dask cluster at ``dask_address``."""
    if dask_address:
        with _dask_executor(dask_address) as executor:
            yield executor
    elif jobs > 1:
        # spawn: fresh interpreters (fork is unsafe with threads). Workers live for the whole
        # build: max_tasks_per_child deadlocks on Python 3.11-3.14 once a worker reaches its
        # limit with work still queued (CPython gh-115634; a 64-document build hung after
        # 2 x 25), and a worker's memory levels off anyway (docs/performance.md).
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
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
