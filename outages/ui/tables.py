"""Sortable tables: numbers and times formatted by outages.fmt, sorted by their values.

A pandas Styler carries the formatted text; the grid sorts on the underlying values.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from outages import fmt

from .pagetype import Page

# Column kinds: how a value is shown.
TEXT, NUMBER, PERCENT, HOURS, TIME = "text", "number", "percent", "hours", "time"


def _formatter(kind: str, page: Page) -> Callable[[object], str] | None:
    lang = page.lang
    return {
        NUMBER: lambda v: fmt.number(v, lang),
        PERCENT: lambda v: fmt.percent(v, lang),
        HOURS: lambda v: fmt.hours(v, lang),
        TIME: page.when,
        TEXT: lambda v: fmt.NONE_TEXT if fmt.is_missing(v) else str(v),
    }.get(kind)


def show(page: Page, frame: pd.DataFrame, columns: dict[str, tuple[str, str]], *,
         key: str, height: int | str = "auto") -> None:
    """``frame``'s ``columns`` ({column: (label, kind)}) as a sortable table."""
    view = frame[list(columns)].reset_index(drop=True)
    styler = view.style.format({c: _formatter(kind, page) for c, (_, kind) in columns.items()},
                               na_rep=fmt.NONE_TEXT)
    config = {c: st.column_config.Column(label) for c, (label, _) in columns.items()}
    st.dataframe(styler, column_config=config, hide_index=True, key=key, height=height,
                 placeholder=fmt.NONE_TEXT)
