"""The store on both backends: what goes in comes out, once, with its history."""

from __future__ import annotations

import io
import json
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from outages import metrics, schema
from outages.readers import read_bytes
from outages.store import (
    SCHEMA_VERSION,
    StoreBusyError,
    StoreVersionError,
    bulk,
    codec,
    default_url,
    engine,
    make_id,
    migrations,
    open_store,
    tables,
)

HEADER = (b"timestamp,region_id,region_name,service,customers_out,customers_restored,"
          b"customers_total\n")
SIMPLE = HEADER + b"""2025-10-10T03:00:00Z,UA-30,Kyiv,power,1200,,5000
2025-10-10T04:00:00Z,UA-30,Kyiv,power,800,400,5000
2025-10-10T03:00:00Z,UA-46,Lviv,power,300,,
2025-10-10T03:30:00Z,UA-46,Lviv,water,50,,
"""
UNSORTED = HEADER + b"""2025-10-10T05:00:00Z,UA-46,Lviv,water,0,,
2025-10-10T04:00:00Z,UA-30,Kyiv,power,800,400,5000
2025-10-10T03:00:00Z,UA-46,Lviv,heating,7,,
2025-10-10T03:00:00Z,UA-30,Kyiv,power,1200,,5000
"""
UNICODE = HEADER + """2025-12-10T06:00:00Z,UA-12,Дніпропетровська,power,1000,,
2025-12-10T07:00:00Z,UA-12,Дніпропетровська,power,0,1000,
2025-12-10T06:00:00Z,UA-12.1,"Дніпро, місто",telecom,5,,
""".encode()
RENAMED = HEADER + b"""2025-10-10T03:00:00Z,UA-30,Kyiv,power,1200,,5000
2025-10-10T04:00:00Z,UA-30,Kyiv city,power,800,,5000
2025-10-10T05:00:00Z,UA-30,Kyiv,power,100,,5000
"""
SUBSECOND = HEADER + b"""2025-10-10T03:00:00.123456Z,UA-30,Kyiv,power,1,,
2025-10-10T03:00:00.123457Z,UA-30,Kyiv,power,2,,
"""
EVERY_SERVICE = HEADER + b"".join(
    f"2025-01-01T00:00:00Z,R1,Region one,{s},{i},,\n".encode()
    for i, s in enumerate(schema.SERVICES))
REPEATED_KEY = HEADER + b"""2025-10-10T03:00:00Z,UA-30,Kyiv,power,1200,,5000
2025-10-10T03:00:00Z,UA-30,Kyiv,power,900,,5000
"""
TABLES = {"simple": SIMPLE, "unsorted": UNSORTED, "unicode": UNICODE, "renamed": RENAMED,
          "subsecond": SUBSECOND, "every_service": EVERY_SERVICE}


def table_of(data: bytes) -> pd.DataFrame:
    """A canonical table from tidy CSV bytes (the store's own tests need no reader)."""
    raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    raw["timestamp"] = pd.to_datetime(raw["timestamp"], utc=True, format="ISO8601")
    for col in ("customers_out", "customers_restored", "customers_total"):
        raw[col] = pd.to_numeric(raw[col].replace("", None)).astype("Int64")
    raw["customers_out"] = raw["customers_out"].astype("int64")
    return schema.canonical(raw)


def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'outages.db'}"


def row_counts(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                for t in tables.CATALOG}


# ingest and load ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(TABLES))
def test_load_returns_the_table_ingested(store, name):
    table = table_of(TABLES[name])
    result = store.ingest(table, name=name)
    assert result.created
    pd.testing.assert_frame_equal(store.load(result.dataset_id), table)
    assert store.integrity_check(deep=True) == []


@pytest.mark.parametrize("name", sorted(TABLES))
def test_load_from_rows_when_the_columnar_copy_is_missing(store, name):
    table = table_of(TABLES[name])
    dataset_id = store.ingest(table, name=name).dataset_id
    with store.engine.begin() as conn:
        conn.execute(tables.dataset_blobs.delete())
    pd.testing.assert_frame_equal(store.load(dataset_id), table)
    assert store.integrity_check() == [f"{dataset_id}: no columnar copy"]


@pytest.mark.parametrize("copy", ["columnar", "rows"])
def test_integer_columns_are_the_table_before_framing(store, copy):
    table = table_of(UNICODE)
    dataset_id = store.ingest(table, name="x").dataset_id
    if copy == "rows":
        with store.engine.begin() as conn:
            conn.execute(tables.dataset_blobs.delete())
    enc = store.load_encoded(dataset_id)
    assert enc.regions == [("UA-12", "Дніпропетровська"), ("UA-12.1", "Дніпро, місто")]
    assert enc.region.tolist() == [0, 0, 1] and enc.restored_null.tolist() == [True, False, True]
    assert codec.content_hash(enc) == store.get(dataset_id).sha256
    pd.testing.assert_frame_equal(codec.decode(enc), table)
    with pytest.raises(KeyError):
        store.load_encoded("nope")


@pytest.mark.parametrize("copy", ["columnar", "rows"])
def test_a_loaded_table_can_be_changed_like_any_other(store, copy):
    dataset_id = store.ingest(table_of(SIMPLE), name="x").dataset_id
    if copy == "rows":
        with store.engine.begin() as conn:
            conn.execute(tables.dataset_blobs.delete())
    table = store.load(dataset_id)
    table.loc[0, "customers_out"] = 1
    table.loc[0, "customers_total"] = 2
    table.loc[0, "timestamp"] = pd.Timestamp("2025-01-01T00:00Z")
    table["customers_restored"] += 1
    assert table.loc[0, ["customers_out", "customers_total"]].tolist() == [1, 2]
    pd.testing.assert_frame_equal(store.load(dataset_id), table_of(SIMPLE))


def test_ingest_result_describes_the_dataset(store):
    result = store.ingest(table_of(UNSORTED), name="Kyiv & Lviv, 10 Oct")
    assert result.dataset_id.startswith("kyiv-lviv-10-oct-")
    assert (result.rows, result.regions) == (4, 2)
    assert result.services == ["heating", "power", "water"]
    assert result.start == pd.Timestamp("2025-10-10T03:00:00Z")
    assert result.end == pd.Timestamp("2025-10-10T05:00:00Z")
    assert result.replaces is None
    assert result.message == f"stored 4 rows as {result.dataset_id}"


def test_catalog_entry_keeps_every_field(store):
    meta = {"timezone": "Europe/Kyiv", "caveats": ["partial"], "skipped": {"blank": 2}}
    result = store.ingest(table_of(SIMPLE), name="Kyiv", description="d", source="s",
                          licence="CC BY 4.0", metadata=meta, created_by="alice")
    info = store.get(result.dataset_id)
    assert (info.name, info.description, info.source, info.licence, info.created_by) == (
        "Kyiv", "d", "s", "CC BY 4.0", "alice")
    assert info.metadata == meta
    assert (info.rows, info.regions, info.services) == (4, 2, ["power", "water"])
    assert info.sha256.startswith(result.dataset_id[-10:])
    doc = info.to_json()
    assert doc["start"] == "2025-10-10T03:00:00Z" and doc["end"] == "2025-10-10T04:00:00Z"
    assert json.loads(json.dumps(doc)) == doc
    assert store.get("no-such-dataset") is None


def test_identical_content_is_stored_once_and_says_so(store):
    table = table_of(SIMPLE)
    first = store.ingest(table, name="first")
    before, counts = store.content_hash(), row_counts(store)
    shuffled = table.sample(frac=1, random_state=3)
    again = store.ingest(shuffled, name="second name, same figures", created_by="bob")
    assert (again.created, again.dataset_id, again.rows) == (False, first.dataset_id, 4)
    assert "already stored" in again.message
    assert store.content_hash() == before and row_counts(store) == counts
    entry = store.audit_log(limit=1)[0]
    assert (entry["action"], entry["dataset_id"], entry["by"]) == (
        "duplicate", first.dataset_id, "bob")


def test_losing_a_race_to_identical_content_returns_the_winner(store, monkeypatch):
    # Another writer committed the same content between our look-up and our insert: the
    # unique sha256 refuses the second copy and the ingest answers with the first.
    winner = store.ingest(table_of(SIMPLE), name="winner")
    before = store.content_hash()
    looked_up = []
    real = type(store)._by_sha

    def blind_twice(conn, sha256):
        looked_up.append(sha256)
        return None if len(looked_up) <= 2 else real(conn, sha256)

    monkeypatch.setattr(type(store), "_by_sha", staticmethod(blind_twice))
    result = store.ingest(table_of(SIMPLE), name="loser")
    assert (result.created, result.dataset_id) == (False, winner.dataset_id)
    assert len(looked_up) == 3 and store.content_hash() == before
    assert store.audit_log(limit=1)[0]["action"] == "duplicate"


def test_progress_counts_rows_up_to_the_total(store):
    table = table_of(UNSORTED)
    store.chunk_rows = 1
    seen = []
    store.ingest(table, name="x", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 4) for i in range(1, 5)]


@pytest.mark.parametrize("data, message", [
    (REPEATED_KEY, "two rows for service 'power', region 'UA-30'"),
    (HEADER, "no rows"),
    (HEADER + b"2025-01-01T00:00:00Z,R1,R,sewage,1,,\n", "unknown service 'sewage'"),
])
def test_tables_the_store_cannot_keep_change_nothing(store, data, message):
    store.ingest(table_of(SIMPLE), name="kept")
    before, log = store.content_hash(), store.audit_log()
    with pytest.raises(ValueError, match=message):
        store.ingest(table_of(data), name="bad")
    assert store.content_hash() == before and store.audit_log() == log


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "  "}, "name is empty"),
    ({"name": "x", "metadata": {"when": pd.Timestamp("2025-01-01")}}, "cannot be stored as JSON"),
    ({"name": "x", "metadata": {"annotations": [{"text": "no time"}]}}, "annotation 1"),
    ({"name": "x", "metadata": {"annotations": [
        {"timestamp": "2025-10-10 03:00", "text": "naive"}]}}, "has no time zone"),
    ({"name": "x", "description": "d" * 10_001}, "longer than"),
])
def test_bad_catalog_fields_change_nothing(store, kwargs, message):
    before = store.content_hash()
    with pytest.raises(ValueError, match=message):
        store.ingest(table_of(SIMPLE), **kwargs)
    assert store.content_hash() == before


def test_missing_column_is_named(store):
    with pytest.raises(ValueError, match="lacks column 'customers_out'"):
        store.ingest(table_of(SIMPLE).drop(columns="customers_out"), name="x")


# versions, delete, annotations, audit ---------------------------------------------------------

def test_replacing_keeps_every_version_loadable(store):
    v1, v2, v3 = (table_of(d) for d in (SIMPLE, UNSORTED, RENAMED))
    a = store.ingest(v1, name="Kyiv")
    b = store.ingest(v2, name="Kyiv", replaces=a.dataset_id)
    c = store.ingest(v3, name="Kyiv", replaces=b.dataset_id)
    assert (b.replaces, c.replaces) == (a.dataset_id, b.dataset_id)
    assert "replacing" in b.message
    assert [i.id for i in store.list_datasets()] == [c.dataset_id]
    assert [i.id for i in store.list_datasets(include_superseded=True)] == [
        c.dataset_id, b.dataset_id, a.dataset_id]
    assert store.get(a.dataset_id).superseded_by == b.dataset_id
    assert {store.latest_version(x.dataset_id) for x in (a, b, c)} == {c.dataset_id}
    pd.testing.assert_frame_equal(store.load(a.dataset_id), v1)
    assert [e["action"] for e in store.audit_log()] == ["replace", "replace", "ingest"]


def test_replacing_needs_the_newest_existing_version(store):
    a = store.ingest(table_of(SIMPLE), name="a")
    store.ingest(table_of(UNSORTED), name="b", replaces=a.dataset_id)
    before = store.content_hash()
    with pytest.raises(ValueError, match="already replaced by b-"):
        store.ingest(table_of(RENAMED), name="c", replaces=a.dataset_id)
    with pytest.raises(KeyError):
        store.ingest(table_of(RENAMED), name="c", replaces="nope-0000000000")
    assert store.content_hash() == before


def _wait_for_a_lock_wait(store) -> None:
    """PostgreSQL: return once some session waits for a row lock (bounded)."""
    query = sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query ILIKE '%FOR UPDATE%'")
    deadline = time.monotonic() + 30
    with store.engine.connect() as conn:
        while conn.execute(query).scalar() == 0 and time.monotonic() < deadline:
            conn.rollback()


def test_two_replacements_of_one_version_one_wins(store):
    old = store.ingest(table_of(SIMPLE), name="old").dataset_id
    paused, release = threading.Event(), threading.Event()

    def hold(done, total):  # the first writer stops inside its transaction
        paused.set()
        release.wait(timeout=60)

    outcome = {}

    def replace(name, data, progress=None):
        try:
            outcome[name] = store.ingest(table_of(data), name=name, replaces=old,
                                         progress=progress)
        except ValueError as exc:
            outcome[name] = exc

    first = threading.Thread(target=replace, args=("first", UNSORTED, hold))
    first.start()
    assert paused.wait(timeout=60)
    second = threading.Thread(target=replace, args=("second", RENAMED))
    second.start()
    if store.backend == "postgresql":
        _wait_for_a_lock_wait(store)
    release.set()
    first.join(timeout=60)
    second.join(timeout=60)
    assert outcome["first"].created
    assert "already replaced by first-" in str(outcome["second"])
    assert store.get(old).superseded_by == outcome["first"].dataset_id
    assert [i.id for i in store.list_datasets()] == [outcome["first"].dataset_id]
    assert store.integrity_check() == []


def test_delete_removes_everything_and_relinks_versions(store):
    a = store.ingest(table_of(SIMPLE), name="a")
    b = store.ingest(table_of(UNSORTED), name="b", replaces=a.dataset_id)
    c = store.ingest(table_of(RENAMED), name="c", replaces=b.dataset_id)
    store.add_annotation(b.dataset_id, pd.Timestamp("2025-10-10T03:00Z"), "strike", by="ann")
    store.delete(b.dataset_id, by="carol")
    assert store.get(b.dataset_id) is None
    assert store.get(a.dataset_id).superseded_by == c.dataset_id
    assert store.get(c.dataset_id).replaces == a.dataset_id
    assert store.latest_version(a.dataset_id) == c.dataset_id
    assert store.integrity_check(deep=True) == []
    entry = store.audit_log(limit=1)[0]
    assert (entry["action"], entry["dataset_id"], entry["by"], entry["detail"]["rows"]) == (
        "delete", b.dataset_id, "carol", 4)
    store.delete(c.dataset_id)
    store.delete(a.dataset_id)
    assert set(row_counts(store).values()) == {0}
    for call in (store.delete, store.load, store.latest_version, store.annotations):
        with pytest.raises(KeyError):
            call(b.dataset_id)


def test_deleted_content_can_be_stored_again(store):
    first = store.ingest(table_of(SIMPLE), name="x")
    store.delete(first.dataset_id)
    again = store.ingest(table_of(SIMPLE), name="x")
    assert again.created and again.dataset_id == first.dataset_id


def test_annotations_from_metadata_and_added_later(store):
    meta = {"annotations": [
        {"timestamp": "2025-10-10T06:00:00+03:00", "text": "missile and drone strike on energy "
                                                            "facilities"},
        {"timestamp": "2025-10-10T05:00:00Z", "text": "repairs begin"}]}
    dataset_id = store.ingest(table_of(SIMPLE), name="x", metadata=meta).dataset_id
    assert "annotations" not in store.get(dataset_id).metadata
    store.add_annotation(dataset_id, pd.Timestamp("2025-10-10T04:00Z"), " power back ", by="ed")
    notes = store.annotations(dataset_id)
    assert list(notes["timestamp"]) == [pd.Timestamp(t) for t in (
        "2025-10-10T03:00Z", "2025-10-10T04:00Z", "2025-10-10T05:00Z")]
    assert list(notes["text"]) == ["missile and drone strike on energy facilities",
                                   "power back", "repairs begin"]
    assert str(notes["timestamp"].dtype) == "datetime64[us, UTC]"
    assert store.audit_log(limit=1)[0]["action"] == "annotate"
    with pytest.raises(ValueError, match="no time zone"):
        store.add_annotation(dataset_id, pd.Timestamp("2025-10-10 04:00"), "x", by="ed")
    with pytest.raises(ValueError, match="empty"):
        store.add_annotation(dataset_id, pd.Timestamp("2025-10-10T04:00Z"), " ", by="ed")
    with pytest.raises(KeyError):
        store.add_annotation("nope", pd.Timestamp("2025-10-10T04:00Z"), "x", by="ed")
    assert store.annotations(dataset_id).shape == (3, 2)


def test_list_is_newest_first(store):
    ids = [store.ingest(table_of(TABLES[n]), name=n).dataset_id for n in ("simple", "unicode")]
    assert [i.id for i in store.list_datasets()] == ids[::-1]


def test_audit_log_is_append_only(store):
    store.ingest(table_of(SIMPLE), name="x")
    for statement in (tables.audit.update().values(actor="mallory"), tables.audit.delete()):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as c:
            c.execute(statement)
    assert [e["by"] for e in store.audit_log()] == ["cli"]


# integrity ------------------------------------------------------------------------------------

def _tamper_rows(conn):
    o = tables.observations
    conn.execute(o.delete().where(o.c.ts == o.c.ts).where(o.c.customers_out == 300))


def _tamper_blob(conn):
    b = tables.dataset_blobs
    other = codec.to_blob_parts(codec.encode(table_of(RENAMED)))[0]
    conn.execute(b.update().values(data=other))


def _tamper_values(conn):
    o = tables.observations
    conn.execute(o.update().where(o.c.customers_out == 300).values(customers_out=301))


def _orphan_rows(conn):
    conn.execute(tables.observations.insert().values(
        ds=999, service=1, region=0, ts=0, customers_out=1))


@pytest.mark.parametrize("damage, found", [
    (_tamper_rows, "3 observation rows, catalog says 4"),
    (_tamper_blob, "columnar copy does not match its sha256"),
    (_tamper_values, "observation rows do not match its sha256"),
    (_orphan_rows, "1 observation rows belong to no dataset"),
])
def test_integrity_check_finds_damage(store, damage, found):
    dataset_id = store.ingest(table_of(SIMPLE), name="x").dataset_id
    assert store.integrity_check(deep=True) == []
    with store.engine.begin() as conn:
        damage(conn)
    problems = store.integrity_check(deep=True)
    assert len(problems) == 1 and found in problems[0]
    assert dataset_id in problems[0] or "no dataset" in problems[0]


def test_a_large_sqlite_dataset_is_kept_once_as_its_columnar_copy(store, monkeypatch):
    monkeypatch.setattr(bulk, "SQLITE_TABLE_ROWS", 2)  # SIMPLE's 4 rows count as large
    table = table_of(SIMPLE)
    dataset_id = store.ingest(table, name="x").dataset_id
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(tables.observations))
        count = stored.scalar_one()
    assert count == (0 if store.backend == "sqlite" else len(table))
    pd.testing.assert_frame_equal(store.load(dataset_id), table)
    assert store.integrity_check(deep=True) == []
    with store.engine.begin() as conn:
        _tamper_blob(conn)
    problems = store.integrity_check(deep=True)
    assert len(problems) == 1 and "columnar copy does not match its sha256" in problems[0]


def test_rows_added_to_a_dataset_kept_as_its_columnar_copy_are_found(store, monkeypatch):
    monkeypatch.setattr(bulk, "SQLITE_TABLE_ROWS", 2)
    dataset_id = store.ingest(table_of(SIMPLE), name="x").dataset_id
    if store.backend != "sqlite":
        pytest.skip("PostgreSQL keeps every dataset's rows")
    with store.engine.begin() as conn:
        seq = conn.execute(sa.select(tables.datasets.c.seq)).scalar_one()
        conn.execute(tables.observations.insert().values(
            ds=seq, service=1, region=0, ts=0, customers_out=1))
    assert store.integrity_check() == [
        f"{dataset_id}: 1 observation rows, catalog says 4 kept only as its columnar copy"]


def test_content_hash_sees_every_catalog_change(store):
    empty = store.content_hash()
    seen = [empty]
    dataset_id = store.ingest(table_of(SIMPLE), name="x").dataset_id
    seen.append(store.content_hash())
    store.add_annotation(dataset_id, pd.Timestamp("2025-10-10T04:00Z"), "note", by="x")
    seen.append(store.content_hash())
    with store.engine.begin() as conn:
        _tamper_values(conn)
    seen.append(store.content_hash())
    assert len(set(seen)) == 4
    store.delete(dataset_id)
    assert store.content_hash() == empty  # the audit log is not content


# migrations -----------------------------------------------------------------------------------

def test_a_new_store_has_the_declared_schema(store):
    assert store.schema_version == SCHEMA_VERSION == migrations.LATEST
    with store.engine.connect() as conn:
        inspector = sa.inspect(conn)
        for table in tables.metadata.sorted_tables:
            stored = [c["name"] for c in inspector.get_columns(table.name)]
            assert stored == [c.name for c in table.columns], table.name
        versions = conn.execute(sa.select(tables.schema_migrations.c.version)).scalars().all()
    assert versions == [m.version for m in migrations.MIGRATIONS]


def test_an_older_store_upgrades_in_place(store_url):
    table = table_of(UNICODE)
    eng, backend = engine.make_engine(store_url)
    assert migrations.migrate(eng, backend, upto=1) == 1
    enc = codec.encode(table)
    with eng.connect() as conn, conn.begin():  # a dataset as version 1 stored it: no copy
        seq = conn.execute(tables.datasets.insert().values(
            id="old-one", name="old", description="", source="", licence="",
            services=json.dumps(enc.services), regions=enc.region_count, start_us=enc.start_us,
            end_us=enc.end_us, row_count=len(enc), sha256=enc.sha256, created_at="x",
            created_by="v1", metadata_json="{}")).inserted_primary_key[0]
        bulk.write_regions(conn, seq, enc.regions)
        bulk.insert_observations(conn, backend, seq, enc)
    eng.dispose()
    with open_store(store_url) as store:
        assert store.schema_version == migrations.LATEST
        assert store.integrity_check(deep=True) == []
        pd.testing.assert_frame_equal(store.load("old-one"), table)
        with store.engine.connect() as conn:
            assert bulk.read_blob(conn, seq) is not None


def test_a_store_from_a_newer_program_is_refused(store_url):
    open_store(store_url).close()
    eng, _ = engine.make_engine(store_url)
    with eng.begin() as conn:
        conn.execute(tables.schema_migrations.insert().values(
            version=migrations.LATEST + 1, description="future", applied_at="x"))
    eng.dispose()
    with pytest.raises(StoreVersionError, match="newer than this program"):
        open_store(store_url)


def test_reopening_runs_no_migration_again(store_url):
    open_store(store_url).close()
    with open_store(store_url) as store, store.engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(tables.schema_migrations))
        assert count.scalar() == migrations.LATEST


# backends give the same answers ----------------------------------------------------------------

FILES = {"simple.csv": SIMPLE, "unicode.csv": UNICODE, "renamed.csv": RENAMED}


@pytest.mark.postgres
def test_both_backends_answer_alike(tmp_path, pg_url):
    answers = []
    for url in (sqlite_url(tmp_path), pg_url):
        with open_store(url) as store:
            ids = []
            for name, data in FILES.items():
                result = read_bytes(data, name)
                ids.append(store.ingest(result.table, name=name, metadata=result.metadata,
                                        replaces=ids[-1].dataset_id if name == "renamed.csv"
                                        else None))
            listing = [{k: v for k, v in i.to_json().items() if k != "created_at"}
                       for i in store.list_datasets(include_superseded=True)]
            summaries = {r.dataset_id: [s.to_json() for s in metrics.summary(
                store.load(r.dataset_id))] for r in ids}
            tables_ = {r.dataset_id: store.load(r.dataset_id) for r in ids}
            store.delete(ids[0].dataset_id)
            after = [i.id for i in store.list_datasets(include_superseded=True)]
            answers.append((ids, listing, summaries, tables_, after, store.content_hash()))
    (ids_a, list_a, sum_a, tab_a, after_a, _), (ids_b, list_b, sum_b, tab_b, after_b, _) = answers
    assert ids_a == ids_b and list_a == list_b and sum_a == sum_b and after_a == after_b
    for key, table in tab_a.items():
        pd.testing.assert_frame_equal(table, tab_b[key])


# pieces that need no database -----------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("Kyiv, 10 Oct 2025", "kyiv-10-oct-2025"),
    ("Дніпро", "dataset"),
    ("Zürich  water", "zurich-water"),
    ("x" * 60, "x" * 40),
    ("--a--", "a"),
])
def test_dataset_ids_are_readable(name, expected):
    assert make_id(name, "0123456789abcdef") == f"{expected}-0123456789"


@pytest.mark.parametrize("url, backend, driver", [
    ("postgresql://u@h/db", "postgresql", "postgresql+psycopg"),
    ("postgres://u@h/db", "postgresql", "postgresql+psycopg"),
    ("postgresql+psycopg://u@h/db?options=-csearch_path%3Ds", "postgresql", "postgresql+psycopg"),
    ("sqlite:///relative/x.db", "sqlite", "sqlite"),
    ("data/x.db", "sqlite", "sqlite"),
])
def test_urls_pick_the_backend(url, backend, driver):
    parsed, found = engine.parse_url(url)
    assert (found, parsed.drivername) == (backend, driver)
    if backend == "sqlite":
        assert parsed.database.startswith("/")


@pytest.mark.parametrize("url, message", [
    ("sqlite://", "in-memory"), ("sqlite:///:memory:", "in-memory"),
    ("mysql://u@h/db", "unsupported store URL"),
])
def test_urls_the_store_refuses(url, message):
    with pytest.raises(ValueError, match=message):
        engine.parse_url(url)


def test_default_url(monkeypatch):
    monkeypatch.delenv("OUTAGES_DB_URL", raising=False)
    repo = Path(__file__).resolve().parents[1]
    assert default_url() == f"sqlite:///{repo / 'data' / 'outages.db'}"
    monkeypatch.setenv("OUTAGES_DB_URL", "postgresql://u@h/db")
    assert default_url() == "postgresql://u@h/db"


def test_every_service_has_a_stored_code():
    assert set(schema.SERVICES) <= set(codec.SERVICE_CODES)
    assert len(set(codec.SERVICE_CODES.values())) == len(codec.SERVICE_CODES)


def test_content_hash_definition_is_pinned():
    # Stored datasets are found again by this hash: changing its definition would store
    # identical files twice. Change HASH_VERSION with it, never silently.
    assert codec.encode(table_of(SIMPLE)).sha256 == (
        "1561c1ece847cfa49dc93b447f2c4adbb7f50866193455aab57e458ff7ee88d3")


def test_the_retry_outlasts_a_writer_holding_the_lock(tmp_path, monkeypatch):
    url = sqlite_url(tmp_path)
    store = open_store(url)
    holder = sa.create_engine(url).raw_connection()
    holder.driver_connection.isolation_level = None
    holder.driver_connection.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 10)
    waits = []

    def sleep_then_release(seconds):
        waits.append(seconds)
        if len(waits) == 3:
            holder.driver_connection.execute("COMMIT")

    monkeypatch.setattr(engine.time, "sleep", sleep_then_release)
    store.close()
    store = open_store(url)  # new connections get the short busy timeout
    result = store.ingest(table_of(SIMPLE), name="x")
    assert result.created and len(waits) == 3
    store.close()
    holder.close()


def test_a_lock_held_too_long_is_reported_plainly(tmp_path, monkeypatch):
    url = sqlite_url(tmp_path)
    open_store(url).close()
    holder = sa.create_engine(url).raw_connection()
    holder.driver_connection.isolation_level = None
    holder.driver_connection.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 10)
    monkeypatch.setattr(engine, "RETRY_FOR_S", 0.3)
    with open_store(url) as store:
        with pytest.raises(StoreBusyError, match="stayed locked .* nothing was changed"):
            store.ingest(table_of(SIMPLE), name="x")
        holder.driver_connection.execute("ROLLBACK")
        assert store.list_datasets() == []
    holder.close()


@pytest.mark.parametrize("n", [1, 5, 70_000, 131_073])  # around the hash's piece of 65,536
def test_columns_of_one_value_hash_and_store_as_their_arrays(n):
    """A reader's constant columns (one value viewed n times) give the same sha256 and the same
    columnar copy as the arrays they stand for."""
    rng = np.random.default_rng(n)
    columns = dict(ts=np.arange(n, dtype=np.int64), region=np.zeros(n, np.int32),
                   out=rng.integers(0, 9, n).astype(np.int64), regions=[("01001", "Autauga")])
    constant = codec.Encoded(
        **columns, service=codec.constant(n, codec.SERVICE_CODES["power"], np.int8),
        restored=codec.constant(n, 0, np.int64), restored_null=codec.constant(n, True, bool),
        total=codec.constant(n, 0, np.int64), total_null=codec.constant(n, True, bool))
    whole = codec.Encoded(
        **columns, service=np.full(n, codec.SERVICE_CODES["power"], np.int8),
        restored=np.zeros(n, np.int64), restored_null=np.ones(n, bool),
        total=np.zeros(n, np.int64), total_null=np.ones(n, bool))
    assert codec.is_constant(constant.service) and not codec.is_constant(whole.service)
    assert codec.content_hash(constant) == codec.content_hash(whole)
    assert constant.services == whole.services == ["power"]
    back = codec.from_blob(b"".join(codec.to_blob_parts(constant)), constant.regions)
    for name in ("ts", "service", "region", "out", "restored", "restored_null", "total",
                 "total_null"):
        assert np.array_equal(getattr(back, name), getattr(whole, name)), name
    assert b"".join(codec.to_blob_parts(constant)) == b"".join(codec.to_blob_parts(whole))
    # the unknown counts are left out of the copy; a copy that has them (as written before)
    # reads back the same
    assert pq.read_schema(pa.BufferReader(b"".join(codec.to_blob_parts(whole)))).names == [
        "ts", "service", "region", "customers_out"]
    with_nulls = io.BytesIO()
    pq.write_table(codec.to_arrow(whole), with_nulls)
    old = codec.from_blob(with_nulls.getvalue(), constant.regions)
    for name in ("restored", "restored_null", "total", "total_null"):
        assert np.array_equal(getattr(old, name), getattr(whole, name)), name


# the codec on generated tables ------------------------------------------------------------------

@st.composite
def canonical_tables(draw):
    """Up to 40 rows over 6 regions (any text as ids); a region may appear under two names."""
    n = draw(st.integers(1, 40))
    keys = draw(st.lists(st.tuples(st.sampled_from(schema.SERVICES), st.integers(0, 5),
                                   st.integers(0, 10**9)), min_size=n, max_size=n,
                         unique=True))
    ids = draw(st.lists(st.text(min_size=1, max_size=4), min_size=6, max_size=6, unique=True))
    names = draw(st.lists(st.text(min_size=1, max_size=5), min_size=12, max_size=12))
    variant = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    counts = st.one_of(st.none(), st.integers(0, 2**62))
    restored = draw(st.lists(counts, min_size=n, max_size=n))
    total = draw(st.lists(counts, min_size=n, max_size=n))
    out = draw(st.lists(st.integers(0, 2**62), min_size=n, max_size=n))
    return schema.canonical(pd.DataFrame({
        "timestamp": pd.to_datetime([k[2] for k in keys], unit="us", utc=True),
        "region_id": pd.array([ids[k[1]] for k in keys], dtype="string"),
        "region_name": pd.array([names[2 * k[1] + v] for k, v in zip(keys, variant, strict=True)],
                                dtype="string"),
        "service": pd.array([k[0] for k in keys], dtype="string"),
        "customers_out": np.array(out, dtype=np.int64),
        "customers_restored": pd.array(restored, dtype="Int64"),
        "customers_total": pd.array(total, dtype="Int64"),
    }))


@settings(max_examples=40, deadline=None)
@given(canonical_tables(), st.randoms(use_true_random=False))
def test_codec_round_trips_and_hashes_content_not_order(table, rnd):
    enc = codec.encode(table)
    pd.testing.assert_frame_equal(codec.decode(enc), table)
    blob = b"".join(codec.to_blob_parts(enc))
    pd.testing.assert_frame_equal(codec.decode(codec.from_blob(blob, enc.regions)), table)
    order = list(range(len(table)))
    rnd.shuffle(order)
    shuffled = codec.encode(table.iloc[order])
    assert shuffled.sha256 == enc.sha256
    pd.testing.assert_frame_equal(codec.decode(shuffled), table)
    changed = table.copy()
    changed.loc[0, "customers_out"] += 1
    assert codec.encode(changed).sha256 != enc.sha256
    twice = pd.concat([table, changed.iloc[[0]]]).iloc[::-1]
    with pytest.raises(ValueError, match="two rows for service"):
        codec.encode(twice)
