"""The Store: datasets in, datasets out, on SQLite or PostgreSQL alike."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from outages.limits import MAX_FIELD_CHARS
from outages.store import bulk, codec
from outages.store.engine import Checkpointer, default_url, make_engine, parse_url, retry
from outages.store.migrations import migrate
from outages.store.tables import (
    annotations,
    audit,
    dataset_blobs,
    dataset_regions,
    datasets,
    now_iso,
    observations,
)

Progress = Callable[[int, int], None]


def _iso(ts: pd.Timestamp | None) -> str | None:
    return None if ts is None else ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ").replace(".000000Z", "Z")


def _from_us(value: int | None) -> pd.Timestamp | None:
    return None if value is None else pd.Timestamp(int(value), unit="us", tz="UTC")


def _to_us(value: object, what: str) -> int:
    ts = pd.Timestamp(value)
    if ts is pd.NaT:
        raise ValueError(f"{what}: not a time")
    if ts.tzinfo is None:
        raise ValueError(f"{what}: {value!r} has no time zone")
    return int(ts.value // 1000)  # .value is nanoseconds since the epoch, UTC


def _text(value: object, what: str, *, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValueError(f"{what} is empty")
    if len(text) > MAX_FIELD_CHARS:
        raise ValueError(f"{what} is longer than {MAX_FIELD_CHARS:,} characters")
    return text


def make_id(name: str, sha256: str) -> str:
    """Readable, stable dataset id: the name as an ASCII slug, then the content hash prefix."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    return f"{slug or 'dataset'}-{sha256[:10]}"


@dataclass(frozen=True)
class IngestResult:
    dataset_id: str
    created: bool  # False: identical content was already stored; nothing was written
    rows: int
    regions: int
    services: list[str]
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    replaces: str | None = None

    @property
    def message(self) -> str:
        if not self.created:
            return f"identical content is already stored as {self.dataset_id}: nothing written"
        text = f"stored {self.rows:,} rows as {self.dataset_id}"
        return text + (f", replacing {self.replaces}" if self.replaces else "")


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    name: str
    description: str
    source: str
    licence: str
    services: list[str]
    regions: int
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    rows: int
    sha256: str
    created_at: pd.Timestamp
    created_by: str
    replaces: str | None
    superseded_by: str | None
    metadata: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = asdict(self)
        for key in ("start", "end", "created_at"):
            out[key] = _iso(out[key])
        return out

    def result(self, *, created: bool) -> IngestResult:
        return IngestResult(self.id, created, self.rows, self.regions, list(self.services),
                            self.start, self.end, self.replaces)


def _info(row: sa.Row) -> DatasetInfo:
    return DatasetInfo(
        id=row.id, name=row.name, description=row.description, source=row.source,
        licence=row.licence, services=json.loads(row.services), regions=int(row.regions),
        start=_from_us(row.start_us), end=_from_us(row.end_us), rows=int(row.row_count),
        sha256=row.sha256, created_at=pd.Timestamp(row.created_at), created_by=row.created_by,
        replaces=row.replaces, superseded_by=row.superseded_by,
        metadata=json.loads(row.metadata_json))


def _metadata_json(metadata: dict) -> str:
    try:
        return json.dumps(metadata, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"metadata cannot be stored as JSON: {exc}") from exc


def _notes(items: object) -> list[tuple[int, str]]:
    """(time in epoch microseconds, text) from metadata["annotations"]."""
    if not isinstance(items, list):
        raise ValueError('metadata["annotations"] must be a list of {"timestamp", "text"}')
    notes = []
    for i, item in enumerate(items, start=1):
        what = f"annotation {i}"
        if not isinstance(item, dict) or "timestamp" not in item or "text" not in item:
            raise ValueError(f'{what}: expected {{"timestamp": ISO time, "text": ...}}')
        notes.append((_to_us(item["timestamp"], what), _text(item["text"], what, required=True)))
    return notes


def _audit(conn: sa.Connection, action: str, dataset_id: str | None, by: str,
           detail: dict) -> None:
    conn.execute(audit.insert().values(
        at=now_iso(), action=action, dataset_id=dataset_id, actor=_text(by, "by") or "unknown",
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)))


def _dataset_row(conn: sa.Connection, dataset_id: str, *, lock: bool = False) -> sa.Row:
    """The catalog row; ``lock`` holds it until commit (PostgreSQL; SQLite has one writer)."""
    query = sa.select(datasets).where(datasets.c.id == dataset_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise KeyError(dataset_id)  # args[0] is the id, as for a dict
    return row


class Store:
    """Outage datasets kept in SQLite (a file, the default) or PostgreSQL.

    Safe to share between threads; any number of processes may open the same store.
    """

    def __init__(self, url: str | None = None):
        given = url or default_url()
        parsed, backend = parse_url(given)
        self.url: str = given if backend == "postgresql" else parsed.render_as_string()
        self.backend: str = backend
        self.chunk_rows: int = bulk.CHUNK_ROWS  # rows written at a time; progress steps
        self.engine, _ = make_engine(given)
        self._checkpointer = Checkpointer(self.engine) if backend == "sqlite" else None
        self.schema_version: int = retry(lambda: migrate(self.engine, backend),
                                         what="opening the store")

    def __repr__(self) -> str:
        shown = parse_url(self.url)[0].render_as_string(hide_password=True)
        return f"Store({shown!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.engine.dispose()

    # transactions ---------------------------------------------------------------------------

    def _write(self, fn: Callable[[sa.Connection], Any], what: str) -> Any:
        def attempt() -> Any:
            with self.engine.connect() as conn:
                conn.execution_options(sqlite_begin="IMMEDIATE")
                with conn.begin():
                    return fn(conn)
        result = retry(attempt, what=what)
        if self._checkpointer is not None:
            self._checkpointer.after_write()
        return result

    def _read(self, fn: Callable[[sa.Connection], Any]) -> Any:
        def attempt() -> Any:
            with self.engine.connect() as conn:
                if self.backend == "postgresql":  # one snapshot for every query in fn
                    conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    return fn(conn)
        return retry(attempt, what="reading the store")

    # writing ---------------------------------------------------------------------------------

    def ingest(self, table: pd.DataFrame | codec.Encoded, *, name: str, description: str = "",
               source: str = "",
               licence: str = "", metadata: dict | None = None, created_by: str = "cli",
               replaces: str | None = None, progress: Progress | None = None,
               blob: Future | None = None) -> IngestResult:
        """Store a canonical table (or its ``codec.Encoded`` columns, as a streaming reader
        gives them, or ``outages.staging.Staged``: a dataset staged on disk a group at a time)
        as a new dataset, in one transaction. ``blob``: its columnar copy
        (``codec.to_blob_parts`` of those columns), when the caller has begun making it.

        Identical content (same sha256) already stored: returns that dataset with
        ``created=False`` and writes only an audit entry. ``replaces``: the new dataset is the
        next version of that one, which stays loadable by its id.
        """
        fields = {
            "name": _text(name, "name", required=True),
            "description": _text(description, "description"),
            "source": _text(source, "source"), "licence": _text(licence, "licence"),
        }
        meta = dict(metadata or {})
        notes = _notes(meta.pop("annotations", None) or [])
        meta_json = _metadata_json(meta)
        # a staged dataset (outages.staging.Staged) has its copy already written
        staged = hasattr(table, "blob_parts")
        enc = table if isinstance(table, codec.Encoded) or staged else codec.encode(table)
        dataset_id = make_id(fields["name"], enc.sha256)
        existing = self._read(lambda conn: self._by_sha(conn, enc.sha256))
        if existing is not None:
            return self._duplicate(existing, fields["name"], created_by)
        with ThreadPoolExecutor(max_workers=1) as pool:
            if not staged:
                blob = blob or pool.submit(codec.to_blob_parts, enc)  # made while rows are written

            def tx(conn: sa.Connection) -> IngestResult | DatasetInfo:
                found = self._by_sha(conn, enc.sha256)
                if found is not None:
                    return found
                return self._insert(conn, dataset_id, fields, meta_json, enc, blob, notes,
                                    created_by, replaces, progress)
            try:
                outcome = self._write(tx, what=f"storing {fields['name']!r}")
            except sa.exc.IntegrityError:
                # PostgreSQL: an identical ingest committed first (unique sha256).
                outcome = self._read(lambda conn: self._by_sha(conn, enc.sha256))
                if outcome is None:
                    raise
        if isinstance(outcome, DatasetInfo):
            return self._duplicate(outcome, fields["name"], created_by)
        return outcome

    @staticmethod
    def _by_sha(conn: sa.Connection, sha256: str) -> DatasetInfo | None:
        row = conn.execute(sa.select(datasets).where(datasets.c.sha256 == sha256)).first()
        return None if row is None else _info(row)

    def _duplicate(self, existing: DatasetInfo, name: str, by: str) -> IngestResult:
        detail = {"name": name, "sha256": existing.sha256, "rows": existing.rows}
        self._write(lambda conn: _audit(conn, "duplicate", existing.id, by, detail),
                    what="recording a duplicate ingest")
        return existing.result(created=False)

    def _insert(self, conn: sa.Connection, dataset_id: str, fields: dict, meta_json: str,
                enc: codec.Encoded, blob: Future, notes: list[tuple[int, str]], by: str,
                replaces: str | None, progress: Progress | None) -> IngestResult:
        if replaces is not None:
            old = _dataset_row(conn, replaces, lock=True)
            if old.superseded_by is not None:
                raise ValueError(f"{replaces} is already replaced by {old.superseded_by}: "
                                 "replace the newest version")
        now = now_iso()
        seq = conn.execute(datasets.insert().values(
            id=dataset_id, **fields, services=json.dumps(enc.services),
            regions=enc.region_count, start_us=enc.start_us, end_us=enc.end_us,
            row_count=len(enc), sha256=enc.sha256, created_at=now, created_by=by,
            replaces=replaces, superseded_by=None, metadata_json=meta_json,
        )).inserted_primary_key[0]
        bulk.write_regions(conn, seq, enc.regions)
        if bulk.rows_in_table(self.backend, len(enc)):
            bulk.insert_observations(conn, self.backend, seq, enc, chunk_rows=self.chunk_rows,
                                     progress=progress)
        elif progress:  # the Parquet copy is the record: one step
            progress(len(enc), len(enc))
        bulk.write_blob(conn, seq, enc.blob_parts() if blob is None else blob.result())
        if notes:
            conn.execute(annotations.insert(), [
                {"ds": seq, "ts": ts, "text": text, "created_by": by, "created_at": now}
                for ts, text in notes])
        if replaces is not None:
            conn.execute(datasets.update().where(datasets.c.id == replaces)
                         .values(superseded_by=dataset_id))
        _audit(conn, "replace" if replaces else "ingest", dataset_id, by, {
            "name": fields["name"], "rows": len(enc), "sha256": enc.sha256,
            "replaces": replaces})
        return IngestResult(dataset_id, True, len(enc), enc.region_count, enc.services,
                            _from_us(enc.start_us), _from_us(enc.end_us), replaces)

    def delete(self, dataset_id: str, *, by: str = "cli") -> None:
        """Remove a dataset and everything stored with it; later/earlier versions relink."""
        def tx(conn: sa.Connection) -> None:
            row = _dataset_row(conn, dataset_id, lock=True)
            for table in (observations, dataset_regions, dataset_blobs, annotations):
                conn.execute(table.delete().where(table.c.ds == row.seq))
            conn.execute(datasets.delete().where(datasets.c.seq == row.seq))
            d = datasets.c
            conn.execute(datasets.update().where(d.superseded_by == dataset_id)
                         .values(superseded_by=row.superseded_by))
            conn.execute(datasets.update().where(d.replaces == dataset_id)
                         .values(replaces=row.replaces))
            _audit(conn, "delete", dataset_id, by, {
                "name": row.name, "rows": int(row.row_count), "sha256": row.sha256})
        self._write(tx, what=f"deleting {dataset_id}")

    def add_annotation(self, dataset_id: str, timestamp: pd.Timestamp, text: str, *,
                       by: str) -> None:
        ts = _to_us(timestamp, "annotation time")
        note = _text(text, "annotation text", required=True)

        def tx(conn: sa.Connection) -> None:
            row = _dataset_row(conn, dataset_id, lock=True)
            conn.execute(annotations.insert().values(
                ds=row.seq, ts=ts, text=note, created_by=_text(by, "by") or "unknown",
                created_at=now_iso()))
            _audit(conn, "annotate", dataset_id, by, {"timestamp": _iso(_from_us(ts)),
                                                      "text": note})
        self._write(tx, what=f"annotating {dataset_id}")

    # reading ---------------------------------------------------------------------------------

    def list_datasets(self, include_superseded: bool = False) -> list[DatasetInfo]:
        """Datasets, newest first; only current versions unless ``include_superseded``."""
        d = datasets.c
        query = sa.select(datasets).order_by(d.created_at.desc(), d.seq.desc())
        if not include_superseded:
            query = query.where(d.superseded_by.is_(None))
        return self._read(lambda conn: [_info(r) for r in conn.execute(query).all()])

    def get(self, dataset_id: str) -> DatasetInfo | None:
        query = sa.select(datasets).where(datasets.c.id == dataset_id)
        row = self._read(lambda conn: conn.execute(query).first())
        return None if row is None else _info(row)

    def latest_version(self, dataset_id: str) -> str:
        """The newest version of a dataset: follows superseded_by to the end."""
        def tx(conn: sa.Connection) -> str:
            links = dict(conn.execute(sa.select(datasets.c.id, datasets.c.superseded_by)).all())
            if dataset_id not in links:
                raise KeyError(dataset_id)  # args[0] is the id, as for a dict
            current, seen = dataset_id, {dataset_id}
            while links.get(current) is not None and links[current] not in seen:
                current = links[current]
                seen.add(current)
            return current
        return self._read(tx)

    def load(self, dataset_id: str) -> pd.DataFrame:
        """The canonical table of a dataset (any version). KeyError if unknown."""
        return codec.decode(self.load_encoded(dataset_id))

    def load_encoded(self, dataset_id: str) -> codec.Encoded:
        """A dataset as integer columns in canonical order with its region dictionary
        (``codec.Encoded``): what load() frames, without the text columns' memory.

        Read from the columnar copy (for large SQLite datasets the only copy:
        ``bulk.rows_in_table``); from the observation rows when a dataset has none.
        """
        def tx(conn: sa.Connection) -> tuple[list, bytes | None, codec.Encoded | None]:
            seq = _dataset_row(conn, dataset_id).seq
            regions = bulk.read_regions(conn, seq)
            blob = bulk.read_blob(conn, seq)
            rows = bulk.read_observations(conn, seq, regions) if blob is None else None
            return regions, blob, rows
        regions, blob, enc = self._read(tx)
        return codec.from_blob(blob, regions) if enc is None else enc

    def annotations(self, dataset_id: str) -> pd.DataFrame:
        """Notes on a dataset's timeline: columns timestamp (UTC) and text, in time order."""
        def tx(conn: sa.Connection) -> list:
            seq = _dataset_row(conn, dataset_id).seq
            a = annotations.c
            return conn.execute(sa.select(a.ts, a.text).where(a.ds == seq)
                                .order_by(a.ts, a.seq)).all()
        rows = self._read(tx)
        ts = np.array([r.ts for r in rows], dtype=np.int64)
        return pd.DataFrame({
            "timestamp": pd.Series(ts.view("M8[us]")).dt.tz_localize("UTC"),
            "text": pd.Series([r.text for r in rows], dtype="string"),
        })

    def audit_log(self, limit: int = 100) -> list[dict]:
        """The newest ``limit`` audit entries, newest first."""
        a = audit.c
        query = sa.select(audit).order_by(a.seq.desc()).limit(limit)
        rows = self._read(lambda conn: conn.execute(query).all())
        return [{"action": r.action, "dataset_id": r.dataset_id, "by": r.actor, "at": r.at,
                 "detail": json.loads(r.detail)} for r in rows]

    # checking --------------------------------------------------------------------------------

    def integrity_check(self, deep: bool = False) -> list[str]:
        """Problems found, [] when the store is sound.

        SQLite's own page and foreign key checks; every dataset's row count; its columnar copy
        present and hashing to its sha256; rows of no dataset; version links that lead nowhere.
        ``deep`` also re-hashes every dataset's observation rows.
        """
        return self._read(lambda conn: self._check(conn, deep))

    def _check(self, conn: sa.Connection, deep: bool) -> list[str]:
        problems: list[str] = []
        if self.backend == "sqlite":
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
            problems += [f"sqlite: {r}" for r in result if r != "ok"]
            problems += [f"sqlite: foreign key broken in {r[0]} row {r[1]}"
                         for r in conn.exec_driver_sql("PRAGMA foreign_key_check").all()]
        o = observations.c
        counts = dict(conn.execute(sa.select(o.ds, sa.func.count()).group_by(o.ds)).all())
        rows = conn.execute(sa.select(datasets).order_by(datasets.c.seq)).all()
        ids = {r.id for r in rows}
        for r in rows:
            found = counts.pop(r.seq, 0)
            in_table = bulk.rows_in_table(self.backend, r.row_count)
            if found != (r.row_count if in_table else 0):
                problems.append(f"{r.id}: {found:,} observation rows, catalog says "
                                f"{r.row_count:,}" + ("" if in_table else
                                                      " kept only as its columnar copy"))
            for link in ("replaces", "superseded_by"):
                target = getattr(r, link)
                if target is not None and target not in ids:
                    problems.append(f"{r.id}: {link} {target} is not in the store")
            regions = bulk.read_regions(conn, r.seq)
            blob = bulk.read_blob(conn, r.seq)
            if blob is None:
                problems.append(f"{r.id}: no columnar copy")
            else:
                enc = codec.from_blob(blob, regions)
                if len(enc) != r.row_count or codec.content_hash(enc) != r.sha256:
                    problems.append(f"{r.id}: columnar copy does not match its sha256")
            if deep and in_table and found == r.row_count:
                enc = bulk.read_observations(conn, r.seq, regions)
                if enc.sha256 != r.sha256:
                    problems.append(f"{r.id}: observation rows do not match its sha256")
        problems += [f"{n:,} observation rows belong to no dataset (internal key {ds})"
                     for ds, n in counts.items()]
        return problems

    def content_hash(self) -> str:
        """sha256 over everything stored about datasets (not the audit log).

        Equal before and after an operation that must change nothing, such as a rejected file.
        """
        def tx(conn: sa.Connection) -> str:
            h = hashlib.sha256()
            for table in (datasets, dataset_regions, observations, annotations):
                query = (sa.select(table).order_by(*table.primary_key.columns)
                         .execution_options(yield_per=50_000))
                result = conn.execute(query)
                h.update(table.name.encode())
                for part in result.partitions():
                    h.update(repr(part).encode())
            b = dataset_blobs.c
            for ds, part, fmt, data in conn.execute(
                    sa.select(b.ds, b.part, b.format, b.data).order_by(b.ds, b.part)):
                h.update(f"blob {ds} {part} {fmt} ".encode())
                h.update(hashlib.sha256(bytes(data)).digest())
            return h.hexdigest()
        return self._read(tx)


def open_store(url: str | None = None) -> Store:
    """Open (creating or upgrading as needed) the store at ``url``, default ``default_url()``.

    ``url``: ``sqlite:///path/to/file.db``, a plain file path, or ``postgresql://...``.
    """
    return Store(url)
