"""Unicode normalisation of text before anything indexes it.

Every document string (``text``, ``title``, ``standfirst``) passes through
:func:`normalize` *before* the figures stage computes offsets, so a figure's evidence
always quotes the final string exactly. Replacements are one character for one
character wherever possible (no-break spaces become spaces, curly quotes straight
quotes, Windows-1252 control bytes the characters they stood for); only invisible
characters (zero-width spaces, soft hyphens, stray control characters) are dropped.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"
_HYPHENS = "\u2010\u2011\u2012\u2212"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _SINGLE_QUOTES:
        table[ord(ch)] = "'"
    for ch in _DOUBLE_QUOTES:
        table[ord(ch)] = '"'
    for ch in _HYPHENS:
        table[ord(ch)] = "-"
    for ch in _INVISIBLE:
        table[ord(ch)] = None
    table[0x2028] = "\n"
    table[0x2029] = "\n"
    # C0 control characters other than newline: dropped.
    for cp in range(0x20):
        if cp not in (0x0A, 0x09, 0x0B, 0x0C):
            table[cp] = None
    table[0x7F] = None
    # C1 control characters: text that was Windows-1252 read as Latin-1. Map each byte to the
    # character it stood for (one for one), then through the table above (0x92 -> ’ -> ').
    for cp in range(0x80, 0xA0):
        try:
            ch = bytes([cp]).decode("cp1252")
        except UnicodeDecodeError:
            table[cp] = None
            continue
        mapped = table.get(ord(ch), ch)
        table[cp] = mapped
    return table


TABLE = _table()
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(TABLE)) + "]")


def _replace(m: re.Match[str]) -> str:
    return TABLE[ord(m.group())] or ""


def normalize(text: str) -> str:
    """NFC, then one-to-one replacements of look-alike spaces, quotes and hyphens.

    Line breaks become ``\\n``; nothing else about the layout changes.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    elif not _has_control(text):
        return text
    return _SPECIAL.sub(_replace, text)


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def _has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def normalize_inline(text: str | None) -> str | None:
    """:func:`normalize` for one-line fields (title, standfirst): whitespace runs become one space."""
    if text is None:
        return None
    return " ".join(normalize(text).split()) or None
