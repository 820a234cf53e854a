"""The business-time arithmetic on fixed dates: China's 2026 calendar, breaks, company days, time off, edges."""
import time as clock
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from crm_platform.calendar.business_time import BusinessCalendar, NoWorkingTime
from crm_platform.calendar.holidays import HolidayDataMissing, china_day_kind

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def at(day, hour, minute=0, tz=SHANGHAI):
    """An aware instant at a wall time of a 2026 date given as (month, day)."""
    return datetime(2026, *day, hour, minute, tzinfo=tz)


@pytest.fixture
def china():
    """The default calendar: Mon-Fri 09-12 and 13-18 in Shanghai, China's official days."""
    return BusinessCalendar(SHANGHAI, official=china_day_kind)


def test_opening_hours_and_lunch_break(china):
    monday = (3, 2)
    assert not china.is_open(at(monday, 8, 59))
    assert china.is_open(at(monday, 9))
    assert not china.is_open(at(monday, 12))
    assert not china.is_open(at(monday, 12, 59))
    assert china.is_open(at(monday, 13))
    assert china.is_open(at(monday, 17, 59))
    assert not china.is_open(at(monday, 18))
    assert not china.is_open(at((3, 7), 10))  # an ordinary Saturday


def test_spring_festival_2026_and_its_make_up_saturdays(china):
    assert china.is_open(at((2, 13), 10))  # Friday before the holiday
    assert china.is_open(at((2, 14), 10))  # make-up Saturday, standard hours
    for day in range(15, 24):  # Feb 15-23 off, weekdays included
        assert not china.is_open(at((2, day), 10))
    assert china.is_open(at((2, 24), 10))
    assert china.is_open(at((2, 28), 10))  # the second make-up Saturday


def test_golden_week_2026(china):
    assert not china.is_open(at((10, 1), 10))
    assert not china.is_open(at((10, 7), 10))
    assert china.is_open(at((10, 9), 10))
    assert china.is_open(at((10, 10), 10))  # make-up Saturday


def test_a_result_on_a_closing_time_stays_there(china):
    assert china.add_business_minutes(at((2, 13), 17), 60) == at((2, 13), 18)
    assert china.add_business_minutes(at((2, 13), 17), 61) == at((2, 14), 9, 1)
    assert china.add_business_minutes(at((3, 2), 11), 60) == at((3, 2), 12)


def test_adding_across_the_spring_festival(china):
    assert china.add_business_minutes(at((2, 14), 17), 120) == at((2, 24), 10)
    assert china.business_minutes_between(at((2, 13), 17), at((2, 24), 10)) == 60 + 480 + 60


def test_a_start_outside_hours_counts_from_the_next_opening(china):
    assert china.add_business_minutes(at((3, 2), 7), 30) == at((3, 2), 9, 30)
    assert china.add_business_minutes(at((3, 2), 12, 30), 30) == at((3, 2), 13, 30)
    assert china.add_business_minutes(at((3, 2), 18), 1) == at((3, 3), 9, 1)
    assert china.add_business_minutes(at((3, 6), 20), 1) == at((3, 9), 9, 1)  # Friday night to Monday
    assert china.add_business_minutes(at((3, 7), 10), 0) == at((3, 7), 10)
    assert china.business_minutes_between(at((3, 2), 7), at((3, 2), 9, 30)) == 30


def test_pauses_are_taken_out_once_even_when_they_overlap(china):
    start, end = at((3, 2), 9), at((3, 3), 18)
    assert china.business_minutes_between(start, end) == 960
    paused = [(at((3, 2), 10), at((3, 2), 14)), (at((3, 2), 11), at((3, 2), 15)),  # 10-15 minus lunch: 240
              (at((3, 2), 17), at((3, 3), 10))]  # overnight: 60 + 60
    assert china.business_minutes_between(start, end, paused) == 960 - 240 - 120
    assert china.business_minutes_between(end, start) == 0


def test_company_days_off_and_extra_working_days():
    calendar = BusinessCalendar(SHANGHAI, official=china_day_kind, days_off={date(2026, 3, 2)},
                                extra_days={date(2026, 3, 7), date(2026, 2, 16)})
    assert not calendar.is_open(at((3, 2), 10))
    assert calendar.is_open(at((3, 7), 10))  # a Saturday made a working day
    assert calendar.is_open(at((2, 16), 10))  # the company works on a public holiday
    assert calendar.add_business_minutes(at((2, 27), 18), 1) == at((2, 28), 9, 1)


def test_weekday_hours_can_differ_and_saturday_can_be_open():
    hours = {0: ((time(8), time(20)),), 5: ((time(10), time(14)),)}
    calendar = BusinessCalendar(SHANGHAI, hours=hours, official=china_day_kind)
    assert calendar.is_open(at((3, 2), 19))
    assert not calendar.is_open(at((3, 3), 10))  # Tuesday has no hours
    assert calendar.is_open(at((3, 7), 13))
    assert not calendar.is_open(at((2, 21), 11))  # a holiday Saturday stays closed
    assert calendar.add_business_minutes(at((2, 14), 9), 60) == at((2, 14), 11)  # a make-up day's own hours


def test_personal_time_off_is_not_working_time():
    off = [(at((3, 2), 0), at((3, 3), 0)), (at((3, 3), 13), at((3, 3), 14)), (at((3, 3), 13, 30), at((3, 3), 15))]
    calendar = BusinessCalendar(SHANGHAI, official=china_day_kind, blocked=off)
    assert not calendar.is_open(at((3, 2), 10))
    assert not calendar.is_open(at((3, 3), 14, 59))
    assert calendar.is_open(at((3, 3), 15))
    assert calendar.add_business_minutes(at((3, 2), 10), 180) == at((3, 3), 12)
    assert calendar.add_business_minutes(at((3, 2), 10), 181) == at((3, 3), 15, 1)
    assert calendar.business_minutes_between(at((3, 2), 9), at((3, 3), 18)) == 180 + 180


def test_a_year_without_holiday_data_raises(china):
    with pytest.raises(HolidayDataMissing) as raised:
        china.add_business_minutes(at((12, 31), 17), 120)
    assert raised.value.year == 2027
    assert "2027" in str(raised.value)
    with pytest.raises(HolidayDataMissing):
        china.is_open(datetime(2027, 1, 4, 10, tzinfo=SHANGHAI))
    assert china.add_business_minutes(at((12, 31), 17), 60) == at((12, 31), 18)  # the year's last closing


def test_a_zone_with_daylight_saving_time():
    berlin = BusinessCalendar(BERLIN)
    # Summer time starts on Sunday 29 March 2026: 09:00 is 08:00 UTC before, 07:00 UTC after.
    assert berlin.add_business_minutes(at((3, 23), 9, tz=BERLIN), 0) == datetime(2026, 3, 23, 8, tzinfo=timezone.utc)
    friday, monday = at((3, 27), 17, tz=BERLIN), at((3, 30), 10, tz=BERLIN)
    assert berlin.add_business_minutes(friday, 120) == monday
    assert berlin.add_business_minutes(friday, 120) == datetime(2026, 3, 30, 8, tzinfo=timezone.utc)
    assert berlin.business_minutes_between(friday, monday) == 120
    assert berlin.is_open(datetime(2026, 3, 30, 7, tzinfo=timezone.utc))
    assert not berlin.is_open(datetime(2026, 3, 23, 7, 30, tzinfo=timezone.utc))
    # ... and ends on Sunday 25 October: a week across it still counts 5 x 480 minutes.
    assert berlin.business_minutes_between(at((10, 19), 9, tz=BERLIN), at((10, 26), 9, tz=BERLIN)) == 2400


def test_long_spans_are_quick(china):
    started = clock.perf_counter()
    result = china.add_business_minutes(at((1, 5), 9), 10_000)
    assert china.business_minutes_between(at((1, 5), 9), result) == 10_000
    assert BusinessCalendar(SHANGHAI).add_business_minutes(at((1, 5), 9), 1_000_000) > at((12, 31), 18)
    assert clock.perf_counter() - started < 1


def test_bad_input_is_refused():
    calendar = BusinessCalendar(SHANGHAI)
    with pytest.raises(ValueError):
        calendar.is_open(datetime(2026, 3, 2, 10))
    with pytest.raises(ValueError):
        calendar.add_business_minutes(at((3, 2), 10), -1)
    with pytest.raises(ValueError):
        BusinessCalendar(SHANGHAI, hours={0: ((time(12), time(9)),)})
    with pytest.raises(NoWorkingTime):
        BusinessCalendar(SHANGHAI, hours={}).add_business_minutes(at((3, 2), 10), 1)
    assert calendar.add_business_minutes(at((3, 2), 10), 0.5) == at((3, 2), 10) + timedelta(seconds=30)
