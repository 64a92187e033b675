"""Figure readers: a document in, its figures and summary out -- one reader per language.

:class:`FigureReader` is what a reader is; :class:`RuleReader` (the lexicon-and-pattern
reader of this package) is the English one. :func:`reader_for` picks the reader of a
document's language, or the one named (``--reader``). A report in a language no reader
handles is not read as English: :func:`read_figures` leaves it without figures and records
a ``language`` problem naming the language, so the report is stored and shown as such.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from tollwatch import errors
from tollwatch.contract import Document, Problem
from tollwatch.settings import PACKAGED, Settings

if TYPE_CHECKING:
    from tollwatch.figures.budget import Budget


class FigureReader(Protocol):
    """Reads the figures and the main incident's summary of a document (in place)."""

    name: str
    languages: tuple[str, ...]

    def read(
        self, doc: Document, budget: Budget | None = None, settings: Settings = PACKAGED
    ) -> Document: ...


class RuleReader:
    """The rule reader: lexicons and patterns in ``tollwatch/data`` (English)."""

    name: str = "rules-en"
    languages: tuple[str, ...] = ("en",)

    def read(self, doc: Document, budget: Budget | None = None, settings: Settings = PACKAGED) -> Document:
        from tollwatch.figures import extract_figures

        return extract_figures(doc, budget, settings)


#: every reader, by name
READERS: dict[str, FigureReader] = {r.name: r for r in (RuleReader(),)}


def reader_for(doc: Document, name: str | None = None) -> FigureReader | None:
    """The reader named ``name`` (``KeyError`` if none), else the first that reads ``doc.language``."""
    if name:
        return READERS[name]
    return next((r for r in READERS.values() if doc.language in r.languages), None)


def read_figures(
    doc: Document, name: str | None = None, budget: Budget | None = None, settings: Settings = PACKAGED
) -> Document:
    """Figures by the reader of the document's language (or ``name``); a ``language`` problem
    when there is none. ``budget`` bounds the reading's CPU time (:class:`TooSlow`); ``settings``
    names the lexicon overrides (default: the packaged data only)."""
    reader = reader_for(doc, name)
    if reader is None:
        known = sorted({lang for r in READERS.values() for lang in r.languages})
        doc.problems.append(
            Problem(
                errors.LANGUAGE,
                f"{doc.origin or doc.id}: written in {doc.language!r}, which tollwatch cannot read yet "
                f"(it reads {', '.join(known)}) - stored without figures; "
                "--reader rules-en reads it with the English rules anyway",
            )
        )
        return doc
    return reader.read(doc, budget, settings)
