"""Missing, displaced and detained beside killed and injured in the incidents' rows; the title
of the report whose reading is the headline.

Both are filled from each incident's stored summary (no tally is computed again): the other
outcomes from its total tallies, the title from the headline's report.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, bindparam, inspect, select, text, update

from tollwatch.ledger import schema
from tollwatch.ledger.features import clean_title
from tollwatch.ledger.materialise import OTHER_OUTCOMES

_CHUNK = 500
_BOUNDS = ("low", "best", "high")


def upgrade(conn: Connection) -> None:
    have = {c["name"] for c in inspect(conn).get_columns("incidents")}
    for outcome in OTHER_OUTCOMES:
        for k in _BOUNDS:
            if f"{outcome}_{k}" not in have:
                conn.execute(text(f"ALTER TABLE incidents ADD COLUMN {outcome}_{k} INTEGER"))
    inc, led, docs = schema.incidents, schema.incident_ledgers, schema.documents
    rows = conn.execute(select(led.c.incident_id, led.c.summary_json)).all()
    set_row = update(inc).where(inc.c.id == bindparam("b_id"))
    for i in range(0, len(rows), _CHUNK):
        chunk = rows[i : i + _CHUNK]
        summaries = {int(r.incident_id): json.loads(r.summary_json or "{}") for r in chunk}
        heads = {
            n: (s.get("killed") or {}).get("report") or (s.get("injured") or {}).get("report")
            for n, s in summaries.items()
        }
        wanted = [h for h in heads.values() if h]
        titles: dict[str, str | None] = {
            r.id: r.title for r in conn.execute(select(docs.c.id, docs.c.title).where(docs.c.id.in_(wanted)))
        }
        values = []
        for n, s in summaries.items():
            totals = s.get("tallies") or {}
            row = {f"{o}_{k}": (totals.get(o) or {}).get(k) for o in OTHER_OUTCOMES for k in _BOUNDS}
            title = titles.get(heads[n] or "")
            values.append({"b_id": n, **row, "b_title": clean_title(title) if title else None})
        with_title = [v for v in values if v["b_title"]]
        conn.execute(set_row.values(**{c: bindparam(c) for c in values[0] if c[:2] != "b_"}), values)
        if with_title:
            conn.execute(set_row.values(title=bindparam("b_title")), with_title)
