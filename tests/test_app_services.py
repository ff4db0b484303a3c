"""The Overview's "Services side by side" section, driven by AppTest on a temporary store with the
bundled samples: the illustrative multi-service sample shows it (English and Ukrainian), with the
lags the sample's figures give; one service picked, or a one-service dataset, shows none."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from outages import bundled, services
from outages.i18n import t
from outages.store import open_store
from tests.helpers import open_page

SAMPLE = "city-services-illustrative"
NBSP = "\u00a0"  # Markdown text is shown with its spaces made plain


@pytest.fixture(scope="module")
def store_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('services') / 'outages.db'}"
    with open_store(url) as store:
        bundled.ensure(store)
    return url


@pytest.fixture
def ids(store_url, monkeypatch):
    monkeypatch.setenv("OUTAGES_DB_URL", store_url)
    with open_store(store_url) as store:
        return {d.metadata.get("bundled"): d for d in store.list_datasets()}


@pytest.fixture(scope="module")
def expected(store_url):
    """The comparison computed straight from the sample's stored rows (the reference path)."""
    with open_store(store_url) as store:
        info = next(d for d in store.list_datasets() if d.metadata.get("bundled") == SAMPLE)
        return services.from_table(store.load(info.id))


def charts_by_meta(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec).get("layout", {}).get("meta") or {}
            for c in at.get("plotly_chart")]


def section_chart(at: AppTest) -> dict | None:
    return next((m for m in charts_by_meta(at) if "lags" in m), None)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_sample_shows_services_side_by_side(ids, expected, lang):
    at = open_page(dataset=ids[SAMPLE].id, lang=lang)
    assert t("services.title", lang) in [h.value for h in at.subheader]
    assert any(t("illustrative.label", lang) in i.value for i in at.info)
    meta = section_chart(at)
    assert meta is not None and meta["reference"] == "power"
    assert {(g["service"], g["level"]): g["hours"] for g in meta["lags"]} == {
        (g.service, g.level): g.hours for g in expected.lags}
    text = "\n".join(m.value for m in at.markdown).replace("\\", "")
    for sentence in services.describe(expected, "Europe/Kyiv", lang):
        assert f"- {sentence}".replace(NBSP, " ") in text


def test_the_sample_lags_water_then_heating_behind_power(expected):
    lags = {(g.service, g.level): g.hours for g in expected.lags}
    assert all(h is not None and h > 0 for h in lags.values())
    assert lags[("water", 50)] < lags[("heating", 50)]
    assert lags[("water", 90)] < lags[("heating", 90)]


@pytest.mark.parametrize("case", ["one-service-picked", "one-service-dataset"])
def test_no_section_for_a_single_service(ids, case):
    params = ({"dataset": ids[SAMPLE].id, "service": "water"} if case == "one-service-picked"
              else {})  # the default dataset: Kyiv, power only
    at = open_page(**params)
    assert t("services.title", "en") not in [h.value for h in at.subheader]
    assert section_chart(at) is None
    assert at.get("plotly_chart")  # the timeline is still there


def test_the_first_visit_still_opens_the_kyiv_figures(ids):
    at = open_page()
    dataset = at.query_params["dataset"]
    assert (dataset if isinstance(dataset, str) else dataset[-1]) == ids["kyiv-strike-day"].id
