"""Stage 2 — figures: every human-toll figure of a document, and its main incident.

PLACEHOLDER wiring (foundation skeleton): finds no figures yet; the figures issue fills
it in. Dates and places come from :mod:`.dates` and :mod:`.places`.
"""

from __future__ import annotations

from tollwatch.contract import Document, Summary
from tollwatch.figures.dates import DateReader
from tollwatch.figures.places import PlaceReader


def extract_figures(doc: Document) -> Document:
    dates, places = DateReader(doc), PlaceReader(doc)
    figures: list = []  # the figure finder goes here
    anchors = [(f.evidence.field, f.evidence.start, f.evidence.end) for f in figures]
    for f in figures:
        span = (f.evidence.field, f.evidence.start, f.evidence.end)
        f.as_of, f.place = dates.day_for(span), places.place_for(span)
    doc.figures = figures
    doc.summary = Summary(when=dates.incident_day(anchors), where=places.incident_place(anchors))
    return doc
