"""Win rate and cycle: of the opportunities closed in the period, how many were won, how big and how fast, per rep
and per org unit.

Closed in the period: status won or lost with closed_at in the period, visible to
the viewer, owned by people in scope. The cycle of a won deal is the number of days
from the workspace date it was created to the workspace date it was won.
"""
from sqlalchemy import select

from crm_platform.sdk import User, db, unit_subtree_ids, workspace_timezone

from plugins.sales_automation.models import Opportunity
from plugins.sales_automation.remit import remit_units
from plugins.sales_automation.reports.figures import ZERO, average, percent_of


def _closed(scope):
    """[(owner id, status, amount, created_at, closed_at)] of the deals closed in the period."""
    return db.session.execute(
        select(Opportunity.owner_id, Opportunity.status, Opportunity.amount, Opportunity.created_at,
               Opportunity.closed_at)
        .where(Opportunity.status.in_(("won", "lost")), scope.within(Opportunity.closed_at),
               scope.records(Opportunity))).all()


def _days(created_at, closed_at, zone):
    """Whole days between the workspace dates of `created_at` and `closed_at`."""
    return (closed_at.astimezone(zone).date() - created_at.astimezone(zone).date()).days


def _figures(deals, zone):
    """The row figures of `deals`: closed, won, lost, win_rate, won_amount, average_won, cycle_days."""
    won = [deal for deal in deals if deal.status == "won"]
    won_amount = sum((deal.amount for deal in won), ZERO)
    cycle = sum(_days(deal.created_at, deal.closed_at, zone) for deal in won)
    return {"closed": len(deals), "won": len(won), "lost": len(deals) - len(won),
            "win_rate": percent_of(len(won), len(deals)), "won_amount": won_amount,
            "average_won": average(won_amount, len(won)), "cycle_days": average(cycle, len(won), "0.1")}


def win_rate_and_cycle(scope):
    """(rep rows, unit rows, totals) of the period; a rep row per active person in scope (or with closed deals).

    Unit rows are the units the viewer may filter by (within the unit chosen), each
    counting the deals of the people in it and the units under it.
    """
    zone = workspace_timezone()
    deals = _closed(scope)
    people = db.session.execute(select(User.id, User.name, User.active, User.org_unit_id)
                                .where(User.id.in_(scope.people()))).all()
    reps = []
    for person in people:
        mine = [deal for deal in deals if deal.owner_id == person.id]
        if person.active or mine:
            reps.append({"user_id": person.id, "name": person.name, **_figures(mine, zone)})
    reps.sort(key=lambda row: (row["name"].casefold(), row["user_id"]))
    units = []
    chosen = None if scope.unit_id is None else set(db.session.scalars(unit_subtree_ids(scope.unit_id)))
    for unit_id, name, depth in remit_units(scope.user):
        if chosen is not None and unit_id not in chosen:
            continue
        members = set(db.session.scalars(select(User.id).where(User.org_unit_id.in_(unit_subtree_ids(unit_id)))))
        units.append({"unit_id": unit_id, "name": name, "depth": depth,
                      **_figures([deal for deal in deals if deal.owner_id in members], zone)})
    return reps, units, _figures(deals, zone)

