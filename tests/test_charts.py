import io
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outages import charts, metrics, schema
from outages.charts import annotation_frame, outage_timeline, restoration_curves, wall_clock_ms
from outages.fmt import NARROW_NBSP

T = pd.Timestamp
HOUR_MS = 3_600_000

# Two regions, two services; Kyiv time is UTC+3 in October.
EVENT = b"""timestamp,region_id,region_name,service,customers_out
2025-10-10T03:00:00Z,UA-30,Kyiv,power,800000
2025-10-10T03:00:00Z,UA-32,Kyiv oblast,power,200000
2025-10-10T05:00:00Z,UA-30,Kyiv,power,500000
2025-10-10T09:00:00Z,UA-32,Kyiv oblast,power,50000
2025-10-10T12:00:00Z,UA-30,Kyiv,power,100000
2025-10-11T03:00:00Z,UA-30,Kyiv,power,0
2025-10-11T03:00:00Z,UA-32,Kyiv oblast,power,0
2025-10-10T04:00:00Z,UA-30,Kyiv,water,300000
2025-10-10T10:00:00Z,UA-30,Kyiv,water,0
"""


def table(data: bytes) -> pd.DataFrame:
    frame = pd.read_csv(io.BytesIO(data))
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    return schema.canonical(frame)


def by_service(data: bytes = EVENT) -> dict[str, pd.DataFrame]:
    t = table(data)
    return {s: metrics.cumulative(t, metrics.Window(service=s)) for s in ("power", "water")}


def ms(text: str) -> float:
    """A naive wall-clock time as plotly's numeric date."""
    return float(T(text).value // 1_000_000)


def year_frame(seed: int = 0, spike_at: int | None = None) -> pd.DataFrame:
    """A year of 15-minute customers out (cumulative columns too), noisy but small."""
    n = 365 * 96
    rng = np.random.default_rng(seed)
    out = rng.integers(0, 1_000, n)
    if spike_at is not None:
        out[spike_at] = 1_000_000
    cut = np.cumsum(rng.integers(0, 50, n))
    return pd.DataFrame({
        "timestamp": pd.date_range("2025-01-01", periods=n, freq="15min", tz="UTC"),
        "customers_out": out,
        "customers_cut_off": cut,
        "customers_restored": cut - rng.integers(0, 50, n).clip(max=cut),
    })


# --- outage timeline --------------------------------------------------------------------------

def test_timeline_traces():
    fig = outage_timeline(by_service(), None, "Europe/Kyiv", "en")
    assert [tr.name for tr in fig.data] == [
        "Power: out", "Water: out", "Power: cut off, cumulative", "Power: restored, cumulative"]
    assert [tr.line.shape for tr in fig.data] == ["hv"] * 4
    assert [tr.line.dash for tr in fig.data] == [None, None, "dash", "dot"]
    # Out in the services' colours, cut off grey, restored green: water has the blue.
    assert [tr.line.color for tr in fig.data] == [
        charts.SERVICE_COLOURS["power"], charts.SERVICE_COLOURS["water"], charts.CUT_OFF_COLOUR,
        "#009E73"]
    # Thick out lines under a thin cut-off line: where the two are equal, both show.
    out, _, cut_off, restored = fig.data
    assert out.line.width > cut_off.line.width and restored.line.width > cut_off.line.width
    assert fig.layout.meta == {"downsampled": False, "points_per_line": charts.MAX_POINTS}
    # The legend sits under the plot, leaving the space above it to the notes' labels.
    assert (fig.layout.legend.yref, fig.layout.legend.y) == ("container", 0)


def test_cumulative_curves_have_their_own_panel_under_the_out_lines():
    frame = by_service()["power"]
    # a long event: far more cut off and restored over time than ever out at once
    cut = frame["customers_cut_off"] * 50
    frame = frame.assign(customers_cut_off=cut, customers_restored=cut - frame["customers_out"])
    fig = outage_timeline({"power": frame}, None, "UTC", "en")
    out, cut_off, restored = fig.data
    assert out.yaxis in (None, "y") and cut_off.yaxis == restored.yaxis == "y2"
    # the out line fills its own panel: its axis ends just above the out peak
    top = float(frame["customers_out"].max())
    assert fig.layout.yaxis.range[1] == pytest.approx(top * (1 + charts.Y_HEADROOM))
    assert fig.layout.yaxis2.range[1] >= float(frame["customers_cut_off"].max())
    # one time axis under the lower panel, the panels stacked without overlap
    assert fig.layout.xaxis.anchor == "y2" and fig.layout.yaxis2.anchor == "x"
    assert fig.layout.yaxis2.domain[1] < fig.layout.yaxis.domain[0]
    assert fig.layout.yaxis2.title.text == "Cumulative customers"
    # a frame with only out lines keeps one panel
    only_out = outage_timeline({"power": frame[["timestamp", "customers_out"]]}, None, "UTC")
    assert "yaxis2" not in only_out.layout.to_plotly_json()


@pytest.mark.parametrize("services, colour", [
    (["power"], "#0072B2"),  # blue
    (["power", "water"], "#009E73"),  # water is blue: green
    (["water", "transit"], "#56B4E9"),  # both taken: sky blue
    (["gas", "water", "transit", "telecom"], "#0072B2"),  # every one taken: the first
])
def test_restored_colour_differs_from_the_services_drawn(services, colour):
    assert charts.restored_colour(dict.fromkeys(services)) == colour


def test_the_y_axis_shows_a_line_along_zero_whole():
    fig = outage_timeline(by_service(), None, "UTC", "en")
    low, high = fig.layout.yaxis.range
    assert low == -1_000_000 * charts.Y_FOOTROOM and high == 1_000_000 * (1 + charts.Y_HEADROOM)
    zeros = by_service()["power"].assign(customers_out=0, customers_cut_off=0,
                                         customers_restored=0)
    assert list(outage_timeline({"power": zeros}, None, "UTC", "en").layout.yaxis.range) == [
        -charts.Y_FOOTROOM, 1 + charts.Y_HEADROOM]


def test_timeline_values_in_local_wall_clock_time():
    fig = outage_timeline(by_service(), None, "Europe/Kyiv", "en")
    power = fig.data[0]
    # 03:00Z is 06:00 in Kyiv; the total out is the sum of the regions' held values.
    assert list(power.x[:3]) == [ms("2025-10-10 06:00"), ms("2025-10-10 08:00"),
                                 ms("2025-10-10 12:00")]
    assert list(power.y) == [1_000_000, 700_000, 550_000, 150_000, 0]
    cut_off, restored = fig.data[2], fig.data[3]
    assert list(cut_off.y) == [1_000_000] * 5
    assert list(restored.y) == [0, 300_000, 450_000, 850_000, 1_000_000]
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.xaxis.title.text == "Time (Europe/Kyiv)"
    span = ms("2025-10-10 06:00"), ms("2025-10-11 06:00")
    assert list(fig.layout.xaxis.range) == charts._padded(*span)
    assert fig.layout.xaxis.hoverformat == "%-d %b %Y, %H:%M (Europe/Kyiv)"
    assert fig.layout.yaxis.tickformat == ",d"
    assert fig.layout.hoverlabel.namelength == -1  # long service names are not cut
    assert fig.layout.xaxis.tickformatstops[1].value == "%H:%M<br>%-d %b"


def test_timeline_in_another_zone():
    fig = outage_timeline(by_service(), None, "America/Chicago", "en")
    assert fig.data[0].x[0] == ms("2025-10-09 22:00")
    assert fig.layout.xaxis.title.text == "Time (America/Chicago)"


def test_timeline_primary_service_gets_the_cumulative_curves():
    fig = outage_timeline(by_service(), None, "UTC", "en", primary="water")
    assert [tr.name for tr in fig.data][2:] == ["Water: cut off, cumulative",
                                                "Water: restored, cumulative"]
    assert list(fig.data[3].y) == [0, 300_000]
    # An unknown primary falls back to the first service.
    fig = outage_timeline(by_service(), None, "UTC", "en", primary="gas")
    assert fig.data[2].name == "Power: cut off, cumulative"


def test_timeline_of_total_out_frames_has_only_out_lines():
    t = table(EVENT)
    frames = {s: metrics.total_out(t, metrics.Window(service=s)) for s in ("power", "water")}
    fig = outage_timeline(frames, None, "UTC", "en")
    assert [tr.name for tr in fig.data] == ["Power: out", "Water: out"]


def test_timeline_in_ukrainian():
    fig = outage_timeline(by_service(), None, "Europe/Kyiv", "uk")
    assert [tr.name for tr in fig.data] == [
        "Електропостачання: без послуги", "Водопостачання: без послуги",
        "Електропостачання: відключено, наростаючим підсумком",
        "Електропостачання: відновлено, наростаючим підсумком"]
    assert fig.layout.xaxis.title.text == "Час (Europe/Kyiv)"
    assert fig.layout.yaxis.title.text == "Споживачі"
    assert fig.layout.separators == f",{NARROW_NBSP}"
    assert fig.layout.xaxis.hoverformat == "%d.%m.%Y, %H:%M (Europe/Kyiv)"
    assert fig.layout.xaxis.tickformatstops[1].value == "%H:%M<br>%d.%m"


@pytest.mark.parametrize("frames", [{}, {"power": by_service()["power"].iloc[:0]}])
@pytest.mark.parametrize("lang, text", [("en", "Nothing in this time window"),
                                        ("uk", "У цьому проміжку часу нічого немає")])
def test_timeline_without_data_says_so(frames, lang, text):
    fig = outage_timeline(frames, None, "Europe/Kyiv", lang)
    assert len(fig.data) == 0
    assert [a.text for a in fig.layout.annotations] == [text]


def test_timeline_skips_empty_services():
    frames = by_service()
    frames["gas"] = frames["power"].iloc[:0]
    fig = outage_timeline(frames, None, "UTC", "en", primary="gas")
    assert [tr.name for tr in fig.data][:2] == ["Power: out", "Water: out"]
    assert fig.data[2].name == "Power: cut off, cumulative"


# --- annotations ------------------------------------------------------------------------------

NOTES = [
    {"timestamp": "2025-10-10T03:30:00Z", "text": "Strike on <b>power</b>"},
    {"timestamp": "2025-10-10T20:00:00+03:00", "text": "Curfew " + "long " * 40},
    {"timestamp": "2025-10-12T00:00:00Z", "text": "After the data: left out"},
    {"timestamp": "2025-10-09T00:00:00Z", "text": "Before the data: left out"},
]


def test_annotations_are_vertical_lines_with_short_labels_above_the_plot():
    fig = outage_timeline(by_service(), annotation_frame(NOTES), "Europe/Kyiv", "en")
    assert len(fig.layout.annotations) == 2
    assert len(fig.layout.shapes) == 2
    first, second = fig.layout.annotations
    assert first.x == ms("2025-10-10 06:30")
    assert first.text == "Strike on &lt;b&gt;power&lt;/b&gt;"  # escaped
    assert first.hovertext.startswith("10 Oct 2025, 06:30 EEST<br>")
    # A long text is cut after a word; the hover has it whole.
    assert second.text == "Curfew long long long long…"
    assert second.hovertext.endswith("Curfew " + "long " * 39 + "long")
    assert second.x == ms("2025-10-10 20:00")
    for shape, note in zip(fig.layout.shapes, fig.layout.annotations, strict=True):
        assert shape.x0 == shape.x1 == note.x
        assert (shape.yref, shape.y0, shape.y1) == ("paper", 0, 1)
        # Horizontal, above the top of the plot, joined to its line by a leader.
        assert note.textangle in (None, 0) and (note.yref, note.y) == ("paper", 1)
        assert note.showarrow and note.ax == 0 and note.ay < 0 and note.yanchor == "bottom"
    # Labels 13.5 hours apart in a 25-hour plot would overlap on a phone: two rows, each
    # with room above the plot.
    assert sorted(a.ay for a in fig.layout.annotations) == [
        -(charts.LABEL_GAP_PX + charts.LABEL_ROW_PX), -charts.LABEL_GAP_PX]
    assert fig.layout.margin.t >= charts.LABEL_GAP_PX + 2 * charts.LABEL_ROW_PX


@pytest.mark.parametrize("text, limit, short", [
    ("Missile and drone strike on energy facilities", 28, "Missile and drone strike…"),
    ("Water supply and metro service disrupted", 28, "Water supply and metro…"),
    ("Missile and drone strike", 28, "Missile and drone strike"),
    ("  Blackout,   city-wide ", 12, "Blackout…"),
    ("Electricitygridcollapse", 12, "Electricity…"),  # no word break: cut inside the word
])
def test_short_labels(text, limit, short):
    assert charts._short(text, limit) == short
    assert len(charts._short(text, limit)) <= limit


def test_a_note_near_the_right_end_is_labelled_to_the_left():
    notes = annotation_frame([{"timestamp": "2025-10-11T02:00:00Z", "text": "Power back"}])
    fig = outage_timeline(by_service(), notes, "UTC", "en")
    assert fig.layout.annotations[0].xanchor == "right"
    notes = annotation_frame([{"timestamp": "2025-10-10T04:00:00Z", "text": "Power back"}])
    fig = outage_timeline(by_service(), notes, "UTC", "en")
    assert fig.layout.annotations[0].xanchor == "left"


def test_many_notes_get_markers_in_one_row():
    count = charts.LABELLED_NOTES + 1
    notes = annotation_frame([{"timestamp": f"2025-10-10T{3 + i // 2:02d}:{i % 2 * 30:02d}Z",
                               "text": f"Note {i}"} for i in range(count)])
    fig = outage_timeline(by_service(), notes, "UTC", "en")
    assert [a.text for a in fig.layout.annotations] == [charts.ANNOTATION_MARKER] * count
    assert {a.ay for a in fig.layout.annotations} == {-charts.LABEL_GAP_PX}
    assert fig.layout.annotations[4].hovertext.endswith("<br>Note 4")


def test_without_notes_the_top_margin_is_small():
    fig = outage_timeline(by_service(), None, "UTC", "en")
    assert fig.layout.margin.t == charts.LABEL_GAP_PX + 6


# Each case: line positions and (label width, marker width) per note, plot from 0 to 100.
@pytest.mark.parametrize("xs, widths, expected", [
    ([10, 50], [(20, 2)] * 2, [(0, 0, True), (0, 0, True)]),  # far apart: one row
    ([10, 20], [(20, 2)] * 2, [(0, 1, True), (0, 0, True)]),  # close: the left one above
    ([10, 20, 30], [(30, 2)] * 3, [(0, 2, True), (0, 1, True), (0, 0, True)]),
    ([95], [(20, 2)], [(0, 0, False)]),  # runs left from a line near the right end
    # The right one runs left over the left one's line: it goes above.
    ([40, 95], [(20, 2), (60, 2)], [(0, 0, True), (0, 1, False)]),
    # Each label holds the other's line: the left one gets its marker.
    ([40, 80], [(50, 2), (60, 2)], [(1, 1, True), (0, 0, False)]),
    # Four close notes in three rows: the fourth gets its marker, in a free row.
    ([10, 12, 14, 16], [(50, 2)] * 4, [(1, 0, True), (0, 2, True), (0, 1, True),
                                       (0, 0, True)]),
])
def test_place_labels(xs, widths, expected):
    assert charts.place_labels(xs, widths, 0, 100) == expected


def spans(xs, widths, places):
    for x, width, (choice, row, right) in zip(xs, widths, places, strict=True):
        w = width[choice]
        yield x, (x, x + w) if right else (x - w, x), row, choice < len(width) - 1


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0.5, 80)), max_size=12))
def test_placed_labels_neither_overlap_nor_are_crossed(notes):
    xs = [x for x, _ in notes]
    widths = [(w, 1.0) for _, w in notes]
    places = charts.place_labels(xs, widths, 0, 100)
    assert all(0 <= row < charts.LABEL_ROWS for _, row, _ in places)
    labels = [s for s in spans(xs, widths, places) if s[3]]  # labels, not markers
    for x, (start, end), row, _ in labels:
        for other_x, (other_start, other_end), other_row, _ in labels:
            if (x, start, row) == (other_x, other_start, other_row):
                continue
            if row == other_row:
                assert end <= other_start or other_end <= start
            if other_row < row:  # this label's leader passes the lower label's row
                assert not other_start < x < other_end


@pytest.mark.parametrize("notes", [None, annotation_frame([])])
def test_no_annotations(notes):
    fig = outage_timeline(by_service(), notes, "Europe/Kyiv", "en")
    assert len(fig.layout.annotations) == 0 and len(fig.layout.shapes) == 0


def test_annotation_frame_keeps_readable_items():
    frame = annotation_frame([
        {"timestamp": "2025-10-10T06:00+03:00", "text": " Strike "},
        {"timestamp": "2025-10-10T06:00", "text": "no zone"},
        {"timestamp": "yesterday", "text": "not a time"},
        {"timestamp": None, "text": "no time"},
        {"timestamp": "2025-10-10T06:00Z", "text": ""},
        {"timestamp": "2025-10-10T06:00Z"},
    ])
    assert list(frame["text"]) == ["Strike"]
    assert list(frame["timestamp"]) == [T("2025-10-10T03:00Z")]
    assert str(frame["timestamp"].dtype) == "datetime64[us, UTC]"


# --- restoration curves -----------------------------------------------------------------------

def by_region(service: str = "power") -> dict[str, pd.DataFrame]:
    t = table(EVENT)
    return {r: metrics.cumulative(t, metrics.Window(service=service, regions=(r,)))
            for r in ("UA-30", "UA-32")}


def test_restoration_curves():
    fig = restoration_curves(by_region(), "Europe/Kyiv", "en",
                             names={"UA-30": "Kyiv", "UA-32": "Kyiv <oblast>"})
    assert [tr.name for tr in fig.data] == ["Kyiv", "Kyiv &lt;oblast&gt;"]
    kyiv, oblast = fig.data
    # Kyiv: 800,000 cut off; out falls to 500,000, 100,000, then 0.
    assert list(kyiv.x) == [ms("2025-10-10 06:00"), ms("2025-10-10 08:00"),
                            ms("2025-10-10 15:00"), ms("2025-10-11 06:00")]
    assert np.allclose(kyiv.y, [0, 37.5, 87.5, 100])
    assert kyiv.y.dtype == np.float32
    assert np.allclose(oblast.y, [0, 75, 100])
    assert list(fig.layout.yaxis.range) == [0, 101]
    assert fig.layout.yaxis.title.text == "Restored (% of cut off)"
    assert "%{fullData.name}" in kyiv.hovertemplate and "(Europe/Kyiv)" in kyiv.hovertemplate
    span = ms("2025-10-10 06:00"), ms("2025-10-11 06:00")
    assert list(fig.layout.xaxis.range) == charts._padded(*span)


def test_restoration_share_is_missing_while_nothing_is_cut_off():
    frame = pd.DataFrame({
        "timestamp": pd.date_range("2025-10-10", periods=3, freq="h", tz="UTC"),
        "customers_out": [0, 10, 0], "customers_cut_off": [0, 10, 10],
        "customers_restored": [0, 0, 10]})
    fig = restoration_curves({"R1": frame}, None, "en")
    assert np.isnan(fig.data[0].y[0]) and list(fig.data[0].y[1:]) == [0, 100]
    assert fig.data[0].name == "R1"  # no names given: the id
    assert fig.layout.xaxis.title.text == "Time (UTC)"


def test_restoration_single_instant_gets_a_visible_range():
    frame = by_region()["UA-30"].iloc[:1]
    fig = restoration_curves({"UA-30": frame}, "UTC", "en")
    low, high = fig.layout.xaxis.range
    assert low == fig.data[0].x[0] - HOUR_MS and high == fig.data[0].x[0] + HOUR_MS


def test_restoration_curves_in_ukrainian_and_empty():
    fig = restoration_curves({}, "Europe/Kyiv", "uk")
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text == "У цьому проміжку часу нічого немає"
    fig = restoration_curves(by_region(), "Europe/Kyiv", "uk")
    assert fig.layout.yaxis.title.text == "Відновлено (% від відключених)"
    assert "Відновлено: %{y:,.1f}" in fig.data[0].hovertemplate


# --- thinning and size ------------------------------------------------------------------------

@pytest.mark.parametrize("spike_at", [0, 5_000, 365 * 96 - 1])
def test_a_spike_survives_downsampling(spike_at):
    frame = year_frame(spike_at=spike_at)
    fig = outage_timeline({"power": frame}, None, "Europe/Kyiv", "en")
    out = fig.data[0]
    assert len(out.x) <= charts.MAX_POINTS
    assert out.y.max() == 1_000_000
    spike_x = wall_clock_ms(frame["timestamp"].iloc[[spike_at]], "Europe/Kyiv")[0]
    assert out.x[int(np.argmax(out.y))] == spike_x
    assert fig.layout.meta["downsampled"] is True
    # The first and last times are kept: the x range covers the whole year.
    span = ms("2025-01-01 02:00"), ms("2026-01-01 01:45")
    assert list(fig.layout.xaxis.range) == charts._padded(*span)


@pytest.mark.parametrize("lines, expected", [
    (1, 2000), (8, 2000), (20, 2000), (50, 800), (400, 100), (10_000, 100), (0, 2000)])
def test_points_per_line(lines, expected):
    assert charts.points_per_line(lines) == expected


def test_fifty_lines_of_a_year_fit_in_a_megabyte():
    regions = {f"R{i}": year_frame(seed=i) for i in range(50)}
    fig = restoration_curves(regions, "Europe/Kyiv", "en")
    assert len(fig.data) == 50
    assert all(len(tr.x) <= charts.points_per_line(50) for tr in fig.data)
    assert len(fig.to_json()) <= 1_000_000


def test_every_service_over_a_year_fits_in_a_megabyte():
    services = {s: year_frame(seed=i, spike_at=100 * i) for i, s in enumerate(schema.SERVICES)}
    notes = annotation_frame([{"timestamp": f"2025-{m:02d}-01T00:00Z", "text": f"Month {m}"}
                              for m in range(1, 13)])
    fig = outage_timeline(services, notes, "Europe/Kyiv", "en")
    assert len(fig.data) == len(schema.SERVICES) + 2
    assert [tr.y.max() for tr in fig.data[:6]] == [1_000_000] * 6
    assert len(fig.layout.annotations) == 12
    assert len(fig.to_json()) <= 1_000_000


def test_a_note_just_before_the_first_figure_is_drawn_and_in_range():
    frame = metrics.cumulative(schema.canonical(pd.DataFrame({
        "timestamp": pd.to_datetime(["2025-10-10T03:00Z", "2025-10-10T12:00Z"], utc=True),
        "region_id": ["UA-30"] * 2, "region_name": ["Kyiv"] * 2, "service": ["power"] * 2,
        "customers_out": [800_000, 380_000]})))
    notes = annotation_frame([{"timestamp": "2025-10-10T02:30:00Z", "text": "strike"},
                              {"timestamp": "2025-10-09T00:00:00Z", "text": "long before"}])
    fig = outage_timeline({"power": frame}, notes, "Europe/Kyiv", "en")
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["strike"]
    low, high = fig.layout.xaxis.range
    strike = wall_clock_ms(pd.Series(pd.to_datetime(["2025-10-10T02:30Z"], utc=True)),
                           "Europe/Kyiv")[0]
    last = fig.data[0].x[-1]
    assert low < strike and high > last  # the drop at the last figure is not on the edge


# --- plotly validation ------------------------------------------------------------------------

@pytest.mark.parametrize("build", [
    lambda: outage_timeline(by_service(), annotation_frame(NOTES), "Europe/Kyiv", "uk"),
    lambda: outage_timeline(by_service(), None, "UTC", "en", primary="water"),
    lambda: outage_timeline({}, None, "UTC", "en"),
    lambda: restoration_curves(by_region(), "Europe/Kyiv", "en", names={"UA-30": "Kyiv"}),
    lambda: restoration_curves({}, "UTC", "uk"),
], ids=["timeline with notes", "timeline", "empty timeline", "restoration", "empty restoration"])
def test_figures_are_built_unvalidated_but_pass_plotly_validation_unchanged(build):
    fig = build()
    # plotly raises ValueError on any property it does not know or a value it rejects.
    checked = go.Figure(data=[tr.to_plotly_json() for tr in fig.data],
                        layout=fig.layout.to_plotly_json())
    assert json.loads(checked.to_json()) == json.loads(fig.to_json())
