"""Who answers for someone's work: the managers the SLA escalations and the low-score mail write to."""
from sqlalchemy import select

from crm_platform.sdk import OrgUnit, User, db, role_scope


def nearest_managers(unit_id, exclude_id=None):
    """The active managers (unit scope) of `unit_id`, else of the nearest unit above it that has some; by name.

    `exclude_id` (the person the message is about) is never one of them, so a
    manager's own ticket or return visit goes to the managers above them.
    """
    if unit_id is None:
        return []
    path = db.session.scalar(select(OrgUnit.path).where(OrgUnit.id == unit_id)) or ""
    # The path lists the unit's ancestors from the top ("/1/4/9/"): walk it from the unit upwards.
    line = [int(part) for part in path.strip("/").split("/") if part] or [unit_id]
    stmt = select(User).where(User.org_unit_id.in_(line), User.active.is_(True)).order_by(User.name, User.id)
    if exclude_id is not None:
        stmt = stmt.where(User.id != exclude_id)
    people = db.session.scalars(stmt).all()
    for unit in reversed(line):
        managers = [person for person in people if person.org_unit_id == unit and role_scope(person) == "unit"]
        if managers:
            return managers
    return []
