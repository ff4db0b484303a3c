"""The bytes of an EAGLE-I file for ``eaglei_stream``: blocks cut at line ends, read ahead on a
thread; whether a block is UTF-8 or has a blank line; and data lines read again by number."""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa

FIRST_BLOCK_BYTES = 1024**2  # the first block's (then twice as many each time, up to the size)
HEAD_BYTES = 65536  # as much as eaglei's format and line-end detection look at
LINES_STEP = 2 * 1024**2  # bytes read at a time when lines are read again (``lines``)


class Fallback(Exception):
    """The file is left to ``eaglei.read`` (an error to report exactly, or a rare layout)."""


def ahead(items, pool: ThreadPoolExecutor, depth: int = 1):
    """``items``, fetched on ``pool``'s one thread up to ``depth`` ahead of their use, from
    the moment this is called (not from the first asked for)."""
    coming = deque(pool.submit(next, items, None) for _ in range(depth))

    def fetched():
        while (item := coming.popleft().result()) is not None:
            coming.append(pool.submit(next, items, None))
            yield item
    return fetched()


def blocks(file, size: int):
    """The rest of the file in blocks of about ``size`` bytes, each ending at a line end (the
    last at the file's end), never inside a quoted value. Three buffers take turns (one read
    ahead, one being parsed, one free): pyarrow copies what it parses into its own arrays, so
    a block's table outlives its bytes.

    Line ends after a block's first are held back for the next block, and those at the file's
    very end are dropped (``eaglei.read`` ignores them): a blank line then always shows as a
    row of blanks, even where it falls at a block's edge."""
    buffers: list[bytearray | None] = [None] * 3
    rest, quotes, turn, full = b"", 0, 0, size
    while True:
        size = min(full, FIRST_BLOCK_BYTES << turn)  # small at first: the pipeline fills sooner
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
            run = cut - 1  # the line ends at the block's end: the first kept, the rest held
            while run and buffer[run - 1] in b"\r\n":
                run -= 1
            if run == 0:  # nothing but line ends yet: kept whole for the next read
                if cut > HEAD_BYTES:
                    raise Fallback("a run of blank lines")
                rest = bytes(buffer[:end])
                continue
            cut = run + (2 if buffer[run:run + 2] == b"\r\n" else 1)
            quotes += buffer.count(b'"', 0, cut)
            if quotes % 2:
                raise Fallback("a quoted value open at a block's end")
            yield memoryview(buffer)[:cut]
            turn += 1  # the next buffer: this one is in use until its block is parsed
        rest = bytes(buffer[cut:end])
    if rest := rest.rstrip(b"\r\n"):
        yield memoryview(rest)


def blank_line(block: memoryview) -> bool:
    """Whether the block has an empty line (it starts after a line end)."""
    data, end = block.obj, len(block)  # the block starts at its buffer's start
    return data.startswith((b"\n", b"\r\n")) or any(
        data.find(twice, 0, end) >= 0 for twice in (b"\n\n", b"\n\r\n"))


def utf8(block: memoryview) -> bool:
    """Whether the block's bytes are UTF-8 (a millisecond for 32 MB)."""
    data = pa.py_buffer(block)
    ends = pa.py_buffer(np.array([0, len(block)], np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, ends, data]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def lines(file, start: int, spans: list[tuple[int, int]], wanted: np.ndarray) -> bytes:
    """Data lines ``wanted`` of ``file`` (0: the first after the header, at byte ``start``), in
    that order, each ending with a line end. Each block holding one (its ``spans`` entry: its
    first byte after ``start``, its rows) is read once, into one buffer, and only as far as its
    last line wanted."""
    firsts = np.cumsum([0] + [rows for _, rows in spans])
    block_of = np.searchsorted(firsts, wanted, side="right") - 1
    blocks = np.unique(block_of).tolist()
    sizes = np.diff([offset for offset, _ in spans] + [os.fstat(file.fileno()).st_size - start])
    found: dict[int, bytes] = {}
    data = np.empty(max(sizes[blocks]), np.uint8)  # not zeroed: only what is read is touched
    for block in blocks:
        size, rows = int(sizes[block]), spans[block][1]
        lines = wanted[block_of == block] - firsts[block]
        file.seek(start + spans[block][0])
        ends, seen, read = [], 0, 0
        while read < size and seen <= lines.max():
            got = file.readinto(data[read:read + min(LINES_STEP, size - read)])
            if not got:
                raise Fallback("the file changed while it was read")
            ends.append(np.flatnonzero(data[read:read + got] == 10) + read)
            seen, read = seen + len(ends[-1]), read + got
        ends = np.concatenate(ends)
        if seen <= lines.max() and (read < size or lines.max() >= rows):
            raise Fallback("the file changed while it was read")
        for line, k in zip(wanted[block_of == block].tolist(), lines.tolist(), strict=True):
            found[line] = data[ends[k - 1] + 1 if k else 0:ends[k] if k < seen else read].tobytes()
    return b"".join(found[line] + b"\n" for line in wanted.tolist())
