"""Wide CSV: a time column, then one column per region holding customers cut off.

    time,Kyiv,Lviv,Odesa
    2025-10-10T06:00:00+03:00,800000,1200,
    2025-10-10T15:00:00+03:00,380000,0,5000

Each header is a region (id and name as written). A blank cell means no figure for that region
at that time (its previous figure holds), so blank cells are skipped, not read as 0. A column
named like a total (Total, Sum, Всього) is left out with a warning, since adding it to the
regions would count everyone twice. The file has no service column: --service is required.

A workbook (.xlsx, .xls, .ods) laid out the same way is read from its first sheet with data,
header on the sheet's first non-empty row (``sheet.read_table``); detection looks at the same
cells as text.
"""

from __future__ import annotations

import csv
import re

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..times import _family, parse_times
from .base import Options, RawRead, column_key
from .sheet import head as sheet_head
from .sheet import read_table, workbook_kind
from .text import DELIMITERS, head_text, sniff_delimiter
from .tidy import ALIASES, role_of, service_option

NAME = "wide"

TOTAL_HEADERS = ("total", "sum", "all", "all_regions", "grand_total", "total_customers",
                 "customers_total", "всього", "усього", "разом")
NOT_REGIONS = ("region_id", "region_name", "region", "service", "customers_out",
               "customers_restored")
_NUMBER_OR_BLANK = re.compile(r"^\s*[-+]?[\d\s.,\u00a0\u202f]*\s*$")


def sniff(data: bytes, filename: str) -> bool:
    """A time column first, no region or count column, and numbers (or blanks) elsewhere."""
    if workbook_kind(data) is not None:
        try:
            header, body = sheet_head(data, filename)
        except InputError:
            return False
        return looks_wide(header, body[:49])
    text = head_text(data, 65536)
    if not text or text.lstrip()[:1] in ("[", "{"):
        return False
    delimiter = sniff_delimiter(text)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if lines and lines[0].startswith("sep=") and lines[0][4:5] in DELIMITERS:
        lines = lines[1:]
    parsed = list(csv.reader(lines[:50], delimiter=delimiter))
    if len({len(r) for r in parsed}) > 1:
        return False
    return bool(parsed) and looks_wide(parsed[0], parsed[1:])


def looks_wide(header: list[str], body: list[list[str]]) -> bool:
    """The first rows of a table (as text) are a wide file's: a time column first, no region or
    count column, and numbers (or blanks) elsewhere."""
    if not body or len(header) < 2:
        return False
    if any(role_of(h) in NOT_REGIONS for h in header[1:]):
        return False
    time_named = column_key(header[0]) in ALIASES["timestamp"]
    time_valued = all(_family(r[0].strip()) is not None for r in body)
    if not (time_named or time_valued):
        return False
    return all(_NUMBER_OR_BLANK.match(v) for r in body for v in r[1:])


def read(data: bytes, filename: str, options: Options) -> RawRead:
    """Melt a wide file into one row per region and time."""
    service = service_option(options, filename)
    if service is None:
        raise InputError(Problem(filename, "wide.no_service", 1))
    table = read_table(data, filename)
    frame = table.frame
    time_column = (options.mapping or {}).get("timestamp", frame.columns[0])
    if time_column not in frame.columns:
        raise InputError(Problem(filename, "wide.mapping_absent", table.header_row,
                                 name=time_column))
    warnings = list(table.warnings)
    regions = [c for c in frame.columns if c != time_column
               and column_key(c) not in TOTAL_HEADERS]
    totals = [c for c in frame.columns if c != time_column and column_key(c) in TOTAL_HEADERS]
    if totals:
        warnings.append(Problem(filename, "wide.total_left_out", table.header_row, totals[0],
                                name=totals[0]))
    if not regions:
        raise InputError(Problem(filename, "wide.no_regions", table.header_row))
    times = parse_times(frame[time_column], pd.Series(table.rows), file=filename,
                        column=time_column, tz=options.tz)
    cells = frame[regions].to_numpy(dtype=object).ravel()
    n_regions = len(regions)
    filled = pd.Series(cells, dtype="string").str.strip().ne("").to_numpy(dtype=bool)
    names = np.tile(np.asarray(regions, dtype=object), len(frame))[filled]
    raw = pd.DataFrame({
        "timestamp": np.repeat(times.to_numpy(), n_regions)[filled],
        "region_id": pd.array(names, dtype="string"),
        "region_name": pd.array(names, dtype="string"),
        "service": pd.array([service] * int(filled.sum()), dtype="string"),
        "customers_out": pd.array(cells[filled], dtype="string"),
        "_row": np.repeat(table.rows, n_regions)[filled],
        "_column": names,
    })
    raw["timestamp"] = raw["timestamp"].astype(times.dtype)
    raw.attrs["source_columns"] = {"timestamp": time_column}
    skipped = {"blank cells": int((~filled).sum())} if not filled.all() else {}
    if len(raw) == 0:
        raise InputError(Problem(filename, "wide.all_blank"))
    return RawRead(raw, encoding=table.encoding, warnings=warnings, skipped=skipped,
                   metadata=dict(table.metadata))
