"""The module's demo data (`crm demo`): SLA policies, a knowledge base and canned replies, tickets in every status
with their replies, SLA breaches, return visits and answered surveys, and requirements. Chinese when the demo is."""
import random
from types import SimpleNamespace

from sqlalchemy import select

from crm_platform.sdk import Customer, User, db, gettext as _, utcnow

from plugins.service_support.demo import records
from plugins.service_support.demo.clock import DemoClock
from plugins.service_support.demo.texts_en import EN
from plugins.service_support.demo.texts_zh import ZH
from plugins.service_support.demo.tickets import TicketStory

CUSTOMERS = 40
"""How many of the demo's customers have tickets (their owners work them)."""


def people():
    """The workspace's active users: admin, managers and reps (by email, so the same people every run), and by id."""
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.email)).all()
    return SimpleNamespace(admin=next(user for user in users if user.role == "admin"),
                           managers=[user for user in users if user.role == "manager"],
                           reps=[user for user in users if user.role == "rep"],
                           by_id={user.id: user for user in users})


def ticket_customers(rng, count):
    """`count` owned customers, the same ones for the same seed (picked from a list in name order)."""
    customers = db.session.scalars(select(Customer).where(Customer.owner_id.is_not(None))
                                   .order_by(Customer.name, Customer.email, Customer.id)).all()
    return rng.sample(customers, min(count, len(customers)))


def fill(seed, chinese, echo):
    """Fill the demo workspace in scope (crm_demo_data)."""
    rng = random.Random(seed)
    texts = ZH if chinese else EN
    now = utcnow().replace(microsecond=0)
    staff = people()
    echo(_("Service: SLA policies, knowledge base and canned replies ..."))
    records.seed_policies(texts)
    records.seed_knowledge(rng, texts, staff, now)
    echo(_("Service: tickets in every status, with replies, SLA breaches, return visits and surveys ..."))
    customers = ticket_customers(rng, CUSTOMERS)
    story = TicketStory(rng, texts, staff, customers, DemoClock(rng, now))
    story.seed()
    echo(_("Service: requirements with votes and answers ..."))
    records.seed_requirements(rng, texts, staff, customers, story.requirement_tickets, now)
