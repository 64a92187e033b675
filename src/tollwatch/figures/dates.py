"""Days: the day each figure speaks for (``as_of``) and the day the main incident happened.

INTERFACE STUB (owned by the dates/places work): resolve "late on Thursday", "Monday
evening", "on Wednesday", "Jan. 5" against the document's publication date.
"""

from __future__ import annotations

from tollwatch.contract import Document

Span = tuple[str, int, int]  # (evidence field, start, end)


class DateReader:
    """Dates of one document, read once; asked about spans of it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def day_for(self, span: Span, context: tuple[Span, ...] = ()) -> str | None:
        """The calendar day (YYYY-MM-DD) a figure at ``span`` speaks for, or None.

        ``context`` holds other spans that bear on it, such as the sentence that attributes
        the figure ("The updated figure was published ... late on Thursday").
        """
        return None

    def incident_day(self, anchors: list[Span]) -> str | None:
        """The day the main incident happened; ``anchors`` are its figures' spans."""
        return None
