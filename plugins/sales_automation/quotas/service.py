"""Monthly quotas: who may set them, setting several at once, and each rep's attainment per month.

Months are first days of months. "Won in a month" counts an opportunity by the
workspace-local month of its `closed_at`; "collected in a month" counts a payment
by the month of its `received_on`, on a contract the rep owns.
"""
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import NamedTuple

from marshmallow import ValidationError
from sqlalchemy import Select, case, func, literal, select
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    Month, Tenant, User, current_tenant_id, db, gettext as _, has_permission, workspace_currency,
    workspace_timezone, workspace_today,
)

from plugins.sales_automation.models import Contract, Opportunity, Payment, Quota
from plugins.sales_automation.permissions import QUOTAS
from plugins.sales_automation.remit import remit_user_ids, seen_by
from plugins.sales_automation.settings import settings

ZERO = Decimal("0.00")


class Attainment(NamedTuple):
    """One rep's month: the quota (None when unset), the amount achieved on the basis, achieved / quota (or None)."""

    quota: Decimal | None
    achieved: Decimal
    ratio: Decimal | None


def quota_basis():
    """What quotas count in the workspace: "won" (opportunities won) or "collected" (payments received)."""
    return settings()["quota_basis"]


def month_start(day):
    """The first day of `day`'s month."""
    return day.replace(day=1)


def next_month(month):
    """The first day of the month after `month`."""
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def months_between(month_from, month_to):
    """The first days of the months from `month_from`'s to `month_to`'s, both included."""
    month, last, months = month_start(month_from), month_start(month_to), []
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def local_month_start_utc(month, zone=None):
    """The UTC instant the workspace-local month starting on `month` begins (`zone`: the workspace's, if known)."""
    return datetime(month.year, month.month, 1, tzinfo=zone or workspace_timezone()).astimezone(timezone.utc)


def month_bucket(column, months, bound):
    """A CASE giving the index in `months` of the month `column` falls in (the caller limits it to their span)."""
    if len(months) == 1:
        return literal(0)
    return case(*[(column < bound(next_month(month)), index) for index, month in enumerate(months[:-1])],
                else_=len(months) - 1)


def summed_by_month(owner, column, amount, months, bound, *where):
    """{(owner id, month): sum of `amount`} of the rows `where`, by the month `column` falls in (`bound` of a month)."""
    rows = select(owner.label("owner_id"), month_bucket(column, months, bound).label("bucket"),
                  amount.label("amount")).where(column >= bound(months[0]),
                                                column < bound(next_month(months[-1])), *where).subquery()
    totals = db.session.execute(select(rows.c.owner_id, rows.c.bucket, func.sum(rows.c.amount))
                                .group_by(rows.c.owner_id, rows.c.bucket))
    return {(owner_id, months[bucket]): Decimal(total) for owner_id, bucket, total in totals}


def money_currency():
    """The workspace's currency: the figures add only amounts in it (CNY and USD do not add up).

    Read from the workspace in scope, so a job (the monthly email) gets it as a page does.
    """
    tenant = db.session.get(Tenant, current_tenant_id())
    return (tenant.settings or {}).get("currency") or workspace_currency()


def won_by_month(user_ids, months, viewer=None):
    """{(owner id, month): amount of the opportunities they won in the workspace-local month (that `viewer` sees)}."""
    # The zone once: each look-up reads the workspace's row again, and a span has a bound per month.
    zone = workspace_timezone()
    return summed_by_month(Opportunity.owner_id, Opportunity.closed_at, Opportunity.amount, months,
                           lambda month: local_month_start_utc(month, zone), Opportunity.status == "won",
                           Opportunity.owner_id.in_(user_ids), Opportunity.currency == money_currency(),
                           seen_by(viewer, Opportunity))


def collected_by_month(user_ids, months, viewer=None):
    """{(contract owner id, month): payments received in the month on contracts they own (that `viewer` sees)}."""
    return summed_by_month(Contract.owner_id, Payment.received_on, Payment.amount, months, lambda month: month,
                           Payment.contract_id == Contract.id, Contract.owner_id.in_(user_ids),
                           Contract.currency == money_currency(), seen_by(viewer, Contract))


def quotas_by_month(user_ids, months):
    """{(user id, month): quota amount} of the quotas set for `user_ids` in `months`."""
    rows = db.session.execute(select(Quota.user_id, Quota.month, Quota.amount)
                              .where(Quota.user_id.in_(user_ids), Quota.month >= months[0], Quota.month <= months[-1]))
    return {(user_id, month): amount for user_id, month, amount in rows}


def ratio(achieved, quota):
    """achieved / quota to four places, or None without a (positive) quota."""
    if not quota:
        return None
    return (achieved / quota).quantize(Decimal("0.0001"))


def attainment(user_ids, month_from, month_to, basis=None, viewer=None):
    """{user id: {month: Attainment}} of `user_ids` (ids or a select of them) per month, on the workspace's basis.

    With a `viewer`, achieved counts only the deals or contracts the viewer may see
    (GUIDE section 4): a manager's figure of a rep leaves out deals on customers
    outside the manager's sight, as the reports do. Without one, everything counts.
    """
    ids = list(db.session.scalars(user_ids)) if isinstance(user_ids, Select) else list(user_ids)
    months = months_between(month_from, month_to)
    if not ids or not months:
        return {user_id: {} for user_id in ids}
    achieved = (collected_by_month if (basis or quota_basis()) == "collected" else won_by_month)(ids, months, viewer)
    quotas = quotas_by_month(ids, months)
    result = {}
    for user_id in ids:
        result[user_id] = {}
        for month in months:
            quota, done = quotas.get((user_id, month)), achieved.get((user_id, month), ZERO)
            result[user_id][month] = Attainment(quota, done, ratio(done, quota))
    return result


def may_set_quotas(actor):
    """Whether `actor` may set quotas at all (`sales.quotas`)."""
    return has_permission(actor, QUOTAS)


def settable_user_ids(actor):
    """The ids of the people whose quotas `actor` may set: active people in their remit other than themselves."""
    if not may_set_quotas(actor):
        return set()
    return set(db.session.scalars(select(User.id).where(User.id.in_(remit_user_ids(actor)), User.active,
                                                        User.id != actor.id)))


def set_quotas(actor, rows):
    """Set (or, with amount None, clear) quotas from rows {user_id, month, amount}; the quotas set. Not committed.

    403 without `sales.quotas`; a field error (422, by row) for a person outside
    the actor's remit, the actor themselves (a manager's quota is their manager's
    to set), or a negative amount. Nothing is written unless every row is valid.
    """
    if not may_set_quotas(actor):
        raise Forbidden(_("Only someone who sets quotas may do this."))
    allowed = settable_user_ids(actor)
    errors = {}
    for index, row in enumerate(rows):
        if row["user_id"] == actor.id:
            errors[index] = {"user_id": [_("Your own quota is set by your manager.")]}
        elif row["user_id"] not in allowed:
            errors[index] = {"user_id": [_("This person is not in your team.")]}
        elif row.get("amount") is not None and Decimal(row["amount"]) < 0:
            errors[index] = {"amount": [_("A quota cannot be negative.")]}
    if errors:
        raise ValidationError({"rows": errors})
    existing = {(quota.user_id, quota.month): quota for quota in db.session.scalars(
        select(Quota).where(Quota.user_id.in_({row["user_id"] for row in rows}),
                            Quota.month.in_({month_start(row["month"]) for row in rows})))}
    saved = []
    for row in rows:
        key = (row["user_id"], month_start(row["month"]))
        quota = existing.get(key)
        if row.get("amount") is None:
            if quota is not None:
                db.session.delete(quota)
                del existing[key]
            continue
        if quota is None:
            quota = existing[key] = Quota(user_id=key[0], month=key[1])
            db.session.add(quota)
        quota.amount = Decimal(row["amount"]).quantize(Decimal("0.01"))
        quota.set_by_id = actor.id
        saved.append(quota)
    db.session.flush()
    return saved


def quota_grid(viewer, month_from, month_to):
    """The quotas page and API: the active people in `viewer`'s remit, each month's attainment, who is editable."""
    months = months_between(month_from, month_to)
    people = db.session.execute(select(User.id, User.name).where(User.id.in_(remit_user_ids(viewer)), User.active)
                                .order_by(User.name, User.id)).all()
    attained = attainment([person.id for person in people], month_from, month_to, viewer=viewer)
    editable = settable_user_ids(viewer)
    return {"basis": quota_basis(), "months": months,
            "people": [{"user_id": person.id, "name": person.name, "editable": person.id in editable,
                        "months": [{"month": month, **attained[person.id][month]._asdict()} for month in months]}
                       for person in people]}


def month_span(month_from=None, month_to=None, default_months=3):
    """(first, last) month of a request: as given; from this month over `default_months` months without either end.

    With only the last month, the span is the `default_months` months ending there,
    so a last month before this one never gives an empty span. A default end stays
    within the months a Month field takes (1970 to 2999).
    """
    if month_from is None and month_to is not None:
        last = month_start(month_to)
        return max(months_after(last, 1 - default_months), Month.FIRST), last
    first = month_start(month_from or workspace_today())
    last = month_to or min(months_after(first, default_months - 1), Month.LAST)
    return first, month_start(last)


def months_after(month, count):
    """The first day of the month `count` months after `month` (before it when negative)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)
