"""Bounded workbooks: a workbook is checked against ``outages.limits`` before python-calamine
is given it, so a zip bomb or a sheet that lies about its size is refused in a fraction of a
second without being unpacked.

.xlsx and .ods are zip containers. ``check_workbook`` reads, in order, and refuses at the first
figure over its limit, naming the limit and the file's figure:

1. the number of parts, from the zip's end record (before the directory itself is parsed);
2. each part's declared unpacked size, their sum, and each large part's compression ratio,
   from the zip's directory;
3. each sheet's declared ``<dimension ref="A1:C100"/>``, from its first few KB;
4. every part again while it is inflated in chunks: the bytes actually unpacked (a declared
   size can lie; inflating stops one chunk past the limit and the declared size), and in each
   XML part the rows (``<row``), the cells (``<c``) and the furthest row and column a cell
   reference names, so a sheet whose dimension lies or is missing is still bounded.

An .xls (OLE2) is not compressed, and a sheet of one holds at most 65,536 rows by 256 columns,
so reading it is bounded by its size: at most MAX_XLS_BYTES.

Limits not checked here: an .ods sheet's repeated rows and cells
(``table:number-rows-repeated``) are counted as one, since real files repeat their empty tail
to the last row of the sheet; in an .xlsx, cells without a reference (``<c>`` without ``r=``)
extend a row without naming their column, so the extent counts their row, not their column,
and their number is bounded by MAX_SHEET_CELLS.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from .. import limits
from ..errors import InputError, Number, Phrase, Problem

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1024**2  # bytes inflated at a time
HEAD_BYTES = 8192  # where a sheet's dimension is looked for
MB = 1024**2

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{0,3})([0-9]{0,9})'
                        rb'(?::([A-Z]{1,3})([0-9]{1,9}))?"')
_COLUMN_REF = re.compile(rb' r="([A-Z]{1,3})[0-9]')  # a cell's column
_ROW_REF = re.compile(rb' r="[A-Z]{0,3}([0-9]{1,9})"')  # a cell's row, or a row's number
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")

_checked: tuple[bytes, str] | None = None  # the last workbook passed: sniffers re-open it


def check_workbook(data: bytes, filename: str) -> None:
    """Raise InputError when a workbook's container or sheets exceed ``outages.limits``."""
    global _checked
    if _checked is not None and _checked[0] is data and _checked[1] == filename:
        return
    if data.startswith(XLS_MAGIC):
        if len(data) > limits.MAX_XLS_BYTES:
            raise InputError(Problem(filename, "sheet.xls_too_big", size=_mb(len(data)),
                                     limit=_mb(limits.MAX_XLS_BYTES)))
    elif data.startswith(ZIP_MAGIC):
        _check_zip(data, filename)
    _checked = (data, filename)


def _mb(size: int) -> Phrase:
    if size < MB:
        return Phrase("size.kb", size=Number(size / 1024))
    return Phrase("size.mb", size=Number(size / MB, 0 if size >= 10 * MB else 1))


def column_number(letters: bytes) -> int:
    """A column's letters as its number from 1: A is 1, XFD is 16,384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def entry_count(data: bytes) -> int | None:
    """The number of entries the zip's end record declares (zip64 too); None if not found."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if at < 0 or at + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, at + 10)[0]
    if count == 0xFFFF and at >= 20 and data[at - 20:at - 16] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", data, at - 12)[0]
        if data[offset:offset + 4] == b"PK\x06\x06":
            count = struct.unpack_from("<Q", data, offset + 32)[0]
    return count


def _damaged(filename: str, why: str | Phrase) -> InputError:
    """``why``: a Phrase, or the words of the library that failed."""
    return InputError(Problem(filename, "sheet.damaged_zip", why=why))


def _check_zip(data: bytes, filename: str) -> None:
    count = entry_count(data)
    if count is not None and count > limits.MAX_ZIP_ENTRIES:
        raise InputError(Problem(filename, "sheet.too_many_parts", count=count,
                                 limit=limits.MAX_ZIP_ENTRIES))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, struct.error) as exc:
        raise _damaged(filename, str(exc)) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.MAX_ZIP_ENTRIES:
            raise InputError(Problem(filename, "sheet.too_many_parts", count=len(infos),
                                     limit=limits.MAX_ZIP_ENTRIES))
        names = _Names(archive)
        for info in infos:
            _check_declared(info, filename, names)
        total = sum(info.file_size for info in infos)
        if total > limits.MAX_UNPACKED_BYTES:
            raise _too_big(filename, Phrase("sheet.part.workbook"), total,
                           limits.MAX_UNPACKED_BYTES, in_all=True)
        unpacked = 0
        for info in sorted(infos, key=lambda i: i.header_offset):
            unpacked += _inflate(data, info, filename, names)
            if unpacked > limits.MAX_UNPACKED_BYTES:
                raise _too_big(filename, Phrase("sheet.part.workbook"), unpacked,
                               limits.MAX_UNPACKED_BYTES, in_all=True, at_least=True)


def _too_big(filename: str, what: Phrase, size: int, limit: int, in_all: bool = False,
             at_least: bool = False) -> InputError:
    """``at_least``: unpacking was stopped at ``size``, past the limit."""
    code = "sheet.unpacks_more" if at_least else "sheet.unpacks"
    return InputError(Problem(filename, code + ("_in_all" if in_all else ""), what=what,
                              size=_mb(size), limit=_mb(limit)))


def _check_declared(info: zipfile.ZipInfo, filename: str, names: _Names) -> None:
    if info.file_size > limits.MAX_PART_BYTES:
        raise _too_big(filename, names.label(info.filename), info.file_size,
                       limits.MAX_PART_BYTES)
    if info.file_size > limits.RATIO_FROM_BYTES:
        ratio = info.file_size / max(1, info.compress_size)
        if ratio > limits.MAX_RATIO:
            raise InputError(Problem(filename, "sheet.packed", what=names.label(info.filename),
                                     ratio=round(ratio), size=_mb(info.file_size),
                                     packed=_mb(info.compress_size), limit=limits.MAX_RATIO))


class _Names:
    """What a part is, for messages: "the sheet 'Outages'" for a worksheet whose name the
    workbook gives, else "the part 'xl/...'"."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self._sheets: dict[str, str] | None = None

    def label(self, part: str) -> Phrase:
        if part == "content.xml":
            return Phrase("sheet.part.content")
        if self._sheets is None:
            self._sheets = self._read_sheet_names()
        if part in self._sheets:
            return Phrase("sheet.part.sheet", sheet=self._sheets[part])
        return Phrase("sheet.part.other", part=part)

    def _read_sheet_names(self) -> dict[str, str]:
        try:
            workbook = self._small("xl/workbook.xml")
            rels = self._small("xl/_rels/workbook.xml.rels")
        except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
            return {}
        targets = {m[1]: m[2] for m in re.finditer(
            rb'<Relationship\b[^>]*?\bId="([^"]+)"[^>]*?\bTarget="([^"]+)"', rels)}
        targets |= {m[2]: m[1] for m in re.finditer(
            rb'<Relationship\b[^>]*?\bTarget="([^"]+)"[^>]*?\bId="([^"]+)"', rels)}
        out = {}
        for m in re.finditer(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]+)"',
                             workbook):
            target = targets.get(m[2], b"").decode("utf-8", "replace")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            out[part] = m[1].decode("utf-8", "replace")
        return out

    def _small(self, name: str) -> bytes:
        info = self.archive.getinfo(name)
        if info.file_size > MB:
            return b""
        with self.archive.open(info) as part:
            return part.read(MB)


def _inflate(data: bytes, info: zipfile.ZipInfo, filename: str, names: _Names) -> int:
    """Unpack one part in chunks, checking each against the limits; its unpacked size."""
    label = names.label(info.filename)
    at = info.header_offset
    if data[at:at + 4] != ZIP_MAGIC or at + 30 > len(data):
        raise _damaged(filename, Phrase("sheet.part_missing", part=info.filename))
    if info.flag_bits & 0x1:
        raise InputError(Problem(filename, "sheet.encrypted"))
    start = at + 30 + sum(struct.unpack_from("<HH", data, at + 26))
    packed = memoryview(data)[start:start + info.compress_size]
    cap = min(info.file_size, limits.MAX_PART_BYTES)
    scan = (_Scan(label, filename, info.filename == "content.xml")
            if info.filename.endswith(".xml") else None)
    size = 0
    if info.compress_type == zipfile.ZIP_STORED:
        chunks = (packed[i:i + CHUNK] for i in range(0, len(packed), CHUNK))
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        chunks = _inflated(inflater, packed, filename, info.filename)
    else:
        raise _damaged(filename, Phrase("sheet.part_method", part=info.filename,
                                        method=str(info.compress_type)))
    for chunk in chunks:
        size += len(chunk)
        if size > cap:
            if size > limits.MAX_PART_BYTES:
                raise _too_big(filename, label, size, limits.MAX_PART_BYTES, at_least=True)
            raise _damaged(filename, Phrase("sheet.part_longer", part=info.filename,
                                            size=info.file_size))
        if scan is not None:
            scan.feed(bytes(chunk))
    if size != info.file_size or (inflater is not None and not inflater.eof):
        raise _damaged(filename, Phrase("sheet.part_shorter", part=info.filename, size=size,
                                        declared=info.file_size))
    return size


def _inflated(inflater, packed: memoryview, filename: str, part: str):
    """The unpacked chunks of a deflated part, at most CHUNK bytes each."""
    try:
        for i in range(0, len(packed), 64 * 1024):
            chunk = inflater.decompress(packed[i:i + 64 * 1024], CHUNK)
            while True:
                if chunk:
                    yield chunk
                if not inflater.unconsumed_tail:
                    break
                chunk = inflater.decompress(inflater.unconsumed_tail, CHUNK)
        rest = inflater.flush()
        if rest:
            yield rest
    except zlib.error as exc:
        raise _damaged(filename, Phrase("sheet.part_unpack", part=part,
                                        detail=str(exc))) from exc


class _Scan:
    """Rows, cells and the furthest cell reference of one XML part, fed in chunks; the first
    chunk also gives the root's namespace prefix and the sheet's declared dimension."""

    def __init__(self, label: Phrase, filename: str, ods: bool):
        self.label, self.filename, self.ods = label, filename, ods
        self.rows = self.cells = self.max_row = self.max_column = 0
        self.tail = b""
        self.row: bytes | None = None
        self.cell: tuple[bytes, ...] = ()

    def feed(self, chunk: bytes) -> None:
        if self.row is None:
            self._start(chunk[:HEAD_BYTES])
        both = self.tail + chunk
        self.rows += both.count(self.row) - self.tail.count(self.row)
        self.cells += sum(both.count(p) - self.tail.count(p) for p in self.cell)
        self.tail = both[-32:]
        columns = set(_COLUMN_REF.findall(both))
        if columns:
            self.max_column = max(self.max_column, max(map(column_number, columns)))
        rows = set(_ROW_REF.findall(both))
        if rows:
            self.max_row = max(self.max_row, max(map(int, rows)))
        self._check_extent(max(self.rows, self.max_row), max(self.max_column, 1), "has", None)

    def _start(self, head: bytes) -> None:
        if self.ods:
            self.row, self.cell = b"<table:table-row", (b"<table:table-cell",)
            return
        root = _ROOT.search(head)
        prefix = (root[1] or b"") if root else b""
        self.row = b"<" + prefix + b"row"
        self.cell = tuple(b"<" + prefix + b"c" + end for end in (b" ", b">", b"/"))
        dimension = _DIMENSION.search(head)
        if dimension:
            letters, number = ((dimension[3], dimension[4]) if dimension[3]
                               else (dimension[1], dimension[2]))
            self._check_extent(int(number or 1), column_number(letters or b"A"), "declares",
                               dimension[0].split(b'"')[1].decode())

    def _check_extent(self, rows: int, columns: int, verb: str, ref: str | None) -> None:
        """``verb``: "has" or "declares" (problem codes sheet.<verb>_rows, ...)."""
        where = Phrase("sheet.dimension", ref=ref) if ref else ""
        if rows > limits.MAX_SHEET_ROWS:
            raise InputError(Problem(self.filename, f"sheet.{verb}_rows", what=self.label,
                                     rows=rows, where=where, limit=limits.MAX_SHEET_ROWS))
        if columns > limits.MAX_SHEET_COLUMNS:
            raise InputError(Problem(self.filename, f"sheet.{verb}_columns", what=self.label,
                                     columns=columns, where=where,
                                     limit=limits.MAX_SHEET_COLUMNS))
        cells = max(rows * columns, self.cells)
        if cells > limits.MAX_SHEET_CELLS:
            raise InputError(Problem(self.filename, f"sheet.{verb}_cells", what=self.label,
                                     cells=cells, rows=rows, columns=columns, where=where,
                                     limit=limits.MAX_SHEET_CELLS))
