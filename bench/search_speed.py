"""Full-text search at 100,000 reports: p50/p95 for common words, one user and eight at once.

Builds (or reuses) a store of N reports synthetic from the GVA dev set: the dev reports are
ingested once into ``--base`` (a SQLite file, kept between runs), then every report and
incident is copied in SQL with new ids (``-r2``, ``-r3``... on report ids, incident ids
shifted) until the store holds ``--reports`` reports, and the full-text index is rebuilt.
The copies repeat the texts, so a common word matches the same share of reports as in the
dev set ("police": about three in four). ``--db`` may be a PostgreSQL URL: the base is then
copied into it table by table first.

Then it times, in this process, what a search request runs (the library functions the web
pages and the API call): the reports matching a query, ranked, one page of 20 with their
snippets and the capped count of hits (``tollwatch.ledger.queries.search_page``), and the
incidents list filtered by the query (``list_incidents``), for each word, ``--rounds``
times, by ``--users`` threads at once (each its own connection). Goal (issue 13): p95 under
200 ms at 100,000 reports for "police" and "killed", one user and eight.

    python bench/search_speed.py --db /tmp/search100k.db                  # build, then measure
    python bench/search_speed.py --db postgresql+psycopg://tollwatch@127.0.0.1:5433/search100k
    python bench/search_speed.py --db /tmp/search100k.db --users 1 8 --rounds 40
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, literal, null, select

from tollwatch.ledger import Store, queries
from tollwatch.ledger.engine import read_transaction
from tollwatch.ledger.schema import documents, incident_ledgers, incidents, ingest_runs

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "gva" / "dev.inputs.jsonl"
#: Incident ids of copy k are the base's plus k times this (more than any base id).
ID_STRIDE = 10_000_000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def base_store(path: Path, inputs: Path) -> None:
    """The dev reports ingested once into ``path`` (kept: later runs reuse it)."""
    if path.exists():
        return
    print(f"ingesting {inputs} into {path} ...", file=sys.stderr)
    t = time.perf_counter()
    logging.getLogger("tollwatch").setLevel(logging.ERROR)
    with Store(path) as store:
        summary = store.ingest([str(inputs)], workers=os.cpu_count() or 1)
    print(f"  {summary.line()} in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def copy_base(base: Path, engine: Engine) -> None:
    """The base's runs, incidents, ledgers and reports into an empty PostgreSQL store."""
    with Store(base) as src, src.read() as s, engine.begin() as d:
        for table in (ingest_runs, incidents, incident_ledgers, documents):
            rows = [dict(r._mapping) for r in s.execute(select(table))]
            for i in range(0, len(rows), 500):
                d.execute(insert(table), rows[i : i + 500])
        d.exec_driver_sql("SELECT setval(pg_get_serial_sequence('incidents', 'id'), max(id)) FROM incidents")


def grow(engine: Engine, target: int) -> int:
    """Copies of the base's reports and incidents (new ids) until there are ``target`` reports."""
    with engine.begin() as conn:
        base_ids = select(documents.c.id).where(~documents.c.id.like("%-r%")).subquery()
        n_base = conn.execute(select(func.count()).select_from(base_ids)).scalar_one()
    k = 1
    while True:
        with engine.begin() as conn:
            have = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            if have >= target:
                return int(have)
            k += 1
            if conn.execute(select(documents.c.id).where(documents.c.id.like(f"%-r{k}")).limit(1)).first():
                continue
            copy_round(conn, k, min(n_base, target - have))
            print(f"  copy {k}: {have + min(n_base, target - have):,} reports", file=sys.stderr)


def copy_round(conn: Any, k: int, n: int) -> None:
    """Copy ``k`` of the first ``n`` base reports and of every base incident."""
    off = k * ID_STRIDE
    inc_cols = [c for c in incidents.c if c.name not in ("id", "merged_into")]
    conn.execute(
        insert(incidents).from_select(
            ["id", "merged_into", *[c.name for c in inc_cols]],
            select(incidents.c.id + off, incidents.c.merged_into + off, *inc_cols).where(
                incidents.c.id < ID_STRIDE
            ),
        )
    )
    led = incident_ledgers.c
    conn.execute(
        insert(incident_ledgers).from_select(
            ["incident_id", "summary_json", "ledger_json"],
            select(led.incident_id + off, led.summary_json, led.ledger_json).where(
                led.incident_id < ID_STRIDE
            ),
        )
    )
    d = documents.c
    suffix = literal(f"-r{k}")
    swapped = {
        "id": d.id + suffix,
        "content_hash": func.substr(d.content_hash, 1, 56) + literal(f"{k:08d}"),
        "incident_id": d.incident_id + off,
        # copies are not near-duplicates of each other: a copy pointing at one not inserted yet
        # would make SQLite scan the whole table for every row after it (no index on the column)
        "duplicate_of": null(),
    }
    cols = [swapped.get(c.name, c) for c in documents.c]
    base = select(*cols).where(~d.id.like("%-r%")).order_by(d.id).limit(n)
    conn.execute(insert(documents).from_select([c.name for c in documents.c], base))


def reindex(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
        else:
            conn.exec_driver_sql("ANALYZE")


def measure(engine: Engine, label: str, call: Any, users: int, rounds: int) -> None:
    times: list[float] = []
    lock = threading.Lock()

    def user() -> None:
        for _ in range(rounds):
            t = time.perf_counter()
            with read_transaction(engine) as conn:
                call(conn)
            dt = (time.perf_counter() - t) * 1000
            with lock:
                times.append(dt)

    with read_transaction(engine) as conn:  # warm
        call(conn)
    threads = [threading.Thread(target=user) for _ in range(users)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    print(
        f"{label:44} {users:5d} {len(times):5d} {statistics.median(times):8.1f} "
        f"{percentile(times, 95):8.1f} {max(times):8.1f} {len(times) / wall:8.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="the store to build or reuse (file or URL)")
    ap.add_argument("--base", default="/tmp/tollwatch-gva-base.db", help="the dev reports, ingested once")
    ap.add_argument("--inputs", default=str(DEV))
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--words", nargs="+", default=["police", "killed"])
    ap.add_argument("--users", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--rounds", type=int, default=30, help="requests per user and kind")
    a = ap.parse_args(argv)
    base = Path(a.base)
    base_store(base, Path(a.inputs))
    postgres = "://" in a.db and a.db.startswith("postgresql")
    if not postgres and not Path(a.db).exists():
        shutil.copyfile(base, a.db)
    with Store(a.db) as store:
        engine = store.engine
        with engine.connect() as conn:
            empty = conn.execute(select(func.count()).select_from(documents)).scalar_one() == 0
        if empty and postgres:
            copy_base(base, engine)
        t = time.perf_counter()
        with engine.connect() as conn:
            before = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        n = grow(engine, a.reports)
        if n != before:
            reindex(engine)
        print(f"store: {n:,} reports ({time.perf_counter() - t:.0f} s to grow and index)")
        print(f"load average: {os.getloadavg()[0]:.1f}")
        print(f"{'request':44} {'users':>5} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>8}")
        for word in a.words:
            with read_transaction(engine) as conn:
                page = queries.search_page(conn, word, limit=20)
            print(f"'{word}': {queries.count_label(page.total, page.capped)} reports")
            for users in a.users:
                measure(
                    engine,
                    f"reports '{word}' (page 1 of 20, count)",
                    lambda c, w=word: queries.search_page(c, w, limit=20),
                    users,
                    a.rounds,
                )
                measure(
                    engine,
                    f"reports '{word}' (page 5 of 20, count)",
                    lambda c, w=word: queries.search_page(c, w, limit=20, offset=80),
                    users,
                    a.rounds,
                )
                measure(
                    engine,
                    f"incidents list '{word}' (50, count)",
                    lambda c, w=word: queries.list_incidents(c, queries.IncidentFilter(q=w), "date"),
                    users,
                    a.rounds,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
