"""The store on PostgreSQL (the shared-server option). Runs only when a server is given:

    TOLLWATCH_TEST_PG_URL="postgresql+psycopg://user@/db?host=/tmp&port=5432" pytest tests/ledger/test_postgres.py

The database must be empty (or hold only tollwatch's tables, which are dropped first).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

URL = os.environ.get("TOLLWATCH_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set TOLLWATCH_TEST_PG_URL to test on PostgreSQL")


@pytest.fixture
def pg() -> Iterator[object]:
    from sqlalchemy import create_engine, text

    from tollwatch.ledger import Store
    from tollwatch.ledger.schema import metadata

    assert URL is not None
    engine = create_engine(URL)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS schema_migrations"))
    engine.dispose()
    store = Store(URL)
    yield store
    store.close()


def test_the_store_works_on_postgresql(pg: object, b: SimpleNamespace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tollwatch.export import export
    from tollwatch.ledger import IncidentFilter, Store

    assert isinstance(pg, Store)
    assert pg.ingest_documents(b.osh_reports()).new == 5
    assert pg.ingest_documents(b.osh_reports()).new == 0
    rows, total = pg.list_incidents(IncidentFilter(q="human rights"))
    assert total == 1
    inc = pg.get_incident(rows[0]["id"])
    assert inc is not None and next(t for t in inc["tallies"] if t["category"] == "total")["best"] == 14
    assert [h["id"] for h in pg.search_documents("human rights")] == ["osh-4"]
    fid = inc["figures"][0]["id"]
    assert pg.reject_figure(fid, actor="ana", reason="test")["review_status"] == "rejected"
    assert [h["action"] for h in pg.incident_history(rows[0]["id"])] == ["reject_figure"]
    assert export(pg, "incidents", "ucdp", tmp_path / "u.csv") == 1
