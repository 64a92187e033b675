"""Migration ledger_0008: a store made before it gets missing, displaced and detained in its
incidents' rows (from the stored tallies) and the headline report's title."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tollwatch.contract import Count, Document, Evidence, Figure, Source, Summary
from tollwatch.ledger import IncidentFilter, Store


def report(doc_id: str, day: str, title: str, text_: str, killed: int, missing: int | None) -> Document:
    figs = [
        Figure(
            outcome=outcome,
            category="unspecified",
            group="people",
            count=Count(n, n, n, "exact", str(n)),
            evidence=Evidence(text_.index(words), text_.index(words) + len(words), words),
            source=Source("police", "police", ""),
            as_of=day,
        )
        for outcome, n, words in (
            ("killed", killed, f"{killed} killed"),
            ("missing", missing, f"{missing} missing"),
        )
        if n is not None
    ]
    doc = Document(
        id=doc_id,
        text=text_,
        title=title,
        published=day,
        figures=figs,
        summary=Summary(when="2025-05-01", killed=Count(killed, killed, killed, "exact", str(killed))),
    )
    doc.check()
    return doc


def test_an_old_store_gets_every_outcome_and_the_headline_title(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.ingest_documents(
            [
                report("first", "2025-05-01", "Boat sinks", "A boat sank: 2 killed, 9 missing.", 2, 9),
                report("later", "2025-05-02", "Boat toll rises to 5", "Police: 5 killed, 9 missing.", 5, 9),
            ]
        )
        with store.write() as conn:  # as a store made before the migration left it
            conn.execute(
                text("UPDATE incidents SET missing_best = NULL, missing_low = NULL, title = 'Boat sinks'")
            )
            conn.execute(text("DELETE FROM schema_migrations WHERE series = 'ledger' AND number = 8"))
    with Store(db) as store:  # opening migrates
        (row,), _ = store.list_incidents(IncidentFilter())
    assert row["missing"] == {"low": 9, "best": 9, "high": 9}
    assert row["killed"]["best"] == 5 and row["title"] == "Boat toll rises to 5"
