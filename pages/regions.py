"""Regions: per-region figures in a sortable table, restoration curves and a side-by-side view."""

import streamlit as st

from outages import charts
from outages.ui import data, page, regionview
from outages.ui.text import md, service_label

p = page.begin("regions")
service = p.service
if p.vs.service is None and len(p.services) > 1:
    st.caption(p.t("regions.one_service", service=service_label(service, p.lang)))

everyone = data.by_region(p.ds.id, p.window_for(service, regions=()))
if everyone.empty:
    st.info(f"**{p.t('empty.no_data_in_window')}**. {md(p.t('empty.no_data_in_window_help'))}")
    st.stop()

st.subheader(p.t("regions.table_title"))
regionview.table(p, everyone)

st.subheader(p.t("regions.curves_title"))
names = regionview.names(everyone)
picked = regionview.picker(p, everyone, names)
shown = picked or regionview.worst(everyone)
if not picked:
    st.caption(p.t("regions.top_note", count=len(shown)))
curves = {r: data.cumulative(p.ds.id, p.window_for(service, regions=(r,))) for r in shown}
st.plotly_chart(charts.restoration_curves(curves, p.tz, p.lang, names=names),
                key="restoration", config={"displaylogo": False})

st.subheader(p.t("regions.compare_title"))
if len(picked) >= 2:
    regionview.comparison(p, everyone, picked, names)
else:
    st.caption(p.t("regions.compare_hint"))
