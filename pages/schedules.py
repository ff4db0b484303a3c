"""Schedules: planned hours without power per queue group and day from an outage-queue schedule,
and the measured figures of the same area beside the plan."""

import streamlit as st

from outages.ui import page, scheduleview

vs = page.begin_plain("schedules")
schedule = scheduleview.choose(vs.lang)
if schedule is None:
    st.stop()

scheduleview.about(schedule, vs.lang)
scheduleview.heatmaps(schedule, vs.lang)
scheduleview.beside_measured(schedule, vs.lang)
