"""The module's demo data (`crm demo`): the skill and resource catalogues, a profile for each of the demo's reps and
managers (skills, certificates, resources, home region, dates, capacity), customers' preferred and excluded people,
weeks of finished and rated work, a saved policy version, tasks in hand and open tasks for the board.
Chinese when the demo is; the same data for the same seed."""
import random

from sqlalchemy import select

from crm_platform.sdk import Customer, db, gettext as _, utcnow, workspace_today

from plugins.task_dispatch.demo import people
from plugins.task_dispatch.demo.clock import DemoClock
from plugins.task_dispatch.demo.texts_en import EN
from plugins.task_dispatch.demo.texts_zh import ZH
from plugins.task_dispatch.demo.work import WorkStory
from plugins.task_dispatch.models import CatalogueItem

CUSTOMERS = 30
"""How many of the demo's customers have dispatch work."""


def work_customers(rng, count):
    """`count` customers with a region, owned or pooled, the same ones for the same seed (picked in name order)."""
    customers = db.session.scalars(select(Customer).where(Customer.region.is_not(None))
                                   .order_by(Customer.name, Customer.email, Customer.id)).all()
    return rng.sample(customers, min(count, len(customers)))


def fill(seed, chinese, echo):
    """Fill the demo workspace (in scope) with dispatch data; `chinese` picks Chinese names and texts.

    A workspace that already has a catalogue is left as it is (the demo is made once).
    """
    if db.session.scalar(select(CatalogueItem.id).limit(1)) is not None:
        echo(_("Dispatch: the workspace already has dispatch data; left as it is."))
        return
    rng = random.Random(seed)
    texts = ZH if chinese else EN
    now = utcnow().replace(microsecond=0)
    team = people.staff()
    echo(_("Dispatch: skills, resources and the engineers' profiles ..."))
    people.seed_catalogue(team.admin, texts)
    by_key, plans = people.seed_profiles(rng, texts, team, workspace_today(now))
    customers = work_customers(rng, CUSTOMERS)
    if not customers or not plans:
        echo(_("Dispatch: no customers or no one to give work to; the catalogue and profiles only."))
        return
    wished = customers[:3]
    people.seed_customer_people(texts, team.admin, by_key, wished)
    story = WorkStory(rng, texts, team, plans, customers, DemoClock(rng, now))
    echo(_("Dispatch: weeks of finished and rated work, and the policy ..."))
    story.history()
    story.refresh()
    echo(_("Dispatch: tasks in hand and open tasks for the board ..."))
    story.in_hand()
    story.open_tasks(wished)
