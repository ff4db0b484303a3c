"""Hostile workbooks are refused from their own figures, fast and in little memory, store unchanged.

The two bombs of issue 9 (one cell unpacking to 1 GiB; 1 GiB of tiny rows) are written once a
session by tests/bombs.py into a temporary folder; ``python -m outages ingest`` runs on each in
a process of its own, whose time and peak memory are measured. The smaller cases (a dimension
that lies, a declared size that lies, too many parts, cells far apart, an .ods) run in this
process, some with a limit lowered so that a small file crosses it.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import pytest

from outages import cli, limits
from outages.errors import InputError
from outages.readers import bounds, read_bytes, read_path
from tests import bombs
from tests.helpers import content_hash

ROOT = Path(__file__).resolve().parents[1]
SEED = (b"time,region,service,customers_out\n"
        b"2025-10-10T06:00:00+03:00,Kyiv,power,1200\n"
        b"2025-10-10T09:00:00+03:00,Kyiv,power,800\n")
# Runs the command and prints its peak memory (KB, from getrusage) as the last line of stderr.
MEASURED = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(code)")


@pytest.fixture(scope="session")
def big_bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {"one_cell": bombs.write_xlsx(folder / "one_cell.xlsx", bombs.one_huge_cell()),
            "tiny_rows": bombs.write_xlsx(folder / "tiny_rows.xlsx", bombs.tiny_rows())}


@pytest.fixture(autouse=True)
def fresh_checks(monkeypatch):
    """No workbook is taken as checked from an earlier test."""
    monkeypatch.setattr(bounds, "_checked", None)


def seeded_store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'outages.db'}"
    (tmp_path / "seed.csv").write_bytes(SEED)
    assert cli.main(["--db", url, "ingest", str(tmp_path / "seed.csv")], io.StringIO(),
                    io.StringIO()) == 0
    return url


def test_the_bombs_are_what_the_issue_describes(big_bombs):
    for path in big_bombs.values():
        assert 1_000_000 <= path.stat().st_size <= 3.2 * 1024**2
        with bombs.zipfile.ZipFile(path) as z:
            assert z.getinfo("xl/worksheets/sheet1.xml").file_size >= 0.99 * bombs.GIB


@pytest.mark.parametrize("name", ["one_cell", "tiny_rows"])
def test_the_command_refuses_a_bomb_fast_in_little_memory(name, big_bombs, tmp_path):
    url = seeded_store(tmp_path)
    before = content_hash(url)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", MEASURED, sys.executable, "-m", "outages",
                           "--db", url, "ingest", str(big_bombs[name])], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    seconds = time.monotonic() - started
    *messages, peak_kb = proc.stderr.strip().splitlines()
    assert proc.returncode == cli.EXIT_BAD_INPUT, proc.stderr
    assert proc.stdout == ""
    assert f"error: {name}.xlsx: the sheet 'Sheet1' unpacks to 1,024 MB; the limit is 256 MB" \
        in messages
    assert "Traceback" not in proc.stderr
    assert seconds < 10, seconds
    assert int(peak_kb) < 600 * 1024, f"peak {int(peak_kb) // 1024} MB"
    assert content_hash(url) == before


@pytest.mark.parametrize("name", ["one_cell", "tiny_rows"])
def test_reading_a_bomb_is_refused_in_well_under_a_second(name, big_bombs):
    data = big_bombs[name].read_bytes()
    started = time.monotonic()
    with pytest.raises(InputError, match="unpacks to 1,024 MB; the limit is 256 MB"):
        read_bytes(data, f"{name}.xlsx")
    assert time.monotonic() - started < 0.25


def test_a_dimension_that_understates_the_rows_is_caught_while_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 1_000)
    path = bombs.write_xlsx(tmp_path / "lies.xlsx", bombs.tiny_rows(200_000, b"A1:C2"))
    with pytest.raises(InputError) as caught:
        read_path(path)
    message = caught.value.problems[0].message
    assert message.startswith("the sheet 'Sheet1' has ") and "the limit is 1,000" in message
    assert "declares" not in message


def test_a_dimension_over_the_limits_is_refused_from_the_first_bytes(tmp_path):
    path = bombs.write_xlsx(tmp_path / "vast.xlsx", bombs.tiny_rows(1_000, b"A1:XFD1048576"))
    with pytest.raises(InputError, match=r"the sheet 'Sheet1' declares 17,179,869,184 cells "
                                         r"\(1,048,576 rows by 16,384 columns \(dimension "
                                         r"A1:XFD1048576\)\); the limit is 10,000,000"):
        read_path(path)


def test_two_cells_far_apart_are_refused_before_calamine_lays_them_out(tmp_path):
    """calamine would allocate every cell between them and abort the process."""
    path = bombs.write_xlsx(tmp_path / "far.xlsx", bombs.cells_far_apart())
    with pytest.raises(InputError, match="has 17,179,869,184 cells"):
        read_path(path)


def test_a_part_that_unpacks_to_more_than_it_declares_is_refused(tmp_path):
    path = bombs.write_xlsx(tmp_path / "liar.xlsx", bombs.tiny_rows(2 * 1024**2))
    bombs.understate_size(path, "xl/worksheets/sheet1.xml", 1_000)
    with pytest.raises(InputError, match="the part 'xl/worksheets/sheet1.xml' unpacks to more "
                                         "than the 1,000 bytes it declares"):
        read_path(path)


def test_too_many_parts_are_refused_from_the_end_record(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_ENTRIES", 500)
    path = bombs.write_xlsx(tmp_path / "many.xlsx", bombs.tiny_rows(1_000), extra=600)
    with pytest.raises(InputError, match="the workbook holds 606 parts; the limit is 500"):
        read_path(path)
    url = seeded_store(tmp_path)
    before = content_hash(url)
    err = io.StringIO()
    assert cli.main(["--db", url, "ingest", str(path)], io.StringIO(), err) == \
        cli.EXIT_BAD_INPUT
    assert "holds 606 parts" in err.getvalue() and content_hash(url) == before


def test_a_large_part_packed_too_tightly_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "RATIO_FROM_BYTES", 1024**2)
    path = bombs.write_xlsx(tmp_path / "tight.xlsx", bombs.one_huge_cell(4 * 1024**2))
    with pytest.raises(InputError, match=r"the sheet 'Sheet1' is packed [0-9,]+ times \(4.0 MB "
                                         r"in [0-9]+ KB\); the limit is 200 times"):
        read_path(path)


def test_an_ods_bomb_is_refused(tmp_path, monkeypatch):
    path = bombs.write_ods(tmp_path / "rows.ods", 30_000)
    bounds.check_workbook(path.read_bytes(), path.name)  # within the real limits
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 1024**2)
    monkeypatch.setattr(bounds, "_checked", None)
    with pytest.raises(InputError, match=r"the sheets' part 'content.xml' unpacks to 3.\d MB; "
                                         "the limit is 1.0 MB"):
        read_path(path)
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 256 * 1024**2)
    monkeypatch.setattr(limits, "MAX_SHEET_ROWS", 10_000)
    monkeypatch.setattr(bounds, "_checked", None)
    with pytest.raises(InputError, match=r"the sheets' part 'content.xml' has [0-9,]+ rows; "
                                         "the limit is 10,000"):
        read_path(path)


def test_real_workbooks_pass_the_checks_quickly():
    for path in [ROOT / "tests/data/outage.xlsx", ROOT / "tests/data/OE417_2022_Annual_Summary.xls",
                 *sorted((ROOT / "tests/good_inputs").glob("*.xlsx"))]:
        data = path.read_bytes()
        started = time.monotonic()
        bounds.check_workbook(data, path.name)
        assert time.monotonic() - started < 1
