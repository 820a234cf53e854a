"""When things happen in the dispatch demo: instants on working days, before and after now, in the workspace's zone.

Tasks are created, started and finished in working hours, and fall due at the end
of a working day (the workspace calendar's hours, China's holidays and make-up days
by default). Where the calendar cannot say (no holiday data for the year), Monday
to Friday stands in: the demo needs plausible days, not a guess anyone relies on.
"""
from datetime import datetime, time, timedelta, timezone

from crm_platform.sdk import HolidayDataMissing, NoWorkingTime, workspace_calendar, workspace_today

LOOK = 90
"""Calendar days searched for working days, each way."""
MORNING = (time(9, 0), time(11, 30))
AFTERNOON = (time(13, 30), time(17, 0))
DUE_AT = time(17, 30)
"""A task falls due at half past five (local), before the working day's end."""


class DemoClock:
    """The working days before today (newest first) and after it (soonest first), and instants on them."""

    def __init__(self, rng, now):
        self.rng, self.now = rng, now
        self.calendar, today = workspace_calendar(), workspace_today(now)
        self.past = [day for day in (today - timedelta(days=n) for n in range(1, LOOK)) if self._working(day)]
        self.ahead = [day for day in (today + timedelta(days=n) for n in range(1, LOOK)) if self._working(day)]

    def _working(self, day):
        """Whether the local date `day` has working hours (a weekday where the calendar cannot count it)."""
        try:
            return bool(self.calendar.day_intervals(day))
        except (HolidayDataMissing, NoWorkingTime):
            return day.weekday() < 5

    def at(self, day, wall):
        """The UTC instant of the local wall time `wall` on the local date `day`."""
        return datetime.combine(day, wall, tzinfo=self.calendar.tz).astimezone(timezone.utc)

    def during(self, day, afternoon=None):
        """A random instant of the local date's working hours (the morning or the afternoon when told)."""
        if afternoon is None:
            afternoon = self.rng.random() < 0.5
        start, end = AFTERNOON if afternoon else MORNING
        minutes = (end.hour - start.hour) * 60 + end.minute - start.minute
        return self.at(day, start) + timedelta(minutes=self.rng.randrange(0, minutes, 5))

    def days_back(self, count):
        """The working day `count` working days before today (1: the latest one)."""
        return self.past[min(count, len(self.past)) - 1]

    def days_ahead(self, count):
        """The working day `count` working days after today (1: the next one)."""
        return self.ahead[min(count, len(self.ahead)) - 1]

    def due_back(self, count):
        """The end of the working day `count` working days back (an overdue task's due time)."""
        return self.at(self.days_back(count), DUE_AT)

    def due_ahead(self, count):
        """The end of the working day `count` working days ahead."""
        return self.at(self.days_ahead(count), DUE_AT)

    def before_now(self, at):
        """`at`, but never later than a minute before now (the demo's past stays past)."""
        return min(at, self.now - timedelta(minutes=1))
