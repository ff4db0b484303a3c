"""EAGLE-I files read from disk in blocks, straight to the store's integer columns.

``eaglei.read`` holds the file's bytes, its whole Arrow table, a pandas frame of ten million rows
with text columns, and ``check_table``'s copies of them: 2 GB for a 457 MB file, and most of the
ingest time in a fresh process (each new page of memory costs). Here the file is read
``BLOCK_BYTES`` at a time, cut at a line end, and each block is parsed by pyarrow with the same
column types (on threads, ahead of their use: ``eaglei_blocks``, which ``python -m outages ingest``
starts before the rest of the program loads), then converted to small numpy columns (FIPS as int32,
time as int32 seconds from the first, counts as float32; wider only when a block needs it) and
dropped. County and state are not parsed: the one row whose names each county takes is read again
from its line at the end. The whole-file rules (the largest of duplicates, a zero where a county
leaves a run, blanks, the names) then run once on those columns with ``eaglei._steps`` itself, the
checks with ``validate_sorted.check_sorted``, and the result is ``codec.Encoded``: what the store
writes and the pre-aggregates are built from, with no text column per row.

The rules need the whole file's runs and every county's rows, so the columns of all rows are
held (10 bytes a row, 14 with totals: 0.1 GB for 10 M), not the file: memory grows with the rows
(about 0.6 GB at the peak for 10 M, while the checks and the pre-aggregates take every row's
columns), not with the file's text. Unless ``read_path`` is given a ``stage``: then a file
foretold to hold more than a group's rows is taken a group of counties at a time, its rows
sorted into groups on disk (``eaglei_spill``, ``eaglei_groups``), and memory holds a group.

Only the common case is read this way; anything else (a cell that is not a number or a time,
a ragged row, blank lines, ``\\r`` line ends, a quote open across a block's end, any error of
validation) returns None and the file is read by ``eaglei.read`` as before, which gives the
exact report. So both readers accept the same files and give the same result
(tests/test_eaglei_stream.py checks this on random files cut into random blocks).
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from .. import config
from ..errors import ReadResult
from ..store import codec
from . import eaglei, eaglei_blocks, eaglei_bytes, eaglei_groups, eaglei_spill, sheet

log = logging.getLogger(__name__)

BLOCK_BYTES = eaglei_blocks.BLOCK_BYTES  # bytes of the file parsed at a time


_Fallback = eaglei_bytes.Fallback  # the file is left to ``eaglei.read``


def read_path(path: Path, filename: str, *, format: str | None = None,
              block_bytes: int | None = None,
              while_checking: Callable[[codec.Encoded], None] | None = None,
              stage: Callable[[bool], object] | None = None) -> ReadResult | None:
    """The file read in blocks as EAGLE-I, with ``encoded`` set and no ``table``; None when it
    is not an EAGLE-I file (by ``format`` or detection) or must be read whole (see above).

    ``while_checking(encoded)`` is called once the columns are final, before the checks that
    may still reject the file (and leave it to the whole-file reader): work that needs only the
    columns can start then, to be used only if the result's ``encoded`` is that object.

    ``stage(with_total)``: when given, a file foretold (by its first block) to hold more than
    ``config.group_rows()`` rows is taken a group of counties at a time (``eaglei_groups``),
    each group handed to the object ``stage`` returns (``add(encoded)``; ``finish(regions)``
    gives the result's ``encoded``; ``discard()`` when the file is read whole after all), so
    that memory holds a group, not the file; ``while_checking`` is then not called."""
    try:
        return _read(path, filename, format, block_bytes or BLOCK_BYTES, while_checking, stage)
    except _Fallback as why:
        log.debug("%s read whole: %s", filename, why)
    except OSError as exc:
        if exc.errno in _DISK_FULL:  # writing the groups or their stage: said, not hidden by
            raise  # reading the file whole (with all its rows in memory)
        log.debug("%s read whole after %r", filename, exc)
    except Exception as exc:  # never worse than the whole-file reader, which reports it
        log.debug("%s read whole after %r", filename, exc)
    return None


_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}  # a disk that cannot take the groups


def _read(path: Path, filename: str, format: str | None, block_bytes: int,
          while_checking: Callable | None, stage: Callable | None) -> ReadResult:
    blocks = eaglei_blocks.take(path, filename, format, block_bytes) or eaglei_blocks.Blocks(
        path, filename, format, block_bytes)
    parts = None
    try:
        if sheet.workbook_kind(blocks.head) is not None:
            raise _Fallback("not a text file for this reader")
        layout = blocks.layout
        parts = _Parts(layout.roles, blocks.size, stage)
        limit = config.max_rows()
        # block k's columns are made while block k + 1 is parsed and block k + 2 read
        for done in blocks:
            parts.add(*done)
            del done
            if parts.rows > limit:
                raise _Fallback("too many rows")
        # every block parsed: their Arrow memory is free but kept by pyarrow's allocator
        # (mimalloc) for a next block, where numpy's arrays cannot reuse it: 0.12 GB for 10 M
        # rows, handed back
        pa.default_memory_pool().release_unused()
        names_of = parts.names_of(blocks.file, len(layout.header), layout.read, layout.parse)
        if parts.spill is not None:
            return _grouped(parts, filename, names_of)
        return _result(parts, filename, while_checking, names_of)
    except BaseException:
        if parts is not None and parts.stage is not None:
            parts.stage.discard()
        raise
    finally:
        blocks.close()
        if parts is not None and parts.spill is not None:
            parts.spill.close()


def _seconds(texts: pa.Array) -> np.ndarray:
    """Seconds since 1970 of each distinct time text of a block, by ``eaglei.TIME_FORMATS``
    in turn, as pyarrow's CSV reader converts them for ``eaglei.read`` (the same parser)."""
    seconds = None
    for fmt in eaglei.TIME_FORMATS:
        got = pc.strptime(texts, format=fmt, unit="s", error_is_null=True)
        seconds = got if seconds is None else pc.coalesce(seconds, got)
    if seconds is None or seconds.null_count:
        raise _Fallback("a time in no known format")
    return seconds.cast(pa.int64()).to_numpy()


def _counts(column: pa.ChunkedArray, low: int, high: float) -> tuple[np.ndarray, bool]:
    """A count column as floats (NaN: blank), float32 when exact; _Fallback when a value is
    not a whole number from ``low`` to ``high``. Returns (values, whether wider than float32)."""
    if pa.types.is_integer(column.type):
        least, most = pc.min_max(column).values()
        if least.is_valid and (least.as_py() < low or most.as_py() > high):
            raise _Fallback("a count or FIPS code out of range")
        wide = most.is_valid and most.as_py() > 2**24
        floats = column.cast(pa.float64() if wide else pa.float32(), safe=False)
        return floats.to_numpy(zero_copy_only=False), wide
    values = eaglei._floats(pa.table({"v": column}), "v")
    if eaglei.not_counts(values, low=low).any() or (values > high).any():
        raise _Fallback("a count or FIPS code out of range")
    return values, bool(np.nanmax(values, initial=0) > 2**24)


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
    """Each block's rows as small numpy columns, and where the block lies in the file."""

    def __init__(self, roles: dict[str, str], file_bytes: int, stage: Callable | None = None):
        self.roles = roles
        self.file_bytes = file_bytes
        self.make_stage, self.stage, self.spill = stage, None, None  # see ``read_path``
        self.rows = 0
        self.kept = 0  # rows kept (with FIPS and time)
        self.bytes = 0
        self.skipped = {eaglei.NO_FIPS: 0, eaglei.NO_TIME: 0}
        # time: a code per row into the distinct times in the order first seen (a block has
        # few), as FIPS are; counts as float32 (NaN: blank), exact to 2**24, widened when a
        # block needs it
        self.run_code: dict[int, int] = {}  # seconds since 1970 -> code
        kinds = {"fips": np.int16, "time": np.int32, "out": np.float32}
        if "total" in roles:
            kinds["total"] = np.float32
        self.columns = {k: _Column(dtype, file_bytes) for k, dtype in kinds.items()}
        self.spans: list[tuple[int, int]] = []  # each block's first byte (after the header), rows
        # FIPS as a code per row, in the order first seen: no hashing of every row at the end
        self.fips_code = np.full(100_000, -1, dtype=np.int16)
        self.fips: list[int] = []
        self.dropped: list[np.ndarray] = []  # positions of the rows without FIPS or time

    def add(self, table: pa.Table, size: int) -> None:
        """The rows of one block (``size`` bytes of the file)."""
        roles, n = self.roles, table.num_rows
        self.spans.append((self.bytes, n))
        self.bytes += size
        times = table.column(roles["time"])
        fips, no_fips = _fips(table.column(roles["fips"]))
        out, wide_out = _counts(table.column(roles["out"]), 0, 2**53)
        total, wide_total = (_counts(table.column(roles["total"]), 0, 2**53) if "total" in roles
                             else (None, False))
        keep = slice(None)  # every row: views, no copies
        if no_fips is not None or times.null_count:
            no_fips = np.zeros(n, bool) if no_fips is None else no_fips
            no_time = times.is_null().to_numpy(zero_copy_only=False) & ~no_fips
            self.skipped[eaglei.NO_FIPS] += int(no_fips.sum())
            self.skipped[eaglei.NO_TIME] += int(no_time.sum())
            keep = ~(no_fips | no_time)
            self.dropped.append(np.flatnonzero(~keep) + self.rows)
        new = {"fips": self._codes(fips[keep]), "time": self._run_codes(times, keep),
               "out": out[keep], "total": None if total is None else total[keep]}
        if not self.spans[1:] and self.make_stage is not None:  # the first block
            foretold = int(n * self.file_bytes / max(size, 1))
            if foretold > config.group_rows():
                self.stage = self.make_stage("total" in roles)
                self.spill = eaglei_spill.Spill(
                    eaglei_spill.bounds(fips[keep], foretold, config.group_rows()),
                    "total" in roles, getattr(self.stage, "folder", None))
        self.kept += len(new["out"])
        if self.spill is not None:  # with each row's line in the file (the header is line 1)
            line = (np.arange(n) if isinstance(keep, slice) else np.flatnonzero(keep)) + (
                self.rows + 2)
            new["row"] = line.astype(np.int32) if self.rows + n + 2 < 2**31 else line
            self.spill.add(fips[keep], new)
            self.rows += n
            return
        columns = self.columns
        for name, wide in (("out", wide_out), ("total", wide_total)):
            if wide:
                columns[name].widen(np.float64)
        for name, column in columns.items():
            column.append(new[name], self.bytes)
        self.rows += n

    def _codes(self, fips: np.ndarray) -> np.ndarray:
        """Each row's FIPS as its code (in the order the codes were first seen)."""
        codes = self.fips_code[fips]
        if (unseen := np.flatnonzero(codes < 0)).size:
            new = np.unique(fips[unseen])
            if len(self.fips) + len(new) >= 2**15:
                raise _Fallback("too many distinct FIPS codes for 16-bit codes")
            self.fips_code[new] = np.arange(len(self.fips), len(self.fips) + len(new))
            self.fips.extend(new.tolist())
            codes[unseen] = self.fips_code[fips[unseen]]
        return codes

    def _run_codes(self, column: pa.ChunkedArray, keep: slice | np.ndarray) -> np.ndarray:
        """Each kept row's time as a code (only the times of kept rows get one: a time seen
        only on a row without FIPS is no run, as in the whole-file reader). Each chunk of the
        column has its own dictionary of the times in it, in the order first seen: each is
        mapped to codes, and its rows through that map, in one pass."""
        codes = np.empty(len(column), np.int32)
        at = 0
        for chunk in column.chunks:
            seconds = _seconds(_dictionary(chunk)).tolist()
            index = chunk.indices
            index = (index.fill_null(0) if index.null_count else index).to_numpy()
            rows = slice(at, at + len(index))
            if isinstance(keep, slice):  # every row kept: every time of the chunk is a run
                used = range(len(seconds))
            else:
                seen = np.zeros(len(seconds), bool)
                seen[index[keep[rows]]] = True
                used = np.flatnonzero(seen).tolist()
            lut = np.full(max(len(seconds), 1), -1, np.int32)  # a blank chunk's rows: dropped
            for k in used:
                lut[k] = self.run_code.setdefault(seconds[k], len(self.run_code))
            np.take(lut, index, out=codes[rows])
            at = rows.stop
        return codes[keep]

    def dense_fips(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the distinct FIPS codes sorted, each row's index among them), as ``eaglei._dense``
        gives them, from the codes in the order first seen."""
        return _ranked(np.asarray(self.fips, dtype=np.int64), codes)

    def dense_runs(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the distinct times sorted, as seconds since 1970; each row's index among them)."""
        return _ranked(np.fromiter(self.run_code, np.int64, len(self.run_code)), codes)

    def take(self, name: str) -> np.ndarray | None:
        """One column of every row, None when the file lacks it."""
        column = self.columns.pop(name, None)
        return None if column is None else column.take()

    def names_of(self, file, start: int, read: pcsv.ReadOptions, parse: pcsv.ParseOptions):
        """``names(lines, codes)``: "County, State" of the row chosen for each
        county, read again from its line of ``file`` (data from byte ``start``) with the
        whole-file reader's types and ``eaglei._names`` itself. Only those lines are read (a few
        thousand, mostly in the first block): no row's name is parsed or held in the blocks."""
        roles = self.roles
        types = eaglei._types(roles)
        wanted = [roles[r] for r in ("fips", "county", "state") if r in roles]
        convert = pcsv.ConvertOptions(column_types={c: types[c] for c in wanted},
                                      include_columns=wanted, strings_can_be_null=True)

        def names(rows: np.ndarray, codes: np.ndarray) -> list[str]:
            """``rows``: the chosen rows' lines in the file (the header is line 1)."""
            lines = eaglei_bytes.lines(file, start, self.spans, rows - 2)
            table = pcsv.read_csv(pa.BufferReader(lines), read_options=read,
                                  parse_options=parse, convert_options=convert)
            fips = table.column(roles["fips"]).to_numpy()
            if len(fips) != len(codes) or not np.array_equal(fips, codes):
                raise _Fallback("a chosen row read again is not its county's")
            return eaglei._names(table, roles, np.arange(len(codes)), codes)
        return names

    def file_rows(self) -> _FileRows:
        return _FileRows(np.concatenate(self.dropped) if self.dropped else np.zeros(0, np.int64))


def _dictionary(chunk: pa.DictionaryArray) -> pa.Array:
    """A chunk's dictionary as text: an error when one is not UTF-8 (then the whole-file reader
    reports it)."""
    return chunk.dictionary.cast(pa.string())


def _fips(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray | None]:
    """(FIPS codes as int32, 0 where blank; where blank, None when none is); _Fallback when
    one is out of range."""
    if pa.types.is_integer(column.type):
        least, most = pc.min_max(column).values()
        if least.is_valid and (least.as_py() < 1 or most.as_py() > 99999):
            raise _Fallback("a FIPS code out of range")
        if not column.null_count:
            return column.to_numpy().astype(np.int32, copy=False), None
        return (column.fill_null(0).to_numpy().astype(np.int32, copy=False),
                column.is_null().to_numpy())
    values, _ = _counts(column, 1, 99999)
    blank = np.isnan(values)
    return np.nan_to_num(values).astype(np.int32), blank if blank.any() else None


def _ranked(seen: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(``seen`` sorted, each code renamed to its value's place there), a block at a time."""
    order = np.argsort(seen, kind="stable")
    rank = np.empty(len(seen), dtype=codes.dtype)
    rank[order] = np.arange(len(seen), dtype=codes.dtype)
    for a in range(0, len(codes), 1 << 20):
        np.take(rank, codes[a:a + (1 << 20)], out=codes[a:a + (1 << 20)])
    return seen[order], codes


class _FileRows:
    """The file row of each kept row (rows without FIPS or time are dropped), worked out from
    the positions of the dropped ones, which are few: no column of row numbers is held."""

    def __init__(self, dropped: np.ndarray):
        self.shift = dropped - np.arange(len(dropped))  # kept rows before each dropped one

    def __getitem__(self, kept: np.ndarray) -> np.ndarray:
        """The file rows, as int32 when the file has fewer than 2**31 rows (the largest array
        the checks are given: half the memory)."""
        kept = np.asarray(kept, dtype=np.int64)
        rows = kept + 2 if not len(self.shift) else (
            kept + np.searchsorted(self.shift, kept, side="right") + 2)
        return rows.astype(np.int32) if len(rows) and rows.max() < 2**31 else rows


def _result(parts: _Parts, filename: str, while_checking: Callable | None,
            names_of: Callable) -> ReadResult:
    skipped = {k: v for k, v in parts.skipped.items() if v}
    columns = {"county": parts.dense_fips(parts.take("fips")), "out": parts.take("out"),
               "total": parts.take("total"), "rows": parts.file_rows(),
               "time": parts.dense_runs(parts.take("time"))}
    if len(columns["out"]) == 0:
        raise _Fallback("no rows")
    lines = columns["rows"]  # each kept row's line in the file (few: ``_FileRows``)
    steps, counted = eaglei._steps(columns, lambda first, codes: names_of(lines[first], codes))
    skipped.update(counted)
    enc, ids, names, region, out, rows, total = eaglei_groups.steps_encoded(steps, counted)
    del steps  # each array freed as soon as it is used
    with ThreadPoolExecutor(max_workers=1) as pool:
        sha256 = pool.submit(codec.content_hash, enc)  # hashed while the checks run
        if while_checking is not None:
            while_checking(enc)
        warnings = eaglei_groups.check(filename, enc, ids, names, region, out, rows, total)
        del out, rows, total
        enc.sha256 = sha256.result()
    return _read_result(warnings, skipped, enc)


def _grouped(parts: _Parts, filename: str, names_of: Callable) -> ReadResult:
    """The file's groups of counties through the rules and checks, one at a time, each
    handed to ``parts.stage`` (``eaglei_groups``)."""
    warnings, counted, encoded = eaglei_groups.read(parts, parts.spill, filename, names_of,
                                                    parts.stage)
    return _read_result(warnings, {**{k: v for k, v in parts.skipped.items() if v}, **counted},
                        encoded)


def _read_result(warnings: list, skipped: dict, encoded) -> ReadResult:
    metadata = {**eaglei.METADATA, "caveats": list(eaglei.METADATA["caveats"]),
                "restored_source": "derived"}
    return ReadResult(table=None, format=eaglei.NAME, encoding="utf-8", warnings=warnings,
                      skipped=skipped, metadata=metadata, encoded=encoded)
