"""When things happen in the service demo: instants in the workspace's working hours, a few working days back.

A ticket comes in while the service desk is open (the workspace calendar's working
hours, China's holidays and make-up days by default), so its SLA clocks start at
once. Where the calendar cannot say (no holiday data for the year), Monday to
Friday 09:00-18:00 in Beijing time stands in: the demo needs some past, not a guess
anyone relies on.
"""
from datetime import datetime, time, timedelta, timezone

from crm_platform.sdk import HolidayDataMissing, NoWorkingTime, workspace_calendar, workspace_today

FALLBACK_HOURS = (time(1, 0), time(10, 0))
"""09:00-18:00 in Beijing time, in UTC: the working hours when the calendar cannot count a day."""
LOOK_BACK = 120
"""Calendar days searched for working days."""


def _intervals(calendar, day):
    """The day's open (start, end) UTC instants, or the fallback hours on a weekday the calendar cannot count."""
    try:
        return list(calendar.day_intervals(day))
    except (HolidayDataMissing, NoWorkingTime):
        if day.weekday() >= 5:
            return []
        return [(datetime.combine(day, FALLBACK_HOURS[0], timezone.utc),
                 datetime.combine(day, FALLBACK_HOURS[1], timezone.utc))]


class DemoClock:
    """The working days before `now`, newest first, each with its open intervals up to `now`."""

    def __init__(self, rng, now):
        self.rng, self.now = rng, now
        self.calendar, today = workspace_calendar(), workspace_today(now)
        self.days = [spans for spans in (self.spans(today - timedelta(days=offset)) for offset in range(LOOK_BACK))
                     if spans]

    def spans(self, day):
        """The open (start, end) UTC instants of the local date `day` before now."""
        return [(start, min(end, self.now)) for start, end in _intervals(self.calendar, day) if start < self.now]

    def pick(self, spans):
        """A random instant inside one of `spans`."""
        start, end = self.rng.choice(spans)
        return start + (end - start) * self.rng.uniform(0.05, 0.9)

    def at_work(self, days_back):
        """A random instant of the working hours `days_back` working days ago (0: the latest working day)."""
        return self.pick(self.days[min(days_back, len(self.days) - 1)])

    def on(self, day):
        """A random instant of the working hours of the local date `day`, else a minute ago (a day not yet open)."""
        spans = self.spans(day)
        return self.pick(spans) if spans else self.now - timedelta(minutes=1)

    def after(self, at, minutes):
        """`minutes` after `at`, but never later than a minute before now (the demo has no future)."""
        return min(at + timedelta(minutes=minutes), self.now - timedelta(minutes=1))
