"""The SLA scan on a real worker and Redis, mail on a real SMTP server: warn once, breach once, escalate as told."""
from datetime import timedelta

import mail_support
import pytest
from mail_support import body
from service_kit import make_ticket
from service_sla_support import add_policy, now, ticket, timeline

from plugins.service_support.sla import scan

smtp, app_config = mail_support.smtp, mail_support.app_config
SCHEDULE = "service_support_sla_scan"


@pytest.fixture
def clock(monkeypatch):
    """The scan's clock, pinned (the schedule tick is given the same instant)."""
    pinned = {"now": now()}
    monkeypatch.setattr(scan, "utcnow", lambda: pinned["now"])
    return pinned


def run(jobs, clock, after=timedelta(0)):
    """Move the scan's clock on by `after`, tick and work; the scan jobs started (acme's and globex's)."""
    clock["now"] += after
    started = [entry for entry in jobs.tick(clock["now"])["started"] if entry[1] == SCHEDULE]
    jobs.work()
    return started


def due_ticket(world, tenant_session, clock, policy_id, warn_in, due_in, target="resolution", **columns):
    """An open ticket on `policy_id` whose alert comes in `warn_in` and whose `target` is due in `due_in`."""
    at = clock["now"]
    return make_ticket(world, tenant_session, sla_policy_id=policy_id, created_at=at - timedelta(hours=1),
                       **{f"{target}_due_at": at + due_in, f"{target}_alert_at": at + warn_in}, **columns)


def test_a_warning_goes_to_the_assignee_once(service, tenant_session, jobs, smtp, clock):
    policy = add_policy(tenant_session)
    ticket_id = due_ticket(service, tenant_session, clock, policy, timedelta(minutes=-1), timedelta(minutes=29))
    assert sorted(tenant for tenant, _, _ in run(jobs, clock)) == sorted([service.acme.id, service.globex.id])
    row = ticket(tenant_session, ticket_id)
    assert row.resolution_warned_at == clock["now"] and row.resolution_alert_at == row.resolution_due_at
    assert row.resolution_breached_at is None
    mails = smtp.to(service.acme.users["rep_n1"].email)
    assert len(mails) == 1 and "SLA warning" in mails[0]["Subject"] and "must be resolved by" in body(mails[0])
    run(jobs, clock, timedelta(minutes=5))  # the next period: nothing new
    assert len(smtp.to(service.acme.users["rep_n1"].email)) == 1
    assert [kind for kind, _ in timeline(tenant_session, ticket_id)] == ["sla_warning"]


def test_a_breach_notifies_the_nearest_manager_up_the_tree_once(service, tenant_session, jobs, smtp, clock):
    policy = add_policy(tenant_session)
    ticket_id = due_ticket(service, tenant_session, clock, policy, timedelta(minutes=-40), timedelta(minutes=-10),
                           target="first_response")
    run(jobs, clock)
    row = ticket(tenant_session, ticket_id)
    assert row.first_response_breached_at == clock["now"] - timedelta(minutes=10)
    assert row.first_response_alert_at is None and row.first_response_warned_at is None  # the warning is skipped
    manager = service.acme.users["manager_north"]  # rep_n1's team North-1 has no manager; North has
    events = dict(timeline(tenant_session, ticket_id))
    assert sorted(events) == ["sla_breach", "sla_managers_notified"]
    assert events["sla_managers_notified"]["user_ids"] == [manager.id]
    mails = smtp.to(manager.email)
    assert len(mails) == 1 and "SLA breached" in mails[0]["Subject"] and "not answered in time" in body(mails[0])
    assert len(smtp.to(service.acme.users["rep_n1"].email)) == 1
    run(jobs, clock, timedelta(minutes=5))
    run(jobs, clock, timedelta(minutes=5))
    assert len(smtp.to(manager.email)) == 1 and len(timeline(tenant_session, ticket_id)) == 2


def test_a_breach_raises_the_priority_one_step(service, tenant_session, jobs, smtp, clock):
    policy = add_policy(tenant_session, escalation="raise_priority")
    ticket_id = due_ticket(service, tenant_session, clock, policy, timedelta(minutes=-40), timedelta(minutes=-1),
                           priority="high")
    run(jobs, clock)
    assert ticket(tenant_session, ticket_id).priority == "urgent"
    raised = [detail for kind, detail in timeline(tenant_session, ticket_id) if kind == "sla_priority_raised"]
    assert [(d["old"], d["new"]) for d in raised] == [("high", "urgent")]
    run(jobs, clock, timedelta(minutes=5))
    assert ticket(tenant_session, ticket_id).priority == "urgent" and len(timeline(tenant_session, ticket_id)) == 2


def test_a_breach_reassigns_to_the_policys_user(service, tenant_session, jobs, smtp, clock):
    rep_n2 = service.acme.users["rep_n2"]
    policy = add_policy(tenant_session, escalation="reassign", reassign_to_id=rep_n2.id)
    ticket_id = due_ticket(service, tenant_session, clock, policy, timedelta(minutes=-40), timedelta(minutes=-1))
    run(jobs, clock)
    assert ticket(tenant_session, ticket_id).assignee_id == rep_n2.id
    moved = [detail for kind, detail in timeline(tenant_session, ticket_id) if kind == "sla_reassigned"]
    assert [(d["old"], d["new"]) for d in moved] == [(service.acme.users["rep_n1"].id, rep_n2.id)]
    mails = smtp.to(rep_n2.email)
    assert len(mails) == 1 and "now yours" in mails[0]["Subject"] and "reassigned to you" in body(mails[0])


def test_pending_resolved_and_future_tickets_are_left_alone(service, tenant_session, jobs, smtp, clock):
    policy = add_policy(tenant_session)
    later = due_ticket(service, tenant_session, clock, policy, timedelta(minutes=5), timedelta(minutes=35))
    pending = due_ticket(service, tenant_session, clock, policy, timedelta(minutes=-5), timedelta(minutes=-1),
                         status="pending")
    run(jobs, clock)
    assert timeline(tenant_session, later) == [] and timeline(tenant_session, pending) == []
    assert smtp.messages == []


def test_only_the_workspace_of_the_ticket_is_touched(service, tenant_session, jobs, smtp, clock):
    policy = add_policy(tenant_session, tenant="globex")
    theirs = due_ticket(service, tenant_session, clock, policy, timedelta(minutes=-1), timedelta(minutes=10),
                        tenant="globex")
    run(jobs, clock)
    assert ticket(tenant_session, theirs, tenant="globex").resolution_warned_at == clock["now"]
    mails = smtp.to(service.globex.users["rep_n1"].email)  # the same address in both workspaces
    assert len(mails) == 1
