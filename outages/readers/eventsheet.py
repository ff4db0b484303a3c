"""Published event spreadsheets (OE-417, Purdue): each format declared as an ``EventSheet``,
all read by one reader.

A format is data: the header names of its columns (``base.column_key`` spelling), the sheet to
try first, whether a units row sits under the header, how a row's cells name its region (a
``Place``, or None to skip the row), and its metadata and caveats. The header is found by its
names in the first rows of any sheet (``sheet.find_header``), so a title above it, another
header row or another sheet name do not matter.

The rules of ``events`` apply: unknown or 0 customers, unknown start or restoration, and
restoration not after the start skip the row, counted by reason. A published file cannot be
corrected, so a cell that is not a count, date or time skips its row with a warning naming row
and column (``published=True``), and so does a region the format cannot place. Dates and times
are separate cells (``cells.moments``), local to the region: each is read in its Place's zone
and converted to UTC, a time in a DST gap or overlap being shifted and reported as a warning
(``times.localize_by_zone``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..times import localize_by_zone
from .base import Options, RawRead, column_key
from .cells import moments
from .events import (
    BAD_END,
    BAD_START,
    EVENT_CAVEAT,
    NO_END,
    NO_START,
    NOT_AFTER,
    Skips,
    finish,
    read_totals,
    skip_counts,
)
from .sheet import (
    check_rows,
    column_index,
    column_values,
    find_header,
    records,
    workbook_kind,
)


@dataclass
class Review:
    """A format's look at every row once the common rules have run (``EventSheet.review``).

    It may skip more rows (``skips.mark``), add ``warnings``, ``caveats`` and ``metadata``, and
    give each row attributes (``attributes``: name -> one value a row) kept on the events
    (``RawRead.events``). Kept rows so far: ``skips.kept``.
    """

    filename: str
    options: Options
    numbers: np.ndarray  # sheet row numbers
    values: dict[str, list]  # role -> the cells of every row
    names: dict[str, str]  # role -> the column's header as written
    places: list[Place | None]
    customers: pd.Series  # Int64, NA where unknown
    start: pd.Series  # UTC
    end: pd.Series  # UTC
    skips: Skips
    warnings: list[Problem]
    caveats: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    attributes: dict[str, list] = field(default_factory=dict)


class Place(NamedTuple):
    """Where an event happened: its region and the zone its times are written in."""

    region_id: str
    region_name: str
    zone: str
    combined: bool = False  # several regions kept whole under one (not split between them)


@dataclass(frozen=True)
class EventSheet:
    """A published event spreadsheet format.

    ``columns`` maps roles to header names; it has ``start_date``, ``start_time``,
    ``end_date``, ``end_time``, ``customers`` and what ``place`` reads. ``place`` takes a row's
    cells by role (``optional`` roles only when the sheet has them) and gives its Place, or None:
    the row is skipped as ``no_place``, with the warning ``unplaced`` naming the cell.
    ``optional`` may hold ``total`` (customers served).
    """

    name: str
    columns: dict[str, str]
    place: Callable[[dict[str, object]], Place | None]
    place_role: str
    no_place: str
    unplaced: str  # problem code of the warning, with {value}: the cell that names no region
    not_found: str  # problem code of the error when no sheet has the header
    metadata: dict
    caveats: tuple[str, ...] = ()
    optional: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None  # the sheet tried first
    units_row: bool = False  # a row of units may sit under the header
    combined: str = ""  # problem code of the warning about combined places: {count}, {at},
    # {cell}, {region}
    combined_caveat: str = ""
    review: Callable[[Review], None] | None = None  # more rules of this format (``Review``)

    @property
    def needed(self) -> set[str]:
        return set(self.columns.values())

    def sniff(self, data: bytes, filename: str) -> bool:
        if workbook_kind(data) is None:
            return False
        try:
            return find_header(data, filename, self.needed, self.sheet, whole=False) is not None
        except InputError:
            return False

    def read(self, data: bytes, filename: str, options: Options) -> RawRead:
        found = find_header(data, filename, self.needed, self.sheet)
        if found is None:
            raise InputError(Problem(filename, self.not_found))
        _, rows, header = found
        return self.read_rows(rows, header, filename, options)

    def read_rows(self, rows: list[list], header: int, filename: str,
                  options: Options | None = None) -> RawRead:
        """The events of a sheet given as rows of cell values (row 1 = index 0), header at
        ``header``."""
        return _read(self, rows, header, filename, options or Options())


def _first_data_row(spec: EventSheet, rows: list[list], header: int) -> int:
    """The row after the header, or after the units row when there is one."""
    below = rows[header + 1] if header + 1 < len(rows) else []
    units = spec.units_row and any(column_key(c) == "units" for c in below if isinstance(c, str))
    return header + 2 if units else header + 1


def _is_note(row: list, columns: list[int], header: list) -> bool:
    """True for a row that is not an event: the header repeated (at a page break) or one text
    cell alone (a month between events, a footnote)."""
    cells = [row[j] if j < len(row) else None for j in columns]
    if all(column_key(c) == column_key(h) for c, h in zip(cells, (header[j] for j in columns),
                                                           strict=True) if isinstance(c, str)):
        return any(isinstance(c, str) and c.strip() for c in cells)
    filled = [c for c in cells if c is not None and not (isinstance(c, str) and not c.strip())]
    return len(filled) == 1 and isinstance(filled[0], str)


def _read(spec: EventSheet, rows: list[list], header: int, filename: str,
          options: Options) -> RawRead:
    index = column_index(rows[header])
    at = {role: index[name] for role, name in spec.columns.items()}
    at.update({role: index[name] for role, name in spec.optional.items() if name in index})
    data, numbers = records(rows, _first_data_row(spec, rows, header), list(at.values()))
    events_only = [not _is_note(row, list(at.values()), rows[header]) for row in data]
    data, numbers = [r for r, e in zip(data, events_only, strict=True) if e], numbers[events_only]
    check_rows(len(data), filename)
    names = {role: str(rows[header][j]).strip() for role, j in at.items()}
    values = {role: column_values(data, j) for role, j in at.items()}
    skips = Skips(len(data))

    customers, warnings = skip_counts(pd.Series(values["customers"], dtype=object), numbers,
                                      filename, names["customers"], skips, published=True)
    start, bad_start = moments(values["start_date"], values["start_time"], numbers, filename,
                               (names["start_date"], names["start_time"]), warnings)
    end, bad_end = moments(values["end_date"], values["end_time"], numbers, filename,
                           (names["end_date"], names["end_time"]), warnings)
    skips.mark(bad_start, BAD_START)
    skips.mark(start.isna(), NO_START)
    skips.mark(bad_end, BAD_END)
    skips.mark(end.isna(), NO_END)

    places = [spec.place({role: column[i] for role, column in values.items()})
              for i in range(len(data))]
    skips.mark([p is None for p in places], spec.no_place)
    for i in np.flatnonzero(skips.reason == spec.no_place)[:20]:
        warnings.append(Problem(filename, spec.unplaced, int(numbers[i]), names[spec.place_role],
                                value=values[spec.place_role][i]))

    zones = pd.Series([p.zone if p else None for p in places], dtype=object)
    start_utc, dst = localize_by_zone(start, zones, numbers, file=filename,
                                      column=names["start_time"])
    end_utc, dst_end = localize_by_zone(end, zones, numbers, file=filename,
                                        column=names["end_time"])
    warnings += dst + dst_end
    skips.mark((end_utc <= start_utc).to_numpy(), NOT_AFTER)
    review = Review(filename, options, numbers, values, names, places, customers, start_utc,
                    end_utc, skips, warnings)
    if spec.review is not None:
        spec.review(review)

    kept = np.flatnonzero(skips.kept)
    combined = [i for i in kept if places[i].combined]
    if combined:
        first = combined[0]
        warnings.append(Problem(filename, spec.combined, int(numbers[first]),
                                names[spec.place_role], count=str(len(combined)),
                                at=str(numbers[first]), cell=values[spec.place_role][first],
                                region=places[first].region_id))
    events = pd.DataFrame({
        "region_id": pd.array([places[i].region_id for i in kept], dtype="string"),
        "region_name": pd.array([places[i].region_name for i in kept], dtype="string"),
        "service": pd.array(["power"] * len(kept), dtype="string"),
        "start": start_utc.iloc[kept].reset_index(drop=True),
        "end": end_utc.iloc[kept].reset_index(drop=True),
        "customers": customers.iloc[kept].to_numpy(dtype="int64", na_value=0),
        "_row": numbers[kept],
    })
    attributes = pd.DataFrame({name: pd.array([column[i] for i in kept], dtype="string")
                               for name, column in review.attributes.items()})
    if "total" in at:
        total, problems = read_totals(pd.Series(values["total"], dtype=object), numbers,
                                      filename, names["total"], published=True)
        warnings += problems
        events["customers_total"] = total.iloc[kept].reset_index(drop=True)
    caveats = [EVENT_CAVEAT, *spec.caveats] + ([spec.combined_caveat] if combined else [])
    caveats += review.caveats
    raw = finish(events, skips, {**spec.metadata, **review.metadata, "caveats": caveats},
                 published=True, warnings=warnings)
    raw.events = pd.concat([events.drop(columns=["_row"]).assign(row=events["_row"]),
                            attributes], axis=1)
    return raw
