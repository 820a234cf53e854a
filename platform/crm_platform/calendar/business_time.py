"""Business-time arithmetic on a calendar: is it open, T plus N business minutes, minutes between.

A `BusinessCalendar` knows the working hours per weekday (with breaks, in wall
time of its zone), the official holidays and make-up days, the company's own
days off and extra working days, and blocked intervals (a person's time off).

Rules at the edges (docs/calendar.md says the same):
- Open intervals are half-open: open at the opening instant, closed at the
  closing instant. A break is a gap between two intervals.
- `add_business_minutes(t, n)` starting outside hours starts counting at the
  next opening; a result that lands exactly on a closing instant stays there
  (18:00, not the next day's 09:00). `n == 0` returns `t` unchanged.
- A day's kind, first match wins: a company day off is closed; an extra working
  day is open; an official holiday is closed; an official make-up day is open;
  otherwise the weekday's hours apply. An open day whose weekday has no hours
  (a make-up Saturday) uses the standard hours: those of the first weekday that
  has any.
- Wall times are turned into instants in the calendar's zone each day, so a DST
  change moves the opening in UTC but not in local time. A wall time that does
  not exist that day (the spring-forward gap) is read with the offset before it.
- A day in a year the official calendar does not cover raises
  `HolidayDataMissing` (never a silent guess).
- Instants must be aware; results are aware UTC datetimes.
Days are walked one at a time with each day's intervals cached, never minute
by minute, so long spans cost one step per calendar day.
"""
from bisect import bisect_right
from datetime import date, datetime, time, timedelta, timezone

from crm_platform.calendar.holidays import HOLIDAY, MAKE_UP_DAY, HolidayDataMissing, no_official_days

__all__ = ["BusinessCalendar", "HolidayDataMissing", "NoWorkingTime", "DEFAULT_HOURS"]

_MICROS_PER_MINUTE = 60_000_000
# How many closed days in a row mean the calendar will never open again.
_MAX_CLOSED_DAYS = 3660

# Monday to Friday 09:00-12:00 and 13:00-18:00 (weekday 0 is Monday).
DEFAULT_HOURS = {day: ((time(9), time(12)), (time(13), time(18))) for day in range(5)}


class NoWorkingTime(ValueError):
    """The calendar has no working time at all (or none in ten years from the start)."""


def _aware(t, name):
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return t.astimezone(timezone.utc)


def _micros(delta):
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def merge_intervals(intervals):
    """The union of (start, end) intervals as sorted, disjoint intervals (empty ones dropped)."""
    merged = []
    for start, end in sorted((s, e) for s, e in intervals if s < e):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract_intervals(intervals, blocks, block_starts=None):
    """`intervals` minus the sorted, disjoint `blocks` (both lists of (start, end) pairs)."""
    if not blocks:
        return list(intervals)
    starts = block_starts if block_starts is not None else [s for s, _ in blocks]
    result = []
    for start, end in intervals:
        # Only blocks starting before `end` can overlap; walk back from there.
        index = max(bisect_right(starts, end) - 1, 0)
        while index > 0 and blocks[index - 1][1] > start:
            index -= 1
        cursor = start
        for block_start, block_end in blocks[index:]:
            if block_start >= end:
                break
            if block_end <= cursor:
                continue
            if block_start > cursor:
                result.append((cursor, block_start))
            cursor = max(cursor, block_end)
        if cursor < end:
            result.append((cursor, end))
    return result


class BusinessCalendar:
    """Working hours, holidays and blocked time in one zone; answers the three business-time questions."""

    def __init__(self, tz, hours=None, official=no_official_days, days_off=(), extra_days=(), blocked=()):
        """`hours`: weekday -> ((open, close), ...) wall times; `official`: date -> HOLIDAY/MAKE_UP_DAY/None.

        `days_off` and `extra_days` are the company's dates; `blocked` holds aware
        (start, end) instants that are never working time (a person's time off).
        """
        self.tz = tz
        self.hours = {day: tuple(sorted(spans)) for day, spans in (DEFAULT_HOURS if hours is None else hours).items()
                      if spans}
        for spans in self.hours.values():
            for opens, closes in spans:
                if not opens < closes:
                    raise ValueError(f"an opening ({opens}) must come before its closing ({closes})")
        self.standard_hours = self.hours[min(self.hours)] if self.hours else ()
        self.official = official
        self.days_off = frozenset(days_off)
        self.extra_days = frozenset(extra_days)
        self.blocked = merge_intervals((_aware(s, "start"), _aware(e, "end")) for s, e in blocked)
        self._blocked_starts = [s for s, _ in self.blocked]
        self._days = {}

    def day_spans(self, day: date):
        """The wall-time (open, close) spans of a local date: () when closed (see the module's rules)."""
        if day in self.days_off:
            return ()
        weekday_hours = self.hours.get(day.weekday(), ())
        if day in self.extra_days:
            return weekday_hours or self.standard_hours
        kind = self.official(day)
        if kind == HOLIDAY:
            return ()
        if kind == MAKE_UP_DAY:
            return weekday_hours or self.standard_hours
        return weekday_hours

    def day_intervals(self, day: date):
        """The open (start, end) UTC instants of a local date, personal blocked time taken out (cached)."""
        intervals = self._days.get(day)
        if intervals is None:
            intervals = [(self._instant(day, opens), self._instant(day, closes)) for opens, closes in self.day_spans(day)]
            intervals = subtract_intervals(intervals, self.blocked, self._blocked_starts)
            self._days[day] = intervals
        return intervals

    def _instant(self, day, wall):
        return datetime.combine(day, wall, tzinfo=self.tz).astimezone(timezone.utc)

    def _local_date(self, t):
        return t.astimezone(self.tz).date()

    def is_open(self, t):
        """True when `t` (aware) falls in working time: at or after an opening and before its closing."""
        t = _aware(t, "t")
        return any(start <= t < end for start, end in self.day_intervals(self._local_date(t)))

    def add_business_minutes(self, t, minutes):
        """The instant `minutes` (>= 0) business minutes after `t` (see the module's rules at the edges)."""
        t = _aware(t, "t")
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        remaining = round(minutes * _MICROS_PER_MINUTE)
        if remaining == 0:
            return t
        if not self.hours and not self.extra_days:
            raise NoWorkingTime("the calendar has no working hours")
        day, closed_days = self._local_date(t), 0
        while closed_days < _MAX_CLOSED_DAYS:
            intervals = self.day_intervals(day)
            closed_days = closed_days + 1 if not intervals else 0
            for start, end in intervals:
                if end <= t:
                    continue
                start = max(start, t)
                length = _micros(end - start)
                if remaining <= length:
                    return start + timedelta(microseconds=remaining)
                remaining -= length
            day += timedelta(days=1)
        raise NoWorkingTime(f"no working time in {_MAX_CLOSED_DAYS} days")

    def business_minutes_between(self, a, b, paused=()):
        """Business minutes from `a` to `b` (0 when b <= a), minus the aware (start, end) `paused` intervals."""
        a, b = _aware(a, "a"), _aware(b, "b")
        if b <= a:
            return 0
        pauses = merge_intervals((_aware(s, "pause start"), _aware(e, "pause end")) for s, e in paused)
        total, day, last = 0, self._local_date(a), self._local_date(b)
        while day <= last:
            clipped = [(max(s, a), min(e, b)) for s, e in self.day_intervals(day) if s < b and e > a]
            total += sum(_micros(e - s) for s, e in subtract_intervals(clipped, pauses))
            day += timedelta(days=1)
        return total / _MICROS_PER_MINUTE
