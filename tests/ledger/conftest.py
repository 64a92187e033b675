"""Fixtures of the ledger tests: a fresh store in a temporary folder, and reports built by hand.

The reports are short, invented wire-style texts; each figure is built from words of its
text (:func:`fig` finds the evidence), so the tests do not depend on the figure finder.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from tollwatch.contract import Count, Document, Evidence, Figure, Place, Source, Summary
from tollwatch.ledger import Store
from tollwatch.ledger.schema import documents, figures

OSH = Place("Osh", "Osh Region", "KG", 40.53, 72.8)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path, databases: Any) -> Iterator[Store]:
    """A fresh, migrated store: every test that takes it runs on SQLite and on PostgreSQL."""
    s = Store(databases(request.param, tmp_path / "ledger.db"))
    yield s
    s.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store in a SQLite file, for what only SQLite has (its pragmas, its file)."""
    s = Store(tmp_path / "ledger.db")
    yield s
    s.close()


def count(
    text: str, low: int | None, best: int | None = None, high: int | None = None, kind: str | None = None
) -> Count:
    """A count; ``count("14", 14)`` is exact 14; give ``kind`` for anything else."""
    if best is None and high is None and kind is None:
        return Count(low, low, low, "exact", text)
    return Count(low, best, high, kind or "range", text)


def fig(
    doc: Document,
    words: str,
    outcome: str,
    c: Count,
    *,
    category: str = "unspecified",
    group: str = "people",
    source: tuple[str, str] | None = None,
    as_of: str | None = None,
    hedged: bool = False,
    undisclosed: bool = False,
) -> Figure:
    """A figure whose evidence is the first occurrence of ``words`` in the document's text."""
    start = doc.text.index(words)
    f = Figure(
        outcome=outcome,
        category=category,
        group=group,
        count=c,
        evidence=Evidence(start, start + len(words), words),
        source=Source(source[0], source[1], source[0]) if source else None,
        hedged=hedged,
        undisclosed=undisclosed,
        as_of=as_of,
    )
    doc.figures.append(f)
    return f


def report(
    id: str,
    text: str,
    *,
    published: str,
    site: str,
    title: str | None = None,
    when: str | None = None,
    where: Place | None = OSH,
    killed: int | None = None,
    injured: int | None = None,
) -> Document:
    """A report with its summary (as the figures stage would give it)."""
    return Document(
        id=id,
        text=text,
        title=title or text.split(".")[0][:80],
        published=published,
        site=site,
        url=f"https://{site}/{id}",
        summary=Summary(
            when=when,
            where=where,
            killed=Count(killed, killed, killed, "exact", str(killed)) if killed is not None else None,
            injured=Count(injured, injured, injured, "exact", str(injured)) if injured is not None else None,
        ),
    )


def osh_reports() -> list[Document]:
    """Five reports of one invented crisis in Osh, with hand-read figures.

    Day 1 a paper quotes a doctor (3 killed) and the interior ministry refuses the number
    detained; the ministry gives 2 police and 3 attackers killed, 37 officers injured;
    day 2 the health ministry says 9 killed (the toll rises), the UN says "at least 15 may
    have been killed" (hedged; disagrees), an NGO counts 11 civilians killed; day 3 the
    health ministry says 14 killed, 163 injured.
    """
    d1 = report(
        "osh-1",
        "At least three people were killed and 41 people were treated for injuries in Osh on Friday, a doctor "
        "said. A ministry spokesman declined to say how many people had been detained.",
        published="2025-03-14T21:40",
        site="osh-evening.example",
        when="2025-03-14",
        killed=3,
        injured=41,
    )
    fig(
        d1,
        "At least three people were killed",
        "killed",
        count("At least three", 3, 3, None, "at_least"),
        source=("a doctor", "health"),
        as_of="2025-03-14",
    )
    fig(
        d1,
        "41 people were treated for injuries",
        "injured",
        count("41", 41),
        source=("a doctor", "health"),
        as_of="2025-03-14",
    )
    fig(
        d1,
        "declined to say how many people had been detained",
        "detained",
        count("", None, None, None, "unknown"),
        source=("Ministry of Internal Affairs", "government"),
        as_of="2025-03-14",
        undisclosed=True,
    )
    d2 = report(
        "osh-2",
        "Two police officers were killed and 37 law enforcement officers received injuries in Osh on 14 March, "
        "the Ministry of Internal Affairs said. Three of the attackers were killed.",
        published="2025-03-15T09:10",
        site="mvd.example",
        when="2025-03-14",
        killed=5,
        injured=37,
    )
    fig(
        d2,
        "Two police officers were killed",
        "killed",
        count("Two", 2),
        category="security_forces",
        group="police officers",
        source=("Ministry of Internal Affairs", "government"),
        as_of="2025-03-14",
    )
    fig(
        d2,
        "37 law enforcement officers received injuries",
        "injured",
        count("37", 37),
        category="security_forces",
        group="law enforcement officers",
        source=("Ministry of Internal Affairs", "government"),
        as_of="2025-03-14",
    )
    fig(
        d2,
        "Three of the attackers were killed",
        "killed",
        count("Three", 3),
        category="attackers",
        group="attackers",
        source=("Ministry of Internal Affairs", "government"),
        as_of="2025-03-14",
    )
    d3 = report(
        "osh-3",
        "The death toll from Friday's clashes in Osh has risen to nine, the Ministry of Health said on Saturday. "
        "It said 112 people had sought medical help.",
        published="2025-03-15T18:05",
        site="osh-evening.example",
        when="2025-03-14",
        killed=9,
        injured=112,
    )
    fig(
        d3,
        "The death toll from Friday's clashes in Osh has risen to nine",
        "killed",
        count("nine", 9),
        source=("Ministry of Health", "health"),
        as_of="2025-03-15",
    )
    fig(
        d3,
        "112 people had sought medical help",
        "injured",
        count("112", 112),
        source=("Ministry of Health", "health"),
        as_of="2025-03-15",
    )
    d4 = report(
        "osh-4",
        "We are deeply concerned by reports that at least 15 people may have been killed in Osh since Friday, "
        "the UN Human Rights Office said. Our monitors documented the deaths of 11 civilians, Civic Monitor said.",
        published="2025-03-15T12:30",
        site="un.example",
        when="2025-03-14",
        killed=15,
    )
    fig(
        d4,
        "at least 15 people may have been killed",
        "killed",
        count("at least 15", 15, 15, None, "at_least"),
        source=("UN Human Rights Office", "international_org"),
        as_of="2025-03-15",
        hedged=True,
    )
    fig(
        d4,
        "the deaths of 11 civilians",
        "killed",
        count("11", 11),
        category="civilians",
        group="civilians",
        source=("Civic Monitor", "ngo"),
        as_of="2025-03-15",
    )
    d5 = report(
        "osh-5",
        "Fourteen people have now died as a result of Friday's clashes in Osh, the Ministry of Health said on "
        "Sunday. The ministry said 163 people had been injured in total.",
        published="2025-03-16T19:20",
        site="osh-evening.example",
        when="2025-03-14",
        killed=14,
        injured=163,
    )
    fig(
        d5,
        "Fourteen people have now died",
        "killed",
        count("Fourteen", 14),
        source=("Ministry of Health", "health"),
        as_of="2025-03-16",
    )
    fig(
        d5,
        "163 people had been injured in total",
        "injured",
        count("163", 163),
        source=("the ministry of health", "health"),
        as_of="2025-03-16",
    )
    for d in (d1, d2, d3, d4, d5):
        d.check()
    return [d1, d2, d3, d4, d5]


TOWNS = ["Osh", "Naryn", "Talas", "Karakol", "Batken", "Tokmok"]
MONTHS = ["March", "June", "October", "December"]
EVENTS = ["a bus left the road", "a fire swept through a market", "a bridge collapsed", "a gas pipe exploded"]


def write_inputs(folder: Path, n: int) -> Path:
    """``n`` reports: half as text files, half as one JSON lines dump, and one broken gzip."""
    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for i in range(n):
        town, month = TOWNS[i % len(TOWNS)], MONTHS[i % len(MONTHS)]
        what = EVENTS[i % len(EVENTS)]
        body = (
            f"{i % 4 + 2} people were killed and {i % 5 + 1} were injured when {what} in {town} on "
            f"{3 + i % 5} {month} 2025, the emergencies ministry said. Police said a man, {30 + i}, "
            f"was detained. Report {i} from the regional desk."
        )
        title = f"{what.split(' ', 2)[1].capitalize()} in {town}"
        if i % 2:
            records.append({"id": f"wire-{i:03d}", "title": title, "text": body})
        else:
            (folder / f"paper-{i:03d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (folder / "broken.txt.gz").write_bytes(gzip.compress(b"a bus crash " * 40)[:30])
    return folder


def contents(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], list[object]]:
    d, f = documents.c, figures.c
    with store.read() as conn:
        docs = [
            tuple(r)
            for r in conn.execute(
                select(
                    d.id, d.content_hash, d.summary_json, d.features_json, d.incident_id, d.duplicate_of
                ).order_by(d.id)
            )
        ]
        figs = [
            tuple(r)
            for r in conn.execute(
                select(
                    f.id, f.document_id, f.ordinal, f.outcome, f.count_best, f.ev_start, f.ev_text
                ).order_by(f.id)
            )
        ]
    incidents = [(i["id"], i["documents"], i["summary"]) for i in store.iter_incidents()]
    return docs, figs, incidents


@pytest.fixture
def b() -> SimpleNamespace:
    """The builders, for tests: ``b.report``, ``b.fig``, ``b.count``, ``b.osh_reports``, ``b.OSH``."""
    return SimpleNamespace(
        report=report,
        fig=fig,
        count=count,
        osh_reports=osh_reports,
        OSH=OSH,
        write_inputs=write_inputs,
        contents=contents,
    )
