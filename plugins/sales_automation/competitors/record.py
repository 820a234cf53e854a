"""The win/loss record against each competitor, over the closed opportunities the viewer may see.

A competitor "met" us on a closed opportunity when it was listed as a bidder or
named as the winner of a lost deal. Per competitor: how many of those we won and
lost, their amounts, our win rate, and how many they won themselves. Amounts add
up the opportunities in the workspace's currency only (money in two currencies
does not add); the counts take every opportunity.
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from crm_platform.sdk import db, workspace_currency, workspace_timezone

from plugins.sales_automation.models import Competitor, Opportunity, OpportunityCompetitor
from plugins.sales_automation.pipelines.service import opportunity_criterion

SORTS = ("name", "met", "won", "lost", "won_amount", "lost_amount", "win_rate", "they_won")
"""The columns the record sorts by (descending with a leading "-")."""


@dataclass
class CompetitorRecord:
    """Our record against one competitor."""

    competitor_id: int
    name: str
    won: int = 0
    lost: int = 0
    they_won: int = 0
    won_amount: Decimal = field(default_factory=Decimal)
    lost_amount: Decimal = field(default_factory=Decimal)
    they_won_amount: Decimal = field(default_factory=Decimal)

    @property
    def met(self):
        """Closed opportunities on which we met them."""
        return self.won + self.lost

    @property
    def win_rate(self):
        """Our share of those we won, in percent with one place; None when we never met."""
        if not self.met:
            return None
        return (Decimal(100) * self.won / self.met).quantize(Decimal("0.1"))


def closed_between(start, end):
    """The UTC bounds [from, to) of the workspace-local days `start` to `end` (either may be None)."""
    zone = workspace_timezone()
    lower = datetime.combine(start, time.min, zone) if start else None
    upper = datetime.combine(end + timedelta(days=1), time.min, zone) if end else None
    return lower, upper


def met_pairs():
    """(competitor_id, opportunity_id) of every bid, and of every lost deal's named winner, once each."""
    bids = select(OpportunityCompetitor.competitor_id.label("competitor_id"),
                  OpportunityCompetitor.opportunity_id.label("opportunity_id"))
    winners = select(Opportunity.winner_competitor_id, Opportunity.id).where(
        Opportunity.winner_competitor_id.is_not(None))
    return bids.union(winners).subquery()


def competitor_records(user, start=None, end=None, sort="name"):
    """Our record against every competitor of the file, over closed deals `user` may see closed in the period."""
    pairs = met_pairs()
    stmt = (select(pairs.c.competitor_id, Opportunity.status, Opportunity.winner_competitor_id, Opportunity.amount,
                   Opportunity.currency)
            .join(Opportunity, Opportunity.id == pairs.c.opportunity_id)
            .where(Opportunity.status.in_(("won", "lost")), opportunity_criterion(user)))
    lower, upper = closed_between(start, end)
    if lower is not None:
        stmt = stmt.where(Opportunity.closed_at >= lower)
    if upper is not None:
        stmt = stmt.where(Opportunity.closed_at < upper)
    records = {cid: CompetitorRecord(cid, name) for cid, name in
               db.session.execute(select(Competitor.id, Competitor.name))}
    currency = workspace_currency()
    for competitor_id, status, winner_id, amount, deal_currency in db.session.execute(stmt):
        record = records.get(competitor_id)
        if record is None:  # a winner id whose competitor was deleted meanwhile
            continue
        counted = amount if deal_currency == currency else Decimal(0)
        if status == "won":
            record.won += 1
            record.won_amount += counted
        else:
            record.lost += 1
            record.lost_amount += counted
            if winner_id == competitor_id:
                record.they_won += 1
                record.they_won_amount += counted
    return sort_records(list(records.values()), sort)


def sort_records(records, sort):
    """`records` by `sort` (one of SORTS, "-" for descending); unknown values sort by name. Ties go by name."""
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    records.sort(key=lambda r: (r.name.lower(), r.competitor_id))
    if key not in SORTS or key == "name":
        return records[::-1] if descending and key == "name" else records
    # Records never met (no win rate) stay last whichever way the column sorts.
    present = [r for r in records if getattr(r, key) is not None]
    absent = [r for r in records if getattr(r, key) is None]
    return sorted(present, key=lambda r: getattr(r, key), reverse=descending) + absent
