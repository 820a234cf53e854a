"""What a report covers: the viewer, the period (workspace dates), and the unit and rep chosen within their remit.

Whose figures a viewer sees comes from remit.py; which records count is what the
viewer may see (an opportunity, contract or payment through its customer or as its
owner; an activity through its customer). Every report builds its queries from here.
"""
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, time, timedelta, timezone

from marshmallow import ValidationError
from sqlalchemy import and_, case, select

from crm_platform.sdk import (
    User, db, lazy_gettext as _l, users_in_unit_subtree, workspace_timezone, workspace_today,
)

from plugins.sales_automation.quotas.service import money_currency, months_between, next_month
from plugins.sales_automation.remit import customer_seen, remit_units, remit_user_ids, seen_by
from plugins.sales_automation.reports.schemas import LONGEST_PERIOD_DAYS


@dataclass(frozen=True)
class ReportScope:
    """The viewer, the period's first and last day (workspace dates, both included), and the unit and rep chosen."""

    user: object
    date_from: date
    date_to: date
    unit_id: int | None = None
    rep_id: int | None = None

    # Cached: each reads the workspace's time zone (its row), and every query of a report asks.
    @cached_property
    def start(self):
        """The period's first instant (UTC): the workspace's midnight opening `date_from`."""
        return _midnight(self.date_from)

    @cached_property
    def end(self):
        """The instant after the period (UTC): the workspace's midnight closing `date_to`."""
        return _midnight(self.date_to + timedelta(days=1))

    def within(self, column):
        """The WHERE clause of `column` (an instant) falling in the period."""
        return and_(column >= self.start, column < self.end)

    def on_days(self, column):
        """The WHERE clause of `column` (a date) falling in the period."""
        return and_(column >= self.date_from, column <= self.date_to)

    def months(self):
        """The first days of the months the period touches, in order."""
        return months_between(self.date_from, self.date_to)

    def people(self):
        """A subquery of the ids of the people whose figures the report shows: the remit, the unit, the rep."""
        query = remit_user_ids(self.user)
        if self.unit_id is not None:
            query = query.where(User.id.in_(users_in_unit_subtree(self.unit_id)))
        if self.rep_id is not None:
            query = query.where(User.id == self.rep_id)
        return query

    def records(self, model):
        """The WHERE clause of `model`'s rows the viewer may see (via the customer, or owned) of people in scope."""
        return and_(seen_by(self.user, model), model.owner_id.in_(self.people()))

    def in_currency(self, model):
        """The WHERE clause of `model`'s rows (opportunities, contracts) in the workspace's currency, whose amounts add."""
        return model.currency == money_currency()

    def money(self, model, amount):
        """`amount` of `model`'s row when in the workspace's currency, else NULL (left out of a SUM, not counted)."""
        return case((self.in_currency(model), amount))

    def customer_seen(self, customer_column):
        """The WHERE clause of `customer_column` naming a customer the viewer may see."""
        return customer_seen(self.user, customer_column)


def _midnight(day):
    """The UTC instant of the workspace's midnight starting `day`."""
    return datetime.combine(day, time(), tzinfo=workspace_timezone()).astimezone(timezone.utc)


def last_full_months(today, count=1):
    """(first day, last day) of the `count` full months before `today`'s month."""
    date_to = today.replace(day=1) - timedelta(days=1)
    date_from = date_to.replace(day=1)
    for _ in range(count - 1):
        date_from = (date_from - timedelta(days=1)).replace(day=1)
    return date_from, date_to


def people_names(scope):
    """[(id, name)] of the people `scope.user` may choose in the rep filter, by name."""
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(remit_user_ids(scope.user)))).all()
    return sorted(((row.id, row.name) for row in rows), key=lambda row: (row[1].casefold(), row[0]))


def report_scope(user, args, months=1):
    """The ReportScope of `user` for loaded query `args`; the default period is the last `months` full months.

    With one end of the period given, the other is the end or start of its month.

    A unit or rep outside the viewer's remit (missing, another workspace's and out of
    reach alike) and a backwards or too long period are field errors (422).
    """
    date_from, date_to = args.get("date_from"), args.get("date_to")
    if date_from is None and date_to is None:
        date_from, date_to = last_full_months(workspace_today(), months)
    # One end given: the period is that end's month.
    date_from = date_from or date_to.replace(day=1)
    date_to = date_to or next_month(date_from.replace(day=1)) - timedelta(days=1)
    if date_from > date_to:
        raise ValidationError({"to": [str(_l("The period ends before it starts."))]})
    if (date_to - date_from).days >= LONGEST_PERIOD_DAYS:
        raise ValidationError({"from": [str(_l("Choose a period of two years at most."))]})
    unit_id, rep_id = args.get("unit_id"), args.get("rep_id")
    if unit_id is not None and unit_id not in {unit[0] for unit in remit_units(user)}:
        raise ValidationError({"unit_id": [str(_l("Choose one of your org units."))]})
    if rep_id is not None and not db.session.scalar(select(User.id).where(
            User.id == rep_id, User.id.in_(remit_user_ids(user)))):
        raise ValidationError({"rep_id": [str(_l("Choose someone whose figures you see."))]})
    return ReportScope(user, date_from, date_to, unit_id, rep_id)
