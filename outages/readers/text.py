"""Bytes to text and delimited text to a table of strings, with line numbers a person can find.

Encodings: UTF-8 (with or without a byte-order mark), Windows-1251 (Ukrainian and Russian
exports, chosen only when the bytes are not UTF-8 and read as Cyrillic), and UTF-16 with a
byte-order mark (Excel's "Unicode Text"). UTF-32, and UTF-16 without a byte-order mark, are
named and rejected (save as UTF-8). Archives, workbooks and other binary files are rejected with
a message that says what they are; a text file holding a NUL byte is rejected naming its line.
Delimiters: comma, semicolon, tab.

Large files take a fast path: numpy finds record boundaries and field counts from the bytes
(a newline or delimiter counts only outside quotes) and pandas parses the values. When the two
disagree (stray quotes, lone carriage returns) the file is read again with the csv module, which
is slower but settles every case, including the line a ragged row starts on.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..limits import MAX_COLUMNS, MAX_FIELD_CHARS, MAX_ROWS

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# Leading bytes of files that are not text, and what to call them.
MAGIC = (
    (b"\x1f\x8b", "a gzip archive", "decompress it first (gunzip)"),
    (b"PK\x03\x04", "a zip archive", "unzip it first"),
    (b"PK\x05\x06", "an empty zip archive", "unzip it first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Excel workbook (.xls) or other Office file",
     "save the sheet as CSV UTF-8"),
    (b"%PDF", "a PDF document", "export the table as CSV"),
    (b"PAR1", "a Parquet file", "export it as CSV"),
    (b"SQLite format 3\x00", "an SQLite database", "export the table as CSV"),
    (b"BZh", "a bzip2 archive", "decompress it first (bunzip2)"),
    (b"\xfd7zXZ\x00", "an xz archive", "decompress it first (unxz)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "extract it first"),
    (b"\x89PNG", "a PNG image", "export the table as CSV"),
    (b"\xff\xd8\xff", "a JPEG image", "export the table as CSV"),
)

# Non-letter characters that Windows-1251 text commonly holds (quotes, dashes, numero sign...).
CP1251_PUNCTUATION = "«»–—№’‘“”„…°±\u00a0€‰•"
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_MIXED_SCRIPT = re.compile("[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_SEP_LINE = re.compile(r"^sep=(.)\r?$")
# Bytes that text never holds (controls other than tab, line feed, carriage return, escape...).
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
SAVE_AS_UTF8 = "save it as UTF-8 (in Excel: Save As, CSV UTF-8)"

# The csv module's own limit (128 KB a field) would stop a long field with a bare csv.Error;
# MAX_FIELD_CHARS is checked here instead, with a message naming the line and column.
csv.field_size_limit(2**31 - 1)


@dataclass
class Delimited:
    """A delimited file as text: one str column per header, and each row's source line."""

    frame: pd.DataFrame
    encoding: str
    delimiter: str
    rows: np.ndarray  # line number of each row, the header being line 1
    header_row: int = 1  # the header's line (2 after Excel's sep= line or a blank line)


def kind_of_file(filename: str) -> str:
    """What a person expects the file to be, from its name: 'CSV', 'JSON' or 'text'."""
    name = filename.lower()
    for ext, kind in ((".csv", "CSV"), (".tsv", "CSV"), (".txt", "CSV"), (".json", "JSON")):
        if name.endswith(ext):
            return kind
    return "text"


def binary_kind(data: bytes) -> tuple[str, str] | None:
    """(what the file is, how to fix it) when the bytes are not text we read, else None."""
    for magic, what, fix in MAGIC:
        if data.startswith(magic):
            if magic == b"BZh" and data[4:10] != b"1AY&SY":
                continue
            if magic == b"PK\x03\x04" and b"xl/" in data[:65536]:
                return "an Excel workbook (.xlsx)", "save the sheet as CSV UTF-8"
            return what, fix
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32 text", SAVE_AS_UTF8
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    head = data[:65536]
    if b"\x00" in head:
        wide = _wide_encoding(head)
        if wide is not None:
            return f"{wide} text without a byte-order mark", SAVE_AS_UTF8
        if not _mostly_text(head):
            return "a binary file", "export the table as CSV UTF-8"
    return None


def _wide_encoding(head: bytes) -> str | None:
    """'UTF-32' or 'UTF-16' when NUL bytes fill the positions of a wide encoding's high bytes
    (ASCII text in UTF-16 has a NUL every second byte, in UTF-32 three of every four)."""
    n = len(head) // 4 * 4
    if n >= 4:
        quarters = [head[k:n:4].count(0) / (n // 4) for k in range(4)]
        if sorted(quarters)[1] > 0.6:  # three of the four positions mostly NUL
            return "UTF-32"
    even, odd = head[0::2], head[1::2]
    if even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd):
        return "UTF-16"
    return None


def _mostly_text(head: bytes) -> bool:
    """True when NUL and other control bytes are rare: text with a stray NUL, not binary."""
    return len(_BINARY_BYTES.findall(head)) <= max(2, len(head) // 1000)


def check_text(data: bytes, filename: str) -> None:
    """Raise a clear InputError when ``data`` is an archive, workbook or other binary file, or
    text holding a NUL byte."""
    found = binary_kind(data)
    if found is not None:
        what, fix = found
        kind = kind_of_file(filename)
        expected = "text" if kind == "text" else f"{kind} text"
        raise InputError(Problem(filename, f"this is {what}, not {expected}; {fix}"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # NUL bytes are part of UTF-16 text
    at = data.find(b"\x00")
    if at >= 0:
        raise InputError(Problem(filename, "this line holds a NUL byte (0x00), which text never "
                                           "contains: the file is damaged or was joined with "
                                           "binary data; remove it or export the table again",
                                 data.count(b"\n", 0, at) + 1))


def decode(data: bytes, filename: str) -> tuple[str, str]:
    """The file as text and the encoding used: 'utf-8', 'utf-8-sig', 'utf-16' or 'cp1251'."""
    check_text(data, filename)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(Problem(filename, "the file starts like UTF-16 text but is not valid "
                                               "UTF-16; save it as UTF-8")) from exc
    body, encoding = data, "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[len(codecs.BOM_UTF8):], "utf-8-sig"
    try:
        return body.decode("utf-8"), encoding
    except UnicodeDecodeError as exc:
        bad_line = body.count(b"\n", 0, exc.start) + 1
        bad_byte = body[exc.start]
    utf8_line = _first_utf8_line(body)
    if utf8_line is not None:
        raise InputError(Problem(
            filename, f"the file mixes text encodings: line {utf8_line} is UTF-8 but line "
                      f"{bad_line} is not (byte 0x{bad_byte:02X}); save the whole file as UTF-8",
            bad_line))
    if encoding == "utf-8":
        text = _cp1251_text(body)
        if text is not None:
            return text, "cp1251"
    raise InputError(Problem(
        filename, f"byte 0x{bad_byte:02X} is not valid UTF-8, and the file does not read as "
                  "Windows-1251 Cyrillic either; save it as UTF-8 (in Excel: Save As, CSV UTF-8)",
        bad_line))


def _first_utf8_line(body: bytes) -> int | None:
    """Line number of the first line with non-ASCII text that is valid UTF-8, if any.

    At least two non-ASCII characters are needed: a lone Windows-1251 pair such as "Сі" happens
    to be valid UTF-8 too.
    """
    for match in re.finditer(rb"[^\n]*[\x80-\xff][^\n]*", body):
        try:
            line = match.group().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if len(_NON_ASCII.findall(line)) >= 2:
            return body.count(b"\n", 0, match.start()) + 1
    return None


def _cp1251_text(body: bytes) -> str | None:
    """The text when ``body`` reads as Windows-1251 Cyrillic words, else None."""
    try:
        text = body.decode("cp1251")
    except UnicodeDecodeError:
        return None
    non_ascii = len(_NON_ASCII.findall(text))
    cyrillic = len(_CYRILLIC.findall(text))
    punctuation = sum(text.count(c) for c in CP1251_PUNCTUATION)
    if cyrillic == 0 or cyrillic + punctuation < 0.95 * non_ascii:
        return None
    # Latin-1 accents read as Cyrillic letters inside Latin words ("Montrйal"): not Cyrillic text.
    if len(_MIXED_SCRIPT.findall(text)) > 0.1 * cyrillic:
        return None
    return text


def head_text(data: bytes, size: int = 65536) -> str:
    """The first ``size`` bytes as text, for format sniffing; '' for binary files.

    The cut is made at the last complete line, so a partial multi-byte character or a partial
    line does not reach the sniffer.
    """
    if binary_kind(data) is not None:
        return ""
    head = data[:size]
    if len(data) > size and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError:
        return head.decode("cp1251", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The delimiter of delimited text: the one used most in the header line that splits the
    first lines into the same number of fields."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    sep = _SEP_LINE.match(lines[0])
    if sep and sep.group(1) in DELIMITERS:
        return sep.group(1)
    counts = {d: _count_outside_quotes(lines[0], d) for d in DELIMITERS}
    ranked = sorted((d for d in DELIMITERS if counts[d] > 0), key=lambda d: -counts[d])
    if not ranked:
        return ","
    for d in ranked:
        widths = {len(r) for r in csv.reader(lines[1:20], delimiter=d) if r}
        if widths <= {counts[d] + 1}:
            return d
    return ranked[0]


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return len(re.sub(r'"[^"]*"', "", line).split(delimiter)) - 1


def read_delimited(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> Delimited:
    """Read delimited text into a frame of str columns named as in the header.

    Raises InputError for an empty file, a header without data rows, a ragged row (naming its
    line), an unnamed column that holds values, a repeated column name, and the size limits.
    Rows whose fields are all empty (spreadsheet leftovers such as ``,,,``) are dropped.
    """
    text, encoding = decode(data, filename)
    if not text.strip():
        raise InputError(Problem(filename, "file is empty"))
    delimiter = sniff_delimiter(text)
    buf, skip = _without_sep_line(text, delimiter)
    try:
        header, header_row, frame, rows = _fast_parse(buf, skip, delimiter, filename, max_rows)
    except _NeedsExactParse:
        header, header_row, frame, rows = _exact_parse(buf.decode("utf-8"), skip, delimiter,
                                                       filename, max_rows)
    frame = name_columns(frame, header, filename, header_row)
    if len(frame) == 0:
        raise InputError(Problem(filename, "no data rows: the file has a header line and nothing "
                                           "else", header_row))
    return Delimited(frame, encoding, delimiter, rows, header_row)


def _without_sep_line(text: str, delimiter: str) -> tuple[bytes, int]:
    """UTF-8 bytes of the text without Excel's ``sep=;`` hint line, and how many lines it took."""
    first, _, rest = text.partition("\n")
    if _SEP_LINE.match(first.strip(" ")) and first.strip(" \r")[4:] == delimiter:
        return rest.encode("utf-8"), 1
    return text.encode("utf-8"), 0


class _NeedsExactParse(Exception):
    """The fast structure scan and pandas disagree, or a row looks ragged: read exactly."""


def _fast_parse(buf: bytes, skip: int, delimiter: str, filename: str, max_rows: int):
    b = np.frombuffer(buf, dtype=np.uint8)
    newlines = np.flatnonzero(b == 10)
    quotes = np.flatnonzero(b == 34)
    delims = np.flatnonzero(b == ord(delimiter))
    record_ends = newlines
    if len(quotes):
        if len(quotes) % 2:
            raise _NeedsExactParse
        record_ends = newlines[(np.searchsorted(quotes, newlines) & 1) == 0]
        delims = delims[(np.searchsorted(quotes, delims) & 1) == 0]
    starts = np.concatenate(([0], record_ends + 1))
    ends = np.concatenate((record_ends, [len(b)]))
    lengths = ends - starts
    has_cr = np.zeros(len(ends), dtype=bool)
    nonempty = lengths > 0
    has_cr[nonempty] = b[ends[nonempty] - 1] == 13
    lengths = lengths - has_cr
    fields = np.bincount(np.searchsorted(record_ends, delims), minlength=len(starts)) + 1
    blank = lengths == 0
    for i in np.flatnonzero((fields == 1) & (lengths > 0) & (lengths <= 64)):
        if not buf[starts[i]:starts[i] + lengths[i]].strip():
            blank[i] = True
    kept = np.flatnonzero(~blank)
    if len(kept) == 0:
        raise InputError(Problem(filename, "file is empty"))
    lines = np.searchsorted(newlines, starts[kept]) + 1 + skip
    width = int(fields[kept[0]])
    _check_size(width, len(kept) - 1, filename, max_rows, int(lines[0]))
    if (fields[kept] != width).any():
        raise _NeedsExactParse
    if lengths.max() > MAX_FIELD_CHARS:
        _check_long_fields(buf, starts, lengths, kept, lines, delims, filename)
    all_empty = (lengths[kept] == fields[kept] - 1)[1:]
    try:
        frame = pd.read_csv(io.BytesIO(buf), sep=delimiter, header=None, dtype=str,
                            keep_default_na=False, na_filter=False, skip_blank_lines=True,
                            engine="c", encoding="utf-8", quotechar='"', doublequote=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:  # quotes inside a value,
        raise _NeedsExactParse from exc  # or lone carriage returns, read otherwise by pandas
    if len(frame) != len(kept) or frame.shape[1] != width:
        raise _NeedsExactParse
    header = [str(h) for h in frame.iloc[0]]
    frame = frame.iloc[1:].reset_index(drop=True)
    rows = lines[1:].astype(np.int64)
    if all_empty.any():
        frame = frame[~all_empty].reset_index(drop=True)
        rows = rows[~all_empty]
    frame.columns = range(width)
    return header, int(lines[0]), frame, rows


def _check_size(width: int, n_rows: int, filename: str, max_rows: int,
                header_row: int = 1) -> None:
    if width > MAX_COLUMNS:
        raise InputError(Problem(filename, f"the header has {width:,} columns; the limit is "
                                           f"{MAX_COLUMNS:,}", header_row))
    if n_rows > max_rows:
        raise InputError(Problem(filename, f"the file has {n_rows:,} rows; the limit is "
                                           f"{max_rows:,}: split it into smaller files"))


def _check_long_fields(buf, starts, lengths, kept, lines, delims, filename) -> None:
    """Raise for the first field over MAX_FIELD_CHARS, naming its line and column. Fields are
    cut at the delimiters outside quotes (``delims``), so no csv parser meets the long value."""
    header: list[str] | None = None
    for k, i in enumerate(kept):
        if k == 0 or lengths[i] > MAX_FIELD_CHARS:
            start, end = int(starts[i]), int(starts[i] + lengths[i])
            cuts = delims[np.searchsorted(delims, start):np.searchsorted(delims, end)].tolist()
            spans = list(zip([start, *(c + 1 for c in cuts)], [*cuts, end], strict=True))
            for j, (a, b) in enumerate(spans):
                if b - a > MAX_FIELD_CHARS:  # a byte count: at least the character count
                    size = len(_unquote(buf[a:b].decode("utf-8")))
                    if size > MAX_FIELD_CHARS:
                        raise InputError(long_field(filename, int(lines[k]), j, size, header))
            if k == 0:
                header = [_unquote(buf[a:b].decode("utf-8")) for a, b in spans]


def _unquote(field: str) -> str:
    if len(field) >= 2 and field[0] == field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def long_field(filename: str, line: int, j: int, size: int,
               header: list[str] | None) -> Problem:
    """A value over MAX_FIELD_CHARS in field ``j`` (from 0) of a line; ``header`` is None when
    the line is the header itself."""
    if header is None:
        return Problem(filename, f"the header line holds a name of {size:,} characters; the "
                                 f"limit is {MAX_FIELD_CHARS:,} (is this a table with a header "
                                 "line? is a quote \" left open?)", line)
    name = header[j].strip() if j < len(header) and header[j].strip() else f"column {j + 1}"
    return Problem(filename, f"a value of {size:,} characters; the limit is "
                             f"{MAX_FIELD_CHARS:,} (is a quote \" left open?)", line, name)


def _exact_parse(text: str, skip: int, delimiter: str, filename: str, max_rows: int):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    previous = 0
    try:
        for fields in reader:
            line = previous + 1 + skip
            previous = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            for j, value in enumerate(fields):
                if len(value) > MAX_FIELD_CHARS:
                    raise InputError(long_field(filename, line, j, len(value), header))
            if header is None:
                header, header_row = fields, line
                _check_size(len(header), 0, filename, max_rows, header_row)
                continue
            if len(fields) != len(header):
                raise InputError(_ragged(filename, line, len(fields), len(header), fields))
            if all(v == "" for v in fields):
                continue
            records.append(fields)
            rows.append(line)
            if len(records) > max_rows:
                _check_size(len(header), len(records), filename, max_rows)
    except csv.Error as exc:
        raise InputError(Problem(filename, f"cannot read this line as CSV: {exc}",
                                 previous + 1 + skip)) from exc
    if header is None:
        raise InputError(Problem(filename, "file is empty"))
    columns = list(zip(*records, strict=True)) if records else [() for _ in header]
    frame = pd.DataFrame({j: pd.array(list(col), dtype="str") for j, col in enumerate(columns)},
                         index=pd.RangeIndex(len(records)))
    return header, header_row, frame, np.asarray(rows, dtype=np.int64)


def _ragged(filename: str, line: int, got: int, want: int, fields: list[str]) -> Problem:
    hint = ""
    if any("\n" in v or "\r" in v for v in fields):
        hint = " (a quote \" opened on this line seems never to be closed)"
    elif got > want:
        hint = (" (an unquoted value containing the delimiter? put such values in double "
                "quotes)")
    return Problem(filename, f"this row has {got} fields but the header has {want}{hint}", line)


def name_columns(frame: pd.DataFrame, header: list[str], filename: str, header_row: int = 1,
                 label: Callable[[int], str] = lambda j: f"column {j + 1}",
                 where: str = "the header line") -> pd.DataFrame:
    """Columns named by the stripped header; unnamed empty columns dropped.

    ``frame``'s columns are 0..n-1 in header order; ``label(j)`` names column j for a person
    (a spreadsheet's letter); ``where`` says where the header is, for messages.
    """
    names = [h.strip().lstrip("\ufeff") for h in header]
    keep = []
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if name == "":
            if (frame[j] != "").any():
                raise InputError(Problem(filename, f"{label(j)} has values but no name in "
                                                   f"{where}; give it a name", header_row,
                                         label(j)))
            continue
        if name in seen:
            raise InputError(Problem(filename, f"the header names column {name!r} twice "
                                               f"({label(seen[name])} and {label(j)}); rename one",
                                     header_row, name))
        seen[name] = j
        keep.append(j)
    out = frame[keep]
    out.columns = [names[j] for j in keep]
    return out
