"""Near-duplicate signatures over the title and the text.

The signature recipe changed (see :func:`tollwatch.ledger.dedup.signed_text`): every stored
report's signature is computed again from its title and text, and its bands written again.
Which reports are near-duplicates of which is left as it was stored (it is history, and a
reviewer may have relied on it); only reports ingested from now on are compared by the new
signatures.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, delete, select, update

from tollwatch.ledger import dedup, schema
from tollwatch.ledger.fastsql import insert_many

_CHUNK = 500


def upgrade(conn: Connection) -> None:
    conn.execute(delete(schema.document_bands))
    docs = schema.documents
    ids: list[str] = list(conn.execute(select(docs.c.id).order_by(docs.c.id)).scalars())
    set_signature = update(docs).where(docs.c.id == bindparam("b_id")).values(minhash=bindparam("b_sig"))
    for i in range(0, len(ids), _CHUNK):
        rows = conn.execute(
            select(docs.c.id, docs.c.title, docs.c.text).where(docs.c.id.in_(ids[i : i + _CHUNK]))
        ).all()
        signatures, bands = [], []
        for doc_id, title, text in rows:
            sig = dedup.signature(dedup.signed_text(str(title) if title else None, str(text or "")))
            signatures.append({"b_id": doc_id, "b_sig": sig})
            if sig is not None:
                bands += [{"hash": h, "document_id": doc_id, "band": b} for b, h in dedup.bands(sig)]
        if signatures:
            conn.execute(set_signature, signatures)
        insert_many(conn, schema.document_bands, bands)
