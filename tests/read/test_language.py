"""Languages: each report's language is told; a language no figure reader handles is a
`language` problem (stored, never read as English); --reader picks a reader anyway."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tollwatch
from tollwatch import errors
from tollwatch.cli import app
from tollwatch.figures.reader import READERS, reader_for
from tollwatch.read.language import detect_language

# short reports written for these tests, one per language
REPORTS = {
    "en": "At least 18 police officers were killed and nearly 750 injured, the interior ministry said on Thursday.",
    "fr": "Au moins douze personnes ont été tuées et une trentaine blessées lors d'une explosion sur un marché, "
    "selon le ministère.",
    "es": "Al menos diez personas murieron y otras veinte resultaron heridas en un tiroteo, informó la fiscalía.",
    "de": "Bei einem Brand in einem Wohnhaus sind nach Angaben der Polizei drei Menschen ums Leben gekommen.",
    "ru": "По данным МЧС, в результате взрыва на шахте погибли по меньшей мере 11 человек, ещё 40 пострадали.",
    "ar": "قتل ما لا يقل عن عشرين شخصا وأصيب العشرات في انفجار سيارة مفخخة في سوق شعبي، بحسب وزارة الصحة.",
    "uk": "Внаслідок обстрілу загинули щонайменше четверо людей, ще 17 поранені, повідомив голова адміністрації.",
    "pt": "Pelo menos sete pessoas morreram e quinze ficaram feridas num desabamento, segundo a Defesa Civil.",
}


@pytest.mark.parametrize(("code", "text"), REPORTS.items())
def test_the_language_of_a_short_report(code: str, text: str) -> None:
    assert detect_language(text) == code


def test_all_caps_english_and_short_text_stay_english() -> None:
    shout = "TWO MEN WERE SHOT TUESDAY NIGHT NEAR A GAS STATION ON MAIN STREET, POLICE SAID. ONE DIED."
    assert detect_language(shout) == "en"
    assert detect_language("Breaking") == "en" and detect_language("Noticias", default="es") == "es"


def test_a_report_in_a_language_without_a_reader_is_stored_with_a_language_problem() -> None:
    doc = tollwatch.extract_text(REPORTS["fr"], id="marche")
    assert doc.language == "fr" and doc.figures == [] and doc.summary.killed is None
    [problem] = doc.problems
    assert problem.code == errors.LANGUAGE and "'fr'" in problem.message and "marche" in problem.message
    english = tollwatch.extract_text(REPORTS["en"])
    assert english.language == "en" and english.figures and not english.problems


def test_readers_by_language_or_by_name() -> None:
    doc = tollwatch.read_text(REPORTS["de"])
    assert reader_for(doc) is None and reader_for(doc, "rules-en") is READERS["rules-en"]
    forced = tollwatch.extract_document(
        tollwatch.read_text(REPORTS["en"].replace("police", "Polizei")), "rules-en"
    )
    assert forced.figures


def test_the_cli_flags_the_language_and_reader_forces_one(tmp_path: Path) -> None:
    report = tmp_path / "mina.txt"
    report.write_text(REPORTS["es"], encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(app, ["extract", str(report), "--format", "jsonl"])
    doc = json.loads(out.stdout)
    assert out.exit_code == 1 and doc["language"] == "es" and doc["problems"][0]["code"] == "language"
    bad = runner.invoke(app, ["extract", str(report), "--reader", "rules-xx"])
    assert bad.exit_code == 2 and "rules-en" in bad.output
