"""Services side by side on the Overview: restoration % per service on one axis and how long
each came back after power, when the dataset has two services or more and none is picked."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from outages import servicecharts, services
from outages.metrics import ServiceSummary

from .pagetype import Page
from .text import md


def show(page: Page, summaries: Mapping[str, ServiceSummary],
         series: Mapping[str, pd.DataFrame]) -> None:
    """The section, or nothing (one service picked, or fewer than two with customers out)."""
    if page.vs.service is not None or len(page.services) < 2:
        return
    comparison = services.compare(series, summaries)
    if comparison is None:
        return
    st.subheader(page.t("services.title"))
    reference = services.service_name(comparison.reference, page.lang).lower()
    st.caption(md(page.t("services.help", reference=reference)))
    figure = servicecharts.restoration_by_service(comparison, page.tz, page.lang)
    st.plotly_chart(figure, key="services_chart", config={"displaylogo": False})
    lines = services.describe(comparison, page.tz, page.lang)
    st.markdown("\n".join(f"- {md(line)}" for line in lines))
