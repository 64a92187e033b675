"""Stage 3 — the ledger: a store of reports, incidents linked across them, and their tallies.

    from tollwatch.ledger import Store, IncidentFilter
    with Store("tollwatch.db") as store:
        store.ingest(["samples/"])
        rows, total = store.list_incidents(IncidentFilter(min_killed=1))
        print(store.get_incident(rows[0]["id"])["tallies"])

Modules, in data-flow order: :mod:`.ingest` (read → extract → store), :mod:`.dedup`
(content hash, near-duplicates), :mod:`.features` and :mod:`.linking` (reports →
incidents), :mod:`.tally` (an incident's ledger), :mod:`.materialise` (stored summaries),
:mod:`.review` (people's changes), :mod:`.queries` (reading), :mod:`.store` (the facade),
:mod:`.schema` / :mod:`.migrate` / :mod:`.engine` (the database).
"""

from __future__ import annotations

from tollwatch.ledger.ingest import IngestSummary
from tollwatch.ledger.queries import IncidentFilter
from tollwatch.ledger.review import ReviewError
from tollwatch.ledger.store import Store

__all__ = ["IncidentFilter", "IngestSummary", "ReviewError", "Store"]
