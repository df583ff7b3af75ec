"""Many files through one function in several processes, the results in input order."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing import get_all_start_methods, get_context
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_order(func: Callable[[Item], Result], items: Sequence[Item], jobs: int,
             initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> Iterator[Result]:
    """``func`` over ``items`` from ``jobs`` processes (forked where the system can, so they share what this process
    compiled). ``initializer`` runs here as well, so ``func`` finds the same state with one job or many."""
    if initializer is not None:
        initializer(*initargs)
    if jobs <= 1 or len(items) < 2:
        yield from map(func, items)
        return
    method = "fork" if "fork" in get_all_start_methods() else "spawn"
    pool = get_context(method).Pool(jobs, _start_worker, (initializer, initargs))
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


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker leaves Ctrl-C to its parent, which stops the pool, and ends on SIGTERM (what ``terminate`` sends)
    through SystemExit, so that the ``finally`` of what it was writing removes the temporary file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    if initializer is not None:
        initializer(*initargs)


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
