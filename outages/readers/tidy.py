"""Tidy tables (CSV text or a workbook's sheet) and JSON: one row (or record) per observation.

Format "csv" is a tidy table from delimited text or from a workbook (.xlsx, .xls, .ods) that is
not an OE-417 or Purdue file (``sheet.read_table``: first sheet with data, header on its first
non-empty row, row numbers as the sheet shows them).

Headers are matched to canonical columns through a table of aliases (``base.column_key``:
case-insensitive; spaces, dashes and other punctuation count as underscores). Two columns that
could both be the same canonical column are an error, never a guess; the upload page's column
mapping (``Options.mapping``) settles such cases and overrides the aliases.

Tidy JSON (``tidy_json``) is read into the same columns, matched the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import boundaries
from ..errors import InputError, Phrase, Problem
from ..schema import SERVICES, service_name
from ..times import parse_times_collect
from .base import Options, RawRead, column_key
from .sheet import read_table, workbook_kind
from .text import binary_kind, head_text

NAME = "csv"

# Canonical column -> header spellings that mean it (after base.column_key). "region" holds the
# spellings that name a region without saying whether they are a code or a name: such a column
# serves as region_id or region_name when the file has no column specific to that role.
ALIASES: dict[str, tuple[str, ...]] = {
    "timestamp": ("timestamp", "time", "datetime", "date_time", "date", "time_utc", "час",
                  "дата", "дата_час"),
    "region_id": ("region_id", "region_code", "code", "iso", "fips", "katotth", "код"),
    "region_name": ("region_name", "name", "назва"),
    "region": ("region", "area", "oblast", "district", "county", "state", "province", "city",
               "регіон", "область", "район", "місто", "громада"),
    "service": ("service", "utility", "sector", "послуга"),
    "customers_out": ("customers_out", "out", "outages", "customers_without_power",
                      "without_power", "off", "disconnected", "sum", "знеструмлено",
                      "відключено", "без_світла"),
    "customers_restored": ("customers_restored", "restored", "reconnected", "відновлено",
                           "заживлено"),
    "customers_total": ("customers_total", "total", "total_customers", "customers_served",
                        "served", "всього", "усього"),
}

# How messages describe each canonical column to a person.
# what each role's column holds: the problem codes tidy.role.<role>
ROLES = ("timestamp", "region_id", "region_name", "region", "service", "customers_out",
         "customers_restored", "customers_total")
MAPPABLE = ("timestamp", "region_id", "region_name", "service", "customers_out",
            "customers_restored", "customers_total")
SINGLE_COLUMNS = ("timestamp", "service", "customers_out", "customers_restored",
                  "customers_total")

METADATA_TEXT = ("name", "description", "source", "licence", "timezone", "illustrative")
COUNTS = ("customers_out", "customers_restored", "customers_total")


def role_of(header: str) -> str | None:
    """The alias table entry a header belongs to, if any."""
    name = column_key(header)
    for role, spellings in ALIASES.items():
        if name in spellings:
            return role
    return None


def match_columns(headers: list[str], file: str, mapping: dict[str, str] | None = None,
                  header_row: int | None = 1) -> dict[str, str]:
    """Canonical column -> file column, from the mapping first and the alias table second.

    Raises InputError when two columns could be the same canonical column, when the mapping
    names a column the file lacks, or when the time, region or count column is missing.
    ``header_row`` is the header's row for messages (None for JSON keys).
    """
    chosen: dict[str, str] = {}
    for canonical, column in (mapping or {}).items():
        if canonical not in MAPPABLE:
            raise InputError(Problem(file, "tidy.mapping_unknown", canonical=canonical,
                                     known=", ".join(MAPPABLE)))
        if column not in headers:
            raise InputError(Problem(file, "tidy.mapping_absent", header_row, name=column,
                                     columns=", ".join(repr(h) for h in headers)))
        chosen[canonical] = column

    def candidates(role: str) -> list[str]:
        used = set(chosen.values())
        return [h for h in headers if h not in used and column_key(h) in ALIASES[role]]

    def pick(canonical: str, role: str) -> None:
        found = candidates(role)
        if len(found) > 1:
            raise InputError(Problem(file, "tidy.ambiguous", header_row, found[1], first=found[0],
                                     second=found[1], role=Phrase(f"tidy.role.{role}")))
        if found:
            chosen[canonical] = found[0]

    for canonical in SINGLE_COLUMNS:
        if canonical not in chosen:
            pick(canonical, canonical)
    for canonical in ("region_id", "region_name"):
        if canonical not in chosen:
            pick(canonical, canonical)
    if "region_id" not in chosen or "region_name" not in chosen:
        generic = candidates("region")
        if len(generic) > 1:
            pick("region", "region")
        for canonical in ("region_id", "region_name"):
            if canonical not in chosen and generic:
                chosen[canonical] = generic[0]
    if "region_id" not in chosen and "region_name" in chosen:
        chosen["region_id"] = chosen["region_name"]
    if "region_name" not in chosen and "region_id" in chosen:
        chosen["region_name"] = chosen["region_id"]
    missing = [c for c in ("timestamp", "region_id", "customers_out") if c not in chosen]
    if missing:
        raise InputError([_missing(file, c, headers, header_row) for c in missing])
    return chosen


def _missing(file: str, canonical: str, headers: list[str], header_row: int | None) -> Problem:
    role = "region" if canonical == "region_id" else canonical
    spellings = ALIASES[role] + (ALIASES["region_id"] + ALIASES["region_name"]
                                 if role == "region" else ())
    return Problem(file, "tidy.missing_column", header_row, role=Phrase(f"tidy.role.{role}"),
                   name=spellings[0], also=", ".join(spellings[1:8]),
                   columns=", ".join(repr(h) for h in headers))


def service_option(options: Options, file: str) -> str | None:
    """The canonical service given with --service, checked."""
    if options.service is None:
        return None
    name = service_name(options.service)
    if name is None:
        raise InputError(Problem(file, "tidy.unknown_service", service=options.service,
                                 services=", ".join(SERVICES)))
    return name


def _no_service(file: str, header_row: int | None) -> InputError:
    return InputError(Problem(file, "tidy.no_service", header_row,
                              services=", ".join(SERVICES)))


def build_raw(frame: pd.DataFrame, rows: np.ndarray, columns: dict[str, str], file: str,
              options: Options, tz: str | None, header_row: int | None = 1) -> pd.DataFrame:
    """The raw frame for validation from a table of file columns."""
    row_series = pd.Series(rows, index=frame.index)
    raw = pd.DataFrame(index=frame.index)
    raw["timestamp"], bad, problems = parse_times_collect(
        frame[columns["timestamp"]], row_series, file=file, column=columns["timestamp"], tz=tz)
    if problems:  # reported with the other columns' problems (outages.validate), in one pass
        raw.attrs["problems"] = problems
        raw.attrs["reported_rows"] = bad
    raw["region_id"] = boundaries.oblast_ids(frame[columns["region_id"]])
    raw["region_name"] = frame[columns["region_name"]]
    given = service_option(options, file)
    if "service" in columns:
        service = frame[columns["service"]]
        if given is not None:
            blank = service.isna() | (service.astype("string").str.strip() == "")
            service = service.where(~blank, given)
        raw["service"] = service
    elif given is not None:
        raw["service"] = pd.Series(given, index=frame.index, dtype="string")
    else:
        raise _no_service(file, header_row)
    for col in ("customers_out", "customers_restored", "customers_total"):
        if col in columns:
            raw[col] = frame[columns[col]]
    raw["_row"] = rows
    raw.attrs["source_columns"] = dict(columns)
    return raw


def _unused(headers: list[str], columns: dict[str, str], file: str,
            row: int | None = 1) -> list[Problem]:
    unused = [h for h in headers if h not in set(columns.values())]
    if not unused:
        return []
    more = Phrase("check.and_more", count=len(unused) - 10) if len(unused) > 10 else ""
    return [Problem(file, "tidy.unused_columns", row,
                    columns=", ".join(repr(h) for h in unused[:10]), more=more)]


def sniff(data: bytes, filename: str) -> bool:
    """Any text that is not JSON, and any workbook: the tidy table is the last resort, and its
    reader says what is missing."""
    if workbook_kind(data) is not None:
        return True
    if binary_kind(data) is not None:
        return False
    return head_text(data, 4096).lstrip()[:1] not in ("[", "{")


def read(data: bytes, filename: str, options: Options) -> RawRead:
    """Read a tidy table: CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1251) or a
    workbook's sheet."""
    table = read_table(data, filename)
    headers = list(table.frame.columns)
    columns = match_columns(headers, filename, options.mapping, table.header_row)
    raw = build_raw(table.frame, table.rows, columns, filename, options, options.tz,
                    table.header_row)
    return RawRead(raw, encoding=table.encoding, metadata=dict(table.metadata),
                   warnings=table.warnings + _unused(headers, columns, filename,
                                                     table.header_row))
