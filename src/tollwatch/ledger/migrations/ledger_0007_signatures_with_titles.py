"""Near-duplicate signatures over the title and the text.

The signature recipe changed (see :func:`tollwatch.ledger.dedup.signed_text`): every stored
report's signature is computed again from its title and text, and its bands written again.
Which reports are near-duplicates of which is left as it was stored (it is history, and a
reviewer may have relied on it); only reports ingested from now on are compared by the new
signatures.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete

from tollwatch.ledger import dedup, schema
from tollwatch.ledger.migrations import sign_again


def upgrade(conn: Connection) -> None:
    conn.execute(delete(schema.document_bands))
    sign_again(conn, dedup.signed_text)
