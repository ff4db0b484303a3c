import pytest

from outages import i18n
from outages.i18n import LANGS, MESSAGES, placeholders, t
from outages.schema import SERVICES


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_english_and_known_languages(key):
    texts = MESSAGES[key]
    assert texts.get("en", "").strip()
    assert set(texts) <= set(LANGS)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_placeholders_match_between_languages(key):
    english = placeholders(MESSAGES[key]["en"])
    for lang, text in MESSAGES[key].items():
        assert placeholders(text) == english, (key, lang)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_formats_in_every_language(key):
    values = {name: f"<{name}>" for name in placeholders(MESSAGES[key]["en"])}
    for lang in LANGS:
        text = t(key, lang, **values)
        assert "{" not in text and "}" not in text
        for shown in values.values():
            assert shown in text


@pytest.mark.parametrize("key", [
    "page.overview", "page.map", "page.regions", "page.data", "page.upload",
    "kpi.customers_out_latest", "kpi.peak", "kpi.restored", "kpi.restored_pct", "kpi.hours_to_50",
    "kpi.hours_to_90", "kpi.customer_hours", "kpi.last_updated",
    "empty.no_dataset", "empty.no_data_in_window", "axis.time", "axis.customers_out",
    "legend.out", "legend.cut_off", "legend.restored", "share.button", "source.label",
    "licence.label", "illustrative.label",
] + [f"service.{s}" for s in SERVICES])
def test_interface_strings_are_translated(key):
    assert MESSAGES[key].get("uk", "").strip()


@pytest.mark.parametrize("key, lang, values, expected", [
    ("page.overview", "en", {}, "Overview"),
    ("page.overview", "uk", {}, "Огляд"),
    ("kpi.peak_time", "en", {"time": "10 Oct 2025, 06:00 EEST"}, "Peak at 10 Oct 2025, 06:00 EEST"),
    ("axis.time", "uk", {"zone": "Europe/Kyiv"}, "Час (Europe/Kyiv)"),
    ("notice.ignored_value", "en", {"key": "start", "value": "abc", "reason": "not a time"},
     "Ignored start=abc: not a time"),
    # An unknown language shows English.
    ("page.map", "fr", {}, "Map"),
    ("page.map", None, {}, "Map"),
])
def test_t(key, lang, values, expected):
    assert t(key, lang, **values) == expected


def test_missing_ukrainian_falls_back_to_english(monkeypatch):
    monkeypatch.setitem(i18n.MESSAGES, "test.only_english", {"en": "Only {what}"})
    assert t("test.only_english", "uk", what="English") == "Only English"


def test_unknown_key_is_an_error():
    with pytest.raises(KeyError, match="no.such.key"):
        t("no.such.key")


def test_missing_value_is_an_error():
    with pytest.raises(KeyError, match="zone"):
        t("axis.time", "en")
