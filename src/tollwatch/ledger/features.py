"""What linking compares between two reports, read once per report and stored.

* the incident's **day** (``summary.when``, else the publication day) and **place**
  (``summary.where``) — from the figures stage's summary;
* the **killed / injured** counts of the summary;
* the **names** of people: capitalised names followed by an age ("Jamal Reed, 24,") or
  introduced as a victim or suspect ("identified as Jamal Reed");
* **key phrases**: capitalised multi-word names (streets, churches, businesses, towns)
  and street addresses, which two reports of one incident tend to share;
* the **words** of the title and the first paragraphs, for a plain similarity;
* the kind of **event** the report tells of (an earthquake, an explosion ...) and its main
  **countries**, for linking the reports of one crisis (:mod:`.crisis`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tollwatch.contract import Document
from tollwatch.ledger import crisis

_NAME = r"[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?"
_INITIAL = r"(?:\s[A-Z]\.)?"
_PERSON = rf"{_NAME}{_INITIAL}(?:\s{_NAME}){{1,2}}(?:,?\s(?:Jr|Sr|II|III)\.?)?"
#: "Jamal Reed, 24": found from the age back (the ", 24" is rare, capitalised words are not;
#: the same matches as one left-to-right pattern, several times faster).
_AGE = re.compile(r",\s(?:age\s|aged\s)?\d{1,3}\b")
_PERSON_BEFORE = re.compile(rf"({_PERSON})\Z")  # after a word boundary: see _before
#: :data:`_INTRODUCED`, :data:`_PHRASE` and :data:`_STREET` start at a word boundary (``\\b``),
#: checked by :func:`_at_word_start`: written without it, each begins with the characters it
#: can start with, and the regex engine skips ahead to those (several times faster).
_INTRODUCED = re.compile(
    rf"(?:identified (?:him |her |them |the victims? |the \w+ )?as|victims? (?:was|were|is|are)|"
    rf"named|victim,|suspect,|charged|arrested|shooter,|gunman,)\s+({_PERSON})"
)
#: A capitalised word or an ordinal ("42nd"), then more capitalised words.
#: (Possessive ``++``: what follows a word, a space, is never part of one, so giving back
#: letters of a word can never make a match: the engine does not try.)
_PHRASE = re.compile(
    r"[A-Z\d](?:(?<=[A-Z])[A-Za-z'.-]++|(?<=\d)\d*+(?:st|nd|rd|th))(?:\s(?:of\s|the\s|de\s)?[A-Z][A-Za-z'.-]++)+"
)
#: "1400 block of West Main Street": found from the street word back, like :data:`_AGE`.
_STREET = re.compile(
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Place|Pl|Way|Highway|Hwy|"
    r"Parkway|Pkwy|Circle|Terrace)\b"
)
_BOUNDARY = re.compile(r"\b")
_NUMBER_BEFORE = re.compile(  # after a word boundary, like _PERSON_BEFORE
    r"\d{1,5}(?:\s(?:block|hundred block)\sof)?\s(?:[NSEW]\.?\s)?(?:[A-Z][a-z]+\s){1,3}\Z"
)
#: How far back from its age (or street word) a name (or house number) may start.
_LOOKBACK = 300
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_SITE_SUFFIX = re.compile(r"\s+(?:\||::|-|–|—)\s+\S+(?:\s+\S+){0,3}$")

#: Capitalised words that start sentences or name what every report names.
_COMMON = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "or",
        "if",
        "in",
        "on",
        "at",
        "of",
        "for",
        "to",
        "by",
        "with",
        "from",
        "as",
        "police",
        "officers",
        "officer",
        "sheriff",
        "county",
        "city",
        "state",
        "department",
        "news",
        "video",
        "photo",
        "photos",
        "watch",
        "click",
        "share",
        "read",
        "more",
        "related",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "he",
        "she",
        "they",
        "it",
        "his",
        "her",
        "their",
        "we",
        "i",
        "this",
        "that",
        "there",
        "these",
        "those",
        "when",
        "where",
        "what",
        "who",
        "after",
        "before",
        "according",
        "investigators",
        "authorities",
        "detectives",
        "deputies",
        "anyone",
        "crime",
        "stoppers",
        "copyright",
        "associated",
        "press",
        "ap",
        "facebook",
        "twitter",
        "email",
        "print",
        "comments",
        "sign",
        "log",
        "subscribe",
        "advertisement",
    ]
)
_STOPWORDS = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "been",
        "were",
        "was",
        "said",
        "says",
        "will",
        "would",
        "there",
        "their",
        "they",
        "them",
        "then",
        "than",
        "when",
        "where",
        "what",
        "which",
        "while",
        "about",
        "after",
        "before",
        "also",
        "into",
        "over",
        "under",
        "more",
        "most",
        "some",
        "such",
        "only",
        "other",
        "very",
        "just",
        "like",
        "could",
        "should",
        "were",
        "being",
        "does",
        "did",
        "done",
        "your",
        "yours",
        "ours",
        "police",
        "shooting",
        "shot",
        "shots",
        "officers",
        "officer",
        "investigation",
        "according",
        "told",
        "people",
        "news",
        "home",
        "year",
        "years",
        "time",
        "times",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "night",
        "morning",
        "afternoon",
        "evening",
        "report",
        "reported",
        "call",
        "anyone",
        "information",
        "crime",
    ]
)
_MAX_CHARS = 4000


def clean_title(title: str | None) -> str:
    """The title without a trailing site name (" :: WRAL.com", " | KSL.com")."""
    t = (title or "").strip()
    for _ in range(2):  # "Man shot - Local News - Tulsa World"
        stripped = _SITE_SUFFIX.sub("", t)
        if len(stripped) < 12:
            break
        t = stripped
    return t


def _before(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """The leftmost match of ``\\b`` + ``pattern`` (ending in ``\\Z``) that ends at ``end``
    (see :func:`_at_word_start`)."""
    search, boundary = pattern.search, _BOUNDARY.match
    pos = max(0, end - _LOOKBACK)
    while (m := search(text, pos, end)) is not None:
        if boundary(text, m.start()) is not None:
            return m
        pos = m.start() + 1
    return None


def _at_word_start(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``\\b`` + ``pattern`` in ``text``, left to right, as ``finditer`` gives
    them (``pattern`` starts with a word character and never matches the empty string): a
    match not at a word boundary is passed over and the search goes on from the next character."""
    search, boundary = pattern.search, _BOUNDARY.match
    pos = 0
    while (m := search(text, pos)) is not None:
        start = m.start()
        if boundary(text, start) is None:
            pos = start + 1
            continue
        yield m
        pos = m.end()


def person_names(text: str) -> set[str]:
    aged = (_before(_PERSON_BEFORE, text, m.start()) for m in _AGE.finditer(text))
    names = {m.group(1) for m in aged if m} | {m.group(1) for m in _at_word_start(_INTRODUCED, text)}
    out = set()
    for n in names:
        words = n.replace(",", " ").split()
        if words and words[0].lower() not in _COMMON and not any(w.lower() in _COMMON for w in words[-1:]):
            out.add(" ".join(w for w in words if w not in ("Jr", "Jr.", "Sr", "Sr.")).lower())
    return out


def key_phrases(text: str) -> set[str]:
    out = set()
    for m in _at_word_start(_PHRASE, text):
        # lower-cased first: a phrase is ASCII letters, digits, spaces and ' . - (kept one to one)
        words = [w.strip(".'") for w in m.group(0).lower().split()]
        while words and words[0] in _COMMON:
            words = words[1:]
        if len(words) >= 2 and not all(w in _COMMON for w in words):
            out.add(" ".join(words))
    for m in _at_word_start(_STREET, text):
        number = _before(_NUMBER_BEFORE, text, m.start())
        if number:
            out.add(" ".join(text[number.start() : m.end()].split()).lower())
    return out


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _STOPWORDS


def features_of(doc: Document) -> dict[str, Any]:
    """The linking features of one report (JSON-ready; stored with the document)."""
    s = doc.summary
    title = clean_title(doc.title)
    head = f"{title}\n{doc.standfirst or ''}\n{doc.text[:_MAX_CHARS]}"
    event = crisis.event_of(title, head)
    killed, injured = (s.killed.best if s.killed else None), (s.injured.best if s.injured else None)
    countries, towns = (
        crisis.countries_and_places(title, crisis.strip_datelines(head), s.where)
        if crisis.big_enough(event, killed, injured)
        else ([], [])
    )
    return {
        "when": s.when,
        "published": (doc.published or "")[:10] or None,
        "place": _norm_place(s.where.name) if s.where else None,
        "admin1": (s.where.admin1 or "").lower() or None if s.where else None,
        "killed": killed,
        "injured": injured,
        "names": sorted(person_names(head)),
        "phrases": sorted(key_phrases(head)),
        "words": sorted(words(head)),
        "title": title.lower(),
        "event": event,
        "countries": countries,
        "towns": towns,
    }


def _norm_place(name: str) -> str:
    n = re.sub(r"\(.*?\)", " ", name.lower())
    n = re.sub(r"\b(city of|township|county|city)\b", " ", n)
    return " ".join(re.sub(r"[^a-z]+", " ", n).split())
