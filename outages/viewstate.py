"""The whole view state of the dashboard, kept in the page address (URL query string).

``ViewState.from_query`` reads a query string mapping and never raises: unknown keys are dropped
and a bad value falls back to its default, each with a notice (a translated sentence) for the
page to show. ``ViewState.to_query`` writes only the values that differ from the defaults, so
``from_query(vs.to_query()) == (vs, [])`` for every ViewState.

A date without a clock time in ``start`` or ``end`` (``end=2025-10-10``) means that whole day in
the dataset's zone: ``from_query`` takes the zone (or a function from the dataset id to it) and
reads ``start`` as the day's first instant and ``end`` as its last second; the state then holds
UTC times like any other.

What a page opens on when the address names no moment (``at``): the peak of a historical
dataset, the latest figures of a live one (``is_live``, ``opening_moment``).

Notices echo what was typed, shortened and with anything but letters, digits and a few
punctuation marks replaced by "?", so they are safe to show as text or Markdown.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd

from . import times
from .i18n import LANGS, lang_or_default, t
from .metrics import Window
from .schema import SERVICES
from .times import YEARS  # times outside are refused, as in files

PAGES = ("overview", "map", "regions", "data", "schedules", "upload")
KEYS = ("dataset", "service", "regions", "start", "end", "at", "area", "draw", "colour", "page",
        "lang")
# How the map draws: as areas (the default), circles or columns; coloured by customers out (the
# default) or by the share of customers served that is out.
DRAWS = ("areas", "circle", "column")
COLOURS = ("out", "pct")
AREA_ID = re.compile(r"[a-z_]{1,40}(?::[A-Za-z0-9._-]{1,40})?")
# A dataset is live (opens on its latest figures) when its metadata says "live": true, or,
# when the metadata does not say, when its last observation is at most this old.
LIVE_HOURS = 6
MAX_REGIONS = 200
DATASET_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,80}")
REGION_ID = re.compile(r"[A-Za-z0-9._:-]{1,80}")
# Keys that links pick up on the way (analytics, Streamlit embedding): dropped without a notice.
SILENT_KEYS = ("fbclid", "gclid", "embed", "embed_options")
SILENT_PREFIXES = ("utm_",)

_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE | re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_SHOWN_MAX = 40
_SHOWN_PUNCTUATION = set(" ._:,+-/@=")
_EXAMPLES_MAX = 3


@dataclass(frozen=True)
class ViewState:
    """What the dashboard shows. Times are UTC; constructing an invalid state raises ValueError."""

    dataset: str | None = None
    service: str | None = None
    regions: tuple[str, ...] = ()
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    at: pd.Timestamp | None = None  # the instant the map shows
    area: str | None = None  # the map's drill-down area (mapdata.Area.key); None: the default
    draw: str | None = None  # one of DRAWS; None: areas
    colour: str | None = None  # one of COLOURS; None: customers out
    page: str = "overview"
    lang: str = "en"

    def __post_init__(self) -> None:
        if self.dataset is not None and not DATASET_ID.fullmatch(self.dataset):
            raise ValueError(f"not a dataset id: {self.dataset!r}")
        if self.service is not None and self.service not in SERVICES:
            raise ValueError(f"service must be one of {', '.join(SERVICES)}: {self.service!r}")
        if isinstance(self.regions, str):
            raise TypeError(f"regions must be a tuple of region ids, not {self.regions!r}")
        regions = tuple(self.regions)
        bad = [r for r in regions if not isinstance(r, str) or not REGION_ID.fullmatch(r)]
        if bad:
            raise ValueError(f"not region ids: {bad[:_EXAMPLES_MAX]!r}")
        if len(set(regions)) != len(regions):
            raise ValueError("regions repeat")
        if len(regions) > MAX_REGIONS:
            raise ValueError(f"more than {MAX_REGIONS} regions: {len(regions)}")
        object.__setattr__(self, "regions", regions)
        for name in ("start", "end", "at"):
            object.__setattr__(self, name, _utc(getattr(self, name), name))
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        if self.area is not None and not AREA_ID.fullmatch(self.area):
            raise ValueError(f"not a map area: {self.area!r}")
        if self.draw is not None and self.draw not in DRAWS[1:]:
            raise ValueError(f"draw must be one of {', '.join(DRAWS[1:])}: {self.draw!r}")
        if self.colour is not None and self.colour not in COLOURS[1:]:
            raise ValueError(f"colour must be one of {', '.join(COLOURS[1:])}: {self.colour!r}")
        if self.page not in PAGES:
            raise ValueError(f"page must be one of {', '.join(PAGES)}: {self.page!r}")
        if self.lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}: {self.lang!r}")

    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str]],
                   tz: str | Callable[[str | None], str] = "UTC"
                   ) -> tuple[ViewState, list[str]]:
        """The state a query string describes, and a notice for everything ignored.

        ``tz`` is the zone a date-only ``start`` or ``end`` is read in, or a function giving it
        for the dataset the query names (None when it names none)."""
        raw, repeated, unknown = _collect(params)
        fields: dict[str, object] = {}
        lang = raw.get("lang", "")
        if lang in LANGS:
            fields["lang"] = lang
        lang = lang_or_default(lang)
        notices = [t("notice.repeated_key", lang, key=key, count=count)
                   for key, count in repeated.items()]
        if unknown:
            notices.append(t("notice.unknown_keys", lang, keys=_examples(unknown, len(unknown))))

        def ignore(key: str, reason: str, **values: object) -> None:
            notices.append(t("notice.ignored_value", lang, key=key, value=_shown(raw[key]),
                             reason=t(reason, lang, **values)))

        if raw.get("lang") and "lang" not in fields:
            ignore("lang", "reason.unknown_lang", choices=", ".join(LANGS))
        if "dataset" in raw:
            if DATASET_ID.fullmatch(raw["dataset"]):
                fields["dataset"] = raw["dataset"]
            else:
                ignore("dataset", "reason.bad_dataset")
        if "service" in raw:
            if raw["service"] in SERVICES:
                fields["service"] = raw["service"]
            else:
                ignore("service", "reason.unknown_service", choices=", ".join(SERVICES))
        if "page" in raw:
            if raw["page"] in PAGES:
                fields["page"] = raw["page"]
            else:
                ignore("page", "reason.unknown_page", choices=", ".join(PAGES))
        if "regions" in raw:
            fields["regions"] = _regions(raw["regions"], notices, lang)
        if "area" in raw:
            if AREA_ID.fullmatch(raw["area"]):
                fields["area"] = raw["area"]
            else:
                ignore("area", "reason.bad_area")
        for key, allowed in (("draw", DRAWS), ("colour", COLOURS)):
            if key in raw:
                if raw[key] in allowed:
                    fields[key] = None if raw[key] == allowed[0] else raw[key]
                else:
                    ignore(key, "reason.unknown_choice", choices=", ".join(allowed))
        for key in ("start", "end", "at"):
            if key in raw:
                zone = tz(fields.get("dataset")) if callable(tz) else tz
                day = parse_day(raw[key], zone, end=key == "end") if key != "at" else None
                ts, reason = day if day is not None else parse_time(raw[key])
                if reason:
                    ignore(key, reason, first=YEARS[0], last=YEARS[1])
                else:
                    fields[key] = ts
        start, end = fields.get("start"), fields.get("end")
        if start is not None and end is not None and start > end:
            notices.append(t("notice.window_reversed", lang, start=_shown(raw["start"]),
                             end=_shown(raw["end"])))
            del fields["start"], fields["end"]
        return cls(**fields), notices

    def to_query(self) -> dict[str, str]:
        """Query string values for this state; defaults are left out."""
        query: dict[str, str] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value == f.default:
                continue
            if f.name == "regions":
                query[f.name] = ",".join(value)
            elif isinstance(value, pd.Timestamp):
                query[f.name] = format_time(value)
            else:
                query[f.name] = value
        return {key: query[key] for key in KEYS if key in query}

    def with_(self, **changes: object) -> ViewState:
        """A copy with some fields changed (validated like a new state)."""
        return dataclasses.replace(self, **changes)

    def window(self) -> Window:
        """The metrics selection this state describes."""
        return Window(service=self.service, regions=self.regions, start=self.start, end=self.end)


def share_url(base_url: str, vs: ViewState) -> str:
    """``base_url`` (its query and fragment dropped) with ``vs`` as its query string."""
    parts = urlsplit(base_url)
    query = urlencode(vs.to_query(), safe=":,")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def format_time(ts: pd.Timestamp) -> str:
    """ISO 8601 in UTC with Z, to the minute when that is exact: 2025-10-10T03:00Z."""
    ts = ts.tz_convert("UTC")
    text = f"{ts.year:04d}-{ts.month:02d}-{ts.day:02d}T{ts.hour:02d}:{ts.minute:02d}"
    fraction = f"{ts.microsecond:06d}{ts.nanosecond:03d}".rstrip("0")
    if ts.second or fraction:
        text += f":{ts.second:02d}"
    if fraction:
        text += f".{fraction}"
    return text + "Z"


def parse_time(text: str) -> tuple[pd.Timestamp | None, str | None]:
    """(UTC time, None) for ISO 8601 text with Z or an offset, else (None, reason key).

    A space before the offset is read as "+", which is how a query string decodes an
    unescaped "+".
    """
    text = re.sub(r" ([0-9]{2}:?[0-9]{2})$", r"+\1", text.strip())
    match = _TIME.fullmatch(text)
    if not match:
        return None, "reason.not_a_time"
    if not match.group(8):
        return None, "reason.no_zone"
    if not YEARS[0] <= int(match.group(1)) <= YEARS[1]:
        return None, "reason.out_of_range"
    try:
        ts = pd.Timestamp(text.upper())
    except ValueError:
        return None, "reason.not_a_time"
    if ts.tzinfo is None:  # defensive: the pattern requires a zone
        return None, "reason.no_zone"
    return ts.tz_convert("UTC"), None


def parse_day(text: str, tz: str, *, end: bool = False
              ) -> tuple[pd.Timestamp | None, str | None] | None:
    """A date without a clock time (2025-10-10) as the first instant of that day in ``tz``, or
    with ``end`` its last second, in UTC: (time, None), or (None, reason key) for an impossible
    date; None when ``text`` is not a bare date."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    if not YEARS[0] <= int(match.group(1)) < YEARS[1]:
        return None, "reason.out_of_range"
    try:
        day = pd.Timestamp(match.group(0))
    except ValueError:
        return None, "reason.not_a_time"
    if end:
        following = (day + pd.Timedelta(days=1)).tz_localize(tz, nonexistent="shift_forward",
                                                                ambiguous=True)
        return (following - pd.Timedelta(seconds=1)).tz_convert("UTC"), None
    start = day.tz_localize(tz, nonexistent="shift_forward", ambiguous=True)
    return start.tz_convert("UTC"), None


def is_live(last: pd.Timestamp | None, metadata: Mapping[str, object],
            now: pd.Timestamp | None = None) -> bool:
    """Whether a dataset shows a situation still going on: its metadata's ``live`` when given
    (true or false), else whether its last observation ``last`` is at most LIVE_HOURS before
    ``now`` (default: the current time)."""
    said = metadata.get("live")
    if isinstance(said, bool):
        return said
    if last is None:
        return False
    now = pd.Timestamp.now(tz="UTC") if now is None else now
    return now - last <= pd.Timedelta(hours=LIVE_HOURS)


def opening_moment(peak: pd.Timestamp | None, latest: pd.Timestamp | None,
                   live: bool) -> tuple[pd.Timestamp | None, str]:
    """(the moment a map opens on when the address names none, "peak" or "latest"): a live
    dataset's latest figures, a historical one's peak (a finished event's last moment is
    usually empty)."""
    if live or peak is None:
        return latest, "latest"
    return peak, "peak"


def _utc(value: object, name: str) -> pd.Timestamp | None:
    return None if value is None else times.utc(value, name)


def _silent(key: str) -> bool:
    return key in SILENT_KEYS or key.startswith(SILENT_PREFIXES)


def _collect(params: Mapping[str, str | list[str]]
             ) -> tuple[dict[str, str], dict[str, int], list[str]]:
    """(last non-empty value per known key, known keys given more than once, unknown keys)."""
    raw: dict[str, str] = {}
    repeated: dict[str, int] = {}
    unknown: list[str] = []
    for key in params:
        value = params[key]
        values = [value] if isinstance(value, str) else [str(v) for v in (value or ())]
        if key not in KEYS:
            if not _silent(str(key)):
                unknown.append(str(key))
            continue
        if len(values) > 1:
            repeated[key] = len(values)
        if values and values[-1].strip():
            raw[key] = values[-1].strip()
    return raw, repeated, unknown


def _regions(text: str, notices: list[str], lang: str) -> tuple[str, ...]:
    items = [r.strip() for r in text.split(",") if r.strip()]
    good = list(dict.fromkeys(r for r in items if REGION_ID.fullmatch(r)))
    bad = [r for r in items if not REGION_ID.fullmatch(r)]
    if bad:
        notices.append(t("notice.bad_regions", lang, count=len(bad),
                         examples=_examples(bad, len(bad))))
    if len(good) > MAX_REGIONS:
        notices.append(t("notice.too_many_regions", lang, limit=MAX_REGIONS, count=len(good)))
        good = good[:MAX_REGIONS]
    return tuple(good)


def _shown(value: str) -> str:
    """``value`` shortened and reduced to harmless characters for a notice."""
    short = value[:_SHOWN_MAX]
    safe = "".join(c if c.isalnum() or c in _SHOWN_PUNCTUATION else "?" for c in short)
    return safe + ("…" if len(value) > _SHOWN_MAX else "")


def _examples(values: list[str], count: int) -> str:
    shown = ", ".join(_shown(v) for v in values[:_EXAMPLES_MAX])
    return shown + (f", … (+{count - _EXAMPLES_MAX})" if count > _EXAMPLES_MAX else "")
