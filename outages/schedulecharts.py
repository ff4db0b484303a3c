"""Figures for outage-queue schedules (outages.schedules): built here, drawn by the Schedules
page. Every label comes from outages.i18n, every number from outages.fmt."""

from __future__ import annotations

import plotly.graph_objects as go

from . import fmt
from .i18n import t
from .schedules import Schedule

COLOURS = {"off": "Reds", "maybe": "Oranges"}


def hours_heatmap(schedule: Schedule, lang: str = "en", kind: str = "off") -> go.Figure:
    """Hours planned off (``kind`` "off") or possibly off ("maybe") as a heatmap: one row a
    queue group, one column a day, each cell labelled with its hours."""
    hours = schedule.hours(kind)
    days = [d.isoformat() for d in hours.columns]
    text = [[fmt.number(v, lang, 1) for v in row] for row in hours.to_numpy()]
    hover = [[t("schedules.hover", lang, group=g, day=d, hours=fmt.number(v, lang, 1))
              for d, v in zip(days, row, strict=True)]
             for g, row in zip(hours.index, hours.to_numpy(), strict=True)]
    fig = go.Figure(go.Heatmap(
        z=hours.to_numpy(), x=days, y=list(hours.index), text=text, texttemplate="%{text}",
        hovertext=hover, hoverinfo="text", colorscale=COLOURS[kind], zmin=0, zmax=24,
        colorbar={"title": {"text": t("schedules.axis_hours", lang)}}, xgap=2, ygap=2))
    fig.update_layout(
        separators=fmt.plotly_separators(lang), height=120 + 28 * len(hours.index),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"title": {"text": t("schedules.axis_day", lang)}, "type": "category",
               "side": "top"},
        yaxis={"title": {"text": t("schedules.axis_group", lang)}, "autorange": "reversed",
               "type": "category"})
    return fig
