"""Lexicons are data: validated on load with clear errors, extensible by a user's folder."""

from __future__ import annotations

import json
import os

import pytest

from tollwatch.contract import Document
from tollwatch.figures import extract_figures, read_candidates
from tollwatch.figures.lexicon import ENV_VAR, FILES, LexiconError, load_lexicons
from tollwatch.figures.patterns import patterns
from tollwatch.settings import Settings


def test_packaged_lexicons_load_and_document_their_vague_words():
    lex = load_lexicons()
    assert set(lex) == set(FILES)
    for word, spec in lex["quantities"]["vague"].items():
        assert spec["why"].strip(), word


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "quantities",
            {"vague": {"oodles": {"low": 5, "high": 2, "why": "x"}}},
            "vague.oodles: low 5 is above high 2",
        ),
        ("quantities", {"vague": {"oodles": {"low": 5}}}, "vague.oodles: want"),
        ("numbers", {"units": {"eleventy": -1}}, "units.eleventy"),
        ("outcomes", {"after_group": {"Killed Off": ["offed"]}}, "after_group.Killed Off"),
        ("outcomes", {"after_group": {"killed": "slain"}}, "after_group.killed"),
        ("groups", {"age_heads": {"singular_pattern": "(unclosed"}}, "age_heads.singular_pattern"),
        ("summary", {"lead_zone": -2}, "lead_zone"),
    ],
)
def test_bad_entries_name_the_file_and_the_entry(tmp_path, name, content, message):
    (tmp_path / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        load_lexicons((str(tmp_path),))
    assert f"{name}.json" in str(e.value)
    assert message in str(e.value)


def test_not_json_is_a_clear_error(tmp_path):
    (tmp_path / "hedges.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"hedges.json: not valid JSON \(line 1"):
        load_lexicons((str(tmp_path),))


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(LexiconError, match="is not a folder"):
        load_lexicons((str(tmp_path / "nope"),))


def test_a_user_folder_extends_the_packaged_lexicons_key_by_key(tmp_path):
    (tmp_path / "groups.json").write_text(
        json.dumps({"plural": {"health_workers": ["ambulance crews"]}}), encoding="utf-8"
    )
    (tmp_path / "outcomes.json").write_text(
        json.dumps({"after_group": {"missing": ["feared trapped"]}}), encoding="utf-8"
    )
    text = "Six ambulance crews were wounded. Twelve miners are feared trapped."
    assert not any(
        f.category == "health_workers" for f in extract_figures(Document(id="a", text=text)).figures
    )
    p = patterns((str(tmp_path),))
    lex = load_lexicons((str(tmp_path),))
    assert "paramedics" in lex["groups"]["plural"]["health_workers"]  # packaged words kept
    assert p.plural["ambulance crews"] == "health_workers"
    assert p.after_group["feared trapped"] == "missing"


def test_env_var_names_extra_folders(tmp_path):
    two = f"{tmp_path}{os.pathsep}{tmp_path / 'b'}"
    assert Settings.from_environ({ENV_VAR: two}).lexicon_dirs == (str(tmp_path), str(tmp_path / "b"))
    assert Settings.from_environ({}).lexicon_dirs == ()


def test_a_user_folder_removes_packaged_entries(tmp_path):
    (tmp_path / "hedges.json").write_text(
        json.dumps(
            {
                "remove": {"other_incident": ["also investigating"]},
                "hedges": ["per local lore"],
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "quantities.json").write_text(
        json.dumps({"remove": {"vague": {"dozens": None}}}), encoding="utf-8"
    )
    lex = load_lexicons((str(tmp_path),))
    assert "also investigating" not in lex["hedges"]["other_incident"]
    assert "a separate shooting" in lex["hedges"]["other_incident"]  # the rest is kept
    assert "per local lore" in lex["hedges"]["hedges"]  # and the file still adds
    assert "dozens" not in lex["quantities"]["vague"] and "hundreds" in lex["quantities"]["vague"]
    text = "Two men were killed on Monday. Police are also investigating how three people were wounded."
    cands, *_ = read_candidates(Document(id="r", text=text), patterns((str(tmp_path),)))
    assert cands and all(not c.other for c in cands)  # the cues are gone: nothing marks the sentence
    cands, *_ = read_candidates(Document(id="r", text=text), patterns(()))
    assert any(c.other for c in cands)


@pytest.mark.parametrize(
    ("remove", "match"),
    [
        ({"other_incident": ["no such phrase"]}, "not in the packaged list"),
        ({"no_such_section": None}, "nothing of that name"),
        ({"other_incident": "separate incident"}, "want a list"),
    ],
)
def test_removing_what_is_not_packaged_is_an_error(tmp_path, remove, match):
    (tmp_path / "hedges.json").write_text(json.dumps({"remove": remove}), encoding="utf-8")
    with pytest.raises(LexiconError, match=match):
        load_lexicons((str(tmp_path),))
