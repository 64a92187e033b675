"""The same pipeline on a Dask distributed cluster: ``--scheduler tcp://HOST:8786``.

:class:`DaskWorkers` is a :class:`~tollwatch.workers.Workers` whose ``map`` runs on the
cluster's workers (Dask is the engine; ``pip install 'tollwatch[cluster]'``). The inputs are
cut into partitions (``CHUNK`` inputs each: records of a JSON lines dump, files of a folder,
in input order); each partition is one Dask task, and at most ``IN_FLIGHT`` partitions per
worker are in flight, so an archive streams. Results come back in input order, so the
documents, and what the store makes of them, are those of one process.

A worker that dies loses nothing: the scheduler gives its unfinished partitions to another
worker (up to Dask's ``distributed.scheduler.allowed-failures`` times per partition), and
since only this process writes the store, and it skips any report whose content hash is
stored, a report is stored once.

Start a cluster (every machine with tollwatch installed and the inputs at the same path)::

    dask scheduler                                  # prints tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers 2 --nthreads 1
    tollwatch ingest archive/ --scheduler tcp://HOST:8786 --db postgresql+psycopg://...
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from tollwatch.workers import CHUNK, IN_FLIGHT, Workers, _run_chunk

T = TypeVar("T")
R = TypeVar("R")


class ClusterError(RuntimeError):
    """The cluster cannot be used (Dask missing, scheduler unreachable)."""


class DaskWorkers(Workers):
    """``map`` on the workers of the Dask cluster at ``scheduler`` (an address or a ``Client``)."""

    def __init__(self, scheduler: Any, *, chunk: int = CHUNK, timeout: float = 30) -> None:
        try:
            from distributed import Client
        except ImportError as e:
            raise ClusterError("--scheduler needs Dask distributed: pip install 'tollwatch[cluster]'") from e
        super().__init__(1, chunk=chunk)
        self._own = not isinstance(scheduler, Client)
        try:
            self.client = Client(scheduler, timeout=timeout) if self._own else scheduler
        except OSError as e:
            raise ClusterError(f"no Dask scheduler answers at {scheduler}: {e}") from e
        self.n = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.parallel = True

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` over ``items`` on the cluster, results in the order of the items, streamed."""
        pending: deque[Any] = deque()
        it = iter(items)
        limit = max(1, len(self.client.scheduler_info().get("workers", {}))) * IN_FLIGHT
        while True:
            while len(pending) < limit:
                chunk = list(islice(it, self.chunk))
                if not chunk:
                    break
                pending.append(self.client.submit(_run_chunk, fn, chunk, pure=False))
            if not pending:
                return
            future = pending.popleft()
            yield from future.result()
            future.release()

    def close(self) -> None:
        if self._own and getattr(self, "client", None) is not None:
            self.client.close()
            self._own = False
