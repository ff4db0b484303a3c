"""Tidy JSON, format "json": one record per observation, its keys matched to canonical columns
as a tidy table's headers are (``tidy``).

JSON is a list of records, or an object ``{"data": [records], ...}`` whose other keys describe
the dataset (name, description, source, licence, timezone, caveats, annotations); each text is
at most MAX_FIELD_CHARS characters, the name at most MAX_NAME_CHARS. A key given twice in one
object is an error (JSON readers would otherwise keep the last silently). Counts must be JSON
numbers: text ("1200"), true or false, -0, NaN and Infinity are each reported at their record
and key (``count_types`` in the raw frame's attrs, which ``outages.validate`` reports with the
other problems of the file).
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd

from ..errors import InputError, Phrase, Problem
from ..limits import MAX_FIELD_CHARS, MAX_JSON_DEPTH, MAX_NAME_CHARS, MAX_ROWS
from ..names import shown
from ..times import parse_times, zone
from .base import Options, RawRead
from .text import decode, head_text
from .tidy import COUNTS, METADATA_TEXT, _unused, build_raw, match_columns

NAME = "json"
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_MINUS_ZERO = re.compile(r"-0(?![0-9.eE])")  # the integer -0 somewhere (or a look-alike in text)
_LARGEST = 1e300  # larger integers are kept as this (validation calls it too large)


def sniff_json(data: bytes, filename: str) -> bool:
    """Text starting with [ or {, or any text file named .json (its reader says what is wrong)."""
    text = head_text(data, 4096).lstrip()
    return text[:1] in ("[", "{") or (text != "" and filename.lower().endswith(".json"))


def read_json(data: bytes, filename: str, options: Options) -> RawRead:
    """Read tidy JSON records; row numbers in messages are 1-based record numbers."""
    text, encoding = decode(data, filename)
    if not text.strip():
        raise InputError(Problem(filename, "file.empty"))
    check_depth(text, filename)
    # Python reads the integer -0 as 0: read it as the float -0.0 so that it can be reported
    hooks = {"parse_int": _minus_zero_int} if _MINUS_ZERO.search(text) else {}
    try:
        document = json.loads(text, object_pairs_hook=_json_object, parse_constant=_Constant,
                              **hooks)
    except json.JSONDecodeError as exc:
        raise InputError(Problem(filename, "tidy.bad_json", detail=exc.msg,
                                 line=str(exc.lineno), char=str(exc.colno))) from exc
    except RecursionError as exc:  # check_depth makes this unlikely; never a traceback
        raise InputError(Problem(filename, "tidy.too_deep")) from exc
    if isinstance(document, _Repeated):
        raise InputError(Problem(filename, "tidy.repeated_top", None, document.repeated,
                                 key=document.repeated))
    warnings: list[Problem] = []
    if isinstance(document, dict):
        if not isinstance(document.get("data"), list):
            raise InputError(Problem(filename, "tidy.not_records"))
        records = document["data"]
        tz_hint = options.tz or (document.get("timezone")
                                 if isinstance(document.get("timezone"), str) else None)
        metadata = json_metadata(document, filename, tz_hint, warnings)
    elif isinstance(document, list):
        records, metadata = document, {}
    else:
        raise InputError(Problem(filename, "tidy.not_records"))
    frame, rows = _records_frame(records, filename)
    headers = [str(h) for h in frame.columns]
    frame.columns = headers
    columns = match_columns(headers, filename, options.mapping)
    _reject_nested(frame, columns, rows, filename)
    for canonical in ("timestamp", "region_id", "region_name", "service"):
        if canonical in columns:
            frame[columns[canonical]] = _json_text(frame[columns[canonical]])
    count_types = {}
    for canonical in COUNTS:
        if canonical in columns:
            key = columns[canonical]
            frame[key], wrong = json_counts(frame[key], key)
            if wrong:
                count_types[canonical] = wrong
    tz = options.tz or metadata.get("timezone")
    raw = build_raw(frame, rows, columns, filename, options, tz)
    raw.attrs["count_types"] = count_types
    warnings += _unused(headers, columns, filename, row=None)
    return RawRead(raw, encoding=encoding, warnings=warnings, metadata=metadata)


class _Constant:
    """NaN, Infinity or -Infinity in a JSON file: JSON has no such values (Python reads them)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


def _minus_zero_int(text: str) -> int | float:
    return -0.0 if text == "-0" else int(text)


def json_counts(values: pd.Series, key: str) -> tuple[np.ndarray, dict[int, Phrase]]:
    """A JSON count column as float64 (NaN where null or missing) and, by position, what is
    wrong with each value that is not a JSON number: text ("1200"), true or false, -0, NaN or
    Infinity (those positions are NaN). ``key`` is the file's name for the column."""
    if pd.api.types.is_integer_dtype(values.dtype):
        return values.to_numpy(dtype=np.float64), {}
    if pd.api.types.is_float_dtype(values.dtype):
        numbers = np.array(values.to_numpy(dtype=np.float64, na_value=np.nan))
        numbers[np.isinf(numbers)] = np.copysign(_LARGEST, numbers[np.isinf(numbers)])  # 1e400
        minus_zero = np.flatnonzero((numbers == 0) & np.signbit(numbers))
        wrong = {int(i): _not_a_count(-0.0, key) for i in minus_zero}
        numbers[minus_zero] = np.nan
        return numbers, wrong
    numbers = np.full(len(values), np.nan)
    wrong = {}
    for i, value in enumerate(values.tolist()):
        message = _not_a_count(value, key)
        if message is not None:
            wrong[i] = message
        elif isinstance(value, int | float) and value == value:  # NaN: null or missing
            numbers[i] = min(max(value, -_LARGEST), _LARGEST)
    return numbers, wrong


def _not_a_count(value: object, key: str) -> Phrase | None:
    """Why a parsed JSON value cannot be a count, or None (a number, null or missing)."""
    if isinstance(value, _Constant):
        return Phrase("tidy.count_constant", key=key, value=str(value))
    if isinstance(value, str):
        return Phrase("tidy.count_text", key=key, value=shown(value))
    if isinstance(value, bool | np.bool_):
        return Phrase("tidy.count_constant_bool", key=key, value="true" if value else "false")
    if isinstance(value, float) and value == 0 and math.copysign(1, value) < 0:
        return Phrase("tidy.count_minus_zero", key=key)
    return None


class _Repeated(dict):
    """A JSON object in which a key was given more than once (the last value is kept)."""

    repeated: str = ""


def _json_object(pairs: list[tuple[str, object]]) -> dict:
    """json.loads' object hook: a plain dict, or a _Repeated naming the first repeated key."""
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    out = _Repeated(obj)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            out.repeated = key
            break
        seen.add(key)
    return out


def check_depth(text: str, filename: str) -> None:
    """Reject JSON nested deeper than MAX_JSON_DEPTH, or holding more than MAX_ROWS records,
    before a parser recurses into it."""
    outside = _JSON_STRING.sub('""', text)  # JSON strings hold no raw newlines: lines survive
    codes = np.frombuffer(outside.encode("utf-8"), dtype=np.uint8)
    brackets = np.flatnonzero((codes == 91) | (codes == 123) | (codes == 93) | (codes == 125))
    if not len(brackets):
        return
    step = np.where((codes[brackets] == 91) | (codes[brackets] == 123), 1, -1).astype(np.int64)
    depth = np.cumsum(step)
    if depth.max() > MAX_JSON_DEPTH:
        where = int(brackets[np.argmax(depth > MAX_JSON_DEPTH)])
        line = outside.encode("utf-8").count(b"\n", 0, where) + 1
        raise InputError(Problem(filename, "tidy.nested", depth=str(MAX_JSON_DEPTH),
                                 line=str(line)))
    # records are objects in a top-level list, or in the list under "data": counted before
    # json.loads builds them
    records = int(np.count_nonzero((codes[brackets] == 123) & ((depth == 2) | (depth == 3))))
    if records > MAX_ROWS:
        raise InputError(Problem(filename, "tidy.too_many_records", records=records,
                                 limit=MAX_ROWS))


def _records_frame(records: list, filename: str) -> tuple[pd.DataFrame, np.ndarray]:
    if not records:
        raise InputError(Problem(filename, "tidy.no_records"))
    if len(records) > MAX_ROWS:
        raise InputError(Problem(filename, "tidy.too_many_records", records=len(records),
                                 limit=MAX_ROWS))
    not_objects = [i for i, r in enumerate(records) if not isinstance(r, dict)]
    if not_objects:
        raise InputError([Problem(filename, "tidy.not_object", i + 1,
                                  kind=_json_kind(records[i]))
                          for i in not_objects[:20]])
    repeated = [i for i, r in enumerate(records) if type(r) is _Repeated]
    if repeated:
        raise InputError([Problem(filename, "tidy.repeated_record", i + 1, records[i].repeated,
                                  key=records[i].repeated)
                          for i in repeated[:20]])
    frame = pd.DataFrame.from_records(records)
    return frame, np.arange(1, len(records) + 1, dtype=np.int64)


def _json_kind(value: object) -> Phrase:
    kind = {list: "list", str: "string", bool: "bool", type(None): "null", int: "number",
            float: "number"}.get(type(value))
    return Phrase(f"tidy.kind.{kind}") if kind else Phrase("tidy.kind.other",
                                                           name=type(value).__name__)


def _reject_nested(frame: pd.DataFrame, columns: dict[str, str], rows: np.ndarray,
                   filename: str) -> None:
    problems = []
    for column in dict.fromkeys(columns.values()):
        nested = frame[column].map(lambda v: isinstance(v, (dict, list))).to_numpy(dtype=bool)
        for i in np.flatnonzero(nested)[:20]:
            problems.append(Problem(filename, "tidy.nested_value", int(rows[i]), column,
                                    kind=_json_kind(frame[column].iloc[i])))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0)[:20])


def _json_text(values: pd.Series) -> pd.Series:
    """JSON values as text: whole-number floats lose their '.0' (26.0 is region 26)."""

    def text(v: object) -> str | None:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    return pd.Series([text(v) for v in values], index=values.index, dtype="string")


def json_metadata(document: dict, filename: str, tz: str | None,
                  warnings: list[Problem]) -> dict:
    """Dataset description from the keys beside "data"; unknown keys give one warning."""
    metadata: dict = {}
    ignored = []
    for key, value in document.items():
        name = "licence" if key == "license" else key
        if key == "data":
            continue
        if name in METADATA_TEXT:
            if not isinstance(value, str):
                raise InputError(Problem(filename, "tidy.not_text", None, key, key=key,
                                         kind=_json_kind(value)))
            metadata[name] = _metadata_text(value, filename, key)
        elif name == "caveats":
            metadata["caveats"] = _caveats(value, filename)
        elif name == "annotations":
            metadata["annotations"] = _annotations(value, filename, tz)
        else:
            ignored.append(key)
    if "timezone" in metadata:
        zone(metadata["timezone"], filename)
    if ignored:
        warnings.append(Problem(filename, "tidy.unused_keys",
                                keys=", ".join(repr(k) for k in ignored)))
    return metadata


def _metadata_text(value: str, filename: str, key: str, row: int | None = None,
                   what: str | None = None) -> str:
    """A description text, stripped; an InputError naming the key when it is too long.
    ``row`` and ``what`` place and name an item of a list ("this caveat")."""
    text = value.strip()
    limit = MAX_NAME_CHARS if key == "name" else MAX_FIELD_CHARS
    if len(text) > limit:
        named = Phrase(f"tidy.{what}") if what else Phrase("tidy.key", key=key)
        raise InputError(Problem(filename, "tidy.too_long", row, key, what=named,
                                 size=len(text), limit=limit))
    return text


def _caveats(value: object, filename: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [_metadata_text(v, filename, "caveats", i + 1, "this_caveat")
                for i, v in enumerate(value)]
    raise InputError(Problem(filename, "tidy.caveats_shape", None, "caveats"))


ANNOTATION_SHAPE = '{"timestamp": ..., "text": ...}'


def _annotations(value: object, filename: str, tz: str | None) -> list[dict]:
    if not isinstance(value, list):
        raise InputError(Problem(filename, "tidy.annotations_shape", None, "annotations",
                                 shape=ANNOTATION_SHAPE))
    texts = []
    for i, item in enumerate(value):
        if not (isinstance(item, dict) and isinstance(item.get("timestamp"), str)
                and isinstance(item.get("text"), str)):
            raise InputError(Problem(filename, "tidy.annotations_shape", i + 1, "annotations",
                                     shape=ANNOTATION_SHAPE))
        if type(item) is _Repeated:
            raise InputError(Problem(filename, "tidy.repeated_annotation", i + 1, "annotations",
                                     key=item.repeated))
        texts.append(_metadata_text(item["text"], filename, "annotations", i + 1,
                                    "this_annotation"))
        if not texts[-1]:
            raise InputError(Problem(filename, "tidy.annotation_blank", i + 1, "annotations"))
    if not value:
        return []
    times = parse_times(pd.Series([a["timestamp"] for a in value], dtype="string"),
                        pd.Series(np.arange(1, len(value) + 1)), file=filename,
                        column="annotations", tz=tz)
    return [{"timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "text": text}
            for t, text in zip(times, texts, strict=True)]
