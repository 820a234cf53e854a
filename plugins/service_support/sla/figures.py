"""First-response and resolution times per person and per team, for the SLA API and the metrics feature.

Figures count the tickets the viewer may see (`seen_tickets`) whose first
response (for first-response figures) or resolution (for resolution figures)
falls in the period [start, end). Times are business minutes, pauses left out,
as the clocks kept them (sla/clock.py); a ticket whose time could not be counted
(no holiday data) is left out. "Within target" compares a ticket's time with the
target of the policy it had; tickets without a policy do not count in it.
"""
from datetime import datetime, time, timedelta
from statistics import median

from sqlalchemy import select

from crm_platform.sdk import OrgUnit, User, db, workspace_timezone

from plugins.service_support.models import SlaPolicy, Ticket
from plugins.service_support.sla.seen import seen_tickets

KINDS = {
    "first_response": (Ticket.first_response_at, Ticket.first_response_minutes, Ticket.first_responder_id,
                       SlaPolicy.first_response_minutes),
    "resolution": (Ticket.resolved_at, Ticket.resolution_minutes, Ticket.resolver_id, SlaPolicy.resolution_minutes),
}


def period(start_date, end_date):
    """The aware UTC instants [start, end) of the workspace-local dates from `start_date` to `end_date` included."""
    zone = workspace_timezone()
    return (datetime.combine(start_date, time(0), tzinfo=zone),
            datetime.combine(end_date + timedelta(days=1), time(0), tzinfo=zone))


def summary(rows):
    """count, average, median (business minutes) and within_target (percent, None without targets) of rows.

    `rows` are (minutes, target minutes or None).
    """
    minutes = [taken for taken, _target in rows]
    targeted = [taken <= target for taken, target in rows if target is not None]
    return {"count": len(minutes),
            "average": round(sum(minutes) / len(minutes), 1) if minutes else None,
            "median": median(minutes) if minutes else None,
            "within_target": round(100 * sum(targeted) / len(targeted), 1) if targeted else None}


def _rows(viewer, kind, key, start, end):
    """(group key, minutes, target) of the tickets `viewer` may see whose `kind` happened in [start, end)."""
    at, minutes, _person, target = KINDS[kind]
    return db.session.execute(
        select(key, minutes, target).outerjoin(SlaPolicy, SlaPolicy.id == Ticket.sla_policy_id)
        .where(seen_tickets(viewer), at >= start, at < end, minutes.is_not(None))).all()


def _grouped(viewer, key_of, start, end):
    """{key: {kind: summary}} for every key with a ticket in either kind."""
    grouped = {}
    for kind in KINDS:
        buckets = {}
        for key, minutes, target in _rows(viewer, kind, key_of(kind), start, end):
            buckets.setdefault(key, []).append((minutes, target))
        for key, rows in buckets.items():
            grouped.setdefault(key, {})[kind] = summary(rows)
    empty = summary([])
    return {key: {kind: kinds.get(kind, empty) for kind in KINDS} for key, kinds in grouped.items()}


def person_figures(viewer, start, end):
    """Per first responder and resolver, over [start, end): [{id, name, first_response, resolution}], by name.

    A person's first-response figures count the tickets they answered first,
    their resolution figures those they resolved. Tickets without a person
    (e.g. resolved by the system) are left out.
    """
    grouped = _grouped(viewer, lambda kind: KINDS[kind][2], start, end)
    grouped.pop(None, None)
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(list(grouped)))).all())
    return sorted(({"id": key, "name": names.get(key, ""), **kinds} for key, kinds in grouped.items()),
                  key=lambda row: (row["name"], row["id"]))


def team_figures(viewer, start, end):
    """Per team unit of the tickets, over [start, end): [{id, name, first_response, resolution}], by name.

    Tickets queued to no team are one row with id None (name "").
    """
    grouped = _grouped(viewer, lambda kind: Ticket.team_unit_id, start, end)
    names = dict(db.session.execute(select(OrgUnit.id, OrgUnit.name)
                                    .where(OrgUnit.id.in_([key for key in grouped if key is not None]))).all())
    return sorted(({"id": key, "name": names.get(key, ""), **kinds} for key, kinds in grouped.items()),
                  key=lambda row: (row["id"] is None, row["name"], row["id"] or 0))
