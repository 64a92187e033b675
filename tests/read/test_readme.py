"""The README's "Reading reports" examples run, and say what the command does."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tollwatch.cli import app

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Reading reports", 1)[1].split("\n## ", 1)[0]
EXAMPLES = [
    line.strip() for line in SECTION.splitlines() if line.startswith("    ") and "tollwatch extract" in line
]


def test_the_section_documents_every_problem_code() -> None:
    from tollwatch import errors

    for code in (errors.EMPTY, errors.BINARY, errors.ENCODING, errors.TOO_LARGE, errors.BAD_GZIP):
        assert f"`{code}`" in SECTION
    for code in (errors.BAD_RECORD, errors.UNREADABLE, errors.NOT_FOUND, errors.NO_TEXT):
        assert f"`{code}`" in SECTION
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("line", EXAMPLES)
def test_readme_example_runs(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    stdin = None
    if "|" in line:  # "cat FILE | tollwatch extract - ..."
        feed, line = (part.strip() for part in line.split("|", 1))
        stdin = (ROOT / shlex.split(feed)[1]).read_text(encoding="utf-8")
    args = [a.replace("/tmp/", f"{tmp_path}/") for a in shlex.split(line)[1:]]
    result = CliRunner().invoke(app, args, input=stdin)
    assert result.exit_code == 0, result.output
