"""Cleaning a text: page chrome out; date line, title, title repeats and standfirst found.

Works on lines. Each line is normalised (:mod:`.unicode`), cut of inline furniture (date
stamps glued to a headline, gallery buttons), then dropped if a chrome rule catches it
(:mod:`.chrome`: prompts, share rows, icon lists, playlists, gallery furniture, lines of
other stories' headlines, copyright lines). The first lines left are the header: a line
that is only a date gives the publication date, the title is the given one or the line
that repeats (or the first headline-like line), the standfirst the line after it. What is
left, paragraphs joined by blank lines, is the text: the final string that figures index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tollwatch.read.chrome import Chrome, load_chrome
from tollwatch.read.published import iso_date, parse_date
from tollwatch.read.unicode import normalize, normalize_inline

_KEY = re.compile(r"[\W_]+")
_SENTENCE_END = (".", "!", "?", ":", ";", ",")
_BYLINE = re.compile(r"(?i)^by[:\s]")
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-?(?:TV|DT|FM|AM|CD))?\d*$")
_DOMAIN = re.compile(r"(?i)\w\.(?:com|net|org|tv|us|co|news|co\.uk|com\.au)$")
_TRAILING_DIGITS = re.compile(r"\d+$")
_BULLETS = frozenset("•►▸▶»>*·-–— ")
_UPDATED = re.compile(r"(?i)\b(?:updated|modified)\b")


@dataclass(slots=True)
class Cleaned:
    """The result of :func:`clean`: final strings, and what was removed (for ``-v`` and tests)."""

    text: str
    title: str | None = None
    standfirst: str | None = None
    published: str | None = None
    site: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule id, line)


def key(s: str) -> str:
    """A line reduced for comparison: lowercase words only."""
    return _KEY.sub(" ", s.lower()).strip()


def clean(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    url: str | None = None,
    chrome: Chrome | None = None,
    page: bool = False,
) -> Cleaned:
    """Clean ``text``. ``page=True`` for text extracted from a web page (one paragraph a
    line; the title and date come from the page's metadata, no standfirst is guessed)."""
    chrome = chrome or load_chrome()
    removed: list[tuple[str, str]] = []
    stamps: list[tuple[bool, str]] = []  # (is an "updated" stamp, ISO date) from inline cuts
    items = _strip_chrome(text, chrome, removed, stamps, page)

    h = chrome.header
    header_n = h.get("max_lines", 12)
    # the date line(s) at the top
    dates: list[str] = []
    keep: list[tuple[str, int]] = []
    for i, (s, block) in enumerate(items):
        if i < header_n and len(s) <= 80:
            day = parse_date(s)
            if day:
                dates.append(day)
                removed.append(("date-line", s))
                continue
        keep.append((s, block))
    items = keep

    # the title, its repeats, the standfirst
    site = None
    found_at = -1
    if title:
        title = normalize_inline(title)
    if title:
        full = title
        title, site = split_site(title, chrome, url)
        title = _untruncated(title, items[:header_n])
        title_keys = {key(title), key(full)} | _head_keys(title, chrome)
        title_keys.discard("")
    else:
        found_at, title = _find_title(items, h)
        title_keys = {key(title)} if title else set()
        if found_at > 0 and all(len(s.split()) <= 2 for s, _ in items[:found_at]):
            removed.extend(("kicker", s) for s, _ in items[:found_at])  # "WORLD" above the title
            items, found_at = items[found_at:], 0
    standfirst = None
    one_block = len({b for _, b in items}) == 1
    if title_keys:
        positions = [i for i, (s, _) in enumerate(items) if key(s) in title_keys]
        sandwiched = _sandwiched(items, positions, h)
        for i in positions:
            removed.append(("title-repeat", items[i][0]))
        rest = [it for i, it in enumerate(items) if i not in set(positions)]
        if sandwiched is not None:
            standfirst = items[sandwiched][0]
            rest = [it for it in rest if it is not items[sandwiched]]
        elif not page and (found_at >= 0 or positions):
            first = 0
            if found_at >= 0:  # the line right after the title
                first = sum(1 for i in range(found_at) if i not in positions)
            if (
                first < len(rest) - 1
                and first < header_n
                and (rest[first + 1][1] != rest[first][1] or one_block)  # a paragraph of its own
                and _standfirst_like(rest[first][0], h)
            ):
                standfirst = rest[first][0]
                rest = rest[:first] + rest[first + 1 :]
        items = rest

    # publication date: given, else a date line, else a "Posted:" stamp (before an "Updated:" one)
    pub = iso_date(published) if published else None
    if pub is None and published is None:
        if dates:
            pub = dates[0]
        elif stamps:
            pub = next((d for upd, d in stamps if not upd), stamps[0][1])
    if site is None and url:
        site = site_of_url(url)
    return Cleaned(
        text=_join(items),
        title=title or None,
        standfirst=standfirst,
        published=pub,
        site=site,
        removed=removed,
    )


# ---------------------------------------------------------------------- chrome pass
def _strip_chrome(
    text: str, chrome: Chrome, removed: list[tuple[str, str]], stamps: list[tuple[bool, str]], page: bool
) -> list[tuple[str, int]]:
    items: list[tuple[str, int]] = []
    block = 0
    in_section = False
    headline_max = chrome.header.get("headline_max_words", 22)
    for raw in normalize(text).split("\n"):
        s = " ".join(raw.split())
        if not s:
            block += 1
            continue
        if page:
            block += 1
        cuts = chrome.inline_matches(s)
        if cuts:
            s = _cut(s, cuts, removed, stamps)
            if not s:
                continue
        tokens = s.split()
        if chrome.section_rule(s, len(tokens)):
            removed.append(("section-header", s))
            in_section = True
            continue
        rule = _line_chrome(s, tokens, chrome)
        if rule:
            removed.append((rule, s))
            continue
        if in_section:
            if len(tokens) <= headline_max and not s.endswith((".", "!", "?", '"', "'")):
                removed.append(("section-item", s))
                continue
            in_section = False
        items.append((s, block))
    return items


def _line_chrome(s: str, tokens: list[str], chrome: Chrome) -> str | None:
    """The id of the rule that makes line ``s`` chrome, or ``None``."""
    n = len(tokens)
    if n <= chrome.ui_max_words and chrome.is_ui_row(tokens):
        return "ui-words"
    low = s.lower()
    if any(mk in low for mk in chrome.icon_markers) and chrome.is_icon_list(tokens):
        return "icon-list"
    if any(sep in s for sep in chrome.menu_separators) and chrome.is_menu_row(s):
        return "menu-row"
    if s[0] in _BULLETS:  # "• Read more ...", "► Related: ..."
        s = s.lstrip("".join(_BULLETS))
        if not s:
            return "punctuation-row"
    rule = chrome.line_rule(s, n)
    return rule.id if rule else None


def _cut(s: str, cuts: list, removed: list[tuple[str, str]], stamps: list[tuple[bool, str]]) -> str:
    out, last = [], 0
    for rule, m in cuts:
        out.append(s[last : m.start()])
        last = m.end()
        removed.append((rule.id, m.group().strip()))
        if rule.date:
            day = parse_date(m.group(), dateparser_fallback=False)
            if day:
                stamps.append((bool(_UPDATED.search(m.group()[:20])), day))
    out.append(s[last:])
    return " ".join("".join(out).split())


def _join(items: list[tuple[str, int]]) -> str:
    parts: list[str] = []
    prev = None
    for s, block in items:
        if prev is not None:
            parts.append("\n" if block == prev else "\n\n")
        parts.append(s)
        prev = block
    return "".join(parts)


# ---------------------------------------------------------------------- header
def _title_like(s: str, h: dict[str, int]) -> bool:
    n = len(s.split())
    return 3 <= n <= h.get("title_max_words", 30) and not s.endswith(_SENTENCE_END) and not _BYLINE.match(s)


def _standfirst_like(s: str, h: dict[str, int]) -> bool:
    n = len(s.split())
    return (
        h.get("standfirst_min_words", 5) <= n <= h.get("standfirst_max_words", 70)
        and not s.endswith((".", "!", "?", ":", ";", ","))
        and not _BYLINE.match(s)
    )


def _untruncated(title: str, head: list[tuple[str, int]]) -> str:
    """The whole title when the given one was cut short and the page repeats it whole
    ("... says he did not ow" given, "... says he did not own gun" in the text)."""
    cut_short = title.endswith(",") or len(title) >= 60
    want = key(title)
    for s, _ in head:
        k = key(s)
        if (
            len(want) >= 20
            and k != want
            and k.startswith(want)
            and len(s) <= len(title) + 30
            and (cut_short or k[len(want)].isalnum())  # cut mid-word, after a comma, or at a length limit
            and not s.endswith((".", "!", "?"))
        ):
            return s
    return title


def _find_title(items: list[tuple[str, int]], h: dict[str, int]) -> tuple[int, str | None]:
    """(index, title) of the title found in the first lines: a line that repeats, or the
    first headline-like line followed by more text."""
    n = min(len(items), h.get("max_lines", 12))
    seen: dict[str, int] = {}
    for i in range(n):
        s = items[i][0]
        k = key(s)
        if k in seen and _title_like(s, h):
            return seen[k], items[seen[k]][0]
        seen.setdefault(k, i)
    # the first headline-like line, after at most two kicker lines ("WORLD", "Breaking news")
    for i in range(min(3, len(items) - 1)):
        s = items[i][0]
        if _title_like(s, h):
            return i, s
        if len(s.split()) > 2 or s.endswith(_SENTENCE_END):
            break
    return -1, None


def _sandwiched(items: list[tuple[str, int]], positions: list[int], h: dict[str, int]) -> int | None:
    """The line between the title and its repeat (title, standfirst, title), if there is one."""
    if len(positions) >= 2 and positions[1] - positions[0] == 2:
        i = positions[0] + 1
        n = len(items[i][0].split())
        if n <= h.get("standfirst_max_words", 70) and i < h.get("max_lines", 12):
            return i
    return None


def _head_keys(title: str, chrome: Chrome) -> set[str]:
    """Keys of the title without what follows its last separator ("Fire kills 5 - Cityline 24"
    is repeated in the text as "Fire kills 5")."""
    cut = _last_separator(title, chrome)
    if cut is None or len(title[: cut[0]].split()) < 4:
        return set()
    return {key(title[: cut[0]])}


def split_site(title: str, chrome: Chrome, url: str | None = None) -> tuple[str, str | None]:
    """A page title without the site name it ends with: ("Man shot - WSMV Channel 4") ->
    ("Man shot", "WSMV Channel 4"). The title is kept whole unless the end looks like a site."""
    site = None
    for _ in range(3):
        cut = _last_separator(title, chrome)
        if cut is None:
            break
        head, tail = title[: cut[0]].strip(), title[cut[1] :].strip()
        if len(head.split()) < 3:
            break
        if _site_like(tail, chrome, url):
            title, site = head, tail
            continue
        # "... - WMC Action News 5 - Memphis, Tennessee": a place after the site name
        inner = _last_separator(head, chrome)
        if inner and len(tail.split()) <= 4:
            head2, mid = head[: inner[0]].strip(), head[inner[1] :].strip()
            if len(head2.split()) >= 3 and _site_like(mid, chrome):
                title, site = head2, mid
                continue
        break
    return title, site


def _last_separator(title: str, chrome: Chrome) -> tuple[int, int] | None:
    best = None
    for sep in chrome.site_separators:
        i = title.rfind(sep)
        if i > 0 and (best is None or i > best[0]):
            best = (i, i + len(sep))
    return best


def _site_like(tail: str, chrome: Chrome, url: str | None = None) -> bool:
    words = tail.split()
    if not words or len(words) > chrome.site_max_words:
        return False
    if url:
        host = (site_of_url(url) or "").split(".")[0].replace("-", "")
        if len(host) >= 3 and _KEY.sub("", tail.lower()) == host:
            return True
    for w in words:
        bare = w.strip(".,:;!?()[]'\"-")
        low = bare.lower()
        if (
            low in chrome.site_words
            or _TRAILING_DIGITS.sub("", low) in chrome.site_words
            or _CALL_SIGN.match(bare)
            or _DOMAIN.search(bare)
        ):
            return True
    return False


def site_of_url(url: str) -> str | None:
    """The host of ``url`` without ``www.``; for a web-archive address, the archived page's host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host.endswith("web.archive.org"):
            inner = re.search(r"/web/[^/]*/(.+)$", parts.path + ("?" + parts.query if parts.query else ""))
            if inner:
                target = inner.group(1)
                return site_of_url(target if "://" in target else "http://" + target)
    except ValueError:
        return None
    return host.removeprefix("www.") or None
