"""The store's migrations: ``ledger_NNNN_<what>.py`` modules, each with ``upgrade(conn)``."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, bindparam, select, update

from tollwatch.ledger import dedup, schema
from tollwatch.ledger.fastsql import insert_many

_CHUNK = 500


def sign_again(conn: Connection, text_of: Callable[[str | None, str], str]) -> None:
    """Compute every stored report's near-duplicate signature again from ``text_of(title,
    text)`` and write its bands (into an empty ``document_bands``), a chunk of reports at a time."""
    docs = schema.documents
    ids: list[str] = list(conn.execute(select(docs.c.id).order_by(docs.c.id)).scalars())
    set_signature = update(docs).where(docs.c.id == bindparam("b_id")).values(minhash=bindparam("b_sig"))
    for i in range(0, len(ids), _CHUNK):
        rows = conn.execute(
            select(docs.c.id, docs.c.title, docs.c.text).where(docs.c.id.in_(ids[i : i + _CHUNK]))
        ).all()
        signatures, bands = [], []
        for doc_id, title, text in rows:
            sig = dedup.signature(text_of(str(title) if title else None, str(text or "")))
            signatures.append({"b_id": doc_id, "b_sig": sig})
            if sig is not None:
                bands += [{"hash": h, "document_id": doc_id, "band": b} for b, h in dedup.bands(sig)]
        if signatures:
            conn.execute(set_signature, signatures)
        insert_many(conn, schema.document_bands, bands)
