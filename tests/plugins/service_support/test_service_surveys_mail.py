"""The survey goes out by mail from a real worker; a low score plans a return visit and mails the managers."""
import re
from datetime import date, datetime, timezone

from sqlalchemy import select

import mail_support
from crm_platform.sdk import Tenant
from mail_support import BASE_URL, body, jobs_of_kind
from service_followups_support import follow_ups, resolve, set_status, surveys, through_workflow
from service_kit import make_ticket

from plugins.service_support.models import TicketEvent
from plugins.service_support.surveys import hooks as survey_hooks
from plugins.service_support.surveys.service import token_hash

smtp, app_config = mail_support.smtp, mail_support.app_config

CONTACT = "contact@n1_alpha.test"


def survey_link(message):
    """The path and token of the survey link in a mail."""
    found = re.search(re.escape(BASE_URL) + r"(/service/survey/([A-Za-z0-9_\-]{43}))\s", body(message))
    assert found, body(message)
    return found.groups()


def test_a_resolved_ticket_mails_its_contact_a_link_only_the_mail_knows(service, tenant_session, jobs, smtp, client,
                                                                         app):
    ticket = make_ticket(service, tenant_session, category="inquiry", contact="n1_alpha")
    resolve(tenant_session, service, ticket, datetime(2026, 3, 9, 8, tzinfo=timezone.utc))
    [survey] = surveys(tenant_session)
    assert survey.sent_at is None and survey.email == CONTACT
    assert smtp.to(CONTACT) == []
    jobs.work()
    [message] = smtp.to(CONTACT)
    path, token = survey_link(message)
    assert "How did we do?" in message["Subject"] and "T-" in message["Subject"]
    [survey] = surveys(tenant_session)
    assert survey.token_hash == token_hash(token) and survey.sent_at is not None
    [job] = jobs_of_kind(app, "service_support_survey_mail")
    assert job.status == "finished" and token not in str(job.params) and token not in str(job.result)
    with tenant_session("acme") as session:
        kinds = [e.kind for e in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket))]
        assert kinds == ["survey_sent"]
    assert client.get(path).status_code == 200
    jobs.work()
    assert len(smtp.to(CONTACT)) == 1  # nothing more to send


def test_no_contact_email_no_survey_and_one_survey_per_ticket(service, tenant_session, jobs, smtp):
    without = make_ticket(service, tenant_session, category="fault")
    resolve(tenant_session, service, without, datetime(2026, 3, 9, 8, tzinfo=timezone.utc))
    assert surveys(tenant_session) == []
    ticket = make_ticket(service, tenant_session, category="complaint", contact="n1_alpha")
    resolve(tenant_session, service, ticket, datetime(2026, 3, 9, 8, tzinfo=timezone.utc))
    set_status(tenant_session, service, ticket, "open", datetime(2026, 3, 10, 8, tzinfo=timezone.utc))
    resolve(tenant_session, service, ticket, datetime(2026, 3, 11, 8, tzinfo=timezone.utc))
    jobs.work()
    assert len(surveys(tenant_session)) == 1 and len(smtp.to(CONTACT)) == 1


def test_a_ticket_closed_without_resolving_first_is_surveyed_too(service, tenant_session, jobs, smtp):
    ticket = make_ticket(service, tenant_session, category="inquiry", status="pending", contact="n1_alpha")
    through_workflow(tenant_session, service, ticket, "closed", datetime(2026, 3, 9, 8, tzinfo=timezone.utc))
    assert [survey.ticket_id for survey in surveys(tenant_session)] == [ticket]
    jobs.work()
    assert len(smtp.to(CONTACT)) == 1


def test_the_mail_and_the_page_speak_the_workspaces_language(service, tenant_session, jobs, smtp, client):
    with tenant_session("acme") as session:
        tenant = session.scalar(select(Tenant).where(Tenant.id == service.acme.id))
        tenant.settings = {**tenant.settings, "locale": "zh_CN"}
        session.commit()
    ticket = make_ticket(service, tenant_session, contact="n1_alpha")
    resolve(tenant_session, service, ticket, datetime(2026, 3, 9, 8, tzinfo=timezone.utc))
    jobs.work()
    [message] = smtp.to(CONTACT)
    assert "满意" in message["Subject"]
    path, _ = survey_link(message)
    page = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "满意度调查" in page and 'lang="zh' in page


def test_a_low_score_plans_a_return_visit_and_mails_the_owners_managers(service, tenant_session, jobs, smtp, client):
    ticket = make_ticket(service, tenant_session, category="inquiry", contact="n1_alpha")
    resolve(tenant_session, service, ticket, datetime(2026, 4, 30, 8, tzinfo=timezone.utc))
    jobs.work()
    path, _ = survey_link(smtp.to(CONTACT)[0])
    answered = client.post(path, data={"score": "2", "comment": "Nobody called back."})
    assert answered.status_code == 200
    [visit] = follow_ups(tenant_session)
    assert (visit.reason, visit.owner_id, visit.ticket_id) == ("low_score", service.acme.users["rep_n1"].id, ticket)
    assert visit.due_date > date.today() or visit.due_date.weekday() < 5
    jobs.work()
    # rep_n1's team (North-1) has no manager: the branch above it does.
    [mail] = smtp.to(service.acme.users["manager_north"].email)
    assert "2/5" in mail["Subject"] and "Nobody called back." in body(mail)
    assert f"{BASE_URL}/service/followups/{visit.id}" in body(mail)
    assert smtp.to(service.acme.users["manager_south"].email) == []


def test_the_survey_mail_is_never_run_twice_by_the_recovery():
    # A second run after the mail went out but before sent_at committed would mail a new link and kill the first.
    kinds = {kind.name: kind for kind in survey_hooks.job_kinds()}
    assert kinds["service_support_survey_mail"].idempotent is False
    assert kinds["service_support_low_score_mail"].idempotent is False
