"""Map building blocks: the figures at one moment, colour classes, and pydeck decks.

Nothing here needs a network: boundaries are bundled (outages.boundaries) and decks have no base
map unless asked for one. Tooltips are plain text (pydeck's ``text`` key, never ``html``), built
here from pre-formatted properties, so a region name is shown as written and never parsed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from . import boundaries, fmt, times
from .i18n import lang_or_default, t

BY = ("customers_out", "pct_out")

# ColorBrewer YlOrRd (colour-blind safe, sequential), by number of classes.
PALETTES = {
    1: ("#feb24c",),
    2: ("#ffeda0", "#f03b20"),
    3: ("#ffeda0", "#feb24c", "#f03b20"),
    4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
    5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    6: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
}
MAX_CLASSES = 6
# One colour scale for every dataset and moment, so that a colour always means the same figure
# and a reader can learn it: class edges of customers out (1-99, 100-999, 1,000-9,999,
# 10,000-99,999, 100,000 and more) and of the share of customers served that is out (under 1 %,
# 1-5, 5-10, 10-25, 25-50, 50 % and more). Nobody out is white, as everywhere.
SCALE = {"customers_out": (100, 1_000, 10_000, 100_000), "pct_out": (1, 5, 10, 25, 50)}
ZERO_COLOUR = "#ffffff"  # regions with data and nobody out: white, outlined like the others
LINE_COLOUR = "#737373"  # the outline of regions with data
# Regions without data are context, drawn like a base map: a faint grey fill and a light
# outline. Translucent grey reads as that on a light page and on a dark one.
NO_DATA_COLOUR = "#80808026"
NO_DATA_LINE = "#80808059"
HIGHLIGHT = [0, 0, 0, 48]  # the region under the pointer, a little darker

# What pydeck writes as mapStyle when none is given; Streamlit reads it as "no base map".
NO_STYLE = "__MAP_STYLE__"

MIN_EXTENT = 0.5  # degrees: the smallest area a point map opens on (about a city)
# Width in px the initial view is fitted to. A deck cannot know the width of its canvas, which
# stretches with the page: a phone's (360 px) makes the regions fit there too; on a wider
# screen the view is as tall as fits and the map has room either side.
FIT_WIDTH = 360
FIT_SHARE = 0.9  # of the width or height the fitted regions take


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON has no indentation.

    pydeck indents its JSON, which makes a county map's payload four times its data; Streamlit
    sends ``to_json()`` as is, so this one leaves the whitespace out. The JSON is made once: a
    deck is not changed after it is built, and the dashboard shares one between visitors.
    """

    def to_json(self) -> str:
        made = self.__dict__.get("_compact_json")
        if made is None:
            made = json.dumps(self, sort_keys=True, default=default_serialize,
                              separators=(",", ":"), ensure_ascii=False)
            self.__dict__["_compact_json"] = made
        return made


# --- the figures at one moment ---------------------------------------------------------------


def _one_service(table: pd.DataFrame, service: str | None) -> pd.DataFrame:
    if service is not None:
        return table.loc[table["service"] == service]
    services = table["service"].dropna().unique()
    if len(services) > 1:
        raise ValueError(f"the table has {len(services)} services; name the one to map")
    return table


def frame_at(table: pd.DataFrame, at: object, service: str | None = None) -> pd.DataFrame:
    """Each region's held figures at instant ``at`` (UTC or any zone; naive raises ValueError).

    One row per region of ``service`` in the table (``service`` may be None when the table has
    one service), sorted by region_id: region_name, customers_out (the value of the region's last
    observation at or before ``at``; 0 before its first), customers_total (the last reported at or
    before ``at``, else the first reported later; NA if never), pct_out (0-100, NA without a
    positive total) and observed_at (time of the held observation, NaT before the first).
    """
    at = times.utc(at)
    rows = _one_service(table, service).sort_values(["region_id", "timestamp"], kind="stable")
    seen = rows["timestamp"] <= at
    held = rows.loc[seen].drop_duplicates("region_id", keep="last").set_index("region_id")
    first = rows.drop_duplicates("region_id", keep="first").set_index("region_id")
    regions = first.index

    totals = rows.loc[rows["customers_total"].notna()]
    total_then = totals.loc[totals["timestamp"] <= at].drop_duplicates("region_id", keep="last")
    total_later = totals.drop_duplicates("region_id", keep="first")
    total = (total_then.set_index("region_id")["customers_total"].reindex(regions)
             .fillna(total_later.set_index("region_id")["customers_total"].reindex(regions)))

    out = pd.DataFrame({
        "region_id": pd.array(regions, dtype="string"),
        "region_name": held["region_name"].reindex(regions).fillna(first["region_name"]).array,
        "customers_out": held["customers_out"].reindex(regions).fillna(0).astype("int64").array,
        "customers_total": total.astype("Int64").array,
    })
    served = out["customers_total"].astype("Float64")
    out["pct_out"] = (out["customers_out"] / served.where(served > 0) * 100).astype("Float64")
    out["observed_at"] = held["timestamp"].reindex(regions).array
    return out


def moments(table: pd.DataFrame, service: str | None = None) -> pd.DatetimeIndex:
    """The distinct observation times of a service, in order: the stops for a time slider."""
    times = _one_service(table, service)["timestamp"]
    return pd.DatetimeIndex(times.drop_duplicates().sort_values())


def colour_by(frame: pd.DataFrame) -> str:
    """"pct_out" when every region in the frame has customers served, else "customers_out"."""
    known = frame["customers_total"].notna() & (frame["customers_total"] > 0)
    return "pct_out" if len(frame) and bool(known.all()) else "customers_out"


# --- colour classes --------------------------------------------------------------------------


def _nice(x: float, integer: bool) -> float:
    """``x`` rounded to one significant figure: 0.3, 8, 20, 700, 3000.

    With ``integer`` the result is a whole number of at least 1.
    """
    rounded = float(f"{x:.0e}")
    return float(max(1, round(rounded))) if integer else rounded


def _floats(values: Iterable[float]) -> np.ndarray:
    """Values as float64, NaN for missing ones (None, NaN, pd.NA)."""
    if not isinstance(values, (np.ndarray, pd.Series, pd.api.extensions.ExtensionArray)):
        values = list(values)
    return pd.array(values, dtype="Float64").to_numpy(dtype="float64", na_value=np.nan)


def class_edges(values: Iterable[float], by: str = "customers_out",
                classes: int = MAX_CLASSES) -> list[float]:
    """Class boundaries for the positive values: quantiles rounded to one significant figure.

    Class 0 holds values above 0 and under ``edges[0]``; class i holds ``edges[i-1]`` up to
    under ``edges[i]``; the last class holds ``edges[-1]`` and above. There are at most
    ``classes`` classes and no more than distinct values; rounding can merge some. The first
    class holds the smallest value and the last the largest. Zero and missing values belong to no
    class. Counts get whole-number edges.
    """
    _check_by(by)
    v = _floats(values)
    v = v[np.isfinite(v) & (v > 0)]
    if not len(v):
        return []
    classes = min(classes, len(np.unique(v)))
    quantiles = np.quantile(v, [i / classes for i in range(1, classes)])
    integer = by == "customers_out"
    edges = sorted({_nice(q, integer) for q in quantiles if q > 0})
    return [e for e in edges if v.min() < e <= v.max()]


def palette(classes: int) -> tuple[str, ...]:
    """The YlOrRd colours for ``classes`` classes (1 to 6), lightest first."""
    if not 1 <= classes <= MAX_CLASSES:
        raise ValueError(f"between 1 and {MAX_CLASSES} classes, not {classes}")
    return PALETTES[classes]


def classify(values: Sequence[float], edges: Sequence[float]) -> np.ndarray:
    """Class index of each value (0 .. len(edges)); -1 for zero, negative or missing values."""
    v = _floats(values)
    index = np.searchsorted(np.asarray(edges, dtype="float64"), v, side="right")
    return np.where(np.isfinite(v) & (v > 0), index, -1)


def _check_by(by: str) -> None:
    if by not in BY:
        raise ValueError(f"colour by one of {', '.join(BY)}, not {by!r}")


def _decimals(edges: Sequence[float]) -> int:
    return max((len(f"{e:.10g}".partition(".")[2]) for e in edges), default=0)


def _positive(values: Iterable[float] | None) -> np.ndarray:
    if values is None:
        return np.array([], dtype="float64")
    v = _floats(values)
    return v[np.isfinite(v) & (v > 0)]


def _class_labels(edges: Sequence[float], by: str, lang: str,
                  shown: np.ndarray) -> list[str]:
    """A label per class. Ends the classes leave open are closed with the values ``shown``:
    the top class reads "2,000–42,000" rather than "≥ 2,000" when its largest value is
    shown, and a single class gives the range of the values ("380,000" when there is one)."""
    low = float(shown.min()) if len(shown) else None
    high = float(shown.max()) if len(shown) else None
    if by == "customers_out":
        def text(x: float) -> str:
            return fmt.number(int(round(x)), lang)

        def span(a: float, b: float) -> str:
            return text(a) if int(round(a)) == int(round(b)) else f"{text(a)}–{text(b)}"

        if not edges:
            return [span(low, high) if low is not None else f"≥ {text(1)}"]
        starts = [1, *[int(e) for e in edges]]
        labels = [span(a, int(e) - 1) for a, e in zip(starts, edges, strict=False)]
        top = span(edges[-1], high) if high is not None and high >= edges[-1] else (
            f"≥ {text(edges[-1])}")
        return [*labels, top]

    digits = _decimals(edges)
    seen = max(digits, 1)  # shown values keep a decimal: 0.4 % is not 0 %

    def pct(x: float, d: int = digits) -> str:
        return fmt.percent(x, lang, d)

    if not edges:
        if low is None:
            return [f"> {pct(0, 0)}"]
        return [pct(low, seen) if pct(low, seen) == pct(high, seen) else
                f"{fmt.number(low, lang, seen)}–{pct(high, seen)}"]
    pairs = zip(edges, edges[1:], strict=False)
    middle = [f"{fmt.number(a, lang, digits)}–{pct(b)}" for a, b in pairs]
    top = (f"{fmt.number(edges[-1], lang, digits)}–{pct(high, seen)}"
           if high is not None and high > edges[-1] else f"≥ {pct(edges[-1])}")
    return [f"< {pct(edges[0])}", *middle, top]


def legend(edges: Sequence[float], by: str = "customers_out", lang: str = "en",
           values: Iterable[float] | None = None) -> list[tuple[str, str]]:
    """(colour, label) for the page to show: zero, each class lightest first, then no data.

    ``values`` are the figures the map shows (its ``by`` column): with them, the open ends of
    the classes read as the values' range (see _class_labels). Colours are hex, #rrggbb, or
    #rrggbbaa for the translucent no-data fill, which the map outlines with NO_DATA_LINE.
    """
    _check_by(by)
    zero = fmt.number(0, lang) if by == "customers_out" else fmt.percent(0, lang, 0)
    labels = _class_labels(edges, by, lang, _positive(values))
    classes = list(zip(palette(len(edges) + 1), labels, strict=True))
    return [(ZERO_COLOUR, zero), *classes, (NO_DATA_COLOUR, t("map.legend.no_data", lang))]


# --- decks -----------------------------------------------------------------------------------


def _rgba(colour: str) -> list[int]:
    """#rrggbb or #rrggbbaa as [r, g, b, a]."""
    alpha = int(colour[7:9], 16) if len(colour) == 9 else 255
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)] + [alpha]


def _fills(values: pd.Series, edges: Sequence[float]) -> list[list[int]]:
    colours = palette(len(edges) + 1)
    index = classify(values, edges)
    return [_rgba(colours[i]) if i >= 0 else _rgba(ZERO_COLOUR) for i in index]


def _tooltip(name: str, row: dict | None, lang: str, tz: str | ZoneInfo) -> str:
    if row is None:
        return f"{name}\n{t('map.legend.no_data', lang)}"
    text = f"{name}\n{t('hover.out', lang)}: {fmt.number(int(row['customers_out']), lang)}"
    if not fmt.is_missing(row["pct_out"]):
        text += f" ({fmt.percent(row['pct_out'], lang)})"
    if not fmt.is_missing(row["observed_at"]):
        text += f"\n{t('kpi.last_updated', lang)}: {fmt.when(row['observed_at'], tz, lang)}"
    return text


def _name(props: dict, row: dict | None, lang: str) -> str:
    preferred = props.get("name_uk") if lang_or_default(lang) == "uk" else None
    for name in (preferred, props.get("name_en"), None if row is None else row["region_name"]):
        if not fmt.is_missing(name) and str(name).strip():
            return str(name)
    return str(props["region_id"])


def matched(frame: pd.DataFrame, level: str) -> pd.Series:
    """The level's region_id for each row of ``frame`` (NA where it names no bundled region)."""
    ids = frame["region_id"]
    mapping = {raw: boundaries.normalise(raw, level) for raw in ids.dropna().unique()}
    return ids.map(mapping).astype("string")


def unmapped(frame: pd.DataFrame, level: str) -> list[str]:
    """The frame's region ids that name no bundled region of ``level`` (sorted)."""
    return sorted(str(r) for r in frame.loc[matched(frame, level).isna(), "region_id"])


def _keyed(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    keyed = frame.assign(_key=matched(frame, level)).dropna(subset=["_key"])
    twice = keyed.loc[keyed["_key"].duplicated(keep=False)]
    if len(twice):
        spellings = ", ".join(sorted(str(r) for r in twice["region_id"]))
        raise ValueError(f"several region ids name the same {level} region: {spellings}")
    return keyed.set_index("_key")


def _view(box: tuple[float, float, float, float] | None, height: int,
          pitch: float = 0) -> pdk.ViewState:
    """The view that fits ``box`` (west, south, east, north) into the map, Web Mercator."""
    if box is None:
        return pdk.ViewState(latitude=0, longitude=0, zoom=1, pitch=pitch)
    west, south, east, north = box

    def y(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max((east - west) / 360, 1e-6)
    dy = max((y(north) - y(south)) / (2 * math.pi), 1e-6)
    zoom = math.log2(min(FIT_WIDTH / dx, height / dy) * FIT_SHARE / 512)
    middle = math.degrees(2 * math.atan(math.exp((y(north) + y(south)) / 2)) - math.pi / 2)
    return pdk.ViewState(latitude=round(middle, 5), longitude=round((west + east) / 2, 5),
                         zoom=round(max(0.0, min(zoom, 14.0)), 2), pitch=pitch)


_FAR_STATES = ("02", "15", "72")  # Alaska, Hawaii, Puerto Rico


def _focus(features: list[dict]) -> list[dict]:
    """The features to fit the view to: US maps leave out Alaska, Hawaii and Puerto Rico when
    other states are among them, which keeps the contiguous states large."""
    near = [f for f in features if not (
        f["properties"]["region_id"].isdigit()
        and f["properties"]["region_id"][:2] in _FAR_STATES)]
    return near or features


def _deck(layers: list[pdk.Layer], view: pdk.ViewState, basemap: bool, height: int) -> CompactDeck:
    if basemap:  # CARTO's keyless light style: needs the internet
        base = {"map_provider": "carto", "map_style": "light"}
    else:
        # No provider and pydeck's unset style (NO_STYLE in the JSON): Streamlit then draws no
        # base map and fetches nothing. map_style=None would make it fetch a CARTO style.
        base = {"map_provider": None}
    return CompactDeck(layers=layers, initial_view_state=view, tooltip={"text": "{tooltip}"},
                       height=height, **base)


def choropleth(frame: pd.DataFrame, level: str, *, by: str = "customers_out",
               edges: Sequence[float] | None = None, regions: Iterable[str] | None = None,
               basemap: bool = False, lang: str = "en", tz: str | ZoneInfo = "UTC",
               height: int = 500) -> CompactDeck:
    """Every bundled region of ``level`` (or only ``regions``) coloured by ``by``.

    ``frame`` is frame_at's output; its region ids may be in any spelling boundaries.normalise
    accepts. Regions with data are filled by class (``edges`` default: class_edges of the drawn
    regions' values; pass edges computed over the whole time range to keep colours comparable
    while a slider moves), regions with data and nobody out white, all of them outlined in
    grey; regions without data are context, a faint grey fill with a light outline, as on a
    base map. The view fits the regions with data, or every drawn region when none has, into
    FIT_WIDTH px (US maps open on the contiguous states when any of them is among those).
    """
    _check_by(by)
    keyed = _keyed(frame, level)
    features = boundaries.load_level(level)["features"]
    if regions is not None:
        wanted = {boundaries.normalise(r, level) for r in regions}
        features = [f for f in features if f["properties"]["region_id"] in wanted]
    drawn = [f["properties"]["region_id"] for f in features]
    present = keyed.reindex(drawn)
    has_data = present["customers_out"].notna().to_numpy()
    rows = present.to_dict("records")
    if edges is None:
        edges = class_edges(present.loc[has_data, by].astype("Float64").dropna(), by)
    fills = _fills(present[by].astype("Float64"), edges)
    no_data_fill = _rgba(NO_DATA_COLOUR)
    line = _rgba(LINE_COLOUR)
    out = []
    for feature, data, fill, found in zip(features, has_data, fills, rows, strict=True):
        props = feature["properties"]
        row = found if data else None
        if row is not None and by == "pct_out" and fmt.is_missing(row["pct_out"]):
            fill = no_data_fill  # served count unknown: no colour for a share
        out.append({"type": "Feature", "geometry": feature["geometry"], "properties": {
            "region_id": props["region_id"],
            "tooltip": _tooltip(_name(props, row, lang), row, lang, tz),
            "fill": fill if data else no_data_fill,
            "line": line if data else _rgba(NO_DATA_LINE),
        }})
    layer = pdk.Layer(
        "GeoJsonLayer", data={"type": "FeatureCollection", "features": out}, id=f"{level}-regions",
        pickable=True, stroked=True, filled=True, auto_highlight=True, highlight_color=HIGHLIGHT,
        get_fill_color="properties.fill", get_line_color="properties.line",
        line_width_min_pixels=1,
    )
    with_data = [f for f, data in zip(features, has_data, strict=True) if data]
    box = boundaries.bounds(_focus(with_data or features))
    return _deck([layer], _view(box, height), basemap, height)


def points(frame: pd.DataFrame, centroids: pd.DataFrame, *, by: str = "customers_out",
           kind: str = "circle", edges: Sequence[float] | None = None, basemap: bool = False,
           lang: str = "en", tz: str | ZoneInfo = "UTC", height: int = 500) -> CompactDeck:
    """Regions with only coordinates, as circles (area ∝ customers out) or columns.

    ``centroids`` has region_id, lat, lon and optionally name_en, name_uk (boundaries.centroids
    gives these); rows join ``frame`` on region_id exactly. Colours as in choropleth; regions
    with nobody out are small grey dots.
    """
    _check_by(by)
    if kind not in ("circle", "column"):
        raise ValueError(f"kind is 'circle' or 'column', not {kind!r}")
    places = frame.merge(centroids, on="region_id", how="inner", suffixes=("", "_centroid"))
    if edges is None:
        edges = class_edges(places[by].astype("Float64").dropna(), by)
    box = None
    if len(places):  # at least MIN_EXTENT degrees each way, so one place is not a close-up
        lon, lat = places["lon"], places["lat"]
        half_x = max((lon.max() - lon.min()) / 2, MIN_EXTENT / 2)
        half_y = max((lat.max() - lat.min()) / 2, MIN_EXTENT / 2)
        mid_x, mid_y = (lon.max() + lon.min()) / 2, (lat.max() + lat.min()) / 2
        box = (mid_x - half_x, mid_y - half_y, mid_x + half_x, mid_y + half_y)
    # The larger side of the box in metres sets the biggest symbol.
    span = 0.0 if box is None else max(
        (box[2] - box[0]) * 111_320 * math.cos(math.radians((box[1] + box[3]) / 2)),
        (box[3] - box[1]) * 110_540)
    span = max(span, 20_000.0)
    peak = max(float(places["customers_out"].max()) if len(places) else 0.0, 1.0)
    share = np.sqrt(places["customers_out"].to_numpy(dtype="float64") / peak)
    fills = _fills(places[by].astype("Float64"), edges)
    records = []
    for i, row in enumerate(places.to_dict("records")):
        props = {"region_id": row["region_id"], "name_en": row.get("name_en"),
                 "name_uk": row.get("name_uk")}
        records.append({
            "lon": float(row["lon"]), "lat": float(row["lat"]), "fill": fills[i],
            "radius": round(float(share[i]) * span / 20, 1),
            "elevation": round(float(row["customers_out"]) / peak * span / 4, 1),
            "tooltip": _tooltip(_name(props, row, lang), row, lang, tz),
        })
    common = {"data": records, "pickable": True, "auto_highlight": True,
              "highlight_color": HIGHLIGHT,
              "get_position": "[lon, lat]", "get_fill_color": "fill"}
    if kind == "circle":
        layer = pdk.Layer("ScatterplotLayer", id="regions-circles", get_radius="radius",
                          radius_min_pixels=3, stroked=True, get_line_color=_rgba(LINE_COLOUR),
                          line_width_min_pixels=1, **common)
        view = _view(box, height)
    else:
        layer = pdk.Layer("ColumnLayer", id="regions-columns", get_elevation="elevation",
                          radius=span / 80, extruded=True, **common)
        view = _view(box, height, pitch=45)
    return _deck([layer], view, basemap, height)
