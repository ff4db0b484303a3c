"""The time window slider: wall-clock time in the dataset's zone, UTC in the view state.

The whole time range means no window (start and end left out of the address).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from outages.i18n import t

from . import state
from .pagetype import Page

KEY = "window"
# Slider formats (moment.js); Ukrainian months as numbers, as in the charts.
FORMATS = {"en": "D MMM YYYY, HH:mm", "uk": "DD.MM.YYYY, HH:mm"}
STEPS = ((timedelta(days=2), timedelta(minutes=15)), (timedelta(days=45), timedelta(hours=1)))
LONG_STEP = timedelta(days=1)


def step_for(span: pd.Timedelta) -> timedelta:
    """A slider step that gives a few hundred stops over ``span``."""
    for longest, step in STEPS:
        if span <= longest:
            return step
    return LONG_STEP


def local(ts: pd.Timestamp, tz: str) -> datetime:
    """An aware time as naive wall-clock time in ``tz``."""
    return ts.tz_convert(tz).tz_localize(None).to_pydatetime()


def to_utc(wall: datetime, tz: str) -> pd.Timestamp:
    """Naive wall-clock time in ``tz`` as UTC; a time in a DST gap moves forward, a repeated
    one takes its first occurrence."""
    stamp = pd.Timestamp(wall).tz_localize(tz, ambiguous=True, nonexistent="shift_forward")
    return stamp.tz_convert("UTC")


def bounds_from(values: tuple[datetime, datetime], first: datetime, last: datetime,
                tz: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The window a slider position means: an end at the data's edge is no bound."""
    low, high = values
    start = None if low <= first else to_utc(low, tz)
    end = None if high >= last else to_utc(high, tz)
    return start, end


def window_slider(page: Page) -> None:
    """The time window slider (nothing when the dataset spans a single instant)."""
    ds = page.ds
    if ds.start is None or ds.end is None or ds.start >= ds.end:
        return
    first, last = local(ds.start, page.tz), local(ds.end, page.tz)
    vs = page.vs
    low = local(min(max(vs.start, ds.start), ds.end), page.tz) if vs.start is not None else first
    high = local(max(min(vs.end, ds.end), ds.start), page.tz) if vs.end is not None else last
    state.show(KEY, (low, high))

    def changed() -> None:
        start, end = bounds_from(st.session_state[KEY], first, last, page.tz)
        state.write(state.saved().with_(start=start, end=end))

    st.slider(t("picker.window", page.lang, zone=page.tz), min_value=first, max_value=last,
              step=step_for(ds.end - ds.start), format=FORMATS[page.lang], key=KEY,
              on_change=changed, help=t("picker.window_help", page.lang))
