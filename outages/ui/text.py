"""Text from data made safe for Streamlit's Markdown, and labels shared by the pages."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from outages.i18n import MESSAGES, t
from outages.i18n.samples import translated

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'])")
EXAMPLES = 5
NAME_CHARS = 120


def md(text: object) -> str:
    """``text`` shown literally by Markdown: every punctuation mark that could start a link,
    emphasis, HTML, LaTeX or a Streamlit directive (``:red[...]``) is escaped; lines are joined."""
    plain = " ".join(str(text).split())
    return _MARKDOWN.sub(r"\\\1", plain)


def short(text: object, limit: int = NAME_CHARS) -> str:
    plain = " ".join(str(text).split())
    return plain if len(plain) <= limit else plain[:limit - 1] + "…"


def examples(values: list[str], limit: int = EXAMPLES) -> str:
    """The first few values, then how many more."""
    shown = ", ".join(short(v, 40) for v in values[:limit])
    return shown + (f", … (+{len(values) - limit})" if len(values) > limit else "")


def localized(text: object, lang: str) -> str:
    """A dataset's text (name, description, caveat...) in ``lang`` where the bundled samples'
    translations have it, else as stored."""
    return translated(text, lang)


def service_label(service: str | None, lang: str) -> str:
    if service is None:
        return t("service.all", lang)
    key = f"service.{service}"
    return t(key, lang) if key in MESSAGES else service


def zone_name(metadata: dict) -> tuple[str, bool]:
    """(the dataset's IANA zone, True) or ("UTC", False) when it names no known zone."""
    name = metadata.get("timezone") or "UTC"
    try:
        ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return "UTC", False
    return str(name), True
