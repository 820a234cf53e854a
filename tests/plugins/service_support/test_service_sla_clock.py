"""The SLA clocks on China's working calendar, driven by the ticket signals: nights, weekends, lunch, holidays."""
import pytest
from service_sla_support import add_policy, created, in_shanghai, local, signal, ticket, timeline
from sqlalchemy import select

from crm_platform.sdk import User, force_locale
from plugins.service_support import events
from plugins.service_support.models import Ticket
from plugins.service_support.sla.clock import clocks
from plugins.service_support.tickets.workflow import change_status


@pytest.fixture
def shanghai(service, api_client, tenant_session):
    """The module on, acme in Shanghai with one catch-all policy: 60 min first response, 960 min resolution."""
    in_shanghai(api_client)
    add_policy(tenant_session, resolution_minutes=960)
    return service


def test_a_start_late_on_friday_is_due_on_monday_after_the_night_and_the_weekend(shanghai, tenant_session):
    ticket_id = created(shanghai, tenant_session, local(2026, 3, 6, 17, 30))
    row = ticket(tenant_session, ticket_id)
    assert row.first_response_due_at == local(2026, 3, 9, 9, 30)  # 30 minutes on Friday, 30 on Monday
    assert row.first_response_alert_at == local(2026, 3, 6, 18, 0)  # warned 30 business minutes before: Friday's close
    assert row.sla_policy_id is not None and timeline(tenant_session, ticket_id)[0][0] == "sla_policy"


def test_the_lunch_break_does_not_count(shanghai, tenant_session):
    row = ticket(tenant_session, created(shanghai, tenant_session, local(2026, 3, 5, 11, 30)))
    assert row.first_response_due_at == local(2026, 3, 5, 13, 30)


def test_golden_week_is_skipped(shanghai, tenant_session):
    row = ticket(tenant_session, created(shanghai, tenant_session, local(2026, 9, 30, 17, 30)))
    assert row.first_response_due_at == local(2026, 10, 8, 9, 30)  # 1 to 7 October are public holidays


def test_a_make_up_saturday_is_a_working_day_and_the_spring_festival_is_not(shanghai, tenant_session):
    friday = ticket(tenant_session, created(shanghai, tenant_session, local(2026, 2, 13, 17, 30)))
    assert friday.first_response_due_at == local(2026, 2, 14, 9, 30)  # Saturday 14 February is worked
    saturday = ticket(tenant_session, created(shanghai, tenant_session, local(2026, 2, 14, 17, 30)))
    assert saturday.first_response_due_at == local(2026, 2, 24, 9, 30)  # 15 to 23 February: the Spring Festival


def test_a_pause_across_a_night_and_a_weekend_pushes_the_due_time_by_what_was_left(shanghai, tenant_session):
    ticket_id = created(shanghai, tenant_session, local(2026, 3, 5, 9, 0))
    signal(shanghai, tenant_session, ticket_id, events.ticket_status_changed, local(2026, 3, 5, 16, 0),
           old="open", new="pending", set={"status": "pending"})
    paused = ticket(tenant_session, ticket_id)
    assert paused.paused_at == local(2026, 3, 5, 16, 0)
    assert paused.resolution_due_at is None and paused.resolution_alert_at is None
    with tenant_session("acme") as session:
        row = session.scalar(select(Ticket).where(Ticket.id == ticket_id))
        states = {c["target"]: (c["state"], c["minutes_left"]) for c in clocks(row, local(2026, 3, 7, 12, 0))}
    assert states["resolution"] == ("paused", 600)  # 960 less 09:00-16:00 without lunch (360)
    signal(shanghai, tenant_session, ticket_id, events.ticket_status_changed, local(2026, 3, 9, 10, 0),
           old="pending", new="open", set={"status": "open"})
    resumed = ticket(tenant_session, ticket_id)
    assert resumed.paused_at is None
    # 600 left from Monday 10:00: 420 on Monday, 180 on Tuesday morning, landing on the lunch closing time.
    assert resumed.resolution_due_at == local(2026, 3, 10, 12, 0)


def move(world, tenant_session, ticket_id, status, at, actor="rep_n1"):
    """Move the ticket to `status` at `at` through the tickets feature's workflow, as its pages and API do."""
    with tenant_session("acme") as session:
        row = session.scalar(select(Ticket).where(Ticket.id == ticket_id))
        user = session.scalar(select(User).where(User.id == world.acme.users[actor].id))
        change_status(user, row, status, now=at)


def test_resolving_keeps_the_business_minutes_and_reopening_resumes_with_what_was_left(shanghai, tenant_session):
    ticket_id = created(shanghai, tenant_session, local(2026, 3, 5, 9, 0))
    move(shanghai, tenant_session, ticket_id, "resolved", local(2026, 3, 6, 11, 0))
    resolved = ticket(tenant_session, ticket_id)
    assert resolved.resolution_minutes == 480 + 120 and resolved.resolver_id == shanghai.acme.users["rep_n1"].id
    assert resolved.resolution_due_at is None and resolved.first_response_due_at is None
    # Reopened on Monday: Friday 11:00 to Monday 09:00 was spent resolved and does not count.
    move(shanghai, tenant_session, ticket_id, "open", local(2026, 3, 9, 9, 0))
    reopened = ticket(tenant_session, ticket_id)
    assert reopened.resolution_minutes is None and reopened.resolver_id is None and reopened.reopen_count == 1
    assert reopened.resolution_due_at == local(2026, 3, 9, 16, 0)  # 360 left: 180 before lunch, 180 after
    assert reopened.resolution_breached_at is None


def test_the_first_public_reply_is_the_first_response_and_a_note_is_not(shanghai, tenant_session):
    ticket_id = created(shanghai, tenant_session, local(2026, 3, 5, 11, 50))

    class Message:
        kind = "note"

    signal(shanghai, tenant_session, ticket_id, events.ticket_replied, local(2026, 3, 5, 13, 5), message=Message())
    assert ticket(tenant_session, ticket_id).first_response_at is None
    Message.kind = "reply"
    signal(shanghai, tenant_session, ticket_id, events.ticket_replied, local(2026, 3, 5, 13, 5), actor="rep_n1",
           message=Message())
    row = ticket(tenant_session, ticket_id)
    assert (row.first_response_minutes, row.first_responder_id) == (15, shanghai.acme.users["rep_n1"].id)
    assert row.first_response_due_at is None and row.first_response_alert_at is None
    assert row.resolution_due_at is not None


def test_a_new_priority_applies_its_policy_counted_from_the_start(shanghai, tenant_session):
    urgent = add_policy(tenant_session, name="Urgent", priority="urgent", first_response_minutes=15,
                        resolution_minutes=120, warn_before_minutes=10)
    ticket_id = created(shanghai, tenant_session, local(2026, 3, 5, 9, 0))
    signal(shanghai, tenant_session, ticket_id, events.ticket_changed, local(2026, 3, 5, 9, 10),
           changes={"priority": ("normal", "urgent")}, set={"priority": "urgent"})
    row = ticket(tenant_session, ticket_id)
    assert row.sla_policy_id == urgent
    assert (row.first_response_due_at, row.resolution_due_at) == (local(2026, 3, 5, 9, 15), local(2026, 3, 5, 11, 0))
    assert row.first_response_alert_at == local(2026, 3, 5, 9, 5)


def test_the_year_end_counts_what_it_can_and_says_why_it_cannot_count_2027(shanghai, tenant_session):
    ticket_id = created(shanghai, tenant_session, local(2026, 12, 31, 16, 0))
    row = ticket(tenant_session, ticket_id)
    assert row.first_response_due_at == local(2026, 12, 31, 17, 0)
    assert row.resolution_due_at is None and row.resolution_alert_at is None  # never a guess
    uncounted = [detail for kind, detail in timeline(tenant_session, ticket_id) if kind == "sla_not_counted"]
    assert [(d["target"], d["year"]) for d in uncounted] == [("resolution", 2027)]
    with tenant_session("acme") as session:
        shown = {c["target"]: c for c in clocks(session.scalar(select(Ticket).where(Ticket.id == ticket_id)),
                                                local(2026, 12, 31, 16, 30))}
    assert shown["resolution"]["state"] == "unknown" and "holiday data" in shown["resolution"]["note"]
    assert (shown["first_response"]["state"], shown["first_response"]["minutes_left"]) == ("running", 30)


def test_no_matching_policy_means_no_clocks(service, tenant_session):
    row = ticket(tenant_session, created(service, tenant_session, local(2026, 3, 5, 9, 0)))
    assert row.sla_policy_id is None and row.first_response_due_at is None


def test_a_clock_the_calendar_cannot_count_says_why_in_the_readers_language(shanghai, tenant_session):
    ticket_id = created(shanghai, tenant_session, local(2026, 12, 31, 16, 0))
    with tenant_session("acme") as session, force_locale("zh_CN"):
        row = session.scalar(select(Ticket).where(Ticket.id == ticket_id))
        shown = {c["target"]: c for c in clocks(row, local(2027, 1, 4, 10, 0))}  # overdue: counting needs 2027
    note = shown["first_response"]["note"]
    assert "2027" in note and "节假日" in note and "holiday" not in note
