"""Running a stage in N processes on one machine, results in input order.

    with Workers(2) as pool:
        for doc in pool.map(extract_document, docs):   # same documents, same order as map()
            ...

``Workers(1)`` runs everything in this process (no pool at all). With more, the work goes to
a :class:`concurrent.futures.ProcessPoolExecutor` in chunks; at most a few chunks per
process are in flight, so an archive of millions of reports is streamed, never held. The
function must be picklable (a module-level function, or a :func:`functools.partial` of one)
and must not raise on one bad item: a stage records its problems on the item (as
:func:`tollwatch.extract_document` does) so that one report never stops a batch.

The processes are started when the pool is opened (``fork`` where the platform has it: they
inherit the loaded lexicons and gazetteer instead of loading them again), before any
progress bar starts a thread.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items sent to a process at once (fewer round trips; small enough to keep processes even).
CHUNK = 8
#: Chunks in flight per process: enough to keep every process busy, few enough to stream.
IN_FLIGHT = 4
#: Inputs larger than this (bytes, all files together; ~500 reports, ~9 s of one core) use every
#: core by default (a forked pool starts in well under a second).
LARGE_INPUT_BYTES = 1024 * 1024


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(paths: Iterable[str | Path]) -> int:
    """``--workers`` when not given: every core for large inputs, one process otherwise
    (standard input, whose size is not known before it is read, too)."""
    from tollwatch.read import planned_bytes

    size = planned_bytes(paths)
    return cores() if size is not None and size > LARGE_INPUT_BYTES else 1


def open_workers(
    n: int | None,
    scheduler: str | None,
    paths: Iterable[str | Path],
    warm: Callable[[], object] | None = None,
) -> Workers:
    """The pool a command asked for: a Dask cluster (``--scheduler``), ``n`` processes
    (``--workers``), or the default for these inputs. ``warm`` loads what every process
    needs (lexicons, gazetteer...) once, before the processes are forked, so that they share
    it instead of each loading it again. Raises ``ClusterError`` when the cluster cannot be used."""
    if scheduler:
        from tollwatch.cluster import DaskWorkers

        return DaskWorkers(scheduler)
    return Workers(n or default_workers(paths), warm=warm)


def _run_chunk(fn: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    return [fn(item) for item in chunk]


def _nothing() -> None:
    return None


class Workers:
    """``n`` processes (``n`` <= 1: none, everything runs here) with an ordered :meth:`map`."""

    def __init__(self, n: int = 1, *, chunk: int = CHUNK, warm: Callable[[], object] | None = None) -> None:
        self.n = max(1, int(n))
        self.chunk = max(1, chunk)
        self._pool: ProcessPoolExecutor | None = None
        #: whether ``map`` runs elsewhere than in this process
        self.parallel = self.n > 1
        if self.n > 1:
            methods = multiprocessing.get_all_start_methods()
            fork = "fork" in methods
            if fork and warm is not None:
                warm()  # loaded once here, inherited by every forked process
            context = multiprocessing.get_context("fork" if fork else "spawn")
            self._pool = ProcessPoolExecutor(self.n, mp_context=context)
            # each submit starts one more process until there are n: start them all now
            for f in [self._pool.submit(_nothing) for _ in range(self.n)]:
                f.result()

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` over ``items``, results in the order of the items, streamed."""
        if self._pool is None:
            yield from map(fn, items)
            return
        pending: deque[Future[list[R]]] = deque()
        it = iter(items)
        limit = self.n * IN_FLIGHT
        while True:
            while len(pending) < limit:
                chunk = list(islice(it, self.chunk))
                if not chunk:
                    break
                pending.append(self._pool.submit(_run_chunk, fn, chunk))
            if not pending:
                return
            yield from pending.popleft().result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
