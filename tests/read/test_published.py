"""Publication dates to ISO: cheap regexes first, dateparser for the rest."""

from __future__ import annotations

import pytest

from tollwatch.read.published import iso_date, parse_date


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("6 Jan, 2022 15:47", "2022-01-06T15:47"),
        ("Posted: Tuesday, January 28, 2014 8:18 PM EST", "2014-01-28T20:18"),
        ("Updated: 08/10/2014 4:26 PM", "2014-08-10T16:26"),
        ("Aug. 28, 2016", "2016-08-28"),
        ("Sept. 3, 2015 at 3:47 p.m.", "2015-09-03T15:47"),
        ("Thursday 6 January 2022", "2022-01-06"),
        ("15:47, 6 January 2022", "2022-01-06T15:47"),
        ("2019-11-19T10:20:00+01:00", "2019-11-19T10:20+01:00"),
        ("DATE: September 26, 2016 9:57:05 AM CDT", "2016-09-26T09:57"),
        ("25/12/2020", "2020-12-25"),
    ],
)
def test_date_lines_are_read(line: str, iso: str) -> None:
    assert parse_date(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "The shooting happened on Jan 6, 2022, police said.",
        "At least 18 police officers were killed.",
        "Mayor 5, 2015",
        "February 30, 2020",
        "",
    ],
)
def test_sentences_and_impossible_dates_are_not_dates(line: str) -> None:
    assert parse_date(line) is None


def test_dateparser_reads_what_the_regexes_do_not() -> None:
    assert parse_date("January 6th 2022 at noon") == "2022-01-06T12:00"


def test_given_dates_are_normalised() -> None:
    assert iso_date("2014-01-28") == "2014-01-28"
    assert iso_date("not a date") is None
    assert iso_date(None) is None
