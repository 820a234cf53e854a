"""Who is on duty in a task's window: the workspace's working time there, minus each person's time off.

The workspace's open intervals are computed once per window (the calendar caches
each day); a person's time off is subtracted only for the people who have some
in the window, so the common case costs one array fill.
"""
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from crm_platform.sdk import BusinessCalendar, HolidayDataMissing


@dataclass(frozen=True)
class Window:
    """The task's window: its bounds, the workspace's open intervals in it, and the years without holiday data."""

    start: object
    end: object
    intervals: tuple
    minutes: float
    missing_years: frozenset


def task_window(ctx, task):
    """(start, end) of the task's window: from max(now, earliest start) to its due time.

    With no due time, or one already past (an overdue task still needs doing),
    the window is `horizon_days` from its start.
    """
    start = max(ctx.now, task.earliest_start) if task.earliest_start else ctx.now
    if task.due is not None and task.due > start:
        return start, task.due
    return start, start + timedelta(days=float(ctx.policy.parameter("horizon_days")))


def _without_holidays(calendar):
    """The same calendar with no public holidays or make-up days (for a year the holiday data does not cover)."""
    return BusinessCalendar(calendar.tz, hours=calendar.hours, days_off=calendar.days_off,
                            extra_days=calendar.extra_days)


def workspace_window(ctx, start, end):
    """The workspace's open intervals within [start, end), computed once per window and kept on the context."""
    key = (start, end)
    if key in ctx.windows:
        return ctx.windows[key]
    intervals, missing, fallback = [], set(), None
    day, last = start.astimezone(ctx.calendar.tz).date(), end.astimezone(ctx.calendar.tz).date()
    while day <= last:
        try:
            spans = ctx.calendar.day_intervals(day)
        except HolidayDataMissing:
            # Never make everyone ineligible for want of next year's holidays: use plain working hours, and say so.
            missing.add(day.year)
            fallback = fallback or _without_holidays(ctx.calendar)
            spans = fallback.day_intervals(day)
        intervals.extend((max(s, start), min(e, end)) for s, e in spans if s < end and e > start)
        day += timedelta(days=1)
    minutes = sum((e - s).total_seconds() for s, e in intervals) / 60
    window = ctx.windows[key] = Window(start, end, tuple(intervals), minutes, frozenset(missing))
    return window


def _overlap_minutes(intervals, blocks):
    """Minutes of the sorted `blocks` (disjoint) falling inside the sorted, disjoint `intervals`."""
    total = 0.0
    for start, end in intervals:
        for block_start, block_end in blocks:
            if block_start >= end:
                break
            if block_end > start:
                total += (min(end, block_end) - max(start, block_start)).total_seconds()
    return total / 60


def duty_minutes(ctx, window):
    """Working minutes in the window per person: the workspace's, less their time off there."""
    minutes = np.full(len(ctx.user_ids), window.minutes, dtype=float)
    if window.minutes <= 0:
        return minutes
    for column, blocks in ctx.time_off.items():
        inside = [(s, e) for s, e in blocks if s < window.end and e > window.start]
        if inside:
            minutes[column] = max(window.minutes - _overlap_minutes(window.intervals, inside), 0.0)
    return minutes
