"""The upload page's preview of a file: the headline (rows kept and skipped), the Overview's
key figure cards, the validation report, a small map of the regions found with the regions that
match no boundary, the chart and the first rows, times in the dataset's zone.

Everything is drawn from the ``ReadResult`` the worker returned (``outages.sandbox``): nothing
is stored. Texts from the file reach Markdown only through ``text.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from outages import charts, fmt, maps, metrics, prepared, publish, sandbox, skips
from outages.errors import Problem, ReadResult
from outages.i18n import t
from outages.metrics import ServiceSummary, Window
from outages.schema import SERVICES

from . import kpi, mapdata
from .mapview import SMALL_HEIGHT
from .text import md, service_label, short

TABLE_ROWS = 200
UNMATCHED_SHOWN = 30  # regions named in the list of those without a boundary


@dataclass
class Preview:
    """What reading one upload with one set of options gave."""

    key: tuple
    result: ReadResult | None  # None: rejected
    problems: list[Problem] = field(default_factory=list)  # the errors when rejected
    columns: list[str] = field(default_factory=list)  # the file's own column names
    used: dict[str, str] | None = None  # canonical -> file column (tidy CSV/JSON)
    figure: go.Figure | None = None
    tz: str = "UTC"
    refused: sandbox.Refused | None = None  # the worker's caps stopped the reading
    summaries: list[ServiceSummary] = field(default_factory=list)  # the Overview's figures


def figures(result: ReadResult, tz: str, lang: str) -> tuple[go.Figure, list[ServiceSummary]]:
    """The chart and each service's key figures, with the Overview's definitions (the
    pre-aggregates a published dataset gets, built from the preview's table)."""
    table = result.table
    services = [s for s in SERVICES if s in set(table["service"])]
    series = {s: metrics.cumulative(table, Window(service=s)) for s in services}
    notes = charts.annotation_frame(result.metadata.get("annotations"))
    summaries = prepared.prepare(table).summary(Window()) if len(table) else []
    return charts.outage_timeline(series, notes, tz, lang), summaries


def _problem_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("upload.col_row", lang): pd.array([p.row for p in problems], dtype="Int64"),
        t("upload.col_column", lang): pd.array([p.column for p in problems], dtype="string"),
        t("upload.col_problem", lang): pd.array([p.detail(lang) for p in problems],
                                                dtype="string"),
    })


def show_problems(problems: list[Problem], lang: str, key: str) -> None:
    st.dataframe(_problem_table(problems, lang), hide_index=True, key=key,
                 column_config={t("upload.col_problem", lang): st.column_config.TextColumn(
                     width="large")})


def show_preview(file: UploadedFile, p: Preview, lang: str) -> None:
    """Format, encoding, size, the headline, key figures, the validation report, the map, the
    chart and the table."""
    st.caption(t("upload.file_name", lang, name=md(publish.display_name(file.name))))
    if p.refused is not None:
        _show_refused(p.refused, lang)
        return
    if p.result is None:
        st.error(t("upload.rejected", lang, count=len(p.problems)), icon=":material/error:")
        st.subheader(t("upload.report_title", lang))
        st.markdown(t("upload.errors", lang, count=len(p.problems)))
        show_problems(p.problems, lang, "upload_errors")
        st.caption(t("upload.nothing_stored", lang))
        return
    result = p.result
    table = result.table
    _headline(result, lang)
    cells = st.columns(5)
    cells[0].metric(t("upload.detected", lang), result.format)
    cells[1].metric(t("upload.encoding", lang), result.encoding or "—")
    cells[2].metric(t("upload.rows", lang), fmt.number(len(table), lang))
    cells[3].metric(t("upload.regions", lang), fmt.number(table["region_id"].nunique(), lang))
    cells[4].metric(t("upload.services", lang),
                    ", ".join(service_label(s, lang) for s in sorted(set(table["service"]))))
    start, end = table["timestamp"].min(), table["timestamp"].max()
    st.caption(t("upload.time_range", lang, range=md(
        f"{fmt.when(start, p.tz, lang)} – {fmt.when(end, p.tz, lang)}")))
    _key_figures(p, lang)

    st.subheader(t("upload.report_title", lang))
    for reason, count in result.skipped.items():
        st.caption(t("upload.skipped", lang, reason=md(skips.reason_text(reason, lang)),
                     count=fmt.number(count, lang)))
    if result.warnings:
        st.markdown(t("upload.warnings", lang, count=len(result.warnings)))
        show_problems(result.warnings, lang, "upload_warnings")
    else:
        st.caption(t("upload.no_warnings", lang))

    _regions_map(p, lang)
    st.subheader(t("upload.chart_title", lang))
    st.plotly_chart(p.figure, key="upload_chart", config={"displaylogo": False})
    st.markdown(f"**{t('upload.table_title', lang, rows=min(TABLE_ROWS, len(table)))}**")
    st.dataframe(zoned_rows(table, p.tz, lang), hide_index=True, key="upload_table")
    st.caption(t("upload.nothing_stored", lang))


def _headline(result: ReadResult, lang: str) -> None:
    """How many rows were kept and skipped: never "reads cleanly" above skipped rows."""
    kept = fmt.number(len(result.table), lang)
    skipped = skips.total(result.skipped)
    if skipped:
        st.warning(t("upload.kept_skipped", lang, kept=kept, skipped=fmt.number(skipped, lang)),
                   icon=":material/warning:")
    elif result.warnings:
        st.success(t("upload.kept_all_warnings", lang, kept=kept), icon=":material/check_circle:")
    else:
        st.success(t("upload.kept_all", lang, kept=kept), icon=":material/check_circle:")


def _key_figures(p: Preview, lang: str) -> None:
    """The Overview's cards (latest, peak, cut off, restored) for each service in the file."""
    shown = kpi.Shown(lang, p.tz)
    summaries = [s for s in p.summaries if s.latest_time is not None]
    if not summaries:
        return
    st.subheader(t("upload.kpi_title", lang))
    for s in summaries:
        if len(summaries) > 1:
            st.markdown(f"**{service_label(s.service, lang)}**")
        kpi.show(shown, s, kpi.headline(shown, s))


def zoned_rows(table: pd.DataFrame, tz: str, lang: str) -> pd.DataFrame:
    """The first rows with times in the dataset's zone (as the chart shows them), the zone
    named in the time column's header."""
    rows = table.head(TABLE_ROWS).copy()
    rows["timestamp"] = rows["timestamp"].dt.tz_convert(tz)
    return rows.rename(columns={"timestamp": t("upload.col_time_in", lang, zone=tz)})


def _regions_map(p: Preview, lang: str) -> None:
    """A small map of the regions found, at the first service's peak, and the regions that
    match no bundled boundary (named before anything is published)."""
    table = p.result.table
    service = next((s for s in SERVICES if s in set(table["service"])), None)
    if service is None:
        return
    rows = table.loc[table["service"] == service]
    ids = [str(r) for r in pd.unique(rows["region_id"])]
    st.subheader(t("upload.map_title", lang))
    found = mapdata.areas(ids)
    if not found:
        st.warning(t("upload.no_map", lang, regions=_named(ids)), icon=":material/map:")
        return
    area = mapdata.default_area(found)
    summary = next((s for s in p.summaries if s.service == service), None)
    at = summary.peak_time if summary is not None and summary.peak_time is not None else (
        rows["timestamp"].max())
    shown = mapdata.prepare(maps.frame_at(table, at, service), area)
    deck = maps.choropleth(shown, area.level, by="customers_out",
                           edges=list(maps.SCALE["customers_out"]), regions=area.regions(),
                           lang=lang, tz=p.tz, height=SMALL_HEIGHT)
    st.caption(t("upload.map_at_peak", lang, time=fmt.when(at, p.tz, lang)))
    st.pydeck_chart(deck, height=SMALL_HEIGHT, key="upload_map")
    unmatched = mapdata.unplaced(ids, area)
    if unmatched:
        st.warning(t("upload.unmatched", lang, count=fmt.number(len(unmatched), lang),
                     regions=_named(unmatched)), icon=":material/wrong_location:")
    else:
        st.caption(t("upload.all_matched", lang))


def _named(ids: list[str]) -> str:
    """Region ids as a list for Markdown: at most UNMATCHED_SHOWN, with how many more."""
    named = ", ".join(short(r, 40) for r in ids[:UNMATCHED_SHOWN])
    more = f" (+{len(ids) - UNMATCHED_SHOWN})" if len(ids) > UNMATCHED_SHOWN else ""
    return md(named + more)


def _show_refused(refused: sandbox.Refused, lang: str) -> None:
    """Why the reading was stopped or not begun; a button to try again when the server or
    session was busy."""
    limit = refused.limit
    values = {"mb": fmt.number(limit, lang), "seconds": fmt.number(limit, lang),
              "count": fmt.number(limit, lang)}
    st.error(t(f"upload.refused.{refused.reason}", lang, **values), icon=":material/block:")
    if refused.reason in ("busy", "session"):
        st.button(t("upload.retry", lang), key="upload_retry", icon=":material/refresh:")
    st.caption(t("upload.nothing_stored", lang))
