"""The ``tollwatch extract`` command, in process: formats, output file, stdin, exit statuses 0/1/2."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from tollwatch import __version__
from tollwatch.cli import app

TEXT = "Storm kills 3 in Galway\n\nThree people died when a storm hit the west coast of Ireland on Sunday, police said.\n"
runner = CliRunner()


def _all_commands() -> list[list[str]]:
    out: list[list[str]] = [[]]

    def walk(cmd: click.Command, prefix: list[str]) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                out.append([*prefix, name])
                walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return out


@pytest.mark.parametrize("command", _all_commands(), ids=lambda c: " ".join(c) or "tollwatch")
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_extract_help_documents_inputs_and_exit_statuses() -> None:
    out = runner.invoke(app, ["extract", "--help"], terminal_width=200).output
    for words in (".jsonl", "stdin", "not_found", "Exit status", "0 when", "1 when", "2 on"):
        assert words in out, words


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def _files(tmp_path: Path) -> Path:
    (tmp_path / "galway.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "dump.jsonl").write_text(
        json.dumps({"id": "r1", "text": TEXT, "published": "2024-01-07"}) + "\n", encoding="utf-8"
    )
    return tmp_path


def test_all_read_exits_0_with_json_lines(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(_files(tmp_path)), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["galway", "r1"]
    assert records[1]["published"] == "2024-01-07"
    assert {"id", "text", "title", "standfirst", "published", "figures", "summary", "problems"} <= records[
        0
    ].keys()


def test_json_is_one_object_for_one_document(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(_files(tmp_path) / "galway.txt"), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Storm kills 3 in Galway"


def test_some_problems_exit_1_and_say_so_on_stderr(tmp_path: Path) -> None:
    _files(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(tmp_path), str(tmp_path / "missing.txt"), "-f", "jsonl"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], [p["code"] for p in r["problems"]]) for r in records] == [
        ("empty", ["empty"]),
        ("galway", []),
        ("r1", []),
        ("missing", ["not_found"]),
    ]
    assert f"{tmp_path / 'empty.txt'}: empty" in result.stderr
    assert f"{tmp_path / 'missing.txt'}: no such file" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["extract"], ["extract", "x.txt", "--format", "xml"], ["extract", "x.txt", "--bogus"], ["nonsense"]],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert runner.invoke(app, args).exit_code == 2


def test_a_broken_chrome_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[line]]\nid = 'a'\nkind = 'menu'\npattern = '''(x'''\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(_files(tmp_path) / "galway.txt"), "--chrome", str(bad)])
    assert result.exit_code == 2 and "bad regular expression" in result.stderr


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "out" / "docs.jsonl"
    out.parent.mkdir()
    result = runner.invoke(
        app, ["extract", str(_files(tmp_path) / "galway.txt"), "-o", str(out), "-f", "jsonl"]
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "galway"
    assert [p.name for p in out.parent.iterdir()] == ["docs.jsonl"]  # no temporary file left


def test_stdin(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "-", "-f", "jsonl"], input=TEXT)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "stdin"


def test_table_view_shows_each_document(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(_files(tmp_path)), "-f", "table"])
    assert result.exit_code == 0
    assert "galway" in result.stdout and "Storm kills 3 in Galway" in result.stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(_files(tmp_path)), "-f", "jsonl"])
    assert result.stderr == ""


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import io
    import sys

    from tollwatch.cli.progress import ByteProgress as _progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fake = Tty()
    monkeypatch.setattr(sys, "stderr", fake)
    with _progress([str(_files(tmp_path))], quiet=False) as advance:
        assert advance is not None
        advance(10)
    with _progress([str(tmp_path)], quiet=True) as silent:
        assert silent is None


def test_extract_counts_problems_by_code_at_the_end_and_lists_them_in_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    for n in range(7):
        (folder / f"bin{n}.txt").write_bytes(b"\x00\x01\x02 not text" * 3)
    listed = tmp_path / "problems.jsonl"
    result = runner.invoke(
        app, ["extract", str(folder), str(tmp_path / "gone.txt"), "-f", "jsonl", "--problems", str(listed)]
    )
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 9  # every input is still a document record
    err = result.stderr
    assert "9 documents read, 8 with problems" in err
    assert "problems: 7 binary, 1 not_found" in err
    assert err.count("  binary: ") == 5 and "… and 3 more" in err  # not one line per problem
    rows = [json.loads(line) for line in listed.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["code"] for r in rows) == ["binary"] * 7 + ["not_found"]
    assert all(r["input"] and r["message"] for r in rows)
