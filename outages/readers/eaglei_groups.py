"""A large EAGLE-I file's rules and checks run a group of counties at a time (``eaglei_spill``
holds the groups on disk), each group handed to a ``stage`` as soon as it is done.

Each group goes through the same steps as a whole file in ``eaglei_stream``: ``eaglei._steps``
(given the whole file's runs, so a county missing from a run still gets its zero), then
``validate_sorted.check_sorted``. Groups come in FIPS order and a county's rows all lie in one
group, so the groups' rows one after another are the whole file's rows in canonical order, and
its region codes are the groups' codes offset by the regions before them.

Warnings name the first place of a kind and count the places; each group's are merged so that
the file gets the same warnings as when read whole: the first group's place of each kind, the
counts summed, and the two kinds whose condition is over the whole file (regions with one row,
regions without a total) worked out from each group's facts at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..errors import Phrase, Problem
from ..store import codec
from ..validate_sorted import check_sorted, check_texts
from . import eaglei, eaglei_bytes

# check_sorted's warnings, in its order
ORDER = ("check.above_total_published", "check.dip", "check.jump", "check.single",
         "check.future", "check.total_missing")
LISTED = 5  # regions a warning lists by id


def steps_encoded(steps, counted: dict, base: int = 0):
    """``eaglei._steps``' result as the store's columns (region codes offset by ``base``),
    with what the checks take: (encoded, ids, names, region codes from 0, counts as floats,
    file rows, totals or None)."""
    region, ids, names, secs, out, rows, total, (runs, run) = steps
    # a county whose every row was blank has no region, as in check_table (with no blank row,
    # every county has rows)
    present = (np.bincount(region, minlength=len(ids)) > 0 if eaglei.BLANK in counted
               else np.ones(len(ids), bool))
    if not present.all():
        region = (np.cumsum(present) - 1)[region]
        ids = [v for v, p in zip(ids, present, strict=True) if p]
        names = [v for v, p in zip(names, present, strict=True) if p]
    micros = secs.astype(np.int64, copy=False)
    del secs
    micros *= 1_000_000
    n = len(micros)
    region = region.astype(np.int32, copy=False)
    enc = codec.Encoded(
        ts=micros, service=codec.constant(n, codec.SERVICE_CODES["power"], np.int8),
        region=region + np.int32(base) if base else region, out=out,
        restored=codec.constant(n, 0, np.int64), restored_null=codec.constant(n, True, bool),
        total=codec.constant(n, 0, np.int64) if total is None else np.nan_to_num(total).astype(
            np.int64),
        total_null=codec.constant(n, True, bool) if total is None else np.isnan(total),
        regions=list(zip(ids, names, strict=True)), time_index=(runs * 1_000_000, run))
    return enc, ids, names, region, out, rows, total


def check(filename: str, enc: codec.Encoded, ids, names, region, out, rows, total, *,
          texts: bool = True):
    """``check_sorted`` of the rows of one file (or group: ``texts`` False, and the region
    ids and names checked once, at the end)."""
    counts = {"customers_out": out}  # whole and present: no float copy (8 bytes a row)
    if total is not None:
        counts["customers_total"] = total
    return check_sorted(filename, service="power", micros=enc.ts, regions=region,
                        region_ids=ids, region_names=names, counts=counts, rows=rows,
                        published=True, texts=texts)


@dataclass
class _Warnings:
    """Each group's warnings and facts, merged into the whole file's."""

    file: str
    first: dict[str, Problem] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    single: list = field(default_factory=lambda: [None, 0, []])  # first row, count, ids
    lacking: list = field(default_factory=lambda: [None, 0, []])
    with_total: bool = False
    times: list = field(default_factory=lambda: [None, None])  # earliest, latest
    first_rows: list = field(default_factory=list)  # each group's regions' first file rows

    def add(self, found: list[Problem], enc: codec.Encoded, ids, region, rows, total) -> None:
        for p in found:
            if p.code not in ORDER:  # not one this merge knows: the file is read whole
                raise eaglei_bytes.Fallback(f"a warning {p.code!r} in a group")
            if p.code in ("check.single", "check.total_missing"):
                continue  # worked out from the facts below, over the whole file
            params = dict(p.phrase.items)
            if p.code == "check.future":
                if p.code not in self.first or p.row < self.first[p.code].row:
                    self.first[p.code] = p
                self.places[p.code] = self.places.get(p.code, 0) + params["count"]
                continue
            self.first.setdefault(p.code, p)
            more = params.get("more")
            count = (params["count"] if "count" in params and "more" not in params
                     else more.params["count"] if isinstance(more, Phrase) else 1)
            self.places[p.code] = self.places.get(p.code, 0) + count
        starts = np.searchsorted(region, np.arange(len(ids), dtype=region.dtype))
        sizes = np.diff(np.append(starts, len(region)))
        self.first_rows.append(rows[starts])
        _facts(self.single, starts[sizes == 1], ids, region, rows)
        if total is not None:
            has = np.maximum.reduceat(~np.isnan(total), starts)
            self.with_total |= bool(has.any())
            _facts(self.lacking, starts[~has], ids, region, rows)
        low, high = int(enc.ts.min()), int(enc.ts.max())
        self.times = [low if self.times[0] is None else min(low, self.times[0]),
                      high if self.times[1] is None else max(high, self.times[1])]

    def merged(self, rows: int) -> list[Problem]:
        """The whole file's warnings (``rows``: its rows after the rules)."""
        made = {code: self._merge(p, rows) for code, p in self.first.items()}
        row, count, listed = self.single
        if count and self.times[0] != self.times[1]:
            more = Phrase("check.and_more", count=count - LISTED) if count > LISTED else ""
            made["check.single"] = Problem(self.file, "check.single", row, count=count,
                                           regions=", ".join(listed), more=more)
        row, count, listed = self.lacking
        if count and self.with_total:
            made["check.total_missing"] = Problem(
                self.file, "check.total_missing", row, "customers_total",
                label="customers_total", count=count, regions=", ".join(listed))
        return [made[code] for code in ORDER if code in made]

    def _merge(self, p: Problem, rows: int) -> Problem:
        params, places = dict(p.phrase.items), self.places[p.code]
        if "more" in params:
            params["more"] = Phrase("check.places", count=places) if places > 1 else ""
        elif "count" in params:
            params["count"] = places
        if "rows" in params:
            params["rows"] = rows
        return Problem(p.file, p.code, p.row, p.column, **params)


def _facts(into: list, at: np.ndarray, ids, region, rows) -> None:
    """Add to [first row, count, ids listed] the regions whose first rows are ``at``."""
    if not len(at):
        return
    if into[0] is None:
        into[0] = int(rows[at[0]])
    into[1] += len(at)
    into[2] += [repr(ids[region[k]]) for k in at[:LISTED - len(into[2])]]


def read(parts, spill, filename: str, names_of: Callable, stage) -> tuple[list, dict, object]:
    """Every group of ``spill`` through the rules and checks, each handed to ``stage.add``
    (``stage.finish(regions)`` then gives the result's ``encoded``; ``stage.progress(done,
    total)``, when set, is told the rows read that are done after each group). Returns (warnings,
    rows skipped by the rules, that result). Errors raise as in ``eaglei_stream``."""
    runs = np.fromiter(parts.run_code, np.int64, len(parts.run_code))
    order = np.argsort(runs, kind="stable")
    run_rank = np.empty(len(runs), np.int32)
    run_rank[order] = np.arange(len(runs), dtype=np.int32)
    runs = runs[order]
    fips_of = np.asarray(parts.fips, np.int64)
    spill.flush()  # every block written: the groups' sizes are known
    warnings, counted, regions, n = _Warnings(filename), {}, [], 0
    done = 0  # rows read that have been through the rules
    # the names are read at the end, for every county at once (each group's rows stand for
    # a county's name by its place in ``chosen``: the lines of the rows chosen for them)
    chosen: list[tuple[np.ndarray, np.ndarray]] = []

    def numbered(lines: np.ndarray, fips: np.ndarray) -> list[int]:
        chosen.append((lines, fips))
        end = sum(len(c[0]) for c in chosen)
        return list(range(end - len(lines), end))
    # each group is staged on a thread while the next one's rules run (two groups held)
    with ThreadPoolExecutor(max_workers=1) as pool:
        staged = None
        for g in range(spill.groups):
            if not spill.sizes[g]:
                continue
            enc, ids, names, region, out, rows, total = _group(
                spill.take(g), runs, run_rank, fips_of, numbered, counted, len(regions))
            if not len(enc):  # every row of the group blank
                continue
            warnings.add(check(filename, enc, ids, names, region, out, rows, total,
                               texts=False), enc, ids, region, rows, total)
            del ids, names, region, out, rows, total
            regions += enc.regions
            n += len(enc)
            done += spill.sizes[g]
            if getattr(stage, "progress", None) is not None:
                stage.progress(done, parts.kept)
            if staged is not None:
                staged.result()
            staged = pool.submit(stage.add, enc)
            del enc
        if staged is None:  # every row blank: left to the whole-file reader, which says so
            raise eaglei_bytes.Fallback("no rows")
        named = names_of(np.concatenate([c[0] for c in chosen]),
                         np.concatenate([c[1] for c in chosen]))
        staged.result()
        regions = [(rid, named[k]) for rid, k in regions]
    check_texts(filename, [i for i, _ in regions], [name for _, name in regions],
                np.concatenate(warnings.first_rows))
    counted = {k: counted[k] for k in (eaglei.DUPLICATE, eaglei.BLANK) if k in counted}
    return warnings.merged(n), counted, stage.finish(regions)


def _group(columns: dict, runs, run_rank, fips_of, names_of, counted: dict, base: int):
    """One group's columns (``Spill.take``) through the rules: ``steps_encoded``' result,
    region codes offset by ``base``; the rows skipped added to ``counted``. ``names_of(lines,
    fips)``: the name of each county from the line of the row chosen for it."""
    codes, line = columns.pop("fips"), columns.pop("row")
    seen = np.zeros(len(fips_of), bool)
    seen[codes] = True
    seen = np.flatnonzero(seen)
    by_fips = seen[np.argsort(fips_of[seen], kind="stable")]
    local = np.empty(len(fips_of), np.int32)
    local[by_fips] = np.arange(len(by_fips), dtype=np.int32)
    columns.update(county=(fips_of[by_fips], local[codes]), rows=line,
                   time=(runs, run_rank[columns.pop("time")]))
    del codes
    steps, got = eaglei._steps(columns, lambda first, fips: names_of(line[first], fips))
    del columns
    for reason, count in got.items():
        counted[reason] = counted.get(reason, 0) + count
    return steps_encoded(steps, got, base)
