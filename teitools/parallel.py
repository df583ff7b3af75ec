"""Many files through one function in several processes, the results in input order."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing import get_all_start_methods, get_context
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_order(func: Callable[[Item], Result], items: Sequence[Item], jobs: int,
             initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Iterator[Result]:
    """``func`` over ``items`` from ``jobs`` processes (forked where that is safe, so they share what this process
    compiled). ``initializer`` runs here as well, so ``func`` finds the same state with one job or many."""
    if initializer is not None:
        initializer(*initargs)
    if jobs <= 1 or len(items) < 2:
        yield from map(func, items)
        return
    pool = get_context(_start_method()).Pool(jobs, _start_worker, (initializer, initargs))
    finished = False
    try:
        yield from pool.imap(func, items, chunksize=max(1, min(16, len(items) // (jobs * 4) or 1)))
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # stopped (Ctrl-C, SIGTERM, an error, the consumer gone): waiting for the queue would hang
            pool.terminate()
        pool.join()


def _start_method() -> str:
    """Fork where it is safe: a process that runs other threads (a library's native ones too, as an embedded JVM
    starts) can fork a child that waits forever on a lock one of them held; such a process spawns its workers."""
    if "fork" not in get_all_start_methods():
        return "spawn"
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        threads = threading.active_count()
    return "fork" if threads <= 1 else "spawn"


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker leaves Ctrl-C to its parent, which stops the pool, and ends on SIGTERM (what ``terminate`` sends)
    through SystemExit, so that the ``finally`` of what it was writing removes the temporary file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    if initializer is not None:
        initializer(*initargs)


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
