from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outages.metrics import Window
from outages.schema import SERVICES
from outages.viewstate import (
    KEYS,
    LIVE_HOURS,
    MAX_REGIONS,
    PAGES,
    ViewState,
    format_time,
    is_live,
    opening_moment,
    parse_day,
    parse_time,
    share_url,
)

T = pd.Timestamp

# --- valid states survive a trip through the query string ---------------------------------

times = st.datetimes(
    min_value=pd.Timestamp("1900-01-01").to_pydatetime(),
    max_value=pd.Timestamp("2199-12-31").to_pydatetime(),
).map(lambda d: T(d, tz="UTC"))
optional_times = st.none() | times
region_ids = st.from_regex(r"[A-Za-z0-9._:-]{1,40}", fullmatch=True)


@st.composite
def view_states(draw):
    start, end = draw(optional_times), draw(optional_times)
    if start is not None and end is not None and start > end:
        start, end = end, start
    return ViewState(
        dataset=draw(st.none() | st.from_regex(r"[a-z0-9][a-z0-9._-]{0,80}", fullmatch=True)),
        service=draw(st.none() | st.sampled_from(SERVICES)),
        regions=tuple(draw(st.lists(region_ids, max_size=8, unique=True))),
        start=start,
        end=end,
        at=draw(optional_times),
        area=draw(st.none() | st.sampled_from(("ua_oblast", "us_county", "us_county:25"))),
        draw=draw(st.none() | st.sampled_from(("circle", "column"))),
        colour=draw(st.none() | st.just("pct")),
        page=draw(st.sampled_from(PAGES)),
        lang=draw(st.sampled_from(("en", "uk"))),
    )


@given(view_states())
def test_round_trip(vs):
    assert ViewState.from_query(vs.to_query()) == (vs, [])


@given(view_states())
def test_round_trip_through_a_shared_link(vs):
    url = share_url("https://outages.example.org/app", vs)
    params = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    assert ViewState.from_query(params) == (vs, [])


@given(view_states())
def test_round_trip_with_repeated_values_as_lists(vs):
    params = {key: [value] for key, value in vs.to_query().items()}
    assert ViewState.from_query(params) == (vs, [])


def test_defaults_give_an_empty_query():
    assert ViewState().to_query() == {}
    assert ViewState.from_query({}) == (ViewState(), [])


def test_query_values_and_order():
    vs = ViewState(dataset="kyiv-2025-10", service="power", regions=("UA-30", "UA-32"),
                   start=T("2025-10-10T06:00+03:00"), end=T("2025-10-11T00:00Z"),
                   at=T("2025-10-10T05:30:15Z"), area="us_county:25", draw="circle",
                   colour="pct", page="map", lang="uk")
    assert list(vs.to_query().items()) == [
        ("dataset", "kyiv-2025-10"), ("service", "power"), ("regions", "UA-30,UA-32"),
        ("start", "2025-10-10T03:00Z"), ("end", "2025-10-11T00:00Z"),
        ("at", "2025-10-10T05:30:15Z"), ("area", "us_county:25"), ("draw", "circle"),
        ("colour", "pct"), ("page", "map"), ("lang", "uk"),
    ]
    assert list(vs.to_query()) == [k for k in KEYS]


@pytest.mark.parametrize("ts, text", [
    (T("2025-10-10T03:00Z"), "2025-10-10T03:00Z"),
    (T("2025-10-10T06:00+03:00"), "2025-10-10T03:00Z"),
    (T("2025-10-10T03:00:07Z"), "2025-10-10T03:00:07Z"),
    (T("2025-10-10T03:00:00.25Z"), "2025-10-10T03:00:00.25Z"),
    (T("2025-10-10T03:00:00.000000001Z"), "2025-10-10T03:00:00.000000001Z"),
    (T("1900-01-01T00:00Z"), "1900-01-01T00:00Z"),
])
def test_format_time(ts, text):
    assert format_time(ts) == text
    assert parse_time(text) == (ts, None)


@pytest.mark.parametrize("text, expected", [
    ("2025-10-10T03:00Z", T("2025-10-10T03:00Z")),
    ("2025-10-10t03:00z", T("2025-10-10T03:00Z")),
    ("2025-10-10T06:00+03:00", T("2025-10-10T03:00Z")),
    ("2025-10-10T06:00+0300", T("2025-10-10T03:00Z")),
    ("2025-10-09T22:00-05:00", T("2025-10-10T03:00Z")),
    # An unescaped "+" arrives as a space from a query string.
    ("2025-10-10T06:00 03:00", T("2025-10-10T03:00Z")),
    ("  2025-10-10T03:00:00Z ", T("2025-10-10T03:00Z")),
])
def test_parse_time(text, expected):
    ts, reason = parse_time(text)
    assert (ts, reason) == (expected, None)
    assert str(ts.tz) == "UTC"


@pytest.mark.parametrize("text, reason", [
    ("abc", "reason.not_a_time"),
    ("", "reason.not_a_time"),
    ("2025-10-10", "reason.not_a_time"),
    ("10.10.2025 06:00", "reason.not_a_time"),
    ("2025-13-10T03:00Z", "reason.not_a_time"),
    ("2025-02-30T03:00Z", "reason.not_a_time"),
    ("2025-10-10T24:30Z", "reason.not_a_time"),
    ("2025-10-10T03:00+25:00", "reason.not_a_time"),
    ("2025-10-10T03:00", "reason.no_zone"),
    ("2025-10-10T03:00:00.5", "reason.no_zone"),
    ("1899-12-31T23:59Z", "reason.out_of_range"),
    ("2200-01-01T00:00Z", "reason.out_of_range"),
    ("٢٠٢٥-10-10T03:00Z", "reason.not_a_time"),  # Arabic-Indic digits
])
def test_parse_time_refuses(text, reason):
    assert parse_time(text) == (None, reason)


# --- tampered addresses: never raise, fall back to defaults, say so -------------------------

TAMPERED = [
    ({"start": "abc"}, ViewState(), ["Ignored start=abc: not a time"]),
    ({"end": "2025-10-10T03:00"}, ViewState(),
     ["Ignored end=2025-10-10T03:00: the time has no zone"]),
    ({"at": "3000-01-01T00:00Z"}, ViewState(), ["Ignored at=3000-01-01T00:00Z: the year must be"]),
    ({"service": "<script>alert(1)</script>"}, ViewState(),
     ["Ignored service=?script?alert?1??/script?: not a service (one of power, water"]),
    ({"service": "Power"}, ViewState(), ["Ignored service=Power: not a service"]),
    ({"service": "power", "page": "admin"}, ViewState(service="power"),
     ["Ignored page=admin: not a page (one of overview, map, regions, data, schedules, upload)"]),
    ({"lang": "fr"}, ViewState(), ["Ignored lang=fr: not a language (one of en, uk)"]),
    ({"dataset": "../../etc/passwd"}, ViewState(), ["Ignored dataset=../../etc/passwd: not a"]),
    ({"dataset": "Kyiv"}, ViewState(), ["Ignored dataset=Kyiv: not a dataset id"]),
    ({"dataset": "a" * 82}, ViewState(), ["Ignored dataset=" + "a" * 40 + "…: not a dataset"]),
    ({"regions": "x" * 10_000}, ViewState(),
     ["Ignored region ids that are not valid (1): " + "x" * 40 + "…"]),
    ({"regions": ",".join(["UA-30"] * 5_000)}, ViewState(regions=("UA-30",)), []),
    ({"regions": ",".join(f"R{i}" for i in range(250))},
     ViewState(regions=tuple(f"R{i}" for i in range(MAX_REGIONS))),
     ["Kept the first 200 of 250 regions"]),
    ({"regions": "UA-30,Київ,a b,,UA-32,<b>,x*y"}, ViewState(regions=("UA-30", "UA-32")),
     ["Ignored region ids that are not valid (4): Київ, a b, ?b?, … (+1)"]),
    ({"regions": " UA-30 , UA-32 ,"}, ViewState(regions=("UA-30", "UA-32")), []),
    ({"start": "2025-10-11T00:00Z", "end": "2025-10-10T00:00Z"}, ViewState(),
     ["Ignored start=2025-10-11T00:00Z and end=2025-10-10T00:00Z: the start is after the end"]),
    ({"start": "2025-10-11T00:00Z", "end": "nope"}, ViewState(start=T("2025-10-11T00:00Z")),
     ["Ignored end=nope: not a time"]),
    ({"utm_source": "newsletter", "fbclid": "abc"}, ViewState(), []),
    ({"foo": "1", "Service": "power", "__proto__": "x", "ключ": "значення"}, ViewState(),
     ["Ignored unknown parameters: foo, Service, __proto__, … (+1)"]),
    ({"page": ["map", "data"]}, ViewState(page="data"), ["page was given 2 times; used the last"]),
    ({"page": ["map", ""]}, ViewState(), ["page was given 2 times"]),
    ({"page": []}, ViewState(), []),
    ({"page": "", "service": "  ", "start": ""}, ViewState(), []),
    ({"page": " map "}, ViewState(page="map"), []),
    ({"dataset": "набір-даних"}, ViewState(), ["Ignored dataset=набір-даних: not a dataset id"]),
    ({"dataset": "ok\x00\n"}, ViewState(), ["Ignored dataset=ok?: not a dataset id"]),
    ({"start": "\U0001f4a5"}, ViewState(), ["Ignored start=?: not a time"]),
    ({"area": "../x", "draw": "pie", "colour": "red"}, ViewState(),
     ["Ignored area=../x: not a map area", "Ignored draw=pie: not one of areas, circle, column",
      "Ignored colour=red: not one of out, pct"]),
    ({"draw": "areas", "colour": "out"}, ViewState(), []),
    ({"end": "2025-02-30"}, ViewState(), ["Ignored end=2025-02-30: not a time"]),
    # Notices follow the language of the address.
    ({"lang": "uk", "start": "abc"}, ViewState(lang="uk"), ["Пропущено start=abc: це не час"]),
    ({"lang": ["fr", "uk"], "page": "x"}, ViewState(lang="uk"),
     ["Параметр lang вказано кілька разів (2)", "Пропущено page=x: невідома сторінка"]),
]


@pytest.mark.parametrize("params, state, notices", TAMPERED)
def test_tampered_query(params, state, notices):
    vs, got = ViewState.from_query(params)
    assert vs == state
    assert len(got) == len(notices), got
    for text, start in zip(got, notices, strict=True):
        assert text.startswith(start), (text, start)


@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10),
                       st.text(max_size=60) | st.lists(st.text(max_size=30), max_size=3),
                       max_size=10))
def test_any_query_gives_a_valid_state(params):
    vs, notices = ViewState.from_query(params)
    assert isinstance(vs, ViewState)
    assert all(isinstance(n, str) and n for n in notices)
    # Whatever was read can be written and read back without further notices.
    assert ViewState.from_query(vs.to_query()) == (vs, [])


DEFAULT_SPELLINGS = {("page", "overview"), ("lang", "en"), ("draw", "areas"), ("colour", "out")}


@given(st.sampled_from(KEYS), st.text(max_size=60))
def test_a_value_is_either_used_or_noticed(key, value):
    vs, notices = ViewState.from_query({key: value})
    if not value.strip() or (key, value.strip()) in DEFAULT_SPELLINGS:
        assert (vs, notices) == (ViewState(), [])
    else:
        assert (vs != ViewState()) != bool(notices) or key == "regions"


def test_notices_are_safe_to_show_as_markdown_or_html():
    _, notices = ViewState.from_query({
        "service": "[click](javascript:alert(1))", "page": "<img src=x onerror=alert(1)>",
        "x*y`z": "1", "start": "**bold**", "regions": "_a_,<b>,`c`"})
    assert len(notices) == 5
    text = "\n".join(notices)
    for char in "[]<>*`":
        assert char not in text


# --- constructing a state in code ------------------------------------------------------------

@pytest.mark.parametrize("changes, message", [
    ({"dataset": "Not Valid"}, "dataset id"),
    ({"service": "electricity"}, "service must be"),
    ({"regions": "UA-30"}, "tuple"),
    ({"regions": ("UA 30",)}, "not region ids"),
    ({"regions": ("a", "a")}, "repeat"),
    ({"regions": tuple(f"r{i}" for i in range(MAX_REGIONS + 1))}, "more than 200"),
    ({"start": T("2025-10-10T03:00")}, "timezone-aware"),
    ({"start": "not a time"}, "not a time"),
    ({"start": T("2025-10-11T00:00Z"), "end": T("2025-10-10T00:00Z")}, "after"),
    ({"page": "admin"}, "page must be"),
    ({"lang": "fr"}, "lang must be"),
])
def test_invalid_state_in_code_raises(changes, message):
    with pytest.raises((ValueError, TypeError), match=message):
        ViewState().with_(**changes)


def test_with_converts_times_to_utc_and_regions_to_a_tuple():
    vs = ViewState().with_(start=T("2025-10-10T06:00+03:00"), regions=["UA-30"])
    assert vs.start == T("2025-10-10T03:00Z") and str(vs.start.tz) == "UTC"
    assert vs.regions == ("UA-30",)
    assert vs.with_(page="map").start == vs.start


def test_window():
    vs = ViewState(dataset="d", service="water", regions=("UA-30",),
                   start=T("2025-10-10T00:00Z"), end=T("2025-10-11T00:00Z"), page="map")
    assert vs.window() == Window(service="water", regions=("UA-30",),
                                 start=T("2025-10-10T00:00Z"), end=T("2025-10-11T00:00Z"))
    assert ViewState().window() == Window()


@pytest.mark.parametrize("base, expected", [
    ("https://outages.example.org/app", "https://outages.example.org/app?service=power&regions=UA-30,UA-32&start=2025-10-10T03:00Z&page=map"),
    ("https://outages.example.org/app?service=gas&x=1#top",
     "https://outages.example.org/app?service=power&regions=UA-30,UA-32&start=2025-10-10T03:00Z&page=map"),
    ("http://localhost:8501/", "http://localhost:8501/?service=power&regions=UA-30,UA-32&start=2025-10-10T03:00Z&page=map"),
])
def test_share_url(base, expected):
    vs = ViewState(service="power", regions=("UA-30", "UA-32"), start=T("2025-10-10T03:00Z"),
                   page="map")
    assert share_url(base, vs) == expected


def test_share_url_of_the_default_view_has_no_query():
    assert share_url("https://outages.example.org/app?page=map", ViewState()) == (
        "https://outages.example.org/app")


# --- a date without a clock time is a whole day in the dataset's zone -----------------------


def test_a_date_only_end_is_the_end_of_that_day_in_the_zone():
    vs, notices = ViewState.from_query({"start": "2025-10-10", "end": "2025-10-10"},
                                       "Europe/Kyiv")
    assert notices == []
    assert vs.start == T("2025-10-10T00:00+03:00")
    assert vs.end == T("2025-10-10T23:59:59+03:00")
    # a shared link then names the same instants
    assert ViewState.from_query(vs.to_query()) == (vs, [])


def test_the_zone_of_a_date_can_depend_on_the_dataset():
    zones = {"kyiv": "Europe/Kyiv", None: "America/New_York"}
    vs, _ = ViewState.from_query({"dataset": "kyiv", "end": "2025-10-10"}, zones.get)
    assert vs.end == T("2025-10-10T20:59:59Z")
    vs, _ = ViewState.from_query({"end": "2025-10-10"}, lambda d: zones[d])
    assert vs.end == T("2025-10-11T03:59:59Z")


@pytest.mark.parametrize("text, end, expected", [
    ("2025-03-30", False, T("2025-03-29T22:00Z")),  # Kyiv: spring forward that night
    ("2025-03-30", True, T("2025-03-30T20:59:59Z")),
    ("2025-10-26", True, T("2025-10-26T21:59:59Z")),  # fall back: a 25-hour day
    ("2025-10-10T03:00Z", True, None),  # not a bare date: parse_time's business
])
def test_parse_day(text, end, expected):
    found = parse_day(text, "Europe/Kyiv", end=end)
    assert (found if expected is None else found[0]) == expected


# --- what a dataset opens on -------------------------------------------------------------------

NOW = T("2026-11-27T12:00Z")


@pytest.mark.parametrize("last, metadata, live", [
    (NOW - pd.Timedelta(hours=1), {}, True),
    (NOW - pd.Timedelta(hours=LIVE_HOURS), {}, True),
    (NOW - pd.Timedelta(hours=LIVE_HOURS, minutes=1), {}, False),
    (T("2025-10-10T12:00Z"), {}, False),
    (T("2025-10-10T12:00Z"), {"live": True}, True),  # the metadata says so
    (NOW, {"live": False}, False),
    (None, {}, False),
    (NOW, {"live": "yes"}, True),  # not a boolean: the age decides
])
def test_is_live(last, metadata, live):
    assert is_live(last, metadata, NOW) is live


def test_opening_moment():
    peak, latest = T("2025-10-10T03:00Z"), T("2025-10-10T12:00Z")
    assert opening_moment(peak, latest, live=False) == (peak, "peak")
    assert opening_moment(peak, latest, live=True) == (latest, "latest")
    assert opening_moment(None, latest, live=False) == (latest, "latest")
