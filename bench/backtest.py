"""Backtest of the restoration outlook (``outages.outlook``) on real past events.

    python -m bench.backtest        (make backtest)

Writes data/backtest.json (shown on the Data page) and the "Restoration outlook backtest"
section of bench/RESULTS.md (the rest of that file is left as it is).

Construction (explained again in the RESULTS section):

- Events are read by the project's own readers: OE-417 (the bundled 2021 and 2022 annual
  summaries, and the 2011-2023 files in tests/data) and the Purdue major-outage table
  (tests/data/outage.xlsx); each event has a region (a US state), start, restoration and
  customers affected. The EAGLE-I excerpt (15 rows) holds one recovery: 57 customers in one
  county back between two collection runs 2 h 45 min apart, a single step with no checkpoint
  before 90 % to project from; it is left out.
- Overlapping events form an episode: per state, or over all states together (both levels are
  reported). The episode's peak is the moment most customers are out at once.
- Its restoration curve is that of the customers out at the peak: the events under way then
  are restored, each whole, at their restoration times (customers cut off after the peak are
  not in it, so the curve only falls). An episode whose peak holds one event is restored in one
  step and has nothing to project from: it is counted, not used.
- At 25 %, 50 % and 75 % restored (the first restoration at or past that share), the outlook
  sees the curve up to that moment and projects 90 % and "practically all" (its 99 %, compared
  with the moment the last of those customers is back). A checkpoint already at or past the
  target is skipped.
- The naive baseline: the episode lasts (peak to target) as long as the median of the other
  episodes of the same source and level (leave-one-out), but not less than the time already
  passed at the checkpoint.
- Errors are absolute, in hours. The outlook makes no estimate for some episodes (too few
  points, or not falling); the comparison is made on the episodes it estimated, and how many
  it left out is shown.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from bench import sections
from outages.outlook import MODEL, MODELS, NEARLY_ALL, Outlook, project
from outages.readers import FORMATS, Options

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
JSON = ROOT / "data" / "backtest.json"
COMMAND = "python -m bench.backtest"
SECTION = "## Restoration outlook backtest"
CHECKPOINTS = (0.25, 0.50, 0.75)
TARGETS = (0.90, NEARLY_ALL)  # the model's shares; NEARLY_ALL is compared with full restoration
LEVELS = ("region", "all")
LEVEL_NAMES = {"region": "one state", "all": "all states"}
# An event longer than this is taken for a typo and left out (one OE-417 row of August 2011 is
# restored in 2077): it would join every later event into one episode.
MAX_EVENT_DAYS = 60


@dataclass(frozen=True)
class Curve:
    """The restoration of the customers out at an episode's peak."""

    key: str  # source:level:region:peak time
    peak_time: pd.Timestamp
    times: pd.DatetimeIndex  # the peak, then each restoration time (UTC, increasing)
    out: np.ndarray  # customers still out after each (the first: the peak)

    @property
    def restored(self) -> np.ndarray:
        return 1 - self.out / self.out[0]

    def reached(self, share: float) -> pd.Timestamp:
        """When ``share`` of the peak's customers were back; full restoration for NEARLY_ALL."""
        need = 1.0 if share == NEARLY_ALL else share
        return self.times[int(np.argmax(self.restored >= need - 1e-12))]

    def hours_to(self, share: float) -> float:
        return (self.reached(share) - self.peak_time) / pd.Timedelta(hours=1)


# --- events to curves ---------------------------------------------------------------------


def episodes(events: pd.DataFrame, level: str, source: str = "") -> tuple[list[Curve], int]:
    """(the restoration curves of the episodes with two or more events at their peak, the
    number of episodes) of ``events`` (region_id, start, end, customers), per region
    (``level`` "region") or over all regions together ("all")."""
    groups = events.groupby("region_id", sort=True) if level == "region" else [("all", events)]
    curves, count = [], 0
    for region, group in groups:
        group = group.sort_values(["start", "end"], kind="stable")
        for cluster in _clusters(group):
            count += 1
            curve = _curve(cluster, f"{source}:{level}:{region}")
            if curve is not None:
                curves.append(curve)
    return curves, count


def _clusters(events: pd.DataFrame) -> list[pd.DataFrame]:
    """Events (sorted by start) split where none under way overlaps the next one."""
    starts = events["start"].to_numpy()
    ends = events["end"].to_numpy()
    reach = np.maximum.accumulate(ends)
    breaks = np.flatnonzero(starts[1:] >= reach[:-1]) + 1
    return [events.iloc[a:b] for a, b in zip(np.r_[0, breaks], np.r_[breaks, len(events)],
                                             strict=True)]


def _curve(cluster: pd.DataFrame, key: str) -> Curve | None:
    starts, ends = cluster["start"], cluster["end"]
    customers = cluster["customers"].to_numpy(dtype=np.int64)
    moments = pd.DatetimeIndex(starts).unique().sort_values()
    under_way = [(starts <= t) & (ends > t) for t in moments]
    totals = np.array([customers[w.to_numpy()].sum() for w in under_way])
    at = int(np.argmax(totals))
    cohort = under_way[at].to_numpy()
    if cohort.sum() < 2:
        return None
    peak_time = moments[at]
    back = pd.Series(customers[cohort], index=pd.DatetimeIndex(ends[cohort])).groupby(
        level=0).sum().sort_index()
    out = totals[at] - np.concatenate([[0], back.cumsum().to_numpy()])
    times = pd.DatetimeIndex([peak_time]).append(back.index)
    return Curve(f"{key}:{peak_time.isoformat()}", peak_time, times, out.astype(np.float64))


# --- projections ----------------------------------------------------------------------------


def checkpoint(curve: Curve, share: float) -> int:
    """The index of the first restoration at or past ``share`` restored."""
    return int(np.argmax(curve.restored >= share - 1e-12))


def evaluate(curves: list[Curve], models: tuple[str, ...] = tuple(MODELS)) -> pd.DataFrame:
    """One row per curve, checkpoint, target and model where the checkpoint comes before the
    target: key, checkpoint, target, model, actual_h (hours from the peak), made_h (the
    checkpoint's time), naive_h, outlook_h (NaN when no estimate), earliest_h, latest_h (inf
    when open) and reason (why there is no estimate, else "")."""
    durations = {target: np.array([c.hours_to(target) for c in curves]) for target in TARGETS}
    rows = []
    for n, curve in enumerate(curves):
        for share in CHECKPOINTS:
            i = checkpoint(curve, share)
            made = _h(curve, curve.times[i])
            results = {m: project(curve.times[:i + 1], curve.out[:i + 1], model=m)
                       for m in models}
            for target in TARGETS:
                actual = curve.hours_to(target)
                if curve.restored[i] >= (1.0 if target == NEARLY_ALL else target) - 1e-12:
                    continue  # already there at the checkpoint
                others = np.delete(durations[target], n)
                naive = max(float(np.median(others)), made) if len(others) else np.nan
                rows += [{"key": curve.key, "checkpoint": share, "target": target,
                          "model": m, "actual_h": actual, "made_h": made, "naive_h": naive,
                          **_estimate(result, target, curve)} for m, result in results.items()]
    return pd.DataFrame(rows, columns=["key", "checkpoint", "target", "model", "actual_h",
                                       "made_h", "naive_h", "outlook_h", "earliest_h",
                                       "latest_h", "reason"])


def _h(curve: Curve, at: pd.Timestamp | None) -> float:
    return np.inf if at is None else (at - curve.peak_time) / pd.Timedelta(hours=1)


def _estimate(result, target: float, curve: Curve) -> dict:
    if not isinstance(result, Outlook):
        return {"outlook_h": np.nan, "earliest_h": np.nan, "latest_h": np.nan,
                "reason": result.reason}
    projected = result.target(target)
    return {"outlook_h": _h(curve, projected.at), "earliest_h": _h(curve, projected.earliest),
            "latest_h": _h(curve, projected.latest), "reason": ""}


def summarise(rows: pd.DataFrame) -> list[dict]:
    """Per model, checkpoint and target: episodes, with an estimate, median and 90th-percentile
    absolute error of the outlook and of the naive baseline on the episodes estimated (the
    baseline's also on all), and how often the range held the actual time."""
    out = []
    for (model, share, target), group in rows.groupby(["model", "checkpoint", "target"],
                                                      sort=True):
        done = group[group["outlook_h"].notna()]
        err = (done["outlook_h"] - done["actual_h"]).abs()
        naive = (done["naive_h"] - done["actual_h"]).abs()
        naive_all = (group["naive_h"] - group["actual_h"]).abs()
        held = ((done["earliest_h"] <= done["actual_h"]) &
                (done["actual_h"] <= done["latest_h"])).mean() if len(done) else np.nan
        out.append({
            "model": model, "checkpoint": round(share * 100), "target": round(target * 100),
            "episodes": int(len(group)), "projected": int(len(done)),
            "median_h": _q(err, 50), "p90_h": _q(err, 90),
            "naive_median_h": _q(naive, 50), "naive_p90_h": _q(naive, 90),
            "naive_all_median_h": _q(naive_all, 50), "naive_all_p90_h": _q(naive_all, 90),
            "in_range_pct": None if np.isnan(held) else round(float(held) * 100, 1)})
    return out


def _q(values: pd.Series, q: float) -> float | None:
    values = values.dropna()
    return round(float(np.percentile(values, q)), 2) if len(values) else None


# --- sources ---------------------------------------------------------------------------------


def _events(paths: list[Path], format: str) -> pd.DataFrame:
    frames = []
    for path in paths:
        raw = FORMATS[format].read(path.read_bytes(), path.name, Options())
        frames.append(raw.events[["region_id", "start", "end", "customers"]])
    events = pd.concat(frames, ignore_index=True)
    # the same event listed twice (in two files, or twice in one) counts once
    events = events.drop_duplicates(ignore_index=True)
    too_long = (events["end"] - events["start"]) > pd.Timedelta(days=MAX_EVENT_DAYS)
    events = events[~too_long].reset_index(drop=True)
    events.attrs["too_long"] = int(too_long.sum())
    return events


SOURCES: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {
    "oe417-2021-2022": ("DOE OE-417 2021-2022 (the bundled sample)", lambda: _events(
        [ROOT / "data" / "samples" / f"OE417_{y}_Annual_Summary.xls" for y in (2021, 2022)],
        "oe417")),
    "oe417-2011-2023": ("DOE OE-417 2011-2023 (tests/data/oe417)", lambda: _events(
        sorted((ROOT / "tests" / "data" / "oe417").glob("OE417_*_Annual_Summary.xls")),
        "oe417")),
    "purdue": ("Purdue major outages 2000-2016 (tests/data/outage.xlsx)", lambda: _events(
        [ROOT / "tests" / "data" / "outage.xlsx"], "purdue")),
}


def run(sources: dict = SOURCES) -> dict:
    """The backtest over ``sources``: the figures data/backtest.json holds."""
    results = []
    for key, (label, load) in sources.items():
        events = load()
        for level in LEVELS:
            curves, count = episodes(events, level, key)
            rows = evaluate(curves)
            shown = rows[rows["model"] == MODEL]
            reasons = shown.loc[shown["reason"] != "", "reason"].value_counts().to_dict()
            results.append({"source": key, "label": label, "level": level,
                            "events": int(len(events)),
                            "too_long": int(events.attrs.get("too_long", 0)),
                            "episodes": count,
                            "curves": len(curves), "no_estimate": reasons,
                            "rows": summarise(rows)})
    return {"command": COMMAND, "made": pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d"),
            "model": MODEL, "results": results}


# --- the report ------------------------------------------------------------------------------


def markdown(figures: dict) -> str:
    """The RESULTS.md section."""
    lines = [SECTION, "",
             f"Made by `{figures['command']}` (`make backtest`) on {figures['made']}; the same "
             "figures are in data/backtest.json and on the Data page. Errors are absolute, in "
             "hours, on the episodes the outlook estimated (naive on all usable episodes in "
             "brackets). \"all\" = practically all: the outlook's 99 % against the moment the "
             "last customer out at the peak was back. Two models on the same points: `decay` "
             "(exponential decay) and `linear` (a constant number restored an hour); the "
             f"Overview shows `{figures['model']}` (`outages.outlook.MODEL`).", "",
             "| source | episodes of | made at | target | model | episodes (estimated) "
             "| outlook median | outlook p90 | naive median | naive p90 | range held actual |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for result in figures["results"]:
        for row in sorted(result["rows"], key=lambda r: (r["checkpoint"], r["target"])):
            lines.append(
                f"| {result['source']} | {LEVEL_NAMES[result['level']]} "
                f"| {row['checkpoint']} % | {'90 %' if row['target'] == 90 else 'all'} "
                f"| {row['model']} "
                f"| {row['episodes']} ({row['projected']}) | {_f(row['median_h'])} "
                f"| {_f(row['p90_h'])} | {_f(row['naive_median_h'])} "
                f"({_f(row['naive_all_median_h'])}) | {_f(row['naive_p90_h'])} "
                f"({_f(row['naive_all_p90_h'])}) | {_pct(row['in_range_pct'])} |")
    lines += ["", "Episodes: " + "; ".join(
        f"{r['source']} by {'state' if r['level'] == 'region' else 'all states'}: "
        f"{r['events']} events ({r['too_long']} longer than {MAX_EVENT_DAYS} days left out), "
        f"{r['episodes']} episodes, {r['curves']} with two or more events "
        f"out at the peak (usable); projections the `{figures['model']}` model left without an "
        "estimate: "
        f"{', '.join(f'{k} {v}' for k, v in r['no_estimate'].items()) or 'none'}"
        for r in figures["results"]) + ".", "", verdict(figures), "", CONSTRUCTION, ""]
    return "\n".join(lines)


def verdict(figures: dict) -> str:
    """Whether the outlook beats the naive median error at 50 % restored, per model, source,
    level and target: a table and a count per model."""
    lines = ["**At 50 % restored** (the acceptance figure): outlook against naive median error "
             "on the same episodes.", "",
             "| model | source | episodes of | target | episodes | outlook median "
             "| naive median | outlook better by |", "|---|---|---|---|---|---|---|---|"]
    wins: dict[str, list[bool]] = {}
    for result in figures["results"]:
        for row in result["rows"]:
            if row["checkpoint"] != 50 or row["median_h"] is None:
                continue
            diff = row["naive_median_h"] - row["median_h"]
            wins.setdefault(row["model"], []).append(diff > 0)
            lines.append(f"| {row['model']} | {result['source']} "
                         f"| {LEVEL_NAMES[result['level']]} "
                         f"| {'90 %' if row['target'] == 90 else 'all'} | {row['projected']} "
                         f"| {_f(row['median_h'])} | {_f(row['naive_median_h'])} "
                         f"| {diff:+,.1f} h {'(beats)' if diff > 0 else '(does not beat)'} |")
    if not wins:
        return "**At 50 % restored**: no episode could be estimated."
    lines += ["", "In all: " + "; ".join(
        f"`{model}` beats the naive median error in {sum(w)} of {len(w)} comparisons"
        for model, w in sorted(wins.items())) + "."]
    return "\n".join(lines)


CONSTRUCTION = (
    "Construction: the events of each source (read by the project's readers) that overlap in "
    "time form an episode, per state and over all states together. The episode's peak is the "
    "moment most customers are out at once; its restoration curve is that of those customers "
    "only (each event restored whole at its restoration time; customers cut off after the "
    "peak are left out, so the curve only falls). Episodes whose peak holds a single event are "
    "restored in one step and have nothing to project from: they are counted but not used. At "
    "the first restoration at or past 25 %, 50 % and 75 % restored, the outlook sees the curve "
    "up to then (from the peak on) and projects 90 % and practically all restored; checkpoints "
    "already at or past the target are skipped. The naive baseline says the episode lasts, "
    "from peak to target, the median of the other episodes of the same source and level "
    "(leave-one-out), but no less than the time already passed. Step curves from event lists "
    "are coarse (few, large steps), unlike a utility's 15-minute counts. The EAGLE-I excerpt "
    "(15 rows) holds one recovery, 57 customers in one county back in a single step between two "
    "collection runs: no checkpoint before 90 % to project from, so it is left out. Events "
    "lasting over "
    f"{MAX_EVENT_DAYS} days are taken for typos and left out (one OE-417 row of August 2011 is "
    "restored in 2077).")


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


def replace_section(text: str, section: str) -> str:
    """``text`` (a RESULTS.md) with its backtest section replaced by ``section`` (added at the
    end when missing)."""
    return sections.replace_section(text, section, SECTION)


def keep_section(new_text: str, path: Path) -> str:
    """``new_text`` (a RESULTS.md the speed bench made) with the backtest section of the file
    at ``path`` kept: the speed bench rewrites the file, the backtest owns that section."""
    old = path.read_text() if path.exists() else ""
    return sections.keep_section(old, new_text, SECTION)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.backtest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--json", type=Path, default=JSON)
    args = parser.parse_args(argv)
    figures = run()
    args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")
    section = markdown(figures)
    old = args.results.read_text() if args.results.exists() else ""
    args.results.write_text(replace_section(old, section))
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
