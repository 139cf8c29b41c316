import datetime as dt

import pytest

from bot.dates import classify_registration_date, looks_like_date, parse_date

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I registered on 3 July 2026", dt.date(2026, 7, 3)),
        ("ik ben op 3 juli 2026 geregistreerd", dt.date(2026, 7, 3)),
        ("03-07-2026", dt.date(2026, 7, 3)),
        ("3/7/2026", dt.date(2026, 7, 3)),
        ("2026-07-03", dt.date(2026, 7, 3)),
        ("July 3rd", dt.date(2026, 7, 3)),
        ("July 3, 2026", dt.date(2026, 7, 3)),
        ("the 3rd of July", dt.date(2026, 7, 3)),
        ("on 3 July", dt.date(2026, 7, 3)),
        ("on 30 December", dt.date(2025, 12, 30)),  # no year: the most recent, not in the future
        ("gisteren", dt.date(2026, 11, 21)),
        ("today", TODAY),
        ("29-02-2028", dt.date(2028, 2, 29)),
    ],
)
def test_dates_in_dutch_and_english(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31-02-2026", "35 juli 2026", "29-02-2027"])
def test_impossible_dates_are_none_but_look_like_dates(text):
    assert parse_date(text, TODAY) is None
    assert looks_like_date(text)


@pytest.mark.parametrize("text", ["no date here", "after 6 months", "088 112 2 112", "", "😀"])
def test_text_without_a_date(text):
    assert parse_date(text, TODAY) is None and not looks_like_date(text)


def test_classification():
    assert classify_registration_date(dt.date(2026, 12, 1), TODAY) == "future"
    assert classify_registration_date(dt.date(2026, 6, 11), TODAY) == "before_pact"
    assert classify_registration_date(dt.date(2026, 6, 12), TODAY) == "ok"
