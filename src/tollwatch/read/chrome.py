"""Page-chrome rules: loaded from packaged data files, validated, extensible by a user.

The rules live in ``tollwatch/data/chrome/chrome.toml`` (patterns) and ``vocab.toml``
(vocabularies and thresholds). A user adds rules with files of the same shape, passed as
``ReadOptions.chrome_files`` (``tollwatch extract --chrome FILE``) or listed in the
environment variable ``TOLLWATCH_CHROME``. Every rule is checked on load: its regex must
compile, its ``junk`` examples must be caught and its ``keep`` examples left alone; a
broken rule raises :class:`ChromeError` naming the file and the rule.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

SCOPES = ("line", "inline", "section")
_RULE_KEYS = {
    "id",
    "kind",
    "pattern",
    "max_words",
    "case",
    "date",
    "contains",
    "hints",
    "junk",
    "keep",
    "note",
}
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
ENV_VAR = "TOLLWATCH_CHROME"


class ChromeError(ValueError):
    """A chrome rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    scope: str
    pattern: str  # as written, macros expanded
    regex: re.Pattern[str]  # compiled alone (with its case flag), for checks and tests
    max_words: int = 40
    date: bool = False
    contains: bool = False
    case: bool = False  # True: case-sensitive
    hints: tuple[str, ...] = ()  # lowercase strings, one of which a line must hold
    source: str = ""


@dataclass(frozen=True)
class Chrome:
    """All chrome rules and vocabularies, ready to match."""

    line_rules: tuple[Rule, ...]
    inline_rules: tuple[Rule, ...]
    section_rules: tuple[Rule, ...]
    icon_markers: tuple[str, ...]
    icon_min_tokens: int
    icon_min_share: float
    ui_words: frozenset[str]
    ui_max_words: int
    menu_separators: tuple[str, ...]
    menu_min_items: int
    menu_max_item_words: int
    site_separators: tuple[str, ...]
    site_words: frozenset[str]
    site_max_words: int
    header: dict[str, int]
    _line_by_limit: list[tuple[int, _Combined]] = field(default_factory=list, repr=False)
    _inline: _Combined | None = field(default=None, repr=False)
    _section: _Combined | None = field(default=None, repr=False)
    _menu_split: re.Pattern[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # For speed, rules are combined into a few big regexes: per word limit (a line of n
        # words meets only the rules whose max_words >= n), per way of matching (whole line,
        # from the start, anywhere), and case-insensitive rules run on the lowercased line.
        for limit in sorted({r.max_words for r in self.line_rules}):
            rules = [(i, r) for i, r in enumerate(self.line_rules) if r.max_words >= limit]
            self._line_by_limit.append((limit, _Combined(rules)))
        object.__setattr__(self, "_inline", _Combined(list(enumerate(self.inline_rules)), lower=False))
        object.__setattr__(self, "_section", _Combined(list(enumerate(self.section_rules))))
        seps = "|".join(re.escape(s) for s in self.menu_separators)
        object.__setattr__(self, "_menu_split", re.compile(rf"\s*(?:{seps})\s*") if seps else None)

    # ------------------------------------------------------------------ matching
    def line_rule(self, line: str, words: int) -> Rule | None:
        """The line rule that catches the whole ``line`` (of ``words`` words), if any."""
        for limit, combined in self._line_by_limit:
            if words <= limit:
                i = combined.match_line(line)
                return None if i is None else self.line_rules[i]
        return None

    def inline_matches(self, line: str) -> list[tuple[Rule, re.Match[str]]]:
        if self._inline is None:
            return []
        return [(self.inline_rules[i], m) for i, m in self._inline.finditer(line)]

    def section_rule(self, line: str, words: int) -> Rule | None:
        if self._section is None:
            return None
        i = self._section.match_line(line)
        if i is None:
            return None
        rule = self.section_rules[i]
        return rule if words <= rule.max_words else None

    def is_icon_list(self, tokens: Sequence[str]) -> bool:
        n = sum(1 for t in tokens if any(mk in t.lower() for mk in self.icon_markers))
        return n >= self.icon_min_tokens and n >= self.icon_min_share * len(tokens)

    def is_ui_row(self, tokens: Sequence[str]) -> bool:
        return len(tokens) <= self.ui_max_words and all(
            t.lower().strip(".,:;!?()[]") in self.ui_words for t in tokens
        )

    def is_menu_row(self, line: str) -> bool:
        if self._menu_split is None:
            return False
        if line.startswith("|") and line.endswith("|"):
            return False  # a table row
        items = [i for i in self._menu_split.split(line) if i]
        if len(items) < self.menu_min_items or any(
            i.replace(",", "").replace(".", "").isdigit() for i in items
        ):
            return False
        return all(
            len(i.split()) <= self.menu_max_item_words and not i.endswith((".", "!", "?")) for i in items
        )


class _Combined:
    """Rules ``(index, rule)`` as few combined regexes; group ``r<index>`` names the rule."""

    def __init__(self, rules: list[tuple[int, Rule]], *, lower: bool = True) -> None:
        self.lower = lower
        parts: dict[tuple[bool, str], list[str]] = {}
        self.hinted: list[tuple[int, tuple[str, ...], bool, str, re.Pattern[str]]] = []
        for i, r in rules:
            folded = lower and not r.case
            pattern = r.pattern if folded or r.case else f"(?i:{r.pattern})"
            if r.hints:
                how = "search" if r.scope == "inline" or r.contains else "full"
                self.hinted.append((i, r.hints, folded, how, re.compile(pattern)))
                continue
            if r.scope == "inline":
                parts.setdefault((folded, "search"), []).append(f"(?P<r{i}>{pattern})")
                continue
            if not r.contains:
                parts.setdefault((folded, "full"), []).append(f"(?P<r{i}>{pattern})")
                continue
            starts, anywhere = _split_anchored(pattern)
            if starts:
                parts.setdefault((folded, "start"), []).append(f"(?P<r{i}>{'|'.join(starts)})")
            if anywhere:
                parts.setdefault((folded, "search"), []).append(f"(?P<s{i}>{'|'.join(anywhere)})")
        self.regexes: list[tuple[bool, str, re.Pattern[str]]] = []
        for (folded, how), ps in sorted(
            parts.items(), key=lambda kv: ("full", "start", "search").index(kv[0][1])
        ):
            self.regexes.append((folded, how, re.compile("|".join(ps))))

    def match_line(self, line: str) -> int | None:
        low = line.lower()
        if len(low) != len(line):
            low = line.casefold() if len(line.casefold()) == len(line) else line
        for folded, how, regex in self.regexes:
            text = low if folded else line
            if how == "full":
                m = regex.fullmatch(text)
            elif how == "start":
                m = regex.match(text)
            else:
                m = regex.search(text)
            if m:
                return int((m.lastgroup or "r0")[1:])
        low = low if self.lower else line.lower()
        for i, hints, folded, how, regex in self.hinted:
            if any(h in low for h in hints):
                text = low if folded else line
                if (regex.search(text) if how == "search" else regex.fullmatch(text)) is not None:
                    return i
        return None

    def finditer(self, line: str) -> list[tuple[int, re.Match[str]]]:
        out: list[tuple[int, re.Match[str]]] = []
        for _folded, _how, regex in self.regexes:
            out.extend((int((m.lastgroup or "r0")[1:]), m) for m in regex.finditer(line))
        if self.hinted:
            low = line.lower()
            for i, hints, _folded, _how, regex in self.hinted:
                if any(h in low for h in hints):
                    out.extend((i, m) for m in regex.finditer(line))
        out.sort(key=lambda t: t[1].start())
        kept: list[tuple[int, re.Match[str]]] = []
        for i, m in out:  # overlapping matches of different regexes: keep the first
            if not kept or m.start() >= kept[-1][1].end():
                kept.append((i, m))
        return kept


def _split_anchored(pattern: str) -> tuple[list[str], list[str]]:
    """Top-level alternatives of ``pattern``: those anchored with ``^`` (without it), the rest."""
    alts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            alts.append(pattern[start:i])
            start = i + 1
        i += 1
    alts.append(pattern[start:])
    starts = [a[1:] for a in alts if a.startswith("^")]
    return starts, [a for a in alts if not a.startswith("^")]


# ---------------------------------------------------------------------- loading
def default_files() -> list[Path]:
    base = resources.files("tollwatch") / "data" / "chrome"
    return [Path(str(base / "chrome.toml")), Path(str(base / "vocab.toml"))]


def load_chrome(extra: Sequence[str | Path] = ()) -> Chrome:
    """The packaged rules, plus the user's files in ``extra`` (the entry point puts
    ``$TOLLWATCH_CHROME``'s files first, see :mod:`tollwatch.settings`)."""
    return _load(tuple(str(p) for p in [*default_files(), *map(Path, extra)]))


@functools.lru_cache(maxsize=8)
def _load(files: tuple[str, ...]) -> Chrome:
    macros: dict[str, str] = {}
    raw_rules: dict[str, list[tuple[dict[str, Any], str]]] = {s: [] for s in SCOPES}
    vocab: dict[str, dict[str, Any]] = {}
    for name in files:
        data = _read_toml(name)
        unknown = set(data) - {"version", "macros", *SCOPES, "icons", "ui", "menu", "site", "header"}
        if unknown:
            raise ChromeError(f"{name}: unknown sections {sorted(unknown)}")
        for k, v in (data.get("macros") or {}).items():
            if not isinstance(v, str):
                raise ChromeError(f"{name}: macro {k} is not a string")
            macros[k] = v
        for scope in SCOPES:
            for rec in data.get(scope, []):
                raw_rules[scope].append((rec, name))
        for section in ("icons", "ui", "menu", "site", "header"):
            if section in data:
                _merge_vocab(vocab.setdefault(section, {}), data[section], name, section)
    built: dict[str, list[Rule]] = {s: [] for s in SCOPES}
    seen: dict[str, str] = {}
    for scope in SCOPES:
        for rec, name in raw_rules[scope]:
            rule = _rule(rec, scope, name, macros)
            if rule.id in seen:
                # a user's rule of the same id replaces the packaged one
                built[scope] = [r for r in built[scope] if r.id != rule.id]
            seen[rule.id] = name
            built[scope].append(rule)
    try:
        icons, ui, menu, site, header = (vocab[k] for k in ("icons", "ui", "menu", "site", "header"))
        chrome = Chrome(
            line_rules=tuple(built["line"]),
            inline_rules=tuple(built["inline"]),
            section_rules=tuple(built["section"]),
            icon_markers=tuple(icons["markers"]),
            icon_min_tokens=int(icons["min_tokens"]),
            icon_min_share=float(icons["min_share"]),
            ui_words=frozenset(w.lower() for w in ui["words"]),
            ui_max_words=int(ui["max_words"]),
            menu_separators=tuple(menu["separators"]),
            menu_min_items=int(menu["min_items"]),
            menu_max_item_words=int(menu["max_item_words"]),
            site_separators=tuple(site["separators"]),
            site_words=frozenset(w.lower() for w in site["words"]),
            site_max_words=int(site["max_words"]),
            header={k: int(v) for k, v in header.items()},
        )
    except KeyError as e:
        raise ChromeError(f"chrome vocabulary is missing {e}") from None
    _check_examples(chrome, raw_rules)
    return chrome


def _read_toml(name: str) -> dict[str, Any]:
    try:
        with open(name, "rb") as f:
            return tomllib.load(f)
    except OSError as e:
        raise ChromeError(f"{name}: cannot read chrome rules ({e.strerror or e})") from None
    except tomllib.TOMLDecodeError as e:
        raise ChromeError(f"{name}: not valid TOML ({e})") from None


def _merge_vocab(into: dict[str, Any], new: dict[str, Any], name: str, section: str) -> None:
    for k, v in new.items():
        if isinstance(v, list):
            if not all(isinstance(x, str) for x in v):
                raise ChromeError(f"{name}: [{section}] {k} must be a list of strings")
            into[k] = [*into.get(k, []), *v]
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            into[k] = v
        else:
            raise ChromeError(f"{name}: [{section}] {k} must be a number or a list of strings")


def _rule(rec: dict[str, Any], scope: str, name: str, macros: dict[str, str]) -> Rule:
    rid = rec.get("id")
    where = f"{name}: [[{scope}]] {rid or '(no id)'}"
    if not isinstance(rid, str) or not _ID.fullmatch(rid):
        raise ChromeError(f"{where}: 'id' must be a short lowercase name")
    unknown = set(rec) - _RULE_KEYS
    if unknown:
        raise ChromeError(f"{where}: unknown keys {sorted(unknown)}")
    kind, pattern = rec.get("kind"), rec.get("pattern")
    if not isinstance(kind, str) or not _ID.fullmatch(kind):
        raise ChromeError(f"{where}: 'kind' must be a short lowercase name")
    if not isinstance(pattern, str) or not pattern:
        raise ChromeError(f"{where}: 'pattern' must be a non-empty string")

    def expand(m: re.Match[str]) -> str:
        if m.group(1) not in macros:
            raise ChromeError(f"{where}: unknown macro {{{m.group(1)}}}")
        return f"(?:{macros[m.group(1)]})"

    expanded = _MACRO.sub(expand, pattern)
    case = bool(rec.get("case"))
    if not case and _has_upper_literal(expanded):
        raise ChromeError(f"{where}: write a case-insensitive pattern in lowercase (or set case = true)")
    try:
        regex = re.compile(f"(?:{expanded})" if case else f"(?i:{expanded})")
    except re.error as e:
        raise ChromeError(f"{where}: bad regular expression ({e})") from None
    if regex.groupindex:
        raise ChromeError(f"{where}: named groups are not allowed in patterns")
    max_words = rec.get("max_words", 40)
    if not isinstance(max_words, int) or max_words < 1:
        raise ChromeError(f"{where}: 'max_words' must be a positive integer")
    for key in ("junk", "keep", "hints"):
        if not isinstance(rec.get(key, []), list) or not all(isinstance(x, str) for x in rec.get(key, [])):
            raise ChromeError(f"{where}: '{key}' must be a list of strings")
    hints = tuple(rec.get("hints", []))
    if any(h != h.lower() or not h for h in hints):
        raise ChromeError(f"{where}: 'hints' must be non-empty lowercase strings")
    return Rule(
        rid,
        kind,
        scope,
        expanded,
        regex,
        max_words,
        bool(rec.get("date")),
        bool(rec.get("contains")),
        case,
        hints,
        name,
    )


def _has_upper_literal(pattern: str) -> bool:
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i].isupper():
            return True
        i += 1
    return False


def _check_examples(chrome: Chrome, raw: dict[str, list[tuple[dict[str, Any], str]]]) -> None:
    by_id = {(r.scope, r.id): r for r in (*chrome.line_rules, *chrome.inline_rules, *chrome.section_rules)}
    for scope, recs in raw.items():
        for rec, name in recs:
            rule = by_id.get((scope, rec["id"]))
            if rule is None or rule.source != name:
                continue  # replaced by a later file
            for line in rec.get("junk", []):
                if not _rule_catches(rule, line):
                    raise ChromeError(f"{name}: [[{scope}]] {rule.id}: does not catch its example {line!r}")
            for line in rec.get("keep", []):
                if _rule_catches(rule, line):
                    raise ChromeError(f"{name}: [[{scope}]] {rule.id}: catches its keep example {line!r}")


def _rule_catches(rule: Rule, line: str) -> bool:
    line = " ".join(line.split())
    if rule.hints and not any(h in line.lower() for h in rule.hints):
        return False
    if rule.scope == "inline":
        return rule.regex.search(line) is not None
    if len(line.split()) > rule.max_words:
        return False
    return (rule.regex.search(line) if rule.contains else rule.regex.fullmatch(line)) is not None
