"""tollwatch: a sourced, auditable ledger of the human toll, read from news reports.

The Python API has the same verbs as the command line::

    import tollwatch
    for doc in tollwatch.read("reports/"):        # documents, cleaned, no figures yet
        ...
    for doc in tollwatch.extract("reports/"):     # documents with figures and a summary
        print(doc.summary.killed)
    doc = tollwatch.extract_text("At least 18 people were killed ...", title="...")
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

# The stage subpackage is imported first, so that the function ``read`` defined below, not the
# subpackage ``tollwatch.read``, is what ``tollwatch.read`` names.
import tollwatch.read as _read_stage
from tollwatch import errors
from tollwatch.contract import Count, Document, Evidence, Figure, Incident, Place, Problem, Source, Summary
from tollwatch.settings import PACKAGED, Settings

if TYPE_CHECKING:
    from tollwatch.workers import Workers

__version__ = "0.1.0"

__all__ = [
    "Count",
    "Document",
    "Evidence",
    "Figure",
    "Incident",
    "Place",
    "Problem",
    "Source",
    "Summary",
    "__version__",
    "extract",
    "extract_document",
    "extract_text",
    "read",
    "read_text",
]


def read(*paths: str | Path | Iterable[str | Path], workers: Workers | None = None) -> Iterator[Document]:
    """Read files, folders (recursively), JSON lines, ``-`` (stdin), WARC, URLs, feeds and
    sitemaps into clean documents (files in several processes with
    ``workers=tollwatch.workers.Workers(n)``; same order)."""
    from tollwatch.read.sources import read_sources

    yield from read_sources(_flatten(paths), workers=workers)


def read_text(
    text: str,
    *,
    id: str = "text",
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Document:
    """Clean one pasted text (page chrome and all) into a document."""
    return _read_stage.read_pasted(text, id=id, title=title, published=published, url=url)


def extract_document(
    doc: Document,
    reader: str | None = None,
    *,
    max_seconds: float = errors.MAX_SECONDS,
    settings: Settings = PACKAGED,
) -> Document:
    """Read the figures and the main-incident summary out of one document (in place).

    The reader is the one of the document's language (or the one named ``reader``, see
    :mod:`tollwatch.figures.reader`); a language no reader handles is a ``language`` problem.
    Never raises on a bad document: a failure is logged and recorded in ``doc.problems``
    (code ``extraction_failed``; ``too_slow`` when it took over ``max_seconds`` of CPU
    time), so that one document never stops a batch. ``settings`` (built once by the entry
    point, see :mod:`tollwatch.settings`) names the overrides; the default reads packaged data only.
    """
    from tollwatch.figures import Budget, TooSlow
    from tollwatch.figures.reader import read_figures

    if not (doc.text or doc.title or doc.standfirst):
        return doc
    try:
        return read_figures(doc, reader, Budget(max_seconds), settings)
    except TooSlow as e:
        logging.getLogger("tollwatch.figures").warning("%s", e)
        doc.figures = []
        doc.problems.append(Problem(errors.TOO_SLOW, str(e)))
        return doc
    except Exception as e:
        message = f"{doc.origin or doc.id}: figure extraction failed ({type(e).__name__}: {e})"
        logging.getLogger("tollwatch.figures").warning("%s", message)
        doc.figures = []
        doc.problems.append(Problem(errors.EXTRACTION_FAILED, message))
        return doc


def warm_up(settings: Settings = PACKAGED, chrome_files: Iterable[str | Path] = ()) -> None:
    """Load the one-time resources of reading and extracting (page chrome rules, the language
    identifier, dateparser, the lexicons and the gazetteer), as the first document would: a
    pool of forked processes then shares them instead of loading them once each."""
    from tollwatch.read.chrome import load_chrome
    from tollwatch.read.language import detect_language
    from tollwatch.read.published import parse_date

    load_chrome(tuple(chrome_files))
    detect_language("Two people were killed in the capital on Monday, police said.")
    parse_date("Monday, 6 January 2020")
    extract_document(
        Document(id="warm-up", text="Two people were shot dead in Paris on Monday, police said."),
        settings=settings,
    )


def extract(*paths: str | Path | Iterable[str | Path], workers: Workers | None = None) -> Iterator[Document]:
    """:func:`read`, then :func:`extract_document` on each document (both in ``workers``)."""
    yield from _read_stage.read_paths(_flatten(paths), then=extract_document, workers=workers)


def extract_text(text: str, **meta: str | None) -> Document:
    """:func:`read_text`, then :func:`extract_document`."""
    return extract_document(read_text(text, **meta))  # type: ignore[arg-type]


def _flatten(paths: tuple[str | Path | Iterable[str | Path], ...]) -> list[str | Path]:
    out: list[str | Path] = []
    for p in paths:
        if isinstance(p, (str, Path)):
            out.append(p)
        else:
            out.extend(p)
    return out
