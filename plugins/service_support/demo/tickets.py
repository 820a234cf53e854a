"""The service demo's tickets: every status, category, channel and priority, each with a story told in order.

A ticket is created in the past through the tickets service (its SLA policy and
due times follow from the signals, counted from that past), answered, noted,
paused, resolved and closed at later instants, each through the service or the
workflow. No contact is mailed (their addresses are made up): replies are recorded
without mail, a survey is marked sent in the commit that makes it (its queued mail
job then skips it), and the SLA scan's notices are dropped; only a low score's notice
goes to the demo's managers, at the demo's own domain.
"""
from datetime import timedelta

from sqlalchemy import select, update

from crm_platform.sdk import Contact, db, utcnow

from plugins.service_support.followups.service import record_outcome
from plugins.service_support.models import FollowUp, Ticket, TicketEvent
from plugins.service_support.models.tickets import CATEGORIES, CHANNELS, PRIORITIES, STATUSES
from plugins.service_support.sla import scan
from plugins.service_support.surveys import service as surveys
from plugins.service_support.tickets.conversation import add_message
from plugins.service_support.tickets.service import create_ticket
from plugins.service_support.tickets.workflow import move_status

PER_STATUS = 12
"""Tickets per status: three of each category, the channels and priorities turning."""
SCORES = (5, 2, 4, 5, 3, 1, 4, 5, 4, 3, 5, 4)
"""The survey scores given, in turn (the second is low: it makes a return visit)."""


def plan():
    """[(status, category, channel, priority, turn)] of every demo ticket: each status has every category."""
    return [(status, CATEGORIES[turn % 4], CHANNELS[(turn + position) % 4],
             PRIORITIES[(turn // 4 + position + turn) % 4], turn)
            for turn in range(PER_STATUS) for position, status in enumerate(STATUSES)]


def move(actor, ticket, status, at):
    """Move `ticket` through the workflow at `at`; a survey this makes is marked sent in the same commit."""
    move_status(actor, ticket, status, at)
    survey = surveys.for_ticket(ticket.id)
    if survey is not None and survey.sent_at is None:
        survey.sent_at = at
    db.session.commit()


class TicketStory:
    """Seeds the tickets of the demo on its customers, by its people, at the demo clock's instants."""

    def __init__(self, rng, texts, people, customers, clock):
        self.rng, self.texts, self.people, self.clock = rng, texts, people, clock
        self.customers = customers
        self.scores = iter(SCORES * 4)
        self.requirement_tickets = []

    def seed(self):
        """Every planned ticket, then the SLA scan (breaches and warnings), then the finished return visits."""
        for status, category, channel, priority, turn in plan():
            self.ticket(status, category, channel, priority, turn)
        self.scan()
        self.finish_return_visits()

    def ticket(self, status, category, channel, priority, turn):
        """One ticket told up to `status`."""
        customer = self.customers[(turn * len(STATUSES) + STATUSES.index(status)) % len(self.customers)]
        owner = self.people.by_id.get(customer.owner_id) or self.people.reps[turn % len(self.people.reps)]
        queued = status == "new" and turn % 4 == 3  # waiting in the owner's team queue, nobody assigned yet
        subject, description = self.texts.subjects[category][turn // 4 % len(self.texts.subjects[category])]
        created = self.clock.at_work(self.age(status, turn))
        ticket = create_ticket(self.people.admin if queued else owner, {
            "customer_id": customer.id, "contact_id": self.contact_id(customer), "channel": channel,
            "category": category, "priority": priority, "subject": subject, "description": description,
            "assignee_id": None if queued else owner.id, "team_unit_id": owner.org_unit_id}, now=created)
        if status == "new":
            return
        agent, rng, texts, clock = owner, self.rng, self.texts, self.clock
        replied = clock.after(created, rng.randint(15, 240))
        add_message(agent, ticket, "reply", rng.choice(texts.first_replies), now=replied, mail=False)
        if turn % 2:
            add_message(agent, ticket, "note", rng.choice(texts.notes), now=clock.after(replied, 30))
        if status == "pending":
            move(agent, ticket, "pending", clock.after(replied, 5))
            add_message(agent, ticket, "reply", rng.choice(texts.pending_replies), now=clock.after(replied, 6),
                        mail=False)
        elif status == "open" and turn == PER_STATUS - 1:  # resolved too soon, reopened by the customer
            move(agent, ticket, "resolved", clock.after(replied, 60))
            move(agent, ticket, "open", clock.after(replied, 180))
        elif status in ("resolved", "closed"):
            self.settle(agent, ticket, status, replied, turn)
        if category == "requirement":
            self.requirement_tickets.append((ticket, agent))

    def age(self, status, turn):
        """How many working days ago a ticket of `status` came in (new ones today and a few days back)."""
        low, high = {"new": (0, 4), "open": (1, 6), "pending": (1, 4), "resolved": (2, 6), "closed": (7, 25)}[status]
        return low + (turn * 7) % (high - low + 1)

    def contact_id(self, customer):
        """The customer's first contact with an email address (for the survey), else its first, else None."""
        contacts = db.session.execute(select(Contact.id, Contact.email).where(Contact.customer_id == customer.id)
                                      .order_by(Contact.name, Contact.id)).all()
        with_email = [row.id for row in contacts if row.email]
        return (with_email or [row.id for row in contacts] or [None])[0]

    def settle(self, agent, ticket, status, replied, turn):
        """Resolve (and close) the ticket; its contact answers the survey, most of the time."""
        now, rng = self.clock.now, self.rng
        if status == "resolved":
            resolved = max(self.clock.after(replied, 30), now - timedelta(hours=rng.randint(3, 60)))
        else:
            resolved = self.clock.after(replied, rng.randint(60, 2 * 24 * 60))
        add_message(agent, ticket, "reply", rng.choice(self.texts.resolution_replies),
                    now=resolved - timedelta(minutes=1), mail=False)
        move(agent, ticket, "resolved", resolved)
        if status == "closed":
            move(None, ticket, "closed", min(resolved + timedelta(days=3), now - timedelta(minutes=1)))
        survey = surveys.for_ticket(ticket.id)
        answered = resolved + timedelta(hours=rng.randint(2, 30))
        if survey is not None and answered < now and (status == "closed" or turn % 2 == 0):
            score = next(self.scores)
            surveys.answer(survey, score, self.texts.survey_comments[score], now=answered)

    def scan(self):
        """The SLA scan as the schedule would run it now: warnings and breaches on the timelines (no mail)."""
        run = scan.Scan(utcnow())
        for ticket in db.session.scalars(scan.due_for_action(run.now).order_by(Ticket.created_at, Ticket.id)).all():
            run.act(ticket)
        db.session.commit()

    def finish_return_visits(self):
        """The return visits already due after closed complaints are done, with how they went."""
        outcomes = [(result, text) for result, texts in self.texts.follow_up_outcomes.items() for text in texts]
        due = db.session.scalars(
            select(FollowUp).join(Ticket, Ticket.id == FollowUp.ticket_id)
            .where(Ticket.status == "closed", FollowUp.done_at.is_(None), FollowUp.reason == "complaint_resolved")
            .order_by(FollowUp.due_date, FollowUp.created_at)).all()
        for index, follow_up in enumerate(due):
            result, outcome = outcomes[index % len(outcomes)]
            owner = self.people.by_id[follow_up.owner_id]
            record_outcome(owner, follow_up, {"result": result, "outcome": outcome,
                                              "kind": "visit" if index % 3 == 2 else "call"})
            # Done on its due date, not today: the visit and its timeline line are dated back together.
            done = self.clock.on(follow_up.due_date)
            follow_up.done_at = done
            db.session.execute(update(TicketEvent).where(TicketEvent.ticket_id == follow_up.ticket_id,
                                                         TicketEvent.kind == "follow_up_done")
                               .values(created_at=done), execution_options={"synchronize_session": False})
            db.session.commit()
