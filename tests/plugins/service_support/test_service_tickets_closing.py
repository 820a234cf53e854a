"""Resolved tickets close by themselves `close_after_days` later: a daily schedule on a real worker, per workspace."""
from datetime import datetime, time, timedelta, timezone

from service_kit import make_ticket
from service_sla_support import ticket, timeline
from sqlalchemy import select

from crm_platform.models import Job
from crm_platform.sdk import utcnow
from plugins.service_support import events
from plugins.service_support.tickets import closing


def six_today():
    """06:00 UTC today: when the daily schedule is due in the world's workspaces (they keep UTC)."""
    return datetime.combine(utcnow().date(), time(6, 0), timezone.utc)


def run_schedule(jobs, at):
    """Tick at `at` and work the queue; the (tenant id, job id) of the closing jobs started."""
    started = [(tenant_id, job_id) for tenant_id, name, job_id in jobs.tick(at)["started"]
               if name == closing.SCHEDULE]
    jobs.work()
    return started


def results(tenant_session, tenant, job_ids):
    """{job id: (status, result)} of the given jobs."""
    with tenant_session(tenant) as session:
        return {job.id: (job.status, job.result) for job in session.scalars(select(Job).where(Job.id.in_(job_ids)))}


def test_old_resolved_tickets_close_once_as_the_system_in_each_workspace_by_its_setting(
        service, tenant_session, jobs, enable_plugin):
    enable_plugin("globex", "service_support", settings={"close_after_days": 10})
    now = utcnow()
    resolved = {"old": now - timedelta(days=4), "recent": now - timedelta(days=1)}
    old = make_ticket(service, tenant_session, status="resolved", resolved_at=resolved["old"])
    recent = make_ticket(service, tenant_session, status="resolved", resolved_at=resolved["recent"])
    still_open = make_ticket(service, tenant_session, status="open")
    globex_old = make_ticket(service, tenant_session, tenant="globex", customer="n1_alpha", assignee="rep_n1",
                             status="resolved", resolved_at=resolved["old"])
    heard = []

    def listen(sender, **kwargs):
        heard.append((sender.id, kwargs["actor"], kwargs["old"], kwargs["new"]))

    events.ticket_status_changed.connect(listen)
    try:
        started = run_schedule(jobs, six_today())
    finally:
        events.ticket_status_changed.disconnect(listen)
    assert sorted(tenant_id for tenant_id, _ in started) == sorted([service.acme.id, service.globex.id])
    closed = ticket(tenant_session, old)
    assert closed.status == "closed" and closed.closed_at is not None and closed.resolved_at == resolved["old"]
    assert timeline(tenant_session, old)[-1] == ("status_changed", {"old": "resolved", "new": "closed"})
    assert heard == [(old, None, "resolved", "closed")]
    assert ticket(tenant_session, recent).status == "resolved" and ticket(tenant_session, still_open).status == "open"
    # globex closes after 10 days: its ticket resolved 4 days ago stays resolved.
    assert ticket(tenant_session, globex_old, tenant="globex").status == "resolved"
    acme_job = next(job_id for tenant_id, job_id in started if tenant_id == service.acme.id)
    assert results(tenant_session, "acme", [acme_job]) == {acme_job: ("finished", {"closed": 1})}
    # Tomorrow's run finds nothing more to close and writes nothing twice.
    lines = len(timeline(tenant_session, old))
    (again,) = [job_id for tenant_id, job_id in run_schedule(jobs, six_today() + timedelta(days=1))
                if tenant_id == service.acme.id]
    assert results(tenant_session, "acme", [again]) == {again: ("finished", {"closed": 0})}
    assert len(timeline(tenant_session, old)) == lines


def test_a_closed_ticket_may_still_be_reopened_within_its_window(service, tenant_session, jobs, api_client):
    ticket_id = make_ticket(service, tenant_session, status="resolved", resolved_at=utcnow() - timedelta(days=5))
    run_schedule(jobs, six_today())
    assert ticket(tenant_session, ticket_id).status == "closed"
    reopened = api_client("acme", "rep_n1").post(f"/api/v1/service/tickets/{ticket_id}/status",
                                                 json={"status": "open"})
    assert reopened.status_code == 200 and reopened.json["status"] == "open"
