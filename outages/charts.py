"""Plotly figures for the dashboard. Builders only: they return go.Figure and draw nothing.

Times are shown as wall-clock time in the dataset's zone (named in the axis title). plotly has
no time zones, so x values are that wall-clock time as milliseconds since 1970 on a date axis
(plotly's numeric date form; also half the size of date strings in the figure JSON). Around a
DST change back the wall clock repeats an hour, and so does the line.

Each line is thinned to at most ``points_per_line`` points with ``metrics.downsample_max``,
which keeps every bucket's largest value, so peaks survive. ``fig.layout.meta`` says whether
thinning happened ({"downsampled": bool, "points_per_line": int}) for the page to mention
(message "chart.downsampled").

Text from data (region names, annotation texts) is escaped and shortened before it reaches a
label. Numbers and times in hover labels follow ``outages.fmt`` through plotly's separators and
d3 formats; every label comes from ``outages.i18n``.

Each figure is written as plain dicts (plotly's JSON) and handed to plotly unvalidated, with
the ``_validate=False`` switch plotly.io itself uses to load its templates: validating it,
above all expanding the template, took most of a view change's time. The tests check that
plotly's validation accepts every figure unchanged.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import fmt
from .i18n import MESSAGES, t
from .metrics import downsample_max

MAX_POINTS = 2000  # per line
# Over all lines of one figure: keeps the figure JSON well under 1 MB (about 17 bytes a point).
MAX_FIGURE_POINTS = 40_000
MIN_POINTS = 100
NAME_CHARS = 60
# A note's label: its text cut to the first of these lengths that has room, else a marker;
# the full text is in its hover.
ANNOTATION_LENGTHS = (28, 12)
ANNOTATION_MARKER = "•"
LABELLED_NOTES = 30  # with more notes in view, each gets only its marker
ANNOTATION_HOVER_CHARS = 500

# Okabe-Ito colours: distinguishable with the common colour vision deficiencies.
SERVICE_COLOURS = {
    "power": "#E69F00", "water": "#0072B2", "heating": "#D55E00",
    "gas": "#CC79A7", "transit": "#009E73", "telecom": "#56B4E9",
}
OTHER_COLOUR = "#777777"
ANNOTATION_COLOUR = "#888888"
# The cumulative curves: cut off a neutral grey (3:1 contrast on white and on Streamlit's dark
# background), restored the first of these that no drawn service uses.
CUT_OFF_COLOUR = "#5f5f5f"
RESTORED_COLOURS = ("#0072B2", "#009E73", "#56B4E9", "#CC79A7")
OUT_WIDTH = 3  # the out lines: thick, so the thin cut-off line on top of one stays visible
CUT_OFF_WIDTH = 1.5
RESTORED_WIDTH = 2.5
Y_HEADROOM = 0.05  # above the highest value
Y_FOOTROOM = 0.02  # below zero, so a line along zero is drawn whole
# With the cumulative curves, the timeline has two panels on one time axis: customers out on
# top, cut off and restored (which grow far above the out line) in their own panel below.
OUT_DOMAIN = (0.42, 1.0)
CUMULATIVE_DOMAIN = (0.0, 0.34)
TWO_PANEL_HEIGHT = 560  # px; one panel keeps Streamlit's default height

# Annotation labels sit in rows above the plot. Whether two overlap is judged for a narrow
# plot (a phone's), at about LABEL_CHAR_PX a character; the text is 11 px.
LABEL_ROWS = 3
LABEL_ROW_PX = 16
LABEL_GAP_PX = 8  # between the top of the plot and the first row
LABEL_CHAR_PX = 6.2
NARROW_PLOT_PX = 280


ANNOTATION_LEAD = 0.25  # notes up to a quarter of the span before the first figure are drawn
X_MARGIN = 0.03


def points_per_line(lines: int, max_points: int = MAX_POINTS) -> int:
    """How many points each of ``lines`` lines may keep."""
    share = MAX_FIGURE_POINTS // max(lines, 1)
    return max(MIN_POINTS, min(max_points, share))


def wall_clock_ms(timestamps: pd.Series | pd.DatetimeIndex, tz: str | None) -> np.ndarray:
    """Aware times as wall-clock time in ``tz``, in milliseconds since 1970 (float64)."""
    local = pd.DatetimeIndex(timestamps).tz_convert(tz or "UTC").tz_localize(None)
    return local.as_unit("ms").asi8.astype(np.float64)


def annotation_frame(items: list[dict] | None) -> pd.DataFrame:
    """Dataset annotations ({"timestamp": ISO 8601, "text": str}) as a frame with columns
    timestamp (UTC) and text; items without a readable aware time or a text are left out."""
    rows = []
    for item in items or []:
        text = str(item.get("text") or "").strip()
        try:
            ts = pd.Timestamp(item.get("timestamp"))
        except (TypeError, ValueError):
            continue
        if text and ts is not pd.NaT and ts.tzinfo is not None:
            rows.append((ts.tz_convert("UTC"), text))
    return pd.DataFrame({
        "timestamp": pd.Series([r[0] for r in rows], dtype="datetime64[us, UTC]"),
        "text": pd.Series([r[1] for r in rows], dtype="string"),
    })


def outage_timeline(series_by_service: Mapping[str, pd.DataFrame],
                    annotations: pd.DataFrame | None, tz: str | None, lang: str = "en", *,
                    primary: str | None = None, max_points: int = MAX_POINTS) -> go.Figure:
    """Customers out over time, one step line per service, on one time axis.

    Each frame is ``metrics.cumulative`` output (timestamp, customers_out, customers_cut_off,
    customers_restored); a frame with only timestamp and customers_out (``metrics.total_out``)
    gets just its out line. The cumulative cut-off (grey, dashed) and restored (blue or
    green, dotted) curves are drawn for one service only, ``primary`` (default: the first): with
    several services they would crowd the axis. They go in a panel of their own below the out
    lines (y axis ``y2``, the same time axis): over a long event they grow far above customers
    out, and on one axis they would squash the out line flat. The out lines are thick and in
    the service's colour. ``annotations`` (timestamp, text) become vertical lines with short
    labels above the plot (the full text on hover); those outside the plotted time span are
    left out.
    """
    frames = {s: f for s, f in series_by_service.items() if len(f)}
    if not frames:
        return _empty_figure(tz, lang, t("axis.customers", lang))
    if primary not in frames:
        primary = next(iter(frames))
    cumulative = ("customers_cut_off", "customers_restored")
    has_cumulative = all(c in frames[primary].columns for c in cumulative)
    budget = points_per_line(len(frames) + 2 * has_cumulative, max_points)

    traces = []
    thinned = False
    for service, frame in frames.items():
        name = t("legend.out", lang, service=_service_label(service, lang))
        trace, was_thinned = _line(frame, "customers_out", budget, tz, name,
                                   _colour(service), shape="hv", width=OUT_WIDTH)
        traces.append(trace)
        thinned |= was_thinned
    if has_cumulative:
        label = _service_label(primary, lang)
        curves = (
            ("customers_cut_off", "legend.cut_off", CUT_OFF_COLOUR, "dash", CUT_OFF_WIDTH),
            ("customers_restored", "legend.restored", restored_colour(frames), "dot",
             RESTORED_WIDTH))
        for column, key, colour, dash, width in curves:
            trace, was_thinned = _line(frames[primary], column, budget, tz,
                                       t(key, lang, service=label), colour,
                                       shape="hv", dash=dash, width=width)
            trace["yaxis"] = "y2"
            traces.append(trace)
            thinned |= was_thinned

    xs = np.concatenate([tr["x"] for tr in traces])
    first, last = float(xs.min()), float(xs.max())
    layout = _layout(tz, lang, t("axis.customers", lang))
    layout.update(hovermode="x unified", meta={"downsampled": thinned,
                                               "points_per_line": budget})
    layout["legend"].update(orientation="h", yref="container", y=0, yanchor="bottom", x=0,
                            xanchor="left")
    out_traces = [tr for tr in traces if "yaxis" not in tr]
    layout["yaxis"].update(hoverformat=fmt.plotly_number_format(0), tickformat=",d",
                           range=_y_range(out_traces))
    if has_cumulative:
        lower = [tr for tr in traces if tr.get("yaxis") == "y2"]
        layout["yaxis"].update(domain=list(OUT_DOMAIN))
        layout["yaxis2"] = {"domain": list(CUMULATIVE_DOMAIN), "anchor": "x",
                            "title": {"text": t("axis.cumulative", lang)},
                            "hoverformat": fmt.plotly_number_format(0), "tickformat": ",d",
                            "range": _y_range(lower)}
        layout["xaxis"]["anchor"] = "y2"  # the time axis under the lower panel
        layout["height"] = TWO_PANEL_HEIGHT
    # notes shortly before the first figure (the strike before the first count) still show
    lead = max(last - first, 3_600_000.0) * ANNOTATION_LEAD
    shown = _notes_between(annotations, tz, first - lead, last)
    x_range = _padded(min([first, *shown["x"]]), last)
    shapes, notes, rows = _annotations(shown, tz, lang, x_range)
    if notes:
        layout.update(shapes=shapes, annotations=notes)
    layout["margin"]["t"] = LABEL_GAP_PX + rows * LABEL_ROW_PX + 6
    layout["xaxis"].update(range=x_range,
                           hoverformat=f"{fmt.plotly_time_format(lang)} ({_zone_name(tz)})")
    return _unvalidated(traces, layout)


def restored_colour(frames: Mapping[str, pd.DataFrame]) -> str:
    """The colour of the restored curve: the first of RESTORED_COLOURS that no service in
    ``frames`` is drawn in (the first when all are taken)."""
    taken = {_colour(s) for s in frames}
    return next((c for c in RESTORED_COLOURS if c not in taken), RESTORED_COLOURS[0])


def place_labels(xs: Sequence[float], widths: Sequence[Sequence[float]], low: float,
                 high: float, rows: int = LABEL_ROWS) -> list[tuple[int, int, bool]]:
    """Where each note's label goes: (which of its candidate labels, row, runs right).

    Note i hangs from a leader line at ``xs[i]`` down to the plot, which spans [low, high];
    ``widths[i]`` are its candidate labels' widths, longest first (the last a marker). A label
    runs right from its line unless it would pass ``high`` (then left; when it fits neither
    way, towards the larger room). Row 0 is nearest the plot.

    A label fits in a row when it overlaps no label in that row, no leader line from a row
    above crosses it and its own line crosses no label below. So a label whose span holds
    another note's line goes above that note's label: notes are placed in that order (from
    the right where it leaves a choice), each with its longest label that fits in some row, in
    the lowest such row. A note with no such place gets its marker in the lowest row where the
    marker overlaps nothing, else in row 0.
    """
    placed: list[tuple[float, float, float, int]] = []  # x, start, end, row
    picked: list[tuple[int, int, bool]] = [(0, 0, True)] * len(xs)

    def span(x: float, width: float) -> tuple[float, float, bool]:
        right = x + width <= high or high - x >= x - low
        return (x, x + width, True) if right else (x - width, x, False)

    def fits(x: float, start: float, end: float, row: int, strict: bool) -> bool:
        for px, ps, pe, pr in placed:
            if pr == row and ps < end and start < pe:
                return False
            if strict and ((pr > row and start < px < end) or (pr < row and ps < x < pe)):
                return False
        return True

    for i in _label_order(xs, [span(x, w[0])[:2] for x, w in zip(xs, widths, strict=True)]):
        x = xs[i]
        found = next(((c, r) for c, width in enumerate(widths[i]) for r in range(rows)
                      if fits(x, *span(x, width)[:2], r, strict=True)), None)
        if found is None:
            marker = len(widths[i]) - 1
            start, end, _ = span(x, widths[i][marker])
            found = marker, next((r for r in range(rows) if fits(x, start, end, r, False)), 0)
        choice, row = found
        start, end, right = span(x, widths[i][choice])
        placed.append((x, start, end, row))
        picked[i] = (choice, row, right)
    return picked


def _label_order(xs: Sequence[float], spans: Sequence[tuple[float, float]]) -> list[int]:
    """The notes in the order they are placed: a note whose label span holds another's line
    after that one; otherwise, and to break a cycle, from the right."""
    below = [{j for j, x in enumerate(xs) if j != i and start < x < end}
             for i, (start, end) in enumerate(spans)]
    left = sorted(range(len(xs)), key=lambda i: xs[i], reverse=True)
    order: list[int] = []
    done: set[int] = set()
    while left:
        ready = next((i for i in left if below[i] <= done), left[0])
        order.append(ready)
        done.add(ready)
        left.remove(ready)
    return order


def restoration_curves(by_region_series: Mapping[str, pd.DataFrame], tz: str | None,
                       lang: str = "en", *, names: Mapping[str, str] | None = None,
                       max_points: int = MAX_POINTS) -> go.Figure:
    """Restored % of cut off over time, one line per region (key: region_id).

    Frames are ``metrics.cumulative`` output for one region each; the share is
    customers_restored / customers_cut_off * 100, missing while nothing has been cut off.
    ``names`` maps region_id to the name shown in the legend (default: the id).
    """
    frames = {r: f for r, f in by_region_series.items() if len(f)}
    title = t("axis.restored_pct", lang)
    if not frames:
        return _empty_figure(tz, lang, title)
    budget = points_per_line(len(frames), max_points)
    names = names or {}
    label = t("hover.restored_pct", lang)
    hover = (f"%{{fullData.name}}<br>%{{x|{fmt.plotly_time_format(lang)}}} "
             f"({_zone_name(tz)})<br>{label}: %{{y:{fmt.plotly_number_format(1)}}}"
             f"{fmt.NBSP}%<extra></extra>")

    traces = []
    thinned = False
    for region_id, frame in frames.items():
        cut = frame["customers_cut_off"].to_numpy(dtype=np.float64, na_value=np.nan)
        restored = frame["customers_restored"].to_numpy(dtype=np.float64, na_value=np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(cut > 0, restored / cut * 100, np.nan)
        shares = frame[["timestamp"]].assign(pct=pct)
        name = _label(str(names.get(region_id) or region_id), NAME_CHARS)
        trace, was_thinned = _line(shares, "pct", budget, tz, name, None, shape="hv",
                                   single=True)
        trace.update(hovertemplate=hover, connectgaps=False)
        traces.append(trace)
        thinned |= was_thinned

    xs = np.concatenate([tr["x"] for tr in traces])
    layout = _layout(tz, lang, title)
    layout.update(hovermode="closest", meta={"downsampled": thinned,
                                             "points_per_line": budget})
    layout["legend"].update(orientation="v", x=1.02, y=1, yanchor="top")
    layout["yaxis"].update(range=[0, 101], ticksuffix=f"{fmt.NBSP}%")
    layout["xaxis"]["range"] = _padded(float(xs.min()), float(xs.max()))
    return _unvalidated(traces, layout)


def _layout(tz: str | None, lang: str, y_title: str) -> dict:
    """The layout every figure starts from, as plotly's JSON (a fresh dict each call)."""
    return {
        # neutral: Streamlit's theme restyles it
        "template": pio.templates["plotly"].to_plotly_json(),
        "separators": fmt.plotly_separators(lang),
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hoverlabel": {"namelength": -1},
        "xaxis": {"type": "date", "title": {"text": t("axis.time", lang, zone=_zone_name(tz))},
                  "tickformatstops": fmt.plotly_tick_format_stops(lang)},
        "yaxis": {"title": {"text": y_title}},
    }


def _unvalidated(traces: list[dict], layout: dict) -> go.Figure:
    """A figure of ``traces`` and ``layout`` (plotly JSON) that plotly does not validate."""
    return go.Figure(data=traces, layout=layout, _validate=False)


def _empty_figure(tz: str | None, lang: str, y_title: str) -> go.Figure:
    layout = _layout(tz, lang, y_title)
    layout.update(meta={"downsampled": False, "points_per_line": 0}, annotations=[{
        "font": {"size": 16}, "showarrow": False, "text": t("empty.no_data_in_window", lang),
        "x": 0.5, "xref": "paper", "y": 0.5, "yref": "paper"}])
    layout["xaxis"]["visible"] = False
    layout["yaxis"]["visible"] = False
    return _unvalidated([], layout)


def _line(frame: pd.DataFrame, column: str, budget: int, tz: str | None, name: str,
          colour: str | None, *, shape: str, dash: str | None = None, width: float = 2,
          single: bool = False) -> tuple[dict, bool]:
    """One line of ``frame[column]`` over its timestamps, thinned to ``budget`` points.

    Whole numbers stay integers and ``single`` stores floats in single precision: plotly
    writes both more compactly.
    """
    kept = downsample_max(frame, "timestamp", column, budget)
    y = kept[column].to_numpy(dtype=np.float64, na_value=np.nan)
    if single:
        y = y.astype(np.float32)
    elif not np.isnan(y).any() and np.array_equal(y, np.round(y)):
        y = y.astype(np.int64)
    line = {"shape": shape, "width": width}
    if colour:
        line["color"] = colour
    if dash:
        line["dash"] = dash
    trace = {"type": "scatter", "x": wall_clock_ms(kept["timestamp"], tz), "y": y, "name": name,
             "mode": "lines", "line": line}
    return trace, len(kept) < len(frame)


def _notes_between(annotations: pd.DataFrame | None, tz: str | None, first: float,
                   last: float) -> pd.DataFrame:
    """The notes with a text between first and last (wall-clock ms), in time order, with
    their x value: columns x, timestamp, text."""
    if annotations is None or not len(annotations):
        return pd.DataFrame({"x": [], "timestamp": [], "text": []})
    notes = annotations.assign(x=wall_clock_ms(annotations["timestamp"], tz),
                               text=annotations["text"].astype("string").str.strip())
    keep = notes["x"].between(first, last) & notes["text"].fillna("").ne("")
    return notes.loc[keep, ["x", "timestamp", "text"]].sort_values("x", kind="stable")


def _annotations(notes: pd.DataFrame, tz: str | None, lang: str,
                 x_range: Sequence[float]) -> tuple[list[dict], list[dict], int]:
    """Each note as a dotted vertical line and a short horizontal label above the plot, joined
    to the line's top; labels close together go in rows. Returns (shapes, annotations, rows
    used)."""
    if not len(notes):
        return [], [], 0
    low, high = x_range
    per_px = (high - low) / NARROW_PLOT_PX
    lengths = ANNOTATION_LENGTHS if len(notes) <= LABELLED_NOTES else ()
    candidates = [[_short(str(text), n) for n in lengths] + [ANNOTATION_MARKER]
                  for text in notes["text"]]
    widths = [[(len(label) * LABEL_CHAR_PX + 4) * per_px for label in labels]
              for labels in candidates]
    xs = [float(x) for x in notes["x"]]
    places = (place_labels(xs, widths, low, high) if lengths
              else [(0, 0, True)] * len(xs))
    shapes, labelled = [], []
    for x, ts, text, labels, (choice, row, right) in zip(
            xs, notes["timestamp"], notes["text"], candidates, places, strict=True):
        shapes.append({"line": {"color": ANNOTATION_COLOUR, "dash": "dot", "width": 1},
                       "type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1,
                       "yref": "paper"})
        labelled.append({
            "arrowcolor": ANNOTATION_COLOUR, "arrowhead": 0, "arrowwidth": 1, "ax": 0,
            "axref": "pixel", "ay": -(LABEL_GAP_PX + row * LABEL_ROW_PX), "ayref": "pixel",
            "font": {"color": ANNOTATION_COLOUR, "size": 11},
            "hovertext": (f"{html.escape(fmt.when(ts, tz, lang), quote=False)}<br>"
                          f"{_label(str(text), ANNOTATION_HOVER_CHARS)}"),
            "showarrow": True, "text": html.escape(labels[choice], quote=False), "x": x,
            "xanchor": "left" if right else "right", "xref": "x", "y": 1, "yanchor": "bottom",
            "yref": "paper"})
    return shapes, labelled, max(row for _, row, _ in places) + 1


def _y_range(traces: Sequence[dict]) -> list[float]:
    """From a little below zero (a line along zero shows whole) to a little above the top."""
    ys = np.concatenate([np.asarray(tr["y"], dtype=np.float64) for tr in traces])
    top = max(float(np.nanmax(ys)) if np.isfinite(ys).any() else 0.0, 1.0)
    return [-top * Y_FOOTROOM, top * (1 + Y_HEADROOM)]


def _padded(first: float, last: float) -> list[float]:
    """An x range around [first, last] with a margin, so a change at either end shows; an hour
    either side of a single instant."""
    if last > first:
        margin = (last - first) * X_MARGIN
        return [first - margin, last + margin]
    hour = 3_600_000.0
    return [first - hour, last + hour]


def _service_label(service: str, lang: str) -> str:
    key = f"service.{service}"
    return t(key, lang) if key in MESSAGES else _label(service, NAME_CHARS)


def _colour(service: str) -> str:
    return SERVICE_COLOURS.get(service, OTHER_COLOUR)


def _zone_name(tz: str | None) -> str:
    return html.escape(str(tz or "UTC"), quote=False)


def _short(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut after a whole word where one fits."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _label(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters and escaped for plotly's HTML-like labels."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text, quote=False)
