"""The SLA notice job on a real worker and SMTP server: each notice on its own, and checked again when it is sent."""
import logging
from datetime import timedelta
from smtplib import SMTPException

import mail_support
import pytest
from mail_support import jobs_of_kind
from service_kit import make_ticket
from service_sla_support import add_policy, now

from plugins.service_support.sla import notices, scan

smtp, app_config = mail_support.smtp, mail_support.app_config


@pytest.fixture
def clock(monkeypatch):
    """The scan's clock, pinned."""
    pinned = {"now": now()}
    monkeypatch.setattr(scan, "utcnow", lambda: pinned["now"])
    return pinned


def warned(world, tenant_session, clock, policy_id, age=timedelta(hours=1), **columns):
    """An open ticket made `age` ago whose resolution warning is due now (due in 29 minutes)."""
    at = clock["now"]
    return make_ticket(world, tenant_session, sla_policy_id=policy_id, created_at=at - age,
                       resolution_due_at=at + timedelta(minutes=29), resolution_alert_at=at - timedelta(minutes=1),
                       **columns)


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
