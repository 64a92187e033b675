"""Bytes to text: refuse empty and binary inputs, decode UTF-8, fall back with a warning."""

from __future__ import annotations

import codecs

from tollwatch import errors

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a zip archive (or an Office document)",
    b"7z\xbc\xaf": "a 7-zip archive",
    b"Rar!": "a RAR archive",
    b"\x7fELF": "a program",
    b"BZh": "a bzip2 archive",
    b"\xfd7zXZ": "an xz archive",
    b"RIFF": "a media file",
    b"OggS": "a media file",
    b"ID3": "an MP3 file",
    b"\x00\x00\x00": "a media or binary file",
}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def check_bytes(data: bytes, origin: str) -> tuple[str, str] | None:
    """(code, message) when ``data`` is empty or binary, else ``None``."""
    if not data.strip():
        return errors.EMPTY, f"{origin}: empty - nothing to read"
    if any(data.startswith(bom) for bom, _ in _BOMS[1:]):
        return None  # UTF-16 text: NUL bytes are expected
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return (
                errors.BINARY,
                f"{origin}: binary ({what}), not text - tollwatch reads text, HTML and JSON lines",
            )
    sample = data[:8192]
    if b"\x00" in sample:
        return (
            errors.BINARY,
            f"{origin}: binary (NUL bytes), not text - tollwatch reads text, HTML and JSON lines",
        )
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls > 0.05 * len(sample):
        return (
            errors.BINARY,
            f"{origin}: binary ({controls} control bytes in the first {len(sample)}), not text",
        )
    return None


#: What text in a Western European language holds beyond ASCII, read as cp1252: the letters
#: of Latin-1 (but the Icelandic ones that stand for Turkish letters in cp1254: Ð ð Ý ý Þ þ)
#: and the punctuation of news copy.
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜßàáâãäåæçèéêëìíîïñòóôõöøùúûüÿŒœŠšŽžŸ\u00a0¡¿«»°·ºª´¨¸€£¥§©®™“”‘’„‚–—…•†‹›"
)
#: Western text is mostly ASCII letters; Cyrillic or Greek read as cp1252 is mostly accented ones.
_WESTERN_MAX_SHARE = 0.3


def _western(data: bytes) -> str | None:
    """``data`` read as cp1252 when it reads as Western European text, else None.

    cp1252 (a superset of Latin-1's printable characters) is what most non-UTF-8 web text
    is; charset_normalizer often takes a short Spanish or German text for cp1250 or a DOS
    code page ("Ñandú" read as "Ńandú"). Texts of other code pages show characters that are
    not in :data:`_WESTERN` (Polish "³", Turkish "þ"), fail to decode (Czech), or are mostly
    non-ASCII letters (Cyrillic), and go to charset_normalizer.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) > 127]
    if any(c not in _WESTERN for c in wide):
        return None
    letters = sum(c.isalpha() for c in text)
    return text if sum(c.isalpha() for c in wide) <= _WESTERN_MAX_SHARE * letters else None


def decode(data: bytes, origin: str) -> tuple[str | None, tuple[str, str] | None]:
    """(text, warning): UTF-8 (or a BOM's encoding) as is; other bytes decoded by the best
    guess with an ``encoding`` warning; ``(None, problem)`` when nothing fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        where = f"byte 0x{data[e.start]:02x} at offset {e.start}"
    text = _western(data)
    if text is not None:
        return text, (
            errors.ENCODING,
            f"{origin}: not valid UTF-8 ({where}); read as cp1252 (Western European) - check the text, "
            "or re-save it as UTF-8",
        )
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is not None and best.encoding and best.chaos < 0.3:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and text.strip():
            return text, (
                errors.ENCODING,
                f"{origin}: not valid UTF-8 ({where}); read as {best.encoding} - check the text, or re-save it as UTF-8",
            )
    return None, (
        errors.ENCODING,
        f"{origin}: not valid UTF-8 ({where}) and no other encoding fits - re-save it as UTF-8",
    )
