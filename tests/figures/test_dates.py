"""The day a figure speaks for, and the day the main incident happened."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tollwatch.contract import Document
from tollwatch.figures.dates import (
    DateReader,
    DateSettingsError,
    load_settings,
    month_day,
    parse_published,
    weekday_on_or_before,
)
from tollwatch.figures.profiles import core_holidays, holiday_day, load_profile
from tollwatch.figures.sentences import sentence_spans

FRI = dt.date(2022, 1, 7)  # a Friday


def span_of(doc: Document, words: str, field: str = "text") -> tuple[str, int, int]:
    text = getattr(doc, field)
    i = text.index(words)
    return field, i, i + len(words)


def sentence_of(doc: Document, words: str) -> tuple[str, int, int]:
    i = doc.text.index(words)
    a, b = next((a, b) for a, b in sentence_spans(doc.text) if a <= i < b)
    return "text", a, b


# ---------------------------------------------------------------- calendar arithmetic


@pytest.mark.parametrize(
    ("weekday", "strictly", "want"),
    [
        (4, False, FRI),  # "Friday" in a Friday paper is that Friday
        (4, True, dt.date(2021, 12, 31)),  # "last Friday" in a Friday paper is the week before
        (3, False, dt.date(2022, 1, 6)),  # "Thursday": the day before
        (5, False, dt.date(2022, 1, 1)),  # "Saturday" in a Friday paper: six days back, never ahead
        (0, True, dt.date(2022, 1, 3)),
    ],
)
def test_weekday_is_the_most_recent_on_or_before_publication(weekday, strictly, want):
    assert weekday_on_or_before(FRI, weekday, strictly=strictly) == want


def test_month_and_day_without_a_year_take_the_year_that_keeps_them_in_the_past():
    assert month_day(dt.date(2014, 2, 3), 1, 27, None) == dt.date(2014, 1, 27)
    assert month_day(dt.date(2016, 1, 2), 12, 30, None) == dt.date(2015, 12, 30)
    assert month_day(dt.date(2016, 1, 2), 2, 30, None) is None  # no 30 February
    assert month_day(None, 1, 27, 2014) == dt.date(2014, 1, 27)


def test_holidays_resolve_to_the_latest_one_before_publication():
    us = load_profile("us").holidays
    assert holiday_day(core_holidays(), dt.date(2016, 1, 1), "New Year's Eve") == dt.date(2015, 12, 31)
    assert holiday_day(us, dt.date(2015, 11, 28), "Thanksgiving") == dt.date(2015, 11, 26)
    assert holiday_day(us, dt.date(2016, 7, 5), "Fourth of July") == dt.date(2016, 7, 4)
    # a US holiday is no day of a report about another country
    assert holiday_day(core_holidays(), dt.date(2016, 7, 5), "Independence Day") is None


def test_published_may_carry_a_time_or_be_missing():
    assert parse_published("2022-01-06T15:47+00:00") == dt.date(2022, 1, 6)
    assert parse_published("2022-01-06") == dt.date(2022, 1, 6)
    assert parse_published(None) is None
    assert parse_published("last Tuesday") is None


# ---------------------------------------------------------------- as_of of a figure

KZ = (
    "At least 18 police officers and servicemen have been killed in clashes, the ministry said. "
    "The updated figure was published by the interior ministry late on Thursday. "
    "Nearly 750 officers have been injured in the unrest."
)


def test_as_of_comes_from_the_attribution_in_the_next_sentence():
    doc = Document(id="kz", text=KZ, published="2022-01-07")  # a Friday paper: fallback would be 7 Jan
    reader = DateReader(doc)
    figure = span_of(doc, "At least 18 police officers")
    context = (sentence_of(doc, "At least 18"), sentence_of(doc, "The updated figure"))
    assert reader.day_for(figure, context=context) == "2022-01-06"


def test_as_of_late_on_thursday_in_a_thursday_paper_is_that_thursday():
    doc = Document(id="kz", text=KZ, published="2022-01-06T15:47+00:00")
    figure = span_of(doc, "At least 18 police officers")
    assert DateReader(doc).day_for(figure, context=(sentence_of(doc, "The updated figure"),)) == "2022-01-06"


def test_as_of_without_a_named_day_is_the_publication_day():
    doc = Document(id="kz", text=KZ, published="2022-01-09")
    assert DateReader(doc).day_for(span_of(doc, "Nearly 750")) == "2022-01-09"


def test_as_of_prefers_the_day_in_the_figures_own_sentence():
    doc = Document(
        id="d",
        text="Two men were wounded on Saturday night, police said. On Monday the police said more.",
        published="2015-03-16",
    )
    assert DateReader(doc).day_for(span_of(doc, "Two men")) == "2015-03-14"


def test_a_figure_of_last_year_has_no_day():
    doc = Document(
        id="d",
        text="A man was shot on Main Street on Tuesday. Last year five people were killed at the same corner.",
        published="2016-06-08",
    )
    reader = DateReader(doc)
    assert reader.day_for(span_of(doc, "five people")) is None
    assert reader.day_for(span_of(doc, "A man")) == "2016-06-07"


# ---------------------------------------------------------------- the incident's day


def incident(text: str, published: str | None, title: str | None = None) -> str | None:
    return DateReader(Document(id="t", text=text, title=title, published=published)).incident_day([])


def test_the_day_of_the_shooting_not_the_day_of_the_status():
    text = (
        "A 12-year-old was in critical condition Tuesday after he and three others were shot on a "
        "basketball court. Four teens were shot behind the church at about 6 p.m. Monday evening, police said."
    )
    assert incident(text, "2014-01-28") == "2014-01-27"


def test_the_day_police_spoke_is_not_the_incident():
    text = "Police said Wednesday that a man was shot and killed late Monday outside a convenience store."
    assert incident(text, "2016-05-11") == "2016-05-09"


def test_died_later_of_wounds_suffered_earlier():
    text = "Amos Reed, 57, died Sunday from injuries he suffered when he was shot Saturday night."
    assert incident(text, "2016-10-31") == "2016-10-29"


def test_hearings_and_vigils_do_not_make_the_incident_day():
    text = (
        "A teenager was shot and killed early Saturday at a park, deputies said. "
        "A vigil was held Sunday. The suspect will be arraigned in court on Monday."
    )
    assert incident(text, "2016-07-17") == "2016-07-16"


def test_explicit_dates_with_and_without_a_year():
    assert incident("Two women were shot on Jan. 27 near the bus station.", "2014-02-03") == "2014-01-27"
    assert incident("He was shot and killed on December 30, 2015, in his home.", "2016-03-01") == "2015-12-30"
    assert incident("Three people were wounded in a shooting on 6 Jan, 2022.", None) == "2022-01-06"


def test_relative_words_count_back_from_publication():
    assert incident("A man was shot in the leg last night outside a bar.", "2017-03-25") == "2017-03-24"
    assert incident("A woman was wounded in a shooting this morning.", "2017-03-25") == "2017-03-25"
    assert incident("Two people were shot on New Year's Eve downtown.", "2016-01-01") == "2015-12-31"


def test_a_named_night_beats_overnight():
    text = "One man was killed overnight. It happened Saturday night around 10 p.m. when gunfire broke out."
    assert incident(text, "2015-08-16") == "2015-08-15"


def test_no_day_named_falls_back_to_publication():
    assert incident("A man was shot in the arm, police said.", "2015-05-05") == "2015-05-05"
    assert incident("A man was shot in the arm, police said.", None) is None


def test_page_furniture_stands_in_for_a_missing_publication_date():
    text = (
        "Posted: Tuesday, January 28, 2014 8:18 PM EST\n\n"
        "A teenager was fatally shot at an apartment complex Tuesday evening, police said."
    )
    assert incident(text, None) == "2014-01-28"


def test_the_title_is_read_when_the_body_is_junk():
    title = "Man shot Friday night outside nightclub"
    text = "Please enable JavaScript to watch this video. Subscribe to our newsletter."
    assert incident(text, "2016-02-08", title=title) == "2016-02-05"


def test_a_day_after_publication_is_never_the_incident():
    text = "The man who was shot on Tuesday will appear in court on Thursday."
    assert incident(text, "2016-06-08") == "2016-06-07"


def test_settings_are_validated(tmp_path):
    bad = tmp_path / "dates.json"
    bad.write_text(json.dumps({"no_date_fallback": "guess"}), encoding="utf-8")
    with pytest.raises(DateSettingsError, match="no_date_fallback"):
        load_settings(bad)
    good = tmp_path / "ok.json"
    good.write_text(json.dumps({"no_date_fallback": "none"}), encoding="utf-8")
    doc = Document(id="t", text="A man was shot in the arm.", published="2015-05-05")
    assert DateReader(doc, settings=load_settings(good)).incident_day([]) is None


# ---------------------------------------------------------------- the day a figure was stated


@pytest.mark.parametrize(
    ("text", "words", "want"),
    [
        # an unfolding unrest (published Sunday 16 March 2025): the day said, not the clashes' day
        (
            "Fourteen people have now died as a result of Friday's clashes, the Ministry of Health said on Sunday.",
            "Fourteen people have now died",
            "2025-03-16",
        ),
        # an event day written as a possessive is never the figure's day: the report's day
        ("The death toll from Monday's earthquake climbed to 5,000.", "climbed to 5,000", "2025-03-16"),
        # figures not updated since a day speak for that day
        ("The ministry's figures, not updated since Thursday, give 40 dead.", "40 dead", "2025-03-13"),
        # "as of" a date
        ("As of 10 March, 212 people had been detained.", "212 people had been detained", "2025-03-10"),
    ],
)
def test_a_figures_day_is_the_day_it_was_stated(text: str, words: str, want: str) -> None:
    doc = Document(id="x", text=text, published="2025-03-16")
    r = DateReader(doc)
    span = span_of(doc, words)
    assert r.day_for(span, context=(sentence_of(doc, words),)) == want


def test_a_dateline_day_is_the_day_the_figures_were_filed() -> None:
    text = "OSH, 16 March — Fourteen people died in Friday's clashes."
    posted_later = Document(id="x", text=text, published="2025-03-17")
    assert DateReader(posted_later).day_for(span_of(posted_later, "Fourteen people died")) == "2025-03-16"
    undated = Document(id="y", text=text, published=None)  # no year anywhere: unknown, never a guess
    assert DateReader(undated).day_for(span_of(undated, "Fourteen people died")) is None
