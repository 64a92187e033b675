#!/usr/bin/env python3
"""Reading the GVA dev texts: how many still hold page junk, and how fast reading is.

    .venv/bin/python bench/read_bench.py [--bench ../shared/bench] [--show 10] [--no-clean]

Reads every record of ``gva/dev.inputs.jsonl`` with tollwatch's reader (cleaning on), then
looks for junk lines in each document's text, title and standfirst with a detector of its
own: a held-apart list of junk markers below, written from the kinds of junk the reading
issue names (icon lists, share/subscribe/sign-in/captcha/"enable JavaScript" prompts, video
playlists, photo-gallery furniture, RELATED/TRENDING lines), not from the cleaner's rules.
Prints the share of texts that still hold junk (goal: under 1%), the count per kind, a
few examples, and the reading speed in documents per CPU-second on one core (reading
only, no figures; goal: >= 500) and wall time.
"""

from __future__ import annotations

import argparse
import collections
import logging
import re
import sys
import time
from pathlib import Path

from tollwatch.read import ReadOptions, read_paths

# kind -> marker regexes, searched (case-insensitively) in lines of at most MAX_WORDS words
MAX_WORDS = 40
MARKERS: dict[str, list[str]] = {
    "icons": [r"(?:\S*icon\S*\s+){3,}"],
    "prompt-javascript": [
        r"\bjavascript\b.*\b(?:enable|requires?|disabled|turn on)\b",
        r"\benable javascript\b",
    ],
    "prompt-captcha": [r"\bcaptcha\b", r"\bnot a robot\b", r"\banti-?spam\b", r"\benter the characters\b"],
    "prompt-share": [
        r"^share (?:this|on|via)\b",
        r"^(?:read or )?share this (?:story|article)",
        r"\blike loading\b",
        r"^(?:facebook|twitter|pinterest|google\+?|linkedin|email|print|pocket|reddit)$",
        r"^tweet$",
    ],
    "prompt-subscribe": [
        r"\bsubscri(?:be|ber|ption)\b",
        r"\bnewsletters?\b",
        r"\bsign up (?:for|today|now)\b",
        r"\bverification (?:email|message)\b",
        r"\bhome delivery\b",
    ],
    "prompt-signin": [
        r"^(?:please )?(?:sign|log) ?in\b",
        r"\bsign in (?:to|using|with)\b",
        r"\balready have an account\b",
        r"\bcreate an account\b",
        r"\bforgot (?:your )?password\b",
    ],
    "video-playlist": [
        r"^\d{1,2}:\d\d (?![ap]\.?m\b)\D.{5,}$",
        r"\bpause$",
        r"\bautoplay\b",
        r"\bnow playing\b",
    ],
    "gallery": [
        r"\bimage \d+ of \d+\b",
        r"\bcaption close\b",
        r"\bback to gallery\b",
        r"\bview (?:full caption|as gallery|as list)\b",
        r"\bbuy photo\b",
        r"\bslideshow\b",
        r"\bgallery_",
        r"^(?:photos?|gallery|photo gallery)\s*:",
    ],
    "related-trending": [
        r"^\W*(?:related|trending)\b",
        r"^\W*(?:read more|see also|more from|most (?:read|popular|watched))\b",
        r"^\W*(?:previous|next) stor(?:y|ies)\b",
    ],
    "advert": [r"^advertisement\b", r"^skip ad\b", r"\bad loading\b"],
}
COMPILED = {k: [re.compile(p, re.I) for p in ps] for k, ps in MARKERS.items()}


def junk_lines(text: str) -> list[tuple[str, str]]:
    """(kind, line) for every line of ``text`` that holds a junk marker."""
    out = []
    for line in text.split("\n"):
        s = " ".join(line.split())
        if not s or len(s.split()) > MAX_WORDS:
            continue
        for kind, regexes in COMPILED.items():
            if any(r.search(s) for r in regexes):
                out.append((kind, s))
                break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=str(Path(__file__).resolve().parents[2] / "shared" / "bench"))
    ap.add_argument("--show", type=int, default=10, help="how many example junk lines to print")
    ap.add_argument("--no-clean", action="store_true", help="measure the texts as they come (no cleaning)")
    a = ap.parse_args(argv)
    logging.getLogger("tollwatch").setLevel(logging.ERROR)  # per-input messages: not here
    path = Path(a.bench) / "gva" / "dev.inputs.jsonl"
    options = ReadOptions(clean=not a.no_clean)

    cpu, wall = time.process_time(), time.perf_counter()
    docs = list(read_paths([path], options))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall

    kinds: collections.Counter[str] = collections.Counter()
    examples: list[tuple[str, str, str]] = []
    with_junk = empty = problems = 0
    for d in docs:
        problems += bool(d.problems)
        empty += not d.text
        found = junk_lines("\n".join(x for x in (d.title, d.standfirst, d.text) if x))
        if found:
            with_junk += 1
            for kind, line in found:
                kinds[kind] += 1
                examples.append((d.id, kind, line))
    n = len(docs)
    print(f"documents read: {n} (with problems: {problems}, empty after cleaning: {empty})")
    print(f"texts still holding junk lines: {with_junk} = {100 * with_junk / max(n, 1):.2f}% (goal < 1%)")
    for kind, c in kinds.most_common():
        print(f"  {kind:18} {c} line(s)")
    for rid, kind, line in examples[: a.show]:
        print(f"  e.g. {rid} [{kind}] {line[:110]}")
    print(
        f"speed: {n / cpu:.0f} documents per CPU-second on one core (goal >= 500); wall {wall:.2f} s, CPU {cpu:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
