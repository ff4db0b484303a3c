"""The restoration outlook on the Overview: the estimate drawn on the timeline and its times
(in the dataset's zone, labelled an estimate, with the model in one sentence), or the reason
there is none. The projection itself is ``outages.outlook``."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from outages import fmt, outlook
from outages.outlookchart import add_outlook
from outages.viewstate import is_live

from .pagetype import Page


def add(p: Page, figure: go.Figure, series: Mapping[str, pd.DataFrame]
        ) -> tuple[go.Figure, outlook.Outlook | outlook.NoOutlook]:
    """The outlook of the service the timeline's cumulative curves are drawn for, and the
    figure with it drawn when there is one."""
    frame = series.get(p.service)
    if frame is None or not len(frame):
        frame = next((f for f in series.values() if len(f)), None)
    if frame is None:
        return figure, outlook.NoOutlook("empty")
    result = outlook.project(frame["timestamp"], frame["customers_out"], model=outlook.MODEL)
    if isinstance(result, outlook.Outlook):
        figure = add_outlook(figure, result, p.tz, p.lang, service=p.service)
    return figure, result


def show(p: Page, result: outlook.Outlook | outlook.NoOutlook) -> None:
    """The projected times with the label "estimate", or why there are none."""
    if isinstance(result, outlook.NoOutlook):
        reason = p.t(f"outlook.reason.{result.reason}", points=result.points,
                     needed=outlook.MIN_POINTS, days=round(outlook.HORIZON_HOURS / 24))
        st.caption(p.t("outlook.none", reason=reason))
        return
    st.markdown(f"**{p.t('outlook.title')}**")
    st.markdown("\n".join(f"- {_target_line(p, target)}" for target in result.targets))
    common = {"peak": p.number(result.peak), "peak_time": p.when(result.peak_time),
              "points": p.number(result.points)}
    if result.model == "linear":
        model = p.t("outlook.model_linear", per_hour=p.number(result.rate_per_hour), **common)
    else:
        model = p.t("outlook.model", half_life=fmt.hours(result.half_life_hours, p.lang),
                    **common)
    live = is_live(p.ds.end, p.ds.metadata) and (p.vs.end is None or p.vs.end >= p.ds.end)
    when = p.t("outlook.live" if live else "outlook.historical", time=p.when(result.latest_time))
    st.caption(f"{p.t('outlook.estimate')}. {when} {model}")


def _target_line(p: Page, target: outlook.Target) -> str:
    key = "90" if target.share == 0.9 else "99"
    if target.reached:
        return p.t(f"outlook.reached_{key}", at=p.when(target.at))
    line = p.t(f"outlook.target_{key}", at=p.when(target.at))
    earliest = p.when(target.earliest)
    latest = p.when(target.latest) if target.latest is not None else p.t("outlook.open_end")
    if earliest == latest:  # the halves agree to the minute
        return line
    return f"{line} ({p.t('outlook.range', earliest=earliest, latest=latest)})"
