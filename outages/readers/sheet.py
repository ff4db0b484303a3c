"""Workbooks (.xlsx, .xls, .ods) holding an ordinary tidy or wide table, read as a table of text.

Not a format of its own: the tidy ("csv") and wide readers take their table from
``read_table``, which reads delimited text or, for a workbook, one sheet. OE-417 and Purdue
workbooks are detected before these readers and keep their own.

The sheet read is the first visible worksheet with a value in its first rows (then any sheet
with a value); when the workbook has other sheets a warning names the one read. The header is
the sheet's first non-empty row; rows are numbered as the sheet shows them, and columns are
named by their header (or their letter, in messages about the header itself).

Every cell becomes the text a person sees, so a sheet is read exactly as delimited text is:
whole numbers without ``.0`` (``1200``), other numbers in full (``900.5``), ``TRUE``/``FALSE``,
and date cells as ISO 8601 without a zone (``2025-10-10 06:00:00``). Spreadsheet dates have no
zone, so like naive times in CSV they need one (``--tz``); text cells with an offset
(``2025-10-10T06:00:00+03:00``) carry their own. Times are parsed by ``times.parse_times``.
Excel error cells (``#N/A``) read as blank: python-calamine does not report them.

Published event sheets (OE-417, Purdue) are found by their header's names instead
(``find_header``) and read as cell values (``records``, ``column_values``), typed by
``readers.cells``.
Every workbook is opened by ``open_book``, after ``bounds.check_workbook``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import python_calamine

from .. import limits
from ..errors import InputError, Phrase, Problem
from ..limits import MAX_COLUMNS, MAX_FIELD_CHARS, MAX_ROWS
from .base import column_key
from .bounds import XLS_MAGIC, ZIP_MAGIC, check_workbook, entry_count
from .text import name_columns, read_delimited

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
HEAD_ROWS = 60  # rows looked at to choose a sheet and to sniff a wide table
HEADER_ROWS = 15  # rows searched for a header found by its names (published event sheets)


@dataclass
class Table:
    """A table of text cells named by its header, from delimited text or a sheet."""

    frame: pd.DataFrame  # str columns named by the header
    rows: np.ndarray  # each row's number as a person finds it (CSV line, sheet row)
    header_row: int = 1
    encoding: str | None = None  # the text encoding; None for a workbook
    warnings: list[Problem] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)  # {"sheet": name} for a workbook


def workbook_kind(data: bytes) -> str | None:
    """'xlsx', 'xls' or 'ods' when the bytes are a workbook python-calamine may read."""
    if data.startswith(XLS_MAGIC):
        return "xls"
    if not data.startswith(ZIP_MAGIC):
        return None
    if data[30:38] == b"mimetype" and ODS_MIMETYPE in data[38:120]:
        return "ods"
    if (entry_count(data) or 0) > limits.MAX_ZIP_ENTRIES:  # refused by check_workbook, unparsed
        return "xlsx"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:  # zipfile raises several error types for damaged archives
        # damaged: a workbook's reader says it cannot be opened
        return "xlsx" if b"xl/" in data[:65536] else None
    return "xlsx" if names & {"xl/workbook.xml", "xl/workbook.bin"} else None


def read_table(data: bytes, filename: str) -> Table:
    """The file's table: a workbook's sheet (``read_sheet``) or delimited text."""
    if workbook_kind(data) is not None:
        return read_sheet(data, filename)
    text = read_delimited(data, filename)
    return Table(text.frame, text.rows, text.header_row, text.encoding)


def cell_text(value: object) -> str:
    """A cell as the text a person sees in it (dates as ISO 8601 without a zone)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def column_letter(j: int) -> str:
    """Column j (from 0) as a spreadsheet names it: A, B, ... Z, AA, AB..."""
    letters = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def open_book(data: bytes, filename: str) -> python_calamine.CalamineWorkbook:
    """The workbook, once ``bounds.check_workbook`` has found it within the limits."""
    check_workbook(data, filename)
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for damaged files
        raise InputError(_damaged(filename, exc)) from exc


def _damaged(filename: str, exc: Exception) -> Problem:
    return Problem(filename, "sheet.damaged", detail=str(exc))


def _has_value(rows: list[list]) -> bool:
    return any(cell_text(v).strip() for row in rows for v in row)


def choose_sheet(book: python_calamine.CalamineWorkbook, filename: str,
                 nrows: int | None = None,
                 note_others: bool = False) -> tuple[str, list[list], list[Problem]]:
    """(name, rows, warnings) of the sheet holding the table: the first visible worksheet with
    a value in its first HEAD_ROWS rows, else the first sheet with any value. ``rows`` are the
    sheet's cells from row 1 (all of them, or the first ``nrows``). With ``note_others``, a
    warning names the sheet read when other visible worksheets hold values too."""
    try:
        metadata = book.sheets_metadata
        visible = python_calamine.SheetVisibleEnum.Visible
        worksheet = python_calamine.SheetTypeEnum.WorkSheet
        shown = [m.name for m in metadata if m.visible == visible and m.typ == worksheet]
        order = shown + [m.name for m in metadata if m.name not in shown]

        loaded: dict[str, python_calamine.CalamineSheet] = {}

        def cells(name: str, limit: int | None) -> list[list]:
            if name not in loaded:  # calamine parses the whole sheet here
                loaded[name] = book.get_sheet_by_name(name)
            return loaded[name].to_python(skip_empty_area=False, nrows=limit)

        chosen = next((n for n in order if _has_value(cells(n, HEAD_ROWS))), None)
        if chosen is None:
            chosen = next((n for n in order if _has_value(cells(n, None))), None)
        if chosen is None:
            raise InputError(Problem(filename, "sheet.empty"))
        rows = cells(chosen, nrows)
        others = [n for n in shown if note_others and n != chosen
                  and _has_value(cells(n, HEAD_ROWS))]
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet
        raise InputError(_damaged(filename, exc)) from exc
    warnings = []
    if others:
        listed = ", ".join(repr(n) for n in others[:5]) + (" ..." if len(others) > 5 else "")
        warnings.append(Problem(filename, "sheet.other_sheets", sheet=chosen, others=listed))
    return chosen, rows, warnings


def _header_at(rows: list[list]) -> int | None:
    """Index of the first row with a value (the header), if any."""
    return next((i for i, row in enumerate(rows) if any(cell_text(v).strip() for v in row)),
                None)


def head(data: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """The chosen sheet's header and the non-empty rows below it in its first rows, as text,
    for sniffing. Columns empty throughout (header included) are left out."""
    _, rows, _ = choose_sheet(open_book(data, filename), filename, HEAD_ROWS)
    at = _header_at(rows)
    if at is None:  # the table starts further down
        return [], []
    texts = [[cell_text(v) for v in row] for row in rows[at:]]
    texts = [row for row in texts if any(v.strip() for v in row)]
    used = [j for j in range(max(map(len, texts))) if any(j < len(r) and r[j].strip()
                                                           for r in texts)]
    texts = [[r[j] if j < len(r) else "" for j in used] for r in texts]
    return [h.strip() for h in texts[0]], texts[1:]


def read_sheet(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> Table:
    """The table of the workbook's chosen sheet, every cell as text (see the module notes).

    Raises InputError for an empty workbook, a header without rows below it, an unnamed column
    that holds values, a repeated column name, a cell over MAX_FIELD_CHARS and the size limits.
    Rows with no value are dropped; the others keep their sheet row numbers.
    """
    name, rows, warnings = choose_sheet(open_book(data, filename), filename, note_others=True)
    at = _header_at(rows)
    header_row = at + 1
    width = max(len(row) for row in rows)
    if any(len(row) != width for row in rows):  # calamine pads rows; be sure
        rows = [list(row) + [""] * (width - len(row)) for row in rows]
    header = [cell_text(v) for v in rows[at]]
    if sum(1 for h in header if h.strip()) > MAX_COLUMNS:
        raise InputError(Problem(filename, "sheet.too_many_columns", header_row,
                                 limit=MAX_COLUMNS))
    body = rows[at + 1:]
    frame = pd.DataFrame({j: pd.array([cell_text(v) for v in column], dtype="str")
                          for j, column in enumerate(zip(*body, strict=True))} if body
                         else {j: pd.array([], dtype="str") for j in range(width)})
    filled = np.zeros(len(frame), dtype=bool)
    for j in frame.columns:
        filled |= frame[j].str.strip().ne("").to_numpy(dtype=bool)
    numbers = np.arange(header_row + 1, header_row + 1 + len(body), dtype=np.int64)[filled]
    frame = frame[filled].reset_index(drop=True)
    check_rows(len(frame), filename, max_rows)
    where = Phrase("sheet.header_row", at=str(header_row), sheet=name)
    _check_long(header, frame, numbers, filename, header_row)
    frame = name_columns(frame, header, filename, header_row,
                         column_letter, where)
    if len(frame) == 0:
        raise InputError(Problem(filename, "sheet.header_only", header_row, sheet=name))
    return Table(frame, numbers, header_row, None, warnings, {"sheet": name})


def _check_long(header: list[str], frame: pd.DataFrame, numbers: np.ndarray, filename: str,
                header_row: int) -> None:
    for j, name in enumerate(header):
        if len(name) > MAX_FIELD_CHARS:
            raise InputError(Problem(filename, "sheet.long_header", header_row,
                                     f"column {column_letter(j)}", size=len(name),
                                     limit=MAX_FIELD_CHARS))
    for j in frame.columns:
        long = frame[j].str.len().to_numpy() > MAX_FIELD_CHARS
        if long.any():
            i = int(np.argmax(long))
            raise InputError(Problem(filename, "sheet.long_value", int(numbers[i]),
                                     header[j].strip() or f"column {column_letter(j)}",
                                     size=len(frame[j].iloc[i]), limit=MAX_FIELD_CHARS))


def check_rows(n: int, filename: str, limit: int = MAX_ROWS) -> None:
    """An InputError when a sheet's ``n`` data rows are over the limit."""
    if n > limit:
        raise InputError(Problem(filename, "sheet.too_many_rows", rows=n, limit=limit))


# --- sheets whose header is found by its names (OE-417, Purdue) ---

def header_row(rows: list[list], needed: set[str], limit: int = HEADER_ROWS) -> int | None:
    """Index of the first of the top ``limit`` rows whose names (``column_key``) include all of
    ``needed``."""
    for i, row in enumerate(rows[:limit]):
        if needed <= {column_key(c) for c in row if isinstance(c, str)}:
            return i
    return None


def find_header(data: bytes, filename: str, needed: set[str], prefer: str | None = None, *,
                whole: bool = True) -> tuple[str, list[list], int] | None:
    """(sheet name, its rows, header index) of the first sheet with a header holding ``needed``
    in its first HEADER_ROWS rows; the sheet named ``prefer`` is tried first. ``rows`` are the
    sheet's cells as Python values from row 1: all of them, or (``whole=False``) the first
    HEADER_ROWS. None when no sheet has such a header."""
    book = open_book(data, filename)
    try:
        for name in sorted(book.sheet_names, key=lambda n: n != prefer):
            found = book.get_sheet_by_name(name)
            top = found.to_python(skip_empty_area=False, nrows=HEADER_ROWS)
            at = header_row(top, needed)
            if at is not None:
                return name, found.to_python(skip_empty_area=False) if whole else top, at
    except Exception as exc:  # a damaged sheet
        raise InputError(_damaged(filename, exc)) from exc
    return None


def column_index(header: list) -> dict[str, int]:
    """``column_key`` of each column name -> its position (the first, when a name repeats)."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        if isinstance(name, str) and name.strip():
            index.setdefault(column_key(name), i)
    return index


def records(rows: list[list], first: int, needed: list[int]) -> tuple[list[list], np.ndarray]:
    """Data rows from index ``first`` that have a value in any of the ``needed`` columns, and
    their sheet row numbers (the sheet's row 1 is index 0). Blank rows and notes are left out."""
    kept, numbers = [], []
    for i in range(first, len(rows)):
        row = rows[i]
        if any(j < len(row) and not _empty(row[j]) for j in needed):
            kept.append(row)
            numbers.append(i + 1)
    return kept, np.asarray(numbers, dtype=np.int64)


def column_values(rows: list[list], j: int) -> list:
    """Column ``j`` of ``rows`` (None where a row is short)."""
    return [row[j] if j < len(row) else None for row in rows]


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and np.isnan(value))
