"""What the upload preview shows before anything is published, driven by AppTest: rows kept
and skipped (and the skip caveat a published dataset carries), the Overview's key figure cards,
times in the dataset's zone, and a small map with the regions that match no boundary."""

from __future__ import annotations

import pytest

from outages.store import open_store
from tests.helpers import app_store
from tests.test_app_upload import (
    FIGURES,
    PASSWORD,
    keys_of,
    run,
    sign_in,
    table,
    texts,
    upload_page,
    with_file,
)

WIDE = (b"time,Kyiv,Lviv,Odesa\n"  # one blank cell: skipped, not read as 0
        b"2025-10-10T06:00:00+03:00,800000,1200,\n"
        b"2025-10-10T15:00:00+03:00,380000,0,5000\n")
UA_EXPORT = ("Дата;Область;Послуга;Відключено\n"
             "10.01.2025 08:00;Київська;світло;1200\n"
             "10.01.2025 08:00;Харківська область;світло;3400\n"
             "10.01.2025 08:00;Полтавська обл.;світло;560\n"
             "10.01.2025 08:00;Атлантида;світло;7\n"
             "10.01.2025 09:00;Київська;світло;900\n").encode("cp1251")


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    return app_store(tmp_path, monkeypatch)


def cards(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def test_skipped_rows_are_counted_in_the_headline_and_the_published_caveats(store_url):
    at = with_file(run(upload_page(editing={"password": PASSWORD})), WIDE, "wide.csv")
    at.selectbox(key="upload_service").set_value("power")
    at = run(at)
    assert "reads cleanly" not in texts(at, "success")
    assert "5 rows kept, 1 skipped" in texts(at, "warning")
    assert "Rows skipped (blank cells): 1" in texts(at, "caption")
    sign_in(at)
    at.button(key="upload_publish").click()
    run(at)
    dataset = next(d for d in open_store(store_url).list_datasets()
                   if d.metadata.get("file_name") == "wide.csv")
    assert "Rows skipped while reading the file: 1 (blank cells: 1)." in dataset.metadata[
        "caveats"]


def test_skip_reasons_are_shown_in_ukrainian(store_url):
    at = upload_page()
    at.query_params["lang"] = "uk"
    at = with_file(run(at), WIDE, "wide.csv")
    at.selectbox(key="upload_service").set_value("power")
    at = run(at)
    assert "5 рядків залишено, 1 пропущено" in texts(at, "warning")
    assert "Пропущено рядків (порожні клітинки): 1" in texts(at, "caption")


def test_the_overview_cards_for_the_file(store_url):
    at = with_file(run(upload_page()), FIGURES)
    shown = cards(at)
    # Kyiv 1,200 then 800; Lviv 300: the peak is 1,500 at 07:00 UTC+3, the latest 1,100
    assert shown["Peak"][0] == "1,500"
    assert shown["Customers out (latest)"][0] == "1,100"
    assert shown["Cut off"][0] == "1,500"
    assert shown["Restored"] == ("400", "of 1,500 cut off")
    assert "04:00" in shown["Peak"][1]  # the file's zone: none given, so UTC


def test_the_table_shows_times_in_the_datasets_zone(store_url):
    at = with_file(run(upload_page()), FIGURES)
    at.selectbox(key="upload_tz").set_value("Europe/Kyiv")
    at = run(at)
    rows = table(at, "timestamp (Europe/Kyiv)")
    first = rows["timestamp (Europe/Kyiv)"].iloc[0]
    assert (first.hour, str(first.tz)) == (6, "Europe/Kyiv")  # 06:00+03:00 as written
    assert "07:00" in cards(at)["Peak"][1]  # the cards in the same zone


def test_ukrainian_oblasts_are_mapped_and_an_unknown_region_is_listed(store_url):
    at = with_file(run(upload_page()), UA_EXPORT, "export.csv")
    at.selectbox(key="upload_tz").set_value("Europe/Kyiv")
    at = run(at)
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1  # the small map of the regions found, filled where there is data
    assert all(rid in decks[0].proto.json for rid in ("UA-32", "UA-63", "UA-53"))
    warning = texts(at, "warning")
    assert "1 regions match no bundled boundary" in warning and "Атлантида" in warning
    ids = set(table(at, "region_id")["region_id"])
    assert ids == {"UA-32", "UA-63", "UA-53", "Атлантида"}
    assert "upload_publish" not in keys_of(at, "button")  # a viewer: nothing published
