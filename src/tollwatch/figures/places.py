"""Places: where each figure is about, and where the main incident happened.

INTERFACE STUB (owned by the dates/places work): an offline gazetteer from a PyPI
package (GeoNames-derived), datelines ("ROCKY MOUNT, N.C. --"), "in <town>" mentions.
"""

from __future__ import annotations

from tollwatch.contract import Document, Place

Span = tuple[str, int, int]  # (evidence field, start, end)


class PlaceReader:
    """Places of one document, read once; asked about spans of it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def place_for(self, span: Span, context: tuple[Span, ...] = ()) -> Place | None:
        """The place a figure at ``span`` is about, or None.

        ``context`` holds other spans that bear on it, such as its attribution sentence.
        """
        return None

    def incident_place(self, anchors: list[Span]) -> Place | None:
        """Where the main incident happened; ``anchors`` are its figures' spans."""
        return None
