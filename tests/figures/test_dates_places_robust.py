"""Dates and places never fail on odd input: they answer None or a well-formed value."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tollwatch.contract import Document, Place
from tollwatch.figures.dates import DateReader
from tollwatch.figures.geo import gazetteer
from tollwatch.figures.places import PlaceReader

WORDS = st.sampled_from(
    ["Monday", "late", "on", "Jan.", "27", "2014", "SPRINGFIELD,", "Ill.", "(AP)", "—", "shot", "in", "Chicago's",
     "St.", "Louis", "police", "said", "yesterday", "last", "year", "İstanbul", "\n", "D.C.", "12/31/2015", "Georgia",
     "ÉCOLE", "--", "'s", "Mar", "1", "County", "Sheriff's", "Office", "the", "city", "of", "Almaty", "Kazakh"]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=TEXTS,
    title=st.one_of(st.none(), TEXTS),
    published=st.sampled_from([None, "2016-02-29", "garbage", "2022-01-06T15:47+00:00"]),
)
def test_readers_never_fail(text, title, published):
    doc = Document(
        id="x", text=text, title=title, published=published, url="http://example.org/a-b-c-chicago/"
    )
    dates, places = DateReader(doc), PlaceReader(doc, gaz=gazetteer())
    spans = [("text", 0, min(len(text), 10)), ("title", 0, len(title or ""))]
    for day in [
        dates.incident_day([]),
        dates.incident_day(spans),
        *(dates.day_for(s, context=tuple(spans)) for s in spans),
    ]:
        assert day is None or dt.date.fromisoformat(day)
    for place in [
        places.incident_place([]),
        places.incident_place(spans),
        *(places.place_for(s) for s in spans),
    ]:
        assert place is None or (isinstance(place, Place) and place.name)
