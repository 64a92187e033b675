"""Stage 1 — reading: inputs of every form into clean :class:`~tollwatch.contract.Document` records.

PLACEHOLDER (foundation skeleton): reads .txt and .jsonl only; the reading issue replaces it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from tollwatch.contract import Document


def read_pasted(
    text: str,
    *,
    id: str = "text",
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Document:
    return Document(id=id, text=text, title=title, published=published, url=url)


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document]:
    for p in paths:
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.suffix == ".jsonl":
                for line in f.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        r = json.loads(line)
                        yield Document(
                            id=str(r["id"]),
                            text=r.get("text") or "",
                            title=r.get("title"),
                            published=r.get("published"),
                            url=r.get("url"),
                        )
            else:
                yield read_pasted(f.read_text(encoding="utf-8"), id=f.name.split(".")[0])
