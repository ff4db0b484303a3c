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

from ..errors import InputError, Phrase, Problem
from ..limits import MAX_COLUMNS, MAX_FIELD_CHARS, MAX_ROWS

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# Leading bytes of files that are not text, what to call them and how to fix it: the problem
# codes text.kind.<kind> and text.fix.<fix>.
MAGIC = (
    (b"\x1f\x8b", "gzip", "gunzip"),
    (b"PK\x03\x04", "zip", "unzip"),
    (b"PK\x05\x06", "zip_empty", "unzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls", "sheet_as_csv"),
    (b"%PDF", "pdf", "table_as_csv"),
    (b"PAR1", "parquet", "as_csv"),
    (b"SQLite format 3\x00", "sqlite", "table_as_csv"),
    (b"BZh", "bzip2", "bunzip2"),
    (b"\xfd7zXZ\x00", "xz", "unxz"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "extract"),
    (b"\x89PNG", "png", "table_as_csv"),
    (b"\xff\xd8\xff", "jpeg", "table_as_csv"),
)

# Non-letter characters that Windows-1251 text commonly holds (quotes, dashes, numero sign...).
CP1251_PUNCTUATION = "«»–—№’‘“”„…°±\u00a0€‰•"
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_MIXED_SCRIPT = re.compile("[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
_SEP_LINE = re.compile(r"^sep=(.)\r?$")
# Bytes that text never holds (controls other than tab, line feed, carriage return, escape...).
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
SAVE_AS_UTF8 = "save_utf8"

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


def binary_kind(data: bytes) -> tuple[Phrase, Phrase] | None:
    """(what the file is, how to fix it) when the bytes are not text we read, else None."""
    found = _binary_kind(data)
    if found is None:
        return None
    (what, params), fix = found
    return Phrase(f"text.kind.{what}", **params), Phrase(f"text.fix.{fix}")


def _binary_kind(data: bytes) -> tuple[tuple[str, dict], str] | None:
    for magic, what, fix in MAGIC:
        if data.startswith(magic):
            if magic == b"BZh" and data[4:10] != b"1AY&SY":
                continue
            if magic == b"PK\x03\x04" and b"xl/" in data[:65536]:
                return ("xlsx", {}), "sheet_as_csv"
            return (what, {}), fix
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return ("utf32", {}), SAVE_AS_UTF8
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    head = data[:65536]
    if b"\x00" in head:
        wide = _wide_encoding(head)
        if wide is not None:
            return ("no_bom", {"encoding": wide}), SAVE_AS_UTF8
        if not _mostly_text(head):
            return ("binary", {}), "table_as_csv_utf8"
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
        expected = Phrase("text.expected") if kind == "text" else Phrase("text.expected_kind",
                                                                           kind=kind)
        raise InputError(Problem(filename, "text.not_text", what=what, expected=expected,
                                 fix=fix))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return  # NUL bytes are part of UTF-16 text
    at = data.find(b"\x00")
    if at >= 0:
        raise InputError(Problem(filename, "text.nul_byte", data.count(b"\n", 0, at) + 1))


def decode(data: bytes, filename: str) -> tuple[str, str]:
    """The file as text and the encoding used: 'utf-8', 'utf-8-sig', 'utf-16' or 'cp1251'."""
    check_text(data, filename)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(Problem(filename, "text.bad_utf16")) from exc
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
        raise InputError(Problem(filename, "text.mixed_encodings", bad_line,
                                 utf8_line=str(utf8_line), bad_line=str(bad_line),
                                 byte=f"0x{bad_byte:02X}"))
    if encoding == "utf-8":
        text = _cp1251_text(body)
        if text is not None:
            return text, "cp1251"
    raise InputError(Problem(filename, "text.not_utf8", bad_line, byte=f"0x{bad_byte:02X}"))


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
        raise InputError(Problem(filename, "file.empty"))
    delimiter = sniff_delimiter(text)
    buf, skip = _without_sep_line(text, delimiter)
    try:
        header, header_row, frame, rows = _fast_parse(buf, skip, delimiter, filename, max_rows)
    except _NeedsExactParse:
        header, header_row, frame, rows = _exact_parse(buf.decode("utf-8"), skip, delimiter,
                                                       filename, max_rows)
    frame = name_columns(frame, header, filename, header_row)
    if len(frame) == 0:
        raise InputError(Problem(filename, "text.header_only", header_row))
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
        raise InputError(Problem(filename, "file.empty"))
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
        raise InputError(Problem(filename, "text.too_many_columns", header_row, width=width,
                                 limit=MAX_COLUMNS))
    if n_rows > max_rows:
        raise InputError(Problem(filename, "file.too_many_rows", rows=n_rows, limit=max_rows))


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
        return Problem(filename, "text.long_header", line, size=size, limit=MAX_FIELD_CHARS)
    name = header[j].strip() if j < len(header) and header[j].strip() else f"column {j + 1}"
    return Problem(filename, "text.long_value", line, name, size=size, limit=MAX_FIELD_CHARS)


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
        raise InputError(Problem(filename, "text.bad_csv_line", previous + 1 + skip,
                                 detail=str(exc))) from exc
    if header is None:
        raise InputError(Problem(filename, "file.empty"))
    columns = list(zip(*records, strict=True)) if records else [() for _ in header]
    frame = pd.DataFrame({j: pd.array(list(col), dtype="str") for j, col in enumerate(columns)},
                         index=pd.RangeIndex(len(records)))
    return header, header_row, frame, np.asarray(rows, dtype=np.int64)


def _ragged(filename: str, line: int, got: int, want: int, fields: list[str]) -> Problem:
    code = "text.ragged"
    if any("\n" in v or "\r" in v for v in fields):
        code = "text.ragged_open_quote"
    elif got > want:
        code = "text.ragged_delimiter"
    return Problem(filename, code, line, got=str(got), want=str(want))


def name_columns(frame: pd.DataFrame, header: list[str], filename: str, header_row: int = 1,
                 label: Callable[[int], str] = lambda j: str(j + 1),
                 where: Phrase | None = None) -> pd.DataFrame:
    """Columns named by the stripped header; unnamed empty columns dropped.

    ``frame``'s columns are 0..n-1 in header order; ``label(j)`` names column j for a person
    (its number, or a spreadsheet's letter); ``where`` says where the header is, for messages
    (the header line when None).
    """
    where = where or Phrase("text.header_line")
    names = [h.strip().lstrip("\ufeff") for h in header]
    keep = []
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if name == "":
            if (frame[j] != "").any():
                raise InputError(Problem(filename, "text.unnamed_column", header_row,
                                         f"column {label(j)}", label=label(j), where=where))
            continue
        if name in seen:
            raise InputError(Problem(filename, "text.repeated_name", header_row, name,
                                     name=name, first=label(seen[name]), second=label(j)))
        seen[name] = j
        keep.append(j)
    out = frame[keep]
    out.columns = [names[j] for j in keep]
    return out
