"""Typed cells of published event sheets: "not known" markers, counts, dates and times.

Published spreadsheets (OE-417, Purdue) and event lists write a value as a number, a date or a
text, and anything not known as ``Unknown``, ``NA``, a blank... (``UNKNOWN``). Each reader here
takes one cell (or a column of them), returns None (or NA) for "not known", and raises
``Unreadable`` (or returns a problem) for a value that is neither.

Times of delimited text (ISO 8601, day/month order from evidence) are parsed by
``times.parse_times``; the cells here are a spreadsheet's own: date cells, Excel serial numbers
and day fractions, and US ``MM/DD/YYYY`` text of federal forms.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from ..errors import Phrase, Problem
from ..times import YEARS

# Spellings of "not known" in event files.
UNKNOWN = frozenset({"", "unknown", "na", "n/a", "nan", "none", "null", "-", "--", "\u2014", "?",
                     "tbd", "not available", "ongoing", "unk", "unkonwn"})
_DASHED = re.compile(r"^-\s+(?=[a-z])")  # "- Unknown", as a form's checkbox label writes it
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap bug)

_COUNT = re.compile(r"^\d+$|^\d{1,3}(?:,\d{3})+$|^\d+\.0*$")
_DATE_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*([AP]M)?)?$",
                       re.IGNORECASE)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]\.?M\.?)?$", re.IGNORECASE)


class Unreadable(ValueError):
    """A cell that is neither a value nor a known "unknown"; ``phrase`` says why."""

    def __init__(self, phrase: Phrase):
        super().__init__(phrase.message)
        self.phrase = phrase


def is_unknown(values: pd.Series) -> pd.Series:
    """True where a cell means "not known" (blank, Unknown, NA...)."""
    text = values.astype("string").str.strip().str.lower().str.replace(_DASHED, "", regex=True)
    return text.isna() | text.isin(UNKNOWN)


def parse_counts(values: pd.Series, rows: np.ndarray, file: str,
                 column: str) -> tuple[pd.Series, list[Problem]]:
    """Whole non-negative counts as Int64 (NA where unknown), and a problem for each other value.

    Accepted: ``1200``, ``1,200``, ``1200.0`` and numbers read from a spreadsheet.
    """
    text = values.astype("string").str.strip()
    unknown = is_unknown(values).to_numpy()
    plain = text.str.replace(",", "", regex=False).str.replace(r"\.0*$", "", regex=True)
    good = text.str.fullmatch(_COUNT).fillna(False).to_numpy() & ~unknown
    counts = pd.Series(pd.NA, index=values.index, dtype="Int64")
    counts[good] = pd.to_numeric(plain[good]).astype("Int64")
    problems = []
    for i in np.flatnonzero(~good & ~unknown)[:20]:
        value = str(text.iloc[i])
        code = "cells.negative" if value.startswith("-") else "cells.not_count"
        problems.append(Problem(file, code, int(rows[i]), column, value=value))
    return counts, problems


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or (
        isinstance(value, str) and _DASHED.sub("", value.strip().lower()) in UNKNOWN)


def cell_date(value: object) -> dt.date | None:
    """A date cell: a date, an Excel serial number, or ``MM/DD/YYYY`` / ``YYYY-MM-DD`` text.

    None when unknown; Unreadable for anything else, including a year outside times.YEARS.
    Text dates are month first: these are US federal forms.
    """
    day = _cell_date(value)
    if day is not None and not YEARS[0] <= day.year <= YEARS[1]:
        raise Unreadable(Phrase("cells.implausible_year", value=value, year=str(day.year),
                                first=str(YEARS[0]), last=str(YEARS[1])))
    return day


def _cell_date(value: object) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise Unreadable(Phrase("cells.not_serial", value=value))
        return (EXCEL_EPOCH + dt.timedelta(days=int(value))).date()
    text = str(value).strip()
    try:
        if m := _DATE_MDY.match(text):
            return dt.date(int(m[3]), int(m[1]), int(m[2]))
        if m := _DATE_ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if text.isdigit():
            return _cell_date(int(text))
    except ValueError as exc:
        raise Unreadable(Phrase("cells.not_date", value=text)) from exc
    raise Unreadable(Phrase("cells.not_mdy", value=text))


def cell_time(value: object) -> dt.timedelta | None:
    """A time-of-day cell: a time, an Excel day fraction, or ``HH:MM[:SS] [AM|PM]`` text.

    Returned as the time since midnight (``24:00`` is allowed: the end of the day). None when
    unknown; Unreadable for anything else.
    """
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.date):  # a date and time serial at midnight (OE-417 2012)
        return dt.timedelta(0)
    if isinstance(value, dt.time):
        return dt.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if isinstance(value, dt.timedelta):
        if dt.timedelta(0) <= value <= dt.timedelta(days=1):
            return value
        raise Unreadable(Phrase("cells.not_time_of_day", value=str(value)))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value <= 1:
            return dt.timedelta(seconds=round(value * 86400))
        raise Unreadable(Phrase("cells.not_day_fraction", value=value))
    text = str(value).strip()
    m = _TIME.match(text)
    if m is None:
        raise Unreadable(Phrase("cells.not_hhmm", value=text))
    hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
    if m[4]:
        if not 1 <= hour <= 12:
            raise Unreadable(Phrase("cells.not_time_of_day", value=repr(text)))
        hour = hour % 12 + (12 if m[4][0].lower() == "p" else 0)
    if minute > 59 or second > 59 or hour > 24 or (hour == 24 and (minute or second)):
        raise Unreadable(Phrase("cells.not_time_of_day", value=repr(text)))
    return dt.timedelta(hours=hour, minutes=minute, seconds=second)


def moments(dates: list, clocks: list, rows: np.ndarray, file: str, columns: tuple[str, str],
            warnings: list[Problem]) -> tuple[pd.Series, np.ndarray]:
    """Naive datetimes from date and time cells, and a mask of the unreadable ones.

    Unknown cells give NaT; unreadable cells give NaT, a warning naming the row and column, and
    True in the mask.
    """
    out, bad = [], np.zeros(len(dates), dtype=bool)
    for i, pair in enumerate(zip(dates, clocks, strict=True)):
        parsed: list = []
        for value, read, column in zip(pair, (cell_date, cell_time), columns, strict=True):
            try:
                parsed.append(read(value))
            except Unreadable as exc:
                warnings.append(Problem(file, "cells.row_skipped", int(rows[i]), column,
                                        reason=exc.phrase))
                bad[i] = True
                break
        day, clock = parsed if len(parsed) == 2 else (None, None)
        out.append(None if day is None or clock is None else
                   dt.datetime.combine(day, dt.time()) + clock)
    return pd.Series(pd.to_datetime(pd.Series(out, dtype=object)), dtype="datetime64[us]"), bad
