"""Evidence always quotes its field exactly, whatever the text around the figures."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tollwatch.contract import Document
from tollwatch.figures import extract_figures

PIECES = [
    "At least 18 police officers have been killed",
    "Nearly 750 law enforcement have received various injuries, it claimed.",
    "A man and a woman were shot",
    "“dozens of attackers” having been eliminated",
    "No details on civilian casualties have officially been revealed.",
    "three people were shot, one fatally,",
    "Almost 1,000 people have reportedly been injured",
    "police said.",
    "RELATED: Two killed last year",
    "\n\n",
    "Sgt. J. Smith said",
    "killing two and injuring 14",
]

text_strategy = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet=st.characters(codec="utf-8"), max_size=30)),
    max_size=12,
).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=text_strategy,
    title=st.one_of(st.none(), text_strategy),
    standfirst=st.one_of(st.none(), text_strategy),
)
def test_evidence_quotes_its_field(text, title, standfirst):
    doc = extract_figures(
        Document(id="h", text=text, title=title, standfirst=standfirst, published="2024-01-06")
    )
    doc.check()  # raises if any evidence is not doc[field][start:end]
    for f in doc.figures:
        assert f.evidence.text
        assert f.count.text.strip() == "" or f.count.text in f.evidence.text or f.undisclosed
    for c in (doc.summary.killed, doc.summary.injured):
        assert c is None or (c.best or 0) >= 0


def test_standfirst_and_title_figures_index_their_own_field():
    doc = extract_figures(
        Document(
            id="s",
            text="Protesters returned to the square.",
            title="3 killed, 40 hurt in clashes",
            standfirst="Death toll mounts, with several more officers killed and hundreds injured",
        )
    )
    doc.check()
    fields = {f.evidence.text: f.evidence.field for f in doc.figures}
    assert fields["3 killed"] == "title"
    assert fields["hundreds injured"] == "standfirst"
