"""Versioned schema migrations, recorded in the ``schema_migrations`` table.

A migration is a named function ``upgrade(conn)`` that runs inside the migrating
transaction. Migrations come in *series*, each numbered from 1 and applied in order:

* ``ledger`` — the store's own, modules ``ledger_NNNN_<what>.py`` in
  :mod:`tollwatch.ledger.migrations`;
* any other package listed in :data:`MIGRATION_PACKAGES` (the web app's
  ``tollwatch.web.migrations``, files ``web_NNNN_<what>.py``), or steps given to
  :func:`register_migrations` — so another part of tollwatch adds its own tables without
  editing ours.

The ``ledger`` series runs first, then the others by name; each series in number order.
Migrating takes the database's write lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock
on PostgreSQL), so two processes opening a fresh database at once apply each step once.

Convention: ``ledger_0001`` creates the tables as :mod:`tollwatch.ledger.schema` defines
them; a later migration that changes a table checks first (add a column only if it is
missing), so it is right both on an old database and on a fresh one.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select

from tollwatch.ledger.engine import write_transaction
from tollwatch.ledger.schema import schema_migrations

log = logging.getLogger(__name__)

#: Packages whose modules named ``<series>_<NNNN>_<what>.py`` are migrations.
MIGRATION_PACKAGES: list[str] = [
    "tollwatch.ledger.migrations",
    "tollwatch.web.migrations",
    "tollwatch.watch.migrations",
]

_MODULE_NAME = re.compile(r"^(?P<series>[a-z][a-z0-9]*)_(?P<number>\d{4})_(?P<slug>\w+)$")


@dataclass(frozen=True, slots=True)
class Migration:
    series: str
    number: int
    name: str
    upgrade: Callable[[Connection], None]


_registered: dict[tuple[str, int], Migration] = {}


def register_migrations(series: str, steps: Iterable[tuple[int, str, Callable[[Connection], None]]]) -> None:
    """Add migrations of a series from code: ``[(1, "create web tables", upgrade), ...]``."""
    for number, name, upgrade in steps:
        _registered[(series, number)] = Migration(series, number, name, upgrade)


def discover() -> list[Migration]:
    """Every known migration, in the order they are applied."""
    found: dict[tuple[str, int], Migration] = dict(_registered)
    for package_name in MIGRATION_PACKAGES:
        try:
            package = importlib.import_module(package_name)
        except ModuleNotFoundError as e:
            if e.name and package_name.startswith(e.name):
                continue  # that part of tollwatch is not there: nothing to apply
            raise
        for info in pkgutil.iter_modules(package.__path__):
            m = _MODULE_NAME.match(info.name)
            if not m:
                continue
            module = importlib.import_module(f"{package_name}.{info.name}")
            doc = (module.__doc__ or m["slug"].replace("_", " ")).strip().splitlines()[0]
            key = (m["series"], int(m["number"]))
            if key in found and key not in _registered:
                raise RuntimeError(f"two migrations of series {key[0]!r} have number {key[1]}: rename one")
            found[key] = Migration(key[0], key[1], doc, module.upgrade)
    _check_numbering(found.values())
    return sorted(found.values(), key=lambda mig: (mig.series != "ledger", mig.series, mig.number))


def _check_numbering(migrations: Iterable[Migration]) -> None:
    by_series: dict[str, list[int]] = {}
    for mig in migrations:
        by_series.setdefault(mig.series, []).append(mig.number)
    # a gap would let a migration merged later apply after higher numbers already had: refused
    for series, numbers in by_series.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            raise RuntimeError(f"migrations of series {series!r} are not numbered 1..n: {sorted(numbers)}")


def applied(conn: Connection) -> set[tuple[str, int]]:
    if not conn.dialect.has_table(conn, "schema_migrations"):
        return set()
    return {(r.series, r.number) for r in conn.execute(select(schema_migrations))}


def migrate(engine: Engine) -> list[Migration]:
    """Apply what is missing, all in one transaction; return what was applied."""
    todo = discover()
    with engine.connect() as probe:  # the common case, cheaply: nothing to do
        done = applied(probe)
    if all((m.series, m.number) in done for m in todo):
        return []
    with write_transaction(engine) as conn:
        schema_migrations.create(conn, checkfirst=True)
        done = applied(conn)  # again, under the lock: another process may have migrated
        out = []
        for mig in todo:
            if (mig.series, mig.number) in done:
                continue
            log.info("applying migration %s %04d: %s", mig.series, mig.number, mig.name)
            mig.upgrade(conn)
            conn.execute(
                schema_migrations.insert().values(
                    series=mig.series,
                    number=mig.number,
                    name=mig.name,
                    applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )
            out.append(mig)
        return out
