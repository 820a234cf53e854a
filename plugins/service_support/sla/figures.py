"""First-response and resolution times per person and per team: the one computation the SLA API and the metrics use.

A time counts when its moment (`first_response_at`, `resolved_at`) falls in the
period [start, end) and the ticket passes the caller's filter: the SLA API's is the
tickets' visibility rule (tickets/visibility.py), the metrics' that and their scope.
Times are business minutes, pauses left out, as the clocks kept them
(sla/clock.py); a ticket whose time could not be counted (no holiday data) is left
out. The median is SQL: the times ranked within each group by a window function,
the one or two in the middle averaged. "Within target" compares a ticket's time
with the target of the policy it had; tickets without a policy do not count in it.
"""
from datetime import datetime, time, timedelta

from sqlalchemy import case, func, or_, select

from crm_platform.sdk import OrgUnit, User, db, workspace_timezone

from plugins.service_support.models import SlaPolicy, Ticket
from plugins.service_support.tickets.visibility import ticket_criterion

KINDS = {
    "first_response": (Ticket.first_response_at, Ticket.first_response_minutes, Ticket.first_responder_id,
                       SlaPolicy.first_response_minutes),
    "resolution": (Ticket.resolved_at, Ticket.resolution_minutes, Ticket.resolver_id, SlaPolicy.resolution_minutes),
}
"""Each kind of time: when it happened, its business minutes, who achieved it, the policy's target."""
EMPTY = {"count": 0, "average": None, "median": None, "within_target": None}


def period(start_date, end_date):
    """The aware instants [start, end) of the workspace-local dates from `start_date` to `end_date` included."""
    zone = workspace_timezone()
    return (datetime.combine(start_date, time(0), tzinfo=zone),
            datetime.combine(end_date + timedelta(days=1), time(0), tzinfo=zone))


def _number(value):
    """A database average (Decimal on PostgreSQL) as a float; None stays None."""
    return None if value is None else float(value)


def time_figures(kind, group, start, end, tickets):
    """{person or team id: {count, average, median, within_target}} of one `kind` of time in [start, end).

    `group` is "person" (who achieved it; tickets without one are left out) or
    "team" (the ticket's team unit, None for no team). `tickets(person_column)`
    gives the WHERE clause of the tickets counted. Minutes are unrounded floats,
    within_target a percent (None where no ticket had a target).
    """
    at, minutes, person, target = KINDS[kind]
    key = person if group == "person" else Ticket.team_unit_id
    where = [tickets(person), at >= start, at < end, minutes.is_not(None)]
    if group == "person":
        where.append(person.is_not(None))
    ranked = (select(key.label("key"), minutes.label("minutes"),
                     case((target.is_(None), None), (minutes <= target, 100.0), else_=0.0).label("within"),
                     func.row_number().over(partition_by=key, order_by=minutes).label("rank"),
                     func.count().over(partition_by=key).label("size"))
              .outerjoin(SlaPolicy, SlaPolicy.id == Ticket.sla_policy_id).where(*where).subquery())
    middle = or_(ranked.c.rank == (ranked.c.size + 1) // 2, ranked.c.rank == (ranked.c.size + 2) // 2)
    rows = db.session.execute(select(ranked.c.key, func.count(), func.avg(ranked.c.minutes),
                                     func.avg(case((middle, ranked.c.minutes))), func.avg(ranked.c.within))
                              .group_by(ranked.c.key)).all()
    return {key: {"count": count, "average": _number(average), "median": _number(median),
                  "within_target": _number(within)} for key, count, average, median, within in rows}


def _rounded(figures):
    """The API's figures: average and within_target to one decimal (the median is whole or a half already)."""
    return {**figures, **{name: round(figures[name], 1) for name in ("average", "within_target")
                          if figures[name] is not None}}


def _grouped(viewer, group, start, end):
    """{key: {kind: figures}} of the tickets `viewer` may see, for every key with a time of either kind."""
    figures = {kind: time_figures(kind, group, start, end, lambda _person: ticket_criterion(viewer))
               for kind in KINDS}
    keys = set().union(*figures.values())
    return {key: {kind: _rounded(figures[kind].get(key, EMPTY)) for kind in KINDS} for key in keys}


def person_figures(viewer, start, end):
    """Per first responder and resolver, over [start, end): [{id, name, first_response, resolution}], by name.

    A person's first-response figures count the tickets they answered first,
    their resolution figures those they resolved. Tickets without a person
    (e.g. resolved by the system) are left out.
    """
    grouped = _grouped(viewer, "person", start, end)
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(list(grouped)))).all())
    return sorted(({"id": key, "name": names.get(key, ""), **kinds} for key, kinds in grouped.items()),
                  key=lambda row: (row["name"], row["id"]))


def team_figures(viewer, start, end):
    """Per team unit of the tickets, over [start, end): [{id, name, first_response, resolution}], by name.

    Tickets queued to no team are one row with id None (name "").
    """
    grouped = _grouped(viewer, "team", start, end)
    names = dict(db.session.execute(select(OrgUnit.id, OrgUnit.name)
                                    .where(OrgUnit.id.in_([key for key in grouped if key is not None]))).all())
    return sorted(({"id": key, "name": names.get(key, ""), **kinds} for key, kinds in grouped.items()),
                  key=lambda row: (row["id"] is None, row["name"], row["id"] or 0))
