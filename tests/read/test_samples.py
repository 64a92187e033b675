"""The sample reports shipped in the repo read cleanly, and figures quote the final strings exactly."""

from __future__ import annotations

from pathlib import Path

import tollwatch
from tollwatch.read import read_paths

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
MINE = sorted(p for p in SAMPLES.iterdir() if p.is_file())


def test_every_sample_reads_without_problems() -> None:
    docs = list(read_paths(MINE))
    assert len(docs) >= 8
    for d in docs:
        assert not d.problems, (d.id, d.problems)
        assert d.text and d.title, d.id
        assert "\n\n\n" not in d.text and d.text == d.text.strip()


def test_the_pasted_sample_loses_its_chrome() -> None:
    (doc,) = read_paths([SAMPLES / "pasted-stadium-crush.txt"])
    assert doc.published == "2024-03-14T09:12"
    assert doc.standfirst and doc.standfirst.startswith("Dozens injured")
    for junk in (
        "icon",
        "JavaScript",
        "TRENDING",
        "RELATED",
        "Pause",
        "Caption Close",
        "Subscribe",
        "Sign in",
    ):
        assert junk not in doc.text, junk


def test_figure_evidence_indexes_the_final_strings() -> None:
    for doc in read_paths(MINE):
        tollwatch.extract_document(doc).check()  # raises if any evidence is not field[start:end]
