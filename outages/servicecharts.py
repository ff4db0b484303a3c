"""The figure of services side by side (outages.services): restoration % per service on one time
axis, with the times each reached 50 % and 90 % marked and the lag behind the reference service
drawn as a bracket at that level, labelled at its end in a chip of the service's colour. Builds
a go.Figure, draws nothing; labels from outages.i18n, numbers and times from outages.fmt.

``fig.layout.meta`` carries what the figure shows, for tests and the page: the reference service,
each lag ({"service", "level", "hours"}) and whether a line was thinned.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from . import fmt
from .charts import OTHER_COLOUR, SERVICE_COLOURS, points_per_line, wall_clock_ms
from .i18n import t
from .metrics import downsample_max
from .services import LEVELS, Comparison, service_name

LEVEL_COLOUR = "#888888"
LINE_WIDTH = 3
MARKER_SIZE = 10
X_MARGIN = 0.03


def restoration_by_service(comparison: Comparison, tz: str | None, lang: str = "en", *,
                           max_points: int = 2000) -> go.Figure:
    """Restoration % per service over time, one step line each, with the lags annotated."""
    zone = html.escape(str(tz or "UTC"), quote=False)
    time_format = f"{fmt.plotly_time_format(lang)} ({zone})"
    label = t("services.hover", lang)
    budget = points_per_line(len(comparison.services), max_points)
    traces, shapes, notes, xs = [], [], [], []
    thinned = False

    for s in comparison.services:
        colour = SERVICE_COLOURS.get(s.service, OTHER_COLOUR)
        name = html.escape(service_name(s.service, lang), quote=False)
        curve = s.curve[s.curve["restored_pct"].notna()]
        kept = downsample_max(curve, "timestamp", "customers_out", budget)
        thinned |= len(kept) < len(curve)
        x = wall_clock_ms(kept["timestamp"], tz)
        xs.extend([float(x.min()), float(x.max())])
        traces.append(go.Scatter(
            x=x, y=kept["restored_pct"].to_numpy(), name=name, mode="lines",
            line={"color": colour, "width": LINE_WIDTH, "shape": "hv"}, legendgroup=s.service,
            hovertemplate=(f"{name}<br>%{{x|{time_format}}}<br>{label}: "
                           f"%{{y:{fmt.plotly_number_format(1)}}}{fmt.NBSP}%<extra></extra>")))

        marks = [(level, s.reached_at(level)) for level in LEVELS if s.reached_at(level)]
        if not marks:
            continue
        mark_x = wall_clock_ms([at for _, at in marks], tz)
        texts = []
        for (level, at), x_at in zip(marks, mark_x, strict=True):
            pct = fmt.percent(level, lang, 0)
            text = f"{t('services.marker', lang, service=name, level=pct)}<br>" \
                   f"{html.escape(fmt.when(at, tz, lang), quote=False)}"
            lag = comparison.lag(s.service, level)
            if lag is not None and lag.hours is not None:
                shown = _signed(lag.hours, lang)
                text += f" ({shown})"
                ref_at = comparison.get(comparison.reference).reached_at(level)
                ref_x = float(wall_clock_ms([ref_at], tz)[0])
                shapes.append({"type": "line", "xref": "x", "yref": "y", "x0": ref_x,
                               "x1": float(x_at), "y0": level, "y1": level,
                               "line": {"color": colour, "width": 2}})
                notes.append({"x": float(x_at), "y": level, "xref": "x", "yref": "y",
                              "text": shown, "showarrow": False, "xanchor": "left",
                              "xshift": MARKER_SIZE, "yanchor": "middle", "bgcolor": colour,
                              "borderpad": 2, "font": {"color": "white", "size": 12}})
            texts.append(text)
        traces.append(go.Scatter(
            x=mark_x, y=[level for level, _ in marks], mode="markers", name=name,
            legendgroup=s.service, showlegend=False, hovertext=texts, hoverinfo="text",
            marker={"color": colour, "size": MARKER_SIZE, "line": {"color": "white",
                                                                  "width": 1}}))

    # the longest brackets first, so that a shorter one at the same level is drawn over them
    shapes.sort(key=lambda b: -abs(b["x1"] - b["x0"]))
    for level in LEVELS:
        shapes.append({"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
                       "y0": level, "y1": level, "layer": "below",
                       "line": {"color": LEVEL_COLOUR, "width": 1, "dash": "dot"}})
    first, last = min(xs), max(xs)
    margin = max(last - first, 3_600_000.0) * X_MARGIN
    meta = {"reference": comparison.reference, "downsampled": thinned,
            "lags": [{"service": g.service, "level": g.level, "hours": g.hours}
                     for g in comparison.lags]}
    fig = go.Figure(traces)
    fig.update_layout(
        meta=meta, separators=fmt.plotly_separators(lang), hovermode="closest",
        shapes=shapes, annotations=notes, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        xaxis={"type": "date", "range": [first - margin, last + margin],
               "title": {"text": t("axis.time", lang, zone=zone)},
               "tickformatstops": fmt.plotly_tick_format_stops(lang)},
        yaxis={"title": {"text": t("services.axis", lang)}, "range": [0, 101],
               "tickvals": [0, 25, *LEVELS, 100], "ticksuffix": f"{fmt.NBSP}%"})
    return fig


def _signed(hours: float, lang: str) -> str:
    """A lag as "+4 h", "−30 min" or "0 min"."""
    sign = "+" if hours > 0 else "−" if hours < 0 else ""
    return sign + fmt.hours(abs(hours), lang)
