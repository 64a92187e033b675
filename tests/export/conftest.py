"""The export tests reuse the ledger tests' fixtures: a fresh store and hand-read reports."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "tollwatch_ledger_test_fixtures", Path(__file__).parent.parent / "ledger" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)

store = _fixtures.store
b = _fixtures.b
