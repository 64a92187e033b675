"""Property: whatever bytes, encoding or JSON shape a file holds, ``tollwatch extract``
answers with documents and problems (exit 0 or 1), never a crash."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tollwatch.cli import app

#: Text with every kind of character, lone surrogates included (as a broken exporter writes them).
TEXT = st.text(st.characters(categories=["L", "N", "P", "Zs", "Cc", "Cs", "S"]), max_size=200)
REPORT = st.builds(
    lambda n, killed, tail: f"{n} people were killed {killed} {tail}",
    st.one_of(st.integers(0, 10**400), st.sampled_from(["Two", "dozens of", "1.5 million", "a"])),
    TEXT,
    TEXT,
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT | REPORT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["id", "text", "title", "html", "x"]), inner, max_size=5)
    ),
    max_leaves=12,
)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUE,
        "text": REPORT | JSON_VALUE,
        "title": JSON_VALUE,
        "published": JSON_VALUE,
        "url": JSON_VALUE,
        "html": JSON_VALUE,
    },
)


def _jsonl(records: list[object]) -> bytes:
    return b"\n".join(json.dumps(r, ensure_ascii=True).encode("ascii") for r in records) + b"\n"


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace" if encoding != "utf-8" else "surrogatepass")


CONTENT = st.one_of(
    st.binary(max_size=3000),
    st.builds(
        _encoded, REPORT, st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252", "cp1251", "cp1250"])
    ),
    st.builds(_jsonl, st.lists(RECORD | JSON_VALUE, min_size=1, max_size=6)),
    st.builds(
        lambda depth: b'{"id": "d", "text": ' + b"[" * depth + b"]" * depth + b"}", st.integers(1, 20_000)
    ),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    content=CONTENT,
    name=st.sampled_from(["r.txt", "r.jsonl", "r.html", "r", "r.txt.gz"]),
    zipped=st.booleans(),
)
def test_extract_never_crashes(tmp_path: Path, content: bytes, name: str, zipped: bool) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(content) if zipped or name.endswith(".gz") else content)
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl", "-q"])
    assert result.exit_code in (0, 1), (result.exception, result.output[-2000:])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records, result.output
    for r in records:
        assert isinstance(r["id"], str) and isinstance(r["problems"], list)
        for f in r["figures"]:
            c = f["count"]
            assert all(v is None or 0 <= v <= 10**10 for v in (c["low"], c["best"], c["high"]))
