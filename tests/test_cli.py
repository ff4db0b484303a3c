"""The command line on both backends: exact numbers, exit codes, nothing stored on bad input."""

from __future__ import annotations

import errno
import io
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from readonly import read_only

from outages import bundled, cli
from outages.cli import main
from outages.limits import MAX_NAME_CHARS
from outages.store import engine, open_store
from outages.store.failures import diagnose
from tests.helpers import content_hash

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"

KYIV_CSV = (b"time,region,service,out\n"
            b"2025-10-10T06:00:00+03:00,UA-30,electricity,800000\n"
            b"2025-10-10T15:00:00+03:00,UA-30,electricity,380000\n")
TWO_REGIONS = (b"timestamp;region_id;region_name;service;customers_out;customers_total\n"
               b"2025-10-10 06:00;UA-30;Kyiv;power;800000;1500000\n"
               b"2025-10-10 06:00;UA-32;Kyiv oblast;power;100000;800000\n"
               b"2025-10-10 09:00;UA-32;Kyiv oblast;power;20000;800000\n"
               b"2025-10-10 15:00;UA-30;Kyiv;power;380000;1500000\n")


def run(db: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", db, *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ingest(db, path, *args) -> dict:
    code, out, err = run(db, "ingest", str(path), *args)
    assert code == 0, err
    return json.loads(out)


def summary(db, dataset, *args) -> dict:
    code, out, err = run(db, "summary", dataset, *args)
    assert code == 0, err
    return json.loads(out)


def test_ingest_and_summary_of_the_kyiv_figures(store_url, tmp_path):
    path = tmp_path / "kyiv.csv"
    path.write_bytes(KYIV_CSV)
    doc = ingest(store_url, path, "--name", "Kyiv test")
    assert doc | {"dataset": None} == {
        "dataset": None, "rows": 2, "regions": 1, "services": ["power"],
        "start": "2025-10-10T03:00:00Z", "end": "2025-10-10T12:00:00Z", "created": True,
        "skipped": {}, "warnings": 0}
    [power] = summary(store_url, doc["dataset"], "--json")["services"]
    assert power["peak_customers_out"] == 800_000
    assert power["peak_time"] == "2025-10-10T03:00:00Z"
    assert power["latest_customers_out"] == 380_000
    assert power["customers_restored"] == 420_000
    assert power["restored_pct"] == 52.5
    assert power["customer_hours"] == 800_000 * 9
    assert power["saidi_minutes"] is None


def test_ingest_leaves_the_samples_to_the_next_command(store_url, tmp_path):
    # a big file's ingest does not also read the bundled samples; list (or the dashboard) does
    path = tmp_path / "kyiv.csv"
    path.write_bytes(KYIV_CSV)
    doc = ingest(store_url, path, "--name", "Kyiv test")
    with open_store(store_url) as store:
        assert [d.id for d in store.list_datasets()] == [doc["dataset"]]
    assert summary(store_url, doc["dataset"], "--json")["services"]  # its own dataset: no seeding
    with open_store(store_url) as store:
        assert len(store.list_datasets()) == 1
    code, out, err = run(store_url, "list", "--json")
    assert code == 0, err
    listed = {d["id"] for d in json.loads(out)}
    assert doc["dataset"] in listed and len(listed) == 1 + len(bundled.SAMPLE_LIST)


def test_reingest_is_idempotent_and_says_so(store_url, tmp_path):
    path = tmp_path / "kyiv.csv"
    path.write_bytes(KYIV_CSV)
    first = ingest(store_url, path)
    code, out, err = run(store_url, "ingest", str(path))
    assert code == 0
    again = json.loads(out)
    assert again["dataset"] == first["dataset"] and again["created"] is False
    assert "already stored" in err
    listed = json.loads(run(store_url, "list", "--json")[1])
    assert [d["id"] for d in listed].count(first["dataset"]) == 1


def test_window_regions_and_by_region(store_url, tmp_path):
    path = tmp_path / "two.csv"
    path.write_bytes(TWO_REGIONS)
    ds = ingest(store_url, path, "--tz", "Europe/Kyiv")["dataset"]
    [whole] = summary(store_url, ds)["services"]
    assert whole["peak_customers_out"] == 900_000
    assert whole["customers_restored"] == 80_000 + 420_000
    assert whole["customers_served"] == 2_300_000
    assert whole["saifi"] == pytest.approx(900_000 / 2_300_000)
    [oblast] = summary(store_url, ds, "--region", "UA-32")["services"]
    assert (oblast["peak_customers_out"], oblast["latest_customers_out"]) == (100_000, 20_000)
    # from 07:00 Kyiv time the oblast holds 100,000 until 09:00
    [later] = summary(store_url, ds, "--region", "UA-32", "--start",
                      "2025-10-10T04:00:00Z")["services"]
    assert later["customers_cut_off"] == 100_000 and later["customers_restored"] == 80_000
    regions = summary(store_url, ds, "--by-region")["regions"]
    assert {r["region_id"]: r["peak_customers_out"] for r in regions} == {
        "UA-30": 800_000, "UA-32": 100_000}


@pytest.mark.parametrize("window", [("--start", "2030-01-01"), ("--end", "2000-01-01"),
                                    ("--start", "2030-01-01", "--end", "2030-01-02")])
def test_a_window_holding_none_of_the_data_is_refused_not_answered_with_carried_counts(
        store_url, tmp_path, window):
    """After the data's last row the counts would be the last ones carried on, stamped at a
    time nothing was observed (as if 0 or 20,000 were out in 2030): refused, naming the
    data's own range. A window that overlaps it is answered."""
    path = tmp_path / "two.csv"
    path.write_bytes(TWO_REGIONS)
    ds = ingest(store_url, path, "--tz", "Europe/Kyiv")["dataset"]
    code, out, err = run(store_url, "summary", ds, *window, "--json")
    assert (code, out) == (2, "")
    assert "holds none of the dataset's times" in err and "2025-10-10T" in err
    assert summary(store_url, ds, "--start", "2025-10-10T05:00:00Z")["services"]


def test_summary_answers_from_the_pre_aggregates_not_the_rows(store_url, tmp_path,
                                                              monkeypatch):
    path = tmp_path / "two.csv"
    path.write_bytes(TWO_REGIONS)
    ds = ingest(store_url, path, "--tz", "Europe/Kyiv")["dataset"]
    from outages import metrics
    from outages.store import Store

    with open_store(store_url) as store:
        table = store.load(ds)
    expected, by_region = metrics.summary(table), metrics.by_region(table)

    def refused(*args, **kwargs):
        raise AssertionError("summary read the raw rows")

    monkeypatch.setattr(Store, "load", refused)
    monkeypatch.setattr(Store, "load_encoded", refused)
    doc = summary(store_url, ds, "--by-region")
    assert doc["services"] == [s.to_json() for s in expected]
    assert doc["regions"] == json.loads(by_region.to_json(orient="records", date_format="iso"))


@pytest.mark.parametrize(
    ("content", "row", "column"),
    [
        (b"time,region,service,out\n2025-10-10T06:00Z,UA-30,power,-5\n", 2, "out"),
        (b"time,region,service,out\n2025-10-10T06:00Z,UA-30,power,1\n"
         b"2025-10-10T07:00Z,UA-30,power,2.5\n", 3, "out"),
        (b"time,region,service,out\n2025-10-10T06:00Z,UA-30,plasma,1\n", 2, "service"),
        (b"time,region,service,out\n01/02/2025,UA-30,power,1\n", 2, "time"),
    ],
)
def test_bad_input_exits_2_names_the_place_and_stores_nothing(store_url, tmp_path, content, row,
                                                             column):
    run(store_url, "list")  # seeds the bundled samples first
    store = open_store(store_url)
    before = store.content_hash()
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, out, err = run(store_url, "ingest", str(path), "--tz", "UTC")
    assert code == 2 and out == ""
    assert f"bad.csv, row {row}, column '{column}'" in err
    assert "nothing was stored" in err
    assert store.content_hash() == before
    store.close()


EAGLEI = (b"fips_code,county,state,customers_out,run_start_time\n"
          b"1001,Autauga,Alabama,5,2022-01-01 00:00:00\n"
          b"1003,Baldwin,Alabama,2,2022-01-01 00:15:00\n"
          b"1001,Autauga,Alabama,3,2022-01-01 00:15:00\n")


def _counted(monkeypatch) -> list:
    """Each pre-aggregate build the ingest begins."""
    began, real = [], cli.prepared.prepare_encoded
    monkeypatch.setattr(cli.prepared, "prepare_encoded",
                        lambda enc: began.append(len(enc.ts)) or real(enc))
    return began


def test_eaglei_ingest_uses_the_work_begun_while_checking(store_url, tmp_path, monkeypatch):
    began = _counted(monkeypatch)
    path = tmp_path / "eaglei.csv"
    path.write_bytes(EAGLEI)
    doc = ingest(store_url, path)
    assert began == [3]  # begun once, during the reader's checks, and not again
    [power] = summary(store_url, doc["dataset"], "--json")["services"]
    assert power["peak_customers_out"] == 5 and power["latest_customers_out"] == 5


def test_eaglei_rejected_after_work_began_stores_nothing(store_url, tmp_path, monkeypatch):
    run(store_url, "list")
    began = _counted(monkeypatch)
    store = open_store(store_url)
    before = store.content_hash()
    path = tmp_path / "bad.csv"
    path.write_bytes(EAGLEI.replace(b"Baldwin", b"=HYPERLINK()"))
    code, out, err = run(store_url, "ingest", str(path))
    assert began == [3]  # the reader's checks had not yet rejected the file
    assert (code, out) == (2, "") and "bad.csv, row 3, column 'region_name'" in err
    assert "nothing was stored" in err and store.content_hash() == before
    store.close()


FOUR_PROBLEMS = (b"time,region,service,customers_out\n"
                 b"2025-10-10T06:00:00+03:00,UA-30,power,-5\n"
                 b"2025-02-30T06:00:00+03:00,UA-30,power,10\n"
                 b"yesterday,UA-30,power,10\n"
                 b"2025-10-10T09:00:00+03:00,UA-30,power,abc\n")


def test_every_problem_of_a_file_in_one_pass(store_url, tmp_path):
    """A negative count, an impossible date, 'yesterday' and 'abc': all four, in row order."""
    run(store_url, "list")
    before = content_hash(store_url)
    path = tmp_path / "four.csv"
    path.write_bytes(FOUR_PROBLEMS)
    code, out, err = run(store_url, "ingest", str(path))
    assert code == 2 and out == ""
    lines = [line.removeprefix("error: ") for line in err.splitlines()
             if line.startswith(("error: four.csv", "four.csv"))]
    assert [line.split(": ", 1)[0] for line in lines] == [
        "four.csv, row 2, column 'customers_out'", "four.csv, row 3, column 'time'",
        "four.csv, row 4, column 'time'", "four.csv, row 5, column 'customers_out'"]
    assert "'-5' is negative" in lines[0] and "'2025-02-30T06:00:00+03:00'" in lines[1]
    assert "'yesterday'" in lines[2] and "'abc' is not a number" in lines[3]
    assert content_hash(store_url) == before


def test_unreadable_times_are_capped_and_a_column_problem_follows_them(tmp_path):
    from outages.errors import InputError
    from outages.readers import read_bytes

    body = b"".join(b"bad%d,UA-30,power,1\n" % i for i in range(30))
    with pytest.raises(InputError) as caught:
        read_bytes(b"time,region,service,out\n" + body, "many.csv")
    rows = [p.row for p in caught.value.problems if p.code == "times.unreadable"]
    assert rows == list(range(2, 22))  # the first 20, in row order


def test_unknown_dataset_exits_1(store_url):
    code, _, err = run(store_url, "summary", "no-such-dataset")
    assert code == 1 and "no dataset 'no-such-dataset'" in err


def test_export_and_delete(store_url, tmp_path):
    path = tmp_path / "kyiv.csv"
    path.write_bytes(KYIV_CSV)
    ds = ingest(store_url, path)["dataset"]
    for fmt in ("csv", "json", "parquet"):
        target = tmp_path / f"out.{fmt}"
        code, out, err = run(store_url, "export", ds, "--format", fmt, "-o", str(target))
        assert code == 0, err
        assert json.loads(out)["rows"] == 2 and target.stat().st_size > 0
    # the exported CSV and JSON read back to the same dataset (identical content)
    for fmt in ("csv", "json"):
        again = ingest(store_url, tmp_path / f"out.{fmt}")
        assert again["dataset"] == ds and again["created"] is False
    assert run(store_url, "delete", ds)[0] == 0
    assert run(store_url, "summary", ds)[0] == 1


def test_bundled_samples_appear_on_first_use(store_url):
    listed = json.loads(run(store_url, "list", "--json")[1])
    names = {d["name"] for d in listed}
    assert "Kyiv: strike on energy facilities (reported figures)" in names
    kyiv = next(d for d in listed if d["name"].startswith("Kyiv"))
    [power] = summary(store_url, kyiv["id"])["services"]
    assert (power["peak_customers_out"], power["latest_customers_out"],
            power["customers_restored"], power["restored_pct"]) == (800_000, 380_000, 420_000,
                                                                    52.5)


def test_deleted_sample_is_not_seeded_again(store_url):
    listed = json.loads(run(store_url, "list", "--json")[1])
    kyiv = next(d for d in listed if d["name"].startswith("Kyiv"))["id"]
    assert run(store_url, "delete", kyiv)[0] == 0
    listed = json.loads(run(store_url, "list", "--json")[1])
    assert kyiv not in {d["id"] for d in listed}


REAL_FILES = ["OE417_2021_Annual_Summary.xls", "outage.xlsx",
              "eaglei_outages_2014_excerpt.transcribed.csv"]


def _comparable(doc):
    drop = {"created_at"}
    if isinstance(doc, list):
        return [_comparable(d) for d in doc]
    if isinstance(doc, dict):
        return {k: _comparable(v) for k, v in doc.items() if k not in drop}
    return doc


@pytest.mark.postgres
def test_both_backends_give_identical_results(tmp_path, pg_url):
    sqlite = f"sqlite:///{tmp_path / 'a.db'}"
    results = {}
    for db in (sqlite, pg_url):
        ids = [ingest(db, DATA / name)["dataset"] for name in REAL_FILES]
        listing = json.loads(run(db, "list", "--json")[1])
        sums = [summary(db, ds, "--by-region") for ds in ids]
        run(db, "delete", ids[0])
        after = json.loads(run(db, "list", "--json")[1])
        results[db] = _comparable([ids, listing, sums, after])
    assert results[sqlite] == results[pg_url]


def test_python_dash_m_entry_point(tmp_path):
    env = {"OUTAGES_DB_URL": f"sqlite:///{tmp_path / 'x.db'}", "PATH": "/usr/bin:/bin"}
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "outages", "ingest", str(bad)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "empty.csv" in proc.stderr and "empty" in proc.stderr


def test_the_parser_offers_every_reader_and_export_format():
    from outages import cli_args, export, readers
    from outages.readers.base import EVENT_TYPES
    from outages.schema import SERVICES

    assert cli_args.FORMAT_NAMES == tuple(sorted(readers.FORMATS))
    assert cli_args.EVENT_TYPES == EVENT_TYPES
    assert cli_args.EXPORT_FORMATS == tuple(export.FORMATS)
    assert cli_args.SERVICES == SERVICES


LOADED = ("import json, sys\n"
          "from outages.cli import main\n"
          "code = main(sys.argv[1:])\n"
          "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[:2] in ("
          "['outages', 'readers'], ['outages', 'bundled'], ['outages', 'export']))))\n"
          "sys.exit(code)")


def loaded_after(*args: str) -> tuple[str, list[str]]:
    """What ``main(args)`` printed, and which of the readers, samples and export it imported."""
    proc = subprocess.run([sys.executable, "-c", LOADED, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    printed, _, last = proc.stdout.rstrip("\n").rpartition("\n")
    return printed, json.loads(last)


def test_summary_does_not_import_the_readers(tmp_path):
    """What only ``ingest`` (and seeding the samples) needs is imported when it runs, so a cold
    ``summary`` starts sooner."""
    url = f"sqlite:///{tmp_path / 'x.db'}"
    listed, loaded = loaded_after("--db", url, "list", "--json")
    assert "outages.readers" in loaded and "outages.bundled" in loaded  # a new store is seeded
    first = json.loads(listed)[0]["id"]
    summary, loaded = loaded_after("--db", url, "summary", first)
    assert json.loads(summary)["dataset"] == first
    assert loaded == []


# The machine's state: each case exits 2 with one line saying why, never a traceback ----------

def big_csv(rows: int = 3_000) -> bytes:
    lines = [f"2025-10-10T{h:02d}:{m:02d}:00Z,UA-{r:02d},power,{5_000 + h * 10 + r}"
             for h in range(24) for m in range(0, 60, 15) for r in range(rows // 96 + 1)]
    return ("time,region,service,out\n" + "\n".join(lines[:rows]) + "\n").encode()


def one_line_error(code: int, out: str, err: str, *words: str) -> None:
    assert (code, out) == (cli.EXIT_BAD_INPUT, ""), err
    assert err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err


def run_real(*args: str) -> tuple[int, str, str]:
    """``python -m outages`` in a process of its own."""
    proc = subprocess.run([sys.executable, "-m", "outages", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def test_a_name_over_the_limit_exits_2_and_stores_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'o.db'}"
    run(db, "list")
    store = open_store(db)
    before = store.content_hash()
    path = tmp_path / "kyiv.csv"
    path.write_bytes(KYIV_CSV)
    code, out, err = run(db, "ingest", str(path), "--name", "x" * 20_000)
    assert (code, out) == (2, "") and "Traceback" not in err
    assert f"the name is 20,000 characters long; the limit is {MAX_NAME_CHARS}" in err
    assert store.content_hash() == before
    assert ingest(db, path, "--name", "x" * MAX_NAME_CHARS)["created"]
    store.close()


def test_postgresql_that_does_not_answer():
    code, out, err = run_real("--db", "postgresql://postgres@127.0.0.1:1/test", "list")
    one_line_error(code, out, err, "the store is unavailable: its PostgreSQL server does not "
                                   "answer (127.0.0.1:1/test: ", "Connection refused")


@pytest.mark.parametrize("content", [b"hello, not a database\n", bytes(range(256)) * 20])
def test_a_store_file_that_is_not_a_database(tmp_path, content):
    path = tmp_path / "outages.db"
    path.write_bytes(content)
    csv = tmp_path / "kyiv.csv"
    csv.write_bytes(KYIV_CSV)
    for args in (["list"], ["ingest", str(csv)]):
        one_line_error(*run(str(path), *args), "the store is unavailable: its file is not a "
                                               f"database ({path}: file is not a database)")
    assert path.read_bytes() == content


def test_a_read_only_store_folder(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    db = f"sqlite:///{folder / 'outages.db'}"
    csv = tmp_path / "kyiv.csv"
    csv.write_bytes(KYIV_CSV)
    unavailable = "the store is unavailable: it is read-only: this program may not write to it"
    with read_only(folder) as wrap:  # empty: the store cannot be created
        proc = subprocess.run(wrap([sys.executable, "-m", "outages", "--db", db, "ingest",
                                    str(csv)]), cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        one_line_error(proc.returncode, proc.stdout, proc.stderr, unavailable)
    run(db, "list")  # now a store with the samples in it
    store = open_store(db)
    before = store.content_hash()
    store.close()
    with read_only(folder) as wrap:
        command = wrap([sys.executable, "-m", "outages", "--db", db, "ingest", str(csv)])
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
        one_line_error(proc.returncode, proc.stdout, proc.stderr, unavailable)
    store = open_store(db)
    assert store.content_hash() == before
    store.close()


def test_a_full_disk_while_ingesting(tmp_path, monkeypatch):
    """SQLite's page limit stands in for a full disk: it fails the same way (SQLITE_FULL)."""
    db = f"sqlite:///{tmp_path / 'o.db'}"
    run(db, "list")
    store = open_store(db)
    before = store.content_hash()
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    store.close()
    path = tmp_path / "big.csv"
    path.write_bytes(big_csv())
    monkeypatch.setattr(engine, "SQLITE_PRAGMAS",
                        (*engine.SQLITE_PRAGMAS, f"PRAGMA max_page_count={pages + 2}"))
    one_line_error(*run(db, "ingest", str(path)), "the store is unavailable: the disk is full (",
                   "database or disk is full")
    monkeypatch.undo()
    store = open_store(db)
    assert store.content_hash() == before
    assert store.integrity_check() == []
    store.close()


def test_pre_aggregates_cached_while_the_rows_are_written_go_when_the_store_refuses(
        tmp_path, monkeypatch):
    """The pre-aggregates of an EAGLE-I file are cached (under its content's hash) while the
    store writes its rows; a store that then fails leaves no cached copy behind."""
    from outages.store.catalog import Store

    db = f"sqlite:///{tmp_path / 'o.db'}"
    path = tmp_path / "e.csv"
    path.write_bytes(EAGLEI)
    written, real_cache, real_ingest = threading.Event(), cli.prepared.cache_content, Store.ingest

    def cache_content(*args, **kwargs):
        try:
            return real_cache(*args, **kwargs)
        finally:
            written.set()

    def full(self, *args, **kwargs):
        assert written.wait(60)  # cached before the store fails
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "o.db"))

    monkeypatch.setattr(cli.prepared, "cache_content", cache_content)
    monkeypatch.setattr(Store, "ingest", full)
    code, out, err = run(db, "ingest", str(path))
    assert (code, out) == (cli.EXIT_BAD_INPUT, "") and "No space left" in err
    assert not list((tmp_path / "prepared").glob("*-v*"))
    monkeypatch.setattr(Store, "ingest", real_ingest)
    code, out, _ = run(db, "ingest", str(path))
    assert code == 0
    store = open_store(db)
    sha256 = store.get(json.loads(out)["dataset"]).sha256
    store.close()
    assert [p.name for p in (tmp_path / "prepared").glob("*-v*")] == [
        f"{sha256}-v{cli.prepared.FORMAT}"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_while_exporting(tmp_path):
    db = f"sqlite:///{tmp_path / 'o.db'}"
    dataset = json.loads(run(db, "list", "--json")[1])[0]["id"]
    one_line_error(*run(db, "export", dataset, "--format", "csv", "-o", "/dev/full"),
                   "No space left on device: /dev/full")


@pytest.mark.parametrize("exc,code", [
    (OSError(errno.ENOSPC, "No space left on device", "/srv/outages.db"), "disk_full"),
    (OSError(errno.EROFS, "Read-only file system", "/srv"), "read_only"),
    (sa.exc.OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")),
     "disk_full"),
    (KeyError("not the machine's state"), None),
    (ValueError("a bug"), None),
])
def test_failures_are_told_from_bugs(exc, code):
    failure = diagnose(exc, "sqlite:////srv/outages.db")
    assert (failure.code if failure else None) == code
    if failure is not None:
        assert failure.line().startswith("the store is unavailable: ")
        assert "\n" not in failure.line()
        assert failure.text("uk") != failure.text("en")


def test_a_cp1251_semicolon_export_lands_on_iso_oblasts(tmp_path):
    """Region names as a Ukrainian utility writes them, in a Windows-1251 export with
    semicolons, read by ``python -m outages`` as the oblasts' ISO 3166-2 codes."""
    text = ("Дата;Область;Послуга;Відключено\n"
            "10.01.2025 08:00;Київська;світло;1200\n"
            "10.01.2025 08:00;Харківська область;світло;3400\n"
            "10.01.2025 08:00;Полтавська обл.;світло;560\n"
            "10.01.2025 09:00;Київська;світло;900\n")
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1251"))
    db = f"sqlite:///{tmp_path / 'o.db'}"
    code, out, err = run_real("--db", db, "ingest", str(path), "--tz", "Europe/Kyiv")
    assert code == 0, err
    dataset = json.loads(out)["dataset"]
    code, out, err = run_real("--db", db, "summary", dataset, "--by-region", "--json")
    assert code == 0, err
    regions = {r["region_id"]: r for r in json.loads(out)["regions"]}
    assert sorted(regions) == ["UA-32", "UA-53", "UA-63"]
    assert regions["UA-32"]["region_name"] == "Київська"
    assert regions["UA-32"]["peak_customers_out"] == 1200
    assert regions["UA-63"]["peak_customers_out"] == 3400


def test_the_command_closes_its_store_before_it_exits(tmp_path):
    # python -m outages ends with os._exit (no interpreter teardown): main closes its stores
    # first, so SQLite has copied its log into the database file and removed it
    path = tmp_path / "eaglei.csv"
    path.write_bytes(EAGLEI)
    db = f"sqlite:///{tmp_path / 'o.db'}"
    code, out, err = run_real("--db", db, "ingest", str(path))
    assert code == 0, err
    dataset = json.loads(out)["dataset"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eaglei.csv", "o.db", "prepared"]
    code, out, err = run_real("--db", db, "summary", dataset, "--json")
    assert code == 0 and json.loads(out)["services"][0]["peak_customers_out"] == 5, err
    assert not list(tmp_path.glob("o.db-*"))
