"""The page-chrome rules: packaged data, validated on load, extensible by a user."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from tollwatch.read.chrome import ChromeError, load_chrome
from tollwatch.read.clean import _line_chrome, clean

RULES = tomllib.loads((resources.files("tollwatch") / "data" / "chrome" / "chrome.toml").read_text("utf-8"))


def _examples(key: str, scopes: tuple[str, ...] = ("line",)) -> list[tuple[str, str]]:
    return [(r["id"], ex) for s in scopes for r in RULES.get(s, []) for ex in r.get(key, [])]


def test_packaged_rules_load_and_cover_the_junk_kinds() -> None:
    chrome = load_chrome()
    kinds = {r.kind for r in chrome.line_rules}
    assert {"prompt", "share", "subscribe", "signin", "playlist", "gallery", "related", "copyright"} <= kinds
    assert chrome.inline_rules and chrome.section_rules


@pytest.mark.parametrize(("rule", "line"), _examples("junk"))
def test_every_junk_example_is_caught_by_the_combined_rules(rule: str, line: str) -> None:
    line = " ".join(line.split())
    assert _line_chrome(line, line.split(), load_chrome()) is not None, f"{rule}: {line!r}"


@pytest.mark.parametrize(("rule", "line"), _examples("keep", ("line", "section")))
def test_no_rule_drops_a_keep_example(rule: str, line: str) -> None:
    # a real sentence among real sentences survives cleaning, whichever rule could touch it
    text = f"Police said the search would go on overnight.\n\n{line}\n\nThe investigation continues."
    assert line in clean(text, title="An unrelated headline about a flood").text, rule


REAL_LINES = [
    "More than 30 people were killed in the blast, the ministry said.",
    "Related charges are expected against the second suspect.",
    "Share prices of the mine operator fell 9 percent after the collapse.",
    "10:30 p.m. Police arrive and find two men dead.",
    "Follow-up surgery was scheduled for the 16-year-old on Monday.",
    "Watch commander Lt. Ray Ortiz said 14 people were taken to hospital.",
    "The photo, taken by a witness, shows at least six bodies.",
    "Video from a doorbell camera showed two gunmen firing into the crowd.",
    "Sign language interpreters stood beside the governor as she read the names of the 11 dead.",
    "| 1 | Kyle Busch | 5040 | 5 |",
]


@pytest.mark.parametrize("line", REAL_LINES)
def test_article_sentences_are_not_chrome(line: str) -> None:
    assert _line_chrome(line, line.split(), load_chrome()) is None


def test_icon_lists_and_menu_rows_are_chrome() -> None:
    chrome = load_chrome()
    for line in (
        "icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon",
        "FREE APPS | NOW | FACEBOOK | TWITTER",
        "Home • News • Sport • Weather",
        "Google Plus",
        "Hide Transcript Show Transcript",
    ):
        assert _line_chrome(line, line.split(), chrome) is not None, line


def test_a_user_file_adds_and_replaces_rules(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text(
        """
[[line]]
id = "desk-note"
kind = "prompt"
pattern = '''note to editors:.*'''
max_words = 20
junk = ["NOTE TO EDITORS: photos available on request"]

[[line]]
id = "advertisement"
kind = "advert"
pattern = '''paid content'''
max_words = 3
junk = ["Paid content"]
""",
        encoding="utf-8",
    )
    chrome = load_chrome([extra])
    ids = [r.id for r in chrome.line_rules]
    assert "desk-note" in ids and ids.count("advertisement") == 1
    text = "NOTE TO EDITORS: photos available on request\n\nPaid content\n\nTwo people died."
    assert clean(text, title="Storm", chrome=chrome).text == "Two people died."
    # the packaged "advertisement" rule was replaced: its own wording is no longer caught
    assert _line_chrome("Story continues below", ["Story", "continues", "below"], chrome) is None


def test_extra_files_add_rules_and_the_environment_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "env.toml"
    extra.write_text("[[line]]\nid = 'x-line'\nkind = 'menu'\npattern = '''xyzzy'''\n", encoding="utf-8")
    assert "x-line" in [r.id for r in load_chrome([extra]).line_rules]
    monkeypatch.setenv("TOLLWATCH_CHROME", str(extra))  # read by the command line only
    assert "x-line" not in [r.id for r in load_chrome().line_rules]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[line]]\nid = 'a'\nkind = 'menu'\npattern = '''(unclosed'''\n", "bad regular expression"),
        ("[[line]]\nid = 'a'\nkind = 'menu'\npattern = '''x'''\ncolour = 1\n", "unknown keys"),
        ("[[line]]\nid = 'a'\nkind = 'menu'\npattern = '''Upper'''\n", "lowercase"),
        ("[[line]]\nid = 'a'\nkind = 'menu'\npattern = '''abc'''\njunk = ['xyz']\n", "does not catch"),
        ("[[line]]\nid = 'a'\nkind = 'menu'\npattern = '''.*'''\nkeep = ['real text']\n", "catches its keep"),
        ("[[line]]\nkind = 'menu'\npattern = '''x'''\n", "'id'"),
        ("[[line]]\nid = 'a'\nkind = 'menu'\npattern = '''{NOPE}'''\n", "unknown macro"),
        ("[strange]\nx = 1\n", "unknown sections"),
        ("not toml = = 1", "not valid TOML"),
    ],
)
def test_a_broken_rule_file_is_refused_naming_file_and_rule(tmp_path: Path, body: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(ChromeError) as e:
        load_chrome([bad])
    assert message in str(e.value) and "bad.toml" in str(e.value)
