"""A big incident an ingest run adds to is rebuilt once, at the end of the run (materialise.refresh_or_defer)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select, update

from tollwatch.ledger import Store, materialise
from tollwatch.ledger.schema import documents, incidents, ingest_runs


def n_documents(store: Store) -> list[int]:
    with store.read() as conn:
        return [
            int(n)
            for n in conn.execute(
                select(incidents.c.n_documents).where(incidents.c.n_documents > 0)
            ).scalars()
        ]


def test_a_big_incident_is_rebuilt_once_at_the_end_of_the_run(
    store: Store, b: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(materialise, "DEFER_DOCUMENTS", 2)
    rebuilt: list[list[int]] = []
    refresh = materialise.refresh_incidents

    def counting(conn: Any, ids: Any, written: Any = None) -> None:
        rebuilt.append(sorted(ids))
        refresh(conn, ids, written)

    monkeypatch.setattr(materialise, "refresh_incidents", counting)
    monkeypatch.setattr("tollwatch.ledger.ingest.refresh_incidents", counting)
    during: list[list[int]] = []
    store.ingest_documents(
        b.osh_reports(), batch_size=2, progress=lambda n: during.append(n_documents(store))
    )
    # batches 1 and 2 rebuild the incident (0, then 2 reports: small); batch 3 finds it holding
    # 4 > 2 and leaves it as it was until the run ends
    assert during == [[2], [4], [4]]
    assert n_documents(store) == [5]
    incident_id = store.list_incidents()[0][0]["id"]
    assert len((store.get_incident(incident_id) or {})["documents"]) == 5  # the ledger too
    assert [ids for ids in rebuilt if ids] == [[int(incident_id)]] * 3  # batch 1, batch 2, the run's end


def test_a_failing_run_still_rebuilds_what_it_deferred(
    store: Store, b: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(materialise, "DEFER_DOCUMENTS", 1)

    def reports() -> Iterator[Any]:
        yield from b.osh_reports()[:4]
        raise OSError("the archive's disk went away")

    with pytest.raises(OSError):
        store.ingest_documents(reports(), batch_size=2)
    assert n_documents(store) == [4]  # batch 2 was deferred, and rebuilt on the way out
    with store.read() as conn:
        assert conn.execute(select(ingest_runs.c.status)).scalar_one() == "failed"


def test_a_killed_runs_incidents_are_rebuilt_by_the_next_run(store: Store, b: SimpleNamespace) -> None:
    store.ingest_documents(b.osh_reports())
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    with store.write() as conn:  # as a run killed after writing its batches, before its end, leaves them
        conn.execute(update(ingest_runs).values(status="running", pid=int(gone.stdout)))
        conn.execute(update(incidents).values(n_documents=2))
    assert n_documents(store) == [2]
    store.ingest_documents([])
    assert n_documents(store) == [5]
    with store.read() as conn:
        statuses = list(conn.execute(select(ingest_runs.c.status).order_by(ingest_runs.c.id)).scalars())
        assert statuses == ["interrupted", "done"]
        assert conn.execute(select(documents.c.ingest_run).distinct()).scalar_one() == 1
