"""The restoration outlook drawn on the Overview timeline (``charts.outage_timeline``).

``add_outlook`` adds to that figure a dashed line from the latest figure's time on (the fitted
decay) and a shaded range between the lowest and the highest of the outlook's lines, both in
the legend group "estimate". It returns a new figure; the x axis is
widened to show the projection. A builder like ``charts``: it draws nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import fmt
from .charts import _colour, _zone_name, wall_clock_ms
from .i18n import t
from .outlook import NEARLY_ALL, Outlook

BAND_OPACITY = 0.18
STEPS = 40
# the range is drawn at most this many times as far as the central "practically all" time
MAX_SPAN_FACTOR = 2.0


def add_outlook(figure: go.Figure, outlook: Outlook, tz: str | None, lang: str = "en", *,
                service: str = "power") -> go.Figure:
    """``figure`` (an ``outage_timeline``) with the outlook's estimate and range added."""
    central = outlook.target(NEARLY_ALL)
    span = central.at - outlook.latest_time
    far = outlook.latest_time + span * MAX_SPAN_FACTOR
    end = min(central.latest, far) if central.latest is not None else far
    line = outlook.curve(until=central.at, steps=STEPS)
    band = outlook.curve(until=max(end, central.at), steps=STEPS)
    colour = _colour(service)
    name = t("legend.estimate", lang)
    hover = (f"{name}<br>%{{x|{fmt.plotly_time_format(lang)}}} ({_zone_name(tz)}): "
             f"%{{y:{fmt.plotly_number_format(0)}}}<extra></extra>")
    band_x = np.concatenate([_x(band, tz), _x(band, tz)[::-1]])
    band_y = np.concatenate([band["low"].to_numpy(), band["high"].to_numpy()[::-1]])
    traces = [
        {"type": "scatter", "x": band_x, "y": np.round(band_y), "mode": "lines",
         "fill": "toself", "fillcolor": _rgba(colour, BAND_OPACITY), "line": {"width": 0},
         "name": t("legend.estimate_range", lang), "legendgroup": "estimate",
         "hoverinfo": "skip"},
        {"type": "scatter", "x": _x(line, tz), "y": np.round(line["customers_out"].to_numpy()),
         "mode": "lines", "line": {"color": colour, "dash": "dash", "width": 2},
         "name": name, "legendgroup": "estimate", "hovertemplate": hover},
    ]
    layout = figure.layout.to_plotly_json()
    x_range = list(layout.get("xaxis", {}).get("range") or [])
    if len(x_range) == 2:
        first, last = float(x_range[0]), float(band_x.max())
        layout["xaxis"]["range"] = [first, last + (last - first) * 0.02]
    data = [trace.to_plotly_json() for trace in figure.data] + traces
    return go.Figure(data=data, layout=layout, _validate=False)


def _x(frame: pd.DataFrame, tz: str | None) -> np.ndarray:
    return wall_clock_ms(frame["timestamp"], tz)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"
