"""Near-duplicate signatures of the numpy MinHash; bands keyed by an integer hash, no rowid.

The signature recipe changed (see :mod:`tollwatch.ledger.dedup`): every stored report's
signature is computed again from its text, and its bands written again in the new table.
"""

from __future__ import annotations

from sqlalchemy import Connection

from tollwatch.ledger import schema
from tollwatch.ledger.migrations import sign_again


def upgrade(conn: Connection) -> None:
    schema.document_bands.drop(conn, checkfirst=True)  # its indexes go with it
    schema.document_bands.create(conn)
    sign_again(conn, lambda _title, text: text)
