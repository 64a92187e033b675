"""The store: migrations, the URL, lists with filters and sorts, pages, search."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import inspect, select, text

from tollwatch.contract import Place
from tollwatch.ledger import IncidentFilter, Store
from tollwatch.ledger import migrate as migrations
from tollwatch.ledger.engine import database_url
from tollwatch.ledger.migrate import discover
from tollwatch.ledger.schema import POSTGRESQL_ONLY_COLUMNS, metadata
from tollwatch.settings import Settings


def test_a_migrated_database_has_exactly_the_declared_tables_and_columns(store: Store) -> None:
    insp = inspect(store.engine)
    extra = POSTGRESQL_ONLY_COLUMNS if store.engine.dialect.name == "postgresql" else {}
    for table in metadata.sorted_tables:
        declared = {c.name for c in table.columns} | extra.get(table.name, set())
        assert {c["name"] for c in insp.get_columns(table.name)} == declared, table.name
    with store.read() as conn:
        rows = conn.execute(
            text("SELECT series, number FROM schema_migrations WHERE series = 'ledger'")
        ).all()
    # every migration the package has (numbered 1..n), applied once
    numbers = sorted(m.number for m in discover() if m.series == "ledger")
    assert sorted(rows) == [("ledger", n) for n in numbers] and len(rows) >= 4
    assert store.migrate() == []  # nothing left to apply


def test_another_package_adds_its_own_migrations_after_ours(tmp_path: Path) -> None:
    def create_notes(conn) -> None:  # type: ignore[no-untyped-def]
        conn.execute(
            text("CREATE TABLE extra_notes (incident_id INTEGER REFERENCES incidents(id), note TEXT)")
        )

    migrations.register_migrations("extra", [(1, "create extra notes", create_notes)])
    try:
        with Store(tmp_path / "x.db") as s:
            with s.read() as conn:
                applied = conn.execute(text("SELECT series, number, name FROM schema_migrations")).all()
            assert ("extra", 1, "create extra notes") in applied
            assert "extra_notes" in inspect(s.engine).get_table_names()
    finally:
        migrations._registered.pop(("extra", 1))


@pytest.mark.parametrize("numbers", [(2,), (1, 3)])
def test_migration_numbers_must_not_have_gaps(numbers: tuple[int, ...]) -> None:
    migrations.register_migrations("gappy", [(n, f"number {n}", lambda conn: None) for n in numbers])
    try:
        with pytest.raises(RuntimeError, match="gappy"):
            migrations.discover()
    finally:
        for n in numbers:
            migrations._registered.pop(("gappy", n))


def test_the_database_comes_from_the_option_the_environment_or_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOLLWATCH_DB", "ignored-below-the-cli.db")  # the library never reads it
    assert database_url(None) == f"sqlite:///{tmp_path / 'tollwatch.db'}"
    settings = Settings.from_environ({"TOLLWATCH_DB": "postgresql+psycopg://u@h/db"})
    assert database_url(settings.database) == "postgresql+psycopg://u@h/db"
    assert database_url("other.db") == f"sqlite:///{tmp_path / 'other.db'}"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_store: Store) -> None:
    with sqlite_store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _two_incidents(store: Store, b: SimpleNamespace) -> None:
    store.ingest_documents(b.osh_reports())
    naryn = b.report(
        "naryn",
        "A mudslide buried two houses on the outskirts of Naryn before dawn on 2 April, and rescuers "
        "recovered the bodies of three members of one family, the emergencies ministry said.",
        published="2025-04-02T14:00",
        site="kabar.example",
        when="2025-04-02",
        where=Place("Naryn", "Naryn Region", "KG", 41.43, 75.99),
        killed=3,
    )
    b.fig(
        naryn,
        "the bodies of three members of one family",
        "killed",
        b.count("three", 3),
        source=("the emergencies ministry", "government"),
        as_of="2025-04-02",
    )
    store.ingest_documents([naryn])


def test_lists_filter_sort_and_page(store: Store, b: SimpleNamespace) -> None:
    _two_incidents(store, b)
    rows, total = store.list_incidents(sort="date")
    assert total == 2 and [r["where"]["name"] for r in rows] == ["Naryn", "Osh"]
    rows, _ = store.list_incidents(sort="date_asc")
    assert [r["where"]["name"] for r in rows] == ["Osh", "Naryn"]
    rows, _ = store.list_incidents(sort="toll")
    assert [r["where"]["name"] for r in rows] == ["Osh", "Naryn"]
    rows, total = store.list_incidents(sort="date", limit=1, offset=1)
    assert total == 2 and [r["where"]["name"] for r in rows] == ["Osh"]
    cases = {
        IncidentFilter(since="2025-04-01"): ["Naryn"],
        IncidentFilter(until="2025-03-31"): ["Osh"],
        IncidentFilter(where="naryn"): ["Naryn"],
        IncidentFilter(where="KG"): ["Naryn", "Osh"],
        IncidentFilter(min_killed=10): ["Osh"],
        IncidentFilter(outcome="injured"): ["Osh"],
        IncidentFilter(source="international_org"): ["Osh"],
        IncidentFilter(source="emergencies"): ["Naryn"],
        IncidentFilter(source="kabar.example"): ["Naryn"],
        IncidentFilter(q="mudslide"): ["Naryn"],
        IncidentFilter(q="ministry"): ["Naryn", "Osh"],
        IncidentFilter(has_discrepancies=True): ["Osh"],
        IncidentFilter(review="unreviewed"): ["Naryn", "Osh"],
        IncidentFilter(review="reviewed"): [],
    }
    for f, want in cases.items():
        rows, total = store.list_incidents(f, sort="date")
        assert sorted(r["where"]["name"] for r in rows) == want, f
        assert total == len(want)
    osh = store.list_incidents(IncidentFilter(where="osh"))[0][0]["id"]
    rows, _ = store.list_incidents(IncidentFilter(ids=(osh,)))
    assert [r["id"] for r in rows] == [osh]
    with pytest.raises(ValueError, match="sort"):
        store.list_incidents(sort="sideways")


def test_an_incident_page_has_its_ledger(store: Store, b: SimpleNamespace) -> None:
    store.ingest_documents(b.osh_reports())
    (row,), _ = store.list_incidents()
    inc = store.get_incident(row["id"])
    assert inc is not None and inc["id"] == str(row["id"])
    assert sorted(inc["documents"]) == ["osh-1", "osh-2", "osh-3", "osh-4", "osh-5"]
    killed = next(t for t in inc["tallies"] if t["outcome"] == "killed" and t["category"] == "total")
    # the health ministry's 14 is the best; the NGO's 11 civilians + the ministry's 2 police and
    # 3 attackers widen the ceiling to 16; the UN's hedged "at least 15" is set aside
    assert (killed["low"], killed["best"], killed["high"]) == (14, 14, 16)
    by_source = {s["name"]: s for s in inc["sources"]}
    assert {"Ministry of Health", "UN Human Rights Office", "Civic Monitor", "a doctor"} <= set(by_source)
    assert (
        len(by_source["Ministry of Health"]["documents"]) == 2
    )  # "the ministry of health" is the same source
    kinds = {d["kind"] for d in inc["discrepancies"]}
    assert "sources disagree" in kinds
    (gap,) = inc["gaps"]
    assert gap["outcome"] == "detained" and gap["filled_by"] == []
    assert [
        t["best"] for t in inc["timeline"] if t["source"] == "Ministry of Health" and t["outcome"] == "killed"
    ] == [
        9,
        14,
    ]
    assert inc["summary"]["when"] == "2025-03-14" and inc["summary"]["where"]["name"] == "Osh"
    assert store.get_incident("nope") is None and store.get_incident(999) is None


def test_documents_and_search(store: Store, b: SimpleNamespace) -> None:
    store.ingest_documents(b.osh_reports())
    doc = store.get_document("osh-4")
    assert doc is not None and doc["incident_id"] is not None
    f = doc["figures"][0]
    assert doc["text"][f["evidence"]["start"] : f["evidence"]["end"]] == f["evidence"]["text"]
    assert f["review_status"] == "unreviewed" and isinstance(f["id"], int)
    hits = store.search_documents("UN human rights")
    assert [h["id"] for h in hits] == ["osh-4"]
    snippet, marked = hits[0]["snippet"], hits[0]["hits"]
    assert [snippet[a:z].lower() for a, z in marked] == ["un", "human", "rights"]  # where the words matched
    assert [h["id"] for h in store.search_documents("human righ")] == ["osh-4"]  # the last word: a prefix
    assert store.search_documents('"; DROP TABLE documents; --') == []
    assert store.search_documents("' & !") == []  # no words: nothing, on either database
    assert store.get_document("missing") is None


def test_a_common_word_is_counted_up_to_a_cap_and_ranked_among_the_latest_matches(
    store: Store, b: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tollwatch.ledger import queries

    days = ["2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05"]
    texts = [  # the oldest says "curfew" most: the best match of all, but the oldest
        "Curfew in Osh. The curfew was extended; curfew patrols and a curfew map were posted.",
        "Police in Osh said a curfew would start at nine.",
        "Shops closed early in Osh. A curfew begins tonight, police said.",
        "The mayor of Osh spoke about the curfew on the radio.",
        "Schools reopened in Osh; a curfew remains, the mayor said.",
    ]
    store.ingest_documents(
        [
            b.report(f"cur-{i}", t, published=d, site="osh.example")
            for i, (t, d) in enumerate(zip(texts, days, strict=True))
        ]
    )
    with store.read() as conn:
        page = queries.search_page(conn, "curfew", limit=2)
        assert (page.total, page.capped, page.total_label) == (5, False, "5")
        assert page.items[0]["id"] == "cur-0"  # ranked among all five: the densest first
        assert len(page.items) == 2 and queries.search_page(conn, "curfew", limit=2, offset=4).items
        monkeypatch.setattr(queries, "COUNT_CAP", 3)
        monkeypatch.setattr(queries, "RANK_WINDOW", 3)
        page = queries.search_page(conn, "curfew", limit=2)
        assert (page.total, page.capped, page.total_label) == (3, True, "more than 3")
        # ranked among the three latest: the oldest, densest report is not on the first page
        assert len(page.items) == 2 and {h["id"] for h in page.items} <= {"cur-2", "cur-3", "cur-4"}
        # a page past the window widens it: every match can still be paged to
        assert len(queries.search_page(conn, "curfew", limit=2, offset=3).items) == 2
        assert queries.search_page(conn, "police", limit=10).total == 2
        assert queries.search_page(conn, "nowhere", limit=10).items == []


def test_a_new_sqlite_file_has_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    import sqlite3

    from tollwatch.ledger.engine import PAGE_SIZE

    with Store(tmp_path / "new.db"):
        pass
    assert sqlite3.connect(tmp_path / "new.db").execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA page_size=4096")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with Store(old):
        pass
    assert sqlite3.connect(old).execute("PRAGMA page_size").fetchone()[0] == 4096


def test_migrating_signs_stored_reports_with_their_titles(store: Store, b: SimpleNamespace) -> None:
    from tollwatch.ledger import dedup
    from tollwatch.ledger.schema import document_bands, documents

    report = b.osh_reports()[0]
    store.ingest_documents([report])
    old = dedup.signature(report.text)  # the recipe before: the text alone
    with store.engine.begin() as conn:
        conn.execute(documents.update().values(minhash=old))
        conn.execute(text("DELETE FROM schema_migrations WHERE series = 'ledger' AND number = 7"))
    assert store.migrate() == ["ledger 0007 Near-duplicate signatures over the title and the text."]
    new = dedup.signature(dedup.signed_text(report.title, report.text))
    assert new != old
    with store.read() as conn:
        assert conn.execute(select(documents.c.minhash)).scalar_one() == new
        stored = {(r.band, r.hash) for r in conn.execute(select(document_bands))}
    assert stored == set(dedup.bands(new))


def test_two_migrations_with_one_number_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "twinmigs"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for slug in ("first_branch", "second_branch"):
        (package / f"twin_0001_{slug}.py").write_text('"""A step."""\n\ndef upgrade(conn):\n    pass\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(migrations, "MIGRATION_PACKAGES", ["twinmigs"])
    with pytest.raises(RuntimeError, match="two migrations of series 'twin' have number 1"):
        migrations.discover()
