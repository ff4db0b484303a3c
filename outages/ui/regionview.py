"""The Regions page's parts: the per-region table, the region picker and the side-by-side view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outages import fmt
from outages.viewstate import MAX_REGIONS, REGION_ID

from . import state, tables
from .pagetype import Page
from .text import examples, md, short

PICK_KEY = "regions"
WORST = 5


def _columns(page: Page) -> dict[str, tuple[str, str]]:
    return {
        "region_name": (page.t("col.region"), tables.TEXT),
        "region_id": (page.t("col.region_id"), tables.TEXT),
        "peak_customers_out": (page.t("kpi.peak"), tables.NUMBER),
        "peak_time": (page.t("col.peak_time"), tables.TIME),
        "latest_customers_out": (page.t("col.latest"), tables.NUMBER),
        "customers_cut_off": (page.t("kpi.cut_off"), tables.NUMBER),
        "customers_restored": (page.t("kpi.restored"), tables.NUMBER),
        "restored_pct": (page.t("kpi.restored_pct"), tables.PERCENT),
        "customer_hours": (page.t("kpi.customer_hours"), tables.NUMBER),
        "customers_total": (page.t("kpi.customers_served"), tables.NUMBER),
        "pct_out_latest": (page.t("kpi.pct_out_latest"), tables.PERCENT),
    }


def by_peak(frame: pd.DataFrame) -> pd.DataFrame:
    """``metrics.by_region`` rows, highest peak first (ties by region id)."""
    return frame.sort_values(["peak_customers_out", "region_id"], ascending=[False, True],
                             kind="stable", ignore_index=True)


def table(page: Page, frame: pd.DataFrame) -> None:
    tables.show(page, by_peak(frame), _columns(page), key="regions_table")


def names(frame: pd.DataFrame) -> dict[str, str]:
    """Region id -> the name to show; a name shared by several regions gets its id added."""
    ids = frame["region_id"].astype(str)
    shown = frame["region_name"].astype("string").fillna(frame["region_id"]).map(short)
    shared = shown.duplicated(keep=False)
    shown = shown.where(~shared, shown + " (" + ids + ")")
    return dict(zip(ids, shown.astype(str), strict=True))


def worst(frame: pd.DataFrame, count: int = WORST) -> tuple[str, ...]:
    return tuple(by_peak(frame)["region_id"].astype(str).head(count))


def picker(page: Page, frame: pd.DataFrame, labels: dict[str, str]) -> tuple[str, ...]:
    """The multiselect bound to the state's regions; returns those in ``frame``."""
    ids = list(by_peak(frame)["region_id"].astype(str))
    options = [r for r in ids if REGION_ID.fullmatch(r)]
    options += [r for r in page.vs.regions if r not in labels]  # other services' regions
    state.show(PICK_KEY, list(page.vs.regions))
    st.multiselect(page.t("regions.pick"), options, key=PICK_KEY,
                   format_func=lambda r: labels.get(r, r), max_selections=MAX_REGIONS,
                   help=page.t("regions.pick_help"), placeholder=page.t("regions.pick_placeholder"),
                   on_change=state.changer(PICK_KEY, "regions", lambda v: tuple(v)))
    unlinkable = sorted(r for r in ids if not REGION_ID.fullmatch(r))
    if unlinkable:
        st.caption(md(page.t("regions.not_linkable", count=len(unlinkable),
                             examples=examples(unlinkable, 3))))
    return tuple(r for r in page.vs.regions if r in labels)


def comparison(page: Page, frame: pd.DataFrame, picked: tuple[str, ...],
               labels: dict[str, str]) -> None:
    """The picked regions' figures side by side: one column a region, one row a figure."""
    rows = frame.set_index(frame["region_id"].astype(str)).loc[list(picked)]
    formatters = {tables.NUMBER: lambda v: fmt.number(v, page.lang),
                  tables.PERCENT: lambda v: fmt.percent(v, page.lang),
                  tables.TIME: page.when}
    figures = {label: [formatters[kind](v) for v in rows[column]]
               for column, (label, kind) in _columns(page).items() if kind in formatters}
    side = pd.DataFrame(figures, index=[labels[r] for r in picked]).T
    side.index.name = page.t("col.figure")
    st.dataframe(side, key="regions_compare", placeholder=fmt.NONE_TEXT)
