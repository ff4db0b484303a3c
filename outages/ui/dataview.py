"""The Data page's parts: the catalog of stored datasets and downloads of the selection."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outages import export, fmt
from outages.metrics import Window
from outages.store import DatasetInfo

from . import data, tables
from .pagetype import Page
from .text import localized, service_label, short, zone_name

FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "parquet": "Parquet"}
MIME = {"csv": "text/csv", "json": "application/json",
        "parquet": "application/vnd.apache.parquet"}


def catalog_frame(page: Page, versions: list[DatasetInfo]) -> pd.DataFrame:
    """One row a stored dataset version, times in each dataset's own zone."""
    lang = page.lang

    def span(d: DatasetInfo) -> str:
        tz, _ = zone_name(d.metadata)
        return f"{fmt.when(d.start, tz, lang)} – {fmt.when(d.end, tz, lang)}"

    return pd.DataFrame({
        "name": [short(localized(d.name, lang)) for d in versions],
        "version": [page.t("data.version.older" if d.superseded_by else "data.version.current")
                    for d in versions],
        "services": [", ".join(service_label(s, lang) for s in d.services) for d in versions],
        "time_range": [span(d) for d in versions],
        "rows": [d.rows for d in versions],
        "regions": [d.regions for d in versions],
        "source": [short(localized(d.source or d.metadata.get("source") or "", lang), 200)
                   for d in versions],
        "licence": [short(localized(d.licence or d.metadata.get("licence") or "", lang), 120)
                    for d in versions],
        "loaded": [fmt.when(d.created_at, "UTC", lang) for d in versions],
        "id": [d.id for d in versions],
    })


def catalog(page: Page) -> None:
    frame = catalog_frame(page, data.all_versions())
    tables.show(page, frame, {
        "name": (page.t("col.name"), tables.TEXT),
        "version": (page.t("col.version"), tables.TEXT),
        "services": (page.t("col.services"), tables.TEXT),
        "time_range": (page.t("col.time_range"), tables.TEXT),
        "rows": (page.t("col.rows"), tables.NUMBER),
        "regions": (page.t("col.regions"), tables.NUMBER),
        "source": (page.t("source.label"), tables.TEXT),
        "licence": (page.t("licence.label"), tables.TEXT),
        "loaded": (page.t("col.loaded"), tables.TEXT),
        "id": (page.t("data.id"), tables.TEXT),
    }, key="catalog")


@st.cache_data(show_spinner=False, max_entries=64)
def _selection_rows(url: str, dataset_id: str, window: Window) -> int:
    return data.count(dataset_id, window)


def export_metadata(page: Page) -> dict:
    """What a JSON download says about itself: the dataset, the selection and its caveats."""
    ds = page.ds
    return {
        "dataset_id": ds.id, "name": ds.name,
        "source": ds.source or ds.metadata.get("source") or "",
        "licence": ds.licence or ds.metadata.get("licence") or "",
        "selection": page.vs.with_(page="overview", lang="en").to_query(),
        "caveats": list(ds.metadata.get("caveats") or []),
        "illustrative": ds.metadata.get("illustrative") or None,
        "timezone": page.tz,
    }


def downloads(page: Page) -> None:
    """The selection's row count and one download button a format; files are made on click."""
    window = page.window
    rows = _selection_rows(data.store_url(), page.ds.id, window)
    st.caption(page.t("data.selection", rows=page.number(rows)))
    metadata = export_metadata(page)

    def maker(kind: str):
        return lambda: export.export(data.selection(page.ds.id, window), kind, metadata)

    with st.container(horizontal=True):
        for kind in export.FORMATS:
            st.download_button(page.t("data.download", format=FORMAT_NAMES[kind]), maker(kind),
                               file_name=f"{page.ds.id}.{kind}", mime=MIME[kind],
                               key=f"download_{kind}", on_click="ignore",
                               icon=":material/download:", disabled=rows == 0)
