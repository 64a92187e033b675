"""The public JSON contract of tollwatch, in one place.

Every record tollwatch writes -- a document, a figure, an incident -- is one of the
dataclasses below, turned into JSON by :func:`to_dict` and read back by the
``from_dict`` class methods. Field names follow ``DESIGN.md``; benchmarks and users
read them, so extend freely but never rename.

Offsets: ``Evidence.start``/``end`` index the field named by ``Evidence.field``
(``"text"`` by default, or ``"title"`` / ``"standfirst"``) of the same document, so that
``getattr(doc, ev.field)[ev.start:ev.end] == ev.text`` always holds.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1

CountKind = Literal["exact", "at_least", "at_most", "approximate", "range", "vague", "unknown"]
#: The largest count a figure may state: more people than live on Earth is no toll (and any
#: count up to it is exact in a 64-bit integer column and in a JSON number read as a double).
MAX_COUNT = 10_000_000_000
COUNT_KINDS: tuple[str, ...] = ("exact", "at_least", "at_most", "approximate", "range", "vague", "unknown")
#: How a figure stands to the others of its crisis (``null``: a figure like any other). See
#: :mod:`tollwatch.figures.revisions`.
REVISIONS: tuple[str, ...] = ("retracted", "superseded", "increment", "part", "cumulative")
#: What a figure's scope is: a country, a place (a town, an island, a site), an area (a part
#: of a country named by its side or direction: "government-held areas", "the northwest").
SCOPE_LEVELS: tuple[str, ...] = ("country", "place", "area")

#: Outcomes a figure can report. Lexicons may add more; these are the documented core.
OUTCOMES: tuple[str, ...] = (
    "killed",
    "injured",
    "casualties",
    "missing",
    "detained",
    "displaced",
    "participants",
    "affected",
)
#: Victim categories. ``unspecified`` when the text does not say.
CATEGORIES: tuple[str, ...] = (
    "civilians",
    "children",
    "security_forces",
    "protesters",
    "attackers",
    "suspects",
    "journalists",
    "health_workers",
    "unspecified",
)


def category_label(category: str | None) -> str:
    """A category as a person reads it: ``security_forces`` -> ``security forces``;
    ``unspecified`` -> ``group not said``; the tally's ``total`` -> ``all (total)``."""
    if not category or category == "unspecified":
        return "group not said"
    if category == "total":
        return "all (total)"
    return category.replace("_", " ")


#: Who states a figure.
SOURCE_TYPES: tuple[str, ...] = (
    "government",
    "police",
    "military",
    "health",
    "international_org",
    "ngo",
    "media",
    "witness",
    "family",
    "armed_group",
    "court",
    "other",
    "unattributed",
)
EVIDENCE_FIELDS: tuple[str, ...] = ("text", "title", "standfirst")


class ContractError(ValueError):
    """A record does not follow the contract."""


@dataclass(slots=True)
class Count:
    """A count as written: ``low``/``best``/``high`` and the shape of the claim.

    Counts are exact integers from 0 to :data:`MAX_COUNT`; the figure reader refuses a larger
    one as implausible (a problem ``implausible_count``), so every count fits a 64-bit column
    and a JSON number read as a double.
    """

    low: int | None
    best: int | None
    high: int | None
    kind: str
    text: str

    def __post_init__(self) -> None:
        if self.kind not in COUNT_KINDS:
            raise ContractError(f"count kind {self.kind!r} is not one of {COUNT_KINDS}")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Count:
        return cls(d.get("low"), d.get("best"), d.get("high"), d["kind"], d.get("text", ""))


@dataclass(slots=True)
class Place:
    name: str
    admin1: str | None = None
    country: str | None = None  # ISO 3166 alpha-2
    lat: float | None = None
    lon: float | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        return cls(d["name"], d.get("admin1"), d.get("country"), d.get("lat"), d.get("lon"))


@dataclass(slots=True)
class Scope:
    """What part of its crisis a figure covers, when its words say so: a country of a
    cross-border disaster ("3,581 in Syria"), a place within it ("in Izmir", "at the port",
    "in government-held areas"). A figure without a scope covers the whole incident. See
    :mod:`tollwatch.figures.scope`."""

    name: str  # as written: "Syria", "Izmir", "the capital", "government-held areas"
    level: str  # one of SCOPE_LEVELS
    country: str | None = None  # ISO 3166 alpha-2 of the country it is (in), when known

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scope:
        return cls(d["name"], d.get("level", "place"), d.get("country"))

    def key(self) -> str:
        """One scope however it is written: ``country:SY``, ``place:TR:izmir``."""
        if self.level == "country" and self.country:
            return f"country:{self.country}"
        return f"{self.level}:{self.country or ''}:{' '.join(self.name.lower().split())}"


@dataclass(slots=True)
class Source:
    name: str
    type: str
    text: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        return cls(d["name"], d.get("type", "other"), d.get("text", ""))


@dataclass(slots=True)
class Evidence:
    start: int
    end: int
    text: str
    field: str = "text"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(d["start"], d["end"], d["text"], d.get("field", "text"))


@dataclass(slots=True)
class Figure:
    outcome: str
    category: str
    group: str
    count: Count
    evidence: Evidence
    source: Source | None = None
    hedged: bool = False
    undisclosed: bool = False
    as_of: str | None = None
    place: Place | None = None
    revision: str | None = None  # one of REVISIONS, or None
    scope: Scope | None = None  # the part of the crisis it covers (None: the whole)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Figure:
        return cls(
            outcome=d["outcome"],
            category=d.get("category", "unspecified"),
            group=d.get("group", ""),
            count=Count.from_dict(d["count"]),
            evidence=Evidence.from_dict(d["evidence"]),
            source=Source.from_dict(d["source"]) if d.get("source") else None,
            hedged=bool(d.get("hedged", False)),
            undisclosed=bool(d.get("undisclosed", False)),
            as_of=d.get("as_of"),
            place=Place.from_dict(d["place"]) if d.get("place") else None,
            revision=d.get("revision"),
            scope=Scope.from_dict(d["scope"]) if d.get("scope") else None,
        )


@dataclass(slots=True)
class Summary:
    """The report's main incident."""

    when: str | None = None
    where: Place | None = None
    killed: Count | None = None
    injured: Count | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Summary:
        d = d or {}
        return cls(
            when=d.get("when"),
            where=Place.from_dict(d["where"]) if d.get("where") else None,
            killed=Count.from_dict(d["killed"]) if d.get("killed") else None,
            injured=Count.from_dict(d["injured"]) if d.get("injured") else None,
        )


@dataclass(slots=True)
class Problem:
    """What could not be read, never silent. ``code`` is one of :mod:`tollwatch.errors`."""

    code: str
    message: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Problem:
        return cls(d["code"], d["message"])


@dataclass(slots=True)
class Document:
    id: str
    text: str = ""
    url: str | None = None
    site: str | None = None
    title: str | None = None
    standfirst: str | None = None
    published: str | None = None
    language: str = "en"
    figures: list[Figure] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    problems: list[Problem] = field(default_factory=list)
    origin: str | None = None  # where it was read from: a path, "-", "file.jsonl:12", a URL
    fetched: str | None = None  # when the page was fetched (a URL, a WARC record's date), ISO
    http_date: str | None = None  # the server's Last-Modified (else Date) for the page, ISO

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            id=str(d["id"]),
            text=d.get("text") or "",
            url=d.get("url"),
            site=d.get("site"),
            title=d.get("title"),
            standfirst=d.get("standfirst"),
            published=d.get("published"),
            language=d.get("language") or "en",
            figures=[Figure.from_dict(f) for f in d.get("figures") or []],
            summary=Summary.from_dict(d.get("summary")),
            problems=[Problem.from_dict(p) for p in d.get("problems") or []],
            origin=d.get("origin"),
            fetched=d.get("fetched"),
            http_date=d.get("http_date"),
        )

    def field_text(self, name: str) -> str:
        """The string an :class:`Evidence` with ``field=name`` indexes."""
        if name not in EVIDENCE_FIELDS:
            raise ContractError(f"evidence field {name!r} is not one of {EVIDENCE_FIELDS}")
        return getattr(self, name) or ""

    def check(self) -> None:
        """Raise :class:`ContractError` if any evidence does not quote its field exactly."""
        for f in self.figures:
            ev = f.evidence
            if self.field_text(ev.field)[ev.start : ev.end] != ev.text:
                raise ContractError(
                    f"document {self.id}: evidence {ev.text!r} is not {ev.field}[{ev.start}:{ev.end}]"
                )


@dataclass(slots=True)
class Incident:
    """Reports linked into one incident, with its ledger (see :mod:`tollwatch.ledger`)."""

    id: str
    documents: list[str]
    summary: dict[str, Any] = field(default_factory=dict)
    figures: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    discrepancies: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    tallies: list[dict[str, Any]] = field(default_factory=list)
    breakdown: list[dict[str, Any]] = field(default_factory=list)  # the tallies of its parts (scope)
    gaps: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def to_dict(record: Any) -> dict[str, Any]:
    """A contract dataclass as plain JSON-ready data (``None`` kept, order kept)."""
    return dataclasses.asdict(record)


def to_json(record: Any, *, indent: int | None = None) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False, indent=indent)
