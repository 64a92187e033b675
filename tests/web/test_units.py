"""The web layer's pure parts: highlighting by offsets, links from data, counts for people,
downloads, reading correction forms, and the no-``|safe`` rule of the templates."""

from __future__ import annotations

import csv
import io
import json
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tollwatch.web.errors import WebError
from tollwatch.web.exports import incident_csv, incidents_geojson, to_csv
from tollwatch.web.highlight import Span, segments
from tollwatch.web.render import count_range, http_url
from tollwatch.web.review import changes_from_form, count_from_form
from tollwatch.web.views import history_entry, list_query, timeline_series

REPORT = "OSH, 14 March — At least three people were killed and dozens were injured on Friday."


def test_segments_mark_each_figure_at_its_words() -> None:
    killed = REPORT.index("At least three people were killed")
    spans = [
        Span(1, killed, killed + len("At least three people were killed"), "At least three"),
        Span(2, REPORT.index("dozens"), REPORT.index("dozens") + len("dozens were injured"), "dozens"),
        Span(3, killed, killed + len("At least three"), "At least three", "confirmed"),  # nested in 1
    ]
    segs = segments(REPORT, spans)
    assert "".join(s.text for s in segs) == REPORT
    for span in spans:
        assert "".join(s.text for s in segs if span.figure_id in s.figures) == REPORT[span.start : span.end]
    counts = [s.text for s in segs if s.count]
    assert counts == ["At least three", "dozens"]
    first = next(s for s in segs if s.figures)
    assert first.first == (1, 3) and first.start == killed
    assert first.status == "unreviewed"


def test_spans_outside_the_text_are_ignored() -> None:
    segs = segments("short", [Span(1, 3, 99), Span(2, 4, 2), Span(3, -1, 2)])
    assert [s.text for s in segs] == ["short"] and not segs[0].figures


@given(
    st.text(min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60), st.sampled_from(["", "a", "zz"])), max_size=6),
)
def test_segments_round_trip_any_spans(text: str, raw: list[tuple[int, int, str]]) -> None:
    spans = [Span(i, a, b, c) for i, (a, b, c) in enumerate(raw)]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    for span in spans:
        if 0 <= span.start < span.end <= len(text):
            covered = [s for s in segs if span.figure_id in s.figures]
            assert "".join(s.text for s in covered) == text[span.start : span.end]
            assert covered[0].start == span.start


def test_links_from_data_only_if_http() -> None:
    assert http_url("https://news.example/a?b=1") == "https://news.example/a?b=1"
    assert http_url(" http://x.example ") == "http://x.example"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "vbscript:x",
        None,
        3,
    ):
        assert http_url(bad) is None


def test_counts_for_people() -> None:
    assert count_range(3, 3, 3) == "3"
    assert count_range(15, 15, None) == "≥ 15"
    assert count_range(None, 15, 15) == "≤ 15"
    assert count_range(10, 12, 15) == "12 (10–15)"
    assert count_range(24, None, 144) == "24–144"
    assert count_range(2000, None, None) == "≥ 2,000"
    assert count_range(None, None, None) == "–"


def test_csv_download_defuses_formulas_and_round_trips() -> None:
    text = to_csv(
        ("a", "b"), [{"a": '=HYPERLINK("http://x")', "b": "fine, with comma"}, {"a": "-2+3", "b": None}]
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0] == {"a": '\'=HYPERLINK("http://x")', "b": "fine, with comma"}
    assert rows[1] == {"a": "'-2+3", "b": ""}


def test_incident_downloads_carry_reviewed_values() -> None:
    record = {
        "id": "7",
        "figures": [
            {
                "id": 1,
                "document_id": "d1",
                "outcome": "killed",
                "category": "civilians",
                "group": "residents",
                "count": {"low": 5, "best": 5, "high": 5, "kind": "exact", "text": "five"},
                "source": {"name": "health ministry", "type": "health", "text": ""},
                "review_status": "corrected",
                "status": "current",
                "evidence": {"start": 0, "end": 4, "text": "five", "field": "text"},
            }
        ],
    }
    row = next(csv.DictReader(io.StringIO(incident_csv(record))))
    assert (row["incident_id"], row["count_best"], row["review_status"], row["source_name"]) == (
        "7",
        "5",
        "corrected",
        "health ministry",
    )
    geo = json.loads(
        incidents_geojson(
            [
                {
                    "id": 3,
                    "where": {"name": "Osh", "country": "KG", "lat": 40.5, "lon": 72.8},
                    "killed": {},
                    "injured": {},
                }
            ],
            "http://127.0.0.1:8000",
        )
    )
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [72.8, 40.5]}
    assert geo["features"][0]["properties"]["url"] == "http://127.0.0.1:8000/incidents/3"


FIGURE = {
    "outcome": "killed",
    "category": "unspecified",
    "group": "people",
    "count": {"low": 3, "best": 3, "high": None, "kind": "at_least", "text": "at least three"},
    "source": {"name": "hospital", "type": "health", "text": "a doctor said"},
    "as_of": "2025-03-14",
    "place": {"name": "Osh", "admin1": "Osh Region", "country": "KG", "lat": 40.5, "lon": 72.8},
    "hedged": False,
    "undisclosed": False,
}


def form_of(**changes: str) -> dict[str, str]:
    base = {
        "outcome": "killed",
        "category": "unspecified",
        "group": "people",
        "count_low": "3",
        "count_best": "3",
        "count_high": "",
        "count_kind": "at_least",
        "count_text": "at least three",
        "source_name": "hospital",
        "source_type": "health",
        "as_of": "2025-03-14",
        "place_name": "Osh",
        "place_country": "KG",
    }
    return {**base, **changes}


def test_a_correction_form_sends_only_what_changed() -> None:
    assert changes_from_form(form_of(), FIGURE) == {}
    changed = changes_from_form(form_of(count_low="9", count_best="9", count_text="at least nine"), FIGURE)
    assert changed == {
        "count": {"low": 9, "best": 9, "high": None, "kind": "at_least", "text": "at least nine"}
    }
    moved = changes_from_form(form_of(place_name="Jalal-Abad", outcome="injured", hedged="1"), FIGURE)
    assert moved["outcome"] == "injured" and moved["hedged"] is True
    assert moved["place"] == {"name": "Jalal-Abad", "admin1": None, "country": "KG", "lat": None, "lon": None}
    # with the place the gazetteer found for the form (looked up before the transaction)
    found = {"name": "Jalal-Abad", "admin1": "Jalal-Abad", "country": "KG", "lat": 40.9, "lon": 73.0}
    assert changes_from_form(form_of(place_name="Jalal-Abad"), FIGURE, found) == {"place": found}
    other = {**found, "name": "Bishkek"}  # found for another name: not used
    assert changes_from_form(form_of(place_name="Jalal-Abad"), FIGURE, other)["place"]["lat"] is None
    assert changes_from_form(form_of(source_name=""), FIGURE) == {"source": None}
    assert changes_from_form(form_of(source_type="government"), FIGURE)["source"] == {
        "name": "hospital",
        "type": "government",
        "text": "a doctor said",
    }
    assert changes_from_form(form_of(as_of=""), FIGURE) == {"as_of": None}


def test_an_exact_count_fills_low_and_high_and_bad_numbers_are_refused() -> None:
    assert count_from_form({"count_best": "7", "count_kind": "exact", "count_low": "3"}) == {
        "low": 7,
        "best": 7,
        "high": 7,
        "kind": "exact",
        "text": "7",
    }
    with pytest.raises(WebError) as e:
        count_from_form({"count_best": "seven"})
    assert e.value.status == 422
    with pytest.raises(WebError):
        count_from_form({"count_best": "-1"})


def test_list_filters_are_checked() -> None:
    lq = list_query(
        {"q": " tariff ", "since": "2025-03-14", "sort": "toll", "page": "2", "review": "has_rejected"}
    )
    assert (lq.filter.q, lq.filter.since, lq.sort, lq.page, lq.filter.review) == (
        "tariff",
        "2025-03-14",
        "toll",
        2,
        "has_rejected",
    )
    for bad in ({"sort": "nonsense"}, {"since": "yesterday"}, {"review": "maybe"}, {"page": "x"}):
        with pytest.raises(WebError) as e:
            list_query(bad)
        assert e.value.status == 422


def test_history_shows_each_changed_field() -> None:
    h = history_entry(
        {
            "action": "correct_figure",
            "before": {**FIGURE, "review_status": "unreviewed"},
            "after": {
                **FIGURE,
                "count": {"low": 9, "best": 9, "high": 9, "kind": "exact", "text": "nine"},
                "review_status": "corrected",
            },
        }
    )
    assert h["what"] == "corrected a figure"
    assert {(c["field"], c["before"], c["after"]) for c in h["changes"]} == {
        ("count", "at least three [3]", "nine [9]"),
        ("review_status", "unreviewed", "corrected"),
    }


def test_timeline_series_per_source_and_the_tally() -> None:
    record = {
        "timeline": [
            {
                "as_of": "2025-03-14",
                "source": "hospital",
                "outcome": "killed",
                "category": "unspecified",
                "best": 3,
                "low": 3,
                "text": "three",
                "figure": 1,
            },
            {
                "as_of": "2025-03-15",
                "source": "hospital",
                "outcome": "killed",
                "category": "unspecified",
                "best": 9,
                "low": 9,
                "text": "nine",
                "figure": 2,
            },
            {
                "as_of": None,
                "source": "x",
                "outcome": "killed",
                "category": "unspecified",
                "best": 1,
                "low": 1,
                "figure": 3,
            },
        ],
        "toll_by_day": [{"day": "2025-03-14", "outcome": "killed", "low": 3, "best": 3, "high": 3}],
    }
    series = timeline_series(record)["series"]
    assert [s["label"] for s in series] == ["tally · killed", "hospital · killed"]
    assert [p["value"] for p in series[1]["points"]] == [3, 9]


def test_templates_never_mark_data_safe() -> None:
    for tpl in (files("tollwatch.web") / "templates").iterdir():
        source = tpl.read_text(encoding="utf-8")
        assert "|safe" not in source.replace(" ", ""), tpl.name
        assert "autoescape false" not in source, tpl.name
        assert "<script>" not in source and "<script " not in source.replace('<script src="', ""), tpl.name


def test_redirects_after_a_form_stay_on_this_site() -> None:
    from tollwatch.web.auth import safe_next

    assert safe_next("/incidents/3?sort=toll#fig-2") == "/incidents/3?sort=toll#fig-2"
    for bad in (
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/x",
        "",
        None,
        "incidents",
    ):
        assert safe_next(bad) == "/incidents", bad


def test_the_map_shows_other_places_the_figures_name() -> None:
    from tollwatch.web.views import figure_places

    osh = {"name": "Osh", "country": "KG", "lat": 40.53, "lon": 72.8}
    record = {
        "summary": {"where": osh},
        "figures": [
            {"place": osh},
            {"place": {"name": "Jalal-Abad", "country": "KG", "lat": 40.93, "lon": 73.0}},
            {"place": {"name": "Jalal-Abad city", "country": "KG", "lat": 40.9301, "lon": 73.0001}},
            {"place": {"name": "somewhere", "lat": None, "lon": None}},
            {"place": None},
        ],
    }
    places = figure_places(record)
    assert [(p["name"], p["n"]) for p in places] == [("Jalal-Abad", 2)]


def test_a_typed_place_is_placed_with_the_gazetteer() -> None:
    from tollwatch.web.views import locate

    osh = locate("Osh", "kg")
    assert osh["name"] == "Osh" and osh["country"] == "KG"
    assert abs(osh["lat"] - 40.5) < 0.3 and abs(osh["lon"] - 72.8) < 0.3
    springfield = locate("Springfield", "US")
    assert springfield["country"] == "US" and springfield["admin1"] and springfield["lat"] is not None
    assert locate("Springfield ", None)["name"] == "Springfield"  # the name as typed, trimmed
    nowhere = locate("Qqxzy Wvvb", "KG")
    assert nowhere == {"name": "Qqxzy Wvvb", "admin1": None, "country": "KG", "lat": None, "lon": None}
    assert locate("Osh", "US")["lat"] is None  # not in that country: no coordinates borrowed


@pytest.mark.parametrize(
    ("group", "shown"),
    [
        ("of them", "among those counted before"),  # must read as a part of a group
        ("of the wounded", "among the wounded"),
        ("Of those", "among those counted before"),
        ("officers", "officers"),  # must not: a word that only begins with "of"
        ("offenders of the law", "offenders of the law"),
        ("police officers", "police officers"),
        (None, ""),
    ],
)
def test_group_labels_read_as_words(group: str | None, shown: str) -> None:
    from tollwatch.web.render import group_label

    assert group_label(group) == shown


def test_search_hits_are_marked_and_escaped() -> None:
    from tollwatch.ledger.queries import HIT_END, HIT_START, split_hits
    from tollwatch.web.render import with_hits

    text, hits = split_hits(f"…the {HIT_START}police{HIT_END} said <b>{HIT_START}two{HIT_END}</b>…")
    assert text == "…the police said <b>two</b>…" and hits == [[5, 11], [20, 23]]
    html = str(with_hits(text, hits))
    assert (
        html == '…the <mark class="hit">police</mark> said &lt;b&gt;<mark class="hit">two</mark>&lt;/b&gt;…'
    )
    assert str(with_hits("short", [[2, 99]])) == "short"  # a hit beyond the text is dropped


def test_the_tally_table_shows_a_totals_shares_under_it_never_as_totals() -> None:
    from tollwatch.web.views import tally_rows

    total = {"outcome": "killed", "category": "total", "low": 2798, "best": 2798, "high": None}
    parts = [
        {"outcome": "killed", "scope_name": "Armenia", "level": "country", "best": 2410},
        {"outcome": "killed", "scope_name": "excluding the bombers", "level": "group", "best": 29},
        {"outcome": "injured", "scope_name": "Georgia", "level": "country", "best": 900},
    ]
    rows = tally_rows({"tallies": [total], "breakdown": parts})
    assert [(r["is_total"], r.get("part_label"), r["best"]) for r in rows] == [
        (True, None, 2798),
        (False, "of which in Armenia", 2410),
        (False, "excluding the bombers", 29),
    ]
