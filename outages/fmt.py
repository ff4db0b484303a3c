"""Numbers and times as people read them, in one place.

English groups thousands with commas and uses a decimal point (800,000; 52.5 %). Ukrainian groups
with a narrow no-break space and uses a decimal comma (800 000; 52,5 %). A percent sign follows a
no-break space in both. Unknown values (None, NaN, NaT, pd.NA) show as an em dash.
Charts format on the browser side through plotly; ``plotly_separators`` and
``plotly_time_format`` give plotly the same conventions.
"""

from __future__ import annotations

import math
from datetime import datetime
from numbers import Real
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from .i18n import lang_or_default, t

NONE_TEXT = "—"
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

_SEPARATORS = {"en": (".", ","), "uk": (",", NARROW_NBSP)}  # (decimal, thousands)
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "uk": ("січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.",
           "жовт.", "лист.", "груд."),
}


def none_text(lang: str = "en") -> str:
    """What an unknown value shows as (the same in every language)."""
    return NONE_TEXT


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pd.NA."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, Real) and math.isnan(value)


def number(n: object, lang: str = "en", digits: int = 0) -> str:
    """``n`` with thousands grouped and ``digits`` decimals: 800,000 (en), 800 000 (uk)."""
    if is_missing(n):
        return none_text(lang)
    if isinstance(n, (int, np.integer)) and not digits:
        text = f"{int(n):,}"
    else:
        value = round(float(n), digits)
        text = f"{value or 0.0:,.{digits}f}"  # "or": no "-0"
    decimal, thousands = _SEPARATORS[lang_or_default(lang)]
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def percent(x: object, lang: str = "en", digits: int = 1) -> str:
    """A percentage (52.5 means 52.5 %): "52.5 %" (en), "52,5 %" (uk)."""
    if is_missing(x):
        return none_text(lang)
    return f"{number(x, lang, digits)}{NBSP}%"


def hours(h: object, lang: str = "en") -> str:
    """A duration given in hours: minutes under an hour (45 min), one decimal under ten
    hours (5.5 h), whole hours above (130 h)."""
    if is_missing(h):
        return none_text(lang)
    h = float(h)
    minutes = round(h * 60)
    if abs(minutes) < 60:
        return t("unit.minutes", lang, value=number(minutes, lang))
    value = number(h, lang, 1) if abs(h) < 10 else number(round(h), lang)
    return t("unit.hours", lang, value=value)


def _zone(tz: str | ZoneInfo | None) -> ZoneInfo:
    if tz is None:
        return ZoneInfo("UTC")
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(str(tz))


def zone_abbreviation(local: pd.Timestamp, zone: ZoneInfo) -> str:
    """EEST, CDT, UTC; for zones whose abbreviation is only an offset, the offset and the
    IANA name: "UTC+04 (Asia/Dubai)"."""
    abbreviation = local.tzname() or ""
    if abbreviation.upper() in ("UTC", "GMT") and zone.key in ("UTC", "Etc/UTC", "GMT"):
        return "UTC"
    if not abbreviation or abbreviation[0] in "+-" or abbreviation[0].isdigit():
        offset = local.strftime("%z")  # +0400, +0530
        offset = offset[:3] if offset.endswith("00") else f"{offset[:3]}:{offset[3:]}"
        return f"UTC{offset} ({zone.key})"
    return abbreviation


def when(ts: object, tz: str | ZoneInfo | None = "UTC", lang: str = "en") -> str:
    """An instant as local time with its zone: "10 Oct 2025, 06:00 EEST" (en),
    "10 жовт. 2025, 06:00 EEST" (uk). ``tz`` None means UTC. A naive time raises ValueError:
    outage times are always stored with their zone."""
    if is_missing(ts):
        return none_text(lang)
    stamp = pd.Timestamp(ts) if isinstance(ts, (datetime, str)) else ts
    if not isinstance(stamp, pd.Timestamp):
        raise TypeError(f"not a time: {ts!r}")
    if stamp.tzinfo is None:
        raise ValueError(f"time without a zone: {ts!r}")
    zone = _zone(tz)
    local = stamp.tz_convert(zone)
    month = _MONTHS[lang_or_default(lang)][local.month - 1]
    return (f"{local.day} {month} {local.year}, {local.hour:02d}:{local.minute:02d} "
            f"{zone_abbreviation(local, zone)}")


def clock(ts: object, tz: str | ZoneInfo | None = "UTC") -> str:
    """An instant's local time of day with its zone: "15:04 EEST" (the same in every
    language). A naive time raises ValueError, as in :func:`when`."""
    stamp = pd.Timestamp(ts)
    if stamp.tzinfo is None:
        raise ValueError(f"time without a zone: {ts!r}")
    zone = _zone(tz)
    local = stamp.tz_convert(zone)
    return f"{local.hour:02d}:{local.minute:02d} {zone_abbreviation(local, zone)}"


def plotly_separators(lang: str = "en") -> str:
    """plotly's ``layout.separators`` (decimal then thousands) matching ``number``."""
    decimal, thousands = _SEPARATORS[lang_or_default(lang)]
    return decimal + thousands


def plotly_number_format(digits: int = 0) -> str:
    """A d3 number format for plotly hover templates; separators come from the layout."""
    return f",.{digits}f"


def plotly_time_format(lang: str = "en") -> str:
    """A d3 time format for plotly hover templates: "10 Oct 2025, 06:00" or
    "10.10.2025, 06:00" (plotly has no Ukrainian month names)."""
    return "%-d %b %Y, %H:%M" if lang_or_default(lang) == "en" else "%d.%m.%Y, %H:%M"


def plotly_tick_format_stops(lang: str = "en") -> list[dict]:
    """Date axis tick formats by zoom level (plotly ``tickformatstops``), day before month as
    in ``when``; numeric months in Ukrainian, which plotly cannot name."""
    en = lang_or_default(lang) == "en"
    day = "%-d %b" if en else "%d.%m"
    month = "%b %Y" if en else "%m.%Y"
    stops = [
        ((None, 60_000), "%H:%M:%S<br>" + day),
        ((60_000, 86_400_000), "%H:%M<br>" + day),
        ((86_400_000, "M1"), day + "<br>%Y"),
        (("M1", "M12"), month),
        (("M12", None), "%Y"),
    ]
    return [{"dtickrange": list(span), "value": value} for span, value in stops]
