#!/usr/bin/env python3
"""Is extraction linear in a document's size? CPU time at 10 KB, 100 KB and 1 MB.

    .venv/bin/python bench/extract_linear.py                 # the shapes below, 10 KB / 100 KB / 1 MB
    .venv/bin/python bench/extract_linear.py --sizes 10000 100000 --stage figures

Each shape is a phrase repeated to the size (the issue's ``"3 killed, 4 injured, " * N`` and a
few more: one endless sentence, short sentences, attributed and placed figures). For each, it
prints the CPU seconds (``time.process_time``, best of ``--repeat``) and the cost per KB at
each size relative to the smallest size. Linear means that ratio stays under 1.2 (a fixed
cost per document makes it fall below 1). ``--stage`` picks what is timed: ``figures``
(figure reading on a built document) or ``all`` (``tollwatch.extract_text``: cleaning too).
Exits 1 when a shape is not linear within 20 %. Needs nothing outside the repository.
"""

from __future__ import annotations

import argparse
import sys
import time

SHAPES = {
    "issue": lambda n: "3 killed, 4 injured, ",
    "numbered run-on": lambda n: f"{n} killed, {n + 1} injured, ",
    "sentences": lambda n: f"Police said {n} people were killed and {n + 2} injured. ",
    "attributed run-on": lambda n: f"according to officials {n} people died in Kabul on 3 May 2020 and ",
    "no full stop": lambda n: "the man was shot by police who said he died at the hospital ",
}


def _text(shape: str, size: int) -> str:
    parts, total, n = [], 0, 1
    while total < size:
        part = SHAPES[shape](n)
        parts.append(part)
        total += len(part)
        n += 1
    return "".join(parts)[:size]


def _time(stage: str, text: str, repeat: int) -> float:
    import tollwatch
    from tollwatch.contract import Document
    from tollwatch.figures import extract_figures

    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        if stage == "figures":
            extract_figures(Document(id="bench", text=text, title="Report"))
        else:
            tollwatch.extract_text(text, id="bench", title="Report")
        best = min(best, time.process_time() - c0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--stage", choices=("figures", "all"), default="all")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs (1 at the largest size)")
    ap.add_argument("--shape", choices=sorted(SHAPES), action="append", help="only these shapes")
    args = ap.parse_args(argv)
    import tollwatch

    tollwatch.extract_text("Two people were killed in Paris, police said.")  # load lexicons, gazetteer
    sizes = sorted(args.sizes)
    ok = True
    print(f"stage {args.stage}; CPU s at " + ", ".join(f"{s / 1000:g} KB" for s in sizes) + "; per-KB ratio")
    for shape in args.shape or list(SHAPES):
        secs = [_time(args.stage, _text(shape, s), args.repeat if s < sizes[-1] else 1) for s in sizes]
        ratios = [(t / s) / (secs[0] / sizes[0]) for t, s in zip(secs, sizes, strict=True)]
        linear = max(ratios) <= 1.2
        ok &= linear
        print(
            f"{shape:18} "
            + "  ".join(f"{t:8.3f}" for t in secs)
            + "   "
            + " ".join(f"{r:5.2f}" for r in ratios)
            + ("" if linear else "   NOT LINEAR"),
            flush=True,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
