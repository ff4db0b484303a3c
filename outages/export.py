"""Writing a canonical table out as CSV, JSON or Parquet.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
``|`` (a DDE command), tab or carriage return) get a leading ``'``; plain numbers, negative
ones included, stay numbers.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd

FORMATS = ("csv", "json", "parquet")
_FORMULA_START = ("=", "+", "-", "@", "|", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """A text cell made safe to open in a spreadsheet; other values unchanged."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _PLAIN_NUMBER.match(value):
        return value
    return "'" + value


def _iso(ts: pd.Series) -> pd.Series:
    return ts.dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_csv(table: pd.DataFrame) -> bytes:
    out = table.copy()
    out["timestamp"] = _iso(out["timestamp"])
    for col in out.columns:
        if out[col].dtype == "string" or out[col].dtype == object:
            out[col] = out[col].map(neutralise, na_action="ignore")
    return out.to_csv(index=False).encode("utf-8")


def to_json(table: pd.DataFrame, metadata: dict | None = None) -> bytes:
    out = table.copy()
    out["timestamp"] = _iso(out["timestamp"])
    records = json.loads(out.to_json(orient="records"))
    doc = dict(metadata or {})
    doc["data"] = records
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_parquet(table: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    table.to_parquet(buf, index=False, compression="zstd")
    return buf.getvalue()


def export(table: pd.DataFrame, fmt: str, metadata: dict | None = None) -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "json":
        return to_json(table, metadata)
    if fmt == "parquet":
        return to_parquet(table)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
