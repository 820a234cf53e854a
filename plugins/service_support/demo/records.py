"""The service demo's settings-like records: SLA policies, the knowledge base, canned replies and requirements.

Everything goes through the features' own services (their checks, their history);
only the creation times are set back afterwards, so the lists read as weeks of work.
"""
from datetime import timedelta

from sqlalchemy import select

from crm_platform.sdk import db

from plugins.service_support.knowledge.articles import save_article
from plugins.service_support.knowledge.service import save_reply
from plugins.service_support.models import RequirementAnswer, RequirementVote
from plugins.service_support.models.requirements import REQUIREMENT_STATUSES
from plugins.service_support.requirements import service as requirements
from plugins.service_support.sla.policies import save_policy

BUSINESS_DAY = 8 * 60
"""Business minutes in a working day of the default calendar (09:00-12:00 and 13:00-18:00)."""
POLICIES = (  # key, priority, category, first response, resolution, warning before, escalation
    ("urgent", "urgent", None, 30, 4 * 60, 10, "raise_priority"),
    ("high", "high", None, 60, 8 * 60, 30, "notify_manager"),
    ("complaint", None, "complaint", 2 * 60, BUSINESS_DAY, 60, "notify_manager"),
    ("default", None, None, 4 * 60, 3 * BUSINESS_DAY, 120, "notify_manager"),
)


def seed_policies(texts):
    """The four policies: urgent, high, complaints and the catch-all."""
    for key, priority, category, first, resolution, warn, escalation in POLICIES:
        save_policy({"name": texts.policies[key], "priority": priority, "category": category,
                     "first_response_minutes": first, "resolution_minutes": resolution,
                     "warn_before_minutes": warn, "escalation": escalation, "active": True})


def seed_knowledge(rng, texts, people, now):
    """The articles (one unpublished draft), shared canned replies, and a rep's personal one."""
    for index, (title, category, keywords, body) in enumerate(texts.articles):
        article = save_article(people.admin, {"title": title, "body": body, "category": category,
                                              "keywords": keywords, "published": index != len(texts.articles) - 1})
        article.created_at = article.updated_at = now - timedelta(days=rng.randint(20, 120))
    for title, body in texts.replies:
        save_reply(people.admin, {"title": title, "body": body, "shared": True})
    for title, body in texts.personal_replies:
        save_reply(people.reps[0], {"title": title, "body": body, "shared": False})
    db.session.commit()


def seed_requirements(rng, texts, people, customers, asked_in_tickets, now):
    """A requirement in every status, each asked by one to four customers (some from tickets), with answers.

    `asked_in_tickets` lists (ticket, its assignee) of requirement tickets: each
    gives the first vote of a requirement, linked to the ticket.
    """
    responsible = [people.managers[0], people.managers[-1], people.admin]
    for index, (title, description) in enumerate(texts.requirements):
        status = REQUIREMENT_STATUSES[index % len(REQUIREMENT_STATUSES)]
        owner = responsible[index % len(responsible)]
        if index < len(asked_in_tickets):
            ticket, maker = asked_in_tickets[index]
            source = {"ticket_id": ticket.id}
        else:
            maker, source = people.admin, {"customer_id": rng.choice(customers).id}
        requirement = requirements.create_requirement(maker, {"title": title, "description": description,
                                                              "responsible_id": owner.id, **source})
        voters = rng.sample(customers, rng.randint(0, 3))
        for customer in voters:
            if customer.id not in requirements_voters(requirement):
                requirements.add_vote(people.admin, requirement, {"customer_id": customer.id,
                                                                  "note": rng.choice(texts.vote_notes)})
        if status != "new":
            requirements.update_requirement(owner, requirement, {"status": status,
                                                                 "comment": texts.status_comments[status]})
        if index % 2:
            requirements.add_answer(people.admin, requirement, rng.choice(texts.answers))
        _set_back(requirement, now - timedelta(days=rng.randint(3, 60), hours=rng.randint(0, 8)), now)
    db.session.commit()


def requirements_voters(requirement):
    """The ids of the customers who already asked for `requirement`."""
    return set(db.session.scalars(select(RequirementVote.customer_id)
                                  .where(RequirementVote.requirement_id == requirement.id)))


def _set_back(requirement, created, now):
    """Date the requirement, its votes and its answers from `created` on, in the order they were made."""
    requirement.created_at = created
    votes = db.session.scalars(select(RequirementVote).where(RequirementVote.requirement_id == requirement.id)
                               .order_by(RequirementVote.created_at, RequirementVote.id)).all()
    answers = db.session.scalars(select(RequirementAnswer).where(RequirementAnswer.requirement_id == requirement.id)
                                 .order_by(RequirementAnswer.created_at, RequirementAnswer.id)).all()
    step = (now - created) / (len(votes) + len(answers) + 1)
    for position, row in enumerate([*votes, *answers]):
        row.created_at = created + step * position
    if requirement.reviewed_at is not None:
        requirement.reviewed_at = answers[-1].created_at if answers else created
    requirement.updated_at = answers[-1].created_at if answers else created
