import io

import pandas as pd
import pytest

from outages import export
from outages.schema import canonical


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("|cmd '/C calc'!A0", "'|cmd '/C calc'!A0"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("-42", "-42"),
        ("-4.5e3", "-4.5e3"),
        ("+7", "+7"),
        ("Kyiv", "Kyiv"),
        (12, 12),
    ],
)
def test_neutralise(cell, expected):
    assert export.neutralise(cell) == expected


def _table():
    return canonical(pd.DataFrame({
        "timestamp": pd.to_datetime(["2025-10-10T03:00Z", "2025-10-10T12:00Z"], utc=True),
        "region_id": ["UA-30", "UA-30"],
        "region_name": ["=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0"],
        "service": ["power", "power"],
        "customers_out": [800_000, 380_000],
    }))


def test_csv_export_neutralises_names_and_keeps_numbers():
    text = export.export(_table(), "csv").decode()
    back = pd.read_csv(io.StringIO(text))
    assert list(back["region_name"]) == ["'=cmd|' /C calc'!A0"] * 2
    assert list(back["customers_out"]) == [800_000, 380_000]
    assert list(back["timestamp"]) == ["2025-10-10T03:00:00Z", "2025-10-10T12:00:00Z"]


def test_json_export_reads_back_with_metadata():
    import json

    doc = json.loads(export.export(_table(), "json", {"name": "Kyiv"}))
    assert doc["name"] == "Kyiv"
    assert [r["customers_out"] for r in doc["data"]] == [800_000, 380_000]


def test_parquet_round_trip():
    table = _table()
    back = pd.read_parquet(io.BytesIO(export.export(table, "parquet")))
    pd.testing.assert_frame_equal(back, table, check_dtype=False)
    assert str(back["timestamp"].dtype).endswith("UTC]")


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown export format"):
        export.export(_table(), "xlsx")
