"""One settings object, built at the entry point: the package below the CLI reads no environment."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from typer.testing import CliRunner

import tollwatch
from tollwatch.cli import app
from tollwatch.settings import PACKAGED, Settings

SRC = Path(tollwatch.__file__).parent
#: the entry points: the command line (which builds the settings for the web server's workers too)
ENTRY = {SRC / "cli"}

REPORT = (
    "Flooding in the delta\n\n"
    "Xyzzy sponsored banner\n\n"
    "Six ambulance crews were wounded when a bridge collapsed on Tuesday, officials said.\n"
)


def _environment_reads(path: Path) -> list[int]:
    """Lines of ``path`` that touch ``os.environ``, ``os.getenv`` or ``os.putenv``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv", "environb"))
        or (isinstance(node, ast.ImportFrom) and node.module == "os" and any(
            a.name in ("environ", "getenv") for a in node.names
        ))
    ]  # fmt: skip


def test_the_package_below_the_cli_reads_no_environment() -> None:
    found = {
        str(p.relative_to(SRC)): lines
        for p in sorted(SRC.rglob("*.py"))
        if not any(e in p.parents for e in ENTRY) and (lines := _environment_reads(p))
    }
    assert found == {}
    # the check does see a read where there is one
    assert _environment_reads(SRC / "cli" / "_app.py")


def test_settings_from_the_environment_name_every_variable(tmp_path: Path) -> None:
    env = {
        "TOLLWATCH_LEXICONS": f"{tmp_path / 'a'}:{tmp_path / 'b'}",
        "TOLLWATCH_CHROME": str(tmp_path / "c.toml"),
        "TOLLWATCH_LEDGER_SETTINGS": str(tmp_path / "l.json"),
        "TOLLWATCH_DB": "postgresql+psycopg://u@h/db",
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
    }
    s = Settings.from_environ(env, platform="linux")
    assert s.lexicon_dirs == (str(tmp_path / "a"), str(tmp_path / "b"))
    assert s.chrome_files == (str(tmp_path / "c.toml"),)
    assert s.ledger_file == str(tmp_path / "l.json")
    assert s.database == "postgresql+psycopg://u@h/db"
    assert s.cache_path() == tmp_path / "xdg" / "tollwatch"
    assert Settings.from_environ({**env, "TOLLWATCH_CACHE_DIR": "/c"}).cache_path() == Path("/c")
    assert Settings.from_environ({"LOCALAPPDATA": "C:/L"}, platform="win32").cache_path() == Path(
        "C:/L/tollwatch/cache"
    )
    assert Settings.from_environ({}) == PACKAGED
    assert hash(s) != hash(PACKAGED)  # caches key on it


def _overrides(tmp_path: Path) -> dict[str, str]:
    lex = tmp_path / "lexicons"
    lex.mkdir()
    (lex / "groups.json").write_text(
        json.dumps({"plural": {"health_workers": ["ambulance crews"]}}), encoding="utf-8"
    )
    chrome = tmp_path / "chrome.toml"
    chrome.write_text(
        "[[line]]\nid = 'x-banner'\nkind = 'menu'\npattern = '''xyzzy sponsored banner'''\n", encoding="utf-8"
    )
    return {"TOLLWATCH_LEXICONS": str(lex), "TOLLWATCH_CHROME": str(chrome)}


def _extract(tmp_path: Path, env: dict[str, str]) -> dict:
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(report), "--format", "jsonl", "-q"], env=env)
    assert result.exit_code == 0, result.output
    doc: dict = json.loads(result.stdout.splitlines()[0])
    return doc


def test_the_variables_still_take_effect_through_the_command_line(tmp_path: Path) -> None:
    env = _overrides(tmp_path)
    plain = _extract(tmp_path, {k: "" for k in env})
    assert "Xyzzy" in plain["text"]
    assert not any(f["category"] == "health_workers" for f in plain["figures"])
    given = _extract(tmp_path, env)
    assert "Xyzzy" not in given["text"]  # the chrome file's rule cut the banner
    assert [f["count"]["best"] for f in given["figures"] if f["category"] == "health_workers"] == [6]


def test_a_library_call_reads_the_packaged_data_only(tmp_path: Path, monkeypatch) -> None:
    env = _overrides(tmp_path)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    doc = tollwatch.extract_document(tollwatch.read_text(REPORT.split("\n\n", 1)[1]))
    assert not any(f.category == "health_workers" for f in doc.figures)
    given = Settings(lexicon_dirs=(env["TOLLWATCH_LEXICONS"],))
    doc = tollwatch.extract_document(tollwatch.read_text(REPORT.split("\n\n", 1)[1]), settings=given)
    assert [f.count.best for f in doc.figures if f.category == "health_workers"] == [6]


def test_the_store_puts_its_ledger_settings_file_in_force(tmp_path: Path) -> None:
    from tollwatch.ledger import Store
    from tollwatch.ledger.settings import settings

    overrides = tmp_path / "ledger.json"
    overrides.write_text(json.dumps({"tally": {"latest_days": 3}}), encoding="utf-8")
    packaged = settings("tally")["latest_days"]
    assert packaged != 3
    with Store(tmp_path / "a.db", settings=Settings(ledger_file=str(overrides))):
        assert settings("tally")["latest_days"] == 3
    with Store(tmp_path / "b.db"):  # a library store: the packaged settings
        assert settings("tally")["latest_days"] == packaged
