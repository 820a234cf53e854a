"""Demo forecast data: each open opportunity's category, reps' quotas around this month, a manager's adjustment."""
from decimal import Decimal

from sqlalchemy import select

from crm_platform.sdk import OrgUnit, User, db, workspace_today

from plugins.sales_automation.forecast.service import adjust, forecast, subject_row
from plugins.sales_automation.models import Opportunity, Quota, Stage
from plugins.sales_automation.quotas.service import month_start, months_after
from plugins.sales_automation.remit import remit_user_ids

MONTHS_BACK, MONTHS_AHEAD = 3, 2
NOTE = {True: "客户已口头确认采购意向，预计本月内签约，上调加权金额。",
        False: "The customer confirmed the order by phone; it should sign this month, so the weighted figure goes up."}


def seed_categories(rng):
    """Mark the open opportunities commit, best case or pipeline, mostly by how far along their stage is."""
    for deal, probability in db.session.execute(select(Opportunity, Stage.probability)
                                                .where(Opportunity.stage_id == Stage.id,
                                                       Opportunity.status == "open")):
        surest = "commit" if probability >= 60 else "best_case" if probability >= 30 else "pipeline"
        deal.forecast_category = surest if rng.random() < 0.8 else rng.choice(("commit", "best_case", "pipeline"))


def manager_of(rep, managers, units):
    """The manager of the nearest unit on the rep's path (their own unit first), or None."""
    path = units.get(rep.org_unit_id, "")
    placed = [int(part) for part in path.strip("/").split("/") if part]
    for unit_id in reversed(placed):
        found = next((manager for manager in managers if manager.org_unit_id == unit_id), None)
        if found is not None:
            return found
    return None


def seed_quotas(rng, admin_id):
    """Every rep's monthly quota from three months back to two ahead, set by their manager (else the admin)."""
    users = db.session.scalars(select(User).where(User.active).order_by(User.email)).all()
    units = dict(db.session.execute(select(OrgUnit.id, OrgUnit.path)).all())
    managers = [user for user in users if user.role == "manager"]
    this_month = month_start(workspace_today())
    for rep in (user for user in users if user.role == "rep"):
        setter = manager_of(rep, managers, units)
        base = rng.randrange(30, 90) * 10000
        for offset in range(-MONTHS_BACK, MONTHS_AHEAD + 1):
            db.session.add(Quota(user_id=rep.id, month=months_after(this_month, offset),
                                 amount=Decimal(base + rng.randrange(-5, 6) * 10000),
                                 set_by_id=setter.id if setter else admin_id))
    db.session.flush()


def seed_adjustment(chinese):
    """The first manager raises the weighted figure of one of the reps below them of this month by a fifth, with a note."""
    manager = db.session.scalar(select(User).where(User.role == "manager", User.active).order_by(User.email))
    if manager is None:
        return
    this_month = month_start(workspace_today())
    rep = db.session.scalar(select(User).where(User.role == "rep", User.active,
                                               User.id.in_(remit_user_ids(manager))).order_by(User.email))
    if rep is None:
        return
    row = subject_row(forecast(manager, this_month, this_month), "user", rep.id)
    figure = row["cells"][0]["weighted"] if row else Decimal("0.00")
    amount = (figure * Decimal("1.2")).quantize(Decimal("1")) if figure else Decimal("100000")
    adjust(manager, this_month, "user", rep.id, "weighted", amount, NOTE[chinese])


def fill(rng, chinese, admin_id):
    """The demo's categories, quotas and one adjustment (flushed; the caller commits)."""
    seed_categories(rng)
    seed_quotas(rng, admin_id)
    seed_adjustment(chinese)
