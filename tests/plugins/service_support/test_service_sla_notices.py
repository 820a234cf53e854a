"""The SLA notice job on a real worker and SMTP server: each notice on its own, and checked again when it is sent."""
import logging
from datetime import timedelta
from smtplib import SMTPException

import mail_support
import pytest
from mail_support import jobs_of_kind
from service_kit import make_ticket
from service_sla_support import add_policy, now, ticket, timeline
from sqlalchemy import update

from crm_platform.jobs.worker import InProcessWorker
from crm_platform.sdk import db
from plugins.service_support.models import Ticket
from plugins.service_support.sla import notices, scan

smtp, app_config = mail_support.smtp, mail_support.app_config


@pytest.fixture
def clock(monkeypatch):
    """The scan's clock, pinned."""
    pinned = {"now": now()}
    monkeypatch.setattr(scan, "utcnow", lambda: pinned["now"])
    return pinned


def warned(world, tenant_session, clock, policy_id, age=timedelta(hours=1), target="resolution", **columns):
    """An open ticket made `age` ago whose `target` warning is due now (due in 29 minutes, unless `columns` say)."""
    at = clock["now"]
    times = {f"{target}_due_at": at + timedelta(minutes=29), f"{target}_alert_at": at - timedelta(minutes=1)}
    return make_ticket(world, tenant_session, sla_policy_id=policy_id, created_at=at - age, **{**times, **columns})


def set_columns(tenant_session, ticket_id, **values):
    """Write columns of a ticket as a request would have meanwhile; committed."""
    with tenant_session("acme") as session:
        session.execute(update(Ticket).where(Ticket.id == ticket_id).values(**values))
        session.commit()


def scan_and_send(jobs, clock):
    """Tick at the pinned time and work every job (the scans, then their notices)."""
    jobs.tick(clock["now"])
    jobs.work()


def test_a_notice_that_cannot_be_sent_does_not_lose_the_others(service, app, tenant_session, jobs, smtp, clock,
                                                                monkeypatch, caplog):
    policy = add_policy(tenant_session)
    warned(service, tenant_session, clock, policy, age=timedelta(hours=2), subject="Boom")  # its notice goes first
    warned(service, tenant_session, clock, policy, assignee="rep_n2", subject="Fine")
    real = notices.send_email

    def refusing(to, subject, body, **kwargs):
        if "Boom" in subject:
            raise SMTPException("the server refused it")
        return real(to, subject, body, **kwargs)

    monkeypatch.setattr(notices, "send_email", refusing)
    with caplog.at_level(logging.WARNING):
        scan_and_send(jobs, clock)
    assert len(smtp.to(service.acme.users["rep_n2"].email)) == 1
    assert smtp.to(service.acme.users["rep_n1"].email) == []
    [job] = [job for job in jobs_of_kind(app, scan.NOTICE_KIND) if job.tenant_id == service.acme.id]
    assert job.status == "finished" and (job.result["sent"], job.result["failed"]) == (1, 1)
    assert "the server refused it" in caplog.text


def changed_meanwhile(monkeypatch, **values):
    """Make the scan act on tickets that another request changed (and committed) after the scan read them."""
    act = scan.Scan.act

    def late(self, row):
        db.session.execute(update(Ticket).where(Ticket.id == row.id).values(**values)
                           .execution_options(synchronize_session=False))  # the scan's row does not see it
        act(self, row)

    monkeypatch.setattr(scan.Scan, "act", late)


def test_a_ticket_resolved_after_the_scan_read_it_is_not_breached(service, tenant_session, jobs, smtp, clock,
                                                                   monkeypatch):
    policy = add_policy(tenant_session)
    ticket_id = warned(service, tenant_session, clock, policy, resolution_due_at=clock["now"] - timedelta(minutes=1))
    changed_meanwhile(monkeypatch, status="resolved", resolved_at=clock["now"], resolution_due_at=None,
                      resolution_alert_at=None)
    scan_and_send(jobs, clock)
    row = ticket(tenant_session, ticket_id)
    assert row.status == "resolved" and row.resolution_breached_at is None
    assert timeline(tenant_session, ticket_id) == [] and smtp.messages == []


def test_a_ticket_reassigned_after_the_scan_read_it_keeps_its_new_assignee(service, tenant_session, jobs, smtp, clock,
                                                                           monkeypatch):
    acme = service.acme
    policy = add_policy(tenant_session, escalation="reassign", reassign_to_id=acme.users["rep_n2"].id)
    ticket_id = warned(service, tenant_session, clock, policy, resolution_due_at=clock["now"] - timedelta(minutes=1))
    changed_meanwhile(monkeypatch, assignee_id=acme.users["rep_s1"].id)
    scan_and_send(jobs, clock)
    assert ticket(tenant_session, ticket_id).assignee_id == acme.users["rep_s1"].id
    assert smtp.messages == []


# The first burst runs exactly the tick's jobs, in the order queued. With the workspace's
# running cap (jobs/fairness.py) RQ would defer acme's jobs past the cap behind the
# notices its scan queued, and the burst would send them before the changes below.
@pytest.mark.app_config(CRM_JOB_WORKSPACE_MAX_RUNNING=1000)
def test_the_notice_is_checked_again_when_it_is_sent(service, app, tenant_session, jobs, smtp, clock):
    policy = add_policy(tenant_session)
    answered = warned(service, tenant_session, clock, policy, target="first_response")
    resolved = warned(service, tenant_session, clock, policy)
    moved = warned(service, tenant_session, clock, policy)
    still = warned(service, tenant_session, clock, policy)
    scheduled = len(jobs.tick(clock["now"])["started"])
    with app.app_context():  # the scheduled jobs (the scans among them) run; the notices the scans queued wait
        InProcessWorker(["crm"], connection=jobs.redis).work(burst=True, max_jobs=scheduled)
    later = clock["now"] + timedelta(minutes=2)
    set_columns(tenant_session, answered, first_response_at=later, first_response_due_at=None,
                first_response_alert_at=None)
    set_columns(tenant_session, resolved, status="closed", closed_at=later)
    set_columns(tenant_session, moved, assignee_id=service.acme.users["rep_n2"].id)
    jobs.work()
    assert len(smtp.to(service.acme.users["rep_n1"].email)) == 1  # only `still`'s warning
    assert smtp.to(service.acme.users["rep_n2"].email) == []
    [job] = [job for job in jobs_of_kind(app, scan.NOTICE_KIND) if job.tenant_id == service.acme.id]
    skipped = {entry["ticket_id"]: entry["reason"] for entry in job.result["skipped"]}
    assert skipped == {answered: "met", resolved: "resolved", moved: "reassigned"}
    assert still not in skipped and job.result["sent"] == 1


def test_notices_wait_in_the_table_when_redis_is_down(service, app, tenant_session, jobs, smtp, clock):
    policy = add_policy(tenant_session)
    ticket_id = warned(service, tenant_session, clock, policy)
    jobs.tick(clock["now"])
    app.config["CRM_REDIS_URL"] = "redis://127.0.0.1:1/0"  # the worker still takes the scan; pushing its notices fails
    app.extensions.pop("crm_redis", None)
    jobs.work()
    assert ticket(tenant_session, ticket_id).resolution_warned_at == clock["now"]
    scans = [job for job in jobs_of_kind(app, scan.KIND) if job.tenant_id == service.acme.id]
    assert [job.status for job in scans] == ["finished"]
    [notice] = [job for job in jobs_of_kind(app, scan.NOTICE_KIND) if job.tenant_id == service.acme.id]
    assert notice.status == "queued"  # the tick's recovery pushes it once Redis is back
