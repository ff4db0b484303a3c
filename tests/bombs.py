"""Hostile workbooks for tests: zip bombs and sheets that lie about their size.

Written with zipfile and deflate, streaming the XML in chunks so that making a 1 GiB bomb never
holds more than a chunk in memory. ``write_xlsx(path, sheet_chunks)`` takes the sheet XML as an
iterable of byte chunks; the other parts are those of tests/workbook.py.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from tests.workbook import xlsx

GIB = 1024**3
CHUNK = 1024**2
HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="'
        b'http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
HEADER_ROW = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>time</t></is></c><c r="B1" '
              b't="inlineStr"><is><t>region</t></is></c><c r="C1" t="inlineStr"><is><t>'
              b"customers_out</t></is></c></row>")


def _parts() -> dict[str, bytes]:
    """Every part of a one-sheet workbook but the sheet, from tests/workbook.py."""
    import io

    with zipfile.ZipFile(io.BytesIO(xlsx({"Sheet1": [["x"]]}))) as z:
        return {n: z.read(n) for n in z.namelist() if n != "xl/worksheets/sheet1.xml"}


def write_xlsx(path: Path, sheet: Iterable[bytes], *, extra: int = 0) -> Path:
    """An .xlsx at ``path`` whose one sheet's XML is the chunks of ``sheet``; ``extra`` more
    empty entries are added (a zip of too many entries)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in _parts().items():
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            for chunk in sheet:
                out.write(chunk)
        for i in range(extra):
            z.writestr(f"docProps/extra{i}.xml", b"")
    return path


def one_huge_cell(size: int = GIB) -> Iterator[bytes]:
    """A sheet whose one inline-string cell holds ``size`` letters."""
    yield HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    for _ in range(size // CHUNK):
        yield b"A" * CHUNK
    yield b"</t></is></c></row></sheetData></worksheet>"


TINY_ROW = b"<row><c><v>1</v></c><c><v>2</v></c></row>"


def tiny_rows(size: int = GIB, dimension: bytes | None = None) -> Iterator[bytes]:
    """A header row, then tiny rows (no row or cell references) until about ``size`` bytes;
    ``dimension`` (e.g. b"A1:C2") is declared in the sheet, truthfully or not."""
    yield HEAD + (b'<dimension ref="' + dimension + b'"/>' if dimension else b"")
    yield b"<sheetData>" + HEADER_ROW
    block = TINY_ROW * (CHUNK // len(TINY_ROW))
    for _ in range(max(1, size // len(block))):
        yield block
    yield b"</sheetData></worksheet>"


def cells_far_apart() -> Iterator[bytes]:
    """Two cells at opposite corners of the largest sheet: tiny to store, vast when laid out."""
    yield HEAD + b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">'
    yield b'<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>'


def understate_size(path: Path, name: str, size: int) -> Path:
    """Rewrite the zip at ``path`` so entry ``name`` claims to unpack to ``size`` bytes, in its
    local header and in the central directory (a lie a careless reader believes). The entry
    must not use zip64 sizes."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    encoded = name.encode()
    at = data.rfind(b"PK\x01\x02")
    while at != -1:  # the central directory record of this entry
        n = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + n] == encoded:
            struct.pack_into("<I", data, at + 24, size)
            break
        at = data.rfind(b"PK\x01\x02", 0, at)
    path.write_bytes(bytes(data))
    return path


ODS_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
                b'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                b'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                b'"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:'
            b'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:'
            b'opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:'
            b'text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table '
            b'table:name="Sheet1">')
ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"
ODS_ROW = (b'<table:table-row><table:table-cell office:value-type="float" office:value="1">'
           b"<text:p>1</text:p></table:table-cell></table:table-row>")


def write_ods(path: Path, rows: int) -> Path:
    """An .ods whose one sheet holds ``rows`` rows of one number each."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        with z.open("content.xml", "w", force_zip64=True) as out:
            out.write(ODS_HEAD)
            block = ODS_ROW * 10_000
            for _ in range(rows // 10_000):
                out.write(block)
            out.write(ODS_ROW * (rows % 10_000) + ODS_TAIL)
    return path
