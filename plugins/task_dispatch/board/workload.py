"""Workload and fairness: what each person who takes tasks holds and was given, per person and per org unit.

The people are those with a profile that takes tasks whose user is active (the
same people the scoring engine ranks), within the viewer's remit: everyone for
all-scope roles (admins, executives, dispatchers), their unit subtree for a
manager. A person's figures:
- capacity: the profile's capacity (points held at once);
- open effort: the effort of their open tasks (assigned or in progress);
- capacity left: capacity - open effort, never below 0;
- assigned effort: the effort of the Assignment rows naming them in the policy's
  fairness window (`fairness_window_days`, rolling, up to now);
- load: open effort / capacity.
A unit's figures are the sums over the people placed in it or any unit below it.
Fairness is the Gini coefficient (fairness.gini) of assigned effort / capacity
across those people (docs/dispatch.md, "Fairness and workload").
"""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from crm_platform.sdk import OrgUnit, User, db, role_scope, unit_subtree_ids, utcnow, work_owner_criterion

from plugins.task_dispatch.fairness import gini
from plugins.task_dispatch.models import Assignment, Profile
from plugins.task_dispatch.policy.service import current_policy
from plugins.task_dispatch.tasks.service import open_effort


@dataclass(frozen=True)
class PersonLoad:
    """One person's capacity, open effort and effort assigned in the fairness window."""

    user_id: int
    name: str
    unit_id: int | None
    unit_ids: tuple
    capacity: int
    open_effort: int
    assigned_effort: int

    @property
    def capacity_left(self):
        """Points they can still take on now (0 when they hold their capacity or more)."""
        return max(0, self.capacity - self.open_effort)

    @property
    def load(self):
        """Open effort / capacity (above 1 when they hold more than their capacity)."""
        return round(self.open_effort / self.capacity, 3)

    @property
    def assigned_ratio(self):
        """Effort assigned in the window / capacity: the value the fairness measure spreads."""
        return self.assigned_effort / self.capacity


@dataclass(frozen=True)
class UnitLoad:
    """An org unit's sums over the people in its subtree, and the fairness among them."""

    unit_id: int
    name: str
    depth: int
    people: int
    capacity: int
    open_effort: int
    capacity_left: int
    assigned_effort: int
    gini: float

    @property
    def load(self):
        """Open effort / capacity of the unit (0 without people)."""
        return round(self.open_effort / self.capacity, 3) if self.capacity else 0.0


def fairness_window():
    """The fairness window of the policy in force, in days."""
    return int(current_policy().parameter("fairness_window_days"))


def unit_choices(user, within=None):
    """[(id, name, depth)] of the org units whose workload `user` may see: all, their subtree, or none.

    With `within`, only that unit and those below it.
    """
    scope = role_scope(user)
    stmt = select(OrgUnit.id, OrgUnit.name, OrgUnit.path)
    if scope == "unit" and user.org_unit_id is not None:
        stmt = stmt.where(OrgUnit.id.in_(unit_subtree_ids(user.org_unit_id)))
    elif scope != "all":
        return []
    if within is not None:
        stmt = stmt.where(OrgUnit.id.in_(unit_subtree_ids(within)))
    rows = db.session.execute(stmt).all()
    names = {row.id: row.name.casefold() for row in rows}
    # As the org chart lists them: a unit before those under it, siblings by name (the path is of random ids).
    rows = sorted(rows, key=lambda row: [(names[unit], unit) for unit in _path_ids(row.path) if unit in names])
    return [(row.id, row.name, row.path.count("/") - 2) for row in rows]


def workload(user, unit_id=None, days=None):
    """[PersonLoad] of the people who take tasks that `user` may see (in `unit_id`'s subtree when given), by name.

    `days` is the fairness window (default: the policy's).
    """
    criterion = work_owner_criterion(user, Profile.user_id)
    if unit_id is not None:
        criterion = criterion & User.org_unit_id.in_(unit_subtree_ids(unit_id))
    return _loads(criterion, fairness_window() if days is None else days)


def unit_workload(user, people, within=None):
    """[UnitLoad] of every unit `user` may see (in `within`'s subtree), each summing `people` placed below it."""
    units = []
    for unit_id, name, depth in unit_choices(user, within):
        inside = [person for person in people if unit_id in person.unit_ids]
        capacity = sum(person.capacity for person in inside)
        units.append(UnitLoad(unit_id=unit_id, name=name, depth=depth, people=len(inside), capacity=capacity,
                              open_effort=sum(person.open_effort for person in inside),
                              capacity_left=sum(person.capacity_left for person in inside),
                              assigned_effort=sum(person.assigned_effort for person in inside),
                              gini=gini_of(inside)))
    return units


def fairness(user_ids, window_days=None):
    """{"gini": overall, "per_unit": {unit id: gini}} of assigned effort / capacity across `user_ids`' people.

    Only those of `user_ids` who take tasks (profile, active user) count; a unit is
    listed when at least one of them is placed in its subtree. `window_days`
    defaults to the policy's fairness window.
    """
    days = fairness_window() if window_days is None else window_days
    people = _loads(Profile.user_id.in_(list(user_ids)), days) if user_ids else []
    return fairness_of(people)


def fairness_of(people):
    """{"gini", "per_unit"} of already loaded `people` (PersonLoad): what `fairness` answers."""
    per_unit = {}
    for unit_id in sorted({unit_id for person in people for unit_id in person.unit_ids}):
        per_unit[unit_id] = gini_of([person for person in people if unit_id in person.unit_ids])
    return {"gini": gini_of(people), "per_unit": per_unit}


def gini_of(people):
    """The Gini coefficient of `people`'s assigned effort / capacity, rounded for display and comparison."""
    return round(gini(person.assigned_ratio for person in people), 4)


def _loads(criterion, days):
    """[PersonLoad] of the active people who take tasks matching `criterion`, assigned effort over `days`."""
    rows = db.session.execute(
        select(Profile.user_id, Profile.capacity, User.name, User.org_unit_id, OrgUnit.path)
        .join(User, User.id == Profile.user_id)
        .outerjoin(OrgUnit, OrgUnit.id == User.org_unit_id)
        .where(Profile.takes_tasks.is_(True), User.active.is_(True), criterion)).all()
    ids = [row.user_id for row in rows]
    held = open_effort(ids)
    given = _assigned_effort(ids, utcnow() - timedelta(days=days))
    people = [PersonLoad(user_id=row.user_id, name=row.name, unit_id=row.org_unit_id,
                         unit_ids=_path_ids(row.path), capacity=row.capacity,
                         open_effort=held.get(row.user_id, 0), assigned_effort=given.get(row.user_id, 0))
              for row in rows]
    return sorted(people, key=lambda person: (person.name.casefold(), person.user_id))


def _path_ids(path):
    """The ids of a unit and every unit above it, from its materialised path ("/1/5/9/"); () for no unit."""
    return tuple(int(part) for part in (path or "").split("/") if part)


def _assigned_effort(user_ids, since):
    """{user id: effort of the Assignment rows naming them created at or after `since`}."""
    if not user_ids:
        return {}
    return dict(db.session.execute(
        select(Assignment.user_id, func.sum(Assignment.effort))
        .where(Assignment.user_id.in_(user_ids), Assignment.created_at >= since)
        .group_by(Assignment.user_id)).all())
