"""Whose tickets the metrics count: what the viewer may see, in the period and the unit they chose.

A viewer with `service.metrics` sees the figures of every ticket they may see; anyone
else sees their own: the first responses and resolutions they gave, and the SLA,
backlog and satisfaction of the tickets assigned to them.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from marshmallow import ValidationError
from sqlalchemy import and_, or_, select

from crm_platform.sdk import (
    OrgUnit, db, has_permission, lazy_gettext as _l, role_scope, unit_subtree_ids,
    users_in_unit_subtree, workspace_timezone, workspace_today,
)

from plugins.service_support.metrics.schemas import DEFAULT_PERIOD_DAYS, LONGEST_PERIOD_DAYS
from plugins.service_support.models import Ticket
from plugins.service_support.permissions import METRICS
from plugins.service_support.tickets.visibility import ticket_criterion


@dataclass(frozen=True)
class MetricsScope:
    """The viewer, whether they see everyone's figures or their own, the period (local dates) and the unit."""

    user: object
    everyone: bool
    date_from: date
    date_to: date
    unit_id: int | None = None

    @property
    def start(self):
        """The period's first instant (UTC): the workspace's midnight opening `date_from`."""
        return _midnight(self.date_from)

    @property
    def end(self):
        """The instant after the period (UTC): the workspace's midnight closing `date_to`."""
        return _midnight(self.date_to + timedelta(days=1))

    def tickets(self, own_column=Ticket.assignee_id):
        """The WHERE clause of the tickets counted: visible, in the unit, and the viewer's own in `own_column`."""
        clauses = [ticket_criterion(self.user)]
        if not self.everyone:
            clauses.append(own_column == self.user.id)
        if self.unit_id is not None:
            clauses.append(or_(Ticket.team_unit_id.in_(unit_subtree_ids(self.unit_id)),
                               Ticket.assignee_id.in_(users_in_unit_subtree(self.unit_id))))
        return and_(*clauses)

    def within(self, column):
        """The WHERE clause of `column` (an instant) falling in the period."""
        return and_(column >= self.start, column < self.end)


def _midnight(day):
    """The UTC instant of the workspace's midnight starting `day`."""
    return datetime.combine(day, time(), tzinfo=workspace_timezone()).astimezone(timezone.utc)


def sees_everyone(user):
    """True when `user` sees the figures of every ticket they may see, not only their own."""
    return has_permission(user, METRICS)


def unit_choices(user):
    """[(id, name, depth)] of the org units `user` may filter the metrics by: all, their subtree, or none."""
    scope = role_scope(user) if sees_everyone(user) else None
    if scope == "all":
        rows = db.session.execute(select(OrgUnit.id, OrgUnit.name, OrgUnit.path)).all()
    elif scope == "unit" and user.org_unit_id is not None:
        rows = db.session.execute(select(OrgUnit.id, OrgUnit.name, OrgUnit.path)
                                  .where(OrgUnit.id.in_(unit_subtree_ids(user.org_unit_id)))).all()
    else:
        rows = []
    # By their place in the tree, a unit before those under it, as the org chart lists them.
    rows = sorted(rows, key=lambda row: row.path)
    return [(row.id, row.name, row.path.count("/") - 2) for row in rows]


def metrics_scope(user, args):
    """The MetricsScope of `user` for loaded query `args`; a unit they may not filter by is a field error (422)."""
    date_to = args.get("date_to") or workspace_today()
    date_from = args.get("date_from") or date_to - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if date_from > date_to:
        raise ValidationError({"to": [str(_l("The period ends before it starts."))]})
    if (date_to - date_from).days >= LONGEST_PERIOD_DAYS:
        raise ValidationError({"from": [str(_l("Choose a period of two years at most."))]})
    unit_id = args.get("unit_id")
    if unit_id is not None and unit_id not in {choice[0] for choice in unit_choices(user)}:
        # Missing, another workspace's and out of reach read the same.
        raise ValidationError({"unit_id": [str(_l("Choose one of your org units."))]})
    return MetricsScope(user, sees_everyone(user), date_from, date_to, unit_id)
