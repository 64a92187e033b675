"""Stable problem codes: users search for them, tests assert them.

A problem is recorded in a document's ``problems`` list (and in the store) with one of
these codes and a one-line message that names the input and says what to do.
"""

from __future__ import annotations

EMPTY = "empty"  # the input holds no text at all
BINARY = "binary"  # the input is not text (an image, a PDF, an archive we cannot read)
UNREADABLE = "unreadable"  # the file could not be opened or read (permissions, vanished, I/O error)
ENCODING = "encoding"  # the bytes are not valid in any encoding we tried
TOO_LARGE = "too_large"  # over the size limit (see ``MAX_INPUT_BYTES``)
BAD_RECORD = "bad_record"  # a JSON lines record that is not valid JSON or lacks "id"/"text"
BAD_GZIP = "bad_gzip"  # a .gz file that is truncated or not gzip
NO_TEXT = "no_text"  # a web page from which no article text could be extracted
UNSUPPORTED = "unsupported"  # a file kind tollwatch does not read
EXTRACTION_FAILED = "extraction_failed"  # figure extraction raised on this document
NOT_FOUND = "not_found"  # a path given on the command line does not exist
IMPLAUSIBLE_COUNT = "implausible_count"  # a figure states more people than could be (not kept)
TOO_SLOW = "too_slow"  # figure extraction ran over the time budget of one document

CODES: dict[str, str] = {
    EMPTY: "the input holds no text",
    BINARY: "the input is binary, not text",
    UNREADABLE: "the input could not be read",
    ENCODING: "the input's bytes are not valid text in any known encoding",
    TOO_LARGE: "the input is larger than the size limit",
    BAD_RECORD: "a JSON lines record is malformed",
    BAD_GZIP: "a gzip file is corrupt or truncated",
    NO_TEXT: "no article text could be extracted from the page",
    UNSUPPORTED: "tollwatch does not read this kind of file",
    EXTRACTION_FAILED: "figure extraction failed on this document",
    NOT_FOUND: "the path does not exist",
    IMPLAUSIBLE_COUNT: "a figure states more people than could be; it is not kept",
    TOO_SLOW: "figure extraction ran over the time budget of one document",
}

#: Inputs larger than this are refused with ``too_large`` (20 MB).
MAX_INPUT_BYTES = 20 * 1024 * 1024

#: Figure extraction of one document stops after this many CPU seconds with ``too_slow``
#: (reading is linear, about 20 CPU-s a megabyte: only a pathological input gets near it).
MAX_SECONDS = 60.0

#: Exit statuses of the CLI.
EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
