"""The sample datasets that ship in data/samples, put into the store on first use, once.

A sample is seeded when no dataset made from it exists and none was ever deleted (the audit log
remembers): a person who deletes a sample does not get it back on the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from . import config
from .readers import read_path
from .schema import canonical
from .validate import check_table

SAMPLES = config.data_dir() / "samples"


@dataclass(frozen=True)
class Sample:
    key: str
    build: Callable[[], tuple[pd.DataFrame, dict]]  # -> canonical table, metadata


def _kyiv() -> tuple[pd.DataFrame, dict]:
    result = read_path(SAMPLES / "kyiv_strike_day.json")
    return result.table, result.metadata


def _changes(table: pd.DataFrame) -> pd.DataFrame:
    """A step table as its changes: each row's value minus the region's value before it."""
    before = table.groupby(["service", "region_id"])["customers_out"].shift(fill_value=0)
    return table.assign(delta=table["customers_out"] - before)


def _combine_steps(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """Step tables of events from several files as one.

    Each file's events start and end at 0 in every region, so adding the changes of all files in
    time order gives the step function of all the events together (an event that crosses the new
    year is in one file and still counts whole).
    """
    keys = ["service", "region_id"]
    changes = pd.concat([_changes(t) for t in tables], ignore_index=True)
    steps = changes.groupby([*keys, "timestamp"], as_index=False).agg(
        region_name=("region_name", "first"), delta=("delta", "sum"))
    steps["customers_out"] = steps.groupby(keys)["delta"].cumsum().astype("int64")
    steps["_row"] = range(1, len(steps) + 1)
    return steps.drop(columns="delta")


def _oe417() -> tuple[pd.DataFrame, dict]:
    tables, skipped = [], {}
    for name in ["OE417_2021_Annual_Summary.xls", "OE417_2022_Annual_Summary.xls"]:
        result = read_path(SAMPLES / name, format="oe417")
        tables.append(result.table)
        for reason, count in result.skipped.items():
            skipped[reason] = skipped.get(reason, 0) + count
        meta = result.metadata
    table, _ = check_table(_combine_steps(tables), "OE-417 2021-2022")
    meta = dict(meta)
    meta.update(
        name="US: DOE OE-417 electric disturbance events, 2021-2022",
        description="Electric emergency incidents and disturbances reported to the US Department "
                    "of Energy on Form OE-417 in 2021 and 2022, as customers out per state from "
                    "each event's start to its restoration.",
        source="US DOE Office of Cybersecurity, Energy Security, and Emergency Response, Form "
               "OE-417 annual summaries 2021 and 2022 (published .xls files, unchanged).",
        licence="US government work, public domain",
        skipped=skipped)
    return table, meta


def _eaglei() -> tuple[pd.DataFrame, dict]:
    result = read_path(SAMPLES / "eaglei_outages_2014_excerpt.transcribed.csv", format="eaglei")
    served = pd.read_csv(SAMPLES / "MCC.csv", encoding="utf-8-sig", dtype=str)
    served = served[served["County_FIPS"].str.fullmatch(r"\d+")]
    served = served.assign(region_id=served["County_FIPS"].str.zfill(5),
                           customers_total=served["Customers"].astype("int64"))
    table = result.table.drop(columns="customers_total").merge(
        served[["region_id", "customers_total"]], on="region_id", how="left")
    meta = dict(result.metadata)
    meta.update(
        name="US: EAGLE-I county outages, excerpt of 1 Nov 2014 (Massachusetts)",
        description="15 real rows of ORNL's EAGLE-I county outage data (customers out per county "
                    "per 15-minute collection run), with ORNL's modelled customer counts (MCC) "
                    "as customers served.",
        source="Oak Ridge National Laboratory, EAGLE-I (figshare doi 10.6084/m9.figshare."
               "24237376); rows transcribed from a public analysis notebook; MCC.csv.",
        licence="CC BY 4.0")
    meta.setdefault("caveats", []).append(
        "Customers served are ORNL's modelled customer counts per county (MCC), not utility "
        "figures.")
    return canonical(table), meta


def _city_services() -> tuple[pd.DataFrame, dict]:
    result = read_path(SAMPLES / "city_services_illustrative.json")
    return result.table, result.metadata


# The first is the dataset a fresh dashboard opens (outages.ui.page.default_dataset).
SAMPLE_LIST = (Sample("kyiv-strike-day", _kyiv), Sample("oe417-2021-2022", _oe417),
               Sample("eaglei-2014-excerpt", _eaglei),
               Sample("city-services-illustrative", _city_services))


def _seeded_keys(store) -> set[str]:
    keys = {i.metadata.get("bundled") for i in store.list_datasets(include_superseded=True)}
    keys |= {e.get("by", "").removeprefix("bundled:") for e in store.audit_log(limit=1_000_000)
             if str(e.get("by", "")).startswith("bundled:")}
    return {k for k in keys if k}


def ensure(store, samples=SAMPLE_LIST) -> list[str]:
    """Put each sample into the store unless it was ever there; return the ids added."""
    done = _seeded_keys(store)
    added = []
    for sample in samples:
        if sample.key in done:
            continue
        table, meta = sample.build()
        meta = {**meta, "bundled": sample.key}
        res = store.ingest(table, name=meta["name"], description=meta.get("description", ""),
                           source=meta.get("source", ""), licence=meta.get("licence", ""),
                           metadata=meta, created_by=f"bundled:{sample.key}")
        added.append(res.dataset_id)
    return added
