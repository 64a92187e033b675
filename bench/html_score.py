#!/usr/bin/env python3
"""Main-text extraction on the shared HTML benchmark: read every page, score with the shared scorer.

    .venv/bin/python bench/html_score.py [--bench ../shared/bench] [--no-clean] [--recall]

Reads ``html/pages/*.html.gz`` with tollwatch's reader (trafilatura, then the page-chrome
cleaning), writes the document records to a temporary JSON lines file and runs
``score_html.py`` on it. Prints pages per CPU-second on one core, wall time, and the
scorer's precision/recall/F1. ``--no-clean`` measures trafilatura's text without our
cleaning (the cleaning must not lose what trafilatura gives); ``--recall`` uses
trafilatura's balanced mode instead of ``favor_precision``.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tollwatch.contract import to_dict
from tollwatch.read import ReadOptions, read_paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=str(Path(__file__).resolve().parents[2] / "shared" / "bench"))
    ap.add_argument("--no-clean", action="store_true", help="trafilatura's text as it is")
    ap.add_argument("--recall", action="store_true", help="trafilatura's balanced mode, not favor_precision")
    a = ap.parse_args(argv)
    logging.getLogger("tollwatch").setLevel(logging.ERROR)  # per-input messages: not here
    bench = Path(a.bench)
    pages = bench / "html" / "pages"
    options = ReadOptions(clean=not a.no_clean, favor_precision=not a.recall)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        cpu, wall, n, problems = time.process_time(), time.perf_counter(), 0, 0
        for doc in read_paths([pages], options):
            n += 1
            problems += bool(doc.problems)
            out.write(json.dumps(to_dict(doc), ensure_ascii=False) + "\n")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"pages read {n}, with problems {problems}")
    print(f"speed: {n / cpu:.1f} pages per CPU-second (one core), wall {wall:.1f} s")
    print(f"mode: clean={not a.no_clean} favor_precision={not a.recall}")
    scorer = [
        sys.executable,
        str(bench / "score_html.py"),
        "--truth",
        str(bench / "html" / "ground-truth.json"),
    ]
    return subprocess.call([*scorer, "--pred", out.name])


if __name__ == "__main__":
    sys.exit(main())
