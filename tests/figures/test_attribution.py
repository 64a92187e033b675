"""Sources (same, next and previous sentence), hedges and undisclosed figures."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures.sentences import sentences


def figures(text: str, **meta):
    doc = extract_figures(Document(id="t", text=text, **meta))
    doc.check()
    return doc.figures


def only(text: str, **meta):
    figs = figures(text, **meta)
    assert len(figs) == 1, figs
    return figs[0]


@pytest.mark.parametrize(
    ("text", "name", "type_"),
    [
        ("Three people were killed, police said.", "police", "police"),
        (
            "According to the interior ministry, 40 protesters were detained.",
            "interior ministry",
            "government",
        ),
        ("Two soldiers were killed, the army said in a statement.", "army", "military"),
        ("Five people were injured, a hospital official said.", "hospital official", "health"),
        (
            "At least 40 people were killed, the UN Office for the Coordination of Humanitarian Affairs (OCHA) said.",
            "UN Office for the Coordination of Humanitarian Affairs (OCHA)",
            "international_org",
        ),
        ("Two people were shot, said Sgt. Maria Lopez.", "Sgt. Maria Lopez", "police"),
        ("Ten people died, witnesses told reporters.", "witnesses", "witness"),
        # "concerned by reports that ...": the reports are hearsay, the speaker is who says so
        (
            "We are concerned by reports that at least 15 people may have been killed, a spokesperson "
            "for the UN Human Rights Office said.",
            "UN Human Rights Office",
            "international_org",
        ),
        ("Three people died, Reuters reports.", "Reuters", "media"),
    ],
)
def test_source_in_the_same_sentence(text, name, type_):
    f = only(text)
    assert f.source is not None
    assert f.source.name == name
    assert f.source.type == type_
    assert f.source.text in text


def test_source_in_the_next_sentence_refers_back_to_the_figure():
    f = only(
        "At least 18 officers were killed in the clashes. The figure was published by the interior ministry."
    )
    assert f.source and f.source.name == "interior ministry"


def test_pronoun_speaker_takes_the_previous_sentences_speaker():
    text = "The health ministry released new figures on Friday. Nearly 300 people were injured, it said."
    assert only(text).source.name == "health ministry"


def test_unattributed_figure_has_no_source():
    assert only("Four people were shot on Elm Street on Sunday.").source is None


def test_a_counted_group_is_not_its_own_speaker():
    f = only("Nearly 750 law enforcement have received various injuries, it claimed.")
    assert f.source is None or f.source.name != "law enforcement"


@pytest.mark.parametrize(
    "text",
    [
        "Almost 1,000 people have reportedly been injured.",
        "Militants allegedly killed 30 villagers.",
        "As many as 15 soldiers are believed to have been killed.",
        "Nearly 750 officers were injured, the ministry claimed.",
        "Twelve people were killed, according to unconfirmed reports.",
    ],
)
def test_hedged(text):
    assert only(text).hedged


def test_not_hedged():
    assert not only("Four people were killed, police said.").hedged


@pytest.mark.parametrize(
    ("text", "evidence", "outcome", "category"),
    [
        (
            "No details on civilian casualties have officially been revealed.",
            "civilian casualties",
            "casualties",
            "civilians",
        ),
        (
            "There was no official information on killed or injured protesters.",
            "injured protesters",
            "casualties",
            "protesters",
        ),
        (
            "The army did not say how many soldiers were wounded.",
            "soldiers were wounded",
            "injured",
            "security_forces",
        ),
        (
            "Officials declined to say how many people were detained.",
            "people were detained",
            "detained",
            "unspecified",
        ),
    ],
)
def test_undisclosed(text, evidence, outcome, category):
    f = only(text)
    assert f.undisclosed and f.count.kind == "unknown" and f.count.best is None
    assert evidence in f.evidence.text
    assert (f.outcome, f.category) == (outcome, category)


def test_undisclosed_words_without_a_toll_are_no_figure():
    assert figures("The OHCHR did not elaborate on their sources for the number cited.") == []


def test_sentences_split_news_copy():
    text = (
        "The shooting happened at about 6 p.m. Monday on Main St. in Rocky Mount, N.C. Police said\n"
        "two men were hurt.The suspect fled. Sgt. J. Smith said the U.S. attorney was told."
    )
    assert sentences(text) == [
        "The shooting happened at about 6 p.m. Monday on Main St. in Rocky Mount, N.C. Police said",
        "two men were hurt.",
        "The suspect fled.",
        "Sgt. J. Smith said the U.S. attorney was told.",
    ]
