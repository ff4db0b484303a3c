"""What an EAGLE-I file's first line says: its columns, their roles and delimiter, and the
types each is parsed with. Apart from ``eaglei`` (and pandas), so that ``eaglei_blocks`` can
start on a file before the rest of the program has loaded.
"""

from __future__ import annotations

import csv
import re

import pyarrow as pa

from ..errors import InputError, Problem
from .base import column_key

NAME = "eaglei"
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
COUNT_COLUMNS = ("customers_out", "sum")


def _header(data: bytes) -> tuple[list[str], str]:
    """The column names of the first line, and its delimiter."""
    line = re.split(rb"\r\n|\n|\r", data[:8192], maxsplit=1)[0]
    if b"\x00" in line:  # not a text file, so not ours
        return [], ","
    line = line.decode("utf-8-sig", errors="replace")
    delimiter = _delimiter(line)
    return next(csv.reader([line], delimiter=delimiter), []), delimiter


def _delimiter(line: str) -> str:
    if "," in line:
        return ","
    return ";" if ";" in line else "\t" if "\t" in line else ","


def sniff(data: bytes, filename: str) -> bool:
    names = {column_key(n) for n in _header(data)[0]}
    return {"fips_code", "run_start_time"} <= names and bool(names & set(COUNT_COLUMNS))


def _columns(header: list[str], file: str) -> dict[str, str]:
    """Role -> the file's column name; an InputError when a required column is missing."""
    by_norm = {}
    for name in header:
        by_norm.setdefault(column_key(name), name)
    counts = [c for c in COUNT_COLUMNS if c in by_norm]
    if len(counts) > 1:
        raise InputError(Problem(file, "eaglei.both_counts", 1))
    missing = [c for c in ("fips_code", "run_start_time") if c not in by_norm]
    if not counts:  # listed last, as "customers_out (or sum)"
        raise InputError(Problem(file, "eaglei.missing_counts", 1,
                                 columns="".join(f"{m}, " for m in missing)))
    if missing:
        raise InputError(Problem(file, "eaglei.missing_columns", 1, columns=", ".join(missing)))
    roles = {"fips": by_norm["fips_code"], "time": by_norm["run_start_time"],
             "out": by_norm[counts[0]]}
    for role, name in (("county", "county"), ("state", "state"), ("total", "total_customers")):
        if name in by_norm:
            roles[role] = by_norm[name]
    return roles


def _types(roles: dict[str, str]) -> dict[str, pa.DataType]:
    text = pa.dictionary(pa.int32(), pa.string())
    kinds = {"fips": pa.float64(), "time": pa.timestamp("s"), "out": pa.float64(),
             "total": pa.float64(), "county": text, "state": text}
    return {roles[r]: kinds[r] for r in roles}
