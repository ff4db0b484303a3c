"""The restoration outlook on the Overview, driven by AppTest on a temporary store."""

import base64
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from outages import bundled, outlook
from outages.i18n import t
from outages.readers import read_bytes
from outages.store import open_store
from tests.helpers import open_page


def _decay_csv(hours: int = 12, peak: int = 10_000, rate: float = 0.25) -> bytes:
    """One region rising to ``peak`` at 03:00 UTC, then decaying hourly."""
    start = pd.Timestamp("2025-10-10T02:00:00Z")
    rows = [(start, peak // 2)] + [
        (start + pd.Timedelta(hours=1 + h), round(peak * np.exp(-rate * h))) for h in range(hours)]
    lines = ["timestamp,region_id,region_name,service,customers_out"]
    lines += [f"{ts.isoformat()},UA-30,Kyiv,power,{n}" for ts, n in rows]
    return "\n".join(lines).encode()


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'outages.db'}"
    monkeypatch.setenv("OUTAGES_DB_URL", url)
    store = open_store(url)
    bundled.ensure(store)
    yield store
    store.close()


def values(array) -> np.ndarray:
    """A plotly JSON array (a list or {"dtype", "bdata"}) as numbers."""
    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array, dtype=np.float64)


def texts(at: AppTest) -> str:
    return "\n".join([c.value for c in at.caption] + [m.value for m in at.markdown])


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_kyiv_sample_says_why_there_is_no_estimate(store, lang):
    # the Kyiv sample has two figures: the peak and one later count
    at = open_page(lang=lang)
    reason = t("outlook.reason.too_few_points", lang, points=2, needed=3)
    assert t("outlook.none", lang, reason=reason) in texts(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace.get("name") for trace in spec["data"]]
    assert t("legend.estimate", lang) not in names


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_recovering_dataset_shows_the_estimate(store, lang):
    result = read_bytes(_decay_csv(), "decay.csv")
    dataset_id = store.ingest(result.table, name="Decay", metadata=result.metadata).dataset_id
    at = open_page(dataset=dataset_id, lang=lang)
    shown = texts(at)
    assert t("outlook.title", lang) in shown
    assert t("outlook.estimate", lang) in shown
    assert "Europe/Kyiv" not in shown  # times through fmt, in the dataset's zone (UTC here)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    by_name = {trace.get("name"): trace for trace in spec["data"]}
    estimate = by_name[t("legend.estimate", lang)]
    assert estimate["line"]["dash"] == "dash"
    assert by_name[t("legend.estimate_range", lang)]["fill"] == "toself"
    # the x axis reaches the end of the drawn estimate
    assert spec["layout"]["xaxis"]["range"][1] >= values(estimate["x"]).max()


def test_the_constant_rate_model_explains_itself(store, monkeypatch):
    monkeypatch.setattr(outlook, "MODEL", "linear")
    result = read_bytes(_decay_csv(), "decay.csv")
    dataset_id = store.ingest(result.table, name="Decay", metadata=result.metadata).dataset_id
    shown = texts(open_page(dataset=dataset_id))
    assert t("outlook.title", "en") in shown
    assert "a constant number an hour" in shown and "exponential" not in shown
