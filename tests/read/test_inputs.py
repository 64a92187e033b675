"""Inputs of every form, and every kind of bad input: a problem for that input, the batch goes on."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from tollwatch.read import ReadOptions, read_html, read_paths
from tollwatch.read.inputs import sniff, strip_extensions

PAGE = """<!DOCTYPE html><html><head><title>Bridge collapse kills 6 in Porto Alegre | Gaucho Daily</title>
<meta name="description" content="Search goes on for commuters after a section of the bridge fell into the river.">
<meta property="og:site_name" content="Gaucho Daily">
<meta property="article:published_time" content="2024-05-07T10:00:00-03:00"></head>
<body><nav><a href="/">Home</a> | <a href="/sport">Sport</a> | <a href="/login">Sign in</a></nav>
<article><h1>Bridge collapse kills 6 in Porto Alegre</h1>
<p>PORTO ALEGRE, Brazil - Six people were killed and 19 injured when a section of a road bridge over the
Guaiba river collapsed during the morning rush hour on Tuesday, the state fire service said.</p>
<p>Firefighters said at least four cars and a minibus fell into the water. Divers were still searching
for two people reported missing by their families, a spokesman said.</p>
<p>The bridge had been closed for repairs twice in the past year after engineers reported cracks.</p>
</article><footer>Copyright 2024 Gaucho Daily. All rights reserved.</footer></body></html>"""

TEXT = "Storm kills 3 in Galway\n\nThree people died when a storm hit the west coast of Ireland on Sunday, police said.\n"


def read(*paths: object, **opts: object) -> list:
    return list(read_paths([str(p) for p in paths], ReadOptions(**opts)))  # type: ignore[arg-type]


def codes(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in doc.problems]


def test_ids_are_file_names_without_extensions() -> None:
    assert strip_extensions("000_e511eae1e698049f.txt") == "000_e511eae1e698049f"
    assert strip_extensions("page.html.gz") == "page"
    assert strip_extensions("dump.jsonl") == "dump"
    assert strip_extensions("report.2024.01.txt") == "report.2024.01"
    assert strip_extensions("notes") == "notes"


def test_text_html_htm_and_gzip_files_are_read(tmp_path: Path) -> None:
    (tmp_path / "galway.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "bridge.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bridge2.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bridge3.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    docs = read(tmp_path)
    assert [d.id for d in docs] == ["bridge", "bridge2", "bridge3", "galway"]
    assert all(not d.problems for d in docs)
    page = docs[0]
    assert page.title == "Bridge collapse kills 6 in Porto Alegre"
    assert page.published == "2024-05-07"
    assert page.site == "Gaucho Daily"
    assert page.text.startswith("PORTO ALEGRE, Brazil - Six people were killed and 19 injured")
    assert "Sign in" not in page.text and "Copyright" not in page.text
    assert (
        page.standfirst == "Search goes on for commuters after a section of the bridge fell into the river."
    )
    assert docs[2].text == page.text  # gzip read transparently
    assert docs[3].title == "Storm kills 3 in Galway" and docs[3].origin.endswith("galway.txt")


def test_folders_are_read_recursively_in_order_skipping_other_kinds(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b" / "c" / "deep.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b" / "photo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    docs = read(tmp_path)
    assert [d.id for d in docs] == ["a", "deep"]
    assert "skipped 1 file" in caplog.text


def test_json_lines_records_text_or_html_stream_in_order(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    records = [
        {
            "id": "r1",
            "title": "Storm kills 3 in Galway - WXYZ News",
            "published": "2024-01-07",
            "url": "https://x.example/1",
            "text": TEXT,
        },
        {"id": 2, "html": PAGE, "url": "https://gaucho.example/bridge"},
    ]
    dump.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    docs = read(dump)
    assert [d.id for d in docs] == ["r1", "2"]
    assert (
        docs[0].title == "Storm kills 3 in Galway"
        and docs[0].site == "WXYZ News"
        and docs[0].published == "2024-01-07"
        and docs[0].url == "https://x.example/1"
    )
    assert (
        docs[1].title == "Bridge collapse kills 6 in Porto Alegre"
        and docs[1].url == "https://gaucho.example/bridge"
    )
    assert docs[0].origin == f"{dump}:1" and docs[1].origin == f"{dump}:2"
    gz = tmp_path / "dump2.jsonl.gz"
    gz.write_bytes(gzip.compress(dump.read_bytes()))
    assert [d.id for d in read(gz)] == ["r1", "2"]


def test_bad_json_lines_are_problems_of_their_line_and_the_rest_goes_on(tmp_path: Path) -> None:
    dump = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok1", "text": TEXT}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "notext", "title": "x"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": TEXT}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "ok2", "text": TEXT}),
    ]
    dump.write_text("\n".join(lines), encoding="utf-8")
    docs = read(dump)
    assert [d.id for d in docs] == ["ok1", "mixed-2", "notext", "mixed-4", "mixed-5", "blank", "ok2"]
    assert [codes(d) for d in docs] == [
        [],
        ["bad_record"],
        ["bad_record"],
        ["bad_record"],
        ["bad_record"],
        ["empty"],
        [],
    ]
    assert docs[1].problems[0].message.startswith(f"{dump}:2: not valid JSON")
    assert docs[4].text  # a record without an id is still read, under a made-up id, and flagged


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t ", "empty"),
        ("nul.txt", b"abc\x00\x01\x02def" * 10, "binary"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "binary"),
        ("doc.html", b"%PDF-1.7 ...", "binary"),
        ("bad.html.gz", b"this is not gzip at all", "bad_gzip"),
        ("cut.txt.gz", gzip.compress(TEXT.encode() * 50)[:40], "bad_gzip"),
        ("garbage.txt", bytes(range(128, 256)) * 4, "encoding"),
    ],
)
def test_bad_files_are_problems_with_a_one_line_message(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    docs = read(path, good)
    assert codes(docs[0]) == [code]
    assert docs[0].text == ""
    message = docs[0].problems[0].message
    assert message.startswith(str(path)) and "\n" not in message
    assert docs[1].text and not docs[1].problems  # the batch goes on


def test_windows_1252_text_is_read_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes(
        "Flood kills 4 in Lyon\n\n\u201cWe lost everything,\u201d said Ren\u00e9e, 54, whose caf\u00e9 was destroyed and whose neighbour\u2019s house collapsed.".encode(
            "cp1252"
        )
    )
    (doc,) = read(path)
    assert codes(doc) == ["encoding"]
    assert "Ren\u00e9e" in doc.text and '"We lost everything,"' in doc.text
    assert "read as" in doc.problems[0].message


def test_oversized_inputs_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 100, encoding="utf-8")
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 50_000))
    dump = tmp_path / "d.jsonl"
    dump.write_text(
        json.dumps({"id": "small", "text": TEXT})
        + "\n"
        + json.dumps({"id": "huge", "text": "x " * 5000})
        + "\n",
        encoding="utf-8",
    )
    docs = read(big, bomb, dump, max_bytes=2_000)
    assert [(d.id, codes(d)) for d in docs] == [
        ("big", ["too_large"]),
        ("bomb", ["too_large"]),
        ("small", []),
        ("d-2", ["too_large"]),
    ]
    assert "--max-mb" in docs[0].problems[0].message


def test_unreadable_and_missing_paths_are_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(TEXT, encoding="utf-8")
    from tollwatch.read import inputs

    real_open = inputs._open_binary

    def deny(path: Path):  # type: ignore[no-untyped-def]
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(path)

    monkeypatch.setattr(inputs, "_open_binary", deny)
    docs = read(locked, tmp_path / "nowhere.txt", tmp_path / "nowhere-folder")
    assert [(d.id, codes(d)) for d in docs] == [
        ("locked", ["unreadable"]),
        ("nowhere", ["not_found"]),
        ("nowhere-folder", ["not_found"]),
    ]
    assert "Permission denied" in docs[0].problems[0].message


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_is_sniffed_as_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (json.dumps({"id": "s1", "text": TEXT}) + "\nnot json\n").encode())
    docs = read("-")
    assert [(d.id, codes(d)) for d in docs] == [("s1", []), ("stdin-2", ["bad_record"])]


def test_stdin_is_sniffed_as_html_or_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, PAGE.encode())
    (page,) = read("-")
    assert (
        page.id == "stdin" and page.title == "Bridge collapse kills 6 in Porto Alegre" and page.origin == "-"
    )
    _stdin(monkeypatch, TEXT.encode())
    (text,) = read("-")
    assert text.title == "Storm kills 3 in Galway" and text.text.startswith("Three people died")
    _stdin(monkeypatch, b"")
    assert codes(read("-")[0]) == ["empty"]


def test_sniffing() -> None:
    assert sniff(b'{"id": 1, "text": "x"}\n') == "jsonl"
    assert sniff(b"  <!DOCTYPE html><html>") == "html"
    assert sniff(b"<p>Two dead</p>") == "html"
    assert sniff(b"{not json") == "text"
    assert sniff(b"Two dead in crash") == "text"


def test_a_page_without_article_text_is_a_problem() -> None:
    doc = read_html("<html><body><nav>Home | News</nav></body></html>", id="nav-only")
    assert codes(doc) == ["no_text"] and doc.text == ""


def test_duplicate_ids_are_warned_about(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b" / "same.txt").write_text(TEXT, encoding="utf-8")
    assert [d.id for d in read(tmp_path)] == ["same", "same"]
    assert "already used" in caplog.text


def test_a_web_page_saved_as_txt_is_read_as_a_page(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(PAGE, encoding="utf-8")
    (doc,) = read(path)
    assert doc.title == "Bridge collapse kills 6 in Porto Alegre" and "<p>" not in doc.text
