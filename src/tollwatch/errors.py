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
BAD_URL = "bad_url"  # not an http(s) URL, or no host
FETCH_FAILED = "fetch_failed"  # the server could not be reached, timed out, or the connection broke
BLOCKED_PRIVATE = "blocked_private"  # the URL leads to a loopback, private, link-local or metadata address
ROBOTS = "robots"  # the site's robots.txt does not let tollwatch fetch the URL
NOT_HTML = "not_html"  # the URL answered with something that is not a web page (or a feed)
HTTP_ERROR = "http_error"  # an HTTP error status; recorded as ``http_<status>`` (``http_404``, ``http_500``)
BAD_FEED = "bad_feed"  # a feed or sitemap that cannot be parsed, or a homepage with no feed
BAD_WARC = "bad_warc"  # a WARC record that is corrupt or truncated (the rest of the file is read)
LANGUAGE = "language"  # a report in a language no figure reader handles (stored, not read as English)

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
    BAD_URL: "the URL is not an http(s) URL tollwatch can fetch",
    FETCH_FAILED: "the URL could not be fetched",
    BLOCKED_PRIVATE: "the URL leads to a loopback, private, link-local or metadata address",
    ROBOTS: "the site's robots.txt disallows fetching the URL",
    NOT_HTML: "the URL did not answer with a web page or a feed",
    HTTP_ERROR: "the server answered with an HTTP error (code http_<status>)",
    BAD_FEED: "a feed or sitemap could not be parsed, or no feed was found",
    BAD_WARC: "a WARC record is corrupt or truncated",
    LANGUAGE: "the report's language has no figure reader yet",
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
