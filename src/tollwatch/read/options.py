"""Options of the reading stage, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass

from tollwatch.errors import MAX_INPUT_BYTES


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read.

    ``max_bytes``: inputs (a file, a decompressed ``.gz``, one JSON lines record, standard
    input) larger than this are refused with ``too_large``. ``clean``: remove page chrome
    and find title/date/standfirst (on by default). ``chrome_files``: the user's extra chrome
    rule files (see :mod:`tollwatch.read.chrome`). ``favor_precision``: trafilatura's mode
    for web pages (on: less boilerplate, a little less text).
    """

    max_bytes: int = MAX_INPUT_BYTES
    clean: bool = True
    chrome_files: tuple[str, ...] = ()
    favor_precision: bool = True
