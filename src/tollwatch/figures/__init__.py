"""Stage 2 — figures: every human-toll figure of a document, and its main incident.

PLACEHOLDER (foundation skeleton): finds nothing; the figures issue replaces it.
"""

from __future__ import annotations

from tollwatch.contract import Document


def extract_figures(doc: Document) -> Document:
    return doc
