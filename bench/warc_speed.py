#!/usr/bin/env python3
"""Reading a web archive: documents per CPU-second on one core, next to the same pages as files.

    .venv/bin/python bench/warc_speed.py [--bench ../shared/bench] [--copies 5] [--keep /tmp/pages.warc.gz]

Writes a WARC (gzipped per record, as crawlers write them) from ``html/pages/*.html.gz``: for
each page a request record and a response record with real HTTP headers, ``--copies`` times
(each copy under other URLs), and reads it with tollwatch (``read_paths``: FastWARC records,
trafilatura, cleaning, language). Then reads the same pages from the files. Also times the
bare record iteration with FastWARC and with warcio (when installed), which is why FastWARC
was chosen. The WARC is written in a temporary folder (nothing is kept unless ``--keep``).
"""

from __future__ import annotations

import argparse
import gzip
import logging
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from tollwatch.read import read_paths


def _record(kind: str, uri: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-09T10:15:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nContent-Type: application/http; msgtype={kind}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=6)


def write_warc(pages: list[Path], copies: int, out: Path) -> int:
    n = 0
    with open(out, "wb") as f:
        for c in range(copies):
            for p in pages:
                body = gzip.decompress(p.read_bytes())
                uri = f"https://archive.example/{c}/{p.name.removesuffix('.html.gz')}"
                f.write(
                    _record(
                        "request", uri, f"GET /{p.name} HTTP/1.1\r\nHost: archive.example\r\n\r\n".encode()
                    )
                )
                http = (
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                f.write(_record("response", uri, http + body))
                n += 1
    return n


def timed(paths: list[Path]) -> tuple[int, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    n = sum(1 for d in read_paths(paths) if d.text)
    return n, time.process_time() - cpu, time.perf_counter() - wall


def iterate(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    cpu = time.process_time()
    with open(path, "rb") as f:
        k = sum(len(r.reader.read()) > 0 for r in ArchiveIterator(f, record_types=WarcRecordType.response))
    out["fastwarc"] = k / (time.process_time() - cpu)
    try:
        from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    except ImportError:
        return out
    cpu = time.process_time()
    with open(path, "rb") as f:
        k = sum(len(r.content_stream().read()) > 0 for r in WarcioIterator(f) if r.rec_type == "response")
    out["warcio"] = k / (time.process_time() - cpu)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default="../shared/bench")
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    pages = sorted((Path(args.bench) / "html" / "pages").glob("*.html.gz"))
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "pages.warc.gz"
        records = write_warc(pages, args.copies, warc)
        print(
            f"WARC: {records} pages ({len(pages)} x {args.copies}), {warc.stat().st_size / 1e6:.1f} MB gzipped"
        )
        for name, rate in iterate(warc).items():
            print(f"  record iteration only, {name}: {rate:,.0f} responses per CPU-second")
        timed(pages[:5])  # warm up: imports, the language model, the chrome rules
        n, cpu, wall = timed([warc])
        print(
            f"read from the WARC: {n} documents with text, {n / cpu:.1f} per CPU-second ({wall:.1f} s wall)"
        )
        files = Path(tmp) / "files"
        files.mkdir()
        for c in range(args.copies):
            for p in pages:
                shutil.copy(p, files / f"{c}-{p.name}")
        n2, cpu2, wall2 = timed([files])
        print(
            f"read from files:    {n2} documents with text, {n2 / cpu2:.1f} per CPU-second ({wall2:.1f} s wall)"
        )
        print(f"WARC / files: {(n / cpu) / (n2 / cpu2):.2f}")
        if args.keep:
            shutil.copy(warc, args.keep)


if __name__ == "__main__":
    main()
