"""The situation report, from a ledger built by hand: every number cited, hostile names inert."""

from __future__ import annotations

from typing import Any

from tollwatch.ledger import brief, tally


def lf(id: int, outcome: str, best: int, source: str, as_of: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": id,
        "document_id": f"d{id}",
        "outcome": outcome,
        "category": extra.pop("category", "unspecified"),
        "group": "people",
        "count": {"low": best, "best": best, "high": best, "kind": "exact", "text": str(best)},
        "source": {"name": source, "type": "government", "text": source},
        "hedged": False,
        "undisclosed": False,
        "as_of": as_of,
        "place": None,
        "evidence": {"start": 0, "end": 5, "text": "words", "field": "text"},
        "published": as_of,
        "site": "paper.example",
        "review_status": "unreviewed",
        "duplicate_of": None,
        **extra,
    }


def _incident(figures: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": "7", "title": "Quake", **tally.build_ledger(figures)}


def test_the_brief_gives_the_latest_toll_with_its_source_and_day_and_the_toll_as_it_stood() -> None:
    # an earthquake: the disaster agency's toll rises from 40 to 210; 1,100 injured
    inc = _incident(
        [
            lf(1, "killed", 40, "disaster agency", "2031-03-03"),
            lf(2, "killed", 210, "disaster agency", "2031-03-04"),
            lf(3, "injured", 1100, "disaster agency", "2031-03-04"),
        ]
    )
    b = brief.brief(inc)
    assert b["as_of"] == "2031-03-04"
    killed = b["statements"][0]
    assert (killed["number"], killed["cite"]["figure"], killed["cite"]["source"]) == (
        "210",
        2,
        "disaster agency",
    )
    md = brief.to_markdown(b)
    assert "As of 4 March 2031, [210](#figure-2) (disaster agency, 4 Mar) killed; [1,100](#figure-3)" in md
    earlier = brief.brief(inc, as_of="2031-03-03")
    assert [s["number"] for s in earlier["statements"]] == ["40"]


def test_a_hostile_source_name_is_escaped_and_every_number_links_to_its_figure() -> None:
    inc = _incident([lf(1, "killed", 3, "<img src=x onerror=alert(1)>", "2031-03-03")])
    b = brief.brief(inc)
    html = brief.to_html(b)
    assert "<img" not in html and "&lt;img" in html and 'href="/figures/1"' in html
    pieces = [p for sentence in brief.segments(b) for p in sentence]
    assert ("3", 1) in pieces
    assert any("<img" in text for text, fid in pieces if fid is None)  # raw: the template escapes it


def test_the_brief_shows_the_shares_by_place_as_a_breakdown_and_a_quarrel_within_one_place() -> None:
    # a quake across a border: each country's count on the last day adds up to the toll;
    # in Georgia two authorities give different counts on the same day
    armenia = {"name": "Armenia", "level": "country", "country": "AM"}
    georgia = {"name": "Georgia", "level": "country", "country": "GE"}
    inc = _incident(
        [
            lf(1, "killed", 900, "wire", "2031-11-03"),
            lf(2, "killed", 2410, "Armenian ministry", "2031-11-05", scope=armenia),
            lf(3, "killed", 388, "Georgian ministry", "2031-11-05", scope=georgia),
            lf(4, "killed", 350, "Georgian police", "2031-11-05", scope=georgia),
        ]
    )
    b = brief.brief(inc)
    killed = b["statements"][0]
    assert killed["number"] == "2,798"
    assert [(p["number"], p["place"]) for p in killed["parts"]] == [("2,410", "Armenia"), ("388", "Georgia")]
    md = brief.to_markdown(b)
    assert "killed ([2,410](#figure-2) (Armenian ministry, 5 Nov) in Armenia and [388](#figure-3)" in md
    assert [(d["scope"], d["outcome"]) for d in b["disagreements"]] == [("Georgia", "killed")]
    assert "for the killed in Georgia." in md


def test_the_brief_says_which_toll_leaves_the_attackers_out() -> None:
    without = {"name": "excluding the bombers", "level": "group", "country": None}
    inc = _incident(
        [
            lf(1, "killed", 32, "Police", "2030-05-02"),
            lf(2, "killed", 29, "Health ministry", "2030-05-02", scope=without),
        ]
    )
    md = brief.to_markdown(brief.brief(inc))
    assert "[32](#figure-1) (Police, 2 May) killed." in md  # the toll: with them, never 61
    assert "is higher than Health ministry's 29 (2 May, excluding the bombers) for the killed." in md
