"""Live refresh: an open page checks the store for a newer version of its dataset every
``config.refresh_seconds()`` (OUTAGES_REFRESH_SECONDS) and runs the whole page again only when
the newest version changed.

A followed view (the default dataset, or one picked on the page) then shows the new version;
a pinned one (a shared link naming a version) keeps showing what the link showed and gets the
"newer version" notice that ``page.begin`` draws. Between checks only this fragment runs: a
caption "Updated hh:mm" (the last check, in the dataset's zone) and, when the figures are
older than the dataset's cadence, a warning that says how that cadence was found.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from outages import config, fmt, freshness
from outages.viewstate import is_live

from . import data
from .pagetype import Page


def watch(page: Page, expected: str) -> None:
    """Draw the refresh status of ``page``; ``expected`` is the newest version of its dataset
    as this run found it (the page's own id when it shows the newest)."""
    seconds = config.refresh_seconds()
    st.fragment(_status, run_every=seconds)(page, expected, seconds)


def _status(page: Page, expected: str, seconds: float | None) -> None:
    try:
        newest = data.latest_version(page.ds.id)
    except KeyError:  # deleted meanwhile: the page's own checks say so
        newest = None
    if newest != expected:
        st.rerun()
    now = pd.Timestamp.now(tz="UTC")
    when = fmt.clock(now, page.tz)
    if seconds is None:
        st.caption(page.t("live.updated", time=when))
    else:
        every = fmt.hours(seconds / 3600, page.lang) if seconds >= 60 else \
            page.t("unit.seconds", value=fmt.number(seconds, page.lang))
        st.caption(page.t("live.updated_every", time=when, every=every))
    late = late_by(page, now)
    if late is not None:
        age, cadence = late
        text = page.t("live.late", age=fmt.hours(age.total_seconds() / 3600, page.lang),
                      cadence=fmt.hours(cadence.minutes / 60, page.lang))
        st.warning(f"{text} ({page.t(f'live.cadence_{cadence.source}')})",
                   icon=":material/schedule:")


def late_by(page: Page, now: pd.Timestamp) -> tuple[pd.Timedelta, freshness.Cadence] | None:
    """(how old the newest figures are, the cadence) when they are overdue, else None. The
    observation times are read only for a live dataset without a cadence in its metadata."""
    ds = page.ds
    live = is_live(ds.end, ds.metadata, now)
    if freshness.given_minutes(ds.metadata) is None and not live:
        return None
    times = data.moments(ds.id, page.service) if live else pd.DatetimeIndex([], tz="UTC")
    expected = freshness.cadence(ds.metadata, times)
    age = freshness.overdue(ds.end, now, expected, live=live)
    return None if age is None or expected is None else (age, expected)
