"""Tiny .xlsx workbooks written with zipfile, for tests (no spreadsheet library is installed).

An .xlsx is a zip of XML parts: the content types, the package and workbook relationships,
the workbook (sheet names and visibility), a style sheet (two date formats) and one XML part a
sheet. ``xlsx({"Sheet1": rows})`` writes each row's cells from column A (or ``first_column``):
None is an empty cell, str an inline string, bool a boolean, int/float a number, a datetime a
number in date-time format, a date a number in date format, and ``ERROR`` an #N/A cell.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from outages.readers.sheet import column_letter

ERROR = object()  # an Excel error cell (#N/A)
EPOCH = dt.datetime(1899, 12, 30)  # Excel's day 0 (its serials are right from March 1900 on)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
DATE_TIME_STYLE, DATE_STYLE = 1, 2  # cellXfs entries: numFmt 22 (m/d/yy h:mm), 14 (m/d/yyyy)


letter = column_letter  # column j (from 0) as a letter: A, B, ... Z, AA...


def _cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if value is ERROR:
        return f'<c r="{ref}" t="e"><v>#N/A</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (value - EPOCH) / dt.timedelta(days=1)
        return f'<c r="{ref}" s="{DATE_TIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        serial = (dt.datetime.combine(value, dt.time()) - EPOCH).days
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{serial}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return (f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t>'
            "</is></c>")


def _sheet(rows: list[list], first_row: int, first_column: int) -> str:
    lines = []
    for i, row in enumerate(rows):
        r = first_row + i
        cells = "".join(_cell(f"{letter(first_column + j)}{r}", v) for j, v in enumerate(row))
        if cells:
            lines.append(f'<row r="{r}">{cells}</row>')
    return f'{XML}<worksheet xmlns="{MAIN}"><sheetData>{"".join(lines)}</sheetData></worksheet>'


def xlsx(sheets: dict[str, list[list]], *, hidden: tuple[str, ...] = (), first_row: int = 1,
         first_column: int = 0) -> bytes:
    """A workbook with these sheets (name -> rows of cells), in order."""
    n = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
    content_types = (
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>")
    package_rels = (f'{XML}<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
                    f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    listed = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i + 1}" r:id="rId{i + 1}"'
        + (' state="hidden"' if name in hidden else "") + "/>"
        for i, name in enumerate(sheets))
    workbook = (f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>{listed}</sheets>'
                "</workbook>")
    workbook_rels = (
        f'{XML}<Relationships xmlns="{RELS}">'
        + "".join(f'<Relationship Id="rId{i + 1}" Type="{DOC_RELS}/worksheet" '
                  f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(n))
        + f'<Relationship Id="rId{n + 1}" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
        "</Relationships>")
    styles = (f'{XML}<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts>'
              '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
              '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/>'
              '<xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/>'
              "</cellXfs></styleSheet>")
    parts = {"[Content_Types].xml": content_types, "_rels/.rels": package_rels,
             "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": workbook_rels,
             "xl/styles.xml": styles}
    for i, rows in enumerate(sheets.values()):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = _sheet(rows, first_row, first_column)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():  # a fixed date: the same cells give the same bytes
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), xml,
                       compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()
