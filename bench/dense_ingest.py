"""Ingest cost per report as the store grows, in a dense corpus built from GVA dev (issue 13).

The corpus: the 3,146 GVA dev reports, extracted once (``tollwatch.extract``, cached in the
work folder), then repeated as many times as needed. Copy ``k`` of a report gets a new id and
address; its dates (publication, summary day, figures' as-of days) are shifted, its places
are kept. Copies come in *eras* of ``--overlap`` copies (default 3) shifted by 0, 1, 2 ...
days, so within an era every place and day carries ``overlap`` times the reports of GVA
dev; each era starts ``--era-days`` after the last one (default 2,200: GVA dev spans about
1,800 days), and its reports come in order of publication. The density of reports per place and day is then the same at 10k, 30k and 100k
reports, while the store grows: what a cost that grows with the store (rather than with
the density of the news) shows up against. With ``--copies`` a copy's words are kept (it
is a near-duplicate of the first, and joins its incident: incidents then grow with the
corpus); by default, the lower-case letters of a copy's title and text outside its figures'
evidence (``evidence.text`` stays ``text[start:end]``) go through a letter permutation of
its own, so copies are distinct reports of the same places and days (names and words
differ between copies, agree within one).

Reports are ingested pre-extracted (``Store.ingest_documents``: store + link + ledger,
nothing read or extracted), ``--run-size`` reports per ingest run (default: one era, so
that each run sees the whole of GVA's ups and downs of reports per day, and runs compare). For each run the script records CPU seconds (``time.process_time``:
the machine is shared) in all and per stage -- near-duplicates, link candidates and
scores, crisis consolidation, incident rebuild (ledger), the rest (store) -- and prints
the cost per report of the runs ending at each ``--at`` size, and a table of all runs
(``--table``).

    python bench/dense_ingest.py [../shared/bench] [--at 10000 30000 100000] [--run-size 2000]
        [--overlap 3] [--era-days 2200] [--copies] [--db URL] [--workdir /tmp/tw-dense]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import string
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def extracted(shared: Path, work: Path) -> list[dict[str, Any]]:
    """The GVA dev records, extracted once (cached in ``work``)."""
    cache = work / "gva-dev.extracted.jsonl"
    if not cache.exists():
        import tollwatch
        from tollwatch.contract import to_dict

        tmp = cache.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            for doc in tollwatch.extract(shared / "gva" / "dev.inputs.jsonl"):
                out.write(json.dumps(to_dict(doc), ensure_ascii=False) + "\n")
        tmp.replace(cache)
    with open(cache, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _shift(value: str | None, days: int) -> str | None:
    if not value or days == 0:
        return value
    try:
        d = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return (d + timedelta(days=days)).isoformat() + value[10:]


def _cipher(k: int) -> dict[int, str]:
    letters = list(string.ascii_lowercase)
    random.Random(k).shuffle(letters)
    return str.maketrans(string.ascii_lowercase, "".join(letters))


def _outside_evidence(text: str, spans: list[tuple[int, int]], table: dict[int, str]) -> str:
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            start = at
        out.append(text[at:start].translate(table))
        out.append(text[start:end])
        at = max(at, end)
    out.append(text[at:].translate(table))
    return "".join(out)


def copy_of(rec: dict[str, Any], k: int, days: int, distinct: bool) -> dict[str, Any]:
    """Copy ``k`` of an extracted record, its dates shifted by ``days``."""
    if k == 0:
        return rec
    d = json.loads(json.dumps(rec))
    d["id"] = f"{rec['id']}~{k}"
    d["url"] = f"{rec.get('url') or 'https://copy.invalid/' + rec['id']}#copy{k}"
    d["published"] = _shift(d.get("published"), days)
    summary = d.get("summary") or {}
    summary["when"] = _shift(summary.get("when"), days)
    for f in d.get("figures") or []:
        f["as_of"] = _shift(f.get("as_of"), days)
    if distinct:
        table = _cipher(k)
        for name in ("text", "title", "standfirst"):
            spans = [
                (f["evidence"]["start"], f["evidence"]["end"])
                for f in d.get("figures") or []
                if f.get("evidence") and f["evidence"].get("field", "text") == name
            ]
            if d.get(name):
                d[name] = _outside_evidence(d[name], spans, table)
    return d


def corpus(
    base: list[dict[str, Any]], overlap: int, era_days: int, distinct: bool
) -> Iterator[dict[str, Any]]:
    """Copies 0, 1, 2 ... of the base records, in eras of ``overlap`` copies (see module doc),
    each era's reports in order of publication (as a monitor reads the news)."""
    for era in itertools.count():
        recs = [
            copy_of(rec, k, era * era_days + k % overlap, distinct)
            for k in range(era * overlap, (era + 1) * overlap)
            for rec in base
        ]
        yield from sorted(recs, key=lambda r: (r.get("published") or "", r["id"]))


class Stages:
    """CPU seconds spent in each stage, by wrapping the functions ingest calls."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self._depth = 0

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        fn: Callable[..., Any] = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            c0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.cpu[stage] += time.process_time() - c0
                self._depth -= 1

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        out = dict(self.cpu)
        self.cpu.clear()
        return out


def instrument() -> Stages:
    from tollwatch.ledger import crisis, ingest, linking

    st = Stages()
    st.wrap(linking.Linker, "near_duplicate", "near-dup")
    st.wrap(linking.Linker, "best_incident", "link")
    st.wrap(crisis, "consolidate", "crisis")
    for name in ("refresh_incidents", "refresh_or_defer", "rebuild_incidents"):
        if hasattr(ingest, name):
            st.wrap(ingest, name, "ledger")
    return st


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shared", nargs="?", default=str(HERE.parent.parent / "shared" / "bench"))
    ap.add_argument("--at", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    ap.add_argument("--run-size", type=int, default=0, help="reports per ingest run (default: an era's)")
    ap.add_argument("--overlap", type=int, default=3, help="copies sharing each era's places and days")
    ap.add_argument("--era-days", type=int, default=2200)
    ap.add_argument("--copies", action="store_true", help="keep the words: copies are near-duplicates")
    ap.add_argument("--db", default=None, help="a database URL (default: a fresh SQLite file)")
    ap.add_argument(
        "--server-pid",
        type=int,
        default=None,
        help="a PostgreSQL postmaster's pid: count its backends' CPU too",
    )
    ap.add_argument("--workdir", default="/tmp/tollwatch-dense")
    ap.add_argument(
        "--skip",
        type=int,
        default=0,
        help="the first N reports are in --db already (a copy of a bigger store)",
    )
    ap.add_argument("--table", action="store_true", help="print every run")
    a = ap.parse_args(argv)
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    base = extracted(Path(a.shared), work)
    from tollwatch.contract import Document
    from tollwatch.ledger import Store

    db: str | Path = a.db or work / "dense.db"
    if not a.db:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    run_size = a.run_size or a.overlap * len(base)
    stages = instrument()
    total = max(a.at)
    docs = itertools.islice(corpus(base, a.overlap, a.era_days, not a.copies), a.skip, total)
    runs: list[tuple[int, float, float, dict[str, float]]] = []  # (stored, cpu, wall, stages)
    stored = a.skip
    with Store(db) as store:
        while stored < total:
            chunk = [Document.from_dict(d) for d in itertools.islice(docs, run_size)]
            if not chunk:
                break
            stages.take()
            s0 = server_cpu(a.server_pid)
            w0, c0 = time.perf_counter(), time.process_time()
            store.ingest_documents(chunk)
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            if a.server_pid:
                stages.cpu["server"] = server_cpu(a.server_pid) - s0
            stored += len(chunk)
            runs.append((stored, cpu, wall, stages.take()))
            if a.table:
                print(_line(stored, len(chunk), cpu, wall, runs[-1][3]), flush=True)
        with store.read() as conn:
            n_inc = conn.exec_driver_sql("SELECT count(*) FROM incidents WHERE n_documents > 0").scalar()
    print(
        f"corpus: overlap {a.overlap}, era {a.era_days} days, "
        f"{'near-duplicate copies' if a.copies else 'distinct copies'}; runs of {run_size}; "
        f"{stored} reports, {n_inc} incidents; {store.engine.dialect.name}"
    )
    print("ms CPU per report of the run reaching N reports, N its store's size at its end")
    print("(near-duplicates / link candidates and scores / crisis / incident rebuild / the rest: store):")
    for n in a.at:
        run = next((r for r in runs if r[0] >= n), None)
        if run is not None:
            prev = runs[runs.index(run) - 1][0] if runs.index(run) else a.skip
            print(_line(run[0], run[0] - prev, run[1], run[2], run[3]))
    return 0


def server_cpu(postmaster: int | None) -> float:
    """CPU seconds used so far by a PostgreSQL server's processes (the postmaster's children,
    live ones: a backend lives as long as its connection, which the pool keeps)."""
    if not postmaster:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / tick


def _line(stored: int, n: int, cpu: float, wall: float, st: dict[str, float]) -> str:
    per = {k: 1000 * v / n for k, v in st.items()}
    rest = 1000 * cpu / n - sum(per.values())
    rest += per.get("server", 0.0)  # not this process's
    parts = " / ".join(f"{per.get(k, 0.0):.2f}" for k in ("near-dup", "link", "crisis", "ledger"))
    server = f", server {per['server']:.2f} ms CPU" if "server" in per else ""
    return (
        f"  N={stored:>7}: {1000 * cpu / n:6.2f} ms CPU ({parts} / {rest:.2f}), wall {1000 * wall / n:6.2f} ms"
        + server
    )


if __name__ == "__main__":
    sys.exit(main())
