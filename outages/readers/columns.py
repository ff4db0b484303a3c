"""A file's column names, for the upload page's column mapping, read without reading the file.

The header line of delimited text, the header row of a workbook's chosen sheet
(``sheet.head``), or the keys of the first JSON record. [] when they cannot be told (a binary
or broken file): the reader then says what is wrong.
"""

from __future__ import annotations

import csv
import json
import re

from ..errors import InputError
from . import sheet, tidy_json
from . import text as plain_text

JSON_COLUMNS_BYTES = 20 * 1024**2  # larger JSON files are not parsed just to list columns


def file_columns(data: bytes, filename: str) -> list[str]:
    """The file's column names, each once, in file order (see the module notes)."""
    if sheet.workbook_kind(data):
        try:
            header, _ = sheet.head(data, filename)
        except InputError:
            return []
        return list(dict.fromkeys(h for h in header if h))
    head = plain_text.head_text(data)
    if not head.strip():
        return []
    if head.lstrip()[:1] in ("[", "{"):
        return _json_columns(data, filename)
    lines = [line for line in head.splitlines() if line.strip()]
    delimiter = plain_text.sniff_delimiter(head)
    if re.fullmatch(r"sep=.", lines[0].strip()) and len(lines) > 1:
        lines = lines[1:]
    header = next(csv.reader([lines[0]], delimiter=delimiter), [])
    names = [h.strip().lstrip("\ufeff") for h in header]
    return list(dict.fromkeys(n for n in names if n))


def _json_columns(data: bytes, filename: str) -> list[str]:
    if len(data) > JSON_COLUMNS_BYTES:
        return []
    try:
        decoded, _ = plain_text.decode(data, filename)
        tidy_json.check_depth(decoded, "")
        document = json.loads(decoded)
    except (InputError, ValueError):
        return []
    records = document.get("data") if isinstance(document, dict) else document
    if not isinstance(records, list):
        return []
    first = next((r for r in records if isinstance(r, dict)), {})
    return [str(key) for key in first]
