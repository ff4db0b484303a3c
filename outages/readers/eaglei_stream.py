"""EAGLE-I files read from disk in blocks, straight to the store's integer columns.

``eaglei.read`` holds the file's bytes, its whole Arrow table, a pandas frame of ten million
rows with text columns, and ``check_table``'s copies of them: 2 GB for a 457 MB file, and most
of the ingest time in a fresh process (each new page of memory costs). Here the file is read
``BLOCK_BYTES`` at a time, cut at a line end, and each block is parsed by pyarrow with the same
column types (on threads: the next block is read and parsed while this one is converted),
converted to small numpy columns (FIPS as int32, time as int32 seconds from the first, counts
as float32, county and state as int16 codes into the file's distinct names; wider only when a
block needs it) and dropped. The whole-file rules (the largest of duplicates, a zero where a
county leaves a run, blanks, the names) then run once on those columns with
``eaglei._steps`` itself, the checks with ``validate_sorted.check_sorted``, and the result is
``codec.Encoded``: what the store writes and the pre-aggregates are built from, with no text
column per row.

The rules need the whole file's runs and every county's rows, so the columns of all rows are
held (16 bytes a row, 0.16 GB for 10 M), not the file: memory still grows with the rows (about
0.8 GB at the peak for 10 M, in the whole-file steps), not with the file's text.

Only the common case is read this way; anything else (a cell that is not a number or a time,
a ragged row, blank lines, ``\\r`` line ends, a quote open across a block's end, any error of
validation) returns None and the file is read by ``eaglei.read`` as before, which gives the
exact report. So both readers accept the same files and give the same result
(tests/test_eaglei_stream.py checks this on random files cut into random blocks).
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from .. import config
from ..errors import ReadResult
from ..store import codec
from ..validate_sorted import check_sorted
from . import eaglei, sheet

log = logging.getLogger(__name__)

BLOCK_BYTES = 32 * 1024**2  # bytes of the file parsed at a time
HEAD_BYTES = 65536  # as much as eaglei's format and line-end detection look at


class _Fallback(Exception):
    """The file is left to ``eaglei.read`` (an error to report exactly, or a rare layout)."""


def read_path(path: Path, filename: str, *, format: str | None = None,
              block_bytes: int | None = None) -> ReadResult | None:
    """The file read in blocks as EAGLE-I, with ``encoded`` set and no ``table``; None when it
    is not an EAGLE-I file (by ``format`` or detection) or must be read whole (see above)."""
    try:
        with open(path, "rb") as file:
            return _read(file, filename, format, block_bytes or BLOCK_BYTES)
    except _Fallback as why:
        log.debug("%s read whole: %s", filename, why)
    except Exception as exc:  # never worse than the whole-file reader, which reports it
        log.debug("%s read whole after %r", filename, exc)
    return None


def _read(file, filename: str, format: str | None, block_bytes: int) -> ReadResult:
    head = file.read(HEAD_BYTES)
    if format not in (None, eaglei.NAME) or sheet.workbook_kind(head) is not None:
        raise _Fallback("not a text file for this reader")
    if format is None and not eaglei.sniff(head, filename):
        raise _Fallback("not EAGLE-I")
    if b"\n" not in head:
        raise _Fallback("no \\n line end at the start")
    header = head[:head.index(b"\n") + 1]
    names, delimiter = eaglei._header(head)
    roles = eaglei._columns(names, filename)
    parse = pcsv.ParseOptions(delimiter=delimiter)
    columns = pcsv.read_csv(pa.BufferReader(header), parse_options=parse).column_names
    if len(set(columns)) != len(columns) or not set(roles.values()) <= set(columns):
        raise _Fallback("header read differently")
    convert = pcsv.ConvertOptions(
        column_types=eaglei._types(roles), include_columns=list(roles.values()),
        timestamp_parsers=list(eaglei.TIME_FORMATS), strings_can_be_null=True)
    options = pcsv.ReadOptions(column_names=columns)
    parts = _Parts(roles, os.fstat(file.fileno()).st_size)
    lines = _Lines(header)
    file.seek(len(header))

    def parsed(blocks):
        for block in blocks:
            lines.add(block)
            yield pcsv.read_csv(pa.BufferReader(pa.py_buffer(block)), read_options=options,
                                parse_options=parse, convert_options=convert), len(block)

    # a pipeline: block k + 2 is read from the file while block k + 1 is parsed and block k's
    # columns are made
    limit = config.max_rows()
    with ThreadPoolExecutor(max_workers=1) as reading, \
            ThreadPoolExecutor(max_workers=1) as parsing:
        for done in _ahead(parsed(_ahead(_blocks(file, block_bytes), reading)), parsing):
            parts.add(*done)
            del done
            if parts.rows > limit:
                raise _Fallback("too many rows")
    if lines.count != parts.rows:
        raise _Fallback("lines and rows differ (blank lines?)")
    return _result(parts, filename)


def _ahead(items, pool: ThreadPoolExecutor):
    """``items``, each fetched on ``pool``'s one thread while the one before is used."""
    coming = pool.submit(next, items, None)
    while (item := coming.result()) is not None:
        coming = pool.submit(next, items, None)
        yield item


def _blocks(file, size: int):
    """The rest of the file in blocks of about ``size`` bytes, each ending at a line end (the
    last at the file's end), never inside a quoted value. Three buffers take turns (one read
    ahead, one being parsed, one free): pyarrow copies what it parses into its own arrays, so
    a block's table outlives its bytes."""
    buffers: list[bytearray | None] = [None] * 3
    rest, quotes, turn = b"", 0, 0
    while True:
        buffer = buffers[turn % 3]
        if buffer is None or len(buffer) < len(rest) + size:
            buffer = buffers[turn % 3] = bytearray(len(rest) + size)
        buffer[:len(rest)] = rest
        got = file.readinto(memoryview(buffer)[len(rest):len(rest) + size])
        if not got:
            break
        end = len(rest) + got
        cut = buffer.rfind(b"\n", 0, end) + 1
        if cut:
            quotes += buffer.count(b'"', 0, cut)
            if quotes % 2:
                raise _Fallback("a quoted value open at a block's end")
            yield memoryview(buffer)[:cut]
            turn += 1  # the next buffer: this one is in use until its block is parsed
        rest = bytes(buffer[cut:end])
    if rest:
        yield memoryview(rest)


class _Lines:
    """Counts line ends as ``eaglei._line_numbers`` does: rows are file lines 2, 3, ... when
    the file has as many ``\\n`` (not counting those at its very end) as rows."""

    def __init__(self, header: bytes):
        self.total, self.trailing = 0, 0
        self.add(memoryview(header))

    @property
    def count(self) -> int:
        return self.total - self.trailing

    def add(self, data: memoryview) -> None:
        n = data.obj.count(b"\n", 0, len(data))  # every view here starts at its object's start
        self.total += n
        tail = len(data)
        while tail and data[tail - 1] in (10, 13):  # "\n", "\r"
            tail -= 1
        ends = bytes(data[tail:]).count(b"\n")
        self.trailing = ends if tail else self.trailing + ends


class _Column:
    """A numpy column appended to block by block, in one array sized from the file's length
    (grown when the guess was short): no list of parts to join at the end, and no second
    copy of the column at the peak."""

    def __init__(self, dtype, file_bytes: int):
        self.values, self.size, self.file_bytes = np.empty(0, dtype), 0, file_bytes

    def widen(self, dtype) -> None:
        """Hold the values as ``dtype`` from now on (values that the narrow type cannot)."""
        if self.values.dtype != dtype:
            wide = np.empty(len(self.values), dtype)  # the unfilled end is not converted
            wide[:self.size] = self.values[:self.size]
            self.values = wide

    def append(self, values: np.ndarray, bytes_read: int) -> None:
        need = self.size + len(values)
        if need > len(self.values):
            guess = int(need * max(self.file_bytes / max(bytes_read, 1), 1) * 1.02) + 1024
            grown = np.empty(max(guess, need, len(self.values) * 3 // 2), self.values.dtype)
            grown[:self.size] = self.values[:self.size]
            self.values = grown
        self.values[self.size:need] = values
        self.size = need

    def take(self) -> np.ndarray:
        values, self.values = self.values[:self.size], None
        return values


class _Parts:
    """Each block's rows as small numpy columns; county and state names as a code per row into
    the distinct names of the file."""

    def __init__(self, roles: dict[str, str], file_bytes: int):
        self.roles = roles
        self.rows = 0
        self.bytes = 0
        self.skipped = {eaglei.NO_FIPS: 0, eaglei.NO_TIME: 0}
        # time: seconds from the first time read, in 32 bits; counts as float32 (NaN: blank),
        # exact to 2**24; each widened when a block needs it
        self.first_time: int | None = None
        kinds = {"fips": np.int32, "time": np.int32, "out": np.float32}
        if "total" in roles:
            kinds["total"] = np.float32
        for role in ("county", "state"):
            if role in roles:
                kinds[role] = np.int16
        self.columns = {k: _Column(dtype, file_bytes) for k, dtype in kinds.items()}
        self.texts: dict[str, int] = {}  # county and state names -> their code
        self.dropped: list[np.ndarray] = []  # positions of the rows without FIPS or time

    def add(self, table: pa.Table, size: int) -> None:
        """The rows of one block (``size`` bytes of the file)."""
        roles, n = self.roles, table.num_rows
        self.bytes += size
        table = table.combine_chunks()  # one chunk a column: numpy views, one dictionary
        fips = eaglei._floats(table, roles["fips"])
        out = eaglei._floats(table, roles["out"])
        total = eaglei._floats(table, roles["total"]) if "total" in roles else None
        if (eaglei.not_counts(fips, low=1).any() or (fips > 99999).any()
                or eaglei.not_counts(out).any()
                or (total is not None and eaglei.not_counts(total).any())):
            raise _Fallback("a count or FIPS code out of range")
        time = table.column(roles["time"])
        no_fips = np.isnan(fips)
        no_time = time.is_null().to_numpy(zero_copy_only=False) & ~no_fips
        self.skipped[eaglei.NO_FIPS] += int(no_fips.sum())
        self.skipped[eaglei.NO_TIME] += int(no_time.sum())
        keep = ~(no_fips | no_time)
        if keep.all():
            keep = slice(None)  # views, no copies
        else:
            self.dropped.append(np.flatnonzero(~keep) + self.rows)
        secs = time.cast(pa.int64())
        secs = (secs.fill_null(0) if secs.null_count else secs).to_numpy()[keep].copy()
        if self.first_time is None and len(secs):
            self.first_time = int(secs[0])
        secs -= self.first_time or 0
        new = {"fips": fips[keep], "time": secs, "out": out[keep],
               "total": None if total is None else total[keep], **self._texts(table, keep)}
        columns = self.columns
        if len(secs) and max(-int(secs.min()), int(secs.max())) >= 2**31:
            columns["time"].widen(np.int64)
        for name in ("out", "total"):
            if new[name] is not None and len(new[name]) and np.nanmax(new[name], initial=0) > 2**24:
                columns[name].widen(np.float64)
        for name, column in columns.items():
            column.append(new[name], self.bytes)
        self.rows += n

    def _texts(self, table: pa.Table, keep: np.ndarray | slice) -> dict[str, np.ndarray]:
        """Each row's county and state as codes into the file's distinct texts (-1: blank)."""
        roles = [r for r in ("county", "state") if r in self.columns]
        names = table.select([self.roles[r] for r in roles]).unify_dictionaries()
        out = {}
        for role, column in zip(roles, names.columns, strict=True):
            if column.num_chunks == 0:
                out[role] = np.zeros(0, dtype=np.int32)
                continue
            texts = column.chunk(0).dictionary.to_pylist()
            codes = [self.texts.setdefault(t, len(self.texts)) for t in texts]
            if len(self.texts) >= 2**15:
                raise _Fallback("too many distinct county and state names for 16-bit codes")
            lut = np.array([*codes, -1], dtype=np.int16)
            index = pa.chunked_array([c.indices for c in column.chunks])
            out[role] = lut[(index.fill_null(-1) if index.null_count else index).to_numpy()[keep]]
        return out

    def take(self, name: str) -> np.ndarray | None:
        """One column of every row, None when the file lacks it."""
        column = self.columns.pop(name, None)
        return None if column is None else column.take()

    def names_of(self):
        """``names_of`` for ``eaglei._steps``: "County, State" of the chosen rows."""
        texts = [None, *self.texts]  # code -1 (blank) picks None
        county, state = self.take("county"), self.take("state")

        def names(first: np.ndarray, codes: np.ndarray) -> list[str]:
            nonlocal county, state
            pairs = [[None] * len(first) if c is None else
                     [texts[k + 1] for k in c[first].tolist()] for c in (county, state)]
            county = state = None  # freed before the rest of the whole-file steps
            out = []
            for pair, code in zip(zip(*pairs, strict=True), codes.tolist(), strict=True):
                parts = [p.strip() for p in pair if p and p.strip()]
                out.append(", ".join(parts) if parts else f"{code:05d}")
            return out
        return names

    def file_rows(self) -> _FileRows:
        return _FileRows(np.concatenate(self.dropped) if self.dropped else np.zeros(0, np.int64))


class _FileRows:
    """The file row of each kept row (rows without FIPS or time are dropped), worked out from
    the positions of the dropped ones, which are few: no column of row numbers is held."""

    def __init__(self, dropped: np.ndarray):
        self.shift = dropped - np.arange(len(dropped))  # kept rows before each dropped one

    def __getitem__(self, kept: np.ndarray) -> np.ndarray:
        kept = np.asarray(kept, dtype=np.int64)
        if not len(self.shift):
            return kept + 2
        return kept + np.searchsorted(self.shift, kept, side="right") + 2


def _result(parts: _Parts, filename: str) -> ReadResult:
    skipped = {k: v for k, v in parts.skipped.items() if v}
    names_of = parts.names_of()
    columns = {"fips": parts.take("fips"), "out": parts.take("out"),
               "total": parts.take("total"), "rows": parts.file_rows(),
               "time": pa.array(parts.take("time"))}
    if len(columns["fips"]) == 0:
        raise _Fallback("no rows")
    steps, counted = eaglei._steps(columns, names_of)
    del names_of
    skipped.update(counted)
    region, ids, names, secs, out, rows, total = steps
    del steps  # each array freed as soon as it is used
    present = np.bincount(region, minlength=len(ids)) > 0
    if not present.all():  # a county whose every row was blank: no region, as in check_table
        region = (np.cumsum(present) - 1)[region]
        ids = [v for v, p in zip(ids, present, strict=True) if p]
        names = [v for v, p in zip(names, present, strict=True) if p]
    micros = secs.astype(np.int64)
    del secs
    micros += parts.first_time
    micros *= 1_000_000
    counts = {"customers_out": out.astype(np.float64)}  # as check_table reads them
    del out
    if total is not None:
        counts["customers_total"] = total
    warnings = check_sorted(filename, service="power", micros=micros, regions=region,
                            region_ids=ids, region_names=names, counts=counts, rows=rows,
                            published=True)
    out = counts.pop("customers_out").astype(np.int64)
    del counts, rows
    n = len(micros)
    # in canonical order, no key twice (check_sorted made sure): the columns as they are
    enc = codec.Encoded(
        ts=micros, service=np.full(n, codec.SERVICE_CODES["power"], dtype=np.int8),
        region=region.astype(np.int32, copy=False), out=out,
        restored=np.zeros(n, dtype=np.int64), restored_null=np.ones(n, dtype=bool),
        total=np.zeros(n, dtype=np.int64) if total is None else np.nan_to_num(total).astype(
            np.int64),
        total_null=np.ones(n, dtype=bool) if total is None else np.isnan(total),
        regions=list(zip(ids, names, strict=True)))
    enc.sha256 = codec.content_hash(enc)
    metadata = {**eaglei.METADATA, "caveats": list(eaglei.METADATA["caveats"]),
                "restored_source": "derived"}
    return ReadResult(table=None, format=eaglei.NAME, encoding="utf-8", warnings=warnings,
                      skipped=skipped, metadata=metadata, encoded=enc)
