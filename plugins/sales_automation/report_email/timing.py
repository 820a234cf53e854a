"""When the monthly report goes out: the workspace's first working day of each month, and the month it covers.

A working day is one the workspace calendar has working hours on (weekday hours,
public holidays and make-up days, the company's own days off and extra working
days). Where the calendar has no holiday data for the year (HolidayDataMissing,
e.g. 2027 before chinese-calendar learns it), Monday to Friday stands in: a
report a day early or late beats no report at all.
"""
from datetime import timedelta

from crm_platform.sdk import HolidayDataMissing, format_date, gettext as _


def month_start(day):
    """The first day of `day`'s month."""
    return day.replace(day=1)


def previous_month(day):
    """The first day of the month before `day`'s."""
    return month_start(month_start(day) - timedelta(days=1))


def month_end(month):
    """The last day of the month that starts on `month`."""
    return month_start(month + timedelta(days=31)) - timedelta(days=1)


def month_label(month):
    """The month as people write it in the current language: "September 2026", "2026年9月"."""
    # TRANSLATORS: a CLDR date pattern for a month and its year (zh_CN: y年M月).
    return format_date(month, _("MMMM y"))


def is_working_day(calendar, day):
    """Whether the workspace `calendar` works on `day` (Monday to Friday where it has no holiday data)."""
    try:
        return bool(calendar.day_spans(day))
    except HolidayDataMissing:
        return day.weekday() < 5


def first_working_day(calendar, month):
    """The first working day of the month that starts on `month`, or None for a month without any."""
    day = month_start(month)
    while day.month == month.month:
        if is_working_day(calendar, day):
            return day
        day += timedelta(days=1)
    return None


def month_due(calendar, today):
    """The month (its first day) whose report is due on `today`: last month's, from this month's first working day."""
    first = first_working_day(calendar, today)
    if first is None or today < first:
        return None
    return previous_month(today)
