"""Inputs of every form, as raw documents or problems.

Paths, folders (recursively), ``.jsonl`` dumps (streamed line by line), ``-`` (standard
input, sniffed: JSON lines, HTML or plain text), gzip (``.gz``, or gzip bytes under any
name). Every input is checked before it is read: too large, empty, binary, not valid
text. A bad input becomes a :class:`Bad` naming it and what is wrong, and the batch goes on.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tollwatch import errors
from tollwatch.read.options import ReadOptions

log = logging.getLogger("tollwatch.read")

TEXT_EXTS = (".txt", ".text")
HTML_EXTS = (".html", ".htm", ".xhtml", ".shtml")
JSONL_EXTS = (".jsonl", ".ndjson")
WARC_EXTS = (".warc",)
KNOWN_EXTS = TEXT_EXTS + HTML_EXTS + JSONL_EXTS + WARC_EXTS
# skipped quietly (logged at INFO) when a folder holds only these besides reports
_DOC_EXTS = (".md", ".rst", ".toml", ".cfg", ".ini", ".yml", ".yaml")
_DOC_NAMES = ("README", "LICENSE", "NOTICE", "CHANGELOG")
_GZIP = b"\x1f\x8b"


@dataclass(slots=True)
class Raw:
    """One input to read: ``kind`` is ``text`` or ``html``; ``content`` is str (text) or bytes (html)."""

    id: str
    origin: str
    kind: str
    content: str | bytes
    title: str | None = None
    published: str | None = None
    url: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message) kept with the text
    size: int = 0  # bytes consumed, for progress
    fetched: str | None = None  # when it was fetched (a WARC record's date), ISO
    http_date: str | None = None  # the response's Last-Modified, else its Date, ISO


@dataclass(slots=True)
class Bad:
    """An input that could not be read: its id, where it came from, a problem code and message."""

    id: str
    origin: str
    code: str
    message: str
    size: int = 0


# ---------------------------------------------------------------------- names
def strip_extensions(name: str) -> str:
    """``report.html.gz`` -> ``report``; ``000_e511.txt`` -> ``000_e511``; ``a.b.txt`` -> ``a.b``."""
    base = name
    if base.lower().endswith(".gz"):
        base = base[:-3]
    low = base.lower()
    for ext in KNOWN_EXTS:
        if low.endswith(ext):
            return base[: -len(ext)] or name
    stem, dot, _ = base.rpartition(".")
    return stem if dot and stem else base


def url_id(url: str) -> str:
    """A document id from a URL: ``https://www.example.org/news/flood?id=3`` ->
    ``example.org/news/flood?id=3`` (long ones cut, with a hash of the whole to keep them apart)."""
    import hashlib
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port:
        host += f":{parts.port}"
    rid = host + (parts.path.rstrip("/") or "") + (f"?{parts.query}" if parts.query else "")
    if len(rid) > 120:
        rid = rid[:100] + "~" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]
    return rid or url


def kind_of(name: str) -> str | None:
    """``text``, ``html``, ``jsonl`` by the file name, or ``None`` when the name does not say."""
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    if low.endswith(WARC_EXTS):
        return "warc"
    if low.endswith(TEXT_EXTS):
        return "text"
    if low.endswith(HTML_EXTS):
        return "html"
    if low.endswith(JSONL_EXTS):
        return "jsonl"
    return None


# ---------------------------------------------------------------------- walking
def planned_bytes(paths: Iterable[str | Path]) -> int | None:
    """Total size of the files that :func:`iter_inputs` will read (``None`` with stdin)."""
    total = 0
    for p in paths:
        if str(p) == "-":
            return None
        for f in _files(Path(p)):
            with contextlib.suppress(OSError):
                total += f.stat().st_size if isinstance(f, Path) else 0
    return total


def _files(path: Path) -> Iterator[Path | OSError]:
    """The files to read under ``path``, sorted; a folder that cannot be listed is its error."""
    if path.is_dir():
        failed: list[OSError] = []
        for root, dirs, names in os.walk(path, onerror=failed.append):
            yield from failed
            failed.clear()
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for n in sorted(names):
                if not n.startswith(".") and kind_of(n):
                    yield Path(root) / n
        yield from failed
    else:
        yield path


def iter_inputs(paths: Iterable[str | Path], options: ReadOptions) -> Iterator[Raw | Bad]:
    """Every input under ``paths``, in order: files as given, folders sorted, records in order."""
    for p in paths:
        if str(p) == "-":
            yield from _stdin(options)
            continue
        path = Path(p)
        if path.is_dir():
            skipped = _skipped(path)
            if skipped:
                docs_only = all(
                    Path(f).suffix.lower() in _DOC_EXTS or Path(f).stem.upper() in _DOC_NAMES for f in skipped
                )
                log.log(
                    logging.INFO if docs_only else logging.WARNING,
                    "%s: skipped %d file(s) of kinds tollwatch does not read (e.g. %s); "
                    "it reads .txt, .html, .htm, .jsonl, .warc (optionally .gz)",
                    path,
                    len(skipped),
                    skipped[0],
                )
            for f in _files(path):
                yield from _file(f, options) if isinstance(f, Path) else (_unlisted(f),)
        elif not path.exists() and not path.is_symlink():
            yield Bad(
                strip_extensions(path.name) or str(p),
                str(p),
                errors.NOT_FOUND,
                f"{p}: no such file or folder - check the path",
            )
        else:
            yield from _file(path, options)


def _unlisted(e: OSError) -> Bad:
    """A folder ``os.walk`` could not list (no permission, vanished): a problem, not a silence."""
    where = str(e.filename or "?")
    return Bad(
        Path(where).name or where,
        where,
        errors.UNREADABLE,
        f"{where}: folder cannot be read ({e.strerror or e}) - its reports were skipped; check its permissions",
    )


def _skipped(folder: Path) -> list[str]:
    out: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out.extend(os.path.join(root, n) for n in names if not n.startswith(".") and not kind_of(n))
    return sorted(out)


def _file(path: Path, options: ReadOptions) -> Iterator[Raw | Bad]:
    origin = str(path)
    rid = strip_extensions(path.name)
    kind = kind_of(path.name)
    try:
        size = path.stat().st_size
        if not path.is_file():
            yield Bad(
                rid, origin, errors.UNREADABLE, f"{origin}: not a regular file - give a file or a folder"
            )
            return
        if kind == "jsonl":
            with _open_binary(path) as f:
                yield from _jsonl(f, origin, rid, options, size)
            return
        if kind == "warc":
            from tollwatch.read.warc import iter_warc

            yield from iter_warc(path, options)
            return
        if size > options.max_bytes and not path.name.lower().endswith(".gz"):
            yield Bad(rid, origin, errors.TOO_LARGE, _too_large(origin, size, options), size)
            return
        with _open_binary(path) as f:
            data = f.read(options.max_bytes + 1)
    except gzip.BadGzipFile:
        yield Bad(
            rid,
            origin,
            errors.BAD_GZIP,
            f"{origin}: not a valid gzip file (named .gz, or starting like one) - rename or re-compress it",
        )
        return
    except (EOFError, zlib.error):
        yield Bad(
            rid, origin, errors.BAD_GZIP, f"{origin}: gzip data is truncated or corrupt - re-download it"
        )
        return
    except OSError as e:
        yield Bad(
            rid,
            origin,
            errors.UNREADABLE,
            f"{origin}: cannot be read ({e.strerror or e}) - check its permissions",
        )
        return
    if len(data) > options.max_bytes:
        yield Bad(rid, origin, errors.TOO_LARGE, _too_large(origin, len(data), options, "at least "), size)
        return
    if data[:2] == _GZIP and kind != "jsonl":  # gzip in gzip
        try:
            data = gunzip(data, options.max_bytes)
        except (OSError, EOFError, zlib.error):
            yield Bad(
                rid, origin, errors.BAD_GZIP, f"{origin}: gzip data is truncated or corrupt - re-download it"
            )
            return
        if len(data) > options.max_bytes:
            yield Bad(
                rid, origin, errors.TOO_LARGE, _too_large(origin, len(data), options, "at least "), size
            )
            return
    yield _raw_from_bytes(data, rid, origin, kind, size)


def _open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed as they are read when it is gzip -- by its magic bytes,
    whatever its name: every reader takes at most the limit (+1) from it, so a gzip bomb is
    never decompressed whole."""
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == _GZIP or path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def gunzip(data: bytes, limit: int) -> bytes:
    """``data`` decompressed, at most ``limit`` + 1 bytes of it (more means: too large).
    Concatenated members are read as one stream, as ``gzip`` does."""
    out: list[bytes] = []
    total = 0
    while data and total <= limit:
        d = zlib.decompressobj(wbits=31)
        out.append(d.decompress(data, limit + 1 - total))
        total += len(out[-1])
        if not d.eof:
            if d.unconsumed_tail or total > limit:
                break  # stopped at the limit
            raise EOFError("truncated gzip data")
        data = d.unused_data.lstrip(b"\x00")
        if data[:2] != _GZIP:
            break
    return b"".join(out)[: limit + 1]


def _too_large(origin: str, size: int, options: ReadOptions, prefix: str = "") -> str:
    return (
        f"{origin}: {prefix}{size / 1048576:.1f} MB, over the {options.max_bytes / 1048576:.1f} MB limit - "
        "split it, or raise the limit with --max-mb"
    )


def _raw_from_bytes(data: bytes, rid: str, origin: str, kind: str | None, size: int) -> Raw | Bad:
    from tollwatch.read.decode import check_bytes, decode

    problem = check_bytes(data, origin)
    if problem:
        return Bad(rid, origin, problem[0], problem[1], size)
    if kind is None or (kind == "text" and data[:1] == b"<" and sniff(data) == "html"):
        kind = sniff(data)  # no extension, or a web page saved as .txt
    if kind == "html":
        return Raw(rid, origin, "html", data, size=size)
    text, warning = decode(data, origin)
    if text is None:
        assert warning is not None
        return Bad(rid, origin, warning[0], warning[1], size)
    raw = Raw(rid, origin, "text", text, size=size)
    if warning:
        raw.warnings.append(warning)
    return raw


def sniff(data: bytes) -> str:
    """``jsonl``, ``html`` or ``text``, from the first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        first = data.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    if head.startswith(b"<") and any(
        t in head for t in (b"<html", b"<!doctype", b"<body", b"<head", b"<p", b"<div")
    ):
        return "html"
    return "text"


# ---------------------------------------------------------------------- JSON lines
def _jsonl(
    f: IO[bytes], origin: str, stem: str, options: ReadOptions, size: int, first: bytes | None = None
) -> Iterator[Raw | Bad]:
    lineno = records = 0
    for line in _lines(f, options.max_bytes, first):
        lineno += 1
        where = f"{origin}:{lineno}"
        if line is None:
            records += 1
            yield Bad(
                f"{stem}-{lineno}",
                where,
                errors.TOO_LARGE,
                _too_large(where, options.max_bytes, options, "over "),
            )
            continue
        if not line.strip():
            continue
        records += 1
        yield _record(line, where, f"{stem}-{lineno}", len(line))
    if not records:  # an empty dump says so, rather than nothing at all
        yield Bad(stem, origin, errors.EMPTY, f"{origin}: empty - no JSON lines records in it", size)


def _lines(f: IO[bytes], limit: int, first: bytes | None) -> Iterator[bytes | None]:
    """Lines of ``f``; ``None`` for a line over ``limit`` bytes (skipped, not held in memory)."""
    if first is not None:
        yield first if len(first) <= limit else None
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the long line
                rest = f.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _record(line: bytes, where: str, fallback_id: str, size: int) -> Raw | Bad:
    try:
        rec: Any = json.loads(line)
    except UnicodeDecodeError:
        return Bad(
            fallback_id,
            where,
            errors.ENCODING,
            f"{where}: the record is not valid UTF-8 - re-save the file as UTF-8",
            size,
        )
    except json.JSONDecodeError as e:
        return Bad(
            fallback_id,
            where,
            errors.BAD_RECORD,
            f"{where}: not valid JSON ({e.msg}) - fix or remove the line",
            size,
        )
    except (RecursionError, ValueError) as e:  # nested thousands deep; a number of 5,000 digits
        why = "nested too deeply" if isinstance(e, RecursionError) else str(e).split(";")[0]
        return Bad(fallback_id, where, errors.BAD_RECORD, f"{where}: not a usable record ({why})", size)
    if not isinstance(rec, dict):
        return Bad(
            fallback_id,
            where,
            errors.BAD_RECORD,
            f"{where}: a JSON {type(rec).__name__}, not an object",
            size,
        )
    warnings: list[tuple[str, str]] = []
    rec = _without_surrogates(rec, where, warnings)
    rid = rec.get("id")
    if rid is None or str(rid).strip() == "":
        rid = fallback_id
        warnings.append((errors.BAD_RECORD, f'{where}: the record has no "id" - named it {fallback_id}'))
    rid = str(rid)
    text, html = rec.get("text"), rec.get("html")
    meta = {k: _opt_str(rec.get(k)) for k in ("title", "published", "url")}
    if isinstance(html, str) and html.strip() and not (isinstance(text, str) and text.strip()):
        return Raw(rid, where, "html", html.encode("utf-8"), warnings=warnings, size=size, **meta)
    # A record without usable text still carries its title, date and URL: keep them.
    if text is None and html is None:
        warnings.append((errors.BAD_RECORD, f'{where}: the record has neither "text" nor "html"'))
        text = ""
    elif not isinstance(text if text is not None else html, str):
        warnings.append((errors.BAD_RECORD, f'{where}: "text" is not a string'))
        text = ""
    elif not str(text or "").strip():
        warnings.append((errors.EMPTY, f"{where}: the record's text is empty"))
        text = ""
    return Raw(rid, where, "text", str(text), warnings=warnings, size=size, **meta)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(rec: dict[str, Any], where: str, warnings: list[tuple[str, str]]) -> dict[str, Any]:
    """The record with lone surrogates (``"\\ud800"`` escaped in JSON: no character, and no
    UTF-8 can hold it) in its string fields replaced by U+FFFD, and a warning naming them."""
    bad = [k for k, v in rec.items() if isinstance(v, str) and _SURROGATE.search(v)]
    if not bad:
        return rec
    warnings.append(
        (
            errors.ENCODING,
            f"{where}: lone UTF-16 surrogates (escaped as \\ud800-\\udfff) in {', '.join(map(repr, bad))} "
            "replaced by U+FFFD - fix the exporter that wrote the file",
        )
    )
    return {k: _SURROGATE.sub("\ufffd", v) if k in bad else v for k, v in rec.items()}


def _opt_str(v: Any) -> str | None:
    if v is None:
        return None
    return str(v) if not isinstance(v, str) else (v or None)


# ---------------------------------------------------------------------- standard input
def _stdin(options: ReadOptions) -> Iterator[Raw | Bad]:
    stream: IO[bytes] = getattr(sys.stdin, "buffer", None) or sys.stdin  # type: ignore[assignment]
    try:
        first = stream.readline(options.max_bytes + 1)
        if isinstance(first, str):  # a text stream without a buffer (tests)
            first = first.encode("utf-8")
            stream = _EncodedLines(sys.stdin)
        head = first.lstrip(b"\xef\xbb\xbf \t\r")
        if head.startswith(b"{") and sniff(first) == "jsonl":
            yield from _jsonl(stream, "-", "stdin", options, 0, first)
            return
        rest = stream.read(options.max_bytes + 1 - len(first)) if len(first) <= options.max_bytes else b""
    except OSError as e:
        yield Bad("stdin", "-", errors.UNREADABLE, f"-: standard input cannot be read ({e.strerror or e})")
        return
    data = first + (rest.encode("utf-8") if isinstance(rest, str) else rest)
    if len(data) > options.max_bytes:
        yield Bad("stdin", "-", errors.TOO_LARGE, _too_large("-", len(data), options, "at least "))
        return
    if data[:2] == _GZIP:
        try:
            data = gunzip(data, options.max_bytes)
        except (OSError, EOFError, zlib.error):
            yield Bad("stdin", "-", errors.BAD_GZIP, "-: gzip data on standard input is truncated or corrupt")
            return
        if len(data) > options.max_bytes:
            yield Bad("stdin", "-", errors.TOO_LARGE, _too_large("-", len(data), options, "at least "))
            return
    yield _raw_from_bytes(data, "stdin", "-", None, len(data))


class _EncodedLines:
    """A text stream seen as bytes (for a ``sys.stdin`` replaced by a text-only object)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def readline(self, limit: int = -1) -> bytes:
        return self.stream.readline(limit).encode("utf-8")

    def read(self, n: int = -1) -> bytes:
        return self.stream.read(n).encode("utf-8")
