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
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import fmt
from .i18n import MESSAGES, t
from .metrics import downsample_max

MAX_POINTS = 2000  # per line
# Over all lines of one figure: keeps the figure JSON well under 1 MB (about 17 bytes a point).
MAX_FIGURE_POINTS = 40_000
MIN_POINTS = 100
NAME_CHARS = 60
ANNOTATION_CHARS = 40
ANNOTATION_HOVER_CHARS = 500

# Okabe-Ito colours: distinguishable with the common colour vision deficiencies.
SERVICE_COLOURS = {
    "power": "#E69F00", "water": "#0072B2", "heating": "#D55E00",
    "gas": "#CC79A7", "transit": "#009E73", "telecom": "#56B4E9",
}
OTHER_COLOUR = "#777777"
ANNOTATION_COLOUR = "#888888"


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
    gets just its out line. The cumulative cut-off (dashed) and restored (dotted) curves are
    drawn for one service only, ``primary`` (default: the first), in its colour: with
    several services they would crowd the axis. ``annotations`` (timestamp, text) become
    vertical lines labelled with their text; those outside the plotted time span are left out.
    """
    frames = {s: f for s, f in series_by_service.items() if len(f)}
    if not frames:
        return _empty_figure(tz, lang, t("axis.customers", lang))
    if primary not in frames:
        primary = next(iter(frames))
    cumulative = ("customers_cut_off", "customers_restored")
    has_cumulative = all(c in frames[primary].columns for c in cumulative)
    budget = points_per_line(len(frames) + 2 * has_cumulative, max_points)

    fig = _figure(tz, lang, t("axis.customers", lang))
    thinned = False
    for service, frame in frames.items():
        name = t("legend.out", lang, service=_service_label(service, lang))
        trace, was_thinned = _line(frame, "customers_out", budget, tz, name,
                                   _colour(service), shape="hv")
        fig.add_trace(trace)
        thinned |= was_thinned
    if has_cumulative:
        label = _service_label(primary, lang)
        for column, key, dash in (("customers_cut_off", "legend.cut_off", "dash"),
                                  ("customers_restored", "legend.restored", "dot")):
            trace, was_thinned = _line(frames[primary], column, budget, tz,
                                       t(key, lang, service=label), _colour(primary),
                                       shape="hv", dash=dash, width=1.5)
            fig.add_trace(trace)
            thinned |= was_thinned

    xs = np.concatenate([np.asarray(tr.x, dtype=np.float64) for tr in fig.data])
    first, last = float(xs.min()), float(xs.max())
    fig.update_layout(hovermode="x unified", meta={"downsampled": thinned,
                                                   "points_per_line": budget})
    fig.update_yaxes(hoverformat=fmt.plotly_number_format(0), tickformat=",d",
                     rangemode="tozero")
    # notes shortly before the first figure (the strike before the first count) still show
    lead = max(last - first, 3_600_000.0) * ANNOTATION_LEAD
    shown = _add_annotations(fig, annotations, tz, lang, first - lead, last)
    fig.update_xaxes(range=_padded(min([first, *shown]), last),
                     hoverformat=f"{fmt.plotly_time_format(lang)} ({_zone_name(tz)})")
    return fig


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

    fig = _figure(tz, lang, title)
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
        fig.add_trace(trace)
        thinned |= was_thinned

    xs = np.concatenate([np.asarray(tr.x, dtype=np.float64) for tr in fig.data])
    fig.update_layout(hovermode="closest", meta={"downsampled": thinned,
                                                 "points_per_line": budget},
                      legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top"})
    fig.update_yaxes(range=[0, 101], ticksuffix=f"{fmt.NBSP}%")
    fig.update_xaxes(range=_padded(float(xs.min()), float(xs.max())))
    return fig


def _figure(tz: str | None, lang: str, y_title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        template="plotly",  # neutral: Streamlit's theme restyles it
        separators=fmt.plotly_separators(lang),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"namelength": -1},
    )
    fig.update_xaxes(type="date", title_text=t("axis.time", lang, zone=_zone_name(tz)),
                     tickformatstops=fmt.plotly_tick_format_stops(lang))
    fig.update_yaxes(title_text=y_title)
    return fig


def _empty_figure(tz: str | None, lang: str, y_title: str) -> go.Figure:
    fig = _figure(tz, lang, y_title)
    fig.update_layout(meta={"downsampled": False, "points_per_line": 0})
    fig.add_annotation(text=t("empty.no_data_in_window", lang), xref="paper", yref="paper",
                       x=0.5, y=0.5, showarrow=False, font={"size": 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _line(frame: pd.DataFrame, column: str, budget: int, tz: str | None, name: str,
          colour: str | None, *, shape: str, dash: str | None = None, width: float = 2,
          single: bool = False) -> tuple[go.Scatter, bool]:
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
    trace = go.Scatter(x=wall_clock_ms(kept["timestamp"], tz), y=y, name=name, mode="lines",
                       line=line)
    return trace, len(kept) < len(frame)


def _add_annotations(fig: go.Figure, annotations: pd.DataFrame | None, tz: str | None,
                     lang: str, first: float, last: float) -> list[float]:
    """Draw the notes between first and last; return their x values."""
    if annotations is None or not len(annotations):
        return []
    shown = []
    xs = wall_clock_ms(annotations["timestamp"], tz)
    for x, ts, text in zip(xs, annotations["timestamp"], annotations["text"], strict=True):
        if not first <= x <= last or pd.isna(text) or not str(text).strip():
            continue
        text = str(text).strip()
        shown.append(float(x))
        fig.add_shape(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1,
                      line={"color": ANNOTATION_COLOUR, "width": 1, "dash": "dot"})
        fig.add_annotation(
            x=x, xref="x", y=1, yref="paper", text=_label(text, ANNOTATION_CHARS),
            hovertext=(f"{html.escape(fmt.when(ts, tz, lang), quote=False)}<br>"
                       f"{_label(text, ANNOTATION_HOVER_CHARS)}"),
            showarrow=False, textangle=-90, xanchor="right", yanchor="top",
            font={"size": 11, "color": ANNOTATION_COLOUR})
    return shown


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


def _label(text: str, limit: int) -> str:
    """``text`` shortened to ``limit`` characters and escaped for plotly's HTML-like labels."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return html.escape(text, quote=False)
