"""What a new visitor meets first: the map's default area and colour scale, the link after
publishing, the bundled samples in Ukrainian and the uploader's file types."""

import re
from pathlib import Path

import pytest

from outages import bundled, maps
from outages.i18n.samples import UK, translated
from outages.ui import mapdata, page, upload
from outages.ui.mapdata import Area
from outages.viewstate import ViewState

ROOT = Path(__file__).resolve().parents[1]


# --- the map opens on the data's own level, on one colour scale -----------------------------


def test_county_figures_open_as_the_counties_of_their_state():
    found = mapdata.areas(["25001", "25009"])
    assert mapdata.default_area(found) == Area("us_county:25", "us_county", within="25")


def test_county_figures_of_several_states_open_as_all_counties():
    found = mapdata.areas(["25001", "36061"])
    assert mapdata.default_area(found) == Area("us_county", "us_county")


@pytest.mark.parametrize("ids, key", [
    (["UA-30", "UA-32"], "ua_oblast"),
    (["48", "06"], "us_state"),
])
def test_other_levels_open_on_themselves(ids, key):
    assert mapdata.default_area(mapdata.areas(ids)).key == key


def test_the_colour_scale_is_fixed_and_every_class_is_in_the_legend():
    labels = [label for _, label in maps.legend(maps.SCALE["customers_out"], "customers_out")]
    assert labels == ["0", "1–99", "100–999", "1,000–9,999", "10,000–99,999", "≥ 100,000",
                      "No data"]
    shares = [label for _, label in maps.legend(maps.SCALE["pct_out"], "pct_out")]
    assert shares[1] == "< 1\u00a0%" and shares[-2] == "≥ 50\u00a0%" and len(shares) == 8


def test_a_colour_means_the_same_count_on_any_map():
    edges = maps.SCALE["customers_out"]
    small = maps.classify([50, 5_000, 500_000], edges)
    other = maps.classify([60, 6_000, 600_000, 0], edges)
    assert list(small) == list(other[:3]) == [0, 2, 4] and other[3] == -1


# --- the link after publishing ---------------------------------------------------------------


@pytest.mark.parametrize("here, expected", [
    ("http://127.0.0.1:8501/upload", "http://127.0.0.1:8501/?dataset=new-1"),
    ("https://example.org/dash/upload", "https://example.org/dash/?dataset=new-1"),
    ("https://example.org/dash/upload/", "https://example.org/dash/?dataset=new-1"),
    ("", "?dataset=new-1"),
])
def test_the_link_to_new_figures_opens_the_dashboard_root(monkeypatch, here, expected):
    monkeypatch.setattr(page, "_base_url", lambda: here)
    assert page.app_link(ViewState(dataset="new-1"), "upload") == expected


# --- Ukrainian -----------------------------------------------------------------------------


def test_every_text_of_the_bundled_samples_has_a_ukrainian_version():
    for sample in bundled.SAMPLE_LIST:
        _, meta = sample.build()
        texts = [meta.get(k) for k in ("name", "description", "source", "licence",
                                       "illustrative")]
        texts += list(meta.get("caveats") or [])
        texts += [a["text"] for a in meta.get("annotations") or []]
        missing = [text for text in texts if text and text not in UK]
        assert not missing, (sample.key, missing)


def test_an_unknown_or_changed_text_is_shown_as_stored():
    name = "Kyiv: strike on energy facilities (reported figures)"
    assert translated(name, "uk").startswith("Київ")
    assert translated(name, "en") == name
    assert translated(name + " (v2)", "uk") == name + " (v2)"


def test_ukrainian_sample_texts_are_ukrainian():
    latin = re.compile(r"[A-Za-z]{4,}")
    allowed = {"OE-417", "EAGLE-I", "ORNL", "MCC", "US-MULTI", "figshare", "CC0"}
    for text in UK.values():
        words = set(latin.findall(text)) - {w for a in allowed for w in latin.findall(a)}
        assert not words - {"doi", "xls", "CC", "BY"}, (text, words)


# --- the uploader takes what the README says -------------------------------------------------


def test_the_readme_lists_the_file_types_the_uploader_takes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Accepted formats", 1)[1].split("\n## ", 1)[0]
    sentence = section.split("The upload page takes files named", 1)[1].split(";", 1)[0]
    assert sorted(re.findall(r"`\.(\w+)`", sentence)) == sorted(upload.FILE_TYPES)
