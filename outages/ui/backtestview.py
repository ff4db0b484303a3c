"""The Data page's table of the restoration outlook backtest (data/backtest.json, made by
``python -m bench.backtest``): how far the estimate was off on past events, against a naive
guess."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from outages import config
from outages.i18n import MESSAGES

from . import tables
from .pagetype import Page

FILE = "backtest.json"


@st.cache_data(show_spinner=False, max_entries=4)
def _figures(path: str, mtime: float) -> dict | None:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def figures(folder: Path | None = None) -> dict | None:
    """The shipped backtest figures, or None when there are none (or they cannot be read)."""
    path = (folder or config.data_dir()) / FILE
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return _figures(str(path), mtime)


def frame(page: Page, figures: dict) -> pd.DataFrame:
    """One row per source, level, checkpoint and target."""
    rows = []
    for result in figures.get("results", []):
        for row in result.get("rows", []):
            rows.append({
                "source": str(result.get("source", "")),
                "level": page.t(f"backtest.level.{result.get('level')}"),
                "model": _model(page, row.get("model")),
                "checkpoint": row["checkpoint"],
                "target": page.t(f"backtest.target.{row['target']}"),
                "episodes": row["episodes"], "projected": row["projected"],
                "median": row["median_h"], "p90": row["p90_h"],
                "naive_median": row["naive_median_h"], "naive_p90": row["naive_p90_h"],
                "in_range": row["in_range_pct"]})
    return pd.DataFrame(rows, columns=["source", "level", "model", "checkpoint", "target",
                                       "episodes",
                                       "projected", "median", "p90", "naive_median",
                                       "naive_p90", "in_range"])


def show(page: Page) -> None:
    """The backtest's title, what it is and its table; a line saying it is missing."""
    st.subheader(page.t("backtest.title"))
    found = figures()
    if not found or not found.get("results"):
        st.caption(page.t("backtest.missing"))
        return
    shown = _model(page, found.get("model"))
    st.caption(page.t("backtest.intro", command=found.get("command", ""),
                      made=found.get("made", "")) + " " + page.t("backtest.shown", model=shown))
    columns = {"source": "source", "level": "level", "model": "model", "checkpoint": "checkpoint",
               "target": "target", "episodes": "episodes", "projected": "projected",
               "median": "median", "p90": "p90", "naive_median": "naive_median",
               "naive_p90": "naive_p90", "in_range": "in_range"}
    kinds = {"source": tables.TEXT, "level": tables.TEXT, "model": tables.TEXT,
             "checkpoint": tables.PERCENT,
             "target": tables.TEXT, "episodes": tables.NUMBER, "projected": tables.NUMBER,
             "in_range": tables.PERCENT}
    tables.show(page, frame(page, found),
                {c: (page.t(f"backtest.col.{key}"), kinds.get(c, tables.HOURS))
                 for c, key in columns.items()}, key="backtest")


def _model(page: Page, model: object) -> str:
    key = f"backtest.model.{model}"
    return page.t(key) if key in MESSAGES else str(model)
