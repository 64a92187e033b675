"""Cleaning: chrome out, date line, title and its repeats, standfirst; paragraphs kept."""

from __future__ import annotations

from tollwatch.read import read_pasted
from tollwatch.read.chrome import load_chrome
from tollwatch.read.clean import clean, site_of_url, split_site


def test_pasted_page_is_cleaned_like_an_analyst_would(pasted: str, pasted_junk: list[str]) -> None:
    doc = read_pasted(pasted, id="landslide")
    assert doc.title == "Landslide buries homes in Peruvian Andes village, 7 dead"
    assert doc.published == "2023-02-03T08:05"
    assert doc.standfirst == "Rescuers dig through mud for at least 20 missing after days of heavy rain"
    assert doc.title not in doc.text
    for junk in pasted_junk:
        assert junk not in doc.text, junk
    assert doc.text.startswith("At least seven people were killed and 20 are missing")
    assert doc.text.endswith("whose brother is among the missing.")
    assert doc.text.count("\n\n") == 2  # three paragraphs, blank-line separated
    assert not doc.problems


def test_a_scraped_record_loses_its_date_stamp_site_suffix_and_title_repeat() -> None:
    text = (
        "Three hurt in Elm Street shooting Posted: Friday, May 3, 2019 9:14 PM EDT "
        "Updated: Saturday, May 4, 2019 6:02 AM EDT\n\n"
        "Three people were hurt in a shooting on Elm Street on Friday night, police said.\n\n"
        "Advertisement\n\n"
        "Read or Share this story: http://example.com/x1\n"
    )
    doc = read_pasted(text, id="r1", title="Three hurt in Elm Street shooting - WKXY Channel 7")
    assert doc.title == "Three hurt in Elm Street shooting"
    assert doc.site == "WKXY Channel 7"
    assert doc.text == "Three people were hurt in a shooting on Elm Street on Friday night, police said."
    assert doc.published == "2019-05-03T21:14"  # the Posted stamp, not the Updated one


def test_a_given_publication_date_wins_over_stamps() -> None:
    text = "Updated: 08/10/2014 4:26 PM\n\nTwo men were shot on Friday."
    assert read_pasted(text, title="Two shot", published="2014-08-09").published == "2014-08-09"


def test_lines_after_an_other_stories_header_go_until_the_story_resumes() -> None:
    text = (
        "A 15-year-old was killed on Sunday.\n\nRELATED LINKS:\n\nMore Local News\n\n"
        "Teen shot near school identified\n\nThe boy's family said he loved basketball."
    )
    assert clean(text, title="Teen killed").text == (
        "A 15-year-old was killed on Sunday.\n\nThe boy's family said he loved basketball."
    )


def test_wire_copy_keeps_its_dateline_and_body(wire: str) -> None:
    doc = read_pasted(wire, id="wire")
    assert doc.title == "Ferry fire kills 4 off Indonesian coast, 180 rescued"
    assert doc.text.startswith("JAKARTA, March 9 (Tollwire) - A fire on a passenger ferry")
    assert doc.standfirst is None
    assert "\n\nThe agency said two passengers were still missing." in doc.text


def test_a_first_line_that_is_a_sentence_is_not_a_title() -> None:
    doc = read_pasted("Four people were killed in a crash on Route 9, police said.\n\nThe road was closed.")
    assert doc.title is None
    assert doc.text.startswith("Four people were killed")


def test_a_text_that_is_only_chrome_is_a_problem() -> None:
    doc = read_pasted("Already a subscriber?\n\nClick on the button below to set up your account.", id="x")
    assert doc.text == ""
    assert [p.code for p in doc.problems] == ["no_text"]


def test_page_mode_guesses_no_standfirst_and_keeps_one_paragraph_a_line() -> None:
    c = clean("A short first line without a stop\nSecond paragraph here.", title="T", page=True)
    assert c.standfirst is None
    assert c.text == "A short first line without a stop\n\nSecond paragraph here."


def test_site_names_are_split_from_titles_only_when_they_look_like_sites() -> None:
    chrome = load_chrome()
    assert split_site("Man shot on Main St. - WMC Action News 5 - Memphis, Tennessee", chrome) == (
        "Man shot on Main St.",
        "WMC Action News 5",
    )
    assert split_site("Teen in critical condition after shooting :: WRAL.com", chrome)[1] == "WRAL.com"
    assert split_site("Five injured in nightclub shooting - one dead, another charged", chrome)[1] is None
    assert split_site("Fire kills 5 - Cityline 24", chrome, "https://cityline24.example/x") == (
        "Fire kills 5",
        "Cityline 24",
    )


def test_site_of_an_archived_url_is_the_original_host() -> None:
    assert site_of_url("http://web.archive.org/web/20151030223013/http://www.wral.com/news/1/") == "wral.com"
    assert site_of_url("https://www.example.org/a") == "example.org"


def test_cleaning_can_be_turned_off() -> None:
    from tollwatch.read import ReadOptions

    doc = read_pasted("Advertisement\n\nTwo\u00a0dead.", options=ReadOptions(clean=False))
    assert doc.text == "Advertisement\n\nTwo dead."


def test_a_kicker_line_before_the_title_is_skipped() -> None:
    doc = read_pasted(
        "WORLD\n\nHeatwave kills 21 in northern India\n\nAt least 21 people died of heatstroke, officials said."
    )
    assert doc.title == "Heatwave kills 21 in northern India"
    assert doc.text == "At least 21 people died of heatstroke, officials said."


def test_a_title_cut_short_is_taken_whole_from_its_repeat() -> None:
    text = (
        "Firefighter wounded while responding to call on Route 9, chief says\n\n"
        "DOVER (AP) - A volunteer firefighter was shot in the arm on Tuesday, the fire chief said."
    )
    doc = read_pasted(
        text, id="cut", title="Firefighter wounded while responding to call on Route 9, chief s"
    )
    assert doc.title == "Firefighter wounded while responding to call on Route 9, chief says"
    assert doc.text.startswith("DOVER (AP)")
    # a title given whole keeps its own words even when the text's first line says more
    doc = read_pasted(
        "Man shot on Main Street Monica Lee reports\n\nA man was shot.",
        id="w",
        title="Man shot on Main Street",
    )
    assert doc.title == "Man shot on Main Street"
