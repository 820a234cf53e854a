"""Reading the org chart and its users; shared by the API and the pages."""
from sqlalchemy import or_, select

from crm_platform.extensions import db
from crm_platform.models import OrgUnit, User
from crm_platform.visibility import unit_subtree_ids


def units_in_chart_order():
    """Every unit in chart order: a parent's path is a prefix of its children's."""
    return db.session.scalars(select(OrgUnit).order_by(OrgUnit.path)).all()


def depth(unit):
    """How deep `unit` sits in the chart; its path "/1/4/9/" holds one id per level."""
    return unit.path.count("/") - 2


def unit_choices(units=None, exclude=None):
    """Units (all by default) as indented (id, label) select options, leaving out `exclude`'s subtree."""
    if units is None:
        units = units_in_chart_order()
    return [(u.id, "\u2003" * depth(u) + u.name) for u in units
            if exclude is None or not u.path.startswith(exclude.path)]


def user_query(args):
    """Users matching the list filters: `q` in name or email, `role`, `org_unit_id` (with sub-units), `active`."""
    stmt = select(User)
    if args.get("q"):
        stmt = stmt.where(or_(User.name.icontains(args["q"], autoescape=True),
                              User.email.icontains(args["q"], autoescape=True)))
    if args.get("role"):
        stmt = stmt.where(User.role == args["role"])
    if args.get("org_unit_id") is not None:
        stmt = stmt.where(User.org_unit_id.in_(unit_subtree_ids(args["org_unit_id"])))
    if args.get("active") is not None:
        stmt = stmt.where(User.active.is_(args["active"]))
    return stmt
