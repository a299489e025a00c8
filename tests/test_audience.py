"""Time slots (course_utils.audience): each boundary checked by hand."""

import doctest
import warnings

import pandas as pd
import pytest

from course_utils import audience, load


@pytest.fixture(autouse=True)
def _no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _slots(*times: str) -> list:
    stamps = pd.Series(pd.to_datetime(list(times))).dt.tz_localize("Asia/Almaty")
    return audience.time_slot(stamps).tolist()


def test_weekday_hours_split_at_9_and_at_18():
    # 3 March 2025 is a Monday
    assert _slots("2025-03-03 00:00", "2025-03-03 08:59", "2025-03-03 09:00") == [
        "weekday before 9:00",
        "weekday before 9:00",
        "weekday 9:00-18:00",
    ]
    assert _slots("2025-03-03 17:59", "2025-03-03 18:00", "2025-03-03 23:59") == [
        "weekday 9:00-18:00",
        "weekday after 18:00",
        "weekday after 18:00",
    ]


def test_friday_evening_is_a_weekday_and_saturday_and_sunday_are_weekend_at_any_hour():
    assert _slots("2025-03-07 20:00", "2025-03-08 03:00", "2025-03-09 11:00") == [
        "weekday after 18:00",
        "weekend",
        "weekend",
    ]


def test_slots_are_an_ordered_category_in_the_order_of_the_day_with_the_input_index():
    stamps = pd.Series(pd.to_datetime(["2025-03-08 12:00", "2025-03-04 10:00"]), index=[7, 3])
    slots = audience.time_slot(stamps)
    assert list(slots.index) == [7, 3]
    assert slots.cat.ordered
    assert list(slots.cat.categories) == list(audience.TIME_SLOTS)
    assert list(audience.TIME_SLOTS) == [
        "weekday before 9:00",
        "weekday 9:00-18:00",
        "weekday after 18:00",
        "weekend",
    ]


def test_a_missing_timestamp_gives_a_missing_slot():
    slots = audience.time_slot(pd.Series(pd.to_datetime(["2025-03-03 10:00", None])))
    assert slots.iloc[0] == "weekday 9:00-18:00"
    assert pd.isna(slots.iloc[1])


def test_every_post_gets_a_slot_and_most_go_out_in_office_hours():
    posts = load("posts")
    slots = audience.time_slot(posts["published_at"])
    assert slots.notna().all()
    assert (slots == audience.OFFICE_HOURS).mean() > 0.6


def test_the_docstring_example_runs_as_written():
    result = doctest.testmod(audience)
    assert result.attempted > 0 and result.failed == 0
