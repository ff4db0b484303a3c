"""The readers' registry: detect a file's format, read it into a raw frame, validate it,
return a ReadResult.

FORMATS is the registry: every format, listed here by hand in detection order, each with its
sniffer and reader: the specific ones (EAGLE-I, OE-417, Purdue, event records) first, then the
generic wide CSV, tidy JSON and tidy CSV. A new format is one more line in it.

Workbooks (.xlsx, .xls, .ods): OE-417 and Purdue sheets are found by their headers; any other
workbook is an ordinary table read from its first sheet with data (``sheet``), as "wide" when
laid out as a wide file and otherwise as "csv" (a tidy table, whatever it is stored in). The
result's encoding is None for a workbook and its metadata names the sheet read.

A reader fails only with InputError; should one fail otherwise (a bug), ``read_bytes`` still
rejects the file with an InputError naming the unexpected error, so nothing is stored and no
command shows a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config, schema
from ..errors import InputError, Problem, ReadResult
from ..store.codec import Encoded
from ..validate import check_table
from . import eaglei, eaglei_stream, events, oe417, purdue, sheet, tidy, tidy_json, wide
from .base import Options, RawRead
from .bounds import check_workbook
from .text import check_text


@dataclass(frozen=True)
class Format:
    name: str
    sniff: Callable[[bytes, str], bool]
    read: Callable[[bytes, str, Options], RawRead]


FORMATS: dict[str, Format] = {f.name: f for f in [
    Format(eaglei.NAME, eaglei.sniff, eaglei.read),
    Format(oe417.NAME, oe417.sniff, oe417.read),
    Format(purdue.NAME, purdue.sniff, purdue.read),
    Format(events.NAME, events.sniff, events.read),
    Format(wide.NAME, wide.sniff, wide.read),
    Format(tidy_json.NAME, tidy_json.sniff_json, tidy_json.read_json),
    Format(tidy.NAME, tidy.sniff, tidy.read),
]}


def _is_blank(data: bytes) -> bool:
    return re.fullmatch(rb"(?:\xef\xbb\xbf)?\s*", data) is not None


def detect(data: bytes, filename: str) -> str:
    """The name of the first format in FORMATS whose sniffer accepts the file."""
    if _is_blank(data):
        raise InputError(Problem(filename, "file.empty"))
    for fmt in FORMATS.values():
        try:
            if fmt.sniff(data, filename):
                return fmt.name
        except InputError:
            raise
        except Exception as exc:  # a sniffer's bug: say so rather than guess another format
            raise InputError(unexpected(filename, exc)) from exc
    check_text(data, filename)
    raise InputError(Problem(filename, "file.unknown_kind", formats=", ".join(FORMATS)))


def _options(options: Options | None, service: str | None, tz: str | None) -> Options:
    options = options or Options()
    if service is not None:
        options = replace(options, service=service)
    if tz is not None:
        options = replace(options, tz=tz)
    return options


def _check_size(size: int, filename: str) -> None:
    limit = config.max_file_bytes()  # OUTAGES_MAX_FILE_MB, else limits.MAX_FILE_BYTES
    if size > limit:
        raise InputError(Problem(filename, "file.too_big", size=round(size / 1024**2),
                                 limit=round(limit / 1024**2)))


def read_bytes(data: bytes, filename: str, *, format: str | None = None,
               options: Options | None = None, service: str | None = None,
               tz: str | None = None) -> ReadResult:
    """Read one file's bytes into a validated canonical table, or raise InputError.

    format: a name from FORMATS, or None to detect it. service and tz, when given, override
    the same fields of ``options``.
    """
    return _read([data], filename, format, _options(options, service, tz))


def _read(box: list[bytes], filename: str, format: str | None,
          options: Options) -> ReadResult:
    """read_bytes of the bytes in ``box``, which it empties: when the caller keeps no other
    reference (read_path), the file's bytes are freed once the reader has its frame, before
    validation builds the table (for a 500 MB file, 500 MB less at the peak)."""
    data = box.pop()
    _check_size(len(data), filename)
    if _is_blank(data):
        raise InputError(Problem(filename, "file.empty"))
    if sheet.workbook_kind(data) is not None:  # its limits, before any sniffer opens it
        check_workbook(data, filename)
    name = format or detect(data, filename)
    if name not in FORMATS:
        raise InputError(Problem(filename, "file.unknown_format", format=name,
                                 formats=", ".join(FORMATS)))
    try:
        raw = FORMATS[name].read(data, filename, options)
        del data
        table, warnings = check_table(raw.frame, filename, validated_counts=raw.validated_counts,
                                      published=raw.published)
    except InputError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise InputError(Problem(filename, "file.too_deep")) from exc
    except Exception as exc:  # a reader's bug must not store anything or show a traceback
        raise InputError(unexpected(filename, exc)) from exc
    metadata = dict(raw.metadata)
    metadata.setdefault("restored_source", "reported" if table["customers_restored"].notna().any()
                        else "derived")
    return ReadResult(table=table, format=name, encoding=raw.encoding,
                      warnings=raw.warnings + warnings, skipped=dict(raw.skipped),
                      metadata=metadata)


def unexpected(filename: str, exc: Exception) -> Problem:
    """The problem reported for an error no reader anticipated."""
    detail = str(exc)
    detail = detail if len(detail) <= 200 else detail[:199] + "…"
    return Problem(filename, "file.unexpected", error=type(exc).__name__, detail=detail)


def read_path(path: str | Path, *, format: str | None = None, options: Options | None = None,
              service: str | None = None, tz: str | None = None,
              encoded: bool = False,
              while_checking: Callable[[Encoded], None] | None = None,
              stage: Callable[[bool], object] | None = None) -> ReadResult:
    """Read a file from disk; the size limit is checked before any byte is read.

    ``encoded``: the caller takes the result's ``encoded`` columns when set (the store and the
    pre-aggregates do): an EAGLE-I file is then read in blocks (``eaglei_stream``) and the
    result has ``encoded`` and no ``table``; other files, and EAGLE-I files that the block
    reader leaves to the whole-file one, come back as usual, with a ``table``.
    ``while_checking``, ``stage``: see ``eaglei_stream.read_path``."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise InputError(Problem(str(path), "file.missing")) from exc
    if path.is_dir():
        raise InputError(Problem(str(path), "file.folder"))
    _check_size(size, path.name)
    if encoded and (streamed := eaglei_stream.read_path(path, path.name, format=format,
                                                        while_checking=while_checking,
                                                        stage=stage)):
        return streamed
    return _read([path.read_bytes()], path.name, format, _options(options, service, tz))


def source_rows(data: bytes, filename: str, format: str, options: Options,
                rows: pd.DataFrame) -> tuple[np.ndarray, str]:
    """The file row of each canonical row in ``rows`` (the first with its service, region and
    time; NaN when none), and the name of the file's time column: the file is read again with
    ``format`` and ``options`` (a reader's raw frame keeps its source rows)."""
    raw = FORMATS[format].read(data, filename, options).frame
    column = raw.attrs.get("source_columns", {}).get("timestamp", "timestamp")
    if "_row" not in raw.columns:
        return np.full(len(rows), np.nan), column
    keys = ["service", "region_id", "ts"]
    source = pd.DataFrame({
        "service": raw["service"].map(schema.service_name).astype("string"),
        "region_id": raw["region_id"].astype("string").str.strip(),
        "ts": _micros(raw["timestamp"]),
        "_row": raw["_row"].to_numpy(dtype=np.int64),
    }).groupby(keys, observed=True)["_row"].min().reset_index()
    wanted = pd.DataFrame({"service": rows["service"], "region_id": rows["region_id"],
                           "ts": _micros(rows["timestamp"])})
    merged = wanted.merge(source, how="left", on=keys)
    return merged["_row"].to_numpy(dtype=np.float64, na_value=np.nan), column


def _micros(values: pd.Series) -> np.ndarray:
    return pd.DatetimeIndex(values).tz_convert("UTC").as_unit("us").asi8


__all__ = ["FORMATS", "Format", "Options", "RawRead", "detect", "read_bytes", "read_path",
           "source_rows"]
