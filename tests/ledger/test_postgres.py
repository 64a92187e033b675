"""The store on PostgreSQL (the shared-server option), from an empty database: every migration
runs there, then the verbs work. The session's throwaway server comes from ``tests/conftest.py``;
the store, ledger, review and web tests run on it too (their ``store`` fixtures are parametrised).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest


@pytest.fixture
def pg(postgres: object) -> Iterator[object]:
    from tollwatch.ledger import Store

    store = Store(postgres.new_database(migrated=False))  # type: ignore[attr-defined]
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


def test_every_migration_runs_on_an_empty_postgresql_database(postgres: object) -> None:
    from sqlalchemy import inspect

    from tollwatch.ledger import Store
    from tollwatch.ledger import migrate as migrations
    from tollwatch.ledger.schema import POSTGRESQL_ONLY_COLUMNS, metadata

    with Store(postgres.new_database(migrated=False), auto_migrate=False) as store:  # type: ignore[attr-defined]
        applied = store.migrate()
        assert applied == [f"{m.series} {m.number:04d} {m.name}" for m in migrations.discover()]
        assert any(a.startswith("web ") for a in applied) and len(applied) >= 8
        insp = inspect(store.engine)
        for table in metadata.sorted_tables:
            declared = {c.name for c in table.columns} | POSTGRESQL_ONLY_COLUMNS.get(table.name, set())
            assert {c["name"] for c in insp.get_columns(table.name)} == declared
        # the full-text index is on the stored vector (ledger_0013), not on an expression
        indexes = {i["name"] for i in insp.get_indexes("documents")}
        assert "ix_documents_search" in indexes and "ix_documents_fts" not in indexes
        assert store.migrate() == []
