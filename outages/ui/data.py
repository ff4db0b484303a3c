"""Cached access to the store and to the figures the pages draw.

The store handle and whole dataset tables are held in ``st.cache_resource`` (shared, never
copied: treat them as read-only). Dataset versions never change once stored (the id names the
content), so a table cached under its id stays right. Small results (summaries, series, map
frames) go through ``st.cache_data``, keyed by store URL, dataset id and the selection.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outages import boundaries, bundled, charts, metrics, prepared
from outages.i18n.samples import translated
from outages.metrics import Window
from outages.store import DatasetInfo, Store, default_url, open_store

TABLES_KEPT = 8  # whole datasets held in memory at once


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = open_store(url)
    bundled.ensure(store)
    return store


def store_url() -> str:
    return default_url()


def store() -> Store:
    """The store this server uses (OUTAGES_DB_URL or data/outages.db), seeded on first use."""
    return _store(store_url())


@st.cache_resource(show_spinner=False, max_entries=TABLES_KEPT)
def _table(url: str, dataset_id: str) -> pd.DataFrame:
    return _store(url).load(dataset_id)


@st.cache_resource(show_spinner=False, max_entries=TABLES_KEPT)
def _prepared(url: str, dataset_id: str) -> prepared.Prepared:
    """The dataset's pre-aggregates, built once per version (memory-mapped from the cache
    beside the store when another process built them): every figure below comes from them,
    not from the raw rows, so a view change does not rescan the table."""
    return prepared.load(_store(url), dataset_id)


def table(dataset_id: str) -> pd.DataFrame:
    """A dataset's canonical table (shared: never modify it)."""
    return _table(store_url(), dataset_id)


def datasets() -> list[DatasetInfo]:
    """Current dataset versions, newest first (not cached: uploads appear at once)."""
    return store().list_datasets()


def info(dataset_id: str) -> DatasetInfo | None:
    return store().get(dataset_id)


def all_versions() -> list[DatasetInfo]:
    return store().list_datasets(include_superseded=True)


def latest_version(dataset_id: str) -> str:
    return store().latest_version(dataset_id)


def _annotations(url: str, dataset_id: str, extra: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    # not cached: an editor's note must reach every viewer (and every server process) at once;
    # it is one small indexed query
    stored = _store(url).annotations(dataset_id)
    more = charts.annotation_frame([{"timestamp": ts, "text": text} for ts, text in extra])
    both = pd.concat([stored, more], ignore_index=True) if len(more) else stored
    return both.drop_duplicates().sort_values("timestamp", ignore_index=True)


def annotations(ds: DatasetInfo, lang: str = "en") -> pd.DataFrame:
    """Notes for the time axis: the store's annotations and any left in the metadata (a
    bundled sample's in ``lang``)."""
    items = ds.metadata.get("annotations") or []
    extra = tuple((str(i.get("timestamp")), str(i.get("text"))) for i in items
                  if isinstance(i, dict))
    notes = _annotations(store_url(), ds.id, extra)
    if lang == "en":
        return notes
    texts = notes["text"].map(lambda text: translated(text, lang))
    return notes.assign(text=texts.astype("string"))


@st.cache_data(show_spinner=False, max_entries=256)
def _summary(url: str, dataset_id: str, window: Window) -> list[metrics.ServiceSummary]:
    return _prepared(url, dataset_id).summary(window)


def summary(dataset_id: str, window: Window) -> list[metrics.ServiceSummary]:
    return _summary(store_url(), dataset_id, window)


@st.cache_data(show_spinner=False, max_entries=256)
def _cumulative(url: str, dataset_id: str, window: Window) -> pd.DataFrame:
    return _prepared(url, dataset_id).cumulative(window)


def cumulative(dataset_id: str, window: Window) -> pd.DataFrame:
    """Out, cut off and restored over time for one service (window.service must be set)."""
    return _cumulative(store_url(), dataset_id, window)


@st.cache_data(show_spinner=False, max_entries=256)
def _by_region(url: str, dataset_id: str, window: Window) -> pd.DataFrame:
    return _prepared(url, dataset_id).by_region(window)


def by_region(dataset_id: str, window: Window) -> pd.DataFrame:
    return _by_region(store_url(), dataset_id, window)


@st.cache_data(show_spinner=False, max_entries=64)
def _regions(url: str, dataset_id: str, service: str | None) -> pd.DataFrame:
    return _prepared(url, dataset_id).regions(service)


def regions(dataset_id: str, service: str | None = None) -> pd.DataFrame:
    """region_id and region_name (as last observed) of every region, optionally one service's."""
    return _regions(store_url(), dataset_id, service)


@st.cache_data(show_spinner=False, max_entries=64)
def _moments(url: str, dataset_id: str, service: str, regions: tuple[str, ...]
             ) -> pd.DatetimeIndex:
    return _prepared(url, dataset_id).change_times(service, regions)


def moments(dataset_id: str, service: str, regions: tuple[str, ...] = ()) -> pd.DatetimeIndex:
    """The observation times of one service (of ``regions`` only, when given), in order."""
    return _moments(store_url(), dataset_id, service, regions)


@st.cache_data(show_spinner=False, max_entries=256)
def _frame_at(url: str, dataset_id: str, service: str, at: pd.Timestamp,
              regions: tuple[str, ...]) -> pd.DataFrame:
    return _prepared(url, dataset_id).frame_at(at, service, regions)


def frame_at(dataset_id: str, service: str, at: pd.Timestamp,
             regions: tuple[str, ...] = ()) -> pd.DataFrame:
    """Each region's held figures at ``at`` (only ``regions`` when given)."""
    return _frame_at(store_url(), dataset_id, service, at, regions)


@st.cache_data(show_spinner=False, max_entries=64)
def _level(url: str, dataset_id: str, service: str) -> str | None:
    return boundaries.detect_level(_regions(url, dataset_id, service)["region_id"])


def level(dataset_id: str, service: str) -> str | None:
    """The bundled boundary level most of a service's region ids belong to, or None."""
    return _level(store_url(), dataset_id, service)


def count(dataset_id: str, window: Window) -> int:
    """How many stored rows the selection holds."""
    return _prepared(store_url(), dataset_id).count(window)


def selection(dataset_id: str, window: Window) -> pd.DataFrame:
    """The dataset's rows inside the selection (service, regions, time window), as stored."""
    rows = table(dataset_id)
    keep = pd.Series(True, index=rows.index)
    if window.service is not None:
        keep &= rows["service"] == window.service
    if window.regions:
        keep &= rows["region_id"].isin(window.regions)
    if window.start is not None:
        keep &= rows["timestamp"] >= window.start
    if window.end is not None:
        keep &= rows["timestamp"] <= window.end
    return rows.loc[keep].reset_index(drop=True)
