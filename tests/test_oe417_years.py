"""OE-417 annual summaries 2011-2023 as published (tests/data/oe417): every year reads, areas
are placed, and the totals match an independent reading of the raw sheets."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
import python_calamine

from outages import cli
from outages.readers import oe417, us_areas
from outages.readers.base import Options

DATA = Path(__file__).resolve().parent / "data" / "oe417"
# events per year as published (PROVENANCE.md: rows between the header and the footnotes that
# are not month separators or repeated headers)
EVENTS = {2011: 307, 2012: 196, 2013: 174, 2014: 214, 2015: 143, 2016: 141, 2017: 150,
          2018: 220, 2019: 278, 2020: 383, 2021: 387, 2022: 390, 2023: 348}


def read(year: int, **options) -> oe417.RawRead:
    path = DATA / f"OE417_{year}_Annual_Summary.xls"
    return oe417.read(path.read_bytes(), path.name, Options(**options))


@pytest.mark.parametrize("year", sorted(EVENTS))
def test_every_year_reads_and_places_its_areas(year):
    result = read(year)
    assert len(result.events) + sum(result.skipped.values()) == EVENTS[year]
    customers = result.events["customers"].sum()
    unplaced = result.events.loc[result.events["region_id"] == "US-XX", "customers"].sum()
    assert result.metadata["unplaced"]["customers"] == unplaced
    assert unplaced / customers < 0.002  # 0 to 0.14 %
    assert len(result.events) > 40


def test_no_unplaced_rows_in_free_text_years():
    # 2011-2014 write every area as free text: all placed but "Location Unknown" (2013)
    placed = {y: (read(y).events["region_id"] == "US-XX").sum() for y in (2011, 2012, 2014)}
    assert placed == {2011: 0, 2012: 0, 2014: 0}
    unplaced = read(2013).events.query("region_id == 'US-XX'")
    assert unplaced["area_affected"].tolist() == ["Location Unknown"]


# --- an independent reading of the raw sheets: calamine and pandas only ---

OUTAGE_TYPES = {"severe weather", "vandalism", "transmission interruption", "sabotage",
                "actual physical attack", "severe weather/transmission interruption",
                "severe weather/transmisison interruption", "natural disaster",
                "severe weather/distribution interruption", "distribution interruption",
                "actual physical attack/vandalism", "weather", "islanding", "sever weather",
                "transmission disruption", "physical attack", "suspected physical attack",
                "actual physical event", "natural disaster/transmission interruption",
                "transmission interruption/distribution interruption",
                "severe weather - winter", "severe weather - wind",
                "severe weather - thunderstorms", "weather or natural disaster",
                "sabotage - operator action(s)", "distribution interruption "}


def _raw(year: int) -> pd.DataFrame:
    book = python_calamine.CalamineWorkbook.from_path(DATA / f"OE417_{year}_Annual_Summary.xls")
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
    frame = pd.DataFrame(rows[2:], columns=[str(c).strip() for c in rows[1]])
    return frame.assign(row=range(3, len(rows) + 1))


def _day(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", str(value).strip())
    return dt.date(int(m[3]), int(m[1]), int(m[2])) if m else None


STATE_NAMES = set(pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "boundaries"
                               / "us_state_centroids.csv")["name"])


def state_style(area: str) -> str | None:
    """The state of an area written ``State: County, County;`` naming one state only."""
    parts = [p.strip() for p in re.split(r"[:;,]", str(area)) if p.strip()]
    named = {p for p in parts if p in STATE_NAMES}
    return parts[0] if parts and named == {parts[0]} and ":" in str(area) else None


def independent_totals(year: int) -> dict[str, int]:
    """Customers per state of outage-type events naming one state in ``State:`` style, with a
    known count above 0, a known restoration after the start, each report counted once."""
    raw = _raw(year)
    raw["state"] = raw["Area Affected"].map(state_style)
    customers = pd.to_numeric(raw["Number of Customers Affected"], errors="coerce")
    start = [(_day(d), t) for d, t in zip(raw["Date Event Began"], raw["Time Event Began"],
                                           strict=True)]
    end = [(_day(d), t) for d, t in zip(raw["Date of Restoration"], raw["Time of Restoration"],
                                         strict=True)]
    ok = [s[0] is not None and e[0] is not None and isinstance(e[1], dt.time)
          and dt.datetime.combine(e[0], e[1]) > dt.datetime.combine(s[0], s[1])
          for s, e in zip(start, end, strict=True)]
    keep = raw.assign(customers=customers, end=[str(e) for e in end])[
        pd.Series(ok) & (customers > 0) & raw["state"].notna()
        & raw["Event Type"].str.strip().str.lower().isin(OUTAGE_TYPES)]
    keep = keep.drop_duplicates(["customers", "end", "state"])
    return {k: int(v) for k, v in keep.groupby("state")["customers"].sum().items()}


@pytest.mark.parametrize("year", [2016, 2017, 2018, 2019, 2020, 2021, 2022])
def test_state_totals_match_an_independent_reading(year):
    events = read(year).events
    single = events[events["area_affected"].map(state_style).notna()]
    assert single["region_id"].str.fullmatch(r"\d\d").all()
    mine = single.groupby("region_name")["customers"].sum().astype(int).to_dict()
    assert mine == independent_totals(year)


# --- places in free text ---

@pytest.mark.parametrize("area,postal", [
    ("Fentress County, Tennessee", ["TN"]), ("Houston, Texas", ["TX"]),
    ("Louisiana and Texas", ["LA", "TX"]), ("Delaware County, PA; Chester County, PA", ["PA"]),
    ("Western NY", ["NY"]), ("ERCOT Region Texas", ["TX"]), ("ERCOT", ["TX"]),
    ("Texas panhandle, SE NM", ["TX", "NM"]), ("Fort Washington, Maryland", ["MD"]),
    ("Oregon: Washington County;", ["OR"]), ("Washington, D.C.", ["DC"]),
    ("Alberta, Canada; Washington State", ["WA"]), ("Connecicut", ["CT"]),
    ("LUMA Energy", ["PR"]), ("CAISO Territory California", ["CA"]), ("NYISO", ["NY"]),
    ("Pacific Gas and Electric", ["CA"]), ("Oncor Electric Delivery Company LLC", ["TX"]),
    ("ISO New England", ["CT", "MA", "ME", "NH", "RI", "VT"]),
    ("Pacificorp", ["CA", "ID", "OR", "UT", "WA", "WY"]),
    ("MISO North, Minnesota", ["MN"]), ("Gulf of Mexico", []), ("Location Unknown", []),
])
def test_free_text_areas(area, postal):
    assert [s.postal for s in us_areas.area_states(area).states] == postal


def test_outside_the_us_is_not_unplaced():
    assert us_areas.area_states("Alberta, Canada").how == "outside"
    assert us_areas.area_states("Gulf of Mexico").how == ""


def test_puerto_rico_events_are_drawn_as_puerto_rico():
    events = read(2023).events
    luma = events[events["area_affected"] == "LUMA Energy"]
    assert set(luma["region_id"]) == {"72"} and len(luma) >= 5


@pytest.mark.parametrize("raw,normal,outage", [
    ("- Vandalism\xa0- Theft", "Vandalism - Theft", True),
    ("Sever Weather", "Severe Weather", True),
    ("Severe Weather/Transmisison Interruption", "Severe Weather/Transmission Interruption",
     True),
    (" Vandalism", "Vandalism", True), ("Suspicious activity", "Suspicious Activity", False),
    ("System Operations", "System Operations", False),
    ("Public Appeal to Reduce Electricity Usage - Wild Fires",
     "Public Appeal to Reduce Electricity Usage - Wild Fires", False),
    ("Suspected Physical Attack", "Suspected Physical Attack", False),
    ("- Weather or natural disaster", "Weather or Natural Disaster", True),
    ("Fuel Supply Deficiency (Coal)", "Fuel Supply Deficiency (Coal)", False),
    ("Generation Inadequacy/Load Shed", "Generation Inadequacy/Load Shed", True),
])
def test_event_types(raw, normal, outage):
    assert oe417.event_type(raw) == normal
    assert oe417.is_outage(normal) is outage


def test_duplicate_of_2017_counted_once():
    result = read(2017)
    # Harvey (rows 98 and 100) and a Louisiana/Texas event written in both orders (65 and 67)
    assert result.skipped[oe417.DUPLICATE] == 2
    assert "row 65" in next(w for w in result.warnings if w.row == 67).message
    warning = next(w for w in result.warnings if w.row == 100)
    assert "row 98" in warning.message and "1,076,868" in warning.message
    texas = result.events[result.events["customers"] == 1_076_868]
    assert texas["row"].tolist() == [98]


def test_cli_event_types_flag(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    path = DATA / "OE417_2022_Annual_Summary.xls"
    assert cli.main(["--db", db, "ingest", str(path), "--event-types", "all"]) == 0
    assert "event type not an outage" not in capsys.readouterr().err
    assert cli.main(["--db", db, "ingest", str(path), "--name", "outage only"]) == 0
    assert "skipped 19 rows: event type not an outage" in capsys.readouterr().err
