"""Templates: one Jinja2 environment with autoescape on, and the context every page shares.

Report text and titles are attacker-controlled: templates print them with ``{{ }}``
(escaped) and never with ``|safe``; a test greps the templates for it.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from tollwatch import __version__
from tollwatch.contract import category_label
from tollwatch.ledger.queries import OUTCOME_SORTS

_env = Environment(
    loader=FileSystemLoader(str(files("tollwatch.web") / "templates")),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def number(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def with_hits(text: str, hits: list[list[int]] | None) -> Markup:
    """A search snippet with the words that matched in ``<mark>``; every piece escaped."""
    out, pos = [], 0
    for start, end in sorted(hits or []):
        if start < pos or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark class="hit">{}</mark>').format(text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def markdown(text: str | None) -> Markup:
    """Our own help text (never report text) as HTML: CommonMark, raw HTML not passed through."""
    from markdown_it import MarkdownIt

    return Markup(MarkdownIt("commonmark", {"html": False}).render(text or ""))


#: A group the figure finder kept as the text's partitive ("three of them", "two of the wounded").
_PARTITIVE = re.compile(r"^of\s+(?P<rest>\S.*)$", re.IGNORECASE)
_PRONOUNS = ("them", "those", "these", "whom")


def group_label(group: str | None) -> str:
    """A victim group as a reader says it: ``of the wounded`` -> ``among the wounded``,
    ``of them`` -> ``among those counted before``; any other group as it is (``officers``)."""
    if not group:
        return ""
    m = _PARTITIVE.match(group.strip())
    if m is None:
        return group
    rest = m["rest"]
    return "among those counted before" if rest.lower() in _PRONOUNS else f"among {rest}"


def count_range(low: Any, best: Any, high: Any) -> str:
    """``12`` when the three agree; ``≥ 3`` (a floor); ``≤ 15`` (a ceiling); ``12 (10–15)``;
    ``–`` when nothing is known."""
    if best is None and low is None and high is None:
        return "–"
    if low == best == high:
        return number(best)
    if best is None:
        if low is not None and high is not None:
            return f"{number(low)}–{number(high)}"
        return f"≥ {number(low)}" if low is not None else f"≤ {number(high)}"
    if high is None and (low is None or low == best):
        return f"≥ {number(best)}" if low is not None else number(best)
    if low is None and high == best:
        return f"≤ {number(best)}"
    lo = "?" if low is None else number(low)
    hi = "?" if high is None else number(high)
    return f"{number(best)} ({lo}–{hi})"


def http_url(value: Any) -> str | None:
    """A link from data only if it is http(s): ``javascript:`` and friends are dropped."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value.strip()
    return None


def label(value: Any) -> str:
    return str(value or "").replace("_", " ")


_env.filters["number"] = number
_env.filters["label"] = label
_env.filters["category"] = category_label
_env.filters["markdown"] = markdown
_env.filters["group"] = group_label
_env.globals["with_hits"] = with_hits
_env.globals["count_range"] = count_range
_env.globals["list_outcomes"] = OUTCOME_SORTS  # the outcomes every incident list shows
_env.globals["http_url"] = http_url
_env.globals["version"] = __version__


def query(base: dict[str, Any], **changes: Any) -> str:
    """A query string: ``base`` with ``changes`` applied (``None`` drops a key)."""
    merged = {k: v for k, v in base.items() if v not in (None, "")}
    for k, v in changes.items():
        if v is None or v == "":
            merged.pop(k, None)
        else:
            merged[k] = v
    return urlencode(merged)


_env.globals["query"] = query


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    from tollwatch.web.auth import csrf_token, principal

    try:
        who = principal(request)
    except Exception:  # a bad API token on a page: render as anonymous
        who = None
    ctx = {
        "request": request,
        "user": who.user if who else None,
        "no_auth": request.app.state.settings.no_auth,
        "csrf_token": csrf_token(request) if who else "",
        "path": request.url.path,
        **context,
    }
    html = _env.get_template(name).render(ctx)
    return HTMLResponse(html, status_code=status_code)
