import pytest

from outages.errors import InputError, Listed, Number, Phrase, Problem
from outages.i18n import placeholders
from outages.i18n.problems import MESSAGES, codes


@pytest.mark.parametrize("code", codes())
def test_every_problem_has_english_and_ukrainian_with_the_same_placeholders(code):
    texts = MESSAGES[f"problem.{code}"]
    assert texts["en"].strip() and texts["uk"].strip()
    assert placeholders(texts["uk"]) == placeholders(texts["en"])
    # the location is given apart: a parameter may not take its names
    assert not placeholders(texts["en"]) & {"file", "row", "column"}


def test_a_problem_needs_a_known_code_and_exactly_its_parameters():
    with pytest.raises(KeyError, match="no problem code"):
        Problem("a.csv", "time is missing")
    with pytest.raises(TypeError, match="value"):
        Problem("a.csv", "times.invalid", 3, "time")
    with pytest.raises(TypeError, match="extra"):
        Problem("a.csv", "times.missing", 3, "time", extra=1)


def test_the_english_text_and_the_ukrainian_text():
    problem = Problem("a.csv", "text.too_many_columns", 1, None, width=20_000, limit=10_000)
    assert problem.code == "text.too_many_columns"
    assert dict(problem.params) == {"width": 20_000, "limit": 10_000}
    assert problem.message == "the header has 20,000 columns; the limit is 10,000"
    assert str(problem) == "a.csv, row 1: the header has 20,000 columns; the limit is 10,000"
    assert problem.text("uk") == ("a.csv, рядок 1: у заголовку 20\u202f000 стовпців, а можна "
                                  "щонайбільше 10\u202f000")
    assert str(InputError(problem)) == str(problem)


def test_phrases_numbers_and_lists_are_shown_in_the_same_language():
    skipped = Problem("f.xlsx", "cells.row_skipped", 4, "Date", reason=Phrase(
        "cells.not_date", value="31/02/2025"))
    assert skipped.detail("en") == "'31/02/2025' is not a date; row skipped"
    assert skipped.detail("uk") == "'31/02/2025' не є датою; рядок пропущено"
    assert skipped.text("uk").startswith("f.xlsx, рядок 4, стовпець 'Date': ")
    size = Phrase("size.mb", size=Number(3.25, 1))
    assert (size.detail("en"), size.detail("uk")) == ("3.2 MB", "3,2 МБ")
    mixed = Phrase("times.mixed_formats", formats=Listed((
        Phrase("times.format_at", at="2", format=Phrase("times.format.iso")),
        Phrase("times.format_at", at="5", format=Phrase("times.format.numeric"))), "; "))
    assert mixed.message == ("mixed time formats in one column (row 2 is ISO 8601 (2025-10-10 "
                             "06:00); row 5 is DD.MM.YYYY or MM/DD/YYYY); use one format "
                             "throughout")
    assert "ДД.ММ.РРРР або ММ/ДД/РРРР" in mixed.detail("uk")


def test_problems_compare_and_hash_by_value():
    a = Problem("a.csv", "times.invalid", 3, "time", value="x")
    assert a == Problem("a.csv", "times.invalid", 3, "time", value="x")
    assert len({a, Problem("a.csv", "times.invalid", 3, "time", value="x")}) == 1
