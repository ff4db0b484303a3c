"""An EAGLE-I file's blocks parsed by pyarrow on threads, ahead of their use, for
``eaglei_stream``; and started before the rest of the program loads.

``python -m outages ingest FILE`` spends its first 0.3-0.9 s importing pandas, SQLAlchemy and
the package, on one core, before its reader asks for the first block; pyarrow's parse (which
needs neither, and runs outside the interpreter's lock) can use the other core meanwhile.
``start`` opens the file then (``__main__``, right after the arguments are read) and parses
its first blocks; ``take`` hands them to the reader if it asks for that same file, unchanged,
with the same options; otherwise they are dropped. This module therefore imports neither
pandas nor the readers' registry.

At most ``AHEAD`` parsed blocks are held ahead of their use (about 12 MB each at 32 MB of
file): the file is never read further than that before the reader takes it.
"""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv

from .. import config
from . import eaglei_bytes
from .eaglei_bytes import Fallback
from .eaglei_header import NAME, _columns, _header, _types, sniff

BLOCK_BYTES = 32 * 1024**2  # bytes of the file parsed at a time
PARSE_CHUNK_BYTES = 4 * 1024**2  # pyarrow's own unit of work within a block
AHEAD = 8  # parsed blocks held ahead of their use (1 + 2 + 4 + ... MB at the start)


@dataclass(frozen=True)
class Layout:
    """What the first line says, as the block parser needs it: the header line's bytes, each
    role's column, and the options every block is parsed with (``fast`` first, ``exact`` for a
    block where a count or FIPS code is written as a decimal)."""

    header: bytes
    roles: dict[str, str]
    read: pcsv.ReadOptions
    parse: pcsv.ParseOptions
    fast: pcsv.ConvertOptions
    exact: pcsv.ConvertOptions


def layout(head: bytes, filename: str, format: str | None) -> Layout:
    """The layout of a file starting with ``head``; Fallback when it is not an EAGLE-I file
    (by ``format`` or detection) or one this reader leaves to ``eaglei.read``."""
    if format not in (None, NAME):
        raise Fallback("not a text file for this reader")
    if format is None and not sniff(head, filename):
        raise Fallback("not EAGLE-I")
    if b"\n" not in head:
        raise Fallback("no \\n line end at the start")
    header = head[:head.index(b"\n") + 1]
    names, delimiter = _header(head)
    roles = _columns(names, filename)
    parse = pcsv.ParseOptions(delimiter=delimiter)
    columns = pcsv.read_csv(pa.BufferReader(header), parse_options=parse).column_names
    if len(set(columns)) != len(columns) or not set(roles.values()) <= set(columns):
        raise Fallback("header read differently")
    # blank lines are kept as rows of blanks (then found in the block's bytes, ``_parsed``), so
    # that no block's line ends need counting to know that rows are file lines 2, 3, ...
    parse = pcsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False)
    read = pcsv.ReadOptions(column_names=columns, block_size=PARSE_CHUNK_BYTES)
    # the names are not parsed here: only the row chosen for each county is read again at the
    # end (``eaglei_stream._Parts.names_of``)
    fast, exact = (pcsv.ConvertOptions(
        column_types=types, include_columns=list(types), strings_can_be_null=True)
        for types in _block_types(roles))
    return Layout(header, roles, read, parse, fast, exact)


def _block_types(roles: dict[str, str]) -> tuple[dict[str, pa.DataType], ...]:
    """Column types to parse a block with: whole numbers as integers (the common case: no
    check for fractions needed), and, for a block where that fails, ``eaglei``'s own types.
    Times are read as text, each distinct text of a block converted once, and as bytes, only
    each block's distinct times checked as UTF-8, not every row's. County and state are not
    read."""
    types = _types(roles)
    exact = {roles[r]: types[roles[r]] for r in roles if r not in ("county", "state")}
    exact[roles["time"]] = pa.dictionary(pa.int32(), pa.binary())
    fast = {**exact, roles["fips"]: pa.int32(), roles["out"]: pa.int64()}
    if "total" in roles:
        fast[roles["total"]] = pa.int64()
    return fast, exact


class Blocks:
    """A file's data blocks, each as (its parsed table, its bytes), from the start of its
    second line: read on one thread, parsed on another, up to ``AHEAD`` ahead of their use,
    from the moment this is made. ``close`` stops both and closes the file."""

    def __init__(self, path: Path, filename: str, format: str | None, block_bytes: int):
        self.key = _key(path, filename, format, block_bytes)
        self.file = open(path, "rb")  # noqa: SIM115  (closed by close)
        try:
            self.head = self.file.read(eaglei_bytes.HEAD_BYTES)
            self.layout = layout(self.head, filename, format)
            self.size = os.fstat(self.file.fileno()).st_size
            self.file.seek(len(self.layout.header))
        except BaseException:
            self.file.close()
            raise
        self._reading = ThreadPoolExecutor(max_workers=1)
        self._parsing = ThreadPoolExecutor(max_workers=1)
        # a pipeline: the next block is read from the file while this one is parsed
        self._tables = eaglei_bytes.ahead(_parsed(eaglei_bytes.ahead(
            eaglei_bytes.blocks(self.file, block_bytes), self._reading), self.layout),
            self._parsing, AHEAD)

    def __iter__(self):
        return self._tables

    def close(self) -> None:
        for pool in (self._parsing, self._reading):
            pool.shutdown(wait=True, cancel_futures=True)
        self.file.close()


def _parsed(blocks, layout: Layout):
    """Each block's table and size; Fallback for what the whole-file reader must read."""
    for block in blocks:
        if block.obj.find(b"\r", 0, len(block)) >= 0 and (
                block.obj.count(b"\r", 0, len(block)) != block.obj.count(b"\r\n", 0, len(block))):
            raise Fallback("a \\r line end: rows are no longer lines 2, 3, ...")
        # text that is not UTF-8: a name the whole-file reader refuses, or reads otherwise
        if not eaglei_bytes.utf8(block):
            raise Fallback("text that is not UTF-8")
        data = pa.BufferReader(pa.py_buffer(block))
        try:
            table = pcsv.read_csv(data, read_options=layout.read, parse_options=layout.parse,
                                  convert_options=layout.fast)
        except pa.ArrowInvalid:  # a count or FIPS written as a decimal ("48085.0")
            data.seek(0)
            table = pcsv.read_csv(data, read_options=layout.read, parse_options=layout.parse,
                                  convert_options=layout.exact)
        # a blank line is read as a row of blanks (no FIPS): then the block's bytes tell
        if table.column(layout.roles["fips"]).null_count and eaglei_bytes.blank_line(block):
            raise Fallback("a blank line: rows are no longer lines 2, 3, ...")
        yield table, len(block)


def _key(path: Path, filename: str, format: str | None, block_bytes: int) -> tuple:
    """What must be the same for blocks started early to be used: the file (by device, inode,
    size and change time, so that a file replaced or written since is read anew), its name
    and the options."""
    found = os.stat(path)
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, filename, format,
            block_bytes)


_early: Blocks | None = None
_cpus = 0  # pyarrow's threads before ``start``


def start(path: Path, format: str | None, block_bytes: int = BLOCK_BYTES) -> None:
    """Begin parsing ``path`` for ``eaglei_stream`` now, as ``python -m outages ingest``
    would ask (nothing is started for what is not a regular file, a file above the size limit
    or not EAGLE-I); what goes wrong is left for the reader to meet again and report."""
    global _early, _cpus
    try:
        found = os.stat(path)  # a file (not a pipe, whose bytes would be taken from the reader)
        if stat.S_ISREG(found.st_mode) and found.st_size <= config.max_file_bytes():
            # one core for the parse while the program loads on the other (``take`` gives it
            # pyarrow's every thread again): 10 M rows about 0.3 s sooner than with both (2 cores)
            _cpus = pa.cpu_count()
            pa.set_cpu_count(1)
            _early = Blocks(path, Path(path).name, format, block_bytes)
    except Exception:  # noqa: BLE001  (the reader opens the file again and says what is wrong)
        _early = None
        _threads_back()


def take(path: Path, filename: str, format: str | None, block_bytes: int) -> Blocks | None:
    """The blocks ``start`` began, when they are of this file and these options (else they
    are stopped and dropped); None when there are none."""
    global _early
    early, _early = _early, None
    _threads_back()
    if early is None:
        return None
    try:
        same = early.key == _key(path, filename, format, block_bytes)
    except OSError:
        same = False
    if same:
        return early
    early.close()
    return None


def _threads_back() -> None:
    global _cpus
    if _cpus:
        pa.set_cpu_count(_cpus)
        _cpus = 0
