"""The web dashboard: ``tollwatch serve``.

Server-rendered pages (FastAPI + Jinja2) over the ledger, a review workflow with
accounts, roles and an audit trail, and a REST API under ``/api/``. Every asset ships in
``static/``; nothing is fetched from elsewhere.
"""

from __future__ import annotations
