"""Overview: key figures, customers out over time with annotations, and a small map."""

import streamlit as st

from outages import charts
from outages.ui import data, kpi, mapview, outlookview, page, slots
from outages.ui import services as side_by_side
from outages.ui.text import md, service_label

p, controls = page.begin_staged("overview")
services = (p.vs.service,) if p.vs.service else p.services
summaries = {s.service: s for s in data.summary(p.ds.id, p.window) if s.service in services}

if not any(s.latest_time is not None for s in summaries.values()):
    st.info(f"**{p.t('empty.no_data_in_window')}**. {md(p.t('empty.no_data_in_window_help'))}")
    controls()
else:
    for service in services:
        if service not in summaries or summaries[service].latest_time is None:
            continue
        if len(services) > 1:
            st.subheader(service_label(service, p.lang))
        kpi.show(p, summaries[service], paint_first=True)
    controls()  # after the cards: a first visit sees them before the controls, chart and map

    with slots.drawing():  # under a burst, the cards go out while charts wait their turn
        st.subheader(p.t("overview.chart_title"))
        series = {s: data.cumulative(p.ds.id, p.window_for(s)) for s in services}
        figure = charts.outage_timeline(series, data.annotations(p.ds, p.lang), p.tz, p.lang,
                                        primary=p.service)
        figure, outlook = outlookview.add(p, figure, series)
        st.plotly_chart(figure, key="timeline", config={"displaylogo": False})
        if figure.layout.meta and figure.layout.meta.get("downsampled"):
            points = p.number(figure.layout.meta["points_per_line"])
            st.caption(p.t("chart.downsampled", points=points))
        outlookview.show(p, outlook)
        side_by_side.show(p, summaries, series)

        mapview.small_map(p)

with st.expander(p.t("dataset.about")):
    page.about(p)
page.caveats(p)
