"""A large file's rows staged on disk a group at a time, for the command line's ingest.

``eaglei_groups`` hands over a group of counties' rows at a time (the store's columns,
``codec.Encoded``, in canonical order). Each group is added to the content hash (each column's
sha256 fed in order), written as a row group of the columnar copy (the Parquet file the store
keeps), and added to the pre-aggregates on disk (``prepared.stream``); then it is freed. What
``finish`` returns, :class:`Staged`, is what the store's ``ingest`` takes in place of the
columns: the figures it records, the hash, and the copy read back a row group at a time
(PostgreSQL copies its rows from it). So no step of the ingest holds every row.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from outages.prepared import stream
from outages.store import codec

COPY = "copy.parquet"
PREPARED = "prepared"


@dataclass
class Staged:
    """A staged dataset: what ``Store.ingest`` needs of ``codec.Encoded``, without its rows."""

    folder: Path
    rows: int
    regions: list[tuple[str, str]]
    services: list[str]
    start_us: int | None
    end_us: int | None
    sha256: str

    def __len__(self) -> int:
        return self.rows

    @property
    def region_count(self) -> int:
        return len({region_id for region_id, _ in self.regions})

    @property
    def copy(self) -> Path:
        """The columnar copy (``codec.to_blob_parts``' format, a row group per group)."""
        return self.folder / COPY

    @property
    def prepared(self) -> Path:
        """The pre-aggregates, sealed (``prepared.disk``), to be moved to their place."""
        return self.folder / PREPARED

    def blob_parts(self) -> Iterator[bytes]:
        """The columnar copy in parts of at most ``codec.BLOB_PART_BYTES``."""
        with open(self.copy, "rb") as f:
            while part := f.read(codec.BLOB_PART_BYTES):
                yield part

    def chunks(self) -> Iterator[codec.Encoded]:
        """The rows as ``codec.Encoded`` a row group at a time (region codes into
        ``regions``)."""
        with pq.ParquetFile(self.copy) as f:
            for g in range(f.num_row_groups):
                enc = codec.from_blob_table(f.read_row_group(g), self.regions)
                yield enc

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class Stager:
    """Groups of rows in, a :class:`Staged` dataset out (see the module's text)."""

    def __init__(self, with_total: bool, folder: Path | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
        columns = ["ts", "service", "region", "customers_out"]
        if with_total:
            columns.append("customers_total")
        self.schema = codec.to_arrow_schema(columns)
        self.writer = pq.ParquetWriter(self.folder / COPY, self.schema,
                                       **codec.parquet_options(columns))
        (self.folder / f".{PREPARED}").mkdir()
        self.part = stream.PartWriter("power", self.folder / f".{PREPARED}")
        self.hashes = [hashlib.sha256() for _ in codec.HASHED]
        self.rows, self.start, self.end = 0, None, None

    def add(self, enc: codec.Encoded) -> None:
        """One group's rows, in canonical order after the previous group's (its ``regions``
        are not read: ``finish`` is given them)."""
        for h, (name, dtype) in zip(self.hashes, codec.HASHED, strict=True):
            codec.feed(h, getattr(enc, name), dtype)
        table = codec.to_arrow(enc).select(self.schema.names)
        self.writer.write_table(table.cast(self.schema), row_group_size=len(enc) or 1)
        self.part.add(enc)
        self.rows += len(enc)
        low, high = int(enc.ts.min()), int(enc.ts.max())
        self.start = low if self.start is None else min(self.start, low)
        self.end = high if self.end is None else max(self.end, high)

    def finish(self, regions: list[tuple[str, str]]) -> Staged:
        """The staged dataset of the groups added (``regions``: theirs, in order)."""
        self.writer.close()
        stream.seal(self.part, regions, self.folder / PREPARED)
        sha256 = codec.combined(self.rows, regions, [h.digest() for h in self.hashes])
        return Staged(self.folder, self.rows, regions, ["power"], self.start, self.end, sha256)

    def discard(self) -> None:
        with contextlib.suppress(OSError, pa.ArrowException):  # a copy being thrown away
            self.writer.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class Stage:
    """``read_path``'s ``stage`` (see ``eaglei_stream.read_path``): a :class:`Stager` in the
    folder ``folder()`` names (the store's pre-aggregates folder, so that they are moved, not
    copied, into place; the system's temporary folder when it cannot be made), asked for only
    when a file is taken a group at a time; ``staged`` then holds the result. Removed on
    leaving the ``with`` block. ``progress``: a ``progress.Progress`` shown a group at a
    time."""

    def __init__(self, folder: Callable[[], Path | None], progress=None):
        self.folder_of, self.bar, self.started = folder, progress, False
        self.stager: Stager | None = None
        self.staged: Staged | None = None

    def __call__(self, with_total: bool) -> Stage:
        folder = self.folder_of()
        try:
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            folder = None
        self.stager = Stager(with_total, folder)
        return self

    @property
    def folder(self) -> Path:
        return self.stager.folder

    def progress(self, done: int, total: int) -> None:
        if self.bar is None:
            return
        if not self.started:
            self.bar.phase("checking, a group of counties at a time")
            self.started = True
        self.bar.update(done, total)

    def add(self, enc: codec.Encoded) -> None:
        self.stager.add(enc)

    def finish(self, regions: list[tuple[str, str]]) -> Staged:
        self.staged = self.stager.finish(regions)
        return self.staged

    def discard(self) -> None:
        self.stager.discard()
        self.staged = None

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, *exc) -> None:
        if self.stager is not None:
            self.stager.discard()
