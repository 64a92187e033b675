"""Near-duplicate signatures of the numpy MinHash; bands keyed by an integer hash, no rowid.

The signature recipe changed (see :mod:`tollwatch.ledger.dedup`): every stored report's
signature is computed again from its text, and its bands written again in the new table.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select, update

from tollwatch.ledger import dedup, schema
from tollwatch.ledger.fastsql import insert_many

_CHUNK = 500


def upgrade(conn: Connection) -> None:
    schema.document_bands.drop(conn, checkfirst=True)  # its indexes go with it
    schema.document_bands.create(conn)
    docs = schema.documents
    ids: list[str] = list(conn.execute(select(docs.c.id).order_by(docs.c.id)).scalars())
    set_signature = update(docs).where(docs.c.id == bindparam("b_id")).values(minhash=bindparam("b_sig"))
    for i in range(0, len(ids), _CHUNK):
        rows = conn.execute(select(docs.c.id, docs.c.text).where(docs.c.id.in_(ids[i : i + _CHUNK]))).all()
        signatures, bands = [], []
        for doc_id, text in rows:
            sig = dedup.signature(str(text or ""))
            signatures.append({"b_id": doc_id, "b_sig": sig})
            if sig is not None:
                bands += [{"hash": h, "document_id": doc_id, "band": b} for b, h in dedup.bands(sig)]
        if signatures:
            conn.execute(set_signature, signatures)
        insert_many(conn, schema.document_bands, bands)
