"""The Schedules page's parts: choosing a schedule (a bundled sample or a file opened here),
its heatmaps, and the measured figures of the same area beside it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from outages import fmt, schedulecharts, schedules
from outages.errors import InputError
from outages.i18n import t
from outages.limits import MAX_SCHEDULE_BYTES
from outages.metrics import Window
from outages.schedules import Schedule

from . import data
from .text import localized, md, short

UPLOAD_KEY = "schedule_file"
CHART = {"displaylogo": False}


@st.cache_data(max_entries=8)
def _read(raw: bytes, name: str) -> Schedule:
    return schedules.read(raw, name)


def choose(lang: str) -> Schedule | None:
    """The schedule to show: a file opened here, else the bundled sample picked; None (and the
    reason, drawn) when there is none or it cannot be read."""
    st.caption(t("schedules.intro", lang))
    samples = {p.name: p for p in schedules.samples()}
    picked = None
    if samples:
        picked = st.selectbox(t("schedules.pick", lang), list(samples), key="schedule_sample")
    upload = st.file_uploader(t("schedules.upload", lang), type=["json"], key=UPLOAD_KEY,
                              max_upload_size=max(1, MAX_SCHEDULE_BYTES // 1024**2))
    if upload is not None:
        raw, name = upload.getvalue(), Path(upload.name).name
    elif picked is not None:
        raw, name = samples[picked].read_bytes(), picked
    else:
        st.info(t("schedules.none", lang))
        return None
    try:
        return _read(raw, name)
    except InputError as exc:
        lines = "\n".join(f"- {md(p.text(lang))}" for p in exc.problems[:20])
        st.error(f"**{t('schedules.rejected', lang)}**\n\n{lines}")
        return None


def about(schedule: Schedule, lang: str) -> None:
    region = schedule.region_id or t("schedules.region_unknown", lang)
    st.markdown(md(t("schedules.about", lang, file=schedule.file, area=short(schedule.area),
                     region=region, updated=schedule.updated,
                     groups=", ".join(schedule.groups),
                     days=", ".join(d.isoformat() for d in schedule.days))))


def heatmaps(schedule: Schedule, lang: str) -> None:
    st.subheader(t("schedules.hours_title", lang))
    st.plotly_chart(schedulecharts.hours_heatmap(schedule, lang), key="schedule_off",
                    config=CHART)
    st.subheader(t("schedules.maybe_title", lang))
    if schedule.maybe.any():
        st.plotly_chart(schedulecharts.hours_heatmap(schedule, lang, "maybe"),
                        key="schedule_maybe", config=CHART)
    else:
        st.caption(t("schedules.no_maybe", lang))


def beside_measured(schedule: Schedule, lang: str) -> None:
    """Planned hours a day beside the measured figures of the same region, from the first stored
    dataset with power figures there on the schedule's days; says so when there is none."""
    st.subheader(t("schedules.beside_title", lang))
    if schedule.region_id is None:
        st.info(t("schedules.no_region", lang, key=schedule.region_key))
        return
    for ds in data.datasets():
        if "power" not in ds.services:
            continue
        if schedule.region_id not in set(data.regions(ds.id)["region_id"]):
            continue
        window = Window(service="power", regions=(schedule.region_id,))
        measured = schedules.measured_by_day(data.selection(ds.id, window), schedule.region_id,
                                             schedule.days)
        if measured.empty:
            continue
        st.caption(t("schedules.measured_from", lang, dataset=short(localized(ds.name, lang)),
                     region=schedule.region_id))
        st.dataframe(_beside(schedule, measured, lang), hide_index=True, key="schedule_beside")
        return
    st.info(t("schedules.no_measured", lang, region=schedule.region_id))


def _beside(schedule: Schedule, measured: pd.DataFrame, lang: str) -> pd.DataFrame:
    planned = schedules.planned_by_day(schedule).join(measured, how="left")
    return pd.DataFrame({
        t("schedules.col_day", lang): [d.isoformat() for d in planned.index],
        t("schedules.col_planned", lang): [fmt.hours(v, lang) for v in planned["planned_mean"]],
        t("schedules.col_planned_range", lang): [
            f"{fmt.number(a, lang, 1)}-{fmt.number(b, lang, 1)}"
            for a, b in zip(planned["planned_min"], planned["planned_max"], strict=True)],
        t("schedules.col_hours_out", lang): [fmt.hours(v, lang) for v in planned["hours_out"]],
        t("schedules.col_customer_hours", lang): [
            fmt.number(v, lang) if not fmt.is_missing(v) else fmt.none_text(lang)
            for v in planned["customer_hours"]],
    })
