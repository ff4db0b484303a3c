"""A large EAGLE-I file's rows sorted into groups of counties on disk, for ``eaglei_groups``.

The whole-file rules (the largest of duplicates, a zero where a county leaves a run, blanks,
names) and every check look at one county's rows at a time, given the file's list of runs. So
the rows can be taken a group of counties at a time, in FIPS order, and the memory held is one
group's, not the file's. Each parsed block's kept rows are written, in file order, to the file
of their group (FIPS code, run code, count, total, file row: 14 to 26 bytes a row); a group
is read back whole when its turn comes and its file deleted.

Groups are ranges of FIPS codes, cut where the first block's rows (a file written run by run
starts with every county out at its first runs) split into groups of about ``config.group_rows()``
rows, by the rows the file's size foretells (even ranges of the US codes when the first block
holds few counties, as in a file sorted by county). A county is never split: a range boundary
is a FIPS code, and a group holds at least one county's rows. A poor guess makes groups
uneven, never wrong.
"""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

MAX_GROUPS = 512  # open files at once
US_FIPS = (1001, 56045)  # the first and last county FIPS codes (Autauga, Alabama; Weston, Wyoming)
AHEAD = 2  # blocks waiting to be written
COLUMNS = ("fips", "time", "out", "total", "row")  # as written; "total" only when the file has it


def bounds(fips: np.ndarray, foretold_rows: int, rows: int) -> np.ndarray:
    """The FIPS codes at which groups begin (after the first), from one block's ``fips``
    (the FIPS of its rows) when the file is foretold to have ``foretold_rows`` and groups
    hold about ``rows``."""
    groups = min(MAX_GROUPS, max(1, -(-foretold_rows // max(rows, 1))))
    if groups == 1 or not len(fips):
        return np.zeros(0, np.int64)
    if len(np.unique(fips)) < 4 * groups:  # a block of few counties (a file sorted by
        # county): even ranges of the US counties' codes instead
        return np.unique(np.linspace(US_FIPS[0], US_FIPS[1], groups + 1)[1:-1].astype(np.int64))
    cuts = np.quantile(fips, np.arange(1, groups) / groups, method="higher")
    return np.unique(cuts.astype(np.int64))


class Spill:
    """Rows written to the file of their group and read back a group at a time.

    Each block adds to each group's file one piece per column, in the block's own types (FIPS
    as a 16-bit code, run as a 32-bit code, counts as float32 unless the block needs float64,
    the file row as int32 or int64): 14 to 26 bytes a row. The pieces' sizes and types are
    kept here."""

    def __init__(self, starts: np.ndarray, with_total: bool, folder: Path | None = None):
        self.starts = starts  # FIPS codes at which groups 1, 2, ... begin
        self.names = [c for c in COLUMNS if with_total or c != "total"]
        self.group_of = np.searchsorted(starts, np.arange(100_000), side="right").astype(
            np.uint8 if len(starts) < 256 else np.uint16)  # by FIPS code
        self.folder = Path(tempfile.mkdtemp(prefix=".groups-", dir=folder))
        self.files = [open(self.folder / str(g), "wb") for g in range(len(starts) + 1)]
        self.pieces: list[list[tuple[int, tuple]]] = [[] for _ in self.files]
        self.sizes = [0] * len(self.files)
        self.writer, self.pending = ThreadPoolExecutor(max_workers=1), []

    @property
    def groups(self) -> int:
        return len(self.files)

    def add(self, fips: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        """A block's kept rows: ``fips`` (their FIPS) and their columns (fips code, time code,
        out, total when the file has it, file row), written on a thread while the next block
        is converted (at most ``AHEAD`` blocks wait)."""
        while len(self.pending) >= AHEAD:
            self.pending.pop(0).result()
        self.pending.append(self.writer.submit(self._write, fips, columns))

    def _write(self, fips: np.ndarray, columns: dict[str, np.ndarray]) -> None:
        group = self.group_of[fips]
        order = np.argsort(group, kind="stable")
        edges = np.zeros(self.groups + 1, np.int64)
        np.cumsum(np.bincount(group, minlength=self.groups), out=edges[1:])
        del group
        present = np.flatnonzero(np.diff(edges)).tolist()
        values = [np.take(columns[name], order) for name in self.names]
        del order
        types = tuple(v.dtype.str for v in values)
        for g in present:
            a, b = int(edges[g]), int(edges[g + 1])
            for v in values:
                self.files[g].write(memoryview(v[a:b]).cast("B"))
            self.pieces[g].append((b - a, types))
            self.sizes[g] += b - a

    def take(self, g: int) -> dict[str, np.ndarray | None]:
        """Group ``g``'s rows, in file order: FIPS codes, run codes, out and total as float64
        (total None when the file has none) and file rows as int64; its file is deleted."""
        self.flush()
        self.files[g].close()
        path = self.folder / str(g)
        data = np.fromfile(path, np.uint8)
        path.unlink()
        n = self.sizes[g]
        wide = {"fips": np.int16, "time": np.int32, "out": np.float64, "total": np.float64,
                "row": np.int64}
        columns = {name: np.empty(n, wide[name]) for name in self.names}
        at = done = 0
        for k, types in self.pieces[g]:
            for name, t in zip(self.names, types, strict=True):
                size = k * np.dtype(t).itemsize
                columns[name][done:done + k] = data[at:at + size].view(t)
                at += size
            done += k
        self.pieces[g] = []
        columns.setdefault("total", None)
        return columns

    def flush(self) -> None:
        """Wait for the blocks added to be written (raising what writing them raised)."""
        while self.pending:
            self.pending.pop(0).result()

    def close(self) -> None:
        self.writer.shutdown(wait=True, cancel_futures=True)
        for f in self.files:
            f.close()
        shutil.rmtree(self.folder, ignore_errors=True)
