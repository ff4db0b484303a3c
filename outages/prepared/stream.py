"""One service's pre-aggregates built a group of regions at a time and written straight to
disk (``disk``'s format), for an ingest that never holds every row (``outages.staging``).

Groups come in canonical order (their regions after the previous group's, each region's rows
by time) with the file's whole list of times. The per-row arrays (time index, count, the
totals' changes) are appended to their .npy files as each group comes; the per-time sums
(rows, increases, decreases) are added up; the per-region arrays are small. ``finish`` then
drops the times no row has (renumbering the time index on disk, a block at a time) and seals
the folder. The result is the same as ``build.prepare_encoded`` of all the rows at once
(tests/test_staging.py compares them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from outages.figures import firsts
from outages.prepared import disk
from outages.prepared.build import _entries, _rows_at
from outages.prepared.parts import BLOCK, changes_per_time
from outages.store import codec

HEADER = 128  # bytes kept at the start of each .npy file for its header, written at the end


class _Column:
    """A 1-d .npy file appended to; its header (which gives the length) written by ``close``."""

    def __init__(self, path: Path, dtype):
        self.path, self.dtype, self.size = path, np.dtype(dtype), 0
        self.file = open(path, "wb")
        self.file.write(b"\0" * HEADER)

    def append(self, values: np.ndarray) -> None:
        np.ascontiguousarray(values, self.dtype).tofile(self.file)
        self.size += len(values)

    def close(self) -> None:
        text = (f"{{'descr': {np.lib.format.dtype_to_descr(self.dtype)!r}, "
                f"'fortran_order': False, 'shape': ({self.size},), }}")
        header = text.encode("latin1").ljust(HEADER - 10 - 1) + b"\n"
        self.file.seek(0)
        self.file.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header)
        self.file.close()

    def widened(self, dtype) -> _Column:
        """The same values as ``dtype``, in a new file (a block at a time)."""
        self.file.flush()
        wide = _Column(self.path.with_suffix(".wide"), dtype)
        with open(self.path, "rb") as f:
            f.seek(HEADER)
            while chunk := f.read(BLOCK * self.dtype.itemsize):
                wide.append(np.frombuffer(chunk, self.dtype))
        self.file.close()
        wide.path = wide.path.replace(self.path)  # (still open: POSIX renames it all the same)
        return wide

    def renumber(self, new: np.ndarray) -> None:
        """Each value v replaced by new[v], in place, a block at a time."""
        self.file.flush()
        with open(self.path, "r+b") as f:
            at = HEADER
            while True:
                f.seek(at)
                chunk = f.read(BLOCK * self.dtype.itemsize)
                if not chunk:
                    break
                f.seek(at)
                f.write(new[np.frombuffer(chunk, self.dtype)].astype(self.dtype).tobytes())
                at += len(chunk)


class PartWriter:
    """The pre-aggregates of one service's rows, given a group of regions at a time."""

    def __init__(self, service: str, folder: Path):
        self.service, self.folder, self.rows = service, folder, 0
        self.runs = self.count = self.plus = self.minus = None
        self.offsets, self.first_tidx, self.total_offsets = [], [], []
        name = f"{folder}/0.{{}}.npy"
        self.tidx = _Column(Path(name.format("tidx")), np.int32)
        self.out = _Column(Path(name.format("out")), np.int32)
        self.totals = {a: _Column(Path(name.format(f"totals.{a}")), dtype) for a, dtype in
                       (("pos", np.int64), ("value", np.int64), ("missing", bool))}

    def add(self, enc: codec.Encoded) -> None:
        """A group: its rows in canonical order, its regions after those before, ``enc``'s
        time index over the whole file's times, no restored counts (its ``regions`` are not
        read: ``finish`` is given them)."""
        if not codec.is_constant(enc.restored_null) or not enc.restored_null[0]:
            raise ValueError("a group with restored counts")
        runs, tidx = enc.time_index
        if self.runs is None:
            self.runs = np.asarray(runs, np.int64)
            self.count, self.plus, self.minus = (np.zeros(len(runs), np.int64) for _ in range(3))
        n, out = len(enc), np.asarray(enc.out, np.int64)
        region = enc.region
        new_region = firsts(region)
        starts = np.flatnonzero(new_region)
        self.offsets.append(starts + self.rows)
        self.first_tidx.append(tidx[starts].astype(np.int64))
        self.count += _rows_at(tidx, len(self.runs))
        plus, minus = changes_per_time(tidx, out, new_region, len(self.runs))
        self.plus += plus
        self.minus += minus
        self.tidx.append(tidx)
        if len(out) and out.max() >= 2**31 and self.out.dtype != np.int64:
            self.out = self.out.widened(np.int64)
        self.out.append(out)
        null, total = np.asarray(enc.total_null, bool), enc.total  # 0 where null (Encoded)
        pos = np.flatnonzero(new_region | firsts(null, total))
        self.total_offsets.append(np.searchsorted(pos, starts) + self.totals["pos"].size)
        self.totals["pos"].append(pos + self.rows)
        self.totals["value"].append(total[pos])
        self.totals["missing"].append(null[pos])
        self.rows += n

    def finish(self, regions: list[tuple[str, str]]) -> dict:
        """Write the part's other arrays and close its files: its manifest entry. ``regions``:
        (region_id, region_name) of every region added, in order."""
        present = self.count > 0
        first_tidx = np.concatenate(self.first_tidx)
        if not present.all():  # a time left with no row (all its rows were blank)
            new = (np.cumsum(present) - 1).astype(np.int32)
            self.tidx.renumber(new)
            first_tidx = new[first_tidx].astype(np.int64)
        for column in (self.tidx, self.out, *self.totals.values()):
            column.close()
        offsets = np.append(np.concatenate(self.offsets), self.rows).astype(np.int64)
        distinct, code = np.unique(np.asarray([name for _, name in regions], dtype=str),
                                   return_inverse=True)
        names = _entries(offsets[:-1], code.astype(np.int32), offsets)
        arrays = {"offsets": offsets, "times": self.runs[present], "first_tidx": first_tidx,
                  "count": self.count[present], "plus": np.cumsum(self.plus[present]),
                  "minus": np.cumsum(self.minus[present]), "names.pos": names.pos,
                  "names.value": names.value, "names.offsets": names.offsets,
                  "totals.offsets": np.append(np.concatenate(self.total_offsets),
                                              self.totals["pos"].size).astype(np.int64)}
        for name, values in arrays.items():
            np.save(self.folder / f"0.{name}.npy", np.ascontiguousarray(values))
        return disk.part_meta(self.service, [rid for rid, _ in regions], distinct)


def seal(writer: PartWriter, regions: list[tuple[str, str]], folder: Path) -> None:
    """The writer's folder made the whole copy at ``folder`` (see ``disk.seal``)."""
    disk.seal(writer.folder, [writer.finish(regions)], folder)
