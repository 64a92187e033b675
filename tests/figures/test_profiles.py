"""Profiles: US local news conventions apply to US reports only, never to international ones."""

from __future__ import annotations

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures
from tollwatch.figures import profiles as profiles_mod
from tollwatch.figures.places import PlaceReader
from tollwatch.figures.profiles import ProfileError, core_profile, for_country, load_profile


def read(text: str, published: str = "2015-07-06") -> Document:
    return extract_figures(Document(id="t", text=text, published=published))


def killed(doc: Document) -> int:
    return (doc.summary.killed.best or 0) if doc.summary.killed else 0


def test_the_us_profile_loads_and_applies_to_us_reports_only():
    us = load_profile("us")
    assert "US" in us.countries and "independence day" in us.holidays
    assert for_country("US").name == "us"
    assert for_country("UA").name == for_country(None).name == "core"
    assert "independence day" not in {k for k, v in core_profile().holidays.items() if v is not None}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("HOUSTON, Texas — Two men were shot Saturday night in north Houston, police said.", "US"),
        ("A man was killed in a shooting in Cleveland, Ohio on Independence Day.", "US"),
        ("KYIV, Ukraine — Three soldiers were killed on Independence Day, the ministry said.", "UA"),
        ("LAGOS — At least 40 people were killed in the deadliest attack this year in Nigeria.", "NG"),
    ],
)
def test_the_country_that_chooses_the_profile_is_read_from_the_report(text, country):
    assert PlaceReader(Document(id="t", text=text)).country == country


def test_independence_day_is_the_fourth_of_july_in_a_us_report_only():
    us = read("A man was killed in a shooting in Cleveland, Ohio on Independence Day, police said.")
    assert us.summary.when == "2015-07-04"
    kyiv = read("KYIV, Ukraine — Three soldiers were killed on Independence Day, the ministry said.")
    assert kyiv.summary.when != "2015-07-04"
    assert all(f.as_of != "2015-07-04" for f in kyiv.figures)
    # a holiday every profile knows still resolves anywhere
    assert (
        read("Two people were killed in Lagos on New Year's Day.", "2016-01-02").summary.when == "2016-01-01"
    )


def test_a_year_tally_drops_a_us_figure_but_not_an_international_one():
    intl = read("At least 40 people were killed in the deadliest attack this year in Kano, Nigeria.")
    assert killed(intl) == 40
    us = read(
        "A man was shot and killed Saturday in Baltimore, Maryland, police said. "
        "Police said 112 people have been killed in the city this year."
    )
    assert killed(us) == 1


def test_a_profile_cue_without_its_example_is_refused(tmp_path, monkeypatch):
    bad = {
        "countries": ["US"],
        "other_incident": {"phrases": ["this year"], "must": ["Nothing of a tally here."]},
    }
    monkeypatch.setattr(profiles_mod, "_json", lambda *parts: bad)
    load_profile.cache_clear()
    try:
        with pytest.raises(ProfileError, match="must read"):
            load_profile("us")
        bad["other_incident"] = {"phrases": ["this year"]}
        bad["holidays"] = {"fixed": {"independence day": [13, 4]}}
        with pytest.raises(ProfileError, match="month 13"):
            load_profile("us")
    finally:
        monkeypatch.undo()
        load_profile.cache_clear()
    assert load_profile("us").countries == frozenset({"US"})
