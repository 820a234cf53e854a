"""Property: adding N business minutes and counting them back gives N, on China's calendar with time off."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from crm_platform.calendar.business_time import BusinessCalendar
from crm_platform.calendar.holidays import china_day_kind

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
OFF = [(datetime(2026, 5, 11, 10, tzinfo=SHANGHAI), datetime(2026, 5, 13, 15, tzinfo=SHANGHAI))]
CALENDARS = [BusinessCalendar(SHANGHAI, official=china_day_kind, blocked=OFF), BusinessCalendar(BERLIN)]
starts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 6, 30), timezones=st.just(SHANGHAI))


@settings(max_examples=200, deadline=None)
@given(start=starts, minutes=st.integers(min_value=0, max_value=20_000), which=st.sampled_from([0, 1]))
def test_adding_then_counting_gives_the_minutes_back(start, minutes, which):
    calendar = CALENDARS[which]
    end = calendar.add_business_minutes(start, minutes)
    assert end >= start
    assert calendar.business_minutes_between(start, end) == minutes
    if minutes:
        # The last minute before the result is working time.
        assert calendar.is_open(end - timedelta(microseconds=1))


@settings(max_examples=100, deadline=None)
@given(start=starts, span=st.integers(min_value=0, max_value=60 * 24 * 60),
       pause_at=st.integers(min_value=0, max_value=60 * 24 * 60), pause_len=st.integers(min_value=0, max_value=5000))
def test_a_pause_never_adds_time(start, span, pause_at, pause_len):
    calendar = CALENDARS[0]
    end = start + timedelta(minutes=span)
    pause_start = start + timedelta(minutes=pause_at)
    paused = calendar.business_minutes_between(start, end, [(pause_start, pause_start + timedelta(minutes=pause_len))])
    full = calendar.business_minutes_between(start, end)
    pause_end = min(end, pause_start + timedelta(minutes=pause_len))
    inside = calendar.business_minutes_between(max(start, pause_start), pause_end)
    assert paused == pytest.approx(full - inside, abs=1e-9)
