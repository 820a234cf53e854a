"""When the monthly report is due: the first working day of the month by the workspace calendar (China's holidays,
make-up days, the company's own days), Monday to Friday in a year the holiday data does not cover."""
from datetime import date

import pytest

from crm_platform.models.calendar import CalendarDay
from crm_platform.sdk import BusinessCalendar, workspace_calendar, workspace_timezone

from plugins.sales_automation.report_email.timing import first_working_day, month_due, month_end, previous_month


def first_days(tenant_session, months, days=()):
    """{month: its first working day} of acme's calendar, with company `days` ({date: working}) added first."""
    with tenant_session("acme") as session:
        session.add_all([CalendarDay(day=day, working=working) for day, working in days])
        session.commit()
        calendar = workspace_calendar()
        return {month: first_working_day(calendar, month) for month in months}


@pytest.mark.parametrize("month, first", [
    (date(2026, 1, 1), date(2026, 1, 4)),    # New Year 1-3 January; Sunday the 4th is a make-up working day
    (date(2026, 5, 1), date(2026, 5, 6)),    # Labour Day, 1-5 May
    (date(2026, 8, 1), date(2026, 8, 3)),    # starts on a Saturday
    (date(2026, 10, 1), date(2026, 10, 8)),  # National Day, 1-7 October (chinese-calendar 1.11)
    (date(2026, 12, 1), date(2026, 12, 1)),  # an ordinary Tuesday
    (date(2027, 1, 1), date(2027, 1, 1)),    # no holiday data for 2027: Monday to Friday, so Friday the 1st
    (date(2027, 5, 1), date(2027, 5, 3)),    # ... and a Saturday start gives Monday
])
def test_the_first_working_day_follows_the_official_calendar(world, tenant_session, month, first):
    assert first_days(tenant_session, [month]) == {month: first}


def test_company_days_off_and_extra_working_days_count(world, tenant_session):
    # The world's company outing on Monday 2 March 2026 makes the 3rd March's first working day.
    assert first_days(tenant_session, [date(2026, 3, 1)]) == {date(2026, 3, 1): date(2026, 3, 3)}
    days = [(date(2026, 10, 8), False), (date(2026, 8, 1), True)]
    assert first_days(tenant_session, [date(2026, 10, 1), date(2026, 8, 1)], days) == {
        date(2026, 10, 1): date(2026, 10, 9), date(2026, 8, 1): date(2026, 8, 1)}


def test_a_month_without_working_hours_has_no_first_working_day(world, tenant_session):
    with tenant_session("acme"):
        closed = BusinessCalendar(workspace_timezone(), hours={})
    assert first_working_day(closed, date(2026, 6, 1)) is None
    assert month_due(closed, date(2026, 6, 30)) is None


def test_last_months_report_is_due_from_the_first_working_day_on(world, tenant_session):
    with tenant_session("acme"):
        calendar = workspace_calendar()
        assert month_due(calendar, date(2026, 10, 7)) is None
        assert month_due(calendar, date(2026, 10, 8)) == date(2026, 9, 1)
        assert month_due(calendar, date(2026, 10, 31)) == date(2026, 9, 1)
        assert month_due(calendar, date(2026, 1, 4)) == date(2025, 12, 1)
        assert month_due(calendar, date(2027, 1, 1)) == date(2026, 12, 1)
    assert (previous_month(date(2026, 3, 15)), month_end(date(2026, 2, 1))) == (date(2026, 2, 1), date(2026, 2, 28))
