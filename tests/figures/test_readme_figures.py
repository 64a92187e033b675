"""The README's "Figures" section documents what the code does, and its example runs."""

from __future__ import annotations

from pathlib import Path

import tollwatch
from tollwatch.contract import COUNT_KINDS
from tollwatch.figures.lexicon import ENV_VAR, FILES

ROOT = Path(__file__).resolve().parents[2]
SECTION = (ROOT / "README.md").read_text(encoding="utf-8").split("## Figures", 1)[1].split("\n## ", 1)[0]


def test_section_names_every_lexicon_file_and_count_kind():
    for name in FILES:
        assert f"`{name}.json`" in SECTION, name
    for kind in COUNT_KINDS:
        assert f"`{kind}`" in SECTION, kind
    assert ENV_VAR in SECTION


def test_the_python_example_runs_and_says_what_the_comment_says():
    code = [line[4:] for line in SECTION.split("From Python:", 1)[1].split("\n\n", 2)[1].splitlines()]
    scope: dict = {}
    exec("\n".join(code), scope)
    f = scope["f"]
    assert isinstance(f, tollwatch.Figure)
    assert (f.outcome, f.category, f.count.kind, f.count.low) == ("killed", "security_forces", "at_least", 18)
    assert f.source is not None and "ministry" in f.source.name
