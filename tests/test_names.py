import pandas as pd
import pytest

from outages.names import problems


@pytest.mark.parametrize("value", [
    "Kyiv", "Київ", "Київська область", "UA-30", "Kyiv (Київ)", "Київ-Kyiv", "Зв'язок",
    "Αθήνα", "Saint-Étienne", "Dnipro 2", "-5", "-1.5", "-2,5", "A & B", "O'Brien County",
    "Harris County, TX", "", "Ї", "\u0406\u0308ржавець", "Київська\u00a0область",
])
def test_plain_names_pass(value):
    assert problems(pd.Series([value]), "region name") == []


@pytest.mark.parametrize("value,words", [
    ("<script>alert(1)</script>", "looks like HTML or script"),
    ("<img src=x onerror=alert(1)>", "looks like HTML or script"),
    ("< b >Kyiv", "looks like HTML or script"),
    ("Kyiv</td>", "looks like HTML or script"),
    ("<!-- x -->", "looks like HTML or script"),
    ("&#60;script&#62;", "looks like HTML or script"),
    ("&lt;b&gt;", "looks like HTML or script"),
    ("javascript:alert(1)", "looks like HTML or script"),
    ("=1+2", "starts with '='"),
    ("+cmd|' /C calc'!A0", "starts with '+'"),
    ("@SUM(A1)", "starts with '@'"),
    ("|cmd '/C calc'!A0", "starts with '|'"),
    ("-2+3+cmd|' /C calc'!A0", "starts with '-'"),
    ("-Kyiv", "starts with '-'"),
    ("Kyiv\tCity", "control character"),
    ("Kyiv\nCity", "control character"),
    ("Kyiv\rCity", "control character"),
    ("Kyiv\x00", "control character"),
    ("Kyiv\u2028City", "control character"),
    ("Kиїв", "mixes Latin and Cyrillic letters in one word ('K' is Latin, 'и' is Cyrillic)"),
    ("Львiв", "mixes Cyrillic and Latin letters in one word ('в' is Cyrillic, 'i' is Latin)"),
    ("Оdesa", "mixes Cyrillic and Latin"),
    ("Aθήνα", "mixes Latin and Greek"),
    ("Ки\u200bїв", "invisible character (U+200B ZERO WIDTH SPACE)"),
    ("Kyiv\u202evsc.exe", "invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
    ("Kyiv\u00ad", "invisible character (U+00AD SOFT HYPHEN)"),
    ("\ufeffKyiv", "invisible character (U+FEFF"),
    ("Ｋyiv", "look-alike character (U+FF2B FULLWIDTH LATIN CAPITAL LETTER K"),
    ("UA-３0", "look-alike character (U+FF13 FULLWIDTH DIGIT THREE"),
    ("\U0001d40ayiv", "look-alike character (U+1D40A MATHEMATICAL BOLD CAPITAL K"),
])
def test_tricks_are_named(value, words):
    found = problems(pd.Series([value]), "region name")
    assert len(found) == 1
    assert found[0][0] == 0
    assert words in found[0][1]
    assert found[0][1].startswith("region name ")


def test_each_value_reported_once_at_its_position():
    values = pd.Series(["Kyiv", "=x", None, "<b>", "Lviv", "Kиїв<b>"])
    assert [i for i, _ in problems(values, "region id")] == [1, 3, 5]


def test_long_values_are_shortened_in_messages():
    value = "=" + "x" * 500
    message = problems(pd.Series([value]), "region id")[0][1]
    assert len(message) < 200 and "…" in message
