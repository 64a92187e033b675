"""Long inputs: over-long "sentences" are cut at clause breaks, and reading stays linear.

The speed itself is measured by ``bench/extract_linear.py`` (never timed here); these tests
check what the cut reads and does not read.
"""

from __future__ import annotations

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.sentences import MAX_SENTENCE, sentence_spans, sentences


def test_an_over_long_run_is_cut_at_clause_breaks():
    clauses = [f"{n} killed in the village of Ardmore, {n + 1} injured; " for n in range(200)]
    text = "".join(clauses)
    spans = sentence_spans(text)
    assert len(spans) > 1
    assert all(b - a <= MAX_SENTENCE for a, b in spans)
    # each piece ends at a clause break, so no clause is split
    for a, b in spans[:-1]:
        assert text[b - 1] in ";,", text[a:b][-20:]
    # nothing is lost between the pieces but the spaces
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")


def test_a_run_without_clause_breaks_is_cut_at_a_space():
    text = "word " * 1000
    spans = sentence_spans(text)
    assert len(spans) > 1
    assert all(text[a:b].split() == ["word"] * len(text[a:b].split()) for a, b in spans)


def test_ordinary_sentences_are_never_cut():
    long_one = "Police said " + ", ".join(f"a man aged {n}" for n in range(20, 80)) + " were hurt."
    assert len(long_one) < MAX_SENTENCE
    text = f"Two people were killed. {long_one} The suspect fled."
    assert sentences(text) == ["Two people were killed.", long_one, "The suspect fled."]


def test_figures_of_a_long_run_on_list_are_all_read():
    text = "".join(f"{n} killed in the north, {n + 1000} injured, " for n in range(1, 301))
    doc = extract_figures(Document(id="long", text=text))
    doc.check()
    killed = sorted(f.count.best for f in doc.figures if f.outcome == "killed")
    injured = sorted(f.count.best for f in doc.figures if f.outcome == "injured")
    assert killed == list(range(1, 301))
    assert injured == list(range(1001, 1301))


def test_the_hedge_of_a_sentence_holds_for_each_of_its_figures():
    doc = extract_figures(
        Document(id="h", text="Up to 12 people were reportedly killed and 30 injured. Four were detained.")
    )
    hedged = {f.outcome: f.hedged for f in doc.figures}
    assert hedged == {"killed": True, "injured": True, "detained": False}
