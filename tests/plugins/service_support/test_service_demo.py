"""`crm demo` fills the service module: tickets in every status, SLA clocks and breaches, visits, surveys, requirements."""
import re

from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.models import Job, Tenant
from crm_platform.sdk import is_enabled
from crm_platform.tenancy import tenant_scope, unscoped
from tenants.demo import create_demo

from plugins.service_support.models import (
    Article, CannedReply, FollowUp, Requirement, RequirementAnswer, RequirementVote, SlaPolicy, Survey, Ticket,
    TicketEvent, TicketMessage,
)
from plugins.service_support.models.requirements import REQUIREMENT_STATUSES
from plugins.service_support.models.tickets import CATEGORIES, CHANNELS, PRIORITIES, STATUSES

HAN = re.compile(r"[\u4e00-\u9fff]")


def demo_scope(app, locale):
    """Make the demo in `locale`; returns its tenant id and the lines it printed."""
    lines = []
    with app.app_context():
        create_demo(customers=120, echo=lines.append, locale=locale)
        with unscoped("the test reads the demo workspace"):
            return db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo")), lines


def values(column):
    """The distinct values of `column` in the workspace in scope."""
    return set(db.session.scalars(select(column).distinct()))


def test_the_demo_has_tickets_in_every_state_with_sla_clocks_and_answered_surveys(app):
    tenant_id, lines = demo_scope(app, "zh_CN")
    assert not any("could not fill" in line for line in lines), lines
    with app.app_context(), tenant_scope(tenant_id):
        assert is_enabled("service_support")
        assert values(Ticket.status) == set(STATUSES)
        assert values(Ticket.category) == set(CATEGORIES) and values(Ticket.channel) == set(CHANNELS)
        assert values(Ticket.priority) == set(PRIORITIES)
        for status in STATUSES:  # every status has every category
            assert set(db.session.scalars(select(Ticket.category).where(Ticket.status == status))) == set(CATEGORIES)
        tickets = db.session.scalars(select(Ticket)).all()
        assert all(t.sla_policy_id is not None for t in tickets), "every ticket got a policy from the signals"
        assert any(t.assignee_id is None and t.team_unit_id is not None for t in tickets), "a team queue"
        waiting = [t for t in tickets if t.status in ("new", "open")]
        assert any(t.resolution_due_at is not None for t in waiting), "due times counted by the SLA feature"
        assert any(t.first_response_breached_at or t.resolution_breached_at for t in tickets), "some breached"
        assert any(t.first_response_due_at and t.first_response_breached_at is None for t in waiting), "some within"
        assert all(t.paused_at is not None for t in tickets if t.status == "pending")
        answered = [t for t in tickets if t.first_response_at is not None]
        assert answered and all(t.first_response_minutes is not None and t.first_response_at > t.created_at
                                for t in answered)
        settled = [t for t in tickets if t.status in ("resolved", "closed")]
        assert all(t.resolved_at and t.resolution_minutes is not None and t.resolver_id for t in settled)
        assert all(t.closed_at > t.resolved_at for t in tickets if t.status == "closed")
        assert any(t.reopen_count for t in tickets)
        assert db.session.scalar(select(func.count()).select_from(TicketMessage)
                                 .where(TicketMessage.kind == "note")) > 0
        assert db.session.scalar(select(func.count()).select_from(TicketMessage)
                                 .where(TicketMessage.mailed_to.is_not(None))) == 0, "the demo mails no contact"
        assert {"sla_breach", "sla_warning"} & values(TicketEvent.kind)
        # Return visits after resolved complaints, some done; surveys answered 1-5, a low one made a visit.
        assert {f.reason for f in db.session.scalars(select(FollowUp))} == {"complaint_resolved", "low_score"}
        assert db.session.scalar(select(func.count()).select_from(FollowUp).where(FollowUp.outcome.is_not(None))) > 0
        scores = set(db.session.scalars(select(Survey.score).where(Survey.answered_at.is_not(None))))
        assert scores == {1, 2, 3, 4, 5}
        assert all(s.sent_at is not None for s in db.session.scalars(select(Survey)))
        assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind.like("service_support%"),
                                                                              Job.kind.like("%reply_mail"))) == 0
        # Requirements in every status, with votes and answers; policies, articles and canned replies.
        assert values(Requirement.status) == set(REQUIREMENT_STATUSES)
        assert db.session.scalar(select(func.count()).select_from(RequirementVote)
                                 .where(RequirementVote.ticket_id.is_not(None))) > 0
        assert db.session.scalar(select(func.count()).select_from(RequirementAnswer)) >= 4
        assert db.session.scalar(select(func.count()).select_from(SlaPolicy)) == 4
        titles = values(Article.title)
        assert {"冷库温度异常处理", "发票开具流程", "退换货政策"} <= titles
        assert db.session.scalar(select(func.count()).select_from(CannedReply).where(CannedReply.owner_id.is_(None)))
        assert all(HAN.search(t.subject) for t in tickets)


def test_the_english_demo_is_in_english_and_the_same_for_the_same_seed(app):
    tenant_id, _ = demo_scope(app, "en")
    with app.app_context(), tenant_scope(tenant_id):
        first = sorted(db.session.execute(select(Ticket.subject, Ticket.status, Ticket.priority)).all())
        assert first and not any(HAN.search(subject) for subject, _, _ in first)
        assert values(Ticket.status) == set(STATUSES)
    with app.app_context():
        create_demo(customers=120, echo=lambda line: None, locale="en", reset=True)
        with unscoped("the test reads the demo workspace"):
            tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo"))
    with app.app_context(), tenant_scope(tenant_id):
        again = sorted(db.session.execute(select(Ticket.subject, Ticket.status, Ticket.priority)).all())
    assert again == first
