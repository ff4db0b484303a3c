"""Counts of customers read from a column of text or numbers: every value that is not a whole,
non-negative, believable count is reported (part of ``outages.validate``'s checks).

Text is read in one pass when it is plain numbers; otherwise value by distinct value, accepting
thousands separators where they are unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .errors import Phrase, Problem

if TYPE_CHECKING:
    from .validate import _Found

MAX_COUNT = 10_000_000_000  # more customers than the world has: a typo or a wrong column
_SPACED = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+"
_COMMAS = r"\d{1,3}(?:,\d{3})+"
_DECIMAL_COMMA = r"[-+]?\d*,\d+"
_DOTTED_THOUSANDS = r"\d{1,3}(?:\.\d{3})+"


def stripped_uniques(series: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(codes, stripped distinct values); codes are -1 for missing values."""
    codes, uniques = pd.factorize(series)
    return codes, pd.Series(uniques, dtype="string").str.strip()


def counts(series: pd.Series, col: str, rows: np.ndarray, column_of: Callable[[int], str],
            found: _Found, warnings: list[Problem], typed: dict[int, Phrase | str]) -> np.ndarray:
    """Counts as float64 (NaN = blank), after reporting every value that is not a count.
    ``typed``: position -> what is wrong with a value of the wrong type, found by the reader
    (a JSON count given as text or true/false): a Phrase, or text shown as given; those values
    are NaN in ``series``."""
    file = found.file
    if pd.api.types.is_bool_dtype(series.dtype):
        found.add(np.arange(len(series)), rows, column_of,
                  lambda i: Phrase("check.not_number_text",
                                   value="true" if series.iloc[i] else "false"))
        return np.zeros(len(series))
    unreadable = np.zeros(len(series), dtype=bool)
    if typed:
        wrong = np.array(sorted(typed), dtype=np.int64)
        found.add(wrong, rows, column_of, lambda i: typed[i] if isinstance(typed[i], Phrase)
                  else Phrase("check.wrong_type", detail=typed[i]))
    if pd.api.types.is_numeric_dtype(series.dtype):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        text = None
    else:
        values = fast_numbers(series)
        text = series
        if values is None:
            values, unreadable, note = careful_numbers(series, rows, column_of, found)
            if note:
                warnings.append(Problem(file, *note))

    def shown(i: int) -> str:
        return repr(str(text.iloc[i]).strip()) if text is not None else f"{values[i]:g}"

    finite = np.isfinite(values)
    negative = np.flatnonzero(finite & (values < 0))
    found.add(negative, rows, column_of,
              lambda i: Phrase("check.negative", value=shown(i)))
    fraction = np.flatnonzero(finite & (values >= 0) & (values % 1 != 0))
    found.add(fraction, rows, column_of, lambda i: Phrase(
        "check.dotted_thousands" if text is not None and re.fullmatch(
            _DOTTED_THOUSANDS, str(text.iloc[i]).strip()) else "check.fraction", value=shown(i)))
    huge = np.flatnonzero(finite & (values > MAX_COUNT))
    found.add(huge, rows, column_of,
              lambda i: Phrase("check.huge", value=shown(i)))
    if text is None:
        odd = np.flatnonzero(np.isinf(values))
        found.add(odd, rows, column_of, lambda i: Phrase("check.not_number_text",
                                                         value=shown(i)))
    if typed:
        unreadable[wrong] = True
    if col == "customers_out":
        blank = np.flatnonzero(np.isnan(values) & ~unreadable)
        found.add(blank, rows, column_of,
                  lambda i: Phrase("check.out_count_blank"))
    return values


def fast_numbers(series: pd.Series) -> np.ndarray | None:
    """Text to float64 in one pass (pyarrow), or None when any value needs a closer look."""
    try:
        arrow = pa.array(series.astype("str").array)
        numbers = pc.cast(arrow, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError):
        return None
    values = numbers.to_numpy(zero_copy_only=False)
    if np.isnan(values).sum() != arrow.null_count or np.isinf(values).any():
        return None  # "nan" and "inf" written out are not counts
    return values


def careful_numbers(series: pd.Series, rows: np.ndarray, column_of: Callable[[int], str],
                     found: _Found
                     ) -> tuple[np.ndarray, np.ndarray, tuple[Phrase, int, str] | None]:
    """Text to float64 value by distinct value, accepting thousands separators when unambiguous:
    spaces between groups of three digits always; commas only when no value in the column uses
    a comma as a decimal mark. Returns the values (NaN when blank or unreadable), the mask of
    unreadable values (already reported) and a note when separators were removed.
    """
    codes, uniques = stripped_uniques(series)
    blank = uniques.eq("").to_numpy(dtype=bool, na_value=True)
    spaced = uniques.str.fullmatch(_SPACED).to_numpy(dtype=bool, na_value=False)
    commas = uniques.str.fullmatch(_COMMAS).to_numpy(dtype=bool, na_value=False)
    decimal_comma = uniques.str.fullmatch(_DECIMAL_COMMA).to_numpy(dtype=bool, na_value=False)
    if (decimal_comma & ~commas).any():
        commas[:] = False
    grouped = spaced | commas
    cleaned = uniques.where(~grouped, uniques.str.replace(r"[ ,\u00a0\u202f\u2009]", "",
                                                          regex=True))
    numbers = pd.to_numeric(cleaned.where(~blank, None), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan)
    not_number = (~blank & (np.isnan(numbers) | np.isinf(numbers))).tolist() + [False]
    per_row = np.where(codes >= 0, numbers[np.maximum(codes, 0)], np.nan)
    unreadable = np.asarray(not_number)[codes]
    bad_rows = np.flatnonzero(unreadable)
    bad_rows_comma = decimal_comma[np.maximum(codes, 0)] & (codes >= 0)

    def message(i: int) -> Phrase:
        value = uniques.iloc[codes[i]]
        return Phrase("check.decimal_comma" if bad_rows_comma[i] else "check.not_number",
                      value=value)

    found.add(bad_rows, rows, column_of, message)
    per_row[bad_rows] = np.nan
    note = None
    used = np.flatnonzero(grouped[np.maximum(codes, 0)] & (codes >= 0))
    if len(used):
        i = int(used[0])
        value = uniques.iloc[codes[i]]
        note = (Phrase("check.grouped", value=value, read=f"{numbers[codes[i]]:.0f}",
                       count=len(used)), int(rows[i]), column_of(i))
    return per_row, unreadable, note
