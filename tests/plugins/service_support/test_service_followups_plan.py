"""A resolved complaint gets one return visit for its owner, due on a working day of the workspace's calendar."""
from datetime import date, datetime, timezone

from service_followups_support import follow_ups, resolve, set_status, through_workflow
from service_kit import make_ticket

from plugins.service_support.models import TicketEvent


def at(day, hour=8):
    return datetime(2026, day[0], day[1], hour, tzinfo=timezone.utc)


def test_a_resolved_complaint_gets_a_return_visit_for_its_assignee(service, tenant_session):
    ticket = make_ticket(service, tenant_session, assignee="rep_n2")
    resolve(tenant_session, service, ticket, at((3, 9)))  # a Monday: plus 3 days is Thursday
    [visit] = follow_ups(tenant_session)
    assert (visit.ticket_id, visit.owner_id, visit.reason, visit.kind) == (
        ticket, service.acme.users["rep_n2"].id, "complaint_resolved", "call")
    assert visit.due_date == date(2026, 3, 12) and visit.customer_id == service.acme.customers["n1_alpha"].id
    assert visit.done_at is None
    with tenant_session("acme") as session:
        kinds = [event.kind for event in session.query(TicketEvent).filter_by(ticket_id=ticket)]
    assert kinds == ["follow_up_planned"]
    assert follow_ups(tenant_session, "globex") == []


def test_without_assignee_the_customers_owner_gets_it(service, tenant_session):
    ticket = make_ticket(service, tenant_session, customer="s1", assignee=None)
    resolve(tenant_session, service, ticket, at((3, 9)), actor="admin")
    assert [visit.owner_id for visit in follow_ups(tenant_session)] == [service.acme.users["rep_s1"].id]


def test_other_categories_and_other_statuses_get_none(service, tenant_session):
    for category in ("inquiry", "fault", "requirement"):
        resolve(tenant_session, service, make_ticket(service, tenant_session, category=category), at((3, 9)))
    set_status(tenant_session, service, make_ticket(service, tenant_session), "pending", at((3, 9)))
    assert follow_ups(tenant_session) == []


def test_resolved_the_friday_before_golden_week_it_is_due_after_the_holidays(service, enable_plugin,
                                                                           tenant_session):
    enable_plugin("acme", "service_support", settings={"follow_up_days": 7})
    ticket = make_ticket(service, tenant_session)
    resolve(tenant_session, service, ticket, at((4, 24)))  # + 7 days is 1 May: holidays until 5 May
    assert [visit.due_date for visit in follow_ups(tenant_session)] == [date(2026, 5, 6)]


def test_a_weekend_make_up_working_day_is_a_working_day(service, enable_plugin, tenant_session):
    enable_plugin("acme", "service_support", settings={"follow_up_days": 4})
    ticket = make_ticket(service, tenant_session)
    resolve(tenant_session, service, ticket, at((5, 5)))  # + 4 days is Saturday 9 May, worked for Golden Week
    assert [visit.due_date for visit in follow_ups(tenant_session)] == [date(2026, 5, 9)]


def test_an_ordinary_weekend_moves_to_monday(service, tenant_session):
    ticket = make_ticket(service, tenant_session)
    resolve(tenant_session, service, ticket, at((3, 12)))  # Thursday + 3 is Sunday
    assert [visit.due_date for visit in follow_ups(tenant_session)] == [date(2026, 3, 16)]


def test_a_year_without_holiday_data_falls_back_to_weekdays(service, enable_plugin, tenant_session):
    enable_plugin("acme", "service_support", settings={"follow_up_days": 30})
    ticket = make_ticket(service, tenant_session)
    resolve(tenant_session, service, ticket, datetime(2026, 12, 4, 8, tzinfo=timezone.utc))  # 3 Jan 2027: a Sunday
    assert [visit.due_date for visit in follow_ups(tenant_session)] == [date(2027, 1, 4)]


def test_reopening_and_resolving_again_keeps_one_open_return_visit_moved_later(service, tenant_session):
    ticket = make_ticket(service, tenant_session)
    resolve(tenant_session, service, ticket, at((3, 9)))
    set_status(tenant_session, service, ticket, "open", at((3, 10)))
    resolve(tenant_session, service, ticket, at((3, 11)))
    [visit] = follow_ups(tenant_session)
    assert visit.due_date == date(2026, 3, 16)  # Wednesday + 3 is Saturday: the next Monday
    set_status(tenant_session, service, ticket, "open", at((3, 11), 9))
    resolve(tenant_session, service, ticket, at((3, 11), 10))
    assert [v.due_date for v in follow_ups(tenant_session)] == [date(2026, 3, 16)]


def test_a_complaint_closed_without_resolving_first_gets_its_return_visit_once(service, tenant_session):
    for old in ("new", "open", "pending"):
        ticket = make_ticket(service, tenant_session, status=old)
        through_workflow(tenant_session, service, ticket, "closed", at((3, 9)))
        assert [visit.ticket_id for visit in follow_ups(tenant_session, ticket_id=ticket)] == [ticket], old
    resolved = make_ticket(service, tenant_session)
    through_workflow(tenant_session, service, resolved, "resolved", at((3, 9)))
    through_workflow(tenant_session, service, resolved, "closed", at((3, 10)))
    assert len(follow_ups(tenant_session, ticket_id=resolved)) == 1  # closing a resolved one is no new resolution
