"""Text patterns and small helpers of the place reader (:mod:`tollwatch.figures.places`)."""

from __future__ import annotations

import math
import re

from tollwatch.contract import Place

# a capitalised word: "Rocky", "St.", "O'Fallon", "Winston-Salem", "N.C.", "Almaty’s"
WORD = r"(?:[A-Z][a-z]?\.(?:[A-Z]\.)*|[A-Z][A-Za-z'’\-]*[A-Za-z])(?:['’]s)?"
# starts with a capital so that the engine can skip ahead; where it may start is checked by
# hand (``seq_start``): not inside a word or after a dot, except a run-on "said.Area"
SEQ = re.compile(rf"{WORD}(?:[ \t]+{WORD})*")
TOKEN = re.compile(WORD)
#: Words that may stand before a place in a run of capitals ("In Chicago", "The Bronx")
SKIP_LEADING = frozenset(("the", "a", "an", "in", "at", "near", "from", "of", "on", "to", "by", "for", "and", "but",
                          "after", "before", "as"))  # fmt: skip
DASH = r"(?:--|—|–|-|―)"
# "ROCKY MOUNT, N.C. (AP) — ", "CHICAGO — ", "(Mountain View) – ", "Detroit — "
DATELINE = re.compile(
    r"(?:^|\n|UPDATE:[ \t]*)[ \t]*\(?"
    r"(?P<name>[A-Z][A-Z.'’\- ]{1,40}[A-Z.]|[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,3})\)?"
    r"(?:,[ \t]*(?P<state>[A-Z][A-Za-z.]{0,15}(?:[ \t]?[A-Z][A-Za-z.]{0,15})?))?"
    r"(?:,?[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?"  # Reuters: "ALMATY, Jan 6 (Reuters) -"
    r"[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?(?:" + DASH + r"[ \t]*(?=\S)|(?P<alone>\n))"
)
NAME_BEFORE = re.compile(r"(?:(\w+)\s+)?([A-Z][a-z]+(?:[A-Z][a-z]+)?)(?:['’]s)?$")
PLACE_PREPOSITIONS = frozenset(("in", "of", "at", "from", "near"))
STATE_AFTER = re.compile(r",[ \t]*([A-Z][A-Za-z.]{0,7}(?:[ \t]?[A-Z][A-Za-z.]{0,10})?)")
LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
STOP_MARK = re.compile(r"[.,;:!?]\s*$")
FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")
LOWER_WORD = re.compile(r"[a-z][a-z'\-]+")
SPLIT_SITE = re.compile(r"\s+(?:[|:]{1,2}|[-–—]{1,2})\s+")


URL_NOISE = re.compile(
    r"\.(?:html?|php|aspx?|cms|shtml)$|\d+|\b(?:www|com|net|org|story|news|article|local)\b"
)


def url_words(url: str | None) -> str:
    """The words of a URL's path, capitalised, one segment a line ("" for none)."""
    if not url:
        return ""
    path = url.rsplit("://", 1)[-1].split("?", 1)[0]
    segments = path.split("/")[1:]
    lines = []
    for seg in segments:
        words = URL_NOISE.sub(" ", seg.lower()).replace("-", " ").replace("_", " ").replace("+", " ").split()
        if len(words) >= 3:  # a slug, not a section name
            lines.append(" ".join(w.capitalize() for w in words if w.isalpha()))
    return "\n".join(lines)


def seq_start(text: str, s: int) -> bool:
    if s == 0:
        return True
    c = text[s - 1]
    if c == ".":
        return s >= 3 and text[s - 3 : s - 1].isalpha() and text[s - 3 : s - 1].islower()
    return not (c.isalnum() or c in "_'’")


def km_between(a: Place, b: Place) -> float:
    """Great-circle distance between two places with coordinates."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat or 0.0, a.lon or 0.0, b.lat or 0.0, b.lon or 0.0))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def is_caps(tok: str) -> bool:
    return len(tok) > 1 and tok.isupper()


def strip_possessive(s: str) -> str:
    return s[:-2] if s.endswith(("'s", "’s")) else s


def written_name(s: str) -> str:
    return s.title() if s.isupper() else s


def starts_with_any(s: str, words: tuple[str, ...]) -> bool:
    return s.startswith(words)


def word_end(s: str, words: tuple[str, ...]) -> bool:
    if not s.startswith(words):
        return False
    for w in words:
        if s.startswith(w):
            return len(s) == len(w) or not s[len(w)].isalpha()
    return False


def ends_with_any(s: str, words: tuple[str, ...]) -> bool:
    if not s.endswith(words):
        return False
    return any(s.endswith(w) and (len(s) == len(w) or not s[-len(w) - 1].isalpha()) for w in words)


def last_word(s: str) -> str:
    m = LAST_WORD.search(s)
    return m.group(1).casefold() if m and not STOP_MARK.search(s) else ""


def first_word(s: str) -> str:
    m = FIRST_WORD.match(s)
    return m.group(1).casefold() if m else ""


def sentence_initial(text: str, s: int) -> bool:
    k = s - 1
    while k >= 0 and text[k] in " \t\"“‘'(":
        k -= 1
    return k < 0 or text[k] in ".!?\n:"
