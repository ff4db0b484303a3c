"""Counts above customers served: an error in a person's file, a warning in a published source."""

import pandas as pd
import pytest

from outages.errors import InputError
from outages.validate import check_table


def _raw():
    return pd.DataFrame({
        "timestamp": pd.to_datetime(["2024-07-08T12:00Z", "2024-07-08T12:15Z"], utc=True),
        "region_id": ["48201", "48201"], "region_name": ["Harris, Texas"] * 2,
        "service": ["power", "power"], "customers_out": [1_660_703, 1_000_000],
        "customers_total": [1_344_930, 1_344_930], "_row": [2, 3],
    })


def test_above_total_rejects_a_persons_file():
    with pytest.raises(InputError) as err:
        check_table(_raw(), "harris.csv")
    problem = err.value.problems[0]
    assert (problem.row, problem.column) == (2, "customers_out")
    assert "above customers_total" in problem.message


def test_above_total_is_kept_with_a_warning_in_a_published_source():
    table, warnings = check_table(_raw(), "eaglei_outages_2024.csv", published=True)
    assert list(table["customers_out"]) == [1_660_703, 1_000_000]
    [warning] = [w for w in warnings if "kept as published" in w.message]
    assert warning.row == 2 and "in 1 of 2 rows" in warning.message


def test_real_purdue_table_loads_with_its_three_rows_above_total():
    from pathlib import Path

    from outages.readers import read_path

    result = read_path(Path(__file__).parent / "data" / "outage.xlsx")
    assert result.format == "purdue"
    [warning] = [w for w in result.warnings if "kept as published" in w.message]
    assert "in 3 of 1,674 rows" in warning.message and warning.row == 851
